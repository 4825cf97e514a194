"""Building the search index of a corpus: analyse every Q&A once, compute the BM25 weights,
the vocabulary, the thesaurus in index terms and each Q&A's related Q&As, and write it all
to an SQLite file atomically (a temporary file renamed into place)."""

from __future__ import annotations

import heapq
import json
import math
import os
import sqlite3
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kyodo_cli.search import workers
from kyodo_cli.search.analysis import PARALLEL_FROM
from kyodo_cli.search.index import (
    FIELDS,
    INDEX_VERSION,
    Index,
    VocabEntry,
    Vocabulary,
    sentence_id,
)

if TYPE_CHECKING:
    from kyodo_cli.corpus.records import Corpus
    from kyodo_cli.text.sudachi import TextAnalyzer

K1 = 1.2
B = 0.75
RELATED = 3
RELATED_TERMS = 16  # a Q&A's strongest terms, over which similarity is summed
RELATED_POSTINGS = 150  # for each such term, the Q&As where it weighs most


@dataclass
class IndexData:
    numbers: list[int]
    postings: dict[str, dict[str, list[tuple[int, float]]]]
    vocab: dict[str, VocabEntry]
    thesaurus: list[list[list[str]]]
    related: dict[int, list[int]]
    meta: dict[str, Any]
    questions: list[str]  # normalised, for the whole-question similarity


def _bm25(counts: list[Counter[str]]) -> dict[str, list[tuple[int, float]]]:
    """Per term, (document position, BM25 weight) for every document containing it."""
    n = len(counts)
    lengths = [sum(c.values()) for c in counts]
    average = (sum(lengths) / n) or 1.0
    df: Counter[str] = Counter(term for c in counts for term in c)
    idfs = {term: math.log(1 + (n - count + 0.5) / (count + 0.5)) for term, count in df.items()}
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for doc, counter in enumerate(counts):
        norm = K1 * (1 - B + B * lengths[doc] / average)
        for term, tf in counter.items():
            postings[term].append((doc, round(idfs[term] * tf * (K1 + 1) / (tf + norm), 5)))
    return dict(postings)


def build_index(
    corpus: Corpus,
    analyzer: TextAnalyzer,
    loose: Any,
    thesaurus: list[list[str]],
    meta: dict[str, Any],
) -> IndexData:
    """Analyse every Q&A once. ``loose`` maps a katakana reading to its reading key."""
    from kyodo_cli.search.analysis import all_item_words
    from kyodo_cli.text.normalize import normalize_text

    fields: dict[str, list[Counter[str]]] = {f: [] for f in FIELDS}
    vocab_readings: dict[str, str] = {}
    vocab_synonyms: dict[str, tuple[int, ...]] = {}
    sentence_ids: list[int] = []
    for position, words in enumerate(all_item_words(corpus.items, analyzer)):
        for name, field in words.fields.items():
            for term, reading, synonyms in field.vocabulary:
                if term not in vocab_readings:
                    vocab_readings[term] = loose(reading)
                    vocab_synonyms[term] = synonyms
            fields[name].append(Counter(field.terms))
            for local, terms in enumerate(field.sentences):
                fields["sentence"].append(Counter(terms))
                sentence_ids.append(sentence_id(position, local))
        fields["bigram"].append(words.bigrams)
    postings = {name: _bm25(counts) for name, counts in fields.items()}
    postings["sentence"] = {  # sentences are numbered by Q&A and place, not in sequence
        term: [(sentence_ids[s], w) for s, w in entries]
        for term, entries in postings["sentence"].items()
    }
    df: Counter[str] = Counter()
    for doc in range(len(corpus.items)):  # the sentence field repeats the answer
        df.update({t for f in ("question", "answer", "keywords") for t in fields[f][doc]})
    for term in df.keys() - vocab_readings.keys():  # short-unit parts: read them alone
        vocab_readings[term] = loose("".join(t.reading for t in analyzer.tokens(term)))
    vocab = {
        term: VocabEntry(vocab_readings[term], vocab_synonyms.get(term, ()), df[term])
        for term in df
    }
    # A thesaurus entry is the words it analyses to; a compound's own parts (補助金 → 補助)
    # are not separate words of the entry.
    resolved = [
        [[token.term for token in analyzer.tokens(phrase)] for phrase in group]
        for group in thesaurus
    ]
    resolved = [[p for p in group if p] for group in resolved]
    numbers = [item.number for item in corpus.items]
    related = _related(numbers, fields)
    thesaurus_groups = [g for g in resolved if len(g) > 1]
    questions = [normalize_text(item.question) for item in corpus.items]
    return IndexData(numbers, postings, vocab, thesaurus_groups, related, meta, questions)


def _related(numbers: list[int], fields: dict[str, list[Counter[str]]]) -> dict[int, list[int]]:
    """Each Q&A's nearest neighbours by cosine similarity of TF-IDF vectors of what it
    says (question and answer; the keywords are how people ask, shared by Q&As on
    different subjects).

    The dot product runs over each Q&A's strongest terms and, for each, over the Q&As where
    the term weighs most, so the work grows linearly with the corpus.
    """
    n = len(numbers)
    docs = [fields["question"][i] + fields["answer"][i] for i in range(n)]
    df: Counter[str] = Counter(term for d in docs for term in d)
    vectors = [_tfidf(doc, df, n) for doc in docs]
    by_term: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for i, vector in enumerate(vectors):
        for term, weight in vector.items():
            by_term[term].append((weight, i))
    strongest = {
        term: sorted(entries, reverse=True)[:RELATED_POSTINGS] for term, entries in by_term.items()
    }

    def neighbours(i: int) -> list[int]:
        vector = vectors[i]
        # nsmallest gives what sorted()[:k] gives, without sorting everything
        scores: dict[int, float] = {}
        get = scores.get
        for term in heapq.nsmallest(RELATED_TERMS, vector, key=lambda t: -vector[t]):
            weight = vector[term]
            for other, j in strongest[term]:
                scores[j] = get(j, 0.0) + weight * other
        scores.pop(i, None)  # not its own neighbour
        # The best few by (score, number) all score at least the few highest scores.
        floor = min(heapq.nlargest(RELATED, scores.values()), default=0.0)
        best = sorted(
            (j for j, s in scores.items() if s >= floor), key=lambda j: (-scores[j], numbers[j])
        )
        return [numbers[j] for j in best[:RELATED]]

    if n >= PARALLEL_FROM and workers.can_fork():
        found = workers.in_order(neighbours, n, chunk=256)
    else:
        found = map(neighbours, range(n))
    return dict(zip(numbers, found, strict=True))


def _tfidf(doc: Counter[str], df: Counter[str], n: int) -> dict[str, float]:
    weights = {t: (1 + math.log(tf)) * math.log(n / df[t]) for t, tf in doc.items()}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {t: w / norm for t, w in weights.items() if w > 0}


# -- storage -----------------------------------------------------------------------------

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE postings (field TEXT, term TEXT, docs BLOB, weights BLOB, PRIMARY KEY (field, term))
    WITHOUT ROWID;
CREATE TABLE related (number INTEGER PRIMARY KEY, numbers TEXT NOT NULL);
CREATE TABLE questions (position INTEGER PRIMARY KEY, text TEXT NOT NULL);
CREATE TABLE thesaurus (term TEXT PRIMARY KEY, terms TEXT NOT NULL) WITHOUT ROWID;
"""


def fill(connection: sqlite3.Connection, data: IndexData) -> None:
    with connection:
        connection.executescript(SCHEMA)
        connection.executemany("INSERT INTO meta VALUES (?, ?)", _meta_rows(data))
        connection.executemany("INSERT INTO postings VALUES (?, ?, ?, ?)", _posting_rows(data))
        connection.executemany("INSERT INTO questions VALUES (?, ?)", enumerate(data.questions))
        connection.executemany("INSERT INTO thesaurus VALUES (?, ?)", _thesaurus_rows(data))
        connection.executemany(
            "INSERT INTO related VALUES (?, ?)",
            ((number, json.dumps(others)) for number, others in data.related.items()),
        )


def write_index(
    data: IndexData, path: Path, extra: Callable[[sqlite3.Connection], None] | None = None
) -> None:
    """Write atomically: a temporary file in the same directory, renamed into place.
    ``extra`` may add tables of its own to the same file before it is renamed. Temporary
    files left by writers that were killed are removed first (see ``cachefiles``)."""
    from kyodo_cli.files import locked_temporary, sweep_temporaries

    path.parent.mkdir(parents=True, exist_ok=True)
    sweep_temporaries(path.parent)
    handle, temporary = locked_temporary(path.parent)
    try:
        connection = sqlite3.connect(temporary.absolute())
        try:
            fill(connection, data)
            if extra is not None:
                with connection:
                    extra(connection)
            connection.execute("VACUUM")
        finally:
            connection.close()
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; follow the umask
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
        # Closed last, after SQLite's own connection: closing a descriptor of a file drops
        # the process's POSIX locks on it, SQLite's included.
        os.close(handle)


def _meta_rows(data: IndexData) -> Iterator[tuple[str, str]]:
    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    yield "meta", dump({**data.meta, "index_version": INDEX_VERSION})
    yield "numbers", dump(data.numbers)
    yield "vocab", dump(Vocabulary.of(data.vocab).stored())


def _thesaurus_rows(data: IndexData) -> Iterator[tuple[str, str]]:
    """Per word, the words of the groups it stands in alone: 市民 in the phrase 市民協働 does
    not stand for the phrase's group, and a phrase of several words is no synonym of any
    one of them."""
    found: dict[str, list[str]] = defaultdict(list)
    for group in data.thesaurus:
        words = [phrase[0] for phrase in group if len(phrase) == 1]
        for word in words:
            found[word].extend(w for w in words if w not in found[word])
    for word, words in found.items():
        yield word, json.dumps(words, ensure_ascii=False)


def _posting_rows(data: IndexData) -> Iterator[tuple[str, str, bytes, bytes]]:
    for field, terms in data.postings.items():
        for term, entries in terms.items():
            entries = sorted(entries, key=lambda entry: -entry[1])  # heaviest first
            docs = array("i", (d for d, _ in entries))
            weights = array("f", (w for _, w in entries))
            yield field, term, docs.tobytes(), weights.tobytes()


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def index_in_memory(data: IndexData) -> Index:
    """An index that lives only as long as this process (when it cannot be cached)."""
    connection = sqlite3.connect(":memory:")
    fill(connection, data)
    return Index(connection)
