"""The handbook as one self-contained HTML file: inline CSS and script, no external
resources; on screen a search box, a table of contents and links between Q&As, on paper
numbered pages with a running head.

All corpus text is HTML-escaped; control characters, which HTML forbids, become U+FFFD.
Corpus text reaches the style sheet (the running head) only through :func:`css_string`
and the script only as data, through ``export_search.script_json``. The markup is also
well-formed XML (void elements closed, attributes quoted, the script in CDATA), so that a
strict parser can check it.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Iterable

from kyodo_cli.corpus.records import QA, Block, Document, Paragraph, Schedule, Steps
from kyodo_cli.export.book import (
    CONTACT_HEADING,
    PREFACE_ID,
    TOC_HEADING,
    Handbook,
    chapter_id,
    item_id,
)
from kyodo_cli.export.search_data import page_script, search_form
from kyodo_cli.present.views import ChapterView, chapter_label, number_label, range_label

TOC_ID = "toc"
TOP_ID = "top"
SHORT_QA = 600  # characters: a Q&A this short is kept on one page when printed

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
td:first-child { min-width: 4em; }
.dated { border-left: 4px solid var(--accent); background: #f4f7fb; padding: 0.4em 0.8em; }
.search { margin: 1.2em 0; }
.search label { display: block; font-weight: bold; }
.search input {
  box-sizing: border-box; width: 100%; font: inherit; padding: 0.4em 0.6em;
  border: 1px solid var(--muted); border-radius: 4px;
}
.search-status { color: var(--muted); margin: 0.3em 0; min-height: 1.8em; }
mark.hit { background: #ffe58a; color: inherit; }
.qa-links { font-size: 0.9em; color: var(--muted); display: flex; flex-wrap: wrap;
  gap: 0.2em 1em; }
[hidden] { display: none !important; }
nav.toc ul { list-style: none; padding-left: 0; }
nav.toc ul ul { font-size: 0.92em; padding-left: 1.5em; }
.range { color: var(--muted); font-size: 0.9em; }
nav.chapters { display: flex; justify-content: space-between; gap: 1em;
  margin-top: 2em; font-size: 0.9em; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; color: #000; }
  a { color: inherit; text-decoration: none; }
  nav.chapters, .search, .qa-links, #results { display: none; }
  section.chapter { break-before: page; }
  h2, h3, h4 { break-after: avoid; }
  p { orphans: 3; widows: 3; }
  .qa.short, tr, .steps > li { break-inside: avoid; }
  thead { display: table-header-group; }
}
"""

# The running head names the document: corpus text, so it is written as a CSS string.
PAGE_STYLE = """
@page {{
  size: A4; margin: 20mm 16mm 18mm;
  @top-center {{ content: {head}; font-size: 8pt; color: #5f6368; }}
  @bottom-center {{ content: counter(page) " / " counter(pages); font-size: 8pt; }}
}}
@page :first {{ @top-center {{ content: none; }} }}
"""


def text(value: str) -> str:
    """Corpus text as HTML: escaped, control characters replaced, lines kept apart."""
    cleaned = "".join(_allowed(c) for c in value)
    return "<br />".join(html.escape(line) for line in cleaned.split("\n"))


def css_string(value: str) -> str:
    """Corpus text as a quoted CSS string that cannot end the string, the rule or the
    ``<style>`` element: anything but letters, digits and spaces is a hex escape."""
    escaped = "".join(
        c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in value if c.isprintable()
    )
    return f'"{escaped}"'


def _allowed(character: str) -> str:
    if character in "\n\t" or unicodedata.category(character) not in ("Cc", "Cs"):
        return character
    return "\ufffd"


def html_document(handbook: Handbook) -> str:
    document = handbook.document
    title = document.title
    if handbook.label:
        title += " — " + handbook.label
    elif not handbook.complete:
        title += " — " + "、".join(chapter_label(v.chapter) for v in handbook.chapters)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="ja">',
        "<head>",
        '<meta charset="utf-8" />',
        '<meta name="viewport" content="width=device-width, initial-scale=1" />',
        f"<title>{text(title)}</title>",
        f"<style>{STYLE}{PAGE_STYLE.format(head=css_string(document.title))}</style>",
        "</head>",
        "<body>",
        *_header(document),
        *(search_form() if handbook.corpus is not None else []),
        *_contents(handbook),
        "<main>",
        *_results(),
        *(_preface(document) if handbook.complete and document.preface else []),
        *_chapters(handbook),
        "</main>",
        *(_contact(document) if handbook.complete and document.contact else []),
        *(page_script(handbook) if handbook.corpus is not None else []),
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _header(document: Document) -> list[str]:
    parts = [f'<header id="{TOP_ID}">', f"<h1>{text(document.title)}</h1>"]
    if document.full_title != document.title:
        parts.append(f'<p class="subtitle">{text(document.full_title)}</p>')
    if document.publisher:
        parts.append(f'<p class="source">発行: {text(document.publisher)}{_date(document)}</p>')
    if note := _dated_note(document):
        parts.append(f'<p class="dated">{note}</p>')
    return [*parts, "</header>"]


def _dated_note(document: Document) -> str:
    """A reader of a 2012 document should know that offices and contacts may have moved."""
    year = document.published[:4]
    if not (len(year) == 4 and year.isdigit()):
        return ""
    printed = document.published_as_printed
    era = printed[: printed.find("年") + 1] if "年" in printed else ""
    when = f"{year}年（{text(era)}）" if era and not era.startswith(year) else f"{year}年"
    return (
        f"この文書は{when}に発行されたものです。"
        "窓口・担当課や連絡先などは、その後変わっている場合があります。"
    )


def _date(document: Document) -> str:
    shown = document.published_as_printed or document.published
    if not shown:
        return ""
    if document.published:
        return f'（<time datetime="{html.escape(document.published)}">{text(shown)}</time>）'
    return f"（{text(shown)}）"


def _contents(handbook: Handbook) -> list[str]:
    # Unnumbered lists: each entry carries its own number (第1章, Q30).
    parts = [f'<nav class="toc" id="{TOC_ID}" aria-label="{TOC_HEADING}" data-browse="">']
    parts += [f"<h2>{TOC_HEADING}</h2>", "<ul>"]
    if handbook.complete and handbook.document.preface:
        parts.append(_link(PREFACE_ID, handbook.document.preface_title or "はじめに"))
    for view in handbook.chapters:
        range_note = f' <span class="range">（{text(range_label(view))}）</span>'
        parts.append(f"<li>{_anchor(chapter_id(view), chapter_label(view.chapter))}{range_note}")
        questions = [
            _link(item_id(qa), f"{number_label(qa.number)} {qa.question}") for qa in view.items
        ]
        parts += ["<ul>", *questions, "</ul>", "</li>"] if questions else ["</li>"]
    return [*parts, "</ul>", "</nav>"]


def _link(target: str, label: str) -> str:
    return f"<li>{_anchor(target, label)}</li>"


def _anchor(target: str, label: str) -> str:
    return f'<a href="#{target}">{text(label)}</a>'


def _preface(document: Document) -> list[str]:
    title = document.preface_title or "はじめに"
    parts = [f'<section class="preface" id="{PREFACE_ID}" data-browse="">']
    parts.append(f"<h2>{text(title)}</h2>")
    return [*parts, *(f"<p>{text(p)}</p>" for p in document.preface), "</section>"]


def _results() -> list[str]:
    """Where the search box lists the Q&As it finds (filled by the script)."""
    return [
        '<section id="results" class="results" aria-label="検索結果" hidden="">',
        '<div id="results-list"></div>',
        "</section>",
    ]


def _chapters(handbook: Handbook) -> list[str]:
    views = handbook.chapters
    links = QaLinks.of(handbook)
    parts: list[str] = []
    for index, view in enumerate(views):
        previous = views[index - 1] if index > 0 else None
        following = views[index + 1] if index + 1 < len(views) else None
        parts += [f'<section class="chapter" id="{chapter_id(view)}">']
        parts += [f'<h2 data-browse="">{text(chapter_label(view.chapter))}</h2>']
        parts += [line for qa in view.items for line in _item(qa, links)]
        parts += [_chapter_nav(previous, following), "</section>"]
    return parts


RELATED = 3  # related Q&As linked under each, as show lists them


class QaLinks:
    """The links under each Q&A: related Q&As, the previous and next one, the top. Only
    Q&As on the page are links; others are named as text."""

    def __init__(self, numbers: list[int], related: dict[int, tuple[int, ...]]) -> None:
        self.numbers = numbers
        self.on_page = set(numbers)
        self.related = related

    @classmethod
    def of(cls, handbook: Handbook) -> QaLinks:
        numbers = [qa.number for view in handbook.chapters for qa in view.items]
        related: dict[int, tuple[int, ...]] = {}
        if handbook.corpus is not None:
            from kyodo_cli.search.indexes import open_index

            index = open_index(handbook.corpus)
            related = {n: tuple(index.related(n)[:RELATED]) for n in numbers}
        return cls(numbers, related)

    def line(self, qa: QA) -> str:
        at = self.numbers.index(qa.number)
        parts = []
        if related := self.related.get(qa.number):
            parts.append("関連: " + "、".join(self._to(n) for n in related))
        if at > 0:
            parts.append(f"前: {self._to(self.numbers[at - 1])}")
        if at + 1 < len(self.numbers):
            parts.append(f"次: {self._to(self.numbers[at + 1])}")
        parts.append(_anchor(TOP_ID, "↑ 先頭へ"))
        spans = "".join(f"<span>{part}</span>" for part in parts)
        return f'<p class="qa-links">{spans}</p>'

    def _to(self, number: int) -> str:
        label = number_label(number)
        return _anchor(f"q{number}", label) if number in self.on_page else text(label)


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


def _item(qa: QA, links: QaLinks) -> list[str]:
    number = f'<span class="number">{number_label(qa.number)}</span>'
    heading = f'<h3>{number}<span class="question">{text(qa.question)}</span></h3>'
    size = "short" if len(qa.question) + len(qa.answer_text) <= SHORT_QA else "long"
    return [
        f'<article class="qa {size}" id="{item_id(qa)}" data-number="{qa.number}">',
        heading,
        '<div class="answer">',
        *map(_block, qa.answer),
        "</div>",
        links.line(qa),
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
