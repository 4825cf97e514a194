"""Helpers shared by the tests: the result of a run, small corpora, and stand-ins for the
search engine where a test is about layout rather than ranking."""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kyodo_cli.text.tokens import Entry, Token, Words

if TYPE_CHECKING:
    from kyodo_cli.corpus.records import Corpus
    from kyodo_cli.search.engine import SearchEngine


@dataclass(frozen=True)
class Result:
    status: int
    stdout: str
    stderr: str


Runner = Callable[..., Result]


class WordlessAnalyzer:
    """What a fake analyser of the unit tests knows of words besides its tokens: nothing.
    Each reads a word as itself, knows no other readings and no words of no topic, and
    takes every word for an everyday one; subclasses say how text is cut into tokens."""

    def tokens(self, text: str) -> list[Token]:
        raise NotImplementedError  # how text is cut into tokens: each subclass says

    def words(self, text: str) -> Words:
        tokens = self.tokens(text)
        entries = [
            Entry(
                token.term,
                token.reading,
                token.parts,
                token.synonyms,
                token.name,
                (token.term, *(part for part in token.parts if part != token.term)),
                token.typed_parts,
            )
            for token in tokens
        ]
        return Words([token.start for token in tokens], [token.end for token in tokens], entries)

    def reading(self, text: str) -> str:
        return text

    def other_readings(self, term: str) -> list[str]:
        return []

    def character_readings(self, character: str) -> frozenset[str]:
        return frozenset()

    def says_nothing(self, text: str) -> bool:
        return False

    def no_topic_word(self, text: str) -> bool:
        return False

    def light_word(self, text: str) -> bool:
        return False

    def loanword(self, text: str) -> str | None:
        return None

    def place_name(self, text: str, at: int) -> str | None:
        return None

    def cost(self, text: str) -> int:
        return 0

    def rarity(self, word: str) -> float:
        return 0.0

    def cut(self, text: str) -> tuple[tuple[str, str], ...]:
        return ((text, "名詞"),)

    def counter(self, text: str) -> tuple[str, int] | None:
        return None

    def inflected(self, text: str) -> tuple[str, str] | None:
        return None


MARKUP_QUESTION = "[bold]x[/] と [red]赤[/red] :smile: [link=https://example.com]リンク[/link]"


def small_corpus_data() -> dict[str, Any]:
    """Three Q&As whose text looks like rich markup, and a chapter with no Q&As."""
    return {
        "format": "kyodo-corpus",
        "version": 1,
        "document": {"title": "テスト用コーパス"},
        "chapters": [
            {"number": 1, "title": "[bold]太字[/bold]の章"},
            {"number": 2, "title": "空の章"},
            {"number": 3, "title": "最後の章"},
        ],
        "items": [
            {
                "number": 1,
                "chapter": 1,
                "question": MARKUP_QUESTION,
                "answer": [{"type": "paragraph", "text": "回答 [/] と [italic]斜体[/italic]。"}],
            },
            {
                "number": 2,
                "chapter": 1,
                "question": "二つ目の質問ですか。",
                "answer": [
                    {"type": "steps", "steps": [{"heading": "[b]手順[/b]"}]},
                ],
            },
            {
                "number": 3,
                "chapter": 3,
                "question": "三つ目の質問ですか。",
                "answer": [{"type": "paragraph", "text": "三つ目の回答です。"}],
            },
        ],
    }


def built_engine(corpus: Corpus) -> SearchEngine:
    """An engine over an index of ``corpus`` built now, in memory, as a user's corpus gets."""
    from kyodo_cli.search.build import index_in_memory
    from kyodo_cli.search.engine import SearchEngine
    from kyodo_cli.search.indexes import build

    return SearchEngine(corpus, index_in_memory(build(corpus)))


def qa_corpus_data(title: str, *pairs: tuple[str, str]) -> dict[str, Any]:
    """A corpus of one chapter whose Q&As are these (question, answer) pairs, numbered from 1,
    each answer one paragraph."""
    return {
        "format": "kyodo-corpus",
        "version": 1,
        "document": {"title": title},
        "chapters": [{"number": 1, "title": title}],
        "items": [
            {
                "number": number,
                "chapter": 1,
                "question": question,
                "answer": [{"type": "paragraph", "text": answer}],
            }
            for number, (question, answer) in enumerate(pairs, start=1)
        ],
    }


@dataclass
class FixedSearch:
    """Stands in for ``kyodo_cli.search.engine.search``: fixed hits, and a record of each call."""

    hits: list[tuple[int, float, str, tuple[tuple[int, int], ...]]]
    suggestions: tuple[str, ...] = ()
    notices: tuple[str, ...] = ()
    calls: list[dict[str, Any]] | None = None
    answered: bool = True  # the first hit answers the query

    def __call__(
        self,
        corpus: Any,
        query: str,
        *,
        limit: int = 5,
        chapter: int | None = None,
        snippets: bool = True,
    ) -> Any:
        from kyodo_cli.search import confidence, results

        if self.calls is not None:
            self.calls.append({"query": query, "limit": limit, "chapter": chapter})
        matches = [confidence.ANSWER if self.answered else confidence.RELATED]
        matches += [confidence.RELATED] * len(self.hits)
        hits = tuple(
            results.Hit(number, score, results.Snippet(text, spans), match)
            for (number, score, text, spans), match in zip(self.hits[:limit], matches, strict=False)
        )
        answered = self.answered and bool(hits)
        total = len(self.hits)
        return results.SearchResult(query, hits, self.suggestions, self.notices, answered, total)


# (number, score, snippet, highlights): spans deliberately unsorted in the third hit.
HOJOKIN_HITS = [
    (26, 14.33, "交付した補助金を活用して、地域全体のためになることを住民自らが実施", ((4, 7),)),
    (20, 13.97, "…補助金制度の場合は、金銭面だけで考えると市民活動支援という側面が…", ((1, 4),)),
    (
        73,
        8.45,
        "負担金や補助金、委託契約金などの公費が支出されている事業については",
        ((4, 7), (0, 3)),
    ),
    (50, 5.0, "予算の確保", ()),
]


RELATED = {27: (51, 28, 49), 51: (52, 49, 31), 52: (51, 31, 50)}


def installed_kyodo() -> str | None:
    beside = Path(sys.executable).with_name("kyodo")
    return str(beside) if beside.exists() else shutil.which("kyodo")


def one_error_line(stderr: str, *fragments: str) -> str:
    """The one line an error prints on stderr, checked: kyodo's prefix, the fragments, and
    nothing of a traceback or of the command-line library's own messages."""
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("kyodo: エラー: "), stderr
    assert all(fragment in lines[0] for fragment in fragments), stderr
    assert "Traceback" not in stderr and "Usage:" not in stderr and "Error:" not in stderr
    return lines[0]


def value_lacking_notice(stdout: str, label: str) -> str:
    """The notice ask prints when the nearest answer, listed first in ``stdout``, lacks the
    value asked for (``label``: 金額, 数（何枚）)."""
    nearest = re.search(r"^1\. Q(\d+)", stdout, re.MULTILINE)
    assert nearest is not None, stdout
    return f"kyodo: 尋ねている{label}は、いちばん近い Q{nearest.group(1)} にも書かれていません\n"
