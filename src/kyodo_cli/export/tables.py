"""The handbook as data: CSV for spreadsheets, JSON Lines for programs.

The CSV is what Excel opens correctly by double-click: UTF-8 with a byte-order mark, rows
ending in CRLF, one row per Q&A with the answer as plain text. A cell that Excel would take
for a formula (``=``, ``+``, ``-``, ``@`` first) is prefixed with an apostrophe, which Excel
hides. Each JSON line is one item in the corpus file's own format.
"""

from __future__ import annotations

import csv
import io
import json

from kyodo_cli.corpus.records import block_to_dict
from kyodo_cli.export.book import Handbook

BOM = "\ufeff"
CSV_HEADER = ("番号", "章", "章のタイトル", "質問", "回答")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(handbook: Handbook) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for view in handbook.chapters:
        for qa in view.items:
            cells = (view.chapter.title, qa.question, qa.answer_text)
            writer.writerow([qa.number, view.chapter.number, *map(spreadsheet_safe, cells)])
    return BOM + buffer.getvalue()


def spreadsheet_safe(cell: str) -> str:
    return f"'{cell}" if cell.startswith(_FORMULA_START) else cell


def jsonl_text(handbook: Handbook) -> str:
    lines = []
    for view in handbook.chapters:
        for qa in view.items:
            record = {
                "number": qa.number,
                "chapter": qa.chapter,
                "question": qa.question,
                "answer": [block_to_dict(block) for block in qa.answer],
                "keywords": list(qa.keywords),
            }
            lines.append(json.dumps(record, ensure_ascii=False) + "\n")
    return "".join(lines)
