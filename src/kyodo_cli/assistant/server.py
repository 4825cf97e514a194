"""kyodo as a Model Context Protocol server, so that AI assistants quote the official answers.

Three tools (``search``, ``show``, ``list_chapters``) and one resource per Q&A
(``kyodo://qa/27``). Each answer comes twice: as Japanese text, laid out as ``kyodo ask``
and ``show --plain`` print it, and as structured content in the shapes of their ``--json``
output (``schemas/``). The server only reads the corpus it was started with: it opens no
network connection and writes nothing but its cache of the search index.

This module imports the ``mcp`` SDK (the optional extra ``kyodo-cli[mcp]``); only the
``mcp`` command imports it.
"""

from __future__ import annotations

from typing import Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceNotFoundError
from mcp.types import CallToolResult, TextContent, ToolAnnotations

from kyodo_cli import __version__
from kyodo_cli.cli.arguments import checked_limit, resolve_chapter
from kyodo_cli.corpus.records import QA, Corpus
from kyodo_cli.errors import KyodoError, UsageError
from kyodo_cli.present import json as render_json
from kyodo_cli.present import plain as render_plain
from kyodo_cli.present.views import ask_view, chapter_listings, item_view
from kyodo_cli.session import Session

QA_URI = "kyodo://qa/{number}"
LISTED_RESOURCES = 1000  # a larger corpus is read through the URI template alone
MAX_QUERY = 1000  # characters of a query passed on to the search

INSTRUCTIONS = (
    "旭川市「協働に関する76の疑問」（平成24年＝2012年発行）の公式の回答を引くサーバーです。"
    "search で質問を探し、show で番号の質問と回答の全文を読みます。"
    "回答を引用するときは番号（Q27 など）を添えてください。"
    "2012年の文書なので、窓口や連絡先はその後変わっている場合があります。"
)
READ_ONLY = ToolAnnotations(read_only_hint=True, open_world_hint=False, idempotent_hint=True)


def build_server(session: Session, corpus: Corpus) -> MCPServer:
    server: MCPServer = MCPServer(
        name="kyodo", instructions=INSTRUCTIONS, version=__version__, log_level="WARNING"
    )

    @server.tool(annotations=READ_ONLY)
    def search(query: str, limit: int = 5, chapter: int | None = None) -> CallToolResult:
        """言葉で質問を探す。結果は番号、質問、答えにあたる文（snippet）、一致の度合い（match:
        answer=答え、near=近い、related=関連）とスコアの順位付きの一覧。answered は最初の結果が
        問いに答えているかどうか。chapter で章（番号）に絞れる。"""
        try:
            return _searched(session, corpus, query, limit, chapter)
        except KyodoError as error:
            return _error(error.message)

    @server.tool(annotations=READ_ONLY)
    def show(number: int) -> CallToolResult:
        """番号の質問と回答の全文を、章、関連する質問の番号、前後の番号とともに返す。"""
        try:
            return _result(*_item(session, corpus, number))
        except KyodoError as error:
            return _error(error.message)

    @server.tool(annotations=READ_ONLY)
    def list_chapters() -> CallToolResult:
        """章の一覧（章の番号、タイトル、質問の番号の範囲と数）を返す。"""
        views = chapter_listings(corpus.chapters)
        return _result(render_plain.chapter_table(views), render_json.chapter_table(views))

    @server.resource(QA_URI, name="qa", mime_type="text/plain", description="番号の質問と回答")
    def qa_resource(number: str) -> str:
        return _resource_text(session, corpus, number)

    if len(corpus.items) <= LISTED_RESOURCES:
        for qa in corpus.items:
            _add_listed(server, session, corpus, qa)
    return server


def _add_listed(server: MCPServer, session: Session, corpus: Corpus, qa: QA) -> None:
    uri = QA_URI.format(number=qa.number)
    title = f"Q{qa.number} {qa.question}"

    @server.resource(uri, name=f"qa-{qa.number}", title=title, mime_type="text/plain")
    def listed() -> str:
        return _resource_text(session, corpus, str(qa.number))


def _searched(
    session: Session, corpus: Corpus, query: str, limit: int, chapter: int | None
) -> CallToolResult:
    if len(query) > MAX_QUERY:
        raise UsageError(f"検索語は {MAX_QUERY} 文字までにしてください")
    limit = checked_limit(limit, len(corpus.items))
    within = None if chapter is None else resolve_chapter(corpus, str(chapter))
    wanted = None if within is None else within.number
    result = session.search(corpus, query, limit=limit, chapter=wanted)
    view = ask_view(corpus, result, chapter=within)
    structured = {**render_json.ask_results(view), "notices": list(result.notices)}
    text = "\n".join([*result.notices, render_plain.ask_results(view, next_step=False)])
    return _result(text, structured)


def _item(session: Session, corpus: Corpus, number: int) -> tuple[str, dict[str, Any]]:
    qa = corpus.item(number)
    if qa is None:
        first = min((q.number for q in corpus.items), default=0)
        last = max((q.number for q in corpus.items), default=0)
        raise UsageError(f"{number} 番の質問はありません。{first}〜{last} の番号を指定してください")
    view = item_view(corpus, qa, session.related(corpus, qa.number))
    return render_plain.show_items([view]), render_json.show_items([view])["items"][0]


def _resource_text(session: Session, corpus: Corpus, number: str) -> str:
    try:
        return _item(session, corpus, int(number))[0]
    except (ValueError, KyodoError):
        raise ResourceNotFoundError(f"kyodo://qa/{number[:20]} はありません") from None


def _result(text: str, structured: dict[str, Any]) -> CallToolResult:
    return CallToolResult(content=[TextContent(text=text)], structured_content=structured)


def _error(message: str) -> CallToolResult:
    """A call the tool cannot answer (no such number, an empty query): said in the result,
    for the assistant to read and correct, as the protocol asks of tool errors."""
    return CallToolResult(content=[TextContent(text=message)], is_error=True)


def serve(session: Session, corpus: Corpus) -> None:
    """Answer requests on stdin and stdout until the client closes them."""
    build_server(session, corpus).run("stdio")
