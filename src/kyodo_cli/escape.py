"""Text made safe to show on a terminal as part of a one-line message: the one escaping
path for everything kyodo writes to stderr (errors, notices, progress).

Control and format characters (C0 and C1 controls, DEL, escape sequences, line breaks,
bidirectional marks, embeddings, overrides and isolates), lone surrogates and unassigned
code points are shown as Python escapes, so nothing echoed can move the cursor, set the
window title, start a new line or reorder what the terminal shows. Spaces of every width
stay as they are: Japanese users type the full-width space 「　」.

:func:`printable` quotes one piece of user input (a path, a query, a number) and cuts it
short; :func:`one_line` is applied by the writers of stderr to each whole line, so a message
that quoted something raw still reaches the terminal escaped.
"""

from __future__ import annotations

import os
import unicodedata

SHOWN_CHARS = 20
SHOWN_PATH_CHARS = 200


def printable(text: str, limit: int = SHOWN_CHARS) -> str:
    """``text`` escaped as above and cut to ``limit`` characters (… marks the cut)."""
    escaped = "".join(_shown(c) for c in text[: limit + 1])
    return escaped[:limit] + "…" if len(escaped) > limit else escaped


def shown_path(path: str | os.PathLike[str]) -> str:
    """A file name as a message quotes it: escaped, and cut if it is very long."""
    return printable(os.fspath(path), SHOWN_PATH_CHARS)


def one_line(text: str) -> str:
    """``text`` escaped as above, whole: for a message already made, on its way out."""
    return text if text.isprintable() else "".join(_shown(c) for c in text)


def _shown(char: str) -> str:
    if char.isprintable() or unicodedata.category(char) == "Zs":
        return char
    return ascii(char)[1:-1]
