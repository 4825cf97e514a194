"""The handbook as Markdown (CommonMark with GitHub's tables).

Corpus text is escaped so that a Markdown reader shows it exactly as written: characters
that could start emphasis, links, code, HTML or a table cell are backslash-escaped, and a
line that would begin a list, a heading or a quote is defused. Anchors are explicit
(``<a id="q27">``), because heading slugs of Japanese text differ from one renderer to the
next.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kyodo_cli.corpus.records import Block, Document, Paragraph, Schedule, Steps
from kyodo_cli.export.book import (
    CONTACT_HEADING,
    PREFACE_ID,
    TOC_HEADING,
    Handbook,
    chapter_id,
    item_id,
)
from kyodo_cli.present.views import ChapterView, chapter_label, number_label, range_label

SCHEDULE_HEADER = ("時期", "内容")

# Inline syntax anywhere in a line; ( ) ! . matter only after ] or at a line start.
_INLINE = re.compile(r"([\\`*_\[\]<>#|~$&])")
_LINE_START = re.compile(r"^([-+=]|\d{1,9}(?=[.)]))")
_SPACES = " \t"


def escape(text: str) -> str:
    """Text to be read literally, one paragraph: each line escaped, lines joined by hard
    breaks (a bare newline would become a space), blank lines dropped."""
    lines = [_escape_line(line) for line in text.split("\n")]
    return "\\\n".join(line for line in lines if line)


def _escape_line(line: str) -> str:
    escaped = _INLINE.sub(r"\\\1", line.strip(_SPACES))
    match = _LINE_START.match(escaped)
    if match is None:
        return escaped
    if match[1].isdigit():  # "1." or "1)" would start an ordered list
        end = match.end()
        return f"{escaped[:end]}\\{escaped[end:]}"
    return f"\\{escaped}"


def inline(text: str) -> str:
    """Escaped text on one line, for headings, links and table cells."""
    return escape(text).replace("\\\n", " ")


def markdown(handbook: Handbook) -> str:
    parts = [*_front_matter(handbook.document), *_contents(handbook)]
    if handbook.complete and handbook.document.preface:
        parts += _preface(handbook.document)
    for view in handbook.chapters:
        parts += _chapter(view)
    if handbook.complete and handbook.document.contact:
        parts += [f"## {CONTACT_HEADING}", _bullets(handbook.document.contact)]
    return "\n\n".join(parts) + "\n"


def _front_matter(document: Document) -> list[str]:
    parts = [f"# {inline(document.title)}"]
    if document.full_title != document.title:
        parts.append(escape(document.full_title))
    if document.publisher:
        date = document.published_as_printed or document.published
        parts.append(escape(f"発行: {document.publisher}" + (f"（{date}）" if date else "")))
    return parts


def _contents(handbook: Handbook) -> list[str]:
    lines = []
    if handbook.complete and handbook.document.preface:
        title = handbook.document.preface_title or "はじめに"
        lines.append(f"- [{inline(title)}](#{PREFACE_ID})")
    for view in handbook.chapters:
        label = inline(chapter_label(view.chapter))
        lines.append(f"- [{label}](#{chapter_id(view)})（{inline(range_label(view))}）")
        lines += [
            f"  - [{number_label(qa.number)} {inline(qa.question)}](#{item_id(qa)})"
            for qa in view.items
        ]
    return [f"## {TOC_HEADING}", "\n".join(lines)]


def _preface(document: Document) -> list[str]:
    title = inline(document.preface_title or "はじめに")
    return [f'## <a id="{PREFACE_ID}"></a>{title}', *map(escape, document.preface)]


def _chapter(view: ChapterView) -> list[str]:
    parts = [f'## <a id="{chapter_id(view)}"></a>{inline(chapter_label(view.chapter))}']
    for qa in view.items:
        heading = f"{number_label(qa.number)} {inline(qa.question)}"
        parts.append(f'### <a id="{item_id(qa)}"></a>{heading}')
        parts += [_block(block) for block in qa.answer]
    return parts


def _block(block: Block) -> str:
    if isinstance(block, Paragraph):
        return escape(block.text)
    if isinstance(block, Steps):
        return _steps(block)
    return _schedule(block)


def _steps(steps: Steps) -> str:
    items = []
    for number, step in enumerate(steps.steps, 1):
        marker = f"{number}. "
        indent = " " * len(marker)
        paragraphs = [f"{indent}{_indented(escape(p), indent)}" for p in step.paragraphs]
        items.append("\n\n".join([f"{marker}**{inline(step.heading)}**", *paragraphs]))
    return "\n\n".join(items)


def _indented(text: str, indent: str) -> str:
    return text.replace("\n", "\n" + indent)


def _schedule(schedule: Schedule) -> str:
    tables = []
    for pattern in schedule.patterns:
        rows = [_row(SCHEDULE_HEADER), "| --- | --- |"]
        rows += [_row((inline(row.period), inline(row.activity))) for row in pattern.rows]
        tables.append(f"#### {inline(pattern.name)}\n\n" + "\n".join(rows))
    return "\n\n".join(tables)


def _row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _bullets(lines: Iterable[str]) -> str:
    return "\n".join(f"- {inline(line)}" for line in lines)
