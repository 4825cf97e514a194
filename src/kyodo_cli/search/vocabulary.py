"""The vocabulary of an index: every term with its reading keys, its Sudachi synonym
groups and in how many Q&As it occurs. Stored as parallel lists, so that opening an index
costs little more than reading its terms."""

from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

# A reading shorter than this (イギ; not キカイ) has too many homophones to be looked up
# by sound alone.
MIN_HOMOPHONE_LEN = 3


class VocabEntry(NamedTuple):
    reading: str  # loose reading key (see textnorm.loose_reading)
    synonyms: tuple[int, ...]
    df: int  # documents containing the term in any word field
    others: tuple[str, ...] = ()  # other readings the dictionary gives it (前金: ゼンキン)


class Vocabulary(Mapping[str, VocabEntry]):
    """The index terms, stored as parallel lists: an entry is made only when looked up, so
    opening the index costs little more than reading the terms."""

    def __init__(
        self,
        terms: list[str],
        readings: list[str],
        dfs: list[int],
        synonyms: dict[str, list[int]],
        others: dict[str, list[str]],
    ) -> None:
        self._at = {term: i for i, term in enumerate(terms)}
        self._terms, self._readings, self._dfs, self._synonyms = terms, readings, dfs, synonyms
        self._others = others

    @classmethod
    def of(cls, entries: Mapping[str, VocabEntry]) -> "Vocabulary":
        terms = list(entries)
        return cls(
            terms,
            [entries[t].reading for t in terms],
            [entries[t].df for t in terms],
            {t: list(entries[t].synonyms) for t in terms if entries[t].synonyms},
            {t: list(entries[t].others) for t in terms if entries[t].others},
        )

    def __getitem__(self, term: str) -> VocabEntry:
        i = self._at[term]
        return VocabEntry(
            self._readings[i],
            tuple(self._synonyms.get(term, ())),
            self._dfs[i],
            tuple(self._others.get(term, ())),
        )

    def __contains__(self, term: object) -> bool:
        return term in self._at

    def __iter__(self) -> Iterator[str]:
        return iter(self._terms)

    def __len__(self) -> int:
        return len(self._terms)

    def readings(self) -> Iterator[tuple[str, str]]:
        """(term, reading key) of every term."""
        return zip(self._terms, self._readings, strict=True)

    def every_reading(self) -> Iterator[tuple[str, str]]:
        """(term, reading key) of every term, and of its other readings."""
        yield from self.readings()
        for term, others in self._others.items():
            for reading in others:
                yield term, reading

    def read_as(self, key: str) -> list[str]:
        """The terms that ``key`` is a reading key of, in the order of ``every_reading``: a
        scan at C speed, where a table of every reading would be built for one look-up."""
        found = []
        terms, readings = self._terms, self._readings
        place = -1
        while True:
            try:
                place = readings.index(key, place + 1)
            except ValueError:
                break
            found.append(terms[place])
        found += [term for term, others in self._others.items() if key in others]
        return found

    def synonym_groups(self) -> Iterator[tuple[str, list[int]]]:
        """(term, Sudachi synonym groups) of the terms that have any."""
        return iter(self._synonyms.items())

    def stored(self) -> dict[str, Any]:
        return {
            "terms": self._terms,
            "readings": self._readings,
            "df": self._dfs,
            "synonyms": self._synonyms,
            "others": self._others,
        }
