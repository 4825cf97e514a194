"""The part of an answer that answers a query: its answering sentence, a snippet that
begins there with the query's words marked, and the same marks over a whole answer. Only
the stretch shown is analysed again, for the highlights."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kyodo_cli.search.snippets import (
    SNIPPET_CHARS,
    SNIPPET_MAX,
    Snippet,
    answering_sentence,
    make_snippet,
    matched_spans,
)
from kyodo_cli.text.normalize import fold_chars, sentences

if TYPE_CHECKING:
    from kyodo_cli.search.concepts import AnalysedQuery
    from kyodo_cli.text.sudachi import TextAnalyzer

Span = tuple[int, int]


def answering_hit(
    text: str, analysed: AnalysedQuery, best_place: int | None, analyzer: TextAnalyzer
) -> tuple[Snippet, Span]:
    """The snippet of an answer that begins at its answering sentence, and that sentence."""
    start, end = answering_sentence(text, analysed.bigrams, best_place)
    window = fold_chars(text[start : _window_end(text, start, end)])
    tokens = [t._replace(start=t.start + start, end=t.end + start) for t in analyzer.tokens(window)]
    snippet = make_snippet(text, start, tokens, analysed.term_weights, analysed.words)
    return snippet, (start, end)


def _window_end(text: str, start: int, end: int) -> int:
    """Where the words a snippet may show end: a snippet runs a short sentence on into the
    next and may end a little past a long one (see ``snippets._window``), and nothing is
    read past 3 x SNIPPET_CHARS; the cut is at a sentence's end, so that the words before
    it are read as in the whole text."""
    limit = min(len(text), start + 3 * SNIPPET_CHARS)
    needed = max(end + SNIPPET_CHARS // 4, start + SNIPPET_MAX)
    return min(limit, next((o + len(s) for o, s in sentences(text) if o + len(s) >= needed), limit))


def marks(
    text: str, analysed: AnalysedQuery, analyzer: TextAnalyzer
) -> tuple[Span, tuple[Span, ...]]:
    """The answering sentence of a whole answer and the query's words in it, as spans."""
    sentence = answering_sentence(text, analysed.bigrams, None)
    tokens = analyzer.tokens(fold_chars(text))
    words = matched_spans(text, tokens, analysed.term_weights, analysed.words)
    return sentence, tuple(words)
