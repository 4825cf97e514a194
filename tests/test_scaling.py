"""Preparing a corpus, and every command on it, takes work in proportion to its size.

Work is counted, not timed: the lines of kyodo's own code that run, seen by a trace
function. A loop over the corpus inside another loop over it (every token checked against
every sentence, every chapter looked up by scanning the chapters) makes the count grow four
times when the corpus doubles; work in proportion to it, twice. Where a part of the work does
not depend on the corpus (the thesaurus, opening files), growth is measured between the
increments from s to 2s and from 2s to 4s, which that constant part does not reach.
"""

from __future__ import annotations

import io
import json
import random
import re
import sys
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from support import WordlessAnalyzer

import kyodo_cli
from kyodo_cli.cli.app import main
from kyodo_cli.cli.arguments import parse_numbers
from kyodo_cli.corpus.records import QA, Chapter, Corpus, Document, Paragraph
from kyodo_cli.present.output import Environment
from kyodo_cli.search import prepared
from kyodo_cli.search.build import build_index
from kyodo_cli.text.chunks import chunks
from kyodo_cli.text.tokens import Token

SOURCE = str(Path(kyodo_cli.__file__).parent)
LINEAR = 2.5  # at most this many times the work for twice the corpus


class LineCounter:
    """Counts the lines of kyodo's modules that run (not those of tests or libraries)."""

    def __init__(self) -> None:
        self.lines = 0

    def enter(self, frame: FrameType, event: str, arg: Any) -> Any:
        return self.count if frame.f_code.co_filename.startswith(SOURCE) else None

    def count(self, frame: FrameType, event: str, arg: Any) -> Any:
        if event == "line":
            self.lines += 1
        return self.count


@contextmanager
def counted() -> Iterator[LineCounter]:
    counter = LineCounter()
    previous = sys.gettrace()
    sys.settrace(counter.enter)
    try:
        yield counter
    finally:
        sys.settrace(previous)


def work_of(action: Callable[[], object]) -> int:
    with counted() as counter:
        action()
    return counter.lines


def growth(work: Callable[[int], int], size: int) -> float:
    """How much more work the step from 2s to 4s takes than the step from s to 2s. The work
    runs once first, uncounted: what a process does once and keeps (a table of character
    widths, the frames' words) would otherwise fall in the first step alone."""
    work(size)
    small, medium, large = work(size), work(2 * size), work(4 * size)
    assert small < medium < large
    return (large - medium) / (medium - small)


# -- one long answer -----------------------------------------------------------------


class KanjiAnalyzer(WordlessAnalyzer):
    """A token per run of kanji: enough for the index builder, and no dictionary to load."""

    def tokens(self, text: str) -> list[Token]:
        return [
            Token(m.group(), m.group(), m.group(), m.start(), m.end())
            for m in re.finditer(r"[\u4e00-\u9fff]+", text)
        ]


def long_answer_corpus(paragraphs: int) -> Corpus:
    answer = tuple(Paragraph("補助金。" * 300) for _ in range(paragraphs))
    items = (
        QA(1, 1, "補助金はどうですか。", answer),
        QA(2, 1, "委託はどうですか。", (Paragraph("委託です。"),)),
    )
    document = Document("t", "t", "", "", "", (), "", ())
    return Corpus.of(document, (Chapter(1, "一", (1, 2)),), items)


def test_indexing_a_long_answer_is_linear() -> None:
    def work(paragraphs: int) -> int:
        corpus = long_answer_corpus(paragraphs)
        return work_of(lambda: build_index(corpus, KanjiAnalyzer(), str, [], {}))

    assert work(10) / work(5) <= LINEAR


def test_cutting_text_for_sudachi_is_linear() -> None:
    def work(repeats: int) -> int:
        text = ("\ufdfa㌖補助金。" * 100 + "a" * 3000) * repeats
        return work_of(lambda: list(chunks(text)))

    assert work(20) / work(10) <= LINEAR


def test_a_range_given_many_times_is_read_once() -> None:
    def work(last: int) -> int:
        return work_of(lambda: parse_numbers([f"1-{last}"] * last, 1, last))

    assert work(400) / work(200) <= LINEAR


# -- memory while indexing -------------------------------------------------------------


def words_corpus(count: int) -> Corpus:
    """Q&As of two-kanji words drawn from a few thousand (a word of natural text recurs)."""
    rng = random.Random(76)
    kanji = [chr(code) for code in range(0x4E00, 0x4E00 + 400)]
    words = ["".join(rng.sample(kanji, 2)) for _ in range(2000)]

    def sentence(length: int) -> str:
        return "の".join(rng.choice(words) for _ in range(length)) + "です。"

    items = tuple(
        QA(n, 1, sentence(4), tuple(Paragraph(sentence(8) * 3) for _ in range(3)))
        for n in range(1, count + 1)
    )
    document = Document("t", "t", "", "", "", (), "", ())
    return Corpus.of(document, (Chapter(1, "一", tuple(range(1, count + 1))),), items)


def test_memory_per_qa_while_indexing_does_not_grow_with_the_corpus(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The most the index builder holds at once (tracemalloc's peak, counted, not timed):
    per Q&A no more for a larger corpus, and a few kilobytes (posting lists were lists of
    tuples, about 50 KiB a Q&A here)."""
    monkeypatch.setattr("kyodo_cli.search.workers.can_fork", lambda: False)

    def peak_per_qa(count: int) -> float:
        corpus = words_corpus(count)
        tracemalloc.start()
        try:
            build_index(corpus, KanjiAnalyzer(), str, [], {})
            return tracemalloc.get_traced_memory()[1] / count
        finally:
            tracemalloc.stop()

    smaller, larger = peak_per_qa(400), peak_per_qa(800)
    assert larger <= smaller
    assert larger <= 20 * 1024


# -- many chapters, prepared and then used ---------------------------------------------


def chapters_corpus(count: int) -> dict[str, Any]:
    return {
        "format": "kyodo-corpus",
        "version": 1,
        "document": {"title": "章の多いコーパス"},
        "chapters": [{"number": n, "title": f"章{n}"} for n in range(1, count + 1)],
        "items": [
            {
                "number": n,
                "chapter": n,
                "question": f"質問{n}はどうですか。",
                "answer": [{"type": "paragraph", "text": f"回答{n}です。"}],
            }
            for n in range(1, count + 1)
        ],
    }


@pytest.fixture
def corpus_of(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[int], Path]:
    # Lines run by forked workers are not counted here: the work is measured in one process.
    monkeypatch.setattr("kyodo_cli.search.workers.can_fork", lambda: False)

    def write(count: int) -> Path:
        path = tmp_path / f"chapters-{count}.json"
        path.write_text(json.dumps(chapters_corpus(count), ensure_ascii=False), encoding="utf-8")
        return path

    return write


def test_preparing_many_chapters_is_linear(corpus_of: Callable[[int], Path]) -> None:
    def work(count: int) -> int:
        path = corpus_of(count)
        return work_of(lambda: prepared.open_user_corpus(path))

    assert growth(work, 150) <= LINEAR


def run(*argv: str) -> int:
    env = Environment(io.StringIO(), io.StringIO(), stdout_is_terminal=False, width=80)
    return main(list(argv), env)


@pytest.mark.parametrize(
    "command",
    [
        ["chapters"],
        ["list"],
        ["list", "--chapter", "{last}"],
        ["show", "1-{last}"],
        ["ask", "質問", "--limit", "{last}"],
        ["ask", "質問", "--limit", "{last}", "--chapter", "{last}"],
    ],
    ids=" ".join,
)
def test_every_command_on_many_chapters_is_linear(
    command: list[str], corpus_of: Callable[[int], Path]
) -> None:
    def work(count: int) -> int:
        path = corpus_of(count)
        assert run("chapters", "--corpus", str(path)) == 0  # prepared here, not counted
        argv = [word.format(last=count) for word in command] + ["--corpus", str(path)]
        with counted() as counter:
            status = run(*argv)
        assert status == 0
        return counter.lines

    assert growth(work, 60) <= LINEAR
