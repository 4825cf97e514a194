"""Line breaking, highlight spans and aligned columns: the text layout under the renderers."""

from __future__ import annotations

import ast
from itertools import pairwise
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from kyodo_cli.present.linebreak import (
    NO_LINE_END,
    NO_LINE_START,
    display_width,
    line_breaks,
    may_break_before,
    unbreakable_width,
)
from kyodo_cli.present.plain import highlighted, table_lines
from kyodo_cli.present.views import segments
from kyodo_cli.spans import merge_spans

japanese = st.text(
    alphabet=st.sampled_from("協働の市役所がパートナーと事業を、。「」（）ー…っAB12 ab"),
    max_size=120,
)


def pieces(text: str, breaks: list[int]) -> list[str]:
    ends = [0, *breaks, len(text)]
    return [text[a:b] for a, b in pairwise(ends)]


@given(japanese, st.integers(1, 60))
def test_line_breaks_keep_the_text_and_fit_the_width(text: str, width: int) -> None:
    breaks = line_breaks(text, width)
    assert breaks == sorted(set(breaks)) and all(0 < b < len(text) for b in breaks)
    lines = pieces(text, breaks)
    assert "".join(lines) == text
    assert all(display_width(line) <= width or len(line) == 1 for line in lines)


@given(japanese, st.integers(4, 60))
def test_line_breaks_follow_kinsoku_when_they_can(text: str, width: int) -> None:
    start = 0
    for cut in line_breaks(text, width):
        allowed = [i for i in range(start + 1, cut + 1) if may_break_before(text, i)]
        assert may_break_before(text, cut) or not allowed
        start = cut


def test_punctuation_stays_with_the_word_before_it() -> None:
    text = "ケースについては、事業の実施を通じて"
    lines = pieces(text, line_breaks(text, 16))  # "、" would otherwise start line two
    assert lines[0] == "ケースについて"
    assert not any(line[0] in NO_LINE_START for line in lines[1:])
    assert "「" in NO_LINE_END and not may_break_before("「協働」", 1)
    assert not may_break_before("NPO法人", 2)


@given(japanese)
def test_unbreakable_width_is_the_narrowest_fit(text: str) -> None:
    narrowest = unbreakable_width(text)
    if text:
        assert all(
            display_width(line) <= narrowest or len(line) == 1
            for line in pieces(text, line_breaks(text, narrowest))
        )


spans = st.lists(st.tuples(st.integers(-5, 40), st.integers(-5, 40)))


@given(spans, st.integers(0, 30))
def test_merged_spans_are_sorted_disjoint_and_cover_the_same_characters(
    raw: list[tuple[int, int]], length: int
) -> None:
    merged = merge_spans(raw, length)
    for (_, end), (start, _) in pairwise(merged):
        assert end < start
    assert all(0 <= a < b <= length for a, b in merged)
    covered = {i for a, b in raw for i in range(max(a, 0), min(b, length))}
    assert {i for a, b in merged for i in range(a, b)} == covered


@given(st.text(max_size=30), spans)
def test_segments_rebuild_the_text(text: str, raw: list[tuple[int, int]]) -> None:
    merged = merge_spans(raw, len(text))
    parts = segments(text, merged)
    assert "".join(piece for piece, _ in parts) == text
    assert [text[a:b] for a, b in merged] == [piece for piece, marked in parts if marked]


def test_highlighted_marks_and_stays_on_one_line() -> None:
    assert highlighted("負担金や補助金\nなど", ((0, 3), (4, 7))) == "【負担金】や【補助金】 など"


def test_table_columns_line_up_by_display_width() -> None:
    lines = table_lines([("随時", "a"), ("11～12月", "b"), ("4月", "c")])
    assert lines == ["随時      a", "11～12月  b", "4月       c"]
    assert {display_width(line[:-1]) for line in lines} == {10}


# -- layers ------------------------------------------------------------------------------

SOURCE = Path(__file__).resolve().parent.parent / "src" / "kyodo_cli"
PURE = [
    "cli/arguments",
    "present/views",
    "present/linebreak",
    "present/plain",
    "present/json",
    "corpus/records",
    "errors",
]


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return {name.split(".")[0] for name in names}


def test_the_core_and_the_plain_renderers_import_neither_typer_nor_rich() -> None:
    for module in PURE:
        assert not {"typer", "rich", "click"} & imported_modules(SOURCE / f"{module}.py"), module


def test_renderers_print_nothing() -> None:
    for module in ("present/rich", "present/plain", "present/json", "present/views"):
        tree = ast.parse((SOURCE / f"{module}.py").read_text("utf-8"))
        calls = {
            node.func.id
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        }
        assert "print" not in calls, module
