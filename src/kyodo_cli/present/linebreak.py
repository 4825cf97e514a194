"""Display widths and line breaking for Japanese text.

Japanese has no spaces between words, so a line may break between almost any two
characters; but not before closing brackets and punctuation such as 、。」 nor after an
opening bracket such as 「 (禁則処理, after JIS X 4051), and not inside a run of Latin
letters or digits.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable
from itertools import accumulate

CellWidth = Callable[[str], int]

NO_LINE_START = frozenset(
    "、。，．,.・：；:;？！?!ー―‐〜～…‥"
    "」』）)］]｝}〕〉》】〙〗’”"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ々ゝゞヽヾ"
)
NO_LINE_END = frozenset("「『（(［[｛{〔〈《【〘〖‘“")


@functools.cache  # a list of thousands of questions asks for the same few hundred
def cell_width(char: str) -> int:
    """Terminal cells taken by one character: two for wide (kanji, kana), none for combining."""
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str, width_of: CellWidth = cell_width) -> int:
    return sum(map(width_of, text))


def may_break_before(text: str, index: int) -> bool:
    """Whether a line may end between ``text[index - 1]`` and ``text[index]``."""
    if not 0 < index < len(text):
        return False
    before, after = text[index - 1], text[index]
    if after in NO_LINE_START or before in NO_LINE_END:
        return False
    return not (_is_latin(before) and _is_latin(after))


def _is_latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def line_breaks(text: str, width: int, width_of: CellWidth = cell_width) -> list[int]:
    """Offsets at which to break one line of text so that each piece fits ``width`` cells.

    A piece is wider only when a run that may not be broken is itself too wide; then the
    run is cut where the width runs out.
    """
    ends = [0, *accumulate(map(width_of, text))]  # ends[i]: cells taken by text[:i]
    breaks: list[int] = []
    start = 0
    while ends[-1] - ends[start] > width and len(text) - start > 1:
        fits = max(start + 1, _last_fitting(ends, start, width))
        cut = next((i for i in range(fits, start, -1) if may_break_before(text, i)), fits)
        breaks.append(cut)
        start = cut
    return breaks


def _last_fitting(ends: list[int], start: int, width: int) -> int:
    """The largest end offset whose piece from ``start`` still fits ``width``."""
    end = start
    while end + 1 < len(ends) and ends[end + 1] - ends[start] <= width:
        end += 1
    return end


def unbreakable_width(text: str, width_of: CellWidth = cell_width) -> int:
    """The width of the widest piece of text that no line break may split."""
    widest = current = 0
    for index, char in enumerate(text):
        if may_break_before(text, index):
            current = 0
        current += width_of(char)
        widest = max(widest, current)
    return widest
