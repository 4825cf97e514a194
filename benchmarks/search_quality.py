"""Search quality of `kyodo ask` on the repository's query sets, against two baselines.

    python benchmarks/search_quality.py [--details] [QUERIES.jsonl ...]

For each query set (default: tests/eval/*.jsonl; ``--split heldout`` for the held-out half
of each) prints Hit@1, Hit@3 and MRR@10 per query kind and overall for methods run in the
same process on the packaged corpus: literal substring matching (what Ctrl+F finds),
rapidfuzz WRatio over the question texts, and kyodo's search engine; then kyodo on the same
corpus with every Q&A's keywords taken away (``bare``: a corpus without hand-written search
aids, like most users' own), and both without the domain thesaurus (``-thes``: an ablation).
``--methods`` picks some of them; ``--summary`` prints one line per set and method.

    python benchmarks/search_quality.py --corpus tests/eval/minato/corpus.json \
        tests/eval/minato/queries.jsonl

measures another corpus, read as a user's ``--corpus`` file is (``kyodo`` and
``kyodo-thes``: an index built from it, which is all a user's corpus gets): a fictional
city's FAQ written for this, with queries written from its text alone, shows how much of
kyodo's quality comes with the engine rather than with this document.

Queries the document does not answer ("relevant": []) are not part of those figures; for
them the share flagged (no result, or kyodo's ``answered`` false) is printed as neg_flag,
and for the others the share wrongly flagged as pos_flag.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

from rapidfuzz import fuzz, process

from kyodo_cli.corpus.records import Corpus, corpus_from_dict, packaged_bytes, packaged_corpus
from kyodo_cli.search.engine import SearchEngine, engine

ROOT = Path(__file__).resolve().parent.parent
TOP = 10

Ranker = Callable[[str], tuple[list[int], bool]]  # ranked numbers, and whether answered


def load_queries(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def literal(corpus: Corpus) -> Ranker:
    def rank(query: str) -> tuple[list[int], bool]:
        found = [
            item.number
            for item in corpus.items
            if query in item.question or query in item.answer_text
        ][:TOP]
        return found, bool(found)

    return rank


def fuzzy_questions(corpus: Corpus) -> Ranker:
    questions = [item.question for item in corpus.items]

    def rank(query: str) -> tuple[list[int], bool]:
        found = process.extract(query, questions, scorer=fuzz.WRatio, limit=TOP)
        return [corpus.items[i].number for _, _, i in found], bool(found)

    return rank


def kyodo(corpus: Corpus, search_engine: SearchEngine | None = None) -> Ranker:
    search_engine = search_engine or engine(corpus)

    def rank(query: str) -> tuple[list[int], bool]:
        result = search_engine.search(query, limit=TOP)
        return [hit.number for hit in result.hits], result.answered

    return rank


def bare_corpus() -> Corpus:
    """The packaged corpus with every Q&A's keywords taken away."""
    raw = json.loads(packaged_bytes())
    for item in raw["items"]:
        item.pop("keywords", None)
    return corpus_from_dict(raw, digest="bare")


def built_engine(corpus: Corpus, *, thesaurus: bool = True) -> SearchEngine:
    """An engine over an index built in this process (with or without the thesaurus)."""
    from kyodo_cli.search.build import build_index, index_in_memory
    from kyodo_cli.search.indexes import build, expected_meta
    from kyodo_cli.text.normalize import loose_reading
    from kyodo_cli.text.sudachi import Analyzer

    if thesaurus:
        data = build(corpus)
    else:
        data = build_index(corpus, Analyzer(), loose_reading, [], expected_meta(corpus))
    return SearchEngine(corpus, index_in_memory(data))


def rankers(names: Sequence[str], path: Path | None = None) -> dict[str, Ranker]:
    """The methods named, on the packaged corpus, or on the corpus file at ``path`` (where
    kyodo gets an index built from the file, as a user's corpus does)."""
    if path is None:
        corpus = packaged_corpus()
    else:
        from kyodo_cli.corpus.records import load_corpus

        corpus = load_corpus(path)
    bare = bare_corpus() if any(name.startswith("bare") for name in names) else corpus
    makers: dict[str, Callable[[], Ranker]] = {
        "literal": lambda: literal(corpus),
        "rapidfuzz": lambda: fuzzy_questions(corpus),
        "kyodo": lambda: kyodo(corpus, None if path is None else built_engine(corpus)),
        "kyodo-thes": lambda: kyodo(corpus, built_engine(corpus, thesaurus=False)),
        "bare": lambda: kyodo(bare, built_engine(bare)),
        "bare-thes": lambda: kyodo(bare, built_engine(bare, thesaurus=False)),
    }
    return {name: makers[name]() for name in names}


METHODS = ["literal", "rapidfuzz", "kyodo", "kyodo-thes", "bare", "bare-thes"]
CORPUS_METHODS = ["literal", "rapidfuzz", "kyodo", "kyodo-thes"]  # for --corpus


def rank_of(ranked: Sequence[int], relevant: Sequence[int]) -> int | None:
    return next((i + 1 for i, n in enumerate(ranked[:TOP]) if n in relevant), None)


def metrics(ranks: list[int | None]) -> tuple[float, float, float]:
    n = len(ranks) or 1
    hit1 = sum(1 for r in ranks if r == 1) / n
    hit3 = sum(1 for r in ranks if r and r <= 3) / n
    mrr = sum(1 / r for r in ranks if r) / n
    return hit1, hit3, mrr


class Evaluation(NamedTuple):
    by_kind: dict[str, list[int | None]]  # rank of the first relevant result, per query
    unanswerable: list[bool]  # per query the document does not answer: said so (flagged)
    disowned: list[bool]  # per query it answers: wrongly said to have no answer
    details: list[tuple[dict[str, object], list[int]]]


def evaluate(queries: list[dict[str, object]], rank: Ranker) -> Evaluation:
    found = Evaluation(defaultdict(list), [], [], [])
    for query in queries:
        ranked, answered = rank(str(query["query"]))
        relevant = [int(n) for n in query["relevant"]]  # type: ignore[attr-defined]
        if relevant:
            found.by_kind[str(query["kind"])].append(rank_of(ranked, relevant))
            found.details.append((query, ranked))
            found.disowned.append(not answered)
        else:
            found.unanswerable.append(not answered)
    return found


def print_table(name: str, evaluations: dict[str, Evaluation]) -> None:
    results = {method: found.by_kind for method, found in evaluations.items()}
    methods = list(results)
    kinds = sorted(next(iter(results.values())))
    print(f"\n## {name}")
    header = f"{'kind':<11}{'n':>4}  " + "  ".join(f"{m:^22}" for m in methods)
    print(header)
    print(" " * 17 + "  ".join(f"{'H@1':>6}{'H@3':>8}{'MRR':>8}" for _ in methods))
    for kind in [*kinds, "ALL"]:
        cells = []
        for method in methods:
            ranks = (
                [r for rs in results[method].values() for r in rs]
                if kind == "ALL"
                else results[method][kind]
            )
            cells.append("{:6.2f}{:8.2f}{:8.2f}".format(*metrics(ranks)))
        n = (
            sum(len(v) for v in results[methods[0]].values())
            if kind == "ALL"
            else len(results[methods[0]][kind])
        )
        print(f"{kind:<11}{n:>4}  " + "  ".join(cells))
    first = next(iter(evaluations.values()))
    for label, name, note in (
        ("neg_flag", "unanswerable", "share of unanswerable queries said to have no answer"),
        ("pos_flag", "disowned", "share of answerable queries wrongly said so"),
    ):
        flags: list[bool] = getattr(first, name)
        if flags:
            shares = [sum(getattr(found, name)) / len(flags) for found in evaluations.values()]
            row = "  ".join(f"{share:22.3f}" for share in shares)
            print(f"{label:<11}{len(flags):>4}  {row}  ({note})")


def print_summary(name: str, evaluations: dict[str, Evaluation]) -> None:
    for method, found in evaluations.items():
        ranks = [r for rs in found.by_kind.values() for r in rs]
        if not ranks:
            continue
        hit1, hit3, mrr = metrics(ranks)
        figures = f"H@1 {hit1:.3f}  H@3 {hit3:.3f}  MRR {mrr:.3f}"
        print(f"{name:<24}{method:<12}{len(ranks):>4}  {figures}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--details", action="store_true", help="list kyodo's misses")
    parser.add_argument(
        "--split", choices=["calibration", "heldout"], help="only that half of each set"
    )
    parser.add_argument(
        "--methods", help=f"comma-separated, of {', '.join(METHODS)} (default: all of them)"
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        help=f"a corpus file to measure instead (methods: {', '.join(CORPUS_METHODS)})",
    )
    parser.add_argument("--summary", action="store_true", help="one line per set and method")
    args = parser.parse_args(argv)
    if args.corpus is not None and not args.files:
        parser.error("--corpus needs the query sets to measure it with")
    files = args.files or sorted((ROOT / "tests" / "eval").glob("*.jsonl"))
    known = CORPUS_METHODS if args.corpus is not None else METHODS
    names = [name for name in (args.methods or ",".join(known)).split(",") if name]
    if unknown := [name for name in names if name not in known]:
        parser.error(f"unknown method(s): {', '.join(unknown)}")
    chosen = rankers(names, args.corpus)
    for path in files:
        queries = [q for q in load_queries(path) if args.split in (None, q.get("split"))]
        evaluations = {name: evaluate(queries, ranker) for name, ranker in chosen.items()}
        if args.summary:
            print_summary(path.stem, evaluations)
        else:
            print_table(path.name, evaluations)
        if args.details:
            method = next((m for m in ("kyodo", "bare") if m in evaluations), "")
            for query, ranked in evaluations[method].details if method else ():
                relevant = [int(n) for n in query["relevant"]]  # type: ignore[attr-defined]
                r = rank_of(ranked, relevant)
                if r != 1:
                    got = ranked[:5]
                    print(f"  rank {r}  {query['kind']:<10} {query['query']}  {relevant} {got}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
