"""Ranking logic on a tiny corpus with a fake analyser: one token per space-separated word,
its reading the word itself. No Sudachi here: these tests are about scoring, not language."""

from __future__ import annotations

import re
from array import array

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import WordlessAnalyzer

from kyodo_cli.corpus.records import QA, Chapter, Corpus, Document, Paragraph
from kyodo_cli.errors import UsageError
from kyodo_cli.search.build import build_index, index_in_memory
from kyodo_cli.search.conversion import Conversion
from kyodo_cli.search.engine import SearchEngine
from kyodo_cli.search.nearest import neighbours
from kyodo_cli.text.tokens import Token


class SpaceAnalyzer(WordlessAnalyzer):
    """Words separated by spaces; 'x-y' is a compound with parts x and y."""

    def tokens(self, text: str) -> list[Token]:
        found = []
        for match in re.finditer(r"[\w-]+", text):
            word = match.group(0)
            parts = tuple(word.split("-")) if "-" in word else ()
            found.append(Token(word, word, word, match.start(), match.end(), parts))
        return found


def make_corpus(questions: list[str], answers: list[str], chapters: list[int]) -> Corpus:
    items = tuple(
        QA(n, chapter, q, (Paragraph(a),))
        for n, (q, a, chapter) in enumerate(zip(questions, answers, chapters, strict=False), 1)
    )
    document = Document("t", "t", "", "", "", (), "", ())
    chapter_records = tuple(
        Chapter(c, f"章{c}", tuple(i.number for i in items if i.chapter == c))
        for c in sorted(set(chapters))
    )
    return Corpus.of(document, chapter_records, items, digest="test")


def engine_for(corpus: Corpus, thesaurus: list[list[str]] | None = None) -> SearchEngine:
    analyzer = SpaceAnalyzer()
    data = build_index(corpus, analyzer, lambda r: r, thesaurus or [], {})
    return SearchEngine(corpus, index_in_memory(data), analyzer)


CORPUS = make_corpus(
    [
        "budget how",
        "audit when",
        "partner choose",
        "budget audit",
        "schedule year",
    ],
    [
        "budget money plan. money again.",
        "audit check report.",
        "partner select group. group trust.",
        "budget audit both here.",
        "schedule month year plan.",
    ],
    [1, 1, 2, 2, 3],
)


def numbers(engine: SearchEngine, query: str, **kw: int) -> list[int]:
    return [hit.number for hit in engine.search(query, **kw).hits]


def test_matching_document_ranks_first() -> None:
    assert numbers(engine_for(CORPUS), "partner")[0] == 3


def test_document_matching_every_word_beats_one_matching_a_single_word() -> None:
    assert numbers(engine_for(CORPUS), "budget audit")[0] == 4


def test_question_match_counts_more_than_answer_match() -> None:
    corpus = make_corpus(["alpha", "beta"], ["beta gamma.", "alpha gamma."], [1, 1])
    assert numbers(engine_for(corpus), "alpha")[0] == 1


def test_chapter_filter_and_limit() -> None:
    engine = engine_for(CORPUS)
    assert set(numbers(engine, "budget audit", chapter=1)) <= {1, 2}
    assert len(numbers(engine, "budget audit plan", limit=1)) == 1


def test_unknown_words_find_nothing() -> None:
    result = engine_for(CORPUS).search("zzz qqq")
    assert result.hits == ()


def test_a_query_mostly_of_unknown_words_finds_nothing_and_names_them() -> None:
    result = engine_for(CORPUS).search("partner zzz qqq")
    assert result.hits == ()
    assert result.notices == ("「zzz」「qqq」は文書に出てこない語です",)


def test_a_query_half_known_is_still_answered() -> None:
    result = engine_for(CORPUS).search("partner zzz")
    assert [hit.number for hit in result.hits][:1] == [3]
    assert result.notices == ()


def test_a_word_found_in_every_document_still_gets_answers() -> None:
    corpus = make_corpus(
        ["common one", "two", "three"], ["common.", "common common.", "common."], [1, 1, 1]
    )
    found = numbers(engine_for(corpus), "common")
    assert found[0] == 1 and sorted(found) == [1, 2, 3]


def test_blank_query_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        engine_for(CORPUS).search("   ")


FILLER = [f"filler{n}" for n in range(8)]


def test_thesaurus_alternative_weighs_less_than_the_word() -> None:
    corpus = make_corpus(
        ["money", "funds", *FILLER], ["money.", "funds.", *FILLER], [1] * (2 + len(FILLER))
    )
    engine = engine_for(corpus, thesaurus=[["money", "funds"]])
    hits = engine.search("money").hits
    assert [h.number for h in hits] == [1, 2]
    assert hits[0].score > hits[1].score


def test_a_word_repeated_in_the_query_counts_once() -> None:
    engine = engine_for(CORPUS)
    once = engine.analyse("group audit").concepts
    assert engine.analyse("group audit group group").concepts == once


def test_a_word_in_several_fields_is_one_match_made_more_certain() -> None:
    corpus = make_corpus(
        ["alpha x", "alpha x", "w x", *FILLER],
        ["alpha y.", "z y.", "alpha y.", *FILLER],
        [1] * (3 + len(FILLER)),
    )
    scores = engine_for(corpus)._term_scores("alpha")
    both, question_only, answer_only = scores[0], scores[1], scores[2]
    assert max(question_only, answer_only) < both < question_only + answer_only


def test_a_phrase_of_several_words_stands_for_none_of_them() -> None:
    corpus = make_corpus(["money", "funds", *FILLER], ["x.", "y.", *FILLER], [1] * 10)
    engine = engine_for(corpus, thesaurus=[["money", "cash"], ["money", "public funds"]])
    assert engine.index.thesaurus("money") == ["money", "cash"]
    assert engine.index.thesaurus("cash") == ["money", "cash"]
    assert engine.index.thesaurus("funds") == []


def test_the_vocabulary_reads_back_as_it_was_built() -> None:
    engine = engine_for(CORPUS)
    vocab = engine.index.vocab
    assert len(vocab) == len(list(vocab)) and "budget" in vocab and "nowhere" not in vocab
    assert vocab["budget"].df == 2 and vocab["budget"].reading == "budget"
    assert vocab.get("nowhere") is None
    assert dict(vocab.readings())["audit"] == "audit"


def test_compound_parts_are_a_fallback() -> None:
    corpus = make_corpus(["partner-group", "group"], ["x.", "y."], [1, 1])
    assert numbers(engine_for(corpus), "partner-group")[0] == 1


def test_snippet_highlights_point_at_matched_words() -> None:
    hit = engine_for(CORPUS).search("trust").hits[0]
    assert hit.number == 3
    assert [hit.snippet.text[s:e] for s, e in hit.snippet.highlights] == ["trust"]


def test_related_are_neighbours_by_content() -> None:
    engine = engine_for(CORPUS)
    assert 4 in engine.index.related(1)
    assert 1 not in engine.index.related(1)


def test_neighbours_sum_the_strongest_terms_and_break_ties_by_number() -> None:
    terms = (array("i", [0, 1]), array("d", [0.8, 0.6]))
    postings = {
        0: (array("i", [7, 9, 4, 2]), array("d", [0.9, 0.5, 0.5, 0.1])),
        1: (array("i", [5, 2, 7]), array("d", [0.5, 0.5, 0.2])),
    }
    # 7: 0.72 + 0.12 (itself, left out); 9, 4: 0.40; 5: 0.30; 2: 0.08 + 0.30 = 0.38
    assert neighbours(7, terms, postings) == [4, 9, 2]
    assert neighbours(4, terms, postings) == [7, 9, 2]
    assert neighbours(1, (array("i"), array("d")), postings) == []


words = st.sampled_from(["budget", "audit", "partner", "year", "money", "group", "zzz"])


@settings(max_examples=60, deadline=None)
@given(st.lists(words, min_size=1, max_size=5))
def test_ranking_invariants(query_words: list[str]) -> None:
    engine = engine_for(CORPUS)
    query = " ".join(query_words)
    hits = engine.search(query, limit=10).hits
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert len({h.number for h in hits}) == len(hits)
    assert all(score > 0 for score in scores)
    for hit in hits:  # no hit without evidence
        item = CORPUS.item(hit.number)
        assert item is not None
        assert any(w in item.question + " " + item.answer_text for w in query_words)


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=1, max_value=5))
def test_each_question_typed_verbatim_ranks_itself_first(number: int) -> None:
    engine = engine_for(CORPUS)
    item = CORPUS.item(number)
    assert item is not None
    assert numbers(engine, item.question)[0] == number


def test_adding_an_unrelated_document_keeps_the_best_first() -> None:
    extra = QA(6, 3, "weather today", (Paragraph("sunny rain."),))
    bigger = Corpus.of(CORPUS.document, CORPUS.chapters, (*CORPUS.items, extra), digest="bigger")
    assert numbers(engine_for(bigger), "partner choose")[0] == 3


def test_a_join_raises_the_qa_that_has_the_compound_as_written() -> None:
    corpus = make_corpus(
        ["foo bar", "foo bar again"], ["foo here. bar there.", "foobar here."], [1, 1]
    )
    search = engine_for(corpus)
    apart = search.analyse("foo bar")
    joined = apart._replace(joins=(("ob", 1.0),))  # where foo and bar meet in foobar
    before, after = search.score(apart).totals, search.score(joined).totals
    assert after[2] > before[2] and after[1] == before[1]


class CostAnalyzer(WordlessAnalyzer):
    """Costs a text by its kana (a character typed unconverted costs 10) and by one pair of
    words the dictionary finds unlikely together."""

    def cost(self, text: str) -> int:
        kana = sum(1 for ch in text if "ぁ" <= ch <= "ゖ")
        return 10 * kana + (100 if "前払い指定" in text else 0)


def test_kana_is_converted_a_word_at_a_time_each_in_the_text_converted_so_far() -> None:
    text = "まえばらいしてもらえる"
    run = Conversion(text, 0, len(text), CostAnalyzer())
    run.offer(0, 5, "前払い")  # five kana less: likelier
    run.offer(5, 7, "指定")  # two kana less, but unlikely after 前払い
    assert run.converted() == [(0, 5)]
    alone = Conversion(text, 5, len(text), CostAnalyzer())  # with no 前払い before it
    alone.offer(0, 2, "指定")
    assert alone.converted() == [(0, 2)]


def test_of_two_conversions_of_one_stretch_the_likelier_is_taken() -> None:
    text = "ほうこくかいに"
    run = Conversion(text, 0, len(text), CostAnalyzer())
    run.offer(0, 4, "報告")
    run.offer(0, 6, "報告会")
    assert run.converted() == [(0, 6)]
