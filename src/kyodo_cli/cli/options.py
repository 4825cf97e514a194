"""The options several commands share, and how a command reaches its session (the
environment, and the corpora, indexes and engines opened in this run) and its output."""

from pathlib import Path
from typing import Annotated

import typer

from kyodo_cli.cli import completion
from kyodo_cli.corpus.records import Corpus
from kyodo_cli.present.output import ColourChoice, Environment, Output, OutputMode
from kyodo_cli.session import Session

CorpusPath = Annotated[
    Path | None,
    typer.Option(
        "--corpus",
        envvar="KYODO_CORPUS",
        metavar="ファイル",
        help="同梱のものの代わりに使うコーパスの JSON ファイル",
        readable=False,  # kyodo reads it itself, and says why it cannot (status 3)
    ),
]
Plain = Annotated[
    bool,
    typer.Option("--plain", metavar="", help="装飾のないテキストで出力する（端末以外では常に）"),
]
AsJson = Annotated[bool, typer.Option("--json", metavar="", help="JSON で出力する")]


def _colour_choice(value: str) -> str:
    chosen = value.strip().casefold()
    if chosen not in ColourChoice.ALL:
        raise typer.BadParameter("auto、always、never のいずれか")
    return chosen


Colour = Annotated[
    str,
    typer.Option(
        "--color",
        metavar="auto|always|never",
        callback=_colour_choice,
        show_default=False,
        help="色を使うか（auto: 端末で NO_COLOR・FORCE_COLOR に従う。always はパイプにも色つきで）",
    ),
]
NoPager = Annotated[
    bool,
    typer.Option(
        "--no-pager",
        metavar="",
        help="端末に収まらない出力でもページャー（KYODO_PAGER、PAGER、less）を使わない",
    ),
]
ChapterSpec = Annotated[
    str | None,
    typer.Option(
        "--chapter",
        "-c",
        metavar="章",
        help="章の番号（1〜7）かタイトルの一部",
        autocompletion=completion.complete_chapters,
    ),
]
Seed = Annotated[
    int | None,
    typer.Option("--seed", metavar="数", help="乱数の種（同じ種なら同じ問題を同じ順に選ぶ）"),
]


def session_of(ctx: typer.Context) -> Session:
    return Session.of(ctx.find_root().obj)


def environment_of(ctx: typer.Context) -> Environment:
    return session_of(ctx).env


def output_for(ctx: typer.Context, plain: bool, as_json: bool) -> Output:
    """The output for a command's --plain and --json, and its --color and --no-pager if it
    has them (their absence: auto, and no pager)."""
    env = environment_of(ctx)
    colour = ctx.params.get("colour") or ColourChoice.AUTO
    page = "no_pager" in ctx.params and not ctx.params["no_pager"]
    mode = env.mode(plain=plain, as_json=as_json, colour=colour)
    return Output(env.coloured(colour), mode, page=page)


def corpus_at(ctx: typer.Context, path: Path | None) -> Corpus:
    return session_of(ctx).corpus(path)


def text_output(ctx: typer.Context) -> Output:
    return Output(environment_of(ctx), OutputMode.PLAIN)
