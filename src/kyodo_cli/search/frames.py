"""Question frames: what a question asks for (a definition, the benefits, where to consult,
how to choose, who pays, whether it is allowed, why, the steps, when …), read from a small
lexicon of patterns (``data/frames.json``, spelt out in ``data/frames.lexicon.json``).

The same lexicon reads the user's query and what each Q&A answers (its question and the
questions people ask of it), so a definition question can reach the Q&A that gives the
definition even when every word it shares with the others is the topic itself.
"""

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any, NamedTuple

from kyodo_cli.resources import data_bytes
from kyodo_cli.text.normalize import normalize_text

LEXICON = "frames.lexicon.json"
DEFINITION = "definition"  # the frame of a question asking what a term is
DIFFERENCE = "difference"  # the frame of a question asking how things differ
BENEFIT = "benefit"  # the frame of a question asking what good a thing does

ASKED_QUESTION_CHARS = 8  # a keyword this long and ending like a question is an asked question
QUESTION_ENDINGS = ("?", "？", "か", "の", "たい", "いい", "ない")
ASKED_SHARE = 0.5  # how much a frame of the asked questions counts beside the question's own
# A Q&A's question may set out a situation before it asks (…必要性を感じていなかったり、協力的
# でない場合には、どうすればいいですか): a frame named only there (必要性: why) is not what it
# asks, and counts this much, as a query's situation does beside the sentence that asks. 際
# ends a situation after a verb or の (進める際に, 行う際の), not inside a word (実際に, 国際).
SITUATION_ENDS = r"(?:場合|(?<=[うくすつぬむぶぐるただの])際)(?:に|で)?は?、?"
SITUATION_SHARE = 0.5
NOTHING_ASKED = "?？。．.!！、 　"  # what may follow a situation that is the whole question
# A question word that its clause follows with ても or でも does not ask (いくら探しても,
# 何度話し合っても, どこを探しても, 誰でもいい: however much, however often, wherever, anyone):
# the word, its clause within CONCESSIVE_REACH characters, not past a clause's end or a
# question's (…すればいいか).
CONCESSIVE_REACH = 12
_CONCESSIVE = (  # (patterns compiled on first use, by re's own cache)
    r"(?:いくら|どんなに|どれだけ|何|なん|どこ|いつ(?!も)|誰|だれ|どう)"
    rf"(?=(?:(?!のか|いか|るか|たか|すか)[^、。,.!?！？]){{0,{CONCESSIVE_REACH}}}?"
    r"[てで]も(?![らりるれろっ]))"
)
# A value named only by its topic word (料金, 人数, 単価), with no question word asking for
# one, in a question that asks how or why (使用料はどう予算に計上すればいい, 定員はどのように
# 決める): what the question is about, not the value it asks for.
_ASKS_A_VALUE = r"いくら|何|なん|いつ|いくつ|どれ(?:くらい|ぐらい|だけ)|どの(?:くらい|ぐらい)"
_ASKS_HOW_OR_WHY = (  # どう only before a verb's stem (not the どう of きょうどう)
    r"どうすれ|どうし(?:たら|て)|どうやって|どう(?=[一-龥])|どのよう|どんな|なぜ"
)


class Words(NamedTuple):
    """Patterns to find in a text: plain strings looked up as they are, and a regular
    expression for the few that need one, compiled (by re's own cache) only when a text
    holds what a match can begin with (意味, って): compiling every pattern would cost a
    query more than matching them all."""

    literals: tuple[str, ...]
    pattern: str  # "" when every pattern is a plain string
    anchors: tuple[str, ...]  # what a match can begin with (a character or two); () when any

    def may_match(self, text: str) -> bool:
        return bool(self.pattern) and (not self.anchors or any(a in text for a in self.anchors))

    def pattern_found(self, text: str) -> bool:
        """Whether the regular expression (not the plain strings) finds a match."""
        return self.may_match(text) and re.search(self.pattern, text) is not None

    def search(self, text: str) -> bool:
        return any(word in text for word in self.literals) or self.pattern_found(text)

    def spans(self, text: str) -> list[tuple[int, int]]:
        found = [
            (start, start + len(word))
            for word in self.literals
            for start in _occurrences(text, word)
        ]
        if self.may_match(text):
            found += [match.span() for match in re.finditer(self.pattern, text)]
        return found


class Frame(NamedTuple):
    name: str
    label: str
    words: Words
    values: str  # the shape of the value an answer gives, if it asks one (a pattern, or "")
    cues: Words | None  # words that only say how one asks (意味, なぜ), not what


@lru_cache(maxsize=1)
def _stored() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(data_bytes(LEXICON))
    return loaded


@lru_cache(maxsize=1)
def lexicon() -> tuple[Frame, ...]:
    """The frames, as ``data/frames.lexicon.json`` has them: ``data/frames.json``'s patterns
    spelt out by :mod:`.frame_patterns` (``tools/build_frames.py``), so that a query reads
    them without working them out again."""
    raw = _stored()
    return tuple(
        Frame(
            entry["name"],
            entry["label"],
            _words(entry["words"]),
            entry["values"],
            _words(entry["cues"]) if entry["cues"] is not None else None,
        )
        for entry in raw["frames"]
    )


@lru_cache(maxsize=1)
def kin() -> dict[str, frozenset[str]]:
    """For each frame, the frames that ask nearly the same thing (what it is, how it differs
    and whether something counts as it; what good it does and why do it): a Q&A that
    answers in one of them answers a question asked in another, if less squarely."""
    table: dict[str, frozenset[str]] = {}
    for group in _stored().get("kin", []):
        for name in group:
            table[name] = table.get(name, frozenset()) | frozenset(group) - {name}
    return table


def _words(stored: dict[str, Any]) -> Words:
    return Words(tuple(stored["literals"]), stored["pattern"], tuple(stored["anchors"]))


def _occurrences(text: str, word: str) -> list[int]:
    found = []
    start = text.find(word)
    while start >= 0:
        found.append(start)
        start = text.find(word, start + 1)
    return found


def _folded(text: str) -> str:
    """NFKC without spaces: なに reads the same in 「きょうどう って なに」."""
    return normalize_text(text).replace(" ", "")


def frames_of(text: str) -> frozenset[str]:
    """The names of the frames a text asks in."""
    return _matching(_folded(text))


def _matching(folded: str) -> frozenset[str]:
    """The frames whose words a folded text holds, found in one pass over the text: each
    place looks up only the words that begin with its character (a query's ranking reads
    the questions of dozens of Q&As, against hundreds of words)."""
    heads, always = _heads()
    found = set(always)
    for place, ch in enumerate(folded):
        for word, name in heads.get(ch, ()):
            if name not in found and folded.startswith(word, place):
                found.add(name)
    for frame in lexicon():
        if frame.name not in found and frame.words.pattern_found(folded):
            found.add(frame.name)
    return frozenset(found)


@lru_cache(maxsize=1)
def _heads() -> tuple[dict[str, list[tuple[str, str]]], frozenset[str]]:
    """Every frame's plain words by their first character, and the frames with an empty
    word (which every text holds)."""
    heads: dict[str, list[tuple[str, str]]] = {}
    always = set()
    for frame in lexicon():
        for word in frame.words.literals:
            if word:
                heads.setdefault(word[0], []).append((word, frame.name))
            else:
                always.add(frame.name)
    return heads, frozenset(always)


def value_labels(names: Iterable[str]) -> tuple[str, ...]:
    """The labels of those of the frames named that ask for a value (金額, 日付・期限 …)."""
    asked = set(names)
    return tuple(frame.label for frame in lexicon() if frame.values and frame.name in asked)


def asks_with_a_question_word(text: str) -> bool:
    """Whether the text has a question word that asks for a value (いくら, 何, いつ, いくつ,
    どのくらい): a value asked so is wanted; one only named (日程, 料金) may be a topic."""
    return re.search(_ASKS_A_VALUE, _folded(text)) is not None


def said_concessively(text: str) -> bool:
    """Whether a text begins with a question word said concessively (何枚書いても,
    いくら探しても: however many, however much), which asks nothing."""
    return re.match(_CONCESSIVE, _folded(text)) is not None


def asked_frames(text: str, misheard: Iterable[str] = ()) -> frozenset[str]:
    """The frames a query asks in. Words that say how one asks (違い, とは, なぜ, どこ) say
    it best: when the query has any, the frames its topic words suggest (負担金 for who
    pays, 相談 for where to consult) are left out, except those asking for a value (an
    amount, a date, a count, a duration, a contact, a year's own: 今年度の一覧). A
    question word said concessively (いくら探しても) asks nothing, and a value named only
    as the topic of a question asking how or why (使用料はどう計上する), or asking in words
    what a thing is, whether it counts or what good it does (使用料も経費に入る？: the
    frames of ``kin``), is not asked for; where or who (電話番号はどこ) asks for it.
    ``misheard``: the words the query's slips were read as (効果 for 高価), which ask as if
    typed so."""
    folded = "。".join(_folded(part) for part in (text, *misheard))
    if "ても" in folded or "でも" in folded:  # (most queries compile no pattern of these)
        folded = re.sub(_CONCESSIVE, "・", folded)
    matching = _matching(folded)
    found = [frame for frame in lexicon() if frame.name in matching]
    cued = [frame for frame in found if frame.cues is not None and frame.cues.search(folded)]
    if cued:
        found = [frame for frame in found if frame in cued or frame.values]
    if (
        any(frame.values for frame in found)
        and (re.search(_ASKS_HOW_OR_WHY, folded) or any(frame.name in kin() for frame in cued))
        and not re.search(_ASKS_A_VALUE, folded)
    ):
        found = [frame for frame in found if not frame.values]
    names = {frame.name for frame in cued}
    if DEFINITION in names and names - {DEFINITION} - kin().get(DEFINITION, frozenset()):
        # 利点は何ですか, 理由とは: what the benefits or the reasons are, not a definition
        found = [frame for frame in found if frame.name != DEFINITION]
    return frozenset(frame.name for frame in found)


def answered_frames(question: str, keywords: Iterable[str]) -> dict[str, float]:
    """What a Q&A answers, per frame: 1 for its own question's frames; for the frames of
    the questions people ask of it (the longer, question-like keywords), a share that grows
    with how many of them ask that way; a frame named only in the situation the question
    sets out before it asks (SITUATION_ENDS), SITUATION_SHARE."""
    strength = dict.fromkeys(frames_of(question), 1.0)
    ends = [m.end() for m in re.finditer(SITUATION_ENDS, question)]
    if ends and (asking := question[ends[-1] :]).strip(NOTHING_ASKED):  # not 中止の場合は？
        for name in strength.keys() - frames_of(asking):
            strength[name] = SITUATION_SHARE
    asked = asked_questions(keywords)
    if asked:
        counts: dict[str, int] = {}
        for text in asked:
            for name in frames_of(text):
                counts[name] = counts.get(name, 0) + 1
        for name, count in counts.items():
            share = ASKED_SHARE * min(1.0, 2 * count / len(asked))
            strength[name] = max(strength.get(name, 0.0), share)
    return strength


def asked_questions(keywords: Iterable[str]) -> list[str]:
    """The questions people ask of a Q&A among its keywords: the longer ones that end like
    a question."""
    return [k for k in keywords if len(k) >= ASKED_QUESTION_CHARS and k.endswith(QUESTION_ENDINGS)]


def cue_spans(text: str) -> list[tuple[int, int]]:
    """Where a text (already NFKC-normalised) says how it asks rather than what about: the
    spans of the frames' cue words (「意味」 in 「協働の意味は」, 「に はいる」 in 「きょうどうに
    はいるの」: spaces between words are read through, as frames_of does). Offsets are the
    text's own."""
    kept = [i for i, ch in enumerate(text) if ch != " "]
    folded = "".join(text[i] for i in kept)
    return [
        (kept[start], kept[end - 1] + 1)
        for frame in lexicon()
        if frame.cues is not None
        for start, end in frame.cues.spans(folded)
        if end > start
    ]


def gives_value(frames: frozenset[str], answer: str) -> bool | None:
    """Whether an answer holds a value of the kind the query asks for (an amount, a date,
    a count, a contact); None when the query asks for no such value."""
    asked = [f.values for f in lexicon() if f.name in frames and f.values]
    if not asked:
        return None
    return any(_compiled(pattern).search(answer) for pattern in asked)


@lru_cache(maxsize=32)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)
