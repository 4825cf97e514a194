"""A user's corpus (``--corpus``), prepared once: its Q&As and its search index in one SQLite
file in the cache.

The first call validates the file, analyses it and writes the prepared file, named after
the corpus file's path, size and modification time. Later calls find it by those alone —
without reading, parsing or validating the corpus again — and read only the Q&As they
show, so ``show`` on a corpus of 100,000 Q&As takes as long as on one of 76. A changed
file, another dictionary or another version of kyodo gets a new prepared file.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from stat import S_ISREG
from typing import Any, overload

from .corpus import (
    QA,
    Chapter,
    Corpus,
    Document,
    Erratum,
    block_from_dict,
    block_to_dict,
    load_corpus,
)
from .errors import CacheDamaged
from .index import Index

ITEMS_SCHEMA = """
CREATE TABLE items (
    position INTEGER PRIMARY KEY, number INTEGER UNIQUE NOT NULL, chapter INTEGER NOT NULL,
    question TEXT NOT NULL, answer TEXT NOT NULL, keywords TEXT NOT NULL
);
CREATE TABLE corpus (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
COLUMNS = "number, chapter, question, answer, keywords"
ANNOUNCE_FROM = 2000  # Q&As; a corpus this large takes long enough to prepare to say so


def open_user_corpus(path: Path) -> Corpus:
    """The corpus in ``path``, from its prepared file when there is a current one."""
    from .store import cache_dir, remember

    key = _source_key(path)
    if key is None:
        return load_corpus(path)  # it says what is wrong with the path
    prepared = cache_dir() / f"corpus-{key}.sqlite"
    if (corpus := _read_prepared(prepared, key)) is not None:
        return corpus
    corpus = load_corpus(path)  # every problem of the file is reported from here
    index = _prepare(corpus, prepared, key)
    if index is not None:
        remember(corpus, index)
    return corpus


def _source_key(path: Path) -> str | None:
    """'<path hash>-<version hash>': the file, and its size and modification time."""
    try:
        stat = path.stat()
        resolved = str(path.resolve()).encode("utf-8", "surrogateescape")
    except (OSError, ValueError):
        return None
    if not S_ISREG(stat.st_mode):
        return None  # a pipe or device may hold other content next time: not cached
    version = f"{stat.st_size}:{stat.st_mtime_ns}".encode()
    return f"{_short(resolved)}-{_short(version)}"


def _short(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _read_prepared(prepared: Path, key: str) -> Corpus | None:
    from .store import builder_digest, dictionary_fingerprint, remember, trusted

    meta = {"source": key, "dictionary": dictionary_fingerprint(), "builder": builder_digest()}
    index = trusted(prepared, meta)
    if index is None:
        return None
    try:
        corpus = _stored_corpus(index)
    except (CacheDamaged, KeyError, ValueError):
        return None
    remember(corpus, index)
    return corpus


def _prepare(corpus: Corpus, prepared: Path, key: str) -> Index | None:
    from .indexer import write_index
    from .store import build, note, trusted

    if len(corpus.items) >= ANNOUNCE_FROM:  # minutes of work: say why the wait
        print(
            f"kyodo: コーパスを準備しています（{len(corpus.items)} 問、初回のみ）",
            file=sys.stderr,
            flush=True,
        )
    data = build(corpus)
    data.meta["source"] = key
    try:
        write_index(data, prepared, extra=lambda connection: _write_items(connection, corpus))
    except OSError as error:
        note(f"コーパスをキャッシュに保存できません（{error}）")
        return None
    note(f"コーパスを準備しました: {prepared}")
    _remove_earlier_versions(prepared)
    return trusted(prepared, data.meta)


def _remove_earlier_versions(prepared: Path) -> None:
    """Prepared files of the same corpus file before it changed are of no more use."""
    path_hash = prepared.name.split("-")[1]
    for stale in prepared.parent.glob(f"corpus-{path_hash}-*.sqlite"):
        if stale != prepared:
            with contextlib.suppress(OSError):
                stale.unlink()


def _write_items(connection: sqlite3.Connection, corpus: Corpus) -> None:
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
        "document": list(corpus.document),
        "chapters": [[c.number, c.title, list(c.numbers)] for c in corpus.chapters],
        "errata": [list(e) for e in corpus.errata],
        "digest": corpus.digest,
    }
    connection.executemany(
        "INSERT INTO corpus VALUES (?, ?)",
        ((key, json.dumps(value, ensure_ascii=False)) for key, value in rows.items()),
    )


def _stored_corpus(index: Index) -> Corpus:
    rows = dict(_read(index, "SELECT key, value FROM corpus"))
    document: list[Any] = [
        tuple(v) if isinstance(v, list) else v for v in json.loads(rows["document"])
    ]
    chapters = tuple(
        Chapter(number, title, tuple(numbers))
        for number, title, numbers in json.loads(rows["chapters"])
    )
    errata = tuple(Erratum(*entry) for entry in json.loads(rows["errata"]))
    count = sum(len(c.numbers) for c in chapters)
    return Corpus.of(
        Document(*document),
        chapters,
        StoredItems(index, count),
        errata,
        json.loads(rows["digest"]),
        by_number=StoredByNumber(index, count),
    )


def _qa(row: tuple[Any, ...]) -> QA:
    number, chapter, question, answer, keywords = row
    blocks = tuple(block_from_dict(b) for b in json.loads(answer))
    return QA(number, chapter, question, blocks, tuple(json.loads(keywords)))


def _read(index: Index, sql: str, parameters: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    try:
        return list(index.connection.execute(sql, parameters))
    except sqlite3.Error as error:
        raise CacheDamaged(index.path, error) from None


def _qa_or_damage(index: Index, row: tuple[Any, ...]) -> QA:
    try:
        return _qa(row)
    except (ValueError, KeyError, TypeError) as error:
        raise CacheDamaged(index.path, error) from None


class StoredItems(Sequence[QA]):
    """The Q&As of a prepared corpus in order, read from its file when asked for."""

    def __init__(self, index: Index, count: int) -> None:
        self._index = index
        self._count = count

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> QA: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[QA]: ...
    def __getitem__(self, index: int | slice) -> QA | Sequence[QA]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(self._count)))
        position = index + self._count if index < 0 else index
        rows = _read(self._index, f"SELECT {COLUMNS} FROM items WHERE position = ?", (position,))
        if not rows:
            raise IndexError(index)
        return _qa_or_damage(self._index, rows[0])

    def __iter__(self) -> Iterator[QA]:
        for row in _read(self._index, f"SELECT {COLUMNS} FROM items ORDER BY position"):
            yield _qa_or_damage(self._index, row)


class StoredByNumber(Mapping[int, QA]):
    """The Q&As of a prepared corpus by number, read from its file when asked for."""

    def __init__(self, index: Index, count: int) -> None:
        self._index = index
        self._count = count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, number: int) -> QA:
        rows = _read(self._index, f"SELECT {COLUMNS} FROM items WHERE number = ?", (number,))
        if not rows:
            raise KeyError(number)
        return _qa_or_damage(self._index, rows[0])

    def __iter__(self) -> Iterator[int]:
        for (number,) in _read(self._index, "SELECT number FROM items ORDER BY position"):
            yield number
