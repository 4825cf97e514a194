"""A user's corpus (``--corpus``), prepared once: its Q&As and its search index in one SQLite
file in the cache.

The first call validates the file, analyses it (a large one on every core, starting while
it is validated: what that made of a file with problems is thrown away) and writes the
prepared file, named after the corpus file's path, size, modification and change times and
inode. Later calls find it
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
import sys
from pathlib import Path
from stat import S_ISREG
from typing import TYPE_CHECKING

from kyodo_cli.corpus.records import Corpus, load_corpus
from kyodo_cli.corpus.stored import stored_corpus, write_items
from kyodo_cli.errors import os_reason
from kyodo_cli.search.index import Index

if TYPE_CHECKING:
    from collections.abc import Iterator

    from kyodo_cli.search.analysis import ChunkWords
    from kyodo_cli.search.workers import Workers

# The format of a prepared file (its tables, and the records in them by field name): bump it
# when it changes, and prepared files of another format are prepared again.
PREPARED_FORMAT = "2"
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
    from kyodo_cli.search.early import early_workers
    from kyodo_cli.search.indexes import start_analysis

    with entry_lock(prepared, _say_waiting):
        # Another kyodo may have prepared it while this one waited.
        if (found := _read_prepared(prepared, key)) is not None:
            return found
        with early_workers(path) as pool:  # loading the dictionary while the file is read
            started: Iterator[ChunkWords] | None = None  # analysing while the file is checked

            def ahead(corpus: Corpus) -> None:
                nonlocal started
                assert pool is not None
                started = start_analysis(corpus, pool)

            # every problem of the file is reported from here
            corpus = load_corpus(path, ahead if pool is not None else None)
            return corpus, _prepare(corpus, prepared, key, pool, started)


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
        corpus = stored_corpus(index)
    except Exception as error:  # whatever a file altered by hand holds: prepare it again
        note(f"準備したコーパス {prepared} は壊れているので使えません（{type(error).__name__}）")
        return None
    return corpus, index


def _prepare(
    corpus: Corpus,
    prepared: Path,
    key: str,
    pool: Workers | None,
    started: Iterator[ChunkWords] | None = None,
) -> Index | None:
    from kyodo_cli.search.build import write_index
    from kyodo_cli.search.indexes import build, note, trusted

    if len(corpus.items) >= ANNOUNCE_FROM:  # minutes of work: say why the wait
        print(
            f"kyodo: コーパスを準備しています（{len(corpus.items)} 問、初回のみ）",
            file=sys.stderr,
            flush=True,
        )
    data = build(corpus, pool, started)
    data.meta["source"] = key
    data.meta["prepared"] = PREPARED_FORMAT
    try:
        write_index(data, prepared, extra=lambda connection: write_items(connection, corpus))
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
