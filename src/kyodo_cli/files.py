"""Writing files whole, and the files in the cache directory that are not caches.

Every file kyodo writes (a cache, an exported handbook) is written to a temporary file
beside it and renamed into place when it is complete (``put_in_place``), so a reader sees
the old file or the new one, never half of one.

In the cache directory: the lock a preparation holds, so that kyodos started together on a
new corpus prepare it once, and the temporary files that caches are written in, each locked
by its writer, so that those of a writer that was killed can be told from those being
written, and removed.

The locks are ``flock`` locks, which the system releases when their process ends, however
it ends (SIGKILL too): none is ever left held. Where there are none (Windows) or a lock
file cannot be made, kyodo goes on without: at worst two processes do the same work.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

TEMPORARY_PREFIX = ".kyodo-"
TEMPORARY_SUFFIX = ".tmp"
SQLITE_SIDE_FILES = ("-journal", "-wal", "-shm")  # what SQLite may keep next to a database


def put_in_place(temporary: Path, destination: Path) -> None:
    """Rename a complete temporary file over ``destination``, with the permissions the
    file there should have."""
    os.chmod(temporary, _mode_for(destination))
    os.replace(temporary, destination)


def write_whole(path: Path, text: str) -> None:
    """Write a text file whole or not at all (UTF-8): one reading it meanwhile sees the old
    file or the new one, never half of one. (The tools that write the package's data use it:
    an editable install reads that data while it is written.)"""
    temporary = path.with_name(path.name + TEMPORARY_SUFFIX)
    try:
        temporary.write_text(text, encoding="utf-8")
        put_in_place(temporary, path)
    finally:
        discard(temporary)


def discard(temporary: Path) -> None:
    """Remove a temporary file that was not put in place (a failed or cancelled write)."""
    if os.path.lexists(temporary):
        os.unlink(temporary)


def _mode_for(path: Path) -> int:
    """A replaced file keeps its permissions; a new one gets what the umask allows (the
    temporary file was created private to the user)."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def lock_file(entry: Path) -> Path:
    return entry.with_suffix(".lock")


@contextlib.contextmanager
def entry_lock(entry: Path, on_wait: Callable[[], None]) -> Iterator[None]:
    """Hold the lock of a cache entry while the block runs; if another process holds it,
    call ``on_wait`` and wait for it to let go."""
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(lock_file(entry), os.O_RDWR | os.O_CREAT, 0o666)
    except OSError:  # an unwritable cache: nothing will be written to it either
        yield
        return
    try:
        _wait_for_lock(handle, on_wait)
        yield
    finally:
        os.close(handle)  # lets go of the lock


def _wait_for_lock(handle: int, on_wait: Callable[[], None]) -> None:
    try:
        import fcntl

        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            on_wait()
            fcntl.flock(handle, fcntl.LOCK_EX)
    except (ImportError, OSError):
        pass  # no locks here: go on without


def locked_temporary(directory: Path) -> tuple[int, Path]:
    """A new temporary file in ``directory`` and a descriptor holding its lock: the file is
    the writer's for as long as the descriptor is open."""
    import tempfile

    for _ in range(10):
        handle, name = tempfile.mkstemp(
            prefix=TEMPORARY_PREFIX, suffix=TEMPORARY_SUFFIX, dir=directory
        )
        if not _lock(handle, wait=True):
            return handle, Path(name)  # no locks here: nothing to tell apart
        with contextlib.suppress(OSError):
            if os.path.samestat(os.fstat(handle), os.stat(name)):
                return handle, Path(name)
        os.close(handle)  # a sweep took it for a stale one between its making and its lock
    raise OSError(f"{directory} に一時ファイルを作れません")


def sweep_temporaries(directory: Path) -> None:
    """Remove the temporary files whose writers are gone (killed, or the machine stopped),
    with the journals SQLite kept of them: a file nobody holds the lock of is left over."""
    try:
        names = os.listdir(directory)
    except OSError:
        return
    for name in names:
        if not name.startswith(TEMPORARY_PREFIX):
            continue
        path = directory / name
        if name.endswith(TEMPORARY_SUFFIX):
            _remove_if_unowned(path)
        elif name.endswith(SQLITE_SIDE_FILES):
            database = name[: name.rindex("-")]
            if database.endswith(TEMPORARY_SUFFIX) and not (directory / database).exists():
                with contextlib.suppress(OSError):
                    path.unlink()


def _remove_if_unowned(path: Path) -> None:
    try:
        handle = os.open(path, os.O_RDWR)
    except OSError:
        return  # gone already, or not ours to touch
    try:
        if _lock(handle, wait=False):
            for each in (path, *(Path(f"{path}{side}") for side in SQLITE_SIDE_FILES)):
                with contextlib.suppress(OSError):
                    each.unlink()
    finally:
        os.close(handle)


def _lock(handle: int, wait: bool) -> bool:
    """Take the exclusive lock on an open file; False if another holds it (without
    ``wait``) or the system has no such locks."""
    try:
        import fcntl
    except ImportError:
        return False
    try:
        fcntl.flock(handle, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True
