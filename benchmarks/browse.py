"""kyodo browse on a large corpus: from a keystroke to the result list showing what was typed.

    python benchmarks/browse.py [--size 20000] [--rounds 5] [--keep DIR]

The corpus is scale.py's synthetic one, prepared (validated, analysed, indexed into a
private cache) before the clock starts; --keep reuses a corpus and cache kept in DIR. In
this process the app runs headless under Textual's pilot, its debounce (a wait for the
typist, not work) cut to 1 ms. For each query, all of it but its last character is put in
the box and listed; then the last key is pressed, and the table shows the median time until
the list shows the query's results (list), until the first result's answer is shown
(answer), and the longest the app's event loop went without running meanwhile (stall: no
key is taken then). The floor, measured in the same run on the same session, is the
engine's search alone for the query, bounded as browse bounds it. The first round warms up.
Target: keystroke to list <= 100 ms (median over all queries) on 20,000 Q&As.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from scale import synthetic_corpus
from textual.pilot import Pilot

from kyodo_cli.corpus.records import Corpus
from kyodo_cli.present.output import Environment
from kyodo_cli.session import Session
from kyodo_cli.study.browse import BrowseApp, ResultList, SearchBox

QUERIES = ["補助金", "協働", "監査", "ボランティア", "協働のパートナーはどう選べばいいですか"]
BOUND = 100  # the rows browse lists (ROWS in study/listing.py)
TARGET_MS = 100.0
TIMEOUT = 60.0
DEBOUNCE = 0.001  # seconds: its timer fires at once (Textual refuses a timer of 0)


async def when(condition: Callable[[], bool]) -> float:
    """The time at which ``condition`` was first seen true, polling whenever the loop runs."""
    deadline = time.perf_counter() + TIMEOUT
    while not condition():
        if time.perf_counter() > deadline:
            raise SystemExit("browse did not list the query in time")
        await asyncio.sleep(0.0005)
    return time.perf_counter()


async def longest_stall(stop: asyncio.Event) -> float:
    """The longest time the loop left this task waiting beyond the sleep it asked for."""
    longest = 0.0
    while not stop.is_set():
        asked = time.perf_counter()
        await asyncio.sleep(0.001)
        longest = max(longest, time.perf_counter() - asked - 0.001)
    return longest


async def keystrokes(
    corpus: Corpus, session: Session, rounds: int
) -> dict[tuple[str, str], list[float]]:
    """Per (query, measure), the times of every round but the first, in seconds."""
    app = BrowseApp(corpus, debounce=DEBOUNCE, session=session)
    times: dict[tuple[str, str], list[float]] = {}
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()  # the dictionary
        await pilot.pause()
        for round_number in range(rounds + 1):
            for query in QUERIES:
                started = time.perf_counter()
                session.search(corpus, query, limit=BOUND, snippets=False)
                floor = time.perf_counter() - started
                measured = {"search": floor, **await keystroke(app, pilot, query)}
                if round_number:
                    for name, value in measured.items():
                        times.setdefault((query, name), []).append(value)
    return times


async def keystroke(app: BrowseApp, pilot: Pilot[None], query: str) -> dict[str, float]:
    """With all of ``query`` but its last character listed, press that: the times until
    the list and the answer show the query's results, and the longest stall meanwhile."""
    box, results = app.query_one(SearchBox), app.query_one(ResultList)

    def lists(text: str) -> Callable[[], bool]:
        return lambda: f"「{text}」" in str(results.border_title)

    box.value = query[:-1]
    box.cursor_position = len(box.value)
    await when(lists(query[:-1]))
    await app.workers.wait_for_complete()
    await pilot.pause()
    before = app.shown
    stop = asyncio.Event()
    stall = asyncio.create_task(longest_stall(stop))
    started = time.perf_counter()
    listed = asyncio.create_task(when(lists(query)))
    shown = asyncio.create_task(when(lambda: lists(query)() and app.shown is not before))
    await pilot.press(query[-1])
    measured = {"list": await listed - started, "answer": await shown - started}
    stop.set()
    return {**measured, "stall": await stall}


def prepared_corpus(size: int, work: Path) -> tuple[Corpus, Session]:
    """The corpus and a session that has it prepared (in ``work``, reused when there)."""
    os.environ["XDG_CACHE_HOME"] = str(work / "cache")
    path = work / f"corpus-{size}.json"
    if not path.exists():  # a rewritten file would be prepared again
        path.write_text(json.dumps(synthetic_corpus(size), ensure_ascii=False), "utf-8")
    session = Session(Environment.from_system())
    corpus = session.corpus(path)
    session.index(corpus)
    return corpus, session


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="keep the corpus and its cache in this folder")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="kyodo-browse-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        corpus, session = prepared_corpus(args.size, work)
        times = asyncio.run(keystrokes(corpus, session, args.rounds))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    columns = ["search", "list", "answer", "stall"]
    rows = {query: {name: times[query, name] for name in columns} for query in QUERIES}
    rows["(all)"] = {name: [t for q in QUERIES for t in times[q, name]] for name in columns}
    medians = {
        query: {name: statistics.median(values) * 1000 for name, values in found.items()}
        for query, found in rows.items()
    }
    print(f"# browse on {args.size:,} Q&As ({os.cpu_count()} cores), medians of {args.rounds}")
    print(f"{'search ms':>10}{'list ms':>9}{'ratio':>7}{'answer ms':>10}{'stall ms':>9}  query")
    for query, ms in medians.items():
        print(
            f"{ms['search']:>10.1f}{ms['list']:>9.1f}{ms['list'] / ms['search']:>7.2f}"
            f"{ms['answer']:>10.1f}{ms['stall']:>9.1f}  {query}"
        )
    verdict = "ok" if medians["(all)"]["list"] <= TARGET_MS else "OVER"
    print(f"target: keystroke to list <= {TARGET_MS:.0f} ms (median of all): {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
