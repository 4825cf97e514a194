"""The README documents every command with its help text, and CI runs its set-up commands."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import pytest

from kyodo_cli.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def commands() -> list[tuple[str, str]]:
    found = []
    for info in app.registered_commands:
        callback = info.callback
        assert callback is not None
        name = info.name or callback.__name__.replace("_", "-")
        help_text = info.help or (callback.__doc__ or "").strip().splitlines()[0]
        found.append((name, help_text))
    return found


@pytest.mark.parametrize(("name", "help_text"), commands())
def test_every_command_is_in_the_readme_with_its_help(name: str, help_text: str) -> None:
    row = re.search(rf"^\| `kyodo {re.escape(name)}\b[^|]*` \| (.+?) \|$", README, re.M)
    assert row, f"kyodo {name} has no row in the README's command table"
    assert row.group(1) == help_text


def setup_commands() -> list[str]:
    section = README.split("## セットアップ", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_readme_has_exactly_two_setup_commands() -> None:
    install, tests = setup_commands()
    assert "kyodo ask" in install
    assert "[test]" in tests and "pytest" in tests


@pytest.mark.parametrize("command", setup_commands())
def test_ci_runs_the_readme_setup_commands_verbatim(command: str) -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert command in ci.splitlines()


def test_exit_codes_are_documented() -> None:
    from kyodo_cli.errors import ExitStatus

    table = README.split("### 終了コード", 1)[1].split("\n### ", 1)[0]
    for status in ExitStatus:
        assert re.search(rf"^\| {int(status)} \|", table, re.M), status


# -- the README's console examples are what kyodo prints ------------------------------
#
# In a ```console block, a line ``$ kyodo …`` is run through a shell (so pipes work) with the
# installed kyodo first on PATH, in an empty directory, stdout and stderr being pipes. The
# lines after it are what it prints: a line beginning ``kyodo:`` is expected on stderr (and
# the indented lines right after it, which continue an error), any other on stdout. Within
# each stream, the shown lines must appear in order and together; a line ``…`` stands for
# lines left out, and a line ending in ``…`` for one whose end is left out. A byte order
# mark at the start of the output is not compared.

ELLIPSIS = "…"
BOM = "\ufeff"  # CSV for Excel begins with one; the README cannot show it


class Example(NamedTuple):
    command: str
    stdout: tuple[str, ...]
    stderr: tuple[str, ...]


def console_examples(readme: str = README) -> list[Example]:
    examples: list[Example] = []
    for block in re.findall(r"^```console\n(.*?)^```$", readme, re.M | re.S):
        command: str | None = None
        shown: list[str] = []
        for line in [*block.splitlines(), "$ "]:
            if line.startswith("$ "):
                if command:
                    examples.append(Example(command, *_streams(shown)))
                command, shown = line[2:].strip(), []
            else:
                shown.append(line)
    return examples


def _streams(shown: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The lines for stdout and for stderr: ``kyodo:`` lines, and the indented lines that
    continue an error (the formats after an unknown one), are stderr's."""
    out: list[str] = []
    err: list[str] = []
    to_stderr = False
    for line in shown:
        to_stderr = line.startswith("kyodo:") or (to_stderr and line.startswith("  "))
        (err if to_stderr else out).append(line)
    return tuple(out), tuple(err)


def shows(expected: Sequence[str], printed: str) -> bool:
    """Whether ``printed`` shows ``expected`` as the README means it (see above)."""
    lines = printed.removeprefix(BOM).splitlines()
    pieces: list[list[str]] = [[]]
    for line in expected:
        if line.strip() == ELLIPSIS:
            pieces.append([])
        else:
            pieces[-1].append(line)
    anchored_start = bool(expected) and expected[0].strip() != ELLIPSIS
    anchored_end = bool(expected) and expected[-1].strip() != ELLIPSIS
    position = 0
    for index, piece in enumerate(pieces):
        if not piece:
            continue
        last = index == len(pieces) - 1
        starts = [position] if index == 0 and anchored_start else range(position, len(lines))
        found = next((s for s in starts if _matches_at(piece, lines, s)), None)
        if found is None:
            return False
        position = found + len(piece)
        if last and anchored_end and position != len(lines):
            return False
    return True


def _matches_at(piece: Sequence[str], lines: Sequence[str], start: int) -> bool:
    if start + len(piece) > len(lines):
        return False
    return all(_line_matches(want, got) for want, got in zip(piece, lines[start:], strict=False))


def _line_matches(want: str, got: str) -> bool:
    if want == got:
        return True
    return want.endswith(ELLIPSIS) and got.startswith(want[: -len(ELLIPSIS)])


def test_the_readme_has_console_examples() -> None:
    examples = console_examples()
    assert len(examples) >= 10
    assert all(e.command.startswith("kyodo ") for e in examples)


def test_shows_reads_ellipses_as_left_out_lines() -> None:
    assert shows(["a", "…", "d"], "a\nb\nc\nd\n")
    assert not shows(["a", "d"], "a\nb\nc\nd\n")
    assert shows(["…", "c", "…"], "a\nb\nc\nd\n")
    assert not shows(["b"], "a\nb\n")
    assert shows(["ab…"], "abc\n")
    assert not shows(["c", "…", "a"], "a\nb\nc\n")
    assert shows([], "")


@pytest.mark.parametrize("example", console_examples(), ids=lambda e: e.command)
def test_readme_console_example(example: Example, kyodo_executable: str, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PATH": f"{Path(kyodo_executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "LANG": "C.UTF-8",
    }
    done = subprocess.run(
        ["sh", "-c", example.command],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    for stream, expected, printed in (
        ("stdout", example.stdout, done.stdout),
        ("stderr", example.stderr, done.stderr),
    ):
        if not shows(expected, printed):
            pytest.fail(f"README の例と{stream}が違います: $ {example.command}\n{printed}")
