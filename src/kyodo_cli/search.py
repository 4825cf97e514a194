"""Search over a corpus: the records it returns and the two entry points the CLI uses."""

from __future__ import annotations

from dataclasses import dataclass

from .corpus import Corpus


@dataclass(frozen=True)
class Snippet:
    """A short excerpt of an answer; ``highlights`` are (start, end) offsets into ``text``."""

    text: str
    highlights: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Hit:
    number: int
    score: float
    snippet: Snippet


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: tuple[Hit, ...]
    suggestions: tuple[str, ...] = ()
    notice: str | None = None


def search(
    corpus: Corpus, query: str, *, limit: int = 5, chapter: int | None = None
) -> SearchResult:
    """The best-matching Q&As for a free-text query, best first (first version: bigrams)."""
    grams = {query[i : i + 2] for i in range(len(query) - 1)} or {query}
    hits = []
    for item in corpus.items:
        if chapter is not None and item.chapter != chapter:
            continue
        text = item.question + "\n" + item.answer_text
        score = sum(1.0 for g in grams if g in text) / len(grams)
        if score > 0.3:
            first = next((text.find(g) for g in grams if g in text), 0)
            start = max(0, first - 20)
            excerpt = text[start : start + 80].replace("\n", " ")
            spans = tuple(
                (i, i + len(g)) for g in grams for i in [excerpt.find(g)] if i >= 0
            )
            hits.append(Hit(item.number, round(score, 3), Snippet(excerpt, spans)))
    hits.sort(key=lambda h: (-h.score, h.number))
    return SearchResult(query, tuple(hits[:limit]))


def related(corpus: Corpus, number: int, k: int = 3) -> tuple[int, ...]:
    """The k Q&As most related to ``number`` by content (first version: shared bigrams)."""
    def grams(text: str) -> set[str]:
        return {text[i : i + 2] for i in range(len(text) - 1)}

    target = corpus.item(number)
    if target is None:
        return ()
    mine = grams(target.question + target.answer_text)
    scored = sorted(
        (
            (-len(mine & grams(item.question + item.answer_text)), item.number)
            for item in corpus.items
            if item.number != number
        )
    )
    return tuple(n for _, n in scored[:k])
