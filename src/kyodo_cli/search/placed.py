"""The words of each answer and where they stand, kept in the index: marking the query's
words in a snippet or in a whole answer then needs no analysis while a query is answered.

Analysing the answers shown with the results read 37 MiB of the dictionary's pages (about
600 page faults) and cost ``ask`` 5-7 ms of CPU time; the index had analysed every answer
already. An answer's words are stored as two arrays: where each stands
(the gap since the end of the word before, and its length: unsigned 16-bit numbers), and
which entry it is (32-bit numbers). An entry is the terms a word counts as (its normalised
form, then its parts'), stored once for the whole index (``Entries``): 8 bytes a word. An
answer too long for 16-bit places is not stored, and is analysed when it is shown.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from kyodo_cli.text.tokens import TextAnalyzer, Words

LIMIT = 0xFFFF  # the largest 16-bit number: an answer's length bounds its gaps and lengths


class Word(NamedTuple):
    """A content word of an answer: where it stands, and the terms it counts as."""

    start: int
    end: int
    terms: tuple[str, ...]


def places(words: Words, length: int) -> bytes | None:
    """Where the words of an answer ``length`` characters long stand, as stored; None when
    it is too long for 16-bit places."""
    if length > LIMIT:
        return None
    numbers = array("H")
    previous = 0
    for start, end in zip(words.starts, words.ends, strict=True):
        numbers.extend((start - previous, end - start))
        previous = end
    return numbers.tobytes()


class Entries:
    """Entries numbered in the order they first come."""

    def __init__(self) -> None:
        self.numbers: dict[tuple[str, ...], int] = {}

    def of(self, entries: Iterable[tuple[str, ...]]) -> array[int]:
        numbers = self.numbers
        return array("I", [numbers.setdefault(terms, len(numbers)) for terms in entries])

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Entries) and list(self.numbers) == list(other.numbers)

    def stored(self) -> Iterable[tuple[int, str]]:
        """The rows of the index's table of entries."""
        for terms, number in self.numbers.items():
            yield number, json.dumps(terms, ensure_ascii=False, separators=(",", ":"))


def entry(stored: str) -> tuple[str, ...]:
    """An entry as the index stores it; ValueError if it is not one."""
    terms = json.loads(stored)
    if not (isinstance(terms, list) and terms and all(type(term) is str for term in terms)):
        raise ValueError("an entry of the answers' words")
    return tuple(terms)


def unpacked(
    stored_places: bytes,
    stored_entries: bytes,
    entries: Callable[[set[int]], dict[int, tuple[str, ...]]],
    length: int,
) -> list[Word]:
    """The words of an answer ``length`` characters long from what the index stores
    (``entries`` gives the entries of the numbers asked for); ValueError if it is not what
    the index stores for such an answer."""
    found, numbers = array("H"), array("I")
    found.frombytes(stored_places)
    numbers.frombytes(stored_entries)
    if len(found) != 2 * len(numbers):
        raise ValueError("the places of an answer's words")
    terms = entries(set(numbers))
    if len(terms) != len(set(numbers)):
        raise ValueError("an entry of an answer's words that is not there")
    words = []
    end = 0
    for gap, size, number in zip(found[::2], found[1::2], numbers, strict=True):
        start, end = end + gap, end + gap + size
        words.append(Word(start, end, terms[number]))
    if end > length:
        raise ValueError("words past the end of the answer")
    return words


def analysed_words(analyzer: TextAnalyzer, text: str) -> list[Word]:
    """The words of an answer the index has not stored, analysed now."""
    from kyodo_cli.text.normalize import fold_chars

    found = analyzer.words(fold_chars(text))
    return [
        Word(start, end, entry.terms)
        for start, end, entry in zip(found.starts, found.ends, found.entries, strict=True)
    ]
