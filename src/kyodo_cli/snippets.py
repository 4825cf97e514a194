"""Snippets: the stretch of an answer that best matches a query, about SNIPPET_CHARS long,
with the matched words marked by their offsets."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from .index import word_terms
from .search import Snippet
from .textnorm import sentences

if TYPE_CHECKING:
    from .analysis import Token

SNIPPET_CHARS = 80
SNIPPET_MAX = 100  # a sentence up to this long is shown whole rather than cut


def make_snippet(
    text: str, start: int, tokens: Iterable[Token], weights: Mapping[str, float]
) -> Snippet:
    """The snippet of ``text`` that begins with the sentence at ``start``.

    ``tokens`` are analysed tokens of (part of) ``text``, with offsets into it; a token is
    highlighted when its term or one of its parts has a weight in ``weights``.
    """
    matched = sorted(
        (token.start, token.end)
        for token in tokens
        if any(weights.get(term, 0.0) > 0 for term in word_terms([token]))
    )
    end = next((o + len(s) for o, s in sentences(text) if o == start), len(text))
    begin, finish = _window(text, start, end, matched)
    excerpt = text[begin:finish].replace("\n", " ")
    prefix = "…" if begin > 0 else ""
    suffix = "…" if finish < len(text) else ""
    spans = tuple(
        (s - begin + len(prefix), e - begin + len(prefix))
        for s, e in matched
        if begin <= s and e <= finish
    )
    return Snippet(prefix + excerpt + suffix, _merge(spans))


def _window(text: str, start: int, end: int, matched: list[tuple[int, int]]) -> tuple[int, int]:
    """Fit the sentence [start, end) to about SNIPPET_CHARS: run a short one on into the
    next, or centre a long one on its first match."""
    if end - start < SNIPPET_CHARS // 2:
        end = min(len(text), start + SNIPPET_CHARS)
    if end - start <= SNIPPET_MAX:
        return start, end
    first = next((s for s, _ in matched if start <= s < end), start)
    begin = max(start, min(first - SNIPPET_CHARS // 4, end - SNIPPET_CHARS))
    return begin, min(end, begin + SNIPPET_CHARS)


def _merge(spans: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)
