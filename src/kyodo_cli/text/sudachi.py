"""Morphological analysis with Sudachi (read through text/dictionary.py).

Text becomes content tokens: nouns, verbs, adjectives and adjectival nouns in their
normalised form (申込 = 申し込み, 受付 = 受け付け), with their reading, the normalised
forms of their short-unit parts (市民活動団体 → 市民 / 活動 / 団体) and Sudachi's synonym
group ids. Particles, auxiliaries, symbols and content-free words are dropped.
"""

from typing import TYPE_CHECKING

from kyodo_cli.text.dictionary import (
    compound_parts,
    dictionary,
    morpheme_lists,
    morphemes,
    places,
    reading_cost,
    word_and_endings,
    word_classes,
)
from kyodo_cli.text.normalize import is_hiragana, to_katakana
from kyodo_cli.text.tokens import Entry, Token, Words
from kyodo_cli.text.words import (
    CONTENT_POS,
    ENDING_POS,
    FUNCTION_POS,
    INFLECTING_POS,
    NOUN_POS,
    REFERRING_POS,
    SMALL_KANA,
    STOP_TERMS,
    SYMBOL_LIKE,
)

if TYPE_CHECKING:
    from kyodo_cli.text.dictionary import Morpheme

MIN_LOANWORD = 3  # kana: two read in katakana are a borrowed word by chance too often (です: デス)
MAX_ENDINGS = 5  # kana of particles and auxiliaries after a borrowed word (でしたか, にとって)


# What a word costs Sudachi over the sentence around it (Analyzer.rarity): an everyday word
# costs less than COMMON_COST (我慢 7,196, 総会 7,393; 任期 8,714 a little more); one as
# rare as 源泉徴収 (16,270) costs RARE_COST more than that.
COMMON_COST = 8000
RARE_COST = 8000


_UNSEEN = Entry("", "", (), (), False, ())  # no word id maps to it: a word not seen yet


class Analyzer:
    """Sudachi (core dictionary, split mode C) loaded on first use.

    Natural text repeats most of its words: what depends only on a word's dictionary
    entry (whether it is content, its normalised form, reading, parts and synonym
    groups) is worked out once per entry and kept by its word id for this analyzer's
    life. Words not in the dictionary are worked out each time: their word id says only
    their part of speech."""

    def __init__(self) -> None:
        self._entries: dict[int, Entry | None] = {}
        self._characters: dict[str, frozenset[str]] = {}
        self._others: dict[str, list[str]] = {}

    def tokens(self, text: str) -> list[Token]:
        """The content tokens of the text, in the order they appear."""
        found = []
        entries = self._entries
        for offset, found_here in morpheme_lists(text):
            for morpheme in found_here:
                entry = entries.get(morpheme.word_id(), _UNSEEN)
                if entry is _UNSEEN:
                    entry = self._learn(morpheme, morpheme.is_oov())
                if entry is not None:
                    found.append(token_of(entry, morpheme, offset))
        return found

    def words(self, text: str) -> Words:
        """Where each content word starts and ends, and its entry, in text order: what the
        index needs of the tokens, without making them (a large corpus has millions)."""
        starts: list[int] = []
        ends: list[int] = []
        found: list[Entry] = []
        entries = self._entries
        for offset, found_here in morpheme_lists(text):
            for morpheme in found_here:
                entry = entries.get(morpheme.word_id(), _UNSEEN)
                if entry is _UNSEEN:
                    entry = self._learn(morpheme, morpheme.is_oov())
                if entry is not None:
                    starts.append(offset + morpheme.begin())
                    ends.append(offset + morpheme.end())
                    found.append(entry)
        return Words(starts, ends, found)

    def _learn(self, morpheme: "Morpheme", oov: bool) -> Entry | None:
        """The entry of a word met for the first time, kept unless it is not in the
        dictionary (every such word has the word id of its part of speech)."""
        entry = _entry(morpheme)
        if not oov:
            self._entries[morpheme.word_id()] = entry
        return entry

    def other_readings(self, term: str) -> list[str]:
        """The readings the dictionary has for a common noun besides the one analysis gave
        it: 前金 is マエキン in context, and ゼンキン too; 払い is ハライ and バライ."""
        if term in self._others:
            return self._others[term]
        found = self._others[term] = []
        if len(term) < 2:  # a character alone has readings by the dozen (日: ヒ, ニチ, カ …)
            return found
        for morpheme in dictionary().lookup(term):
            reading = morpheme.reading_form()
            if (
                morpheme.normalized_form() == term
                and morpheme.part_of_speech()[:2] == ("名詞", "普通名詞")  # not 一人 as a name
                and reading not in found
            ):
                found.append(reading)
        return found

    def character_readings(self, character: str) -> frozenset[str]:
        """Every reading the dictionary has for a character standing alone, but as a name
        (共: キョウ, トモ; 協: キョウ): what an input method may have turned into it."""
        if character not in self._characters:
            self._characters[character] = frozenset(
                morpheme.reading_form()
                for morpheme in dictionary().lookup(character)
                if morpheme.part_of_speech()[1] != "固有名詞"
            )
        return self._characters[character]

    def says_nothing(self, text: str) -> bool:
        """Whether the text is made only of words that carry no topic: particles,
        auxiliaries, and light verbs, formal nouns and the like (STOP_TERMS). できること
        and やりたいこと say what one can or wants to do, of nothing in particular; a run
        Sudachi cuts into odd pieces (だんたい: だん + たい) is not such a text."""
        return all(nothing for _, nothing, _ in word_classes(text))

    def no_topic_word(self, text: str) -> bool:
        """Whether the dictionary reads the text as a word that carries no topic: one
        alone (どんな, もらえる), or a pronoun or adnominal and only words of no topic
        after it (なんで, どういうこと, だれのこと; なんですか as 何ですか, not the ending of
        好きなんですか). The text is those words, not corpus words read loosely alike (同音
        for どんな, ドウオン without its long vowels; 難 for なん)."""
        words = word_classes("何" + text[2:] if text.startswith("なんで") else text)
        if not words or not all(nothing for _, nothing, _ in words[1:]):
            return False
        (pos, nothing, _), *after = words
        return pos in REFERRING_POS or (not after and nothing)

    def light_word(self, text: str) -> bool:
        """Whether the dictionary reads the text as a verb, adjective or formal noun of no
        topic and only its endings after it (して, されて, いいの, ものが). Not when it cuts
        an ending from a small kana (き + ょ + ど), which is no reading of the text."""
        words = word_classes(text)
        if not words or words[0][0] not in INFLECTING_POS | NOUN_POS or not words[0][1]:
            return False
        return all(pos in ENDING_POS and word[0] not in SMALL_KANA for pos, _, word in words[1:])

    def cut(self, text: str) -> tuple[tuple[str, str], ...]:
        """The words the dictionary cuts a short text into, each as written and with its
        part of speech (ほじょきんの: ほ 副詞, じょ 助詞, きん 副詞, の 助詞)."""
        return tuple((surface, pos) for pos, _, surface in word_classes(text))

    def counter(self, text: str) -> tuple[str, int] | None:
        """For a text that begins with 何, the counter it asks a number of, as written (as
        the dictionary writes it, if typed in hiragana), and how many characters of the
        text that takes: the word after a 何 read as a numeral (何部, 何まい: 枚), or the
        rest of a word of 何 read ナン… (何枚: 枚). None where 何 asks what (何か, 何者), is
        part of a numeral (何十), or the word after it begins a longer one (何部署)."""
        found = [morpheme for _, morpheme in morphemes(text)][:3]
        if not found or not found[0].surface().startswith("何"):
            return None
        first, after = found[0], found[1:]
        surface, kind = first.surface(), first.part_of_speech()[1]
        if surface != "何":
            read = first.reading_form().startswith("ナン") and kind != "数詞"
            return (surface[1:], len(surface) - 1) if read else None
        if kind != "数詞" or not after or after[0].part_of_speech()[0] in FUNCTION_POS:
            return None
        if len(after) > 1 and after[1].part_of_speech()[0] == "接尾辞":
            return None
        unit = after[0].surface()
        return after[0].normalized_form() if all(map(is_hiragana, unit)) else unit, len(unit)

    def inflected(self, text: str) -> tuple[str, str] | None:
        """A verb or adjective of some topic (not する, ある, いい) and only particles and
        auxiliaries after it: its normalised form and its dictionary form as typed."""
        first = word_and_endings(text, INFLECTING_POS)
        if first is None or first.normalized_form() in STOP_TERMS:
            return None
        return first.normalized_form(), first.dictionary_form()

    def loanword(self, text: str) -> str | None:
        """The word a text typed in hiragana is, when the dictionary writes it in katakana
        as a common noun borrowed from another language (いべんとで: イベント; not まなぶ:
        マナブ, a name, nor からす: 烏), with only particles and auxiliaries after it."""
        for cut in range(len(text), max(MIN_LOANWORD, len(text) - MAX_ENDINGS) - 1, -1):
            head = to_katakana(text[:cut])
            first = word_and_endings(head + text[cut:], NOUN_POS)
            if first is None or first.is_oov() or first.surface() != head:
                continue
            loan, kind = first.normalized_form(), first.part_of_speech()[1]
            if kind == "普通名詞" and all("ァ" <= ch <= "ヺ" or ch == "ー" for ch in loan):
                return str(loan)
        return None

    def place_name(self, text: str, at: int) -> str | None:
        """The name of a place, typed in kana, that the dictionary reads at ``at`` in the
        text (さっぽろ of さっぽろしの): a city's or a region's it knows."""
        return places(text).get(at)

    def cost(self, text: str) -> int:
        """What the dictionary's best reading of a text costs (the sum of its words' and
        their connections' costs, learnt from how often they occur)."""
        return reading_cost(text)

    def rarity(self, word: str) -> float:
        """How rare a word is in Japanese at large, from 0 to 1: what reading it costs
        Sudachi in a plain sentence (これは…です) over what the sentence costs without it.
        The dictionary's costs are learnt from how often words occur in a large corpus:
        an everyday word (我慢, 総会) costs less than COMMON_COST, a word as rare as
        源泉徴収 RARE_COST more."""
        cost = reading_cost(f"これは{word}です") - reading_cost("これはです")
        return min(1.0, max(0.0, (cost - COMMON_COST) / RARE_COST))

    def reading(self, text: str) -> str:
        """The katakana reading of the whole text, symbols and spaces dropped."""
        return "".join(
            morpheme.reading_form()
            for _, morpheme in morphemes(text)
            if morpheme.part_of_speech()[0] not in ("補助記号", "空白")
        )


def token_of(entry: Entry, morpheme: "Morpheme", offset: int) -> Token:
    """The token of a content word: its entry, and where the morpheme stands in the text
    (``offset``: where the chunk it was found in begins)."""
    return Token(
        term=entry.term,
        surface=morpheme.surface(),
        reading=entry.reading,
        start=offset + morpheme.begin(),
        end=offset + morpheme.end(),
        parts=entry.parts,
        synonyms=entry.synonyms,
        name=entry.name,
        typed_parts=entry.typed_parts,
        measure=entry.measure,
    )


def _entry(morpheme: "Morpheme") -> Entry | None:
    """The entry of a content word; None for any other."""
    pos = morpheme.part_of_speech()
    if pos[0] not in CONTENT_POS or pos[1] == "数詞":
        return None
    term = morpheme.normalized_form()
    if term in STOP_TERMS or all(ch in SYMBOL_LIKE for ch in term):
        return None
    pieces = compound_parts(morpheme)
    parts = tuple(part for part, _ in pieces)
    return Entry(
        term=term,
        reading=morpheme.reading_form(),
        parts=parts,
        synonyms=tuple(morpheme.synonym_group_ids()),
        name=pos[1] == "固有名詞",
        terms=(term, *(part for part in parts if part != term)),
        typed_parts=tuple(typed for _, typed in pieces),
        measure=pos[2] == "助数詞可能",
    )
