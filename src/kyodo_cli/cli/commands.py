"""What show, list, chapters and ask do once their arguments are read, without typer.

The typer commands of :mod:`kyodo_cli.cli.app` and the direct path of
:mod:`kyodo_cli.cli.entry` both call these, so a command does the same whichever way its
command line was parsed.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from kyodo_cli.cli.arguments import (
    chapters_of,
    checked_limit,
    invalid_numbers_error,
    parse_numbers,
    query_text,
    resolve_chapter,
)
from kyodo_cli.corpus.records import QA, Corpus
from kyodo_cli.errors import ExitStatus
from kyodo_cli.escape import one_line
from kyodo_cli.present.output import ColourChoice, Output
from kyodo_cli.present.renderers import ASK, CHAPTERS, LIST, SHOW
from kyodo_cli.present.views import ask_view, chapter_listings, item_view, question_listings
from kyodo_cli.session import Session

LOG_HANDLER = "kyodo-cli"
DEFAULT_LIMIT = 5


def output_of(session: Session, plain: bool, as_json: bool) -> Output:
    """The output of a command line without --color or --no-pager (those go through typer):
    colour as the environment says, long output in a terminal paged."""
    env = session.env
    mode = env.mode(plain=plain, as_json=as_json, colour=ColourChoice.AUTO)
    return Output(env.coloured(ColourChoice.AUTO), mode, page=True)


def show(session: Session, numbers: Sequence[str], corpus_path: Path | None, out: Output) -> None:
    corpus = session.corpus(corpus_path)
    first, last = corpus.number_bounds()
    selection = parse_numbers(numbers, first, last)
    if selection.numbers:
        views = [
            item_view(corpus, q, session.related(corpus, q.number))
            for q in _items(corpus, selection.numbers)
        ]
        out.emit(views, SHOW)
    if selection.invalid:
        raise invalid_numbers_error(selection.invalid, first, last)


def _items(corpus: Corpus, numbers: Sequence[int]) -> list[QA]:
    return [qa for qa in (corpus.item(n) for n in numbers) if qa is not None]


def list_questions(
    session: Session, chapter: str | None, corpus_path: Path | None, out: Output
) -> None:
    corpus = session.corpus(corpus_path)
    out.emit(question_listings(corpus, chapters_of(corpus, chapter)), LIST)


def chapters(session: Session, corpus_path: Path | None, out: Output) -> None:
    corpus = session.corpus(corpus_path)
    out.emit(chapter_listings(corpus.chapters), CHAPTERS)


def ask(
    session: Session,
    words: Sequence[str],
    *,
    limit: int | None,
    chapter: str | None,
    full: bool,
    corpus_path: Path | None,
    out: Output,
) -> ExitStatus:
    """Search and show the results; ``limit`` None means the default (5); more than the
    corpus has means all of them."""
    query = query_text(words)
    corpus = session.corpus(corpus_path)
    limit = checked_limit(DEFAULT_LIMIT if limit is None else limit, len(corpus.items))
    within = None if chapter is None else resolve_chapter(corpus, chapter)
    chapter_number = None if within is None else within.number
    result = session.search(corpus, query, limit=limit, chapter=chapter_number)
    for notice in result.notices:
        out.notice(notice)
    view = ask_view(corpus, result, full=full, chapter=within)
    out.emit(view, ASK)
    # nothing found, or nothing that answers: exit 1, as grep does
    return ExitStatus.OK if view.answered else ExitStatus.NO_MATCH


def log_progress_to(stream: TextIO | None) -> None:
    """Progress messages (``--verbose``) to ``stream``, or nowhere."""
    if stream is None and "logging" not in sys.modules:
        return  # no handler was ever attached, and importing logging costs start-up time
    import logging

    class _OneLineFormatter(logging.Formatter):  # progress may name paths: escape them
        def format(self, record: logging.LogRecord) -> str:
            return one_line(super().format(record))

    log = logging.getLogger("kyodo")
    for old in [h for h in log.handlers if h.get_name() == LOG_HANDLER]:
        log.removeHandler(old)  # left by an earlier run in the same process
    if stream is not None:
        handler = logging.StreamHandler(stream)
        handler.set_name(LOG_HANDLER)
        handler.setFormatter(_OneLineFormatter("kyodo: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
