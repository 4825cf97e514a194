"""``kyodo browse``, driven headlessly with Textual's pilot in an 80×24 terminal.

The screen snapshots are text files under ``tests/golden/browse/``;
``pytest --update-golden`` rewrites them when a change of the screen is intended.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

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
    """Type, wait out the debounce, then let the app settle (the footer, the answer)."""
    await pilot.press(*text)
    await pilot.pause(TYPED)
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
        await pilot.press(*"ボランティア")
        assert fixed_search.calls == []
        await pilot.pause(3.2)
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
    query = "ほじょきm"  # what an IME leaves half-typed
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
        await pilot.pause(TYPED)
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
