"""Sudachi itself: its core dictionary and tokenizer, loaded on first use, the morphemes
of a text, and what is read of short texts again and again (kept per text). The only
module that imports sudachipy; text/sudachi.py makes tokens and entries of what it reads.
"""

from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from kyodo_cli.text.chunks import chunks
from kyodo_cli.text.normalize import is_kana
from kyodo_cli.text.words import CONTENT_POS, ENDING_POS, FUNCTION_POS, STOP_TERMS

if TYPE_CHECKING:
    from sudachipy import Dictionary, MorphemeList, Tokenizer
    from sudachipy import Morpheme as Morpheme

MIN_PLACE_NAME = 4  # kana (see places)


@lru_cache(maxsize=1)
def dictionary() -> "Dictionary":
    from sudachipy import Dictionary

    return Dictionary(dict="core")


@lru_cache(maxsize=1)
def tokenizer() -> "Tokenizer":
    from sudachipy import SplitMode

    return dictionary().tokenizer(mode=SplitMode.C)


def compound_parts(morpheme: "Morpheme") -> tuple[tuple[str, str], ...]:
    """The content words of a compound, each normalised and as written (古里, ふるさと)."""
    from sudachipy import SplitMode

    pieces = morpheme.split(SplitMode.A)
    if len(pieces) < 2:
        return ()
    return tuple(
        (p.normalized_form(), p.surface())
        for p in pieces
        if p.part_of_speech()[0] in CONTENT_POS and p.normalized_form() not in STOP_TERMS
    )


def morpheme_lists(text: str, offset: int = 0) -> Iterator[tuple[int, "MorphemeList"]]:
    """The morphemes of each chunk of the text, with the chunk's offset. A chunk Sudachi
    still refuses is analysed in halves (``chunks`` measures by Python's NFKC, not by
    Sudachi's own rules)."""
    from sudachipy.errors import SudachiError

    for start, chunk in chunks(text):
        try:
            found = tokenizer().tokenize(chunk)
        except SudachiError:
            if len(chunk) < 2:
                raise
            half = len(chunk) // 2
            yield from morpheme_lists(chunk[:half], offset + start)
            yield from morpheme_lists(chunk[half:], offset + start + half)
            continue
        yield offset + start, found


def morphemes(text: str) -> Iterator[tuple[int, "Morpheme"]]:
    """Every morpheme of the text with the offset of the chunk it was found in."""
    for offset, found in morpheme_lists(text):
        for morpheme in found:
            yield offset, morpheme


@lru_cache(maxsize=64)
def places(text: str) -> dict[int, str]:
    """Where the dictionary reads the name of a place typed in kana in the text, of
    MIN_PLACE_NAME kana at least: shorter, a run of kana is a place by chance too often
    (しなの of 市なのか)."""
    return {
        offset + morpheme.begin(): morpheme.surface()
        for offset, morpheme in morphemes(text)
        if morpheme.part_of_speech()[2] == "地名"
        and len(morpheme.surface()) >= MIN_PLACE_NAME
        and is_kana(morpheme.surface())
    }


@lru_cache(maxsize=1024)
def reading_cost(text: str) -> int:
    """What the best reading of a text costs Sudachi. A query's conversions weigh the same
    text and the same windows of it more than once (Sounds.converted, Sounds.typed_word)."""
    return int(tokenizer().tokenize(text).get_internal_cost())


@lru_cache(maxsize=256)  # Analyzer.loanword is asked of a word typed in kana more than once
def word_and_endings(text: str, pos: frozenset[str]) -> "Morpheme | None":
    """The first word of a short text if its part of speech is one of ``pos`` and only
    endings (particles, auxiliaries) follow it: a word as it is used (こわれた, いべんとで)."""
    found = [morpheme for _, morpheme in morphemes(text)]
    if not found or found[0].part_of_speech()[0] not in pos:
        return None
    return found[0] if all(m.part_of_speech()[0] in ENDING_POS for m in found[1:]) else None


@lru_cache(maxsize=256)
def word_classes(text: str) -> tuple[tuple[str, bool, str], ...]:
    """Each word of a short text: its part of speech, whether it carries nothing (a
    function word, or a word of no topic: する, こと, the adverb どう), and the word as
    written. A prefix carries something, whatever it stands for: お of おかね is Sudachi's
    cut of お金. Kept per text: a run of kana is asked of more than once by the query's
    analysis."""
    found = []
    for _, morpheme in morphemes(text):
        pos = morpheme.part_of_speech()[0]
        if pos in CONTENT_POS or pos == "副詞":
            nothing = morpheme.normalized_form() in STOP_TERMS
        else:
            nothing = pos in FUNCTION_POS
        found.append((pos, nothing, morpheme.surface()))
    return tuple(found)
