"""Plain-text output: no colour, no box drawing and no wrapping, so that it reads the same at
any width and stays stable for grep. Highlighted words are marked 【like this】."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from kyodo_cli.corpus.records import Block, Paragraph, Schedule, Steps
from kyodo_cli.present.linebreak import display_width
from kyodo_cli.present.views import (
    NOT_ANSWERED,
    AskView,
    ChapterListing,
    HitView,
    ItemView,
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

HIGHLIGHT = ("【", "】")
SENTENCE_MARK = "▶"  # before the sentence that answers, in a full answer
ITEM_SEPARATOR = "=" * 40
COLUMN_GAP = 2
SCHEDULE_HEADER = ("時期", "内容")


def show_items(views: Sequence[ItemView]) -> str:
    return f"\n\n{ITEM_SEPARATOR}\n\n".join(_item(view) for view in views)


def _item(view: ItemView) -> str:
    lines = [
        f"{number_label(view.qa.number)}（{chapter_label(view.chapter)}）",
        f"問: {view.qa.question}",
        "",
        "答:",
        *answer_lines(view.qa.answer),
    ]
    if note := lost_text_note(view.qa):
        lines += ["", note]
    if view.related:
        lines += ["", "関連する質問:"]
        lines += [f"  {number_label(qa.number)} {qa.question}" for qa in view.related]
    lines += ["", neighbours_label(view)]
    return "\n".join(lines)


def answer_lines(answer: Sequence[Block], marks: Mapping[int, Span] | None = None) -> list[str]:
    """The blocks of an answer, a blank line between blocks; the answering sentence (its
    place in the answer's lines, ``marks``) begins with ▶."""
    lines: list[str] = []
    marker = _Marker(marks or {})
    for block in answer:
        if lines:
            lines.append("")
        lines += _block_lines(block, marker)
    return lines


class _Marker:
    """Counts the answer's lines in reading order and puts ▶ where the answering sentence
    begins."""

    def __init__(self, marks: Mapping[int, Span]) -> None:
        self.first = min(marks, default=None)
        self.start = marks[self.first][0] if self.first is not None else 0
        self.line = -1

    def __call__(self, text: str) -> str:
        self.line += 1
        if self.line != self.first:
            return text
        return text[: self.start] + SENTENCE_MARK + text[self.start :]


def _block_lines(block: Block, mark: _Marker) -> list[str]:
    if isinstance(block, Paragraph):
        return [mark(block.text)]
    if isinstance(block, Steps):
        return _steps_lines(block, mark)
    return _schedule_lines(block, mark)


def _steps_lines(steps: Steps, mark: _Marker) -> list[str]:
    lines: list[str] = []
    for number, step in enumerate(steps.steps, 1):
        marker = f"{number}. "
        if lines:
            lines.append("")
        lines.append(marker + mark(step.heading))
        lines += [" " * len(marker) + mark(paragraph) for paragraph in step.paragraphs]
    return lines


def _schedule_lines(schedule: Schedule, mark: _Marker) -> list[str]:
    lines: list[str] = []
    for pattern in schedule.patterns:
        if lines:
            lines.append("")
        lines.append(mark(f"【{pattern.name}】"))
        rows = [SCHEDULE_HEADER]
        for row in pattern.rows:
            # A row is one line of the answer text: the period, a full-width space, the activity.
            period, _, activity = mark(f"{row.period}\u3000{row.activity}").partition("\u3000")
            rows.append((period, activity))
        lines += table_lines(rows)
    return lines


def table_lines(rows: Sequence[Sequence[str]]) -> list[str]:
    """Rows as columns aligned by display width (a kanji takes two cells); the last unpadded."""
    columns = max(len(row) for row in rows)
    widths = [  # of the columns before the last, which is not padded
        max((display_width(row[i]) for row in rows if i < len(row) - 1), default=0)
        for i in range(columns - 1)
    ]
    return ["".join(map(_padded, row[:-1], widths)) + row[-1] for row in rows]


def _padded(cell: str, width: int) -> str:
    return cell + " " * (width - display_width(cell) + COLUMN_GAP)


def question_list(views: Sequence[ChapterListing]) -> str:
    return "\n\n".join(_chapter_questions(view) for view in views)


def _chapter_questions(view: ChapterListing) -> str:
    lines = [f"{chapter_label(view.chapter)}（{range_label(view)}、{count_label(view.total)}）"]
    rows = [(number_label(qa.number), qa.question) for qa in view.questions]
    lines += [f"  {line}" for line in table_lines(rows)] if rows else ["  （質問はありません）"]
    return "\n".join(lines)


def chapter_table(views: Sequence[ChapterListing]) -> str:
    rows = [
        (f"第{v.chapter.number}章", v.chapter.title, range_label(v), count_label(v.total))
        for v in views
    ]
    return "\n".join(table_lines(rows))


def ask_results(view: AskView, *, next_step: bool = True) -> str:
    """The results; ``next_step``: end with how to read on (for a person at a shell)."""
    if not view.hits:
        return "\n".join(no_match_lines(view))
    if view.answered:
        parts = [results_heading(view)]
    else:
        parts = [f"{NOT_ANSWERED}\n{unanswered_heading(view)}"]
    parts += [
        _hit(rank, hit, view.full or (rank == 1 and view.answered))
        for rank, hit in enumerate(view.hits, 1)
    ]
    if next_step:
        parts.append(next_steps(view))
    return "\n\n".join(parts)


def _hit(rank: int, hit: HitView, full: bool) -> str:
    heading = f"{number_label(hit.qa.number)}（{chapter_label(hit.chapter)}）"
    lines = [f"{rank}. {heading}［{match_label(hit.match)}］", f"問: {hit.qa.question}"]
    if full:
        lines += ["答:", *answer_lines(hit.qa.answer, hit.marks)]
        if note := lost_text_note(hit.qa):
            lines += ["", note]
    else:
        lines.append(f"抜粋: {highlighted(hit.snippet, hit.highlights)}")
    return "\n".join(lines)


def highlighted(text: str, spans: Sequence[Span]) -> str:
    """The text with its highlighted spans in 【】, on one line."""
    opening, closing = HIGHLIGHT
    marked = "".join(
        f"{opening}{piece}{closing}" if hit else piece for piece, hit in segments(text, spans)
    )
    return " ".join(marked.splitlines())
