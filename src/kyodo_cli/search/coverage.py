"""How much of a query one Q&A covers, for the answer judgement: the share of the query it
has words for (the query's specific words weighing most), the most specific asked word it
lacks, and the share it has in its own text rather than only in its search aids."""

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from kyodo_cli.search.terms import bigrams

if TYPE_CHECKING:
    from kyodo_cli.search.concepts import AnalysedQuery, Concept
    from kyodo_cli.search.index import Index
    from kyodo_cli.search.results import Scores

COVERAGE_UNIT = 2.0  # a word scoring this much in a Q&A is fully there
MISSING = 0.25  # a word matched below this share of a full match counts as missing
OWN_TEXT = ("question", "answer")  # what a Q&A says, as against the keywords written for it
WORD_FIELDS = ("question", "answer", "keywords")  # every field of a Q&A's words


class Coverage(NamedTuple):
    specific: float  # IDF-weighted share of the query the Q&A has words for
    missing: float  # IDF of the most specific asked word it lacks, as a share of the highest
    own_text: float  # IDF-weighted share of the query found in its question or answer


NOTHING_COVERED = Coverage(0.0, 1.0, 0.0)


def coverage(
    index: "Index",
    analysed: "AnalysedQuery",
    scores: "Scores",
    position: int,
    idf: Callable[[str], float],
) -> Coverage:
    """The Q&A at ``position`` in the index against the query. Each word weighs by its IDF
    and by how much it is asked; a word the corpus lacks counts as missing, at the highest
    IDF, wherever it stands (a word of the situation the document never uses still says the
    query is about something else); so does a part of a compound that the corpus lacks when
    it has the rest, weighed by how much it is asked. Each word's score in the Q&A is the
    one scoring found, times the share of its parts the Q&A has when it has only parts of
    it (``_parts_share``)."""
    most = idf("")  # of a term no Q&A has
    total = found = own = worst = 0.0
    for concept, best in zip(analysed.concepts, scores.matched, strict=True):
        weight = concept.focus * idf(concept.alternatives[0].term)
        share = min(1.0, best.get(position, 0.0) / COVERAGE_UNIT)
        share *= _parts_share(index, concept, position, idf)
        total += weight
        found += weight * share
        if share < MISSING:
            worst = max(worst, weight)
        if any(_in_own_text(index, alt.term, position) for alt in concept.alternatives):
            own += weight
    for _ in analysed.strangers:
        total += most
        worst = most
    for _, focus in analysed.lacking:  # the specific part of a compound (前立腺 of 前立腺がん)
        total += most * focus
        worst = max(worst, most * focus)
    if not total:
        return Coverage(0.0, worst / most, 0.0)
    return Coverage(found / total, worst / most, own / total)


def _parts_share(
    index: "Index", concept: "Concept", position: int, idf: Callable[[str], float]
) -> float:
    """How much of a word a Q&A has when it has the word only by its parts (税 of 固定資産税
    in 住民税): the IDF-weighted share of the parts it has. The general part of a
    compound is not the specific thing asked."""
    parts = [alt.term for alt in concept.alternatives if alt.origin == "part"]
    if not parts or any(
        _in_fields(index, term, position, WORD_FIELDS) for term in concept.itself()
    ):
        return 1.0
    total = sum(idf(part) for part in parts)
    found = sum(idf(part) for part in parts if _in_fields(index, part, position, WORD_FIELDS))
    return found / total if total else 1.0


def _in_fields(index: "Index", term: str, position: int, fields: tuple[str, ...]) -> bool:
    return any(position in index.postings(field, term)[0] for field in fields)


def _in_own_text(index: "Index", term: str, position: int) -> bool:
    """Whether the Q&A's question or answer has the term: as a word, or as characters
    the analysis cut otherwise there (金払い in 前金払い)."""
    if any(position in index.postings(field, term)[0] for field in OWN_TEXT):
        return True
    grams = bigrams(term)
    return bool(grams) and all(position in index.postings("bigram", g)[0] for g in grams)
