"""The options several commands share, and how a command reaches its session (the
environment, and the corpora, indexes and engines opened in this run) and its output."""

from pathlib import Path
from typing import Annotated

import typer

from kyodo_cli.cli import completion
from kyodo_cli.corpus.records import Corpus
from kyodo_cli.present.output import Environment, Output, OutputMode
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
    env = environment_of(ctx)
    return Output(env, env.mode(plain=plain, as_json=as_json))


def corpus_at(ctx: typer.Context, path: Path | None) -> Corpus:
    return session_of(ctx).corpus(path)


def text_output(ctx: typer.Context) -> Output:
    return Output(environment_of(ctx), OutputMode.PLAIN)
