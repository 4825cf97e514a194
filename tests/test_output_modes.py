"""Terminal, plain and JSON output: colour, width, NO_COLOR, markup safety, the JSON schemas."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from rich.cells import cell_len
from rich.console import Console
from support import MARKUP_QUESTION, FixedSearch, Runner

from kyodo_cli.corpus.records import load_corpus
from kyodo_cli.present import rich as render
from kyodo_cli.present.output import Environment
from kyodo_cli.present.views import item_view

ANSI = re.compile(r"\x1b\[[0-9;]*m")
# Foreground/background colour parameters of an SGR sequence (30–49, 90–107, 38;…/48;…).
COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m")
BOX = re.compile(r"[─-╿]")


def visible(text: str) -> str:
    return ANSI.sub("", text)


@pytest.mark.parametrize(
    "args",
    [["show", "27"], ["show", "52"], ["list"], ["chapters"], ["ask", "補助金"]],
)
def test_a_terminal_gets_rich_output_that_fits_its_width(
    kyodo: Runner, fixed_search: FixedSearch, args: list[str]
) -> None:
    for width in (80, 44):
        result = kyodo(*args, terminal=True, width=width)
        assert result.status == 0
        assert "\x1b[1m" in result.stdout, "rich output styles its headings"
        shown = visible(result.stdout)
        assert all(cell_len(line) <= width for line in shown.splitlines())
        assert "[" not in shown, "no markup string may reach the console unparsed"


@pytest.mark.parametrize("args", [["show", "27", "52"], ["list"], ["ask", "補助金", "--full"]])
def test_rich_text_keeps_a_readable_line_length_in_a_wide_terminal(
    kyodo: Runner, args: list[str]
) -> None:
    shown = visible(kyodo(*args, terminal=True, width=200).stdout)
    widest = max(cell_len(line.rstrip()) for line in shown.splitlines())
    assert 70 <= widest <= render.READING_WIDTH + render.PANEL_FRAME


def test_rich_show_contains_the_question_and_answer(kyodo: Runner) -> None:
    text = visible(kyodo("show", "27", terminal=True, width=200).stdout)
    assert "協働を実施した結果、利益が生じた場合は、どのような取り扱いになりますか。" in text
    assert "なお、市役所が事業の実施に必要な経費を支出していない場合は" in text
    assert "関連する質問" in text and "前: Q26 / 次: Q28" in text


def test_rich_schedule_is_a_table(kyodo: Runner) -> None:
    text = visible(kyodo("show", "52", terminal=True).stdout)
    assert re.search(r"│ 時期 +│ 内容 +│", text)
    assert re.search(r"│ 11～12月 │ 積算に基づき予算要求 +│", text)


def test_rich_wrapping_keeps_punctuation_off_the_start_of_a_line(kyodo: Runner) -> None:
    for width in range(30, 90, 7):
        lines = visible(kyodo("show", "27", "51", terminal=True, width=width).stdout).splitlines()
        starts = [line.strip("│ ")[:1] for line in lines]
        assert not any(start in "、。）」" for start in starts if start), width


@pytest.mark.parametrize("args", [["--plain"], []])
def test_plain_output_has_no_escape_codes_or_box_drawing(kyodo: Runner, args: list[str]) -> None:
    terminal = bool(args)  # --plain in a terminal, or no flag in a pipe
    for command in (["show", "51", "52"], ["list"], ["chapters"]):
        result = kyodo(*command, *args, terminal=terminal, colour=True)
        assert "\x1b" not in result.stdout
        assert not BOX.search(result.stdout)


def test_plain_output_does_not_depend_on_the_width(kyodo: Runner) -> None:
    assert kyodo("show", "27", width=40).stdout == kyodo("show", "27", width=200).stdout


def test_rich_highlights_are_bold(kyodo: Runner, fixed_search: FixedSearch) -> None:
    result = kyodo("ask", "補助金", terminal=True, colour=True)
    assert re.search(r"\x1b\[1[;0-9]*m補助金\x1b\[0m", result.stdout)


def test_colour_in_a_terminal_and_none_with_no_color(
    kyodo: Runner, fixed_search: FixedSearch
) -> None:
    coloured = kyodo("ask", "補助金", terminal=True, colour=True).stdout
    plain = kyodo("ask", "補助金", terminal=True, colour=False).stdout
    assert COLOUR.search(coloured)
    assert not COLOUR.search(plain)
    assert visible(coloured) == visible(plain)


@pytest.mark.parametrize(("value", "colour"), [("1", False), ("", True), (None, True)])
def test_no_color_environment_variable(
    monkeypatch: pytest.MonkeyPatch, value: str | None, colour: bool
) -> None:
    if value is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", value)
    assert Environment.from_system().colour is colour


def test_markup_in_corpus_text_prints_exactly_in_a_terminal(
    kyodo: Runner, small_corpus: Path
) -> None:
    shown = visible(
        kyodo("show", "1-2", "--corpus", str(small_corpus), terminal=True, width=200).stdout
    )
    assert MARKUP_QUESTION in shown
    assert "回答 [/] と [italic]斜体[/italic]。" in shown
    assert "[b]手順[/b]" in shown
    for command in ("list", "chapters"):
        out = kyodo(command, "--corpus", str(small_corpus), terminal=True, width=200).stdout
        assert "[bold]太字[/bold]の章" in visible(out)


def test_renderable_from_markup_text_on_a_plain_console(small_corpus: Path) -> None:
    corpus = load_corpus(small_corpus)
    qa = corpus.item(1)
    assert qa is not None
    console = Console(file=io.StringIO(), force_terminal=True, width=80, color_system=None)
    console.print(render.show_items([item_view(corpus, qa, [2])]))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert "[bold]x[/] と [red]赤[/red]" in text.replace("\n", "")
    assert ":smile:" in text and "😄" not in text


# -- JSON ------------------------------------------------------------------------------


def validated(schema: Callable[[str], dict[str, Any]], name: str, stdout: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(stdout)
    jsonschema.Draft202012Validator.check_schema(schema(name))
    jsonschema.validate(data, schema(name), cls=jsonschema.Draft202012Validator)
    return data


def test_show_json_matches_its_schema(kyodo: Runner, schema: Any) -> None:
    data = validated(schema, "show", kyodo("show", "1-76", "--json").stdout)
    assert [item["number"] for item in data["items"]] == list(range(1, 77))
    assert (data["items"][0]["previous"], data["items"][-1]["next"]) == (None, None)


def test_list_json_matches_its_schema(kyodo: Runner, schema: Any) -> None:
    data = validated(schema, "list", kyodo("list", "--json", "-c", "2").stdout)
    assert [c["number"] for c in data["chapters"]] == [2]
    assert [i["number"] for i in data["chapters"][0]["items"]] == list(range(30, 56))


def test_chapters_json_matches_its_schema(kyodo: Runner, schema: Any) -> None:
    data = validated(schema, "chapters", kyodo("chapters", "--json").stdout)
    assert [(c["first"], c["last"]) for c in data["chapters"]][-1] == (73, 76)


def test_ask_json_matches_its_schema(kyodo: Runner, fixed_search: FixedSearch, schema: Any) -> None:
    data = validated(schema, "ask", kyodo("ask", "補助金", "--limit", "3", "--json").stdout)
    assert data["query"] == "補助金"
    assert [r["number"] for r in data["results"]] == [26, 20, 73]
    third = data["results"][2]
    assert third["snippet"].startswith("負担金や補助金、")
    assert "【" not in third["snippet"]
    assert third["highlights"] == [[0, 3], [4, 7]]
    assert third["chapter"] == {"number": 7, "title": "その他の疑問"}


def test_ask_json_without_hits(kyodo: Runner, fixed_search: FixedSearch, schema: Any) -> None:
    fixed_search.hits, fixed_search.suggestions = [], ("補助金",)
    result = kyodo("ask", "ほじょ", "--json")
    assert result.status == 1
    data = validated(schema, "ask", result.stdout)
    assert data == {
        "query": "ほじょ",
        "answered": False,
        "total": 0,
        "results": [],
        "suggestions": ["補助金"],
    }


def test_json_wins_over_plain_and_terminal(kyodo: Runner) -> None:
    result = kyodo("chapters", "--json", "--plain", terminal=True, colour=True)
    assert json.loads(result.stdout)["chapters"][0]["number"] == 1
    assert "\x1b" not in result.stdout


def test_json_is_utf8_text_not_escapes(kyodo: Runner) -> None:
    stdout = kyodo("show", "27", "--json").stdout
    assert "\\u" not in stdout and "協働" in stdout
