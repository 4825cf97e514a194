"""A user's corpus (``--corpus``), prepared once: its Q&As and its search index in one SQLite
file in the cache.

The first call validates the file, analyses it and writes the prepared file, named after
the corpus file's path, size, modification and change times and inode. Later calls find it
by those alone — without reading, parsing or validating the corpus again — and read only
the Q&As they show, so ``show`` on a corpus of 100,000 Q&As takes as long as on one of 76.
A changed file, another dictionary or another version of kyodo gets a new prepared file.

What a prepared file yields is checked as the corpus file was (a Q&A when it is read): one
altered by hand, or holding what no corpus may, is found damaged and prepared again. One
process prepares a corpus at a time; others started meanwhile wait for its file.
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
from typing import TYPE_CHECKING, Any, overload

from kyodo_cli.corpus.records import (
    QA,
    Chapter,
    Corpus,
    Document,
    Erratum,
    block_from_dict,
    block_to_dict,
    load_corpus,
)
from kyodo_cli.corpus.validation import item_problems, unsafe_character
from kyodo_cli.errors import CacheDamaged, os_reason
from kyodo_cli.search.index import Index

if TYPE_CHECKING:
    from kyodo_cli.search.workers import Workers

ITEMS_SCHEMA = """
CREATE TABLE items (
    position INTEGER PRIMARY KEY, number INTEGER UNIQUE NOT NULL, chapter INTEGER NOT NULL,
    question TEXT NOT NULL, answer TEXT NOT NULL, keywords TEXT NOT NULL
);
CREATE TABLE corpus (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
COLUMNS = "number, chapter, question, answer, keywords"
# The format of a prepared file (its tables, and the records in them by field name): bump it
# when it changes, and prepared files of another format are prepared again.
PREPARED_FORMAT = "2"
BATCH = 500
ANNOUNCE_FROM = 2000  # Q&As; a corpus this large takes long enough to prepare to say so


def open_user_corpus(path: Path) -> Corpus:
    """The corpus in ``path``, from its prepared file when there is a current one."""
    return prepare_user_corpus(path)[0]


def prepare_user_corpus(path: Path) -> tuple[Corpus, Index | None]:
    """The corpus in ``path`` and, when it could be prepared, the index that comes with it."""
    from kyodo_cli.search.indexes import cache_dir

    key = _source_key(path)
    if key is None:
        return load_corpus(path), None  # it says what is wrong with the path
    prepared = cache_dir() / f"corpus-{key}.sqlite"
    if (found := _read_prepared(prepared, key)) is not None:
        return found
    from kyodo_cli.files import entry_lock
    from kyodo_cli.search.analysis import early_workers

    with entry_lock(prepared, _say_waiting):
        # Another kyodo may have prepared it while this one waited.
        if (found := _read_prepared(prepared, key)) is not None:
            return found
        with early_workers(path) as pool:  # loading the dictionary while the file is read
            corpus = load_corpus(path)  # every problem of the file is reported from here
            return corpus, _prepare(corpus, prepared, key, pool)


def _say_waiting() -> None:
    message = "kyodo: ほかの kyodo がこのコーパスを準備しています。終わるまで待ちます"
    print(message, file=sys.stderr, flush=True)


def _source_key(path: Path) -> str | None:
    """'<path hash>-<version hash>': the file, and its size, times and inode (a file written
    anew with the same size and modification time still has another change time)."""
    try:
        stat = path.stat()
        resolved = str(path.resolve()).encode("utf-8", "surrogateescape")
    except (OSError, ValueError):
        return None
    if not S_ISREG(stat.st_mode):
        return None  # a pipe or device may hold other content next time: not cached
    version = f"{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ctime_ns}:{stat.st_ino}".encode()
    return f"{_short(resolved)}-{_short(version)}"


def _short(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _read_prepared(prepared: Path, key: str) -> tuple[Corpus, Index] | None:
    from kyodo_cli.search.indexes import (
        BUILDER_VERSION,
        builder_data,
        dictionary_fingerprint,
        note,
        trusted,
    )

    meta = {
        "source": key,
        "dictionary": dictionary_fingerprint(),
        "builder": BUILDER_VERSION,
        "data": builder_data(),
        "prepared": PREPARED_FORMAT,
    }
    index = trusted(prepared, meta)
    if index is None:
        return None
    try:
        corpus = _stored_corpus(index)
    except Exception as error:  # whatever a file altered by hand holds: prepare it again
        note(f"準備したコーパス {prepared} は壊れているので使えません（{type(error).__name__}）")
        return None
    return corpus, index


def _prepare(corpus: Corpus, prepared: Path, key: str, pool: Workers | None) -> Index | None:
    from kyodo_cli.search.build import write_index
    from kyodo_cli.search.indexes import build, note, trusted

    if len(corpus.items) >= ANNOUNCE_FROM:  # minutes of work: say why the wait
        print(
            f"kyodo: コーパスを準備しています（{len(corpus.items)} 問、初回のみ）",
            file=sys.stderr,
            flush=True,
        )
    data = build(corpus, pool)
    data.meta["source"] = key
    data.meta["prepared"] = PREPARED_FORMAT
    try:
        write_index(data, prepared, extra=lambda connection: _write_items(connection, corpus))
    except OSError as error:
        note(f"コーパスをキャッシュに保存できません（{os_reason(error)}）")
        return None
    note(f"コーパスを準備しました: {prepared}")
    _remove_earlier_versions(prepared)
    return trusted(prepared, data.meta)


def _remove_earlier_versions(prepared: Path) -> None:
    """Prepared files of the same corpus file before it changed are of no more use, nor
    are their locks."""
    from kyodo_cli.files import lock_file

    path_hash = prepared.name.split("-")[1]
    current = (prepared, lock_file(prepared))
    for pattern in (f"corpus-{path_hash}-*.sqlite", f"corpus-{path_hash}-*.lock"):
        for stale in prepared.parent.glob(pattern):
            if stale not in current:
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
        "document": corpus.document._asdict(),
        "chapters": [c._asdict() for c in corpus.chapters],
        "errata": [e._asdict() for e in corpus.errata],
        "digest": corpus.digest,
    }
    connection.executemany(
        "INSERT INTO corpus VALUES (?, ?)",
        ((key, json.dumps(value, ensure_ascii=False)) for key, value in rows.items()),
    )


def _stored_corpus(index: Index) -> Corpus:
    """The corpus's header, checked as a corpus file's is; its Q&As are checked as read."""
    header = dict(_read(index, "SELECT key, value FROM corpus"))
    document = _document(json.loads(header["document"]))
    chapters = tuple(_chapter(entry) for entry in _list(json.loads(header["chapters"])))
    errata = tuple(_erratum(entry) for entry in _list(json.loads(header["errata"])))
    digest = _text(json.loads(header["digest"]))
    rows = _Rows(index, chapters)
    if _read(index, "SELECT count(*) FROM items") != [(rows.count,)]:
        raise ValueError("items")
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


def _read(index: Index, sql: str, parameters: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    try:
        return list(index.connection.execute(sql, parameters))
    except sqlite3.Error as error:
        raise CacheDamaged(index.path, error) from None


class _Rows:
    """The Q&A rows of a prepared file, each checked as it is read against the corpus's
    header (its chapters, and the numbers they list)."""

    def __init__(self, index: Index, chapters: tuple[Chapter, ...]) -> None:
        self.index = index
        self.count = sum(len(c.numbers) for c in chapters)
        self._chapters = {c.number for c in chapters}
        self._numbers = {n for c in chapters for n in c.numbers}

    def read(self, where: str, parameters: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        return _read(self.index, f"SELECT {COLUMNS} FROM items {where}", parameters)

    def qa(self, row: tuple[Any, ...]) -> QA:
        try:
            return _qa(row, self._chapters)
        except Exception as error:  # whatever a file altered by hand holds
            raise CacheDamaged(self.index.path, error) from None

    def listed(self, number: object) -> bool:
        return number in self._numbers

    def missing(self, what: object) -> CacheDamaged:
        return CacheDamaged(self.index.path, LookupError(f"no row for {what}"))


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
        for (number,) in _read(self._rows.index, "SELECT number FROM items ORDER BY position"):
            yield number

    def many(self, numbers: Sequence[int]) -> tuple[QA, ...]:
        """The Q&As of ``numbers``, in that order, read a few hundred rows per query (a
        chapter of a large corpus, one row at a time, took seven times as long as show)."""
        found: dict[int, QA] = {}
        for start in range(0, len(numbers), BATCH):  # SQLite's limit on bound parameters
            batch = tuple(numbers[start : start + BATCH])
            marks = ",".join("?" * len(batch))
            for row in self._rows.read(f"WHERE number IN ({marks})", batch):
                qa = self._rows.qa(row)
                found[qa.number] = qa
        missing = next((n for n in numbers if n not in found), None)
        if missing is not None:
            if self._rows.listed(missing):
                raise self._rows.missing(missing)
            raise KeyError(missing)
        return tuple(found[n] for n in numbers)
