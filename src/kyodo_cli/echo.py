"""User input and file names made safe to echo in a one-line message.

Control and format characters (escape sequences, line breaks, bidirectional overrides),
lone surrogates and unassigned code points are shown as Python escapes, so nothing echoed
can move the cursor, start a new line or reorder what the terminal shows. Spaces of every
width stay as they are: Japanese users type the full-width space 「　」.
"""

from __future__ import annotations

import unicodedata

SHOWN_CHARS = 20


def printable(text: str, limit: int = SHOWN_CHARS) -> str:
    """``text`` escaped as above and cut to ``limit`` characters (… marks the cut)."""
    escaped = "".join(_shown(c) for c in text[: limit + 1])
    return escaped[:limit] + "…" if len(escaped) > limit else escaped


def _shown(char: str) -> str:
    if char.isprintable() or unicodedata.category(char) == "Zs":
        return char
    return ascii(char)[1:-1]
