"""Plain output compared with tests/golden/ (``pytest --update-golden`` rewrites them).

Related questions and search hits come from fixed stand-ins here, so these files change
only when the layout does; tests/test_golden_search.py holds the engine's own output.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from support import FixedSearch, Runner

CASES = {
    "show_27.txt": ["show", "27"],
    "show_51.txt": ["show", "51"],
    "show_52.txt": ["show", "52"],
    "list_chapter_3.txt": ["list", "--chapter", "3"],
    "chapters.txt": ["chapters"],
    "ask_hojokin_limit_3.txt": ["ask", "補助金", "--limit", "3"],
}


@pytest.mark.usefixtures("fixed_related")
@pytest.mark.parametrize(("name", "args"), CASES.items(), ids=list(CASES))
def test_plain_output(
    kyodo: Runner,
    fixed_search: FixedSearch,
    golden: Callable[[str, str], None],
    name: str,
    args: list[str],
) -> None:
    result = kyodo(*args)
    assert (result.status, result.stderr) == (0, "")
    golden(name, result.stdout)
