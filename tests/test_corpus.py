"""The packaged corpus: complete, faithful to the source, repaired, and checked."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from kyodo_cli.corpus.records import (
    Paragraph,
    Schedule,
    Steps,
    load_corpus,
    packaged_corpus,
    validate_corpus,
)
from kyodo_cli.errors import CorpusError, ExitStatus

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "data" / "source" / "kyodo-76-questions.txt"
CHAPTER_RANGES = {
    1: (1, 29),
    2: (30, 55),
    3: (56, 61),
    4: (62, 62),
    5: (63, 70),
    6: (71, 72),
    7: (73, 76),
}


def packaged_json() -> dict[str, Any]:
    raw = resources.files("kyodo_cli").joinpath("data", "qa.json").read_bytes()
    return dict(json.loads(raw))


def schema() -> dict[str, Any]:
    raw = resources.files("kyodo_cli").joinpath("data", "qa.schema.json").read_bytes()
    return dict(json.loads(raw))


corpus = packaged_corpus()


def test_76_items_numbered_1_to_76() -> None:
    assert [item.number for item in corpus.items] == list(range(1, 77))


@pytest.mark.parametrize("chapter", sorted(CHAPTER_RANGES))
def test_chapter_ranges(chapter: int) -> None:
    first, last = CHAPTER_RANGES[chapter]
    found = corpus.chapter(chapter)
    assert found is not None
    assert (found.numbers[0], found.numbers[-1]) == (first, last)
    assert [i.number for i in corpus.in_chapter(chapter)] == list(range(first, last + 1))


def test_chapter_titles() -> None:
    titles = [c.title for c in corpus.chapters]
    assert titles == [
        "協働を始める前に",
        "協働を始めるためには",
        "協働を続けていくためには",
        "協働の取組を支援するためには",
        "協働の効果を高めるためには",
        "より多彩な協働に取り組むためには",
        "その他の疑問",
    ]


def test_document_metadata() -> None:
    doc = corpus.document
    assert doc.published == "2012-07-27"
    assert doc.published_as_printed == "平成24年7月27日"
    assert (
        doc.full_title
        == "平成23年度特別研修「協働セミナー」ワークショップ結果～協働に関する76の疑問～"
    )
    assert doc.publisher == "旭川市市民生活部市民協働室 市民活動課"
    assert doc.contact == (
        "旭川市市民生活部市民協働室 市民活動課市民活動係",
        "電話：0166-25-6012",
        "FAX：0166-25-6515",
    )
    assert doc.preface_title == "～協働に関する76の疑問～について"
    assert len(doc.preface) == 5
    assert doc.preface[0].startswith("旭川市では、")


def test_a51_is_twelve_steps() -> None:
    item = corpus.item(51)
    assert item is not None
    steps = [b for b in item.answer if isinstance(b, Steps)]
    assert len(steps) == 1
    headings = [s.heading for s in steps[0].steps]
    assert len(headings) == 12
    assert "情報開示" in headings[0] and "意識の醸成" in headings[0]
    assert headings[-1] == "事業実施結果の公開"
    assert all(step.paragraphs for step in steps[0].steps)


def test_a52_is_a_schedule_of_two_patterns() -> None:
    item = corpus.item(52)
    assert item is not None
    tables = [b for b in item.answer if isinstance(b, Schedule)]
    assert len(tables) == 1
    patterns = {p.name: p.rows for p in tables[0].patterns}
    assert list(patterns) == ["翌年度実施型", "当年度実施型"]
    next_year = [(r.period, r.activity) for r in patterns["翌年度実施型"]]
    assert next_year[0] == ("随時", "情報開示・意識醸成")
    assert next_year[-1] == ("3～4月", "報告、検査、評価等")
    assert ("11～12月", "大枠で予算要求") in [
        (r.period, r.activity) for r in patterns["当年度実施型"]
    ]


def test_the_parts_a_line_heads_are_a_patterns_rows_or_a_steps_paragraphs() -> None:
    table, steps, plain = corpus.item(52), corpus.item(51), corpus.item(1)
    assert table is not None and steps is not None and plain is not None
    # A52: a paragraph, then two patterns of eight rows, each under its name
    assert table.headed_parts == ((1, 10), (10, 19))
    assert [table.answer_lines[head] for head, _ in table.headed_parts] == [
        "【翌年度実施型】",
        "【当年度実施型】",
    ]
    # A51: each of the twelve steps heads its own paragraphs, up to the next step
    heads = [steps.answer_lines[head] for head, _ in steps.headed_parts]
    assert heads == [f"{n}. {s.heading}" for n, s in enumerate(_steps(steps).steps, 1)]
    assert [end - head - 1 for head, end in steps.headed_parts] == [
        len(s.paragraphs) for s in _steps(steps).steps
    ]
    assert plain.headed_parts == ()


def _steps(item: Any) -> Steps:
    return next(block for block in item.answer if isinstance(block, Steps))


ARTIFACTS = {
    "half-width comma": re.compile(r","),
    "printed numbering": re.compile(r"^\s*[QA]\s*\d+\s*[.．]"),
    "markdown heading": re.compile(r"^#|\n#"),
    "tripled い": re.compile(r"いいい"),
    "dropped い in といいでしょう": re.compile(r"といで"),
    "broken うえで": re.compile(r"たいうで|るうでの"),
    "dropped と in こと": re.compile(r"(?:する|くる|図る|むる|ある|頼る|組む)こ[もがに]"),
    "doubled こ": re.compile(r"こことが"),
    "tab or double space": re.compile(r"\t|  "),
    "old kanji form": re.compile(r"[勞團體會]"),
}


def all_texts() -> list[tuple[str, str]]:
    texts = []
    for item in corpus.items:
        texts.append((f"Q{item.number}", item.question))
        texts.extend((f"A{item.number}", line) for line in item.answer_lines)
    return texts


@pytest.mark.parametrize("name", sorted(ARTIFACTS))
def test_no_extraction_artifact_left(name: str) -> None:
    found = [(where, text) for where, text in all_texts() if ARTIFACTS[name].search(text)]
    assert found == []


SOURCE_ARTIFACTS = sorted(set(ARTIFACTS) - {"tab or double space", "markdown heading"})


@pytest.mark.parametrize("name", SOURCE_ARTIFACTS)
def test_artifact_patterns_find_the_damage_in_the_source(name: str) -> None:
    """Each pattern above is shown to catch real damage, so its test can fail."""
    source = SOURCE.read_text(encoding="utf-8")
    if name == "old kanji form":
        assert "苦勞" in source
    else:
        assert ARTIFACTS[name].search(source) or re.search(ARTIFACTS[name].pattern, source, re.M)


def test_no_paragraph_stops_mid_sentence() -> None:
    """A paragraph that does not end a sentence is a page break the build failed to join."""
    broken = [
        (item.number, block.text)
        for item in corpus.items
        for block in item.answer
        if isinstance(block, Paragraph) and not block.text.endswith(tuple("。？！」』）)"))
    ]
    assert broken == []


def source_items() -> dict[int, tuple[str, str]]:
    """Q and A text per number, cut from the source with a plain regex (not the build's
    parser), so the comparison below checks the build independently."""
    text = SOURCE.read_text(encoding="utf-8")
    body = text.split("---", 1)[1]
    parts = re.split(r"^([QA])\s*(\d+)\s*[.．]\s*", body, flags=re.M)
    found: dict[int, dict[str, str]] = {}
    for kind, number, chunk in zip(parts[1::3], parts[2::3], parts[3::3], strict=False):
        chunk = re.split(r"^#*\s*\d[.．]\s*\S+.*$", chunk, flags=re.M)[0]
        found.setdefault(int(number), {})[kind] = chunk
    return {n: (v["Q"], v["A"]) for n, v in found.items()}


def squash(text: str) -> str:
    """Whitespace, markdown markers and the half-width comma do not count."""
    text = re.sub(r"^#+", "", text, flags=re.M)
    return re.sub(r"\s", "", text).replace(",", "、")


def item_as_printed(number: int) -> str:
    """The answer laid out as the source prints it (A52's table row by row)."""
    item = corpus.item(number)
    assert item is not None
    lines: list[str] = []
    for block in item.answer:
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Steps):
            for step in block.steps:
                lines.append(step.heading)
                lines.extend(step.paragraphs)
        else:
            lines.append("".join(p.name for p in block.patterns))
            for row in zip(*(p.rows for p in block.patterns), strict=False):
                lines.append("".join(r.period + r.activity for r in row))
    return "".join(lines)


def undo_errata(number: int, field: str, text: str) -> str:
    for erratum in corpus.errata:
        if erratum.item == number and erratum.field == field:
            assert text.count(squash(erratum.corrected)) == 1, erratum
            text = text.replace(squash(erratum.corrected), squash(erratum.original))
    return text


@pytest.mark.parametrize("number", range(1, 77))
def test_text_equals_source_after_errata(number: int) -> None:
    question, answer = source_items()[number]
    item = corpus.item(number)
    assert item is not None
    assert undo_errata(number, "question", squash(item.question)) == squash(question)
    assert undo_errata(number, "answer", squash(item_as_printed(number))) == squash(answer)


def test_every_erratum_is_documented() -> None:
    assert len(corpus.errata) >= 25
    for erratum in corpus.errata:
        assert erratum.source in ("extraction", "author")
        assert erratum.reason.strip()
        assert erratum.original != erratum.corrected
        assert erratum.original in SOURCE.read_text(encoding="utf-8")


def test_packaged_corpus_matches_schema() -> None:
    jsonschema.validate(packaged_json(), schema())


def test_packaged_corpus_passes_validation() -> None:
    assert validate_corpus(packaged_json()) == []


@pytest.mark.parametrize("tool", ["build_corpus.py", "build_frames.py", "build_index.py"])
def test_built_files_are_fresh(tool: str) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / tool), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_corpus_loads_from_any_directory(tmp_path: Path) -> None:
    code = (
        "from kyodo_cli.corpus.records import packaged_corpus; print(len(packaged_corpus().items))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.stdout.strip() == "76", result.stderr


# -- validation of corpora given by users -------------------------------------------------


def broken(change: Any) -> dict[str, Any]:
    data = copy.deepcopy(packaged_json())
    change(data)
    return data


BREAKAGES = {
    "duplicate number": (lambda d: d["items"][4].update(number=4), "番号 4 が重複"),
    "missing chapter": (lambda d: d["items"][0].update(chapter=9), "項目 1 の chapter"),
    "question not text": (lambda d: d["items"][2].update(question=12), "項目 3 の question"),
    "empty answer": (lambda d: d["items"][5].update(answer=[]), "項目 6 の answer"),
    "gap in numbers": (lambda d: d["items"].pop(10), "欠番: 11"),
    "unknown block": (
        lambda d: d["items"][6]["answer"].append({"type": "video"}),
        "項目 7 の answer の",
    ),
    "blank paragraph": (
        lambda d: d["items"][7]["answer"][0].update(text="  "),
        "項目 8 の answer の 1 番目 の text",
    ),
    "no items": (lambda d: d.pop("items"), "「items」がありません"),
    "bad step": (
        lambda d: d["items"][50]["answer"][1]["steps"][0].update(heading=None),
        "項目 51 の answer の 2 番目 の 手順 1 の heading",
    ),
}


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_validation_names_item_and_field(name: str) -> None:
    change, expected = BREAKAGES[name]
    data = broken(change)
    problems = validate_corpus(data)
    assert any(expected in p for p in problems), problems
    if name != "gap in numbers" and name != "duplicate number" and name != "missing chapter":
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(data, schema())


def test_validation_reports_every_problem() -> None:
    def two_problems(d: dict[str, Any]) -> None:
        d["items"][0]["question"] = ""
        d["items"][1]["chapter"] = "1"

    problems = validate_corpus(broken(two_problems))
    assert len(problems) == 2


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "空のファイル"),
        (b"{not json", "JSON として読めません"),
        (b"\xff\xfe\x00", "UTF-8 ではありません"),
        (b"[1, 2]", "オブジェクトでなければなりません"),
    ],
)
def test_unreadable_corpus_files(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "qa.json"
    path.write_bytes(content)
    with pytest.raises(CorpusError) as error:
        load_corpus(path)
    assert expected in error.value.message
    assert str(path) in error.value.message
    assert error.value.status == ExitStatus.CORPUS


def test_missing_and_directory_corpus(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="ファイルがありません"):
        load_corpus(tmp_path / "none.json")
    with pytest.raises(CorpusError, match="ディレクトリです"):
        load_corpus(tmp_path)


def test_valid_user_corpus_loads(tmp_path: Path) -> None:
    path = tmp_path / "qa.json"
    path.write_text(json.dumps(packaged_json(), ensure_ascii=False), encoding="utf-8")
    loaded = load_corpus(path)
    assert loaded.items == corpus.items
    assert loaded.digest != corpus.digest  # another file, another cache key


def test_the_corpus_has_one_copy() -> None:
    """data/qa.json is the corpus; the package reads it through a link, which a wheel
    resolves into the file itself, so no second copy can drift."""
    packaged = ROOT / "src" / "kyodo_cli" / "data" / "qa.json"
    assert packaged.is_symlink()
    assert packaged.resolve() == (ROOT / "data" / "qa.json").resolve()
    tracked = subprocess.run(
        ["git", "ls-files", "-s", "src/kyodo_cli/data/qa.json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout
    assert tracked.startswith("120000") or not tracked  # a link in git, where git is there
