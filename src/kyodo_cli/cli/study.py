"""The commands for study and for taking the text elsewhere: export, random, quiz and
browse. ``cli`` registers them after its own; they use its shared options and helpers."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kyodo_cli.cli import completion
from kyodo_cli.cli import options as base
from kyodo_cli.cli.arguments import (
    chapters_of,
    invalid_numbers_error,
    parse_numbers,
    resolve_chapter,
)
from kyodo_cli.cli.options import AsJson, ChapterSpec, Colour, CorpusPath, NoPager, Plain, Seed
from kyodo_cli.errors import ExitStatus, UsageError
from kyodo_cli.escape import shown_path
from kyodo_cli.present.output import ColourChoice
from kyodo_cli.present.renderers import SHOW
from kyodo_cli.present.views import item_view

if TYPE_CHECKING:
    from kyodo_cli.corpus.records import Corpus
    from kyodo_cli.export.handbook import Handbook


def export(
    ctx: typer.Context,
    numbers: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[番号]...",
            show_default=False,
            help="書き出す質問の番号（27、27-29 など。既定: すべて）",
            autocompletion=completion.complete_numbers,
        ),
    ] = None,
    format_name: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="形式",
            help="md、html、csv、jsonl のいずれか（既定: 出力ファイルの拡張子、なければ md）",
            autocompletion=completion.complete_formats,
        ),
    ] = None,
    chapter: ChapterSpec = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="ファイル", help="書き出すファイル（既定: 標準出力）"
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", metavar="", help="すでにあるファイルを上書きする")
    ] = False,
    corpus_path: CorpusPath = None,
) -> None:
    """質問と回答を Markdown、HTML、CSV、JSON Lines で書き出す（番号を付ければその質問だけ）"""
    from kyodo_cli.export.handbook import (
        check_target,
        choose_format,
        file_target,
        handbook,
        write_file,
    )

    export_format = choose_format(format_name, output)
    target = file_target(output)
    if target is not None:
        check_target(target, force=force)  # before the work, not after it
    corpus = base.corpus_at(ctx, corpus_path)
    if numbers:
        if chapter is not None:
            raise UsageError("番号と --chapter は一緒に指定できません。どちらか一方にしてください")
        selected = _handbook_of_numbers(corpus, numbers)
    else:
        selected = handbook(corpus, chapters_of(corpus, chapter))
    text = export_format.render(selected)
    out = base.text_output(ctx)
    if target is None:
        out.env.stdout.write(text)
        out.env.stdout.flush()
    else:
        write_file(target, text, force=force)
        count = selected.question_count
        out.notice(f"{shown_path(target)} に書き出しました（{export_format.name}、{count} 問）")


def _handbook_of_numbers(corpus: "Corpus", numbers: list[str]) -> "Handbook":
    from kyodo_cli.export.handbook import handbook_of_items

    first, last = corpus.number_bounds()
    selection = parse_numbers(numbers, first, last)
    if selection.invalid:
        raise invalid_numbers_error(selection.invalid, first, last)
    return handbook_of_items(corpus, selection.numbers)


def random_question(
    ctx: typer.Context,
    chapter: ChapterSpec = None,
    seed: Seed = None,
    corpus_path: CorpusPath = None,
    plain: Plain = False,
    as_json: AsJson = False,
    colour: Colour = ColourChoice.AUTO,
    no_pager: NoPager = False,
) -> None:
    """質問を一つ無作為に選んで表示する（show と同じ形で）"""
    from kyodo_cli.study.quiz import pick, question_pool

    session = base.session_of(ctx)
    corpus = base.corpus_at(ctx, corpus_path)
    (qa,) = pick(question_pool(corpus, chapters_of(corpus, chapter)), 1, seed)
    base.output_for(ctx, plain, as_json).emit(
        [item_view(corpus, qa, session.related(corpus, qa.number))], SHOW
    )


def quiz(
    ctx: typer.Context,
    chapter: ChapterSpec = None,
    count: Annotated[
        int | None,
        typer.Option("--count", "-n", metavar="問数", help="出題する数（既定: 5）"),
    ] = None,
    seed: Seed = None,
    corpus_path: CorpusPath = None,
    plain: Plain = False,
) -> None:
    """無作為に選んだ質問で自習する（答えを見て、わかったかどうかを記録する）"""
    from kyodo_cli.study.quiz import checked_count, pick, question_pool, run_quiz
    from kyodo_cli.study.terminal import TerminalQuiz, require_terminal

    keyboard = require_terminal(base.session_of(ctx).env.stdin)
    corpus = base.corpus_at(ctx, corpus_path)
    pool = question_pool(corpus, chapters_of(corpus, chapter))
    questions = pick(pool, checked_count(count, len(pool)), seed)
    terminal = TerminalQuiz(base.output_for(ctx, plain, as_json=False), keyboard)
    terminal.summary(run_quiz(corpus, questions, terminal.read, terminal.show))
    if terminal.interrupted:
        raise typer.Exit(ExitStatus.INTERRUPTED)


def browse(
    ctx: typer.Context,
    chapter: ChapterSpec = None,
    corpus_path: CorpusPath = None,
) -> None:
    """入力しながら質問を探し、回答を読む全画面の表示を開く（端末でのみ）"""
    corpus = base.corpus_at(ctx, corpus_path)
    chapter_number = None if chapter is None else resolve_chapter(corpus, chapter).number
    session = base.session_of(ctx)
    streams = {
        "標準入力": session.env.stdin_is_terminal,
        "標準出力": session.env.stdout_is_terminal,
    }
    if not all(streams.values()):
        names = "と".join(name for name, terminal in streams.items() if not terminal)
        raise UsageError(f"browse は端末で使う全画面のコマンドです（{names}が端末ではありません）")
    from kyodo_cli.study.browse import (
        browse as run_browser,  # Textual is loaded by this command only
    )

    status = run_browser(session, corpus, chapter_number)
    if status != ExitStatus.OK:
        raise typer.Exit(status)
