"""From what a user typed to weighted index terms.

The user's own words weigh most. Around them: short-unit parts of compounds, corpus words
read the same or almost (kana, romaji, and slips such as 鑑査 for 監査: see ``sounds``),
corpus words spelled almost the same (rapidfuzz), and synonyms from Sudachi's synonym
groups and the domain thesaurus, each weighing less.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from functools import cached_property

from rapidfuzz import fuzz, process

from kyodo_cli.search.concepts import (
    WORD,
    Alternatives,
    AnalysedQuery,
    Concept,
    first_term,
    names_a_thing,
)
from kyodo_cli.search.counters import counters_in, is_counter
from kyodo_cli.search.findings import CUE, Findings
from kyodo_cli.search.frames import DEFINITION, DIFFERENCE, asked_frames
from kyodo_cli.search.index import Index
from kyodo_cli.search.kana_runs import (
    KanaRun,
    another_homophone,
    cues_inside,
    kana_runs,
    typed_apart,
)
from kyodo_cli.search.kana_words import KanaReader
from kyodo_cli.search.sounds import READING, Sounds
from kyodo_cli.search.terms import bigrams
from kyodo_cli.search.vocabulary import MIN_HOMOPHONE_LEN, Vocabulary
from kyodo_cli.search.wording import (
    REQUEST_WORDS,
    QueryWords,
    asking_part,
    asks_to_be_told,
    is_interrogative,
)
from kyodo_cli.text.normalize import (
    is_hiragana,
    is_kana,
    is_kanji,
    is_romaji,
    loose_reading,
    normalize_text,
    romaji_to_kana,
)
from kyodo_cli.text.tokens import TextAnalyzer, Token

MAX_QUERY_CHARS = 1000
LATIN = r"[A-Za-z]+"  # a run of Latin letters in a word typed with Japanese

PART = 0.5
# How a verb's dictionary form ends. A verb the corpus lacks is not read as its parts, as a
# compound noun is (年齢制限: 年齢, 制限): a compound verb means other than its verbs do.
VERB_ENDINGS = tuple("うくぐすつぬぶむる")
REQUEST = 0.3
UNKNOWN_PART = 0.8
FUZZY = 0.6
SYNONYM = 0.45
THESAURUS = 0.45
FUZZY_CUTOFF = 75
# って before 何 asks what a thing is (協働って何, きょうどうって なに), unless it is the て of
# a verb written in kanji (困って何もできない, 手伝って何をすれば; in kana, ぶって may as well
# end a word the dictionary lacks) or ends a word (前もって何を決める).
TE_BEFORE_WHAT = re.compile(r"って(?=何|なに|なん)")
TE_REACH = 8  # characters before って, enough for the dictionary to cut the word it ends
CONTAINED = 0.6
KNOWN_HOMOPHONE = 0.4
MAX_CONTAINING_SINGLE = 4

# Words that only hold a place in the sentence (事業協力ってどういう感じ): not its topic.
PLACEHOLDERS = frozenset(["感じ", "辺", "風"])
# (The patterns of this module are compiled on first use, by re's own cache: most queries
# need none of them, and compiling costs a process more than a search.)


class QueryAnalyzer:
    def __init__(self, analyzer: TextAnalyzer, index: Index) -> None:
        self.analyzer = analyzer
        self.index = index

    @property
    def vocab(self) -> Vocabulary:
        return self.index.vocab

    @cached_property
    def sounds(self) -> Sounds:
        return Sounds(self.analyzer, self.vocab)

    @cached_property
    def kana(self) -> KanaReader:
        return KanaReader(
            self.analyzer, self.sounds, lambda token: self._token_concepts(token, "")[0]
        )

    @cached_property
    def by_synonym(self) -> dict[int, list[str]]:
        table: dict[int, list[str]] = defaultdict(list)
        for term, groups in self.vocab.synonym_groups():
            for group in groups:
                table[group].append(term)
        return dict(table)

    @cached_property
    def vocab_terms(self) -> list[str]:
        return sorted(self.vocab)

    def analyse(self, query: str) -> AnalysedQuery:
        text = normalize_text(query)
        truncated = len(text) > MAX_QUERY_CHARS
        text = text[:MAX_QUERY_CHARS]
        asking = asking_part(text)
        words = QueryWords(text, asking, self._romaji_as_kana, self.kana.by_sound)
        # Runs of kana are matched by reading: Sudachi cuts unfamiliar hiragana oddly.
        joined = words.joined
        tokens = self.analyzer.tokens(joined)
        found = Findings()
        stands_for: dict[int, str] = {}  # per token start: the corpus word it stands for
        misread, reread = self.sounds.misread_runs(joined, tokens)
        unread = self.sounds.misread_kana(joined, tokens)
        reread += [(start, end) for start, end, _ in unread]
        for (start, end), concept in misread.items():
            focus = words.focus_at(start)
            found.add(joined[start:end], [concept], focus=focus * found.misheard([concept], focus))
        previous = {b.start: a for a, b in itertools.pairwise(tokens) if a.end == b.start}
        counted = counters_in(text, self.analyzer.counter)  # 何部, 何枚, なんまい
        for token in tokens:
            if any(start <= token.start < end for start, end in reread) or (
                token.term not in self.vocab
                and any(start <= token.start < end for start, end in misread)
            ):
                continue  # a piece of a word the input method or Sudachi cut wrongly
            if is_interrogative(token.term) or token.term in PLACEHOLDERS:
                continue  # 幾ら, 何月, 何割: how the question asks (its frame), not its topic
            focus = words.focus_at(token.start)
            before = joined[max(0, token.start - 1) : token.start]
            if is_counter(token, before, (c.unit for c in counted)):
                continue  # 何部, 何ページ: a number asked for, not a topic
            says_how = words.says_how(token.start)
            after = joined[token.end : token.end + 4]
            concepts, lacking = self._token_concepts(token, after, guess=not says_how)
            if concepts:  # a part the corpus lacks, in a word it otherwise knows something of
                for part, typed in lacking:
                    found.lacking[part] = max(focus, found.lacking.get(part, 0.0))
                    if typed != part:
                        found.written[part] = typed
            known = token.term in self.vocab
            stands_for[token.start] = (
                token.surface if known or not concepts else first_term(concepts)
            )
            if (left := previous.get(token.start)) is not None and stands_for.get(left.start):
                found.join(
                    stands_for[left.start], stands_for[token.start], words.focus_at(left.start)
                )
            if self._foreign_name(token, joined):
                found.name(token.surface, focus)
            # 意味, 要するに, 理由: mostly how the question asks, a little what it is about.
            cue = CUE if says_how else 1.0
            if token.term not in self.vocab:
                cue = min(cue, found.misheard(concepts, focus))
            found.add(
                token.surface,
                concepts,
                counts=token.term not in REQUEST_WORDS,
                focus=focus * cue,
                together=not concepts and self._written(token.surface),
            )
        asked = words.as_read(asking)
        frames = asked_frames(self._verbs_te_apart(asked), found.misheard_words)
        sounded: dict[str, int] = defaultdict(int)  # how often a reading was typed in kana
        whole: tuple[KanaRun, str] | None = None  # the word before, read whole as one word
        loans: dict[str, str] = {}  # a borrowed word the corpus lacks, typed in kana: as written
        for run in kana_runs(words, unread):
            if run.at is not None and any(run.at == c.counter_at for c in counted):
                continue  # なん ぎょう: a counter typed apart, as 何行 is no topic
            # いくら is 幾ら to the corpus, but asks a value (its frame), as 幾ら typed does.
            concepts = [
                c for c in self.kana.concepts(run, text) if not is_interrogative(first_term(c))
            ]
            if DIFFERENCE in frames:
                concepts = [another_homophone(concept, sounded) for concept in concepts]
            for left_concept, right_concept in itertools.pairwise(concepts):
                found.join(first_term(left_concept), first_term(right_concept), run.focus)
            if concepts and whole and typed_apart(whole[0], run, text):
                found.join(whole[1], first_term(concepts[0]), run.focus)
            whole = (run, first_term(concepts[0])) if self.kana.read_whole(run, concepts) else None
            counts = bool(concepts) or self.kana.says_something(run.word)
            cues = cues_inside(run, concepts, words.in_cue, self.analyzer.reading)
            found.add(run.typed, concepts, counts=counts, focus=run.focus, cues=cues)
            if self.kana.names_a_place(run):
                found.name(run.typed, run.focus)
            if counts and not concepts and (named := self.kana.named(run)) != run.typed:
                found.written[run.typed] = named
            lacked = counts and not concepts and run.at is not None  # a word typed apart
            if lacked and (loan := self.analyzer.loanword(run.word)) and names_a_thing(loan):
                loans[run.typed] = loan  # くらうどふぁんでぃんぐ: クラウドファンディング
        if DEFINITION in frames:
            found.define(text)
        analysed = found.query(text, truncated, frames, asked)
        units = {token.surface for token in tokens if token.measure}  # 何パーセント
        things = tuple(
            loans.get(w, w)
            for w in analysed.unknown_asked
            if (w in loans or names_a_thing(w)) and w not in units
        )
        rarity = max(map(self.analyzer.rarity, things), default=0.0)
        return analysed._replace(
            unknown_things=things,
            unknown_rarity=rarity,
            units=tuple(dict.fromkeys(c.unit for c in counted if asking[0] <= c.at < asking[1])),
        )

    def _verbs_te_apart(self, asked: str) -> str:
        """The asking text, spaces left out, with each って of a verb or a word before 何
        (困って何も, 前もって何を) written apart (困っ・何も), so that it does not read as
        asking what a thing is."""
        folded = asked.replace(" ", "")
        for match in reversed(list(TE_BEFORE_WHAT.finditer(folded))):
            start = match.start()
            cut = self.analyzer.cut(folded[max(0, start - TE_REACH) : start + 2])
            if len(cut) > 1 and cut[-1][0] == "て":
                verb, pos = cut[-2]
                at = start + 1 - len(verb)
                apart = (
                    verb.endswith("っ")
                    and pos in ("動詞", "形容詞")
                    and any(map(is_kanji, verb))
                    and not (at > 0 and is_kanji(folded[at - 1]))  # 組識って: a slip of 組織
                )
            else:
                apart = bool(cut) and len(cut[-1][0]) > 2  # 前もって
            if apart:
                folded = f"{folded[: start + 1]}・{folded[start + 2 :]}"
        return folded

    def _written(self, word: str) -> bool:
        """Whether every character bigram of a word is in the corpus's text."""
        grams = bigrams(word)
        return bool(grams) and all(len(self.index.postings("bigram", g)[0]) for g in grams)

    def _foreign_name(self, token: Token, text: str) -> bool:
        """A proper noun (a place, a person, a body) the corpus lacks. One character is too
        little to tell a name from a piece of a slip (糾 of 粉糾 typed for 紛糾); a name in
        hiragana counts only as a place the dictionary reads in the sentence (さっぽろ; not
        しが, 滋賀 to the dictionary, in しがしようしょを: 市が)."""
        if not token.name or len(token.surface) < 2:
            return False
        if token.term in self.vocab or token.surface in self.vocab:
            return False
        return not all(map(is_hiragana, token.surface)) or self.kana.place_at(text, token.start)

    def _romaji_as_kana(self, word: str) -> str:
        """A Latin word the corpus lacks is read as romaji, if it converts to kana whole;
        so is one typed together with Japanese (kyoudouの定義, 協働のmeritto)."""
        if word.isascii():
            if is_romaji(word) and not {word, word.lower(), word.upper()} & self.vocab.keys():
                return romaji_to_kana(word)
            return word
        if not any("a" <= ch <= "z" or "A" <= ch <= "Z" for ch in word):
            return word
        return re.sub(LATIN, lambda m: self._romaji_as_kana(m.group()), word)

    def _token_concepts(
        self, token: Token, after: str, guess: bool = True
    ) -> tuple[list[Concept], list[tuple[str, str]]]:
        """The concepts a word stands for; and, for a compound noun the corpus lacks, the
        parts of it the corpus has nothing for, not even as characters together (前立腺 of
        前立腺がん, when it has がん), each with how it was typed. Without ``guess``, a word
        the corpus lacks is not taken for a slip or a piece of a longer word: a frame's cue
        word (指す of を指す) was typed as meant, and 目指す is another word."""
        alts = Alternatives(self.vocab)
        if asks_to_be_told(token.term, after):
            alts.add(token.term, REQUEST, "request")
            return ([c] if (c := alts.concept(token.surface)) else []), []
        alts.add(token.term, WORD, "word")
        for group in token.synonyms:
            for term in self.by_synonym.get(group, ()):
                alts.add(term, SYNONYM, "synonym")
        self._add_thesaurus(token.term, alts)
        typed = dict(zip(token.parts, token.typed_parts, strict=False))
        parts = [part for part in token.parts if part != token.term]
        key = loose_reading(token.reading)
        if token.term in self.vocab:
            for part in parts:
                alts.add(part, PART, "part")
            if len(key) >= MIN_HOMOPHONE_LEN:  # 意向 typed for 移行
                self.sounds.add_homophones(key, KNOWN_HOMOPHONE, alts, "reading")
            return ([c] if (c := alts.concept(token.surface)) else []), []
        # A word the corpus lacks: perhaps a homophone or a slip of the input method, or a
        # compound whose parts the corpus has.
        if guess:
            self.sounds.add_homophones(key, READING, alts, "reading")
            self.sounds.add_near_readings(key, alts)
            self._add_fuzzy(token.term, alts)
            self._add_containing(token.term, alts)
        concepts = [c] if (c := alts.concept(token.surface)) else []
        lacking = []
        if token.term.endswith(VERB_ENDINGS):
            parts = []  # 向き合う is neither 向く nor 合う; 立て直す is not 立てる
        for part in parts:
            part_alts = Alternatives(self.vocab)
            part_alts.add(part, UNKNOWN_PART, "part")
            self._add_thesaurus(part, part_alts)
            if c := part_alts.concept(part):
                concepts.append(c)
            elif not self._written(part):  # not even inside a word (公民 of 公民館)
                lacking.append((part, typed.get(part, part)))
        return concepts, lacking

    def _add_fuzzy(self, term: str, alts: Alternatives) -> None:
        # Input-method slips are wrong kanji in a compound; short or kana words only find
        # unrelated neighbours (知る ~ 知れる).
        if sum(1 for ch in term if not is_kana(ch)) < 2:
            return
        for found, score, _ in process.extract(
            term, self.vocab_terms, scorer=fuzz.ratio, limit=3, score_cutoff=FUZZY_CUTOFF
        ):
            alts.add(found, FUZZY * score / 100, "fuzzy")

    def _add_containing(self, term: str, alts: Alternatives) -> None:
        """Corpus words that contain the word (扱い in 取り扱い, 只 in 只働き)."""
        if is_kana(term):
            return
        containing = [t for t in self.vocab_terms if term in t and t != term]
        if len(term) >= 2 or len(containing) <= MAX_CONTAINING_SINGLE:
            for found in containing:
                alts.add(found, CONTAINED, "contained")

    def _add_thesaurus(self, term: str, alts: Alternatives) -> None:
        for found in self.index.thesaurus(term):
            alts.add(found, THESAURUS, "thesaurus")
