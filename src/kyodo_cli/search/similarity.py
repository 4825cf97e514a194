"""How close a whole query is to each Q&A's question: a bonus for the ranking, largest for a
query typed as the question is written."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kyodo_cli.search.index import Index

SIMILARITY_WEIGHT = 2.0  # the bonus of a query that is the question itself
SIMILARITY_FLOOR = 40.0  # a closeness (rapidfuzz's ratio, of 100) below which there is none
SIMILARITY_CANDIDATES = 300


def question_similarity(index: Index, text: str, totals: dict[int, float]) -> dict[int, float]:
    """Per index position, how close the text is to the question there (rapidfuzz), as a
    bonus of up to SIMILARITY_WEIGHT. On a large corpus only the best-scoring candidates of
    ``totals`` are compared: a re-ranking signal, not a full scan."""
    from rapidfuzz import fuzz, process

    if len(index.numbers) <= SIMILARITY_CANDIDATES:
        questions = index.questions()
    else:
        candidates = sorted(totals, key=lambda doc: -totals[doc])[:SIMILARITY_CANDIDATES]
        questions = index.questions(candidates)
    found = process.extract(
        text, questions, scorer=fuzz.ratio, limit=10, score_cutoff=SIMILARITY_FLOOR
    )
    scale = 100.0 - SIMILARITY_FLOOR
    return {
        doc: SIMILARITY_WEIGHT * ((score - SIMILARITY_FLOOR) / scale) ** 2
        for _, score, doc in found
    }
