"""The ``kyodo`` executable: the common command lines run directly, everything else
through typer.

Importing typer (with the click inside it) and building a command costs about 30 ms on
every run: half of what ``kyodo show 27`` needs otherwise. The command lines people type
most — ``show N…``, ``list [-c X]``, ``chapters`` and ``ask WORDS [-n N] [-c X] [--full]``,
with ``--plain``, ``--json`` and ``--corpus FILE`` — are recognised here by their shape and
run with the same functions the typer commands call (:mod:`.commands`). Anything else (a
global option, ``--help``, an option given twice, a value that looks like an option, shell
completion, a number written in another script) goes to :mod:`.app`, which stays the one
definition of the command line; a test checks over generated command lines that both
paths print the same and exit with the same status.
"""

import os
import re
import sys
from collections.abc import Mapping, Sequence
from contextlib import redirect_stderr, redirect_stdout
from functools import partial
from pathlib import Path
from typing import NamedTuple, NoReturn, TextIO, cast

from kyodo_cli.cli.failure import fail, unexpected, with_sound_caches
from kyodo_cli.errors import ExitStatus, KyodoError, StdoutClosed
from kyodo_cli.present.output import Environment, PipeGuard, discard_stdout
from kyodo_cli.session import Session

COMPLETE_VAR = "_KYODO_COMPLETE"  # as in .completion, which imports typer
CORPUS_VAR = "KYODO_CORPUS"
_LIMIT = r"[0-9]{1,6}"  # compiled on first use, by re's own cache


class Shape(NamedTuple):
    """The options a command accepts on the direct path, and whether it takes words."""

    flags: Mapping[str, str]
    valued: Mapping[str, str]
    positional: bool


COMMON_FLAGS = {"--plain": "plain", "--json": "as_json"}
SHAPES = {
    "show": Shape(COMMON_FLAGS, {"--corpus": "corpus"}, positional=True),
    "list": Shape(
        COMMON_FLAGS, {"--corpus": "corpus", "--chapter": "chapter", "-c": "chapter"}, False
    ),
    "chapters": Shape(COMMON_FLAGS, {"--corpus": "corpus"}, positional=False),
    "ask": Shape(
        {**COMMON_FLAGS, "--full": "full"},
        {
            "--corpus": "corpus",
            "--chapter": "chapter",
            "-c": "chapter",
            "--limit": "limit",
            "-n": "limit",
        },
        positional=True,
    ),
}


class Parsed(NamedTuple):
    """A recognised command line: the command, its words, and its options by name."""

    name: str
    words: list[str]
    options: dict[str, str | bool]


def parsed(args: Sequence[str], environ: Mapping[str, str]) -> Parsed | None:
    """``args`` read as one of the common shapes, or None when typer should read them."""
    if not args or COMPLETE_VAR in environ or environ.get(CORPUS_VAR) == "":
        return None
    shape = SHAPES.get(args[0])
    if shape is None or not all(map(_from_a_command_line, args)):
        return None
    result = Parsed(args[0], [], {})
    rest = iter(args[1:])
    for arg in rest:
        if not arg.startswith("-"):
            result.words.append(arg)
            continue
        name, equals, inline = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        key = shape.flags.get(name) or shape.valued.get(name)
        if key is None or key in result.options:
            return None
        if name in shape.flags:
            if equals:
                return None
            result.options[key] = True
            continue
        value = inline if equals else next(rest, None)
        if not value or value.startswith("-"):
            return None
        result.options[key] = value
    if bool(result.words) != shape.positional:
        return None
    limit = result.options.get("limit")
    if isinstance(limit, str) and not re.fullmatch(_LIMIT, limit):
        return None
    return result


def _from_a_command_line(arg: str) -> bool:
    """As in .app: a NUL or an undecodable surrogate gets typer's own refusal."""
    try:
        return b"\0" not in os.fsencode(arg)
    except UnicodeError:
        return False


def main(argv: Sequence[str] | None = None, env: Environment | None = None) -> int:
    """Run kyodo on ``argv`` (default: the process's arguments); return the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    command = parsed(args, os.environ)
    if command is None:
        return _through_typer(args, env)
    env = env or Environment.from_system()
    guard = PipeGuard(env.stdout)
    stdout = cast(TextIO, guard)
    try:
        with redirect_stdout(stdout), redirect_stderr(env.stderr):
            invoke = partial(run, command, environ=os.environ)
            return with_sound_caches(invoke, env._replace(stdout=stdout), guard, _never)
    except KyodoError as error:
        return fail(env, error.message, error.status, error.details)
    except StdoutClosed:
        discard_stdout(env.stdout)
        return int(ExitStatus.BROKEN_PIPE)
    except KeyboardInterrupt:
        return int(ExitStatus.INTERRUPTED)
    except Exception as error:
        if env.debug:
            raise
        return fail(env, unexpected(error), ExitStatus.INTERNAL)


def command() -> NoReturn:
    """The ``kyodo`` executable: ``main``, then the process ends. When nothing is left to
    run at exit (no atexit callback, no other thread), the output is flushed and the
    process ends without the interpreter's teardown, which only frees what the system
    takes back anyway: 10-20 ms of an ``ask``."""
    status = main()
    if _nothing_left_to_run() and _flushed(sys.stdout) and _flushed(sys.stderr):
        os._exit(status)
    sys.exit(status)  # the usual exit deals with the streams, as it always did


def _flushed(stream: TextIO | None) -> bool:
    """Whether what was written to ``stream`` is out (None: the descriptor was closed when
    the process started, so there is no stream)."""
    if stream is None:
        return True
    try:
        stream.flush()
    except (OSError, ValueError):
        return False
    return True


def _nothing_left_to_run() -> bool:
    import atexit

    callbacks = getattr(atexit, "_ncallbacks", None)  # CPython's count of them
    threading = sys.modules.get("threading")
    return (
        callbacks is not None
        and callbacks() == 0
        and (threading is None or threading.active_count() == 1)
    )


def _never(error: Exception) -> bool:
    return False  # no parser ran, so no error is its answer


def _through_typer(args: list[str], env: Environment | None) -> int:
    from kyodo_cli.cli.app import main as typer_main

    return typer_main(args, env)


def run(command: Parsed, session: Session, environ: Mapping[str, str]) -> int:
    """Run a recognised command line in ``session``; the exit status."""
    from kyodo_cli.cli import commands

    commands.log_progress_to(None)  # as the root callback does without --verbose
    options = command.options
    corpus = options.get("corpus") or environ.get(CORPUS_VAR)
    corpus_path = Path(corpus) if isinstance(corpus, str) else None
    chapter = options.get("chapter")
    chapter = chapter if isinstance(chapter, str) else None
    out = commands.output_of(session, bool(options.get("plain")), bool(options.get("as_json")))
    if command.name == "show":
        commands.show(session, command.words, corpus_path, out)
    elif command.name == "list":
        commands.list_questions(session, chapter, corpus_path, out)
    elif command.name == "chapters":
        commands.chapters(session, corpus_path, out)
    else:
        limit = options.get("limit")
        return commands.ask(
            session,
            command.words,
            limit=int(limit) if isinstance(limit, str) else None,
            chapter=chapter,
            full=bool(options.get("full")),
            corpus_path=corpus_path,
            out=out,
        )
    return int(ExitStatus.OK)
