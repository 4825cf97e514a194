"""The part of an answer that answers a query: its answering sentence, a snippet that
begins there with the query's words marked, and the same marks over a whole answer (its
words, where they stand, come from the index: see ``placed``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kyodo_cli.search.placed import analysed_words
from kyodo_cli.search.snippets import (
    SNIPPET_CHARS,
    SNIPPET_MAX,
    Snippet,
    answering_sentence,
    make_snippet,
    matched_spans,
)
from kyodo_cli.text.normalize import sentences

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from kyodo_cli.search.concepts import AnalysedQuery
    from kyodo_cli.search.index import Index
    from kyodo_cli.search.placed import Word
    from kyodo_cli.text.tokens import TextAnalyzer

Span = tuple[int, int]


def answering_hit(
    text: str, analysed: AnalysedQuery, best_place: int | None, words: Sequence[Word]
) -> tuple[Snippet, Span]:
    """The snippet of an answer that begins at its answering sentence, and that sentence
    (``words``: the answer's)."""
    start, end = answering_sentence(text, analysed.bigrams, best_place)
    stop = _window_end(text, start, end)
    shown = [word for word in words if start <= word.start and word.end <= stop]
    snippet = make_snippet(text, start, shown, analysed.term_weights, analysed.words)
    return snippet, (start, end)


def _window_end(text: str, start: int, end: int) -> int:
    """Where the words a snippet may show end: a snippet runs a short sentence on into the
    next and may end a little past a long one (see ``snippets._window``), and no word past
    3 x SNIPPET_CHARS counts; the cut is at a sentence's end."""
    limit = min(len(text), start + 3 * SNIPPET_CHARS)
    needed = max(end + SNIPPET_CHARS // 4, start + SNIPPET_MAX)
    return min(limit, next((o + len(s) for o, s in sentences(text) if o + len(s) >= needed), limit))


def marks(
    text: str, analysed: AnalysedQuery, words: Sequence[Word]
) -> tuple[Span, tuple[Span, ...]]:
    """The answering sentence of a whole answer and the query's words in it, as spans."""
    sentence = answering_sentence(text, analysed.bigrams, None)
    return sentence, tuple(matched_spans(text, words, analysed.term_weights, analysed.words))


def answer_words(
    index: Index, position: int, text: str, analyzer: Callable[[], TextAnalyzer]
) -> list[Word]:
    """The words of the answer ``text`` of the Q&A at ``position``, where they stand: as
    the index stored them, or analysed now if it did not (too long an answer)."""
    stored = index.answer_words(position, len(text))
    return stored if stored is not None else analysed_words(analyzer(), text)
