"""A kanji swapped for another of the same reading in a run of kanji the corpus lacks
(組識 for 組織 in 地縁組識, 実子 for 実施 in 実子主体): the run read whole as corpus words,
one of them one character off (Sounds.misread_runs)."""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property

from kyodo_cli.search.concepts import WORD, Alternatives, Concept
from kyodo_cli.search.vocabulary import Vocabulary
from kyodo_cli.search.wording import is_interrogative
from kyodo_cli.text.normalize import is_kanji
from kyodo_cli.text.tokens import TextAnalyzer, Token

SWAPPED = 0.6
MAX_SWAPPED = 4  # the longest word a swapped kanji is looked for in
MAX_PIECE = 8  # the longest corpus word a run of kanji is read as

Piece = tuple[int, int, list[str]]  # a span of a run of kanji, and the corpus words it reads as


class _Cover:
    """Pieces that read a run of kanji from its start: how many, how many are slips, and
    each piece's span with the corpus words it stands for. (A plain class: a NamedTuple
    here would cost every process that imports the module its annotations' compilation.)"""

    __slots__ = ("pieces", "slips", "spans")

    def __init__(self, pieces: int, slips: int, spans: tuple[Piece, ...]) -> None:
        self.pieces, self.slips, self.spans = pieces, slips, spans

    def cost(self) -> tuple[int, int]:
        return self.pieces, self.slips


class SwappedKanji:
    """The corpus's kanji by reading, and runs of kanji read whole with one swapped."""

    def __init__(self, analyzer: TextAnalyzer, vocab: Vocabulary) -> None:
        self.analyzer = analyzer
        self.vocab = vocab

    @cached_property
    def _kanji_by_reading(self) -> dict[str, set[str]]:
        """The kanji of the corpus's words, by each of their readings (協: キョウ). A large
        corpus has some thousands of them, however many words."""
        table: dict[str, set[str]] = defaultdict(set)
        for ch in set("".join(self.vocab)):
            if is_kanji(ch):
                for reading in self.analyzer.character_readings(ch):
                    table[reading].add(ch)
        return table

    def _one_character_off(self, piece: str) -> list[str]:
        """Corpus words spelled as ``piece`` but for one character that reads like the
        piece's (組識: 組織). A piece that reads as the whole word too (主態: 主体) is no
        less a slip: the homophones of the run it stands in were looked for first, and the
        piece, which is not one of its tokens, is looked up by its reading nowhere else."""
        found: list[str] = []
        for at, ch in enumerate(piece):
            for reading in self.analyzer.character_readings(ch):
                for other in self._kanji_by_reading.get(reading, ()):
                    term = f"{piece[:at]}{other}{piece[at + 1 :]}"
                    if other != ch and term in self.vocab and term not in found:
                        found.append(term)
        return found

    def read(self, run: str, offset: int, tokens: list[Token]) -> dict[tuple[int, int], Concept]:
        """A run of kanji read whole as corpus words, one of which was written with a wrong
        character of the same reading (組識 for 組織 in 地縁組識, 実子 for 実施 in 実子主体):
        the fewest pieces that cover it, each a corpus word or one character off one;
        nothing unless the whole run is covered so, with one such slip. A piece Sudachi
        reads as a word of its own as written (平均, 重用) is taken to be that word; one it
        reads only as the spelling of another (共働 as 共働き, 部曲 as 民部) may be a slip."""
        words = {(t.start - offset, t.end - offset) for t in tokens if t.term == t.surface}
        best: list[_Cover | None] = [_Cover(0, 0, ())] + [None] * len(run)  # of run[:end]
        for end in range(1, len(run) + 1):
            for start in range(max(0, end - MAX_PIECE), end):
                before, piece = best[start], run[start:end]
                if before is None:
                    continue
                if piece in self.vocab:
                    terms, slip = [piece], 0
                elif (
                    1 < len(piece) <= MAX_SWAPPED
                    and (start, end) not in words
                    and not is_interrogative(piece)  # 何時 asks; it is no slip for 何事
                ):
                    terms, slip = self._one_character_off(piece), 1
                else:
                    continue
                if not terms or before.slips + slip > 1:
                    continue
                cover = _Cover(
                    before.pieces + 1, before.slips + slip, (*before.spans, (start, end, terms))
                )
                if (now := best[end]) is None or cover.cost() < now.cost():
                    best[end] = cover
        whole = best[len(run)]
        if whole is None or not whole.slips:
            return {}
        found: dict[tuple[int, int], Concept] = {}
        for start, end, terms in whole.spans:
            alts = Alternatives(self.vocab)
            for term in terms:
                if term == run[start:end]:
                    alts.add(term, WORD, "word")
                else:
                    alts.add(term, SWAPPED, "swapped")
            if concept := alts.concept(run[start:end]):
                found[offset + start, offset + end] = concept
        return found
