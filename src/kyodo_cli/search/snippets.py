"""Snippets: the stretch of an answer that best matches a query, about SNIPPET_CHARS long,
with the matched words marked by their offsets."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from kyodo_cli.search.index import bigrams, word_terms
from kyodo_cli.text.normalize import sentences

if TYPE_CHECKING:
    from kyodo_cli.text.sudachi import Token


class Snippet(NamedTuple):
    """A short excerpt of an answer; ``highlights`` are (start, end) offsets into ``text``."""

    text: str
    highlights: tuple[tuple[int, int], ...] = ()


SNIPPET_CHARS = 80
SNIPPET_MAX = 100  # a sentence up to this long is shown whole rather than cut
MIN_LITERAL = 2
CHARACTER_SHARE = 0.5  # of the query's character pairs, for a sentence to be chosen by them


def answering_sentence(
    text: str, query_bigrams: Sequence[str], best_place: int | None
) -> tuple[int, int]:
    """(start, end) of the sentence of ``text`` that answers the query: the one whose words
    the index found together (``best_place``, its place among the sentences), unless
    another holds clearly more of the query's characters (a word the analysis cut
    otherwise, 前金払い). The first sentence when nothing matches."""
    found = sentences(text)
    if not found:
        return 0, len(text)
    wanted = set(query_bigrams)

    def share(sentence: str) -> float:
        return len(wanted & set(bigrams(sentence))) / len(wanted) if wanted else 0.0

    place = min(best_place, len(found) - 1) if best_place is not None else None
    shares = [share(sentence) for _, sentence in found]
    by_characters = max(range(len(found)), key=lambda i: (shares[i], -i))
    if place is None or shares[by_characters] >= max(CHARACTER_SHARE, shares[place] + 0.25):
        place = by_characters if shares[by_characters] > 0 or place is None else place
    offset, sentence = found[place]
    return offset, offset + len(sentence)


def make_snippet(
    text: str,
    start: int,
    tokens: Iterable[Token],
    weights: Mapping[str, float],
    literal: Sequence[str] = (),
) -> Snippet:
    """The snippet of ``text`` that begins with the sentence at ``start``.

    ``tokens`` are analysed tokens of (part of) ``text``, with offsets into it; a token is
    highlighted when its term or one of its parts has a weight in ``weights``; so is every
    place where one of the ``literal`` words stands as typed.
    """
    matched = sorted(
        [
            (token.start, token.end)
            for token in tokens
            if any(weights.get(term, 0.0) > 0 for term in word_terms([token]))
        ]
        + [
            (found.start(), found.end())
            for word in literal
            if len(word) >= MIN_LITERAL
            for found in re.finditer(re.escape(word), text)
        ]
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
