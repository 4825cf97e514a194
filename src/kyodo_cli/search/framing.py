"""How a query asks, matched against what each Q&A answers: the question frames it answers
in (a definition, the benefits, where to consult …) and its own question's words; whether
its answer holds the kind of value asked for is read in values.py. What is read of a Q&A
is a fact of the corpus, worked out when the index was built (QuestionFacts) and kept per
engine once read; nothing of one query is kept for the next."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from kyodo_cli.corpus.records import Corpus
from kyodo_cli.search.concepts import asked_concepts

if TYPE_CHECKING:
    from kyodo_cli.search.concepts import AnalysedQuery
    from kyodo_cli.search.index import Index, QuestionFacts
    from kyodo_cli.search.placed import Word
    from kyodo_cli.search.results import Scores

FRAME_BOOST = 0.3  # a Q&A that answers the way the query asks scores up to this much more
FRAME_ADD = 0.5  # and this much more, when the query's topic alone cannot tell them apart
FRAME_CANDIDATES = 30
# Besides the best-scoring Q&As, for each word of the asking sentence the few whose question
# holds it and weighs it most (the shortest such questions): a question made of the asked
# words is the question asked, however common they are (「協働」って何ですか).
QUESTION_CANDIDATES = 2
ASKED_WHOLE = 2.0  # added for a Q&A whose question's words the query all has (and frame)
KIN_FIT = 0.5  # how well a Q&A answering in a kindred frame fits (see frames.kin)
# A question of what a thing is, what good it does or why do it is better answered by a Q&A
# that answers so than by one that never does and scores less than this many times as much.
# Not one of how two things differ or whether one counts as another: a Q&A that answers so
# is about its own pair (協働 and 共同), and says nothing of another.
SQUARE_FRAMES = frozenset({"definition", "benefit", "reason"})
SQUARE_LEAD = 2.0
# From this fit on a Q&A answers in a frame: as its own question asks, or a kindred frame
# (KIN_FIT), or as half the questions people ask of it do (frames.ASKED_SHARE); one of its
# eight asked questions is not (how to put the メリット across to a district is asked of the
# Q&A on talking things over with one: 町内会と組むメリットは is not).
SQUARELY = KIN_FIT
# An IDF over this share of the highest marks a word as a topic's (here: in under 10 of 76).
SPECIFIC = 0.4


class Framing:
    def __init__(
        self, corpus: Corpus, index: Index, positions: Callable[[], Mapping[int, int]]
    ) -> None:
        self.corpus = corpus
        self._index = index
        self._positions = positions  # each Q&A number's position in the index
        self._facts: dict[int, QuestionFacts] = {}  # per Q&A number, read when needed

    def gives_value(
        self,
        analysed: AnalysedQuery,
        number: int,
        words: Callable[[int, str], Sequence[Word]],
        idf: Callable[[str], float],
    ) -> bool | None:
        """Whether the Q&A's answer holds a value of the kind the query asks for, where it
        speaks of what is asked (values.value_given; ``words``: a Q&A's words, where they
        stand in a text of it)."""
        from kyodo_cli.search.values import value_given

        item = self.corpus.item(number)
        if item is None:
            return None
        return value_given(
            analysed, item, self._question_words(number), lambda text: words(number, text), idf
        )

    def framed(
        self, analysed: AnalysedQuery, scores: Scores, idf: Callable[[str], float]
    ) -> dict[int, float]:
        """Scores raised for the Q&As that answer the way the query asks (a definition, the
        benefits, where to consult …), and for those whose own question the query asks
        whole; only the best candidates are looked at. Then, for a question of what a thing
        is or what good it does, one that answers so first (``_answered_squarely_first``)."""
        totals = scores.totals
        framed = dict(totals)
        asked = asked_concepts(analysed)
        candidates = sorted(totals, key=lambda n: -totals[n])[:FRAME_CANDIDATES]
        candidates += [
            n for n in self._asking(set().union(*asked)) if n in totals and n not in candidates
        ]
        self._read(candidates)
        for number in candidates:
            fit = self.fit(number, analysed.frames) if analysed.frames else 1.0
            score = totals[number]
            if analysed.frames:
                score = score * (1 + FRAME_BOOST * fit) + FRAME_ADD * fit
            score += ASKED_WHOLE * fit * self._question_covered(number, asked) ** 2
            framed[number] = round(score, 3)
        self._answered_squarely_first(analysed, scores.matched, framed, idf)
        return framed

    def _answered_squarely_first(
        self,
        analysed: AnalysedQuery,
        matched: Sequence[Mapping[int, float]],
        framed: dict[int, float],
        idf: Callable[[str], float],
    ) -> None:
        """When a query asks what a thing is, what good it does or why (SQUARE_FRAMES) and
        the best-scoring Q&A does not answer in that way nor a kindred one (SQUARELY), the
        best Q&A that answers squarely in it comes first, if it scores at least 1/SQUARE_LEAD
        as much and lacks no specific word of the query that the first has: the words of such
        a question (利点, とは) weigh little against its topic's, and a Q&A that has more of the
        topic's common words is no answer to it (市と組んで何がいいの: the benefits of 協働,
        not a Q&A rich in 市 and 組む); but one on another topic is none either (口出しする
        のって意味あるの: not the benefits of 協働 at large). Only the Q&As within reach
        are sorted."""
        asked = analysed.frames & SQUARE_FRAMES
        if not asked or not framed:
            return
        first = min(framed, key=lambda n: (-framed[n], n))
        if self.fit(first, asked) >= SQUARELY:
            return
        reach = framed[first] / SQUARE_LEAD
        within = sorted((n for n in framed if framed[n] >= reach), key=lambda n: (-framed[n], n))
        for number in within[1:]:
            if self.fit(number, asked) >= 1.0:
                if not self._lacks_the_topic(analysed, matched, first, number, idf):
                    framed[number] = round(framed[first] + 0.001, 3)
                return

    def _lacks_the_topic(
        self,
        analysed: AnalysedQuery,
        matched: Sequence[Mapping[int, float]],
        first: int,
        number: int,
        idf: Callable[[str], float],
    ) -> bool:
        """Whether a Q&A lacks a word of the query that the Q&A ``first`` has and that is
        specific enough to be its topic: its IDF, times how much it is asked, over SPECIFIC
        of the highest (``matched``: per concept, its score by index position). A word the
        first has only in the questions people ask of it is not its topic: those questions
        are worded as people talk (ぶっちゃけ), and what they say besides is its own text."""
        positions = self._positions()
        had, has = positions[first], positions[number]
        most = idf("")
        asked_only = self._facts_of(first).asked_only
        return any(
            best.get(had, 0.0) > 0.0
            and best.get(has, 0.0) <= 0.0
            and concept.focus * idf(concept.alternatives[0].term) > SPECIFIC * most
            and concept.alternatives[0].term not in asked_only
            for concept, best in zip(analysed.concepts, matched, strict=True)
        )

    def _asking(self, terms: set[str]) -> list[int]:
        """The Q&As whose questions weigh a word of the asking sentence most."""
        found: dict[int, None] = {}
        numbers = self._index.numbers
        for term in sorted(terms):
            docs, _ = self._index.postings("question", term)
            found.update(dict.fromkeys(numbers[doc] for doc in docs[:QUESTION_CANDIDATES]))
        return list(found)

    def question_share(self, analysed: AnalysedQuery, number: int) -> float:
        """The share of a Q&A's question words that the asking part of the query has, each
        found by any alternative of any asked word: what the answer judgement was fitted
        on (counting each asked word once, as the ranking does, made it flag fewer of the
        calibration queries the document does not answer)."""
        return self._question_covered(number, asked_concepts(analysed), each_word_once=False)

    def asked_closeness(self, analysed: AnalysedQuery, number: int) -> float:
        """How close the query comes to the nearest of the questions people ask of a Q&A
        (its question-like keywords): the Dice overlap of their words, a query's word
        counting by any of its alternatives."""
        concepts = analysed.concepts
        best = 0.0
        for words in self._asked_words(number):
            if concepts and words:
                shared = sum(1 for c in concepts if any(a.term in words for a in c.alternatives))
                best = max(best, 2 * shared / (len(concepts) + len(words)))
        return best

    def asked_share(self, number: int, term: str, query: frozenset[str]) -> float | None:
        """For a term a Q&A has only in the questions people ask of it: how far the query
        (its words) asks one of those that hold it, as the largest share of its words the
        query has; None for a term the Q&A has elsewhere too."""
        facts = self._facts_of(number)
        if term not in facts.asked_only:
            return None
        shares = [len(words & query) / len(words) for words in facts.asked if term in words]
        return max(shares, default=0.0)

    def _asked_words(self, number: int) -> tuple[frozenset[str], ...]:
        return self._facts_of(number).asked

    def _facts_of(self, number: int) -> QuestionFacts:
        if number not in self._facts:
            self._read([number])
        return self._facts[number]

    def _read(self, numbers: Iterable[int]) -> None:
        """The facts of these Q&As, read from the index at once unless read already."""
        positions = self._positions()
        wanted = {positions[n]: n for n in numbers if n not in self._facts}
        if wanted:
            for position, facts in self._index.question_facts(wanted).items():
                self._facts[wanted[position]] = facts

    def _question_covered(
        self, number: int, asked: list[frozenset[str]], each_word_once: bool = True
    ) -> float:
        """The share of a Q&A's question words that the query has (by any alternative): a
        short question all of whose words the query uses is the question being asked. A
        word of the query covers one word of the question at most, however many its
        alternatives find there (協働 does not cover both 協働 and 共同 in 「協働」と「共同」の
        違い, by reading alike), unless ``each_word_once`` is false."""
        words = self._question_words(number)
        if not words:
            return 0.0
        found = len(words & set().union(*asked))
        if each_word_once:
            found = min(found, sum(1 for terms in asked if not words.isdisjoint(terms)))
        return found / len(words)

    def _question_words(self, number: int) -> frozenset[str]:
        return self._facts_of(number).words

    def frame_fit(self, analysed: AnalysedQuery, ranked: list[tuple[float, int]]) -> float | None:
        if not analysed.frames or not ranked:
            return None
        return self.fit(ranked[0][1], analysed.frames)

    def fit(self, number: int, frames: frozenset[str]) -> float:
        """How well a Q&A answers the way the query asks: its strength in a frame asked,
        or KIN_FIT of its strength in a kindred frame (a definition for whether something
        counts, the reasons for what good it does)."""
        from kyodo_cli.search.frames import kin

        answered = self._answered_frames(number)
        kindred = kin()
        best = 0.0
        for name in frames:
            best = max(best, answered.get(name, 0.0))
            for other in kindred.get(name, ()):
                best = max(best, KIN_FIT * answered.get(other, 0.0))
        return best

    def _answered_frames(self, number: int) -> dict[str, float]:
        """What a Q&A answers, per frame (a fact of the corpus)."""
        return self._facts_of(number).frames
