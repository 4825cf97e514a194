"""Build the search index shipped with kyodo for the packaged corpus.

    python tools/build_index.py          # write src/kyodo_cli/data/qa.index.sqlite
    python tools/build_index.py --check  # exit 1 if it was built from other data or code

Run it after tools/build_corpus.py, and after any change to the analysis, the index
builder, the thesaurus or the old-kanji table (the check names what changed).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kyodo_cli.corpus.records import packaged_corpus
from kyodo_cli.search.build import write_index
from kyodo_cli.search.index import Index, IndexUnusable
from kyodo_cli.search.indexes import PACKAGED_INDEX, PACKAGED_RELATED, build, expected_meta

DATA = Path(__file__).resolve().parent.parent / "src" / "kyodo_cli" / "data"
OUTPUT = DATA / PACKAGED_INDEX
RELATED = DATA / PACKAGED_RELATED


def related_json(index: Index, numbers: list[int]) -> str:
    """The index's related lists, for show to read without opening the index."""
    table = {str(number): index.related(number) for number in numbers}
    return json.dumps({"related": table}, ensure_ascii=False, separators=(",", ":")) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the index is stale")
    args = parser.parse_args(argv)
    corpus = packaged_corpus()
    meta = expected_meta(corpus)
    if args.check:
        try:
            index = Index.open(OUTPUT)
        except IndexUnusable as error:
            print(f"{OUTPUT.name}: {error}")
            return 1
        stale = [key for key, value in meta.items() if index.meta.get(key) != value]
        numbers = [item.number for item in corpus.items]
        if not RELATED.exists() or RELATED.read_text("utf-8") != related_json(index, numbers):
            stale.append(RELATED.name)
        if stale:
            print(f"{OUTPUT.name} is stale ({', '.join(stale)}): run python tools/build_index.py")
            return 1
        return 0
    write_index(build(corpus), OUTPUT)
    numbers = [item.number for item in corpus.items]
    RELATED.write_text(related_json(Index.open(OUTPUT), numbers), encoding="utf-8")
    print(f"wrote {OUTPUT.name}: {OUTPUT.stat().st_size // 1024} KiB, and {RELATED.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
