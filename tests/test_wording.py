"""The loops that read a query's words and sentences say what the regular expressions they
stand for say (the expressions are compiled here only: every process would pay for them)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from kyodo_cli.search.wording import asks, is_interrogative, sentence_spans, typed_words

WORDS = re.compile(r"[^\s、。，．,.!?！？・:;：；「」『』()（）\[\]]+")
SENTENCES = re.compile(r"[^。．.!?！？]+[。．.!?！？]*")
QUESTION_CUE = re.compile(
    r"[?？]|か[。．.]?$|どこ|どちら|だれ|誰|いつ|いくら|どう|なぜ|なんで|何|なに|どれ|どの|どんな"
    r"|とは|って|教え|知りたい|ほしい|べき|(いい|よい|良い)(の|です|でしょう)?[かね。]?$"
)
INTERROGATIVE = re.compile(r"幾ら$|何[月日年割円人件回時分歳度か所]+$")

# Pieces of text the expressions tell apart, and a few they do not, in any order.
PIECES = [
    *"いよ良のかね。．.!?！？、 \u3000「」[]何月割所幾ら協",
    *["いい", "よい", "良い", "です", "でしょう", "どこ", "って", "とは", "協働", "か所"],
]
texts = st.lists(st.sampled_from(PIECES), max_size=8).map("".join)


@settings(max_examples=400)
@given(texts)
def test_words_are_what_the_expression_finds(text: str) -> None:
    assert typed_words(text) == [(m.start(), m.group()) for m in WORDS.finditer(text)]


@settings(max_examples=400)
@given(texts)
def test_sentences_are_what_the_expression_finds(text: str) -> None:
    assert sentence_spans(text) == [m.span() for m in SENTENCES.finditer(text)]


@settings(max_examples=400)
@given(texts)
def test_a_sentence_asks_as_the_expression_says(text: str) -> None:
    assert asks(text) == bool(QUESTION_CUE.search(text))


@settings(max_examples=400)
@given(texts)
def test_interrogatives_are_what_the_expression_matches(text: str) -> None:
    if "\n" not in text:  # $ matches before a final newline; terms have none
        assert is_interrogative(text) == bool(INTERROGATIVE.match(text))


def test_examples() -> None:
    assert asks("これでいいですか") and asks("それで良いの") and asks("市と組むべき")
    assert not asks("町内会で活動している")
    assert is_interrogative("何割") and is_interrogative("幾ら") and not is_interrogative("何事")
