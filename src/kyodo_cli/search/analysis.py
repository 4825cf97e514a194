"""The words of every Q&A for the index, analysed on every core when the corpus is large.

Analysis is most of preparing a corpus, and each Q&A is analysed on its own, so a large
corpus is shared out among forked workers (:mod:`.workers`), which are sent runs of Q&As,
load the dictionary themselves (the process that gathers what they find never needs it),
and send back only what the index counts: terms and how often, a run of Q&As at a time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from collections.abc import Set as AbstractSet
from itertools import chain
from operator import attrgetter
from typing import TYPE_CHECKING, NamedTuple

from kyodo_cli.search import placed, workers
from kyodo_cli.search.index import FIELDS, QuestionFacts, sentence_id
from kyodo_cli.search.postings import FieldPostings, Packed
from kyodo_cli.search.related import PackedVectors, Vectors
from kyodo_cli.search.terms import bigrams
from kyodo_cli.search.workers import Workers
from kyodo_cli.text.tokens import Entry

if TYPE_CHECKING:
    from kyodo_cli.corpus.records import QA
    from kyodo_cli.text.tokens import TextAnalyzer

PARALLEL_FROM = workers.PARALLEL_FROM
# Q&As a worker analyses per exchange: enough that their terms repeat (what is sent back is
# per term), few enough that the workers finish together (the last runs are shorter).
MIN_CHUNK, MAX_CHUNK, CHUNKS_PER_WORKER = 32, 256, 16

_terms_of = attrgetter("terms")


class ItemWords(NamedTuple):
    """What the index learns from one Q&A: how often each term occurs in its question, its
    answer and its keywords, in each sentence of its answer, and how often each character
    bigram occurs (each in the order the terms first occur); the first occurrence of each
    of its words (term, reading, synonym groups); its row of the questions table (with the
    places of its answer's words); and the entry of each word of its answer."""

    fields: tuple[dict[str, int], dict[str, int], dict[str, int]]
    sentences: list[dict[str, int]]
    bigrams: dict[str, int]
    vocabulary: list[tuple[str, str, tuple[int, ...]]]
    question: QuestionRow
    answer_entries: list[tuple[str, ...]]


class QuestionRow(NamedTuple):
    """A Q&A's row of the index's questions table: its question, normalised; what that says
    of how it asks (stored QuestionFacts); and its answer's words, where they stand and the
    number of each one's entry (see ``placed``; None for an answer too long for them)."""

    text: str
    facts: str
    word_places: bytes | None
    word_entries: bytes | None


def field_texts(item: QA) -> dict[str, str]:
    return {
        "question": item.question,
        "answer": item.answer_text,
        "keywords": "\n".join(item.keywords),
    }


def _counts(entries: Sequence[Entry]) -> dict[str, int]:
    """Each term of the words with its parts' forms, and how often, in order of first
    occurrence."""
    return Counter(chain.from_iterable(map(_terms_of, entries)))


def item_words(item: QA, analyzer: TextAnalyzer) -> ItemWords:
    from kyodo_cli.text.normalize import fold_chars, normalize_text, sentence_words, sentences

    texts = field_texts(item)
    fields = []
    firsts = []
    per_sentence = []
    entries_of = {}
    for name, text in texts.items():
        words = entries_of[name] = analyzer.words(fold_chars(text))
        starts, entries = words.starts, words.entries
        fields.append(_counts(entries))
        firsts.append({entry.term: entry for entry in reversed(entries)})
        if name == "answer":
            for first, last in sentence_words(sentences(text), starts):
                per_sentence.append(_counts(entries[first:last]))
    question, answer, keywords = firsts  # a word's first occurrence: the question's first
    earliest = {**keywords, **answer, **question}
    vocabulary = [(entry.term, entry.reading, entry.synonyms) for entry in earliest.values()]
    found = Counter(bigrams(item.question + "\n" + texts["answer"]))
    own = fields[0].keys() | fields[1].keys()  # the terms of its question and its answer
    facts = _question_facts(item, entries_of["question"].entries, analyzer, own)
    answer_words = entries_of["answer"]
    places = placed.places(answer_words, len(texts["answer"]))
    return ItemWords(
        (fields[0], fields[1], fields[2]),
        per_sentence,
        found,
        vocabulary,
        QuestionRow(normalize_text(item.question), facts.stored(), places, None),
        [] if places is None else [entry.terms for entry in answer_words.entries],
    )


def _question_facts(
    item: QA, question: list[Entry], analyzer: TextAnalyzer, own: AbstractSet[str]
) -> QuestionFacts:
    """How a Q&A's question asks: the words of its question (as analysed for the index) and
    of each question people ask of it (each alone: a line's words are not those it has
    among the other keywords), the frames it answers in, and the terms (with their parts'
    forms, as the index counts them) that it has only in the questions people ask of it,
    not in ``own`` (the terms of its question and answer) nor in its other keywords."""
    from kyodo_cli.search.frames import answered_frames, asked_questions
    from kyodo_cli.text.normalize import fold_chars

    texts = asked_questions(item.keywords)
    found = [analyzer.words(fold_chars(text)).entries for text in texts]
    asked = tuple(frozenset(entry.term for entry in entries) for entries in found)
    words = frozenset(entry.term for entry in question)
    only: set[str] = set()
    if texts:
        only = set(chain.from_iterable(map(_terms_of, chain.from_iterable(found))))
        others = "\n".join(k for k in item.keywords if k not in texts)
        only -= set(_counts(analyzer.words(fold_chars(others)).entries))
        only -= own
    frames = answered_frames(item.question, item.keywords)
    return QuestionFacts(words, asked, frames, frozenset(only))


class ChunkWords(NamedTuple):
    """What the index learns from a run of Q&As, as a worker sends it: the posting lists
    of each field; the question and answer vectors; the first occurrence of each word
    (term, reading, synonym groups); the reading of each term met only as a part of a word
    (補助金 → 補助), read alone; the readings the dictionary gives these terms besides
    (those that have any); the rows of the questions table (QuestionRow), their answers'
    words numbered by ``entries`` (the run's own numbers). The first run brings the
    thesaurus in index terms too, so that only the workers need the dictionary."""

    postings: dict[str, Packed]
    vectors: PackedVectors
    vocabulary: list[tuple[str, str, tuple[int, ...]]]
    parts: dict[str, str]
    others: dict[str, list[str]]
    questions: list[QuestionRow]
    entries: list[tuple[str, ...]]
    thesaurus: list[list[list[str]]]


def chunk_words(items: Sequence[QA], start: int, analyzer: TextAnalyzer) -> ChunkWords:
    """The words of items[start:start + len(items)], which are at those positions."""
    postings = {name: FieldPostings() for name in FIELDS}
    vectors = Vectors()
    vocabulary: dict[str, tuple[str, str, tuple[int, ...]]] = {}
    questions = []
    entries = placed.Entries()
    for position, item in enumerate(items, start):
        words = item_words(item, analyzer)
        for word in words.vocabulary:
            vocabulary.setdefault(word[0], word)
        asked, answered, keyed = words.fields
        postings["question"].add(position, asked)
        postings["answer"].add(position, answered)
        postings["keywords"].add(position, keyed)
        for local, counts in enumerate(words.sentences):
            postings["sentence"].add(sentence_id(position, local), counts)
        postings["bigram"].add(position, words.bigrams)
        vectors.add(asked, answered)
        row = words.question
        if row.word_places is not None:
            row = row._replace(word_entries=entries.of(words.answer_entries).tobytes())
        questions.append(row)
    terms = set().union(*(postings[name].slots for name in ("question", "answer", "keywords")))
    parts = {term: _read_alone(term, analyzer) for term in terms - vocabulary.keys()}
    others = {term: found for term in terms if (found := analyzer.other_readings(term))}
    packed = {name: field.packed() for name, field in postings.items()}
    return ChunkWords(
        packed,
        vectors.packed(),
        list(vocabulary.values()),
        parts,
        others,
        questions,
        list(entries.numbers),
        [],
    )


def _read_alone(term: str, analyzer: TextAnalyzer) -> str:
    return "".join(token.reading for token in analyzer.tokens(term))


def thesaurus_terms(thesaurus: list[list[str]], analyzer: TextAnalyzer) -> list[list[list[str]]]:
    """The thesaurus groups of more than one entry, each entry the words it analyses to (a
    compound's own parts, 補助金 → 補助, are not separate words of the entry)."""
    resolved = [
        [[token.term for token in analyzer.tokens(phrase)] for phrase in group]
        for group in thesaurus
    ]
    resolved = [[phrase for phrase in group if phrase] for group in resolved]
    return [group for group in resolved if len(group) > 1]


class Run(NamedTuple):
    """Q&As analysed together: where they start in the corpus, and the thesaurus to resolve
    with them (with the first run only)."""

    start: int
    items: Sequence[QA]
    thesaurus: list[list[str]]


def analysed(
    items: Sequence[QA],
    analyzer: TextAnalyzer,
    thesaurus: list[list[str]],
    pool: Workers | None = None,
) -> Iterator[ChunkWords]:
    """The words of the Q&As, a run of them at a time, in order (at least one run): by
    ``pool``, or by workers started now when there are enough Q&As to share out."""
    size = max(MIN_CHUNK, min(MAX_CHUNK, len(items) // CHUNKS_PER_WORKER))
    runs = (
        Run(start, items[start:end], thesaurus if start == 0 else [])
        for start, end in _bounds(len(items), size, workers.sharers())
    )
    if pool is None and (len(items) < PARALLEL_FROM or not workers.can_fork()):
        return (_analyse(run, analyzer) for run in runs)
    return (pool or start_workers(analyzer)).in_order(_analyse_in_worker, runs)


def _bounds(count: int, size: int, sharers: int) -> Iterator[tuple[int, int]]:
    """Where each run of Q&As starts and ends: ``size`` Q&As while many are left, then
    shorter runs, a share of what is left (MIN_CHUNK at least), so that the workers finish
    together rather than one waiting through the other's last long run. At least one run."""
    start = 0
    while True:
        length = max(MIN_CHUNK, min(size, -(-(count - start) // (2 * sharers))))
        yield start, start + length
        start += length
        if start >= count:
            return


def _analyse(run: Run, analyzer: TextAnalyzer) -> ChunkWords:
    found = chunk_words(run.items, run.start, analyzer)
    if run.thesaurus:
        found = found._replace(thesaurus=thesaurus_terms(run.thesaurus, analyzer))
    return found


# -- workers -----------------------------------------------------------------------------

_analyzer: TextAnalyzer | None = None  # a worker's, set as it starts


def start_workers(analyzer: TextAnalyzer) -> Workers:
    """Workers that analyse runs of Q&As with ``analyzer`` (each its own copy), which load
    its dictionary as soon as they start."""
    return Workers(_ready, analyzer)


def _ready(analyzer: TextAnalyzer) -> None:
    global _analyzer
    _analyzer = analyzer
    analyzer.tokens("準備")  # the dictionary loads on first use: now


def _analyse_in_worker(run: Run) -> ChunkWords:
    assert _analyzer is not None, "set as the worker started"
    return _analyse(run, _analyzer)
