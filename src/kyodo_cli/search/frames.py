"""Question frames: what a question asks for (a definition, the benefits, where to consult,
how to choose, who pays, whether it is allowed, why, the steps, when …), read from a small
lexicon of patterns (``data/frames.json``).

The same lexicon reads the user's query and what each Q&A answers (its question and the
questions people ask of it), so a definition question can reach the Q&A that gives the
definition even when every word it shares with the others is the topic itself.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

import jaconv

from kyodo_cli.resources import data_bytes
from kyodo_cli.text.normalize import normalize_text

ASKED_QUESTION_CHARS = 8  # a keyword this long and ending like a question is an asked question
QUESTION_ENDINGS = ("?", "？", "か", "の", "たい", "いい", "ない")
ASKED_SHARE = 0.5  # how much a frame of the asked questions counts beside the question's own


class Frame(NamedTuple):
    name: str
    label: str
    pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def lexicon() -> tuple[Frame, ...]:
    raw = json.loads(data_bytes("frames.json"))
    return tuple(
        Frame(entry["name"], entry["label"], re.compile("|".join(map(_folded, entry["patterns"]))))
        for entry in raw["frames"]
    )


def _folded(text: str) -> str:
    """Katakana as hiragana, after NFKC, without spaces: メリット, ﾒﾘｯﾄ and めりっと are
    one pattern, and なに reads the same in 「きょうどう って なに」."""
    return str(jaconv.kata2hira(normalize_text(text))).replace(" ", "")


def frames_of(text: str) -> frozenset[str]:
    """The names of the frames a text asks in."""
    folded = _folded(text)
    return frozenset(frame.name for frame in lexicon() if frame.pattern.search(folded))


def answered_frames(question: str, keywords: Iterable[str]) -> dict[str, float]:
    """What a Q&A answers, per frame: 1 for its own question's frames; for the frames of
    the questions people ask of it (the longer, question-like keywords), a share that grows
    with how many of them ask that way."""
    strength = dict.fromkeys(frames_of(question), 1.0)
    asked = [k for k in keywords if len(k) >= ASKED_QUESTION_CHARS and k.endswith(QUESTION_ENDINGS)]
    if asked:
        counts: dict[str, int] = {}
        for text in asked:
            for name in frames_of(text):
                counts[name] = counts.get(name, 0) + 1
        for name, count in counts.items():
            share = ASKED_SHARE * min(1.0, 2 * count / len(asked))
            strength[name] = max(strength.get(name, 0.0), share)
    return strength
