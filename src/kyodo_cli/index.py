"""The search index of a corpus: what analysis learns once, stored so that no call repeats it.

The index holds, per field (question, answer, keywords, character bigrams), a posting list
per term with each document's BM25 weight already computed; the vocabulary with reading
keys and synonym groups; the domain thesaurus resolved to index terms; and each Q&A's most
related Q&As. It is an SQLite file: posting lists load one term at a time, writes are
atomic (a temporary file renamed into place), and nothing in it is executable.
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from .analysis import TextAnalyzer, Token
    from .corpus import QA, Corpus

INDEX_VERSION = 1
FIELDS = ("question", "answer", "keywords", "bigram", "sentence")
K1 = 1.2
B = 0.75
RELATED = 3


class VocabEntry(NamedTuple):
    reading: str  # loose reading key (see textnorm.loose_reading)
    synonyms: tuple[int, ...]
    df: int  # documents containing the term in any word field


def is_bigram_char(ch: str) -> bool:
    """Kanji, katakana and letters carry meaning in a character bigram; kana particles don't."""
    return (
        "\u4e00" <= ch <= "\u9fff"
        or "\u3400" <= ch <= "\u4dbf"
        or "\u30a1" <= ch <= "\u30ff"
        or (ch.isalnum() and ch.isascii())
    )


def bigrams(text: str) -> list[str]:
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


# -- building ----------------------------------------------------------------------------


@dataclass
class IndexData:
    numbers: list[int]
    postings: dict[str, dict[str, list[tuple[int, float]]]]
    vocab: dict[str, VocabEntry]
    thesaurus: list[list[list[str]]]
    related: dict[int, list[int]]
    meta: dict[str, Any]
    passages: list[int]  # for each answer sentence, the position of its Q&A


def _field_texts(item: QA) -> dict[str, str]:
    return {
        "question": item.question,
        "answer": item.answer_text,
        "keywords": "\n".join(item.keywords),
    }


def _bm25(counts: list[Counter[str]]) -> dict[str, list[tuple[int, float]]]:
    """Per term, (document position, BM25 weight) for every document containing it."""
    n = len(counts)
    lengths = [sum(c.values()) for c in counts]
    average = (sum(lengths) / n) or 1.0
    df: Counter[str] = Counter(term for c in counts for term in c)
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for doc, counter in enumerate(counts):
        norm = K1 * (1 - B + B * lengths[doc] / average)
        for term, tf in counter.items():
            idf = math.log(1 + (n - df[term] + 0.5) / (df[term] + 0.5))
            postings[term].append((doc, round(idf * tf * (K1 + 1) / (tf + norm), 5)))
    return dict(postings)


def build_index(
    corpus: Corpus,
    analyzer: TextAnalyzer,
    loose: Any,
    thesaurus: list[list[str]],
    meta: dict[str, Any],
) -> IndexData:
    """Analyse every Q&A once. ``loose`` maps a katakana reading to its reading key."""
    from .textnorm import fold_chars, sentences

    fields: dict[str, list[Counter[str]]] = {f: [] for f in FIELDS}
    vocab_readings: dict[str, str] = {}
    vocab_synonyms: dict[str, tuple[int, ...]] = {}
    passages: list[int] = []
    for position, item in enumerate(corpus.items):
        for name, text in _field_texts(item).items():
            tokens = list(analyzer.tokens(fold_chars(text)))
            for token in tokens:
                vocab_readings.setdefault(token.term, loose(token.reading))
                vocab_synonyms.setdefault(token.term, token.synonyms)
            fields[name].append(Counter(word_terms(tokens)))
            if name == "answer":
                for offset, sentence in sentences(text):
                    inside = [t for t in tokens if offset <= t.start < offset + len(sentence)]
                    fields["sentence"].append(Counter(word_terms(inside)))
                    passages.append(position)
        fields["bigram"].append(Counter(bigrams(item.question + "\n" + item.answer_text)))
    postings = {name: _bm25(counts) for name, counts in fields.items()}
    df: Counter[str] = Counter()
    for doc in range(len(corpus.items)):  # the sentence field repeats the answer
        df.update({t for f in ("question", "answer", "keywords") for t in fields[f][doc]})
    for term in df.keys() - vocab_readings.keys():  # short-unit parts: read them alone
        vocab_readings[term] = loose("".join(t.reading for t in analyzer.tokens(term)))
    vocab = {
        term: VocabEntry(vocab_readings[term], vocab_synonyms.get(term, ()), df[term])
        for term in df
    }
    # A thesaurus entry is the words it analyses to; a compound's own parts (補助金 → 補助)
    # are not separate words of the entry.
    resolved = [
        [[token.term for token in analyzer.tokens(phrase)] for phrase in group]
        for group in thesaurus
    ]
    resolved = [[p for p in group if p] for group in resolved]
    numbers = [item.number for item in corpus.items]
    related = _related(numbers, fields)
    thesaurus_groups = [g for g in resolved if len(g) > 1]
    return IndexData(numbers, postings, vocab, thesaurus_groups, related, meta, passages)


def _related(numbers: list[int], fields: dict[str, list[Counter[str]]]) -> dict[int, list[int]]:
    """Each Q&A's nearest neighbours by cosine similarity of TF-IDF vectors."""
    n = len(numbers)
    docs = [fields["question"][i] + fields["answer"][i] + fields["keywords"][i] for i in range(n)]
    df: Counter[str] = Counter(term for d in docs for term in d)
    vectors = []
    for doc in docs:
        weights = {t: (1 + math.log(tf)) * math.log(n / df[t]) for t, tf in doc.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        vectors.append({t: w / norm for t, w in weights.items() if w > 0})
    by_term: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, vector in enumerate(vectors):
        for term, weight in vector.items():
            by_term[term].append((i, weight))
    related: dict[int, list[int]] = {}
    for i, vector in enumerate(vectors):
        scores: dict[int, float] = defaultdict(float)
        for term, weight in vector.items():
            for j, other in by_term[term]:
                if j != i:
                    scores[j] += weight * other
        best = sorted(scores, key=lambda j: (-scores[j], numbers[j]))[:RELATED]
        related[numbers[i]] = [numbers[j] for j in best]
    return related


# -- storage -----------------------------------------------------------------------------

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE postings (field TEXT, term TEXT, docs BLOB, weights BLOB, PRIMARY KEY (field, term))
    WITHOUT ROWID;
"""


def fill(connection: sqlite3.Connection, data: IndexData) -> None:
    with connection:
        connection.executescript(SCHEMA)
        connection.executemany("INSERT INTO meta VALUES (?, ?)", _meta_rows(data))
        connection.executemany("INSERT INTO postings VALUES (?, ?, ?, ?)", _posting_rows(data))


def write_index(data: IndexData, path: Path) -> None:
    """Write atomically: a temporary file in the same directory, renamed into place."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".kyodo-", suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        connection = sqlite3.connect(temporary)
        try:
            fill(connection, data)
            connection.execute("VACUUM")
        finally:
            connection.close()
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _meta_rows(data: IndexData) -> Iterator[tuple[str, str]]:
    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    yield "meta", dump({**data.meta, "index_version": INDEX_VERSION})
    yield "numbers", dump(data.numbers)
    yield "vocab", dump({t: [v.reading, list(v.synonyms), v.df] for t, v in data.vocab.items()})
    yield "thesaurus", dump(data.thesaurus)
    yield "related", dump({str(k): v for k, v in data.related.items()})
    yield "passages", dump(data.passages)


def _posting_rows(data: IndexData) -> Iterator[tuple[str, str, bytes, bytes]]:
    for field, terms in data.postings.items():
        for term, entries in terms.items():
            docs = array("i", (d for d, _ in entries))
            weights = array("f", (w for _, w in entries))
            yield field, term, docs.tobytes(), weights.tobytes()


class IndexUnusable(Exception):
    """The index file is missing, corrupt or of another version: rebuild it."""


class Index:
    """Read access to an index file; posting lists are fetched per term and kept."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection
        try:
            rows = dict(self._db.execute("SELECT key, value FROM meta"))
            self.meta: dict[str, Any] = json.loads(rows["meta"])
            self._rows = rows
        except (sqlite3.Error, KeyError, ValueError) as error:
            raise IndexUnusable(str(error)) from None
        if self.meta.get("index_version") != INDEX_VERSION:
            raise IndexUnusable("index version")
        self._cache: dict[tuple[str, str], tuple[array[int], array[float]]] = {}

    @classmethod
    def open(cls, path: Path) -> Index:
        """Open an index file read-only; IndexUnusable if it is missing or not an index."""
        if not path.is_file():
            raise IndexUnusable("missing")
        try:
            return cls(sqlite3.connect(f"file:{path}?mode=ro", uri=True))
        except sqlite3.Error as error:
            raise IndexUnusable(str(error)) from None

    @classmethod
    def in_memory(cls, data: IndexData) -> Index:
        connection = sqlite3.connect(":memory:")
        fill(connection, data)
        return cls(connection)

    @cached_property
    def numbers(self) -> list[int]:
        return list(json.loads(self._rows["numbers"]))

    @cached_property
    def vocab(self) -> dict[str, VocabEntry]:
        raw = json.loads(self._rows["vocab"])
        return {t: VocabEntry(v[0], tuple(v[1]), v[2]) for t, v in raw.items()}

    @cached_property
    def thesaurus(self) -> list[list[list[str]]]:
        return list(json.loads(self._rows["thesaurus"]))

    @cached_property
    def passages(self) -> list[int]:
        return list(json.loads(self._rows["passages"]))

    @cached_property
    def related(self) -> dict[int, list[int]]:
        return {int(k): v for k, v in json.loads(self._rows["related"]).items()}

    def postings(self, field: str, term: str) -> tuple[array[int], array[float]]:
        key = (field, term)
        if key not in self._cache:
            try:
                row = self._db.execute(
                    "SELECT docs, weights FROM postings WHERE field = ? AND term = ?", key
                ).fetchone()
            except sqlite3.Error:
                row = None
            docs, weights = array("i"), array("f")
            if row:
                docs.frombytes(row[0])
                weights.frombytes(row[1])
            self._cache[key] = (docs, weights)
        return self._cache[key]

    def has(self, field: str, term: str) -> bool:
        return len(self.postings(field, term)[0]) > 0
