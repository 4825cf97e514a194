"""Character-level normalisation of Japanese text: widths, old kanji forms, kana and romaji.

Pure functions, no dictionary: what the query and the corpus both go through before the
morphological analysis, and the reading keys that let kana, romaji and homophones meet.
"""

from __future__ import annotations

import json
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Sequence
from functools import lru_cache

from kyodo_cli.resources import data_bytes

# Control and invisible formatting characters become spaces: a table for str.translate, not a
# character class (compiling a class of non-Latin-1 characters costs every process a fraction
# of a millisecond, more than translating a query).
_CONTROL = dict.fromkeys(
    (
        *range(0x00, 0x09),
        *range(0x0B, 0x20),
        *range(0x7F, 0xA0),
        *range(0x200B, 0x2010),
        *range(0x2028, 0x202F),
        0xFEFF,
    ),
    " ",
)
_SENTENCE = re.compile(r"[^。！？\n]*(?:[。！？]+|\n|$)")
_ROMAJI_WORD = (
    r"(?:([bcdfghjkmprstvwz])(?=\1)|tch|(?:sh|ch|ts|[bcdfghjkmnprstvwxyz]y?)?[aiueo]|n'?|-)+"
)


@lru_cache(maxsize=1)
def _kyujitai() -> dict[int, str]:
    raw = data_bytes("kyujitai.json")
    return {ord(old): new for old, new in json.loads(raw)["map"].items()}


def normalize_text(text: str) -> str:
    """NFKC (full/half width, half-width katakana), old kanji forms to new, no control
    characters or lone surrogates, runs of white space as one space."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates, the only characters UTF-8 cannot hold
        text = text.encode("utf-8", "ignore").decode("utf-8")
    text = unicodedata.normalize("NFKC", text).translate(_kyujitai())
    text = text.translate(_CONTROL)
    return " ".join(text.split())


def fold_chars(text: str) -> str:
    """Width and old-kanji folding that keeps every character at its offset, so that token
    offsets in the folded text are offsets in the original (for highlighting)."""
    return text.translate(_FOLD)


class _FoldTable(dict[int, str]):
    """str.translate table filled on first sight of each character: its NFKC form when
    that is one character, then old kanji to new."""

    def __missing__(self, code: int) -> str:
        nfkc = unicodedata.normalize("NFKC", chr(code))
        folded = nfkc.translate(_kyujitai()) if len(nfkc) == 1 else chr(code)
        self[code] = folded
        return folded


_FOLD = _FoldTable()


# Hiragana and katakana stand 0x60 apart, ぁ..ゖ and ァ..ヶ, with the iteration marks ゝゞ and
# ヽヾ; ヷ..ヺ have no hiragana. (A table of our own: the conversion library's import cost
# every query more than the conversions themselves.)
_TO_KATAKANA = {code: code + 0x60 for code in (*range(0x3041, 0x3097), 0x309D, 0x309E)}
_TO_HIRAGANA = {kata: hira for hira, kata in _TO_KATAKANA.items()}


def to_katakana(text: str) -> str:
    return text.translate(_TO_KATAKANA)


def to_hiragana(text: str) -> str:
    return text.translate(_TO_HIRAGANA)


def is_kana(text: str) -> bool:
    """True when the text is only hiragana/katakana (and the prolonged sound mark)."""
    return bool(text) and all(
        "\u3041" <= ch <= "\u30ff" or ch == "ー" for ch in text if not ch.isspace()
    )


def is_kanji(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or ch in "々〆ヶ"


def is_hiragana(ch: str) -> bool:
    return "\u3041" <= ch <= "\u309f" or ch == "ー"


def kanji_runs(text: str) -> list[tuple[int, int]]:
    """Where runs of two kanji or more are in ``text``."""
    return _runs(text, is_kanji)


def hiragana_runs(text: str) -> list[tuple[int, int]]:
    """Where runs of two hiragana or more are in ``text``."""
    return _runs(text, is_hiragana)


def _runs(text: str, belongs: Callable[[str], bool]) -> list[tuple[int, int]]:
    """Where runs of two characters or more of a kind are. (A loop: the character class
    that says the same costs every process more to compile than a query takes to scan.)"""
    runs: list[tuple[int, int]] = []
    start = None
    for position, ch in enumerate(f"{text}\0"):
        if belongs(ch):
            start = position if start is None else start
        elif start is not None:
            if position - start >= 2:
                runs.append((start, position))
            start = None
    return runs


def is_romaji(text: str) -> bool:
    """True when every word is made of romaji syllables (so 'kansa', not 'pdca')."""
    words = text.lower().split()
    # (Only ASCII can be romaji: a Japanese word costs no compilation of the pattern.)
    return bool(words) and all(w.isascii() and re.fullmatch(_ROMAJI_WORD, w) for w in words)


def romaji_to_kana(text: str) -> str:
    """Romaji typed without an input method ('shuhigimu', 'kyodo') as hiragana.

    A double n before a vowel is Hepburn's n + na/ni/…, as in tannendo (単年度), not the
    input-method ん + vowel that a plain converter reads."""
    import jaconv  # only romaji needs it

    text = re.sub(r"nn(?=[aiueoy])", "n'n", text.lower())
    return str(jaconv.alphabet2kana(text))


_VOWEL_OF = {
    **dict.fromkeys("アカガサザタダナハバパマヤラワャァ", "a"),
    **dict.fromkeys("イキギシジチヂニヒビピミリィ", "i"),
    **dict.fromkeys("ウクグスズツヅヌフブプムユルュゥヴ", "u"),
    **dict.fromkeys("エケゲセゼテデネヘベペメレェ", "e"),
    **dict.fromkeys("オコゴソゾトドノホボポモヨロヲョォ", "o"),
}
_SMALL = frozenset("ャュョァィゥェォ")
_LENGTHENERS = {"a": "ア", "i": "イ", "u": "ウ", "e": "イエ", "o": "ウオ"}
_SAME_SOUND = str.maketrans({"ヲ": "オ", "ヂ": "ジ", "ヅ": "ズ", "ー": None, "ッ": None})


def _kana_units(katakana: str) -> list[str]:
    """Split katakana into sound units: a kana with the small kana that follows it."""
    units: list[str] = []
    for ch in katakana:
        if ch in _SMALL and units:
            units[-1] += ch
        else:
            units.append(ch)
    return units


@lru_cache(maxsize=8192)
def loose_reading(reading: str) -> str:
    """A katakana key that ignores what people leave out when they type a reading: long
    vowels (キョウドウ = キョドウ = キョド), the small tsu (シッパイ = シパイ) and
    the prolonged sound mark. Romaji converted with :func:`romaji_to_kana` meets it too."""
    units = _kana_units(to_katakana(reading).translate(_SAME_SOUND))
    kept: list[str] = []
    for unit in units:
        vowel = _VOWEL_OF.get(kept[-1][-1]) if kept else None
        if vowel and unit in _LENGTHENERS[vowel]:
            continue
        kept.append(unit)
    return "".join(kept)


def sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) for every non-empty sentence of the text."""
    found = []
    for match in _SENTENCE.finditer(text):
        sentence = match.group(0).rstrip("\n")
        if sentence.strip():
            found.append((match.start(), sentence))
    return found


def sentence_words(
    found: Sequence[tuple[int, str]], starts: Sequence[int]
) -> list[tuple[int, int]]:
    """For each sentence of ``found`` (as ``sentences`` gives them), the range of the words
    that begin in it, as (first, last) positions in ``starts``: where the words of the text
    begin, in text order. Found by bisection, not by a scan of every word for each sentence."""
    ranges = []
    for offset, sentence in found:
        first = bisect_left(starts, offset)
        ranges.append((first, bisect_left(starts, offset + len(sentence), first)))
    return ranges
