"""Fixtures: a pinned environment, an in-process ``kyodo`` runner, golden files, a small
corpus, and the search engine held still where a test is about layout, not ranking.

``pytest --update-golden`` rewrites the golden files from the current output.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO

import pytest
from support import (
    HOJOKIN_HITS,
    RELATED,
    FixedSearch,
    Result,
    Runner,
    installed_kyodo,
    small_corpus_data,
)

from kyodo_cli.cli.entry import main
from kyodo_cli.present.output import Environment

GOLDEN = Path(__file__).parent / "golden"
SCHEMAS = Path(__file__).parent.parent / "schemas"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/ from the current output instead of comparing with it",
    )


@pytest.fixture(autouse=True)
def pinned_environment(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: Any) -> None:
    """The same width, no colour, no pager, no corpus override and a private cache for every
    test."""
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("LINES", "24")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("KYODO_PAGER", "")  # a real terminal's output is read whole, unpaged
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))
    for name in ("KYODO_CORPUS", "KYODO_DEBUG", "FORCE_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def kyodo() -> Runner:
    """Run kyodo in-process; by default stdout is a pipe, ``terminal=True`` simulates a tty."""

    def run(
        *args: str,
        terminal: bool = False,
        colour: bool = False,
        width: int = 80,
        stdin: TextIO | None = None,
    ) -> Result:
        out, err = io.StringIO(), io.StringIO()
        env = Environment(
            out, err, stdout_is_terminal=terminal, width=width, colour=colour, stdin=stdin
        )
        status = main(list(args), env)
        return Result(status, out.getvalue(), err.getvalue())

    return run


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    update = request.config.getoption("--update-golden")

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return
        assert path.exists(), f"{path} がありません: pytest --update-golden で作ってください"
        assert text == path.read_text(encoding="utf-8"), f"{name} が golden と違います"

    return check


@pytest.fixture
def schema() -> Callable[[str], dict[str, Any]]:
    def load(name: str) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((SCHEMAS / f"{name}.schema.json").read_text("utf-8"))
        return data

    return load


# -- corpora -------------------------------------------------------------------------


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    path = tmp_path / "small.json"
    path.write_text(json.dumps(small_corpus_data(), ensure_ascii=False), encoding="utf-8")
    return path


# -- the search engine, held still ---------------------------------------------------


@pytest.fixture
def fixed_search(monkeypatch: pytest.MonkeyPatch) -> FixedSearch:
    from kyodo_cli.session import Session

    stand_in = FixedSearch(list(HOJOKIN_HITS), calls=[])
    monkeypatch.setattr(
        Session, "search", lambda self, corpus, query, **options: stand_in(corpus, query, **options)
    )
    return stand_in


@pytest.fixture
def fixed_related(monkeypatch: pytest.MonkeyPatch) -> None:
    from kyodo_cli.session import Session

    def related(self: Session, corpus: Any, number: int, k: int = 3) -> tuple[int, ...]:
        return RELATED.get(number, ())[:k]

    monkeypatch.setattr(Session, "related", related)


# -- the installed program -------------------------------------------------------------


@pytest.fixture
def kyodo_executable() -> Iterator[str]:
    path = installed_kyodo()
    if path is None:
        pytest.skip("kyodo がインストールされていません（pip install -e .）")
    yield path
