"""Real bash, zsh and fish completing a command line with kyodo's completion script loaded.

zsh completes only inside its line editor, so it runs interactively on a pseudo-terminal:
the test types the line and a tab, and zsh's own ``_arguments`` and ``_describe`` do the
work, as for a user. A wrapper around ``compadd`` (the builtin that finally offers the
candidates) records what is offered and how it is shown, into a file. bash is asked the way
its completion machinery asks (``COMP_WORDS``, then the function), fish with
``complete --do-complete``.
"""

from __future__ import annotations

import contextlib
import os
import pty
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

TIMEOUT = 60

# Offered words and their display strings, NUL-separated, for each compadd that adds them.
_ZSH_SETUP = r"""
autoload -U compinit && compinit -u -D
source "$KYODO_TEST_SCRIPT"
compadd() {
  if (( ${@[(I)-[OAD]]} )); then builtin compadd "$@"; return; fi
  local -a __words __shown
  (( ${@[(I)-d]} )) && __shown=( "${(@P)${@[${@[(i)-d]}+1]}}" )
  (( ${@[(I)-a]} )) && __words=( "${(@P)${@[-1]}}" )
  print -rN -- $#__words "${__words[@]}" $#__shown "${__shown[@]}" >> "$KYODO_TEST_RECORD"
  builtin compadd "$@"
}
_kyodo_test_done() { print -r -- done > "$KYODO_TEST_RECORD.done" }
comppostfuncs=( _kyodo_test_done )
print -r -- ready > "$KYODO_TEST_RECORD.ready"
"""
_FISH_SESSION = "source $argv[1]; complete --do-complete $argv[2]"


@dataclass(frozen=True)
class Offered:
    """A word zsh offers, and how its list shows it ("value  -- description"), if it does."""

    word: str
    shown: str | None


def available(shell: str) -> bool:
    return shutil.which(shell) is not None


def zsh_completes(
    script: str, line: str, workdir: Path, env: Mapping[str, str] | None = None
) -> list[Offered]:
    """What zsh offers when ``line`` is typed and then a tab, with ``script`` loaded."""
    setup, record = workdir / "zsh-setup.zsh", workdir / "zsh-record"
    (workdir / "zsh-script.zsh").write_text(script, encoding="utf-8")
    setup.write_text(_ZSH_SETUP, encoding="utf-8")
    record.write_bytes(b"")
    variables = {
        **(env or os.environ),
        "KYODO_TEST_SCRIPT": str(workdir / "zsh-script.zsh"),
        "KYODO_TEST_RECORD": str(record),
        "TERM": "xterm",
        "COLUMNS": "200",
        "LINES": "50",
    }
    with _terminal_session(["zsh", "-f", "-i"], workdir, variables) as (typed, screen):
        typed(f"source '{setup}'\n")
        _wait_for(Path(f"{record}.ready"), screen)
        typed(line + "\t")
        _wait_for(Path(f"{record}.done"), screen)
    return _offered(record.read_bytes().decode("utf-8"))


def bash_completes(
    script: str, words: list[str], workdir: Path, env: Mapping[str, str]
) -> list[str]:
    """bash's COMPREPLY when completing the last of ``words`` with ``script`` loaded."""
    script_path = workdir / "bash-script.sh"
    script_path.write_text(script, encoding="utf-8")
    session = (
        'source "$1"; shift\n'
        'COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 ))\n'
        "_kyodo_completion kyodo\n"
        'printf "%s\\0" "${COMPREPLY[@]}"\n'
    )
    result = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", session, "bash", str(script_path), *words],
        env=dict(env),
        cwd=workdir,
        capture_output=True,
        timeout=TIMEOUT,
    )
    assert (result.returncode, result.stderr) == (0, b""), result.stderr.decode()
    return [word for word in result.stdout.decode("utf-8").split("\0") if word]


def fish_completes(script: str, line: str, workdir: Path, env: Mapping[str, str]) -> list[str]:
    """fish's completions of ``line`` (``value`` or ``value<TAB>description`` each)."""
    script_path = workdir / "fish-script.fish"
    script_path.write_text(script, encoding="utf-8")
    result = subprocess.run(
        ["fish", "--no-config", "-c", _FISH_SESSION, str(script_path), line],
        env=dict(env),
        cwd=workdir,
        capture_output=True,
        timeout=TIMEOUT,
    )
    assert (result.returncode, result.stderr) == (0, b""), result.stderr.decode()
    return result.stdout.decode("utf-8").splitlines()


# -- a pseudo-terminal ---------------------------------------------------------------------


@contextlib.contextmanager
def _terminal_session(
    command: list[str], workdir: Path, env: Mapping[str, str]
) -> Iterator[tuple[Callable[[str], int], bytearray]]:
    """``command`` on a pseudo-terminal: a function that types, and what it has shown."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        command, stdin=follower, stdout=follower, stderr=follower, cwd=workdir, env=dict(env)
    )
    os.close(follower)
    screen = bytearray()
    reader = threading.Thread(target=_read_all, args=(leader, screen), daemon=True)
    reader.start()
    try:
        yield (lambda text: os.write(leader, text.encode("utf-8"))), screen
    finally:
        process.kill()
        process.wait(timeout=TIMEOUT)
        os.close(leader)
        reader.join(timeout=TIMEOUT)


def _read_all(leader: int, screen: bytearray) -> None:
    with contextlib.suppress(OSError):  # the terminal closes when the shell ends
        while data := os.read(leader, 4096):
            screen.extend(data)


def _wait_for(path: Path, screen: bytearray) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not path.exists():
        if time.monotonic() > deadline:
            raise AssertionError(
                f"zsh did not finish; it showed:\n{screen.decode(errors='replace')}"
            )
        time.sleep(0.02)


def _offered(record: str) -> list[Offered]:
    fields = record.split("\0")[:-1]
    offered: list[Offered] = []
    while fields:
        words, shown = _counted(fields), _counted(fields)
        offered += [Offered(word, shown[i] if shown else None) for i, word in enumerate(words)]
    return offered


def _counted(fields: list[str]) -> list[str]:
    count = int(fields.pop(0))
    taken = fields[:count]
    del fields[:count]
    return taken
