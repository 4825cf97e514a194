"""The Q&As of a prepared corpus, stored in SQLite beside its search index: written once,
read back one record at a time, each checked as it is read as a corpus file's would be (a
prepared file may have been altered by hand).

Each Q&A is a row of named columns and each record of the corpus's header a JSON object by
field name: nothing is read by position, so a field added to a record cannot be read as
another (a change of these tables is a new ``PREPARED_FORMAT``, see search/prepared.py).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol, overload

from kyodo_cli.corpus.records import (
    QA,
    Chapter,
    Corpus,
    Document,
    Erratum,
    block_from_dict,
    block_to_dict,
)
from kyodo_cli.corpus.validation import item_problems, unsafe_character
from kyodo_cli.errors import CacheDamaged


class Store(Protocol):
    """The open file the records are read from, and its path for the damage report."""

    @property
    def connection(self) -> sqlite3.Connection: ...

    @property
    def path(self) -> Path | None: ...


ITEMS_SCHEMA = """
CREATE TABLE items (
    position INTEGER PRIMARY KEY, number INTEGER UNIQUE NOT NULL, chapter INTEGER NOT NULL,
    question TEXT NOT NULL, answer TEXT NOT NULL, keywords TEXT NOT NULL
);
CREATE TABLE corpus (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
COLUMNS = "number, chapter, question, answer, keywords"
BATCH = 500


def write_items(connection: sqlite3.Connection, corpus: Corpus) -> None:
    connection.executescript(ITEMS_SCHEMA)
    connection.executemany(
        f"INSERT INTO items (position, {COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
        (
            (
                position,
                item.number,
                item.chapter,
                item.question,
                json.dumps([block_to_dict(b) for b in item.answer], ensure_ascii=False),
                json.dumps(list(item.keywords), ensure_ascii=False),
            )
            for position, item in enumerate(corpus.items)
        ),
    )
    rows = {
        "document": corpus.document._asdict(),
        "chapters": [c._asdict() for c in corpus.chapters],
        "errata": [e._asdict() for e in corpus.errata],
        "digest": corpus.digest,
    }
    connection.executemany(
        "INSERT INTO corpus VALUES (?, ?)",
        ((key, json.dumps(value, ensure_ascii=False)) for key, value in rows.items()),
    )


def stored_corpus(store: Store) -> Corpus:
    """The corpus's header, checked as a corpus file's is; its Q&As are checked as read."""
    header = dict(_read(store, "SELECT key, value FROM corpus"))
    document = _document(json.loads(header["document"]))
    chapters = tuple(_chapter(entry) for entry in _list(json.loads(header["chapters"])))
    errata = tuple(_erratum(entry) for entry in _list(json.loads(header["errata"])))
    digest = _text(json.loads(header["digest"]))
    rows = _Rows(store, chapters)
    if _read(store, "SELECT count(*) FROM items") != [(rows.count,)]:
        raise ValueError("items")
    if rows.count != len({n for c in chapters for n in c.numbers}):
        raise ValueError("numbers")  # listed twice: chapters counts them from this list
    return Corpus.of(
        document, chapters, StoredItems(rows), errata, digest, by_number=StoredByNumber(rows)
    )


def _fields(stored: Any, names: Sequence[str]) -> dict[str, Any]:
    """A record stored as an object with exactly the fields ``names``."""
    if not isinstance(stored, dict) or sorted(stored) != sorted(names):
        raise ValueError("fields")
    return stored


def _document(stored: Any) -> Document:
    fields = _fields(stored, Document._fields)
    checked: dict[str, Any] = {
        name: _texts(value) if name in ("contact", "preface") else _text(value)
        for name, value in fields.items()
    }
    return Document(**checked)


def _chapter(stored: Any) -> Chapter:
    fields = _fields(stored, Chapter._fields)
    numbers = tuple(_integer(n) for n in _list(fields["numbers"]))
    return Chapter(_integer(fields["number"]), _text(fields["title"]), numbers)


def _erratum(stored: Any) -> Erratum:
    fields = _fields(stored, Erratum._fields)
    texts = {name: value for name, value in fields.items() if name != "item"}
    if not all(isinstance(t, str) for t in texts.values()):
        raise ValueError("erratum")  # a corpus's errata are strings, not checked further
    return Erratum(item=_integer(fields["item"]), **texts)


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError("list")
    return value


def _integer(value: Any) -> int:
    if type(value) is not int:
        raise ValueError("integer")
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str) or unsafe_character(value) is not None:
        raise ValueError("text")
    return value


def _texts(value: Any) -> tuple[str, ...]:
    return tuple(_text(v) for v in _list(value))


def _qa(row: tuple[Any, ...], chapters: set[int]) -> QA:
    item = dict(zip(COLUMNS.split(", "), row, strict=True))
    item["answer"] = json.loads(item["answer"])
    item["keywords"] = json.loads(item["keywords"])
    if problems := item_problems(item, chapters):
        raise ValueError(problems[0])
    blocks = tuple(block_from_dict(b) for b in item["answer"])
    return QA(item["number"], item["chapter"], item["question"], blocks, tuple(item["keywords"]))


def _read(store: Store, sql: str, parameters: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    try:
        return list(store.connection.execute(sql, parameters))
    except sqlite3.Error as error:
        raise CacheDamaged(store.path, error) from None


class _Rows:
    """The Q&A rows of a prepared file, each checked as it is read against the corpus's
    header (its chapters, and the numbers they list)."""

    def __init__(self, store: Store, chapters: tuple[Chapter, ...]) -> None:
        self.store = store
        self.count = sum(len(c.numbers) for c in chapters)
        self._chapters = {c.number for c in chapters}
        self._numbers = {n for c in chapters for n in c.numbers}

    def read(
        self, where: str, parameters: tuple[Any, ...] = (), columns: str = COLUMNS
    ) -> list[tuple[Any, ...]]:
        return _read(self.store, f"SELECT {columns} FROM items {where}", parameters)

    def qa(self, row: tuple[Any, ...]) -> QA:
        try:
            return _qa(row, self._chapters)
        except Exception as error:  # whatever a file altered by hand holds
            raise CacheDamaged(self.store.path, error) from None

    def listed(self, number: object) -> bool:
        return number in self._numbers

    def missing(self, what: object) -> CacheDamaged:
        return CacheDamaged(self.store.path, LookupError(f"no row for {what}"))


class StoredItems(Sequence[QA]):
    """The Q&As of a prepared corpus in order, read from its file when asked for."""

    def __init__(self, rows: _Rows) -> None:
        self._rows = rows

    def __len__(self) -> int:
        return self._rows.count

    @overload
    def __getitem__(self, index: int) -> QA: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[QA]: ...
    def __getitem__(self, index: int | slice) -> QA | Sequence[QA]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        position = index + len(self) if index < 0 else index
        found = self._rows.read("WHERE position = ?", (position,))
        if not found:
            if 0 <= position < len(self):
                raise self._rows.missing(position)
            raise IndexError(index)
        return self._rows.qa(found[0])

    def __iter__(self) -> Iterator[QA]:
        for row in self._rows.read("ORDER BY position"):
            yield self._rows.qa(row)


class StoredByNumber(Mapping[int, QA]):
    """The Q&As of a prepared corpus by number, read from its file when asked for."""

    def __init__(self, rows: _Rows) -> None:
        self._rows = rows

    def __len__(self) -> int:
        return self._rows.count

    def __getitem__(self, number: int) -> QA:
        found = self._rows.read("WHERE number = ?", (number,))
        if not found:
            if self._rows.listed(number):  # a chapter lists it
                raise self._rows.missing(number)
            raise KeyError(number)
        return self._rows.qa(found[0])

    def __iter__(self) -> Iterator[int]:
        for (number,) in _read(self._rows.store, "SELECT number FROM items ORDER BY position"):
            yield number

    def many(self, numbers: Sequence[int]) -> tuple[QA, ...]:
        """The Q&As of ``numbers``, in that order, read a few hundred rows per query (a
        chapter of a large corpus, one row at a time, took seven times as long as show)."""
        found = {qa.number: qa for qa in map(self._rows.qa, self._batched(COLUMNS, numbers))}
        return tuple(found[n] for n in self._all_found(numbers, found))

    def questions(self, numbers: Sequence[int]) -> tuple[tuple[int, str], ...]:
        """The questions of ``numbers``, in that order, without reading their answers."""
        found: dict[int, str] = {}
        for row in self._batched("number, question", numbers):
            try:
                found[_integer(row[0])] = _text(row[1])
            except ValueError as error:
                raise CacheDamaged(self._rows.store.path, error) from None
        return tuple((n, found[n]) for n in self._all_found(numbers, found))

    def _batched(self, columns: str, numbers: Sequence[int]) -> Iterator[tuple[Any, ...]]:
        for start in range(0, len(numbers), BATCH):  # SQLite's limit on bound parameters
            batch = tuple(numbers[start : start + BATCH])
            marks = ",".join("?" * len(batch))
            yield from self._rows.read(f"WHERE number IN ({marks})", batch, columns)

    def _all_found(self, numbers: Sequence[int], found: Mapping[int, object]) -> Sequence[int]:
        missing = next((n for n in numbers if n not in found), None)
        if missing is not None:
            if self._rows.listed(missing):
                raise self._rows.missing(missing)
            raise KeyError(missing)
        return numbers
