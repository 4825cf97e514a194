"""What an export holds: a handbook of chapters and their Q&As, and the anchors and
headings the Markdown and HTML handbooks share, so their links read the same."""

from collections.abc import Sequence
from typing import NamedTuple

from kyodo_cli.corpus.records import QA, Chapter, Corpus, Document
from kyodo_cli.present.views import ChapterView, chapter_views

TOC_HEADING = "目次"
CONTACT_HEADING = "問い合わせ先"
PREFACE_ID = "preface"


class Handbook(NamedTuple):
    """What an export contains; ``complete`` when it holds every chapter, and so also the
    document's preface and contact details."""

    document: Document
    chapters: tuple[ChapterView, ...]
    complete: bool
    corpus: Corpus | None = None  # for what the index knows: related Q&As, search terms
    label: str = ""  # names a selection of Q&As (Q27、Q28) in titles

    @property
    def question_count(self) -> int:
        return sum(len(view.items) for view in self.chapters)


def chapter_id(view: ChapterView) -> str:
    return f"chapter-{view.chapter.number}"


def item_id(qa: QA) -> str:
    return f"q{qa.number}"


def handbook(corpus: Corpus, chapters: Sequence[Chapter]) -> Handbook:
    complete = len(chapters) == len(corpus.chapters)
    return Handbook(corpus.document, chapter_views(corpus, chapters), complete, corpus)


def handbook_of_items(corpus: Corpus, numbers: Sequence[int]) -> Handbook:
    """A handbook of some Q&As (``export 27 28``), under their chapters, in corpus order."""
    wanted = set(numbers)
    views = tuple(
        ChapterView(view.chapter, tuple(qa for qa in view.items if qa.number in wanted))
        for view in chapter_views(corpus, corpus.chapters)
    )
    label = "、".join(f"Q{n}" for n in sorted(wanted))
    return Handbook(corpus.document, tuple(v for v in views if v.items), False, corpus, label)
