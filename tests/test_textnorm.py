"""Character-level normalisation: properties and the cases users meet."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from kyodo_cli.text.normalize import (
    fold_chars,
    hiragana_runs,
    is_kana,
    is_romaji,
    kanji_runs,
    loose_reading,
    normalize_text,
    romaji_to_kana,
    sentences,
    to_hiragana,
    to_katakana,
)

kana = st.text(alphabet=st.characters(min_codepoint=0x3041, max_codepoint=0x30FA), max_size=30)


@given(st.text(max_size=200))
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


@given(st.text(max_size=200))
def test_normalize_leaves_no_control_characters_or_surrogates(text: str) -> None:
    result = normalize_text(text)
    assert not any(ord(ch) < 0x20 or 0xD800 <= ord(ch) <= 0xDFFF for ch in result)
    assert result == result.strip()


@given(st.text(max_size=200))
def test_fold_keeps_every_offset(text: str) -> None:
    assert len(fold_chars(text)) == len(text)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ﾊﾟｰﾄﾅｰ", "パートナー"),
        ("ＮＰＯ　団体", "NPO 団体"),
        ("２７", "27"),
        ("團體", "団体"),
        ("苦勞", "苦労"),
        ("會議", "会議"),
    ],
)
def test_widths_and_old_kanji(typed: str, expected: str) -> None:
    assert normalize_text(typed) == expected


@given(kana)
def test_loose_reading_is_idempotent_and_script_blind(text: str) -> None:
    key = loose_reading(text)
    assert loose_reading(key) == key
    assert loose_reading(to_katakana(text)) == key


@pytest.mark.parametrize(
    ("variants"),
    [
        ("キョウドウ", "きょうどう", "きょどう", "キョード", romaji_to_kana("kyodo")),
        ("シッパイ", "しっぱい", romaji_to_kana("shippai"), romaji_to_kana("shipai")),
        ("ケイジョウ", romaji_to_kana("keijo"), romaji_to_kana("keijou")),
        ("タンネンド", romaji_to_kana("tannendo")),
        ("ジュウヨウ", romaji_to_kana("juyo"), romaji_to_kana("zyuuyou")),
    ],
)
def test_loose_reading_meets_what_people_type(variants: tuple[str, ...]) -> None:
    assert len({loose_reading(v) for v in variants}) == 1


def test_loose_reading_keeps_different_words_apart() -> None:
    assert loose_reading("カンサ") != loose_reading("カンジ")
    assert loose_reading("キョウヨ") != loose_reading("キュウヨ")


@pytest.mark.parametrize("word", ["kansa", "hyoka hoho", "shuhigimu", "tannendo", "kon'ya"])
def test_romaji_words(word: str) -> None:
    assert is_romaji(word)
    assert is_kana(romaji_to_kana(word).replace(" ", ""))


@pytest.mark.parametrize("word", ["asdfgh", "pdca", "xyz", "", "協働", "kansa協働"])
def test_not_romaji(word: str) -> None:
    assert not is_romaji(word)


def test_sentences_keep_offsets() -> None:
    text = "一つ目です。二つ目？\n三つ目"
    found = sentences(text)
    assert [s for _, s in found] == ["一つ目です。", "二つ目？", "三つ目"]
    assert all(text[offset : offset + len(s)] == s for offset, s in found)


def test_kana_conversion_agrees_with_jaconv_on_every_kana_and_around() -> None:
    import jaconv

    for code in range(0x3000, 0x3100):
        char = chr(code)
        assert to_katakana(char) == jaconv.hira2kata(char), hex(code)
        assert to_hiragana(char) == jaconv.kata2hira(char), hex(code)
    assert to_katakana("きょうどう・ゝ") == "キョウドウ・ヽ"
    assert to_hiragana("キョウドウ・ヴ") == "きょうどう・ゔ"


@given(st.text(alphabet="協働々〆ヶ㐂龥あア1 ", max_size=40))
def test_kanji_runs_are_those_of_the_character_class(text: str) -> None:
    import re

    pattern = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff々〆ヶ]{2,}")
    assert kanji_runs(text) == [m.span() for m in pattern.finditer(text)]


@given(st.text(alphabet="協働あゝゞーアヴ1 ", max_size=40))
def test_hiragana_runs_are_those_of_the_character_class(text: str) -> None:
    import re

    pattern = re.compile(r"[\u3041-\u309fー]{2,}")
    assert hiragana_runs(text) == [m.span() for m in pattern.finditer(text)]


@given(
    st.lists(
        st.text(
            alphabet="あいうえおかきくけこしじちっつどのはほむやょゅんアウカキーッ",
            min_size=1,
            max_size=4,
        ),
        max_size=6,
    )
)
def test_a_loose_reading_is_built_piece_by_piece_as_it_is_read_whole(pieces: list[str]) -> None:
    from kyodo_cli.search.kana_cover import loose_after

    # No piece Sudachi cuts begins with a small kana or the prolonged sound mark, nor with a
    # small kana after marks a loose reading drops (っゅ, っーょ).
    assume(all(piece[0] != "ー" for piece in pieces))
    assume(all(not piece.lstrip("っッー").startswith(("ょ", "ゅ")) for piece in pieces))
    key = ""
    for piece in pieces:
        key = loose_after(key, piece)
    assert key == loose_reading(to_katakana("".join(pieces)))
