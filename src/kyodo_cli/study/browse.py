"""``kyodo browse``: a full-screen terminal app that searches as you type.

A search box, a row of chapter tabs, the results (number and question) and the selected
Q&A rendered as ``show`` renders it: below the list in a narrow terminal, beside it in a
wide one. An empty box lists the questions of the chosen chapter in order. Only this
command imports Textual.

What is typed is searched on a worker thread, so the box takes every key at once however
large the corpus, and the list shows the best ``rows`` (``study/listing.py``); a search's
listing is shown only if no other was asked for since. Sudachi's tokenizer serves one
thread at a time (it refuses a second), so every analysis (searches, the answer's marks,
loading the dictionary) holds the app's ``analysing`` lock. An index opened from a file
answers any thread; one that lives in memory only answers the thread that built it, and
with one the app searches on its own thread.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, VerticalScroll
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Footer, Input, OptionList, Static, Tab, Tabs
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from kyodo_cli.corpus.records import QA, Corpus
from kyodo_cli.errors import ExitStatus, KyodoError
from kyodo_cli.present.output import Environment
from kyodo_cli.present.rich import MUTED, show_items
from kyodo_cli.present.views import ItemView, item_view, line_marks, line_spans
from kyodo_cli.session import Session
from kyodo_cli.study.listing import (
    NO_MATCH,
    ROWS,
    Listing,
    Request,
    chapter_listing,
    follow_keys,
    row,
    search_listing,
)

DEBOUNCE_SECONDS = 0.15
WIDE_COLUMNS = 120  # from here on the answer sits beside the list
ALL_CHAPTERS = "すべて"


def browse(session: Session, corpus: Corpus, chapter: int | None = None) -> ExitStatus:
    """Run the app until the user quits; the exit status of the command."""
    # Opened (or built, for a new corpus) before the screen is taken over, so that what the
    # store reports about it is printed where it can be read.
    session.index(corpus)
    app = BrowseApp(corpus, chapter, session=session)
    app.run()
    if app.return_code in (ExitStatus.OK, ExitStatus.INTERRUPTED):
        return ExitStatus(app.return_code)
    return ExitStatus.INTERNAL  # Textual has already shown what went wrong


class Listed(Message):
    """A search's listing, posted by the worker thread that made it."""

    def __init__(self, request: Request, listing: Listing) -> None:
        super().__init__()
        self.request = request
        self.listing = listing


class SearchBox(Input):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "app.open_answer", "回答を読む"),
        Binding("escape", "clear_query", "消去"),
        Binding("ctrl+t", "app.next_chapter", "章を切替"),
    ]

    def action_clear_query(self) -> None:
        self.value = ""


class ResultList(OptionList):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "app.open_answer", "回答を読む"),
    ]


class BrowseApp(App[None]):
    """Search box, chapter tabs, result list and answer; ``chapter`` is the first tab shown."""

    CSS = """
    #body { height: 1fr; }
    #results { height: 8; text-wrap: nowrap; text-overflow: ellipsis; }
    #answer { height: 1fr; padding-left: 1; }
    #answer:focus { padding-left: 0; border-left: thick $accent; }
    Screen.-wide #body { layout: horizontal; }
    Screen.-wide #results { height: 1fr; width: 2fr; }
    Screen.-wide #answer { width: 3fr; }
    """
    # Textual types this as an instance variable, so it cannot be annotated ClassVar here.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE_COLUMNS, "-wide")]  # noqa: RUF012
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "focus_search", "検索欄へ"),
        Binding("ctrl+t", "next_chapter", "章を切替"),
        Binding("ctrl+q", "leave", "終了", priority=True),  # everywhere, the box included
        Binding("q", "quit", "終了", show=False),  # outside the box, where q is no letter
        Binding("ctrl+c", "interrupt", show=False),  # interrupted: status 130
        Binding("p", "open_neighbour(-1)", "前"),
        Binding("n", "open_neighbour(1)", "次"),
        Binding("1", "open_related(0)", show=False),
        Binding("2", "open_related(1)", show=False),
        Binding("3", "open_related(2)", show=False),
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
        Binding("pagedown", "page_answer(1)", show=False),
        Binding("pageup", "page_answer(-1)", show=False),
    ]

    def __init__(
        self,
        corpus: Corpus,
        chapter: int | None = None,
        *,
        debounce: float = DEBOUNCE_SECONDS,
        rows: int = ROWS,
        session: Session | None = None,
    ) -> None:
        super().__init__()
        self.session = session or Session(Environment.from_system())
        self.corpus = corpus
        self.chapter = chapter
        self.debounce = debounce
        self.rows = rows
        self._pending: Timer | None = None
        self._asked: Request | None = None  # the latest listing asked for
        self._listed: Request | None = None  # the one the list shows
        self._analysing = threading.Lock()
        self._in_background = False
        self.shown: ItemView | None = None  # the Q&A in the answer pane

    def compose(self) -> ComposeResult:
        yield SearchBox(placeholder="言葉を入力して検索（例: 補助金）", id="query")
        tabs = [Tab(f"第{c.number}章", id=_tab_id(c.number)) for c in self.corpus.chapters]
        yield Tabs(Tab(ALL_CHAPTERS, id=_tab_id(None)), *tabs, active=_tab_id(self.chapter))
        with Container(id="body"):
            yield ResultList(id="results")
            with VerticalScroll(id="answer"):
                yield Static(id="answer-body")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(SearchBox).focus()
        # Opened before any worker starts; see the module's docstring for the path.
        self._in_background = self.session.index(self.corpus).path is not None
        self.update_results()
        if self._in_background:
            self.run_worker(self._load_dictionary, thread=True, group="dictionary")
        else:
            self.call_after_refresh(self._load_dictionary)

    def _load_dictionary(self) -> None:
        with self._analysing:
            self.session.engine(self.corpus).analyse("協働")

    # -- what is listed ----------------------------------------------------------------

    def update_results(self, *, now: bool = False) -> None:
        """List what the box and the chapter tab ask for: at once for an empty box (or
        ``now``), from a search on a worker thread for a query."""
        if self._pending is not None:
            self._pending.stop()
            self._pending = None
        request = Request(self.query_one(SearchBox).value, self.chapter)
        self._asked = request
        if self._in_background and request.searches and not now:
            self._search_in_background(request)
        else:
            self.workers.cancel_group(self, "search")
            self._show_listing(request, self._listing(request))

    def _listing(self, request: Request) -> Listing:
        if not request.searches:
            return chapter_listing(self.corpus, request.chapter, self.rows)
        with self._analysing:
            return search_listing(self.session, self.corpus, request, self.rows)

    @work(thread=True, exclusive=True, group="search")
    def _search_in_background(self, request: Request) -> None:
        worker = get_current_worker()
        with self._analysing:
            if worker.is_cancelled:  # a newer search was asked for while this one waited
                return
            listing = search_listing(self.session, self.corpus, request, self.rows)
        self.post_message(Listed(request, listing))

    def on_listed(self, message: Listed) -> None:
        if message.request is self._asked:  # else another listing was asked for since
            self._show_listing(message.request, message.listing)

    def _show_listing(self, request: Request, listing: Listing) -> None:
        self._listed = request
        self._list(listing.items, listing.title)
        if listing.message:
            self._show_message(*listing.message)
        for notice in listing.notices:
            self.notify(notice, title="お知らせ", markup=False)

    def _list(self, items: Sequence[QA], title: str) -> None:
        results = self.query_one(ResultList)
        results.border_title = Text(title)  # a Text, so that no query is read as markup
        results.clear_options()
        if not items:
            results.add_option(Option(Text(NO_MATCH, style=MUTED), disabled=True))
            self._show_message()
            return
        results.add_options(Option(row(qa), id=str(qa.number)) for qa in items)
        results.highlighted = 0  # posts OptionHighlighted, which shows the answer

    # -- what is shown -----------------------------------------------------------------

    def show_answer(self, number: int) -> None:
        """Show Q&A ``number``; with a query in the box, its answering sentence and the
        query's words marked."""
        qa = self.corpus.item(number)
        if qa is None:
            return
        view = item_view(self.corpus, qa, self.session.related(self.corpus, number))
        query = self.query_one(SearchBox).value
        if query.strip():
            view = self._marked(view, query)
        self.shown = view
        self._show(Group(show_items([view]), Text(follow_keys(view), style=MUTED)))

    def _marked(self, view: ItemView, query: str) -> ItemView:
        try:
            with self._analysing:
                engine = self.session.engine(self.corpus)
                sentence, words = engine.answer_marks(query, view.qa.number)
        except KyodoError:
            return view
        lines = view.qa.answer_lines
        return view._replace(marks=line_marks(lines, sentence), words=line_spans(lines, words))

    def _show_message(self, *lines: Text) -> None:
        self._show(Group(*lines))

    def _show(self, renderable: RenderableType) -> None:
        self.query_one("#answer-body", Static).update(renderable)
        self.query_one("#answer", VerticalScroll).scroll_home(animate=False)

    # -- events and actions ------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        if not event.value.strip():
            self.update_results()
            return
        if self._pending is not None:
            self._pending.stop()
        self._pending = self.set_timer(self.debounce, self.update_results)

    def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        self.chapter = _chapter_of(event.tab.id)
        self.update_results()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None:
            self.show_answer(int(event.option.id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While the box has the focus, q, n, p and digits are letters of the query; Ctrl+Q
        # (its own action, "leave") quits from there too.
        return not (action in LETTER_ACTIONS and isinstance(self.focused, Input))

    def _catch_up(self) -> None:
        # A key pressed before what was typed is listed acts on its results: they are
        # found now, on this thread (a search under way for it is dropped).
        if self._pending is not None or self._listed is not self._asked:
            self.update_results(now=True)

    def action_open_answer(self) -> None:
        self._catch_up()
        if self.query_one(ResultList).highlighted is not None:
            self.query_one("#answer", VerticalScroll).focus()

    def action_focus_search(self) -> None:
        self.query_one(SearchBox).focus()

    def action_next_chapter(self) -> None:
        self.query_one(Tabs).action_next_tab()

    def action_move(self, step: int) -> None:
        self._catch_up()
        results = self.query_one(ResultList)
        if step > 0:
            results.action_cursor_down()
        else:
            results.action_cursor_up()

    def action_page_answer(self, step: int) -> None:
        answer = self.query_one("#answer", VerticalScroll)
        if step > 0:
            answer.scroll_page_down()
        else:
            answer.scroll_page_up()

    def action_leave(self) -> None:
        self.exit(return_code=ExitStatus.OK)

    def action_interrupt(self) -> None:
        self.exit(return_code=ExitStatus.INTERRUPTED)

    def action_open_neighbour(self, step: int) -> None:
        if self.shown is not None:
            number = self.shown.previous if step < 0 else self.shown.next
            if number is not None:
                self.open(number)

    def action_open_related(self, place: int) -> None:
        if self.shown is not None and place < len(self.shown.related):
            self.open(self.shown.related[place].number)

    def open(self, number: int) -> None:
        """Show Q&A ``number``, selecting it in the list if it is there."""
        results = self.query_one(ResultList)
        index = next((i for i, o in enumerate(results.options) if o.id == str(number)), None)
        if index is not None and index != results.highlighted:
            results.highlighted = index  # which shows it
        else:
            self.show_answer(number)


LETTER_ACTIONS = {"quit", "open_neighbour", "open_related"}


def _tab_id(chapter: int | None) -> str:
    return "all" if chapter is None else f"chapter-{chapter}"


def _chapter_of(tab_id: str | None) -> int | None:
    prefix = "chapter-"
    return int(tab_id[len(prefix) :]) if tab_id and tab_id.startswith(prefix) else None
