"""kyodo mcp end to end: the SDK's own client starts ``kyodo mcp`` as a subprocess and talks
to it over stdio, as an AI assistant's host does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import anyio
import pytest

pytest.importorskip("mcp")
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, get_default_environment, stdio_client

KYODO = str(Path(sys.executable).with_name("kyodo"))


def talk(steps: Any, *args: str) -> Any:
    """Run ``steps(session)`` against a fresh ``kyodo mcp`` and return what it returns."""

    async def run() -> Any:
        # The host passes a few variables only; the test's private cache is one more.
        env = {**get_default_environment(), "XDG_CACHE_HOME": os.environ["XDG_CACHE_HOME"]}
        params = StdioServerParameters(command=KYODO, args=["mcp", *args], env=env)
        async with (
            stdio_client(params) as (reader, writer),
            ClientSession(reader, writer) as session,
        ):
            await session.initialize()
            return await steps(session)

    return anyio.run(run)


def test_tools_and_resources_end_to_end() -> None:
    async def steps(session: ClientSession) -> dict[str, Any]:
        tools = await session.list_tools()
        found = await session.call_tool("search", {"query": "しゅひぎむ", "limit": 3})
        chapter = await session.call_tool("search", {"query": "補助金", "chapter": 1})
        unanswered = await session.call_tool("search", {"query": "町内会長の任期は何年"})
        shown = await session.call_tool("show", {"number": 27})
        chapters = await session.call_tool("list_chapters", {})
        listed = await session.list_resources()
        read = await session.read_resource("kyodo://qa/27")
        return locals()

    got = talk(steps)
    assert [tool.name for tool in got["tools"].tools] == ["search", "show", "list_chapters"]
    assert all(tool.annotations.read_only_hint for tool in got["tools"].tools)
    found = got["found"]
    assert not found.is_error and found.structured_content["answered"] is True
    first = found.structured_content["results"][0]
    assert first["number"] == 18 and first["match"] == "answer" and first["score"] > 0
    assert "守秘義務" in first["snippet"] and "「しゅひぎむ」の検索結果" in found.content[0].text
    assert {r["chapter"]["number"] for r in got["chapter"].structured_content["results"]} == {1}
    unanswered = got["unanswered"].structured_content  # says so, and says why
    assert unanswered["answered"] is False
    assert unanswered["notices"] == ["「任期」は文書に出てこない語です"]
    assert got["unanswered"].content[0].text.startswith("「任期」は文書に出てこない語です\n")
    shown = got["shown"]
    assert shown.structured_content["number"] == 27 and shown.structured_content["related"]
    assert shown.content[0].text.startswith("Q27（第1章")
    assert len(got["chapters"].structured_content["chapters"]) == 7
    assert len(got["listed"].resources) == 76
    assert got["read"].contents[0].text == shown.content[0].text


@pytest.mark.parametrize(
    ("tool", "arguments", "message"),
    [
        ("show", {"number": 999}, "999 番の質問はありません"),
        ("show", {"number": -1}, "番の質問はありません"),
        ("search", {"query": ""}, "検索する語句を入力してください"),
        ("search", {"query": "   "}, "検索する語句を入力してください"),
        ("search", {"query": "補助金", "limit": 0}, "1 以上の数"),
        ("search", {"query": "補助金", "chapter": 99}, "章"),
        ("search", {"query": "x" * 5000}, "1000 文字まで"),
    ],
)
def test_bad_arguments_are_tool_errors(tool: str, arguments: dict[str, Any], message: str) -> None:
    async def steps(session: ClientSession) -> Any:
        return await session.call_tool(tool, arguments)

    result = talk(steps)
    assert result.is_error and message in result.content[0].text


def test_hostile_queries_and_unknown_resources_do_not_crash() -> None:
    hostile = ["\x00\x1b[31m補助金\u202e", "\x7f\x9b\ufeff\u200b", "</script>\r\n補助金", "🙂" * 50]

    async def steps(session: ClientSession) -> Any:
        results = [await session.call_tool("search", {"query": q}) for q in hostile]
        wrong = await session.call_tool("show", {"number": "二十七"})
        try:
            await session.read_resource("kyodo://qa/999")
            missing = None
        except Exception as error:  # the SDK raises the server's protocol error
            missing = error
        after = await session.call_tool("show", {"number": 1})
        return results, wrong, missing, after

    results, wrong, missing, after = talk(steps)
    for result in results:
        text = result.content[0].text
        assert not any(c in text for c in "\x00\x1b\u202e\x7f\x9b")
    assert wrong.is_error
    assert missing is not None and "kyodo://qa/999" in str(missing)
    assert not after.is_error  # the server is still there


def test_a_users_corpus(small_corpus: Path) -> None:
    async def steps(session: ClientSession) -> Any:
        return await session.call_tool("show", {"number": 3})

    result = talk(steps, "--corpus", str(small_corpus))
    assert result.structured_content["question"] == "三つ目の質問ですか。"


def test_other_commands_never_import_mcp() -> None:
    code = (
        "import io, sys\nfrom kyodo_cli.cli.app import main\n"
        "from kyodo_cli.present.output import Environment\n"
        "main(['show', '27'], Environment(io.StringIO(), io.StringIO(), False))\n"
        "print(' '.join(sorted(sys.modules)))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    modules = set(result.stdout.split())
    assert "kyodo_cli.cli.mcp" in modules
    assert not {"mcp", "kyodo_cli.assistant.server", "anyio", "pydantic"} & modules


def test_without_the_sdk_one_line_says_how_to_install(tmp_path: Path) -> None:
    (tmp_path / "mcp.py").write_text("raise ImportError", "utf-8")  # never reached
    code = (
        "import importlib.util, sys\n"
        "real = importlib.util.find_spec\n"
        "importlib.util.find_spec = lambda name, *a: None if name == 'mcp' else real(name, *a)\n"
        "from kyodo_cli.cli.app import main\nsys.exit(main(['mcp']))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (
        "kyodo: エラー: kyodo mcp には追加のパッケージが必要です。"
        "pip install 'kyodo-cli[mcp]' でインストールしてください\n"
    )
