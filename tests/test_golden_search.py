"""The search engine's own answers through the command line, compared with
tests/golden/search/. These change whenever ranking does: after an intended change,
regenerate them with ``pytest tests/test_golden_search.py --update-golden``."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from support import Runner

CASES = {
    "ask_hojokin_limit_3.txt": ["ask", "補助金", "--limit", "3"],
    "show_27.txt": ["show", "27"],
}


@pytest.mark.parametrize(("name", "args"), CASES.items(), ids=list(CASES))
def test_engine_output(
    kyodo: Runner, golden: Callable[[str, str], None], name: str, args: list[str]
) -> None:
    result = kyodo(*args)
    assert result.status == 0
    golden(f"search/{name}", result.stdout)
