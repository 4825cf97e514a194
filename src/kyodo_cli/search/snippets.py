"""Snippets: the stretch of an answer that best matches a query, about SNIPPET_CHARS long,
with the matched words marked by their offsets."""

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from kyodo_cli.search.terms import bigrams
from kyodo_cli.spans import merge_spans

if TYPE_CHECKING:
    from kyodo_cli.search.placed import Word


class Snippet(NamedTuple):
    """A short excerpt of an answer; ``highlights`` are (start, end) offsets into ``text``."""

    text: str
    highlights: tuple[tuple[int, int], ...] = ()


SNIPPET_CHARS = 80
SNIPPET_MAX = 100  # a sentence up to this long is shown whole rather than cut
MIN_LITERAL = 2
# An answer that answers outright mostly says so first: its first sentence counts this much
# more, what a word of the query found in 6 of 10 Q&As adds (a word of one Q&A adds about 4).
OPENING = 0.5
# A sentence holding all of the query's characters counts this much more, less for fewer:
# the dictionary may cut a word of the query otherwise than the same word in the answer
# (前金払い: 前 + 金払い alone, 前金 + 払い in 負担金であれば前金払いも).
CHARACTERS = 2.0
# A sentence that opens with なお adds a remark to the answer (なお、…も明記されています): it
# counts AFTERTHOUGHT_SHARE of what it would.
AFTERTHOUGHT = "なお"
AFTERTHOUGHT_SHARE = 0.5


def answering_sentence(
    text: str,
    found: Sequence[tuple[int, str]],
    scores: Sequence[float],
    query_bigrams: Sequence[str] = (),
) -> tuple[int, int]:
    """(start, end) of the sentence of ``text`` that answers the query, given its sentences
    (``found``, as ``sentences`` gives them), how well each matches it by words (``scores``,
    in order; see ``answering.sentence_scores``) and by characters: the best, the first
    sentence counting OPENING more and an afterthought (AFTERTHOUGHT) less, the earlier of
    two alike; the first sentence when nothing matches."""
    if not found:
        return 0, len(text)
    wanted = set(query_bigrams)

    def score(place: int) -> float:
        by_words = scores[place] if place < len(scores) else 0.0
        held = len(wanted & set(bigrams(found[place][1]))) / len(wanted) if wanted else 0.0
        total = by_words + CHARACTERS * held + (OPENING if place == 0 else 0.0)
        return total * AFTERTHOUGHT_SHARE if found[place][1].startswith(AFTERTHOUGHT) else total

    offset, sentence = found[max(range(len(found)), key=score)]
    return offset, offset + len(sentence)


def make_snippet(
    text: str,
    sentence: tuple[int, int],
    words: Iterable["Word"],
    weights: Mapping[str, float],
    literal: Sequence[str] = (),
) -> Snippet:
    """The snippet of ``text`` that begins with ``sentence`` (its start and end).

    ``words`` are the content words of (part of) ``text``, with offsets into it; a word is
    highlighted when one of its terms (its own, its parts') has a weight in ``weights``; so
    is every place where one of the ``literal`` words stands as typed.
    """
    matched = matched_spans(text, words, weights, literal)
    start, end = sentence
    begin, finish = _window(text, start, end, matched)
    excerpt, place = _one_line(text[begin:finish])
    prefix = "…" if begin > 0 else ""
    suffix = "…" if finish < len(text) else ""
    spans = tuple(
        (place(s - begin) + len(prefix), place(e - begin) + len(prefix))
        for s, e in matched
        if begin <= s and e <= finish
    )
    shown = prefix + excerpt + suffix
    return Snippet(shown, merge_spans(spans, len(shown)))


def _one_line(text: str) -> tuple[str, Callable[[int], int]]:
    """The lines of ``text`` run together, as Japanese is written (see ``_joint``), and
    where each offset of ``text`` went."""
    pieces: list[str] = []
    moved = [0] * (len(text) + 1)
    length = 0
    for i, ch in enumerate(text):
        moved[i] = length
        if ch == "\n":
            ch = _joint(text[i - 1 : i], text[i + 1 : i + 2])
            if not ch:
                continue
        pieces.append(ch)
        length += 1
    moved[len(text)] = length
    return "".join(pieces), moved.__getitem__


def _joint(before: str, after: str) -> str:
    """What joins two lines: nothing after a sentence, a space between Latin letters, a
    full-width space after a line that does not end a sentence (a table row, a heading)."""
    if not before or not after or before in SENTENCE_ENDS:
        return ""
    if before.isascii() and before.isalnum() and after.isascii() and after.isalnum():
        return " "
    return "\u3000"


SENTENCE_ENDS = "。！？」）"


def matched_spans(
    text: str, words: Iterable["Word"], weights: Mapping[str, float], literal: Sequence[str] = ()
) -> list[tuple[int, int]]:
    """Where ``text`` has a word of the query, sorted (may overlap): words one of whose
    terms (its own, its parts') has a weight, and the ``literal`` words as typed."""
    return sorted(
        [
            (word.start, word.end)
            for word in words
            if any(weights.get(term, 0.0) > 0 for term in word.terms)
        ]
        + [
            (found.start(), found.end())
            for word in literal
            if len(word) >= MIN_LITERAL
            for found in re.finditer(re.escape(word), text)
        ]
    )


def _window(text: str, start: int, end: int, matched: list[tuple[int, int]]) -> tuple[int, int]:
    """Fit the sentence [start, end) to about SNIPPET_CHARS: run a short one on into the
    next, or centre a long one on its first match; cut only after a 、 or 。 (or at the
    end of a paragraph), never inside a word."""
    if end - start < SNIPPET_CHARS // 2:
        end = _cut_before(text, start + SNIPPET_CHARS // 2, min(len(text), start + SNIPPET_CHARS))
    if end - start <= SNIPPET_MAX:
        return start, end
    first = next((s for s, _ in matched if start <= s < end), start)
    begin = max(start, min(first - SNIPPET_CHARS // 4, end - SNIPPET_CHARS))
    begin = _cut_after(text, start, begin)
    return begin, _cut_before(text, begin + SNIPPET_CHARS // 2, min(end, begin + SNIPPET_CHARS))


BREAKS = "、。？！」）\n"


def _cut_before(text: str, low: int, high: int) -> int:
    """The last place in [low, high] just after a break; failing that, the first a little
    further on (up to SNIPPET_MAX); ``high`` if there is none."""
    if high >= len(text):
        return len(text)
    for place in range(high, low - 1, -1):
        if text[place - 1] in BREAKS:
            return place
    further = min(len(text), low + SNIPPET_MAX - SNIPPET_CHARS // 2)
    return next((p for p in range(high + 1, further + 1) if text[p - 1] in BREAKS), high)


def _cut_after(text: str, low: int, high: int) -> int:
    """The last place in [low, high] just after a break (the start of a clause); ``low``,
    the sentence's start, if there is none."""
    for place in range(high, low, -1):
        if text[place - 1] in BREAKS:
            return place
    return low
