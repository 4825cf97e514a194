"""What the search reads of text, whatever analyses it: content tokens, the dictionary
entries they come from, and the analyser's interface (Sudachi in kyodo, text/sudachi.py;
a fake in unit tests)."""

from __future__ import annotations

from typing import NamedTuple, Protocol


class Token(NamedTuple):
    """A content word: its normalised form, where it stands, and how it is read."""

    term: str
    surface: str
    reading: str
    start: int
    end: int
    parts: tuple[str, ...] = ()
    synonyms: tuple[int, ...] = ()
    name: bool = False  # a proper noun: a place, a person, an organisation
    typed_parts: tuple[str, ...] = ()  # each of ``parts`` as written (ふるさと of 古里)
    measure: bool = False  # a word that counts or measures (パーセント, リットル): a unit


class TextAnalyzer(Protocol):
    """Anything that turns text into content tokens (Sudachi here, a fake in unit tests)."""

    def tokens(self, text: str) -> list[Token]:
        """The content tokens of the text, in the order they appear (the index builder
        finds a sentence's tokens by their offsets)."""
        ...

    def words(self, text: str) -> Words:
        """Where each content word starts and ends, and its entry, in text order: what the
        index needs of the tokens, without making them (a large corpus has millions)."""
        ...

    def reading(self, text: str) -> str: ...

    def other_readings(self, term: str) -> list[str]: ...

    def character_readings(self, character: str) -> frozenset[str]: ...

    def says_nothing(self, text: str) -> bool:
        """Whether the text is only words that carry no topic (できること, やりたいこと)."""
        ...

    def no_topic_word(self, text: str) -> bool:
        """Whether the text is a word that carries no topic (どんな, なんで)."""
        ...

    def light_word(self, text: str) -> bool:
        """Whether the text is a verb, adjective or formal noun of no topic with only its
        endings (して, されて, ものが)."""
        ...

    def loanword(self, text: str) -> str | None:
        """The word borrowed from another language a text typed in hiragana is, with only
        particles after it, as the analyser writes it (いべんとで: イベント)."""
        ...

    def place_name(self, text: str, at: int) -> str | None:
        """The name of a place typed in kana that the analyser reads at ``at`` in the text
        (さっぽろ of さっぽろしの)."""
        ...

    def cost(self, text: str) -> int:
        """What the analyser's best reading of a text costs: the likelier the sentence, the
        less (住民自治 costs less than じゅうみん自治, 若手る協働 more than わかってる協働)."""
        ...

    def rarity(self, word: str) -> float:
        """How rare a word is in Japanese at large, from 0 (我慢) to 1 (源泉徴収)."""
        ...

    def cut(self, text: str) -> tuple[tuple[str, str], ...]:
        """The words of a short text as written, each with its part of speech."""
        ...

    def counter(self, text: str) -> tuple[str, int] | None:
        """For a text that begins with 何, the counter word it asks a number of and how many
        characters of the text it takes (何まいまで: 枚, 2); None if it asks no number."""
        ...

    def inflected(self, text: str) -> tuple[str, str] | None:
        """The verb or adjective a short text is, with only its endings after it (くんだ,
        かせば): its normalised form and its dictionary form as typed (くむ, かす)."""
        ...


class Entry(NamedTuple):
    """What a content word's dictionary entry says, whatever text it was found in."""

    term: str
    reading: str
    parts: tuple[str, ...]
    synonyms: tuple[int, ...]
    name: bool
    terms: tuple[str, ...]  # what the index counts: the term, then its parts' other forms
    typed_parts: tuple[str, ...] = ()  # each of ``parts`` as written (ふるさと of 古里)
    measure: bool = False  # a word that counts or measures (パーセント, リットル): a unit


class Words(NamedTuple):
    """A text's content words in text order: where each starts and ends, and its entry."""

    starts: list[int]
    ends: list[int]
    entries: list[Entry]
