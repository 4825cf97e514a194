"""Which renderer lays out each kind of view, for each output mode.

The rich renderers are reached through small wrappers that import them on first use, so
that plain and JSON output never load rich.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kyodo_cli.present import json as render_json
from kyodo_cli.present import plain as render_plain
from kyodo_cli.present.output import Renderers
from kyodo_cli.present.views import AskView, ChapterListing, ItemView

if TYPE_CHECKING:
    from rich.console import RenderableType


def _rich_show(views: Sequence[ItemView]) -> RenderableType:
    from kyodo_cli.present.rich import show_items

    return show_items(views)


def _rich_list(views: Sequence[ChapterListing]) -> RenderableType:
    from kyodo_cli.present.rich import question_list

    return question_list(views)


def _rich_chapters(views: Sequence[ChapterListing]) -> RenderableType:
    from kyodo_cli.present.rich import chapter_table

    return chapter_table(views)


def _rich_ask(view: AskView) -> RenderableType:
    from kyodo_cli.present.rich import ask_results

    return ask_results(view)


SHOW = Renderers(_rich_show, render_plain.show_items, render_json.show_items)
LIST = Renderers(_rich_list, render_plain.question_list, render_json.question_list)
CHAPTERS = Renderers(_rich_chapters, render_plain.chapter_table, render_json.chapter_table)
ASK = Renderers(_rich_ask, render_plain.ask_results, render_json.ask_results)
