"""What kyodo answers each shell's completion script: the candidates, written so that the
shell reads back exactly them and runs nothing.

Descriptions are a corpus's questions and chapter titles, which anyone can write. Each shell
has one function here that writes the whole answer, and nothing else writes one.

- **bash** splits the answer into lines and expands each as a file name pattern; it shows
  no descriptions. A value that a pattern would change is left out.
- **zsh** evaluates the answer (typer's script: ``eval $(kyodo)``, each run of whitespace
  one space). ``_arguments`` removes the backslash before each colon of its spec, and
  evaluates the ``((value:description …))`` list once more, inside double quotes;
  ``_describe`` splits each entry at its first colon without a backslash and removes the
  backslash of each ``\\x`` on both sides. Each reading is undone in turn, so backslashes,
  quotes, ``$``, backquotes and colons arrive as they were written.
- **fish** reads a line per candidate, the description after a tab, and expands nothing.

In every shell a candidate is one line of printable text: line breaks and other whitespace
become one space; control and format characters (escape sequences, bidirectional controls,
NUL) and lone surrogates are dropped. A value that this would change is not offered, since
completing it would insert something else."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

Candidate = tuple[str, str]  # the value, and its description ("" for none)

NO_CANDIDATES_ZSH = "_files"  # what typer's zsh answer is without candidates
_BASH_PATTERN_CHARS = frozenset("*?[\\(")  # glob and extglob; the script quotes nothing


def bash_answer(candidates: Iterable[Candidate]) -> str:
    return "\n".join(
        value for value, _ in _offered(candidates) if _BASH_PATTERN_CHARS.isdisjoint(value)
    )


def zsh_answer(candidates: Iterable[Candidate]) -> str:
    entries = [_zsh_entry(value, about) for value, about in _offered(candidates)]
    if not entries:
        return NO_CANDIDATES_ZSH
    return "_arguments " + _single_quoted(f"*: :(({' '.join(entries)}))")


def fish_answer(candidates: Iterable[Candidate]) -> str:
    return "\n".join(
        f"{value}\t{about}" if about else value for value, about in _offered(candidates)
    )


ANSWERS: dict[str, Callable[[Iterable[Candidate]], str]] = {
    "bash": bash_answer,
    "zsh": zsh_answer,
    "fish": fish_answer,
}


# -- the pieces ----------------------------------------------------------------------------


def _offered(candidates: Iterable[Candidate]) -> list[Candidate]:
    return [(value, one_line(about)) for value, about in candidates if one_line(value) == value]


def one_line(text: str) -> str:
    """``text`` as one line of printable characters, each run of whitespace one space."""
    return " ".join("".join(c for c in text if c.isprintable() or c.isspace()).split())


def _zsh_entry(value: str, about: str) -> str:
    """One word of the ``((…))`` list, written for the three readings before ``_describe``."""
    entry = _backslashed(value, "\\:") + (":" + _backslashed(about, "\\:") if about else "")
    in_double_quotes = '"' + _backslashed(entry, '\\"$`') + '"'
    return in_double_quotes.replace(":", "\\:")


def _backslashed(text: str, special: Sequence[str]) -> str:
    return "".join("\\" + char if char in special else char for char in text)


def _single_quoted(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"
