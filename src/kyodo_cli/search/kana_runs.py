"""The runs of kana of a query, read by their sound: the words typed in kana, and the words
Sudachi misread in runs of hiragana typed together with kanji (Sounds.misread_kana)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from kyodo_cli.search.concepts import Concept, first_term
from kyodo_cli.search.findings import CUE
from kyodo_cli.search.wording import QueryWords
from kyodo_cli.text.normalize import to_hiragana


class KanaRun(NamedTuple):
    """A run of kana to read by its sound: a word typed in kana, or a run Sudachi misread
    in a word typed with kanji."""

    typed: str
    word: str  # as read (a word typed in romaji, in kana)
    asked: float  # how much the part of the query it stands in is asked (the situation less)
    cue: bool  # whether it says how the question asks (いいこと, りゆう)
    heard: tuple[str, ...] = ()  # the corpus words Sudachi read in it (Sounds.misread_kana)
    at: int | None = None  # where a word typed in kana stands in the query (not in a word)

    @property
    def focus(self) -> float:
        """How much it is asked: less if it only says how the question asks."""
        return self.asked * (CUE if self.cue else 1.0)


def kana_runs(words: QueryWords, unread: list[tuple[int, int, tuple[str, ...]]]) -> list[KanaRun]:
    """The words typed in kana, then the words Sudachi misread in runs of hiragana typed
    with kanji (``unread``: offsets into ``words.joined``, see Sounds.misread_kana)."""
    found = [
        KanaRun(
            words.typed[word], word, words.focus[word], words.in_cue(at := words.at[word]), (), at
        )
        for word in words.kana
    ]
    joined = words.joined
    for start, end, heard in unread:
        run = joined[start:end]
        found.append(KanaRun(run, run, words.focus_at(start), words.says_how(start), heard))
    return found


def cues_inside(
    run: KanaRun,
    concepts: Sequence[Concept],
    in_cue: Callable[[int], bool],
    reading: Callable[[str], str],
) -> list[float]:
    """Per concept read from a word typed in kana, how much it weighs for saying how the
    question asks: CUE where a frame's cue stands inside the word (ちがう of きょうどうと
    まるなげって なにが ちがうの, as 違う typed apart or in kanji), else 1. A concept stands
    where the reading of its first word is typed, after the concept before; a word that
    begins in a cue weighs CUE whole already (KanaRun.focus), and one read from romaji has
    offsets of its own."""
    factors = [1.0] * len(concepts)
    if run.at is None or run.cue or run.typed != run.word:
        return factors
    position = 0
    for i, concept in enumerate(concepts):
        kana = to_hiragana(reading(first_term(concept)))
        where = run.word.find(kana, position) if kana else -1
        if where >= 0:
            position = where + len(kana)
            if in_cue(run.at + where):
                factors[i] = CUE
    return factors


def typed_apart(before: KanaRun, run: KanaRun, text: str) -> bool:
    """Whether a word typed in kana comes right after another, only spaces between them: one
    compound typed in its words (じぎょう きょうりょく, ちいき じんざい), when the word
    before is read whole as one corpus word, no particle after it."""
    if before.at is None or run.at is None:
        return False
    end = before.at + len(before.typed)
    return end <= run.at and not text[end : run.at].strip()


def heard_too(concept: Concept, heard: tuple[str, ...]) -> Concept:
    """A concept of a run read by its sound, in which the words Sudachi read there weigh as
    much as the corpus's commonest word of that sound (儲け as 設ける for もうけ): which
    of them is meant, the rest of the query tells."""
    top = concept.alternatives[0].weight
    return concept._replace(
        alternatives=tuple(
            alt._replace(weight=top) if alt.term in heard else alt for alt in concept.alternatives
        )
    )


def another_homophone(concept: Concept, sounded: dict[str, int]) -> Concept:
    """A question of how two things differ does not compare a word with itself: the same
    sound typed again stands for another word of that reading (きょうどうと きょうどうは
    どう違う: 協働 and 共同). The second time a reading comes, its second commonest word
    comes first, and so on; ``sounded`` counts the readings met so far."""
    times = sounded[concept.source]
    sounded[concept.source] += 1
    found = list(concept.alternatives)
    if not 0 < times < len(found) or found[times].origin != "kana":
        return concept
    first, other = found[0], found[times]
    found[0] = other._replace(weight=first.weight)
    found[times] = first._replace(weight=other.weight)
    return concept._replace(alternatives=tuple(found))
