"""What ``kyodo browse`` lists: the best Q&As for what is typed, or the questions of a
chapter in order; at most ``rows`` of them, with a heading that says how many there are.
(And the line under its answer: the keys that open the Q&As named there.)

However many Q&As a corpus has, a listing holds a screenful or two: the list is bounded
by ``rows`` and the Q&As in it are read only for the rows it shows. The list shows their
questions only; the engine builds no snippet for any of them (the answer pane marks the
answer it shows, one at a time). Imports no Textual: the app builds a listing on a worker
thread and shows it on its own.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from rich.text import Text

from kyodo_cli.corpus.records import QA, Corpus
from kyodo_cli.errors import KyodoError
from kyodo_cli.present.rich import HEADING, NUMBER
from kyodo_cli.present.views import (
    ItemView,
    ask_view,
    chapter_label,
    no_match_lines,
    number_label,
    query_label,
    results_heading,
)
from kyodo_cli.session import Session

ROWS = 100  # a list longer than this is read by narrowing the search, not by scrolling
NO_MATCH = "該当なし"


@dataclass(frozen=True, eq=False)
class Request:
    """What the search box and the chapter tab ask for. Compared by identity: a later
    request for the same text is still a newer one."""

    query: str
    chapter: int | None

    @property
    def searches(self) -> bool:
        return bool(self.query.strip())


class Listing(NamedTuple):
    """The rows of the result list and its heading; with no rows, the ``message`` that the
    answer pane shows instead of an answer."""

    title: str
    items: tuple[QA, ...]
    message: tuple[Text, ...] = ()
    notices: tuple[str, ...] = ()  # one line each, for the user


def search_listing(session: Session, corpus: Corpus, request: Request, rows: int = ROWS) -> Listing:
    """The best ``rows`` Q&As for the request's query, as ``ask`` ranks them; the heading
    counts all that matched."""
    try:
        found = session.search(
            corpus,
            request.query,
            limit=min(rows, len(corpus.items)),
            chapter=request.chapter,
            snippets=False,  # the list shows questions only
        )
    except KyodoError as error:
        return Listing("検索できません", (), (Text(error.message),))
    view = ask_view(corpus, found)
    if view.hits:
        items = tuple(hit.qa for hit in view.hits)
        return Listing(results_heading(view), items, notices=found.notices)
    first, *suggestions = no_match_lines(view)
    message = (Text(NO_MATCH, style=HEADING), Text(first), *(Text(s) for s in suggestions))
    return Listing(f"{query_label(view)}: {NO_MATCH}", (), message, found.notices)


def chapter_listing(corpus: Corpus, chapter: int | None, rows: int = ROWS) -> Listing:
    """The first ``rows`` questions of a chapter (of every chapter for None), in order."""
    found = None if chapter is None else corpus.chapter(chapter)
    if found is None:
        count = len(corpus.items)
        return Listing(f"全 {count} 問{_first(count, rows)}", tuple(corpus.items[:rows]))
    items = _items(corpus, found.numbers[:rows])
    title = f"{chapter_label(found)}・{len(found.numbers)} 問{_first(len(found.numbers), rows)}"
    return Listing(title, items)


def _first(count: int, rows: int) -> str:
    return f"（先頭の {rows} 問）" if count > rows else ""


def _items(corpus: Corpus, numbers: Sequence[int]) -> tuple[QA, ...]:
    return tuple(qa for qa in (corpus.item(number) for number in numbers) if qa is not None)


def row(qa: QA) -> Text:
    """A Q&A as the list shows it: its number and question."""
    return Text.assemble((f"{number_label(qa.number):>3}", NUMBER), " ", qa.question)


def follow_keys(view: ItemView) -> str:
    """The keys that open the related and neighbouring Q&As shown under the answer."""
    keys = [f"{place}: {number_label(qa.number)}" for place, qa in enumerate(view.related, 1)]
    if view.previous is not None:
        keys.append(f"p: {number_label(view.previous)}")
    if view.next is not None:
        keys.append(f"n: {number_label(view.next)}")
    return f"開く（検索欄の外で）　{'　'.join(keys)}" if keys else ""
