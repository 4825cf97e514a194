"""How a failure reaches the user: one escaped line on stderr (and its details), and an
exit status. Shared by the typer path (:mod:`.app`) and the direct one (:mod:`.entry`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import suppress

from kyodo_cli.errors import CacheDamaged, ExitStatus, KyodoError, StdoutClosed, os_reason
from kyodo_cli.escape import one_line, printable
from kyodo_cli.present.output import Environment, PipeGuard
from kyodo_cli.session import Session

CACHE_REMOVED = "キャッシュのファイルが壊れていたので削除しました。もう一度実行してください"
CACHE_STILL_DAMAGED = "キャッシュのファイルを作り直しても読めません"


def fail(env: Environment, message: str, status: int, details: Sequence[str] = ()) -> int:
    lines = [one_line(f"kyodo: エラー: {message}"), *(one_line(f"  {line}") for line in details)]
    with suppress(OSError):  # stderr itself unwritable: the status still tells
        env.stderr.write("\n".join(lines) + "\n")
        env.stderr.flush()
    return int(status)


def unexpected(error: Exception) -> str:
    """The message for an error that is a bug in kyodo rather than a problem of the input."""
    reason = os_reason(error) if isinstance(error, OSError) else str(error)
    return f"予期しないエラーが起きました（{printable(f'{type(error).__name__}: {reason}', 200)}）"


def with_sound_caches(
    invoke: Callable[[Session], int],
    env: Environment,
    stdout: PipeGuard,
    is_answer: Callable[[Exception], bool],
) -> int:
    """Run the command; if a file of the user's cache fails while the command uses it
    (found damaged, or any unexpected error while it was open), remove it and run the
    command once more: the cache is rebuilt and the user sees only the answer. Once at
    most, and only if nothing was printed yet; otherwise the error is reported as usual,
    and the next call finds the cache rebuilt. ``is_answer`` tells the errors of the
    command-line parser, which are answers for the user, not failures."""
    session = Session(env)
    try:
        return invoke(session)
    except Exception as error:
        if stdout.written and not isinstance(error, CacheDamaged):
            raise  # with output begun, only a cache known to be damaged is removed
        if not _discard_caches_behind(error, session, is_answer):
            raise
        if stdout.written:
            raise KyodoError(CACHE_REMOVED, ExitStatus.INTERNAL) from None
    try:
        return invoke(Session(env))  # everything opened anew
    except CacheDamaged:
        raise KyodoError(CACHE_STILL_DAMAGED, ExitStatus.INTERNAL) from None


def _discard_caches_behind(
    error: Exception, session: Session, is_answer: Callable[[Exception], bool]
) -> bool:
    """Remove the cache files that may have caused ``error``; whether there were any."""
    if isinstance(error, CacheDamaged):
        suspects = [error.path]
    elif isinstance(error, KyodoError | StdoutClosed) or is_answer(error):
        return False  # an answer for the user, not a failure
    else:
        suspects = list(session.cached_files())
    if not suspects:
        return False
    from kyodo_cli.search.indexes import discard

    removed = [path for path in suspects if discard(path)]
    return bool(removed)
