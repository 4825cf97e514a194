"""Shell completion: the candidates, the callback protocol of bash, zsh and fish (the
environment variables their scripts set), the scripts, their installation, and bash itself
completing with the installed kyodo."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from support import Result, Runner

from kyodo_cli.cli import completion
from kyodo_cli.cli.completion import (
    chapter_candidates,
    complete_formats,
    description,
    number_candidates,
)
from kyodo_cli.corpus.records import packaged_corpus

CORPUS = packaged_corpus()


@pytest.fixture
def shell(monkeypatch: pytest.MonkeyPatch) -> Callable[[str | None], None]:
    """Pretend kyodo runs in the given shell (None: a shell that cannot be detected)."""

    def use(name: str | None) -> None:
        monkeypatch.setattr(completion, "_detected_shell", lambda: name)
        monkeypatch.setenv("SHELL", f"/bin/{name}" if name else "")

    return use


def complete(kyodo: Runner, monkeypatch: pytest.MonkeyPatch, shell: str, line: str) -> str:
    """What kyodo answers when ``shell``'s script asks it to complete ``line``."""
    monkeypatch.setenv("_KYODO_COMPLETE", f"complete_{shell}")
    if shell == "bash":
        words = line.split(" ")
        monkeypatch.setenv("COMP_WORDS", line)
        monkeypatch.setenv("COMP_CWORD", str(len(words) - 1))
    else:
        monkeypatch.setenv("_TYPER_COMPLETE_ARGS", line)
        monkeypatch.setenv("_TYPER_COMPLETE_FISH_ACTION", "get-args")
    result = kyodo()
    assert (result.status, result.stderr) == (0, "")
    return result.stdout


# -- the candidates --------------------------------------------------------------------


def test_every_number_with_its_question() -> None:
    candidates = number_candidates(CORPUS, "")
    assert [value for value, _ in candidates] == [str(n) for n in range(1, 77)]
    assert candidates[26] == ("27", "協働を実施した結果、利益が生じた場合は、どのような取り扱い…")


@pytest.mark.parametrize(
    ("typed", "values"),
    [
        ("2", ["2", *map(str, range(20, 30))]),
        ("7", ["7", *map(str, range(70, 77))]),
        ("Q5", ["Q5", *(f"Q{n}" for n in range(50, 60))]),
        ("q76", ["q76"]),
        ("8", ["8"]),
        ("80", []),
        ("x", []),
    ],
)
def test_numbers_starting_with_what_was_typed(typed: str, values: list[str]) -> None:
    assert [value for value, _ in number_candidates(CORPUS, typed)] == values


def test_numbers_already_given_are_not_offered_again() -> None:
    values = [value for value, _ in number_candidates(CORPUS, "5", given=(50, 51))]
    assert values == ["5", *map(str, range(52, 60))]


def test_chapters_with_their_titles() -> None:
    assert chapter_candidates(CORPUS, "") == [
        (str(c.number), f"第{c.number}章 {c.title}") for c in CORPUS.chapters
    ]
    assert chapter_candidates(CORPUS, "3") == [("3", "第3章 協働を続けていくためには")]
    assert chapter_candidates(CORPUS, "9") == []


def test_formats() -> None:
    assert [value for value, _ in complete_formats("")] == ["md", "html", "csv", "jsonl"]
    assert complete_formats("c") == [("csv", "Excel で開ける CSV（UTF-8、BOM 付き）")]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("短い質問", "短い質問"),
        ("[bold]括弧[/] :smile:", "[bold]括弧[/] :smile:"),
        ("改行\nと  空白", "改行 と 空白"),
        ("あ" * 31, "あ" * 29 + "…"),
    ],
)
def test_descriptions_are_one_short_line(text: str, shown: str) -> None:
    assert description(text) == shown


# -- the protocol: what each shell's script gets back ----------------------------------


def test_bash_gets_the_numbers(kyodo: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    answer = complete(kyodo, monkeypatch, "bash", "kyodo show 50 5")
    assert answer.split() == ["5", *map(str, range(51, 60))]


def test_zsh_gets_numbers_with_questions(kyodo: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    answer = complete(kyodo, monkeypatch, "zsh", "kyodo show 7")
    assert answer.startswith("_arguments '*: :((")
    assert '"73\\:協働で実施した事業は、市役所の監査の対象になりますか。"' in answer
    assert answer.count("\\:") == 1 + 7


def test_fish_gets_chapters_with_titles(kyodo: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    answer = complete(kyodo, monkeypatch, "fish", "kyodo list --chapter ")
    assert answer.splitlines() == [f"{c.number}\t第{c.number}章 {c.title}" for c in CORPUS.chapters]


def test_fish_first_asks_whether_kyodo_has_candidates(
    kyodo: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("_KYODO_COMPLETE", "complete_fish")
    monkeypatch.setenv("_TYPER_COMPLETE_FISH_ACTION", "is-args")
    monkeypatch.setenv("_TYPER_COMPLETE_ARGS", "kyodo show ")
    assert kyodo() == Result(0, "", "")
    monkeypatch.setenv("_TYPER_COMPLETE_ARGS", "kyodo validate ")  # a file name: fish's own
    assert kyodo() == Result(1, "", "")


@pytest.mark.parametrize("name", ["bash", "zsh", "fish"])
def test_the_script_on_request(kyodo: Runner, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setenv("_KYODO_COMPLETE", f"source_{name}")
    assert kyodo() == Result(0, completion.script(name) + "\n", "")


@pytest.mark.parametrize("request_", ["complete_powershell", "complete", "explain_zsh"])
def test_other_requests_get_no_answer(
    kyodo: Runner, monkeypatch: pytest.MonkeyPatch, request_: str
) -> None:
    monkeypatch.setenv("_KYODO_COMPLETE", request_)
    monkeypatch.setenv("_TYPER_COMPLETE_ARGS", "kyodo show ")
    assert kyodo() == Result(1, "", "")


@pytest.mark.parametrize("command", ["ask 補助金 -c", "export --chapter", "quiz -c", "random -c"])
def test_every_chapter_option_completes(
    kyodo: Runner, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    answer = complete(kyodo, monkeypatch, "bash", f"kyodo {command} ")
    assert answer.split() == [str(n) for n in range(1, 8)]


def test_the_commands_and_the_formats(kyodo: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    commands = complete(kyodo, monkeypatch, "bash", "kyodo ").split()
    assert {"show", "ask", "list", "chapters", "export", "random", "quiz"} <= set(commands)
    assert complete(kyodo, monkeypatch, "bash", "kyodo export -f ").split() == [
        "md",
        "html",
        "csv",
        "jsonl",
    ]


def test_options_are_described_in_japanese(kyodo: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    answer = complete(kyodo, monkeypatch, "zsh", "kyodo --")
    assert '"--install-completion\\:使っているシェル' in answer
    assert '"--show-completion\\:補完のスクリプトを表示する' in answer


def test_a_broken_corpus_offers_nothing(
    kyodo: Runner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("KYODO_CORPUS", str(tmp_path / "missing.json"))
    assert complete(kyodo, monkeypatch, "bash", "kyodo show ") == "\n"


def test_the_installed_kyodo_answers_the_shell(kyodo_executable: str, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "_KYODO_COMPLETE": "complete_bash",
        "COMP_WORDS": "kyodo list -c ",
        "COMP_CWORD": "3",
    }
    result = subprocess.run(
        [kyodo_executable], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.split() == [str(n) for n in range(1, 8)]


# -- the scripts, and installing them --------------------------------------------------


@pytest.mark.parametrize("name", ["bash", "zsh", "fish"])
def test_show_completion_prints_the_script(
    kyodo: Runner, shell: Callable[[str | None], None], name: str
) -> None:
    shell(name)
    result = kyodo("--show-completion")
    assert (result.status, result.stderr) == (0, "")
    assert f"_KYODO_COMPLETE=complete_{name}" in result.stdout
    assert result.stdout == completion.script(name) + "\n"


def test_show_completion_falls_back_on_the_login_shell(
    kyodo: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(completion, "_detected_shell", lambda: "sh")
    monkeypatch.setenv("SHELL", "/usr/bin/fish")
    assert "complete_fish" in kyodo("--show-completion").stdout


def test_an_unknown_shell_is_a_usage_error(
    kyodo: Runner, shell: Callable[[str | None], None]
) -> None:
    shell(None)
    result = kyodo("--install-completion")
    assert (result.status, result.stdout) == (2, "")
    assert result.stderr == (
        "kyodo: エラー: シェルを判別できませんでした。"
        "bash、zsh、fish のいずれかの中で実行してください\n"
    )


@pytest.mark.parametrize(
    ("name", "script", "startup"),
    [
        ("bash", ".bash_completions/kyodo.sh", ".bashrc"),
        ("zsh", ".zfunc/_kyodo", ".zshrc"),
        ("fish", ".config/fish/completions/kyodo.fish", None),
    ],
)
def test_install_completion(
    kyodo: Runner,
    shell: Callable[[str | None], None],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    name: str,
    script: str,
    startup: str | None,
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    shell(name)
    result = kyodo("--install-completion")
    installed = tmp_path / script
    assert (result.status, result.stderr) == (0, "")
    assert result.stdout == (
        f"{name} の補完を {installed} に設定しました。新しく開いた端末から使えます。\n"
    )
    assert f"complete_{name}" in installed.read_text()
    if startup is not None:
        assert (tmp_path / startup).exists()


def test_the_root_help_lists_the_completion_options(kyodo: Runner) -> None:
    stdout = kyodo("--help").stdout
    assert "--install-completion" in stdout and "--show-completion" in stdout
    assert "Install completion" not in stdout


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_completes_with_the_script(kyodo_executable: str, tmp_path: Path) -> None:
    script = tmp_path / "kyodo.sh"
    script.write_text(completion.script("bash"), encoding="utf-8")
    session = (
        f"source '{script}'\n"
        "COMP_WORDS=(kyodo show 5); COMP_CWORD=2\n"
        "_kyodo_completion kyodo\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    path = f"{Path(kyodo_executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    result = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", session],
        env={**os.environ, "PATH": path},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["5", *map(str, range(50, 60))]
