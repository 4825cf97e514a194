"""Spell out the question frames' patterns for kyodo to read at every query.

    python tools/build_frames.py          # write src/kyodo_cli/data/frames.lexicon.json
    python tools/build_frames.py --check  # exit 1 if it is not what frames.json says

Run it after any change to data/frames.json (then tools/build_index.py: the index holds the
frames each Q&A answers in).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kyodo_cli.files import write_whole
from kyodo_cli.search.frame_patterns import spelt_out
from kyodo_cli.search.frames import LEXICON

DATA = Path(__file__).resolve().parent.parent / "src" / "kyodo_cli" / "data"


def lexicon_text() -> str:
    source = json.loads((DATA / "frames.json").read_text(encoding="utf-8"))
    return json.dumps(spelt_out(source), ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the lexicon is stale")
    args = parser.parse_args(argv)
    output = DATA / LEXICON
    text = lexicon_text()
    if args.check:
        if not output.exists() or output.read_text(encoding="utf-8") != text:
            print(f"{LEXICON} is stale: run python tools/build_frames.py")
            return 1
        return 0
    write_whole(output, text)
    print(f"wrote {LEXICON}: {output.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
