"""kyodo quiz and kyodo random.

The quiz's conversation is driven twice: through injected ``read``/``show`` functions
(no terminal at all), and through the command line with a keyboard stand-in, a real pipe
(refused) and a real pseudo-terminal.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from support import Runner, small_corpus_data

from kyodo_cli.corpus.records import QA, packaged_corpus
from kyodo_cli.errors import UsageError
from kyodo_cli.study.quiz import (
    MARK_AGAIN,
    MARK_PROMPT,
    REVEAL_PROMPT,
    AnswerCard,
    Mark,
    QuestionCard,
    QuizResult,
    QuizScreen,
    checked_count,
    parse_mark,
    pick,
    question_pool,
    run_quiz,
)
from kyodo_cli.study.terminal import NOT_A_TERMINAL, plain_summary

CORPUS = packaged_corpus()
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class Keyboard(io.StringIO):
    """Typed lines, as stdin on a terminal."""

    def isatty(self) -> bool:
        return True


def scripted(replies: Iterable[str]) -> tuple[Callable[[str], str], list[str]]:
    """A ``read`` that answers each prompt with the next reply, then reports end of input."""
    pending = iter(replies)
    prompts: list[str] = []

    def read(prompt: str) -> str:
        prompts.append(prompt)
        try:
            return next(pending)
        except StopIteration:
            raise EOFError from None

    return read, prompts


def play(questions: list[QA], replies: list[str]) -> tuple[QuizResult, list[QuizScreen], list[str]]:
    read, prompts = scripted(replies)
    screens: list[QuizScreen] = []
    return run_quiz(CORPUS, questions, read, screens.append), screens, prompts


def items(*numbers: int) -> list[QA]:
    return [qa for qa in CORPUS.items if qa.number in numbers]


# -- choosing questions ----------------------------------------------------------------


def test_the_same_seed_picks_the_same_questions_in_the_same_order() -> None:
    first = pick(CORPUS.items, 10, seed=42)
    assert first == pick(CORPUS.items, 10, seed=42)
    assert len({qa.number for qa in first}) == 10
    assert [qa.number for qa in pick(CORPUS.items, 10, seed=43)] != [qa.number for qa in first]


def test_without_a_seed_the_choice_varies() -> None:
    picks = {pick(CORPUS.items, 3)[0].number for _ in range(50)}
    assert len(picks) > 1


def test_the_pool_is_the_chapters_questions() -> None:
    chapter = CORPUS.chapter(7)
    assert chapter is not None
    assert [qa.number for qa in question_pool(CORPUS, (chapter,))] == [73, 74, 75, 76]
    assert len(question_pool(CORPUS, CORPUS.chapters)) == 76


def test_the_count_defaults_to_five_or_what_there_is() -> None:
    assert checked_count(None, 76) == 5
    assert checked_count(None, 2) == 2
    assert checked_count(76, 76) == 76
    assert checked_count(200, 76) == 76  # more than there are: all of them
    for wrong in (0, -1):
        with pytest.raises(
            UsageError, match=f"--count には 1 以上の数を指定してください（指定: {wrong}）"
        ):
            checked_count(wrong, 76)


@pytest.mark.parametrize(
    ("reply", "mark"),
    [
        ("y", Mark.UNDERSTOOD),
        ("Yes ", Mark.UNDERSTOOD),
        ("１", Mark.UNDERSTOOD),
        ("ｙ", Mark.UNDERSTOOD),
        ("わかった", Mark.UNDERSTOOD),
        ("n", Mark.AGAIN),
        ("2", Mark.AGAIN),
        ("もう一度", Mark.AGAIN),
        ("q", Mark.QUIT),
        ("Ｑ", Mark.QUIT),
        ("", None),
        ("maybe", None),
    ],
)
def test_replies(reply: str, mark: Mark | None) -> None:
    assert parse_mark(reply) is mark


# -- the conversation, without a terminal ----------------------------------------------


def test_a_whole_quiz() -> None:
    questions = items(27, 51, 52)
    result, screens, prompts = play(questions, ["", "y", "", "2", "", "1"])
    assert result == QuizResult(tuple(items(27, 52)), tuple(items(51)), 3)
    assert screens == [
        QuestionCard(1, 3, questions[0], CORPUS.chapters[0]),
        AnswerCard(questions[0]),
        QuestionCard(2, 3, questions[1], CORPUS.chapters[1]),
        AnswerCard(questions[1]),
        QuestionCard(3, 3, questions[2], CORPUS.chapters[1]),
        AnswerCard(questions[2]),
    ]
    assert prompts == [REVEAL_PROMPT, MARK_PROMPT] * 3


def test_an_unclear_reply_is_asked_again() -> None:
    result, screens, prompts = play(items(1), ["", "たぶん", "", "n"])
    assert result.review == tuple(items(1))
    assert screens[2:] == [MARK_AGAIN, MARK_AGAIN]
    assert prompts == [REVEAL_PROMPT, MARK_PROMPT, MARK_PROMPT, MARK_PROMPT]


@pytest.mark.parametrize("replies", [["", "y", "q"], ["", "y", "", "q"], ["", "y"], ["", "y", ""]])
def test_q_or_the_end_of_input_stops_early(replies: list[str]) -> None:
    result, _, _ = play(items(1, 2, 3), replies)
    assert result == QuizResult(tuple(items(1)), (), 3)
    assert result.stopped_early and result.answered == 1


def test_stopping_before_the_first_answer() -> None:
    result, screens, _ = play(items(1, 2), ["q"])
    assert result == QuizResult((), (), 2)
    assert screens == [QuestionCard(1, 2, items(1)[0], CORPUS.chapters[0])]


@pytest.mark.parametrize(
    ("result", "lines"),
    [
        (QuizResult(tuple(items(1, 2)), (), 2), ["2 問すべてが「わかった」でした。"]),
        (
            QuizResult(tuple(items(1)), tuple(items(27, 51)), 3),
            [
                "結果: 3 問中 1 問が「わかった」でした。",
                "もう一度見ておきたい質問（2 問）:",
                "  Q27 協働を実施した結果、利益が生じた場合は、どのような取り扱いになりますか。",
                "  Q51 市役所と市民活動団体等が行う協働事業の開始から終了までの具体的な流れは"
                "どのようなのですか。",
                "読み返すには: kyodo show 27 51",
            ],
        ),
        (
            QuizResult((), tuple(items(3)), 5),
            [
                "5 問のうち 1 問で終えました。1 問中 0 問が「わかった」でした。",
                "もう一度見ておきたい質問（1 問）:",
                f"  Q3 {items(3)[0].question}",
                "読み返すには: kyodo show 3",
            ],
        ),
        (QuizResult((), (), 5), ["答えた問題はありません。"]),
    ],
)
def test_the_summary(result: QuizResult, lines: list[str]) -> None:
    assert plain_summary(result).splitlines() == ["", *lines]


# -- the command line ------------------------------------------------------------------


def test_quiz_on_a_terminal(kyodo: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    result = kyodo(
        "quiz", "--chapter", "7", "--count", "2", "--seed", "5", stdin=Keyboard("\ny\n\nn\n")
    )
    assert (result.status, result.stderr) == (0, "")
    asked = [
        int(n) for n in re.findall(r"^\[\d/2\] Q(\d+)（第7章 その他の疑問）$", result.stdout, re.M)
    ]
    assert len(asked) == 2 and set(asked) <= {73, 74, 75, 76}
    assert result.stdout.count(REVEAL_PROMPT) == 2 and result.stdout.count(MARK_PROMPT) == 2
    assert "\n答:\n" in result.stdout
    assert "結果: 2 問中 1 問が「わかった」でした。" in result.stdout
    assert result.stdout.rstrip().endswith(f"読み返すには: kyodo show {asked[1]}")


def test_quiz_is_reproducible_with_a_seed(kyodo: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    runs = []
    for _ in range(2):
        runs.append(kyodo("quiz", "--seed", "12", stdin=Keyboard("q\n")).stdout)
    assert runs[0] == runs[1] and "[1/5] Q" in runs[0]
    assert "答えた問題はありません。" in runs[0]


def test_quiz_with_rich_output(kyodo: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    result = kyodo("quiz", "-c", "4", terminal=True, width=60, stdin=Keyboard("\n2\n"))
    shown = ANSI.sub("", result.stdout)
    assert result.status == 0
    assert "1/1  Q" in shown and "╭" in shown and "もう一度見ておきたい質問（1 問）" in shown
    assert all(len(line) <= 60 for line in shown.splitlines() if "Enter" not in line)


@pytest.mark.parametrize("stdin", [io.StringIO("y\n"), None])
def test_quiz_refuses_input_that_is_not_a_terminal(
    kyodo: Runner, monkeypatch: pytest.MonkeyPatch, stdin: io.StringIO | None
) -> None:
    result = kyodo("quiz", stdin=stdin)
    assert (result.status, result.stdout) == (2, "")
    assert result.stderr == f"kyodo: エラー: {NOT_A_TERMINAL}\n"


def test_quiz_refuses_a_pipe_in_a_real_process(kyodo_executable: str, tmp_path: Path) -> None:
    result = subprocess.run(
        [kyodo_executable, "quiz"],
        input="\ny\n",
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"kyodo: エラー: {NOT_A_TERMINAL}\n"


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX pseudo-terminal")
def test_quiz_in_a_real_terminal(kyodo_executable: str) -> None:
    import pty

    pid, terminal = pty.fork()
    if pid == 0:  # the child: kyodo on the pseudo-terminal's keyboard and screen
        try:
            os.environ.update(COLUMNS="80", NO_COLOR="1")
            os.execv(kyodo_executable, ["kyodo", "quiz", "-c", "6", "--seed", "1"])
        finally:
            os._exit(127)  # never back into pytest
    os.write(terminal, b"\ny\n\nn\n")  # typed ahead: the terminal keeps the lines
    output = b""
    while True:
        try:
            chunk = os.read(terminal, 65536)
        except OSError:  # the child has gone and closed the terminal
            break
        if not chunk:
            break
        output += chunk
    _, status = os.waitpid(pid, 0)
    shown = ANSI.sub("", output.decode("utf-8", "replace"))
    assert os.waitstatus_to_exitcode(status) == 0, shown
    assert "1/2  Q" in shown and "2/2  Q" in shown
    assert "結果: 2 問中 1 問が「わかった」でした。" in shown


def test_quiz_count_out_of_range(kyodo: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    result = kyodo("quiz", "-c", "6", "-n", "0", stdin=Keyboard(""))
    assert result.status == 2
    assert result.stderr == "kyodo: エラー: --count には 1 以上の数を指定してください（指定: 0）\n"


# -- kyodo random ----------------------------------------------------------------------


@pytest.mark.usefixtures("fixed_related")
def test_random_shows_a_qa_exactly_like_show(kyodo: Runner) -> None:
    result = kyodo("random", "--seed", "3")
    assert (result.status, result.stderr) == (0, "")
    number = int(re.match(r"Q(\d+)（", result.stdout)[1])  # type: ignore[index]
    assert result.stdout == kyodo("show", str(number)).stdout
    assert kyodo("random", "--seed", "3").stdout == result.stdout


def test_random_within_a_chapter(kyodo: Runner) -> None:
    for seed in range(20):
        stdout = kyodo("random", "-c", "7", "--seed", str(seed)).stdout
        assert stdout.startswith(("Q73（", "Q74（", "Q75（", "Q76（"))


def test_random_json_has_the_shape_of_show(
    kyodo: Runner, schema: Callable[[str], dict[str, Any]]
) -> None:
    data = json.loads(kyodo("random", "--json", "--seed", "1").stdout)
    jsonschema.validate(data, schema("show"))
    assert len(data["items"]) == 1


def test_random_on_a_terminal_is_rich(kyodo: Runner) -> None:
    result = kyodo("random", "--seed", "1", terminal=True)
    assert "\x1b[1m" in result.stdout and "╭" in result.stdout
    assert "╭" not in kyodo("random", "--seed", "1", "--plain", terminal=True).stdout


def test_random_in_an_empty_chapter(kyodo: Runner, tmp_path: Path) -> None:
    path = tmp_path / "small.json"
    path.write_text(json.dumps(small_corpus_data(), ensure_ascii=False), encoding="utf-8")
    result = kyodo("random", "-c", "2", "--corpus", str(path))
    assert result.status == 2
    assert result.stderr == "kyodo: エラー: 第2章 空の章には質問がありません\n"


def test_random_seed_must_be_a_number(kyodo: Runner) -> None:
    result = kyodo("random", "--seed", "abc")
    assert result.status == 2
    assert result.stderr.startswith("kyodo: エラー: オプション --seed の値が正しくありません")


class InterruptedKeyboard(Keyboard):
    """Typed lines, then Ctrl-C at the next prompt."""

    def readline(self, size: int | None = -1) -> str:
        line = super().readline()
        if not line:
            raise KeyboardInterrupt
        return line


def test_ctrl_c_ends_the_quiz_with_the_summary_so_far(kyodo: Runner) -> None:
    result = kyodo("quiz", "-n", "3", "--seed", "1", stdin=InterruptedKeyboard("\ny\n"))
    assert result.status == 130
    assert result.stdout.endswith("\n")
    lines = result.stdout.splitlines()
    summary = next(i for i, line in enumerate(lines) if "3 問のうち 1 問で終えました" in line)
    assert lines[summary - 1] == "" and "［" not in lines[summary]
    assert "わかった" in lines[summary]
