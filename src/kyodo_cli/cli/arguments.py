"""What the user picked on the command line: Q&A numbers, a chapter, a result count, a query.

Pure functions over the corpus records (no typer, no rich). Input is NFKC-normalised first,
so full-width ``２７`` and ``Ｑ２７`` mean what they look like. Every refusal is a
:class:`~kyodo_cli.errors.UsageError` whose message names the offending input and what
would have been accepted.
"""

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from kyodo_cli.corpus.records import Chapter, Corpus
from kyodo_cli.errors import ChoiceError as ChoiceError
from kyodo_cli.errors import UsageError
from kyodo_cli.escape import printable as printable  # used from here by the CLI modules
from kyodo_cli.present.views import chapter_label

# Kept short so that int() never meets a number long enough to be slow or refused.
_NUMBER = r"(?:[Qq]\s*)?(\d{1,6})"
# Hyphens, tildes and the wave dash all write a range in Japanese text; an IME in
# full-width mode turns "-" into the long-vowel mark "ー".
_DASH = r"[-~〜‐‑–—−ー]"
# (Compiled on first use, by re's own cache: ask and list need them only for some arguments.)
_TOKEN = rf"(?a){_NUMBER}(?:\s*{_DASH}\s*{_NUMBER})?"
_CHAPTER_NUMBER = r"(?a)第?\s*(\d{1,6})\s*章?"

SHOWN_INVALID = 5


class NumberSelection(NamedTuple):
    """Q&A numbers in the order first asked for, each once, and the tokens that were not numbers."""

    numbers: tuple[int, ...]
    invalid: tuple[str, ...]


def parse_numbers(tokens: Iterable[str], first: int, last: int) -> NumberSelection:
    """Read ``27``, ``Q27``, ``27-29`` (either way round) and their full-width forms;
    several in one argument too, as people write lists: ``27,28``, ``27、28``, ``"27 28"``."""
    wanted: list[int] = []
    invalid: list[str] = []
    # Each wanted number points past itself, so that a range skips what earlier ranges took:
    # `1-76` given a thousand times visits each number once, not a thousand times.
    beyond: dict[int, int] = {}
    for token in (piece for given in tokens for piece in _pieces(given)):
        span = _number_span(token, first, last)
        if span is None:
            invalid.append(token)
            continue
        number = _not_yet_wanted(beyond, span[0])
        while number <= span[1]:
            wanted.append(number)
            beyond[number] = number + 1
            number = _not_yet_wanted(beyond, number + 1)
    return NumberSelection(tuple(wanted), tuple(invalid))


_LIST_SEPARATORS = ",、，､;；"  # compiled into a pattern only when one is used


def _pieces(token: str) -> Iterable[str]:
    """The numbers and ranges written in one argument: split at commas, and at spaces
    unless the spaces sit inside a range (``27 - 29``)."""
    if not any(ch in _LIST_SEPARATORS or ch.isspace() for ch in token.strip()):
        yield token  # the usual case, kept as given for the error message
        return
    pieces = []
    for part in re.split(f"[{_LIST_SEPARATORS}]", token):
        if re.fullmatch(_TOKEN, unicodedata.normalize("NFKC", part).strip()):
            pieces.append(part.strip())
        else:
            pieces += part.split()
    yield from pieces or [token]  # nothing but commas: not a number either


def _not_yet_wanted(beyond: dict[int, int], number: int) -> int:
    """The first number from ``number`` on that is not wanted yet; the pointers followed
    are shortened to it, so that no run of wanted numbers is walked twice."""
    passed = []
    while number in beyond:
        passed.append(number)
        number = beyond[number]
    for wanted in passed:
        beyond[wanted] = number
    return number


def _number_span(token: str, first: int, last: int) -> tuple[int, int] | None:
    match = re.fullmatch(_TOKEN, unicodedata.normalize("NFKC", token).strip())
    if match is None:
        return None
    low, high = sorted((int(match[1]), int(match[2] or match[1])))
    if low < first or high > last:
        return None
    return low, high


def invalid_numbers_error(invalid: Sequence[str], first: int, last: int) -> UsageError:
    """One line naming the first few bad tokens, how many more there were, and the valid range."""
    named = "".join(f"「{printable(token)}」" for token in invalid[:SHOWN_INVALID])
    more = f"ほか {len(invalid) - SHOWN_INVALID} 件" if len(invalid) > SHOWN_INVALID else ""
    return UsageError(
        f"{named}{more}は番号として使えません。"
        f"{first}〜{last} の番号を指定してください（例: 27、Q27、27-29）"
    )


def chapters_of(corpus: Corpus, spec: str | None) -> tuple[Chapter, ...]:
    """All chapters, or the one ``spec`` names (see :func:`resolve_chapter`)."""
    return corpus.chapters if spec is None else (resolve_chapter(corpus, spec),)


def resolve_chapter(corpus: Corpus, spec: str) -> Chapter:
    """The chapter named by its number (``3``, ``第3章``) or by a fragment of its title."""
    text = unicodedata.normalize("NFKC", spec).strip()
    by_number = re.fullmatch(_CHAPTER_NUMBER, text)
    if by_number:
        chapter = corpus.chapter(int(by_number[1]))
        if chapter is not None:
            return chapter
    elif text:
        wanted = text.casefold()
        matches = [c for c in corpus.chapters if wanted in _folded(c.title)]
        exact = [c for c in matches if _folded(c.title) == wanted]
        if len(exact) == 1 or len(matches) == 1:
            return (exact or matches)[0]
        if matches:
            names = "、".join(chapter_label(c) for c in matches)
            raise UsageError(
                f"「{printable(spec)}」に当てはまる章が {len(matches)} つあります: {names}"
            )
    numbers = [c.number for c in corpus.chapters]
    raise ChoiceError(
        f"章「{printable(spec)}」が見つかりません。"
        f"章の番号（{min(numbers)}〜{max(numbers)}）かタイトルの一部を指定してください:",
        [chapter_label(c) for c in corpus.chapters],
    )


def _folded(title: str) -> str:
    return unicodedata.normalize("NFKC", title).casefold()


def checked_limit(limit: int, maximum: int) -> int:
    """A count of results: at least 1; more than there are means all of them."""
    if limit < 1:
        raise UsageError(f"--limit には 1 以上の数を指定してください（指定: {limit}）")
    return min(limit, max(maximum, 1))


def query_text(words: Sequence[str]) -> str:
    """Several words on the command line are one query."""
    # Bytes that were not UTF-8 arrive as lone surrogates, which no stream can print.
    query = "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in " ".join(words))
    if not query.strip():
        raise UsageError("検索する言葉を指定してください（例: kyodo ask 補助金）")
    return query
