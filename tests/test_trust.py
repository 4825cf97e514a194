"""Answers people can trust: the answer judgement, the asked part of a query, question
frames and the answering sentence (real Sudachi dictionary, packaged corpus)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from support import Runner, built_engine, qa_corpus_data, value_lacking_notice

from kyodo_cli.corpus.records import corpus_from_dict, packaged_corpus
from kyodo_cli.present.views import line_marks
from kyodo_cli.search.concepts import Alternative, Concept, asked_concepts
from kyodo_cli.search.confidence import ANSWER, NEAR, RELATED, Evidence, Model, probability
from kyodo_cli.search.engine import MAX_UNKNOWN, SearchEngine, engine
from kyodo_cli.search.findings import CUE, DEFINED_CONTEXT, Findings
from kyodo_cli.search.frames import (
    SITUATION_SHARE,
    answered_frames,
    asked_frames,
    asked_questions,
    cue_spans,
    frames_of,
    gives_value,
    kin,
    lexicon,
)
from kyodo_cli.search.framing import KIN_FIT
from kyodo_cli.search.index import Index
from kyodo_cli.search.kana_cover import typed_for
from kyodo_cli.search.kana_runs import KanaRun, cues_inside
from kyodo_cli.search.results import Ranking
from kyodo_cli.search.wording import SITUATION, QueryWords, asking_part
from kyodo_cli.text.normalize import fold_chars
from kyodo_cli.text.sudachi import Analyzer
from kyodo_cli.text.tokens import Token, Words

EVAL = Path(__file__).resolve().parent / "eval"
corpus = packaged_corpus()
search_engine = engine(corpus)


def queries(name: str, split: str) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in (EVAL / name).read_text(encoding="utf-8").splitlines()]
    return [row for row in rows if row["split"] == split]


# -- the asked part ------------------------------------------------------------------------


def test_a_query_of_one_sentence_asks_with_all_of_it() -> None:
    text = "補助金と負担金の違いは何ですか"
    assert asking_part(text) == (0, len(text))


def test_the_last_sentence_with_a_question_cue_is_the_ask() -> None:
    text = "町内会の役員です。人手が足りません。まずどこに相談すればいい？"
    start, end = asking_part(text)
    assert text[start:end] == "まずどこに相談すればいい？"


def test_without_a_question_cue_the_last_sentence_asks() -> None:
    text = "町内会で清掃活動をしている。市と一緒にやりたい。"
    start, end = asking_part(text)
    assert text[start:end] == "市と一緒にやりたい。"


def test_words_typed_in_romaji_are_read_for_how_the_query_asks() -> None:
    text = "協働 no meritto?"
    romaji = {"no": "の", "meritto": "めりっと"}
    words = QueryWords(text, (0, len(text)), lambda word: romaji.get(word, word))
    assert words.as_read((0, len(text))) == "協働 の めりっと?"
    assert words.as_read((3, len(text))) == "の めりっと?"
    assert words.in_cue(text.index("meritto"))
    assert not words.in_cue(text.index("no"))


def test_the_situation_weighs_less_than_the_ask() -> None:
    analysed = search_engine.analyse("町内会で防犯パトロールを始めたい。監査は誰がするのか？")
    focus = {concept.alternatives[0].term: concept.focus for concept in analysed.concepts}
    assert focus["監査"] == 1.0
    assert focus["町内会"] == SITUATION


@pytest.mark.parametrize(
    ("query", "defined", "context"),
    [
        # the word before とは is the thing asked of; the clause before it says which one
        (
            "旭川市が進める「協働」とは、どのような取り組みを指すのでしょうか",
            ["協働"],
            ["旭川市", "取り組み"],
        ),
        ("市が地域と進める協働ってどういうこと？", ["協働"], ["地域", "進める"]),
        # every word of a compound before the mark, every word inside the brackets
        ("市が進める事業協力とは何ですか", ["事業", "協力"], ["進める"]),
        ("協働における「対等な関係」とはどういう意味ですか", ["対等", "関係"], ["協働"]),
        ("市が探す協働のパートナーとは何ですか", ["パートナー"], ["探す"]),  # ends in ー
    ],
)
def test_a_definition_question_asks_of_the_thing_it_defines(
    query: str, defined: list[str], context: list[str]
) -> None:
    focus = {c.alternatives[0].term: c.focus for c in search_engine.analyse(query).concepts}
    assert all(focus[word] == 1.0 for word in defined)
    assert all(focus[word] == DEFINED_CONTEXT for word in context)


def test_only_a_definition_question_narrows_to_a_thing() -> None:
    focus = {
        c.alternatives[0].term: c.focus
        for c in search_engine.analyse("旭川市が進める協働の予算").concepts
    }
    assert focus["旭川市"] == focus["協働"] == 1.0


def test_to_wa_inside_a_run_of_hiragana_marks_nothing_defined() -> None:
    found = Findings()
    found.add("さんせい", [Concept("さんせい", (Alternative("賛成", 0.9, "kana"),))])
    found.add("協働", [Concept("協働", (Alternative("協働", 1.0, "word"),))])
    found.define("さんせいとはんたい 協働")
    assert [c.focus for c in found.concepts] == [1.0, 1.0]


def test_a_question_of_what_a_thing_is_reaches_its_definition() -> None:
    # the clause before the thing (旭川市が進める) names what a Q&A on the city's future has
    assert search_engine.search("旭川市が進める協働とは何ですか").hits[0].number == 1


# -- frames --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "frame"),
    [
        ("協働って要するに何？", "definition"),
        ("きょうどう って なに", "definition"),
        ("市と組むと何がいいの", "benefit"),
        ("市が単独で行うより優れているのはどのような点ですか", "benefit"),
        ("協働の長所", "benefit"),
        ("このサイトを使うと何が便利なの", "benefit"),
        ("ﾒﾘｯﾄは？", "benefit"),
        ("市と組めばどんなことまでやれるのか", "benefit"),
        ("協働で何がやれるの", "benefit"),
        ("研修を続ける意味はあるのか", "benefit"),  # worth doing: what good it does
        ("こんな会議、意味ない", "benefit"),
        ("町内会同士で組むのは何て呼ぶの", "definition"),
        ("この関わり方はなんというの", "definition"),
        ("後援名義も協働の一つですか", "scope"),
        ("要するに市の下請けってこと？", "definition"),
        ("自主事業と協働事業の線引き", "difference"),
        ("なぜ協働をするのか", "reason"),
        ("公募で選ぶのは何のためですか", "reason"),
        ("なんのために けんしゅうを するの", "reason"),
        ("協働ってどんなもの？", "definition"),
        ("ここでいう協働は何を指しますか", "definition"),
        ("協働すると何が助かるの", "benefit"),
        ("なにが うれしいの", "benefit"),
        ("どこに相談すればいい", "consult"),
        ("パートナーの選び方", "choose"),
        ("締め切りはいつ", "when"),
        ("講演会の共催は協働と言えるか", "scope"),
        ("委託契約も協働に含まれますか", "scope"),
        ("きょうどうに はいるの", "scope"),
        ("何人集まった", "count"),
        ("研修は年に何回ありますか", "count"),
        ("けんしゅうは なんかい ありますか", "count"),
        ("手当はいつまでにもらえる", "date"),
        ("協働事業は全部でいくつある", "count"),
        ("担当の職員はどなたですか", "consult"),
        ("会議室の利用料金", "amount"),
        ("説明会の開催日時", "date"),
        ("講座の定員", "count"),
        ("町内会長の任期は何年", "duration"),
        ("ちょうないかいちょうの にんきは なんねん", "duration"),
        ("書類は何ヶ月保存するの", "duration"),
        ("研修は何時間かかる", "duration"),
        ("どのくらいの期間続けるのか", "duration"),
        ("しみんかつどうせんたー かいかんじかん", "contact"),
        ("そうだんまどぐちは なんがいですか", "contact"),  # on which floor
        ("補助金の申請締切", "date"),  # 締め?切: 締切 as well as 締め切り
        ("協働しなければならないのはなぜか？", "reason"),  # なぜか asked is still why
        ("きょうどうって なんが いいの", "benefit"),  # 何が as the dictionary reads it
        ("協働と委託は違うの", "difference"),
        ("やり方が異なる。なぜ", "difference"),
        ("地域で組むことのいいところ", "benefit"),
        ("この制度のよい面は", "benefit"),
        ("研修は何につながるの", "benefit"),
        ("公募の良さは？", "benefit"),
        ("市民団体の強みって", "benefit"),
        ("続ける価値はあるか", "benefit"),
        ("組むと何が変わるの", "benefit"),
        # how things get better is what good it does: the effect, not the steps
        ("協働でサービスの質はどのように向上しますか", "benefit"),
        ("地域の暮らしはどう良くなるの", "benefit"),
        ("市民の意識はどう変わる？", "benefit"),
        ("市の見返りは", "benefit"),
        ("団体にとってプラスになる？", "benefit"),
        ("町内会が助かることはある？", "benefit"),
        ("事業協力を一言で言うと", "definition"),
        ("かんたんに いうと なに", "definition"),
        ("協定ってつまりなに", "definition"),
        ("負担金ってどんなの", "definition"),
        ("この研修のねらい", "reason"),
        ("負担金って結局何なの", "definition"),
        ("会場代は誰が払うの", "cost"),  # who pays: a cost as well as a who
        ("保険料はどちらが負担する？", "cost"),
        ("お金の出どころは", "cost"),
        ("協働の落とし穴", "caution"),
        ("失敗しないためのコツ", "caution"),
        ("パートナーの探し方", "choose"),
        ("相手はどうやって探すの", "choose"),
        ("三つの団体から、どう決めればいい？", "choose"),  # 決めれば, as 決める
        ("どこに頼むか、誰が決めたらいいの", "choose"),
        ("どのくらい前に相談すればいい", "when"),
        ("どのような よい ことが ありますか", "benefit"),  # よい in kana, and typed apart
        ("なにが よいの", "benefit"),
        ("詰まるところ、事業協力とは", "definition"),
        ("協定は、どのような取り決めを指すのですか", "definition"),
        ("研修は協働にどう役立つ？", "benefit"),  # 役立つ, as 役に立つ
        ("けんしゅうって やくだつの", "benefit"),
        ("講演会に名前を貸すのも協働っていうの？", "scope"),
        ("これも協働と言うんですか", "scope"),
        # whether one thing is another's kind: A は B とは違うのか (is a grant not 協働?)
        ("業務委託や補助金制度は協働とは違うのですか", "scope"),
        ("ボランティアは きょうどうとは ちがうの", "scope"),
        # a value asked in kana as in kanji (何割, 何%, 何曜, 何万), typed apart or not
        ("ぜんたいの なん わりまで もらえますか", "count"),
        ("こうれいかりつは なん％？", "count"),
        ("さんかしゃは なんめい", "count"),
        ("せつめいかいは なんようび", "date"),
        ("ほじょきんは なんまんえん", "amount"),
    ],
)
def test_frames_read_the_way_a_question_asks(text: str, frame: str) -> None:
    assert frame in frames_of(text)


@pytest.mark.parametrize(
    ("text", "frame"),
    [
        ("資料はどこで手に入る", "scope"),  # to obtain, not to belong
        ("何人も集まった", "count"),  # many, not how many
        ("何人モ集まった", "count"),  # what a lookaround excludes, in either script
        ("何回も相談した", "count"),
        ("なんかいいことある？", "count"),  # something good (なんか + いい), not how many times
        ("きょうどうって なんが いいの", "contact"),  # what good it does (なんが + いい), no floor
        ("市はどこまで手を貸してくれるのか", "consult"),  # how far, not where
        ("どこまでが協働？", "caution"),  # こま of どこまで is no trouble (困る)
        ("かつどうしている だんたい", "reason"),  # かつどう + して, no why (どうして)
        ("しどうしてもらう", "reason"),  # 指導して
        ("たいみんぐは いつ", "definition"),  # いみ of タイミング is no meaning (意味)
        ("つかいみちは", "definition"),  # 使い道
        ("高い成果を目指すには", "definition"),  # を目指す is no を指す
        ("町ごとに事情が違うのに一律なのはなぜ", "difference"),  # although they differ: asks why
        ("様式が異なるので手間がかかる", "difference"),
        ("なぜか話し合いがうまくいかない", "reason"),  # somehow: なぜ + か, no question
        ("いつか市と組んでみたい", "when"),  # some day
        ("誰かに手伝ってほしい", "consult"),  # someone
        ("ようしきを とういつ したい", "when"),  # いつ of 統一 is no when
        ("やり方なんか言われた", "count"),
        ("いつまでも制度に頼って続けるのか", "date"),  # for ever, not until when
        ("いくつかの団体と組んでいい？", "count"),  # some, not how many
        ("少人数でじっくり話し合うやり方", "count"),  # a small group, not how many people
        ("何年も続けてきた活動", "duration"),  # for years, not how many
        ("何年度の事業ですか", "duration"),  # which fiscal year: a date
        ("市民が納得する説明", "benefit"),  # 得 of 納得 is no gain
        ("効果的な進め方はありますか", "benefit"),  # effective: a manner, not the benefits
        ("便利な窓口はどこ", "benefit"),  # a handy window, not what good something does
        ("こうかてきな すすめかた", "benefit"),
        ("協働と共同ってなにが違う", "definition"),  # what differs, not what it is
        ("どういう意味なんでしょうか", "reason"),  # is it …? (なん + でしょう), not why
        ("研修を続ける意味はあるのか", "definition"),  # worth, not meaning
        ("いみ ない よね", "definition"),
        ("どんなことができますか", "definition"),  # what one can do: a benefit
        ("どんなことに気をつければいい", "definition"),  # what to watch: a caution
        ("性格の違う団体がいくつも関わる", "difference"),  # groups unlike each other
        ("考え方が異なる団体とどう組む", "difference"),
        ("相談にいいところはある？", "benefit"),  # a good place to go, not what good it does
        ("よいところで切り上げる", "benefit"),
        ("よさそうな団体", "benefit"),
        ("ざっくり流れを知りたい", "definition"),  # roughly, not what it is
        ("どんなのがある", "definition"),  # which kinds there are
        ("協働っていうのは、市と団体が組むことです", "scope"),  # names it, asks nothing
        ("何なのかよくわからない説明", "definition"),  # not a question that ends there
        ("つよいことを言われた", "benefit"),  # 強い, not 良い
        ("協働のデメリットは", "benefit"),  # the drawbacks, not the merits (メリット)
        ("お金の出どころは", "consult"),  # どこ of 出どころ is no where
        ("去年とは違う会場で開くそうだ", "scope"),  # differs from, not whether it is one
    ],
)
def test_frames_do_not_read_what_only_looks_like_their_words(text: str, frame: str) -> None:
    assert frame not in frames_of(text)


@pytest.mark.parametrize(
    ("question", "answer", "given"),
    [
        ("研修は年に何回ありますか", "研修は年に2回開いています。", True),
        ("研修は年に何回ありますか", "研修は必要に応じて開いています。", False),
        ("会議室の利用料金は", "1時間500円です。", True),
        ("会議室の利用料金は", "利用の手続きは窓口で受け付けます。", False),
        ("役員の任期は何年ですか", "役員の任期は2年とし、再任を妨げません。", True),
        ("役員の任期は何年ですか", "役員は総会で選びます。", False),
        ("今年度の採択団体の一覧", "令和6年度は次の団体を採択しました。", True),
        ("今年度の採択団体の一覧", "採択は審査会で決めます。", False),
    ],
)
def test_a_question_that_asks_for_a_value_is_answered_only_by_one(
    question: str, answer: str, given: bool
) -> None:
    assert gives_value(asked_frames(question), answer) is given


def test_a_question_on_a_years_own_things_asks_for_the_year() -> None:
    years = ("今年度の協働事業の一覧", "令和6年度の協働事業", "2025年度の採択結果")
    years += ("ことしの せみなー",)
    for text in years:
        assert "year" in asked_frames(text)
    # A time of year, a budget or 中 after it says when or what, not which year's things.
    times = ("来年の春から始めたい", "今年度の予算はもう組めない", "今年度中に始めたい")
    times += ("来年の3月",)
    for text in times:
        assert "year" not in asked_frames(text)
    # A static document that never names the year asked about does not answer.
    assert not search_engine.search("今年度の協働事業の一覧を見たい", limit=5).answered
    assert search_engine.search("今年度中に協働事業を始めるには", limit=5).answered


def test_a_statement_asks_in_no_frame() -> None:
    assert frames_of("町内会と市役所") == frozenset()


def test_words_that_say_how_one_asks_outweigh_the_frames_of_topic_words() -> None:
    assert "cost" in frames_of("予算と委託は何が違う")
    assert asked_frames("予算と委託は何が違う") == {"difference"}
    # a frame asking for a value stays: the answer must hold one
    assert asked_frames("担当窓口の電話番号はどこ") >= {"consult", "contact"}
    # who pays asks who, and of a cost
    assert asked_frames("会場代は誰が払うの") == {"consult", "cost"}


def test_what_the_benefits_or_reasons_are_is_not_a_definition() -> None:
    assert "definition" in frames_of("協働の利点は何ですか")
    assert asked_frames("協働の利点は何ですか") == {"benefit"}
    assert asked_frames("地域に任せたほうがいい理由とは") == {"reason"}
    assert asked_frames("公募を行う目的は何ですか") == {"reason"}
    assert asked_frames("この事業のねらいとは") == {"reason"}
    assert "reason" not in asked_frames("補助金の目的外使用とは何ですか")
    # the point of doing something is the good it does, not what a word means
    assert asked_frames("防災訓練を町内会でやる意義は何ですか") == {"benefit"}
    assert asked_frames("きょうどうの ていぎは なんですか") == {"definition"}
    # how it gets better asks the good it does; how to make it better asks the steps
    assert asked_frames("協働で行政サービスの質はどのように向上しますか") == {"benefit"}
    assert "benefit" not in asked_frames("サービスの質をどのように向上させればいいですか")
    assert "benefit" not in asked_frames("どのように向上を図ればいいですか")
    # what a term means, and how it differs from another, ask nearly the same
    assert asked_frames("協働とは何か、共同との違いは") == {"definition", "difference"}


@pytest.mark.parametrize(
    ("text", "frame"),
    [
        ("いくら探しても一緒にやってくれる団体が見つからない", "amount"),  # however much
        ("何回話し合っても平行線のまま", "count"),  # however often
        ("どこを探しても組める相手がいない", "consult"),  # wherever
        ("証人は誰でもいいのか教えて", "consult"),  # anyone: whether it is allowed
    ],
)
def test_a_question_word_said_concessively_asks_nothing(text: str, frame: str) -> None:
    assert frame in frames_of(text)
    assert frame not in asked_frames(text)


@pytest.mark.parametrize(
    ("text", "frame"),
    [
        ("補助金は年にいくらもらえますか", "amount"),  # もらえ: not a concessive も
        ("いくらかかるか、どこに聞いてもわからない", "amount"),  # the first clause asks
        ("いつまでも続けていいのか、いつまでに決めればいい", "date"),
    ],
)
def test_a_question_word_before_another_clause_still_asks(text: str, frame: str) -> None:
    assert frame in asked_frames(text)


@pytest.mark.parametrize(
    ("text", "definition"),
    [
        ("手伝って何をすればいい", False),  # the て of a verb: what to do
        ("困って何もできない", False),
        ("前もって何を決めておけばいい", False),  # って ends the word
        ("協働って何", True),
        ("「協働」って何ですか", True),
        ("きょうどうって なに", True),
        ("じゅうみんじち って なに", True),  # cut ちっ + て, but not a verb
        ("地縁組識ってなに", True),  # 識っ, a verb to the dictionary, ends a slip of 組織
    ],
)
def test_tte_before_what_asks_what_a_thing_is_only_after_the_thing(
    text: str, definition: bool
) -> None:
    assert "definition" in frames_of(text)
    assert ("definition" in search_engine.analyse(text).frames) is definition


@pytest.mark.parametrize(
    ("text", "asks_value"),
    [
        ("会議室の使用料はどう予算に計上すればいい", False),  # about the fee, asks how
        ("参加者の人数が減った理由はなぜか", False),
        ("講座の定員はどのように決めるの", False),
        ("会議室の使用料はいくら", True),  # a question word asks the value
        ("会議室の使用料", True),
        ("担当課の電話番号をどうしても知りたい。番号はいくつ", True),
        ("しみんかつどうせんたー かいかんじかん", True),  # the どう of かつどう asks nothing
        ("会議室の使用料も経費に入る？", False),  # about the fee, asks whether it counts
        ("使用料と手数料の違いは", False),
        ("会議室の使用料は経費に入る？いくら？", True),
    ],
)
def test_a_value_named_as_the_topic_of_a_how_or_why_question_is_not_asked(
    text: str, asks_value: bool
) -> None:
    values = {"amount", "count", "contact", "date", "duration"}
    assert bool(asked_frames(text) & values) is asks_value


def test_a_slip_for_a_word_of_value_asks_as_the_word_typed_right_would() -> None:
    """試用料, a slip for 使用料: in a question whether it counts, no amount is asked."""
    typed = search_engine.analyse("会場の試用料は協働の経費に入る？")
    assert typed.frames == search_engine.analyse("会場の使用料は協働の経費に入る？").frames
    assert typed.frames == {"scope"}
    assert "amount" in search_engine.analyse("会場の試用料はいくら").frames


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("申請はいつまで？", True),
        ("申請 いつまで", True),
        ("受付はいつまでですか", True),
        ("負担金はいつまでに払えばいい", True),  # by when: a deadline
        ("市はいつまで団体に関わるの", False),  # until when it goes on: maybe a condition
        ("補助はいつまでもらえる", False),
        ("いつまでもらえる", False),  # いつまで + もらえる, not いつまでも
    ],
)
def test_until_when_asks_a_date_when_it_asks_a_deadline(text: str, date: bool) -> None:
    assert "when" in asked_frames(text) or "date" in asked_frames(text)
    assert ("date" in asked_frames(text)) is date


def test_a_cue_typed_in_kana_is_read_only_as_the_cue_it_is() -> None:
    """いいこと says how one asks (the benefits); read by its sound it would be 意向."""
    terms = {
        alt.term
        for concept in search_engine.analyse(
            "きょうどう する と どんな いいこと が ある の"
        ).concepts
        for alt in concept.alternatives
    }
    assert "協働" in terms
    assert not terms & {"意向", "移行"}
    # a cue that reads as itself keeps its little weight as a word
    reason = search_engine.analyse("きょうどうの りゆう").concepts
    assert [c.alternatives[0].term for c in reason] == ["協働", "理由"]


def test_a_query_typed_in_romaji_asks_as_it_reads() -> None:
    assert search_engine.analyse("naze kyoudou suru no").frames == {"reason"}
    analysed = search_engine.analyse("kyodo no meritto")
    assert analysed.frames == {"benefit"}
    # meritto says how it asks, as メリット does: it weighs as a cue, not as the topic
    focus = {concept.alternatives[0].term: concept.focus for concept in analysed.concepts}
    assert focus["メリット"] == search_engine.analyse("協働のメリット").concepts[1].focus < 1.0


@pytest.mark.parametrize(
    ("text", "cue"),
    [("研修はどう役立つの", "役立"), ("何の役に立つの", "役に立"), ("やくだつの？", "やくだつ")],
)
def test_what_it_is_good_for_says_how_a_benefit_is_asked(text: str, cue: str) -> None:
    """役立つ and 役に立つ ask what good a thing does, as 意義 and メリット do: no topic."""
    assert cue in [text[start:end] for start, end in cue_spans(text)]
    assert asked_frames(text) == {"benefit"}


def test_cues_are_read_through_the_spaces_between_words() -> None:
    text = "きょうどうに はいるの"
    assert [text[start:end] for start, end in cue_spans(text)] == ["に はいる"]


def test_a_cue_typed_in_kana_weighs_as_a_cue() -> None:
    analysed = search_engine.analyse("いたくは きょうどうに はいるの")
    focus = {concept.alternatives[0].term: concept.focus for concept in analysed.concepts}
    assert focus["入る"] == CUE and focus["委託"] == 1.0


def test_a_cue_inside_a_word_typed_in_kana_weighs_as_a_cue() -> None:
    """Typed with no spaces, the cue stands inside the one word typed: ちがう weighs as 違う
    typed apart does, and the words of the topic keep their weight."""
    analysed = search_engine.analyse("いたくときょうどうってなにがちがうの")
    focus = {concept.alternatives[0].term: concept.focus for concept in analysed.concepts}
    assert focus["違う"] == CUE and focus["委託"] == focus["協働"] == 1.0
    # 意味 in 市と組む意味ってあるの asks what good it does, not what 協働 means
    assert search_engine.search("しとくむいみってあるの", limit=3).hits[0].number == 3


def test_a_concept_stands_where_its_reading_is_typed_after_the_one_before() -> None:
    word = "きょうどうとまるなげってなにがちがうの"
    run = KanaRun(word, word, 1.0, False, (), 0)
    concepts = [
        Concept(term, (Alternative(term, 1.0, "kana"),)) for term in ("協働", "丸投げ", "違う")
    ]
    readings = {"協働": "キョウドウ", "丸投げ": "マルナゲ", "違う": "チガウ"}
    cue = (word.index("ちがう"), len(word) - 1)
    factors = cues_inside(run, concepts, lambda at: cue[0] <= at < cue[1], readings.__getitem__)
    assert factors == [1.0, 1.0, CUE]
    # a word that begins in a cue weighs CUE whole already; no concept weighs it twice
    assert (
        cues_inside(run._replace(cue=True), concepts, lambda at: True, readings.__getitem__)
        == [1.0] * 3
    )
    # a reading not typed (a word read loosely) places nothing, and the rest still stand
    readings["丸投げ"] = "マルナゲル"
    assert cues_inside(run, concepts, lambda at: cue[0] <= at < cue[1], readings.__getitem__) == [
        1.0,
        1.0,
        CUE,
    ]


def test_a_misspelt_word_that_reads_as_a_cue_asks_in_its_frame() -> None:
    assert "benefit" in search_engine.analyse("研修の異議は？").frames  # 異議 for 意義


# -- what the corpus knows of a query ---------------------------------------------------------


def test_particles_typed_in_kana_are_no_unknown_words() -> None:
    analysed = search_engine.analyse("きょうてい だけでも できるの")
    assert analysed.strangers == () and analysed.unknown == 0.0


def test_light_verbs_and_formal_nouns_typed_in_kana_are_no_unknown_words() -> None:
    analysed = search_engine.analyse("だんたいの できること と やりたいこと の ちがい")
    assert analysed.strangers == () and analysed.unknown == 0.0
    assert search_engine.search("だんたいの できること と やりたいこと の ちがい").hits
    # A word the corpus lacks, in kana, still counts as one (Sudachi reads it as a noun).
    assert "ぶるどーざー" in search_engine.analyse("ぶるどーざー の ちがい").strangers

    # Nor do an adverb or a word of no topic typed apart, which typed in kanji are no words
    # the analysis keeps either (ずっと, どういう, わたし).
    for text in (
        "ごーるを ずっと いしき すると なにが いいの",
        "じぎょう きょうりょくって どういう やつ",
    ):
        assert search_engine.analyse(text).strangers == ()
    assert search_engine.analyse("わたし の ぶるどーざー").strangers == ("ぶるどーざー",)


def test_the_dictionary_tells_words_of_no_topic_from_a_run_it_cuts_into_pieces() -> None:
    analyzer = Analyzer()
    assert analyzer.says_nothing("できること") and analyzer.says_nothing("やりたいこと")
    assert not analyzer.says_nothing("だんたい")  # 団体, cut into だん + たい
    assert analyzer.says_nothing("どうなる")  # the adverb どう and the light verb なる
    assert not analyzer.says_nothing("おかね")  # お金, cut into お + か + ね (お: a prefix)
    assert analyzer.no_topic_word("どんな") and not analyzer.no_topic_word("できること")
    # A light verb with its endings; not a run whose endings would begin with a small kana.
    assert analyzer.light_word("して") and analyzer.light_word("されて")
    assert not analyzer.light_word("きょど")  # き + ょ + ど is no reading of it
    assert not analyzer.light_word("だんたいの")


def test_kana_is_read_first_as_the_word_read_exactly_so() -> None:
    # Long vowels typed are no slip: てま is 手間 before テーマ, そうごう 総合 before 相互;
    # a word read only loosely so (a long vowel left out) stays, behind.
    for text, meant, loosely in (
        ("てまが かかる", "手間", "テーマ"),
        ("そうごう けいかく", "総合", "相互"),
        ("そうご りかい", "相互", "総合"),
    ):
        alternatives = search_engine.analyse(text).concepts[0].alternatives
        assert alternatives[0].term == meant
        assert loosely in [alt.term for alt in alternatives[1:]]


def test_a_verb_typed_in_kana_is_the_corpus_verb_of_its_dictionary_form() -> None:
    # The corpus reads 払う as it first occurs (払わ: ハラワ); はらう is still 払う, not 腹 + う.
    for text in ("ぱーとなーに はらう おかね", "はらった"):
        terms = [c.alternatives[0].term for c in search_engine.analyse(text).concepts]
        assert "払う" in terms and "腹" not in terms


def test_each_reading_of_a_kana_cover_keeps_the_kana_typed_for_it() -> None:
    # Long vowels go with the reading before them, not the one after.
    cover = ["キョド", "ジギョ"]
    assert typed_for("キョウドウジギョウ", "キョドジギョ", cover) == ["キョウドウ", "ジギョウ"]
    assert typed_for("テマガ", "テマガ", ["テマ"]) == ["テマ"]


def test_a_light_verb_typed_in_kana_is_not_read_as_a_corpus_word() -> None:
    # して is not 指定 (シテイ, its long vowel left out), nor している anything but 団体.
    terms = [c.alternatives[0].term for c in search_engine.analyse("だんたいを して いる").concepts]
    assert terms == ["団体"]
    # Nor a formal noun with its endings: ものが is もの, not 者 (モノ).
    terms = [c.alternatives[0].term for c in search_engine.analyse("どんな ものが ある").concepts]
    assert terms == []
    # But a corpus word whose reading is typed whole is that word, however the dictionary
    # cuts the kana (せいど: せ + い + ど; いいんを: いい + ん + を; しから: し + から).
    for typed, meant in (("せいど", "制度"), ("いいんを", "委員"), ("しから", "市")):
        assert meant in [c.alternatives[0].term for c in search_engine.analyse(typed).concepts]


def test_a_word_of_no_topic_typed_in_kana_is_not_read_as_a_corpus_word() -> None:
    # どんな is not 同音 (ドウオン, its long vowels left out as a typist might).
    terms = [c.alternatives[0].term for c in search_engine.analyse("どんな だんたい").concepts]
    assert terms == ["団体"]
    # Nor なん (何) as 難, nor どういう as 同意: a pronoun or adnominal, and particles.
    for text in ("なんで きょうどう するの", "きょうどうって どういうこと"):
        assert [c.alternatives[0].term for c in search_engine.analyse(text).concepts] == ["協働"]
    # いくら is 幾ら to the corpus, but it asks an amount, as 幾ら typed in kanji does.
    for text in ("ほじょきんは いくら", "ほじょきんはいくらですか"):
        assert [c.alternatives[0].term for c in search_engine.analyse(text).concepts] == ["補助金"]
    # なんですか alone is な + んです + か to the dictionary (好きなんですか), but typed as a
    # word of its own it asks 何ですか.
    terms = [c.alternatives[0].term for c in search_engine.analyse("りてんは なんですか").concepts]
    assert terms == ["利点"]


def test_a_cue_word_the_corpus_lacks_is_not_taken_for_a_slip_or_a_longer_word() -> None:
    # 指す of を指す says the question asks what a thing is; the corpus has it only inside
    # 目指す, another word, and 指す was typed as meant.
    analysed = search_engine.analyse("協働のゴールとは何を指すのですか")
    firsts = [c.alternatives[0].term for c in analysed.concepts]
    assert firsts == ["協働", "ゴール"] and "definition" in analysed.frames
    # A cue word still brings the corpus's words for the same thing (境目: 境界, 区別).
    analysed = search_engine.analyse("自主的な活動と協働事業の境目はどこ")
    assert {"境界", "区別"} <= {alt.term for c in analysed.concepts for alt in c.alternatives}


def test_a_corpus_word_the_dictionary_cuts_into_a_pronoun_and_pieces_is_that_word() -> None:
    # かんり is かん (a pronoun) + り to the dictionary, こんきょ こん + き + ょ: no word of
    # no topic, but 管理 and 根拠, the text being likelier so written.
    for text, meant in (("どう かんり すれば いいのか", "管理"), ("こんきょ は なに", "根拠")):
        terms = [c.alternatives[0].term for c in search_engine.analyse(text).concepts]
        assert meant in terms


def test_characters_the_corpus_has_together_count_half() -> None:
    analysed = search_engine.analyse("縁組の相談")  # 縁組 only inside 地縁組織
    assert analysed.strangers == () and 0 < analysed.unknown < 0.5


def test_unknown_words_of_the_situation_do_not_stop_an_answer_to_the_question() -> None:
    text = (
        "ポメラニアンとチワワとダックスフントを連れて散歩した。協働について市役所の相談窓口はどこ？"
    )
    analysed = search_engine.analyse(text)
    assert analysed.asked_unknown <= MAX_UNKNOWN < analysed.unknown
    assert search_engine.search(text, limit=3).hits[0].number == 21
    assert not search_engine.search("ポメラニアン チワワ 協働", limit=3).hits


def test_a_name_in_the_situation_weighs_less_than_one_in_the_question() -> None:
    described = search_engine.analyse("札幌市から引っ越してきた。協働の相談はどこにすればいい？")
    asked = search_engine.analyse("協働の相談は札幌市でもできる？")
    assert described.foreign_focus == SITUATION and asked.foreign_focus == 1.0
    assert described.asked_unknown < described.unknown


@pytest.mark.parametrize(
    ("query", "unknown"),
    [
        ("協働事業の委員に年齢制限はありますか", True),  # 年齢制限: a kanji word it never uses
        ("婦人会長の選び方", True),  # 婦人 of 婦人会長: a kanji part it lacks
        ("協働事業ってぶっちゃけどうなの", False),  # ぶっちゃけ: only how someone put it
        ("年齢制限のある講座をやっている。協働の相談はどこ？", False),  # in the situation told
        ("協働事業の委員の選び方", False),
        ("クラウドファンディングの手数料は誰が払う", True),  # a katakana word it never uses
        ("くらうどふぁんでぃんぐの てすうりょう", True),  # the same borrowed word, in hiragana
        ("そふぁの すてかた", True),  # ソファー
        ("ほんとに たすかる", False),  # words of Japanese in hiragana: how someone put it
        ("協働の報告をSNSで発信してもいい？", True),  # an acronym
        ("町内会の加入率は何パーセント？", False),  # パーセント: a unit, what is counted in
        ("協働ってホントに必要？", False),  # ホント: how someone put it
    ],
)
def test_the_judgement_knows_an_asked_thing_the_document_lacks(query: str, unknown: bool) -> None:
    assert bool(search_engine.analyse(query).unknown_things) is unknown


def test_a_borrowed_word_typed_in_hiragana_is_read_whole_and_named_as_written_in_katakana() -> None:
    analysed = search_engine.analyse("くらうどふぁんでぃんぐの しくみを しりたい")
    assert analysed.unknown_things == ("クラウドファンディング",)
    assert analysed.unknown_asked == ("くらうどふぁんでぃんぐの",)  # not くらう + ど + ふぁん …


def test_a_borrowed_word_in_hiragana_with_a_long_vowel_mark_is_not_read_as_corpus_words() -> None:
    # せんたー is センター, which the corpus lacks: not 線 (セン) and a stray た.
    analysed = search_engine.analyse("しみん かつどう せんたーの よやく")
    assert analysed.unknown_things == ("センター",)
    assert "線" not in [c.alternatives[0].term for c in analysed.concepts]
    # One the corpus has is read as its word still.
    terms = [c.alternatives[0].term for c in search_engine.analyse("きょうどうの ごーる").concepts]
    assert terms == ["協働", "ゴール"]


def test_the_judgement_weighs_how_rare_in_japanese_the_word_the_document_lacks_is() -> None:
    analyzer = Analyzer()
    assert analyzer.rarity("我慢") == analyzer.rarity("総会") == 0.0  # everyday words
    assert 0.5 < analyzer.rarity("狂犬病") < analyzer.rarity("源泉徴収") == 1.0
    everyday = search_engine.analyse("片方だけが我慢する関係でも協働と呼べるのか")
    rare = search_engine.analyse("講師謝礼に源泉徴収は必要ですか")
    assert everyday.unknown_things and everyday.unknown_rarity == 0.0
    assert rare.unknown_things and rare.unknown_rarity == 1.0
    assert search_engine.analyse("協働事業の委員の選び方").unknown_rarity == 0.0


def test_a_slip_cut_into_one_character_pieces_names_no_one() -> None:
    """粉糾 typed for 紛糾: Sudachi cuts it into 粉 and 糾, and tags 糾 as a person's name."""
    assert search_engine.analyse("説明会で粉糾").foreign_names == ()
    assert search_engine.analyse("札幌市の説明会で粉糾").foreign_names == ("札幌市",)


def test_a_part_of_a_compound_the_document_lacks_counts_as_missing() -> None:
    """婦人会長: the document has 会 but nothing of 婦人, not even its characters: the word
    that makes the question specific is not there, as a word it lacks entirely would not be."""
    lacking = search_engine.analyse("婦人会長の選び方")
    assert dict(lacking.lacking) == {"婦人": 1.0}
    assert search_engine.rank(lacking, 5, None).covered.missing == 1.0
    described = search_engine.analyse("婦人会長になった。協働の相談はどこ？")
    assert dict(described.lacking) == {"婦人": SITUATION}
    assert search_engine.analyse("町内会長の選び方").lacking == ()  # 町内会 and 会長: known


def test_every_frame_has_a_name_a_label_and_patterns() -> None:
    names = [frame.name for frame in lexicon()]
    assert len(names) == len(set(names)) >= 8
    assert all(frame.label and (frame.words.literals or frame.words.pattern) for frame in lexicon())


def test_kindred_frames_are_frames_and_none_is_its_own_kin() -> None:
    names = {frame.name for frame in lexicon()}
    assert kin(), "the lexicon names kindred frames"
    for name, others in kin().items():
        assert name in names and others <= names and name not in others
        assert all(name in kin()[other] for other in others)


def test_a_qa_answering_in_a_kindred_frame_fits_half_as_well() -> None:
    framing = search_engine.framing
    definition = next(n for n in range(1, 77) if framing._answered_frames(n).get("definition"))
    strength = framing._answered_frames(definition)
    assert framing.fit(definition, frozenset({"definition"})) == strength["definition"]
    assert framing.fit(definition, frozenset({"scope"})) == max(
        strength.get("scope", 0.0), KIN_FIT * max(strength.get(k, 0.0) for k in kin()["scope"])
    )
    assert framing.fit(definition, frozenset({"scope"})) >= KIN_FIT * strength["definition"]
    assert framing.fit(definition, frozenset({"count"})) == strength.get("count", 0.0)


def test_a_question_of_whether_a_thing_is_not_another_answers_whether_it_counts() -> None:
    # 補助金は協働とは違うのか asks whether a grant counts as 協働, as …も協働に入るの？ does
    strength = answered_frames("業務委託や補助金制度は協働とは違うのですか。", [])
    assert strength["scope"] == strength["difference"] == 1.0


def test_a_qas_own_question_counts_more_than_the_questions_asked_of_it() -> None:
    strength = answered_frames("協働とは何ですか", ["協働のメリットはあるのか？"] * 3)
    assert strength["definition"] == 1.0
    assert 0 < strength["benefit"] < 1.0


def test_a_frame_named_only_in_the_situation_a_qas_question_sets_out_counts_less() -> None:
    # 必要性 reads as asking why, but here it is part of the situation; the question asks
    # what to do.
    question = "団体が協働の必要性を感じていない場合には、どうすればいいですか"
    strength = answered_frames(question, [])
    assert strength["steps"] == 1.0 and strength["reason"] == SITUATION_SHARE < 1.0
    # A frame asked after the situation counts whole.
    assert answered_frames("協働の必要性はなぜあるのですか", [])["reason"] == 1.0
    assert answered_frames("利益が出た場合、なぜ返すのですか", [])["reason"] == 1.0
    # A question that is all situation asks it whole; 際 inside a word (実際) ends none.
    assert answered_frames("協働の必要性がなくなった場合は？", [])["reason"] == 1.0
    assert answered_frames("協働の必要性は実際にどう感じられていますか", [])["reason"] == 1.0
    assert answered_frames("必要性を感じない団体と話す際、どうすればいい", [])["reason"] < 1.0
    # The Q&A asking why 協働 is needed comes before the one asking what to do when a
    # group does not feel the need.
    hits = search_engine.search("なぜ協働が必要なのか", limit=3).hits
    first = search_engine.corpus.item(hits[0].number)
    assert first is not None and "場合" not in first.question


def test_a_question_made_of_the_asked_words_is_weighed_however_low_it_scores(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Only the best-scoring Q&As are weighed for how they answer, and the question asked
    may score low when its words are found everywhere (協働): the Q&As whose questions
    weigh an asked word most are weighed too."""
    import kyodo_cli.search.framing as framing

    monkeypatch.setattr(framing, "FRAME_CANDIDATES", 1)  # the best-scoring Q&A alone
    text = "町内会の予算と名簿の整理で忙しい。協働とはどういう意味？"
    assert search_engine.search(text, limit=3).hits[0].number == 1
    monkeypatch.setattr(framing, "QUESTION_CANDIDATES", 0)
    assert search_engine.search(text, limit=3).hits[0].number != 1


def test_a_benefit_question_is_answered_by_the_benefits_before_a_topic_rich_q_and_a(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """市と組んで何がいいの: 市 and 組む are found in many Q&As that never say what good a
    thing does; the Q&A on the benefits of 協働 (組む's sense) comes first. Not so when the
    question names a topic of its own that the benefits lack (口出し): the Q&A on it stays."""
    import kyodo_cli.search.framing as framing

    asked = "市と組んで何がいいの"
    topical = "相手団体に市がいろいろ口出しする意味はあるの"
    assert search_engine.search(asked, limit=3).hits[0].number == 3
    assert search_engine.search(topical, limit=3).hits[0].number == 16
    monkeypatch.setattr(framing, "SPECIFIC", 99.0)  # no word is the topic's
    assert search_engine.search(topical, limit=3).hits[0].number == 29
    monkeypatch.setattr(framing, "SQUARE_FRAMES", frozenset())
    assert search_engine.search(asked, limit=3).hits[0].number != 3


def test_a_q_and_a_only_some_ask_the_benefits_of_is_no_answer_to_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """市民活動団体が協働に参加するメリット: the best-scoring Q&A is one that a single question
    people ask of it reads as asking the benefits (how to have groups see why 協働
    matters); one that answers what a group gains squarely comes first."""
    import kyodo_cli.search.framing as framing

    asked = "市民活動団体が協働に参加するメリット"
    first = search_engine.search(asked, limit=3).hits[0].number
    assert first in {29, 60}  # what a group may gain (利益), its credit and income (信用, 収益)
    assert search_engine.framing.fit(first, frozenset({"benefit"})) >= framing.SQUARELY
    monkeypatch.setattr(framing, "SQUARELY", 1e-9)  # any benefit question asked of it counts
    before = search_engine.search(asked, limit=3).hits[0].number
    assert before != first
    assert 0.0 < search_engine.framing.fit(before, frozenset({"benefit"})) < framing.KIN_FIT


def test_a_word_only_in_the_questions_asked_of_the_first_is_not_its_topic() -> None:
    """ぶっちゃけ (read as 打ち明ける) is in a question people ask of Q10 alone, not in its own
    text: it does not make Q10's topic one that the benefits of 協働 lack."""
    framing = search_engine.framing
    assert "打ち明ける" in framing._facts_of(10).asked_only
    asked = "ぶっちゃけ協働で市民にどんないいことがあるの"
    analysed = search_engine.analyse(asked)
    matched = search_engine.score(analysed).matched
    assert not framing._lacks_the_topic(analysed, matched, 10, 3, search_engine._idf)
    assert search_engine.search(asked, limit=3).hits[0].number == 3


def test_a_word_of_the_query_covers_one_word_of_a_question_at_most() -> None:
    """協働 reads as 共同 too: alone it asks no more of 「協働」と「共同」の違い than one of
    its three words, and a question made of one word is covered whole."""
    analysed = search_engine.analyse("協働って結局なんなの")
    assert any({"協働", "共同"} <= {alt.term for alt in c.alternatives} for c in analysed.concepts)
    framing = search_engine.framing
    words = framing._question_words(2)
    assert {"協働", "共同"} <= words
    asked = asked_concepts(analysed)
    assert framing._question_covered(2, asked) == 1 / len(words)
    assert framing.question_share(analysed, 2) == 2 / len(words)  # the judgement's measure
    assert framing._question_covered(1, asked) == 1.0


# -- a definition asks about a term as written ------------------------------------------------


def test_a_definition_question_finds_the_compound_as_written() -> None:
    analysed = search_engine.analyse("市民活動係って何")
    assert analysed.joins == (("民活", 1.0), ("動係", 1.0))
    assert search_engine.search("市民活動係って何", limit=3).hits[0].number == 21


def test_words_typed_together_are_joined_only_in_a_definition_question() -> None:
    assert search_engine.analyse("市民活動係のメリット").joins == ()


def test_a_compound_typed_in_kana_word_by_word_is_joined_as_typed_together() -> None:
    analysed = search_engine.analyse("じぎょう きょうりょくって どういう やつ")
    assert dict(analysed.joins).keys() == {"業協"}
    assert search_engine.search("じぎょう きょうりょくって どういう やつ").hits[0].number == 51
    # Not across a particle, nor across a word of the situation typed in kanji.
    assert search_engine.analyse("じぎょうの きょうりょくって なに").joins == ()
    assert search_engine.analyse("じぎょう 一つ きょうりょくって なに").joins == ()


# -- the judgement ---------------------------------------------------------------------------


def test_a_word_the_analysis_cut_otherwise_is_still_in_the_qas_own_text() -> None:
    ranking = search_engine.rank(search_engine.analyse("前金払い"), 3, None)  # 前 + 金払い
    assert ranking.ranked[0][1] == 51 and ranking.covered.own_text == 1.0


def test_the_judgement_reads_how_close_the_query_is_to_the_first_qa() -> None:
    question = corpus.item(21)
    assert question is not None
    ranking = search_engine.rank(search_engine.analyse(question.question), 3, None)
    assert ranking.ranked[0][1] == 21
    assert ranking.question_share == 1.0 and ranking.covered.own_text == 1.0
    asked = next(k for k in corpus.item(51).keywords if k.endswith("知りたい"))  # type: ignore[union-attr]
    ranking = search_engine.rank(search_engine.analyse(asked), 3, None)
    assert ranking.ranked[0][1] == 51 and ranking.asked_closeness == 1.0


OTHER_QAS = (
    ("ごみの出し方を教えてください。", "燃やすごみは週2回、朝8時までに集積所に出してください。"),
    (
        "犬を飼い始めました。何か届出は必要ですか。",
        "生後91日以上の犬は、登録と予防注射が必要です。",
    ),
    ("避難所はどこですか。", "お住まいの地区の小学校が指定避難所です。"),
)


def small_engine(title: str, *pairs: tuple[str, str]) -> SearchEngine:
    """An engine over a corpus of these (question, answer) pairs and a few others on
    other topics, indexed now in memory."""
    return built_engine(corpus_from_dict(qa_corpus_data(title, *pairs, *OTHER_QAS), digest=title))


def first_ranked(search: SearchEngine, query: str) -> Ranking:
    return search.rank(search.analyse(query), 3, None)


def test_a_word_found_only_by_a_general_part_of_it_is_not_covered() -> None:
    """固定資産税 asked of the Q&A on 住民税, which has only 税 of it: the specific parts
    are missing; 住民税 asked of it is covered whole."""
    taxes = small_engine(
        "税",
        ("住民税の納期限はいつですか。", "住民税の納期限は6月30日です。"),
        ("固定資産税とは何ですか。", "固定資産税は、土地や家屋にかかる税金です。"),
    )
    other = first_ranked(taxes, "固定資産税の納期限は")
    assert other.ranked[0][1] == 1
    same = first_ranked(taxes, "住民税の納期限は")
    assert same.ranked[0][1] == 1
    assert other.covered.specific < 0.8 * same.covered.specific
    assert other.covered.missing > 0.25 and same.covered.missing == 0.0


def test_the_dates_of_another_thing_do_not_answer_when_asked_for_a_things_own() -> None:
    """固定資産税の納期限はいつ asked of the Q&A on 住民税's: its date is of another tax, and
    固定資産税, typed as the corpus writes it, is named neither in its question nor answer.
    Not so for the word that names the value asked (納期限) nor for a word read from kana."""
    taxes = small_engine(
        "税",
        ("住民税の納期限はいつですか。", "住民税の納期限は6月30日です。"),
        ("固定資産税とは何ですか。", "固定資産税は、土地や家屋にかかる税金です。"),
    )
    other = first_ranked(taxes, "固定資産税の納期限はいつですか")
    assert other.ranked[0][1] == 1 and other.value_given is False
    assert taxes.search("固定資産税の納期限はいつですか").answered is False
    same = first_ranked(taxes, "住民税の納期限はいつですか")
    assert same.ranked[0][1] == 1 and same.value_given is True
    assert taxes.search("住民税の納期限はいつですか").answered is True
    # read from kana, 固定資産税 may be a misreading: the rule leaves it to the weights
    kana = first_ranked(taxes, "こていしさんぜいの納期限はいつですか")
    assert kana.ranked[0][1] == 1 and kana.value_given is True


def test_the_thing_asked_about_is_the_most_specific_word_typed_as_the_corpus_writes_it() -> None:
    """ひとり親で児童扶養手当は月いくら: ひとり親 read as the corpus's 一人親世帯 (a word that
    contains it) is rarer, but the thing whose amount is asked is 児童扶養手当, typed so."""
    from kyodo_cli.search.concepts import Alternative, AnalysedQuery, Concept
    from kyodo_cli.search.values import _most_specific_typed

    def concept(term: str, origin: str, *others: str) -> Concept:
        alternatives = (Alternative(term, 1.0, origin),)
        return Concept(term, alternatives + tuple(Alternative(o, 0.45, "synonym") for o in others))

    rarity = {"一人親世帯": 3.0, "児童扶養手当": 2.0, "金額": 2.5, "月": 0.5}
    analysed = AnalysedQuery(
        text="ひとり親で児童扶養手当の金額は月いくら",
        concepts=(
            concept("一人親世帯", "contained"),
            concept("児童扶養手当", "word", "手当"),
            concept("金額", "word"),  # names the kind of value asked: not the thing
            concept("月", "word"),
        ),
        bigrams=(),
        truncated=False,
        frames=frozenset({"amount"}),
    )

    def idf(term: str) -> float:
        return rarity.get(term, 0.0)

    assert _most_specific_typed(analysed, idf) == {"児童扶養手当", "手当"}
    assert _most_specific_typed(analysed._replace(text="ひとり親で金額は月いくら"), idf) == {"月"}


COPIES = (
    "住民票の写しはどこで取れますか。",
    "住民票の写しは市民課の窓口で交付しています。窓口の手数料は1通300円です。"
    "コンビニでも取れます。1通200円です。"
    "郵送で請求するときは、切手を貼った返信用封筒を同封してください。",
)


@pytest.mark.parametrize(
    ("query", "given"),
    [
        ("住民票の写しは1通いくら", True),  # the topic: any amount of the answer is its fee
        ("コンビニではいくら", True),  # the amount stands in the sentence after コンビニ
        ("返信用封筒の切手は何円分", False),  # 切手, named in passing with no amount near
    ],
)
def test_the_value_asked_for_stands_where_the_answer_speaks_of_what_is_asked(
    query: str, given: bool
) -> None:
    ranking = first_ranked(small_engine("住民票", COPIES), query)
    assert ranking.ranked[0][1] == 1
    assert ranking.value_given is given


def schedule_engine() -> SearchEngine:
    """One Q&A whose answer is a table of two patterns, each headed by its name."""
    data = qa_corpus_data("年間の予定", ("事業の年間の予定はどうなっていますか。", ""), *OTHER_QAS)
    data["items"][0]["answer"] = [
        {"type": "paragraph", "text": "事業の進め方には二つの型があります。"},
        {
            "type": "schedule",
            "patterns": [
                {
                    "name": "翌年度実施型",
                    "rows": [
                        {"period": "随時", "activity": "情報の公開"},
                        {"period": "7～9月", "activity": "パートナーの公募"},
                        {"period": "4月", "activity": "協定の締結"},
                    ],
                },
                {
                    "name": "当年度実施型",
                    "rows": [
                        {"period": "随時", "activity": "情報の公開"},
                        {"period": "2～3月", "activity": "パートナーの公募"},
                    ],
                },
            ],
        },
    ]
    return built_engine(corpus_from_dict(data, digest="schedule"))


@pytest.mark.parametrize(
    ("query", "given"),
    [
        # 翌年度 names the table's heading; the month stands in a row of it with 公募
        ("翌年度実施型では、パートナーの公募は何月ですか", True),
        # no row under the heading names what is asked besides the year
        ("翌年度実施型では、補助金は何月に振り込まれますか", False),
    ],
)
def test_a_value_under_a_heading_is_said_of_the_rows_that_name_what_is_asked(
    query: str, given: bool
) -> None:
    ranking = first_ranked(schedule_engine(), query)
    assert ranking.ranked[0][1] == 1
    assert ranking.value_given is given


def test_a_value_asked_for_and_not_given_is_no_answer_however_sure_the_model(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With a model that would take any first result for an answer, the answer that lacks
    the value a question word asks for still is not one; the one that gives it is, and so
    is one asked of a value only named (料金: perhaps the topic, left to the weights)."""
    from kyodo_cli.search import confidence

    shipped = confidence.model()
    trusting = confidence.Model(shipped.weights, shipped.bias, 0.0, 0.0)
    monkeypatch.setattr(confidence, "model", lambda: trusting)
    copies = small_engine("住民票", COPIES)
    for query, given, answered in (
        ("返信用封筒の切手は何円分", False, False),
        ("住民票の写しは1通いくら", True, True),
        ("返信用封筒の切手の料金", False, True),
    ):
        analysed = copies.analyse(query)
        ranking = copies.rank(analysed, 3, None)
        assert ranking.value_given is given
        assert confidence.judge(analysed, ranking).answered is answered


def evidence(**values: float) -> Evidence:
    base = dict.fromkeys(Evidence._fields, 0.0)
    base.update(values)
    return Evidence(**base)


def test_probability_follows_the_weights() -> None:
    model = Model({"coverage": 4.0, "missing": -6.0}, -1.0, 0.5, 0.5)
    covered = probability(evidence(coverage=1.0), model)
    lacking = probability(evidence(coverage=1.0, missing=1.0), model)
    assert covered > 0.9 > 0.1 > lacking


def test_the_shipped_model_is_calibrated_for_every_feature() -> None:
    from kyodo_cli.search.confidence import model

    fitted = model()
    assert set(fitted.weights) == set(Evidence._fields)
    assert 0.0 < fitted.threshold < 1.0 and 0.0 < fitted.unaided_threshold < 1.0
    # What says the document does not speak of the question counts against an answer.
    for against in ("missing", "value_miss", "foreign_name", "unknown_thing", "unknown_rarity"):
        assert fitted.weights[against] < 0, against


def test_a_corpus_without_search_aids_is_judged_by_its_own_threshold(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each kind of corpus is judged by its own threshold, and by that one alone."""
    from kyodo_cli.search import confidence

    shipped = confidence.model()
    analysed = search_engine.analyse("前金払い")
    ranked = search_engine.rank(analysed, 3, None)
    kinds = {aided: ranked._replace(aided=aided) for aided in (True, False)}
    p = {aided: probability(Evidence.of(analysed, r)) for aided, r in kinds.items()}  # type: ignore[arg-type]
    for above in (True, False):  # the aided threshold just above its probability, or below
        aided_cut = p[True] + (0.01 if above else -0.01)
        unaided_cut = p[False] + (-0.01 if above else 0.01)
        fitted = confidence.Model(shipped.weights, shipped.bias, aided_cut, unaided_cut)
        monkeypatch.setattr(confidence, "model", lambda fitted=fitted: fitted)
        assert confidence.judge(analysed, kinds[True]).answered is not above
        assert confidence.judge(analysed, kinds[False]).answered is above


def test_a_question_the_document_does_not_answer_is_said_so() -> None:
    result = search_engine.search("町内会長の任期は何年", limit=5)
    assert result.hits and not result.answered
    assert {hit.match for hit in result.hits} == {RELATED}


def test_a_question_in_the_documents_words_is_answered() -> None:
    result = search_engine.search("前金払い", limit=5)
    assert result.answered and result.hits[0].number == 51
    assert result.hits[0].match == ANSWER
    assert all(hit.match in (NEAR, RELATED) for hit in result.hits[1:])


def test_held_out_answerable_queries_are_rarely_disowned() -> None:
    disowned = total = 0
    for name in ("dev_queries.jsonl", "own_queries.jsonl", "situation_queries.jsonl"):
        for row in queries(name, "heldout"):
            total += 1
            disowned += not search_engine.search(row["query"], limit=10).answered
    assert disowned / total <= 0.03


def test_held_out_unanswerable_queries_are_often_flagged() -> None:
    rows = queries("unanswerable_queries.jsonl", "heldout")
    flagged = sum(not search_engine.search(row["query"], limit=10).answered for row in rows)
    assert flagged / len(rows) >= 0.2


# -- the answering sentence --------------------------------------------------------------------


def test_the_answering_sentence_is_found_inside_a_long_answer() -> None:
    hit = search_engine.search("前金払い", limit=1).hits[0]
    qa = corpus.item(51)
    assert qa is not None
    start, end = hit.sentence
    assert "前金払い" in qa.answer_text[start:end]
    assert "前金払い" in hit.snippet.text and hit.snippet.highlights


def test_line_marks_place_a_span_in_the_lines() -> None:
    lines = ["abc", "defgh", "ij"]  # joined: "abc\ndefgh\nij"
    assert dict(line_marks(lines, (5, 7))) == {1: (1, 3)}
    assert dict(line_marks(lines, (2, 6))) == {0: (2, 3), 1: (0, 2)}


def test_a_search_keeps_nothing_from_the_query_before() -> None:
    pairs = ["協働", "補助金の申請", "監査", "パートナーの選び方", "評価"]
    index: Index = search_engine.index
    shared = SearchEngine(corpus, index, Analyzer())
    for first in pairs:
        for second in pairs:
            shared.search(first)
            fresh = SearchEngine(corpus, index, Analyzer())
            assert shared.search(second) == fresh.search(second)


class CountingAnalyzer(Analyzer):
    """The real analyzer, keeping every text it was given."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []

    def tokens(self, text: str) -> list[Token]:
        self.texts.append(text)
        return super().tokens(text)

    def words(self, text: str) -> Words:
        self.texts.append(text)
        return super().words(text)


@pytest.mark.parametrize("query", ["パートナーの選び方", "協働とは何ですか", "補助金"])
def test_ranking_judging_snippets_and_marks_analyse_the_query_alone(query: str) -> None:
    """What they read of the Q&As' questions (their words, the questions people ask of them,
    their frames) and of their answers (the words, where they stand) was worked out when the
    index was built."""
    analyzer = CountingAnalyzer()
    searching = SearchEngine(corpus, search_engine.index, analyzer)
    found = searching.search(query)
    assert found.hits and any(hit.snippet.highlights for hit in found.hits)
    for hit in found.hits:
        searching.answer_marks(query, hit.number)
    assert analyzer.texts and all(text in query for text in analyzer.texts)


def test_the_stored_facts_of_each_question_are_what_analysis_finds() -> None:
    analyzer = Analyzer()

    def words(text: str) -> frozenset[str]:
        return frozenset(token.term for token in analyzer.tokens(fold_chars(text)))

    def terms(text: str) -> set[str]:  # as the index counts them: with their parts' forms
        return {term for entry in analyzer.words(fold_chars(text)).entries for term in entry.terms}

    stored = search_engine.index.question_facts(range(len(corpus.items)))
    for position, item in enumerate(corpus.items):
        facts = stored[position]
        assert facts.words == words(item.question)
        asked = asked_questions(item.keywords)
        assert facts.asked == tuple(words(text) for text in asked)
        assert facts.frames == answered_frames(item.question, item.keywords)
        others = "\n".join(k for k in item.keywords if k not in asked)
        own = terms(item.question) | terms(item.answer_text) | terms(others)
        assert facts.asked_only == set().union(*map(terms, asked)) - own
    assert sum(len(facts.asked) for facts in stored.values()) > len(corpus.items)
    # Q49 has 入る and 種類 only in questions people ask of it (会場代や保険料も市の予算に
    # 入るのか, 市が団体に出すお金にはどんな種類があるのか), 委託 in its answer and keywords.
    budgets = stored[search_engine._positions[49]]
    assert {"入る", "種類"} <= budgets.asked_only and "委託" not in budgets.asked_only


def test_a_word_a_q_and_a_has_only_in_a_question_it_is_asked_counts_as_that_is_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """協働の形態の種類: 種類 is in Q49 only in 市が団体に出すお金にはどんな種類があるのか, a
    question the query does not ask; Q51, whose answer lays out the kinds of 協働形態, comes
    first. Counted whole, 種類 draws the query to Q49."""
    import kyodo_cli.search.engine as ranking

    query = "協働の形態の種類"
    assert search_engine.search(query, limit=3).hits[0].number == 51
    monkeypatch.setattr(ranking, "ASKED_ONLY", 1.0)
    assert search_engine.search(query, limit=3).hits[0].number == 49


# -- the command -------------------------------------------------------------------------------


def test_ask_says_when_the_document_has_no_answer(kyodo: Runner) -> None:
    result = kyodo("ask", "町内会長の任期は何年")
    assert result.status == 1
    first = result.stdout.splitlines()[0]
    assert first == "この文書には、この問いへのはっきりした答えが見つかりませんでした。"
    assert "答:" not in result.stdout and "抜粋:" in result.stdout
    assert result.stderr == "kyodo: 「任期」は文書に出てこない語です\n"  # why nothing answers
    data = json.loads(kyodo("ask", "町内会長の任期は何年", "--json").stdout)
    assert data["answered"] is False
    assert {hit["match"] for hit in data["results"]} == {"related"}


def test_ask_says_when_the_nearest_answer_lacks_the_value_asked_for(kyodo: Runner) -> None:
    """Every word is the document's; the nearest answer gives no amount: said so, once."""
    result = kyodo("ask", "協働の予算は年間いくらですか")
    assert result.status == 1
    assert result.stderr == value_lacking_notice(result.stdout, "金額")
    # a word the document lacks says why already
    assert "尋ねている" not in kyodo("ask", "町内会長の任期は何年").stderr


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("協働事業の委員に年齢制限はありますか", ("「年齢」",)),  # the part that makes it specific
        ("一刻を争う案件なら市が単独で片付けてもいい？", ()),  # answered, though 争う is unknown
        ("年齢も任期もバラバラの会だ。協働の相談はどこ？", ()),  # told, not asked
        # a part the corpus lacks, named as typed, not as the dictionary writes it (古里)
        ("ふるさと納税の返礼品", ("「返礼品」", "「ふるさと」")),
        # typed in kana: without the particle after it, and a place by its name; a verb as typed
        ("ちょうないかいの やくいんの にんきは なんねん", ("「にんき」",)),
        (
            "さっぽろしの きょうどう じょうれいは どんな ないよう",
            ("「さっぽろ」", "「じょうれい」"),
        ),
        ("こうえんの ゆうぐが こわれて いたら どこに いう", ("「こわれて」",)),
    ],
)
def test_a_question_left_unanswered_names_the_asked_words_the_document_lacks(
    query: str, named: tuple[str, ...]
) -> None:
    result = search_engine.search(query, limit=5)
    said = [notice for notice in result.notices if "文書に出てこない語" in notice]
    assert said == ([f"{''.join(named)}は文書に出てこない語です"] if named else [])
    assert result.answered is not bool(named)


def test_ask_marks_the_answering_sentence(kyodo: Runner) -> None:
    result = kyodo("ask", "前金払い")
    assert result.status == 0
    assert "［答え］" in result.stdout and "スコア" not in result.stdout
    marked = [line for line in result.stdout.splitlines() if "▶" in line]
    assert len(marked) == 1 and "▶協定に基づいた負担金であれば前金払い" in marked[0]
    data = json.loads(kyodo("ask", "前金払い", "--json").stdout)
    first = data["results"][0]
    assert data["answered"] is True and first["match"] == "answer"
    start, end = first["highlights"][0]
    assert first["snippet"][start:end] == "前金払い"


def test_ask_json_full_includes_the_answers(kyodo: Runner) -> None:
    data = json.loads(kyodo("ask", "前金払い", "--json", "--full").stdout)
    assert "前金払い" in data["results"][0]["answer_text"]


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        ("って(何|なに)", ["って何", "ってなに"]),
        ("得(なの|です)?", ["得なの", "得です", "得"]),
        ("(?<!こ)とは", ["(?<!こ)とは"]),
        ("締め?切", ["締め?切"]),
    ],
)
def test_simple_patterns_become_plain_strings(pattern: str, words: list[str]) -> None:
    from kyodo_cli.search.frame_patterns import _expanded

    assert _expanded(pattern) == words


def test_frames_found_in_one_pass_are_those_each_frame_finds_on_its_own() -> None:
    """Every question and asked question of the corpus, and every frame word set inside
    other text: the one-pass lookup finds exactly the frames that searching each frame's
    words finds."""
    from kyodo_cli.search.frames import _folded

    texts = [qa.question for qa in packaged_corpus().items]
    texts += [k for qa in packaged_corpus().items for k in qa.keywords]
    texts += [f"市と{word}の" for frame in lexicon() for word in frame.words.literals]
    for text in texts:
        folded = _folded(text)
        expected = frozenset(f.name for f in lexicon() if f.words.search(folded))
        assert frames_of(text) == expected, text


def test_a_pattern_is_skipped_only_where_it_cannot_match() -> None:
    """A frame's regular expression is run only on a text holding what its match can
    begin with (one or two characters): over every text of the corpus, and every
    pattern's own examples, no match is missed."""
    texts = [qa.question for qa in packaged_corpus().items]
    texts += [k for qa in packaged_corpus().items for k in qa.keywords]
    texts += [a.answer_text for a in packaged_corpus().items]
    texts += [f"{c}{w}" for c in "こ手何がばたら" for w in ["とは", "に入る", "いいの", "何人"]]
    texts += ["続ける意味はある？", "いみ ない", "協働の一つなの？", "何て呼ぶの", "にはいるの"]
    patterned = [w for f in lexicon() for w in (f.words, f.cues) if w is not None and w.pattern]
    assert patterned and all(w.anchors for w in patterned)  # every pattern says where it starts
    matched = 0
    for words in patterned:
        for text in texts:
            if re.search(words.pattern, text):
                matched += 1
                assert words.may_match(text), (words.pattern, text)
    assert matched > 100
    # Two characters rule out more than one: い and っ are in most questions, 意味 and って not.
    definition = next(f for f in lexicon() if f.name == "definition")
    assert not definition.words.may_match("協働のパートナーはどう選べばいいですか")
    assert definition.words.may_match("協働の意味は")
