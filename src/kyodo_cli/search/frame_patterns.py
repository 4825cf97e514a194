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
    firsts = [_first_characters(form) for form in others]
    anchors = "" if None in firsts else "".join(sorted(set("".join(f or "" for f in firsts))))
    return {"literals": literals, "pattern": pattern, "anchors": anchors}


def _first_characters(form: str) -> str | None:
    """The characters a match of the pattern can begin with (past what its lookbehinds
    look at), when the pattern says so plainly: a character, or a group of plain
    alternatives; None otherwise. A text holding none of them cannot match, and the
    pattern is then neither compiled nor run (re compiles it on first use)."""
    rest = form
    while rest.startswith("(?<") and (lookbehind := _LOOKAROUND.match(rest)):
        rest = rest[lookbehind.end() :]
    if rest and not _SPECIAL.match(rest):
        return rest[0]
    choice = _CHOICE.match(rest)
    if choice and not choice.group(2) and all(choice.group(1).split("|")):
        return "".join(alternative[0] for alternative in choice.group(1).split("|"))
    return None


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
