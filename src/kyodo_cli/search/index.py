"""The search index of a corpus, read side: what analysis learned once, stored so that no
call repeats it (``build`` builds and writes it).

The index holds, per field (question, answer, keywords, character bigrams), a posting list
per term with each document's BM25 weight already computed; the vocabulary with reading
keys and synonym groups; the domain thesaurus resolved to index terms, per term; each
Q&A's most related Q&As; and the words of each answer, where they stand (``placed``). It is
an SQLite file: posting lists and thesaurus entries load one term at a time, writes are
atomic (a temporary file renamed into place), and nothing in it is executable.
"""

import json
import os
import sqlite3
from array import array
from collections.abc import Iterable, Iterator
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from kyodo_cli.corpus.validation import unsafe_character
from kyodo_cli.errors import CacheDamaged, IndexUnusable
from kyodo_cli.search.vocabulary import Vocabulary

if TYPE_CHECKING:
    from kyodo_cli.search.placed import Word

INDEX_VERSION = 14
MAX_POSTINGS = 2000
SENTENCE_BITS = 6  # an answer's sentences past the 63rd share the 63rd's number


def sentence_id(position: int, local: int) -> int:
    """A sentence's number: its Q&A's position and its place in the answer."""
    return (position << SENTENCE_BITS) | min(local, (1 << SENTENCE_BITS) - 1)


def sentence_owner(sentence: int) -> tuple[int, int]:
    """(Q&A position, place in the answer) of a sentence number."""
    return sentence >> SENTENCE_BITS, sentence & ((1 << SENTENCE_BITS) - 1)


FIELDS = ("question", "answer", "keywords", "bigram", "sentence")


# Bytes that stand for themselves in the path of an SQLite URI: every other byte of the name
# is percent-encoded ("?" would start the query, "#" a fragment, "%" an escape).
_URI_PLAIN = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/-._~:")


def read_only_uri(path: Path) -> str:
    """The SQLite URI that opens ``path`` read-only, whatever characters its name holds."""
    name = os.fsencode(path.absolute().as_posix())
    quoted = "".join(chr(b) if b in _URI_PLAIN else f"%{b:02X}" for b in name)
    return f"file://{'' if quoted.startswith('/') else '/'}{quoted}?mode=ro"


class QuestionFacts(NamedTuple):
    """What a Q&A's question says of how it asks, worked out when the index is built (a
    query's ranking reads them for dozens of Q&As): the question's words, the words of each
    question people ask of it (its question-like keywords), the frames it answers in, with
    their strength (``frames.answered_frames``), and the terms it has only in the questions
    people ask of it (not in its question, its answer or its other keywords)."""

    words: frozenset[str]
    asked: tuple[frozenset[str], ...]
    frames: dict[str, float]
    asked_only: frozenset[str]

    def stored(self) -> str:
        return json.dumps(
            [
                sorted(self.words),
                [sorted(words) for words in self.asked],
                dict(sorted(self.frames.items())),
                sorted(self.asked_only),
            ],
            ensure_ascii=False,
            separators=(",", ":"),
        )

    @classmethod
    def parse(cls, raw: Any) -> "QuestionFacts":
        """Facts as stored; TypeError, ValueError or AttributeError if they are not."""
        words, asked, frames, asked_only = raw
        if not (
            _all(words, str)
            and _all(asked_only, str)
            and isinstance(asked, list)
            and all(_all(each, str) for each in asked)
            and _all(frames, float)
            and all(isinstance(name, str) and 0.0 <= value <= 1.0 for name, value in frames.items())
        ):
            raise ValueError("question facts")
        return cls(
            frozenset(words),
            tuple(frozenset(each) for each in asked),
            frames,
            frozenset(asked_only),
        )


class Index:
    """Read access to an index file; posting lists are fetched per term and kept.

    An index from the user's cache is ``checked``: whatever it yields is checked to be of
    the shape and within the bounds that an index built by kyodo has, and its text to be
    as safe as a corpus's, so that a file altered by hand is found damaged (and rebuilt)
    instead of failing later or reaching the terminal. The packaged index, built and
    tested with kyodo, and one just built in memory are not checked again.
    """

    def __init__(
        self, connection: sqlite3.Connection, path: Path | None = None, checked: bool = False
    ) -> None:
        self._db = connection
        self.path = path
        self.checked = checked
        try:
            meta = json.loads(self._row("meta"))
        except (sqlite3.Error, CacheDamaged, KeyError, ValueError) as error:
            raise IndexUnusable(f"索引の情報を読めません: {error}") from None
        if not isinstance(meta, dict):
            raise IndexUnusable("索引の情報の形が違います")
        self.meta: dict[str, Any] = meta
        if self.meta.get("index_version") != INDEX_VERSION:
            raise IndexUnusable("索引の形式の版が違います")
        self._cache: dict[tuple[str, str], tuple[array[int], array[float]]] = {}
        self._thesaurus: dict[str, list[str]] = {}
        self._entries: dict[int, tuple[str, ...]] = {}

    @classmethod
    def open(cls, path: Path, checked: bool = True) -> "Index":
        """Open an index file read-only; IndexUnusable if it is missing or not an index."""
        if not path.is_file():
            raise IndexUnusable("ファイルがありません")
        try:
            # Read-only, so one connection may serve a user interface's worker threads too.
            connection = sqlite3.connect(read_only_uri(path), uri=True, check_same_thread=False)
            return cls(connection, path, checked)
        except sqlite3.Error as error:
            raise IndexUnusable(f"SQLite のファイルとして開けません: {error}") from None

    @property
    def connection(self) -> sqlite3.Connection:
        """The open database (a prepared corpus keeps its Q&As in the same file)."""
        return self._db

    def _json(self, key: str) -> Any:
        try:
            return json.loads(self._row(key))
        except (KeyError, ValueError) as error:
            raise CacheDamaged(self.path, error) from None

    def _row(self, key: str) -> str:
        """One meta row, read when first needed (show reads two small ones, not the vocabulary)."""
        try:
            found = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as error:
            raise CacheDamaged(self.path, error) from None
        if found is None:
            raise KeyError(key)
        return str(found[0])

    def _damaged(self, what: str) -> CacheDamaged:
        return CacheDamaged(self.path, ValueError(what))

    @cached_property
    def numbers(self) -> list[int]:
        numbers = self._json("numbers")
        if self.checked and not (_all(numbers, int) and len(set(numbers)) == len(numbers)):
            raise self._damaged("numbers")
        return list(numbers)

    @cached_property
    def vocab(self) -> Vocabulary:
        raw = self._json("vocab")
        try:
            vocabulary = Vocabulary(
                raw["terms"], raw["readings"], raw["df"], raw["synonyms"], raw["others"]
            )
        except (KeyError, TypeError) as error:
            raise CacheDamaged(self.path, error) from None
        if self.checked and not self._sound_vocabulary(raw):
            raise self._damaged("vocab")
        return vocabulary

    def _sound_vocabulary(self, raw: dict[str, Any]) -> bool:
        terms, readings, dfs, synonyms = raw["terms"], raw["readings"], raw["df"], raw["synonyms"]
        return (
            _all(terms, str)
            and _all(readings, str)
            and _all(dfs, int)
            and len(terms) == len(readings) == len(dfs)
            and isinstance(synonyms, dict)
            and all(_all(groups, int) for groups in synonyms.values())
            and isinstance(raw["others"], dict)
            and all(_all(others, str) for others in raw["others"].values())
            and all(0 <= df <= len(self.numbers) for df in dfs)
            # terms are shown (もしかして): as safe as the corpus they came from
            and unsafe_character("\n".join(terms)) is None
        )

    def thesaurus(self, term: str) -> list[str]:
        """The index terms the domain thesaurus gives for a word standing alone."""
        if term not in self._thesaurus:
            try:
                found = self._db.execute(
                    "SELECT terms FROM thesaurus WHERE term = ?", (term,)
                ).fetchone()
                terms = json.loads(found[0]) if found else []
            except (sqlite3.Error, ValueError) as error:
                raise CacheDamaged(self.path, error) from None
            if not _all(terms, str):
                raise self._damaged("thesaurus")
            self._thesaurus[term] = list(terms)
        return self._thesaurus[term]

    def questions(self, positions: Iterable[int] | None = None) -> dict[int, str]:
        """Normalised question texts by position: all of them, or those asked for."""
        found = self._by_position("text", positions)
        if self.checked and not _all(found, str):
            raise self._damaged("questions")
        return found

    def question_facts(self, positions: Iterable[int]) -> dict[int, QuestionFacts]:
        """What the questions of these Q&As say of how they ask (see QuestionFacts)."""
        try:
            found = {
                position: QuestionFacts.parse(json.loads(raw))
                for position, raw in self._by_position("facts", positions).items()
            }
        except (ValueError, TypeError, AttributeError) as error:
            raise CacheDamaged(self.path, error) from None
        return found

    def answer_words(self, position: int, length: int) -> "list[Word] | None":
        """The words of the answer (``length`` characters) of the Q&A at ``position``, where
        they stand; None when the index has not stored them (too long an answer)."""
        from kyodo_cli.search.placed import unpacked

        try:
            row = self._db.execute(
                "SELECT word_places, word_entries FROM questions WHERE position = ?", (position,)
            ).fetchone()
            if row is None or row[0] is None:
                return None
            return unpacked(row[0], row[1], self._word_entries, length)
        except (sqlite3.Error, ValueError, TypeError) as error:
            raise CacheDamaged(self.path, error) from None

    def _word_entries(self, numbers: set[int]) -> dict[int, tuple[str, ...]]:
        """The entries of the answers' words of these numbers (those the index has)."""
        from kyodo_cli.search.placed import entry

        missing = numbers - self._entries.keys()
        for n, terms in self._rows_where("number, terms FROM word_entries", "number", missing):
            self._entries[n] = entry(terms)
        return {n: self._entries[n] for n in numbers if n in self._entries}

    def _by_position(self, column: str, positions: Iterable[int] | None) -> dict[int, Any]:
        """A column of the questions table by position: every row, or those asked for."""
        selected = f"position, {column} FROM questions"
        try:
            if positions is None:
                found = dict(self._db.execute(f"SELECT {selected}"))
            else:
                found = dict(self._rows_where(selected, "position", positions))
        except sqlite3.Error as error:
            raise CacheDamaged(self.path, error) from None
        if self.checked and not all(self._position(p) for p in found):
            raise self._damaged("questions")
        return found

    def _rows_where(self, selected: str, key: str, values: Iterable[int]) -> Iterator[Any]:
        """``SELECT selected`` for the rows whose ``key`` is one of ``values``, asked a few
        hundred at a time (SQLite's limit on bound parameters)."""
        wanted = list(values)
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            yield from self._db.execute(f"SELECT {selected} WHERE {key} IN ({marks})", chunk)

    def related(self, number: int) -> list[int]:
        """The Q&As most related to ``number``, best first, summed from a few rows (see
        ``nearest``): a millisecond on any corpus."""
        from kyodo_cli.search.nearest import stored_neighbours

        try:
            found = stored_neighbours(self._rows_where, number)
        except (sqlite3.Error, ValueError, TypeError) as error:
            raise CacheDamaged(self.path, error) from None
        if found is None:
            raise self._damaged("related")
        return found

    def has_field(self, field: str) -> bool:
        """Whether any Q&A has a term in the field (a corpus may come without keywords)."""
        try:
            found = self._db.execute(
                "SELECT 1 FROM postings WHERE field = ? LIMIT 1", (field,)
            ).fetchone()
        except sqlite3.Error as error:
            raise CacheDamaged(self.path, error) from None
        return found is not None

    def postings(self, field: str, term: str) -> "tuple[array[int], array[float]]":
        """The Q&As (positions) containing the term in the field, with their BM25 weights,
        heaviest first; at most MAX_POSTINGS of them, so a word found in nearly every Q&A of
        a large corpus costs no more than a rare one."""
        key = (field, term)
        if key not in self._cache:
            size = MAX_POSTINGS * 4
            try:
                row = self._db.execute(
                    "SELECT substr(docs, 1, ?), substr(weights, 1, ?) FROM postings"
                    " WHERE field = ? AND term = ?",
                    (size, size, field, term),
                ).fetchone()
                docs, weights = array("i"), array("f")
                if row:
                    docs.frombytes(row[0])
                    weights.frombytes(row[1])
            except (sqlite3.Error, ValueError, TypeError) as error:
                raise CacheDamaged(self.path, error) from None
            if self.checked and not self._sound_postings(field, docs, weights):
                raise self._damaged("postings")
            self._cache[key] = (docs, weights)
        return self._cache[key]

    def _sound_postings(self, field: str, docs: "array[int]", weights: "array[float]") -> bool:
        if len(docs) != len(weights):
            return False
        if not docs:
            return True
        low, high = min(docs), max(docs)
        if field == "sentence":
            low, high = sentence_owner(low)[0], sentence_owner(high)[0]
        return self._position(low) and self._position(high)

    def _position(self, position: int) -> bool:
        return isinstance(position, int) and 0 <= position < len(self.numbers)


def _all(values: Any, kind: type) -> bool:
    """Whether ``values`` is a list (or a dict's values) of ``kind`` alone (no bool for int)."""
    if isinstance(values, dict):
        values = list(values.values())
    return isinstance(values, list) and all(type(value) is kind for value in values)
