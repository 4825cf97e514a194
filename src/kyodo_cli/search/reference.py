"""A query that only names a Q&A by its number (Q27, q27, 問27, Ｑ２７, 27): the person wants
that Q&A, as ``kyodo show 27`` shows it, not a search for the characters Q, 2 and 7 (which
no answer holds, and which would end in "no Q&A found")."""

from __future__ import annotations

import re

from kyodo_cli.corpus.records import Corpus
from kyodo_cli.search.confidence import ANSWER
from kyodo_cli.search.results import Hit, SearchResult
from kyodo_cli.search.snippets import make_snippet
from kyodo_cli.text.normalize import normalize_text, sentences

# After NFKC (Ｑ２７ → Q27): a Q or 問, the number, and 番 after it if typed (問27番).
_NAMED = re.compile(r"([Qq問]\s*)?([0-9]{1,9})\s*番?")
NAMED_SCORE = 1.0  # the score of the Q&A a query names (no ranking was needed)


def named_number(query: str) -> tuple[int, bool] | None:
    """The number of the Q&A a query names, if naming one is all it does, and whether it
    was named as a Q&A's (Q27, 問27) rather than as a bare number (which may as well be a
    year or an amount that an answer holds)."""
    found = _NAMED.fullmatch(normalize_text(query))
    return (int(found.group(2)), bool(found.group(1))) if found else None


def named_result(corpus: Corpus, query: str, chapter: int | None) -> SearchResult | None:
    """The Q&A a query names by its number, as the answer; or, when the corpus has no Q&A
    of that number, or the chapter asked for does not hold it, no hit and a line that
    says so. None when the query does not name a number, or is a bare number no Q&A has:
    it is searched as words."""
    named = named_number(query)
    if named is None:
        return None
    number, as_qa = named
    item = corpus.item(number)
    if item is None and not as_qa:
        return None
    if item is None:
        first, last = corpus.number_bounds()
        missing = f"Q{number} はこの文書にありません（Q{first}〜Q{last}）"
        return SearchResult(query, (), notices=(missing,))
    if chapter not in (None, item.chapter):
        return SearchResult(query, (), elsewhere=(item.chapter,))
    text = item.answer_text
    found = sentences(text)
    opening = (found[0][0], found[0][0] + len(found[0][1])) if found else (0, len(text))
    snippet = make_snippet(text, opening, (), {})
    hit = Hit(item.number, NAMED_SCORE, snippet, ANSWER)
    return SearchResult(query, (hit,), answered=True, total=1)
