"""The one error type of kyodo and its exit codes.

The core raises :class:`KyodoError` with a message written for the user; the command line
prints that message as one line on stderr and exits with the error's status. Nothing else
in kyodo decides an exit code.
"""

import errno
from collections.abc import Mapping, Sequence
from enum import IntEnum
from pathlib import Path


class ExitStatus(IntEnum):
    """Exit codes, documented in the README."""

    OK = 0
    NO_MATCH = 1  # ask found nothing
    USAGE = 2  # bad arguments or input (show prints the valid numbers it was given)
    CORPUS = 3  # the corpus file cannot be read or is invalid
    INTERNAL = 70  # EX_SOFTWARE: a bug in kyodo, not a problem with the input
    OUTPUT = 74  # EX_IOERR: output cannot be written (disk full, stdout closed, export -o)
    INTERRUPTED = 130  # Ctrl-C
    BROKEN_PIPE = 141  # the reader closed stdout (128 + SIGPIPE), as a shell reports it


class KyodoError(Exception):
    """An error with a message for the user, the lines that follow it (``details``, such as
    the values that would have been accepted) and the exit status it ends the command with."""

    status: ExitStatus = ExitStatus.USAGE

    def __init__(
        self, message: str, status: ExitStatus | None = None, details: Sequence[str] = ()
    ) -> None:
        super().__init__(message)
        self.message = message
        self.details = tuple(details)
        if status is not None:
            self.status = status


class UsageError(KyodoError):
    status = ExitStatus.USAGE


class ChoiceError(UsageError):
    """A usage error that also lists, one per line, the values that would have been accepted."""

    def __init__(self, message: str, choices: Sequence[str]) -> None:
        super().__init__(message, details=choices)
        self.choices = self.details


class CorpusError(KyodoError):
    """A corpus that cannot be used; ``problems`` lists every problem found, each located."""

    status = ExitStatus.CORPUS

    def __init__(self, message: str, problems: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems or (message,)


class StdoutClosed(Exception):
    """The reader of stdout went away (``kyodo list | head``).

    Deliberately not an OSError: the command-line library handles broken pipes itself by
    exiting, and this must reach ``main`` instead.
    """


class StdoutUnwritable(KyodoError):
    """Stdout cannot be written: the disk is full, or stdout was closed (``>&-``)."""

    status = ExitStatus.OUTPUT

    def __init__(self, error: OSError) -> None:
        super().__init__(f"標準出力に書き込めません（{os_reason(error)}）")


class IndexUnusable(Exception):
    """An index file is missing, corrupt or of another version: it is rebuilt. Not for the
    user either."""


class CacheDamaged(Exception):
    """A cached index or prepared corpus turned out damaged while it was read. Not for the
    user: the command line removes the file and runs the command again."""

    def __init__(self, path: Path | None, error: Exception) -> None:
        super().__init__(f"{path}: {error}")
        self.path = path


# What the system says when a file or stream cannot be used, in Japanese. Every OSError
# that reaches the user is described by os_reason, never by its English strerror.
_OS_REASONS = {
    errno.ENOENT: "ファイルがありません",
    errno.EACCES: "権限がありません",
    errno.EPERM: "権限がありません",
    errno.ENOTDIR: "途中にフォルダでないものがあります",
    errno.EISDIR: "フォルダです",
    errno.ENAMETOOLONG: "名前が長すぎます",
    errno.ELOOP: "シンボリックリンクが循環しています",
    errno.ENOSPC: "空き容量がありません",
    errno.EDQUOT: "ディスクの割り当てを超えました",
    errno.EFBIG: "ファイルが大きすぎます",
    errno.EROFS: "読み取り専用の場所です",
    errno.EIO: "入出力エラー",
    errno.EBADF: "閉じられています",
    errno.EEXIST: "すでにあります",
    errno.EXDEV: "別のファイルシステムをまたげません",
    errno.EMFILE: "開いているファイルが多すぎます",
    errno.ENFILE: "開いているファイルが多すぎます",
    errno.ENOMEM: "メモリが足りません",
    errno.ETXTBSY: "使用中です",
    errno.EBUSY: "使用中です",
    errno.EINVAL: "この操作はできません",
    errno.ENXIO: "デバイスがありません",
    errno.ENODEV: "デバイスがありません",
}


def os_reason(error: OSError, overrides: Mapping[int, str] | None = None) -> str:
    """``error`` in a few Japanese words (``overrides`` first, for what a caller can say
    better); an errno without a sentence is given by number, never in English."""
    number = error.errno or 0
    reason = (overrides or {}).get(number) or _OS_REASONS.get(number)
    return reason or f"エラー番号 {number}"
