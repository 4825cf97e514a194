"""Search over a corpus: the ranking, and the entry points the command line uses. (A Q&A's
related Q&As come from the index alone: ``Session.related``.)"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import TYPE_CHECKING

from kyodo_cli.corpus.records import Corpus
from kyodo_cli.errors import UsageError
from kyodo_cli.search.confidence import judge
from kyodo_cli.search.coverage import COVERAGE_UNIT, coverage
from kyodo_cli.search.framing import Framing
from kyodo_cli.search.index import sentence_owner
from kyodo_cli.search.notices import notices
from kyodo_cli.search.reference import named_result
from kyodo_cli.search.results import Hit, Ranking, Scores, SearchResult, Snippet, Span
from kyodo_cli.search.similarity import question_similarity

if TYPE_CHECKING:
    from kyodo_cli.search.concepts import AnalysedQuery, Concept
    from kyodo_cli.search.index import Index
    from kyodo_cli.search.placed import Word
    from kyodo_cli.search.query import QueryAnalyzer
    from kyodo_cli.text.tokens import TextAnalyzer

__all__ = ["SearchEngine", "engine"]

FIELD_WEIGHTS = {"question": 1.6, "keywords": 1.2, "answer": 1.0}
OTHER_FIELDS = 0.4  # share of a term's score in its other fields, besides its best one
BIGRAM_WEIGHT = 0.3
JOIN_WEIGHT = 6.0  # a bigram where words typed as one meet, beside a bigram anywhere (0.3)
MIN_SCORE = 1.0
MAX_UNKNOWN = 0.5  # a question mostly of words the corpus knows nothing of is out of scope
COVERAGE = 1.25
PASSAGE_WEIGHT = 0.35
ASKED_ONLY = 0.7  # of a word's score in a Q&A that has it only in a question it is asked


class SearchEngine:
    """Ranks the Q&As of one corpus for a query (BM25 fields + reading, fuzzy, synonyms)."""

    def __init__(self, corpus: Corpus, index: Index, analyzer: TextAnalyzer | None = None) -> None:
        self.corpus = corpus
        self.index = index
        self._analyzer = analyzer
        self.framing = Framing(corpus, index, lambda: self._positions)

    @property
    def analyzer(self) -> TextAnalyzer:
        if self._analyzer is None:
            from kyodo_cli.text.sudachi import Analyzer

            self._analyzer = Analyzer()
        return self._analyzer

    @cached_property
    def queries(self) -> QueryAnalyzer:
        from kyodo_cli.search.query import QueryAnalyzer

        return QueryAnalyzer(self.analyzer, self.index)

    @cached_property
    def _positions(self) -> dict[int, int]:
        """Each Q&A number's position in the index (--limit may ask for every Q&A)."""
        return {number: position for position, number in enumerate(self.index.numbers)}

    def analyse(self, query: str) -> AnalysedQuery:
        return self.queries.analyse(query)

    @cached_property
    def aided(self) -> bool:
        """Whether the Q&As come with search aids (keywords): the judgement expects more."""
        return self.index.has_field("keywords")

    def search(
        self, query: str, *, limit: int = 5, chapter: int | None = None, snippets: bool = True
    ) -> SearchResult:
        """The best ``limit`` Q&As for ``query``; with ``snippets`` false (a caller that
        shows none, as browse's list) the hits come without them, and cost no analysis."""
        if not query.strip():
            raise UsageError("検索する語句を入力してください")
        if (named := named_result(self.corpus, query, chapter)) is not None:  # Q27
            return named
        analysed = self.analyse(query)
        if not analysed.concepts and not analysed.bigrams and not _has_letters(analysed.text):
            raise UsageError("検索できる文字（漢字・かな・英数字）が含まれていません")
        # Mostly words the document never uses: better to say so than to answer with
        # whatever shares the one word it knows.
        out_of_scope = analysed.asked_unknown > MAX_UNKNOWN
        ranking = Ranking.empty() if out_of_scope else self.rank(analysed, limit, chapter)
        verdict = judge(analysed, ranking)
        hits = tuple(
            self._hit(number, score, analysed, ranking, match)
            if snippets
            else Hit(number, score, Snippet(""), match)
            for (score, number), match in zip(ranking.ranked, verdict.matches, strict=True)
        )
        suggestions = () if hits or ranking.elsewhere else self.suggest(analysed.text)
        unanswered = bool(ranking.ranked) and not verdict.answered
        lacking = ranking.ranked[0][1] if verdict.lacks_value else None  # the value asked for
        return SearchResult(
            query,
            hits,
            suggestions,
            notices(analysed, out_of_scope, unanswered, lacking),
            verdict.answered,
            max(ranking.total, len(hits)),
            ranking.elsewhere,
        )

    def rank(self, analysed: AnalysedQuery, limit: int, chapter: int | None) -> Ranking:
        """The best ``limit`` Q&As, with what the answer judgement weighs of the first."""
        scores = self.score(analysed)
        totals = self.framing.framed(analysed, scores, self._idf)
        allowed = self._chapter_numbers(chapter)
        # A query all of whose words the corpus has deserves an answer from the Q&As that
        # have them, however common the words (協働 is in every Q&A); the floor cuts what
        # rests on near spellings, pieces and shared characters.
        lenient = scores.worded if not analysed.unknown else set()
        matched = [(s, n) for n, s in totals.items() if s >= MIN_SCORE or n in lenient]
        eligible = sorted(
            ((s, n) for s, n in matched if allowed is None or n in allowed),
            key=lambda pair: (-pair[0], pair[1]),
        )
        ranked = eligible[:limit]
        elsewhere = () if eligible else self._chapters_of(n for _, n in matched)
        ranking = Ranking(ranked, scores, None, aided=self.aided, total=len(eligible))
        return self._judged(analysed, ranking) if ranked else ranking._replace(elsewhere=elsewhere)

    def _judged(self, analysed: AnalysedQuery, ranking: Ranking) -> Ranking:
        """The ranking with what the answer judgement weighs of its first Q&A."""
        first = ranking.ranked[0][1]
        return ranking._replace(
            frame_fit=self.framing.frame_fit(analysed, ranking.ranked),
            covered=coverage(
                self.index, analysed, ranking.scores, self._positions[first], self._idf
            ),
            value_given=self.framing.gives_value(analysed, first, self._answer_words, self._idf),
            question_share=self.framing.question_share(analysed, first),
            asked_closeness=self.framing.asked_closeness(analysed, first),
        )

    def _answer_words(self, number: int, text: str) -> list[Word]:  # where they stand
        from kyodo_cli.search.answering import answer_words

        return answer_words(self.index, self._positions[number], text, lambda: self.analyzer)

    def _chapters_of(self, numbers: Iterable[int]) -> tuple[int, ...]:
        items = (self.corpus.item(n) for n in numbers)
        return tuple(sorted({item.chapter for item in items if item is not None}))

    def score(self, analysed: AnalysedQuery) -> Scores:
        """Score per Q&A number: weighted BM25 over the word fields, character bigrams for
        what the analysis missed, and the similarity of the whole query to each question;
        with what else the ranking and the answer judgement need to know of each Q&A."""
        numbers = self.index.numbers
        totals: dict[int, float] = defaultdict(float)
        covered: dict[int, float] = defaultdict(float)
        weighted = [self._weighted(concept) for concept in analysed.concepts]
        query = frozenset(alt.term for concept in analysed.concepts for alt in concept.alternatives)
        matched: list[dict[int, float]] = []
        for concept, alternatives in zip(analysed.concepts, weighted, strict=True):
            best: dict[int, float] = {}
            for alt, weight in alternatives:
                for doc, score in self._term_scores(alt, query).items():
                    best[doc] = max(best.get(doc, 0.0), weight * score)
            matched.append(best)
            for doc, score in best.items():
                totals[doc] += concept.focus * score
                covered[doc] += concept.focus * min(1.0, score / COVERAGE_UNIT)
        passage = self._passage_scores(analysed.concepts, weighted)
        for doc, score in passage.items():
            totals[doc] += PASSAGE_WEIGHT * score
        # Q&As that answer every part of the query beat those that answer one part well.
        asked = sum(concept.focus for concept in analysed.concepts)
        coverage = {doc: min(1.0, covered[doc] / asked) for doc in totals} if asked else {}
        if asked and COVERAGE:
            for doc in totals:
                totals[doc] *= coverage[doc] ** COVERAGE
        evidence = {doc for doc, score in totals.items() if score > 0}
        worded = {numbers[doc] for doc in evidence}
        if analysed.bigrams:
            factor = BIGRAM_WEIGHT / math.sqrt(len(analysed.bigrams))
            shared: dict[int, int] = defaultdict(int)
            for gram in analysed.bigrams:
                docs, weights = self.index.postings("bigram", gram)
                for doc, weight in zip(docs, weights, strict=False):
                    totals[doc] += factor * weight
                    shared[doc] += 1
            # Without a word in common, most of the query's characters must be there.
            evidence |= {d for d, n in shared.items() if n > len(analysed.bigrams) * 0.5}
        self._add_joins(analysed, evidence, totals)
        similarity = question_similarity(self.index, analysed.asked or analysed.text, totals)
        for doc, closeness in similarity.items():
            totals[doc] += closeness
            evidence.add(doc)
        return Scores(
            totals={numbers[doc]: round(totals[doc], 3) for doc in evidence},
            coverage={numbers[doc]: coverage.get(doc, 0.0) for doc in evidence},
            similarity={numbers[doc]: closeness for doc, closeness in similarity.items()},
            worded=worded,
            matched=tuple(matched),
        )

    def _add_joins(
        self, analysed: AnalysedQuery, found: set[int], totals: dict[int, float]
    ) -> None:
        """A bonus for a Q&A found that has the compound a definition asks about (where its
        words typed as one meet); one in many Q&As (協働事業) tells little, by its IDF."""
        n, most = len(self.index.numbers), self._idf("")
        for joint, focus in analysed.joins:
            docs, weights = self.index.postings("bigram", joint)
            rarity = math.log(1 + (n - len(docs) + 0.5) / (len(docs) + 0.5)) / most
            for doc, weight in zip(docs, weights, strict=False):
                if doc in found:
                    totals[doc] += JOIN_WEIGHT * focus * weight * rarity

    def _weighted(self, concept: Concept) -> list[tuple[str, float]]:
        """Each alternative with the weight it scores with. A stand-in may not outweigh the
        word it stands for by being rare: its IDF is capped at the concept's own (the user's
        word, or the commonest alternative), as if all were one term (補助金's synonym found
        in one Q&A must not outscore 補助金 found in five)."""
        idf = {alt.term: self._idf(alt.term) for alt in concept.alternatives}
        primary = concept.alternatives[0]
        own_word = primary.origin == "word"
        reference = idf[primary.term] if own_word else min(idf.values())
        weighted = []
        for alt in concept.alternatives:
            cap = 1.0 if own_word and alt is primary else min(1.0, reference / idf[alt.term])
            weighted.append((alt.term, alt.weight * cap))
        return weighted

    def _idf(self, term: str) -> float:
        n = len(self.index.numbers)
        entry = self.index.vocab.get(term)
        df = entry.df if entry else 0
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def _passage_scores(
        self, concepts: Sequence[Concept], weighted: list[list[tuple[str, float]]]
    ) -> dict[int, float]:
        """Per Q&A, the score of its best-matching answer sentence: query words found
        together in one sentence say more than the same words scattered over an answer."""
        sentences: dict[int, float] = defaultdict(float)
        for concept, alternatives in zip(concepts, weighted, strict=True):
            best: dict[int, float] = {}
            for alt, factor in alternatives:
                docs, weights = self.index.postings("sentence", alt)
                for sentence, weight in zip(docs, weights, strict=False):
                    if factor * weight > best.get(sentence, 0.0):
                        best[sentence] = factor * weight
            for sentence, score in best.items():
                sentences[sentence] += concept.focus * score
        passage: dict[int, float] = defaultdict(float)
        for sentence, score in sentences.items():
            doc, _ = sentence_owner(sentence)
            passage[doc] = max(passage[doc], score)
        return passage

    def _term_scores(self, term: str, query: frozenset[str] = frozenset()) -> dict[int, float]:
        """Per Q&A, the term's score in its best field, plus a share of the others: a word
        found in a question, its answer and its keywords is one match made more certain,
        not three matches. A word a Q&A has only in the questions people ask of it counts
        as far as the query (``query``: its words) asks one of them: not 入る for all of
        会場代や保険料も市の予算に入るのか, which asks of another thing (ASKED_ONLY)."""
        fields: dict[int, list[float]] = defaultdict(list)
        aided = bool(query) and self.aided  # only keywords hold the questions people ask
        own: set[int] = set()  # the Q&As that have it in their question or answer
        for field, field_weight in FIELD_WEIGHTS.items():
            docs, weights = self.index.postings(field, term)
            if aided and field != "keywords":
                own.update(docs)
            for doc, weight in zip(docs, weights, strict=False):
                fields[doc].append(field_weight * weight)
        found = {
            doc: (1 - OTHER_FIELDS) * max(scores) + OTHER_FIELDS * sum(scores)
            for doc, scores in fields.items()
        }
        for doc in found.keys() - own if aided else ():
            share = self.framing.asked_share(self.index.numbers[doc], term, query)
            if share is not None:
                found[doc] *= ASKED_ONLY + (1 - ASKED_ONLY) * share
        return found

    def _chapter_numbers(self, chapter: int | None) -> set[int] | None:
        if chapter is None:
            return None
        found = self.corpus.chapter(chapter)
        return set(found.numbers) if found else set()

    def _hit(
        self, number: int, score: float, analysed: AnalysedQuery, ranking: Ranking, match: str
    ) -> Hit:
        """The hit with its answering sentence, and a snippet that begins there."""
        from kyodo_cli.search.answering import answering_hit

        item = self.corpus.item(number)
        assert item is not None
        text = item.answer_text
        words = self._answer_words(number, text)
        snippet, sentence = answering_hit(text, analysed, words, self._idf)
        return Hit(number, score, snippet, match, sentence)

    def answer_marks(self, query: str, number: int) -> tuple[Span, tuple[Span, ...]]:
        """For showing Q&A ``number`` in full as an answer to ``query``: the answering
        sentence and the query's words, as spans of its answer text."""
        from kyodo_cli.search.answering import marks

        item = self.corpus.item(number)
        if item is None or not query.strip():
            return (0, 0), ()
        text = item.answer_text
        return marks(text, self.analyse(query), self._answer_words(number, text), self._idf)

    def suggest(self, text: str, limit: int = 3) -> tuple[str, ...]:
        """Corpus words the query plausibly meant (もしかして)."""
        from kyodo_cli.search.suggest import plausible_words

        return plausible_words(self.index.vocab, text, limit)


def _has_letters(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def engine(corpus: Corpus) -> SearchEngine:
    """A new engine for a corpus, its index opened (or built and cached) now. The command
    line keeps one per corpus in its session (``Session.engine``)."""
    from kyodo_cli.search.indexes import open_index

    return SearchEngine(corpus, open_index(corpus))
