"""Building the search index of a corpus: analyse every Q&A once, compute the BM25 weights,
the vocabulary, the thesaurus in index terms, what each Q&A's related Q&As are found from
and where its answer's words stand, and write it all to an SQLite file atomically (a
temporary file renamed into place)."""

from __future__ import annotations

import json
import os
import sqlite3
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kyodo_cli.search import workers
from kyodo_cli.search.index import FIELDS, INDEX_VERSION, Index
from kyodo_cli.search.postings import FieldPostings
from kyodo_cli.search.vocabulary import VocabEntry, Vocabulary

if TYPE_CHECKING:
    from kyodo_cli.corpus.records import Corpus
    from kyodo_cli.search.analysis import ChunkWords, QuestionRow
    from kyodo_cli.search.placed import Entries
    from kyodo_cli.search.related import Strongest
    from kyodo_cli.search.workers import Workers
    from kyodo_cli.text.tokens import TextAnalyzer


@dataclass
class IndexData:
    numbers: list[int]
    postings: dict[str, FieldPostings]  # weighted as they are written
    vocab: dict[str, VocabEntry]
    thesaurus: list[list[list[str]]]
    related: Strongest  # what each Q&A's related Q&As are summed from when shown
    meta: dict[str, Any]
    questions: list[QuestionRow]
    entries: Entries  # of the answers' words (see ``placed``)


def build_index(
    corpus: Corpus,
    analyzer: TextAnalyzer,
    loose: Any,
    thesaurus: list[list[str]],
    meta: dict[str, Any],
    pool: Workers | None = None,
    started: Iterator[ChunkWords] | None = None,
) -> IndexData:
    """Analyse every Q&A once (by ``pool`` when given), unless its analysis was ``started``
    already. ``loose`` maps a katakana reading to its reading key."""
    from kyodo_cli.search.analysis import analysed
    from kyodo_cli.search.placed import Entries
    from kyodo_cli.search.related import Vectors, strongest

    postings = {name: FieldPostings() for name in FIELDS}
    vectors = Vectors()
    readings: dict[str, str] = {}
    synonyms: dict[str, tuple[int, ...]] = {}
    parts: dict[str, str] = {}
    others: dict[str, list[str]] = {}
    questions: list[QuestionRow] = []
    entries = Entries()
    groups: list[list[list[str]]] = []
    chunks = started if started is not None else analysed(corpus.items, analyzer, thesaurus, pool)
    for chunk in chunks:
        for term, reading, found in chunk.vocabulary:
            if term not in readings:  # a word's first occurrence in the corpus
                readings[term] = loose(reading)
                synonyms[term] = found
        for name, packed in chunk.postings.items():
            postings[name].extend(packed)
        vectors.extend(chunk.vectors)
        parts.update(chunk.parts)
        others.update(chunk.others)
        questions += _renumbered(chunk.questions, entries.of(chunk.entries))
        groups += chunk.thesaurus
    df = _document_frequencies(postings["question"], postings["answer"], postings["keywords"])
    for term in df.keys() - readings.keys():  # met only as parts of words: read alone
        readings[term] = loose(parts[term])
    vocab = {
        term: VocabEntry(
            readings[term],
            synonyms.get(term, ()),
            df[term],
            _other_keys(others.get(term, ()), readings[term], loose),
        )
        for term in df
    }
    numbers = [item.number for item in corpus.items]
    return IndexData(
        numbers, postings, vocab, groups, strongest(numbers, vectors), meta, questions, entries
    )


def _renumbered(rows: list[QuestionRow], numbers: array[int]) -> Iterator[QuestionRow]:
    """The rows of a run, its answers' words numbered as the index numbers their entries
    (``numbers``, by the run's own)."""
    for row in rows:
        if row.word_entries is not None:
            found = array("I")
            found.frombytes(row.word_entries)
            row = row._replace(word_entries=array("I", map(numbers.__getitem__, found)).tobytes())
        yield row


def _other_keys(others: Iterable[str], reading: str, loose: Any) -> tuple[str, ...]:
    """The reading keys of a word's other readings, but the one it was read by."""
    found = dict.fromkeys(loose(other) for other in others)
    found.pop(reading, None)
    return tuple(found)


def _document_frequencies(*fields: FieldPostings) -> dict[str, int]:
    """In how many documents each term occurs in any of the fields (of the same documents),
    the terms in the order they first occur in the first field, then in the next."""
    found: dict[str, list[Any]] = {}
    for field in fields:
        for term, docs in field.terms():
            found.setdefault(term, []).append(docs)
    return {
        term: len(docs[0]) if len(docs) == 1 else len(set().union(*docs))
        for term, docs in found.items()
    }


# -- storage -----------------------------------------------------------------------------

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE postings (field TEXT, term TEXT, docs BLOB, weights BLOB, PRIMARY KEY (field, term))
    WITHOUT ROWID;
CREATE TABLE related_terms (
    number INTEGER PRIMARY KEY, terms BLOB NOT NULL, weights BLOB NOT NULL
);
CREATE TABLE related_postings (
    term INTEGER PRIMARY KEY, numbers BLOB NOT NULL, weights BLOB NOT NULL
);
CREATE TABLE questions (
    position INTEGER PRIMARY KEY, text TEXT NOT NULL, facts TEXT NOT NULL,
    word_places BLOB, word_entries BLOB
);
CREATE TABLE word_entries (number INTEGER PRIMARY KEY, terms TEXT NOT NULL);
CREATE TABLE thesaurus (term TEXT PRIMARY KEY, terms TEXT NOT NULL) WITHOUT ROWID;
"""


def fill(connection: sqlite3.Connection, data: IndexData) -> None:
    with connection:
        connection.executescript(SCHEMA)
        connection.executemany("INSERT INTO meta VALUES (?, ?)", _meta_rows(data))
        connection.executemany("INSERT INTO postings VALUES (?, ?, ?, ?)", _posting_rows(data))
        connection.executemany(
            "INSERT INTO questions VALUES (?, ?, ?, ?, ?)",
            ((position, *question) for position, question in enumerate(data.questions)),
        )
        connection.executemany("INSERT INTO word_entries VALUES (?, ?)", data.entries.stored())
        connection.executemany("INSERT INTO thesaurus VALUES (?, ?)", _thesaurus_rows(data))
        for table, rows in data.related._asdict().items():
            connection.executemany(
                f"INSERT INTO related_{table} VALUES (?, ?, ?)",
                ((key, one.tobytes(), two.tobytes()) for key, (one, two) in rows.items()),
            )


def write_index(
    data: IndexData, path: Path, extra: Callable[[sqlite3.Connection], None] | None = None
) -> None:
    """Write atomically: a temporary file in the same directory, renamed into place.
    ``extra`` may add tables of its own to the same file before it is renamed. Temporary
    files left by writers that were killed are removed first (see ``files``)."""
    from kyodo_cli.files import discard, locked_temporary, put_in_place, sweep_temporaries

    path.parent.mkdir(parents=True, exist_ok=True)
    sweep_temporaries(path.parent)
    handle, temporary = locked_temporary(path.parent)
    try:
        connection = sqlite3.connect(temporary.absolute())
        try:
            fill(connection, data)
            if extra is not None:
                with connection:
                    extra(connection)
        finally:
            connection.close()
        put_in_place(temporary, path)
    finally:
        discard(temporary)
        # Closed last, after SQLite's own connection: closing a descriptor of a file drops
        # the process's POSIX locks on it, SQLite's included.
        os.close(handle)


def _meta_rows(data: IndexData) -> Iterator[tuple[str, str]]:
    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    yield "meta", dump({**data.meta, "index_version": INDEX_VERSION})
    yield "numbers", dump(data.numbers)
    yield "vocab", dump(Vocabulary.of(data.vocab).stored())


def _thesaurus_rows(data: IndexData) -> Iterator[tuple[str, str]]:
    """Per word, the words of the groups it stands in alone: 市民 in the phrase 市民協働 does
    not stand for the phrase's group, and a phrase of several words is no synonym of any
    one of them."""
    found: dict[str, list[str]] = defaultdict(list)
    for group in data.thesaurus:
        words = [phrase[0] for phrase in group if len(phrase) == 1]
        for word in words:
            found[word].extend(w for w in words if w not in found[word])
    for word, words in found.items():
        yield word, json.dumps(words, ensure_ascii=False)


def _posting_rows(data: IndexData) -> Iterator[tuple[str, str, bytes, bytes]]:
    """Each term's row, weighted as it is written (by forked workers for a large corpus),
    so that no more than a few rows are held at once. The rows come in the table's key
    order: each is added at the end of its pages, which are left full, so the file is as
    compact as VACUUM would make it (which took a tenth of writing a prepared corpus)."""
    jobs = sorted(
        (field, term) for field, postings in data.postings.items() for term in postings.slots
    )
    weighers = {field: postings.weigher() for field, postings in data.postings.items()}

    def row(job: int) -> tuple[str, str, bytes, bytes]:
        field, term = jobs[job]
        return (field, term, *weighers[field](term))

    if len(data.numbers) >= workers.PARALLEL_FROM and workers.can_fork():
        return workers.in_order(row, len(jobs), chunk=64)
    return map(row, range(len(jobs)))


def index_in_memory(data: IndexData) -> Index:
    """An index that lives only as long as this process (when it cannot be cached)."""
    connection = sqlite3.connect(":memory:")
    fill(connection, data)
    return Index(connection)
