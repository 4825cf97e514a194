"""Hostile targets, names and files: export never replaces what is not a regular file,
nothing a user typed reaches the terminal as a control character, every system error is
told in Japanese, and no input makes kyodo take gigabytes or write megabytes per line."""

from __future__ import annotations

import copy
import errno
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import Runner

import kyodo_cli
from kyodo_cli.corpus.reading import MAX_JSON_VALUES
from kyodo_cli.escape import one_line, printable
from kyodo_cli.export import handbook as export
from kyodo_cli.present.output import MAX_RICH_WIDTH, Environment, Output, OutputMode

PACKAGED = json.loads((Path(kyodo_cli.__file__).parent / "data" / "qa.json").read_text("utf-8"))
# Everything a terminal may act on: C0 and C1 controls, DEL, and the bidirectional marks,
# embeddings, overrides and isolates.
HOSTILE = (
    "\x1b[2J\x1b]0;pwned\x07\x9b31m\x7f\r\n\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def terminal_safe(text: str) -> bool:
    return all(c == "\n" or c.isprintable() or unicodedata.category(c) == "Zs" for c in text)


def one_error(stderr: str, *fragments: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("kyodo: エラー: "), stderr
    assert all(fragment in lines[0] for fragment in fragments), stderr
    return lines[0]


# -- export writes regular files only -------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
def test_force_never_replaces_a_fifo(kyodo: Runner, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = kyodo("export", "-o", str(fifo), "--force")
    assert result.status == 2
    one_error(result.stderr, "pipe は通常のファイルではありません")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_force_never_replaces_a_link_to_a_device(kyodo: Runner, tmp_path: Path) -> None:
    link = tmp_path / "null.md"
    link.symlink_to(os.devnull)
    result = kyodo("export", "-o", str(link), "--force")
    assert result.status == 2
    one_error(result.stderr, "通常のファイルではありません")
    assert link.is_symlink() and Path(os.devnull).is_char_device()


@pytest.mark.parametrize("force", [False, True])
def test_a_dangling_link_is_refused(kyodo: Runner, tmp_path: Path, force: bool) -> None:
    link = tmp_path / "out.md"
    link.symlink_to(tmp_path / "elsewhere.md")
    result = kyodo("export", "-o", str(link), *(["--force"] if force else []))
    assert result.status == 2
    one_error(result.stderr, "行き先のないシンボリックリンクです")
    assert link.is_symlink() and sorted(os.listdir(tmp_path)) == ["out.md"]


def test_a_link_to_a_file_is_written_through_with_force(kyodo: Runner, tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    real = tmp_path / "real" / "手引き.md"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    refused = kyodo("export", "-o", str(link))
    assert refused.status == 2 and "すでにあります" in refused.stderr
    assert kyodo("export", "-o", str(link), "--force").status == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text("utf-8").startswith("# 協働")
    assert os.listdir(tmp_path / "real") == ["手引き.md"]


@pytest.mark.parametrize("below", ["x.md", "a/b/x.md"])
def test_a_file_in_the_way_of_a_folder(kyodo: Runner, tmp_path: Path, below: str) -> None:
    (tmp_path / "existing.md").write_text("メモ", encoding="utf-8")
    result = kyodo("export", "-o", str(tmp_path / "existing.md" / below))
    assert result.status == 2
    one_error(result.stderr, f"（{tmp_path / 'existing.md'} はフォルダではありません）")


def test_errors_of_the_system_are_japanese(
    kyodo: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def too_large(descriptor: int, text: str) -> None:
        os.close(descriptor)
        raise OSError(errno.EFBIG, "File too large")

    monkeypatch.setattr(export, "_fill", too_large)
    result = kyodo("export", "-o", str(tmp_path / "out.md"))
    assert result.status == 74
    one_error(result.stderr, "に書き出せません（ファイルが大きすぎます）")
    assert "File" not in result.stderr and os.listdir(tmp_path) == []

    def unknown(descriptor: int, text: str) -> None:
        os.close(descriptor)
        raise OSError(errno.ENOTRECOVERABLE, "State not recoverable")

    monkeypatch.setattr(export, "_fill", unknown)
    result = kyodo("export", "-o", str(tmp_path / "out.md"))
    one_error(result.stderr, f"（エラー番号 {errno.ENOTRECOVERABLE}）")
    assert "State" not in result.stderr


# -- nothing typed reaches the terminal raw -----------------------------------------------


def test_an_export_path_is_echoed_escaped(kyodo: Runner, tmp_path: Path) -> None:
    folder = tmp_path / "\x1b[2J\x1b]0;pwned\x07\u202e"
    folder.mkdir()
    target = folder / "x.md"
    written = kyodo("export", "-o", str(target))
    again = kyodo("export", "-o", str(target))
    missing = kyodo("export", "-o", str(tmp_path / "\x1b[31m" / "x.md"))
    for result in (written, again, missing):
        assert terminal_safe(result.stderr) and len(result.stderr.splitlines()) == 1
    assert "\\x1b[2J\\x1b]0;pwned\\x07\\u202e" in written.stderr
    assert "すでにあります" in again.stderr and again.status == 2


@pytest.mark.parametrize("char", list(HOSTILE))
def test_words_the_document_lacks_are_named_escaped(kyodo: Runner, char: str) -> None:
    result = kyodo("ask", f"zzqx{char}wvvk")
    assert result.status == 1
    assert terminal_safe(result.stderr) and terminal_safe(result.stdout)
    assert ascii(char)[1:-1] in result.stdout + result.stderr


def test_notices_and_errors_escape_whatever_they_quote() -> None:
    out, err = _streams()
    output = Output(Environment(out, err, stdout_is_terminal=False), OutputMode.PLAIN)
    output.notice(f"「{HOSTILE}」は文書に出てこない語です")
    assert terminal_safe(err.getvalue()) and err.getvalue().count("\n") == 1


@given(st.text())
def test_escaped_text_is_safe_and_escaping_is_idempotent(text: str) -> None:
    assert terminal_safe(one_line(text)) and "\n" not in one_line(text)
    assert one_line(one_line(text)) == one_line(text)
    assert one_line(printable(text)) == printable(text)


def test_verbose_progress_is_escaped(
    kyodo: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "\x1b]0;x\x07cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    corpus = tmp_path / "c.json"
    corpus.write_text(json.dumps(PACKAGED, ensure_ascii=False), encoding="utf-8")
    result = kyodo("-v", "ask", "補助金", "--corpus", str(corpus))
    assert result.status == 0 and "\\x1b]0;x\\x07cache" in result.stderr
    assert terminal_safe(result.stderr)


# -- the terminal's width ----------------------------------------------------------------


def test_a_huge_terminal_width_is_capped(kyodo: Runner) -> None:
    result = kyodo("show", "27", terminal=True, width=10_000_000)
    assert result.status == 0
    assert max(len(line) for line in result.stdout.splitlines()) <= MAX_RICH_WIDTH
    assert len(result.stdout) < 100_000


# -- corpus files ------------------------------------------------------------------------


# Run as another user when the tests run as root (root reads anything): the interpreter
# starts as root, imports what the command needs, then drops to nobody before running it.
_AS_NOBODY = """
import os, sys
import kyodo_cli.cli.app, kyodo_cli.search.prepared
import kyodo_cli.search.indexes, kyodo_cli.corpus.validation, kyodo_cli.search.analysis
if os.geteuid() == 0:
    os.setgroups([]); os.setgid(65534); os.setuid(65534)
sys.exit(kyodo_cli.cli.app.main(sys.argv[1:]))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_an_unreadable_corpus_is_status_3() -> None:
    # Outside pytest's private temporary folder, so that another user can reach the file.
    folder = Path(tempfile.mkdtemp(prefix="kyodo-unreadable-"))
    try:
        folder.chmod(0o777)
        corpus = folder / "corpus.json"
        corpus.write_text(json.dumps(PACKAGED, ensure_ascii=False), encoding="utf-8")
        corpus.chmod(0)
        env = {**os.environ, "HOME": str(folder), "XDG_CACHE_HOME": str(folder / "cache")}
        for args in (["validate", str(corpus)], ["show", "1", "--corpus", str(corpus)]):
            result = subprocess.run(
                [sys.executable, "-c", _AS_NOBODY, *args],
                capture_output=True,
                text=True,
                env=env,
                cwd=folder,
                timeout=120,
            )
            assert (result.returncode, result.stdout) == (3, ""), result.stderr
            one_error(result.stderr, f"{corpus}: 読み取りの権限がありません")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _broken(change: Any) -> dict[str, Any]:
    data = copy.deepcopy(PACKAGED)
    change(data)
    return data


SCHEMA_RULES = {
    "published not a date": (
        lambda d: d["document"].update(published="平成23年3月"),
        "document の published: 「平成23年3月」は日付の形ではありません"
        "（2011-03-31 のように書いてください）",
    ),
    "erratum of item 0": (
        lambda d: d["errata"][0].update(item=0),
        "errata の 1 番目 の item: 1〜999999 の整数でなければなりません（0 です）",
    ),
    "erratum of an unknown field": (
        lambda d: d["errata"][1].update(field="title"),
        "errata の 2 番目 の field: 「title」は使えません（question, answer のいずれか）",
    ),
    "erratum from an unknown source": (
        lambda d: d["errata"][2].update(source="guess"),
        "errata の 3 番目 の source: 「guess」は使えません（extraction, author のいずれか）",
    ),
    "format": (
        lambda d: d.update(format="other"),
        "format: 「kyodo-corpus」でなければなりません",
    ),
}


@pytest.mark.parametrize("name", sorted(SCHEMA_RULES))
def test_validate_applies_the_whole_schema(kyodo: Runner, tmp_path: Path, name: str) -> None:
    change, expected = SCHEMA_RULES[name]
    path = tmp_path / "corpus.json"
    path.write_text(json.dumps(_broken(change), ensure_ascii=False), encoding="utf-8")
    result = kyodo("validate", str(path))
    assert result.status == 3
    assert result.stdout.splitlines() == [f"{path}: {expected}"]


def test_millions_of_empty_objects_are_refused_before_parsing(
    kyodo: Runner, tmp_path: Path
) -> None:
    path = tmp_path / "corpus.json"
    head = json.dumps(PACKAGED, ensure_ascii=False)[:-1]
    path.write_text(head + ', "x": [' + "{}," * MAX_JSON_VALUES + "{}]}", encoding="utf-8")
    started = time.perf_counter()
    result = kyodo("validate", str(path))
    assert time.perf_counter() - started < 5
    assert result.status == 3
    one_error(result.stderr, "値（オブジェクト・配列・文字列・数など）が多すぎます")


def _streams() -> tuple[Any, Any]:
    import io

    return io.StringIO(), io.StringIO()
