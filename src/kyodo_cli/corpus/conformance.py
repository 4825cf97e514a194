"""Whether a value conforms to the corpus schema: yes or no, quickly.

Applying the schema through jsonschema to a corpus of 5,000 Q&As took 0.6 s, most of
preparing it before the analysis can start, although a corpus is nearly always valid. So the
schema is compiled here, once, into plain checks that answer yes or no, and
jsonschema is asked only about a corpus they say no to, to tell what is wrong and where
(0.05 s instead of 0.6 s on 5,000 Q&As).
Both read the same schema, so they cannot be out of step with it; a test holds the checks to
jsonschema's verdict over generated corpora.

Only the keywords the schema uses are compiled, with the meaning JSON Schema 2020-12 gives
them (and kyodo's integers: not booleans, not 1.0). A schema with any other keyword is not
compiled (:class:`Unsupported`), and every corpus then goes to jsonschema.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]

# Annotations, which say nothing of what conforms.
_ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "title", "description", "$defs"})


class Unsupported(ValueError):
    """The schema uses a keyword (or a form of one) these checks do not know."""


def _is_integer(value: Any) -> bool:
    return type(value) is int


def _is_number(value: Any) -> bool:
    return type(value) in (int, float)


_TYPES: dict[str, Check] = {
    "string": lambda value: type(value) is str,
    "integer": _is_integer,
    "number": _is_number,
    "array": lambda value: type(value) is list,
    "object": lambda value: type(value) is dict,
    "boolean": lambda value: type(value) is bool,
    "null": lambda value: value is None,
}


def compiled(schema: Any) -> Check:
    """The check of ``schema`` (with its ``$ref``s to ``#/$defs/`` written out)."""
    return _compile(schema, schema.get("$defs", {}) if isinstance(schema, dict) else {})


def _compile(node: Any, definitions: dict[str, Any]) -> Check:
    if node is True or node == {}:
        return lambda value: True
    if not isinstance(node, dict):
        raise Unsupported(repr(node)[:40])
    if "$ref" in node:  # in 2020-12, beside the node's other keywords
        reference = str(node["$ref"])
        name = reference.removeprefix("#/$defs/")
        if name == reference or name not in definitions:
            raise Unsupported(reference)
        rest = {key: value for key, value in node.items() if key != "$ref"}
        return _every([_compile(definitions[name], definitions), _compile(rest, definitions)])
    # The type is checked first, so that the others need not ask it again.
    kind = node.get("type")
    known = kind if isinstance(kind, str) else None
    keywords = sorted(
        (keyword for keyword in node if keyword not in _ANNOTATIONS),
        key=lambda keyword: keyword != "type",
    )
    return _every([_keyword(keyword, node[keyword], definitions, known) for keyword in keywords])


def _every(checks: list[Check]) -> Check:
    """All of the checks, in order (written out for the common counts: a generator over
    them cost twice as much on a corpus of 5,000 Q&As)."""
    if not checks:
        return lambda value: True
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks
        return lambda value: first(value) and second(value)
    first, rest = checks[0], _every(checks[1:])
    return lambda value: first(value) and rest(value)


def _keyword(keyword: str, expected: Any, definitions: dict[str, Any], known: str | None) -> Check:
    """The check of one keyword. Like JSON Schema's, each applies to values of its own type
    alone (``required`` says nothing of a string), unless the value is ``known`` to be of
    that type (its node's type was checked first)."""
    if keyword == "type":
        kinds = [expected] if isinstance(expected, str) else expected
        if not all(kind in _TYPES for kind in kinds):
            raise Unsupported(f"type {expected}")
        tests = [_TYPES[kind] for kind in kinds]
        return tests[0] if len(tests) == 1 else lambda value: any(test(value) for test in tests)
    if keyword in _GUARDED:
        kind, make = _GUARDED[keyword]
        check = make(expected, definitions)
        if known == kind:
            return check
        test = _TYPES[kind]
        return lambda value: not test(value) or check(value)
    if keyword in ("const", "enum"):
        return _one_of_values([expected] if keyword == "const" else expected)
    if keyword == "oneOf":
        alternatives = [_compile(schema, definitions) for schema in expected]
        return lambda value: sum(1 for check in alternatives if check(value)) == 1
    raise Unsupported(keyword)


def _required(names: list[str], definitions: dict[str, Any]) -> Check:
    return lambda value: all(name in value for name in names)


def _properties(schemas: dict[str, Any], definitions: dict[str, Any]) -> Check:
    inner = [(name, _compile(schema, definitions)) for name, schema in schemas.items()]

    def conforms(value: dict[str, Any]) -> bool:
        for name, check in inner:  # noqa: SIM110 (a loop, not all(): half the cost)
            if name in value and not check(value[name]):
                return False
        return True

    return conforms


def _items(schema: Any, definitions: dict[str, Any]) -> Check:
    check = _compile(schema, definitions)
    return lambda value: all(map(check, value))


def _pattern(pattern: str, definitions: dict[str, Any]) -> Check:
    search = re.compile(pattern).search
    return lambda value: search(value) is not None


# Keywords that apply to values of one type alone: the type, and the check of such a value.
_GUARDED: dict[str, tuple[str, Callable[[Any, dict[str, Any]], Check]]] = {
    "required": ("object", _required),
    "properties": ("object", _properties),
    "items": ("array", _items),
    "minItems": ("array", lambda least, _: lambda value: len(value) >= least),
    "maxLength": ("string", lambda most, _: lambda value: len(value) <= most),
    "minLength": ("string", lambda least, _: lambda value: len(value) >= least),
    "pattern": ("string", _pattern),
    "minimum": ("number", lambda least, _: lambda value: value >= least),
    "maximum": ("number", lambda most, _: lambda value: value <= most),
}


def _one_of_values(allowed: list[Any]) -> Check:
    """Equal to one of ``allowed`` as JSON Schema compares: a string only to a string, a
    number to a number of the same value (1 to 1.0), never a boolean to a number."""
    if all(type(value) is str for value in allowed):
        strings = frozenset(allowed)
        return lambda value: type(value) is str and value in strings
    if all(type(value) is int for value in allowed):
        numbers = frozenset(allowed)
        return lambda value: _is_number(value) and value in numbers
    raise Unsupported(f"values {allowed!r}"[:40])
