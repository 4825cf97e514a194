"""Numbers asked with 何 and a counter word: 何部, 何枚, 何冊, 何ページ, 何センチ ask how
many or how much of that unit, and an answer gives it only with a number and the unit (3部,
20ページ, 30cm). The dictionary says which words count: the word after a 何 it reads as a
numeral (何部, 何冊; typed in kana, なんまい as 何まい: 枚), or a word that is 何 and a
counter read as one (何枚: ナンマイ; 何者 and 何事, read ナニ…, ask no number). The counters
the question-frame lexicon reads already (何人, 何日, 何割, 何年) are left to its frames.
Nothing here names a query or a Q&A."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import NamedTuple

from kyodo_cli.search.frames import frames_of, said_concessively
from kyodo_cli.text.normalize import is_hiragana, is_kana
from kyodo_cli.text.tokens import Token

WHAT = "何"
WHAT_TYPED = r"(?:何|なん|ナン) ?"  # typed in kanji or kana, and a space typed after it
PROBE = 8  # characters after 何 that the dictionary reads with it for a counter
AFTER_COUNTER = 16  # characters after a counter read for what makes it no question
# After the counter, a word that makes it no question: 何度も, 何枚か (many, some).
NO_QUESTION_AFTER = ("も", "か")
# A number as an answer writes it: digits, or kanji numerals (not a lone 一: 一部 is "a
# part", 一方 "on the other hand").
NUMBER = r"(?:[0-9０-９][0-9０-９,，.．]*|[二三四五六七八九十][一二三四五六七八九十百千]*)"
LATIN_UNIT = r"[A-Za-zＡ-Ｚａ-ｚ]{1,3}"  # 30cm, 5kg: a borrowed unit as its symbol


class Counted(NamedTuple):
    """A number asked of a unit: where its 何 is typed, where the counter begins, the unit."""

    at: int
    counter_at: int
    unit: str


def counters_in(text: str, counter: Callable[[str], tuple[str, int] | None]) -> list[Counted]:
    """Where a text asks a number of a unit, and the unit: wherever 何 is typed, in kanji
    or in kana (なんまい, なん ぎょう), the counter the dictionary reads after it, read
    with 何 (``counter``: the analyser's). Not a counter it leaves in hiragana (ぶ, こま:
    an answer writes 部, コマ), one the frame lexicon reads already (何人, 何日, 何年),
    nor one that asks nothing: 何度も, 何枚か, 何枚書いても (however many)."""
    found = []
    for match in re.finditer(WHAT_TYPED, text):
        read = counter(WHAT + text[match.end() : match.end() + PROBE])
        if read is None:
            continue
        unit, length = read
        after = text[match.end() + length : match.end() + length + AFTER_COUNTER]
        if (
            all(map(is_hiragana, unit))
            or frames_of(WHAT + unit)
            or after.startswith(NO_QUESTION_AFTER)
            or said_concessively(WHAT + after)
        ):
            continue
        found.append(Counted(match.start(), match.end(), unit))
    return found


def is_counter(token: Token, before: str, units: Iterable[str]) -> bool:
    """Whether a token is a counter of the units asked a number of, given the text just
    ``before`` it: a unit after 何 (何部: 部), or 何 and a unit read as one word (何枚)."""
    return any(
        (token.surface == unit and before.endswith(WHAT)) or token.surface == WHAT + unit
        for unit in units
    )


def gives_number_of(units: Iterable[str], text: str) -> bool:
    """Whether a text gives a number of one of the units (3部; a borrowed unit also by its
    symbol: 30cm for センチ)."""
    for unit in units:
        stem = _stem(unit)
        written = re.escape(stem)
        if is_kana(stem):  # katakana: a borrowed unit (センチ, ページ)
            written += "|" + LATIN_UNIT
        if re.search(rf"{NUMBER}\s*(?:{written})", text):
            return True
    return False


def _stem(unit: str) -> str:
    """A counter without the kana its kanji is written with (通り: 通), as an answer may
    write it (2通)."""
    end = len(unit)
    while end > 1 and is_hiragana(unit[end - 1]) and unit[end - 1] != "ー":
        end -= 1
    return unit[:end]
