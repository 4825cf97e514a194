"""Search over a corpus: ranking, the records it returns, and the entry points the CLI uses.

``search`` answers a free-text query. (A Q&A's related Q&As come from the index alone:
``Session.related``.)
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

from kyodo_cli.corpus.records import Corpus
from kyodo_cli.errors import UsageError
from kyodo_cli.search.confidence import ANSWER, NEAR, RELATED, judge
from kyodo_cli.search.index import sentence_owner
from kyodo_cli.search.snippets import Snippet

if TYPE_CHECKING:
    from kyodo_cli.search.concepts import AnalysedQuery, Concept
    from kyodo_cli.search.index import Index
    from kyodo_cli.search.query import QueryAnalyzer
    from kyodo_cli.text.sudachi import TextAnalyzer

__all__ = [
    "ANSWER",
    "NEAR",
    "RELATED",
    "Hit",
    "SearchEngine",
    "SearchResult",
    "Snippet",
    "engine",
    "search",
]

FIELD_WEIGHTS = {"question": 1.6, "keywords": 1.2, "answer": 1.0}
OTHER_FIELDS = 0.4  # share of a term's score in its other fields, besides its best one
BIGRAM_WEIGHT = 0.3
SIMILARITY_WEIGHT = 2.0
SIMILARITY_FLOOR = 40.0
MIN_SCORE = 1.0
MAX_UNKNOWN = 0.5  # a query mostly of words the corpus knows nothing of is out of its scope
COVERAGE = 1.25
COVERAGE_UNIT = 2.0
PASSAGE_WEIGHT = 0.35
SIMILARITY_CANDIDATES = 300
FRAME_BOOST = 0.3  # a Q&A that answers the way the query asks scores up to this much more
FRAME_ADD = 0.5  # and this much more, when the query's topic alone cannot tell them apart
FRAME_CANDIDATES = 30
ASKED_FOCUS = 1.0  # the concepts of the asking sentence, for matching a Q&A's question
ASKED_WHOLE = 2.0  # added for a Q&A whose question's words the query all has (and frame)
MISSING = 0.25  # a word matched below this share of a full match counts as missing


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
    best_sentence: dict[int, int]  # place in the answer of its best-matching sentence


class Ranking(NamedTuple):
    ranked: list[tuple[float, int]]  # (score, number), best first
    scores: Scores
    frame_fit: float | None  # how well the first answers the way the query asks, if it asks
    specific_coverage: float = 0.0  # IDF-weighted share of the query the first has words for
    missing: float = 1.0  # IDF of the most specific asked word the first lacks (share of max)
    aided: bool = False  # the corpus has search aids (keywords) written for its Q&As
    value_given: bool | None = None  # whether the first's answer has the value asked for
    total: int = 0  # how many Q&As matched (in the chapter asked for), before the limit
    elsewhere: tuple[int, ...] = ()  # chapters with matches, when the one asked for has none

    @classmethod
    def empty(cls) -> Ranking:
        return cls([], Scores({}, {}, {}, set(), {}), None)


class SearchEngine:
    """Ranks the Q&As of one corpus for a query (BM25 fields + reading, fuzzy, synonyms)."""

    def __init__(self, corpus: Corpus, index: Index, analyzer: TextAnalyzer | None = None) -> None:
        self.corpus = corpus
        self.index = index
        self._analyzer = analyzer
        self._frames: dict[int, dict[str, float]] = {}  # per Q&A number, read when needed
        self._questions: dict[int, frozenset[str]] = {}  # each question's words, likewise

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
        """Whether the corpus's Q&As come with search aids: then a query matches more of a
        Q&A's words, and the answer judgement expects more."""
        return self.index.has_field("keywords")

    def search(
        self, query: str, *, limit: int = 5, chapter: int | None = None, snippets: bool = True
    ) -> SearchResult:
        """The best ``limit`` Q&As for ``query``; with ``snippets`` false (a caller that
        shows none, as browse's list) the hits come without them, and cost no analysis."""
        if not query.strip():
            raise UsageError("検索する語句を入力してください")
        analysed = self.analyse(query)
        if not analysed.concepts and not analysed.bigrams and not _has_letters(analysed.text):
            raise UsageError("検索できる文字（漢字・かな・英数字）が含まれていません")
        notices = []
        if analysed.truncated:
            notices.append(f"検索語が長いため、先頭の {len(analysed.text)} 文字で検索しました")
        if analysed.unknown > MAX_UNKNOWN:
            # Better to say so than to answer with whatever shares the one word it knows.
            ranking = Ranking.empty()
            if analysed.strangers:
                words = "".join(f"「{word}」" for word in analysed.strangers)
                notices.append(f"{words}は文書に出てこない語です")
        else:
            ranking = self.rank(analysed, limit, chapter)
        verdict = judge(analysed, ranking)
        hits = tuple(
            self._hit(number, score, analysed, ranking, match)
            if snippets
            else Hit(number, score, Snippet(""), match)
            for (score, number), match in zip(ranking.ranked, verdict.matches, strict=True)
        )
        suggestions = () if hits or ranking.elsewhere else self.suggest(analysed.text)
        return SearchResult(
            query,
            hits,
            suggestions,
            tuple(notices),
            verdict.answered,
            max(ranking.total, len(hits)),
            ranking.elsewhere,
        )

    def rank(self, analysed: AnalysedQuery, limit: int, chapter: int | None) -> Ranking:
        """The best ``limit`` Q&As, with what the answer judgement weighs of the first."""
        scores = self.score(analysed)
        totals = self._framed(analysed, scores.totals)
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
        gaps = self._gaps(analysed, ranked[0][1]) if ranked else (0.0, 1.0)
        value = self._gives_value(analysed, ranked[0][1]) if ranked else None
        fit = self._frame_fit(analysed, ranked)
        return Ranking(ranked, scores, fit, *gaps, self.aided, value, len(eligible), elsewhere)

    def _chapters_of(self, numbers: Iterable[int]) -> tuple[int, ...]:
        items = (self.corpus.item(n) for n in numbers)
        return tuple(sorted({item.chapter for item in items if item is not None}))

    def _gives_value(self, analysed: AnalysedQuery, number: int) -> bool | None:
        """Whether the Q&A's answer holds a value of the kind the query asks for (an
        amount, a date, a count, a contact), if it asks for one."""
        from kyodo_cli.search.frames import gives_value

        item = self.corpus.item(number)
        return gives_value(analysed.frames, item.answer_text) if item is not None else None

    def _gaps(self, analysed: AnalysedQuery, number: int) -> tuple[float, float]:
        """How much of the query one Q&A leaves out, the query's specific words weighing
        most: the IDF-weighted share of the query it has words for (a word the corpus lacks
        counts as missing, at the highest IDF), and the IDF of the most specific asked word
        it lacks, as a share of the highest IDF."""
        doc = self._positions[number]
        most = self._idf("")  # of a term no Q&A has
        total = found = worst = 0.0
        for concept in analysed.concepts:
            idf = self._idf(concept.alternatives[0].term)
            best = max(
                (
                    weight * self._term_scores(alt).get(doc, 0.0)
                    for alt, weight in self._weighted(concept)
                ),
                default=0.0,
            )
            share = min(1.0, best / COVERAGE_UNIT)
            total += concept.focus * idf
            found += concept.focus * idf * share
            if share < MISSING:
                worst = max(worst, concept.focus * idf)
        for _ in analysed.strangers:
            total += most
            worst = most
        return (found / total if total else 0.0), worst / most

    def _framed(self, analysed: AnalysedQuery, totals: dict[int, float]) -> dict[int, float]:
        """Scores raised for the Q&As that answer the way the query asks (a definition, the
        benefits, where to consult …), and for those whose own question the query asks
        whole; only the best candidates are looked at."""
        framed = dict(totals)
        terms = {
            alt.term
            for concept in analysed.concepts
            if concept.focus >= ASKED_FOCUS
            for alt in concept.alternatives
        }
        for number in sorted(totals, key=lambda n: -totals[n])[:FRAME_CANDIDATES]:
            fit = self._fit(number, analysed.frames) if analysed.frames else 1.0
            score = totals[number]
            if analysed.frames:
                score = score * (1 + FRAME_BOOST * fit) + FRAME_ADD * fit
            score += ASKED_WHOLE * fit * self._question_covered(number, terms) ** 2
            framed[number] = round(score, 3)
        return framed

    def _question_covered(self, number: int, terms: set[str]) -> float:
        """The share of a Q&A's question words that the query has (by any alternative): a
        short question all of whose words the query uses is the question being asked."""
        words = self._question_words(number)
        return len(words & terms) / len(words) if words else 0.0

    def _question_words(self, number: int) -> frozenset[str]:
        if number not in self._questions:
            item = self.corpus.item(number)
            tokens = self.analyzer.tokens(item.question) if item is not None else []
            self._questions[number] = frozenset(token.term for token in tokens)
        return self._questions[number]

    def _frame_fit(self, analysed: AnalysedQuery, ranked: list[tuple[float, int]]) -> float | None:
        if not analysed.frames or not ranked:
            return None
        return self._fit(ranked[0][1], analysed.frames)

    def _fit(self, number: int, frames: frozenset[str]) -> float:
        answered = self._answered_frames(number)
        return max((answered.get(name, 0.0) for name in frames), default=0.0)

    def _answered_frames(self, number: int) -> dict[str, float]:
        """What a Q&A answers, per frame (a fact of the corpus, kept per engine)."""
        if number not in self._frames:
            from kyodo_cli.search.frames import answered_frames

            item = self.corpus.item(number)
            self._frames[number] = (
                answered_frames(item.question, item.keywords) if item is not None else {}
            )
        return self._frames[number]

    def score(self, analysed: AnalysedQuery) -> Scores:
        """Score per Q&A number: weighted BM25 over the word fields, character bigrams for
        what the analysis missed, and the similarity of the whole query to each question;
        with what else the ranking and the answer judgement need to know of each Q&A."""
        numbers = self.index.numbers
        totals: dict[int, float] = defaultdict(float)
        covered: dict[int, float] = defaultdict(float)
        weighted = [self._weighted(concept) for concept in analysed.concepts]
        for concept, alternatives in zip(analysed.concepts, weighted, strict=True):
            best: dict[int, float] = {}
            for alt, weight in alternatives:
                for doc, score in self._term_scores(alt).items():
                    best[doc] = max(best.get(doc, 0.0), weight * score)
            for doc, score in best.items():
                totals[doc] += concept.focus * score
                covered[doc] += concept.focus * min(1.0, score / COVERAGE_UNIT)
        passage, best_sentence = self._passage_scores(analysed.concepts, weighted)
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
        similarity = self._question_similarity(analysed.asked or analysed.text, totals)
        for doc, closeness in similarity.items():
            totals[doc] += closeness
            evidence.add(doc)
        return Scores(
            totals={numbers[doc]: round(totals[doc], 3) for doc in evidence},
            coverage={numbers[doc]: coverage.get(doc, 0.0) for doc in evidence},
            similarity={numbers[doc]: closeness for doc, closeness in similarity.items()},
            worded=worded,
            best_sentence={numbers[doc]: place for doc, place in best_sentence.items()},
        )

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
    ) -> tuple[dict[int, float], dict[int, int]]:
        """Per Q&A, the score of its best-matching answer sentence and that sentence's place:
        query words found together in one sentence say more than the same words scattered
        over an answer."""
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
        places: dict[int, int] = {}
        for sentence, score in sentences.items():
            doc, place = sentence_owner(sentence)
            if score > passage[doc]:
                passage[doc] = score
                places[doc] = place
        return passage, places

    def _term_scores(self, term: str) -> dict[int, float]:
        """Per Q&A, the term's score in its best field, plus a share of the others: a word
        found in a question, its answer and its keywords is one match made more certain,
        not three matches."""
        fields: dict[int, list[float]] = defaultdict(list)
        for field, field_weight in FIELD_WEIGHTS.items():
            docs, weights = self.index.postings(field, term)
            for doc, weight in zip(docs, weights, strict=False):
                fields[doc].append(field_weight * weight)
        return {
            doc: (1 - OTHER_FIELDS) * max(scores) + OTHER_FIELDS * sum(scores)
            for doc, scores in fields.items()
        }

    def _question_similarity(self, text: str, totals: dict[int, float]) -> dict[int, float]:
        """How close the whole query is to each question (rapidfuzz). On a large corpus only
        the best-scoring candidates are compared: a re-ranking signal, not a full scan."""
        from rapidfuzz import fuzz, process

        if len(self.index.numbers) <= SIMILARITY_CANDIDATES:
            questions = self.index.questions()
        else:
            candidates = sorted(totals, key=lambda doc: -totals[doc])[:SIMILARITY_CANDIDATES]
            questions = self.index.questions(candidates)
        found = process.extract(
            text, questions, scorer=fuzz.ratio, limit=10, score_cutoff=SIMILARITY_FLOOR
        )
        scale = 100.0 - SIMILARITY_FLOOR
        return {
            doc: SIMILARITY_WEIGHT * ((score - SIMILARITY_FLOOR) / scale) ** 2
            for _, score, doc in found
        }

    def _chapter_numbers(self, chapter: int | None) -> set[int] | None:
        if chapter is None:
            return None
        found = self.corpus.chapter(chapter)
        return set(found.numbers) if found else set()

    def _hit(
        self, number: int, score: float, analysed: AnalysedQuery, ranking: Ranking, match: str
    ) -> Hit:
        """The hit with its answering sentence, and a snippet that begins there; only that
        stretch of the answer is analysed again, for the highlights."""
        from kyodo_cli.search.snippets import SNIPPET_CHARS, answering_sentence, make_snippet
        from kyodo_cli.text.normalize import fold_chars

        item = self.corpus.item(number)
        assert item is not None
        text = item.answer_text
        start, end = answering_sentence(
            text, analysed.bigrams, ranking.scores.best_sentence.get(number)
        )
        window = fold_chars(text[start : start + 3 * SNIPPET_CHARS])
        tokens = [
            replace(t, start=t.start + start, end=t.end + start)
            for t in self.analyzer.tokens(window)
        ]
        snippet = make_snippet(text, start, tokens, analysed.term_weights, analysed.words)
        return Hit(number, score, snippet, match, (start, end))

    def answer_marks(self, query: str, number: int) -> tuple[Span, tuple[Span, ...]]:
        """For showing Q&A ``number`` in full as an answer to ``query``: the answering
        sentence and the query's words, as spans of its answer text."""
        from kyodo_cli.search.snippets import answering_sentence, matched_spans
        from kyodo_cli.text.normalize import fold_chars

        item = self.corpus.item(number)
        if item is None or not query.strip():
            return (0, 0), ()
        analysed = self.analyse(query)
        text = item.answer_text
        sentence = answering_sentence(text, analysed.bigrams, None)
        tokens = self.analyzer.tokens(fold_chars(text))
        words = matched_spans(text, tokens, analysed.term_weights, analysed.words)
        return sentence, tuple(words)

    def suggest(self, text: str, limit: int = 3) -> tuple[str, ...]:
        """Corpus words the query plausibly meant (もしかして): close in spelling or in
        reading over their whole length, of about the query's length, and read with the
        same first sound. One or two characters say too little to guess from."""
        from rapidfuzz import fuzz, process

        from kyodo_cli.text.normalize import loose_reading, romaji_to_kana, to_katakana

        text = "".join(text.split())
        if len(text) < MIN_SUGGESTED_FROM:
            return ()
        read = dict(self.index.vocab.readings())
        key = loose_reading(to_katakana(romaji_to_kana(text) if text.isascii() else text))
        words = [
            word
            for word, reading in read.items()
            if len(word) >= 2
            and not all(_is_hiragana(ch) for ch in word)
            and word != text
            and reading[:1] == key[:1]
            and _similar_length(word, text)
        ]
        by_surface = process.extract(
            text, words, scorer=fuzz.ratio, limit=limit, score_cutoff=SUGGEST_SURFACE
        )
        readings = [read[w] for w in words]
        by_reading = process.extract(
            key, readings, scorer=fuzz.ratio, limit=limit, score_cutoff=SUGGEST_READING
        )
        ranked = sorted(
            [(score, words[i]) for _, score, i in by_surface]
            + [(score, words[i]) for _, score, i in by_reading if len(key) >= 3],
            key=lambda pair: -pair[0],
        )
        close = [word for score, word in ranked if score >= ranked[0][0] - SUGGEST_SPREAD]
        return tuple(dict.fromkeys(close))[:limit]


# もしかして: a word is suggested only if it resembles the whole query (rapidfuzz ratio,
# 0–100) and is at most half as long again or half as short: ネット is no guess for
# ペットの犬の登録, nor nda for a.
MIN_SUGGESTED_FROM = 3
SUGGEST_SURFACE = 65
SUGGEST_READING = 65
SUGGEST_SPREAD = 10  # and the others not much worse than the best guess


def _similar_length(word: str, text: str) -> bool:
    return 2 * len(word) >= len(text) and 2 * len(text) >= len(word)


def _is_hiragana(ch: str) -> bool:
    return "\u3041" <= ch <= "\u309f"


def _has_letters(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def engine(corpus: Corpus) -> SearchEngine:
    """A new engine for a corpus, its index opened (or built and cached) now. The command
    line keeps one per corpus in its session (``Session.engine``)."""
    from kyodo_cli.search.indexes import open_index

    return SearchEngine(corpus, open_index(corpus))


def search(
    corpus: Corpus, query: str, *, limit: int = 5, chapter: int | None = None
) -> SearchResult:
    """The best-matching Q&As for a free-text query, best first."""
    return engine(corpus).search(query, limit=limit, chapter=chapter)
