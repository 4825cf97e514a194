"""The handbook as one self-contained HTML file: inline CSS, no scripts, no external
resources, a table of contents and chapter navigation on screen, clean pages on paper.

All corpus text is HTML-escaped; control characters, which HTML forbids, become U+FFFD.
The markup is also well-formed XML (void elements closed, attributes quoted), so that a
strict parser can check it.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Iterable

from kyodo_cli.corpus.records import QA, Block, Document, Paragraph, Schedule, Steps
from kyodo_cli.export.handbook import (
    CONTACT_HEADING,
    PREFACE_ID,
    TOC_HEADING,
    Handbook,
    chapter_id,
    item_id,
)
from kyodo_cli.present.views import ChapterView, chapter_label, number_label, range_label

TOC_ID = "toc"

STYLE = """
:root { color-scheme: light; --muted: #5f6368; --line: #d0d4d9; --accent: #1a5fa8; }
body {
  margin: 0 auto; max-width: 46em; padding: 1.5em 1.25em 4em; color: #202124;
  font-family: "Hiragino Kaku Gothic ProN", "Hiragino Sans", "Yu Gothic", YuGothic, Meiryo,
    "Noto Sans CJK JP", "Noto Sans JP", sans-serif;
  line-height: 1.8; overflow-wrap: anywhere; line-break: strict;
}
h1 { font-size: 1.6em; line-height: 1.4; margin-bottom: 0.3em; }
h2 {
  font-size: 1.3em; margin-top: 2.5em; padding-bottom: 0.2em;
  border-bottom: 2px solid var(--accent);
}
h3 { font-size: 1.05em; margin: 2em 0 0.6em; }
h4 { font-size: 1em; margin: 1.2em 0 0.4em; }
a { color: var(--accent); }
.subtitle, .source { color: var(--muted); margin: 0.2em 0; }
.number { display: inline-block; min-width: 3.2em; color: var(--accent); }
.qa { border-top: 1px solid var(--line); }
.steps > li { margin-bottom: 0.8em; }
.steps .heading { font-weight: bold; margin: 0; }
.steps p { margin: 0.2em 0; }
table { border-collapse: collapse; margin: 0.5em 0 1em; }
th, td {
  border: 1px solid var(--line); padding: 0.25em 0.8em; text-align: left; vertical-align: top;
}
th { background: #f1f3f4; }
td:first-child { white-space: nowrap; }
nav.toc ol { padding-left: 1.5em; }
nav.toc ol ol { font-size: 0.92em; }
.range { color: var(--muted); font-size: 0.9em; }
nav.chapters { display: flex; justify-content: space-between; gap: 1em;
  margin-top: 2em; font-size: 0.9em; }
@media print {
  @page { size: A4; margin: 18mm 16mm; }
  body { max-width: none; padding: 0; font-size: 10.5pt; color: #000; }
  a { color: inherit; text-decoration: none; }
  nav.chapters { display: none; }
  section.chapter { break-before: page; }
  h2, h3, h4 { break-after: avoid; }
  table, tr, .steps > li { break-inside: avoid; }
}
"""


def text(value: str) -> str:
    """Corpus text as HTML: escaped, control characters replaced, lines kept apart."""
    cleaned = "".join(_allowed(c) for c in value)
    return "<br />".join(html.escape(line) for line in cleaned.split("\n"))


def _allowed(character: str) -> str:
    if character in "\n\t" or unicodedata.category(character) not in ("Cc", "Cs"):
        return character
    return "\ufffd"


def html_document(handbook: Handbook) -> str:
    document = handbook.document
    title = document.title
    if not handbook.complete:
        title += " — " + "、".join(chapter_label(v.chapter) for v in handbook.chapters)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="ja">',
        "<head>",
        '<meta charset="utf-8" />',
        '<meta name="viewport" content="width=device-width, initial-scale=1" />',
        f"<title>{text(title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        *_header(document),
        *_contents(handbook),
        "<main>",
        *(_preface(document) if handbook.complete and document.preface else []),
        *_chapters(handbook.chapters),
        "</main>",
        *(_contact(document) if handbook.complete and document.contact else []),
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _header(document: Document) -> list[str]:
    parts = ["<header>", f"<h1>{text(document.title)}</h1>"]
    if document.full_title != document.title:
        parts.append(f'<p class="subtitle">{text(document.full_title)}</p>')
    if document.publisher:
        parts.append(f'<p class="source">発行: {text(document.publisher)}{_date(document)}</p>')
    return [*parts, "</header>"]


def _date(document: Document) -> str:
    shown = document.published_as_printed or document.published
    if not shown:
        return ""
    if document.published:
        return f'（<time datetime="{html.escape(document.published)}">{text(shown)}</time>）'
    return f"（{text(shown)}）"


def _contents(handbook: Handbook) -> list[str]:
    parts = [f'<nav class="toc" id="{TOC_ID}" aria-label="{TOC_HEADING}">']
    parts += [f"<h2>{TOC_HEADING}</h2>", "<ol>"]
    if handbook.complete and handbook.document.preface:
        parts.append(_link(PREFACE_ID, handbook.document.preface_title or "はじめに"))
    for view in handbook.chapters:
        range_note = f' <span class="range">（{text(range_label(view))}）</span>'
        parts.append(f"<li>{_anchor(chapter_id(view), chapter_label(view.chapter))}{range_note}")
        questions = [
            _link(item_id(qa), f"{number_label(qa.number)} {qa.question}") for qa in view.items
        ]
        parts += ["<ol>", *questions, "</ol>", "</li>"] if questions else ["</li>"]
    return [*parts, "</ol>", "</nav>"]


def _link(target: str, label: str) -> str:
    return f"<li>{_anchor(target, label)}</li>"


def _anchor(target: str, label: str) -> str:
    return f'<a href="#{target}">{text(label)}</a>'


def _preface(document: Document) -> list[str]:
    title = document.preface_title or "はじめに"
    parts = [f'<section class="preface" id="{PREFACE_ID}">', f"<h2>{text(title)}</h2>"]
    return [*parts, *(f"<p>{text(p)}</p>" for p in document.preface), "</section>"]


def _chapters(views: tuple[ChapterView, ...]) -> list[str]:
    parts: list[str] = []
    for index, view in enumerate(views):
        previous = views[index - 1] if index > 0 else None
        following = views[index + 1] if index + 1 < len(views) else None
        parts += [f'<section class="chapter" id="{chapter_id(view)}">']
        parts += [f"<h2>{text(chapter_label(view.chapter))}</h2>"]
        parts += [line for qa in view.items for line in _item(qa)]
        parts += [_chapter_nav(previous, following), "</section>"]
    return parts


def _chapter_nav(previous: ChapterView | None, following: ChapterView | None) -> str:
    links = (
        _neighbour(previous, "← {}"),
        _anchor(TOC_ID, TOC_HEADING),
        _neighbour(following, "{} →"),
    )
    return f'<nav class="chapters" aria-label="章の移動">{"".join(links)}</nav>'


def _neighbour(view: ChapterView | None, label: str) -> str:
    if view is None:
        return "<span></span>"  # keeps the link to the contents in the middle
    return _anchor(chapter_id(view), label.format(chapter_label(view.chapter)))


def _item(qa: QA) -> list[str]:
    heading = f'<h3><span class="number">{number_label(qa.number)}</span>{text(qa.question)}</h3>'
    return [
        f'<article class="qa" id="{item_id(qa)}">',
        heading,
        *map(_block, qa.answer),
        "</article>",
    ]


def _block(block: Block) -> str:
    if isinstance(block, Paragraph):
        return f"<p>{text(block.text)}</p>"
    if isinstance(block, Steps):
        return _steps(block)
    return _schedule(block)


def _steps(steps: Steps) -> str:
    items = []
    for step in steps.steps:
        paragraphs = "".join(f"<p>{text(p)}</p>" for p in step.paragraphs)
        items.append(f'<li><p class="heading">{text(step.heading)}</p>{paragraphs}</li>')
    return '<ol class="steps">\n' + "\n".join(items) + "\n</ol>"


def _schedule(schedule: Schedule) -> str:
    tables = []
    for pattern in schedule.patterns:
        rows = [_table_row("td", (row.period, row.activity)) for row in pattern.rows]
        tables.append(
            f"<h4>{text(pattern.name)}</h4>\n<table>\n"
            f"<thead>{_table_row('th', ('時期', '内容'))}</thead>\n"
            f"<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>"
        )
    return "\n".join(tables)


def _table_row(cell: str, values: Iterable[str]) -> str:
    scope = ' scope="col"' if cell == "th" else ""
    return "<tr>" + "".join(f"<{cell}{scope}>{text(v)}</{cell}>" for v in values) + "</tr>"


def _contact(document: Document) -> list[str]:
    lines = "".join(f"<li>{text(line)}</li>" for line in document.contact)
    return ["<footer>", f"<h2>{CONTACT_HEADING}</h2>", f"<ul>{lines}</ul>", "</footer>"]
