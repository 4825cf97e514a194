"""Kana converted as an input method converts it: of the stretches of a run of hiragana that
read as corpus words, the one whose writing as its word makes the text likeliest to the
dictionary is converted first, then the next in the text so converted, while one makes it
likelier. Each is weighed in a window of text around it, as the dictionary weighs a word by
its neighbours (a stretch far from one converted weighs the same before and after)."""

from __future__ import annotations

from typing import NamedTuple

from kyodo_cli.text.tokens import TextAnalyzer

WINDOW = 6  # characters of text on each side of a stretch that weigh its conversion


class Stretch(NamedTuple):
    low: int  # where it starts in the run
    high: int  # and ends
    word: str  # the corpus word it reads as


class Conversion:
    """A run of hiragana in a text (``text[start:end]``), and its stretches on offer."""

    def __init__(self, text: str, start: int, end: int, analyzer: TextAnalyzer) -> None:
        self.kana = text[start:end]
        self.before, self.after = text[max(0, start - WINDOW) : start], text[end : end + WINDOW]
        self.analyzer = analyzer
        self.written = list(self.kana)  # each character as written now ("" inside a word)
        self.offered: list[Stretch] = []

    def offer(self, low: int, high: int, word: str) -> None:
        self.offered.append(Stretch(low, high, word))

    def converted(self) -> list[tuple[int, int]]:
        """The stretches converted, in text order."""
        gains = {stretch: self._gain(stretch) for stretch in self.offered}
        taken: list[Stretch] = []
        while gains and (best := min(gains, key=lambda s: (gains[s], s))) and gains[best] < 0:
            taken.append(best)
            self.written[best.low : best.high] = [best.word] + [""] * (best.high - best.low - 1)
            gains = {
                stretch: (
                    self._gain(stretch)
                    if stretch.low < best.high + WINDOW and stretch.high > best.low - WINDOW
                    else gain
                )
                for stretch, gain in gains.items()
                if stretch.high <= best.low or stretch.low >= best.high
            }
        return sorted((stretch.low, stretch.high) for stretch in taken)

    def _gain(self, stretch: Stretch) -> int:
        """What writing the stretch as its word changes the cost of the text around it by
        (less than 0: a likelier text)."""
        low, high = stretch.low, stretch.high
        left = "".join(self.written[max(0, low - WINDOW) : low])
        right = "".join(self.written[high : high + WINDOW])
        if low < WINDOW:
            left = self.before + left
        if high + WINDOW > len(self.kana):
            right += self.after
        now = "".join(self.written[low:high])
        cost = self.analyzer.cost
        return cost(f"{left}{stretch.word}{right}") - cost(f"{left}{now}{right}")
