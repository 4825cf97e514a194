"""A corpus that ``kyodo validate`` accepts works with every command.

Small corpora are generated with the text that has broken kyodo before: characters that
grow under normalisation (ﷺ is eighteen characters once normalised, ㌖ six), paragraphs at
the length limit, combining marks, emoji sequences, private-use and non-characters, line
and paragraph separators. Whatever validation lets through is prepared, shown, listed and
searched without a traceback and with the status the README documents.

The default run is short (a few examples); ``KYODO_FUZZ=long pytest tests/test_valid_corpus.py``
runs hundreds.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from kyodo_cli.cli.app import main
from kyodo_cli.corpus.validation import MAX_TEXT_CHARS
from kyodo_cli.present.output import Environment

EXAMPLES = settings(
    max_examples=300 if os.environ.get("KYODO_FUZZ") else 6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

PIECES = [
    "\ufdfa",  # ﷺ: eighteen characters under NFKC
    "㌖",
    "㍿",
    "ﬄ",
    "İ",  # two characters in lower case
    "e\u0301",
    "🏳️‍🌈",
    "\U000e0041",
    "\uffff",
    "\ue000",
    "\u2028",
    "\u2029",
    "\t",
    "\n",
    "[bold]",
    "補助金。",
    "ｶﾞｲﾄﾞ",
    "髙",
    "𠮷",
    "！？",
    "abc ",
]
RUNS = st.lists(
    st.tuples(st.sampled_from(PIECES), st.integers(1, 2200)), min_size=1, max_size=3
).map(lambda runs: "".join(piece * count for piece, count in runs)[:MAX_TEXT_CHARS])
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=30)
TEXT = st.one_of(RUNS, ANY_TEXT, st.sampled_from(PIECES))


@st.composite
def blocks(draw: Any) -> dict[str, Any]:
    kind = draw(st.sampled_from(["paragraph", "paragraph", "steps", "schedule"]))
    if kind == "paragraph":
        return {"type": "paragraph", "text": draw(TEXT)}
    if kind == "steps":
        steps = [
            {"heading": draw(TEXT), "paragraphs": draw(st.lists(TEXT, max_size=2))}
            for _ in range(draw(st.integers(1, 2)))
        ]
        return {"type": "steps", "steps": steps}
    rows = [{"period": draw(TEXT), "activity": draw(TEXT)} for _ in range(draw(st.integers(1, 2)))]
    return {"type": "schedule", "patterns": [{"name": draw(TEXT), "rows": rows}]}


@st.composite
def corpora(draw: Any) -> dict[str, Any]:
    chapters = draw(st.integers(1, 3))
    items = [
        {
            "number": number,
            "chapter": draw(st.integers(1, chapters)),
            "question": draw(TEXT),
            "answer": draw(st.lists(blocks(), min_size=1, max_size=2)),
            "keywords": draw(st.lists(TEXT, max_size=2)),
        }
        for number in range(1, draw(st.integers(1, 3)) + 1)
    ]
    return {
        "format": "kyodo-corpus",
        "version": 1,
        "document": {"title": draw(TEXT)},
        "chapters": [{"number": n, "title": draw(TEXT)} for n in range(1, chapters + 1)],
        "items": items,
    }


def one_paragraph(text: str) -> dict[str, Any]:
    """The corpus of the review's findings: one Q&A whose answer is ``text``."""
    return {
        "format": "kyodo-corpus",
        "version": 1,
        "document": {"title": "t"},
        "chapters": [{"number": 1, "title": "一"}],
        "items": [
            {
                "number": 1,
                "chapter": 1,
                "question": "補助金はどうですか。",
                "answer": [{"type": "paragraph", "text": text}],
            }
        ],
    }


def run(*argv: str) -> tuple[int, str]:
    err = io.StringIO()
    env = Environment(io.StringIO(), err, stdout_is_terminal=False, width=80)
    return main(list(argv), env), err.getvalue()


@EXAMPLES
@example(one_paragraph("\ufdfa" * 2100), "補助金")
@example(one_paragraph("㌖" * 3700), "㌖")
@given(corpora(), st.one_of(TEXT, st.sampled_from(["補助金", "\ufdfa" * 60, "㌖" * 200])))
def test_a_corpus_that_validates_works_with_every_command(data: dict[str, Any], query: str) -> None:
    assume(query.strip() and "\0" not in query)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "corpus.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        status, stderr = run("validate", str(path))
        assume(status == 0)
        last = len(data["items"])
        commands = [
            (["show", f"1-{last}"], {0}),
            (["show", f"1-{last}", "--json"], {0}),
            (["list"], {0}),
            (["list", "--chapter", "1"], {0}),
            (["chapters"], {0}),
            (["ask", query], {0, 1, 2}),  # 2: a query with nothing searchable in it
            (["ask", query, "--json", "--full"], {0, 1, 2}),
        ]
        for command, expected in commands:
            status, stderr = run(*command, "--corpus", str(path))
            assert status in expected, (command, status, stderr)
            assert "Traceback" not in stderr, stderr
            assert all(line.startswith(("kyodo: ", "  ")) for line in stderr.splitlines())
