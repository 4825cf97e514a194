"""Start-up time of the installed `kyodo`, against floors measured in the same run.

    python benchmarks/startup.py [--kyodo PATH] [--rounds N]

Each command is a whole process, run once per round in an interleaved order after a
warm-up; the table gives medians, the ratio against the command's floor, and peak RSS.
Floors, run with the interpreter of the installed `kyodo`:
  (a) python -c pass
  (b) a script that reads the packaged corpus JSON and prints Q27  (the floor of show, list,
      chapters)
  (c) a process that imports rapidfuzz and loads the Sudachi dictionary  (the floor of ask)
Targets: show/list/chapters <= 2.0 x (b), ask <= 1.3 x (c), ask peak RSS <= 150 MiB.

Wall time on a shared virtual machine varies from run to run by more than the margins
being measured; --instructions adds a column of instructions executed (valgrind's
callgrind, one run each), which is the same on every run and machine load.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

FLOOR_B = (
    "import json, pkgutil\n"
    "corpus = json.loads(pkgutil.get_data('kyodo_cli', 'data/qa.json'))\n"
    "qa = next(qa for qa in corpus['items'] if qa['number'] == 27)\n"
    "print(qa['question'])\n"
    "print(''.join(block.get('text', '') for block in qa['answer']))"
)
FLOOR_C = (
    "import rapidfuzz.process\n"
    "from sudachipy import Dictionary\n"
    "Dictionary(dict='core').tokenizer()"
)
COMMANDS = [
    ("show 27", ["show", "27", "--plain"], "b"),
    ("list --chapter 2", ["list", "--chapter", "2", "--plain"], "b"),
    ("chapters", ["chapters", "--plain"], "b"),
    ("ask (one word)", ["ask", "補助金", "--plain"], "c"),
    ("ask (a question)", ["ask", "協働のパートナーはどう選べばいいですか", "--plain"], "c"),
]
TARGETS = {"b": 2.0, "c": 1.3}


def interpreter_of(script: Path) -> str:
    first = script.read_bytes().split(b"\n", 1)[0]
    if first.startswith(b"#!"):
        return first[2:].decode().strip()
    return sys.executable


def run(argv: list[str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and peak RSS (KiB) of one process, output discarded."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"failed: {' '.join(argv)}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def instructions(argv: list[str]) -> int:
    """Instructions executed by one process, counted by valgrind (deterministic)."""
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    found = re.search(r"Collected : (\d+)", result.stderr)
    if not found:
        raise SystemExit("valgrind did not report a count: is it installed?")
    return int(found.group(1))


def _ratio(value: float | None) -> str:
    return f"{value:.2f}" if value is not None else ""


def installed_from(python: str) -> str:
    """Where the interpreter of the installed kyodo imports kyodo_cli from."""
    found = subprocess.run(
        [python, "-c", "import kyodo_cli; print(kyodo_cli.__file__)"],
        capture_output=True,
        text=True,
        check=True,
    )
    return found.stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kyodo", default=shutil.which("kyodo"), help="the kyodo executable")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument(
        "--instructions", action="store_true", help="also count instructions with valgrind"
    )
    args = parser.parse_args(argv)
    if not args.kyodo:
        raise SystemExit("kyodo is not installed: pip install . first")
    python = interpreter_of(Path(args.kyodo))
    jobs = {
        "floor (a) python -c pass": [python, "-c", "pass"],
        "floor (b) load JSON, print": [python, "-c", FLOOR_B],
        "floor (c) rapidfuzz+sudachi": [python, "-c", FLOOR_C],
    }
    floors = {"a": "floor (a) python -c pass", "b": "floor (b) load JSON, print"}
    floors["c"] = "floor (c) rapidfuzz+sudachi"
    for name, command, _ in COMMANDS:
        jobs[name] = [args.kyodo, *command]
    times: dict[str, list[float]] = {name: [] for name in jobs}
    cpu: dict[str, list[float]] = {name: [] for name in jobs}
    peaks: dict[str, int] = dict.fromkeys(jobs, 0)
    order = list(jobs)
    for round_number in range(args.warmup + args.rounds):
        random.shuffle(order)
        for name in order:
            elapsed, used, rss = run(jobs[name])
            if round_number >= args.warmup:
                times[name].append(elapsed)
                cpu[name].append(used)
                peaks[name] = max(peaks[name], rss)
    medians = {name: statistics.median(values) for name, values in times.items()}
    cpu_medians = {name: statistics.median(values) for name, values in cpu.items()}
    print(f"# kyodo start-up, {args.rounds} rounds after {args.warmup} warm-up rounds")
    print(f"# {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    if "site-packages" not in installed_from(python):
        print("# an editable install (pip install -e) searches src/ on every import: measure a")
        print("# pip install . for the figures users get")
    print(
        f"{'command':<28}{'wall ms':>9}{'ratio':>7}{'cpu ms':>8}{'ratio':>7}"
        f"{'floor':>7}{'target':>8}{'peak MiB':>10}"
    )
    floor_of = {name: floor for name, _, floor in COMMANDS}
    for name in jobs:
        floor = floor_of.get(name)
        wall = medians[name] / medians[floors[floor]] if floor else None
        used = cpu_medians[name] / cpu_medians[floors[floor]] if floor else None
        verdict = ("ok" if wall and wall <= TARGETS[floor] else "OVER") if floor else ""
        print(
            f"{name:<28}{medians[name] * 1000:>9.1f}{_ratio(wall):>7}"
            f"{cpu_medians[name] * 1000:>8.1f}{_ratio(used):>7}"
            f"{(floor or ''):>7}{verdict:>8}{peaks[name] / 1024:>10.1f}"
        )
    if args.instructions:
        _print_instructions(jobs, floors, floor_of)
    return 0


def _print_instructions(
    jobs: dict[str, list[str]], floors: dict[str, str], floor_of: dict[str, str]
) -> None:
    counts = {name: instructions(argv) for name, argv in jobs.items()}
    print(f"\n{'command':<28}{'instructions':>14}{'ratio':>7}{'floor':>7}{'target':>8}")
    for name, count in counts.items():
        floor = floor_of.get(name)
        ratio = count / counts[floors[floor]] if floor else None
        verdict = ("ok" if ratio and ratio <= TARGETS[floor] else "OVER") if floor else ""
        print(f"{name:<28}{count:>14,}{_ratio(ratio):>7}{(floor or ''):>7}{verdict:>8}")


if __name__ == "__main__":
    sys.exit(main())
