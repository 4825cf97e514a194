"""Preparing a user's corpus, against bare Sudachi over the same text, in the same run.

    python benchmarks/prepare.py [--size 5000 ...] [--rounds 3] [--kyodo PATH]

The corpus is scale.py's synthetic one, of each size given. Each round, interleaved: (a) the
floor, a process that loads the Sudachi dictionary and tokenizes (split mode C) every Q&A's
question, answer and keywords; (b) ``kyodo chapters --corpus`` with an empty cache, which
validates, analyses, indexes and writes the prepared file; (c) the floor on both cores:
two such processes at once, each over every other Q&A, which is the most that sharing the
work out can win on this machine (two hyperthreads of one core win far less than two
cores). The table gives medians of wall time and CPU time (all processes), the ratio to
the floor, and peak RSS (the largest process, with the dictionary's pages it read).
Targets: wall time <= 1.5 x the floor, peak RSS <= 200 MiB; several sizes show whether
memory grows with the corpus.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from scale import synthetic_corpus

FLOOR = """
import json, sys
from sudachipy import Dictionary, SplitMode
tokenizer = Dictionary(dict="core").tokenizer(mode=SplitMode.C)
data = json.loads(open(sys.argv[1], encoding="utf-8").read())
share, shares = (int(arg) for arg in sys.argv[2:4]) if len(sys.argv) > 2 else (0, 1)
for item in data["items"][share::shares]:
    answer = "\\n".join(block["text"] for block in item["answer"])
    for text in (item["question"], answer, "\\n".join(item.get("keywords", []))):
        for morpheme in tokenizer.tokenize(text):
            morpheme.surface()
"""
TARGET = 1.5
PEAK_TARGET_MIB = 200


def timed(*commands: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """The commands run at once: wall seconds until the last ends, CPU seconds of them all
    and their children, the largest peak RSS in KiB."""
    before = os.times()
    started = time.perf_counter()
    processes = [
        subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        for argv in commands
    ]
    peak = 0
    for argv, process in zip(commands, processes, strict=True):
        _, status, usage = os.wait4(process.pid, 0)
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            raise SystemExit(f"failed: {' '.join(argv)}")
        peak = max(peak, usage.ru_maxrss)
    elapsed = time.perf_counter() - started
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return elapsed, cpu, peak


def measure(size: int, kyodo: str, python: str, rounds: int, work: Path) -> dict[str, Any]:
    """Medians of wall and CPU seconds, and the largest peak in MiB, of floor and kyodo."""
    corpus = work / f"corpus-{size}.json"
    corpus.write_text(json.dumps(synthetic_corpus(size), ensure_ascii=False), encoding="utf-8")
    runs: dict[str, list[tuple[float, float, int]]] = {"floor": [], "kyodo": [], "floor×2": []}
    floor = [python, "-c", FLOOR, str(corpus)]
    for round_number in range(rounds):
        cache = work / f"cache-{size}-{round_number}"
        env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
        runs["floor"].append(timed(floor, env=env))
        runs["kyodo"].append(timed([kyodo, "chapters", "--corpus", str(corpus)], env=env))
        runs["floor×2"].append(timed([*floor, "0", "2"], [*floor, "1", "2"], env=env))
        shutil.rmtree(cache, ignore_errors=True)
    return {
        name: (
            statistics.median(r[0] for r in found),
            statistics.median(r[1] for r in found),
            max(r[2] for r in found) / 1024,
        )
        for name, found in runs.items()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, nargs="+", default=[5000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--kyodo", default=shutil.which("kyodo"))
    args = parser.parse_args(argv)
    if not args.kyodo:
        raise SystemExit("kyodo is not installed: pip install . first")
    python = Path(args.kyodo).read_bytes().split(b"\n", 1)[0][2:].decode().strip()
    print(f"# preparing synthetic corpora ({os.cpu_count()} cores), medians of {args.rounds}")
    print(f"{'Q&As':>7} {'':<8}{'wall s':>8}{'ratio':>7}{'cpu s':>8}{'ratio':>7}{'peak MiB':>10}")
    work = Path(tempfile.mkdtemp(prefix="kyodo-prepare-"))
    try:
        for size in args.size:
            found = measure(size, args.kyodo, python, args.rounds, work)
            (wall, cpu, _), (kyodo_wall, _, peak) = found["floor"], found["kyodo"]
            for name, (w, c, mib) in found.items():
                label = f"{size:>7,}" if name == "floor" else ""
                ratios = f"{w:>8.2f}{w / wall:>7.2f}{c:>8.2f}{c / cpu:>7.2f}"
                print(f"{label:>7} {name:<8}{ratios}{mib:>10.1f}")
            verdict = "ok" if kyodo_wall / wall <= TARGET and peak <= PEAK_TARGET_MIB else "OVER"
            print(f"{'':>8}target: <= {TARGET} x the floor, <= {PEAK_TARGET_MIB} MiB: {verdict}")
            both = found["floor×2"][0]
            print(
                f"{'':>8}both cores make the floor {wall / both:.2f}x as fast; kyodo takes "
                f"{kyodo_wall / both:.2f}x the floor on both cores"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
