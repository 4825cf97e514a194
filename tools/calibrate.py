"""Fit the answer judgement (``src/kyodo_cli/data/confidence.json``) on the query sets.

    python tools/calibrate.py            # fit on the calibration halves, write the model
    python tools/calibrate.py --check    # report only: the figures of the shipped model

Every query set in tests/eval/ is split into a calibration half and a held-out half (the
``split`` field of each line). The judgement is fitted on the calibration halves only, run
on the packaged corpus and on the same corpus with every Q&A's keywords taken away (a
corpus without hand-written search aids, like most users' own). The other corpora with
their own queries (each folder of tests/eval/ with a ``corpus.json``: a fictional city's
FAQ, a fictional city's handbook, without keywords) are not fitted on: they measure how the
judgement holds on corpora it was not made for, as a user's is. (Fitting on one of them too
made it no better on the other, and worse on this document without keywords.)
A query is a positive when the document answers it (``relevant`` is not empty). The model
is a logistic regression over :class:`kyodo_cli.search.confidence.Evidence`. It has two
thresholds, one for corpora with search aids and one for corpora without (the evidence of
the second is weaker): each is the highest that wrongly disowns at most ``--max-disowned``
of the answerable calibration queries on that kind of corpus, each query scored by a model
fitted without it (five folds, a query's packaged and bare samples in the same fold): a
model is surer of the queries it was fitted on than of new ones, and a threshold set on
those would disown more new queries than it says. The held-out figures printed at the end
are the ones to report. ``--max-disowned`` is 0.75%: at 1%, the model with the evidence of
unknown kanji words disowned 1.5% of the answerable calibration queries with keywords
(0.5% before it); at 0.75%, 1.0%.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import zlib
from collections.abc import Sequence
from pathlib import Path

from kyodo_cli.corpus.records import (
    corpus_from_dict,
    load_corpus,
    packaged_bytes,
    packaged_corpus,
)
from kyodo_cli.errors import KyodoError
from kyodo_cli.files import write_whole
from kyodo_cli.search.build import index_in_memory
from kyodo_cli.search.confidence import Evidence, Model, probability
from kyodo_cli.search.engine import MAX_UNKNOWN, SearchEngine, engine
from kyodo_cli.search.indexes import build

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "tests" / "eval"
# Other corpora, each a folder with a corpus (corpus.json) and its query set (queries.jsonl).
OTHERS = sorted(path.parent for path in QUERIES.glob("*/corpus.json"))
FITTED_ON = ("packaged", "bare")  # the corpora fitted on; the others are only measured
OUTPUT = ROOT / "src" / "kyodo_cli" / "data" / "confidence.json"
STEPS = 4000
FOLDS = 5
RATE = 0.1
L2 = 0.01
ABOUT = (
    "答えの判定（ロジスティック回帰）の重み。"
    "tools/calibrate.py が query sets の calibration 半分から求めた"
)

Sample = tuple[Evidence, bool, str, str, str]  # evidence, answerable, split, set name, query


def engines() -> dict[str, tuple[SearchEngine, list[Path]]]:
    """Per corpus, an engine and the query sets asked of it."""
    raw = json.loads(packaged_bytes())
    for item in raw["items"]:
        item.pop("keywords", None)
    bare = corpus_from_dict(raw, digest="bare")
    sets = sorted(QUERIES.glob("*.jsonl"))
    found = {
        "packaged": (engine(packaged_corpus()), sets),
        "bare": (SearchEngine(bare, index_in_memory(build(bare))), sets),
    }
    for folder in OTHERS:
        other = load_corpus(folder / "corpus.json")
        found[folder.name] = (
            SearchEngine(other, index_in_memory(build(other))),
            [folder / "queries.jsonl"],
        )
    return found


def samples(search: SearchEngine, paths: Sequence[Path]) -> list[Sample]:
    found: list[Sample] = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            query = json.loads(line)
            try:
                analysed = search.analyse(query["query"])
                ranking = search.rank(analysed, 10, None)
            except KyodoError:
                continue
            if analysed.asked_unknown > MAX_UNKNOWN:
                continue  # answered with nothing before any judgement
            evidence = Evidence.of(analysed, ranking)
            if evidence is not None:
                found.append(
                    (evidence, bool(query["relevant"]), query["split"], path.stem, query["query"])
                )
    return found


def fit(data: Sequence[tuple[Evidence, bool]]) -> Model:
    """Logistic regression by gradient descent on standardised features, L2-regularised,
    positives and negatives weighed equally."""
    names = list(Evidence._fields)
    rows = [[getattr(e, n) for n in names] for e, _ in data]
    mean = [sum(col) / len(rows) for col in zip(*rows, strict=True)]
    spread = [
        math.sqrt(sum((x - m) ** 2 for x in col) / len(rows)) or 1.0
        for col, m in zip(zip(*rows, strict=True), mean, strict=True)
    ]
    xs = [[(x - m) / s for x, m, s in zip(row, mean, spread, strict=True)] for row in rows]
    ys = [1.0 if label else 0.0 for _, label in data]
    positives = sum(ys)
    share = {1.0: len(ys) / (2 * positives), 0.0: len(ys) / (2 * (len(ys) - positives))}
    w = [0.0] * len(names)
    b = 0.0
    for _ in range(STEPS):
        gw = [L2 * wi for wi in w]
        gb = 0.0
        for x, y in zip(xs, ys, strict=True):
            z = b + sum(wi * xi for wi, xi in zip(w, x, strict=True))
            error = (1 / (1 + math.exp(-max(-50, min(50, z)))) - y) * share[y] / len(ys)
            gb += error
            for i, xi in enumerate(x):
                gw[i] += error * xi
        w = [wi - RATE * g for wi, g in zip(w, gw, strict=True)]
        b -= RATE * gb
    weights = {n: wi / s for n, wi, s in zip(names, w, spread, strict=True)}
    bias = b - sum(wi * m / s for wi, m, s in zip(w, mean, spread, strict=True))
    return Model(weights, bias, 0.5, 0.5)


def out_of_fold(data: Sequence[tuple[Evidence, bool, str]]) -> list[float]:
    """Each sample's probability under a model fitted on the other folds (a query's fold
    follows from its text)."""
    folds = [zlib.crc32(query.encode()) % FOLDS for _, _, query in data]
    found = [0.0] * len(data)
    for fold in range(FOLDS):
        model = fit([(e, label) for (e, label, _), f in zip(data, folds, strict=True) if f != fold])
        for i, ((evidence, _, _), f) in enumerate(zip(data, folds, strict=True)):
            if f == fold:
                found[i] = probability(evidence, model)
    return found


def threshold(probabilities: Sequence[float], labels: Sequence[bool], max_disowned: float) -> float:
    positives = sorted(p for p, label in zip(probabilities, labels, strict=True) if label)
    allowed = int(max_disowned * len(positives))
    return positives[allowed] if positives else 0.5


def report(model: Model, found: dict[str, list[Sample]], split: str) -> None:
    print(f"-- {split}")
    for corpus, items in found.items():
        chosen = [s for s in items if s[2] == split]
        for name in [*sorted({s[3] for s in chosen}), "ALL"]:
            group = [s for s in chosen if name in ("ALL", s[3])]
            kept = [
                probability(s[0], model) >= model.threshold_for(bool(s[0].aided)) for s in group
            ]
            pos = [k for k, s in zip(kept, group, strict=True) if s[1]]
            neg = [not k for k, s in zip(kept, group, strict=True) if not s[1]]
            line = f"{corpus:9} {name:24}"
            if pos:
                line += f" pos_flagged {1 - sum(pos) / len(pos):.3f} ({len(pos)})"
            if neg:
                line += f" neg_flagged {sum(neg) / len(neg):.3f} ({len(neg)})"
            print(line)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report the shipped model only")
    parser.add_argument("--max-disowned", type=float, default=0.0075)
    args = parser.parse_args(argv)
    found = {name: samples(search, paths) for name, (search, paths) in engines().items()}
    if args.check:
        from kyodo_cli.search.confidence import model

        fitted = model()
    else:
        calibration = [
            (e, label, query)
            for corpus in FITTED_ON
            for e, label, split, _, query in found[corpus]
            if split == "calibration"
        ]
        fitted = fit([(e, label) for e, label, _ in calibration])
        unseen = out_of_fold(calibration)
        cut = {
            aided: threshold(
                [p for p, (e, _, _) in zip(unseen, calibration, strict=True) if e.aided == aided],
                [label for e, label, _ in calibration if e.aided == aided],
                args.max_disowned,
            )
            for aided in (1.0, 0.0)  # a corpus with search aids, and one without
        }
        fitted = fitted._replace(threshold=cut[1.0], unaided_threshold=cut[0.0])
        write_whole(
            OUTPUT,
            json.dumps(
                {
                    "about": ABOUT,
                    "weights": {k: round(v, 4) for k, v in fitted.weights.items()},
                    "bias": round(fitted.bias, 4),
                    "threshold": round(fitted.threshold, 4),
                    "unaided_threshold": round(fitted.unaided_threshold, 4),
                },
                ensure_ascii=False,
                indent=2,
            )
            + "\n",
        )
    print(json.dumps(fitted._asdict(), ensure_ascii=False))
    report(fitted, found, "calibration")
    report(fitted, found, "heldout")
    return 0


if __name__ == "__main__":
    sys.exit(main())
