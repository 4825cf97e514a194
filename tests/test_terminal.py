"""The terminal experience: colour choices, the pager, piped help."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest
from support import Result

from kyodo_cli.cli.app import main
from kyodo_cli.present.output import ColourChoice, Environment, OutputMode

ANSI = re.compile(r"\x1b\[[0-9;]*m")
COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-9]|9[0-7])(?:;[0-9;]*)?m")


def run(*args: str, **fields: object) -> Result:
    out, err = io.StringIO(), io.StringIO()
    env = Environment(out, err, **{"stdout_is_terminal": False, "width": 80, **fields})  # type: ignore[arg-type]
    status = main(list(args), env)
    return Result(status, out.getvalue(), err.getvalue())


# -- colour ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("terminal", "force", "choice", "expected"),
    [
        (True, False, ColourChoice.AUTO, OutputMode.RICH),
        (False, False, ColourChoice.AUTO, OutputMode.PLAIN),
        (False, True, ColourChoice.AUTO, OutputMode.RICH),
        (False, False, ColourChoice.ALWAYS, OutputMode.RICH),
        (False, True, ColourChoice.NEVER, OutputMode.PLAIN),
        (True, False, ColourChoice.NEVER, OutputMode.RICH),
    ],
)
def test_the_output_mode_follows_the_terminal_force_color_and_color(
    terminal: bool, force: bool, choice: str, expected: OutputMode
) -> None:
    env = Environment(io.StringIO(), io.StringIO(), terminal, force_colour=force)
    assert env.mode(plain=False, as_json=False, colour=choice) is expected
    assert env.mode(plain=True, as_json=False, colour=choice) is OutputMode.PLAIN
    assert env.mode(plain=False, as_json=True, colour=choice) is OutputMode.JSON


def test_color_always_gives_coloured_rich_output_into_a_pipe() -> None:
    result = run("show", "27", "--color", "always", colour=True)
    assert COLOUR.search(result.stdout) and "╭" in result.stdout


def test_color_never_gives_a_terminal_rich_output_without_colour() -> None:
    result = run("show", "27", "--color", "never", stdout_is_terminal=True, colour=True)
    assert "╭" in result.stdout and not COLOUR.search(result.stdout)


def test_force_color_colours_a_pipe_and_no_color_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR")
    assert Environment.from_system().force_colour
    monkeypatch.setenv("NO_COLOR", "1")
    assert not Environment.from_system().force_colour


def test_an_unknown_colour_choice_is_a_usage_error() -> None:
    result = run("show", "27", "--color", "sometimes")
    assert result.status == 2 and result.stderr.startswith("kyodo: エラー: ")
    assert "auto、always、never のいずれかを指定してください" in result.stderr
    assert run("show", "27", "--color", "ALWAYS").status == 0


# -- the pager ---------------------------------------------------------------------------


def fake_pager(tmp_path: Path) -> tuple[str, Path]:
    seen = tmp_path / "paged.txt"
    script = tmp_path / "pager.py"
    script.write_text(
        "import sys\nopen(sys.argv[1], 'wb').write(sys.stdin.buffer.read())\n", encoding="utf-8"
    )
    return f"{sys.executable} {script} {seen}", seen


def test_long_output_in_a_terminal_goes_through_the_pager(tmp_path: Path) -> None:
    pager, seen = fake_pager(tmp_path)
    result = run("list", stdout_is_terminal=True, pager=pager, height=24)
    assert result.status == 0 and result.stdout == ""
    paged = seen.read_text(encoding="utf-8")
    assert "第7章" in paged and "Q76" in ANSI.sub("", paged)


def test_output_that_fits_the_terminal_is_not_paged(tmp_path: Path) -> None:
    pager, seen = fake_pager(tmp_path)
    result = run("chapters", stdout_is_terminal=True, pager=pager, height=40)
    assert "その他の疑問" in result.stdout and not seen.exists()


@pytest.mark.parametrize(
    ("args", "terminal"),
    [
        (("list", "--no-pager"), True),
        (("list",), False),  # piped
        (("list", "--json"), False),
        (("list", "--plain"), False),
    ],
)
def test_no_pager_when_asked_or_piped(
    tmp_path: Path, args: tuple[str, ...], terminal: bool
) -> None:
    pager, seen = fake_pager(tmp_path)
    result = run(*args, stdout_is_terminal=terminal, pager=pager, height=24)
    assert "協働事業が失敗したり" in result.stdout and not seen.exists()


def test_a_pager_that_cannot_start_leaves_the_output_on_stdout() -> None:
    result = run("list", stdout_is_terminal=True, pager="/nonexistent/pager", height=24)
    assert result.status == 0 and "Q76" in ANSI.sub("", result.stdout)


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"KYODO_PAGER": "most", "PAGER": "more"}, "most"),
        ({"PAGER": "more"}, "more"),
        ({"PAGER": "cat"}, ""),
        ({"KYODO_PAGER": ""}, ""),
        ({}, "less -R -F -X"),
    ],
)
def test_the_pager_is_kyodo_pager_then_pager_then_less(
    monkeypatch: pytest.MonkeyPatch, variables: dict[str, str], expected: str
) -> None:
    for name in ("KYODO_PAGER", "PAGER"):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    assert Environment.from_system().pager == expected


# -- help --------------------------------------------------------------------------------

COMMANDS = ["show", "list", "chapters", "ask", "validate", "export", "random", "quiz", "browse"]


@pytest.mark.parametrize("args", [[], *([name] for name in COMMANDS)])
def test_piped_help_is_plain_and_whole(args: list[str]) -> None:
    result = run(*args, "--help", width=40)
    assert result.status == 0
    assert not re.search(r"[─-╿]", result.stdout), "no box drawing into a pipe"
    assert "…" not in result.stdout, "nothing cut off"
    assert result.stdout.startswith("使い方: kyodo")
    assert "Usage" not in result.stdout and "Options" not in result.stdout


def test_every_option_is_in_the_piped_help_with_its_whole_text() -> None:
    text = run("ask", "--help").stdout
    for words in (
        "--no-pager",
        "端末に収まらない出力でもページャー（KYODO_PAGER、PAGER、less）を使わない",
    ):
        assert words in text


@pytest.mark.parametrize("terminal", [False, True])
def test_usage_names_the_arguments_without_braces_or_python_types(terminal: bool) -> None:
    show = ANSI.sub("", run("show", "--help", stdout_is_terminal=terminal).stdout)
    assert "kyodo show [オプション] 番号..." in show
    assert "{" not in show and "<str>" not in show
    ask = ANSI.sub("", run("ask", "--help", stdout_is_terminal=terminal).stdout)
    assert "kyodo ask [オプション] 言葉..." in ask


def test_help_says_show_takes_several_numbers_and_ask_takes_kana_and_romaji() -> None:
    assert "27 28、27,28" in run("show", "--help").stdout
    ask = run("ask", "--help").stdout
    assert "かな" in ask and "ローマ字" in ask and "いくつかの語" in ask


@pytest.mark.parametrize("args", [[], *([name] for name in COMMANDS)])
def test_help_speaks_in_one_register(args: list[str]) -> None:
    """Descriptions end in the plain form (表示する), never です/ます."""
    text = run(*args, "--help").stdout
    assert not re.search(r"(ます|です)(。|$)", text, re.M), text
