"""Analysis workers started before a corpus file is read, when it is large enough to share
out: they load the dictionary while the file is read and checked, and inherit none of it
(what a worker inherits counts in its memory, beside the dictionary's pages). For a smaller
file nothing more is imported: reading it, or finding it unreadable, goes as before."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from kyodo_cli.search import workers

if TYPE_CHECKING:
    from pathlib import Path

    from kyodo_cli.search.workers import Workers

EARLY_FROM = 400 * 1024  # bytes: a corpus file this large holds PARALLEL_FROM Q&As or more


@contextmanager
def early_workers(path: Path) -> Iterator[Workers | None]:
    """The workers that will analyse the corpus in ``path``, or None for a small file."""
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    if size < EARLY_FROM or not workers.can_fork():
        yield None
        return
    from kyodo_cli.search.analysis import start_workers
    from kyodo_cli.text.sudachi import Analyzer

    with start_workers(Analyzer()) as pool:
        yield pool
