"""Spans of text, as (start, end) offsets: highlights, marks. Shared by the search core and
the presentation, and importing nothing, so ``show`` pays nothing for it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

Span = tuple[int, int]


def merge_spans(spans: Iterable[Sequence[int]], length: int) -> tuple[Span, ...]:
    """Spans clipped to a text of ``length``, sorted, with overlapping or touching ones
    joined and empty ones left out."""
    clipped = sorted((max(0, span[0]), min(length, span[1])) for span in spans if len(span) == 2)
    merged: list[Span] = []
    for start, end in clipped:
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)
