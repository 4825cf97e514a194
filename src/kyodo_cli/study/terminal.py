"""The quiz on a terminal: the keyboard it reads, and the cards it shows.

:class:`TerminalQuiz` supplies the ``read`` and ``show`` functions that
:func:`kyodo_cli.study.quiz.run_quiz` takes. Cards go out as rich renderables on a terminal and as
plain text otherwise (``--plain``); rich is imported only in the first case.
"""

from __future__ import annotations

from typing import TextIO

from kyodo_cli.errors import UsageError
from kyodo_cli.present.output import Output, OutputMode, is_terminal
from kyodo_cli.present.plain import answer_lines
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

NOT_A_TERMINAL = (
    "quiz は端末で対話しながら使うコマンドです（標準入力が端末ではありません）。"
    "一問だけ表示するには kyodo random を使ってください"
)


def require_terminal(stdin: TextIO | None) -> TextIO:
    """The keyboard, or a usage error when input comes from a pipe or a file."""
    if stdin is not None and is_terminal(stdin):
        return stdin
    raise UsageError(NOT_A_TERMINAL)


class TerminalQuiz:
    """Reads replies from ``stdin`` and shows cards through ``out``."""

    def __init__(self, out: Output, stdin: TextIO) -> None:
        self._out = out
        self._stdin = stdin
        self.interrupted = False  # Ctrl-C stopped the quiz: the command then exits 130

    def read(self, prompt: str) -> str:
        stdout = self._out.env.stdout
        stdout.write(prompt)
        stdout.flush()
        try:
            line = self._stdin.readline()
        except KeyboardInterrupt:  # Ctrl-C: stop as at the end of input, summary and all
            self.interrupted = True
            line = ""
        if not line:  # Ctrl-D: leave the prompt's line before the summary
            stdout.write("\n")
            raise EOFError
        return line.rstrip("\r\n")

    def show(self, screen: QuizScreen) -> None:
        if self._out.mode is OutputMode.RICH:
            from kyodo_cli.present.quiz import rich_screen

            self._out.console().print(rich_screen(screen))
        else:
            self._out.line(plain_screen(screen))

    def summary(self, result: QuizResult) -> None:
        if self._out.mode is OutputMode.RICH:
            from kyodo_cli.present.quiz import rich_summary

            self._out.console().print(rich_summary(result))
        else:
            self._out.line(plain_summary(result))


def plain_screen(screen: QuizScreen) -> str:
    if isinstance(screen, QuestionCard):
        heading = f"[{position_label(screen)}] {number_label(screen.qa.number)}"
        return f"\n{heading}（{chapter_label(screen.chapter)}）\n問: {screen.qa.question}"
    if isinstance(screen, AnswerCard):
        return "\n".join(["", "答:", *answer_lines(screen.qa.answer), ""])
    return screen


def plain_summary(result: QuizResult) -> str:
    lines = ["", result_line(result)]
    if result.review:
        lines.append(f"{review_heading(result)}:")
        lines += [f"  {number_label(qa.number)} {qa.question}" for qa in result.review]
        lines.append(reread_hint(result))
    return "\n".join(lines)
