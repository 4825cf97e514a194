"""Every command, option and error of the command line, run in-process with stdout a pipe."""

from __future__ import annotations

import json
import re
import time
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from support import MARKUP_QUESTION, FixedSearch, Runner, one_error_line, small_corpus_data

from kyodo_cli.errors import UsageError

HEADER = re.compile(r"^Q(\d+)（第\d+章 ", re.MULTILINE)
PACKAGED = json.loads(resources.files("kyodo_cli").joinpath("data", "qa.json").read_bytes())


def shown_numbers(stdout: str) -> list[int]:
    return [int(n) for n in HEADER.findall(stdout)]


# -- no arguments, --version, --help -------------------------------------------------


def test_no_arguments_prints_a_short_japanese_help(kyodo: Runner) -> None:
    result = kyodo()
    assert result.status == 0
    assert "使い方の例" in result.stdout
    for example in ("kyodo show 27", "kyodo ask 補助金", "kyodo list -c 3", "kyodo chapters"):
        assert example in result.stdout
    assert result.stderr == ""


def test_version(kyodo: Runner) -> None:
    from kyodo_cli import __version__

    result = kyodo("--version")
    assert (result.status, result.stdout) == (0, f"kyodo {__version__}\n")


@pytest.mark.parametrize("args", [["--help"], ["-h"]])
def test_help_lists_the_commands_in_japanese(kyodo: Runner, args: list[str]) -> None:
    result = kyodo(*args)
    assert result.status == 0
    assert "使い方: kyodo" in result.stdout
    for command in ("show", "list", "chapters", "ask", "validate"):
        assert command in result.stdout
    assert "コマンド" in result.stdout and "オプション" in result.stdout


def test_command_help(kyodo: Runner) -> None:
    result = kyodo("show", "--help")
    assert result.status == 0
    assert "番号の質問と回答を表示する" in result.stdout
    assert "--corpus" in result.stdout and "KYODO_CORPUS" in result.stdout


# -- show ----------------------------------------------------------------------------


def test_show_prints_chapter_question_answer_related_and_neighbours(kyodo: Runner) -> None:
    result = kyodo("show", "27")
    assert result.status == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == "Q27（第1章 協働を始める前に）"
    assert (
        lines[1] == "問: 協働を実施した結果、利益が生じた場合は、どのような取り扱いになりますか。"
    )
    assert lines[3] == "答:"
    assert lines[4].startswith("市役所から事業の実施に必要な経費を負担金として")
    assert lines[6].startswith("なお、市役所が事業の実施に必要な経費を支出していない場合")
    related = lines[lines.index("関連する質問:") + 1 : -2]
    assert len(related) == 3
    assert all(re.match(r"  Q\d+ \S", line) and "Q27 " not in line for line in related)
    assert lines[-1] == "前: Q26 / 次: Q28"


@pytest.mark.parametrize("token", ["Q27", "q27", "２７", "Ｑ２７", "ｑ２７", " 27 ", "027"])
def test_show_accepts_the_ways_of_writing_a_number(kyodo: Runner, token: str) -> None:
    assert kyodo("show", token).stdout == kyodo("show", "27").stdout


@pytest.mark.parametrize(
    ("args", "numbers"),
    [
        (["27", "28"], [27, 28]),
        (["27-29"], [27, 28, 29]),
        (["29-27"], [27, 28, 29]),
        (["Q27-Q29"], [27, 28, 29]),
        (["２７－２９"], [27, 28, 29]),
        (["27〜29"], [27, 28, 29]),
        (["27", "27", "Q27", "27-28"], [27, 28]),
        (["29", "27"], [29, 27]),
    ],
)
def test_show_several_numbers_and_ranges(
    kyodo: Runner, args: list[str], numbers: list[int]
) -> None:
    result = kyodo("show", *args)
    assert result.status == 0
    assert shown_numbers(result.stdout) == numbers


def test_show_everything(kyodo: Runner) -> None:
    assert shown_numbers(kyodo("show", "1-76").stdout) == list(range(1, 77))


def test_show_first_and_last_have_no_neighbour_on_one_side(kyodo: Runner) -> None:
    assert kyodo("show", "1").stdout.rstrip().endswith("前: なし / 次: Q2")
    assert kyodo("show", "76").stdout.rstrip().endswith("前: Q75 / 次: なし")


def test_show_steps_as_a_numbered_list(kyodo: Runner) -> None:
    lines = kyodo("show", "51").stdout.splitlines()
    assert "1. 市政に関する情報開示と公共的課題に対する意識の醸成" in lines
    assert "12. 事業実施結果の公開" in lines
    assert any(line.startswith("   まずは、解決に取り組む公共的課題について") for line in lines)


def test_show_schedule_as_a_table(kyodo: Runner) -> None:
    lines = kyodo("show", "52").stdout.splitlines()
    assert "【翌年度実施型】" in lines and "【当年度実施型】" in lines
    assert "時期      内容" in lines
    assert "11～12月  積算に基づき予算要求" in lines
    assert "4月       協定書・契約書等の締結" in lines


@pytest.mark.parametrize("token", ["0", "77", "abc", "27-", "-1", "1e3", "", "27-80", "Q", "2.5"])
def test_show_rejects_what_is_not_a_number_in_range(kyodo: Runner, token: str) -> None:
    result = kyodo("show", token)
    assert result.status == 2
    assert result.stdout == ""
    one_error_line(result.stderr, f"「{token}」", "1〜76 の番号を指定してください")


def test_show_mixed_valid_and_invalid(kyodo: Runner) -> None:
    result = kyodo("show", "27", "abc", "0", "28")
    assert result.status == 2
    assert shown_numbers(result.stdout) == [27, 28]
    one_error_line(result.stderr, "「abc」「0」", "1〜76")


def test_show_many_invalid_arguments_are_summarised(kyodo: Runner) -> None:
    tokens = [f"x{i}" for i in range(100_000)]
    started = time.perf_counter()
    result = kyodo("show", "27", *tokens)
    assert time.perf_counter() - started < 20
    assert result.status == 2
    assert shown_numbers(result.stdout) == [27]
    one_error_line(result.stderr, "「x0」「x1」「x2」「x3」「x4」ほか 99995 件")


def test_show_many_valid_arguments_show_each_once(kyodo: Runner) -> None:
    result = kyodo("show", *(["1-76"] * 50_000))
    assert result.status == 0
    assert shown_numbers(result.stdout) == list(range(1, 77))


def test_show_without_numbers_is_a_usage_error(kyodo: Runner) -> None:
    result = kyodo("show")
    assert result.status == 2
    one_error_line(result.stderr, "番号を指定してください", "kyodo show --help")


def test_show_echoes_control_characters_escaped(kyodo: Runner) -> None:
    result = kyodo("show", "\x1b[31mred", "\udcff")
    assert result.status == 2
    assert "\x1b" not in result.stderr
    one_error_line(result.stderr, "\\x1b[31mred", "\\udcff")


def test_show_json_answer_is_the_corpus_block_list(kyodo: Runner) -> None:
    result = kyodo("show", "27", "51", "52", "--json")
    data = json.loads(result.stdout)
    raw = {item["number"]: item for item in PACKAGED["items"]}
    for item in data["items"]:
        assert item["answer"] == raw[item["number"]]["answer"]
        assert item["question"] == raw[item["number"]]["question"]
    first = data["items"][0]
    assert first["chapter"] == {"number": 1, "title": "協働を始める前に"}
    assert (first["previous"], first["next"]) == (26, 28)
    assert len(first["related"]) == 3 and 27 not in first["related"]
    assert first["answer_text"].startswith("市役所から事業の実施に")


# -- list ----------------------------------------------------------------------------


def test_list_groups_every_question_by_chapter(kyodo: Runner) -> None:
    result = kyodo("list")
    assert result.status == 0
    headings = [line for line in result.stdout.splitlines() if line.startswith("第")]
    assert len(headings) == 7
    assert headings[0] == "第1章 協働を始める前に（Q1〜Q29、29 問）"
    assert headings[3] == "第4章 協働の取組を支援するためには（Q62、1 問）"
    numbers = re.findall(r"^  Q(\d+) ", result.stdout, re.MULTILINE)
    assert [int(n) for n in numbers] == list(range(1, 77))


@pytest.mark.parametrize("spec", ["3", "３", "第3章", "続け", "協働を続けていくためには"])
def test_list_chapter_by_number_or_title_fragment(kyodo: Runner, spec: str) -> None:
    result = kyodo("list", "--chapter", spec)
    assert result.status == 0
    assert result.stdout.splitlines()[0] == "第3章 協働を続けていくためには（Q56〜Q61、6 問）"
    assert re.findall(r"^  Q(\d+) ", result.stdout, re.MULTILINE) == [str(n) for n in range(56, 62)]


def test_list_short_chapter_option(kyodo: Runner) -> None:
    assert kyodo("list", "-c", "4").stdout == kyodo("list", "--chapter", "4").stdout


@pytest.mark.parametrize("spec", ["99", "0", "存在しない", "", "第8章"])
def test_list_unknown_chapter_lists_the_chapters_on_stderr(kyodo: Runner, spec: str) -> None:
    result = kyodo("list", "-c", spec)
    assert result.status == 2
    assert result.stdout == ""
    first, *choices = result.stderr.splitlines()
    assert first.startswith(f"kyodo: エラー: 章「{spec}」が見つかりません")
    assert "1〜7" in first
    assert choices == [
        "  第1章 協働を始める前に",
        "  第2章 協働を始めるためには",
        "  第3章 協働を続けていくためには",
        "  第4章 協働の取組を支援するためには",
        "  第5章 協働の効果を高めるためには",
        "  第6章 より多彩な協働に取り組むためには",
        "  第7章 その他の疑問",
    ]


def test_list_ambiguous_chapter_names_the_matches(kyodo: Runner) -> None:
    result = kyodo("list", "-c", "ためには")
    assert result.status == 2
    one_error_line(
        result.stderr, "「ためには」に当てはまる章が 5 つあります", "第2章 協働を始めるためには"
    )
    assert "その他の疑問" not in result.stderr


# -- chapters ------------------------------------------------------------------------


def test_chapters_shows_ranges_and_counts(kyodo: Runner) -> None:
    result = kyodo("chapters")
    assert result.status == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 7
    assert re.fullmatch(r"第1章  協働を始める前に +Q1〜Q29 +29 問", lines[0])
    assert re.fullmatch(r"第4章  協働の取組を支援するためには +Q62 +1 問", lines[3])


def test_chapters_json_counts_add_up(kyodo: Runner) -> None:
    data = json.loads(kyodo("chapters", "--json").stdout)
    assert sum(c["count"] for c in data["chapters"]) == 76
    assert data["chapters"][0] == {
        "number": 1,
        "title": "協働を始める前に",
        "first": 1,
        "last": 29,
        "count": 29,
    }


# -- ask -----------------------------------------------------------------------------


def test_ask_shows_the_best_answer_in_full_then_the_others(
    kyodo: Runner, fixed_search: FixedSearch
) -> None:
    result = kyodo("ask", "補助金")
    assert result.status == 0 and result.stderr == ""
    parts = result.stdout.split("\n\n")
    assert parts[0] == "「補助金」の検索結果（全 4 件）"
    assert parts[1].startswith("1. Q26（第1章 協働を始める前に）［答え］\n問: 地域の総意として")
    assert "答:\n交付した補助金を活用して、地域全体のためになることを" in parts[1]
    assert parts[2].splitlines() == [
        "2. Q20（第1章 協働を始める前に）［関連］",
        "問: 業務委託や補助金制度は協働とは違うのですか。",
        "抜粋: …【補助金】制度の場合は、金銭面だけで考えると市民活動支援という側面が…",
    ]
    assert "抜粋: 【負担金】や【補助金】、委託契約金" in parts[3]
    assert fixed_search.calls == [{"query": "補助金", "limit": 5, "chapter": None}]


def test_ask_joins_words_and_passes_limit_and_chapter(
    kyodo: Runner, fixed_search: FixedSearch
) -> None:
    result = kyodo("ask", "補助金", "の", "申請", "-n", "2", "-c", "続け")
    assert result.status == 0
    assert fixed_search.calls == [{"query": "補助金 の 申請", "limit": 2, "chapter": 3}]
    assert re.findall(r"^\d+\. Q(\d+)", result.stdout, re.MULTILINE) == ["26", "20"]


def test_ask_full_shows_every_answer(kyodo: Runner, fixed_search: FixedSearch) -> None:
    result = kyodo("ask", "補助金", "--full", "--limit", "3")
    assert result.stdout.count("\n答:\n") == 3
    assert "抜粋:" not in result.stdout


def test_ask_without_hits_says_so_and_suggests(kyodo: Runner, fixed_search: FixedSearch) -> None:
    fixed_search.hits = []
    fixed_search.suggestions = ("補助金", "助成金")
    result = kyodo("ask", "ほじょきm")
    assert result.status == 1
    assert result.stdout == (
        "「ほじょきm」に該当する質問が見つかりませんでした。\nもしかして: 補助金、助成金\n"
    )
    assert result.stderr == ""


def test_ask_without_hits_or_suggestions(kyodo: Runner, fixed_search: FixedSearch) -> None:
    fixed_search.hits = []
    result = kyodo("ask", "zzz")
    assert (result.status, result.stdout) == (1, "「zzz」に該当する質問が見つかりませんでした。\n")


def test_ask_out_of_scope_says_which_words_the_document_lacks(kyodo: Runner) -> None:
    result = kyodo("ask", "ペットの犬の登録")
    assert result.status == 1
    assert result.stdout.startswith("「ペットの犬の登録」に該当する質問が見つかりませんでした。\n")
    assert result.stderr == "kyodo: 「ペット」「犬」「登録」は文書に出てこない語です\n"


@pytest.mark.parametrize("query", ["Q27", "q27", "Ｑ２７", "問27", "問 27 番", "27"])
def test_ask_for_a_qa_by_its_number_shows_that_qa_as_the_answer(kyodo: Runner, query: str) -> None:
    result = kyodo("ask", query, "--plain")
    assert (result.status, result.stderr) == (0, "")
    assert re.findall(r"^\d+\. Q(\d+)", result.stdout, re.MULTILINE) == ["27"]
    heading = f"「{query}」の検索結果（全 1 件）\n\n1. Q27（第1章 協働を始める前に）［答え］"
    assert heading in result.stdout
    assert "▶" not in result.stdout  # no sentence answers a number: none is marked
    data = json.loads(kyodo("ask", query, "--json").stdout)
    assert data["answered"] is True
    assert [(r["number"], r["match"]) for r in data["results"]] == [(27, "answer")]
    assert data["results"][0]["snippet"].startswith("市役所から事業の実施に必要な経費を")


def test_ask_for_a_number_the_document_lacks_says_which_numbers_it_has(kyodo: Runner) -> None:
    result = kyodo("ask", "Q99")
    assert result.status == 1
    assert result.stdout == "「Q99」に該当する質問が見つかりませんでした。\n"
    assert result.stderr == "kyodo: Q99 はこの文書にありません（Q1〜Q76）\n"
    in_other_chapter = kyodo("ask", "Q27", "--chapter", "2")
    assert in_other_chapter.status == 1
    assert "第1章にあります" in in_other_chapter.stdout


def test_a_bare_number_no_qa_has_is_searched_as_text(kyodo: Runner) -> None:
    """2012 is no Q&A's number: a year the document may name, not a Q&A asked for."""
    result = kyodo("ask", "2012", "--json")
    assert "この文書にありません" not in result.stderr
    assert all(r["number"] != 2012 for r in json.loads(result.stdout)["results"])


def test_ask_notice_goes_to_stderr(kyodo: Runner, fixed_search: FixedSearch) -> None:
    fixed_search.notices = ("「ほじょきん」を「補助金」として検索しました",)
    result = kyodo("ask", "ほじょきん")
    assert result.status == 0
    assert result.stderr == "kyodo: 「ほじょきん」を「補助金」として検索しました\n"
    assert "ほじょきん」を" not in result.stdout


@pytest.mark.parametrize("words", [[""], ["   "], ["", "　"]])
def test_ask_blank_query_is_a_usage_error(
    kyodo: Runner, fixed_search: FixedSearch, words: list[str]
) -> None:
    result = kyodo("ask", *words)
    assert result.status == 2
    one_error_line(result.stderr, "検索する言葉を指定してください")
    assert fixed_search.calls == []


@pytest.mark.parametrize(
    ("value", "fragment"), [("0", "1 以上"), ("-3", "1 以上"), ("abc", "整数")]
)
def test_ask_limit_out_of_range(
    kyodo: Runner, fixed_search: FixedSearch, value: str, fragment: str
) -> None:
    result = kyodo("ask", "補助金", "--limit", value)
    assert result.status == 2
    one_error_line(result.stderr, "--limit", fragment)
    assert fixed_search.calls == []


def test_ask_unknown_chapter(kyodo: Runner, fixed_search: FixedSearch) -> None:
    result = kyodo("ask", "補助金", "-c", "9")
    assert result.status == 2
    assert result.stderr.startswith("kyodo: エラー: 章「9」が見つかりません")


def test_ask_error_from_the_engine_is_reported(
    kyodo: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kyodo_cli.session import Session

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise UsageError("検索語が長すぎます（1000 文字まで）")

    monkeypatch.setattr(Session, "search", refuse)
    result = kyodo("ask", "あ" * 2000)
    assert result.status == 2
    one_error_line(result.stderr, "検索語が長すぎます")


def test_ask_with_the_real_engine_finds_subsidies(kyodo: Runner) -> None:
    result = kyodo("ask", "補助金", "--json")
    data = json.loads(result.stdout)
    assert result.status == 0
    assert data["results"], "補助金 should match something"
    assert any("補助金" in r["question"] + r["snippet"] for r in data["results"])


# -- validate ------------------------------------------------------------------------


def test_validate_a_valid_corpus(kyodo: Runner, small_corpus: Path) -> None:
    result = kyodo("validate", str(small_corpus))
    assert (result.status, result.stderr) == (0, "")
    assert result.stdout == f"{small_corpus}: 問題ありません（3 問、3 章）\n"


def test_validate_the_packaged_corpus(kyodo: Runner) -> None:
    path = resources.files("kyodo_cli").joinpath("data", "qa.json")
    result = kyodo("validate", str(path))
    assert result.status == 0
    assert result.stdout.endswith("問題ありません（76 問、7 章）\n")


def test_validate_lists_every_problem(kyodo: Runner, tmp_path: Path) -> None:
    data = small_corpus_data()
    data["items"][0]["question"] = ""
    data["items"][1]["chapter"] = 9
    del data["items"][2]["answer"]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = kyodo("validate", str(path))
    assert result.status == 3
    assert result.stdout.splitlines() == [
        f"{path}: 項目 1 の question: 空です",
        f"{path}: 項目 2 の chapter: 章 9 は chapters にありません",
        f"{path}: 項目 3: 「answer」がありません",
    ]
    one_error_line(result.stderr, f"{path}: 問題が 3 件あります")


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (None, "ファイルがありません"),
        (b"{not json", "JSON として読めません"),
        (b"", "空のファイル"),
    ],
)
def test_validate_an_unreadable_file(
    kyodo: Runner, tmp_path: Path, content: bytes | None, fragment: str
) -> None:
    path = tmp_path / "corpus.json"
    if content is not None:
        path.write_bytes(content)
    result = kyodo("validate", str(path))
    assert (result.status, result.stdout) == (3, "")
    one_error_line(result.stderr, fragment)


# -- --corpus and KYODO_CORPUS ---------------------------------------------------------


def test_corpus_option_replaces_the_packaged_corpus(kyodo: Runner, small_corpus: Path) -> None:
    result = kyodo("show", "3", "--corpus", str(small_corpus))
    assert result.status == 0
    assert result.stdout.startswith("Q3（第3章 最後の章）\n問: 三つ目の質問ですか。")
    assert kyodo("show", "4", "--corpus", str(small_corpus)).stderr.count("1〜3 の番号") == 1


def test_corpus_from_the_environment(
    kyodo: Runner, small_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KYODO_CORPUS", str(small_corpus))
    lines = kyodo("chapters").stdout.splitlines()
    assert len(lines) == 3
    assert re.fullmatch(r"第2章  空の章 +なし +0 問", lines[1])


def test_invalid_corpus_exits_3(kyodo: Runner, tmp_path: Path) -> None:
    data = small_corpus_data()
    data["items"][0]["question"] = ""
    data["items"][1]["question"] = ""
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    for command in (["show", "1"], ["list"], ["chapters"], ["ask", "x"]):
        result = kyodo(*command, "--corpus", str(path))
        assert result.status == 3
        one_error_line(result.stderr, "項目 1 の question: 空です", "ほか 1 件")


def test_chapter_without_questions(kyodo: Runner, small_corpus: Path) -> None:
    result = kyodo("list", "-c", "2", "--corpus", str(small_corpus))
    assert result.stdout == "第2章 空の章（なし、0 問）\n  （質問はありません）\n"
    data = json.loads(kyodo("chapters", "--json", "--corpus", str(small_corpus)).stdout)
    empty = {"number": 2, "title": "空の章", "first": None, "last": None, "count": 0}
    assert data["chapters"][1] == empty


def test_markup_looking_text_prints_exactly_in_plain_output(
    kyodo: Runner, small_corpus: Path
) -> None:
    result = kyodo("show", "1", "2", "--corpus", str(small_corpus))
    assert f"問: {MARKUP_QUESTION}\n" in result.stdout
    assert "回答 [/] と [italic]斜体[/italic]。" in result.stdout
    assert "1. [b]手順[/b]" in result.stdout
    assert "第1章 [bold]太字[/bold]の章" in kyodo("list", "--corpus", str(small_corpus)).stdout


# -- command-line usage errors ---------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["list", "--bogus"], ["「--bogus」というオプションはありません", "kyodo list --help"]),
        (["chapters", "-x"], ["「-x」というオプションはありません"]),
        (["ask"], ["言葉を指定してください"]),
        (["validate"], ["ファイルを指定してください"]),
        (["ask", "x", "--limit"], ["オプション --limit には値が必要です"]),
        (["ask", "x", "--limit", "1.5"], ["オプション --limit/-n の値が正しくありません"]),
        (["list", "--plain=yes"], ["オプション --plain は値をとりません"]),
        (["nope"], ["「nope」というコマンドはありません"]),
        (["chapters", "extra", "more"], ["余分な引数があります: extra more"]),
        (["--corpus", "x.json"], ["「--corpus」というオプションはありません"]),
        (["--verbose"], ["コマンドを指定してください"]),
    ],
)
def test_usage_errors_are_one_japanese_line(
    kyodo: Runner, args: list[str], fragments: list[str]
) -> None:
    result = kyodo(*args)
    assert result.status == 2
    assert result.stdout == ""
    one_error_line(result.stderr, *fragments)


@pytest.mark.parametrize(("flags", "logged"), [(["--verbose"], True), (["-v"], True), ([], False)])
def test_verbose_shows_progress_on_stderr(
    kyodo: Runner, monkeypatch: pytest.MonkeyPatch, flags: list[str], logged: bool
) -> None:
    import logging

    from kyodo_cli.corpus import records as corpus
    from kyodo_cli.session import Session

    def logging_corpus(self: Session, path: Any) -> Any:
        logging.getLogger("kyodo").info("索引を作りました: テスト")
        return corpus.packaged_corpus()

    monkeypatch.setattr(Session, "corpus", logging_corpus)
    result = kyodo(*flags, "chapters")
    assert result.status == 0
    assert ("kyodo: 索引を作りました: テスト\n" in result.stderr) is logged


def test_ask_heading_says_what_it_counts(kyodo: Runner, fixed_search: FixedSearch) -> None:
    assert kyodo("ask", "補助金", "-n", "2").stdout.startswith(
        "「補助金」の検索結果（上位 2 件、全 4 件中）"
    )
    assert kyodo("ask", "補助金", "-n", "9").stdout.startswith("「補助金」の検索結果（全 4 件）")


def test_ask_ends_with_the_next_step(kyodo: Runner, fixed_search: FixedSearch) -> None:
    last = kyodo("ask", "補助金").stdout.rstrip("\n").splitlines()[-1]
    assert last == "全文を読む: kyodo show 20　入力しながら探す: kyodo browse"
    full = kyodo("ask", "補助金", "--full").stdout.rstrip("\n").splitlines()[-1]
    assert full == "入力しながら探す: kyodo browse"
    fixed_search.answered = False
    unanswered = kyodo("ask", "補助金").stdout.rstrip("\n").splitlines()[-1]
    assert unanswered.startswith("全文を読む: kyodo show 26")
    fixed_search.answered = True
    rich = kyodo("ask", "補助金", terminal=True).stdout
    assert "全文を読む: kyodo show 20" in rich


def test_ask_in_a_chapter_without_matches_says_where_they_are(kyodo: Runner) -> None:
    result = kyodo("ask", "補助金", "-c", "3")
    assert result.status == 1
    assert result.stdout.splitlines() == [
        "「補助金」に該当する質問は第3章にはありません。",
        "第1章・第2章・第7章にあります（--chapter を外すと、すべての章から探します）。",
    ]
    assert "もしかして" not in result.stdout


def test_an_answer_with_lost_text_says_what_the_mark_means(kyodo: Runner) -> None:
    note = "※ 〓 は、元の PDF から文字を取り出せず、補えなかった箇所です。"
    assert note in kyodo("show", "75").stdout
    assert note in kyodo("show", "75", terminal=True, width=100).stdout
    assert note not in kyodo("show", "74").stdout
    assert note in kyodo("ask", "残業代", "-n", "1").stdout


def test_a_limit_beyond_what_there_is_means_all(kyodo: Runner) -> None:
    everything = kyodo("ask", "補助金", "-n", "100")
    assert everything.status == 0 and everything.stderr == ""
    assert everything.stdout == kyodo("ask", "補助金", "-n", "76").stdout
