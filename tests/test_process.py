"""kyodo as a process: the installed executable, pipes closed early, Ctrl-C, lazy imports."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from support import Runner

from kyodo_cli.cli import BROKEN_PIPE, main
from kyodo_cli.output import Environment

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
        "from kyodo_cli.cli import main\n"
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
    from kyodo_cli import cli

    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "packaged_corpus", interrupted)
    result = kyodo("list")
    assert (result.status, result.stdout, result.stderr) == (130, "", "")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigint_in_a_real_process(tmp_path: Path) -> None:
    script = (
        "import os, signal, sys\n"
        "from kyodo_cli import cli\n"
        "cli.packaged_corpus = lambda: os.kill(os.getpid(), signal.SIGINT) or time.sleep(5)\n"
        "import time\n"
        "sys.exit(cli.main(['list']))\n"
    )
    result = run([PYTHON, "-c", script], tmp_path)
    assert result.returncode == 130
    assert "Traceback" not in result.stderr and "KeyboardInterrupt" not in result.stderr
    assert result.stdout == ""


def test_an_unexpected_error_is_one_line(kyodo: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    from kyodo_cli import cli

    def broken() -> None:
        raise RuntimeError("壊れた\x1b[2J")

    monkeypatch.setattr(cli, "packaged_corpus", broken)
    result = kyodo("chapters")
    assert result.status == 70
    assert (
        result.stderr
        == "kyodo: エラー: 予期しないエラーが起きました（RuntimeError: 壊れた\\x1b[2J）\n"
    )


def test_kyodo_debug_shows_the_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    from kyodo_cli import cli

    def broken() -> None:
        raise RuntimeError("壊れた")

    monkeypatch.setattr(cli, "packaged_corpus", broken)
    env = Environment(io.StringIO(), io.StringIO(), stdout_is_terminal=False, debug=True)
    with pytest.raises(RuntimeError):
        main(["chapters"], env)


def _modules_after(code: str, tmp_path: Path) -> set[str]:
    script = f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))"
    result = run([PYTHON, "-c", script], tmp_path)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def test_importing_the_cli_loads_neither_search_nor_rich(tmp_path: Path) -> None:
    modules = _modules_after("import kyodo_cli.cli", tmp_path)
    assert "kyodo_cli.search" not in modules
    assert not any(name == "rich" or name.startswith("rich.") for name in modules)


@pytest.mark.parametrize("command", [["list"], ["chapters"], ["list", "-c", "3", "--json"]])
def test_list_and_chapters_never_load_the_search_engine(tmp_path: Path, command: list[str]) -> None:
    code = (
        "import io\nfrom kyodo_cli.cli import main\nfrom kyodo_cli.output import Environment\n"
        f"main({command!r}, Environment(io.StringIO(), io.StringIO(), False))"
    )
    modules = _modules_after(code, tmp_path)
    assert "kyodo_cli.cli" in modules
    assert not {"kyodo_cli.search", "kyodo_cli.analysis", "sudachipy"} & modules
