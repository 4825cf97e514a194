"""Whether the best result answers the query: a judgement calibrated on data.

A search always finds something that shares a word with the query; the question is whether
the document answers what was asked. The judgement reads a few facts of the ranking (how
much of the asked part the first Q&A covers, and how much of that in its own question and
answer rather than only in its search aids; how much of the query the corpus knows at all,
whether the question names a thing it never speaks of (a kanji or katakana word, an
acronym), and how rare in Japanese that word is; whether the first Q&A answers the way the
query asks, and gives a value asked for where it speaks of what is asked; how much of its
question the query asks, and how close the query comes to the questions people ask of it;
how far it stands ahead of the second) and weighs them by a logistic model whose weights
and threshold ``tools/calibrate.py`` fits on the calibration halves of the query sets
(``data/confidence.json``). One fact decides alone: an answer that does not give the value
a question word asks for (いくら, 何日, 何人: an amount, a date, a count, a duration, a
contact; or the year a question names, 今年度の説明会はいつ) where it speaks of what is asked
does not answer, however well the rest matches.
Nothing here names a query or a Q&A.
"""

import json
import math
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from kyodo_cli.resources import data_bytes
from kyodo_cli.search.frames import asks_with_a_question_word
from kyodo_cli.search.similarity import SIMILARITY_WEIGHT

if TYPE_CHECKING:
    from kyodo_cli.search.concepts import AnalysedQuery
    from kyodo_cli.search.results import Ranking

ANSWER = "answer"  # the first result, judged to answer the query
NEAR = "near"  # close behind an answer: worth reading too
RELATED = "related"  # shares the topic, not the answer
NEAR_SHARE = 0.75  # of the answer's score, to count as near it


class Evidence(NamedTuple):
    """What the judgement weighs, each in [0, 1] (or a small count)."""

    coverage: float  # share of the query (the asked part weighing most) the first Q&A covers
    known: float  # share of the query's words the corpus knows (the asked part weighing most)
    frame_miss: float  # 1 if the query asks in a way (how much, when …) the first never does
    frame_fit: float  # how well the first answers the way the query asks (0 if it asks no way)
    similarity: float  # closeness of the whole query to the first Q&A's question
    margin: float  # the first's lead over the second, as a share of its score
    strength: float  # log of the first's score
    words: float  # log of the number of the query's concepts
    specific_coverage: float  # the coverage, each word weighing by its IDF
    missing: float  # how specific the most specific asked word the first lacks is
    aided: float  # 1 if the corpus has search aids (keywords) for its Q&As
    value_miss: float  # 1 if it asks an amount, date, count, duration, contact or year the first
    # does not give where it speaks of what is asked (Framing.gives_value)
    foreign_name: float  # the query names a place, person or body the corpus never does (1 if
    # in the sentence that asks, less in the situation it describes)
    own_text: float  # IDF-weighted share of the query in the first's question or answer
    question_share: float  # share of the first's question words the asking part has
    asked_closeness: float  # closeness to the nearest question people ask of the first
    unknown_thing: float  # 1 if the asking sentence names a thing the corpus lacks entirely
    unknown_rarity: float  # how rare in Japanese the rarest such word is (0 everyday, 1 rare)

    @classmethod
    def of(cls, analysed: "AnalysedQuery", ranking: "Ranking") -> "Evidence | None":
        if not ranking.ranked:
            return None
        first_score, first = ranking.ranked[0]
        second_score = ranking.ranked[1][0] if len(ranking.ranked) > 1 else 0.0
        fit = ranking.frame_fit
        return cls(
            coverage=ranking.scores.coverage.get(first, 0.0),
            known=1.0 - analysed.asked_unknown,
            frame_miss=1.0 if fit == 0.0 else 0.0,
            frame_fit=fit or 0.0,
            similarity=min(1.0, ranking.scores.similarity.get(first, 0.0) / SIMILARITY_WEIGHT),
            margin=(first_score - second_score) / first_score if first_score > 0 else 0.0,
            strength=math.log1p(max(0.0, first_score)),
            words=math.log1p(len(analysed.concepts)),
            specific_coverage=ranking.covered.specific,
            missing=ranking.covered.missing,
            aided=1.0 if ranking.aided else 0.0,
            value_miss=1.0 if ranking.value_given is False else 0.0,
            foreign_name=analysed.foreign_focus,
            own_text=ranking.covered.own_text,
            question_share=ranking.question_share,
            asked_closeness=ranking.asked_closeness,
            unknown_thing=1.0 if analysed.unknown_things else 0.0,
            unknown_rarity=analysed.unknown_rarity,
        )


class Model(NamedTuple):
    """The weights, and the probability from which the first result answers: for a corpus
    with search aids (keywords) and for one without, each calibrated so that as few of its
    answerable queries are disowned (the evidence of a corpus without aids is weaker)."""

    weights: dict[str, float]
    bias: float
    threshold: float
    unaided_threshold: float

    def threshold_for(self, aided: bool) -> float:
        return self.threshold if aided else self.unaided_threshold


@lru_cache(maxsize=1)
def model() -> Model:
    raw = json.loads(data_bytes("confidence.json"))
    return Model(
        dict(raw["weights"]),
        float(raw["bias"]),
        float(raw["threshold"]),
        float(raw["unaided_threshold"]),
    )


def probability(evidence: Evidence, fitted: Model | None = None) -> float:
    """The model's belief that the first result answers the query."""
    fitted = fitted or model()
    z = fitted.bias + sum(
        fitted.weights.get(name, 0.0) * value for name, value in evidence._asdict().items()
    )
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


class Verdict(NamedTuple):
    answered: bool
    matches: tuple[str, ...]  # per ranked result: ANSWER, NEAR or RELATED
    lacks_value: bool = False  # the first lacks the value a question word asks for


def judge(analysed: "AnalysedQuery", ranking: "Ranking") -> Verdict:
    evidence = Evidence.of(analysed, ranking)
    if evidence is None:
        return Verdict(False, ())
    fitted = model()
    # A value asked for with a question word (いくら, 何日, いつまでに …) that the answer
    # does not give where it speaks of what is asked is not answered, however well the rest
    # matches; a value only named (日程, 料金) is left to the weights.
    lacks_value = bool(evidence.value_miss) and asks_with_a_question_word(
        analysed.asked or analysed.text
    )
    answered = (
        probability(evidence, fitted) >= fitted.threshold_for(ranking.aided) and not lacks_value
    )
    first = ranking.ranked[0][0]
    matches = tuple(
        ANSWER
        if answered and rank == 0
        else NEAR
        if answered and score >= NEAR_SHARE * first
        else RELATED
        for rank, (score, _) in enumerate(ranking.ranked)
    )
    return Verdict(answered, matches, lacks_value)
