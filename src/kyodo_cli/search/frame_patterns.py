"""How the patterns of ``data/frames.json`` become the words ``frames.lexicon`` looks for:
each pattern in hiragana and in katakana, and groups of alternatives spelt out as plain
strings, which are looked up as they are; the few patterns that need a regular expression
(a lookaround, an optional character) are joined into one per frame. Run when the index's
data is built (``tools/build_frames.py`` writes ``data/frames.lexicon.json``), not at every
query: working it out costs a process more than a search does."""

import re
from collections.abc import Iterable
from typing import Any

from kyodo_cli.text.normalize import normalize_text, to_hiragana, to_katakana


def spelt_out(source: dict[str, Any]) -> dict[str, Any]:
    """The lexicon file's contents for the contents of frames.json."""
    return {
        "about": "tools/build_frames.py が data/frames.json から作る。手で直さないこと",
        "kin": source.get("kin", []),
        "frames": [
            {
                "name": entry["name"],
                "label": entry["label"],
                "words": either_kana(entry["patterns"]),
                "values": "|".join(entry.get("values", ())),
                "cues": either_kana(entry["cues"]) if entry.get("cues") else None,
            }
            for entry in source["frames"]
        ],
    }


_SPECIAL = re.compile(r"[\\.^$*+?{}\[\]|()]")


_LOOKAROUND = re.compile(r"(\(\?<?[!=][^()]*\))")


def either_kana(patterns: Iterable[str]) -> dict[str, Any]:
    """The patterns, each in hiragana and in katakana: メリット and めりっと are one pattern,
    while とは does not match the ト of メリットは. What a lookaround excludes is excluded in
    either script (何人(?!も) matches neither 何人も nor 何人モ)."""
    forms: list[str] = []
    for pattern in patterns:
        pieces = _LOOKAROUND.split(normalize_text(pattern))
        for convert in (to_hiragana, to_katakana):
            forms.append(
                "".join(
                    _both_scripts(piece) if _LOOKAROUND.fullmatch(piece) else convert(piece)
                    for piece in pieces
                )
            )
    unique = [word for form in dict.fromkeys(forms) for word in _expanded(form)]
    literals = [form for form in unique if not _SPECIAL.search(form)]
    others = [form for form in unique if _SPECIAL.search(form)]
    pattern = "|".join(f"(?:{form})" for form in others)
    re.compile(pattern)  # a pattern that does not compile fails here, not at a query
    starts = [_starts(form) for form in others]
    anchors = [] if None in starts else sorted({s for found in starts for s in found or ()})
    return {"literals": literals, "pattern": pattern, "anchors": anchors}


def _starts(form: str) -> list[str] | None:
    """What a match of the pattern begins with (past what its lookbehinds look at), when
    the pattern says so plainly: its first two to four characters, or the first two of
    each plain alternative of a group it begins with (of the group after its first
    character); None otherwise. A text holding none of them cannot match, and the pattern
    is then neither compiled nor run (re compiles it on first use): two characters (意味,
    って) rule out far more texts than one (い, っ) would, three (どうし of どうして) more
    than two (どう, in どうすれば), and four (っていう) more than three (ってい of 持っている)."""
    rest = form
    while rest.startswith("(?<") and (lookbehind := _LOOKAROUND.match(rest)):
        rest = rest[lookbehind.end() :]
    head = _SPECIAL.split(rest, 1)[0]
    after = rest[len(head) :]
    if after[:1] in ("?", "*", "{"):  # the last character may be left out (ab?: a)
        head, after = head[:-1], head[-1:] + after
    if len(head) >= 2:
        return [head[:4]]
    choice = _CHOICE.match(after)
    if choice and not choice.group(2) and all(choice.group(1).split("|")):
        return sorted({(head + alternative)[:2] for alternative in choice.group(1).split("|")})
    return [head] if head else None


def _both_scripts(lookaround: str) -> str:
    """A lookaround over plain text, made to look for it in hiragana and in katakana."""
    opening = 4 if lookaround.startswith("(?<") else 3  # (?<! (?<= or (?! (?=
    inner = lookaround[opening:-1]
    hiragana, katakana = to_hiragana(inner), to_katakana(inner)
    if hiragana == katakana:
        return lookaround
    return f"{lookaround[:opening]}{hiragana}|{katakana})"


_CHOICE = re.compile(r"\(([^()\\?*+\[\]{}^$.]+)\)(\??)")


def _expanded(form: str) -> list[str]:
    """A pattern made of text and groups of alternatives (``って(何|なに)``, ``得(なの)?``)
    as the plain strings it matches; any other pattern as it is."""
    match = _CHOICE.search(form)
    if match is None:
        return [form]
    head, tail = form[: match.start()], form[match.end() :]
    choices = match.group(1).split("|") + ([""] if match.group(2) else [])
    found = [head + choice + rest for choice in choices for rest in _expanded(tail)]
    return found if not any(_SPECIAL.search(word) for word in found) else [form]
