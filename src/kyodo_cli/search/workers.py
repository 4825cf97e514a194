"""Work shared out among forked worker processes, for preparing a large corpus.

The workers are forked, so they inherit what the caller set up (the corpus, the vectors
of a computation) without sending it; only each task's number goes out and its result
comes back. Results come back in task order, so whatever is
built from them is the same as from one process.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from types import TracebackType
from typing import Any, TypeVar

A = TypeVar("A")
R = TypeVar("R")

MAX_WORKERS = 4
PARALLEL_FROM = 400  # Q&As: below this, starting workers costs more than it saves

_task: Callable[[int], Any] | None = None  # inherited by the forked workers


def cores() -> int:
    """The cores this process may run on (fewer than the machine's in a container)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def sharers() -> int:
    """How many workers share out a piece of work."""
    return min(cores(), MAX_WORKERS)


def can_fork() -> bool:
    """Whether there are cores to share the work among. Workers pay for themselves even
    when other processes keep the cores busy: preparing 5,000 Q&As on two cores took
    6.5-7.6 s with workers and 11.5-12.8 s in one process, 13.6-15.8 s and 17.6 s beside
    one busy process, 20-22 s and 29-31 s beside two."""
    return sys.platform != "win32" and cores() >= 2


def in_order(task: Callable[[int], R], count: int, chunk: int) -> Iterator[R]:
    """task(0), task(1) … task(count - 1), computed by forked workers."""
    import multiprocessing

    global _task
    _task = task
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(sharers()) as pool:
            yield from pool.imap(_run, range(count), chunksize=chunk)
    finally:
        _task = None


def _run(number: int) -> Any:
    assert _task is not None, "set before the workers were forked"
    return _task(number)


class Workers:
    """Forked workers started before they are given anything to do, so that they get ready
    (load the dictionary) while the caller does something else (reads and checks the
    corpus), and inherit only what the caller held when they started. Their tasks are
    functions of a module and what they are given is sent to them. Used for one run of
    tasks: they stop when its results have been read, or when the context is left."""

    def __init__(self, start: Callable[..., None], *arguments: Any) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self._pool = context.Pool(sharers(), start, arguments)

    def in_order(self, task: Callable[[A], R], arguments: Iterable[A]) -> Iterator[R]:
        """task(argument) for each argument, in order. The tasks go out now, before the
        first result is asked for: the caller may do something else meanwhile."""
        return self._results(self._pool.imap(task, arguments))

    def _results(self, results: Iterator[R]) -> Iterator[R]:
        try:
            yield from results
        finally:
            self.close()

    def close(self) -> None:
        self._pool.terminate()

    def __enter__(self) -> Workers:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
