"""Text cut into pieces Sudachi accepts.

Sudachi refuses input over 49,149 bytes, and over 65,535 bytes once it has normalised it
(lower case, then NFKC, under which one character may become eighteen: ﷺ, ㌖). Text is
handed to it in chunks of at most CHUNK characters that stay under CHUNK_BYTES as Sudachi
will see them, half its limit.
"""

import unicodedata
from collections.abc import Iterator

CHUNK = 4000
CHUNK_BYTES = 32_000


def _bytes_to_sudachi(text: str) -> int:
    return len(unicodedata.normalize("NFKC", text.lower()).encode("utf-8", "surrogatepass"))


def chunks(text: str) -> Iterator[tuple[int, str]]:
    """(offset, chunk) of the text, cut every CHUNK characters, or sooner where the
    characters grow under normalisation. Linear in the text: a chunk is measured once,
    and only one that is too large is searched for its cut."""
    start = 0
    while start < len(text):
        end = min(len(text), start + CHUNK)
        if _bytes_to_sudachi(text[start:end]) > CHUNK_BYTES:
            end = _fitting_end(text, start, end)
        yield start, text[start:end]
        start = end


def _fitting_end(text: str, start: int, end: int) -> int:
    """The furthest cut before ``end`` that keeps text[start:cut] within CHUNK_BYTES (one
    character always fits: it is at most 33 bytes once normalised)."""
    fits, too_long = start + 1, end
    while too_long - fits > 1:
        middle = (fits + too_long) // 2
        if _bytes_to_sudachi(text[start:middle]) <= CHUNK_BYTES:
            fits = middle
        else:
            too_long = middle
    return fits
