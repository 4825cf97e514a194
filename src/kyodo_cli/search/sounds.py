"""Corpus words by how they are read: what a user meant when the input method, the keyboard
or memory gave other characters. Homophones (鑑査 for 監査), words read almost alike (供与
for 給与), runs of kana read as the corpus words whose readings cover them (しゅひぎむ), kana
typed with kanji read as the corpus word an input method would have made of it (じゅうみん自治),
runs of kanji Sudachi cuts apart (協動 for 協働), and a kanji swapped for another of the same
reading (組識 for 組織: search/swapped.py). A word may have several readings: the one it was
read by in the corpus, and those the dictionary gives besides (前金: マエキン, ゼンキン)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from kyodo_cli.search.concepts import Alternatives, Concept
from kyodo_cli.search.conversion import Conversion
from kyodo_cli.search.kana_cover import (
    best_cover,
    loose_after,
    one_sound,
    plausible_cover,
    typed_for,
)
from kyodo_cli.search.vocabulary import MIN_HOMOPHONE_LEN, Vocabulary
from kyodo_cli.text.normalize import (
    hiragana_runs,
    is_kana,
    is_kanji,
    kanji_runs,
    loose_reading,
    to_katakana,
)
from kyodo_cli.text.tokens import TextAnalyzer, Token
from kyodo_cli.text.words import SMALL_KANA

if TYPE_CHECKING:
    from kyodo_cli.search.kana_runs import KanaRun
    from kyodo_cli.search.swapped import SwappedKanji

READING = 0.8
KANA = 0.9
NEAR_READING = 0.5
LOOSELY = 0.5  # a homophone read only loosely so, beside one read exactly as typed
NEAR_CUTOFF = 80
MIN_READING_LEN = 2
MIN_NEAR_LEN = 4
WITH_THE_SOUND_BEFORE = frozenset("ゃゅょぁぃぅぇぉゎー")  # a part of the sound before them
NO_WORD_STARTS = SMALL_KANA | {"ー", "ん"}
TYPED_PER_SOUND = 4  # kana typed for one sound of a loose reading at most (きょうっ: キョ)


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
            known = whole and all(t.term in self.vocab and not _bare_stem(t) for t in inside)
            if run in self.vocab or known:
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
        """Words in runs of hiragana typed together with kanji that Sudachi misread: a
        stretch an input method would have converted to a corpus word (ほじょきんって何,
        cut ほ + じょ + きん, for 補助金; 協働とかんさ, かん + さ, for 監査: ``converted``),
        or a noun that the corpus does not mean by that sound (きょうどう as 協同). They are
        read by their sound, as kana typed apart is; the rest of the run is as Sudachi read
        it. A word Sudachi reads across an end of the run keeps its part of it (っ of
        入っていない; かりやすく of 分かりやすく, the whole run). With each word, what Sudachi
        read it as: it may be meant after all (もうけ: 儲け, where the corpus writes 設け
        more)."""
        found: list[tuple[int, int, tuple[str, ...]]] = []
        for start, end in hiragana_runs(text):
            start = max([start, *(t.end for t in tokens if t.start < start < t.end)])
            end = min([end, *(t.start for t in tokens if t.start < end < t.end)])
            if end - start < 2:
                continue
            inside = [t for t in tokens if t.start < end and t.end > start]
            pieces = self.analyzer.cut(text[start:end])
            nouns = {surface for surface, pos in pieces if pos == "名詞"}
            for token in inside:
                if token.surface in nouns and self._misheard(token):
                    found.append((token.start, token.end, (token.term,)))
            # A word the dictionary read as a corpus word stays as it read it (たいせつ: 大切,
            # with its synonyms), whatever the input method would make of it.
            read = {(t.start, t.end) for t in inside if t.term in self.vocab}
            for low, high in self.converted(text, start, end):
                if (start + low, start + high) not in read:
                    found.append((start + low, start + high, ()))
        return sorted(found)

    def converted(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """Stretches of a run of hiragana that an input method would have converted to a
        corpus word, as one does: the conversion that makes the text likeliest to the
        dictionary first, then the next in the text so converted, while one makes it
        likelier (じゅうみん自治 as 住民自治, 協働とまるなげって as 協働と丸投げって; not
        わかってる as 若手る, nor, once まえばらい is 前払い, して as 指定). Offsets in the run."""
        run = Conversion(text, start, end, self.analyzer)
        for low in range(len(run.kana)):
            if run.kana[low] in NO_WORD_STARTS:
                continue
            key = ""
            for high in range(
                low + 1, min(len(run.kana), low + TYPED_PER_SOUND * self._longest) + 1
            ):
                key = loose_after(key, run.kana[high - 1])
                if len(key) > self._longest:
                    break
                if (
                    len(key) < MIN_HOMOPHONE_LEN
                    or run.kana[high : high + 1] in WITH_THE_SOUND_BEFORE
                ):
                    continue
                if word := self._commonest_read(key):
                    run.offer(low, high, word)
        return run.converted()

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

    def add_homophones(
        self, key: str, weight: float, alts: Alternatives, origin: str, typed: str = ""
    ) -> None:
        """Corpus words read like ``key``; the commoner a homophone, the more it counts.
        Given the kana typed for it (in katakana), a word read exactly so comes before one
        read so only loosely: てま is 手間 before テーマ, そうごう 総合 before 相互 (a typist
        may leave out a long vowel, but one typed is no slip)."""
        terms = self.read_as(key)
        if not terms:
            return
        exact = [t for t in terms if typed and self.analyzer.reading(t) == typed]
        most = max(self.vocab[t].df for t in exact or terms)
        for term in terms:
            if term not in alts.found:  # a homophone of itself is no alternative
                share = min(1.0, self.vocab[term].df / most)
                if exact and term not in exact:
                    share *= LOOSELY
                alts.add(term, weight * share, origin)

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
            if verb := self.verb(word):
                # A verb with its endings, which no reading covers (かせば, くんだ).
                return (verb,)
            alts = Alternatives(self.vocab)  # a slip in the kana itself (じっしゅたい)
            self.add_near_readings(key, alts)
            return (c,) if (c := alts.concept(word)) else ()
        concepts = []
        for reading, typed in zip(cover, typed_for(to_katakana(word), key, cover), strict=True):
            alts = Alternatives(self.vocab)
            self.add_homophones(reading, KANA, alts, "kana", typed)
            if c := alts.concept(reading):
                concepts.append(c)
        return tuple(concepts)

    def typed_word(self, run: KanaRun, text: str) -> tuple[Concept, ...]:
        """What a run of kana of the text stands for: the corpus words its sound reads as;
        or, for a word typed in kana of which a corpus word reads the start, the verb the
        dictionary finds there, when the text is likelier as typed (こえて: 越える, not 声;
        わかって: 分かる, not 若手). One sound and a particle is too short to tell by (しって:
        市って, not 知って)."""
        read = self.kana_concepts(run.word)
        if (
            len(read) == 1
            and run.at is not None
            and run.typed == run.word
            and not one_sound(run.word)
            and (verb := self.verb(run.word))
            and self.likelier_as_typed(text, run.at, run.word, read[0].alternatives[0].term)
        ):
            return (verb,)
        return read

    def verb(self, word: str) -> Concept | None:
        """What a verb or adjective typed in kana with its endings stands for: the corpus
        word it is (かせば: 貸す), or those read as its dictionary form (くむ: 組む)."""
        if not (inflected := self.analyzer.inflected(word)):
            return None
        term, base = inflected
        alts = Alternatives(self.vocab)
        if term in self.vocab:
            alts.add(term, KANA, "kana")
        else:
            self.add_homophones(loose_reading(to_katakana(base)), KANA, alts, "kana")
            if not alts.found:
                self._add_verbs_read_as(to_katakana(base), alts)
        return alts.concept(word)

    def _add_verbs_read_as(self, reading: str, alts: Alternatives) -> None:
        """Corpus words whose dictionary form reads exactly ``reading`` (ハラウ: 払う), though
        the corpus read them as they first occur there (払わ, ハラワ): those of a reading
        that begins as this one does but for its last sound."""
        stem = loose_reading(reading[:-1])
        if len(stem) < MIN_READING_LEN:
            return
        for key, terms in self.by_reading.items():
            if key.startswith(stem) and len(key) <= len(stem) + 2:
                for term in terms:
                    if self.analyzer.reading(term) == reading:
                        alts.add(term, KANA, "kana")

    def likelier_as_typed(self, text: str, at: int, word: str, term: str) -> bool:
        """Whether the text is a likelier sentence with a word typed in kana at ``at`` as
        typed than with the stretch of it that reads as ``term`` written so (わかって もらう,
        not 若手 もらう; こえて, not 声て)."""
        reading = loose_reading(to_katakana(self.analyzer.reading(term)))
        key = ""
        for end, kana in enumerate(word, 1):
            key = loose_after(key, kana)
            if key == reading and word[end : end + 1] not in WITH_THE_SOUND_BEFORE:
                written = f"{text[:at]}{term}{word[end:]}{text[at + len(word) :]}"
                return self.analyzer.cost(written) > self.analyzer.cost(text)
        return False

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

    @cached_property
    def _longest(self) -> int:
        """The length of the longest reading of a corpus word."""
        return max(map(len, self.by_reading), default=0)

    def commonest(self, kana: str) -> str | None:
        """The corpus word read as a run of kana that the corpus uses most, if any."""
        return self._commonest_read(loose_reading(to_katakana(kana)))

    def _commonest_read(self, key: str) -> str | None:
        terms = self.by_reading.get(key, ())
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


def _bare_stem(token: Token) -> bool:
    """A kanji the dictionary reads as a word written longer (強 as 強い, 働 as 働く): in a
    run of kanji, a verb or an adjective stands without its ending only as a piece of a
    compound, which may be a slip of one of the corpus's (強働 for 協働)."""
    return len(token.surface) == 1 and token.term != token.surface


def _not_words(tokens: list[Token], end: int) -> bool:
    """Whether the tokens of a run of kanji leave room for a slip: no name among them
    (旭山 is not 旭川), and no word of two of its kanji or more going on past it (安上 in
    安上がり; 識 in 組識って may be misread as a verb)."""
    return not any(t.name or (t.end > end and end - t.start >= 2) for t in tokens)
