"""Whether an answer gives the value a query asks for (an amount, a date, a count, a
duration, a contact, the year it names: 今年度の採択団体), where it speaks of what is
asked. 1,000円 in an answer on 特定健診 is the fee asked for; in an answer on the window's
opening hours that names 切手 in passing, it is not the stamp's price; in one on 住民税
that never names 固定資産税, it is not the date asked for 固定資産税."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from kyodo_cli.search.concepts import ASKED_FOCUS, asked_concepts
from kyodo_cli.text.normalize import sentences

if TYPE_CHECKING:
    from kyodo_cli.corpus.records import QA
    from kyodo_cli.search.concepts import AnalysedQuery
    from kyodo_cli.search.placed import Word

VALUE_REACH = 1  # a value asked for may stand this many sentences past the asked word


def value_given(
    analysed: AnalysedQuery,
    item: QA,
    question_words: frozenset[str],
    words: Callable[[str], Sequence[Word]],
    idf: Callable[[str], float],
) -> bool | None:
    """Whether the Q&A's answer holds a value of the kind the query asks for, if it asks
    for one (None if it asks for none), where it speaks of what is asked: of the asked
    words the answer has (``words``: the words of a text, where they stand), the most
    specific one is its topic (in its question, ``question_words``, or its first
    sentence: an answer does not name its topic again in each sentence), or the value
    stands in a sentence that names it or the one after. A Q&A that never names the most
    specific thing asked about, typed as the corpus writes it, gives the values of
    another (住民税の納期 for 固定資産税の納期はいつ)."""
    text = item.answer_text
    given = _gives(analysed, text)
    if not given:
        return given
    placed = words(text)
    thing = _most_specific_typed(analysed, idf)
    if (
        thing
        and thing.isdisjoint(question_words)
        and not any(word.terms[0] in thing for word in placed)
    ):
        return False
    terms, starts = _most_specific_place(analysed, placed, idf)
    found = sentences(text)
    lead_end = found[0][0] + len(found[0][1]) if found else 0
    if not starts or terms & question_words or min(starts) < lead_end:
        return True
    asked = set().union(*asked_concepts(analysed))
    elsewhere = [word.start for word in placed if word.terms[0] in asked]
    parts = _part_places(item.answer_lines, item.headed_parts)
    return any(
        _gives(analysed, "".join(_said_of(found, i, elsewhere, parts)))
        for i, (offset, sentence) in enumerate(found)
        if _names(offset, sentence, starts)
    )


def _gives(analysed: AnalysedQuery, text: str) -> bool | None:
    """Whether a text holds a value of a kind the query asks for (None if it asks none):
    one its frames ask (an amount, a date …), or a number of a unit it asks with 何 (3部)."""
    from kyodo_cli.search.counters import gives_number_of
    from kyodo_cli.search.frames import gives_value

    given = gives_value(analysed.frames, text)
    if not analysed.units:
        return given
    return bool(given) or gives_number_of(analysed.units, text)


def _names(offset: int, sentence: str, places: Iterable[int]) -> bool:
    """Whether the sentence at ``offset`` holds one of the places (where a word stands)."""
    return any(offset <= place < offset + len(sentence) for place in places)


def _part_places(
    lines: Sequence[str], parts: Iterable[tuple[int, int]]
) -> dict[int, tuple[int, int]]:
    """Per heading of the answer text (QA.headed_parts), where it stands: where the lines
    it heads begin and end."""
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    return {starts[head]: (starts[head + 1], starts[end]) for head, end in parts}


def _said_of(
    found: Sequence[tuple[int, str]],
    i: int,
    asked: Sequence[int],
    parts: Mapping[int, tuple[int, int]],
) -> list[str]:
    """The sentences a value may stand in to be said of what the i-th names: it and the
    one after; or, when it heads a part of the answer (``parts``: a table's 【翌年度実施型】,
    a step's heading), the lines of that part that name another asked word (``asked``:
    where the answer names one). A heading is broad: under 【当年度実施型】, a month is the
    month of one row's step, not of whatever the heading's year is asked with."""
    part = parts.get(found[i][0])
    if part is None:
        return [sentence for _, sentence in found[i : i + 1 + VALUE_REACH]]
    low, high = part
    return [s for offset, s in found if low <= offset < high and _names(offset, s, asked)]


def _most_specific_place(
    analysed: AnalysedQuery, words: Sequence[Word], idf: Callable[[str], float]
) -> tuple[frozenset[str], list[int]]:
    """Of the words of the sentence that asks, the most specific one (by IDF) that the
    answer ``words`` have, itself or by another word for it (not only by a part of it):
    what stands for it, and where it stands in the answer."""
    best: tuple[float, frozenset[str], list[int]] = (-1.0, frozenset(), [])
    for concept in analysed.concepts:
        if concept.focus < ASKED_FOCUS:
            continue
        terms = frozenset(concept.itself())
        starts = [word.start for word in words if word.terms[0] in terms]
        specific = idf(concept.alternatives[0].term)
        if starts and specific > best[0]:
            best = (specific, terms, starts)
    return best[1], best[2]


def _most_specific_typed(
    analysed: AnalysedQuery, idf: Callable[[str], float]
) -> frozenset[str] | None:
    """The terms that stand for the most specific (by IDF) of the words of the sentence
    that asks typed as the corpus writes them (not read from kana or a near spelling,
    which may have been misread), itself or by another word for it, unless it is in every
    Q&A. Not a word that names the kind of value asked (日程, 締め切り, 料金): the thing is
    what it is the value of."""
    from kyodo_cli.search.frames import frames_of

    typed = [
        concept
        for concept in analysed.concepts
        if concept.focus >= ASKED_FOCUS
        and concept.alternatives[0].origin == "word"
        and concept.alternatives[0].term in analysed.text
        and not frames_of(concept.alternatives[0].term) & analysed.frames
    ]
    if not typed:
        return None
    most = max(typed, key=lambda concept: idf(concept.alternatives[0].term))
    return frozenset(most.itself()) if idf(most.alternatives[0].term) > 0.0 else None
