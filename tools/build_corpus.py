"""Build data/qa.json (the corpus; the package reads it through a link) from the extracted
source text and the errata.

    python tools/build_corpus.py          # write the corpus
    python tools/build_corpus.py --check  # exit 1 if the written corpus is stale

The source (data/source/kyodo-76-questions.txt) is the text extracted from the city's PDF,
kept exactly as extracted. Every repair that changes a character is listed in
data/errata.json and applied here to the raw text, so the corpus can be audited against
the source. Whitespace, the half-width comma and page-break paragraph splits are
normalised mechanically and not recorded.

Each item's keywords, the search aids the ranking reads but no view shows, are its
headwords (data/source/keywords.json: the document's terms and the everyday words for
them) followed by its anticipated questions (data/source/asked.json: the questions it
answers, as city staff, a section chief, a neighbourhood association's chair and an NPO's
young staff would type them).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "data" / "source" / "kyodo-76-questions.txt"
ERRATA = ROOT / "data" / "errata.json"
KEYWORDS = ROOT / "data" / "source" / "keywords.json"
ASKED = ROOT / "data" / "source" / "asked.json"
OUTPUT = ROOT / "data" / "qa.json"  # src/kyodo_cli/data/qa.json links here

CHAPTER_RE = re.compile(r"^#*\s*([1-9])\s*[.．]\s*(\S.*)$")
QUESTION_RE = re.compile(r"^Q\s*(\d+)\s*[.．]\s*(.*)$")
ANSWER_RE = re.compile(r"^A\s*(\d+)\s*[.．]\s*(.*)$")
HEADING_MARK_RE = re.compile(r"^#+\s*")
PERIOD_RE = re.compile(r"^(随\s*時|[0-9０-９]+(?:～[0-9０-９]+)?月)\s+(.+)$")
SENTENCE_END = tuple("。？！」』）)")

DOCUMENT = {
    "title": "協働に関する76の疑問",
    "publisher": "旭川市市民生活部市民協働室 市民活動課",
    "published": "2012-07-27",
}


@dataclass
class RawItem:
    number: int
    chapter: int
    question: str
    answer_lines: list[str] = field(default_factory=list)


@dataclass
class RawDocument:
    preface_title: str
    preface: list[str]
    printed_date: str
    contact_line: str
    full_title: str
    chapters: list[tuple[int, str]]
    items: list[RawItem]


def squeeze(text: str) -> str:
    """Drop the letter-spacing of the extraction ('電 話', '随 時') between CJK characters."""
    text = re.sub(r"(?<=[^\x00-\x7f])[ \t\u3000]+(?=[^\x00-\x7f])", "", text)
    return re.sub(r"(?<=[A-Z]) (?=[A-Z])", "", text).strip()


def normalise(text: str) -> str:
    return squeeze(text).replace(",", "、")


def parse_source(text: str) -> RawDocument:
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    rule = lines.index("---")
    head, body = lines[:rule], lines[rule + 1 :]
    preface_title = HEADING_MARK_RE.sub("", head[0])
    printed_date, contact_line = head[-2], head[-1]
    preface = head[1:-2]
    full_title = "".join(body[:2])
    chapters: list[tuple[int, str]] = []
    items: list[RawItem] = []
    for line in body[2:]:
        if (m := CHAPTER_RE.match(line)) and not QUESTION_RE.match(line):
            chapters.append((int(m.group(1)), m.group(2).strip()))
        elif m := QUESTION_RE.match(line):
            items.append(RawItem(int(m.group(1)), chapters[-1][0], m.group(2)))
        elif m := ANSWER_RE.match(line):
            if int(m.group(1)) != items[-1].number:
                raise ValueError(f"answer {m.group(1)} follows question {items[-1].number}")
            items[-1].answer_lines.append(m.group(2))
        else:
            items[-1].answer_lines.append(line)
    return RawDocument(
        preface_title, preface, printed_date, contact_line, full_title, chapters, items
    )


def apply_errata(items: list[RawItem], errata: list[dict[str, Any]]) -> None:
    by_number = {item.number: item for item in items}
    for entry in errata:
        item = by_number[entry["item"]]
        original, corrected = entry["original"], entry["corrected"]
        target = item.question if entry["field"] == "question" else "\n".join(item.answer_lines)
        if target.count(original) != 1:
            raise ValueError(
                f"erratum {original!r} for {item.number} matches {target.count(original)} times"
            )
        target = target.replace(original, corrected)
        if entry["field"] == "question":
            item.question = target
        else:
            item.answer_lines = target.split("\n")


def join_page_breaks(paragraphs: list[str]) -> list[str]:
    """Join a paragraph that stops mid-sentence (a page break in the PDF) to the next one."""
    joined: list[str] = []
    for paragraph in paragraphs:
        if joined and not joined[-1].endswith(SENTENCE_END):
            joined[-1] += paragraph
        else:
            joined.append(paragraph)
    return joined


def steps_block(lines: list[str]) -> tuple[list[str], dict[str, Any]]:
    """Lead paragraphs, then steps: a heading is a line without a sentence end."""
    lead: list[str] = []
    steps: list[dict[str, Any]] = []
    for line in lines:
        text = normalise(HEADING_MARK_RE.sub("", line))
        if not text.endswith(SENTENCE_END):
            steps.append({"heading": text, "paragraphs": []})
        elif steps:
            steps[-1]["paragraphs"].append(text)
        else:
            lead.append(text)
    return lead, {"type": "steps", "steps": steps}


def schedule_block(lines: list[str]) -> tuple[list[str], dict[str, Any]]:
    """Lead paragraphs, then a two-column table: a header row of pattern names and rows of
    'period activity' cells."""
    lead = [normalise(line) for line in lines if "\t" not in line]
    rows = [line.split("\t") for line in lines if "\t" in line]
    names, body = rows[0], rows[1:]
    patterns = []
    for column, name in enumerate(names):
        cells = []
        for row in body:
            m = PERIOD_RE.match(row[column].strip())
            if not m:
                raise ValueError(f"schedule cell without a period: {row[column]!r}")
            cells.append({"period": squeeze(m.group(1)), "activity": normalise(m.group(2))})
        patterns.append({"name": normalise(name), "rows": cells})
    return lead, {"type": "schedule", "patterns": patterns}


def answer_blocks(lines: list[str]) -> list[dict[str, Any]]:
    if any(line.startswith("#") for line in lines):
        lead, block = steps_block(lines)
    elif any("\t" in line for line in lines):
        lead, block = schedule_block(lines)
    else:
        lead, block = [normalise(line) for line in lines], None
    blocks: list[dict[str, Any]] = [
        {"type": "paragraph", "text": text} for text in join_page_breaks(lead)
    ]
    if block is not None:
        blocks.append(block)
    return blocks


def contact_lines(line: str) -> list[str]:
    """'…市民活動係 電 話：… F A X：…' as the three printed lines."""
    office, *numbers = re.split(r"\s+(?=電\s*話|F\s*A\s*X)", line)
    return [office.strip(), *(squeeze(number) for number in numbers)]


def era_to_iso(printed: str) -> str:
    m = re.fullmatch(r"平成(\d+)年(\d+)月(\d+)日", printed)
    if not m:
        raise ValueError(f"unexpected date: {printed}")
    year, month, day = (int(g) for g in m.groups())
    return f"{1988 + year:04d}-{month:02d}-{day:02d}"


def build(
    source: str, errata: list[dict[str, Any]], keywords: dict[str, list[str]]
) -> dict[str, Any]:
    raw = parse_source(source)
    apply_errata(raw.items, errata)
    published = era_to_iso(raw.printed_date)
    if published != DOCUMENT["published"]:
        raise ValueError(f"publication date {published} differs from {DOCUMENT['published']}")
    chapters = [{"number": number, "title": title} for number, title in raw.chapters]
    items = []
    for item in raw.items:
        record: dict[str, Any] = {
            "number": item.number,
            "chapter": item.chapter,
            "question": normalise(item.question),
            "answer": answer_blocks(item.answer_lines),
        }
        if str(item.number) in keywords:
            record["keywords"] = keywords[str(item.number)]
        items.append(record)
    return {
        "format": "kyodo-corpus",
        "version": 1,
        "document": {
            "title": DOCUMENT["title"],
            "full_title": squeeze(raw.full_title),
            "publisher": DOCUMENT["publisher"],
            "published": published,
            "published_as_printed": raw.printed_date,
            "contact": contact_lines(raw.contact_line),
            "preface": {
                "title": raw.preface_title,
                "paragraphs": [normalise(p) for p in raw.preface],
            },
        },
        "chapters": chapters,
        "items": items,
        "errata": errata,
    }


def search_aids() -> dict[str, list[str]]:
    """Per item number, its headwords, then its anticipated questions."""
    aids: dict[str, list[str]] = {}
    for path in (KEYWORDS, ASKED):
        for number, texts in json.loads(path.read_text(encoding="utf-8")).items():
            aids[number] = list(dict.fromkeys([*aids.get(number, []), *texts]))
    return aids


def render(corpus: dict[str, Any]) -> str:
    return json.dumps(corpus, ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the corpus is stale")
    args = parser.parse_args(argv)
    errata = json.loads(ERRATA.read_text(encoding="utf-8"))["errata"]
    text = render(build(SOURCE.read_text(encoding="utf-8"), errata, search_aids()))

    from kyodo_cli.corpus.records import validate_corpus

    problems = validate_corpus(json.loads(text))
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT.relative_to(ROOT)} is stale: run python tools/build_corpus.py")
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {len(json.loads(text)['items'])} items")
    return 0


if __name__ == "__main__":
    sys.exit(main())
