"""JSON output: plain dicts and lists in the shapes documented by ``schemas/*.schema.json``.

The shapes are a public interface: add fields if needed, never rename or remove one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kyodo_cli.corpus.records import Chapter, block_to_dict
from kyodo_cli.present.views import AskView, ChapterListing, HitView, ItemView

JsonObject = dict[str, Any]


def show_items(views: Sequence[ItemView]) -> JsonObject:
    return {"items": [_item(view) for view in views]}


def _item(view: ItemView) -> JsonObject:
    return {
        "number": view.qa.number,
        "chapter": _chapter(view.chapter),
        "question": view.qa.question,
        "answer": [block_to_dict(block) for block in view.qa.answer],
        "answer_text": view.qa.answer_text,
        "related": [qa.number for qa in view.related],
        "previous": view.previous,
        "next": view.next,
    }


def _chapter(chapter: Chapter) -> JsonObject:
    return {"number": chapter.number, "title": chapter.title}


def question_list(views: Sequence[ChapterListing]) -> JsonObject:
    return {
        "chapters": [
            {
                **_chapter(view.chapter),
                "items": [{"number": qa.number, "question": qa.question} for qa in view.questions],
            }
            for view in views
        ]
    }


def chapter_table(views: Sequence[ChapterListing]) -> JsonObject:
    return {
        "chapters": [
            {**_chapter(v.chapter), "first": v.first, "last": v.last, "count": v.total}
            for v in views
        ]
    }


def ask_results(view: AskView) -> JsonObject:
    return {
        "query": view.query,
        "answered": view.answered,
        "total": view.total,
        "results": [_hit(hit, view.full) for hit in view.hits],
        "suggestions": list(view.suggestions),
    }


def _hit(hit: HitView, full: bool) -> JsonObject:
    found: JsonObject = {
        "number": hit.qa.number,
        "chapter": _chapter(hit.chapter),
        "question": hit.qa.question,
        "score": hit.score,
        "match": hit.match,
        "snippet": hit.snippet,
        "highlights": [list(span) for span in hit.highlights],
    }
    if full:
        found["answer_text"] = hit.qa.answer_text
    return found
