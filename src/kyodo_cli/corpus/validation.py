"""Validation of a corpus given by the user: every problem, each located by item and field.

Works on parsed JSON alone (no records, no typer, no rich), so that ``kyodo validate`` can
list every problem of a file and loading can refuse a file before anything is built from
it. The shape is checked against the shipped JSON Schema itself (``data/qa.schema.json``:
first by the quick checks ``conformance`` compiles from it, then, when they find the corpus
does not conform, through jsonschema, which locates each problem), so the schema and kyodo
can never disagree; what a schema cannot say is checked here: unique numbers, items
numbered without gaps, chapters that exist, and no control characters in any text. Each
problem becomes one Japanese line: 「項目 4 の question: 文字列でなければなりません（整数です）」.
"""

import json
import re
from collections.abc import Callable, Iterator
from functools import cache
from itertools import pairwise
from typing import TYPE_CHECKING, Any, NamedTuple, TypeGuard

from kyodo_cli.escape import printable
from kyodo_cli.resources import data_bytes

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

FORMAT = "kyodo-corpus"
VERSION = 1
SCHEMA_NAME = "qa.schema.json"
# Q&A and chapter numbers are typed by users: show and list --chapter read up to six digits.
MAX_NUMBER = 999_999
# The longest text in the packaged corpus is about 200 characters; 100 times that is a
# generous bound for one paragraph, and keeps any single text quick to analyse.
MAX_TEXT_CHARS = 20_000
SHOWN_GAPS = 10
# Text reaches terminals as it is: no control characters but tab and line feed (an escape
# sequence or a carriage return could disguise what is shown), no lone surrogates and no
# bidirectional controls.
# (A pattern, compiled on first use by re's own cache: compiling it costs a process 5 million
# instructions, and most never check a text.)
_UNSAFE = r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u200e\u200f\u202a-\u202e\u2066-\u2069]"
# A list's entries are named after what they are: 「手順 2」, not 「steps の 2 番目」.
_ENTRY_NAMES = {"steps": "手順", "patterns": "型", "rows": "行"}
_TYPE_NAMES = {
    "string": "文字列",
    "integer": "整数",
    "number": "数値",
    "array": "配列",
    "object": "オブジェクト",
    "boolean": "真偽値",
}
Path = tuple[str | int, ...]
_AFTER_ENTRIES = 1 << 62  # sorts a problem of a whole list after those of its entries


class Problem(NamedTuple):
    path: Path
    message: str
    after_entries: bool = False


def unsafe_character(text: str) -> str | None:
    """The first character of ``text`` that corpus text may not hold, if any."""
    found = re.search(_UNSAFE, text)
    return found[0] if found else None


def validate_corpus(data: Any) -> list[str]:
    """Every problem of a corpus (parsed JSON), each as a located message; [] if valid."""
    problems = list(_schema_problems(data))
    if isinstance(data, dict):
        flawed = {p.path for p in problems}
        problems += _unsafe_texts(data, flawed)
        problems += _numbering_problems(data)
    names = _ItemNames(data)
    unique = dict.fromkeys(sorted(problems, key=lambda p: _order(data, p)))
    return [f"{names.location(p.path)}: {p.message}" for p in unique]


# -- the schema ----------------------------------------------------------------------------


@cache
def _validator() -> "Validator":
    from jsonschema import Draft202012Validator, validators

    schema = json.loads(data_bytes(SCHEMA_NAME))
    # JSON Schema counts 1.0 as an integer; a Q&A number is what a user types, so not here.
    types = Draft202012Validator.TYPE_CHECKER.redefine(
        "integer", lambda _, value: isinstance(value, int) and not isinstance(value, bool)
    )
    strict = validators.extend(Draft202012Validator, type_checker=types)
    # The same schema with its references written out: twice as fast to apply.
    return strict(_inlined(schema, schema.get("$defs", {})))


def _inlined(node: Any, definitions: dict[str, Any]) -> Any:
    if isinstance(node, dict):
        reference = node.get("$ref")
        if isinstance(reference, str) and reference.startswith("#/$defs/"):
            return _inlined(definitions[reference.removeprefix("#/$defs/")], definitions)
        return {k: _inlined(v, definitions) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inlined(v, definitions) for v in node]
    return node


@cache
def _conforms() -> Callable[[Any], bool] | None:
    """The schema's quick yes-or-no (see ``conformance``), if it can be compiled."""
    from kyodo_cli.corpus.conformance import Unsupported, compiled

    try:
        return compiled(json.loads(data_bytes(SCHEMA_NAME)))
    except Unsupported:
        return None


def _schema_problems(data: Any) -> Iterator[Problem]:
    conforms = _conforms()
    if conforms is not None and conforms(data):
        return  # jsonschema is asked only what is wrong, and where
    for error in _validator().iter_errors(data):
        yield from _translated(error)


def _translated(error: "ValidationError") -> Iterator[Problem]:
    path = tuple(error.absolute_path)
    keyword, expected, value = error.validator, error.validator_value, error.instance
    if keyword == "oneOf":  # a block: the alternative its type names tells what is wrong
        yield from _block_problems(error, path)
    elif keyword == "required":
        for key in expected:
            if key not in value:
                yield Problem(path, f"「{key}」がありません")
    elif keyword == "type":
        wanted = _TYPE_NAMES.get(str(expected), str(expected))
        yield Problem(path, f"{wanted}でなければなりません（{_kind(value)}です）")
    elif keyword in ("minItems", "minLength") or (keyword == "pattern" and expected == r"\S"):
        yield Problem(path, "空です")
    elif keyword == "maxLength":
        yield Problem(path, f"長すぎます（{len(value)} 文字、上限 {expected} 文字）")
    elif keyword in ("minimum", "maximum"):
        yield Problem(path, f"1〜{MAX_NUMBER} の整数でなければなりません（{_short(value)}）")
    elif keyword == "pattern":
        yield Problem(path, f"「{printable(value)}」は{_pattern_name(expected)}")
    elif keyword == "const" and path == ("version",):
        yield Problem(path, f"このバージョンの kyodo が読めるのは {expected} です")
    elif keyword == "const":
        yield Problem(path, f"「{expected}」でなければなりません")
    elif keyword == "enum":
        yield Problem(path, f"{_shown(value)}は使えません（{', '.join(expected)} のいずれか）")
    else:  # a keyword the schema does not use today
        yield Problem(path, f"スキーマの {keyword} に合いません")


def _block_problems(error: "ValidationError", path: Path) -> Iterator[Problem]:
    block = error.instance
    if not isinstance(block, dict):
        yield Problem(path, f"オブジェクトでなければなりません（{_kind(block)}です）")
        return
    if "type" not in block:
        yield Problem(path, "「type」がありません")
        return
    kinds = [alternative["properties"]["type"]["const"] for alternative in error.validator_value]
    if block["type"] not in kinds:
        names = ", ".join(kinds)
        yield Problem(path, f"type{_shown(block['type'])}は使えません（{names} のいずれか）")
        return
    chosen = kinds.index(block["type"])
    for inner in error.context or ():
        if inner.relative_schema_path[0] == chosen:
            yield from _translated(inner)


def _pattern_name(pattern: str) -> str:
    if pattern == r"^\d{4}-\d{2}-\d{2}$":
        return "日付の形ではありません（2011-03-31 のように書いてください）"
    return f"形が違います（{printable(pattern, 40)} に合いません）"


def _kind(value: Any) -> str:
    names = {bool: "真偽値", int: "整数", float: "数値", str: "文字列", list: "配列"}
    if value is None:
        return "null"
    return "オブジェクト" if isinstance(value, dict) else names.get(type(value), "値")


def _shown(value: Any) -> str:
    return f"「{printable(value)}」" if isinstance(value, str) else f"{_kind(value)}の値"


def _short(value: int) -> str:
    return f"{value} です" if abs(value) < 10**12 else "桁が多すぎます"


# -- what a schema cannot say --------------------------------------------------------------


def _unsafe_texts(data: dict[str, Any], flawed: set[Path]) -> Iterator[Problem]:
    """Control characters in any string of the file (not where the schema already failed)."""
    if re.search(_UNSAFE, "\n".join(_strings(data))) is None:
        return  # the usual case, found by one search: where each string is, only if needed
    pending: list[tuple[Path, Any]] = [((), data)]
    while pending:
        path, value = pending.pop()
        if isinstance(value, dict):
            pending.extend(((*path, key), entry) for key, entry in value.items())
        elif isinstance(value, list):
            pending.extend(((*path, index), entry) for index, entry in enumerate(value))
        elif isinstance(value, str) and path not in flawed and (found := re.search(_UNSAFE, value)):
            where = f"{found.start() + 1} 文字目"
            yield Problem(path, f"使えない文字 {printable(found[0])} があります（{where}）")


def _strings(data: Any) -> list[str]:
    """Every string value in the parsed file."""
    found = []
    pending = [data]
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return found


def _numbering_problems(data: dict[str, Any]) -> Iterator[Problem]:
    chapters = data.get("chapters")
    known: set[int] = set()
    for index, entry in _entries(chapters):
        number = entry.get("number")
        if _is_number(number):
            if number in known:
                yield Problem(("chapters", index, "number"), f"章 {number} が重複しています")
            known.add(number)
    seen: dict[int, int] = {}
    for index, item in _entries(data.get("items")):
        number, chapter = item.get("number"), item.get("chapter")
        if _is_number(number):
            if number in seen:
                first = f"項目（{seen[number] + 1} 番目）と同じ"
                message = f"番号 {number} が重複しています（{first}）"
                yield Problem(("items", index, "number"), message)
            else:
                seen[number] = index
        if _is_number(chapter) and isinstance(chapters, list) and chapter not in known:
            yield Problem(("items", index, "chapter"), f"章 {chapter} は chapters にありません")
    gaps = list(_gaps(sorted(seen)))
    if gaps:
        missing = ", ".join(map(str, gaps))
        yield Problem(("items",), f"番号が連続していません（欠番: {missing}）", True)


def _entries(value: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    if isinstance(value, list):
        yield from ((i, entry) for i, entry in enumerate(value) if isinstance(entry, dict))


def _is_number(value: Any) -> TypeGuard[int]:
    return type(value) is int and 1 <= value <= MAX_NUMBER


def _gaps(numbers: list[int]) -> Iterator[int]:
    """The first few numbers missing between the lowest and the highest, found without
    building the whole range (numbers may lie far apart)."""
    shown = 0
    for low, high in pairwise(numbers):
        for missing in range(low + 1, min(high, low + 1 + SHOWN_GAPS - shown)):
            yield missing
            shown += 1
        if shown >= SHOWN_GAPS:
            return


# -- where a problem is --------------------------------------------------------------------


class _ItemNames:
    """An item is named by its number (「項目 4」) when that is valid and its own, and by its
    place in the list (「項目（6 番目）」) otherwise: either way a 項目."""

    def __init__(self, data: Any) -> None:
        self.names: dict[int, str] = {}
        taken: set[int] = set()
        items = data.get("items") if isinstance(data, dict) else None
        for index, item in _entries(items):
            number = item.get("number")
            if _is_number(number) and number not in taken:
                taken.add(number)
                self.names[index] = f"項目 {number}"

    def location(self, path: Path) -> str:
        """items/50/answer/1/steps/0/heading: 項目 51 の answer の 2 番目 の 手順 1 の heading"""
        steps = list(path)
        parts = []
        if steps[:1] == ["items"] and len(steps) > 1 and isinstance(steps[1], int):
            parts.append(self.names.get(steps[1], f"項目（{steps[1] + 1} 番目）"))
            del steps[:2]
        while steps:
            step = steps.pop(0)
            if isinstance(step, int):
                parts.append(f"{step + 1} 番目")
            elif step in _ENTRY_NAMES and steps and isinstance(entry := steps[0], int):
                parts.append(f"{_ENTRY_NAMES[step]} {entry + 1}")
                del steps[0]
            else:
                parts.append(step)
        return " の ".join(parts) or "コーパス"


def _order(data: Any, problem: Problem) -> tuple[int, ...]:
    """Where the problem is in the file, so that problems are listed in reading order."""
    ranks = []
    value = data
    for step in problem.path:
        if isinstance(value, dict):
            ranks.append(list(value).index(step) if step in value else len(value))
            value = value.get(step)
        elif isinstance(value, list) and isinstance(step, int):
            ranks.append(step)
            value = value[step] if step < len(value) else None
        else:
            ranks.append(0)
            value = None
    return (*ranks, _AFTER_ENTRIES) if problem.after_entries else tuple(ranks)


def item_problems(item: Any, chapters: set[int]) -> list[str]:
    """The problems of one Q&A read back from a prepared corpus, which was validated whole
    when it was prepared: the shape the records need and text a terminal may show. (The
    schema itself is not applied here: reading a Q&A must stay cheap.)"""
    if not isinstance(item, dict):
        return [f"項目: オブジェクトでなければなりません（{_kind(item)}です）"]
    problems = []
    for key, wanted in (("number", int), ("chapter", int), ("question", str), ("answer", list)):
        if type(item.get(key)) is not wanted:
            problems.append(f"項目の {key}: {_kind(item.get(key))}です")
    chapter = item.get("chapter")
    if _is_number(chapter) and chapter not in chapters:
        problems.append(f"項目の chapter: 章 {chapter} は chapters にありません")
    problems += [f"項目の {p.path}: {p.message}" for p in _unsafe_texts(item, set())]
    return problems
