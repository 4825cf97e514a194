"""Corpus words by how they are read: what a user meant when the input method, the keyboard
or memory gave other characters. Homophones (鑑査 for 監査), words read almost alike (供与
for 給与), runs of kana read as the corpus words whose readings cover them (しゅひぎむ),
runs of kanji Sudachi cuts apart (協動 for 協働), and a kanji swapped for another of the same
reading (組識 for 組織: search/swapped.py). A word may have several readings: the one it was
read by in the corpus, and those the dictionary gives besides (前金: マエキン, ゼンキン)."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Container, Sequence
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from kyodo_cli.search.concepts import Alternatives, Concept
from kyodo_cli.search.kana_cover import best_cover, one_sound, plausible_cover
from kyodo_cli.search.vocabulary import Vocabulary
from kyodo_cli.text.normalize import (
    hiragana_runs,
    is_kana,
    is_kanji,
    kanji_runs,
    loose_reading,
    to_katakana,
)
from kyodo_cli.text.tokens import TextAnalyzer, Token

if TYPE_CHECKING:
    from kyodo_cli.search.swapped import SwappedKanji

READING = 0.8
KANA = 0.9
NEAR_READING = 0.5
NEAR_CUTOFF = 80
MIN_READING_LEN = 2
MIN_HOMOPHONE_LEN = 3
# What follows a verb as its ending (たい, そう, て): auxiliaries, adjectival nouns, particles.
VERB_ENDINGS = frozenset({"助動詞", "形状詞", "助詞"})
# A corpus word read this long is seldom read alike by chance (ギョムイタク, 業務委託).
LONG_READING = 5
MIN_NEAR_LEN = 4


class Sounds:
    """The corpus's words by reading, and the ways of reading a query by them."""

    def __init__(self, analyzer: TextAnalyzer, vocab: Vocabulary) -> None:
        self.analyzer = analyzer
        self.vocab = vocab
        # A long word typed in kana is read once to tell whether to read it by its sound,
        # and again to read it (QueryAnalyzer): each reading is kept for the next.
        self.kana_concepts = lru_cache(maxsize=256)(self._kana_concepts)

    @cached_property
    def _swapped(self) -> SwappedKanji:
        from kyodo_cli.search.swapped import SwappedKanji

        return SwappedKanji(self.analyzer, self.vocab)

    @cached_property
    def by_reading(self) -> dict[str, list[str]]:
        table: dict[str, list[str]] = defaultdict(list)
        for term, reading in self.vocab.every_reading():
            if len(reading) >= MIN_READING_LEN:
                table[reading].append(term)
        return dict(table)

    def misread_runs(
        self, text: str, tokens: list[Token]
    ) -> tuple[dict[tuple[int, int], Concept], list[tuple[int, int]]]:
        """Runs of kanji the corpus lacks that read like a corpus word: an input-method slip
        that Sudachi cuts into pieces (協動 for 協働, 積参 for 積算, 契約所 for 契約書); or
        that hold one with a character that reads alike (地縁組識 for 地縁組織): these runs
        are read again whole, and come second, in place of Sudachi's tokens."""
        found: dict[tuple[int, int], Concept] = {}
        reread: list[tuple[int, int]] = []
        for start, end in kanji_runs(text):
            run = text[start:end]
            inside = [t for t in tokens if start <= t.start < end]
            whole = sum(len(t.surface) for t in inside) == len(run)
            if run in self.vocab or (whole and all(t.term in self.vocab for t in inside)):
                continue
            key = loose_reading(self.analyzer.reading(run))
            alts = Alternatives(self.vocab)
            if len(key) >= MIN_HOMOPHONE_LEN:
                self.add_homophones(key, READING, alts, "reading")
            if concept := alts.concept(run):
                found[start, end] = concept
            elif _not_words(inside, end) and (pieces := self._swapped.read(run, start, inside)):
                found.update(pieces)
                reread.append((start, end))
        return found, reread

    def misread_kana(
        self, text: str, tokens: list[Token]
    ) -> list[tuple[int, int, tuple[str, ...]]]:
        """Words in runs of hiragana typed together with kanji that Sudachi misread: cut
        into pieces of which a corpus word read alike makes sense (ほじょきんって何: ほ +
        じょ + きん, for 補助金; 協働とかんさ: かん + さ, for 監査), or read as a noun that
        the corpus does not mean by that sound (きょうどう as 協同). They are read by their
        sound, as kana typed apart is; the rest of the run is as Sudachi read it. A run that
        a word Sudachi reads across ends (かりやすく of 分かりやすく) is no run of its own.
        With each word, what Sudachi read it as: it may be meant after all (もうけ: 儲け,
        where the corpus writes 設け more)."""
        found: list[tuple[int, int, tuple[str, ...]]] = []
        for start, end in hiragana_runs(text):
            inside = [t for t in tokens if t.start < end and t.end > start]
            if any(t.start < start or t.end > end for t in inside):
                continue
            pieces = self.analyzer.cut(text[start:end])
            nouns = {surface for surface, pos in pieces if pos == "名詞"}
            for token in inside:
                if token.surface in nouns and self._misheard(token):
                    found.append((token.start, token.end, (token.term,)))
            strange = {t.start - start for t in inside if t.term not in self.vocab}
            for low, high in self.cut_apart(pieces, strange):
                found.append((start + low, start + high, ()))
        return sorted(found)

    def _misheard(self, token: Token) -> bool:
        """Whether Sudachi read a word typed in hiragana as a kanji word that the corpus
        does not mean by that sound (協同 for きょうどう, where the corpus's commonest word
        read so is 協働)."""
        if not is_kana(token.surface) or not any(is_kanji(ch) for ch in token.term):
            return False
        return self.commonest(token.surface) not in (None, token.term)

    def read_as(self, key: str) -> Sequence[str]:
        """The corpus words read ``key``: from ``by_reading`` once something has built it,
        else by a scan of the vocabulary (a query of kanji alone needs only a few keys)."""
        if len(key) < MIN_READING_LEN:
            return ()
        if "by_reading" in self.__dict__:
            return self.by_reading.get(key, ())
        return self.vocab.read_as(key)

    def add_homophones(self, key: str, weight: float, alts: Alternatives, origin: str) -> None:
        """Corpus words read like ``key``; the commoner a homophone, the more it counts."""
        terms = self.read_as(key)
        if not terms:
            return
        most = max(self.vocab[t].df for t in terms)
        for term in terms:
            if term not in alts.found:  # a homophone of itself is no alternative
                alts.add(term, weight * self.vocab[term].df / most, origin)

    def add_near_readings(self, key: str, alts: Alternatives) -> None:
        """Corpus words read almost alike (供与 キョウヨ for 給与 キュウヨ): a slip changes a
        sound or two, or drops or adds one, so a reading longer or shorter by more than one
        is another word, however much of it is alike (参加者数 サンカシャス is not 三者
        サンシャ)."""
        if len(key) < MIN_NEAR_LEN:
            return
        for reading, score, _ in process.extract(
            key, list(self.by_reading), scorer=fuzz.ratio, limit=3, score_cutoff=NEAR_CUTOFF
        ):
            if reading != key and abs(len(reading) - len(key)) <= 1:
                self.add_homophones(reading, NEAR_READING * score / 100, alts, "near-reading")

    def _kana_concepts(self, word: str) -> tuple[Concept, ...]:
        """Corpus words whose readings, laid end to end, best cover a run of kana."""
        key = loose_reading(to_katakana(word))
        cover = self._cover(key)
        if (sound := one_sound(word)) and (alone := self._read_exactly(to_katakana(sound))):
            # One sound and a particle (しと, てを): a corpus word of that sound (市, 手) or
            # one its whole reading covers (使途), the commonest first.
            whole = len(cover) == 1 and plausible_cover(key, cover)
            found = list(self.read_as(cover[0])) if whole else []
            return (self._by_use(word, [*alone, *found], KANA),)
        if not plausible_cover(key, cover):
            alts = Alternatives(self.vocab)
            if inflected := self.analyzer.inflected(word):
                # A verb with its endings, which no reading covers (かせば, くんだ): the
                # corpus word it is (貸す), or those read as its dictionary form (くむ: 組む).
                term, base = inflected
                if term in self.vocab:
                    alts.add(term, KANA, "kana")
                else:
                    self.add_homophones(loose_reading(to_katakana(base)), KANA, alts, "kana")
            else:  # a slip in the kana itself (じっしゅたい for じっししゅたい)
                self.add_near_readings(key, alts)
            return (c,) if (c := alts.concept(word)) else ()
        concepts = []
        for reading in cover:
            alts = Alternatives(self.vocab)
            self.add_homophones(reading, KANA, alts, "kana")
            if c := alts.concept(reading):
                concepts.append(c)
        return tuple(concepts)

    def _read_exactly(self, reading: str) -> list[str]:
        """The corpus words whose own reading is exactly this (シ: 市, not 強い by シイ)."""
        terms = self.vocab.read_as(loose_reading(reading))
        return [term for term in terms if self.analyzer.reading(term) == reading]

    def _by_use(self, source: str, terms: list[str], weight: float) -> Concept:
        """A concept of the terms, each weighing by how many Q&As use it beside the most."""
        alts = Alternatives(self.vocab)
        most = max(self.vocab[term].df for term in terms)
        for term in terms:
            alts.add(term, weight * self.vocab[term].df / most, "kana")
        concept = alts.concept(source)
        assert concept is not None  # every term is a corpus word
        return concept

    def cut_apart(
        self, pieces: Sequence[tuple[str, str]], strange: Container[int] = ()
    ) -> list[tuple[int, int]]:
        """Where a run of kana, as the dictionary cut it (each piece with its part of
        speech), holds a corpus word read alike from one cut to another two pieces or more
        on (ほ + じょ + きん: 補助金; かん + さ: 監査), a word the dictionary did not know in
        kana and cut into odd pieces: each such stretch (offsets in the run), the longest
        first. Not across a verb with its endings: they read together are only what they
        say (わかっ + て is not 若手, し + たい + と not 対等); a verb with no ending after it
        is one of the odd pieces (し of し + やく + しょ, 市役所), and so is a verb that
        starts at one of the offsets ``strange``, where the analysis found a word the corpus
        lacks (こじ + ん + で of こじんでも, 個人でも: no verb the corpus has is lost)."""
        written = [surface for surface, _ in pieces]
        offsets, keys = [0], [""]
        for piece in written:  # each prefix's loose reading, from the one before
            offsets.append(offsets[-1] + len(piece))
            keys.append(_loose_after(keys[-1], piece))
        grammar: set[int] = set()
        for i, (_, pos) in enumerate(pieces):
            ending = i + 1 < len(pieces) and pieces[i + 1][1] in VERB_ENDINGS
            verb = pos == "動詞" and offsets[i] not in strange
            if (verb and (ending or i + 1 == len(pieces))) or (
                pos in VERB_ENDINGS and i - 1 in grammar
            ):
                grammar.add(i)
        lengths = [len(key) for key in keys]
        found = []
        i = 0
        while i < len(written):
            last = bisect_right(lengths, lengths[i] + self._longest) - 1  # no reading is longer
            j = next(
                (
                    j
                    for j in range(last, i + 1, -1)
                    if lengths[j] - lengths[i] >= MIN_HOMOPHONE_LEN
                    and (
                        not grammar.intersection(range(i, j))
                        or lengths[j] - lengths[i] >= LONG_READING
                    )
                    and keys[j][lengths[i] :] in self.by_reading
                ),
                None,
            )
            if j is None:
                i += 1
            else:
                found.append((offsets[i], offsets[j]))
                i = j
        return found

    @cached_property
    def _longest(self) -> int:
        """The length of the longest reading of a corpus word."""
        return max(map(len, self.by_reading), default=0)

    def commonest(self, kana: str) -> str | None:
        """The corpus word read as a run of kana that the corpus uses most, if any."""
        terms = self.by_reading.get(loose_reading(to_katakana(kana)), ())
        return max(terms, key=lambda term: self.vocab[term].df, default=None)

    def _cover(self, key: str) -> list[str]:
        """The corpus readings that, laid end to end, best cover a loose reading."""
        spans: list[tuple[int, int, str]] = []
        for reading in self.by_reading:
            start = key.find(reading)
            while start >= 0:
                spans.append((start, start + len(reading), reading))
                start = key.find(reading, start + 1)
        return best_cover(len(key), spans)


def _loose_after(key: str, kana: str) -> str:
    """The loose reading of a text whose start reads ``key`` loosely, and that goes on with
    ``kana``: what a sound keeps depends only on the sound kept before it."""
    last = key[-1:]
    return key + loose_reading(last + to_katakana(kana))[len(last) :]


def _not_words(tokens: list[Token], end: int) -> bool:
    """Whether the tokens of a run of kanji leave room for a slip: no name among them
    (旭山 is not 旭川), and no word of two of its kanji or more going on past it (安上 in
    安上がり; 識 in 組識って may be misread as a verb)."""
    return not any(t.name or (t.end > end and end - t.start >= 2) for t in tokens)
