"""A Q&A's related Q&As, found when it is shown: the few whose TF-IDF vectors are nearest
to its own, by the dot product over its strongest terms with the Q&As where each of those
weighs most, which the index keeps (built by :mod:`.related`). About a millisecond on any
corpus; this module imports nothing that ``show`` does not already have."""

from __future__ import annotations

from array import array
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping

RELATED = 3


def neighbours(
    number: int,
    terms: tuple[array[int], array[float]],
    postings: Mapping[int, tuple[array[int], array[float]]],
) -> list[int]:
    """The RELATED nearest Q&As of the Q&A ``number``, by the dot product of its strongest
    ``terms`` (numbers and weights) with the Q&As where each weighs most (``postings``, by
    term); ties go to the lower number."""
    scores: dict[int, float] = {}
    get = scores.get
    for term, weight in zip(*terms, strict=True):
        docs, weights = postings[term]
        for other, other_weight in zip(docs, weights, strict=True):
            scores[other] = get(other, 0.0) + weight * other_weight
    scores.pop(number, None)  # not its own neighbour
    # The best few by (score, number) all score at least the few highest scores.
    floor = min(sorted(scores.values())[-RELATED:], default=0.0)
    best = sorted((j for j, s in scores.items() if s >= floor), key=lambda j: (-scores[j], j))
    return best[:RELATED]


def stored_neighbours(
    rows_where: Callable[[str, str, Iterable[int]], Iterator[Any]], number: int
) -> list[int] | None:
    """``neighbours`` of the Q&A ``number`` from the index's tables (``rows_where`` selects
    their rows by key); None when those rows do not fit together."""
    found = list(rows_where("terms, weights FROM related_terms", "number", [number]))
    terms = _numbers_and_weights(*found[0]) if found else (array("i"), array("d"))
    rows = rows_where("term, numbers, weights FROM related_postings", "term", set(terms[0]))
    postings = {term: _numbers_and_weights(*pair) for term, *pair in rows}
    if any(len(a) != len(b) for a, b in (terms, *postings.values())) or any(
        term not in postings for term in terms[0]
    ):
        return None
    return neighbours(number, terms, postings)


def _numbers_and_weights(numbers: bytes, weights: bytes) -> tuple[array[int], array[float]]:
    """As the index stores them: int32 and float64 (a ValueError when they are not)."""
    found = array("i", numbers), array("d")
    found[1].frombytes(weights)
    return found
