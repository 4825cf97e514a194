"""kyodo export: Markdown, HTML, CSV and JSON Lines, and how the file is written.

Markdown is read back with markdown-it-py (a CommonMark parser that rich depends on) and
HTML with two strict parsers, so escaping is checked by what a reader would see.
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import xml.etree.ElementTree as ElementTree
from collections import Counter
from collections.abc import Callable
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from support import Runner, small_corpus_data

from kyodo_cli.corpus.records import (
    QA,
    Paragraph,
    Schedule,
    Steps,
    corpus_from_dict,
    packaged_corpus,
    validate_corpus,
)
from kyodo_cli.errors import ExitStatus
from kyodo_cli.export import handbook as export
from kyodo_cli.export.html import text as html_text
from kyodo_cli.export.markdown import escape

PACKAGED = json.loads(resources.files("kyodo_cli").joinpath("data", "qa.json").read_bytes())
CORPUS_SCHEMA = json.loads(
    resources.files("kyodo_cli").joinpath("data", "qa.schema.json").read_bytes()
)
MARKDOWN = MarkdownIt("commonmark").enable("table")
VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source"}
TRICKY = "<script>alert('x')</script> & *強調* _下線_ `code` [link](http://x) # | ~~s~~ $x$"


class Page(HTMLParser):
    """HTML read strictly: every element closed in order, every attribute quoted with a
    value; collects ids, links, tag counts and the visible text (``<br>`` as a newline)."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.ids: list[str] = []
        self.links: list[str] = []
        self.tags: Counter[str] = Counter()
        self.doctype = ""
        self.parts: list[str] = []
        self.feed(source)
        self.close()
        if self.stack:
            self.problems.append(f"not closed: {self.stack}")

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._attributes(tag, attrs)
        if tag == "br":
            self.parts.append("\n")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.problems.append(f"<{tag} /> is not a void element")
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> while {self.stack[-1:]} is open")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if "style" not in self.stack:
            self.parts.append(data)

    def _attributes(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        for name, value in attrs:
            if value is None:
                self.problems.append(f"<{tag} {name}> has no value")
            elif name == "id":
                self.ids.append(value)
            elif name in ("href", "src"):
                self.links.append(value)


def texts(qa: QA) -> list[str]:
    """Every piece of text in an answer, as written in the corpus."""
    found: list[str] = []
    for block in qa.answer:
        if isinstance(block, Paragraph):
            found.append(block.text)
        elif isinstance(block, Steps):
            found += [text for step in block.steps for text in (step.heading, *step.paragraphs)]
        elif isinstance(block, Schedule):
            for pattern in block.patterns:
                found += [pattern.name, *(f"{r.period}{r.activity}" for r in pattern.rows)]
    return found


def visible_lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def corpus_file(tmp_path: Path, items: list[dict[str, Any]]) -> Path:
    data = small_corpus_data()
    data["items"] = items
    path = tmp_path / "corpus.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def item(number: int, question: str, text: str, chapter: int = 1) -> dict[str, Any]:
    return {
        "number": number,
        "chapter": chapter,
        "question": question,
        "answer": [{"type": "paragraph", "text": text}],
    }


# -- golden files ----------------------------------------------------------------------


def test_markdown_of_one_chapter(kyodo: Runner, golden: Callable[[str, str], None]) -> None:
    result = kyodo("export", "--format", "md", "--chapter", "2")
    assert (result.status, result.stderr) == (0, "")
    golden("export/chapter_2.md", result.stdout)


def test_csv_of_one_chapter(kyodo: Runner, golden: Callable[[str, str], None]) -> None:
    result = kyodo("export", "--format", "csv", "--chapter", "2")
    assert (result.status, result.stderr) == (0, "")
    # Golden files are compared as text with universal newlines; CRLF is checked below.
    golden("export/chapter_2.csv", result.stdout.replace("\r\n", "\n"))


# -- Markdown --------------------------------------------------------------------------


def test_markdown_handbook_reads_back_with_every_qa() -> None:
    source = export.FORMATS[0].render(export.handbook(packaged_corpus(), PACKAGED_CHAPTERS))
    page = Page(MARKDOWN.render(source))
    assert page.problems == []
    assert source.startswith("# 協働に関する76の疑問\n\n")
    assert "発行: 旭川市市民生活部市民協働室 市民活動課（平成24年7月27日）" in source
    for qa in packaged_corpus().items:
        assert f"Q{qa.number} {qa.question}" in page.text
        for text in texts(qa):
            assert text in page.text.replace("\n", "")
    assert page.tags["h2"] == 1 + 1 + 7 + 1  # contents, preface, chapters, contact
    assert page.tags["h3"] == 76


PACKAGED_CHAPTERS = packaged_corpus().chapters


def test_markdown_links_all_lead_somewhere() -> None:
    source = export.FORMATS[0].render(export.handbook(packaged_corpus(), PACKAGED_CHAPTERS))
    page = Page(MARKDOWN.render(source))
    assert len(page.ids) == len(set(page.ids))
    targets = {link.removeprefix("#") for link in page.links}
    assert targets == set(page.ids)
    assert {"chapter-1", "chapter-7", "q1", "q76", "preface"} <= targets


def test_markdown_steps_and_schedule(kyodo: Runner) -> None:
    html = MARKDOWN.render(kyodo("export", "-c", "2").stdout)
    q51 = html.split('id="q51"')[1].split('id="q52"')[0]
    assert q51.count("<li>") == 12 and "<ol>" in q51
    assert q51.count("<strong>") == 12
    assert "<strong>市政に関する情報開示と公共的課題に対する意識の醸成</strong>" in q51
    q52 = html.split('id="q52"')[1].split('id="q53"')[0]
    assert q52.count("<table>") == 2
    assert "<h4>翌年度実施型</h4>" in q52 and "<h4>当年度実施型</h4>" in q52
    assert "<td>11～12月</td>\n<td>積算に基づき予算要求</td>" in q52
    assert q52.count("<tr>") == 2 * (1 + 8)


def test_markdown_shows_markup_like_text_literally(kyodo: Runner, tmp_path: Path) -> None:
    path = corpus_file(
        tmp_path,
        [
            item(1, TRICKY, "1. 番号付きに見える\n- 箇条書きに見える\n# 見出しに見える"),
            item(2, "表の | を含む？", "> 引用に見える <b>太字</b> &amp;"),
        ],
    )
    result = kyodo("export", "--corpus", str(path))
    page = Page(MARKDOWN.render(result.stdout))
    assert page.problems == []
    assert not {"script", "em", "code", "blockquote", "b", "ol"} & set(page.tags)
    assert page.tags["ul"] == 2 and page.tags["h1"] == 1  # the contents, nested once
    assert f"Q1 {TRICKY}" in page.text
    shown = "\n".join(visible_lines(page.text))
    assert "1. 番号付きに見える\n- 箇条書きに見える\n# 見出しに見える" in shown
    assert "> 引用に見える <b>太字</b> &amp;" in page.text


_MARKDOWN_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\t *_[]<>#|`~\\&-+=.)!1"),
    max_size=40,
)


@given(_MARKDOWN_TEXT)
def test_escaped_text_reads_back_as_written(text: str) -> None:
    page = Page(MARKDOWN.render(escape(text)))
    assert visible_lines(page.text) == visible_lines(text)


# -- HTML ------------------------------------------------------------------------------


def test_html_is_one_valid_self_contained_file(kyodo: Runner) -> None:
    source = kyodo("export", "--format", "html").stdout
    ElementTree.fromstring(source)  # well-formed even for a strict XML parser
    page = Page(source)
    assert page.problems == []
    assert page.doctype == "DOCTYPE html"
    assert '<html lang="ja">' in source and '<meta charset="utf-8" />' in source
    assert not {"link", "img", "iframe", "object"} & set(page.tags)
    assert page.tags["script"] == 2  # the search data (JSON) and the search box's code
    assert '<script type="application/json" id="search-data">' in source
    assert all(link.startswith("#") for link in page.links), "no external resources"
    assert "url(" not in source and "@import" not in source
    assert "@media print" in source and "break-before: page" in source


def test_html_has_every_qa_and_chapter_navigation(kyodo: Runner) -> None:
    page = Page(kyodo("export", "--format", "html").stdout)
    for qa in packaged_corpus().items:
        assert f"Q{qa.number}{qa.question}" in page.text
        for text in texts(qa):
            assert text in page.text.replace("\n", "")
    assert len(page.ids) == len(set(page.ids))
    assert {link.removeprefix("#") for link in page.links} <= set(page.ids)
    assert {"toc", "chapter-1", "chapter-7", "q1", "q76"} <= set(page.ids)
    assert page.tags["section"] == 1 + 7 + 1 and page.tags["article"] == 76  # + search results
    assert page.tags["nav"] == 1 + 7  # contents, and previous/next under each chapter


def test_html_steps_are_a_list_and_the_schedule_tables(kyodo: Runner) -> None:
    source = kyodo("export", "-f", "html", "-c", "2").stdout
    q51 = source.split('id="q51"')[1].split("</article>")[0]
    assert q51.count('<ol class="steps">') == 1 and q51.count("<li>") == 12
    q52 = source.split('id="q52"')[1].split("</article>")[0]
    assert q52.count("<table>") == 2 and q52.count("<tr>") == 2 * 9
    assert '<th scope="col">時期</th>' in q52
    assert "<tr><td>4～6月</td><td>課題・協働形態の決定</td></tr>" in q52


def test_html_escapes_corpus_text(kyodo: Runner, tmp_path: Path) -> None:
    # (Control characters other than tab and line feed never get this far: a corpus with
    # them is refused. test_html_text_reads_back_as_written covers them.)
    path = corpus_file(tmp_path, [item(1, TRICKY, '"引用符" と\tタブ\n二行目')])
    source = kyodo("export", "-f", "html", "--corpus", str(path)).stdout
    ElementTree.fromstring(source)
    page = Page(source)
    assert page.problems == [] and page.tags["script"] == 2  # the page's own, no more
    assert TRICKY in page.text
    assert '"引用符" と\tタブ\n二行目' in page.text


@given(st.text(max_size=40))
def test_html_text_reads_back_as_written(value: str) -> None:
    page = Page(f"<p>{html_text(value)}</p>")
    expected = "".join(
        c if c in "\n\t" or not (ord(c) < 32 or 127 <= ord(c) < 160) else "\ufffd" for c in value
    )
    assert page.problems == [] and page.text == expected


# -- CSV -------------------------------------------------------------------------------


def test_csv_opens_in_excel(kyodo: Runner, tmp_path: Path) -> None:
    target = tmp_path / "76.csv"
    assert kyodo("export", "-o", str(target)).status == 0
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["番号", "章", "章のタイトル", "質問", "回答"]
    assert len(rows) == 1 + 76 and raw.count(b"\r\n") == len(rows)
    corpus = packaged_corpus()
    for row, qa in zip(rows[1:], corpus.items, strict=True):
        chapter = corpus.chapter(qa.chapter)
        assert chapter is not None
        assert row == [str(qa.number), str(qa.chapter), chapter.title, qa.question, qa.answer_text]


def test_csv_cells_never_start_a_formula(kyodo: Runner, tmp_path: Path) -> None:
    path = corpus_file(
        tmp_path,
        [item(1, "=1+1 は？", "-2 です"), item(2, "@SUM(A1)", "+3"), item(3, "普通", "a=b")],
    )
    stdout = kyodo("export", "-f", "csv", "--corpus", str(path)).stdout
    rows = list(csv.reader(io.StringIO(stdout.removeprefix("\ufeff"), newline="")))
    assert [row[3:] for row in rows[1:]] == [
        ["'=1+1 は？", "'-2 です"],
        ["'@SUM(A1)", "'+3"],
        ["普通", "a=b"],
    ]


# -- JSON Lines ------------------------------------------------------------------------


def test_jsonl_is_the_corpus_items_one_per_line(kyodo: Runner) -> None:
    lines = kyodo("export", "-f", "jsonl").stdout.splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 76
    expected = [{"keywords": [], **entry} for entry in PACKAGED["items"]]
    assert records == expected
    corpus = {key: PACKAGED[key] for key in ("document", "chapters")} | {"items": records}
    jsonschema.validate(corpus, CORPUS_SCHEMA)
    assert validate_corpus(corpus) == []
    assert corpus_from_dict(corpus).items == packaged_corpus().items


def test_jsonl_of_one_chapter(kyodo: Runner) -> None:
    records = [
        json.loads(line) for line in kyodo("export", "-f", "jsonl", "-c", "7").stdout.splitlines()
    ]
    assert [r["number"] for r in records] == [73, 74, 75, 76]
    assert {r["chapter"] for r in records} == {7}


# -- choosing the format and the chapter -----------------------------------------------


@pytest.mark.parametrize(
    ("args", "start"),
    [
        (["-o", "x.html"], "<!DOCTYPE html>"),
        (["-o", "x.HTM"], "<!DOCTYPE html>"),
        (["-o", "x.csv"], "\ufeff番号"),
        (["-o", "x.jsonl"], '{"number": 1,'),
        (["-o", "x.txt"], "# 協働"),
        (["-o", "x.html", "--format", "md"], "# 協働"),
        (["--format", "Markdown"], "# 協働"),
        (["--format", "ＣＳＶ"], "\ufeff番号"),
    ],
)
def test_the_format_follows_the_option_then_the_suffix(
    kyodo: Runner, tmp_path: Path, args: list[str], start: str
) -> None:
    args = [str(tmp_path / a) if a.startswith("x.") else a for a in args]
    result = kyodo("export", *args)
    assert result.status == 0, result.stderr
    written = Path(args[1]).read_text("utf-8") if args[0] == "-o" else result.stdout
    assert written.startswith(start)


def test_an_unknown_format_lists_the_formats(kyodo: Runner) -> None:
    result = kyodo("export", "--format", "pdf")
    assert (result.status, result.stdout) == (2, "")
    first, *choices = result.stderr.splitlines()
    assert first == "kyodo: エラー: 形式「pdf」は使えません。次のいずれかを指定してください:"
    assert [choice.split()[0] for choice in choices] == ["md", "html", "csv", "jsonl"]


def test_an_unknown_chapter_is_a_usage_error(kyodo: Runner) -> None:
    result = kyodo("export", "--chapter", "9")
    assert result.status == 2 and result.stdout == ""
    assert result.stderr.startswith("kyodo: エラー: 章「9」が見つかりません")


def test_a_chapter_by_title(kyodo: Runner) -> None:
    stdout = kyodo("export", "-f", "jsonl", "-c", "その他").stdout
    assert len(stdout.splitlines()) == 4


def test_a_chapter_export_has_no_preface_or_contact(kyodo: Runner) -> None:
    whole, one = kyodo("export").stdout, kyodo("export", "-c", "1").stdout
    assert "## 問い合わせ先" in whole and "～協働に関する76の疑問～について" in whole
    assert "## 問い合わせ先" not in one and "について](#preface)" not in one


# -- writing the file ------------------------------------------------------------------


def test_writes_the_file_and_says_so(kyodo: Runner, tmp_path: Path) -> None:
    target = tmp_path / "手引き.md"
    result = kyodo("export", "-o", str(target))
    assert (result.status, result.stdout) == (0, "")
    assert result.stderr == f"kyodo: {target} に書き出しました（md、76 問）\n"
    assert target.read_text("utf-8") == kyodo("export").stdout
    assert os.listdir(tmp_path) == ["手引き.md"]


def test_a_dash_means_stdout(kyodo: Runner, tmp_path: Path) -> None:
    result = kyodo("export", "-o", "-", "-c", "7")
    assert result.status == 0 and result.stdout.startswith("# 協働")


def test_an_existing_file_is_kept_without_force(kyodo: Runner, tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    target.write_text("大事なメモ", encoding="utf-8")
    result = kyodo("export", "-o", str(target))
    assert (result.status, result.stdout) == (2, "")
    assert result.stderr == (
        f"kyodo: エラー: {target} はすでにあります。上書きするには --force を付けてください\n"
    )
    assert target.read_text("utf-8") == "大事なメモ"


def test_force_replaces_the_file_and_keeps_its_permissions(kyodo: Runner, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    assert kyodo("export", "-o", str(target), "--force").status == 0
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_new_file_gets_the_usual_permissions(kyodo: Runner, tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        assert kyodo("export", "-o", str(tmp_path / "new.md")).status == 0
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.md").stat().st_mode) == 0o644


def test_the_file_is_replaced_in_one_step_from_beside_it(
    kyodo: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.html"
    target.write_text("old", encoding="utf-8")
    moves: list[tuple[Path, Path]] = []
    real_replace = os.replace

    def replace(source: Any, destination: Any) -> None:
        moves.append((Path(source), Path(destination)))
        assert target.read_text("utf-8") == "old", "the target is untouched until the move"
        real_replace(source, destination)

    monkeypatch.setattr(export.os, "replace", replace)
    assert kyodo("export", "-o", str(target), "--force").status == 0
    [(source, destination)] = moves
    assert destination == target and source.parent == tmp_path and source != target
    assert not source.exists() and target.read_text("utf-8").startswith("<!DOCTYPE html>")


def test_a_failed_write_leaves_no_trace(
    kyodo: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.md"
    target.write_text("old", encoding="utf-8")

    def disk_full(descriptor: int, text: str) -> None:
        os.close(descriptor)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export, "_fill", disk_full)
    result = kyodo("export", "-o", str(target), "--force")
    assert result.status == ExitStatus.OUTPUT == 74
    assert result.stderr == f"kyodo: エラー: {target} に書き出せません（空き容量がありません）\n"
    assert os.listdir(tmp_path) == ["out.md"] and target.read_text("utf-8") == "old"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (".", "はフォルダです。書き出すファイルの名前を指定してください"),
        ("no/such/dir/out.md", "に書き出せません（フォルダ "),
    ],
)
def test_a_target_that_cannot_be_written(
    kyodo: Runner, tmp_path: Path, name: str, message: str
) -> None:
    result = kyodo("export", "-o", str(tmp_path / name))
    assert result.status == 2 and message in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_a_folder_without_write_permission(
    kyodo: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(**kwargs: Any) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(export.tempfile, "mkstemp", refused)
    result = kyodo("export", "-o", str(tmp_path / "out.md"))
    assert result.status == ExitStatus.OUTPUT
    assert (
        result.stderr
        == f"kyodo: エラー: {tmp_path / 'out.md'} に書き出せません（権限がありません）\n"
    )


def test_export_never_loads_the_search_engine_nor_rich(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import io, sys\nfrom kyodo_cli.cli.app import main\n"
        "from kyodo_cli.present.output import Environment\n"
        "for f in ('md', 'html', 'csv', 'jsonl'):\n"
        "    main(['export', '-f', f], Environment(io.StringIO(), io.StringIO(), False))\n"
        "print(' '.join(sorted(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    modules = set(result.stdout.split())
    assert "kyodo_cli.export.html" in modules
    assert not {"kyodo_cli.search.engine", "sudachipy", "rich"} & modules


def test_html_title_names_the_chapter() -> None:
    corpus = packaged_corpus()
    chapter = corpus.chapter(3)
    assert chapter is not None
    source = export.choose_format("html", None).render(export.handbook(corpus, (chapter,)))
    assert "<title>協働に関する76の疑問 — 第3章 協働を続けていくためには</title>" in source


@pytest.mark.parametrize("name", ["手引き.xlsx", "a.pdf", "a.docx"])
def test_an_unknown_extension_is_refused_with_the_formats(
    kyodo: Runner, tmp_path: Path, name: str
) -> None:
    target = tmp_path / name
    result = kyodo("export", "-o", str(target))
    assert result.status == 2 and not target.exists()
    first, *formats = result.stderr.splitlines()
    assert first.startswith("kyodo: エラー: 拡張子「") and "-f で形式を指定" in first
    assert [line.split()[0] for line in formats] == ["md", "html", "csv", "jsonl"]
    assert kyodo("export", "-o", str(target), "-f", "md").status == 0  # -f decides
