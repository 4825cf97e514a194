"""The words of each answer and where they stand, kept in the index: marking the query's
words in a snippet or in a whole answer then needs no analysis while a query is answered.

Analysing the answers shown with the results read 37 MiB of the dictionary's pages, as much
again as analysing the query, and cost ``ask`` about a tenth of its time; the index had
analysed every answer already. An answer's words are stored as the distinct entries they
are (each the terms a word counts as: its normalised form, then its parts'), in JSON, and
three unsigned 16-bit numbers a word: the gap since the end of the word before, its length,
and its entry. An answer too long for them is not stored, and is analysed when shown.
"""

from __future__ import annotations

import json
from array import array
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from kyodo_cli.text.sudachi import TextAnalyzer, Words

LIMIT = 0xFFFF  # the largest of the numbers stored: an answer's length bounds them all


class Word(NamedTuple):
    """A content word of an answer: where it stands, and the terms it counts as."""

    start: int
    end: int
    terms: tuple[str, ...]


def packed(words: Words, length: int) -> tuple[str, bytes] | None:
    """The words of an answer ``length`` characters long, as the index stores them; None
    when it is too long for them."""
    if length > LIMIT:
        return None
    entries: dict[tuple[str, ...], int] = {}
    numbers = array("H")
    previous = 0
    for start, end, entry in zip(words.starts, words.ends, words.entries, strict=True):
        entry_number = entries.setdefault(entry.terms, len(entries))
        numbers.extend((start - previous, end - start, entry_number))
        previous = end
    return json.dumps(list(entries), ensure_ascii=False, separators=(",", ":")), numbers.tobytes()


def unpacked(entries: str, numbers: bytes, length: int) -> list[Word]:
    """The words of an answer ``length`` characters long from what the index stores;
    ValueError if it is not what ``packed`` makes of such an answer."""
    terms = json.loads(entries)
    if not isinstance(terms, list) or not all(
        isinstance(each, list) and each and all(type(term) is str for term in each)
        for each in terms
    ):
        raise ValueError("the entries of an answer's words")
    found = array("H")
    found.frombytes(numbers)
    if len(found) % 3 or any(k >= len(terms) for k in found[2::3]):
        raise ValueError("the places of an answer's words")
    words = []
    end = 0
    for gap, size, k in zip(found[::3], found[1::3], found[2::3], strict=True):
        start, end = end + gap, end + gap + size
        words.append(Word(start, end, tuple(terms[k])))
    if end > length:
        raise ValueError("words past the end of the answer")
    return words


def analysed_words(analyzer: TextAnalyzer, text: str) -> list[Word]:
    """The words of an answer the index has not stored, analysed now."""
    from kyodo_cli.text.normalize import fold_chars
    from kyodo_cli.text.sudachi import words_of

    found = words_of(analyzer, fold_chars(text))
    return [
        Word(start, end, entry.terms)
        for start, end, entry in zip(found.starts, found.ends, found.entries, strict=True)
    ]
