"""kyodo mcp: the Model Context Protocol server over stdio. The ``mcp`` SDK is an optional
extra, imported here only when the command runs, so no other command pays for it."""

import importlib.util

import typer

from kyodo_cli.cli import options as base
from kyodo_cli.cli.options import CorpusPath
from kyodo_cli.errors import ExitStatus, KyodoError

MISSING_SDK = (
    "kyodo mcp には追加のパッケージが必要です。"
    "pip install 'kyodo-cli[mcp]' でインストールしてください"
)


def mcp(ctx: typer.Context, corpus_path: CorpusPath = None) -> None:
    """AI アシスタントに公式の回答を引かせる MCP サーバーを標準入出力で動かす（読み取り専用）"""
    if importlib.util.find_spec("mcp") is None:
        raise KyodoError(MISSING_SDK, ExitStatus.USAGE)
    corpus = base.corpus_at(ctx, corpus_path)
    from kyodo_cli.assistant.server import serve

    serve(base.session_of(ctx), corpus)
