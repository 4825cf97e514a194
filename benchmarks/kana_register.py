"""How much of kyodo's search survives a query typed in kana: each answerable query of the sets
read into hiragana, as a user without an input method types it, against the query as written.

    python benchmarks/kana_register.py [--split calibration|heldout] [--misses] [QUERIES.jsonl ...]
    python benchmarks/kana_register.py --corpus tests/eval/sakura/corpus.json \
        tests/eval/sakura/queries.jsonl

Every answerable query of tests/eval/*.jsonl (or the files given) that is not typed in kana or
romaji already and is no longer than 40 characters is read word by word into hiragana with
Sudachi's readings: a space before each content word, punctuation dropped but for a question
mark (協働って結局コスト削減のため？ → きょうどうって けっきょく こすとさくげんの ため？).
The reading is the dictionary's, so a word it reads otherwise than meant (何が → なんが) or a
slip written into the query stays in the kana too. Prints Hit@1 and MRR@10 of the queries as
written and as kana, on the packaged corpus (or ``--corpus``), and the share of them wrongly
said to have no answer (pos_flag: no result, or ``answered`` false), and of the unanswerable
queries read the same way, the share rightly said to have none (neg_flag); ``--misses`` lists
the queries found first as written but not as kana.
"""

from __future__ import annotations

import argparse
import sys
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from search_quality import load_queries, metrics, rank_of, rankers

if TYPE_CHECKING:
    from sudachipy import Tokenizer

ROOT = Path(__file__).resolve().parent.parent
MAX_CHARS = 40  # a long situation is seldom typed in kana
CONTENT = frozenset({"名詞", "動詞", "形容詞", "形状詞", "副詞", "代名詞", "連体詞", "接頭辞"})
TYPED_IN_KANA = frozenset({"kana", "romaji"})


@lru_cache(maxsize=1)
def _tokenizer() -> Tokenizer:
    """Sudachi's tokenizer, loaded once for every query read."""
    from sudachipy import Dictionary

    return Dictionary(dict="core").tokenizer()


def as_kana(text: str, spaced: bool = True) -> str:
    """The text read into hiragana, a space before each content word (or none)."""
    from kyodo_cli.text.normalize import is_kanji, to_hiragana

    pieces: list[str] = []
    for morpheme in _tokenizer().tokenize(text):
        pos, surface = morpheme.part_of_speech()[0], morpheme.surface()
        if pos in ("補助記号", "空白"):
            if surface in "?？":
                pieces.append("？")
            continue
        if spaced and pos in CONTENT and pieces and not pieces[-1].endswith(" "):
            pieces.append(" ")
        written = any(is_kanji(ch) or "ァ" <= ch <= "ヺ" for ch in surface)
        pieces.append(to_hiragana(morpheme.reading_form()) if written else surface)
    return "".join(pieces).strip()


def one_word_in_kana(text: str) -> list[str]:
    """The text once for each word written in kanji, that word read into hiragana and the rest
    as written: someone who typed the word's sound and left it unconverted (協働の個人参加 →
    協働のこじん参加, 協働の個人さんか). Nouns only: a verb in kana with its endings after it
    in kanji is no way of typing."""
    from kyodo_cli.text.normalize import is_kanji, to_hiragana

    morphemes = list(_tokenizer().tokenize(text))
    variants = []
    for morpheme in morphemes:
        surface = morpheme.surface()
        if morpheme.part_of_speech()[0] != "名詞" or not any(is_kanji(ch) for ch in surface):
            continue
        kana = to_hiragana(morpheme.reading_form())
        variants.append(text[: morpheme.begin()] + kana + text[morpheme.end() :])
    return variants


def typed_in_kana(query: dict[str, object]) -> bool:
    return query.get("kind") in TYPED_IN_KANA or query.get("register") in TYPED_IN_KANA


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--split", choices=["calibration", "heldout"], help="one half of each")
    parser.add_argument("--misses", action="store_true", help="list what the kana loses")
    parser.add_argument("--corpus", type=Path, help="another corpus, read as a user's is")
    parser.add_argument(
        "--one-word",
        action="store_true",
        help="each noun in kanji read into kana alone, the rest as written",
    )
    parser.add_argument(
        "--unspaced", action="store_true", help="the kana typed without spaces between words"
    )
    args = parser.parse_args(argv)
    if args.one_word and args.unspaced:
        parser.error("--one-word and --unspaced are two registers: give one")
    files = args.files or sorted((ROOT / "tests" / "eval").glob("*.jsonl"))
    rank = rankers(["kyodo"], args.corpus)["kyodo"]
    written: list[int | None] = []
    typed: list[int | None] = []
    flagged = [0, 0]  # answerable queries said to have no answer: as written, as kana
    refused = [0, 0]  # and the unanswerable ones, rightly
    unanswerable = 0
    for path in files:
        for query in load_queries(path):
            text, relevant = str(query["query"]), query["relevant"]
            if typed_in_kana(query) or len(text) > MAX_CHARS:
                continue
            if args.split and query.get("split") != args.split:
                continue
            assert isinstance(relevant, list)
            found, answered = rank(text)
            before = rank_of(found, relevant)
            if args.one_word:
                variants = one_word_in_kana(text)
            else:
                variants = [as_kana(text, spaced=not args.unspaced)]
            for kana in variants:
                found_kana, answered_kana = rank(kana)
                if not relevant:
                    unanswerable += 1
                    refused[0] += not answered
                    refused[1] += not answered_kana
                    continue
                after = rank_of(found_kana, relevant)
                flagged[0] += not answered
                flagged[1] += not answered_kana
                written.append(before)
                typed.append(after)
                if args.misses and before == 1 and after != 1:
                    print(f"  rank {after}: {kana}  ← {text} {relevant}")
    if not written:
        print("no queries")
        return 1
    for name, ranks, disowned, rightly in (
        ("as written", written, flagged[0], refused[0]),
        ("as kana", typed, flagged[1], refused[1]),
    ):
        hit1, _, mrr = metrics(ranks)
        line = f"{name:<11} n={len(ranks)}  Hit@1 {hit1:.3f}  MRR@10 {mrr:.3f}"
        line += f"  pos_flag {disowned / len(ranks):.3f}"
        if unanswerable:
            line += f"  neg_flag {rightly / unanswerable:.3f} (n={unanswerable})"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
