"""The terms a text is indexed and searched by: its words (each with its short-unit parts) and
the pairs of adjacent characters that carry meaning."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kyodo_cli.text.tokens import Token


def is_bigram_char(ch: str) -> bool:
    """Kanji, katakana and letters carry meaning in a character bigram; kana particles don't."""
    return (
        "\u4e00" <= ch <= "\u9fff"
        or "\u3400" <= ch <= "\u4dbf"
        or ("\u30a1" <= ch <= "\u30ff" and ch != "・")
        or (ch.isalnum() and ch.isascii())
    )


# Beyond this many characters, two characters that are is_bigram_char are found by a
# regular expression: over the whole text of a corpus, a loop in Python was a tenth of
# preparing it, while for a query compiling the expression costs more than the loop.
LONG_TEXT = 200


@lru_cache(maxsize=1)
def bigram_pattern() -> re.Pattern[str]:
    return re.compile("(?=([\u4e00-\u9fff\u3400-\u4dbf\u30a1-\u30fa\u30fc-\u30ff0-9A-Za-z]{2}))")


def bigrams(text: str) -> list[str]:
    """Every pair of adjacent characters that both carry meaning (see is_bigram_char)."""
    if len(text) > LONG_TEXT:
        return bigram_pattern().findall(text)
    return [
        text[i : i + 2]
        for i in range(len(text) - 1)
        if is_bigram_char(text[i]) and is_bigram_char(text[i + 1])
    ]


def word_terms(tokens: Iterable[Token]) -> list[str]:
    """Each token's normalised form plus the forms of its short-unit parts."""
    terms: list[str] = []
    for token in tokens:
        terms.append(token.term)
        terms.extend(part for part in token.parts if part != token.term)
    return terms
