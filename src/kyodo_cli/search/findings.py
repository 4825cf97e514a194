"""What the analysis of a query finds, word by word: the concepts of its words, how much of
each word the corpus knows and how much it is asked, proper nouns the corpus lacks, frames
asked in by misspelt words, and where words typed as one meet; then the analysed query."""

from __future__ import annotations

import re
from collections.abc import Sequence

from kyodo_cli.search.concepts import (
    ASKED_FOCUS,
    AnalysedQuery,
    Concept,
    distinct,
    known_share,
)
from kyodo_cli.search.frames import DEFINITION, cue_spans, frames_of
from kyodo_cli.search.terms import bigrams, is_bigram_char

CUE = 0.5  # a word that says how the question asks (意味, 理由, どこ) weighs this much
PARTLY = 0.5  # how much of a word the corpus knows when it has only its characters together
# In a question of what a thing is, the words of the asking sentence besides the thing's own
# (旭川市が進める, どのような取り組みを指す of 旭川市が進める「協働」とは、どのような取り組みを
# 指すのでしょうか) say which one or what kind it is, and weigh this much: as a situation's.
DEFINED_CONTEXT = 0.5
DEFINED_BY = re.compile(r"とは|って(?:何|なに|なん|どう)")  # what comes before them is defined
OPENING, CLOSING = "「『", "」』"


class Findings:
    """The concepts of a query's words, and how much of each word the corpus knows."""

    def __init__(self) -> None:
        self.concepts: list[Concept] = []
        self.known: dict[str, float] = {}
        self.focus: dict[str, float] = {}  # how much each counted word is asked
        self.names: dict[str, float] = {}  # proper nouns the corpus lacks, and their focus
        self.misheard_words: list[str] = []  # words read for slips that say how one asks
        self.joins: dict[str, float] = {}  # bigrams where words typed as one meet
        self.lacking: dict[str, float] = {}  # parts of compounds the corpus lacks
        self.written: dict[str, str] = {}  # how each of those was typed, where it differs

    def join(self, left: str, right: str, focus: float) -> None:
        """Two words typed as one (事業 and 協力 of 事業協力; じぎょう and きょうりょく read as
        corpus words): the bigram of the last character of one and the first of the other."""
        if left and right and is_bigram_char(left[-1]) and is_bigram_char(right[0]):
            joint = left[-1] + right[0]
            self.joins[joint] = max(focus, self.joins.get(joint, 0.0))

    def name(self, word: str, focus: float) -> None:
        """A proper noun the corpus lacks (札幌, さっぽろしの), as much as it is most asked."""
        self.names[word] = max(focus, self.names.get(word, 0.0))

    def add(
        self,
        word: str,
        concepts: list[Concept],
        *,
        counts: bool = True,
        focus: float = 1.0,
        together: bool = False,
        cues: Sequence[float] = (),
    ) -> None:
        """``together``: the corpus has the word's characters together, inside a word it
        cuts otherwise (縁組 in 地縁組織): it counts as half known, like a part. ``cues``:
        per concept, how much less it weighs for saying how the question asks, where a
        word typed in kana says so inside it (kana_runs.cues_inside)."""
        factors = cues or [1.0] * len(concepts)
        self.concepts.extend(
            c if focus * f == c.focus else c._replace(focus=focus * f)
            for c, f in zip(concepts, factors, strict=True)
        )
        if counts:
            self.known[word] = known_share(concepts) or (PARTLY if together else 0.0)
            self.focus[word] = max(focus, self.focus.get(word, 0.0))

    def misheard(self, concepts: list[Concept], focus: float) -> float:
        """A slip of the input method that reads as a word saying how a question asks
        (高価 for 効果, 異議 for 意義): the word is kept for the frames of the asking
        sentence to be read with it, and weighs as a cue (the factor returned) if it is one."""
        first = concepts[0].alternatives[0] if concepts else None
        if first is None or first.origin not in ("reading", "swapped") or focus < ASKED_FOCUS:
            return 1.0
        if frames_of(first.term):
            self.misheard_words.append(first.term)
        return CUE if cue_spans(first.term) else 1.0

    def define(self, text: str) -> None:
        """For a query that asks what a thing is: the words of the thing (those just before
        its とは or って何, or all in the brackets before it: 「対等な関係」とは) keep their
        weight, and the other words of the asking sentence weigh DEFINED_CONTEXT as much. A
        word that ends in hiragana is no part of the thing's name: it is inflected (進める of
        進める協働とは), or the とは is read out of a run of kana (さんせいとはんたい)."""
        sources = sorted({c.source for c in self.concepts if c.source}, key=len, reverse=True)
        defined: set[str] = set()
        for mark in DEFINED_BY.finditer(text):
            before = text[: mark.start()].rstrip(" ")
            if before[-1:] and before[-1] in CLOSING:
                inside = re.split(f"[{OPENING}]", before[:-1])[-1]
                defined.update(source for source in sources if source in inside)
                continue
            while before and not _hiragana(before[-1]):
                word = next((s for s in sources if before.endswith(s)), None)
                if word is None:
                    break
                defined.add(word)  # 事業協力: each word of a compound, back to the particle
                before = before[: -len(word)]
        if defined:
            self.concepts = [
                c
                if c.source in defined or c.focus < ASKED_FOCUS
                else c._replace(focus=c.focus * DEFINED_CONTEXT)
                for c in self.concepts
            ]

    def query(
        self, text: str, truncated: bool, frames: frozenset[str], asked_text: str
    ) -> AnalysedQuery:
        known = self.known
        unknown = 1 - sum(known.values()) / len(known) if known else 0.0
        asked = sum(self.focus.values())
        weighed = sum(share * self.focus[word] for word, share in known.items())
        strangers = tuple(word for word, share in known.items() if not share)
        grams = tuple(dict.fromkeys(bigrams(text)))
        concepts = distinct(self.concepts)
        return AnalysedQuery(
            text,
            concepts,
            grams,
            truncated,
            unknown,
            strangers,
            frames=frames,
            foreign_names=tuple(self.names),
            asked=asked_text,
            asked_unknown=1 - weighed / asked if asked else 0.0,
            foreign_focus=max(self.names.values(), default=0.0),
            joins=tuple(self.joins.items()) if DEFINITION in frames else (),
            lacking=tuple(self.lacking.items()),
            written=tuple(self.written.items()),
            asked_strangers=tuple(word for word in strangers if self.focus[word] >= 1.0),
        )


def _hiragana(char: str) -> bool:
    """A hiragana letter: not ー, which ends katakana words too (センター, パートナー)."""
    return "ぁ" <= char <= "ゖ"
