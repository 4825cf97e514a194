"""Corpus files and index caches that cannot be trusted, and what kyodo may do with them.

Every corpus file that cannot be used ends the command with status 3 and one line naming the
file, the item and the field; ``kyodo validate`` lists every problem. A damaged, old or
unwritable cache changes nothing the user sees. And nothing in a corpus is ever executed or
interpreted.
"""

from __future__ import annotations

import ast
import copy
import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from support import MARKUP_QUESTION, Runner, one_error_line, small_corpus_data

from kyodo_cli.corpus.reading import MAX_CORPUS_BYTES

SRC = Path(__file__).parent.parent / "src" / "kyodo_cli"
PACKAGED = json.loads((SRC / "data" / "qa.json").read_text("utf-8"))


def write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def changed(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    data = copy.deepcopy(PACKAGED)
    change(data)
    return data


def refused(kyodo: Runner, path: Path, *fragments: str) -> str:
    """The message every command gives for the file: one line, status 3, stdout empty."""
    messages = set()
    for command in (["show", "1"], ["list"], ["chapters"], ["ask", "補助金"]):
        result = kyodo(*command, "--corpus", str(path))
        assert (result.status, result.stdout) == (3, ""), result.stderr
        messages.add(one_error_line(result.stderr, str(path), *fragments))
    assert len(messages) == 1
    return messages.pop()


# -- files that cannot be read -------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (None, "ファイルがありません"),
        (b"", "空のファイルです"),
        (b" \n\t ", "空のファイルです"),
        (b"{not json", "JSON として読めません（1 行 2 列: キーは二重引用符で囲んでください）"),
        (b'{"items": [1, 2,]}', "JSON として読めません（1 行 17 列"),
        (b'{"a": 1} {"b": 2}', "JSON の後に余計なものがあります"),
        (b'{"a": "\xff"}', "UTF-8 ではありません"),
        (b"[" * 100_000 + b"]" * 100_000, "JSON の入れ子が深すぎます"),
        (b'{"a": ' + b"9" * 5000 + b"}", "桁の多すぎる数があります"),
        (b"[1, 2]", "コーパス: オブジェクトでなければなりません（配列です）"),
        (b'"text"', "コーパス: オブジェクトでなければなりません（文字列です）"),
        (b"null", "コーパス: オブジェクトでなければなりません（nullです）"),
        (b'{"document": {"title": "x"}}', "コーパス: 「chapters」がありません（ほか 1 件）"),
    ],
)
def test_unusable_files(
    kyodo: Runner, tmp_path: Path, content: bytes | None, fragment: str
) -> None:
    path = tmp_path / "corpus.json"
    if content is not None:
        path.write_bytes(content)
    message = refused(kyodo, path, fragment)
    assert message.startswith(f"kyodo: エラー: {path}: ")
    rest = message.replace(str(path), "")
    assert not re.search(r"[A-Z][a-z]", rest.replace("JSON", "")), "no English from Python"


def test_a_directory(kyodo: Runner, tmp_path: Path) -> None:
    refused(kyodo, tmp_path, "ディレクトリです。コーパスの JSON ファイルを指定してください")


def test_a_path_through_a_file(kyodo: Runner, tmp_path: Path) -> None:
    path = write(tmp_path / "corpus.json", PACKAGED) / "more.json"
    refused(kyodo, path, "途中にディレクトリでないものがあります")


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads anything")
def test_an_unreadable_file(kyodo: Runner, tmp_path: Path) -> None:
    path = write(tmp_path / "corpus.json", PACKAGED)
    path.chmod(0)
    refused(kyodo, path, "読み取りの権限がありません")


def test_a_byte_order_mark_is_accepted(kyodo: Runner, tmp_path: Path) -> None:
    path = tmp_path / "corpus.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(small_corpus_data()).encode())
    assert kyodo("validate", str(path)).status == 0


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_an_endless_file_is_refused_not_read_forever(kyodo: Runner) -> None:
    refused(kyodo, Path("/dev/zero"), f"大きすぎます（上限 {MAX_CORPUS_BYTES // 2**20} MiB）")


def test_a_file_beyond_the_limit_is_refused_unread(kyodo: Runner, tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:  # sparse: takes no room on disk
        handle.truncate(MAX_CORPUS_BYTES + 1)
    started = time.perf_counter()
    refused(kyodo, path, "大きすぎます")
    assert time.perf_counter() - started < 2


# -- 50 MB ---------------------------------------------------------------------------------

FIFTY_MB = 50 * 2**20


def fifty_megabytes(path: Path, kind: str) -> Path:
    if kind == "padding":  # a valid corpus, then blanks
        raw = json.dumps(small_corpus_data()).encode()
        path.write_bytes(raw + b" " * (FIFTY_MB - len(raw)))
    elif kind == "one long answer":
        data = small_corpus_data()
        data["items"][2]["answer"][0]["text"] = "協働" * (FIFTY_MB // 6)
        write(path, data)
    elif kind == "garbage":
        path.write_bytes(b"x" * FIFTY_MB)
    else:  # many items, each short but far too many texts in one answer
        data = small_corpus_data()
        data["items"][0]["answer"] = [{"type": "paragraph", "text": "段落。" * 1000}] * 5500
        write(path, data)
    return path


@pytest.mark.parametrize(
    ("kind", "status", "fragment"),
    [
        ("padding", 0, "問題ありません（3 問、3 章）"),
        ("one long answer", 3, "項目 3 の answer の 1 番目 の text: 長すぎます（"),
        ("garbage", 3, "JSON として読めません（1 行 1 列: 値がありません）"),
        ("paragraphs", 0, "問題ありません"),
    ],
)
def test_fifty_megabytes(
    kyodo: Runner, tmp_path: Path, kind: str, status: int, fragment: str
) -> None:
    path = fifty_megabytes(tmp_path / "big.json", kind)
    assert path.stat().st_size >= FIFTY_MB * 0.9
    started = time.perf_counter()
    result = kyodo("validate", str(path))
    assert time.perf_counter() - started < 10
    assert result.status == status
    assert fragment in result.stdout + result.stderr
    if status == 3:
        started = time.perf_counter()
        refused(kyodo, path, fragment)
        assert time.perf_counter() - started < 20


# -- valid JSON, wrong content ---------------------------------------------------------------


def item(n: int) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda d: d["items"][n - 1]


BROKEN = {
    "duplicate numbers": (
        lambda d: item(6)(d).update(number=5),
        "項目（6 番目） の number: 番号 5 が重複しています（項目（5 番目）と同じ）",
    ),
    "chapter that does not exist": (
        lambda d: item(11)(d).update(chapter=9),
        "項目 11 の chapter: 章 9 は chapters にありません",
    ),
    "question not text": (
        lambda d: item(4)(d).update(question=42),
        "項目 4 の question: 文字列でなければなりません（整数です）",
    ),
    "answer not a list": (
        lambda d: item(5)(d).update(answer="回答"),
        "項目 5 の answer: 配列でなければなりません（文字列です）",
    ),
    "paragraph text a list": (
        lambda d: item(6)(d)["answer"][0].update(text=["x"]),
        "項目 6 の answer の 1 番目 の text: 文字列でなければなりません（配列です）",
    ),
    "keywords not a list": (
        lambda d: item(7)(d).update(keywords="協働"),
        "項目 7 の keywords: 配列でなければなりません（文字列です）",
    ),
    "number a float": (
        lambda d: item(1)(d).update(number=1.0),
        "項目（1 番目） の number: 整数でなければなりません（数値です）",
    ),
    "number out of range": (
        lambda d: item(1)(d).update(number=10**30),
        "項目（1 番目） の number: 1〜999999 の整数でなければなりません（桁が多すぎます）",
    ),
    "number negative": (
        lambda d: item(1)(d).update(number=-1),
        "項目（1 番目） の number: 1〜999999 の整数でなければなりません（-1 です）",
    ),
    "escape sequence in a question": (
        lambda d: item(8)(d).update(question="\x1b]8;;file:///etc/passwd\x1b\\x\x1b]8;;\x1b\\"),
        "項目 8 の question: 使えない文字 \\x1b があります（1 文字目）",
    ),
    "carriage return in an answer": (
        lambda d: item(9)(d)["answer"][0].update(text="本当の回答\r偽の回答"),
        "項目 9 の answer の 1 番目 の text: 使えない文字 \\r があります（6 文字目）",
    ),
    "bidirectional override in a title": (
        lambda d: d["chapters"][1].update(title="章\u202e題"),
        "chapters の 2 番目 の title: 使えない文字 \\u202e があります（2 文字目）",
    ),
    "a text too long": (
        lambda d: item(10)(d).update(question="問" * 20_001),
        "項目 10 の question: 長すぎます（20001 文字、上限 20000 文字）",
    ),
    "contact not a list": (
        lambda d: d["document"].update(contact="電話"),
        "document の contact: 配列でなければなりません（文字列です）",
    ),
    "preface not an object": (
        lambda d: d["document"].update(preface="はじめに"),
        "document の preface: オブジェクトでなければなりません（文字列です）",
    ),
    "errata not a list": (
        lambda d: d.update(errata={}),
        "errata: 配列でなければなりません（オブジェクトです）",
    ),
    "erratum incomplete": (
        lambda d: d.update(errata=[{"item": 1, "field": "answer"}]),
        "errata の 1 番目: 「original」がありません",
    ),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_wrong_content_names_the_file_the_item_and_the_field(
    kyodo: Runner, tmp_path: Path, name: str
) -> None:
    change, expected = BROKEN[name]
    path = write(tmp_path / "corpus.json", changed(change))
    refused(kyodo, path, f"{path}: {expected}")
    listed = kyodo("validate", str(path))
    assert listed.status == 3
    assert f"{path}: {expected}" in listed.stdout.splitlines()


def test_validate_lists_every_problem_with_its_location(kyodo: Runner, tmp_path: Path) -> None:
    def many(d: dict[str, Any]) -> None:
        for name in ("duplicate numbers", "question not text", "contact not a list"):
            BROKEN[name][0](d)
        d["items"][20]["answer"][0]["text"] = "\x07"

    path = write(tmp_path / "corpus.json", changed(many))
    result = kyodo("validate", str(path))
    assert result.status == 3
    assert result.stdout.splitlines() == [
        f"{path}: document の contact: 配列でなければなりません（文字列です）",
        f"{path}: 項目 4 の question: 文字列でなければなりません（整数です）",
        f"{path}: 項目（6 番目） の number: 番号 5 が重複しています（項目（5 番目）と同じ）",
        f"{path}: 項目 21 の answer の 1 番目 の text: 使えない文字 \\x07 があります（1 文字目）",
        f"{path}: items: 番号が連続していません（欠番: 6）",
    ]
    one_error_line(result.stderr, f"{path}: 問題が 5 件あります")


def test_a_file_name_with_a_line_break_stays_on_one_line(kyodo: Runner, tmp_path: Path) -> None:
    path = tmp_path / "a\nb\x1b[2J.json"
    write(path, changed(BROKEN["question not text"][0]))
    for args in (["validate", str(path)], ["chapters", "--corpus", str(path)]):
        result = kyodo(*args)
        assert result.status == 3
        assert "a\\nb\\x1b[2J.json" in one_error_line(result.stderr)
        assert "\x1b" not in result.stdout and all(
            "\\n" in line for line in result.stdout.splitlines()
        )


def test_kyodo_corpus_variable_names_the_file_too(
    kyodo: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "corpus.json", changed(BROKEN["chapter that does not exist"][0]))
    monkeypatch.setenv("KYODO_CORPUS", str(path))
    result = kyodo("show", "1")
    assert result.status == 3
    one_error_line(result.stderr, f"{path}: 項目 11 の chapter")


# -- index caches that cannot be used ------------------------------------------------------------


@pytest.fixture
def prepared(kyodo: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A user corpus whose cache files exist; yields the corpus file."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = write(tmp_path / "corpus.json", changed(lambda d: d["document"].update(title="別")))
    assert kyodo("ask", "補助金", "--corpus", str(path)).status == 0
    yield path


def answers(kyodo: Runner, path: Path, *flags: str) -> list[tuple[int, str, str]]:
    runs = [
        kyodo(*flags, *args, "--corpus", str(path))
        for args in (["ask", "補助金"], ["show", "52"], ["list"])
    ]
    return [(r.status, r.stdout, r.stderr) for r in runs]


def cache_files(tmp_path: Path) -> list[Path]:
    files = sorted((tmp_path / "cache" / "kyodo").glob("*.sqlite"))
    assert files
    return files


def overwrite(path: Path, start: int, data: bytes) -> None:
    raw = bytearray(path.read_bytes())
    raw[start : start + len(data)] = data
    path.write_bytes(bytes(raw))


def set_meta(path: Path, **values: Any) -> None:
    with sqlite3.connect(path) as db:
        meta = json.loads(db.execute("SELECT value FROM meta WHERE key = 'meta'").fetchone()[0])
        db.execute(
            "UPDATE meta SET value = ? WHERE key = 'meta'", (json.dumps({**meta, **values}),)
        )
    db.close()


DAMAGE: dict[str, Callable[[Path], None]] = {
    "garbage": lambda p: p.write_bytes(b"not an index\n" * 100),
    "empty": lambda p: p.write_bytes(b""),
    "truncated": lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 3]),
    "header overwritten": lambda p: overwrite(p, 0, b"\xff" * 512),
    "older version": lambda p: set_meta(p, index_version=0),
    "other builder": lambda p: set_meta(p, builder="0"),
    "other builder data": lambda p: set_meta(p, data="0" * 16),
    "other prepared format": lambda p: set_meta(p, prepared="1"),
    "other dictionary": lambda p: set_meta(p, dictionary="00000000"),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_cache_changes_nothing_shown(
    kyodo: Runner, tmp_path: Path, prepared: Path, damage: str
) -> None:
    expected = answers(kyodo, prepared)
    for path in cache_files(tmp_path):
        DAMAGE[damage](path)
    assert answers(kyodo, prepared) == expected
    assert all(stderr == "" for _, _, stderr in expected)
    for path in cache_files(tmp_path):
        DAMAGE[damage](path)
    verbose = answers(kyodo, prepared, "--verbose")
    assert [(s, out) for s, out, _ in verbose] == [(s, out) for s, out, _ in expected]
    assert verbose[0][2].startswith("kyodo: ")  # told only when asked


def test_damage_inside_the_cache_changes_nothing_shown(
    kyodo: Runner, tmp_path: Path, prepared: Path
) -> None:
    expected = answers(kyodo, prepared)
    text = PACKAGED["items"][51]["answer"][0]["text"].encode("utf-8")  # shown by show 52
    for path in cache_files(tmp_path):
        raw = path.read_bytes()
        if (start := raw.find(text)) >= 0:
            overwrite(path, start, b"\xff" * len(text))
    assert answers(kyodo, prepared) == expected


def test_ask_on_a_corpus_smaller_than_the_default_limit(
    kyodo: Runner, small_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert kyodo("ask", "リンク", "--corpus", str(small_corpus)).status == 0
    result = kyodo("ask", "リンク", "-n", "4", "--corpus", str(small_corpus))
    assert result.status in (0, 1) and result.stderr == ""  # more than there are: all
    result = kyodo("ask", "リンク", "-n", "0", "--corpus", str(small_corpus))
    assert result.status == 2
    one_error_line(result.stderr, "--limit には 1 以上の数を指定してください（指定: 0）")


def test_an_unwritable_cache_location(
    kyodo: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """XDG_CACHE_HOME naming a file: no directory can be made there, even by root."""
    path = write(tmp_path / "corpus.json", changed(lambda d: d["document"].update(title="別")))
    expected = answers(kyodo, path)
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert answers(kyodo, path) == expected


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_cache_directory(
    kyodo: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "corpus.json", changed(lambda d: d["document"].update(title="別")))
    expected = answers(kyodo, path)
    cache = tmp_path / "read-only"
    (cache / "kyodo").mkdir(parents=True)
    for directory in (cache / "kyodo", cache):
        directory.chmod(0o555)
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    assert answers(kyodo, path) == expected


# -- nothing in a corpus is executed or interpreted -----------------------------------------------

FORBIDDEN_MODULES = {"pickle", "marshal", "shelve", "dill", "cloudpickle", "yaml", "subprocess"}
FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__", "execfile"}
FORBIDDEN_ATTRIBUTES = {
    "from_markup",  # rich: a string parsed as markup
    "render_markup",
    "load_extension",  # sqlite: native code from a file
    "enable_load_extension",
    "system",  # os.system, os.popen
    "popen",
    "loads" + "_pickle",
}


# The pager is the one program kyodo starts: the one the user named in KYODO_PAGER or PAGER
# (or less), with kyodo's output on its stdin; nothing of a corpus becomes a command.
RUNS_THE_USERS_PAGER = {Path("present/pager.py")}


def source_files() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


@pytest.mark.parametrize("path", source_files(), ids=lambda p: str(p.relative_to(SRC)))
def test_no_code_executes_or_interprets_data(path: Path) -> None:
    tree = ast.parse(path.read_text("utf-8"))
    forbidden_modules = FORBIDDEN_MODULES - (
        {"subprocess"} if path.relative_to(SRC) in RUNS_THE_USERS_PAGER else set()
    )
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] in forbidden_modules]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.split(".")[0] in forbidden_modules:
                found.append(node.module)
        elif isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name) and node.func.id in FORBIDDEN_CALLS:
                found.append(node.func.id)
            if isinstance(node.func, ast.Attribute) and node.func.attr in FORBIDDEN_ATTRIBUTES:
                found.append(node.func.attr)
            if _imports_by_name(node) and not isinstance(node.args[0], ast.Constant):
                found.append("import_module with a computed name")
    assert found == [], f"{path.name}: {found}"


def _imports_by_name(node: ast.Call) -> bool:
    return (
        isinstance(node.func, ast.Attribute)
        and node.func.attr == "import_module"
        and bool(node.args)
    )


def test_consoles_never_parse_markup() -> None:
    for path in source_files():
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Console":
                keywords = {k.arg: k.value for k in node.keywords}
                markup = keywords.get("markup")
                assert isinstance(markup, ast.Constant) and markup.value is False, path.name


def test_markup_and_links_in_corpus_text_print_exactly(
    kyodo: Runner, small_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    for terminal in (False, True):
        shown = kyodo("show", "1", "--corpus", str(small_corpus), terminal=terminal, colour=True)
        text = "".join(shown.stdout.split())
        assert "".join(MARKUP_QUESTION.split()) in _plain(text)
        assert "\x1b]8;" not in shown.stdout
        found = kyodo("ask", "リンク", "--json", "--corpus", str(small_corpus))
        assert json.loads(found.stdout)["results"][0]["question"] == MARKUP_QUESTION


def _plain(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m|[│╭╮╰╯─]", "", text)


def test_kyodo_opens_only_the_files_it_is_told_to(tmp_path: Path) -> None:
    """Every file a run opens is the corpus it was given, its cache, or kyodo's and Python's
    own installed files — never one named inside the corpus."""
    corpus = changed(lambda d: d["items"][0].update(question="/etc/passwd ../../secret.json"))
    path = write(tmp_path / "corpus.json", corpus)
    script = (
        "import sys\n"
        "opened = []\n"
        "def hook(event, args):\n"
        "    if event == 'open' and isinstance(args[0], str):\n"
        "        opened.append(args[0])\n"
        "sys.addaudithook(hook)\n"
        "from kyodo_cli.cli.app import main\n"
        f"for args in (['ask', '補助金'], ['show', '1'], ['list'], ['validate', {str(path)!r}]):\n"
        f"    main([*args, '--corpus', {str(path)!r}] if args[0] != 'validate' else args)\n"
        "print('\\n'.join(opened), file=sys.stderr)\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, timeout=120
    )
    allowed = [str(path), str(tmp_path / "cache"), sys.prefix, sys.base_prefix, str(SRC), "/dev/"]
    opened = {p for p in result.stderr.decode().splitlines() if p.startswith("/")}
    assert opened and all(p.startswith(tuple(allowed)) for p in opened), sorted(opened)
    assert not {"/etc/passwd"} & opened
