"""Numbers asked with 何 and a counter word (何部, 何枚, 何ページ): read with the real
Sudachi dictionary, and answered only by an answer that gives such a number."""

from __future__ import annotations

import pytest
from support import Runner, built_engine, qa_corpus_data, value_lacking_notice

from kyodo_cli.corpus.records import corpus_from_dict, packaged_corpus
from kyodo_cli.search.counters import Counted, counters_in, gives_number_of
from kyodo_cli.search.engine import engine
from kyodo_cli.text.sudachi import Analyzer

search_engine = engine(packaged_corpus())


@pytest.mark.parametrize(
    ("query", "units"),
    [
        ("協働事業の提案書は何部提出すればいいですか", ("部",)),  # 何部, then 提出
        ("事業報告書は何ページくらいにまとめればいいですか", ("ページ",)),
        ("協定書って何枚くらいになるの？", ("枚",)),  # one word: 何枚 (ナンマイ)
        ("研修は年に何コマ受ければいいですか", ("コマ",)),
        ("花壇は何センチの高さにすればいい", ("センチ",)),
        ("相談に行くとき、資料は何冊持っていけばいい？", ("冊",)),  # 冊: a suffix after 何
        # typed in kana, spaced or not: the dictionary reads なん as 何 with a counter
        ("きょうていしょって なんまいくらいに なるの？", ("枚",)),
        ("しんせいしょには なん ぎょうくらい かけば いい", ("行",)),
        ("ごみぶくろはなんふくろまでかいしゅうしてくれる？", ("袋",)),
        # no number asked: many times, some, however many, a counter heading a longer word
        ("何度も言われますが、協働の視点とは何ですか", ()),
        ("資料が何枚かあります。どこに出せばいい？", ()),
        ("申請書を何枚書いても通らない。どうすればいい？", ()),
        ("協働の相談は何部署に行けばいいですか", ()),
        ("なんだんたいも てを あげた ときの えらびかた", ()),  # 段 heads 段隊, and many
        ("なんでも そうだん できる まどぐちは", ()),  # なん asks what
        ("なんか いい ほうほうは ある？", ()),
        # a counter the dictionary leaves in hiragana may be written otherwise (部, コマ)
        ("ていあんしょは なん ぶ ていしゅつ すれば いい", ()),
        # counted already by the frames of the lexicon: a count, a duration, a date
        ("協働事業の公募には毎年何団体が応募しますか", ()),
        ("町内会長の任期は何年", ()),
        ("説明会は何日ですか", ()),
        # named in the situation, not asked
        ("資料は何部ほど刷った。協働の相談窓口はどこ？", ()),
    ],
)
def test_a_number_asked_with_a_counter_word_is_read_as_its_unit(
    query: str, units: tuple[str, ...]
) -> None:
    assert search_engine.analyse(query).units == units


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("何部提出すれば", ("部", 1)),  # 何 read as a numeral, then the counter
        ("何冊持って", ("冊", 1)),  # a suffix, not a 助数詞, yet the word counted
        ("何まいまで", ("枚", 2)),  # typed in hiragana: as the dictionary writes it
        ("何枚くらい", ("枚", 1)),  # one word read ナンマイ
        ("何か", None),  # 何 as a pronoun: what
        ("何者なのか", None),  # read ナニモノ
        ("何十人も", None),  # a numeral of its own
        ("何部署に", None),  # 部 heads 部署
        ("何", None),
    ],
)
def test_the_dictionary_reads_a_counter_after_何(text: str, read: tuple[str, int] | None) -> None:
    assert Analyzer().counter(text) == read


def test_each_counter_is_read_where_its_何_is_typed() -> None:
    """Each 何 is read with the text after it, and a unit asked twice is counted where each
    is asked (a stand-in for the dictionary: 何 then a counter of one character)."""
    read = {"何部": ("部", 1), "何枚": ("枚", 1), "何か": None}

    def counter(text: str) -> tuple[str, int] | None:
        return read.get(text[:2])

    text = "提案書は何部、写真は何枚か、資料は なん 部"
    assert counters_in(text, counter) == [Counted(4, 5, "部"), Counted(18, 21, "部")]


def test_a_counter_word_asked_is_no_topic_of_the_query() -> None:
    """何ページ asks how many pages: ページ is not what the question is about."""
    terms = {c.alternatives[0].term for c in search_engine.analyse("報告書は何ページ").concepts}
    assert "ページ" not in terms and "報告" in "".join(terms)


@pytest.mark.parametrize(
    ("units", "text", "given"),
    [
        (("部",), "提案書は3部提出してください。", True),
        (("部",), "提案書は三部提出してください。", True),
        (("部",), "特定一部の市民の意見", False),  # 一部 is "a part", not a number of copies
        (("部",), "提案書を提出してください。", False),
        (("ページ",), "報告書は20ページ以内です。", True),
        (("センチ",), "高さは30cmまでです。", True),  # a borrowed unit by its symbol
        (("センチ",), "高さに決まりはありません。", False),
        (("通り",), "方法は2通あります。", True),  # as written without its kana
        (("枚",), "写真は5人分です。", False),  # a number of another unit
    ],
)
def test_an_answer_gives_a_number_of_the_unit_asked(
    units: tuple[str, ...], text: str, given: bool
) -> None:
    assert gives_number_of(units, text) is given


def test_ask_says_when_the_nearest_answer_gives_no_number_of_the_unit(kyodo: Runner) -> None:
    """The document counts no copies, pages or sheets: asked how many, it says it has no
    answer, and why."""
    result = kyodo("ask", "協定書って何枚くらいになるの？")
    assert result.status == 1
    assert result.stderr == value_lacking_notice(result.stdout, "数（何枚）")


def test_ask_reads_a_counter_typed_in_kana_as_typed_in_kanji(kyodo: Runner) -> None:
    """なん ぎょう asks what 何行 asks: the notice names the number, not ぎょう as a word the
    document lacks."""
    result = kyodo("ask", "しんせいしょには なん ぎょうくらい かけば いい")
    assert result.status == 1
    assert result.stderr == value_lacking_notice(result.stdout, "数（何行）")


def test_an_answer_that_gives_the_number_asked_answers() -> None:
    """An answer that gives a number of the unit asked answers; one on the same thing
    that gives none does not, however well its words match."""
    query = "引っ越しのごみは袋で何袋まで出せますか"
    question = "引っ越しのごみはどう出せばいいですか"
    for answer, answers in [
        ("1回につき3袋まで、袋に入れて集積所に出せます。", True),
        ("袋に入れて、収集日の朝に集積所に出せます。", False),
    ]:
        found = built_engine(corpus_from_dict(qa_corpus_data("ごみ", (question, answer))))
        assert found.search(query).answered is answers, answer
