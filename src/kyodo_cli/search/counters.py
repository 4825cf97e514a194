"""Numbers asked with 何 and a counter word: 何部, 何枚, 何ページ, 何センチ ask how many
or how much of that unit, and an answer gives it only with a number and the unit (3部,
20ページ, 30cm). The dictionary says which words count: a counter word (助数詞) right after
何, or a word that is 何 and a counter read as one (何枚: ナンマイ; 何者 and 何事, read
ナニ…, ask no number). The counters the question-frame lexicon reads already (何人, 何日,
何割, 何年) are left to its frames. Nothing here names a query or a Q&A."""

from __future__ import annotations

import re
from collections.abc import Iterable

from kyodo_cli.search.frames import frames_of, said_concessively
from kyodo_cli.text.normalize import is_hiragana, is_kana
from kyodo_cli.text.tokens import Token

WHAT = "何"
READ_AS_A_NUMBER = "ナン"  # 何 read so before a counter (ナンマイ); ナニ… asks what (何者)
AFTER_COUNTER = 16  # characters after a counter read for what makes it no question
# After the counter, a word that makes it no question: 何度も, 何枚か (many, some).
NO_QUESTION_AFTER = ("も", "か")
# A number as an answer writes it: digits, or kanji numerals (not a lone 一: 一部 is "a
# part", 一方 "on the other hand").
NUMBER = r"(?:[0-9０-９][0-9０-９,，.．]*|[二三四五六七八九十][一二三四五六七八九十百千]*)"
LATIN_UNIT = r"[A-Za-zＡ-Ｚａ-ｚ]{1,3}"  # 30cm, 5kg: a borrowed unit as its symbol


def counted_unit(token: Token, before: str, after: str, word_after: bool) -> str | None:
    """The unit a token asks a number of, given the text just ``before`` and ``after``
    it and whether a word of its own begins right after it (``word_after``): a counter
    word after 何 (何部: 部), or 何 and a counter read as one word (何枚: 枚); None for any
    other word, for one the frame lexicon reads already (何人), and for 何 and a counter
    that ask nothing: 何度も, 何枚か, 何枚書いても (however many), 何部署 (a counter that
    begins a longer word: 署 is no word of its own; 何部提出 is 何部, then 提出)."""
    if token.measure and before.endswith(WHAT):
        unit = token.surface
    elif (
        token.surface.startswith(WHAT)
        and len(token.surface) > 1
        and token.reading.startswith(READ_AS_A_NUMBER)
    ):
        unit = token.surface[1:]
    else:
        return None
    if frames_of(WHAT + unit):
        return None
    if after.startswith(NO_QUESTION_AFTER) or said_concessively(WHAT + after):
        return None
    if after[:1] and not is_kana(after[:1]) and not word_after:  # (a space reads as kana)
        return None  # 何部署: not a count of 部
    return unit


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
