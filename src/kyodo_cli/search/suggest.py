"""もしかして: corpus words a query that found nothing plausibly meant — close in spelling
or in reading over their whole length, of about the query's length, and read with the same
first sound. One or two characters say too little to guess from."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from kyodo_cli.search.vocabulary import Vocabulary
from kyodo_cli.text.normalize import loose_reading, romaji_to_kana, to_katakana

# もしかして: a word is suggested only if it resembles the whole query (rapidfuzz ratio,
# 0–100) and is at most half as long again or half as short: ネット is no guess for
# ペットの犬の登録, nor nda for a.
MIN_SUGGESTED_FROM = 3
SUGGEST_SURFACE = 65
SUGGEST_READING = 65
SUGGEST_SPREAD = 10  # and the others not much worse than the best guess


def _similar_length(word: str, text: str) -> bool:
    return 2 * len(word) >= len(text) and 2 * len(text) >= len(word)


def _is_hiragana(ch: str) -> bool:
    return "\u3041" <= ch <= "\u309f"


def plausible_words(vocab: Vocabulary, text: str, limit: int = 3) -> tuple[str, ...]:
    """Up to ``limit`` corpus words the text plausibly meant, likeliest first."""
    text = "".join(text.split())
    if len(text) < MIN_SUGGESTED_FROM:
        return ()
    read = dict(vocab.readings())
    key = loose_reading(to_katakana(romaji_to_kana(text) if text.isascii() else text))
    words = [
        word
        for word, reading in read.items()
        if len(word) >= 2
        and not all(_is_hiragana(ch) for ch in word)
        and word != text
        and reading[:1] == key[:1]
        and _similar_length(word, text)
    ]
    by_surface = process.extract(
        text, words, scorer=fuzz.ratio, limit=limit, score_cutoff=SUGGEST_SURFACE
    )
    readings = [read[w] for w in words]
    by_reading = process.extract(
        key, readings, scorer=fuzz.ratio, limit=limit, score_cutoff=SUGGEST_READING
    )
    ranked = sorted(
        [(score, words[i]) for _, score, i in by_surface]
        + [(score, words[i]) for _, score, i in by_reading if len(key) >= 3],
        key=lambda pair: -pair[0],
    )
    close = [word for score, word in ranked if score >= ranked[0][0] - SUGGEST_SPREAD]
    return tuple(dict.fromkeys(close))[:limit]
