"""The HTML handbook in a real browser: headless Chromium loads the exported file, runs its
search box and hands back the resulting DOM. Skipped only where Chromium is not installed
(``.ci/run`` installs it)."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest
from support import Runner, small_corpus_data

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
)
HOSTILE = '</script><script>document.title="owned"</script><!-- <img src=x onerror="x()">'


def browser(tmp_path: Path, url: str, *extra: str) -> str:
    assert CHROMIUM is not None
    profile = tmp_path / "profile"
    command = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=5000"]
    result = subprocess.run(
        [*command, *extra, url], capture_output=True, text=True, timeout=120, check=True
    )
    return result.stdout


def dom(tmp_path: Path, page: Path, query: str | None = None, *extra: str) -> str:
    fragment = "" if query is None else "#q=" + quote(query)
    return browser(tmp_path, page.as_uri() + fragment, "--dump-dom", *extra)


def exported(kyodo: Runner, tmp_path: Path, *args: str) -> Path:
    target = tmp_path / "handbook.html"
    assert kyodo("export", "-f", "html", "-o", str(target), *args).status == 0
    return target


def articles(source: str) -> list[tuple[int, bool]]:
    """(number, shown) of every Q&A, in document order."""
    found = re.findall(
        r'<article class="qa[^"]*" id="q(\d+)" data-number="\d+"( hidden="")?', source
    )
    return [(int(number), not hidden) for number, hidden in found]


def results(source: str) -> list[int]:
    listed = source.split('id="results-list"')[1]
    return [number for number, shown in articles(listed) if shown]


@pytest.fixture(scope="module")
def handbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import io

    from kyodo_cli.cli.app import main
    from kyodo_cli.present.output import Environment

    target = tmp_path_factory.mktemp("handbook") / "handbook.html"
    status = main(
        ["export", "-f", "html", "-o", str(target)],
        Environment(io.StringIO(), io.StringIO(), False),
    )
    assert status == 0
    return target


def test_kana_finds_the_qa_in_kanji(handbook: Path, tmp_path: Path) -> None:
    source = dom(tmp_path, handbook, "しゅひぎむ")
    assert 'data-search="ready"' in source
    found = results(source)
    assert found[0] == 18  # 協働のパートナーとなる団体にも、守秘義務を求めることはできますか。
    assert 1 not in found and 52 not in found
    shown = [number for number, visible in articles(source) if visible]
    assert shown == found  # everything else is hidden
    assert '<mark class="hit">守秘義務</mark>' in source
    assert "「しゅひぎむ」に合う質問" in source


@pytest.mark.parametrize(
    ("query", "expected"),
    [("守秘義務", 18), ("補助金", 26), ("ぱーとなーの選び方", 43), ("利益が出たら", 27)],
)
def test_queries_rank_the_right_qa_near_the_top(
    handbook: Path, tmp_path: Path, query: str, expected: int
) -> None:
    found = results(dom(tmp_path, handbook, query))
    assert expected in found[:3] and len(found) < 30


@pytest.mark.parametrize(("query", "expected"), [("Q27", [27]), ("問 3", [3]), ("Q99", [])])
def test_a_qa_asked_for_by_its_number_is_the_one_result(
    handbook: Path, tmp_path: Path, query: str, expected: list[int]
) -> None:
    assert results(dom(tmp_path, handbook, query)) == expected


def test_without_a_query_everything_is_in_place(handbook: Path, tmp_path: Path) -> None:
    source = dom(tmp_path, handbook)
    assert 'data-search="ready"' in source
    assert [number for number, shown in articles(source)] == list(range(1, 77))
    assert all(shown for _, shown in articles(source))
    assert '<form id="search" class="search" role="search">' in source  # shown by the script


def test_hostile_corpus_text_never_runs(kyodo: Runner, tmp_path: Path) -> None:
    data = small_corpus_data()
    data["document"]["title"] = "安全な題 " + HOSTILE
    data["chapters"][0]["title"] = HOSTILE
    data["items"][0]["question"] = HOSTILE + " & </style> ]]>"
    data["items"][0]["keywords"] = [HOSTILE, "]]>", "<!--"]
    data["items"][1]["answer"] = [{"type": "paragraph", "text": HOSTILE}]
    corpus = tmp_path / "hostile.json"
    corpus.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    page = exported(kyodo, tmp_path, "--corpus", str(corpus))
    source = dom(tmp_path, page, "script")
    assert 'data-search="ready"' in source  # the data parsed and the script ran to its end
    title = re.search(r"<title>(.*?)</title>", source, re.S)
    assert title is not None and html.unescape(title.group(1)) == data["document"]["title"]
    assert len(re.findall(r"<script\b", source)) == 2  # no element was injected
    assert "<img" not in source and "<!--" not in source
    assert results(source)[:2] == [1, 2]  # found, and shown as text


@pytest.mark.parametrize("width", [1200, 390])
@pytest.mark.parametrize("query", [None, "補助金"])
def test_nothing_overflows_the_window(
    handbook: Path, tmp_path: Path, width: int, query: str | None
) -> None:
    # Headless Chromium's window is at least 500 pixels wide: the page is framed at the
    # width to test, and the frame measured (file pages may read each other with the flag).
    fragment = "" if query is None else "#q=" + quote(query)
    frame = tmp_path / "frame.html"
    frame.write_text(
        "<!DOCTYPE html><html><body style='margin:0'>"
        f"<iframe id='f' src='{handbook.as_uri()}{fragment}'"
        f" style='width:{width}px;height:900px;border:0'></iframe>"
        "<script>document.getElementById('f').addEventListener('load', function () {"
        " var w = this.contentWindow, d = w.document.documentElement;"
        " document.body.setAttribute('data-measured', d.scrollWidth + ' ' + w.innerWidth"
        " + ' ' + d.getAttribute('data-search')); });</script></body></html>",
        "utf-8",
    )
    size = f"--window-size={max(width, 500)},900"
    source = browser(tmp_path, frame.as_uri(), "--dump-dom", "--allow-file-access-from-files", size)
    measured = re.search(r'data-measured="(\d+) (\d+) ready"', source)
    assert measured is not None
    scroll, inner = map(int, measured.groups())
    assert inner == width and scroll <= inner
    shot = tmp_path / "shot.png"
    browser(
        tmp_path, frame.as_uri(), f"--screenshot={shot}", "--allow-file-access-from-files", size
    )
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_one_qa_handed_out(kyodo: Runner, tmp_path: Path) -> None:
    page = exported(kyodo, tmp_path, "27", "28")
    source = dom(tmp_path, page, "利益")
    assert [number for number, _ in articles(source)] == [27, 28]
    assert results(source)[0] == 27
