"""Where indexes come from: the packaged one, the cache, a rebuild, or memory."""

from __future__ import annotations

import ast
import json
import logging
import os
import sqlite3
import stat
import sys
from importlib import resources
from pathlib import Path

import pytest

from kyodo_cli.corpus.records import load_corpus, packaged_corpus
from kyodo_cli.errors import CacheDamaged, IndexUnusable
from kyodo_cli.search import indexes as store
from kyodo_cli.search.index import Index, read_only_uri

SRC = Path(__file__).resolve().parent.parent / "src" / "kyodo_cli"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "kyodo"


@pytest.fixture
def user_corpus(tmp_path: Path) -> Path:
    data = json.loads((resources.files("kyodo_cli") / "data" / "qa.json").read_bytes())
    data["items"] = data["items"][:10]
    path = tmp_path / "small.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_packaged_corpus_uses_the_packaged_index(cache: Path) -> None:
    index = store.open_index(packaged_corpus())
    assert index.meta["corpus"] == store.corpus_digest(packaged_corpus())
    assert index.meta == {**index.meta, **store.expected_meta(packaged_corpus())}
    assert not cache.exists()


def test_other_corpus_is_indexed_once_into_the_cache(cache: Path, user_corpus: Path) -> None:
    corpus = load_corpus(user_corpus)
    index = store.open_index(corpus)
    assert index.numbers == list(range(1, 11))
    files = list(cache.glob("*.sqlite"))
    assert len(files) == 1 and files[0].name.startswith(corpus.digest[:32])
    built = files[0].stat().st_mtime_ns
    store.open_index(corpus)
    assert files[0].stat().st_mtime_ns == built  # reused, not rebuilt


@pytest.mark.parametrize(
    "damage", [b"", b"not sqlite at all", b"SQLite format 3\x00" + b"\x00" * 40]
)
def test_corrupt_cache_is_rebuilt(cache: Path, user_corpus: Path, damage: bytes) -> None:
    corpus = load_corpus(user_corpus)
    store.open_index(corpus)
    (path,) = cache.glob("*.sqlite")
    path.write_bytes(damage)
    with pytest.raises(IndexUnusable):
        Index.open(path)
    assert store.open_index(corpus).numbers == list(range(1, 11))
    assert Index.open(path).numbers == list(range(1, 11))


def test_truncated_cache_is_rebuilt(cache: Path, user_corpus: Path) -> None:
    corpus = load_corpus(user_corpus)
    store.open_index(corpus)
    (path,) = cache.glob("*.sqlite")
    path.write_bytes(path.read_bytes()[:2048])
    assert store.open_index(corpus).numbers == list(range(1, 11))


def test_index_from_other_data_is_not_trusted(
    cache: Path, user_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = load_corpus(user_corpus)
    store.open_index(corpus)
    (path,) = cache.glob("*.sqlite")
    before = path.stat().st_mtime_ns
    real = store.expected_meta

    def other_dictionary(c: object) -> dict[str, object]:
        return {**real(c), "dictionary": "another"}  # type: ignore[arg-type]

    monkeypatch.setattr(store, "expected_meta", other_dictionary)
    store.open_index(corpus)
    assert path.stat().st_mtime_ns != before


@pytest.mark.parametrize("name", ["synonyms.json", "kyujitai.json", "frames.lexicon.json"])
def test_the_data_an_index_is_built_from_is_known_by_its_content(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index holds what these files say (the thesaurus, old kanji, the frames each Q&A
    answers in): an index built from other contents is not the one to use."""
    before = store.builder_data.__wrapped__()
    real = store.data_bytes
    monkeypatch.setattr(
        store, "data_bytes", lambda file: real(file) + (b" " if file == name else b"")
    )
    assert store.builder_data.__wrapped__() != before


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root ignores modes")
def test_read_only_cache_works_in_memory(cache: Path, user_corpus: Path) -> None:
    cache.mkdir(parents=True)
    cache.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        index = store.open_index(load_corpus(user_corpus))
        assert index.numbers == list(range(1, 11))
        assert list(cache.iterdir()) == []
    finally:
        cache.chmod(stat.S_IRWXU)


def test_unwritable_cache_location_works_in_memory(
    tmp_path: Path, user_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # a file where a directory should be
    index = store.open_index(load_corpus(user_corpus))
    assert index.numbers == list(range(1, 11))


def test_rebuilds_are_logged_not_printed(
    cache: Path,
    user_corpus: Path,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with caplog.at_level(logging.INFO, logger="kyodo"):
        store.open_index(load_corpus(user_corpus))
    assert any("索引を作りました" in r.getMessage() for r in caplog.records)
    captured = capsys.readouterr()
    assert captured.out == captured.err == ""


@pytest.mark.parametrize(("umask", "mode"), [(0o077, 0o600), (0o022, 0o644)])
def test_cache_files_follow_the_umask(
    cache: Path, user_corpus: Path, umask: int, mode: int
) -> None:
    old = os.umask(umask)
    try:
        store.open_index(load_corpus(user_corpus))
    finally:
        os.umask(old)
    (path,) = cache.glob("*.sqlite")
    assert stat.S_IMODE(path.stat().st_mode) == mode


CORE = [
    "corpus/records",
    "errors",
    "text/normalize",
    "text/dictionary",
    "text/sudachi",
    "search/index",
    "search/query",
    "search/engine",
    "search/snippets",
    "search/indexes",
]


@pytest.mark.parametrize("module", CORE)
def test_core_imports_neither_typer_nor_rich(module: str) -> None:
    tree = ast.parse((SRC / f"{module}.py").read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            imported.add(node.module.split(".")[0])
    assert not imported & {"typer", "rich", "click"}


def test_only_analysis_imports_sudachipy() -> None:
    users = []
    for path in SRC.rglob("*.py"):
        if "sudachipy" in path.read_text(encoding="utf-8"):
            users.append(str(path.relative_to(SRC)))
    assert users == ["text/dictionary.py"]


# -- file names with the characters of a URI ---------------------------------------------

URI_NAMES = ["C# proj", "a?b=1", "100% done", "two  spaces", "all ?#% &=;~ of them"]


@pytest.mark.parametrize("name", URI_NAMES)
def test_a_cache_under_any_name_is_reused(
    tmp_path: Path, user_corpus: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / name))
    corpus = load_corpus(user_corpus)
    store.open_index(corpus)
    (path,) = (tmp_path / name / "kyodo").glob("*.sqlite")
    built = path.stat().st_mtime_ns
    assert store.open_index(corpus).numbers == list(range(1, 11))
    assert path.stat().st_mtime_ns == built  # reused, not rebuilt
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, "small.json"])


@pytest.mark.parametrize("name", URI_NAMES)
def test_an_index_under_any_name_opens_read_only(tmp_path: Path, name: str) -> None:
    installed = tmp_path / name / "site-packages"  # a venv under "C# proj/"
    installed.mkdir(parents=True)
    path = installed / "qa.index.sqlite"
    path.write_bytes((resources.files("kyodo_cli") / "data" / "qa.index.sqlite").read_bytes())
    index = Index.open(path)
    assert len(index.numbers) == 76
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        index.connection.execute("CREATE TABLE written (x)")
    assert [p.name for p in tmp_path.iterdir()] == [name]
    assert [p.name for p in installed.iterdir()] == ["qa.index.sqlite"]


def test_read_only_uri_escapes_every_special_byte() -> None:
    uri = read_only_uri(Path("/a b/C#/?x=%41/é"))
    assert uri == "file:///a%20b/C%23/%3Fx%3D%2541/%C3%A9?mode=ro"


# -- an index altered by hand -------------------------------------------------------------


def _alter(path: Path, sql: str, *parameters: object) -> None:
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(sql, parameters)
    connection.close()


def _vocab_with(path: Path, key: str, value: object) -> None:
    connection = sqlite3.connect(path)
    (raw,) = connection.execute("SELECT value FROM meta WHERE key = 'vocab'").fetchone()
    connection.close()
    vocab = json.loads(raw)
    vocab[key] = value(vocab[key]) if callable(value) else value
    _alter(path, "UPDATE meta SET value = ? WHERE key = 'vocab'", json.dumps(vocab))


ALTERED = {
    "numbers not a list": lambda p: _alter(p, "UPDATE meta SET value = '5' WHERE key = 'numbers'"),
    "numbers not numbers": lambda p: _alter(
        p, "UPDATE meta SET value = '[\"1\"]' WHERE key = 'numbers'"
    ),
    "vocab lists of other lengths": lambda p: _alter(
        p,
        'UPDATE meta SET value = \'{"terms":["a"],"readings":[],"df":[],"synonyms":{}}\''
        " WHERE key = 'vocab'",
    ),
    "a term with an escape": lambda p: _vocab_with(
        p, "terms", lambda terms: ["\x1b[2J補助金", *terms[1:]]
    ),
    "other readings not text": lambda p: _vocab_with(p, "others", {"補助金": [5]}),
    "postings out of range": lambda p: _alter(
        p, "UPDATE postings SET docs = x'ffffff7f', weights = x'0000803f'"
    ),
    "postings of other lengths": lambda p: _alter(p, "UPDATE postings SET weights = x''"),
    "related terms of other lengths": lambda p: _alter(p, "UPDATE related_terms SET weights = x''"),
    "related terms not numbers": lambda p: _alter(p, "UPDATE related_terms SET terms = '5'"),
    "related postings missing": lambda p: _alter(p, "DELETE FROM related_postings"),
    "thesaurus not a list": lambda p: _alter(p, "UPDATE thesaurus SET terms = '5'"),
    "questions out of range": lambda p: _alter(p, "UPDATE questions SET position = -position - 1"),
    "question facts not facts": lambda p: _alter(p, "UPDATE questions SET facts = '[1, 2]'"),
    "answer words past the answer": lambda p: _alter(
        p, "UPDATE questions SET word_places = x'ffff0100', word_entries = x'00000000'"
    ),
    "answer words not numbers": lambda p: _alter(p, "UPDATE questions SET word_places = 'x'"),
    "an entry of answer words not one": lambda p: _alter(p, "UPDATE word_entries SET terms = '1'"),
    "answer words of entries not there": lambda p: _alter(p, "DELETE FROM word_entries"),
    "a frame stronger than 1": lambda p: _alter(
        p, "UPDATE questions SET facts = '[[], [], {\"definition\": 2.0}]'"
    ),
}


@pytest.mark.parametrize("alteration", list(ALTERED))
def test_a_cached_index_altered_by_hand_is_found_damaged(
    cache: Path, user_corpus: Path, alteration: str
) -> None:
    corpus = load_corpus(user_corpus)
    store.open_index(corpus)
    (path,) = cache.glob("*.sqlite")
    ALTERED[alteration](path)
    index = Index.open(path)

    def use() -> None:
        index.numbers  # noqa: B018
        index.vocab.get("補助金")
        list(index.vocab.readings())
        for number in index.numbers:
            index.related(number)
        for field in ("question", "answer", "sentence"):
            for term in list(index.vocab)[:50]:
                index.postings(field, term)
                index.thesaurus(term)
        index.questions()
        index.question_facts(range(len(index.numbers)))
        for position, item in enumerate(corpus.items):
            index.answer_words(position, len(item.answer_text))

    with pytest.raises(CacheDamaged):
        use()


def test_a_meta_row_that_is_no_object_makes_the_index_unusable(
    cache: Path, user_corpus: Path
) -> None:
    corpus = load_corpus(user_corpus)
    store.open_index(corpus)
    (path,) = cache.glob("*.sqlite")
    _alter(path, "UPDATE meta SET value = '[]' WHERE key = 'meta'")
    with pytest.raises(IndexUnusable):
        Index.open(path)
    assert store.open_index(corpus).numbers == list(range(1, 11))  # rebuilt


def test_the_builder_is_identified_by_its_version_not_its_source() -> None:
    """A comment edited in the analysis must not invalidate every user's cache."""
    meta = store.expected_meta(packaged_corpus())
    assert meta["builder"] == store.BUILDER_VERSION
    assert set(meta) == {"corpus", "dictionary", "builder", "data"}
