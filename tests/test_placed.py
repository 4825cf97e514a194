"""The words of each answer, stored in the index where they stand: what analysis finds, read
back as stored, and analysed when shown for an answer too long to store them."""

from __future__ import annotations

import pytest
from test_ranking import CORPUS, SpaceAnalyzer

from kyodo_cli.corpus.records import QA, Corpus, Paragraph, packaged_corpus
from kyodo_cli.search import placed
from kyodo_cli.search.build import build_index, index_in_memory
from kyodo_cli.search.engine import SearchEngine, engine
from kyodo_cli.text.sudachi import Analyzer, words_of

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
    text = "budget money plan. money-plan again."
    words = placed.analysed_words(SpaceAnalyzer(), text)
    found = placed.packed(words_of(SpaceAnalyzer(), text), len(text))
    assert found is not None
    assert placed.unpacked(*found, len(text)) == words
    assert [text[w.start : w.end] for w in words] == [
        "budget",
        "money",
        "plan",
        "money-plan",
        "again",
    ]
    assert words[3].terms == ("money-plan", "money", "plan")


@pytest.mark.parametrize(
    ("entries", "numbers", "length"),
    [
        ('[["a"]]', bytes([0, 0, 1, 0, 1, 0]), 5),  # a second entry that is not there
        ('[["a"]]', bytes([0, 0, 9, 0, 0, 0]), 5),  # past the end of the answer
        ('[["a"]]', bytes([0, 0, 1, 0]), 5),  # not three numbers a word
        ('[["a"]]', bytes([0, 0, 1]), 5),  # not 16-bit numbers
        ("[[]]", bytes([0, 0, 1, 0, 0, 0]), 5),  # an entry of no terms
        ("[[1]]", bytes([0, 0, 1, 0, 0, 0]), 5),  # terms that are no text
        ('{"a": 1}', b"", 5),
        ("not json", b"", 5),
    ],
)
def test_words_not_as_stored_are_refused(entries: str, numbers: bytes, length: int) -> None:
    with pytest.raises(ValueError):
        placed.unpacked(entries, numbers, length)


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
