"""Export: the corpus, or one chapter of it, as Markdown, HTML, CSV or JSON Lines.

Each format is a function from a :class:`~kyodo_cli.export.book.Handbook` to the file's
text; this module picks the format and writes the file. A file is written whole, as every
file kyodo writes (see ``files.put_in_place``), and an existing file is replaced only when
asked to. Nothing here imports typer or rich.
"""

import os
import stat
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from kyodo_cli.errors import ChoiceError, ExitStatus, KyodoError, UsageError, os_reason
from kyodo_cli.escape import printable, shown_path
from kyodo_cli.export.book import Handbook, handbook, handbook_of_items
from kyodo_cli.files import discard, put_in_place

__all__ = ["FORMATS", "ExportFormat", "Handbook", "handbook", "handbook_of_items"]

STDOUT = "-"


class ExportFormat(NamedTuple):
    name: str
    description: str
    suffixes: tuple[str, ...]
    render: Callable[[Handbook], str]


def _markdown(handbook: Handbook) -> str:
    from kyodo_cli.export.markdown import markdown

    return markdown(handbook)


def _html(handbook: Handbook) -> str:
    from kyodo_cli.export.html import html_document

    return html_document(handbook)


def _csv(handbook: Handbook) -> str:
    from kyodo_cli.export.tables import csv_text

    return csv_text(handbook)


def _jsonl(handbook: Handbook) -> str:
    from kyodo_cli.export.tables import jsonl_text

    return jsonl_text(handbook)


FORMATS = (
    ExportFormat("md", "Markdown の手引き", (".md", ".markdown", ".txt"), _markdown),
    ExportFormat("html", "印刷できる HTML（1 ファイル）", (".html", ".htm"), _html),
    ExportFormat("csv", "Excel で開ける CSV（UTF-8、BOM 付き）", (".csv",), _csv),
    ExportFormat("jsonl", "1 行に 1 問の JSON Lines", (".jsonl", ".ndjson"), _jsonl),
)
_ALIASES = {"markdown": "md", "htm": "html", "ndjson": "jsonl"}


def choose_format(name: str | None, output: Path | None) -> ExportFormat:
    """The format named by ``--format``; without one, the output file's suffix decides
    (``-o 手引き.html`` writes HTML; an unknown one is refused), and Markdown for a file
    without a suffix or stdout."""
    if name is None:
        suffix = output.suffix.casefold() if output is not None else ""
        if not suffix:
            return FORMATS[0]
        found = next((f for f in FORMATS if suffix in f.suffixes), None)
        if found is None:  # 手引き.xlsx must not quietly become Markdown
            raise ChoiceError(
                f"拡張子「{printable(output.suffix if output else '')}」の形式では書き出せません。"
                "拡張子を次のいずれかにするか、-f で形式を指定してください:",
                [f"{f.name:<6}{' '.join(f.suffixes):<21}{f.description}" for f in FORMATS],
            )
        return found
    wanted = unicodedata.normalize("NFKC", name).strip().casefold().lstrip(".")
    wanted = _ALIASES.get(wanted, wanted)
    for export_format in FORMATS:
        if export_format.name == wanted:
            return export_format
    raise ChoiceError(
        f"形式「{printable(name)}」は使えません。次のいずれかを指定してください:",
        [f"{f.name:<6}{f.description}" for f in FORMATS],
    )


def file_target(output: Path | None) -> Path | None:
    """The file to write, or None for stdout (no ``-o``, or ``-o -``)."""
    return None if output is None or str(output) == STDOUT else output


# -- writing a file ----------------------------------------------------------------------


def write_file(path: Path, text: str, *, force: bool = False) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically; refuse to replace a file unless
    ``force``. A refusal is a usage error; a failed write (disk full, no permission)
    ends with the output status. Either message names the file."""
    destination = check_target(path, force=force)
    try:
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{destination.name}.", suffix=".tmp", dir=destination.parent
        )
    except OSError as error:
        raise _unwritable(path, error) from None
    try:
        _fill(descriptor, text)
        # It may have appeared, or been swapped for a link or a pipe, while we were writing.
        if check_target(path, force=force) != destination:
            raise UsageError(f"{shown_path(path)} が書き出しの途中で変わりました")
        put_in_place(Path(temporary), destination)
    except OSError as error:
        raise _unwritable(path, error) from None
    finally:
        discard(Path(temporary))


def check_target(path: Path, *, force: bool) -> Path:
    """Fail early, before any work, if ``path`` cannot or may not be written; return the
    file to replace.

    Only a regular file is ever replaced: renaming over a pipe, a device (``/dev/null``, as
    root) or a socket would put a regular file in its place. A symbolic link to a regular
    file is followed, as the shell's ``>`` follows it: the file it points to is replaced
    (with ``--force``) and the link stays a link. A link that points nowhere is refused
    with or without ``--force``: writing through it would create a file at a place its name
    does not show, which is how links planted in shared folders are abused.
    """
    name = shown_path(path)
    found = _status(path, follow=False)
    if found is None:
        _check_folder(path)
        return path
    destination = path
    if stat.S_ISLNK(found.st_mode):
        found = _status(path, follow=True)
        if found is None:
            raise UsageError(
                f"{name} は行き先のないシンボリックリンクです。ほかの名前を指定してください"
            )
        destination = Path(os.path.realpath(path))
    if stat.S_ISDIR(found.st_mode):
        raise UsageError(f"{name} はフォルダです。書き出すファイルの名前を指定してください")
    if not stat.S_ISREG(found.st_mode):
        raise UsageError(
            f"{name} は通常のファイルではありません（パイプやデバイスなど）。"
            "書き出すファイルの名前を指定してください"
        )
    if not force:
        raise UsageError(f"{name} はすでにあります。上書きするには --force を付けてください")
    return destination


def _status(path: Path, *, follow: bool) -> os.stat_result | None:
    """``path``'s status, or None if nothing is there (or a link leads nowhere)."""
    try:
        return os.stat(path, follow_symlinks=follow)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        raise _unwritable(path, error) from None


def _check_folder(path: Path) -> None:
    """The folder to write in must exist, and be a folder (``-o notes.md/x`` is no path)."""
    name = shown_path(path)
    parent = path.parent
    found = _status(parent, follow=True)
    if found is None:
        blocker = next((p for p in reversed(path.parents) if _is_not_a_folder(p)), None)
        if blocker is None:
            raise UsageError(
                f"{name} に書き出せません（フォルダ {shown_path(parent)} がありません）"
            )
    elif not stat.S_ISDIR(found.st_mode):
        blocker = parent
    else:
        return
    raise UsageError(f"{name} に書き出せません（{shown_path(blocker)} はフォルダではありません）")


def _is_not_a_folder(path: Path) -> bool:
    found = _status(path, follow=True)
    return found is not None and not stat.S_ISDIR(found.st_mode)


def _fill(descriptor: int, text: str) -> None:
    # newline="": CSV rows end in CRLF as Excel expects, whatever the platform.
    with open(descriptor, "w", encoding="utf-8", errors="backslashreplace", newline="") as file:
        file.write(text)
        file.flush()
        os.fsync(file.fileno())


def _unwritable(path: Path, error: OSError) -> KyodoError:
    reason = os_reason(error)
    return KyodoError(f"{shown_path(path)} に書き出せません（{reason}）", ExitStatus.OUTPUT)
