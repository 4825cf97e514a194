"""``kyodo browse``, driven headlessly with Textual's pilot in an 80×24 terminal.

The screen snapshots are text files under ``tests/golden/browse/``;
``pytest --update-golden`` rewrites them when a change of the screen is intended.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console, RenderableType
from support import HOJOKIN_HITS, MARKUP_QUESTION, FixedSearch, Runner
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import Static, Tabs

from kyodo_cli.corpus.records import Corpus, load_corpus, packaged_corpus
from kyodo_cli.errors import ExitStatus
from kyodo_cli.present.output import Environment
from kyodo_cli.present.rich import show_items
from kyodo_cli.present.views import item_view
from kyodo_cli.search.engine import engine
from kyodo_cli.session import Session
from kyodo_cli.study.browse import BrowseApp, ResultList, SearchBox

SESSION = Session(Environment.from_system())

SIZE = (80, 24)
TYPED = 0.3  # long enough for the search box's debounce (0.15 s) to have fired
SLOW_DEBOUNCE = 1.5  # where a test needs a whole word typed before the one search
CORPUS = packaged_corpus()


# -- reading the screen ----------------------------------------------------------------


def listed(app: BrowseApp) -> list[int]:
    results = app.query_one(ResultList)
    options = (results.get_option_at_index(i) for i in range(results.option_count))
    return [int(option.id) for option in options if option.id is not None]


def selected(app: BrowseApp) -> int | None:
    results = app.query_one(ResultList)
    if results.highlighted is None:
        return None
    option_id = results.get_option_at_index(results.highlighted).id
    return None if option_id is None else int(option_id)


def plain(renderable: RenderableType, width: int = 76) -> str:
    console = Console(width=width, file=io.StringIO(), record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def answer_text(app: BrowseApp, width: int = 76) -> str:
    content = app.query_one("#answer-body", Static).content
    assert not isinstance(content, str)  # corpus text never goes in as a markup string
    return plain(content, width)


def as_show_renders(corpus: Corpus, number: int) -> str:
    qa = corpus.item(number)
    assert qa is not None
    return plain(show_items([item_view(corpus, qa, SESSION.related(corpus, number))]))


def shows_as_show_renders(app: BrowseApp, number: int) -> bool:
    """The answer pane shows what ``show`` does, with ▶ before the answering sentence
    where a query is typed (which may wrap the lines differently), and the keys to open
    the related and neighbouring Q&As below."""

    def letters(text: str) -> str:
        return re.sub(r"[\s│╭╮╰╯─▶]", "", text)

    shown = answer_text(app).rstrip("\n").rsplit("\n", 1)
    return letters(shown[0]) == letters(as_show_renders(CORPUS, number)) and "開く" in shown[1]


def screen_text(app: BrowseApp) -> str:
    """The screen as plain text, line by line, as a terminal of this size shows it.

    Read from the compositor, as Textual's own SVG screenshot is; as text, a change of the
    screen shows in a review as a readable diff."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True)
    console.print(app.screen._compositor.render_update(full=True))
    return "\n".join(line.rstrip() for line in console.export_text().splitlines()) + "\n"


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Type, then wait for what was typed to be listed."""
    await pilot.press(*text)
    await settle(pilot)


async def settle(pilot: Pilot[None]) -> None:
    """Wait out the debounce and the search on its worker thread, then let the app settle
    (the list, the footer, the answer)."""
    await pilot.pause(TYPED)
    await pilot.app.workers.wait_for_complete()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


def ranking(query: str, chapter: int | None = None) -> list[int]:
    found = engine(CORPUS).search(query, limit=len(CORPUS.items), chapter=chapter)
    return [hit.number for hit in found.hits]


# -- listing, searching, the answer ----------------------------------------------------


@pytest.mark.asyncio
async def test_an_empty_box_lists_every_question_in_order_and_shows_the_first() -> None:
    app = BrowseApp(CORPUS)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert listed(app) == [qa.number for qa in CORPUS.items]
        assert isinstance(app.focused, SearchBox)
        assert selected(app) == 1
        assert shows_as_show_renders(app, 1)


@pytest.mark.asyncio
async def test_typing_lists_the_engine_ranking_and_renders_the_best_answer() -> None:
    app = BrowseApp(CORPUS)
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "補助金")
        expected = ranking("補助金")
        assert expected and listed(app) == expected
        assert selected(app) == expected[0]
        assert shows_as_show_renders(app, expected[0])
        assert f"「補助金」の検索結果（全 {len(expected)} 件）" in screen_text(app)


@pytest.mark.asyncio
async def test_typing_fast_searches_once(fixed_search: FixedSearch) -> None:
    # The debounce is far longer than the pilot takes to type the word, even on a busy machine.
    app = BrowseApp(CORPUS, 2, debounce=3.0)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()  # the dictionary, loaded on a worker thread
        await pilot.press(*"ボランティア")
        assert fixed_search.calls == []
        await pilot.pause(3.2)
        await app.workers.wait_for_complete()
        assert fixed_search.calls == [{"query": "ボランティア", "limit": 76, "chapter": 2}]


@pytest.mark.asyncio
async def test_clearing_the_box_lists_everything_again() -> None:
    app = BrowseApp(CORPUS)
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "補助金")
        await pilot.press("escape")  # in the box: clears it
        await pilot.pause()
        assert app.query_one(SearchBox).value == ""
        assert listed(app) == [qa.number for qa in CORPUS.items]


@pytest.mark.asyncio
async def test_no_match_says_so_with_the_engines_suggestions() -> None:
    query = "けいやxく"  # what an IME leaves half-typed, a stray key inside
    suggestions = engine(CORPUS).search(query).suggestions
    assert suggestions, "the engine should offer something for this query"
    app = BrowseApp(CORPUS)
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, query)
        assert listed(app) == []
        assert "該当なし" in screen_text(app)
        shown = answer_text(app)
        assert "該当なし" in shown and f"「{query}」に該当する質問が見つかりませんでした" in shown
        assert "、".join(suggestions) in shown


@pytest.mark.asyncio
async def test_a_query_without_searchable_characters_is_explained_not_fatal() -> None:
    app = BrowseApp(CORPUS)
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "!!!")
        assert app.is_running and listed(app) == []
        assert "検索できる文字" in answer_text(app)


@pytest.mark.asyncio
async def test_corpus_text_and_queries_are_never_read_as_markup(small_corpus: Path) -> None:
    corpus = load_corpus(small_corpus)
    app = BrowseApp(corpus, 1)
    async with app.run_test(size=(160, 24)) as pilot:
        await pilot.pause()
        results = app.query_one(ResultList)
        assert str(results.get_option_at_index(0).prompt) == f" Q1 {MARKUP_QUESTION}"
        assert "[bold]太字[/bold]の章" in screen_text(app)
        answer = answer_text(app, width=200)
        assert MARKUP_QUESTION in answer and "回答 [/] と [italic]斜体[/italic]。" in answer
        await type_text(pilot, "[b]質問")
        assert "「[b]質問」" in screen_text(app)


# -- many hits, searched off the app's thread ------------------------------------------


class HeldSearch:
    """The real search, each call recorded with its thread, and held until the test
    releases its query: so that searches end in the order a test chooses."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *held: str) -> None:
        self.started = {query: threading.Event() for query in held}
        self.released = {query: threading.Event() for query in held}
        self.threads: list[int] = []
        real = Session.search

        def search(session: Session, corpus: Corpus, query: str, **options: Any) -> Any:
            self.threads.append(threading.get_ident())
            if query in self.started:
                self.started[query].set()
                assert self.released[query].wait(30), f"「{query}」 was never released"
            return real(session, corpus, query, **options)

        monkeypatch.setattr(Session, "search", search)

    def release_all(self) -> None:
        for event in self.released.values():
            event.set()


async def started(pilot: Pilot[None], search: threading.Event) -> None:
    for _ in range(1000):
        if search.is_set():
            return
        await pilot.pause(0.01)
    raise AssertionError("the search never started")


def heading(app: BrowseApp) -> str:
    return str(app.query_one(ResultList).border_title)


@pytest.mark.asyncio
async def test_many_hits_list_a_bounded_number_of_rows_and_say_how_many_matched() -> None:
    expected = ranking("協働")
    assert len(expected) > 10
    app = BrowseApp(CORPUS, rows=10)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert listed(app) == [qa.number for qa in CORPUS.items[:10]]
        assert heading(app) == f"全 {len(CORPUS.items)} 問（先頭の 10 問）"
        await type_text(pilot, "協働")
        assert listed(app) == expected[:10]
        assert heading(app) == f"「協働」の検索結果（上位 10 件、全 {len(expected)} 件中）"
        await pilot.press("ctrl+t")
        await settle(pilot)
        in_chapter = ranking("協働", chapter=1)
        assert listed(app) == in_chapter[:10]
        assert f"全 {len(in_chapter)} 件" in heading(app)


@pytest.mark.asyncio
async def test_the_box_takes_keys_while_a_search_runs_on_a_worker_thread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    held = HeldSearch(monkeypatch, "補助金")
    app = BrowseApp(CORPUS)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press(*"補助金")
            await started(pilot, held.started["補助金"])
            await pilot.press(*"の使い道")  # taken while that search is held
            assert app.query_one(SearchBox).value == "補助金の使い道"
            held.release_all()
            await settle(pilot)
            assert listed(app) == ranking("補助金の使い道")
            assert heading(app).startswith("「補助金の使い道」")
    finally:
        held.release_all()
    assert held.threads and threading.get_ident() not in held.threads


@pytest.mark.asyncio
@pytest.mark.parametrize("then", ["監査", ""])
async def test_a_search_that_ends_late_never_replaces_a_newer_listing(
    monkeypatch: pytest.MonkeyPatch, then: str
) -> None:
    everything = [qa.number for qa in CORPUS.items]
    held = HeldSearch(monkeypatch, "補助金", "監査")
    app = BrowseApp(CORPUS)
    try:
        async with app.run_test(size=SIZE) as pilot:
            # Set, not typed: the pilot may type slowly enough for 補 to be searched first.
            app.query_one(SearchBox).value = "補助金"
            await started(pilot, held.started["補助金"])
            app.query_one(SearchBox).value = then  # typed over, or cleared
            await pilot.pause(TYPED)  # past the debounce: the newer listing is asked for
            held.released["補助金"].set()
            if then:
                await started(pilot, held.started[then])  # so 補助金's search has ended
            else:
                await app.workers.wait_for_complete()
            await pilot.pause(0.1)
            assert listed(app) == everything and "補助金" not in heading(app)
            held.release_all()
            await settle(pilot)
            assert listed(app) == (ranking(then) if then else everything)
            assert "補助金" not in heading(app)
    finally:
        held.release_all()


@pytest.mark.asyncio
async def test_enter_during_the_search_opens_the_answer_to_what_was_typed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    held = HeldSearch(monkeypatch, "補助金")
    app = BrowseApp(CORPUS)
    release = threading.Timer(0.5, held.release_all)  # the app's thread waits for it
    try:
        async with app.run_test(size=SIZE) as pilot:
            app.query_one(SearchBox).value = "補助金"
            await started(pilot, held.started["補助金"])
            release.start()
            await pilot.press("enter")
            assert selected(app) == ranking("補助金")[0]
            assert app.focused is app.query_one("#answer")
            await settle(pilot)  # the worker's listing, now a stale one, changes nothing
            assert selected(app) == ranking("補助金")[0]
            assert app.focused is app.query_one("#answer")
    finally:
        release.cancel()
        held.release_all()
    assert held.threads[-1] == threading.get_ident()


@pytest.mark.asyncio
async def test_only_the_shown_answer_is_marked_and_no_row_gets_a_snippet(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from kyodo_cli.search import answering
    from kyodo_cli.search.engine import SearchEngine

    expected = ranking("協働")  # before the counting starts: ranking() builds snippets
    marked: list[int] = []
    snippets: list[int] = []
    answer_marks, answering_hit = SearchEngine.answer_marks, answering.answering_hit

    def marking(engine: SearchEngine, query: str, number: int) -> Any:
        marked.append(number)
        return answer_marks(engine, query, number)

    def snippet(*args: Any, **kwargs: Any) -> Any:
        snippets.append(1)
        return answering_hit(*args, **kwargs)

    monkeypatch.setattr(SearchEngine, "answer_marks", marking)
    monkeypatch.setattr(answering, "answering_hit", snippet)
    # The debounce is far longer than the pilot takes to type the word, even on a busy
    # machine: "協" alone, searched, would mark its own first answer.
    app = BrowseApp(CORPUS, debounce=SLOW_DEBOUNCE)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"協働")
        await pilot.pause(SLOW_DEBOUNCE)
        await settle(pilot)
        assert len(listed(app)) == len(expected) > 50
        assert marked == expected[:1] and snippets == []
        await pilot.press("down", "down")
        assert marked == expected[:3] and snippets == []


@pytest.mark.asyncio
async def test_an_index_only_in_memory_is_searched_on_the_apps_thread(
    small_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(not_a_folder))  # no cache: the index stays in memory
    held = HeldSearch(monkeypatch)
    corpus = load_corpus(small_corpus)
    app = BrowseApp(corpus)
    async with app.run_test(size=(160, 24)) as pilot:
        await type_text(pilot, "三つ目の質問")
        assert listed(app)[0] == 3
        assert "三つ目の回答です" in answer_text(app, width=200)
    assert held.threads and set(held.threads) == {threading.get_ident()}


# -- keys and mouse --------------------------------------------------------------------


@pytest.mark.asyncio
async def test_arrows_move_the_selection_from_the_box_and_from_the_list() -> None:
    app = BrowseApp(CORPUS)
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "補助金")
        expected = ranking("補助金")
        await pilot.press("down", "down")
        assert isinstance(app.focused, SearchBox)  # still typing
        assert selected(app) == expected[2]
        assert shows_as_show_renders(app, expected[2])
        await pilot.press("up")
        assert selected(app) == expected[1]
        app.query_one(ResultList).focus()
        await pilot.press("down")
        assert selected(app) == expected[2]


@pytest.mark.asyncio
async def test_enter_opens_the_answer_and_escape_returns_to_the_box() -> None:
    app = BrowseApp(CORPUS)
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "補助金")
        await pilot.press("enter")
        answer = app.query_one("#answer", VerticalScroll)
        assert app.focused is answer
        await pilot.press("down", "down", "down")
        assert answer.scroll_y > 0  # the arrows now read on
        await pilot.press("escape")
        assert isinstance(app.focused, SearchBox)
        assert app.query_one(SearchBox).value == "補助金"  # kept: the first Esc only goes back


@pytest.mark.asyncio
async def test_enter_before_the_debounce_opens_the_answer_to_what_was_typed() -> None:
    app = BrowseApp(CORPUS, debounce=10)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"補助金", "enter")
        assert selected(app) == ranking("補助金")[0]
        assert app.focused is app.query_one("#answer")


@pytest.mark.asyncio
async def test_clicking_a_result_selects_it() -> None:
    app = BrowseApp(CORPUS)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert await pilot.click(ResultList, offset=(10, 3))  # the border, then Q1, Q2, Q3
        await pilot.pause()
        assert selected(app) == 3
        assert shows_as_show_renders(app, 3)


# -- the chapter filter ----------------------------------------------------------------


@pytest.mark.asyncio
async def test_the_chapter_option_opens_on_that_chapter() -> None:
    app = BrowseApp(CORPUS, 3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert listed(app) == [qa.number for qa in CORPUS.in_chapter(3)]
        assert app.query_one(Tabs).active == "chapter-3"
        assert "第3章 協働を続けていくためには・6 問" in screen_text(app)


@pytest.mark.asyncio
async def test_ctrl_t_cycles_the_chapters_and_filters_the_search() -> None:
    app = BrowseApp(CORPUS)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert listed(app) == [qa.number for qa in CORPUS.in_chapter(1)]
        await type_text(pilot, "協働")
        assert listed(app) == ranking("協働", chapter=1)
        assert {qa.number for qa in CORPUS.in_chapter(1)} >= set(listed(app))
        for _ in CORPUS.chapters:
            await pilot.press("ctrl+t")
        await settle(pilot)
        assert app.chapter is None  # round again to every chapter
        assert listed(app) == ranking("協働")


@pytest.mark.asyncio
async def test_clicking_a_chapter_tab_filters() -> None:
    app = BrowseApp(CORPUS)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#chapter-5")
        await pilot.pause()
        assert listed(app) == [qa.number for qa in CORPUS.in_chapter(5)]


# -- quitting --------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_q_is_a_letter_in_the_box_and_quits_elsewhere() -> None:
    app = BrowseApp(CORPUS)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        assert app.is_running and app.query_one(SearchBox).value == "q"
        await pilot.press("tab", "tab")  # past the chapter tabs to the list
        assert isinstance(app.focused, ResultList)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


@pytest.mark.asyncio
async def test_ctrl_c_quits_even_while_typing() -> None:
    app = BrowseApp(CORPUS)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", "ctrl+c")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == ExitStatus.INTERRUPTED


# -- layout and snapshots --------------------------------------------------------------


@pytest.mark.asyncio
async def test_a_wide_terminal_puts_the_answer_beside_the_list() -> None:
    app = BrowseApp(CORPUS)
    async with app.run_test(size=(140, 30)) as pilot:
        await pilot.pause()
        results, answer = app.query_one(ResultList), app.query_one("#answer")
        assert answer.region.x >= results.region.right
        assert answer.region.y == results.region.y
    app = BrowseApp(CORPUS)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        results, answer = app.query_one(ResultList), app.query_one("#answer")
        assert answer.region.y >= results.region.bottom


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("name", "size", "chapter", "query"),
    [
        ("start_80x24", SIZE, None, ""),
        ("hojokin_80x24", SIZE, None, "補助金"),
        ("chapter_3_80x24", SIZE, 3, ""),
        ("hojokin_140x30", (140, 30), None, "補助金"),
    ],
)
@pytest.mark.usefixtures("fixed_related")
async def test_screen_snapshot(
    golden: Callable[[str, str], None],
    fixed_search: FixedSearch,  # the layout is under test here, not the ranking
    name: str,
    size: tuple[int, int],
    chapter: int | None,
    query: str,
) -> None:
    app = BrowseApp(CORPUS, chapter)
    async with app.run_test(size=size) as pilot:
        await type_text(pilot, query)
        if query:
            assert listed(app) == [number for number, *_ in HOJOKIN_HITS]
        golden(f"browse/{name}.txt", screen_text(app))


# -- the command -----------------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("stdin_terminal", "stdout_terminal", "named"),
    [(False, False, "標準入力と標準出力"), (False, True, "標準入力"), (True, False, "標準出力")],
)
def test_browse_needs_a_terminal(
    kyodo: Runner,
    monkeypatch: pytest.MonkeyPatch,
    stdin_terminal: bool,
    stdout_terminal: bool,
    named: str,
) -> None:
    stdin = Terminal() if stdin_terminal else io.StringIO()
    result = kyodo("browse", terminal=stdout_terminal, stdin=stdin)
    assert result.status == ExitStatus.USAGE and result.stdout == ""
    assert result.stderr == (
        f"kyodo: エラー: browse は端末で使う全画面のコマンドです（{named}が端末ではありません）\n"
    )


def test_browse_checks_its_options_first(kyodo: Runner) -> None:
    result = kyodo("browse", "--chapter", "99")
    assert result.status == ExitStatus.USAGE
    assert "章「99」が見つかりません" in result.stderr


@pytest.mark.parametrize("status", [ExitStatus.OK, ExitStatus.INTERRUPTED])
def test_browse_runs_the_app_on_a_terminal(
    kyodo: Runner, monkeypatch: pytest.MonkeyPatch, status: ExitStatus
) -> None:
    from kyodo_cli.study import browse

    calls: list[tuple[Corpus, int | None]] = []

    def run(session: object, corpus: Corpus, chapter: int | None) -> ExitStatus:
        calls.append((corpus, chapter))
        return status

    monkeypatch.setattr(browse, "browse", run)
    result = kyodo("browse", "-c", "協働の効果", terminal=True, stdin=Terminal())
    assert (result.status, result.stderr) == (status, "")
    assert [(len(corpus.items), chapter) for corpus, chapter in calls] == [(76, 5)]


def test_other_commands_never_load_textual(tmp_path: Path) -> None:
    code = (
        "import io, sys\nfrom kyodo_cli.cli.app import main\n"
        "from kyodo_cli.present.output import Environment\n"
        "for args in (['show', '27'], ['ask', '補助金']):\n"
        "    main(args, Environment(io.StringIO(), io.StringIO(), False))\n"
        "print('textual' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True
    )
    assert result.stdout.strip() == "False"


# -- quitting, following, highlighting ---------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize("typed", ["", "補助"])
async def test_ctrl_q_quits_from_anywhere_with_status_0(typed: str) -> None:
    app = BrowseApp(CORPUS)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*typed, "ctrl+q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == ExitStatus.OK


@pytest.mark.asyncio
async def test_the_footer_offers_ctrl_q_not_ctrl_c() -> None:
    app = BrowseApp(CORPUS)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "^q 終了" in footer and "^c" not in footer


@pytest.mark.asyncio
async def test_related_and_neighbouring_questions_open_with_keys() -> None:
    app = BrowseApp(CORPUS)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # to the answer of Q1
        await pilot.pause()
        assert app.shown is not None and app.shown.qa.number == 1
        assert "n: Q2" in answer_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert app.shown.qa.number == 2 and selected(app) == 2
        await pilot.press("p")
        await pilot.pause()
        assert app.shown.qa.number == 1
        first_related = app.shown.related[0].number
        await pilot.press("1")
        await pilot.pause()
        assert app.shown.qa.number == first_related
        assert f"1: Q{app.shown.related[0].number}" in answer_text(app)


@pytest.mark.asyncio
async def test_n_and_digits_are_letters_in_the_search_box() -> None:
    app = BrowseApp(CORPUS)
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "n1p")
        assert app.query_one(SearchBox).value == "n1p" and app.is_running


@pytest.mark.asyncio
async def test_the_answer_marks_the_searched_words_and_the_answering_sentence() -> None:
    app = BrowseApp(CORPUS)
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "補助金")
        shown = app.shown
        assert shown is not None and shown.words and shown.marks
        line, ((start, end), *_) = next(iter(shown.words.items()))
        assert shown.qa.answer_lines[line][start:end] == "補助金"
        content = app.query_one("#answer-body", Static).content
        console = Console(width=76, file=io.StringIO(), color_system="truecolor")
        console.print(content)
        assert "▶" in plain(content)
