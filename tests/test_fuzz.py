"""The command line on arbitrary input: every argument of every command gets arbitrary text
(control characters, lone surrogates, option-like words), in a pipe or a terminal of any
width. Whatever it is given, kyodo ends with a documented status, never a traceback, and
``--json`` output always parses.

The default run is short (``KYODO_FUZZ`` unset: a few examples per test, a few seconds in
all); ``KYODO_FUZZ=long pytest tests/test_fuzz.py`` runs thousands. Interactive commands
(quiz, browse) and anything that writes files (export -o, --install-completion) are left
out: arbitrary text must not choose a file to write.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from support import small_corpus_data

from kyodo_cli.cli.app import main
from kyodo_cli.present.output import Environment

settings.register_profile(
    "kyodo-short",
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "kyodo-long",
    max_examples=3000,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
FUZZ = settings(
    settings.get_profile("kyodo-long" if os.environ.get("KYODO_FUZZ") else "kyodo-short")
)

DOCUMENTED = {0, 1, 2, 3}
HELP_OR_VERSION = {"-h", "--help", "--version"}

# Any code point, lone surrogates (undecodable argv bytes) and control characters included.
ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=24)
NUMBERISH = st.from_regex(r"[Qq０-９0-9\- 〜ー~.e]{0,8}", fullmatch=True)
OPTIONISH = st.sampled_from(["-", "--", "-c", "-n", "--json", "--plain", "--full", "-x", "--x=1"])
WORD = st.one_of(ANY_TEXT, NUMBERISH, OPTIONISH)
FLAGS = st.lists(st.sampled_from(["--plain", "--full"]), max_size=2)
ROOT = st.lists(st.sampled_from(["-v", "--verbose"]), max_size=1)


@st.composite
def environments(draw: Any) -> dict[str, Any]:
    return {
        "terminal": draw(st.booleans()),
        "width": draw(st.sampled_from([None, 0, 1, 20, 29, 30, 44, 80, 300])),
        "colour": draw(st.booleans()),
    }


def run(argv: list[str], terminal: bool, width: int | None, colour: bool) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    env = Environment(out, err, stdout_is_terminal=terminal, width=width, colour=colour)
    return main(argv, env), out.getvalue(), err.getvalue()


def check(argv: list[str], env: dict[str, Any], as_json: bool = False) -> tuple[int, str]:
    status, stdout, stderr = run(argv, **env)
    assert status in DOCUMENTED, (argv, status, stderr)
    assert "Traceback" not in stderr, stderr
    assert all(line.startswith(("kyodo: ", "  ")) for line in stderr.splitlines()), stderr
    if status >= 2:
        assert stderr.startswith("kyodo: エラー: "), (argv, stderr)
    if as_json and stdout and not HELP_OR_VERSION & set(argv):
        json.loads(stdout)
    return status, stdout


@pytest.fixture(autouse=True)
def in_an_empty_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Relative paths made up by the fuzzer resolve to nothing of the project's."""
    monkeypatch.chdir(tmp_path)


def no_device(path: str) -> None:
    """Device files that could block (a terminal as /dev/stdin) are no test of kyodo."""
    assume(not path.lstrip().startswith(("/dev", "/proc", "/sys")))


@FUZZ
@given(
    words=st.lists(WORD, max_size=6),
    flags=FLAGS,
    root=ROOT,
    as_json=st.booleans(),
    env=environments(),
)
def test_show(
    words: list[str], flags: list[str], root: list[str], as_json: bool, env: dict[str, Any]
) -> None:
    json_flag = ["--json"] if as_json else []
    check([*root, "show", *json_flag, *flags, *words], env, as_json)


@FUZZ
@given(
    chapter=st.one_of(st.none(), WORD),
    extra=st.lists(WORD, max_size=2),
    as_json=st.booleans(),
    env=environments(),
)
def test_list(chapter: str | None, extra: list[str], as_json: bool, env: dict[str, Any]) -> None:
    json_flag = ["--json"] if as_json else []
    chosen = [] if chapter is None else ["--chapter", chapter]
    check(["list", *json_flag, *chosen, *extra], env, as_json)


@FUZZ
@given(extra=st.lists(WORD, max_size=2), as_json=st.booleans(), env=environments())
def test_chapters(extra: list[str], as_json: bool, env: dict[str, Any]) -> None:
    json_flag = ["--json"] if as_json else []
    check(["chapters", *json_flag, *extra], env, as_json)


@FUZZ
@given(
    words=st.lists(WORD, max_size=4),
    limit=st.one_of(st.none(), NUMBERISH, ANY_TEXT),
    chapter=st.one_of(st.none(), WORD),
    dashes=st.booleans(),
    as_json=st.booleans(),
    flags=FLAGS,
    env=environments(),
)
def test_ask(
    words: list[str],
    limit: str | None,
    chapter: str | None,
    dashes: bool,
    as_json: bool,
    flags: list[str],
    env: dict[str, Any],
) -> None:
    options = ["--json"] if as_json else []
    options += [] if limit is None else ["-n", limit]
    options += [] if chapter is None else ["-c", chapter]
    check(["ask", *options, *flags, *(["--"] if dashes else []), *words], env, as_json)


@FUZZ
@given(path=ANY_TEXT, extra=st.lists(WORD, max_size=2), env=environments())
def test_validate_any_path(path: str, extra: list[str], env: dict[str, Any]) -> None:
    no_device(path)
    status, _ = check(["validate", "--", path, *extra], env)
    assert status in {2, 3}  # no file of that name here, or too many arguments


@FUZZ
@given(
    command=st.sampled_from(["show 1", "list", "chapters", "ask 協働"]),
    path=ANY_TEXT,
    env=environments(),
)
def test_corpus_option_with_any_path(command: str, path: str, env: dict[str, Any]) -> None:
    no_device(path)
    status, _ = check([*command.split(), "--corpus", path], env)
    assert status in {2, 3}


@FUZZ
@given(args=st.lists(WORD, max_size=4), env=environments())
def test_any_words_as_a_command_line(args: list[str], env: dict[str, Any]) -> None:
    assume(not any(a.startswith(("--install", "--show-completion")) for a in args))
    check(args, env)


@FUZZ
@given(
    seed=st.one_of(st.none(), NUMBERISH),
    chapter=st.one_of(st.none(), WORD),
    as_json=st.booleans(),
    env=environments(),
)
def test_random_and_export(
    seed: str | None, chapter: str | None, as_json: bool, env: dict[str, Any]
) -> None:
    chosen = [] if chapter is None else ["-c", chapter]
    json_flag = ["--json"] if as_json else []
    check(
        ["random", *json_flag, *chosen, *([] if seed is None else ["--seed", seed])], env, as_json
    )
    check(["export", "-f", "md", *chosen], env)


# -- corpus files of any content -------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | ANY_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(ANY_TEXT, inner, max_size=3),
    max_leaves=8,
)


@st.composite
def damaged_corpora(draw: Any) -> Any:
    """The small corpus with one value somewhere in it replaced by arbitrary JSON."""
    data: Any = small_corpus_data()
    parent: Any = None
    key: Any = None
    node: Any = data
    for _ in range(draw(st.integers(0, 6))):
        children = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
        if not children:
            break
        parent, (key, node) = node, draw(st.sampled_from(children))
        if not isinstance(node, dict | list):
            break
    replacement = draw(JSON_VALUES)
    if parent is None:
        return replacement
    parent[key] = replacement
    return data


@FUZZ
@given(data=damaged_corpora(), env=environments())
def test_validate_any_corpus(data: Any, env: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "corpus.json"
    path.write_text(json.dumps(data), encoding="utf-8")  # lone surrogates as \u escapes
    status, stdout = check(["validate", str(path)], env)
    assert status in {0, 3}
    assert all(line.startswith(f"{path}: ") for line in stdout.splitlines()), stdout


@FUZZ
@given(raw=st.binary(max_size=200), env=environments())
def test_validate_any_bytes(raw: bytes, env: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "corpus.json"
    path.write_bytes(raw)
    status, _ = check(["validate", str(path)], env)
    assert status == 3
