"""Snippets: the sentence of an answer that best matches a query, with the matched words
marked by their offsets."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .analysis import Token
from .index import word_terms
from .textnorm import sentences

SNIPPET_CHARS = 80


@dataclass(frozen=True)
class Snippet:
    """A short excerpt of an answer; ``highlights`` are (start, end) offsets into ``text``."""

    text: str
    highlights: tuple[tuple[int, int], ...] = ()


def make_snippet(text: str, tokens: Iterable[Token], weights: Mapping[str, float]) -> Snippet:
    """The best window of about SNIPPET_CHARS characters around the best-matching sentence.

    ``tokens`` are the analysed tokens of ``text`` (offsets into it); a token matches when its
    term or one of its parts has a weight in ``weights``.
    """
    matched = [
        (token.start, token.end, max(weights.get(t, 0.0) for t in word_terms([token])))
        for token in tokens
    ]
    matched = [m for m in matched if m[2] > 0]
    parts = sentences(text)
    if not parts:
        return Snippet("")

    def sentence_score(offset: int, sentence: str) -> float:
        inside = {(s, e): w for s, e, w in matched if offset <= s < offset + len(sentence)}
        return sum(inside.values())

    offset, sentence = max(parts, key=lambda p: (sentence_score(*p), -p[0]))
    start, end = _window(text, offset, offset + len(sentence), matched)
    excerpt = text[start:end].replace("\n", " ")
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    spans = tuple(
        (s - start + len(prefix), e - start + len(prefix))
        for s, e, _ in sorted(matched)
        if start <= s and e <= end
    )
    return Snippet(prefix + excerpt + suffix, _merge(spans))


def _window(
    text: str, start: int, end: int, matched: list[tuple[int, int, float]]
) -> tuple[int, int]:
    """Fit [start, end) to about SNIPPET_CHARS: extend a short sentence into the next one,
    or centre a long one on its first match."""
    if end - start < SNIPPET_CHARS // 2:
        end = min(len(text), start + SNIPPET_CHARS)
    if end - start <= SNIPPET_CHARS:
        return start, end
    first = next((s for s, _, _ in sorted(matched) if start <= s < end), start)
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
