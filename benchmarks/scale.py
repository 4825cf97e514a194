"""kyodo on large corpora: synthetic corpora of 1,000 to 100,000 Q&As.

    python benchmarks/scale.py [--sizes 1000 10000 100000] [--rounds 7] [--kyodo PATH]

Each corpus recombines sentences of the packaged one (seeded, valid against the corpus
schema) and is given to the installed `kyodo` with --corpus. The table shows the time and
file size of preparing it (validation, analysis, index, written once to the cache), and the
median latency of whole `show`, `list --chapter`, `chapters` and `ask` processes once it is
prepared, with list and chapters as ratios to show in the same run. Targets: list and
chapters <= 2 x show at every size; at 100,000 Q&As ask <= 0.3 s and show <= 0.1 s;
preparation growing linearly.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from kyodo_cli.corpus.records import packaged_corpus, validate_corpus
from kyodo_cli.text.normalize import sentences

QUERIES = ["補助金", "協働のパートナーはどう選べばいいですか", "監査"]


def synthetic_corpus(size: int, seed: int = 76) -> dict[str, Any]:
    """A corpus of ``size`` Q&As made of the packaged corpus's questions and sentences."""
    source = packaged_corpus()
    rng = random.Random(seed)
    pool = [s.strip() for item in source.items for _, s in sentences(item.answer_text)]
    questions = [item.question for item in source.items]
    chapters = [{"number": c.number, "title": c.title} for c in source.chapters]
    items = []
    for number in range(1, size + 1):
        paragraphs = [
            "".join(rng.sample(pool, rng.randint(1, 3))) for _ in range(rng.randint(1, 4))
        ]
        items.append(
            {
                "number": number,
                "chapter": rng.randint(1, len(chapters)),
                "question": rng.choice(questions),
                "answer": [{"type": "paragraph", "text": p} for p in paragraphs],
            }
        )
    document = {"title": f"合成コーパス（{size} 問）"}
    return {
        "format": "kyodo-corpus",
        "version": 1,
        "document": document,
        "chapters": chapters,
        "items": items,
    }


def timed(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    if result.returncode not in (0, 1):
        raise SystemExit(f"failed ({result.returncode}): {' '.join(argv)}\n{result.stderr!r}")
    return time.perf_counter() - started


def measure(size: int, kyodo: str, rounds: int, work: Path) -> dict[str, float]:
    data = synthetic_corpus(size)
    assert validate_corpus(data) == [], "the synthetic corpus must be valid"
    path = work / f"corpus-{size}.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    cache = work / f"cache-{size}"
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    build = timed([kyodo, "chapters", "--corpus", str(path)], env)
    prepared = sum(f.stat().st_size for f in (cache / "kyodo").glob("*.sqlite"))
    middle = str(size // 2)
    commands = {
        "show": [kyodo, "show", middle, "--plain", "--corpus", str(path)],
        "list": [kyodo, "list", "--chapter", "2", "--plain", "--corpus", str(path)],
        "chapters": [kyodo, "chapters", "--plain", "--corpus", str(path)],
        "ask": [kyodo, "ask", "", "--plain", "--corpus", str(path)],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for round_number in range(rounds + 1):
        for name, argv in commands.items():
            if name == "ask":
                argv = [*argv[:2], QUERIES[round_number % len(QUERIES)], *argv[3:]]
            elapsed = timed(argv, env)
            if round_number:  # the first round warms the page cache
                times[name].append(elapsed)
    show = statistics.median(times["show"])
    return {
        "list/show": statistics.median(times["list"]) / show,
        "chapters/show": statistics.median(times["chapters"]) / show,
        "source MiB": path.stat().st_size / 2**20,
        "prepare s": build,
        "prepared MiB": prepared / 2**20,
        **{f"{name} ms": statistics.median(values) * 1000 for name, values in times.items()},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--kyodo", default=shutil.which("kyodo"))
    parser.add_argument("--keep", type=Path, help="keep the corpora and caches in this folder")
    args = parser.parse_args(argv)
    if not args.kyodo:
        raise SystemExit("kyodo is not installed: pip install . first")
    work = args.keep or Path(tempfile.mkdtemp(prefix="kyodo-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    columns = [
        "Q&As",
        "source MiB",
        "prepare s",
        "s per 1k",
        "prepared MiB",
        "show ms",
        "list ms",
        "chapters ms",
        "ask ms",
        "list/show",
        "chapters/show",
    ]
    print(f"# kyodo on synthetic corpora ({os.cpu_count()} cores), medians of {args.rounds}")
    print("".join(f"{c:>14}" for c in columns))
    try:
        for size in args.sizes:
            row = measure(size, args.kyodo, args.rounds, work)
            row["s per 1k"] = row["prepare s"] / size * 1000
            cells = [f"{size:>14,}"] + [f"{row[c]:>14.2f}" for c in columns[1:]]
            print("".join(cells), flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
