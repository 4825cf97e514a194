"""Preparing a user's corpus, against bare Sudachi over the same text, in the same run.

    python benchmarks/prepare.py [--size 5000] [--rounds 3] [--kyodo PATH]

The corpus is scale.py's synthetic one. Each round, interleaved: (a) the floor, a process
that loads the Sudachi dictionary and tokenizes (split mode C) every Q&A's question, answer
and keywords; (b) ``kyodo chapters --corpus`` with an empty cache, which validates,
analyses, indexes and writes the prepared file. The table gives medians of wall time and
CPU time (all processes), the ratio to the floor, and kyodo's peak RSS (largest process).
Targets: wall time <= 1.5 x the floor, peak RSS <= 200 MiB.
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

from scale import synthetic_corpus

FLOOR = """
import json, sys
from sudachipy import Dictionary, SplitMode
tokenizer = Dictionary(dict="core").tokenizer(mode=SplitMode.C)
data = json.loads(open(sys.argv[1], encoding="utf-8").read())
for item in data["items"]:
    answer = "\\n".join(block["text"] for block in item["answer"])
    for text in (item["question"], answer, "\\n".join(item.get("keywords", []))):
        for morpheme in tokenizer.tokenize(text):
            morpheme.surface()
"""
TARGET = 1.5
PEAK_TARGET_MIB = 200


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds of the process and its children, peak RSS in KiB."""
    before = os.times()
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    after = os.times()
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"failed: {' '.join(argv)}")
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return elapsed, cpu, usage.ru_maxrss


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--kyodo", default=shutil.which("kyodo"))
    args = parser.parse_args(argv)
    if not args.kyodo:
        raise SystemExit("kyodo is not installed: pip install . first")
    python = Path(args.kyodo).read_bytes().split(b"\n", 1)[0][2:].decode().strip()
    work = Path(tempfile.mkdtemp(prefix="kyodo-prepare-"))
    try:
        corpus = work / "corpus.json"
        data = synthetic_corpus(args.size)
        corpus.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        runs: dict[str, list[tuple[float, float, int]]] = {"floor": [], "kyodo": []}
        for round_number in range(args.rounds):
            cache = work / f"cache-{round_number}"
            env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
            runs["floor"].append(timed([python, "-c", FLOOR, str(corpus)], env))
            runs["kyodo"].append(timed([args.kyodo, "chapters", "--corpus", str(corpus)], env))
            shutil.rmtree(cache, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    wall = {name: statistics.median(r[0] for r in found) for name, found in runs.items()}
    cpu = {name: statistics.median(r[1] for r in found) for name, found in runs.items()}
    peak = {name: max(r[2] for r in found) / 1024 for name, found in runs.items()}
    print(f"# preparing {args.size:,} Q&As ({os.cpu_count()} cores), medians of {args.rounds}")
    print(f"{'':<8}{'wall s':>9}{'ratio':>7}{'cpu s':>9}{'ratio':>7}{'peak MiB':>10}")
    for name in runs:
        print(
            f"{name:<8}{wall[name]:>9.2f}{wall[name] / wall['floor']:>7.2f}"
            f"{cpu[name]:>9.2f}{cpu[name] / cpu['floor']:>7.2f}{peak[name]:>10.1f}"
        )
    ratio = wall["kyodo"] / wall["floor"]
    verdict = "ok" if ratio <= TARGET and peak["kyodo"] <= PEAK_TARGET_MIB else "OVER"
    print(f"target: <= {TARGET} x the floor, <= {PEAK_TARGET_MIB} MiB: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
