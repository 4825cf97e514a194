"""The answering sentence: the sentence of an answer that answers the query, marked with ▶ in
the full answer and given as the snippet (the rule on made-up words and weights, then on the
packaged corpus with the real Sudachi dictionary, through search and through browse's marks)."""

from __future__ import annotations

import pytest

from kyodo_cli.corpus.records import packaged_corpus
from kyodo_cli.search.answering import STATES_AN_EFFECT, sentence_scores
from kyodo_cli.search.concepts import Alternative, AnalysedQuery, Concept
from kyodo_cli.search.engine import engine
from kyodo_cli.search.placed import Word
from kyodo_cli.search.snippets import (
    AFTERTHOUGHT,
    AFTERTHOUGHT_SHARE,
    OPENING,
    answering_sentence,
)
from kyodo_cli.text.normalize import sentences

TEXT = "甲乙は同じだ。丙丁は違うよ。戊己は別物だ。"  # three sentences of seven characters
IDF = {"甲": 0.3, "丙": 0.3, "戊": 3.0, "丁": 1.0, "丁寧": 2.0}


def words(*placed: tuple[int, str]) -> list[Word]:
    return [Word(start, start + len(term), (term,)) for start, term in placed]


def query(
    *concepts: tuple[float, tuple[tuple[str, float], ...]], frames: frozenset[str] = frozenset()
) -> AnalysedQuery:
    return AnalysedQuery(
        "",
        tuple(
            Concept("", tuple(Alternative(t, w, "word") for t, w in alts), focus)
            for focus, alts in concepts
        ),
        (),
        False,
        frames=frames,
    )


def sentence_at(scores: list[float], bigrams: tuple[str, ...] = (), text: str = TEXT) -> int:
    start, _ = answering_sentence(text, sentences(text), scores, bigrams)
    return start // 7


def test_the_best_matching_sentence_answers() -> None:
    assert sentence_at([0.0, 0.0, 3.0]) == 2
    assert sentence_at([0.0, 1.0, 0.9]) == 1


def test_the_first_sentence_counts_a_little_more_and_the_earlier_wins_a_tie() -> None:
    assert sentence_at([1.0, 1.0 + OPENING / 2, 0.0]) == 0
    assert sentence_at([1.0, 1.0 + 2 * OPENING, 0.0]) == 1
    assert sentence_at([0.0, 1.0, 1.0]) == 1


def test_the_query_s_characters_count_where_its_words_were_cut_otherwise() -> None:
    assert sentence_at([0.0, 0.0, 0.0], ("戊己", "別物")) == 2
    assert sentence_at([0.0, 0.0, 0.0], ("戊己", "無用")) == 2  # half of them: CHARACTERS / 2
    assert sentence_at([0.0, 0.0, 0.0], ("無用",)) == 0
    assert sentence_at([]) == 0


def test_a_remark_opening_with_nao_counts_less() -> None:
    share = AFTERTHOUGHT_SHARE
    remark = f"甲乙は同じだ。{AFTERTHOUGHT}、丙丁だ。戊己は別物だ。"  # (each of seven characters)
    assert sentence_at([0.0, 2.0, 2.0 * share + 0.1], text=remark) == 2
    assert sentence_at([0.0, 2.0, 2.0 * share - 0.1], text=remark) == 1
    assert sentence_at([0.0, 2.0, 2.0 * share + 0.1]) == 1  # the same, not a remark


def test_a_question_of_what_good_a_thing_does_prefers_a_sentence_saying_what_it_brings() -> None:
    text = "甲乙は同じだ。連携することで丙丁が増える。戊己は別物だ。"
    analysed = query((1.0, (("戊", 1.0),)), frames=frozenset({"benefit"}))
    found = words((22, "戊"))
    scores = sentence_scores(sentences(text), analysed, found, IDF.__getitem__)
    assert scores == pytest.approx([0.0, STATES_AN_EFFECT, 3.0])
    plain = sentence_scores(
        sentences(text), analysed._replace(frames=frozenset()), found, IDF.__getitem__
    )
    assert plain == pytest.approx([0.0, 0.0, 3.0])


def test_a_rare_word_says_more_of_where_the_answer_is_than_a_common_one() -> None:
    analysed = query((1.0, (("甲", 1.0),)), (1.0, (("戊", 1.0),)))
    scores = sentence_scores(
        sentences(TEXT), analysed, words((0, "甲"), (14, "戊")), IDF.__getitem__
    )
    assert scores == pytest.approx([0.3, 0.0, 3.0])


def test_a_concept_counts_once_by_its_best_term_and_by_how_much_it_is_asked() -> None:
    analysed = query((0.5, (("丁", 1.0), ("丁寧", 0.45))))
    found = words((8, "丁"), (10, "丁寧"))  # (a made-up second word, for its weight)
    scores = sentence_scores(sentences(TEXT), analysed, found, IDF.__getitem__)
    assert scores == pytest.approx([0.0, 0.5 * max(1.0, 0.45 * 2.0), 0.0])


corpus = packaged_corpus()
searching = engine(corpus)


def marked(query_text: str, number: int) -> str:
    hit = next(h for h in searching.search(query_text, limit=10).hits if h.number == number)
    item = corpus.item(number)
    assert item is not None
    return item.answer_text[slice(*hit.sentence)]


@pytest.mark.parametrize("query_text", ["協働とは", "協働ってなに", "きょうどうって なに"])
def test_a_question_of_what_a_word_is_marks_the_sentence_that_defines_it(query_text: str) -> None:
    # Q1's answer says 協働 in most of its sentences; it defines it in the first.
    assert marked(query_text, 1).startswith("「協働」とは、“異なる性質”の団体や組織などが")


def test_the_sentence_with_the_rarer_word_of_the_query_is_marked() -> None:
    # Of A51's twelve steps, the one holding 成果報告会, not one that says 協働事業 again.
    assert marked("協働事業の成果報告会", 51).startswith("成果報告会を開催したり")


@pytest.mark.parametrize(("query_text", "number"), [("協働とは", 1), ("市民活動課", 21)])
def test_browse_marks_the_sentence_the_search_marks(query_text: str, number: int) -> None:
    item = corpus.item(number)
    assert item is not None
    start, end = searching.answer_marks(query_text, number)[0]
    assert item.answer_text[start:end] == marked(query_text, number)
