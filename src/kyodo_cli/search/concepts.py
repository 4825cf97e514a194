"""What a query is made of once analysed: concepts (each thing asked about, with the
index terms that can stand for it and how much each counts), and the analysed query."""

from collections.abc import Container, Iterable
from typing import NamedTuple

from kyodo_cli.search.wording import typed_words
from kyodo_cli.text.normalize import is_kanji

WORD = 1.0  # the weight of a word as the user typed it: the others are measured by it
ASKED_FOCUS = 1.0  # the focus of the words of the sentence that asks


class Alternative(NamedTuple):
    """An index term that can stand for what the user typed, and how much it counts."""

    term: str
    weight: float
    origin: str


class Concept(NamedTuple):
    """One thing the user asked about (a word, or a run of kana), with its alternatives.
    A Q&A scores by the best alternative it contains, so a word with many synonyms does
    not outweigh a word with none."""

    source: str
    alternatives: tuple[Alternative, ...]
    focus: float = 1.0  # 1 in the part of the query that asks; less in the situation

    def itself(self) -> tuple[str, ...]:
        """The terms that stand for the word itself, not for a part of it."""
        return tuple(alt.term for alt in self.alternatives if alt.origin != "part")


def first_term(concept: Concept | list[Concept]) -> str:
    """The corpus word that first stands for a concept (or the first of several)."""
    first = concept[0] if isinstance(concept, list) else concept
    return first.alternatives[0].term


class Alternatives:
    """Collects alternatives for one concept, keeping the highest weight per term."""

    def __init__(self, vocab: Container[str]) -> None:
        self.vocab = vocab
        self.found: dict[str, Alternative] = {}

    def add(self, term: str, weight: float, origin: str) -> None:
        if term in self.vocab and weight > (self.found[term].weight if term in self.found else 0):
            self.found[term] = Alternative(term, round(weight, 3), origin)

    def concept(self, source: str) -> Concept | None:
        if not self.found:
            return None
        ordered = sorted(self.found.values(), key=lambda a: (-a.weight, a.term))
        return Concept(source, tuple(ordered))


class AnalysedQuery(NamedTuple):
    text: str
    concepts: tuple[Concept, ...]
    bigrams: tuple[str, ...]
    truncated: bool
    # Share of the query's words of which the corpus knows nothing: neither the word nor
    # a word read or meaning alike (a near spelling or a part of it counts half).
    unknown: float = 0.0
    strangers: tuple[str, ...] = ()  # the words it knows nothing of at all
    foreign_names: tuple[str, ...] = ()  # proper nouns (places, people …) the corpus lacks
    asked: str = ""  # the sentence that asks (the whole text when it is one sentence)
    frames: frozenset[str] = frozenset()  # what the asking part asks for
    # As ``unknown``, each word weighing by how much it is asked (the situation a query
    # describes may name what the document never does; the question it asks should not).
    asked_unknown: float = 0.0
    foreign_focus: float = 0.0  # how much the most asked of the foreign names is asked
    # A definition question asks about a term as written (事業協力ってなに): where two of its
    # words typed as one meet, the character bigram across the join, and how much it is
    # asked. The Q&A with that bigram has the compound itself, not only its words apart.
    joins: tuple[tuple[str, float], ...] = ()
    # Parts of a compound the corpus lacks (前立腺 of 前立腺がん, when it has がん only), and
    # how much each is asked: the part that makes the compound specific is not there.
    lacking: tuple[tuple[str, float], ...] = ()
    written: tuple[tuple[str, str], ...] = ()  # how a part lacking was typed (古里: ふるさと)
    asked_strangers: tuple[str, ...] = ()  # those of ``strangers`` in the sentence that asks
    # Those of ``unknown_asked`` that name a specific thing (names_a_thing), units apart:
    # what is asked, which the document does not speak of.
    unknown_things: tuple[str, ...] = ()
    # How rare in Japanese at large the rarest of ``unknown_things`` is: 0 for an everyday
    # word (我慢, 総会), 1 for one as rare as 源泉徴収 (TextAnalyzer.rarity).
    unknown_rarity: float = 0.0
    # The units the sentence that asks asks a number of with 何 (何部, 何ページ: counters.py)
    units: tuple[str, ...] = ()

    @property
    def words(self) -> tuple[str, ...]:
        """The query's words as typed (between spaces and punctuation)."""
        return tuple(word for _, word in typed_words(self.text))

    @property
    def unknown_asked(self) -> tuple[str, ...]:
        """The words of the sentence that asks that the corpus knows nothing of, and the
        parts of its compounds that the corpus lacks (年齢 of 年齢制限), each once."""
        lacking = (part for part, focus in self.lacking if focus >= ASKED_FOCUS)
        return tuple(dict.fromkeys((*self.asked_strangers, *lacking)))

    @property
    def unknown_as_typed(self) -> tuple[str, ...]:
        """``unknown_asked`` as the user typed them (ふるさと of ふるさと納税, not 古里)."""
        typed = dict(self.written)
        return tuple(dict.fromkeys(typed.get(word, word) for word in self.unknown_asked))

    @property
    def term_weights(self) -> dict[str, float]:
        weights: dict[str, float] = {}
        for concept in self.concepts:
            for alt in concept.alternatives:
                weights[alt.term] = max(alt.weight, weights.get(alt.term, 0.0))
        return weights


def names_a_thing(word: str) -> bool:
    """Whether a word, by how it is written, names a specific thing: two kanji or more
    (年齢制限, 手話通訳, 前立 of 前立腺がん), three katakana or more (クラウドファンディング,
    ソファ), or an acronym (SNS, AED). A word in hiragana, or a shorter one, is more often
    only how someone put it (ほんと, タダ, ぶっちゃけ)."""
    if len(word) >= 2 and all(is_kanji(ch) for ch in word):
        return True
    if len(word) >= 3 and all("ァ" <= ch <= "ヺ" or ch == "ー" for ch in word):
        return True
    return len(word) >= 2 and word.isascii() and word.isalpha() and word.isupper()


KNOWN_ORIGINS = frozenset({"word", "reading", "kana", "synonym", "thesaurus"})


def known_share(concepts: list[Concept]) -> float:
    """1 if a word's concepts stand for it by itself, its reading or its meaning; 0.5 if
    only by a near spelling or a part; 0 if the corpus has nothing for it."""
    if not concepts:
        return 0.0
    origins = {alt.origin for concept in concepts for alt in concept.alternatives}
    return 1.0 if origins & KNOWN_ORIGINS else 0.5


def distinct(concepts: Iterable[Concept]) -> tuple[Concept, ...]:
    """Each concept once: a long query that names 団体 three times while describing its
    situation is not asking three times as much about 団体. It weighs as its most asked
    mention."""
    found: dict[str, Concept] = {}
    for concept in concepts:
        key = concept.alternatives[0].term
        if key not in found:
            found[key] = concept
        elif concept.focus > found[key].focus:
            found[key] = found[key]._replace(focus=concept.focus)
    return tuple(found.values())


def asked_concepts(analysed: AnalysedQuery) -> list[frozenset[str]]:
    """For each word of the sentence that asks, every term that stands for it."""
    return [
        frozenset(alt.term for alt in concept.alternatives)
        for concept in analysed.concepts
        if concept.focus >= ASKED_FOCUS
    ]
