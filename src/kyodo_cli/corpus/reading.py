"""Reading a corpus file the user names, safely: the size bounded before and while
reading, the number of JSON values bounded before parsing, and every failure (missing,
unreadable, too large, not UTF-8, not JSON) a CorpusError that names the file in Japanese."""

from __future__ import annotations

import errno
import json
from pathlib import Path
from typing import Any

from kyodo_cli.errors import CorpusError, os_reason
from kyodo_cli.escape import shown_path

MAX_CORPUS_BYTES = 200 * 1024 * 1024
# Parsed JSON costs up to 70 bytes of memory per value ("{}," becomes an empty dict and a
# list slot: 24 times its size in the file). Counting values before parsing keeps a file
# of millions of empty objects from taking gigabytes. A corpus of 100,000 Q&As with
# keywords has about 2 million values.
MAX_JSON_VALUES = 4_000_000


def digest(raw: bytes) -> str:
    import hashlib

    return hashlib.sha256(raw).hexdigest()


def read_corpus_file(path: Path) -> tuple[Any, str]:
    """Read and parse a corpus file, and give its digest; every failure becomes a
    CorpusError naming the file."""
    name = shown_path(path)
    raw = _read_bounded(path, name)
    if not raw.strip():
        raise CorpusError(f"{name}: 空のファイルです")
    _check_value_count(raw, name)
    text = _decode(raw, name)
    file_digest = digest(raw)
    del raw  # up to 200 MiB that parsing need not keep company
    return _parse(text, name), file_digest


def _read_bounded(path: Path, name: str) -> bytes:
    """The file's bytes, refused beyond MAX_CORPUS_BYTES. The size a file reports is checked
    first (no need to read 10 GB to refuse them), and the read is bounded all the same:
    devices and pipes report no size, and /dev/zero never ends."""
    limit = MAX_CORPUS_BYTES // (1024 * 1024)
    try:
        if path.stat().st_size > MAX_CORPUS_BYTES:
            raise CorpusError(f"{name}: 大きすぎます（上限 {limit} MiB）")
        with path.open("rb") as handle:
            raw = handle.read(MAX_CORPUS_BYTES + 1)
    except OSError as error:
        raise CorpusError(f"{name}: {_reason(error)}") from None
    except ValueError:  # a NUL character in the name
        raise CorpusError(f"{name}: ファイル名に使えない文字が含まれています") from None
    if len(raw) > MAX_CORPUS_BYTES:
        raise CorpusError(f"{name}: 大きすぎます（上限 {limit} MiB）")
    return raw


_READ_REASONS = {
    errno.EACCES: "読み取りの権限がありません",
    errno.EPERM: "読み取りの権限がありません",
    errno.ENOTDIR: "途中にディレクトリでないものがあります",
    errno.ENAMETOOLONG: "ファイル名が長すぎます",
    errno.EISDIR: "ディレクトリです。コーパスの JSON ファイルを指定してください",
}


def _reason(error: OSError) -> str:
    return os_reason(error, _READ_REASONS)


def _check_value_count(raw: bytes, name: str) -> None:
    """Refuse, before parsing, a file with more JSON values than a corpus can need. Every
    value but the first of an array or object follows a comma, so commas plus opening
    brackets bound the count from above (commas and brackets inside strings only make the
    bound looser); bytes.count does it at memory speed."""
    bound = raw.count(b",") + raw.count(b"{") + raw.count(b"[") + 1
    if bound > MAX_JSON_VALUES:
        raise CorpusError(
            f"{name}: 値（オブジェクト・配列・文字列・数など）が多すぎます"
            f"（上限 {MAX_JSON_VALUES:,} 個）"
        )


# What json says, in Japanese (the start of its message is enough to tell).
_JSON_REASONS = {
    "Expecting value": "値がありません",
    "Expecting property name": "キーは二重引用符で囲んでください",
    "Expecting ':'": "「:」がありません",
    "Expecting ','": "「,」がありません",
    "Extra data": "JSON の後に余計なものがあります",
    "Unterminated string": "文字列が閉じていません",
    "Invalid control character": "文字列の中に制御文字があります",
    "Invalid \\": "使えないエスケープがあります",
    "Illegal trailing comma": "最後の要素の後に「,」があります",
}


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")  # the BOM some Windows editors write is harmless
    except UnicodeDecodeError as error:
        raise CorpusError(f"{name}: UTF-8 ではありません（{error.start + 1} バイト目）") from None


def _parse(text: str, name: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        reason = next((j for e, j in _JSON_REASONS.items() if error.msg.startswith(e)), "")
        where = f"{error.lineno} 行 {error.colno} 列"
        raise CorpusError(
            f"{name}: JSON として読めません（{where}{': ' if reason else ''}{reason}）"
        ) from None
    except RecursionError:
        raise CorpusError(f"{name}: JSON の入れ子が深すぎます") from None
    except ValueError:  # an integer of thousands of digits
        raise CorpusError(f"{name}: JSON として読めません（桁の多すぎる数があります）") from None
