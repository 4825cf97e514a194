"""The part of an answer that answers a query: its answering sentence, a snippet that
begins there with the query's words marked, and the same marks over a whole answer (its
words, where they stand, come from the index: see ``placed``)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kyodo_cli.search.frames import BENEFIT
from kyodo_cli.search.placed import analysed_words
from kyodo_cli.search.snippets import (
    SNIPPET_CHARS,
    SNIPPET_MAX,
    Snippet,
    answering_sentence,
    make_snippet,
    matched_spans,
)
from kyodo_cli.text.normalize import sentence_words, sentences

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from kyodo_cli.search.concepts import AnalysedQuery
    from kyodo_cli.search.index import Index
    from kyodo_cli.search.placed import Word
    from kyodo_cli.text.tokens import TextAnalyzer

Span = tuple[int, int]
# For a question of what good a thing does, a sentence that says what it brings: a means and
# its effect (…に努める事で…できるようになります, 連携することで…補いあい) or an effect
# named (向上, 効果, 有効, つながる, 高める, 強化, 期待) counts this much more, about what a
# word of the query found in 1 of 10 Q&As adds.
EFFECT = r"(?:こと|事)(?:で|によって|により)|向上|効果|有効|つなが|繋が|高め|強化|期待"
STATES_AN_EFFECT = 2.0


def answering_hit(
    text: str, analysed: AnalysedQuery, words: Sequence[Word], idf: Callable[[str], float]
) -> tuple[Snippet, Span]:
    """The snippet of an answer that begins at its answering sentence, and that sentence
    (``words``: the answer's)."""
    found = sentences(text)  # split once: for the scores, the choice and the window
    start, end = _answering(text, found, analysed, words, idf)
    stop = _window_end(found, len(text), start, end)
    shown = [word for word in words if start <= word.start and word.end <= stop]
    snippet = make_snippet(text, (start, end), shown, analysed.term_weights, analysed.words)
    return snippet, (start, end)


def _window_end(found: Sequence[tuple[int, str]], length: int, start: int, end: int) -> int:
    """Where the words a snippet may show end, in a text of ``length`` characters split
    into the sentences ``found``: a snippet runs a short sentence on into the next and may
    end a little past a long one (see ``snippets._window``), and no word past
    3 x SNIPPET_CHARS counts; the cut is at a sentence's end."""
    limit = min(length, start + 3 * SNIPPET_CHARS)
    needed = max(end + SNIPPET_CHARS // 4, start + SNIPPET_MAX)
    return min(limit, next((o + len(s) for o, s in found if o + len(s) >= needed), limit))


def marks(
    text: str, analysed: AnalysedQuery, words: Sequence[Word], idf: Callable[[str], float]
) -> tuple[Span, tuple[Span, ...]]:
    """The answering sentence of a whole answer and the query's words in it, as spans."""
    spans = matched_spans(text, words, analysed.term_weights, analysed.words)
    return _answering(text, sentences(text), analysed, words, idf), tuple(spans)


def _answering(
    text: str,
    found: Sequence[tuple[int, str]],
    analysed: AnalysedQuery,
    words: Sequence[Word],
    idf: Callable[[str], float],
) -> Span:
    scores = sentence_scores(found, analysed, words, idf)
    return answering_sentence(text, found, scores, analysed.bigrams)


def sentence_scores(
    found: Sequence[tuple[int, str]],
    analysed: AnalysedQuery,
    words: Sequence[Word],
    idf: Callable[[str], float],
) -> list[float]:
    """How well each sentence of an answer matches the query: for each of the query's
    concepts, the best of its terms that a word of the sentence counts as, by its weight
    and its IDF (a rare word says more of where the answer is than 協働 does), times how
    much the concept is asked (the asking sentence more than the situation before it); and,
    for a question of what good a thing does, STATES_AN_EFFECT for a sentence saying what
    it brings (EFFECT). Unlike the index's sentence scores, a long sentence is not scored
    down: an answer's long sentence is as often the one that answers. ``found``: the
    answer's sentences, as ``sentences`` gives them."""
    ranges = sentence_words(found, [word.start for word in words])  # words: in text order
    terms = [{term for word in words[a:b] for term in word.terms} for a, b in ranges]
    effect = BENEFIT in analysed.frames
    return [
        sum(
            concept.focus
            * max(
                (alt.weight * idf(alt.term) for alt in concept.alternatives if alt.term in held),
                default=0.0,
            )
            for concept in analysed.concepts
        )
        + (STATES_AN_EFFECT if effect and re.search(EFFECT, sentence) else 0.0)
        for held, (_, sentence) in zip(terms, found, strict=True)
    ]


def answer_words(
    index: Index, position: int, text: str, analyzer: Callable[[], TextAnalyzer]
) -> list[Word]:
    """The words of the answer ``text`` of the Q&A at ``position``, where they stand: as
    the index stored them, or analysed now if it did not (too long an answer)."""
    stored = index.answer_words(position, len(text))
    return stored if stored is not None else analysed_words(analyzer(), text)
