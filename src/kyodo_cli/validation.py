"""Validation of a corpus given by the user: every problem, each located by item and field.

Works on parsed JSON alone (no records, no typer, no rich), so that ``kyodo validate`` can
list every problem of a file and loading can refuse a file before anything is built from
it. The rules are those of ``data/qa.schema.json``, plus the limits below: what a corpus
may hold is bounded, so that a mistaken or hostile file is refused at once instead of
taking minutes and gigabytes to index.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise
from typing import Any

from .echo import printable

FORMAT = "kyodo-corpus"
VERSION = 1
# Q&A and chapter numbers are typed by users: show and list --chapter read up to six digits.
MAX_NUMBER = 999_999
# The longest text in the packaged corpus is about 200 characters; 100 times that is a
# generous bound for one paragraph, and keeps any single text quick to analyse.
MAX_TEXT_CHARS = 20_000
SHOWN_GAPS = 10
# Text reaches terminals as it is: no control characters but tab and line feed (an escape
# sequence or a carriage return could disguise what is shown), no lone surrogates and no
# bidirectional overrides.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def unsafe_character(text: str) -> str | None:
    """The first character of ``text`` that corpus text may not hold, if any."""
    found = _UNSAFE.search(text)
    return found[0] if found else None


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
        if len(value) > MAX_TEXT_CHARS:
            self.fail(where, f"長すぎます（{len(value)} 文字、上限 {MAX_TEXT_CHARS} 文字）")
            return False
        if found := _UNSAFE.search(value):
            shown = printable(found[0])
            self.fail(where, f"使えない文字 {shown} があります（{found.start() + 1} 文字目）")
            return False
        return True

    def integer(self, value: Any, where: str) -> bool:
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(where, f"整数でなければなりません（{_kind(value)}です）")
            return False
        return True

    def number(self, value: Any, where: str) -> bool:
        """A Q&A or chapter number: an integer a user can type."""
        if not self.integer(value, where):
            return False
        if not 1 <= value <= MAX_NUMBER:
            self.fail(where, f"1〜{MAX_NUMBER} の整数でなければなりません（{_short(value)}）")
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

    def optional_text(self, data: dict[str, Any], key: str, where: str) -> None:
        if key in data:
            self.text(data[key], f"{where} の {key}")


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


def _short(value: int) -> str:
    return f"{value} です" if abs(value) < 10**12 else "桁が多すぎます"


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
                _check_step(check, step, f"{where} の 手順 {n}")
    elif kind == "schedule":
        if check.obj(block, where, ("patterns",)) and check.array(
            block["patterns"], f"{where} の patterns"
        ):
            for n, pattern in enumerate(block["patterns"], 1):
                _check_pattern(check, pattern, f"{where} の 型 {n}")
    else:
        shown = printable(kind) if isinstance(kind, str) else _kind(kind)
        check.fail(where, f"type「{shown}」は使えません（paragraph, steps, schedule のいずれか）")


def _check_step(check: _Checker, step: Any, at: str) -> None:
    if check.obj(step, at, ("heading",)):
        check.text(step["heading"], f"{at} の heading")
        check.texts(step.get("paragraphs", []), f"{at} の paragraphs")


def _check_pattern(check: _Checker, pattern: Any, at: str) -> None:
    if check.obj(pattern, at, ("name", "rows")):
        check.text(pattern["name"], f"{at} の name")
        if check.array(pattern["rows"], f"{at} の rows"):
            for m, row in enumerate(pattern["rows"], 1):
                if check.obj(row, f"{at} の 行 {m}", ("period", "activity")):
                    check.text(row["period"], f"{at} の 行 {m} の period")
                    check.text(row["activity"], f"{at} の 行 {m} の activity")


def _check_items(check: _Checker, items: list[Any], chapters: set[int]) -> None:
    seen: dict[int, int] = {}
    for index, item in enumerate(items, 1):
        where = f"items の {index} 番目"
        if not isinstance(item, dict):
            check.obj(item, where, ())
            continue
        number = item.get("number")
        if check.number(number, f"{where} の number") and isinstance(number, int):
            if number in seen:
                check.fail(
                    f"{where} の number",
                    f"番号 {number} が重複しています（items の {seen[number]} 番目と同じ）",
                )
            else:
                seen[number] = index
            where = f"項目 {number}"
        if check.obj(item, where, ("number", "chapter", "question", "answer")):
            _check_item(check, item, where, chapters)
    gaps = list(_gaps(sorted(seen)))
    if gaps:
        check.fail("items", f"番号が連続していません（欠番: {', '.join(map(str, gaps))}）")


def _check_item(check: _Checker, item: dict[str, Any], where: str, chapters: set[int]) -> None:
    chapter = item["chapter"]
    if check.number(chapter, f"{where} の chapter") and chapter not in chapters:
        check.fail(f"{where} の chapter", f"章 {chapter} は chapters にありません")
    check.text(item["question"], f"{where} の question")
    if check.array(item["answer"], f"{where} の answer"):
        for n, block in enumerate(item["answer"], 1):
            _check_block(check, block, f"{where} の answer の {n} 番目")
    if "keywords" in item:
        check.texts(item["keywords"], f"{where} の keywords")


def _gaps(numbers: list[int]) -> Iterator[int]:
    """The first few numbers missing between the lowest and the highest, found without
    building the whole range (numbers may lie far apart)."""
    shown = 0
    for low, high in pairwise(numbers):
        for missing in range(low + 1, min(high, low + 1 + SHOWN_GAPS - shown)):
            yield missing
            shown += 1
        if shown >= SHOWN_GAPS:
            return


def _check_chapters(check: _Checker, chapters: Any) -> set[int]:
    numbers: set[int] = set()
    if not check.array(chapters, "chapters"):
        return numbers
    for index, chapter in enumerate(chapters, 1):
        where = f"chapters の {index} 番目"
        if check.obj(chapter, where, ("number", "title")):
            if check.number(chapter["number"], f"{where} の number"):
                if chapter["number"] in numbers:
                    check.fail(f"{where} の number", f"章 {chapter['number']} が重複しています")
                numbers.add(chapter["number"])
            check.text(chapter["title"], f"{where} の title")
    return numbers


def _check_document(check: _Checker, document: Any) -> None:
    if not check.obj(document, "document", ("title",)):
        return
    check.text(document["title"], "document の title")
    for key in ("full_title", "publisher", "published", "published_as_printed"):
        check.optional_text(document, key, "document")
    if "contact" in document:
        check.texts(document["contact"], "document の contact")
    preface = document.get("preface")
    if preface is not None and check.obj(preface, "document の preface", ("paragraphs",)):
        check.optional_text(preface, "title", "document の preface")
        check.texts(preface["paragraphs"], "document の preface の paragraphs")


ERRATUM_TEXTS = ("field", "original", "corrected", "source", "reason")


def _check_errata(check: _Checker, errata: Any) -> None:
    if not check.array(errata, "errata", allow_empty=True):
        return
    for index, erratum in enumerate(errata, 1):
        where = f"errata の {index} 番目"
        if check.obj(erratum, where, ("item", *ERRATUM_TEXTS)):
            check.integer(erratum["item"], f"{where} の item")
            for key in ERRATUM_TEXTS:
                if not isinstance(erratum[key], str):
                    kind = _kind(erratum[key])
                    check.fail(f"{where} の {key}", f"文字列でなければなりません（{kind}です）")


def item_problems(item: Any, chapters: set[int]) -> list[str]:
    """The problems of one Q&A in the file's format (a prepared corpus checks each Q&A it
    reads from the cache as the corpus file's Q&As were checked)."""
    check = _Checker()
    required = ("number", "chapter", "question", "answer")
    if check.obj(item, "項目", required) and check.number(item["number"], "項目の number"):
        _check_item(check, item, f"項目 {item['number']}", chapters)
    return check.problems


def validate_corpus(data: Any) -> list[str]:
    """Every problem of a corpus (parsed JSON), each as a located message; [] if valid."""
    check = _Checker()
    if not check.obj(data, "コーパス", ("document", "chapters", "items")):
        return check.problems
    if data.get("format", FORMAT) != FORMAT:
        check.fail("format", f"「{FORMAT}」でなければなりません")
    if data.get("version", VERSION) != VERSION:
        check.fail("version", f"このバージョンの kyodo が読めるのは {VERSION} です")
    _check_document(check, data["document"])
    chapters = _check_chapters(check, data["chapters"])
    if check.array(data["items"], "items"):
        _check_items(check, data["items"], chapters)
    if "errata" in data:
        _check_errata(check, data["errata"])
    return check.problems
