"""Work shared out among forked worker processes, for preparing a large corpus.

The workers are forked, so they inherit what the caller set up (the loaded dictionary,
the corpus, the vectors of a computation) without sending it; only each task's number
goes out and its result comes back. Results come back in task order, so whatever is
built from them is the same as from one process.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

R = TypeVar("R")

MAX_WORKERS = 4
PARALLEL_FROM = 400  # Q&As: below this, starting workers costs more than it saves

_task: Callable[[int], Any] | None = None  # inherited by the forked workers


def can_fork() -> bool:
    """Whether workers would pay for themselves: only with a core left idle. On a busy
    shared machine, workers were measured slower than one process (they compete for the
    same cores, and each learns the dictionary's words anew)."""
    cores = os.cpu_count() or 1
    if cores < 2 or sys.platform == "win32":
        return False
    return os.getloadavg()[0] <= cores - 1


def in_order(task: Callable[[int], R], count: int, chunk: int) -> Iterator[R]:
    """task(0), task(1) … task(count - 1), computed by forked workers."""
    import multiprocessing

    global _task
    _task = task
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(min(os.cpu_count() or 2, MAX_WORKERS)) as pool:
            yield from pool.imap(_run, range(count), chunksize=chunk)
    finally:
        _task = None


def _run(number: int) -> Any:
    assert _task is not None, "set before the workers were forked"
    return _task(number)
