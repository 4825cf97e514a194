"""The Q&A corpus: typed records, loading and validation.

A corpus is a JSON file in the format described by ``data/qa.schema.json``. The packaged
corpus is validated by the build and the tests, so :func:`packaged_corpus` trusts it;
a corpus named by the user goes through :func:`validate_corpus`, whose messages locate
each problem by item and field.
"""

from __future__ import annotations

import errno
import json
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from kyodo_cli.corpus.validation import validate_corpus
from kyodo_cli.errors import CorpusError, os_reason
from kyodo_cli.escape import SHOWN_PATH_CHARS as SHOWN_PATH_CHARS
from kyodo_cli.escape import shown_path
from kyodo_cli.resources import data_bytes

PACKAGED_NAME = "qa.json"
MAX_CORPUS_BYTES = 200 * 1024 * 1024
# Parsed JSON costs up to 70 bytes of memory per value ("{}," becomes an empty dict and a
# list slot: 24 times its size in the file). Counting values before parsing keeps a file
# of millions of empty objects from taking gigabytes. A corpus of 100,000 Q&As with
# keywords has about 2 million values.
MAX_JSON_VALUES = 4_000_000


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
    ) -> Corpus:
        """``by_number`` defaults to a table of ``items``; a prepared corpus, whose items
        stay in their file, brings its own."""
        if by_number is None:
            by_number = MappingProxyType({item.number: item for item in items})
        by_chapter = MappingProxyType({chapter.number: chapter for chapter in chapters})
        return cls(document, chapters, items, errata, by_number, by_chapter, digest, packaged)

    def item(self, number: int) -> QA | None:
        return self.by_number.get(number)

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


def digest(raw: bytes) -> str:
    import hashlib

    return hashlib.sha256(raw).hexdigest()


def read_corpus_file(path: Path) -> tuple[Any, str]:
    """Read and parse a corpus file, and give its digest; every failure becomes a
    CorpusError naming the file."""
    name = shown_path(path)
    raw = _read_bounded(path, name)
    if not raw.strip():
        raise CorpusError(f"{name}: 空のファイルです")
    _check_value_count(raw, name)
    text = _decode(raw, name)
    file_digest = digest(raw)
    del raw  # up to 200 MiB that parsing need not keep company
    return _parse(text, name), file_digest


def _read_bounded(path: Path, name: str) -> bytes:
    """The file's bytes, refused beyond MAX_CORPUS_BYTES. The size a file reports is checked
    first (no need to read 10 GB to refuse them), and the read is bounded all the same:
    devices and pipes report no size, and /dev/zero never ends."""
    limit = MAX_CORPUS_BYTES // (1024 * 1024)
    try:
        if path.stat().st_size > MAX_CORPUS_BYTES:
            raise CorpusError(f"{name}: 大きすぎます（上限 {limit} MiB）")
        with path.open("rb") as handle:
            raw = handle.read(MAX_CORPUS_BYTES + 1)
    except OSError as error:
        raise CorpusError(f"{name}: {_reason(error)}") from None
    except ValueError:  # a NUL character in the name
        raise CorpusError(f"{name}: ファイル名に使えない文字が含まれています") from None
    if len(raw) > MAX_CORPUS_BYTES:
        raise CorpusError(f"{name}: 大きすぎます（上限 {limit} MiB）")
    return raw


_READ_REASONS = {
    errno.EACCES: "読み取りの権限がありません",
    errno.EPERM: "読み取りの権限がありません",
    errno.ENOTDIR: "途中にディレクトリでないものがあります",
    errno.ENAMETOOLONG: "ファイル名が長すぎます",
    errno.EISDIR: "ディレクトリです。コーパスの JSON ファイルを指定してください",
}


def _reason(error: OSError) -> str:
    return os_reason(error, _READ_REASONS)


def _check_value_count(raw: bytes, name: str) -> None:
    """Refuse, before parsing, a file with more JSON values than a corpus can need. Every
    value but the first of an array or object follows a comma, so commas plus opening
    brackets bound the count from above (commas and brackets inside strings only make the
    bound looser); bytes.count does it at memory speed."""
    bound = raw.count(b",") + raw.count(b"{") + raw.count(b"[") + 1
    if bound > MAX_JSON_VALUES:
        raise CorpusError(
            f"{name}: 値（オブジェクト・配列・文字列・数など）が多すぎます"
            f"（上限 {MAX_JSON_VALUES:,} 個）"
        )


# What json says, in Japanese (the start of its message is enough to tell).
_JSON_REASONS = {
    "Expecting value": "値がありません",
    "Expecting property name": "キーは二重引用符で囲んでください",
    "Expecting ':'": "「:」がありません",
    "Expecting ','": "「,」がありません",
    "Extra data": "JSON の後に余計なものがあります",
    "Unterminated string": "文字列が閉じていません",
    "Invalid control character": "文字列の中に制御文字があります",
    "Invalid \\": "使えないエスケープがあります",
    "Illegal trailing comma": "最後の要素の後に「,」があります",
}


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")  # the BOM some Windows editors write is harmless
    except UnicodeDecodeError as error:
        raise CorpusError(f"{name}: UTF-8 ではありません（{error.start + 1} バイト目）") from None


def _parse(text: str, name: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        reason = next((j for e, j in _JSON_REASONS.items() if error.msg.startswith(e)), "")
        where = f"{error.lineno} 行 {error.colno} 列"
        raise CorpusError(
            f"{name}: JSON として読めません（{where}{': ' if reason else ''}{reason}）"
        ) from None
    except RecursionError:
        raise CorpusError(f"{name}: JSON の入れ子が深すぎます") from None
    except ValueError:  # an integer of thousands of digits
        raise CorpusError(f"{name}: JSON として読めません（桁の多すぎる数があります）") from None


def load_corpus(path: Path) -> Corpus:
    """Load and validate a corpus file given by the user."""
    data, file_digest = read_corpus_file(path)
    problems = validate_corpus(data)
    if problems:
        more = f"（ほか {len(problems) - 1} 件）" if len(problems) > 1 else ""
        name = shown_path(path)
        raise CorpusError(f"{name}: {problems[0]}{more}", tuple(problems))
    return corpus_from_dict(data, file_digest)
