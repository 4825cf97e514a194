"""Text is handed to Sudachi in chunks it accepts, however much its characters grow when
Sudachi normalises them (ﷺ becomes 18 characters, ㌖ six)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kyodo_cli.text import dictionary
from kyodo_cli.text.chunks import CHUNK, CHUNK_BYTES, chunks
from kyodo_cli.text.sudachi import Analyzer

SUDACHI_LIMIT = 65_535  # bytes, once Sudachi has normalised the text
GROWING = ["\ufdfa", "㌖", "㍿", "ﬄ", "İ", "補", "a", "。", "\n", "e\u0301", "🏳️‍🌈"]


def normalised_bytes(text: str) -> int:
    return len(unicodedata.normalize("NFKC", text.lower()).encode("utf-8"))


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(GROWING), st.integers(1, 3000)), max_size=8))
def test_chunks_cover_the_text_and_each_fits(runs: list[tuple[str, int]]) -> None:
    text = "".join(piece * count for piece, count in runs)
    found = list(chunks(text))
    assert "".join(chunk for _, chunk in found) == text
    assert [offset for offset, _ in found] == [
        sum(len(chunk) for _, chunk in found[:i]) for i in range(len(found))
    ]
    for _, chunk in found:
        assert 0 < len(chunk) <= CHUNK
        assert normalised_bytes(chunk) <= CHUNK_BYTES


def test_ordinary_text_is_cut_every_chunk_characters() -> None:
    text = "補助金の交付について。" * 2000
    assert [offset for offset, _ in chunks(text)] == list(range(0, len(text), CHUNK))


@pytest.mark.parametrize("text", ["\ufdfa" * 2100, "㌖" * 3700, "\ufdfa" * 20_000])
def test_sudachi_accepts_text_that_grows_past_its_limit(text: str) -> None:
    assert normalised_bytes(text) > SUDACHI_LIMIT
    analyzer = Analyzer()
    analyzer.tokens(text)
    analyzer.reading(text)


def test_a_chunk_sudachi_still_refuses_is_analysed_in_halves(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sudachipy.errors import SudachiError

    real = dictionary.tokenizer()

    class Fussy:
        """Refuses more than 100 characters, as Sudachi refuses what grows too much."""

        def tokenize(self, text: str) -> Iterator[object]:
            if len(text) > 100:
                raise SudachiError("Input is too long")
            return iter(real.tokenize(text))

    monkeypatch.setattr(dictionary, "tokenizer", Fussy)
    text = "補助金を交付する。" * 50
    tokens = Analyzer().tokens(text)
    assert [t.surface for t in tokens].count("補助金") >= 40  # a cut may fall inside a word
    assert all(text[t.start : t.end] == t.surface for t in tokens)
