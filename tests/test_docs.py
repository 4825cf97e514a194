"""The README documents every command with its help text, and CI runs its set-up commands."""

from __future__ import annotations

import re
from pathlib import Path

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
