"""What a search returns (hits, with the judgement of how well each answers) and what the
ranking knows of a query's candidates on the way there."""

from typing import NamedTuple

from kyodo_cli.search.confidence import RELATED
from kyodo_cli.search.coverage import NOTHING_COVERED, Coverage
from kyodo_cli.search.snippets import Snippet

__all__ = ["Hit", "Ranking", "Scores", "SearchResult", "Snippet", "Span"]

Span = tuple[int, int]


class Hit(NamedTuple):
    number: int
    score: float
    snippet: Snippet
    match: str = RELATED  # ANSWER, NEAR or RELATED: how well it answers the query
    sentence: tuple[int, int] = (0, 0)  # the answering sentence: offsets in the answer text


class SearchResult(NamedTuple):
    query: str
    hits: tuple[Hit, ...]
    suggestions: tuple[str, ...] = ()
    notices: tuple[str, ...] = ()  # one line each, for the user
    answered: bool = False  # whether the first hit answers the query
    total: int = 0  # how many Q&As matched, of which ``hits`` are the best
    elsewhere: tuple[int, ...] = ()  # with a chapter and no hit there: chapters with matches


class Scores(NamedTuple):
    """What scoring found, per Q&A number."""

    totals: dict[int, float]
    coverage: dict[int, float]  # share of the query (weighed by focus) the Q&A has words for
    similarity: dict[int, float]  # closeness of the whole query to its question
    worded: set[int]  # the Q&As that have a word of the query
    # Per concept of the query, its score in each Q&A (by index position) that has it.
    matched: tuple[dict[int, float], ...] = ()


class Ranking(NamedTuple):
    ranked: list[tuple[float, int]]  # (score, number), best first
    scores: Scores
    frame_fit: float | None  # how well the first answers the way the query asks, if it asks
    covered: Coverage = NOTHING_COVERED  # how much of the query the first covers, and where
    aided: bool = False  # the corpus has search aids (keywords) written for its Q&As
    value_given: bool | None = None  # whether the first's answer has the value asked for
    total: int = 0  # how many Q&As matched (in the chapter asked for), before the limit
    elsewhere: tuple[int, ...] = ()  # chapters with matches, when the one asked for has none
    question_share: float = 0.0  # share of the first's question words the asking part has
    asked_closeness: float = 0.0  # closeness to the nearest question people ask of the first

    @classmethod
    def empty(cls) -> "Ranking":
        return cls([], Scores({}, {}, {}, set()), None)
