"""Where a query asks: the sentence that asks (people describe their situation first and
ask last), the query's words as typed, and how much each is asked."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable

from kyodo_cli.search.frames import cue_spans
from kyodo_cli.text.normalize import is_kana

# In a query of several sentences, the words of the situation it describes weigh this much
# beside the words of the sentence that asks (usually the last).
SITUATION = 0.5
# What stands between a query's words, besides spaces. (The few patterns of this module are
# written as loops: compiled, they would cost every query more than they take to run.)
BETWEEN_WORDS = frozenset("、。，．,.!?！？・:;：；「」『』()（）[]")
SENTENCE_ENDS = frozenset("。．.!?！？")
# Where a sentence asks: a question mark, a question word, or a request for an answer.
QUESTION_WORDS = (
    *"?？",
    *[
        "どこ",
        "どちら",
        "だれ",
        "誰",
        "いつ",
        "いくら",
        "どう",
        "なぜ",
        "なんで",
        "何",
        "なに",
        "どれ",
        "どの",
        "どんな",
    ],
    *["とは", "って", "教え", "知りたい", "ほしい", "べき"],
)
# How people phrase a request (知りたい, 教えて, わかりやすく) rather than what it is about.
REQUEST_WORDS = frozenset(
    [
        "知る",
        "分かる",
        "教える",
        "聞く",
        "調べる",
        "知れる",
        "説明",
        "具体",
        "簡単",
        "詳しい",
    ]
)
# 知ってもらう, 分かってほしい: not the asker's request to know, but what the asker wants
# others to know (広報, 周知, 理解).
OTHERS_SHOULD = ("もら", "貰", "ほし", "欲し")
GOOD = ("いい", "よい", "良い")  # ending a sentence that asks: いいの？ よいですか
GOOD_ENDINGS = ("", "の", "です", "でしょう")
QUESTION_PARTICLES = ("", "か", "ね", "。")
HOW_MANY = frozenset("月日年割円人件回時分歳度か所")  # 何月, 何割, 何か所


def typed_words(text: str) -> list[tuple[int, str]]:
    """The words of a query as typed, between spaces and punctuation, with their offsets."""
    found = []
    start = None
    for place, ch in enumerate(text):
        if ch.isspace() or ch in BETWEEN_WORDS:
            if start is not None:
                found.append((start, text[start:place]))
                start = None
        elif start is None:
            start = place
    if start is not None:
        found.append((start, text[start:]))
    return found


def is_interrogative(term: str) -> bool:
    """幾ら, 何月, 何割: how a question asks (its frame), not what about."""
    return term == "幾ら" or (
        len(term) > 1 and term[0] == "何" and all(ch in HOW_MANY for ch in term[1:])
    )


def asks(sentence: str) -> bool:
    """Whether a sentence has a question cue: a question mark or word, a request for an
    answer, or an ending that asks (…か, …いいの, …よいですか)."""
    if any(word in sentence for word in QUESTION_WORDS):
        return True
    if sentence.endswith("か") or (sentence[-1:] in ("。", "．", ".") and sentence[-2:-1] == "か"):
        return True
    for particle in QUESTION_PARTICLES:
        if sentence.endswith(particle):
            stem = sentence[: len(sentence) - len(particle)]
            for ending in GOOD_ENDINGS:
                if stem.endswith(ending) and stem[: len(stem) - len(ending)].endswith(GOOD):
                    return True
    return False


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Where each sentence of a query is: a run of text and the marks that end it."""
    spans = []
    place, end = 0, len(text)
    while place < end:
        if text[place] in SENTENCE_ENDS:  # marks before any text end no sentence
            place += 1
            continue
        start = place
        while place < end and text[place] not in SENTENCE_ENDS:
            place += 1
        while place < end and text[place] in SENTENCE_ENDS:
            place += 1
        spans.append((start, place))
    return spans


def asking_part(text: str) -> tuple[int, int]:
    """The span of the sentence that asks: in a query of several sentences, the last one
    with a question cue (or the last one); a query of one sentence asks with all of it.
    People describe their situation first and ask last."""
    spans = [(start, end) for start, end in sentence_spans(text) if text[start:end].strip()]
    if len(spans) < 2:
        return 0, len(text)
    asking = [span for span in spans if asks(text[span[0] : span[1]].strip())]
    return (asking or spans)[-1]


class QueryWords:
    """A query's words as typed, where each first stands in the text, and how much each is
    asked: the words of the asking sentence weigh 1, those of the situation less. Words
    other than runs of kana are joined with spaces for the analyser; offsets into that
    joined text map back to the words."""

    def __init__(
        self,
        text: str,
        asking: tuple[int, int],
        convert: Callable[[str], str],
        by_sound: Callable[[str], bool] = lambda word: True,
    ) -> None:
        self.text = text
        self.typed: dict[str, str] = {}
        self.focus: dict[str, float] = {}
        self.at: dict[str, int] = {}
        self.converted: list[tuple[int, str, str]] = []  # where, as typed, as read (romaji)
        for start, typed in typed_words(text):
            word = convert(typed)
            if word != typed:
                self.converted.append((start, typed, word))
            self.typed.setdefault(word, typed)
            self.at.setdefault(word, start)
            weight = 1.0 if asking[0] <= start < asking[1] else SITUATION
            self.focus[word] = max(weight, self.focus.get(word, 0.0))
        # Words typed in kana are read by their sound, but for those ``by_sound`` leaves to
        # the dictionary (a sentence typed whole in kana, of which no sound-reading makes sense).
        self.kana = [w for w in self.typed if is_kana(w) and by_sound(w)]
        self.others = [w for w in self.typed if w not in self.kana]
        self.joined = " ".join(self.others)
        self.starts = [0]
        for word in self.others[:-1]:
            self.starts.append(self.starts[-1] + len(word) + 1)
        # A word typed in romaji that reads as a cue (meritto, naze) is a cue as a whole.
        self.cues = cue_spans(text) + [
            (start, start + len(typed))
            for start, typed, word in self.converted
            if (0, len(word)) in cue_spans(word)
        ]

    def as_read(self, span: tuple[int, int]) -> str:
        """The text of a span with each word typed in romaji as it was read (kyodo no
        meritto: きょど の めりっと), for reading how it asks."""
        start, end = span
        pieces, place = [], start
        for at, typed, word in self.converted:
            if start <= at < end:
                pieces += [self.text[place:at], word]
                place = at + len(typed)
        return "".join(pieces) + self.text[place:end]

    def _word_at(self, offset: int) -> tuple[str, int]:
        """The word at an offset of the joined text, and the offset within it."""
        place = bisect_right(self.starts, offset) - 1
        return self.others[place], offset - self.starts[place]

    def focus_at(self, offset: int) -> float:
        return self.focus[self._word_at(offset)[0]] if self.others else 1.0

    def says_how(self, start: int) -> bool:
        """Whether the word at the joined text's offset begins in a cue of a question frame."""
        if not self.others:
            return False
        word, inside = self._word_at(start)
        if self.typed[word] != word:  # read from romaji: offsets of its own (kyoudouの定義)
            return any(low <= inside < high for low, high in cue_spans(word))
        return bool(self.cues) and self.in_cue(self.at[word] + inside)

    def in_cue(self, offset: int) -> bool:
        """Whether an offset of the text lies in a cue of a question frame (意味, 要するに)."""
        return any(low <= offset < high for low, high in self.cues)


def asks_to_be_told(term: str, after: str) -> bool:
    """Whether a word (its normalised form) only says how the asker asks (知りたい, 教えて,
    詳しく), not what about, given the text ``after`` it: 知って and 分かって followed by
    もらう or ほしい say what the asker wants others to know."""
    if term not in REQUEST_WORDS:
        return False
    rest = after.removeprefix("っ")
    return term not in ("知る", "分かる") or not (
        rest.startswith("て") and rest[1:].startswith(OTHERS_SHOULD)
    )
