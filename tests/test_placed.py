"""The words of each answer, stored in the index where they stand: what analysis finds, read
back as stored, and analysed when shown for an answer too long to store them."""

from __future__ import annotations

from array import array

import pytest
from test_ranking import CORPUS, SpaceAnalyzer

from kyodo_cli.corpus.records import QA, Corpus, Paragraph, packaged_corpus
from kyodo_cli.search import placed
from kyodo_cli.search.build import build_index, index_in_memory
from kyodo_cli.search.engine import SearchEngine, engine
from kyodo_cli.text.sudachi import Analyzer

corpus = packaged_corpus()
packaged = engine(corpus)


def test_the_packaged_index_holds_the_words_analysis_finds_in_each_answer() -> None:
    analyzer = Analyzer()
    for position, item in enumerate(corpus.items):
        text = item.answer_text
        stored = packaged.index.answer_words(position, len(text))
        assert stored == placed.analysed_words(analyzer, text), item.number
    assert sum(len(packaged.index.answer_words(p, 10**6) or ()) for p in range(76)) > 76 * 20


def test_words_read_back_are_the_words_stored() -> None:
    text = "budget money plan. money-plan again, money."
    analyzer = SpaceAnalyzer()
    corpus = Corpus.of(CORPUS.document, CORPUS.chapters, (QA(1, 1, "q", (Paragraph(text),)),))
    index = index_in_memory(build_index(corpus, analyzer, lambda r: r, [], {}))
    words = index.answer_words(0, len(text))
    assert words == placed.analysed_words(analyzer, text)
    shown = [text[w.start : w.end] for w in words]
    assert shown == ["budget", "money", "plan", "money-plan", "again", "money"]
    assert words[3].terms == ("money-plan", "money", "plan")
    assert words[1].terms == words[5].terms == ("money",)
    (stored,) = index.connection.execute("SELECT count(*) FROM word_entries").fetchone()
    assert stored == 5  # each entry once


def entries_of(numbers: set[int]) -> dict[int, tuple[str, ...]]:
    return {n: ("a",) for n in numbers if n == 0}


def units(*numbers: int, kind: str = "H") -> bytes:
    return array(kind, numbers).tobytes()


@pytest.mark.parametrize(
    ("places", "entries", "length"),
    [
        (units(0, 1), units(1, kind="I"), 5),  # an entry that is not there
        (units(0, 9), units(0, kind="I"), 5),  # past the end of the answer
        (units(0, 1, 0), units(0, kind="I"), 5),  # not two numbers a word
        (bytes([0, 0, 1]), units(0, kind="I"), 5),  # not 16-bit numbers
        (units(0, 1), bytes([0, 0]), 5),  # not 32-bit numbers
    ],
)
def test_words_not_as_stored_are_refused(places: bytes, entries: bytes, length: int) -> None:
    with pytest.raises(ValueError):
        placed.unpacked(places, entries, entries_of, length)


@pytest.mark.parametrize("stored", ["[]", "[1]", '{"a": 1}', "not json", '"a"'])
def test_an_entry_not_as_stored_is_refused(stored: str) -> None:
    with pytest.raises(ValueError):
        placed.entry(stored)


def test_an_answer_too_long_to_store_is_analysed_when_shown() -> None:
    analyzer = SpaceAnalyzer()
    long_answer = "budget。" * (placed.LIMIT // 7 + 10) + "an audit-trail。"
    assert len(long_answer) > placed.LIMIT
    items = (*CORPUS.items, QA(6, 3, "long one", (Paragraph(long_answer),)))
    bigger = Corpus.of(CORPUS.document, CORPUS.chapters, items, digest="long")
    data = build_index(bigger, analyzer, lambda r: r, [], {})
    searching = SearchEngine(bigger, index_in_memory(data), analyzer)
    assert searching.index.answer_words(5, len(long_answer)) is None
    assert searching.index.answer_words(0, len(CORPUS.items[0].answer_text))
    # The compound is marked whole for its part: analysed, not only found as typed.
    _, words = searching.answer_marks("trail", 6)
    assert "audit-trail" in [long_answer[s:e] for s, e in words]
    (hit,) = searching.search("trail").hits
    assert [hit.snippet.text[s:e] for s, e in hit.snippet.highlights] == ["audit-trail"]
