"""The schema's quick checks say what jsonschema says: over generated values of each part of
the schema, over corpora altered at random, and in what ``validate_corpus`` reports."""

from __future__ import annotations

import copy
import json
from importlib import resources
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kyodo_cli.corpus import validation
from kyodo_cli.corpus.conformance import Unsupported, compiled
from kyodo_cli.corpus.records import validate_corpus

SCHEMA = json.loads(resources.files("kyodo_cli").joinpath("data", "qa.schema.json").read_bytes())
PACKAGED = json.loads(resources.files("kyodo_cli").joinpath("data", "qa.json").read_bytes())
# A small corpus of the packaged one's kinds of answer (paragraphs, steps, a schedule).
SMALL = copy.deepcopy({**PACKAGED, "items": [PACKAGED["items"][n - 1] for n in (1, 2, 51, 52)]})
for position, item in enumerate(SMALL["items"], 1):
    item["number"] = position

# The names and values the schema speaks of, so that generated values often come close to
# conforming and fail in one place.
KEYS = [
    "number", "chapter", "question", "answer", "keywords", "type", "text", "steps", "heading",
    "paragraphs", "patterns", "name", "rows", "period", "activity", "title", "format",
    "version", "document", "chapters", "items", "published", "other",
]  # fmt: skip
WORDS = ["paragraph", "steps", "schedule", "kyodo-corpus", "2011-03-31", "2011-3-31", "", " ",
         "\n", "協働", "x" * 20_000, "x" * 20_001]  # fmt: skip
NUMBERS = [0, 1, 2, 999_999, 1_000_000, -1, 1.0, 1.5, True, False, float("inf")]

scalars = st.one_of(
    st.none(),
    st.sampled_from(NUMBERS),
    st.integers(),
    st.floats(allow_nan=False),
    st.sampled_from(WORDS),
    st.text(max_size=5),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(KEYS), inner, max_size=4),
    ),
    max_leaves=12,
)


def strict_validator(schema: Any) -> Any:
    """jsonschema as validation applies it (kyodo's integers), for any part of the schema."""
    cls = type(validation._validator())
    return cls(validation._inlined(schema, SCHEMA["$defs"]))


PARTS = {
    "whole": SCHEMA,
    **{name: {"$ref": f"#/$defs/{name}"} for name in SCHEMA["$defs"]},
    "item": SCHEMA["properties"]["items"]["items"],
    "document": SCHEMA["properties"]["document"],
}


@pytest.mark.parametrize("part", sorted(PARTS))
@settings(max_examples=300, deadline=None)
@given(value=values)
def test_each_part_says_what_jsonschema_says(part: str, value: Any) -> None:
    check = compiled({**PARTS[part], "$defs": SCHEMA["$defs"]})
    assert check(value) == strict_validator(PARTS[part]).is_valid(value)


@pytest.mark.parametrize("part", sorted(PARTS))
def test_each_part_says_what_jsonschema_says_at_its_bounds(part: str) -> None:
    check = compiled({**PARTS[part], "$defs": SCHEMA["$defs"]})
    validator = strict_validator(PARTS[part])
    for value in [*WORDS, *NUMBERS, [], {}, [None], {"type": "paragraph", "text": "x" * 20_000}]:
        assert check(value) == validator.is_valid(value), value


def _places(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, entry in value.items():
            found += _places(entry, (*path, key))
    elif isinstance(value, list):
        for index, entry in enumerate(value):
            found += _places(entry, (*path, index))
    return found


@st.composite
def altered_corpora(draw: st.DrawFn) -> Any:
    """The small corpus with a few places replaced, removed, or given another key."""
    corpus = copy.deepcopy(SMALL)
    for _ in range(draw(st.integers(0, 3))):
        places = _places(corpus)
        path = draw(st.sampled_from(places[1:]))
        *parents, last = path
        parent = corpus
        for step in parents:
            parent = parent[step]
        how = draw(st.sampled_from(["replace", "remove", "add"]))
        if how == "replace":
            parent[last] = draw(values)
        elif how == "remove":
            del parent[last]
        elif isinstance(parent[last], dict):
            parent[last][draw(st.sampled_from(KEYS))] = draw(values)
        elif isinstance(parent[last], list):
            parent[last].append(draw(values))
    return corpus


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpus=altered_corpora())
def test_altered_corpora_get_the_verdict_and_problems_jsonschema_gives(corpus: Any) -> None:
    assert compiled(SCHEMA)(corpus) == validation._validator().is_valid(corpus)
    with_checks = validate_corpus(corpus)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(validation, "_conforms", lambda: None)  # jsonschema alone
        assert validate_corpus(corpus) == with_checks


def test_the_packaged_corpus_conforms_and_a_flaw_in_it_is_found() -> None:
    check = compiled(SCHEMA)
    assert check(PACKAGED)
    broken = copy.deepcopy(PACKAGED)
    broken["items"][50]["answer"][1]["steps"][0]["heading"] = " "
    assert not check(broken)
    assert validate_corpus(broken) == ["項目 51 の answer の 2 番目 の 手順 1 の heading: 空です"]


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "string", "format": "date"},
        {"additionalProperties": False},
        {"$ref": "#/$defs/missing"},
        {"$ref": "https://example.org/schema"},
        {"const": [1]},
        {"type": "decimal"},
    ],
)
def test_a_keyword_it_does_not_know_is_not_compiled(schema: dict[str, Any]) -> None:
    with pytest.raises(Unsupported):
        compiled(schema)


def test_a_schema_it_cannot_compile_leaves_everything_to_jsonschema(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With the quick checks out of play (as for a schema they cannot compile), a valid
    corpus is still valid and a broken one reports the same problems."""
    broken = copy.deepcopy(SMALL)
    broken["items"][0]["chapter"] = "1"
    expected = validate_corpus(broken)
    monkeypatch.setattr(validation, "_conforms", lambda: None)
    assert validate_corpus(SMALL) == []
    wrong = "項目 1 の chapter: 整数でなければなりません（文字列です）"
    assert validate_corpus(broken) == expected == [wrong]
