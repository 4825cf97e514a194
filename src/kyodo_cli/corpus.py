"""The Q&A corpus: typed records, loading and validation.

A corpus is a JSON file in the format described by ``data/qa.schema.json``. The packaged
corpus is validated by the build and the tests, so :func:`packaged_corpus` trusts it;
a corpus named by the user goes through :func:`validate_corpus`, whose messages locate
each problem by item and field.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from .errors import CorpusError
from .packagedata import data_bytes

FORMAT = "kyodo-corpus"
VERSION = 1
PACKAGED_NAME = "qa.json"
MAX_CORPUS_BYTES = 200 * 1024 * 1024


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


@lru_cache(maxsize=256)
def _answer_lines(answer: tuple[Block, ...]) -> tuple[str, ...]:
    return tuple(line for block in answer for line in block_lines(block))


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


class Chapter(NamedTuple):
    number: int
    title: str
    numbers: tuple[int, ...]

    @property
    def first(self) -> int:
        return self.numbers[0]

    @property
    def last(self) -> int:
        return self.numbers[-1]


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
    """A corpus; build it with :meth:`of`, which also indexes the items by number."""

    document: Document
    chapters: tuple[Chapter, ...]
    items: Sequence[QA]  # a tuple, or rows read on demand from a prepared corpus
    errata: tuple[Erratum, ...]
    by_number: Mapping[int, QA]
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
    ) -> Corpus:
        by_number = MappingProxyType({item.number: item for item in items})
        return cls(document, chapters, items, errata, by_number, digest, packaged)

    def item(self, number: int) -> QA | None:
        return self.by_number.get(number)

    def chapter(self, number: int) -> Chapter | None:
        return next((c for c in self.chapters if c.number == number), None)

    def in_chapter(self, number: int) -> tuple[QA, ...]:
        chapter = self.chapter(number)
        return tuple(self.by_number[n] for n in chapter.numbers) if chapter else ()

    @property
    def first(self) -> int:
        return self.items[0].number

    @property
    def last(self) -> int:
        return self.items[-1].number


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
    chapters = tuple(
        Chapter(
            c["number"],
            c["title"],
            tuple(item.number for item in items if item.chapter == c["number"]),
        )
        for c in data["chapters"]
    )
    errata = tuple(
        Erratum(e["item"], e["field"], e["original"], e["corrected"], e["source"], e["reason"])
        for e in data.get("errata", ())
    )
    return Corpus.of(document, chapters, items, errata, digest, packaged)


# -- validation --------------------------------------------------------------------------


class _Checker:
    """Collects every problem of a corpus, each with its location, in Japanese."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def text(self, value: Any, where: str) -> bool:
        if not isinstance(value, str):
            self.fail(where, f"文字列でなければなりません（{_kind(value)}です）")
            return False
        if not value.strip():
            self.fail(where, "空です")
            return False
        return True

    def integer(self, value: Any, where: str) -> bool:
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(where, f"整数でなければなりません（{_kind(value)}です）")
            return False
        return True

    def obj(self, value: Any, where: str, required: tuple[str, ...]) -> bool:
        if not isinstance(value, dict):
            self.fail(where, f"オブジェクトでなければなりません（{_kind(value)}です）")
            return False
        missing = [key for key in required if key not in value]
        for key in missing:
            self.fail(where, f"「{key}」がありません")
        return not missing

    def array(self, value: Any, where: str, allow_empty: bool = False) -> bool:
        if not isinstance(value, list):
            self.fail(where, f"配列でなければなりません（{_kind(value)}です）")
            return False
        if not value and not allow_empty:
            self.fail(where, "空です")
            return False
        return True

    def texts(self, value: Any, where: str, allow_empty: bool = True) -> None:
        if self.array(value, where, allow_empty):
            for index, entry in enumerate(value, 1):
                self.text(entry, f"{where} の {index} 番目")


def _kind(value: Any) -> str:
    names = {
        bool: "真偽値",
        int: "整数",
        float: "数値",
        str: "文字列",
        list: "配列",
        dict: "オブジェクト",
    }
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _check_block(check: _Checker, block: Any, where: str) -> None:
    if not check.obj(block, where, ("type",)):
        return
    kind = block["type"]
    if kind == "paragraph":
        if check.obj(block, where, ("text",)):
            check.text(block["text"], f"{where} の text")
    elif kind == "steps":
        if check.obj(block, where, ("steps",)) and check.array(block["steps"], f"{where} の steps"):
            for n, step in enumerate(block["steps"], 1):
                at = f"{where} の 手順 {n}"
                if check.obj(step, at, ("heading",)):
                    check.text(step["heading"], f"{at} の heading")
                    check.texts(step.get("paragraphs", []), f"{at} の paragraphs")
    elif kind == "schedule":
        if check.obj(block, where, ("patterns",)) and check.array(
            block["patterns"], f"{where} の patterns"
        ):
            for n, pattern in enumerate(block["patterns"], 1):
                at = f"{where} の 型 {n}"
                if check.obj(pattern, at, ("name", "rows")):
                    check.text(pattern["name"], f"{at} の name")
                    if check.array(pattern["rows"], f"{at} の rows"):
                        for m, row in enumerate(pattern["rows"], 1):
                            if check.obj(row, f"{at} の 行 {m}", ("period", "activity")):
                                check.text(row["period"], f"{at} の 行 {m} の period")
                                check.text(row["activity"], f"{at} の 行 {m} の activity")
    else:
        check.fail(where, f"type「{kind}」は使えません（paragraph, steps, schedule のいずれか）")


def _check_items(check: _Checker, items: list[Any], chapters: set[int]) -> None:
    seen: dict[int, int] = {}
    for index, item in enumerate(items, 1):
        where = f"items の {index} 番目"
        if not isinstance(item, dict):
            check.obj(item, where, ())
            continue
        number = item.get("number")
        if check.integer(number, f"{where} の number") and isinstance(number, int):
            if number in seen:
                check.fail(f"{where} の number", f"番号 {number} が重複しています")
            seen[number] = index
            where = f"項目 {number}"
        if not check.obj(item, where, ("number", "chapter", "question", "answer")):
            continue
        if (
            check.integer(item["chapter"], f"{where} の chapter")
            and item["chapter"] not in chapters
        ):
            check.fail(f"{where} の chapter", f"章 {item['chapter']} は chapters にありません")
        check.text(item["question"], f"{where} の question")
        if check.array(item["answer"], f"{where} の answer"):
            for n, block in enumerate(item["answer"], 1):
                _check_block(check, block, f"{where} の answer の {n} 番目")
        if "keywords" in item:
            check.texts(item["keywords"], f"{where} の keywords")
    numbers = sorted(seen)
    if numbers and numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        gaps = sorted(set(range(numbers[0], numbers[-1] + 1)) - set(numbers))
        check.fail("items", f"番号が連続していません（欠番: {', '.join(map(str, gaps[:10]))}）")


def validate_corpus(data: Any) -> list[str]:
    """Every problem of a corpus (parsed JSON), each as a located message; [] if valid."""
    check = _Checker()
    if not check.obj(data, "コーパス", ("document", "chapters", "items")):
        return check.problems
    if data.get("format", FORMAT) != FORMAT:
        check.fail("format", f"「{FORMAT}」でなければなりません")
    if data.get("version", VERSION) != VERSION:
        check.fail("version", f"このバージョンの kyodo が読めるのは {VERSION} です")
    if check.obj(data["document"], "document", ("title",)):
        check.text(data["document"]["title"], "document の title")
    chapters: set[int] = set()
    if check.array(data["chapters"], "chapters"):
        for index, chapter in enumerate(data["chapters"], 1):
            where = f"chapters の {index} 番目"
            if check.obj(chapter, where, ("number", "title")):
                if check.integer(chapter["number"], f"{where} の number"):
                    if chapter["number"] in chapters:
                        check.fail(f"{where} の number", f"章 {chapter['number']} が重複しています")
                    chapters.add(chapter["number"])
                check.text(chapter["title"], f"{where} の title")
    if check.array(data["items"], "items"):
        _check_items(check, data["items"], chapters)
    return check.problems


# -- loading -----------------------------------------------------------------------------


def packaged_bytes() -> bytes:
    return data_bytes(PACKAGED_NAME)


def packaged_corpus() -> Corpus:
    """The corpus shipped with kyodo: validated when it was built, not here, and paired
    with the index built with it, so it needs no digest."""
    return corpus_from_dict(json.loads(packaged_bytes()), packaged=True)


def digest(raw: bytes) -> str:
    import hashlib

    return hashlib.sha256(raw).hexdigest()


def read_corpus_file(path: Path) -> tuple[Any, bytes]:
    """Read and parse a corpus file; every failure becomes a CorpusError naming the file."""
    name = str(path)
    try:
        if path.is_dir():
            raise CorpusError(
                f"{name}: ディレクトリです。コーパスの JSON ファイルを指定してください"
            )
        size = path.stat().st_size
        if size > MAX_CORPUS_BYTES:
            limit = MAX_CORPUS_BYTES // (1024 * 1024)
            raise CorpusError(
                f"{name}: 大きすぎます（{size // (1024 * 1024)} MiB、上限 {limit} MiB）"
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CorpusError(f"{name}: ファイルがありません") from None
    except PermissionError:
        raise CorpusError(f"{name}: 読み取りの権限がありません") from None
    except OSError as error:
        raise CorpusError(f"{name}: 読み込めません（{error.strerror or error}）") from None
    if not raw.strip():
        raise CorpusError(f"{name}: 空のファイルです")
    try:
        return json.loads(raw.decode("utf-8")), raw
    except UnicodeDecodeError as error:
        raise CorpusError(f"{name}: UTF-8 ではありません（{error.start} バイト目）") from None
    except json.JSONDecodeError as error:
        raise CorpusError(
            f"{name}: JSON として読めません（{error.lineno} 行 {error.colno} 列: {error.msg}）"
        ) from None


def load_corpus(path: Path) -> Corpus:
    """Load and validate a corpus file given by the user."""
    data, raw = read_corpus_file(path)
    problems = validate_corpus(data)
    if problems:
        more = f"（ほか {len(problems) - 1} 件）" if len(problems) > 1 else ""
        raise CorpusError(f"{path}: {problems[0]}{more}", tuple(problems))
    return corpus_from_dict(data, digest(raw))
