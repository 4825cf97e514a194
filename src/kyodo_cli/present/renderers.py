"""Which renderer lays out each kind of view, for each output mode.

The rich renderers are reached through small wrappers that import them on first use, so
that plain and JSON output never load rich.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from . import render_json, render_plain
from .output import Renderers
from .views import AskView, ChapterView, ItemView

if TYPE_CHECKING:
    from rich.console import RenderableType


def _rich_show(views: Sequence[ItemView]) -> RenderableType:
    from .render import show_items

    return show_items(views)


def _rich_list(views: Sequence[ChapterView]) -> RenderableType:
    from .render import question_list

    return question_list(views)


def _rich_chapters(views: Sequence[ChapterView]) -> RenderableType:
    from .render import chapter_table

    return chapter_table(views)


def _rich_ask(view: AskView) -> RenderableType:
    from .render import ask_results

    return ask_results(view)


SHOW = Renderers(_rich_show, render_plain.show_items, render_json.show_items)
LIST = Renderers(_rich_list, render_plain.question_list, render_json.question_list)
CHAPTERS = Renderers(_rich_chapters, render_plain.chapter_table, render_json.chapter_table)
ASK = Renderers(_rich_ask, render_plain.ask_results, render_json.ask_results)
