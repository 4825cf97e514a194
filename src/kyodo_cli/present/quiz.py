"""The quiz's cards on a terminal, as rich renderables (corpus text always as ``Text``)."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from kyodo_cli.present.rich import HEADING, MUTED, NUMBER, QUESTION, answer, wrapped
from kyodo_cli.present.views import chapter_label, number_label
from kyodo_cli.study.quiz import (
    AnswerCard,
    QuestionCard,
    QuizResult,
    QuizScreen,
    position_label,
    reread_hint,
    result_line,
    review_heading,
)


def rich_screen(screen: QuizScreen) -> RenderableType:
    if isinstance(screen, QuestionCard):
        return _question(screen)
    if isinstance(screen, AnswerCard):
        body = Padding(answer(screen.qa.answer), (0, 0, 1, 2))
        return Group(Text(), Text("答", style=HEADING), body)
    return Text(screen, style="yellow")


def _question(card: QuestionCard) -> RenderableType:
    title = Text.assemble(
        (f"{position_label(card)}  ", MUTED),
        (number_label(card.qa.number), NUMBER),
        "  ",
        chapter_label(card.chapter),
    )
    body = wrapped(card.qa.question, QUESTION)
    return Group(Text(), Panel(body, title=title, title_align="left", box=box.ROUNDED))


def rich_summary(result: QuizResult) -> RenderableType:
    parts: list[RenderableType] = [Text(), Text(result_line(result), style=HEADING)]
    if result.review:
        rows = Table.grid(padding=(0, 2))
        rows.add_column(style=NUMBER, justify="right", no_wrap=True)
        rows.add_column(ratio=1, overflow="fold")
        for qa in result.review:
            rows.add_row(Text(number_label(qa.number)), wrapped(qa.question))
        parts += [
            Text(review_heading(result)),
            Padding(rows, (0, 0, 0, 2)),
            Text(reread_hint(result), style=MUTED),
        ]
    return Group(*parts)
