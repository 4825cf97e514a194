"""Code made faster agrees with the plain reference it replaced."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kyodo_cli.corpus import records
from kyodo_cli.corpus.records import Corpus, corpus_from_dict, packaged_bytes, packaged_corpus
from kyodo_cli.errors import CorpusError
from kyodo_cli.search import analysis, indexes, prepared, workers
from kyodo_cli.search.build import _posting_rows, index_in_memory
from kyodo_cli.search.early import EARLY_FROM
from kyodo_cli.search.index import read_only_uri
from kyodo_cli.search.indexes import PACKAGED_INDEX, build
from kyodo_cli.search.terms import bigram_pattern, bigrams, is_bigram_char, word_terms
from kyodo_cli.text import dictionary, sudachi
from kyodo_cli.text.sudachi import Analyzer
from kyodo_cli.text.tokens import Token

DATA = Path(__file__).resolve().parent.parent / "src" / "kyodo_cli" / "data"
PREPARED = {"source", "prepared"}  # what a prepared corpus's index records of its file

# Around the edges of every range is_bigram_char accepts, and what lies near them.
EDGES = [0x30, 0x39, 0x41, 0x5A, 0x61, 0x7A, 0x3400, 0x4DBF, 0x4E00, 0x9FFF]
EDGES += [0x30A1, 0x30FB, 0x30FF, 0x3041, 0xFF11, 0xFF21, 0xB2, 0x663, 0x20, 0x3000]
near_edges = st.sampled_from(EDGES).flatmap(lambda c: st.integers(c - 2, c + 2)).map(chr)
text = st.text(st.one_of(near_edges, st.characters()), max_size=20)


@given(text)
def test_bigrams_are_the_adjacent_pairs_of_bigram_characters(value: str) -> None:
    reference = [
        value[i : i + 2]
        for i in range(len(value) - 1)
        if is_bigram_char(value[i]) and is_bigram_char(value[i + 1])
    ]
    assert bigrams(value) == reference
    assert bigram_pattern().findall(value) == reference  # what longer texts go through
    assert bigrams(value * 20) == bigram_pattern().findall(value * 20)


SENTENCES = [
    "協働のパートナーはどう選べばいいですか。",
    "市民活動団体への補助金の申込は受付で行います。申し込みの受け付けは随時です。",
    "ｘｙｚ社とＡＢＣ協議会がWin-Winの関係を築く",
    "補助金補助金補助金、協働協働。",
]


def test_an_analyzer_that_has_seen_words_answers_as_a_fresh_one() -> None:
    seasoned = Analyzer()
    for sentence in SENTENCES:
        seasoned.tokens(sentence)
    for sentence in SENTENCES:
        assert seasoned.tokens(sentence) == Analyzer().tokens(sentence)


def larger_data() -> dict[str, Any]:
    """The packaged Q&As over and over, enough of them for workers to share."""
    data = json.loads(packaged_bytes())
    items = data["items"]
    data["items"] = [
        {**items[n % len(items)], "number": n + 1, "chapter": items[n % len(items)]["chapter"]}
        for n in range(analysis.PARALLEL_FROM + 50)
    ]
    return data


def larger_corpus() -> Corpus:
    return corpus_from_dict(larger_data())


def test_an_index_built_by_forked_workers_is_the_one_built_in_one_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    corpus = larger_corpus()
    monkeypatch.setattr(workers, "can_fork", lambda: True)
    parallel = build(corpus)
    monkeypatch.setattr(workers, "can_fork", lambda: False)
    assert build(corpus) == parallel


def packaged_texts() -> list[str]:
    from kyodo_cli.search.analysis import field_texts
    from kyodo_cli.text.normalize import fold_chars

    corpus = corpus_from_dict(json.loads(packaged_bytes()))
    return [fold_chars(text) for item in corpus.items for text in field_texts(item).values()]


def uncached_tokens(text: str) -> list[Token]:
    """Every content token worked out from its morpheme, as before entries were kept."""
    found = []
    for offset, morpheme in dictionary.morphemes(text):
        entry = sudachi._entry(morpheme)
        if entry is not None:
            found.append(sudachi.token_of(entry, morpheme, offset))
    return found


def test_entries_kept_by_word_id_give_the_tokens_worked_out_each_time() -> None:
    analyzer = Analyzer()
    texts = [*packaged_texts(), *SENTENCES, "ｸﾞｸﾞﾚｶｽとXYZabcとググレカス、ぷーXYZabc"]
    for text in texts:
        assert analyzer.tokens(text) == uncached_tokens(text)


def test_words_are_where_the_tokens_stand_and_their_entries() -> None:
    analyzer = Analyzer()
    for text in [*packaged_texts(), *SENTENCES]:
        tokens = analyzer.tokens(text)
        starts, ends, entries = analyzer.words(text)
        assert starts == [token.start for token in tokens]
        assert ends == [token.end for token in tokens]
        assert [(e.term, e.reading, e.parts, e.synonyms, e.name) for e in entries] == [
            (t.term, t.reading, t.parts, t.synonyms, t.name) for t in tokens
        ]
        assert [list(e.terms) for e in entries] == [word_terms([t]) for t in tokens]


INDEX_TABLES = (
    "meta",
    "postings",
    "related_terms",
    "related_postings",
    "questions",
    "word_entries",
    "thesaurus",
)


def stored(connection: sqlite3.Connection) -> dict[str, object]:
    """What an index holds, table by table; the vocabulary as a mapping (its order is the
    builder's, not part of what it means). A prepared corpus's own tables and records of
    where it came from are left out."""
    found: dict[str, object] = {
        name: sorted(connection.execute(f"SELECT * FROM {name}")) for name in INDEX_TABLES
    }
    meta = dict(connection.execute("SELECT key, value FROM meta"))
    vocab = json.loads(meta.pop("vocab"))
    built_from = json.loads(meta.pop("meta"))
    found["meta"] = {**meta, "meta": {k: built_from[k] for k in built_from.keys() - PREPARED}}
    found["vocab"] = {
        term: (reading, df, vocab["synonyms"].get(term))
        for term, reading, df in zip(vocab["terms"], vocab["readings"], vocab["df"], strict=True)
    }
    return found


def test_an_index_built_now_holds_what_the_packaged_one_holds() -> None:
    packaged = sqlite3.connect(read_only_uri(DATA / PACKAGED_INDEX), uri=True)
    built = index_in_memory(build(packaged_corpus()))
    assert stored(built.connection) == stored(packaged)


@pytest.mark.parametrize("size", [1, 7, 1000])
def test_the_words_of_a_corpus_are_the_same_in_runs_of_any_length(
    size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = corpus_from_dict(json.loads(packaged_bytes()))
    whole = build(corpus)
    monkeypatch.setattr(analysis, "MIN_CHUNK", size)
    monkeypatch.setattr(analysis, "MAX_CHUNK", size)
    assert build(corpus) == whole


@given(
    st.integers(min_value=0, max_value=20_000),
    st.integers(min_value=analysis.MIN_CHUNK, max_value=analysis.MAX_CHUNK),
    st.integers(min_value=1, max_value=workers.MAX_WORKERS),
)
def test_runs_cover_every_qa_once_and_shorten_towards_the_end(
    count: int, size: int, sharers: int
) -> None:
    bounds = list(analysis._bounds(count, size, sharers))
    assert bounds[0][0] == 0 and bounds[-1][1] >= count  # at least one run, even of none
    assert len(bounds) == 1 or bounds[-1][0] < count  # and none past the end
    assert all(end == start for (_, end), (start, _) in pairwise(bounds))
    lengths = [end - start for start, end in bounds]
    assert all(analysis.MIN_CHUNK <= length <= size for length in lengths)
    assert lengths == sorted(lengths, reverse=True)
    if count >= 4 * sharers * size > 4 * sharers * analysis.MIN_CHUNK:
        # the last runs are shorter, so that the workers finish together
        assert lengths[0] == size and lengths[-1] < size


def test_workers_weigh_the_postings_as_one_process_does(monkeypatch: pytest.MonkeyPatch) -> None:
    data = build(larger_corpus())
    monkeypatch.setattr(workers, "can_fork", lambda: True)
    forked = list(_posting_rows(data))
    monkeypatch.setattr(workers, "can_fork", lambda: False)
    assert list(_posting_rows(data)) == forked


def test_workers_started_before_the_corpus_is_read_build_the_same_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "large.json"
    path.write_text(json.dumps(larger_data(), ensure_ascii=False), encoding="utf-8")
    assert path.stat().st_size >= EARLY_FROM
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(workers, "can_fork", lambda: True)
    order = []
    start, load = analysis.start_workers, prepared.load_corpus
    analyse, validate = indexes.start_analysis, records.validate_corpus
    monkeypatch.setattr(analysis, "start_workers", lambda a: order.append("start") or start(a))
    monkeypatch.setattr(prepared, "load_corpus", lambda *a: order.append("load") or load(*a))
    monkeypatch.setattr(
        indexes, "start_analysis", lambda *a: order.append("analyse") or analyse(*a)
    )
    monkeypatch.setattr(records, "validate_corpus", lambda d: order.append("check") or validate(d))
    corpus, index = prepared.prepare_user_corpus(path)
    # the dictionary loads while the file is read, the Q&As are analysed while it is checked
    assert order == ["start", "load", "analyse", "check"] and index is not None
    monkeypatch.setattr(workers, "can_fork", lambda: False)
    assert stored(index.connection) == stored(index_in_memory(build(corpus)).connection)


@pytest.mark.parametrize(
    "flaw",
    [
        lambda data: data["items"][7].update(question="質問\x07"),  # reads as a corpus
        lambda data: data["items"][7].update(number="8"),
        lambda data: data["items"][7].pop("answer"),  # does not read as one
        lambda data: data.update(items={"1": data["items"]}),
    ],
)
def test_a_large_file_with_problems_is_reported_as_a_small_one_is(
    flaw: Callable[[dict[str, Any]], object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its analysis may start before it is checked: what it made is thrown away."""
    data = larger_data()
    flaw(data)
    path = tmp_path / "large.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(workers, "can_fork", lambda: True)
    with pytest.raises(CorpusError) as raised:
        prepared.prepare_user_corpus(path)
    with pytest.raises(CorpusError) as alone:
        records.load_corpus(path)
    assert raised.value.problems == alone.value.problems != ()
    assert not list((tmp_path / "cache").glob("**/*.sqlite"))


def test_only_the_workers_load_the_dictionary(monkeypatch: pytest.MonkeyPatch) -> None:
    """The dictionary's pages count in the memory of every process that reads them: the
    process that gathers what the workers found stays small by never loading it."""
    corpus = larger_corpus()
    monkeypatch.setattr(workers, "can_fork", lambda: True)
    dictionary.tokenizer.cache_clear()
    build(corpus)
    assert dictionary.tokenizer.cache_info().currsize == 0
