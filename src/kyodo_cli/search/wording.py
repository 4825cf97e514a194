"""Where a query asks: the sentence that asks (people describe their situation first and
ask last), the query's words as typed, and how much each is asked."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable

from kyodo_cli.search.frames import cue_spans
from kyodo_cli.text.normalize import is_kana

# In a query of several sentences, the words of the situation it describes weigh this much
# beside the words of the sentence that asks (usually the last).
SITUATION = 0.5
WORD_PATTERN = re.compile(r"[^\s、。，．,.!?！？・:;：；「」『』()（）\[\]]+")
# 幾ら, 何月, 何割: how a question asks (its frame), not what about.
INTERROGATIVE = re.compile(r"幾ら$|何[月日年割円人件回時分歳度か所]+$")
_SENTENCE = re.compile(r"[^。．.!?！？]+[。．.!?！？]*")
# Where a sentence asks: a question mark, a question word, or a request for an answer.
QUESTION_CUE = re.compile(
    r"[?？]|か[。．.]?$|どこ|どちら|だれ|誰|いつ|いくら|どう|なぜ|なんで|何|なに|どれ|どの|どんな"
    r"|とは|って|教え|知りたい|ほしい|べき|(いい|よい|良い)(の|です|でしょう)?[かね。]?$"
)


def asking_part(text: str) -> tuple[int, int]:
    """The span of the sentence that asks: in a query of several sentences, the last one
    with a question cue (or the last one); a query of one sentence asks with all of it.
    People describe their situation first and ask last."""
    spans = [m.span() for m in _SENTENCE.finditer(text) if m.group().strip()]
    if len(spans) < 2:
        return 0, len(text)
    asking = [span for span in spans if QUESTION_CUE.search(text[span[0] : span[1]].strip())]
    return (asking or spans)[-1]


class QueryWords:
    """A query's words as typed, where each first stands in the text, and how much each is
    asked: the words of the asking sentence weigh 1, those of the situation less. Words
    other than runs of kana are joined with spaces for the analyser; offsets into that
    joined text map back to the words."""

    def __init__(self, text: str, asking: tuple[int, int], convert: Callable[[str], str]) -> None:
        self.typed: dict[str, str] = {}
        self.focus: dict[str, float] = {}
        self.at: dict[str, int] = {}
        for match in WORD_PATTERN.finditer(text):
            word = convert(match.group())
            self.typed.setdefault(word, match.group())
            self.at.setdefault(word, match.start())
            weight = 1.0 if asking[0] <= match.start() < asking[1] else SITUATION
            self.focus[word] = max(weight, self.focus.get(word, 0.0))
        self.kana = [w for w in self.typed if is_kana(w)]
        self.others = [w for w in self.typed if not is_kana(w)]
        self.joined = " ".join(self.others)
        self.starts = [0]
        for word in self.others[:-1]:
            self.starts.append(self.starts[-1] + len(word) + 1)
        self.cues = cue_spans(text)

    def _word_at(self, offset: int) -> tuple[str, int]:
        """The word at an offset of the joined text, and the offset within it."""
        place = bisect_right(self.starts, offset) - 1
        return self.others[place], offset - self.starts[place]

    def focus_at(self, offset: int) -> float:
        return self.focus[self._word_at(offset)[0]] if self.others else 1.0

    def says_how(self, start: int) -> bool:
        """Whether the word at the joined text's offset begins in a cue of a question frame."""
        if not self.others or not self.cues:
            return False
        word, inside = self._word_at(start)
        return self.in_cue(self.at[word] + inside)

    def in_cue(self, offset: int) -> bool:
        """Whether an offset of the text lies in a cue of a question frame (意味, 要するに)."""
        return any(low <= offset < high for low, high in self.cues)
