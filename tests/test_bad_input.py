"""Odd queries, numbers, chapters and environments: each gets a one-line Japanese answer and a
documented exit status, with nothing lost and no traceback. Run in-process through
``main(argv, env)`` and against the installed ``kyodo`` (odd argv bytes, locales, pipes,
files, terminals and signals only exist for a real process)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from support import FixedSearch, Runner, one_error_line

from kyodo_cli.corpus.records import block_to_dict, packaged_corpus

ANSI = re.compile(r"\x1b\[[0-9;]*m")
NO_TEXT = "検索できる文字（漢字・かな・英数字）が含まれていません"
PREFIX_NOTICE = "kyodo: 検索語が長いため、先頭の 1000 文字で検索しました"
POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX processes and terminals")


def run(executable: str, *args: str | bytes, **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    if "stdout" not in kwargs:
        kwargs["capture_output"] = True
    return subprocess.run([executable, *args], timeout=120, **kwargs)


# -- ask ---------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["。、！？…", "😀🎉", "[/]", "『」（）", "\u3000、\u3000"])
def test_ask_without_searchable_characters(kyodo: Runner, query: str) -> None:
    result = kyodo("ask", query)
    assert (result.status, result.stdout) == (2, "")
    one_error_line(result.stderr, NO_TEXT)


def test_ask_with_control_characters_echoes_them_escaped(kyodo: Runner) -> None:
    query = "\x1b[31m補助金\x07\r"
    for terminal in (False, True):
        result = kyodo("ask", query, terminal=terminal, colour=True)
        assert result.status in (0, 1) and result.stderr == ""
        assert "「\\x1b[31m補助金\\x07\\r」" in ANSI.sub("", result.stdout)
        assert "\x1b[31m" not in result.stdout and "\x07" not in result.stdout
    data = json.loads(kyodo("ask", query, "--json").stdout)
    assert data["query"] == query  # JSON escapes it, and loses nothing


def test_a_query_of_a_million_characters_is_answered_from_its_start(kyodo: Runner) -> None:
    kyodo("ask", "協働")  # the dictionary loads once per process; time the query alone
    started = time.perf_counter()
    result = kyodo("ask", "補助金の申請" * 170_000, "--json")
    assert time.perf_counter() - started < 3
    assert result.status == 0
    assert result.stderr == PREFIX_NOTICE + "\n"
    assert json.loads(result.stdout)["results"]


@pytest.mark.parametrize(
    "query", ["[bold]", "[link=file:///etc/passwd]x[/link]", "[red]補助金[/red]", "[/]補助金"]
)
def test_markup_in_a_query_prints_exactly(
    kyodo: Runner, fixed_search: FixedSearch, query: str
) -> None:
    for hits in (fixed_search.hits, []):
        fixed_search.hits = hits
        for terminal in (False, True):
            result = kyodo("ask", query, terminal=terminal, colour=True)
            assert f"「{query}」" in ANSI.sub("", result.stdout)
            assert "\x1b]8;" not in result.stdout  # no hyperlink made of it


def test_options_after_double_dash_are_words(kyodo: Runner, fixed_search: FixedSearch) -> None:
    fixed_search.hits = []
    result = kyodo("ask", "--", "--json", "-n", "0")
    assert result.status == 1
    assert result.stdout.startswith("「--json -n 0」に該当する質問が見つかりませんでした。")
    data = json.loads(kyodo("ask", "--json", "--", "--json").stdout)
    assert data["query"] == "--json"


@POSIX
def test_undecodable_argv_bytes(kyodo_executable: str, tmp_path: Path) -> None:
    found = run(kyodo_executable, b"ask", "補助金".encode() + b"\xff\xfe", cwd=tmp_path)
    assert found.returncode == 0 and found.stderr == b""
    assert found.stdout.decode("utf-8").startswith("「補助金\ufffd\ufffd」の検索結果")
    nothing = run(kyodo_executable, b"ask", b"\xff", cwd=tmp_path)
    assert nothing.returncode == 2
    one_error_line(nothing.stderr.decode("utf-8"), NO_TEXT)
    number = run(kyodo_executable, b"show", b"\xed\xa0\x80", b"27", cwd=tmp_path)
    assert number.returncode == 2 and number.stdout.decode("utf-8").startswith("Q27")
    one_error_line(number.stderr.decode("utf-8"), "「\\udced\\udca0\\udc80」は番号として")


@POSIX
def test_a_megabyte_query_in_a_real_process(kyodo_executable: str, tmp_path: Path) -> None:
    words = ["補助金の申請" * 5_500] * 10  # 99,000 bytes each: one argument holds 128 KiB
    started = time.perf_counter()
    result = run(kyodo_executable, "ask", *words, cwd=tmp_path)
    assert time.perf_counter() - started < 5
    assert result.returncode == 0
    assert result.stderr.decode("utf-8") == PREFIX_NOTICE + "\n"


# -- show and list -----------------------------------------------------------------------


@POSIX
@pytest.mark.parametrize(
    ("args", "status", "shown", "message"),
    [
        (["0"], 2, [], "「0」は番号として使えません。1〜76 の番号を指定してください"),
        (["-1"], 2, [], "「-1」"),
        (["77"], 2, [], "「77」"),
        (["1e3"], 2, [], "「1e3」"),
        (["27-"], 2, [], "「27-」"),
        (["29-27"], 0, [27, 28, 29], None),
        (["1-76"], 0, list(range(1, 77)), None),
        (["27", "x", "0", "28"], 2, [27, 28], "「x」「0」は番号として使えません"),
    ],
)
def test_show_in_a_real_process(
    kyodo_executable: str,
    tmp_path: Path,
    args: list[str],
    status: int,
    shown: list[int],
    message: str | None,
) -> None:
    result = run(kyodo_executable, "show", *args, cwd=tmp_path)
    assert result.returncode == status
    stdout = result.stdout.decode("utf-8")
    assert [int(n) for n in re.findall(r"^Q(\d+)（", stdout, re.M)] == shown
    if message is None:
        assert result.stderr == b""
    else:
        one_error_line(result.stderr.decode("utf-8"), message)


@POSIX
def test_show_a_hundred_thousand_numbers(kyodo_executable: str, tmp_path: Path) -> None:
    numbers = [str(n % 100) for n in range(100_000)]  # 0 and 77–99 are not Q&As
    started = time.perf_counter()
    result = run(kyodo_executable, "show", "--json", *numbers, cwd=tmp_path)
    assert time.perf_counter() - started < 20
    assert result.returncode == 2
    items = json.loads(result.stdout)["items"]
    assert [item["number"] for item in items] == list(range(1, 77))
    one_error_line(result.stderr.decode("utf-8"), "「0」「77」「78」「79」「80」ほか 23995 件")


@POSIX
@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("0", "章「0」が見つかりません。章の番号（1〜7）"),
        ("8", "章「8」が見つかりません。"),
        ("ない章", "章「ない章」が見つかりません。"),
        ("協働", "「協働」に当てはまる章が 6 つあります: 第1章 協働を始める前に、"),
    ],
)
def test_list_chapter_in_a_real_process(
    kyodo_executable: str, tmp_path: Path, spec: str, message: str
) -> None:
    result = run(kyodo_executable, "list", "--chapter", spec, cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, b"")
    first = result.stderr.decode("utf-8").splitlines()[0]
    assert first.startswith("kyodo: エラー: ") and message in first


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["list", "--chapter"], "kyodo list --help"),
        (["ask", "補助金", "--limit"], "kyodo ask --help"),
        (["show", "--json=yes"], "kyodo show --help"),
        (["--verbose"], "kyodo --help"),
    ],
)
def test_a_usage_error_points_to_the_help_of_its_command(
    kyodo: Runner, args: list[str], hint: str
) -> None:
    result = kyodo(*args)
    assert result.status == 2
    one_error_line(result.stderr, f"（{hint} で使い方を表示します）")


@pytest.mark.parametrize("arg", ["a\0b", "\ud800"])
def test_arguments_no_command_line_could_give(kyodo: Runner, arg: str) -> None:
    for args in (["validate", arg], ["show", "1", "--corpus", arg], ["ask", arg]):
        result = kyodo(*args)
        assert (result.status, result.stdout) == (2, "")
        one_error_line(result.stderr, "はコマンドラインでは渡せない文字を含みます")


# -- environments ------------------------------------------------------------------------


def strings(value: Any) -> list[str]:
    """The text in a block as the corpus file has it (its values, not its keys)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for key, v in value.items() if key != "type" for s in strings(v)]
    return [s for v in value for s in strings(v)] if isinstance(value, list) else []


def corpus_characters(numbers: list[int]) -> Counter[str]:
    """Every character of those Q&As' text, chapter titles included, spaces left out."""
    corpus = packaged_corpus()
    texts = []
    for number in numbers:
        qa = corpus.item(number)
        assert qa is not None
        texts += [qa.question, *strings([block_to_dict(b) for b in qa.answer])]
        chapter = corpus.chapter(qa.chapter)
        texts.append(chapter.title if chapter else "")
    return Counter(c for c in "".join(texts) if not c.isspace())


def lost(numbers: list[int], shown: str) -> str:
    missing = corpus_characters(numbers) - Counter(ANSI.sub("", shown))
    return "".join(missing.elements())


@pytest.mark.parametrize("width", [0, 1, 20, 29, 30, 36, 44, 58, 80, 300])
def test_a_terminal_of_any_width_loses_no_text(kyodo: Runner, width: int) -> None:
    for numbers in ([52], [51], [70], [1, 27]):
        args = [str(n) for n in numbers]
        result = kyodo("show", *args, terminal=True, width=width)
        assert result.status == 0
        assert lost(numbers, result.stdout) == "", (width, numbers)


@pytest.mark.parametrize("width", [0, 20, 44, 58, 80])
def test_ask_in_a_terminal_of_any_width_keeps_titles_and_labels(kyodo: Runner, width: int) -> None:
    data = json.loads(kyodo("ask", "より多彩な協働", "--json", "--full").stdout)
    shown = ANSI.sub(
        "", kyodo("ask", "より多彩な協働", "--full", terminal=True, width=width).stdout
    )
    flat = re.sub(r"\s|[│╭╮╰╯─]", "", shown)
    for hit in data["results"]:
        label = {"answer": "答え", "near": "近い", "related": "関連"}[hit["match"]]
        assert f"［{label}］" in flat, width
        assert hit["chapter"]["title"].replace(" ", "") in flat, width


def terminal_run(args: list[str], env: dict[str, str], columns: int = 80) -> tuple[int, str]:
    """Run with stdout on a pseudo-terminal of ``columns`` columns; stderr is not a terminal."""
    import fcntl
    import pty
    import select
    import struct
    import termios

    main_fd, child_fd = pty.openpty()
    fcntl.ioctl(child_fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    process = subprocess.Popen(args, stdout=child_fd, stderr=subprocess.PIPE, env=env)
    os.close(child_fd)
    chunks = []
    while select.select([main_fd], [], [], 30)[0]:
        try:
            chunk = os.read(main_fd, 65536)
        except OSError:  # the terminal closes with the process
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main_fd)
    assert process.wait(timeout=60) == 0, process.stderr.read() if process.stderr else ""
    return process.returncode, b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def clean_env(**changes: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "COLUMNS", "TERM"}}
    return {**env, "TERM": "xterm-256color", **changes}


@POSIX
@pytest.mark.parametrize(
    ("changes", "columns"),
    [
        ({"LANG": "C", "LC_ALL": "C"}, 80),
        ({"TERM": "dumb"}, 80),
        ({"COLUMNS": "20"}, 80),
        ({"COLUMNS": "300"}, 80),
        ({}, 300),
        ({"NO_COLOR": "1"}, 80),
    ],
)
def test_a_real_terminal(kyodo_executable: str, changes: dict[str, str], columns: int) -> None:
    _, shown = terminal_run([kyodo_executable, "show", "52"], clean_env(**changes), columns)
    assert lost([52], shown) == ""
    width = int(changes.get("COLUMNS", columns))
    if width < 30:
        assert "╭" not in shown  # too narrow for boxes: plain text the terminal wraps
    else:
        assert all(cell_len(ANSI.sub("", line)) <= width for line in shown.splitlines())
    if changes.get("TERM") == "dumb":
        assert "\x1b" not in shown
    if "NO_COLOR" in changes:
        assert not re.search(r"\x1b\[[0-9;]*3[0-9]m", shown)


@POSIX
@pytest.mark.parametrize("locale", [{"LANG": "C"}, {"LC_ALL": "C"}, {"LC_ALL": "C", "LANG": "C"}])
def test_errors_and_output_are_utf8_in_the_c_locale(
    kyodo_executable: str, tmp_path: Path, locale: dict[str, str]
) -> None:
    env = {**os.environ, **locale, "PYTHONIOENCODING": "ascii"}
    shown = run(kyodo_executable, "show", "27", "0", cwd=tmp_path, env=env)
    assert shown.returncode == 2
    assert shown.stdout.decode("utf-8").startswith("Q27（第1章 協働を始める前に）")
    one_error_line(shown.stderr.decode("utf-8"), "「0」は番号として使えません")


@POSIX
def test_stdout_a_file(kyodo_executable: str, tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    with target.open("wb") as handle:
        result = run(
            kyodo_executable, "show", "1-76", cwd=tmp_path, stdout=handle, stderr=subprocess.PIPE
        )
    assert (result.returncode, result.stderr) == (0, b"")
    piped = run(kyodo_executable, "show", "1-76", cwd=tmp_path).stdout
    assert target.read_bytes() == piped and b"\x1b" not in piped


@POSIX
def test_stdout_closed_or_full(kyodo_executable: str, tmp_path: Path) -> None:
    closed = subprocess.run(
        f"'{kyodo_executable}' show 27 >&-", shell=True, cwd=tmp_path, capture_output=True
    )
    assert closed.returncode == 74
    one_error_line(closed.stderr.decode("utf-8"), "標準出力に書き込めません（閉じられています）")
    if not Path("/dev/full").exists():
        return
    with open("/dev/full", "wb") as full:
        result = run(
            kyodo_executable, "show", "1-76", cwd=tmp_path, stdout=full, stderr=subprocess.PIPE
        )
    assert result.returncode == 74
    one_error_line(result.stderr.decode("utf-8"), "空き容量がありません")


@POSIX
def test_stderr_closed_still_gives_the_status(kyodo_executable: str, tmp_path: Path) -> None:
    result = subprocess.run(
        f"'{kyodo_executable}' show 0 2>&-", shell=True, cwd=tmp_path, capture_output=True
    )
    assert (result.returncode, result.stdout) == (2, b"")


@POSIX
def test_ctrl_c_while_asking(kyodo_executable: str, tmp_path: Path) -> None:
    """SIGINT while ``ask`` is busy (indexing a corpus of 1,216 Q&As): 130, quietly, and no
    half-written file left in the cache."""
    data = json.loads(
        (Path(__file__).parent.parent / "src/kyodo_cli/data/qa.json").read_text("utf-8")
    )
    items = [{**item, "number": n} for n, item in enumerate(data["items"] * 16, 1)]
    chapters = [{"number": 1, "title": "全部"}]
    corpus = {**data, "chapters": chapters, "items": [{**i, "chapter": 1} for i in items]}
    path = tmp_path / "big.json"
    path.write_text(json.dumps(corpus, ensure_ascii=False), encoding="utf-8")
    cache = tmp_path / "cache"
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    process = subprocess.Popen(
        [kyodo_executable, "ask", "補助金", "--corpus", str(path)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    time.sleep(1.0)  # well past start-up: Python's own start is no place of kyodo's
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert (stdout, stderr) == (b"", b"")
    assert not list(cache.rglob("*.tmp"))


def test_ctrl_c_while_the_cli_module_is_imported(tmp_path: Path) -> None:
    """Ctrl-C during start-up (typer being imported) ends kyodo with 130 and no traceback."""
    script = (
        "import sys\n"
        "class Interrupt:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'typer':\n"
        "            raise KeyboardInterrupt\n"
        "sys.meta_path.insert(0, Interrupt())\n"
        "from kyodo_cli.cli.app import main\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, timeout=60
    )
    assert (result.returncode, result.stderr) == (130, b"")
