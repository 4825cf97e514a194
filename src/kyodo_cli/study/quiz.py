"""Self-study: random questions, and the quiz that asks them one by one.

The quiz talks to the user only through two injected functions, ``read`` (show a prompt,
return the line typed; ``EOFError`` when input ends) and ``show`` (display a card or a
message), so the whole conversation can be driven by a test without a terminal. Nothing
here imports typer or rich.
"""

import random
import unicodedata
from collections.abc import Callable, Sequence
from enum import Enum
from typing import NamedTuple

from kyodo_cli.corpus.records import QA, Chapter, Corpus
from kyodo_cli.errors import UsageError
from kyodo_cli.present.views import chapter_label, chapter_of

DEFAULT_COUNT = 5

REVEAL_PROMPT = "Enter で答えを表示します（q でやめる）: "
MARK_PROMPT = "わかった → y か 1 ／ もう一度 → n か 2（q でやめる）: "
MARK_AGAIN = "y（1）か n（2）で答えてください。やめるときは q です。"


class Mark(Enum):
    UNDERSTOOD = "understood"
    AGAIN = "again"
    QUIT = "quit"


_REPLIES = {
    Mark.UNDERSTOOD: ("y", "yes", "1", "はい", "わかった", "○"),
    Mark.AGAIN: ("n", "no", "2", "いいえ", "もう一度", "もういちど", "×"),
    Mark.QUIT: ("q", "quit", "exit", "やめる", "終わり", "おわり"),
}


class QuestionCard(NamedTuple):
    """A question as first shown: its place in the quiz, without its answer."""

    position: int
    total: int
    qa: QA
    chapter: Chapter


class AnswerCard(NamedTuple):
    qa: QA


QuizScreen = QuestionCard | AnswerCard | str


class QuizResult(NamedTuple):
    """What the user marked, in the order asked; ``total`` is how many were planned."""

    understood: tuple[QA, ...]
    review: tuple[QA, ...]
    total: int

    @property
    def answered(self) -> int:
        return len(self.understood) + len(self.review)

    @property
    def stopped_early(self) -> bool:
        return self.answered < self.total


Read = Callable[[str], str]
Show = Callable[[QuizScreen], None]


def question_pool(corpus: Corpus, chapters: Sequence[Chapter]) -> tuple[QA, ...]:
    """The Q&As of the chapters, to choose from."""
    wanted = {chapter.number for chapter in chapters}
    pool = tuple(qa for qa in corpus.items if qa.chapter in wanted)
    if not pool:
        names = "、".join(chapter_label(chapter) for chapter in chapters) or "コーパス"
        raise UsageError(f"{names}には質問がありません")
    return pool


def checked_count(count: int | None, available: int) -> int:
    """The number of questions to ask: as given, or the default; never more than there are."""
    if count is None:
        return min(DEFAULT_COUNT, available)
    if count < 1:
        raise UsageError(f"--count には 1 以上の数を指定してください（指定: {count}）")
    return min(count, available)  # more than there are: all of them


def pick(pool: Sequence[QA], count: int, seed: int | None = None) -> tuple[QA, ...]:
    """``count`` different Q&As in random order; the same seed gives the same order."""
    return tuple(random.Random(seed).sample(list(pool), count))


def parse_mark(reply: str) -> Mark | None:
    """What a reply means; full-width letters and digits count as their ASCII forms."""
    text = unicodedata.normalize("NFKC", reply).strip().casefold()
    return next((mark for mark, words in _REPLIES.items() if text in words), None)


def run_quiz(corpus: Corpus, questions: Sequence[QA], read: Read, show: Show) -> QuizResult:
    """Ask each question, reveal its answer on Enter, and record the user's mark.

    ``q`` at any prompt, or the end of input, stops the quiz; the result then holds the
    questions marked so far.
    """
    understood: list[QA] = []
    review: list[QA] = []
    for position, qa in enumerate(questions, 1):
        show(QuestionCard(position, len(questions), qa, chapter_of(corpus, qa)))
        mark = _ask(qa, read, show)
        if mark is Mark.QUIT:
            break
        (understood if mark is Mark.UNDERSTOOD else review).append(qa)
    return QuizResult(tuple(understood), tuple(review), len(questions))


def _ask(qa: QA, read: Read, show: Show) -> Mark:
    try:
        if parse_mark(read(REVEAL_PROMPT)) is Mark.QUIT:
            return Mark.QUIT
        show(AnswerCard(qa))
        while (mark := parse_mark(read(MARK_PROMPT))) is None:
            show(MARK_AGAIN)
        return mark
    except EOFError:
        return Mark.QUIT


# -- labels shared by the renderers ---------------------------------------------------


def position_label(card: QuestionCard) -> str:
    return f"{card.position}/{card.total}"


def result_line(result: QuizResult) -> str:
    if result.answered == 0:
        return "答えた問題はありません。"
    counted = f"{result.answered} 問中 {len(result.understood)} 問が「わかった」でした。"
    if result.stopped_early:
        return f"{result.total} 問のうち {result.answered} 問で終えました。{counted}"
    if not result.review:
        return f"{result.total} 問すべてが「わかった」でした。"
    return f"結果: {counted}"


def review_heading(result: QuizResult) -> str:
    return f"もう一度見ておきたい質問（{len(result.review)} 問）"


def reread_hint(result: QuizResult) -> str:
    numbers = " ".join(str(qa.number) for qa in result.review)
    return f"読み返すには: kyodo show {numbers}"
