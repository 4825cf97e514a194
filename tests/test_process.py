"""kyodo as a process: the installed executable, pipes closed early, Ctrl-C, lazy imports."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from support import Runner

from kyodo_cli.cli.app import BROKEN_PIPE, main
from kyodo_cli.files import lock_file, write_whole
from kyodo_cli.present.output import Environment
from kyodo_cli.resources import data_bytes
from kyodo_cli.search import prepared

PYTHON = sys.executable


def run(args: list[str], cwd: Path, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, capture_output=True, text=True, encoding="utf-8", timeout=120, **kwargs
    )


def test_the_installed_executable_runs_from_anywhere(kyodo_executable: str, tmp_path: Path) -> None:
    result = run([kyodo_executable, "show", "27"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Q27（第1章 協働を始める前に）\n問: 協働を実施した結果")
    assert "\x1b" not in result.stdout  # a pipe gets plain text
    failed = run([kyodo_executable, "show", "0"], tmp_path)
    assert failed.returncode == 2
    assert failed.stderr.startswith("kyodo: エラー: 「0」は番号として使えません")


def test_the_installed_executable_answers_a_qa_asked_for_by_its_number(
    kyodo_executable: str, tmp_path: Path
) -> None:
    result = run([kyodo_executable, "ask", "Q27", "--json"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert [r["number"] for r in json.loads(result.stdout)["results"]] == [27]
    missing = run([kyodo_executable, "ask", "Q99"], tmp_path)
    assert missing.returncode == 1
    assert missing.stderr == "kyodo: Q99 はこの文書にありません（Q1〜Q76）\n"


def test_python_dash_m_returns_the_exit_status(tmp_path: Path) -> None:
    result = run([PYTHON, "-m", "kyodo_cli", "list", "-c", "99"], tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("kyodo: エラー: 章「99」が見つかりません")


def test_output_is_utf8_whatever_the_locale(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "LC_ALL": "C"}
    result = subprocess.run(
        [PYTHON, "-m", "kyodo_cli", "chapters", "--json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "協働を始める前に" in result.stdout.decode("utf-8")


def test_a_reader_that_stops_early_ends_kyodo_quietly(tmp_path: Path) -> None:
    # A single large write can be taken whole by the kernel even though the reader is
    # gone, so keep running until the closed pipe is noticed.
    script = (
        "import sys\n"
        "from kyodo_cli.cli.app import main\n"
        "status = 0\n"
        "for _ in range(3000):\n"
        "    status = status or main(['chapters'])\n"
        "sys.exit(status)\n"
    )
    process = subprocess.Popen(
        [PYTHON, "-c", script], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()
    stderr = process.stderr.read()
    assert process.wait(timeout=120) == BROKEN_PIPE
    assert first.decode("utf-8").startswith("第1章")
    assert stderr == b""


@pytest.mark.parametrize("command", ["show 1-76", "list", "show 1-76 --json"])
def test_piping_into_head(kyodo_executable: str, tmp_path: Path, command: str) -> None:
    result = subprocess.run(
        f"'{kyodo_executable}' {command} | head -3",
        shell=True,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stderr == ""
    assert len(result.stdout.splitlines()) == 3


def test_a_closed_pipe_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    class ClosedPipe(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    err = io.StringIO()
    status = main(["list"], Environment(ClosedPipe(), err, stdout_is_terminal=False))
    assert (status, err.getvalue()) == (BROKEN_PIPE, "")


def test_help_into_a_closed_pipe(tmp_path: Path) -> None:
    result = subprocess.run(
        f"'{PYTHON}' -m kyodo_cli --help | head -c 1 > /dev/null",
        shell=True,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in result.stderr and "Exception" not in result.stderr


def test_ctrl_c_exits_130_without_a_traceback(
    kyodo: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kyodo_cli.session import Session

    def interrupted(self: Session, path: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Session, "corpus", interrupted)
    result = kyodo("list")
    assert (result.status, result.stdout, result.stderr) == (130, "", "")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigint_in_a_real_process(tmp_path: Path) -> None:
    script = (
        "import os, signal, sys\n"
        "from kyodo_cli.cli import app as cli\n"
        "from kyodo_cli.session import Session\n"
        "Session.corpus = lambda self, path: os.kill(os.getpid(), signal.SIGINT) or time.sleep(5)\n"
        "import time\n"
        "sys.exit(cli.main(['list']))\n"
    )
    result = run([PYTHON, "-c", script], tmp_path)
    assert result.returncode == 130
    assert "Traceback" not in result.stderr and "KeyboardInterrupt" not in result.stderr
    assert result.stdout == ""


def test_an_unexpected_error_is_one_line(kyodo: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    from kyodo_cli.session import Session

    def broken(self: Session, path: object) -> None:
        raise RuntimeError("壊れた\x1b[2J")

    monkeypatch.setattr(Session, "corpus", broken)
    result = kyodo("chapters")
    assert result.status == 70
    assert (
        result.stderr
        == "kyodo: エラー: 予期しないエラーが起きました（RuntimeError: 壊れた\\x1b[2J）\n"
    )


def test_kyodo_debug_shows_the_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    from kyodo_cli.session import Session

    def broken(self: Session, path: object) -> None:
        raise RuntimeError("壊れた")

    monkeypatch.setattr(Session, "corpus", broken)
    env = Environment(io.StringIO(), io.StringIO(), stdout_is_terminal=False, debug=True)
    with pytest.raises(RuntimeError):
        main(["chapters"], env)


def _modules_after(code: str, tmp_path: Path) -> set[str]:
    script = f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))"
    result = run([PYTHON, "-c", script], tmp_path)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def test_importing_the_cli_loads_neither_search_nor_rich(tmp_path: Path) -> None:
    modules = _modules_after("import kyodo_cli.cli.app", tmp_path)
    assert "kyodo_cli.search.engine" not in modules
    assert not any(name == "rich" or name.startswith("rich.") for name in modules)


@pytest.mark.parametrize("command", [["list"], ["chapters"], ["list", "-c", "3", "--json"]])
def test_list_and_chapters_never_load_the_search_engine(tmp_path: Path, command: list[str]) -> None:
    code = (
        "import io\nfrom kyodo_cli.cli.app import main\n"
        "from kyodo_cli.present.output import Environment\n"
        f"main({command!r}, Environment(io.StringIO(), io.StringIO(), False))"
    )
    modules = _modules_after(code, tmp_path)
    assert "kyodo_cli.cli.app" in modules
    assert not {"kyodo_cli.search.engine", "kyodo_cli.text.sudachi", "sudachipy"} & modules


def test_show_on_a_prepared_corpus_loads_nothing_that_builds_an_index(
    kyodo_executable: str, tmp_path: Path
) -> None:
    corpus = _new_corpus(tmp_path)
    env = _cache_env(tmp_path)
    prepared = run([kyodo_executable, "chapters", "--corpus", str(corpus)], tmp_path, env=env)
    assert prepared.returncode == 0, prepared.stderr
    code = (
        "import io\nfrom kyodo_cli.cli.entry import main\n"
        "from kyodo_cli.present.output import Environment\n"
        "out = io.StringIO()\n"
        f"main(['show', '27', '--corpus', {str(corpus)!r}],"
        " Environment(out, io.StringIO(), False))\n"
        "assert '関連する質問' in out.getvalue()"
    )
    script = f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))"
    result = run([PYTHON, "-c", script], tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    modules = set(result.stdout.split())
    assert "kyodo_cli.search.nearest" in modules  # its related Q&As were found
    builders = {"kyodo_cli.search.build", "kyodo_cli.search.related", "sudachipy", "heapq"}
    assert not builders & modules


# -- several kyodos on one cache ----------------------------------------------------------

WAITING = "kyodo: ほかの kyodo がこのコーパスを準備しています。終わるまで待ちます\n"


def _new_corpus(tmp_path: Path) -> Path:
    data = json.loads(data_bytes("qa.json"))
    data["items"] = data["items"][:30]
    path = tmp_path / "faq.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _cache_env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}


def _leftovers(cache: Path) -> list[str]:
    return sorted(p.name for p in cache.glob(".kyodo-*"))


@pytest.mark.skipif(sys.platform == "win32", reason="flock")
def test_kyodos_started_together_prepare_a_new_corpus_once(
    kyodo_executable: str, tmp_path: Path
) -> None:
    corpus = _new_corpus(tmp_path)
    command = [kyodo_executable, "-v", "show", "27", "--plain", "--corpus", str(corpus)]
    processes = [
        subprocess.Popen(
            command,
            cwd=tmp_path,
            env=_cache_env(tmp_path),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        for _ in range(3)
    ]
    results = [process.communicate(timeout=120) for process in processes]
    assert [process.returncode for process in processes] == [0, 0, 0], results
    assert sum(stderr.count("コーパスを準備しました") for _, stderr in results) == 1
    assert len({stdout for stdout, _ in results}) == 1
    assert results[0][0].startswith("Q27（第1章 協働を始める前に）")
    assert _leftovers(tmp_path / "cache" / "kyodo") == []


@pytest.mark.skipif(sys.platform == "win32", reason="flock")
def test_a_kyodo_waits_for_the_one_preparing_and_says_so(
    kyodo_executable: str, tmp_path: Path
) -> None:
    import fcntl

    corpus = _new_corpus(tmp_path)
    cache = tmp_path / "cache" / "kyodo"
    cache.mkdir(parents=True)
    entry = cache / f"corpus-{prepared._source_key(corpus)}.sqlite"
    with lock_file(entry).open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # as a kyodo preparing the corpus holds it
        process = subprocess.Popen(
            [kyodo_executable, "show", "27", "--plain", "--corpus", str(corpus)],
            cwd=tmp_path,
            env=_cache_env(tmp_path),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        assert process.stderr is not None
        assert process.stderr.readline() == WAITING
    stdout, stderr = process.communicate(timeout=120)
    assert (process.returncode, stderr) == (0, "")
    assert stdout.startswith("Q27（第1章 協働を始める前に）")


WRITER_STOPPED_MIDWAY = """
import sys, time
from pathlib import Path
from kyodo_cli.corpus.records import load_corpus
from kyodo_cli.search.build import write_index
from kyodo_cli.search.indexes import build

def stop_midway(connection):
    connection.execute("CREATE TABLE half (x)")
    connection.execute("INSERT INTO half VALUES (1)")
    print("writing", flush=True)
    time.sleep(600)

write_index(build(load_corpus(Path(sys.argv[1]))), Path(sys.argv[2]), extra=stop_midway)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("signal_name", ["SIGKILL", "SIGTERM", "SIGHUP"])
def test_a_preparation_killed_midway_leaves_nothing_behind(
    kyodo_executable: str, tmp_path: Path, signal_name: str
) -> None:
    corpus = _new_corpus(tmp_path)
    cache = tmp_path / "cache" / "kyodo"
    writer = subprocess.Popen(
        [PYTHON, "-c", WRITER_STOPPED_MIDWAY, str(corpus), str(cache / "corpus-x.sqlite")],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    assert writer.stdout.readline() == "writing\n"  # in the middle of its transaction
    writer.send_signal(getattr(signal, signal_name))
    writer.wait(timeout=60)
    writer.stdout.close()
    left = _leftovers(cache)  # what the killed writer left: its file and SQLite's journal
    assert len(left) == 2 and left[0].endswith(".tmp") and left[1] == f"{left[0]}-journal"
    result = run(
        [kyodo_executable, "show", "27", "--plain", "--corpus", str(corpus)],
        tmp_path,
        env=_cache_env(tmp_path),
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert _leftovers(cache) == []
    assert sorted(p.suffix for p in cache.iterdir()) == [".lock", ".sqlite"]


def test_a_file_written_whole_replaces_the_old_or_leaves_it(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o640)
    write_whole(path, "新しい")
    assert path.read_text(encoding="utf-8") == "新しい"
    assert path.stat().st_mode & 0o777 == 0o640
    with pytest.raises(UnicodeEncodeError):
        write_whole(path, "\ud800")  # cannot be written: the file stays as it was
    assert path.read_text(encoding="utf-8") == "新しい"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.json"]


def test_the_package_data_reads_the_same_through_the_import_system(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """From the package's directory, or (a package in a zip has none) from its loader."""
    from kyodo_cli import resources

    direct = resources.data_bytes("qa.json")
    assert resources.data_file("qa.json") is not None
    monkeypatch.setattr(resources, "data_file", lambda name: None)
    assert resources.data_bytes("qa.json") == direct
    with pytest.raises(FileNotFoundError):
        resources.data_bytes("missing.json")
