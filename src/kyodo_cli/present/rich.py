"""Terminal output: rich renderables that wrap to the console's width.

Corpus text always enters rich as :class:`~rich.text.Text` (or a styled piece of one),
never as a markup string, so a question containing ``[bold]`` prints exactly as written.
These functions build renderables and print nothing; the command line owns the console.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich import box
from rich.cells import get_character_cell_size
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.constrain import Constrain
from rich.measure import Measurement
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from kyodo_cli.corpus.records import QA, Block, Chapter, Paragraph, Schedule, Steps
from kyodo_cli.present.linebreak import display_width, line_breaks, unbreakable_width
from kyodo_cli.present.views import (
    NOT_ANSWERED,
    AskView,
    ChapterListing,
    HitView,
    ItemView,
    Listed,
    chapter_label,
    count_label,
    lost_text_note,
    match_label,
    neighbours_label,
    next_steps,
    no_match_lines,
    number_label,
    range_label,
    results_heading,
    segments,
    unanswered_heading,
)
from kyodo_cli.spans import Span

NUMBER = "bold cyan"
QUESTION = "bold"
HEADING = "bold"
HIGHLIGHT = "bold yellow"
SENTENCE = "bold underline"  # the sentence that answers, in a full answer
SENTENCE_MARK = "▶"
MUTED = "dim"
INDENT = (0, 0, 0, 3)
LABEL_STYLES = {"answer": "bold green", "near": "green"}
# Lines of text much longer than about 40 full-width characters are hard to follow back
# to the next line's start; a panel adds 2 cells of border and 4 of padding.
READING_WIDTH = 80
PANEL_FRAME = 6


class Wrapped:
    """Text wrapped by Japanese line-breaking rules; rich alone would wrap only at spaces
    and fold anywhere, leaving 、 and 。 at the start of a line."""

    def __init__(self, text: Text) -> None:
        self.text = text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self.text.split("\n", allow_blank=True):
            yield from line.divide(
                line_breaks(line.plain, options.max_width, get_character_cell_size)
            )

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        lines = self.text.plain.split("\n")
        widest = max(display_width(line, get_character_cell_size) for line in lines)
        narrowest = max(unbreakable_width(line, get_character_cell_size) for line in lines)
        return Measurement(narrowest, widest).clamp(max_width=options.max_width)


def wrapped(text: str, style: str = "") -> Wrapped:
    return Wrapped(Text(text, style=style))


def readable(renderable: RenderableType) -> RenderableType:
    """No wider than a comfortable line of text, however wide the terminal."""
    return Constrain(renderable, READING_WIDTH + PANEL_FRAME)


def show_items(views: Sequence[ItemView]) -> RenderableType:
    return readable(Group(*(_item(view) for view in views)))


def _item(view: ItemView) -> RenderableType:
    panel = _answer_panel(view.qa, _title(view.qa, view.chapter), view.marks, view.words)
    return Group(panel, _related(view.related), Text(neighbours_label(view), style=MUTED), Text())


def _title(qa: QA, chapter: Chapter, *extra: Text) -> Text:
    return Text.assemble((number_label(qa.number), NUMBER), "  ", chapter_label(chapter), *extra)


def _answer_panel(
    qa: QA,
    title: Text,
    marks: Mapping[int, Span] | None = None,
    words: Mapping[int, Sequence[Span]] | None = None,
) -> TitledPanel:
    question = Table.grid(padding=(0, 1))
    question.add_column(style=NUMBER, no_wrap=True)
    question.add_column(ratio=1, overflow="fold")
    question.add_row(Text("問"), wrapped(qa.question, QUESTION))
    parts = [question, Text(), answer(qa.answer, marks, words)]
    if note := lost_text_note(qa):
        parts += [Text(), wrapped(note, MUTED)]
    return TitledPanel(Group(*parts), title)


class TitledPanel:
    """A panel titled in its top border, or just above it where the border is too short
    for the title: rich would cut the title off there."""

    BORDER = 6  # "╭─ " and " ─╮" around the title

    def __init__(self, body: RenderableType, title: Text) -> None:
        self.body = body
        self.title = title

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        fits = self.title.cell_len + self.BORDER <= options.max_width
        if not fits:
            yield Wrapped(self.title)
        title = self.title if fits else None
        needed = Measurement.get(console, options, self.body).maximum + PANEL_FRAME
        width = min(options.max_width, max(needed, self.title.cell_len + self.BORDER))
        yield Panel(
            self.body,
            title=title,
            title_align="left",
            box=box.ROUNDED,
            padding=(1, 2),
            width=width,
        )


def answer(
    blocks: Sequence[Block],
    marks: Mapping[int, Span] | None = None,
    words: Mapping[int, Sequence[Span]] | None = None,
) -> RenderableType:
    """The blocks of an answer; the answering sentence (its place in the answer's lines,
    ``marks``) styled, with ▶ where it begins; the query's ``words`` highlighted."""
    lines = _Lines(marks or {}, words or {})
    parts: list[RenderableType] = []
    for block in blocks:
        if parts:
            parts.append(Text())
        parts.append(_block(block, lines))
    return Group(*parts)


class _Lines:
    """The answer's lines in reading order, as Text, the answering sentence marked."""

    def __init__(self, marks: Mapping[int, Span], words: Mapping[int, Sequence[Span]]) -> None:
        self.marks = marks
        self.words = words
        self.first = min(marks, default=None)
        self.line = -1

    def text(self, line: str, style: str = "") -> Text:
        self.line += 1
        text = Text(line, style=style)
        for start, end in self.words.get(self.line, ()):
            text.stylize(HIGHLIGHT, start, end)
        span = self.marks.get(self.line)
        if span is None:
            return text
        start, end = span
        text.stylize(SENTENCE, start, end)
        if self.line != self.first:
            return text
        return Text.assemble(text[:start], (SENTENCE_MARK, SENTENCE), text[start:])


def _block(block: Block, lines: _Lines) -> RenderableType:
    if isinstance(block, Paragraph):
        return Wrapped(lines.text(block.text))
    if isinstance(block, Steps):
        return _steps(block, lines)
    return _schedule(block, lines)


def _steps(steps: Steps, lines: _Lines) -> RenderableType:
    table = Table.grid(padding=(0, 1))
    table.add_column(justify="right", no_wrap=True)
    table.add_column(ratio=1, overflow="fold")
    for number, step in enumerate(steps.steps, 1):
        gap = [Text()] if number < len(steps.steps) else []
        heading = Wrapped(lines.text(step.heading, HEADING))
        paragraphs = [Wrapped(lines.text(paragraph)) for paragraph in step.paragraphs]
        table.add_row(Text(f"{number}.", style=NUMBER), Group(heading, *paragraphs, *gap))
    return table


def _schedule(schedule: Schedule, lines: _Lines) -> RenderableType:
    tables: list[RenderableType] = []
    for pattern in schedule.patterns:
        title = lines.text(pattern.name, HEADING)
        table = Table(title=title, title_justify="left", box=box.SQUARE)
        table.add_column(Text("時期"), no_wrap=True)
        table.add_column(Text("内容"), overflow="fold")
        for row in pattern.rows:
            # A row is one line of the answer text: the period, a full-width space, the activity.
            marked = lines.text(f"{row.period}\u3000{row.activity}")
            cut = marked.plain.index("\u3000")
            table.add_row(marked[:cut], Wrapped(marked[cut + 1 :]))
        tables += [Text(), table] if tables else [table]
    return Group(*tables)


def _related(related: Sequence[QA]) -> RenderableType:
    if not related:
        return Group()
    return Group(
        Text("関連する質問", style=HEADING), Padding(_question_rows(related), (0, 0, 0, 2))
    )


def _question_rows(items: Sequence[QA | Listed]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style=NUMBER, justify="right", no_wrap=True)
    table.add_column(ratio=1, overflow="fold")
    for qa in items:
        table.add_row(Text(number_label(qa.number)), wrapped(qa.question))
    return table


def question_list(views: Sequence[ChapterListing]) -> RenderableType:
    parts: list[RenderableType] = []
    for view in views:
        heading = Text.assemble(
            (chapter_label(view.chapter), HEADING),
            (f"（{range_label(view)}、{count_label(view.total)}）", MUTED),
        )
        parts += [heading, Padding(_question_rows(view.questions), (0, 0, 1, 2))]
    return readable(Group(*parts))


def chapter_table(views: Sequence[ChapterListing]) -> RenderableType:
    table = Table(box=box.ROUNDED)
    table.add_column(Text("章"), justify="right", style=NUMBER, no_wrap=True)
    table.add_column(Text("タイトル"), overflow="fold")
    table.add_column(Text("範囲"), no_wrap=True)
    table.add_column(Text("問数"), justify="right", no_wrap=True)
    for v in views:
        table.add_row(
            Text(str(v.chapter.number)),
            wrapped(v.chapter.title),
            Text(range_label(v)),
            Text(str(v.total)),
        )
    return table


def ask_results(view: AskView) -> RenderableType:
    if not view.hits:
        first, *rest = no_match_lines(view)
        lines = (Text(line, style="yellow") for line in rest)
        return readable(Group(Text(first, style=HEADING), *lines))
    if view.answered:
        parts: list[RenderableType] = [Text(results_heading(view), style=HEADING)]
    else:
        parts = [
            Text(NOT_ANSWERED, style="bold yellow"),
            Text(unanswered_heading(view), style=HEADING),
        ]
    for rank, hit in enumerate(view.hits, 1):
        full = view.full or (rank == 1 and view.answered)
        parts.append(_full_hit(rank, hit) if full else _short_hit(rank, hit))
    parts += [Text(), Text(next_steps(view), style=MUTED)]
    return readable(Group(*parts))


def _label(hit: HitView) -> Text:
    style = LABEL_STYLES.get(hit.match, MUTED)
    return Text.assemble("  ", (f"［{match_label(hit.match)}］", style))


def _full_hit(rank: int, hit: HitView) -> RenderableType:
    title = _title(hit.qa, hit.chapter, _label(hit))
    return _answer_panel(hit.qa, Text.assemble(f"{rank}. ", title), hit.marks)


def _short_hit(rank: int, hit: HitView) -> RenderableType:
    heading = Text.assemble((f"{rank}. ", HEADING), _title(hit.qa, hit.chapter), _label(hit))
    body = Group(wrapped(hit.qa.question, QUESTION), snippet(hit))
    return Group(heading, Padding(body, INDENT))


def snippet(hit: HitView) -> Wrapped:
    """The snippet as one paragraph with its highlighted spans styled (never parsed as markup)."""
    pieces = segments(hit.snippet, hit.highlights)
    text = Text.assemble(*((" ".join(p.splitlines()), HIGHLIGHT if on else "") for p, on in pieces))
    return Wrapped(text)
