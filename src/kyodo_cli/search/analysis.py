"""The words of every Q&A for the index, analysed on every core when the corpus is large.

Analysis is most of preparing a corpus, and each Q&A is analysed on its own, so a large
corpus is shared out among forked workers (:mod:`.workers`), which inherit the loaded
dictionary and the corpus and send back only words.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple

from kyodo_cli.search import workers
from kyodo_cli.search.terms import bigrams, word_terms

if TYPE_CHECKING:
    from kyodo_cli.corpus.records import QA
    from kyodo_cli.text.sudachi import TextAnalyzer

PARALLEL_FROM = 400  # Q&As: below this, starting workers costs more than it saves
CHUNK = 32  # Q&As a worker analyses per exchange


class FieldWords(NamedTuple):
    """One field of a Q&A: the words the vocabulary learns from it, first occurrence of
    each term in text order (term, reading, synonym groups); its index terms; and, for the
    answer, the index terms of each sentence."""

    vocabulary: list[tuple[str, str, tuple[int, ...]]]
    terms: list[str]
    sentences: list[list[str]]


class ItemWords(NamedTuple):
    fields: dict[str, FieldWords]
    bigrams: Counter[str]


def field_texts(item: QA) -> dict[str, str]:
    return {
        "question": item.question,
        "answer": item.answer_text,
        "keywords": "\n".join(item.keywords),
    }


def item_words(item: QA, analyzer: TextAnalyzer) -> ItemWords:
    from kyodo_cli.text.normalize import fold_chars, sentences

    fields = {}
    for name, text in field_texts(item).items():
        tokens = analyzer.tokens(fold_chars(text))
        vocabulary = {}
        for token in tokens:
            if token.term not in vocabulary:
                vocabulary[token.term] = (token.term, token.reading, token.synonyms)
        per_sentence = []
        if name == "answer":
            # Tokens come in text order: a sentence's are found by bisection, not by a
            # scan of the whole answer for each sentence.
            starts = [token.start for token in tokens]
            for offset, sentence in sentences(text):
                first = bisect_left(starts, offset)
                inside = tokens[first : bisect_left(starts, offset + len(sentence), first)]
                per_sentence.append(word_terms(inside))
        fields[name] = FieldWords(list(vocabulary.values()), word_terms(tokens), per_sentence)
    return ItemWords(fields, Counter(bigrams(item.question + "\n" + item.answer_text)))


def all_item_words(items: Sequence[QA], analyzer: TextAnalyzer) -> Iterator[ItemWords]:
    """The words of each Q&A, in order."""
    if len(items) < PARALLEL_FROM or not workers.can_fork():
        return (item_words(item, analyzer) for item in items)
    return workers.in_order(
        lambda position: item_words(items[position], analyzer), len(items), CHUNK
    )
