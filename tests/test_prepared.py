"""A user's corpus is prepared once into the cache and read from there afterwards."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kyodo_cli import prepared, store
from kyodo_cli.cli import main
from kyodo_cli.corpus import load_corpus
from kyodo_cli.errors import CorpusError
from kyodo_cli.packagedata import data_bytes


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(store, "_OPEN", {})
    return tmp_path / "cache" / "kyodo"


@pytest.fixture
def corpus_file(tmp_path: Path) -> Path:
    data = json.loads(data_bytes("qa.json"))
    data["items"] = data["items"][:30]
    path = tmp_path / "faq.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_first_call_prepares_then_reads_the_prepared_file(cache: Path, corpus_file: Path) -> None:
    first = prepared.open_user_corpus(corpus_file)
    files = list(cache.glob("corpus-*.sqlite"))
    assert len(files) == 1
    second = prepared.open_user_corpus(corpus_file)
    assert isinstance(second.items, prepared.StoredItems)
    assert list(second.items) == list(first.items) == list(load_corpus(corpus_file).items)
    assert second.digest == first.digest
    assert second.chapters == first.chapters
    assert second.document == first.document


def test_stored_items_behave_like_a_sequence(cache: Path, corpus_file: Path) -> None:
    prepared.open_user_corpus(corpus_file)
    corpus = prepared.open_user_corpus(corpus_file)
    memory = load_corpus(corpus_file)
    assert len(corpus.items) == 30
    assert corpus.items[0] == memory.items[0]
    assert corpus.items[-1] == memory.items[-1]
    assert tuple(corpus.items[3:6]) == tuple(memory.items[3:6])
    with pytest.raises(IndexError):
        corpus.items[30]
    assert corpus.item(27) == memory.item(27)
    assert corpus.item(31) is None
    assert corpus.in_chapter(1) == memory.in_chapter(1)
    assert (corpus.first, corpus.last) == (1, 30)


def test_a_changed_file_is_prepared_again(cache: Path, corpus_file: Path) -> None:
    prepared.open_user_corpus(corpus_file)
    data = json.loads(corpus_file.read_text(encoding="utf-8"))
    data["items"][0]["question"] = "変更した質問です。"
    corpus_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.utime(corpus_file, ns=(1, 1))
    store._OPEN.clear()
    corpus = prepared.open_user_corpus(corpus_file)
    assert corpus.item(1) is not None and corpus.item(1).question == "変更した質問です。"
    assert len(list(cache.glob("corpus-*.sqlite"))) == 1  # the earlier version is gone


def test_a_broken_file_is_reported_even_after_a_good_version(
    cache: Path, corpus_file: Path
) -> None:
    prepared.open_user_corpus(corpus_file)
    corpus_file.write_text("{", encoding="utf-8")
    with pytest.raises(CorpusError, match="JSON として読めません"):
        prepared.open_user_corpus(corpus_file)


def test_cli_on_a_prepared_corpus(
    cache: Path, corpus_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for _ in range(2):  # preparing, then prepared
        assert main(["show", "27", "--plain", "--corpus", str(corpus_file)]) == 0
        shown = capsys.readouterr().out
        assert "Q27（第1章 協働を始める前に）" in shown
        assert main(["ask", "補助金", "--json", "--corpus", str(corpus_file)]) == 0
        results = json.loads(capsys.readouterr().out)["results"]
        assert results and results[0]["number"] in (20, 26)
        assert main(["list", "-c", "2", "--corpus", str(corpus_file)]) == 0
        assert "Q30" in capsys.readouterr().out
