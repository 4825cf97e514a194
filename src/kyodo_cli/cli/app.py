"""The kyodo command line.

Each command parses its arguments, asks the core, and hands a view to the writer. ``main``
is the one place where errors become a line on stderr and an exit status. The search
engine is imported only by the commands that use it, so ``list`` and ``chapters`` never
load it.
"""

import copy
import os
import sys
from collections.abc import Sequence
from contextlib import redirect_stderr, redirect_stdout
from functools import partial
from pathlib import Path
from typing import Annotated, TextIO, cast

from kyodo_cli.errors import (
    CorpusError,
    ExitStatus,
    KyodoError,
    StdoutClosed,
    UsageError,
)
from kyodo_cli.escape import one_line, printable, shown_path

try:  # Ctrl-C while kyodo is still starting up ends it as quietly as later on (see main)
    import typer
    from typer.models import CommandInfo

    from kyodo_cli import __version__
    from kyodo_cli.cli import commands, completion
    from kyodo_cli.cli.completion import InstallCompletion, ShowCompletion
    from kyodo_cli.cli.failure import fail as _fail
    from kyodo_cli.cli.failure import unexpected, with_sound_caches
    from kyodo_cli.cli.japanese import (
        JapaneseCommand,
        JapaneseGroup,
        from_the_parser,
        usage_error_message,
    )
    from kyodo_cli.cli.options import (
        AsJson,
        ChapterSpec,
        Colour,
        CorpusPath,
        NoPager,
        Plain,
        environment_of,
        output_for,
        session_of,
        text_output,
    )
    from kyodo_cli.corpus.records import load_corpus
    from kyodo_cli.present.output import (
        ColourChoice,
        Environment,
        Output,
        OutputMode,
        PipeGuard,
        discard_stdout,
    )
    from kyodo_cli.session import Session
except KeyboardInterrupt:
    raise SystemExit(ExitStatus.INTERRUPTED) from None

BROKEN_PIPE = ExitStatus.BROKEN_PIPE
INTERNAL_ERROR = ExitStatus.INTERNAL

HELP = """\
旭川市「協働に関する76の疑問」をオフラインで引く。

使い方の例:
  kyodo show 27          Q27 の質問と回答を表示する（27-29、Q27 なども可）
  kyodo ask 補助金       言葉で質問を探す
  kyodo browse           入力しながら探して読む全画面の表示
  kyodo list -c 3        第3章の質問の一覧
  kyodo chapters         章の一覧
  kyodo validate F.json  コーパスのファイルを検査する
  kyodo random           質問を一つ無作為に表示する
  kyodo quiz -c 2        第2章の質問で自習する
  kyodo export -o a.md   手引きに書き出す（.html、.csv、.jsonl も）
  kyodo mcp              AI アシスタント向けの MCP サーバーとして動く

コマンドごとの説明は kyodo コマンド --help で表示する。"""

app = typer.Typer(
    cls=JapaneseGroup,
    help=HELP,
    add_completion=False,
    options_metavar="[オプション]",
    subcommand_metavar="コマンド [引数]...",
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(ctx: typer.Context, value: bool) -> None:
    if value and not ctx.resilient_parsing:  # not while the shell asks for completions
        text_output(ctx).line(f"kyodo {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            metavar="",
            is_eager=True,
            callback=_show_version,
            help="版を表示して終了する",
        ),
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", metavar="", help="索引の作成などの経過も表示する"),
    ] = False,
    install_completion: InstallCompletion = False,
    show_completion: ShowCompletion = False,
) -> None:
    """旭川市「協働に関する76の疑問」を引く"""
    commands.log_progress_to(environment_of(ctx).stderr if verbose else None)


@app.command(cls=JapaneseCommand, context_settings={"ignore_unknown_options": True})
def show(
    ctx: typer.Context,
    numbers: Annotated[
        list[str],
        typer.Argument(
            metavar="番号", show_default=False, autocompletion=completion.complete_numbers
        ),
    ],
    corpus_path: CorpusPath = None,
    plain: Plain = False,
    as_json: AsJson = False,
    colour: Colour = ColourChoice.AUTO,
    no_pager: NoPager = False,
) -> None:
    """番号の質問と回答を表示する（例: 27、Q27、２７、27-29、1-76。いくつでも: 27 28、27,28）"""
    commands.show(session_of(ctx), numbers, corpus_path, output_for(ctx, plain, as_json))


@app.command("list", cls=JapaneseCommand)
def list_questions(
    ctx: typer.Context,
    chapter: ChapterSpec = None,
    corpus_path: CorpusPath = None,
    plain: Plain = False,
    as_json: AsJson = False,
    colour: Colour = ColourChoice.AUTO,
    no_pager: NoPager = False,
) -> None:
    """質問の一覧を章ごとに表示する"""
    commands.list_questions(session_of(ctx), chapter, corpus_path, output_for(ctx, plain, as_json))


@app.command(cls=JapaneseCommand)
def chapters(
    ctx: typer.Context,
    corpus_path: CorpusPath = None,
    plain: Plain = False,
    as_json: AsJson = False,
    colour: Colour = ColourChoice.AUTO,
    no_pager: NoPager = False,
) -> None:
    """章の一覧（質問の番号の範囲と数）を表示する"""
    commands.chapters(session_of(ctx), corpus_path, output_for(ctx, plain, as_json))


@app.command(cls=JapaneseCommand)
def ask(
    ctx: typer.Context,
    words: Annotated[list[str], typer.Argument(metavar="言葉", show_default=False)],
    limit: Annotated[
        int,
        typer.Option(
            "--limit", "-n", metavar="件数", help="表示する件数（全部より多ければすべて）"
        ),
    ] = 5,
    chapter: ChapterSpec = None,
    full: Annotated[
        bool, typer.Option("--full", metavar="", help="すべての候補の回答を全文で表示する")
    ] = False,
    corpus_path: CorpusPath = None,
    plain: Plain = False,
    as_json: AsJson = False,
    colour: Colour = ColourChoice.AUTO,
    no_pager: NoPager = False,
) -> None:
    """言葉で質問を探し、いちばん近いものの回答と、ほかの候補を表示する

    言葉は漢字でも、かな（しゅひぎむ）やローマ字（kansa）でもよい。いくつかの語（補助金 監査）
    や文（委託料を払った事業に監査は入る？）も一つの問いとして扱う。
    """
    status = commands.ask(
        session_of(ctx),
        words,
        limit=limit,
        chapter=chapter,
        full=full,
        corpus_path=corpus_path,
        out=output_for(ctx, plain, as_json),
    )
    if status:
        raise typer.Exit(status)


@app.command(cls=JapaneseCommand)
def validate(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(metavar="ファイル", show_default=False, readable=False)],
) -> None:
    """コーパスの JSON ファイルを検査し、問題をすべて一行ずつ表示する"""
    out = text_output(ctx)
    name = shown_path(path)
    try:
        corpus = load_corpus(path)
    except CorpusError as error:
        if error.problems == (error.message,):  # unreadable: one message says it all
            raise
        for problem in error.problems:
            out.line(one_line(f"{name}: {problem}"))
        raise CorpusError(f"{name}: 問題が {len(error.problems)} 件あります") from None
    out.line(f"{name}: 問題ありません（{len(corpus.items)} 問、{len(corpus.chapters)} 章）")


def main(argv: Sequence[str] | None = None, env: Environment | None = None) -> int:
    """Run kyodo on ``argv`` (default: the process's arguments); return the exit status.

    Every outcome ends here: an error as one line on stderr with its status, a closed
    pipe quietly, Ctrl-C as 130. Never a traceback (unless KYODO_DEBUG asks for one).
    """
    env = env or Environment.from_system()
    args = list(sys.argv[1:] if argv is None else argv)
    guard = PipeGuard(env.stdout)
    stdout = cast(TextIO, guard)
    try:
        with redirect_stdout(stdout), redirect_stderr(env.stderr):
            return with_sound_caches(
                partial(_invoke, args), env._replace(stdout=stdout), guard, from_the_parser
            )
    except KyodoError as error:
        return _fail(env, error.message, error.status, error.details)
    except StdoutClosed:
        discard_stdout(env.stdout)
        return BROKEN_PIPE
    except (KeyboardInterrupt, typer.Abort):
        return int(ExitStatus.INTERRUPTED)
    except Exception as error:
        message = usage_error_message(error, _command_path(args))
        if message is not None:
            return _fail(env, message, ExitStatus.USAGE)
        if env.debug:
            raise
        return _fail(env, unexpected(error), INTERNAL_ERROR)


def _invoke(args: list[str], session: Session) -> int:
    env = session.env
    if not args and completion.requested():  # the shell's completion script calling back
        return completion.complete(typer.main.get_command(app), env)
    if not args:
        Output(env, OutputMode.PLAIN).line(HELP)
        return int(ExitStatus.OK)
    if impossible := next((arg for arg in args if not _from_a_command_line(arg)), None):
        raise UsageError(
            f"引数「{printable(impossible)}」はコマンドラインでは渡せない文字を含みます"
        )
    command = typer.main.get_command(_only_the_command_asked_for(args))
    status = command.main(args=args, prog_name="kyodo", standalone_mode=False, obj=session)
    return int(status) if isinstance(status, int) else int(ExitStatus.OK)


def _from_a_command_line(arg: str) -> bool:
    """Whether a process could have been given ``arg``: only a caller in Python can pass a
    NUL or a surrogate that no bytes decode to, and no file can be named with them."""
    try:
        return b"\0" not in os.fsencode(arg)
    except UnicodeError:
        return False


def _only_the_command_asked_for(args: list[str]) -> typer.Typer:
    """The app with just the command named in ``args``.

    Typer builds the parameters of every command on each run; a reference tool started
    dozens of times a day should pay only for the one it runs. The global options are
    flags, so the first argument that is not an option names the command; without a known
    name there (``kyodo --help``, a typo) the whole app answers.
    """
    chosen = _command_named_in(args)
    if chosen is None:
        return app
    lean = copy.copy(app)
    lean.registered_commands = [chosen]
    return lean


def _command_named_in(args: list[str]) -> CommandInfo | None:
    first = next((arg for arg in args if not arg.startswith("-")), None)
    return next((i for i in app.registered_commands if _command_name(i) == first), None)


def _command_path(args: list[str]) -> str:
    chosen = _command_named_in(args)
    return "kyodo" if chosen is None else f"kyodo {_command_name(chosen)}"


def _command_name(info: CommandInfo) -> str:
    callback = info.callback.__name__ if info.callback else ""
    return info.name or callback.replace("_", "-")


def _register_study_commands() -> None:
    """export, random, quiz and browse live in ``cli_study``, which uses this module's
    options and helpers; they are registered after the commands above, in this order."""
    from kyodo_cli.cli import study as cli_study

    app.command(cls=JapaneseCommand)(cli_study.export)
    app.command("random", cls=JapaneseCommand)(cli_study.random_question)
    app.command(cls=JapaneseCommand)(cli_study.quiz)
    app.command(cls=JapaneseCommand)(cli_study.browse)
    from kyodo_cli.cli import mcp as cli_mcp

    app.command(cls=JapaneseCommand)(cli_mcp.mcp)


_register_study_commands()
