"""What the words typed in kana stand for: the corpus words their sound reads as
(``sounds``), or the word borrowed from another language the dictionary writes in katakana;
which of them say nothing of a topic (particles, endings, light verbs typed apart); and which
name a place the corpus never names."""

from __future__ import annotations

import re
from collections.abc import Callable

from kyodo_cli.search.concepts import Concept, first_term
from kyodo_cli.search.frames import frames_of
from kyodo_cli.search.kana_cover import one_sound
from kyodo_cli.search.kana_runs import KanaRun, heard_too
from kyodo_cli.search.sounds import Sounds
from kyodo_cli.text.normalize import loose_reading, to_hiragana, to_katakana
from kyodo_cli.text.tokens import TextAnalyzer, Token
from kyodo_cli.text.words import ENDING_POS

LONG_KANA = 6  # a word typed in kana longer than this may be a sentence typed whole
MAX_PARTICLE = 2
# What a particle after a word's own name does not follow: a verb, an adjective, an ending.
NOT_BEFORE_A_NAME = frozenset({"動詞", "形容詞", "助動詞"})
# A run of kana made only of verb endings and particles (するの, しなきゃ): no word of its own.
INFLECTION = r"[しすさせされるたてっなのかよねだでまじゃいけきろうらりれやゃ]+"
# Particles, question words, demonstratives and "there is" typed apart (だけでも, なにが,
# までって, そういうのある): no word either.
FUNCTION_WORDS = (
    "(?:だけ|でも|など|なんか|まで|から|より|しか|ばかり|ばっかり|とか|って|なに|なん|どう|どこ"
    "|だれ|いつ|どれ|そういう|こういう|ああいう|そんな|こんな|あんな|それ|これ|あれ|ある|あります"
    "|ありますか|ない|ありません|が|を|に|は|も|の|と|へ|で|や|か|ね|よ)+"
)
# (The patterns are compiled on first use, by re's own cache: most queries need none.)


class KanaReader:
    """Reads the words of a query typed in kana. ``word_concepts`` is what a word the
    dictionary found stands for, as if typed in kanji (its synonyms, the thesaurus's words)."""

    def __init__(
        self,
        analyzer: TextAnalyzer,
        sounds: Sounds,
        word_concepts: Callable[[Token], list[Concept]],
    ) -> None:
        self.analyzer = analyzer
        self.sounds = sounds
        self._word_concepts = word_concepts

    def concepts(self, run: KanaRun, text: str) -> list[Concept]:
        """What a run of kana stands for. A cue or a light verb is read as no other word
        than one whose reading is typed there (いいこと: not 意向; して: not 指定, but
        いいんを: 委員); a light verb typed as a word of its own, as none that makes the
        sentence less likely than as typed (いますか: not 今すか; ありますか: not アリ), unless
        it is one sound and a particle, too short to tell by (しから: 市から). A borrowed word
        typed in hiragana with the long vowel mark that the corpus lacks is no corpus word:
        the mark is typed for such words (せんたー: センター, not 線 and a stray た)."""
        loan = self.analyzer.loanword(run.word) if "ー" in run.word else None
        if loan is not None and loan not in self.sounds.vocab:
            return []
        if self.analyzer.no_topic_word(run.word):  # どんな is not 同音 read loosely
            typed = self._cut_from_a_word(run, text)
        else:
            typed = self._typed_word(run, text)
        concepts = [heard_too(concept, run.heard) for concept in typed]
        light = bool(concepts) and not run.cue and self.analyzer.light_word(run.word)
        if run.cue or light:
            concepts = [c for c in concepts if self._typed_as_read(c, run.word)]
        if light and run.at is not None and run.typed == run.word and not one_sound(run.word):
            concepts = [
                c
                for c in concepts
                if not self.sounds.likelier_as_typed(text, run.at, run.word, first_term(c))
            ]
        return concepts

    def _cut_from_a_word(self, run: KanaRun, text: str) -> tuple[Concept, ...]:
        """What a word typed in kana that the dictionary reads as a word of no topic stands
        for: nothing, unless the dictionary cut a corpus word into a pronoun and pieces
        after it (かんり as かん + り, not 管理; こんきょ as こん + き + ょ, not 根拠). Then the
        first corpus word read there runs past the dictionary's first piece, and the text
        is likelier with it written in kanji than as typed (なんで stays なん + で, not 難)."""
        pieces = self.analyzer.cut(run.word)
        if len(pieces) < 2 or run.at is None or run.typed != run.word:
            return ()
        read = self._typed_word(run, text)
        if not read:
            return ()
        term = first_term(read[0])
        if len(self.analyzer.reading(term)) <= len(to_katakana(pieces[0][0])):
            return ()
        return () if self.sounds.likelier_as_typed(text, run.at, run.word, term) else read

    def names_a_place(self, run: KanaRun) -> bool:
        """Whether a word typed in kana or romaji begins with a place the corpus never names
        (さっぽろしの, sapporoshi), as a place name typed in kanji the corpus lacks would. The
        word read alone: typed apart, it is one (the dictionary reads よこはましの as よこ +
        は + まし + の in the sentence around it)."""
        return run.at is not None and self.place_at(run.word, 0)

    def place_at(self, text: str, at: int) -> bool:
        """Whether the dictionary reads a place typed in kana at ``at`` in the text, of
        which no corpus word has the reading (さっぽろ, but not あさひかわ: 旭川)."""
        name = self.analyzer.place_name(text, at)
        return name is not None and not self.sounds.read_as(loose_reading(to_katakana(name)))

    def named(self, run: KanaRun) -> str:
        """How a notice names a word typed in kana that the corpus knows nothing of: as the
        place it begins with, read alone as names_a_place reads it (さっぽろしの: さっぽろ),
        or without the particle typed after it (しちょうは: しちょう), unless that follows a
        verb or an ending (こわれて stays)."""
        if run.at is None or run.typed != run.word:
            return run.typed
        if place := self.analyzer.place_name(run.word, 0):
            return place
        pieces = self.analyzer.cut(run.word)
        if (
            len(pieces) < 2
            or pieces[-1][1] != "助詞"
            or pieces[-1][0] == "ん"  # ぱそこん: the word's own ん, not the particle of …んだ
            or not run.word.endswith(pieces[-1][0])
            or pieces[-2][1] in NOT_BEFORE_A_NAME
        ):
            return run.typed
        return run.word[: len(run.word) - len(pieces[-1][0])]

    def read_whole(self, run: KanaRun, concepts: list[Concept]) -> bool:
        """Whether a word typed in kana reads as one corpus word and nothing after it."""
        return len(concepts) == 1 and loose_reading(to_katakana(run.word)) == loose_reading(
            self.analyzer.reading(first_term(concepts[0]))
        )

    def by_sound(self, kana: str) -> bool:
        """Whether a word typed in kana is read by its sound: unless it is long and no
        reading of corpus words makes sense of it whole (まずどこにそうだんすればいい: a
        sentence typed in kana, for the dictionary to cut and the misread runs of it to be
        read by their sound), nor is it a word borrowed from another language typed in
        hiragana (くらうどふぁんでぃんぐで, not くらう + ど + ふぁん …; in katakana, the
        dictionary reads it as it is)."""
        return (
            len(kana) <= LONG_KANA
            or self.analyzer.no_topic_word(kana)
            or bool(self.sounds.kana_concepts(kana))
            or (kana == to_hiragana(kana) and self.analyzer.loanword(kana) is not None)
        )

    def says_something(self, kana: str) -> bool:
        """Whether a run of kana the corpus has no word for is a word of its own: not a
        particle between words (the short ones), a verb ending (するの), the way the
        question is asked (なに, どうちがうの), nor particles and question words alone
        (だけでも, なにが), nor what Sudachi reads as light verbs and formal nouns with
        their endings (できること, やりたいこと), as a word of no topic (どういう, わたし), or
        as an adverb with particles after it (ずっと, ぜんぜん): none of which, typed in
        kanji, is a content word either."""
        return (
            len(kana) > MAX_PARTICLE
            and not frames_of(kana)
            and not re.fullmatch(INFLECTION, kana)
            and not re.fullmatch(FUNCTION_WORDS, kana)
            and not self.analyzer.says_nothing(kana)
            and not self.analyzer.no_topic_word(kana)
            and not _an_adverb(self.analyzer.cut(kana))
        )

    def _typed_word(self, run: KanaRun, text: str) -> tuple[Concept, ...]:
        """What a word typed in kana stands for (Sounds.typed_word); or, when no corpus word
        reads it, what the word borrowed from another language it is would stand for typed
        in katakana (いべんと: イベント, and the thesaurus's 事業 and 取り組み)."""
        read = self.sounds.typed_word(run, text)
        if read or run.at is None or not (loan := self.analyzer.loanword(run.word)):
            return read
        return tuple(
            c for token in self.analyzer.tokens(loan)[:1] for c in self._word_concepts(token)
        )

    def _typed_as_read(self, concept: Concept, kana: str) -> bool:
        """Whether the word that first stands for a concept read from kana has its own
        reading typed there (はいるの: 入る, はいる), not one only alike (いいこと: 意向,
        いこう)."""
        return to_hiragana(self.analyzer.reading(first_term(concept))) in to_hiragana(kana)


def _an_adverb(pieces: tuple[tuple[str, str], ...]) -> bool:
    """Whether words as the dictionary cut them are an adverb and only endings after it."""
    return bool(pieces) and pieces[0][1] == "副詞" and all(p in ENDING_POS for _, p in pieces[1:])
