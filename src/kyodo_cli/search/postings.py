"""The posting lists of one field of an index while it is built, and their BM25 weights.

Every term of every Q&A passes through here, so the lists are kept as arrays of machine
integers (a few bytes an occurrence, where tuples and Python integers took ten times as
much), and the weights are worked out term by term as the lists are written. A worker
analysing a few Q&As sends the lists of those alone, flat (:class:`Packed`), and they are
appended to the corpus's, term by term rather than occurrence by occurrence.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Callable, Iterator, Mapping
from struct import pack
from typing import NamedTuple

K1 = 1.2
B = 0.75


class Packed(NamedTuple):
    """Posting lists, flat: the entries of ``terms[k]`` are ``docs`` and ``counts`` from
    ``ends[k - 1]`` to ``ends[k]``; then the number stored for each document, and its
    length in terms."""

    terms: list[str]
    ends: array[int]
    docs: array[int]
    counts: array[int]
    numbers: array[int]
    lengths: array[int]


class FieldPostings:
    """For each term, the documents of one field that hold it, in the order they were
    added, and how often; and each document's length in terms. Documents are numbered in
    the order they were added; ``numbers`` holds the number the index stores for each: a
    Q&A's position, or a sentence's (which the sentences past an answer's 63rd share)."""

    def __init__(self) -> None:
        self.slots: dict[str, int] = {}  # term: its place in docs and counts
        self.docs: list[array[int]] = []
        self.counts: list[array[int]] = []
        self.numbers = array("i")  # every document, in the order added
        self.lengths = array("q")

    def add(self, number: int, counts: Mapping[str, int]) -> None:
        """A document with these terms, and how often each occurs in it."""
        doc = len(self.lengths)
        slot_of, docs, tfs = self.slots.get, self.docs, self.counts
        for term, tf in counts.items():
            slot = slot_of(term)
            if slot is None:
                slot = self._slot(term)
            docs[slot].append(doc)
            tfs[slot].append(tf)
        self.numbers.append(number)
        self.lengths.append(sum(counts.values()))

    def packed(self) -> Packed:
        docs, counts, ends = array("i"), array("i"), array("q")
        for slot in self.slots.values():
            docs += self.docs[slot]
            counts += self.counts[slot]
            ends.append(len(docs))
        return Packed(list(self.slots), ends, docs, counts, self.numbers, self.lengths)

    def extend(self, packed: Packed) -> None:
        """The documents of ``packed``, added after those already here."""
        docs = packed.docs
        if base := len(self.lengths):
            docs = array("i", map(base.__add__, docs))
        start = 0
        for term, end in zip(packed.terms, packed.ends, strict=True):
            slot = self._slot(term)
            self.docs[slot] += docs[start:end]
            self.counts[slot] += packed.counts[start:end]
            start = end
        self.numbers += packed.numbers
        self.lengths += packed.lengths

    def _slot(self, term: str) -> int:
        slot = self.slots.get(term)
        if slot is None:
            slot = self.slots[term] = len(self.docs)
            self.docs.append(array("i"))
            self.counts.append(array("i"))
        return slot

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FieldPostings):
            return NotImplemented
        return self.packed() == other.packed()

    def terms(self) -> Iterator[tuple[str, array[int]]]:
        """Each term and the documents that hold it."""
        for term, slot in self.slots.items():
            yield term, self.docs[slot]

    def weigher(self) -> Callable[[str], tuple[bytes, bytes]]:
        """What gives a term's documents and BM25 weights as the index stores them (int32
        and float32 arrays), heaviest first; equal weights keep the documents' order."""
        n = len(self.lengths)
        average = (sum(self.lengths) / n if n else 0.0) or 1.0
        lengths = self.lengths.tolist()
        norms = [K1 * (1 - B + B * length / average) for length in lengths]
        numbers = self.numbers.tolist()
        slots = self.slots

        def weigh(term: str) -> tuple[bytes, bytes]:
            slot = slots[term]
            docs, tfs = self.docs[slot].tolist(), self.counts[slot].tolist()
            count = len(docs)
            idf = math.log(1 + (n - count + 0.5) / (count + 0.5))
            # A weight depends on the term, its count and the document's length alone, and
            # round() is slow: each is worked out once.
            known: dict[tuple[int, int], float] = {}
            weights = []
            for doc, tf in zip(docs, tfs, strict=True):
                key = (tf, lengths[doc])
                weight = known.get(key)
                if weight is None:
                    weight = known[key] = round(idf * tf * (K1 + 1) / (tf + norms[doc]), 5)
                weights.append(weight)
            # sorted() is stable, reverse=True too: equal weights stay in document order
            order = sorted(range(count), key=weights.__getitem__, reverse=True)
            # the bytes of array("i") and array("f"), which struct makes with less work
            return (
                pack(f"{count}i", *map(numbers.__getitem__, map(docs.__getitem__, order))),
                pack(f"{count}f", *map(weights.__getitem__, order)),
            )

        return weigh
