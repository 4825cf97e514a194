"""How often kyodo marks the sentence that answers the query, in the answer of the Q&A that
answers it.

    python benchmarks/answering_sentence.py [--split calibration|heldout] [--misses]

``tests/eval/answering/sentences.jsonl`` holds queries of the other sets, each with the
Q&A that answers it and the sentence(s) of its answer a reader asking it should be pointed
to, labelled by reading the query and the answer alone. For each, the answer is searched
as ``kyodo ask`` searches it, and the sentence it marks in that Q&A (▶ in the full answer,
and ``--json``'s ``snippet``) is compared with the labelled ones; so is the sentence
``kyodo browse`` marks (``answer_marks``: the same choice, made without a ranking), and
two floors measured the same way: the answer's first sentence, and the sentence holding
most of the query's characters. Prints the share marked right per query kind and overall;
a Q&A the search does not rank at all is counted apart.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from kyodo_cli.corpus.records import packaged_corpus
from kyodo_cli.search.engine import engine
from kyodo_cli.search.terms import bigrams
from kyodo_cli.text.normalize import sentences

ROOT = Path(__file__).resolve().parent.parent
LABELLED = ROOT / "tests" / "eval" / "answering" / "sentences.jsonl"
METHODS = ("ask", "browse", "first", "characters")


def _span(text: str, score: Callable[[str], float]) -> tuple[int, int]:
    """The sentence of ``text`` that scores most (the first of those alike)."""
    found = sentences(text)
    offset, sentence = max(found, key=lambda pair: (score(pair[1]), -pair[0]))
    return offset, offset + len(sentence)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["calibration", "heldout"])
    parser.add_argument("--misses", action="store_true", help="list ask's wrong marks")
    args = parser.parse_args(argv)
    corpus = packaged_corpus()
    searching = engine(corpus)
    right: dict[str, dict[str, list[bool]]] = {m: defaultdict(list) for m in METHODS}
    unranked = 0
    for line in LABELLED.read_text(encoding="utf-8").splitlines():
        labelled = json.loads(line)
        if args.split not in (None, labelled["split"]):
            continue
        item = corpus.item(labelled["number"])
        assert item is not None, labelled
        text = item.answer_text
        gold = set(labelled["sentences"])
        result = searching.search(labelled["query"], limit=len(corpus.items))
        hit = next((h for h in result.hits if h.number == item.number), None)
        if hit is None:
            unranked += 1
            continue
        wanted = set(searching.analyse(labelled["query"]).bigrams)
        marked = {
            "ask": hit.sentence,
            "browse": searching.answer_marks(labelled["query"], item.number)[0],
            "first": _span(text, lambda sentence: 0.0),
            "characters": _span(text, lambda sentence, w=wanted: len(w & set(bigrams(sentence)))),
        }
        for method, (start, end) in marked.items():
            ok = text[start:end].strip() in gold
            right[method][labelled["kind"]].append(ok)
            right[method]["ALL"].append(ok)
        if args.misses and text[slice(*hit.sentence)].strip() not in gold:
            at = [s.strip() for _, s in sentences(text)].index(text[slice(*hit.sentence)].strip())
            print(f"  {labelled['kind']:<11} Q{item.number} marked {at}: {labelled['query']}")
    kinds = sorted(right["ask"], key=lambda k: (k == "ALL", k))
    print(f"{'kind':<12}{'n':>5}" + "".join(f"{m:>12}" for m in METHODS))
    for kind in kinds:
        n = len(right["ask"][kind])
        shares = "".join(f"{sum(right[m][kind]) / n:>12.3f}" for m in METHODS)
        print(f"{kind:<12}{n:>5}{shares}")
    print(f"not ranked at all: {unranked}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
