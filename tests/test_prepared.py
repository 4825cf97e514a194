"""A user's corpus is prepared once into the cache and read from there afterwards."""

from __future__ import annotations

import io
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from support import Runner

from kyodo_cli.cli.entry import main
from kyodo_cli.cli.failure import CACHE_REMOVED, CACHE_STILL_DAMAGED
from kyodo_cli.corpus import stored
from kyodo_cli.corpus.records import Corpus, load_corpus
from kyodo_cli.errors import CacheDamaged, CorpusError
from kyodo_cli.present.output import Environment, Output
from kyodo_cli.resources import data_bytes
from kyodo_cli.search import prepared
from kyodo_cli.search.index import Index


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
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
    assert isinstance(second.items, stored.StoredItems)
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
    assert (corpus.items[0].number, corpus.items[-1].number) == (1, 30)


def test_a_changed_file_is_prepared_again(cache: Path, corpus_file: Path) -> None:
    prepared.open_user_corpus(corpus_file)
    data = json.loads(corpus_file.read_text(encoding="utf-8"))
    data["items"][0]["question"] = "変更した質問です。"
    corpus_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.utime(corpus_file, ns=(1, 1))
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


def test_list_and_chapters_read_no_answer_of_a_prepared_corpus(
    cache: Path, corpus_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What they show is numbers and questions: on a large corpus, reading and checking
    every answer was most of their time."""
    assert main(["chapters", "--plain", "--corpus", str(corpus_file)]) == 0  # prepared here
    answers_read: list[object] = []
    real = stored.block_from_dict
    monkeypatch.setattr(stored, "block_from_dict", lambda b: answers_read.append(b) or real(b))

    def run(*argv: str) -> str:
        out = io.StringIO()
        env = Environment(out, io.StringIO(), stdout_is_terminal=False, width=80)
        assert main([*argv, "--corpus", str(corpus_file)], env) == 0
        return out.getvalue()

    memory = load_corpus(corpus_file)
    listed = run("list", "--json")
    assert [i["question"] for c in json.loads(listed)["chapters"] for i in c["items"]] == [
        qa.question for c in memory.chapters for qa in memory.in_chapter(c.number)
    ]
    table = json.loads(run("chapters", "--json"))["chapters"]
    assert [c["count"] for c in table] == [len(c.numbers) for c in memory.chapters]
    assert run("list", "-c", "2", "--plain").count("\n  Q") == len(memory.chapters[1].numbers)
    assert answers_read == []
    run("show", "3", "--plain")
    assert answers_read  # the count sees answers being read


def test_a_file_written_anew_with_the_same_size_and_time_is_prepared_again(
    cache: Path, corpus_file: Path
) -> None:
    prepared.open_user_corpus(corpus_file)
    before = corpus_file.stat()
    text = corpus_file.read_text(encoding="utf-8")
    question = "協働を実施した結果"
    assert question in text
    corpus_file.write_text(text.replace(question, "協働を試行した結果"), encoding="utf-8")
    os.utime(corpus_file, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = corpus_file.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    corpus = prepared.open_user_corpus(corpus_file)
    assert corpus.item(27) is not None and "協働を試行した結果" in corpus.item(27).question


# -- a prepared file altered by hand --------------------------------------------------------

ESCAPE = "\x1b[2J"
TAMPERED = {
    "document of another shape": "UPDATE corpus SET value = '[\"a\"]' WHERE key = 'document'",
    "document with an escape": "UPDATE corpus SET value = json_set(value, '$[0]', char(27))"
    " WHERE key = 'document'",
    "chapters not a list": "UPDATE corpus SET value = '{}' WHERE key = 'chapters'",
    "chapter title with an escape": "UPDATE corpus SET value = json_set(value, '$[0][1]',"
    " char(27) || '[2J') WHERE key = 'chapters'",
    "digest not a string": "UPDATE corpus SET value = '5' WHERE key = 'digest'",
    "errata not a list": "UPDATE corpus SET value = 'null' WHERE key = 'errata'",
    "question with an escape": "UPDATE items SET question = char(27) || '[2J消えた'"
    " WHERE number = 27",
    "question as bytes": "UPDATE items SET question = x'41' WHERE number = 27",
    "answer not a list": "UPDATE items SET answer = '5' WHERE number = 27",
    "answer of an unknown kind": 'UPDATE items SET answer = \'[{"type":"x"}]\' WHERE number = 27',
    "keywords not texts": "UPDATE items SET keywords = '[1]' WHERE number = 27",
    "chapter unknown": "UPDATE items SET chapter = 99 WHERE number = 27",
    "a Q&A missing": "DELETE FROM items WHERE number = 30",
    "a Q&A listed twice": "UPDATE corpus SET value = json_set(value, '$[1].numbers[0]',"
    " json_extract(value, '$[0].numbers[0]')) WHERE key = 'chapters'",
    "a Q&A renumbered": "UPDATE items SET number = number + 1000 WHERE number IN (20, 26, 27)",
    "meta not an object": "UPDATE meta SET value = '[]' WHERE key = 'meta'",
    "vocab not an object": "UPDATE meta SET value = '{\"terms\":\"x\"}' WHERE key = 'vocab'",
    "numbers not a list": "UPDATE meta SET value = '5' WHERE key = 'numbers'",
    "postings out of range": "UPDATE postings SET docs = x'ffffff7f', weights = x'0000803f'",
    "related weights not numbers": "UPDATE related_postings SET weights = x'01'",
}


@pytest.fixture(scope="module")
def prepared_once(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, bytes]:
    """A corpus file, its cache directory and its prepared file's bytes, made once."""
    base = tmp_path_factory.mktemp("tampered")
    corpus_file = base / "faq.json"
    data = json.loads(data_bytes("qa.json"))
    data["items"] = data["items"][:30]
    corpus_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(base / "cache"))
        prepared.open_user_corpus(corpus_file)
    (made,) = (base / "cache" / "kyodo").glob("corpus-*.sqlite")
    return corpus_file, base / "cache", made.read_bytes()


@pytest.mark.parametrize("tampering", list(TAMPERED))
@pytest.mark.parametrize("command", ["show 27 28", "ask 補助金", "list -c 1", "chapters"])
def test_a_prepared_file_altered_by_hand_is_prepared_again(
    prepared_once: tuple[Path, Path, bytes],
    monkeypatch: pytest.MonkeyPatch,
    kyodo: Runner,
    tampering: str,
    command: str,
) -> None:
    corpus_file, cache_home, sound = prepared_once
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
    (path,) = (cache_home / "kyodo").glob("corpus-*.sqlite")
    path.write_bytes(sound)
    expected = kyodo(*command.split(), "--plain", "--corpus", str(corpus_file))
    assert expected.status == 0, expected.stderr
    preparations = _count_preparations(monkeypatch)
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(TAMPERED[tampering])
    connection.close()
    result = kyodo(*command.split(), "--plain", "--corpus", str(corpus_file))
    assert (result.status, result.stderr) == (0, "")
    assert result.stdout == expected.stdout  # once, and as from a sound file
    assert ESCAPE not in result.stdout
    assert len(preparations) <= 1  # prepared again at most once
    preparations.clear()
    assert kyodo(*command.split(), "--plain", "--corpus", str(corpus_file)) == expected
    assert preparations == []  # the file is sound again


def _count_preparations(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    made: list[Path] = []
    real = prepared._prepare

    def counted(corpus: Corpus, path: Path, key: str, *rest: Any) -> Index | None:
        made.append(path)
        return real(corpus, path, key, *rest)

    monkeypatch.setattr(prepared, "_prepare", counted)
    return made


# -- running a command again after a cache failed -------------------------------------------


def test_a_cache_that_stays_damaged_is_prepared_again_only_once(
    cache: Path, corpus_file: Path, kyodo: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    preparations = _count_preparations(monkeypatch)

    def always_damaged(self: Index, number: int) -> list[int]:
        raise CacheDamaged(self.path, ValueError("damaged"))

    monkeypatch.setattr(Index, "related", always_damaged)
    result = kyodo("show", "27", "--corpus", str(corpus_file))
    assert (result.status, result.stdout) == (70, "")
    assert result.stderr == f"kyodo: エラー: {CACHE_STILL_DAMAGED}\n"
    assert len(preparations) == 2  # the first, and the one run again


def test_a_cache_failing_after_output_began_is_removed_and_not_run_again(
    cache: Path, corpus_file: Path, kyodo: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert kyodo("show", "27", "--corpus", str(corpus_file)).status == 0
    (path,) = cache.glob("corpus-*.sqlite")
    real = Output.emit

    def emit_then_fail(self: Output, *args: Any, **kwargs: Any) -> None:
        real(self, *args, **kwargs)
        raise CacheDamaged(path, ValueError("found while printing"))

    monkeypatch.setattr(Output, "emit", emit_then_fail)
    result = kyodo("show", "27", "--plain", "--corpus", str(corpus_file))
    assert result.status == 70
    assert result.stdout.count("Q27（") == 1
    assert result.stderr == f"kyodo: エラー: {CACHE_REMOVED}\n"
    assert not path.exists()


def test_an_unexpected_error_after_output_began_is_not_blamed_on_the_cache(
    cache: Path, corpus_file: Path, kyodo: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert kyodo("show", "27", "--corpus", str(corpus_file)).status == 0
    (path,) = cache.glob("corpus-*.sqlite")
    real = Output.emit

    def emit_then_fail(self: Output, *args: Any, **kwargs: Any) -> None:
        real(self, *args, **kwargs)
        raise RuntimeError("a bug")

    monkeypatch.setattr(Output, "emit", emit_then_fail)
    result = kyodo("show", "27", "--plain", "--corpus", str(corpus_file))
    assert result.status == 70
    assert result.stdout.count("Q27（") == 1
    assert result.stderr == "kyodo: エラー: 予期しないエラーが起きました（RuntimeError: a bug）\n"
    assert path.exists()


def test_an_unexpected_error_while_a_cache_is_open_runs_the_command_again(
    cache: Path, corpus_file: Path, kyodo: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kyodo_cli.search import engine as search

    expected = kyodo("ask", "補助金", "--json", "--corpus", str(corpus_file))
    failures = [IndexError("from a file altered in a way no check knows")]
    real = search.SearchEngine.score

    def fails_once(self: search.SearchEngine, analysed: Any) -> Any:
        if failures:
            raise failures.pop()
        return real(self, analysed)

    monkeypatch.setattr(search.SearchEngine, "score", fails_once)
    preparations = _count_preparations(monkeypatch)
    assert kyodo("ask", "補助金", "--json", "--corpus", str(corpus_file)) == expected
    assert len(preparations) == 1


def test_an_answer_for_the_user_leaves_the_cache_alone(
    cache: Path, corpus_file: Path, kyodo: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert kyodo("show", "27", "--corpus", str(corpus_file)).status == 0
    preparations = _count_preparations(monkeypatch)
    result = kyodo("show", "0", "--corpus", str(corpus_file))
    assert result.status == 2
    assert preparations == []
    assert len(list(cache.glob("corpus-*.sqlite"))) == 1
