"""Reading a run of kana as corpus words: the readings that, laid end to end, best cover
it, and whether they explain it well enough to be what was meant."""

from __future__ import annotations

from collections.abc import Iterable

from kyodo_cli.text.normalize import loose_reading, to_katakana

MAX_COVER_GAP = 4


def plausible_cover(key: str, cover: list[str]) -> bool:
    """A run of kana is read as corpus words only when they explain it: no unexplained
    start (particles follow words) and no unexplained stretch longer than a particle."""
    if not cover:
        return False
    position = 0
    for reading in cover:
        start = key.find(reading, position)
        gap = start - position
        if (position == 0 and gap > 0) or gap > MAX_COVER_GAP:
            return False
        position = start + len(reading)
    return True


def best_cover(length: int, spans: Iterable[tuple[int, int, str]]) -> list[str]:
    """The non-overlapping spans that cover most of the string, longer spans preferred
    (weighted interval scheduling, weight = squared length)."""
    ordered = sorted(spans, key=lambda s: s[1])
    best: list[tuple[float, list[str]]] = [(0.0, [])] * (length + 1)
    position = 0
    for end in range(1, length + 1):
        best[end] = best[end - 1]
        while position < len(ordered) and ordered[position][1] == end:
            start, _, reading = ordered[position]
            score = best[start][0] + (end - start) ** 2
            if score > best[end][0]:
                best[end] = (score, [*best[start][1], reading])
            position += 1
    return best[length][1]


# The particles a noun of one sound is typed with (しと, てを, しって): not て, which after
# a verb's stem (して) is its ending, nor a sound that is a particle itself (とは, のは, でも).
ONE_SOUND_PARTICLES = ("って", "から", "より", *"がはのとにもをへでや")
PARTICLE_SOUNDS = frozenset("がはのとにもをへでやかね")


def one_sound(word: str) -> str | None:
    """The sound a word typed in hiragana begins with, if it is one sound and a particle."""
    if len(word) < 2 or word[0] in PARTICLE_SOUNDS or not "ぁ" <= word[0] <= "ゖ":
        return None
    return word[0] if word[1:] in ONE_SOUND_PARTICLES else None


def typed_for(typed: str, key: str, cover: list[str]) -> list[str]:
    """The kana typed (in katakana) for each reading of a cover of its loose reading
    ``key``: from after the long vowels of the reading before, to the last kana read
    loosely as its own (キョウドウ for キョド)."""
    lengths = [len(loose_reading(typed[:end])) for end in range(len(typed) + 1)]
    found, position = [], 0
    for reading in cover:
        start = key.find(reading, position)
        position = start + len(reading)
        first = max((i for i, n in enumerate(lengths) if n == start), default=0)
        last = max((i for i, n in enumerate(lengths) if n == position), default=len(typed))
        found.append(typed[first:last])
    return found


def loose_after(key: str, kana: str) -> str:
    """The loose reading of a text whose start reads ``key`` loosely, and that goes on with
    ``kana``: what a sound keeps depends only on the sound kept before it."""
    last = key[-1:]
    return key + loose_reading(last + to_katakana(kana))[len(last) :]
