"""The Q&A corpus: typed records, and loading them (reading a file safely is
:mod:`kyodo_cli.corpus.reading`'s job).

A corpus is a JSON file in the format described by ``data/qa.schema.json``. The packaged
corpus is validated by the build and the tests, so :func:`packaged_corpus` trusts it;
a corpus named by the user goes through :func:`validate_corpus`, whose messages locate
each problem by item and field.
"""

import json
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from kyodo_cli.corpus.reading import read_corpus_file
from kyodo_cli.corpus.validation import validate_corpus
from kyodo_cli.errors import CorpusError
from kyodo_cli.escape import SHOWN_PATH_CHARS as SHOWN_PATH_CHARS
from kyodo_cli.escape import shown_path
from kyodo_cli.resources import data_bytes

PACKAGED_NAME = "qa.json"


class Paragraph(NamedTuple):
    text: str


class Step(NamedTuple):
    heading: str
    paragraphs: tuple[str, ...]


class Steps(NamedTuple):
    steps: tuple[Step, ...]


class ScheduleRow(NamedTuple):
    period: str
    activity: str


class SchedulePattern(NamedTuple):
    name: str
    rows: tuple[ScheduleRow, ...]


class Schedule(NamedTuple):
    patterns: tuple[SchedulePattern, ...]


Block = Paragraph | Steps | Schedule


def block_lines(block: Block) -> list[str]:
    """The block as lines of plain text, in reading order."""
    if isinstance(block, Paragraph):
        return [block.text]
    if isinstance(block, Steps):
        lines = []
        for number, step in enumerate(block.steps, 1):
            lines.append(f"{number}. {step.heading}")
            lines.extend(step.paragraphs)
        return lines
    lines = []
    for pattern in block.patterns:
        lines.append(f"【{pattern.name}】")
        lines.extend(f"{row.period}　{row.activity}" for row in pattern.rows)
    return lines


def _block_parts(block: Block) -> list[tuple[int, int]]:
    """Within ``block_lines(block)``: each line that heads the lines after it (a step's
    heading, a table pattern's name), and the index past the last line it heads."""
    if isinstance(block, Paragraph):
        return []
    if isinstance(block, Steps):
        sizes = [len(step.paragraphs) for step in block.steps]
    else:
        sizes = [len(pattern.rows) for pattern in block.patterns]
    parts, at = [], 0
    for size in sizes:
        parts.append((at, at + 1 + size))
        at += 1 + size
    return parts


@lru_cache(maxsize=256)
def _answer_lines(answer: tuple[Block, ...]) -> tuple[str, ...]:
    return tuple(line for block in answer for line in block_lines(block))


@lru_cache(maxsize=256)
def _headed_parts(answer: tuple[Block, ...]) -> tuple[tuple[int, int], ...]:
    found: list[tuple[int, int]] = []
    base = 0
    for block in answer:
        found += [(base + head, base + end) for head, end in _block_parts(block)]
        base += len(block_lines(block))
    return tuple(found)


class QA(NamedTuple):
    number: int
    chapter: int
    question: str
    answer: tuple[Block, ...]
    keywords: tuple[str, ...] = ()

    @property
    def answer_lines(self) -> tuple[str, ...]:
        return _answer_lines(self.answer)

    @property
    def answer_text(self) -> str:
        """The answer as plain text, one paragraph (or step heading, or table row) a line."""
        return "\n".join(self.answer_lines)

    @property
    def headed_parts(self) -> tuple[tuple[int, int], ...]:
        """The parts of the answer that a line heads (a step under its heading, a table's
        rows under their pattern's name): the heading's index in ``answer_lines`` and the
        index past the last line it heads."""
        return _headed_parts(self.answer)


class Chapter(NamedTuple):
    number: int
    title: str
    numbers: tuple[int, ...]


class Erratum(NamedTuple):
    item: int
    field: str
    original: str
    corrected: str
    source: str
    reason: str


class Document(NamedTuple):
    title: str
    full_title: str
    publisher: str
    published: str
    published_as_printed: str
    contact: tuple[str, ...]
    preface_title: str
    preface: tuple[str, ...]


class Corpus(NamedTuple):
    """A corpus; build it with :meth:`of`, which also indexes the items and the chapters
    by number (a lookup must not cost a scan: a corpus may have 100,000 of each)."""

    document: Document
    chapters: tuple[Chapter, ...]
    items: Sequence[QA]  # a tuple, or rows read on demand from a prepared corpus
    errata: tuple[Erratum, ...]
    by_number: Mapping[int, QA]
    by_chapter: Mapping[int, Chapter]
    digest: str = ""  # of the file's bytes: the cache key of its index
    packaged: bool = False  # shipped with kyodo, with its index

    @classmethod
    def of(
        cls,
        document: Document,
        chapters: tuple[Chapter, ...],
        items: Sequence[QA],
        errata: tuple[Erratum, ...] = (),
        digest: str = "",
        packaged: bool = False,
        by_number: Mapping[int, QA] | None = None,
    ) -> "Corpus":
        """``by_number`` defaults to a table of ``items``; a prepared corpus, whose items
        stay in their file, brings its own."""
        if by_number is None:
            by_number = MappingProxyType({item.number: item for item in items})
        by_chapter = MappingProxyType({chapter.number: chapter for chapter in chapters})
        return cls(document, chapters, items, errata, by_number, by_chapter, digest, packaged)

    def item(self, number: int) -> QA | None:
        return self.by_number.get(number)

    def number_bounds(self) -> tuple[int, int]:
        """The lowest and highest Q&A number (a valid corpus numbers its items without
        gaps), read off the chapters: a prepared corpus's items stay in their file."""
        numbers = [n for chapter in self.chapters for n in chapter.numbers]
        return min(numbers), max(numbers)

    def chapter(self, number: int) -> Chapter | None:
        return self.by_chapter.get(number)

    def in_chapter(self, number: int) -> tuple[QA, ...]:
        chapter = self.chapter(number)
        if chapter is None:
            return ()
        many = getattr(self.by_number, "many", None)  # a prepared corpus reads in batches
        if many is not None:
            return tuple(many(chapter.numbers))
        return tuple(self.by_number[n] for n in chapter.numbers)

    def questions_in(self, number: int) -> tuple[tuple[int, str], ...]:
        """The numbers and questions of a chapter's Q&As, without their answers."""
        chapter = self.chapter(number)
        if chapter is None:
            return ()
        questions = getattr(self.by_number, "questions", None)  # a prepared corpus reads less
        if questions is not None:
            return tuple(questions(chapter.numbers))
        return tuple((n, self.by_number[n].question) for n in chapter.numbers)


# -- construction (trusting) -------------------------------------------------------------


def block_from_dict(data: dict[str, Any]) -> Block:
    if data["type"] == "paragraph":
        return Paragraph(data["text"])
    if data["type"] == "steps":
        return Steps(
            tuple(Step(s["heading"], tuple(s.get("paragraphs", ()))) for s in data["steps"])
        )
    return Schedule(
        tuple(
            SchedulePattern(
                p["name"], tuple(ScheduleRow(r["period"], r["activity"]) for r in p["rows"])
            )
            for p in data["patterns"]
        )
    )


def block_to_dict(block: Block) -> dict[str, Any]:
    """A block in the corpus file's own format (the inverse of :func:`block_from_dict`)."""
    if isinstance(block, Paragraph):
        return {"type": "paragraph", "text": block.text}
    if isinstance(block, Steps):
        steps = [{"heading": s.heading, "paragraphs": list(s.paragraphs)} for s in block.steps]
        return {"type": "steps", "steps": steps}
    patterns = [
        {"name": p.name, "rows": [{"period": r.period, "activity": r.activity} for r in p.rows]}
        for p in block.patterns
    ]
    return {"type": "schedule", "patterns": patterns}


def corpus_from_dict(data: dict[str, Any], digest: str = "", packaged: bool = False) -> Corpus:
    """Build the records of a corpus already known to be valid."""
    doc = data["document"]
    preface = doc.get("preface") or {}
    document = Document(
        title=doc["title"],
        full_title=doc.get("full_title", doc["title"]),
        publisher=doc.get("publisher", ""),
        published=doc.get("published", ""),
        published_as_printed=doc.get("published_as_printed", ""),
        contact=tuple(doc.get("contact", ())),
        preface_title=preface.get("title", ""),
        preface=tuple(preface.get("paragraphs", ())),
    )
    items = tuple(
        QA(
            number=i["number"],
            chapter=i["chapter"],
            question=i["question"],
            answer=tuple(block_from_dict(b) for b in i["answer"]),
            keywords=tuple(i.get("keywords", ())),
        )
        for i in data["items"]
    )
    numbers_in: dict[int, list[int]] = {c["number"]: [] for c in data["chapters"]}
    for item in items:
        numbers_in.setdefault(item.chapter, []).append(item.number)
    chapters = tuple(
        Chapter(c["number"], c["title"], tuple(numbers_in[c["number"]])) for c in data["chapters"]
    )
    errata = tuple(
        Erratum(e["item"], e["field"], e["original"], e["corrected"], e["source"], e["reason"])
        for e in data.get("errata", ())
    )
    return Corpus.of(document, chapters, items, errata, digest, packaged)


# -- loading -----------------------------------------------------------------------------


def packaged_bytes() -> bytes:
    return data_bytes(PACKAGED_NAME)


def packaged_corpus() -> Corpus:
    """The corpus shipped with kyodo: validated when it was built, not here, and paired
    with the index built with it, so it needs no digest."""
    return corpus_from_dict(json.loads(packaged_bytes()), packaged=True)


def load_corpus(path: Path, ahead: Callable[[Corpus], None] | None = None) -> Corpus:
    """Load and validate a corpus file given by the user. ``ahead``, when given, is handed
    the corpus as the file reads before it is validated (if it reads as one at all), to
    start work that validating then overlaps: whatever that work makes of a file with
    problems is thrown away, as the problems are reported all the same."""
    data, file_digest = read_corpus_file(path)
    early = None
    if ahead is not None:
        try:
            early = corpus_from_dict(data, file_digest)
        except Exception:  # malformed in any way: what is wrong is said below
            early = None
        else:
            ahead(early)
    problems = validate_corpus(data)
    if problems:
        more = f"（ほか {len(problems) - 1} 件）" if len(problems) > 1 else ""
        name = shown_path(path)
        raise CorpusError(f"{name}: {problems[0]}{more}", tuple(problems))
    return early if early is not None else corpus_from_dict(data, file_digest)
