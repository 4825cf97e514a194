"""Each Q&A's most related Q&As: its nearest neighbours by cosine similarity of TF-IDF vectors
of what it says (question and answer; the keywords are how people ask, shared by Q&As on
different subjects).

The dot product runs over each Q&A's strongest terms and, for each, over the Q&As where the
term weighs most, so the work grows linearly with the corpus. The index keeps those (see
``Strongest``), and :mod:`.nearest` sums them for the one Q&A shown. The vectors are kept as
arrays (term numbers and counts) while the corpus is analysed, a few bytes a term.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Mapping
from itertools import pairwise
from operator import itemgetter
from typing import NamedTuple

RELATED_TERMS = 16  # a Q&A's strongest terms, over which similarity is summed
RELATED_POSTINGS = 150  # for each such term, the Q&As where it weighs most


class PackedVectors(NamedTuple):
    """Vectors as a worker sends them: term numbers of its own (``terms`` names them)."""

    terms: list[str]
    numbers: array[int]
    counts: array[int]
    sizes: array[int]  # how many terms each Q&A has


class Vectors:
    """The terms of each Q&A's question and answer, and how often each occurs."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}  # term: its number
        self.terms = array("i")  # every Q&A's term numbers, one after the other
        self.counts = array("i")
        self.starts = array("q", [0])  # where each Q&A's terms begin in terms and counts

    def add(self, question: Mapping[str, int], answer: Mapping[str, int]) -> None:
        """A Q&A: its terms in the order they first occur, the question's first."""
        both = dict(question)
        for term, count in answer.items():
            both[term] = both.get(term, 0) + count
        numbers = self.numbers
        self.terms.extend([numbers.setdefault(term, len(numbers)) for term in both])
        self.counts.extend(both.values())
        self.starts.append(len(self.terms))

    def packed(self) -> PackedVectors:
        sizes = array("q", (b - a for a, b in pairwise(self.starts)))
        return PackedVectors(list(self.numbers), self.terms, self.counts, sizes)

    def extend(self, packed: PackedVectors) -> None:
        """The Q&As of ``packed``, after those already here."""
        numbers = self.numbers
        mine = [numbers.setdefault(term, len(numbers)) for term in packed.terms]
        self.terms.extend(map(mine.__getitem__, packed.numbers))
        self.counts += packed.counts
        for size in packed.sizes:
            self.starts.append(self.starts[-1] + size)

    def __len__(self) -> int:
        return len(self.starts) - 1


class Strongest(NamedTuple):
    """What related Q&As are worked out from when one is shown: each Q&A's RELATED_TERMS
    strongest terms with their weights (by the Q&A's number), and for each such term the
    RELATED_POSTINGS Q&As where it weighs most, heaviest first, by number, with weights.
    Terms are numbers of their own, known only here."""

    terms: dict[int, tuple[array[int], array[float]]]
    postings: dict[int, tuple[array[int], array[float]]]


def strongest(numbers: list[int], vectors: Vectors) -> Strongest:
    """The strongest terms of the Q&As (numbered ``numbers``, in the vectors' order) and
    the Q&As where those weigh most. Summing over them for every Q&A took a third of the
    CPU time of preparing a corpus, for lists that ``show`` reads one at a time: a Q&A's
    neighbours are summed when they are asked for (``nearest``), in a millisecond."""
    tops, best = _strongest(vectors, len(numbers))
    postings = {
        term: (array("i", map(numbers.__getitem__, docs)), weights)
        for term, (docs, weights) in best.items()
    }
    return Strongest(dict(zip(numbers, tops, strict=True)), postings)


def _strongest(
    vectors: Vectors, n: int
) -> tuple[list[tuple[array[int], array[float]]], dict[int, tuple[array[int], array[float]]]]:
    """Each Q&A's RELATED_TERMS strongest terms and their weights (fewer where it has
    fewer terms); and for each of those terms, the RELATED_POSTINGS Q&As (by position)
    where it weighs most, heaviest first, with their weights."""
    terms, counts, starts = vectors.terms, vectors.counts, vectors.starts
    idf = [0.0] * len(vectors.numbers)  # by term number
    for term, count in Counter(terms).items():
        idf[term] = math.log(n / count)
    scale = [0.0, *(1 + math.log(tf) for tf in range(1, max(counts, default=0) + 1))]
    tops = []
    wanted: set[int] = set()
    by_weights: list[array[float]] = [array("d") for _ in idf]  # by term: Q&As and weights
    by_docs: list[array[int]] = [array("i") for _ in idf]
    weight_of = itemgetter(1)
    for i in range(n):
        ids, tfs = terms[starts[i] : starts[i + 1]], counts[starts[i] : starts[i + 1]]
        raw = [scale[tf] * idf[t] for t, tf in zip(ids, tfs, strict=True)]
        norm = math.sqrt(sum(w * w for w in raw)) or 1.0
        vector = [(t, w / norm) for t, w in zip(ids, raw, strict=True) if w > 0]
        for t, w in vector:
            by_weights[t].append(w)
            by_docs[t].append(i)
        # sorted() works in C: heapq.nlargest, which gives the same, loops in Python
        top = sorted(vector, key=weight_of, reverse=True)[:RELATED_TERMS]  # ties in order
        tops.append((array("i", [t for t, _ in top]), array("d", [w for _, w in top])))
        wanted.update(tops[-1][0])
    strongest = {}
    for t in wanted:
        weights, docs = by_weights[t], by_docs[t]
        best = sorted(zip(weights, docs, strict=True), reverse=True)[:RELATED_POSTINGS]
        # Arrays, not the pairs: the loop over them ran three times as fast (in cache)
        strongest[t] = (array("i", [j for _, j in best]), array("d", [w for w, _ in best]))
    return tops, strongest
