"""The direct path of the ``kyodo`` executable (cli/entry.py) against typer's (cli/app.py):
over generated command lines, both print the same, byte for byte, and exit the same way;
the common command lines take the direct path, and it never imports typer."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import small_corpus_data

from kyodo_cli.cli import app, completion, entry
from kyodo_cli.present.output import Environment

SMALL = Path(tempfile.gettempdir()) / f"kyodo-entry-{os.getpid()}.json"  # see the fixture

WORDS = ["27", "Q27", "２７", "27-29", "0", "77", "1-76", "x", "", " ", "補助金", "協働"]
WORDS += ["第2章", "2", "計画", "どう選べばいいですか", "Ｑ３", "27〜28", "a\tb", "\x1b[31m"]
OPTIONS = ["--plain", "--json", "--full", "-c", "--chapter", "-n", "--limit", "--corpus"]
OPTIONS += ["--help", "-h", "--bogus", "--", "-", "-5", "--plain=1", "--chapter=3", "-c2"]
OPTIONS += ["--limit=2", "-v", "--version", "--corpus=" + str(SMALL), "--corpus"]
VALUES = ["1", "3", "5", "76", "77", "0", "05", "+5", "٣", "1_0", "-1", "x", "協働", "第3章"]
COMMANDS = ["show", "list", "chapters", "ask", "validate", "shw", "--plain", "-v", "--help"]

token = st.sampled_from(WORDS + OPTIONS + VALUES + [str(SMALL)])
anything = st.builds(
    lambda command, rest: [command, *rest], st.sampled_from(COMMANDS), st.lists(token, max_size=6)
)
# Mostly well-formed: the shapes the direct path takes, with odd words and values.
well_formed_part = st.one_of(
    st.sampled_from(WORDS).map(lambda word: [word]),
    st.sampled_from(["--plain", "--json", "--full"]).map(lambda flag: [flag]),
    st.tuples(st.sampled_from(["-c", "--chapter", "-n", "--limit"]), st.sampled_from(VALUES)).map(
        list
    ),
    st.just(["--corpus", str(SMALL)]),
)
well_formed = st.builds(
    lambda command, parts: [command, *(arg for part in parts for arg in part)],
    st.sampled_from(["show", "list", "chapters", "ask"]),
    st.lists(well_formed_part, max_size=4),
)
argv = st.one_of(anything, well_formed)


@pytest.fixture(scope="module", autouse=True)
def small_corpus_file() -> object:
    SMALL.write_text(json.dumps(small_corpus_data(), ensure_ascii=False), encoding="utf-8")
    yield
    SMALL.unlink()


def both(args: list[str]) -> tuple[tuple[int, str, str], tuple[int, str, str]]:
    def once(main: object) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        env = Environment(out, err, stdout_is_terminal=False, width=80, colour=False)
        status = main(list(args), env)  # type: ignore[operator]
        return status, out.getvalue(), err.getvalue()

    return once(entry.main), once(app.main)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(argv)
def test_the_direct_path_answers_as_typer_does(args: list[str]) -> None:
    direct, through_typer = both(args)
    assert direct == through_typer


@pytest.mark.parametrize(
    "args",
    [
        ["show", "27", "--plain"],
        ["show", "27-29", "Q3", "x", "--json"],
        ["list", "-c", "2", "--plain"],
        ["list", "--chapter=第3章"],
        ["chapters", "--json"],
        ["ask", "補助金", "-n", "3", "--plain"],
        ["ask", "協働の", "パートナー", "--limit=2", "--full", "-c", "1"],
        ["ask", "補助金", "--corpus", str(SMALL)],
        ["ask", "xyzzy", "--json"],
    ],
)
def test_common_command_lines_take_the_direct_path(args: list[str]) -> None:
    assert entry.parsed(args, {}) is not None
    direct, through_typer = both(args)
    assert direct == through_typer


@pytest.mark.parametrize(
    "args",
    [
        ["show"],
        ["show", "27", "--plain", "--plain"],
        ["show", "-5"],
        ["show", "27", "--help"],
        ["list", "3"],
        ["list", "-c"],
        ["list", "-c", "-1"],
        ["ask", "補助金", "-n", "٣"],
        ["ask", "補助金", "-n", "+5"],
        ["ask", "--", "-x"],
        ["-v", "show", "27"],
        ["chapters", "--corpus="],
    ],
)
def test_unusual_command_lines_go_to_typer(args: list[str]) -> None:
    assert entry.parsed(args, {}) is None


def test_shell_completion_and_an_empty_corpus_variable_go_to_typer() -> None:
    assert entry.COMPLETE_VAR == completion.COMPLETE_VAR
    assert entry.parsed(["chapters"], {entry.COMPLETE_VAR: "complete_bash"}) is None
    assert entry.parsed(["chapters"], {entry.CORPUS_VAR: ""}) is None
    assert entry.parsed(["chapters"], {entry.CORPUS_VAR: str(SMALL)}) is not None


def test_the_corpus_variable_is_read_as_typer_reads_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(entry.CORPUS_VAR, str(SMALL))
    direct, through_typer = both(["list", "--plain"])
    assert direct == through_typer
    assert "二つ目の質問ですか。" in direct[1]


def test_the_direct_path_never_imports_typer() -> None:
    script = (
        "import sys\nfrom kyodo_cli.cli.entry import main\n"
        "status = main(['show', '27', '--plain'])\n"
        "assert 'typer' not in sys.modules and 'rich' not in sys.modules, 'imported'\n"
        "sys.exit(status)"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("Q27（")


# -- the end of the process ----------------------------------------------------------------


@pytest.mark.parametrize(
    "command", [["list", "--json"], ["show", "1-76", "--plain"], ["ask", "補助金", "--json"]]
)
def test_the_executable_writes_all_of_its_output_to_a_file(
    kyodo_executable: str, tmp_path: Path, command: list[str]
) -> None:
    """A file takes the output in blocks (of 8 KiB): what was still buffered when the
    process ended without the interpreter's teardown must have been written all the same,
    whether that was all of it (ask) or the end of it."""
    expected = io.StringIO()
    status = entry.main(command, Environment(expected, io.StringIO(), stdout_is_terminal=False))
    output = tmp_path / "out.txt"
    with output.open("w", encoding="utf-8") as handle:
        done = subprocess.run([kyodo_executable, *command], stdout=handle, check=False)
    assert done.returncode == status
    assert output.read_text(encoding="utf-8") == expected.getvalue() != ""


@pytest.mark.parametrize(
    ("setup", "left"),
    [
        ("", False),
        ("import atexit\natexit.register(print, 'bye')\n", True),
        ("import threading, time\nthreading.Thread(target=time.sleep, args=(5,)).start()\n", True),
    ],
)
def test_the_process_ends_at_once_only_when_nothing_is_left_to_run(setup: str, left: bool) -> None:
    script = f"{setup}from kyodo_cli.cli import entry\nprint(entry._nothing_left_to_run())"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.stdout.splitlines()[0] == str(not left)


def test_python_m_kyodo_cli_runs_the_executable(tmp_path: Path) -> None:
    output = tmp_path / "out.txt"
    with output.open("w", encoding="utf-8") as handle:
        done = subprocess.run([sys.executable, "-m", "kyodo_cli", "show", "27"], stdout=handle)
    assert done.returncode == 0
    assert output.read_text(encoding="utf-8").startswith("Q27（")
