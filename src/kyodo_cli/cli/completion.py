"""Shell completion for bash, zsh and fish, through typer's completion machinery.

``kyodo --install-completion`` and ``--show-completion`` write typer's script for the shell
kyodo runs in. The script calls kyodo back with ``_KYODO_COMPLETE`` set and the words typed
so far in other variables, and no arguments; :func:`requested` notices that and
:func:`complete` answers from the whole app (the start-up shortcut that builds only the
command asked for cannot know the command from an empty argument list). The candidates:
Q&A numbers with their questions, chapter numbers with their titles, export formats.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kyodo_cli.cli.arguments import parse_numbers
from kyodo_cli.corpus.records import Corpus
from kyodo_cli.errors import KyodoError, UsageError
from kyodo_cli.present.output import Environment, Output, OutputMode
from kyodo_cli.session import Session

if TYPE_CHECKING:
    from typer._click import Command

PROG = "kyodo"
COMPLETE_VAR = "_KYODO_COMPLETE"
SHELLS = ("bash", "zsh", "fish")
FISH_ACTION_VAR = "_TYPER_COMPLETE_FISH_ACTION"
DESCRIPTION_CHARS = 30  # a description longer than a line would break zsh's list

Candidates = list[tuple[str, str]]


# -- candidates --------------------------------------------------------------------------


def number_candidates(corpus: Corpus, incomplete: str, given: tuple[int, ...] = ()) -> Candidates:
    """Q&A numbers starting with what was typed (``Q2`` offers ``Q2``, ``Q20``…), each with
    its question; numbers already on the command line are left out."""
    prefix = incomplete[:1] if incomplete[:1] in ("Q", "q") else ""
    digits = incomplete[len(prefix) :]
    return [
        (f"{prefix}{qa.number}", description(qa.question))
        for qa in corpus.items
        if str(qa.number).startswith(digits) and qa.number not in given
    ]


def chapter_candidates(corpus: Corpus, incomplete: str) -> Candidates:
    return [
        (str(chapter.number), description(f"第{chapter.number}章 {chapter.title}"))
        for chapter in corpus.chapters
        if str(chapter.number).startswith(incomplete)
    ]


def description(text: str) -> str:
    """One short line, shown as written: each shell's answer escapes it for that shell."""
    line = " ".join(text.split())
    return line if len(line) <= DESCRIPTION_CHARS else line[: DESCRIPTION_CHARS - 1] + "…"


# -- callbacks that typer calls with the command line parsed so far ------------------------


def complete_numbers(ctx: typer.Context, incomplete: str) -> Candidates:
    corpus = _corpus(ctx)
    if corpus is None:
        return []
    first, last = corpus.number_bounds()
    given = parse_numbers(ctx.params.get("numbers") or (), first, last).numbers
    return number_candidates(corpus, incomplete, given)


def complete_chapters(ctx: typer.Context, incomplete: str) -> Candidates:
    corpus = _corpus(ctx)
    return [] if corpus is None else chapter_candidates(corpus, incomplete)


def complete_formats(incomplete: str) -> Candidates:
    from kyodo_cli.export.handbook import FORMATS

    return [(f.name, f.description) for f in FORMATS if f.name.startswith(incomplete)]


def _corpus(ctx: typer.Context) -> Corpus | None:
    path = ctx.params.get("corpus_path")
    try:
        return Session.of(ctx.find_root().obj).corpus(None if path is None else Path(path))
    except KyodoError:  # a broken --corpus: offer nothing rather than an error mid-line
        return None


# -- answering the shell -----------------------------------------------------------------


def requested() -> bool:
    return bool(os.environ.get(COMPLETE_VAR))


def complete(command: Command, env: Environment) -> int:
    """Answer a completion request on stdout; return the exit status the script expects.

    typer reads the command line the shell sends and finds the candidates; kyodo writes
    the answer (:mod:`.completion_shells`), since typer's would run a corpus's text in zsh.
    """
    instruction, _, shell = os.environ.get(COMPLETE_VAR, "").partition("_")
    if shell not in SHELLS:
        return 1
    if instruction == "source":
        env.stdout.write(script(shell) + "\n")
        return 0
    if instruction != "complete":
        return 1
    from kyodo_cli.cli.shells import ANSWERS

    answer = ANSWERS[shell](_candidates(shell, command))
    if shell == "fish" and os.environ.get(FISH_ACTION_VAR) == "is-args":
        return 0 if answer else 1  # fish asks first, to offer file names when kyodo has none
    env.stdout.write(answer + "\n")
    return 0


def _candidates(shell: str, command: Command) -> list[tuple[str, str]]:
    from typer._completion_classes import BashComplete, FishComplete, ZshComplete

    protocols: dict[str, type[BashComplete] | type[ZshComplete] | type[FishComplete]] = {
        "bash": BashComplete,
        "zsh": ZshComplete,
        "fish": FishComplete,
    }
    request = protocols[shell](command, {}, PROG, COMPLETE_VAR)
    found = request.get_completions(*request.get_completion_args())
    return [(item.value, item.help or "") for item in found]


# -- --install-completion and --show-completion --------------------------------------------


def current_shell() -> str:
    """The shell kyodo runs in (from the process tree, else ``$SHELL``), if supported."""
    for name in (_detected_shell(), Path(os.environ.get("SHELL", "")).name):
        if name in SHELLS:
            return name
    raise UsageError(
        "シェルを判別できませんでした。bash、zsh、fish のいずれかの中で実行してください"
    )


def _detected_shell() -> str | None:
    from typer._completion_shared import _get_shell_name

    return _get_shell_name()


def script(shell: str) -> str:
    from typer._completion_shared import get_completion_script

    return get_completion_script(prog_name=PROG, complete_var=COMPLETE_VAR, shell=shell)


def _install(ctx: typer.Context, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from typer._completion_shared import install

    shell, path = install(shell=current_shell(), prog_name=PROG, complete_var=COMPLETE_VAR)
    _say(ctx, f"{shell} の補完を {path} に設定しました。新しく開いた端末から使えます。")
    raise typer.Exit()


def _show(ctx: typer.Context, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    _say(ctx, script(current_shell()))
    raise typer.Exit()


def _say(ctx: typer.Context, text: str) -> None:
    Output(Session.of(ctx.find_root().obj).env, OutputMode.PLAIN).line(text)


InstallCompletion = Annotated[
    bool,
    typer.Option(
        "--install-completion",
        metavar="",
        is_eager=True,
        expose_value=False,
        callback=_install,
        help="使っているシェル（bash、zsh、fish）で補完が効くように設定する",
    ),
]
ShowCompletion = Annotated[
    bool,
    typer.Option(
        "--show-completion",
        metavar="",
        is_eager=True,
        expose_value=False,
        callback=_show,
        help="補完のスクリプトを表示する（自分で設定するとき）",
    ),
]
