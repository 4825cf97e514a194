"""What a search tells the user besides its results, one line each: that the query was cut
short, and why nothing answers, when it can say: which words of the query the document never
uses, or that the nearest answer lacks the value asked for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kyodo_cli.search.frames import value_labels

if TYPE_CHECKING:
    from kyodo_cli.search.concepts import AnalysedQuery


WORD_CHARS = 2  # one character names nothing worth saying the document lacks (m of \x1b[31m)


def notices(
    analysed: AnalysedQuery,
    out_of_scope: bool,
    unanswered: bool,
    lacking_value: int | None = None,
) -> tuple[str, ...]:
    """``out_of_scope``: the question is mostly words the document never uses, and gets no
    results. ``unanswered``: it gets results, none of which answers it; the words of the
    sentence that asks that the document never uses say why (「任期」は文書に出てこない語です).
    ``lacking_value``: the number of the nearest Q&A, when it is no answer because it lacks
    the value asked for; said when no word the document lacks says why already (尋ねている
    金額は、いちばん近い Q52 にも書かれていません: every word is the document's, yet the
    nearest answer does not give the amount)."""
    found = []
    if analysed.truncated:
        found.append(f"検索語が長いため、先頭の {len(analysed.text)} 文字で検索しました")
    if out_of_scope:
        unknown = analysed.strangers
    elif not unanswered:
        unknown = ()
    else:  # a word, or the part of a compound that makes it specific (年齢 of 年齢制限)
        unknown = tuple(word for word in analysed.unknown_as_typed if len(word) >= WORD_CHARS)
    if unknown:
        found.append("".join(f"「{word}」" for word in unknown) + "は文書に出てこない語です")
    elif lacking_value is not None and (
        labels := value_labels(analysed.frames) + tuple(f"数（何{u}）" for u in analysed.units)
    ):
        asked = "・".join(labels)
        found.append(f"尋ねている{asked}は、いちばん近い Q{lacking_value} にも書かれていません")
    return tuple(found)
