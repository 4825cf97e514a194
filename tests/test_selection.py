"""The parsing of what the user picked: numbers, chapters, limits and queries."""

from __future__ import annotations

import io
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import Runner

from kyodo_cli.cli.arguments import (
    ChoiceError,
    NumberSelection,
    checked_limit,
    invalid_numbers_error,
    parse_numbers,
    printable,
    query_text,
    resolve_chapter,
)
from kyodo_cli.corpus.records import packaged_corpus
from kyodo_cli.errors import KyodoError, UsageError
from kyodo_cli.present.output import Environment

FIRST, LAST = 1, 76
FULL_WIDTH = str.maketrans("0123456789Qq-", "０１２３４５６７８９Ｑｑ－")
numbers = st.integers(FIRST, LAST)


@pytest.mark.parametrize(
    ("tokens", "expected", "invalid"),
    [
        (["27"], (27,), ()),
        (["Q27", "q28", "Ｑ２９"], (27, 28, 29), ()),
        (["29-27", "28"], (27, 28, 29), ()),
        (["27ー29"], (27, 28, 29), ()),
        (["Q 27 - Q 28"], (27, 28), ()),
        (
            ["0", "77", "abc", "27-", "-1", "1e3", "", "1-77"],
            (),
            ("0", "77", "abc", "27-", "-1", "1e3", "", "1-77"),
        ),
        (["9" * 5000], (), ("9" * 5000,)),
        (["①"], (1,), ()),
    ],
)
def test_parse_numbers(
    tokens: list[str], expected: tuple[int, ...], invalid: tuple[str, ...]
) -> None:
    selection = parse_numbers(tokens, FIRST, LAST)
    assert (selection.numbers, selection.invalid) == (expected, invalid)


@given(st.lists(st.text()))
def test_any_text_parses_without_raising(tokens: list[str]) -> None:
    selection = parse_numbers(tokens, FIRST, LAST)
    assert all(FIRST <= n <= LAST for n in selection.numbers)
    assert len(set(selection.numbers)) == len(selection.numbers)
    # each refused piece is (part of) an argument, so the message names what was typed
    assert all(any(bad in token for token in tokens) for bad in selection.invalid)
    if selection.invalid:
        error = invalid_numbers_error(selection.invalid, FIRST, LAST)
        assert "\n" not in error.message and "1〜76" in error.message


@given(numbers, st.sampled_from(["{}", "Q{}", "q{}", " {} ", "0{}"]), st.booleans())
def test_a_valid_number_round_trips(number: int, form: str, full_width: bool) -> None:
    token = form.format(number)
    if full_width:
        token = token.translate(FULL_WIDTH)
    assert parse_numbers([token], FIRST, LAST).numbers == (number,)


@given(numbers, numbers, st.sampled_from(["-", "~", "〜", "－", "ー", " - "]))
def test_a_range_round_trips_in_either_order(a: int, b: int, dash: str) -> None:
    expected = tuple(range(min(a, b), max(a, b) + 1))
    assert parse_numbers([f"{a}{dash}{b}"], FIRST, LAST).numbers == expected


@given(st.lists(st.integers(-100, 200), min_size=1))
def test_out_of_range_numbers_are_invalid(values: list[int]) -> None:
    selection = parse_numbers([str(v) for v in values], FIRST, LAST)
    assert list(selection.numbers) == list(dict.fromkeys(v for v in values if FIRST <= v <= LAST))
    assert list(selection.invalid) == [str(v) for v in values if not FIRST <= v <= LAST]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.text(max_size=12), min_size=1, max_size=6))
def test_show_never_fails_with_anything_but_a_usage_error(
    kyodo: Runner, fixed_related: None, tokens: list[str]
) -> None:
    result = kyodo("show", "--", *tokens)
    selection = parse_numbers(tokens, FIRST, LAST)
    assert result.status == (2 if selection.invalid else 0)
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == (1 if selection.invalid else 0)


def test_invalid_message_names_a_few_and_counts_the_rest() -> None:
    message = invalid_numbers_error([str(n) for n in range(100, 110)], 1, 76).message
    assert message.startswith("「100」「101」「102」「103」「104」ほか 5 件は番号として使えません")


@given(st.text())
def test_printable_is_one_short_line(text: str) -> None:
    shown = printable(text)
    assert all(c.isprintable() or unicodedata.category(c) == "Zs" for c in shown)
    assert len(shown) <= 21


def test_printable_keeps_full_width_spaces_and_escapes_line_breaks() -> None:
    assert printable("補助金　申請") == "補助金　申請"
    assert printable("a\nb\u2028c\u202ed") == "a\\nb\\u2028c\\u202ed"


@pytest.mark.parametrize(
    ("spec", "number"),
    [("1", 1), ("７", 7), ("第2章", 2), ("第 2 章", 2), ("続け", 3), ("その他", 7), ("多彩", 6)],
)
def test_resolve_chapter(spec: str, number: int) -> None:
    assert resolve_chapter(packaged_corpus(), spec).number == number


def test_resolve_chapter_failures() -> None:
    corpus = packaged_corpus()
    with pytest.raises(ChoiceError) as missing:
        resolve_chapter(corpus, "8")
    assert len(missing.value.choices) == 7
    with pytest.raises(UsageError, match="に当てはまる章が 6 つあります") as ambiguous:
        resolve_chapter(corpus, "協働")
    assert not isinstance(ambiguous.value, ChoiceError)


def test_limit_and_query() -> None:
    assert checked_limit(76, 76) == 76
    assert checked_limit(77, 76) == 76  # more than there are: all of them
    for bad in (0, -5):
        with pytest.raises(UsageError):
            checked_limit(bad, 76)
    assert query_text(["補助金", "申請"]) == "補助金 申請"
    assert query_text(["\udcff"]) == "\ufffd"
    with pytest.raises(KyodoError):
        query_text([" ", "　"])


def test_environment_is_injectable() -> None:
    env = Environment(io.StringIO(), io.StringIO(), stdout_is_terminal=True)
    assert env.mode(plain=False, as_json=False).value == "rich"
    assert env.mode(plain=True, as_json=False).value == "plain"
    assert env.mode(plain=True, as_json=True).value == "json"


@pytest.mark.parametrize("given", [["27,28"], ["27、28"], ["27 28"], ["２７，２８"], ["27, 28"]])
def test_several_numbers_in_one_argument(given: list[str]) -> None:
    assert parse_numbers(given, 1, 76) == NumberSelection((27, 28), ())


def test_a_list_may_hold_ranges_and_names_what_is_not_a_number() -> None:
    assert parse_numbers(["27 - 29,75"], 1, 76) == NumberSelection((27, 28, 29, 75), ())
    assert parse_numbers(["27,x"], 1, 76) == NumberSelection((27,), ("x",))
    assert parse_numbers([",,"], 1, 76) == NumberSelection((), (",,",))
