"""Each shell reads back exactly the candidates kyodo offers, whatever a corpus says.

Real bash, zsh and fish, with typer's completion script for kyodo loaded, complete command
lines against a corpus whose questions and chapter titles are written to break out of
quoting and run ``touch``: nothing may be created, and every candidate must still be
offered with its description as written. Then each shell's answer is checked on its own
with hostile values and descriptions, a shell reading it through a stand-in kyodo.
"""

from __future__ import annotations

import json
import os
import random
import re
import stat
from pathlib import Path
from typing import Any

import pytest
from shells import Offered, available, bash_completes, fish_completes, zsh_completes

from kyodo_cli.cli import completion
from kyodo_cli.cli.completion import description
from kyodo_cli.cli.shells import bash_answer, fish_answer, one_line, zsh_answer

# In typer's answer for zsh, the backslash that ends the first question escapes its closing
# quote, and zsh runs what the second question's text then leaves outside the quotes.
EXPLOIT = (
    ["最初の質問\\", ") ; touch PWNED1 ; (", "三つ目\\"],
    ["章\\", ") ; touch PWNED2 ; (", "章\\"],
)
# Every character that means something to one of the shells, in questions and titles.
HOSTILE = (
    [
        '"; touch PWNED3; "',
        "'; touch PWNED4; '",
        "$(touch PWNED5)",
        "`touch PWNED6`",
        "\\$(touch PWNED7)",
        "\\`touch PWNED8\\`",
        "))' ; touch PWNED9 ; '((",
        "a:b\\:c: の質問",
        "[bold]太字[/] [[x]]",
        "一行目\n二行目\tタブ",
        "%F{red}赤%f $HOME ~ # *",
        "\\\\\\",
        "\\" * 29 + "$(touch PWNED13)" * 1000,  # long: its description ends after the backslashes
    ],
    ['" ; touch PWNED10 ; "', "$(touch PWNED11):`x`", "'\\''; touch PWNED12"],
)
CORPORA = {"exploit.json": EXPLOIT, "hostile.json": HOSTILE}

needs_zsh = pytest.mark.skipif(not available("zsh"), reason="zsh がインストールされていません")
needs_bash = pytest.mark.skipif(not available("bash"), reason="bash がインストールされていません")
needs_fish = pytest.mark.skipif(not available("fish"), reason="fish がインストールされていません")


def corpus(questions: list[str], chapters: list[str]) -> dict[str, Any]:
    return {
        "format": "kyodo-corpus",
        "version": 1,
        "document": {"title": "壊しにくるコーパス"},
        "chapters": [{"number": n, "title": t} for n, t in enumerate(chapters, 1)],
        "items": [
            {
                "number": n,
                "chapter": n % len(chapters) + 1,
                "question": question,
                "answer": [{"type": "paragraph", "text": "回答です。"}],
            }
            for n, question in enumerate(questions, 1)
        ],
    }


def questions_shown(name: str) -> dict[str, str]:
    return {str(n): description(q) for n, q in enumerate(CORPORA[name][0], 1)}


def chapters_shown(name: str) -> dict[str, str]:
    return {str(n): description(f"第{n}章 {t}") for n, t in enumerate(CORPORA[name][1], 1)}


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """The shell's working directory, with the corpora in it."""
    for name, (questions, chapters) in CORPORA.items():
        text = json.dumps(corpus(questions, chapters), ensure_ascii=False)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def shell_environment(kyodo_dir: str, **variables: str) -> dict[str, str]:
    path = f"{kyodo_dir}{os.pathsep}{os.environ.get('PATH', '')}"
    return {**os.environ, "PATH": path, "LANG": "C.UTF-8", **variables}


def nothing_ran(workdir: Path) -> None:
    assert sorted(p.name for p in workdir.rglob("PWNED*")) == []


def command_lines(name: str) -> list[Any]:
    """The command lines, with the corpus given by --corpus or by KYODO_CORPUS."""
    env = {"KYODO_CORPUS": name}
    questions, chapters = questions_shown(name), chapters_shown(name)
    return [
        pytest.param(f"kyodo show --corpus {name} ", {}, questions, id=f"show --corpus {name}"),
        pytest.param("kyodo show ", env, questions, id=f"show, KYODO_CORPUS={name}"),
        pytest.param("kyodo list -c ", env, chapters, id=f"list -c, KYODO_CORPUS={name}"),
        pytest.param(f"kyodo list --corpus {name} -c ", {}, chapters, id=f"list --corpus {name}"),
    ]


LINES = command_lines("exploit.json") + command_lines("hostile.json")


# -- kyodo with a hostile corpus, in each shell ---------------------------------------------


@needs_zsh
@pytest.mark.parametrize(("line", "variables", "shown"), LINES)
def test_zsh_runs_nothing_and_shows_the_text(
    kyodo_executable: str,
    workdir: Path,
    line: str,
    variables: dict[str, str],
    shown: dict[str, str],
) -> None:
    env = shell_environment(str(Path(kyodo_executable).parent), **variables)
    offered = zsh_completes(completion.script("zsh"), line, workdir, env)
    nothing_ran(workdir)
    assert described(offered) == shown


@needs_bash
@pytest.mark.parametrize(("line", "variables", "shown"), LINES)
def test_bash_runs_nothing_and_offers_the_numbers(
    kyodo_executable: str,
    workdir: Path,
    line: str,
    variables: dict[str, str],
    shown: dict[str, str],
) -> None:
    env = shell_environment(str(Path(kyodo_executable).parent), **variables)
    words = line.split(" ")
    offered = bash_completes(completion.script("bash"), words, workdir, env)
    nothing_ran(workdir)
    assert offered == list(shown)


@needs_fish
@pytest.mark.parametrize(("line", "variables", "shown"), LINES)
def test_fish_runs_nothing_and_shows_the_text(
    kyodo_executable: str,
    workdir: Path,
    line: str,
    variables: dict[str, str],
    shown: dict[str, str],
) -> None:
    env = shell_environment(str(Path(kyodo_executable).parent), **variables)
    offered = fish_completes(completion.script("fish"), line, workdir, env)
    nothing_ran(workdir)
    assert offered == [f"{value}\t{about}" for value, about in shown.items()]


def described(offered: list[Offered]) -> dict[str, str]:
    """Each offered word with the description zsh's list shows beside it."""
    pairs = {}
    for item in offered:
        assert item.shown is not None and item.shown.startswith(item.word), item
        found = re.fullmatch(r" +-- (.*)", item.shown[len(item.word) :])
        assert found, item
        pairs[item.word] = found[1]
    return pairs


# -- each shell's answer on its own: any value, any description ----------------------------

ALPHABET = "\\\"'$`:;()[]{}*?!#%&|<>~^=,.-_/ \t\nあ語aZ09\x1b\x00\x7f\u202e\u2028\u3000\ud800"
NAMED = [
    ("a:b", "x\\:y:z\\"),
    ("it's", "q'\\''r"),
    ("$HOME", "$(touch PWNED14)"),
    ("`id`", "`touch PWNED15`"),
    ("\\", '"\\"'),
    ("a b", "二つの  空白と\n改行"),
    ("[x]", "[bold]太字[/]"),
    ("~root", "%F{red}%d"),
    ("*", "glob"),
    ("\x1b[2J", "escape"),
    ("bidi", "\u202eevil\u202c"),
]


def hostile_candidates(count: int = 40, seed: int = 17) -> list[tuple[str, str]]:
    chooser = random.Random(seed)

    def text(longest: int) -> str:
        return "".join(chooser.choice(ALPHABET) for _ in range(chooser.randint(1, longest)))

    candidates = dict(NAMED)
    while len(candidates) < len(NAMED) + count:
        candidates[f"v{text(8)}"] = f"d{len(candidates)}{text(24)}"
    return list(candidates.items())


def expected(candidates: list[tuple[str, str]]) -> dict[str, str]:
    return {value: one_line(about) for value, about in candidates if one_line(value) == value}


def stand_in_kyodo(workdir: Path, answer: str) -> dict[str, str]:
    """An environment whose ``kyodo`` prints ``answer``, as kyodo would, whatever it is asked."""
    (workdir / "answer").write_text(answer + "\n", encoding="utf-8")
    program = workdir / "bin" / "kyodo"
    program.parent.mkdir()
    program.write_text(
        "#!/bin/sh\n"
        '[ "$_TYPER_COMPLETE_FISH_ACTION" = is-args ] && exit 0\n'
        f"exec cat '{workdir / 'answer'}'\n"
    )
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    (workdir / "globbed").write_text("")  # for a value that bash would expand as a pattern
    return shell_environment(str(program.parent))


@needs_zsh
def test_zsh_reads_back_any_value_and_description(tmp_path: Path) -> None:
    candidates = hostile_candidates()
    env = stand_in_kyodo(tmp_path, zsh_answer(candidates))
    offered = zsh_completes(completion.script("zsh"), "kyodo ", tmp_path, env)
    nothing_ran(tmp_path)
    assert described(offered) == expected(candidates)


@needs_bash
def test_bash_reads_back_any_value_it_can_offer(tmp_path: Path) -> None:
    candidates = hostile_candidates()
    env = stand_in_kyodo(tmp_path, bash_answer(candidates))
    offered = bash_completes(completion.script("bash"), ["kyodo", ""], tmp_path, env)
    values = [value for value in expected(candidates) if not set(value) & set("*?[\\(")]
    assert offered == values
    assert "a b" in offered and "$HOME" in offered


@needs_fish
def test_fish_reads_back_any_value_and_description(tmp_path: Path) -> None:
    candidates = hostile_candidates()
    env = stand_in_kyodo(tmp_path, fish_answer(candidates))
    offered = fish_completes(completion.script("fish"), "kyodo ", tmp_path, env)
    nothing_ran(tmp_path)
    assert sorted(offered) == sorted(f"{v}\t{d}" for v, d in expected(candidates).items())


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("一行目\n二行目", "一行目 二行目"),
        ("  タブ\tと\r\n改行  ", "タブ と 改行"),
        ("全角\u3000空白", "全角 空白"),
        ("\x1b[31m赤\x1b[0m", "[31m赤[0m"),
        ("NUL\x00とDEL\x7f", "NULとDEL"),
        ("\u202e右から\u2066左\u2069", "右から左"),
        ("孤立\ud800サロゲート", "孤立サロゲート"),
        ("行\u2028区切り", "行 区切り"),
    ],
)
def test_every_candidate_is_one_printable_line(text: str, line: str) -> None:
    assert one_line(text) == line


@pytest.mark.parametrize("answer", [bash_answer, zsh_answer, fish_answer])
def test_a_value_that_cannot_be_offered_as_it_is_is_left_out(answer: Any) -> None:
    assert answer([("a\nb", ""), ("tab\t", ""), ("\x1b", ""), ("ok", "")]) == answer([("ok", "")])


def test_without_candidates_zsh_completes_file_names() -> None:
    assert zsh_answer([]) == zsh_answer([("\n", "改行だけ")]) == "_files"
