"""What each command shows, as records the renderers receive; and the labels they share.

Building a view is the only place where corpus records and search results meet; the rich,
plain and JSON renderers then only lay the view out. Nothing here imports typer or rich,
nor the search engine (its records are read, never constructed).
"""

from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

from kyodo_cli.corpus.records import QA, Chapter, Corpus
from kyodo_cli.escape import printable
from kyodo_cli.spans import Span, merge_spans

if TYPE_CHECKING:
    from kyodo_cli.search.results import SearchResult


class ItemView(NamedTuple):
    """One Q&A as ``show`` presents it; shown as the answer to a query (browse), with the
    answering sentence (``marks``) and the query's words (``words``) placed in the answer's
    lines (line → spans)."""

    qa: QA
    chapter: Chapter
    related: tuple[QA, ...]
    previous: int | None
    next: int | None
    marks: Mapping[int, Span] = MappingProxyType({})
    words: Mapping[int, tuple[Span, ...]] = MappingProxyType({})


class ChapterView(NamedTuple):
    """A chapter with its whole Q&As, for a handbook."""

    chapter: Chapter
    items: tuple[QA, ...]

    @property
    def first(self) -> int | None:
        return min((qa.number for qa in self.items), default=None)

    @property
    def last(self) -> int | None:
        return max((qa.number for qa in self.items), default=None)


class Listed(NamedTuple):
    """A Q&A as a list shows it."""

    number: int
    question: str


class ChapterListing(NamedTuple):
    """A chapter for ``list`` (with its questions) and ``chapters`` (without): what they
    show needs no answer, so none is read (on a large prepared corpus, reading and checking
    every answer took most of the time)."""

    chapter: Chapter
    questions: tuple[Listed, ...] = ()

    @property
    def total(self) -> int:
        return len(self.chapter.numbers)

    @property
    def first(self) -> int | None:
        return min(self.chapter.numbers, default=None)

    @property
    def last(self) -> int | None:
        return max(self.chapter.numbers, default=None)


class HitView(NamedTuple):
    """One search hit with the Q&A it points to; ``highlights`` are sorted and disjoint;
    ``marks`` place the answering sentence in the lines of the answer (line → span)."""

    qa: QA
    chapter: Chapter
    score: float
    snippet: str
    highlights: tuple[Span, ...]
    match: str = "related"
    marks: Mapping[int, Span] = MappingProxyType({})


class AskView(NamedTuple):
    query: str
    hits: tuple[HitView, ...]
    suggestions: tuple[str, ...]
    full: bool = False
    answered: bool = True  # whether the first hit answers the query
    total: int = 0  # how many Q&As matched; ``hits`` are the best of them
    chapter: Chapter | None = None  # the chapter searched, if one was asked for
    elsewhere: tuple[Chapter, ...] = ()  # with no hit in that chapter: where the matches are


def chapter_of(corpus: Corpus, qa: QA) -> Chapter:
    # A validated corpus has a chapter for every item; a placeholder keeps the views total.
    return corpus.chapter(qa.chapter) or Chapter(qa.chapter, "", ())


def item_view(corpus: Corpus, qa: QA, related: Iterable[int]) -> ItemView:
    related_items = tuple(r for r in (corpus.item(n) for n in related) if r is not None)
    previous, following = qa.number - 1, qa.number + 1
    return ItemView(
        qa=qa,
        chapter=chapter_of(corpus, qa),
        related=related_items,
        previous=previous if corpus.item(previous) else None,
        next=following if corpus.item(following) else None,
    )


def chapter_views(corpus: Corpus, chapters: Iterable[Chapter]) -> tuple[ChapterView, ...]:
    return tuple(ChapterView(c, corpus.in_chapter(c.number)) for c in chapters)


def question_listings(corpus: Corpus, chapters: Iterable[Chapter]) -> tuple[ChapterListing, ...]:
    return tuple(
        ChapterListing(c, tuple(Listed(*q) for q in corpus.questions_in(c.number)))
        for c in chapters
    )


def chapter_listings(chapters: Iterable[Chapter]) -> tuple[ChapterListing, ...]:
    return tuple(ChapterListing(c) for c in chapters)


def ask_view(
    corpus: Corpus, result: "SearchResult", *, full: bool = False, chapter: Chapter | None = None
) -> AskView:
    hits = []
    for hit in result.hits:
        qa = corpus.item(hit.number)
        if qa is None:  # an engine built from another corpus; nothing to show for it
            continue
        text = hit.snippet.text
        spans = merge_spans(hit.snippet.highlights, len(text))
        marks = line_marks(qa.answer_lines, hit.sentence)
        hits.append(HitView(qa, chapter_of(corpus, qa), hit.score, text, spans, hit.match, marks))
    answered = result.answered and bool(hits)
    elsewhere = tuple(c for c in (corpus.chapter(n) for n in result.elsewhere) if c is not None)
    total = max(result.total, len(hits))
    suggestions = tuple(result.suggestions)
    return AskView(
        result.query, tuple(hits), suggestions, full, answered, total, chapter, elsewhere
    )


def line_marks(lines: Sequence[str], span: Sequence[int]) -> Mapping[int, Span]:
    """A span of the answer text (its lines joined by newlines) as spans within lines."""
    marks: dict[int, Span] = {}
    offset = 0
    for number, line in enumerate(lines):
        start, end = max(span[0], offset), min(span[1], offset + len(line))
        if start < end:
            marks[number] = (start - offset, end - offset)
        offset += len(line) + 1
    return MappingProxyType(marks)


def line_spans(
    lines: Sequence[str], spans: Iterable[Sequence[int]]
) -> Mapping[int, tuple[Span, ...]]:
    """Spans of the answer text as spans within its lines, each line's sorted and disjoint."""
    found: dict[int, list[Span]] = {}
    for span in spans:
        for line, piece in line_marks(lines, span).items():
            found.setdefault(line, []).append(piece)
    return MappingProxyType(
        {line: merge_spans(pieces, len(lines[line])) for line, pieces in found.items()}
    )


def segments(text: str, spans: Iterable[Span]) -> list[tuple[str, bool]]:
    """The text cut at the highlight spans: (piece, highlighted) in order, no empty pieces."""
    pieces: list[tuple[str, bool]] = []
    position = 0
    for start, end in spans:
        pieces.append((text[position:start], False))
        pieces.append((text[start:end], True))
        position = end
    pieces.append((text[position:], False))
    return [(piece, marked) for piece, marked in pieces if piece]


# -- labels shared by the renderers ---------------------------------------------------


def number_label(number: int) -> str:
    return f"Q{number}"


def chapter_label(chapter: Chapter) -> str:
    return f"第{chapter.number}章 {chapter.title}".rstrip()


def range_label(view: ChapterView | ChapterListing) -> str:
    if view.first is None or view.last is None:
        return "なし"
    if view.first == view.last:
        return number_label(view.first)
    return f"{number_label(view.first)}〜{number_label(view.last)}"


def count_label(count: int) -> str:
    return f"{count} 問"


MATCH_LABELS = {"answer": "答え", "near": "近い", "related": "関連"}


def match_label(match: str) -> str:
    """How well a hit answers the query, in words a person reads (no raw scores)."""
    return MATCH_LABELS.get(match, MATCH_LABELS["related"])


LOST_TEXT = "〓"  # the source PDF lost these characters and nothing could restore them
LOST_TEXT_NOTE = "※ 〓 は、元の PDF から文字を取り出せず、補えなかった箇所です。"


def lost_text_note(qa: QA) -> str | None:
    """A note for an answer or question that contains 〓, which otherwise puzzles readers."""
    return LOST_TEXT_NOTE if LOST_TEXT in qa.answer_text or LOST_TEXT in qa.question else None


def neighbours_label(view: ItemView) -> str:
    def label(number: int | None) -> str:
        return number_label(number) if number is not None else "なし"

    return f"前: {label(view.previous)} / 次: {label(view.next)}"


QUERY_ECHO_CHARS = 100


def query_label(view: AskView) -> str:
    return f"「{printable(view.query, QUERY_ECHO_CHARS)}」"


def results_heading(view: AskView) -> str:
    return f"{query_label(view)}の検索結果（{shown_count(view)}）"


def shown_count(view: AskView) -> str:
    """What the count in a heading counts: all that matched, or the best of how many."""
    shown = len(view.hits)
    if view.total > shown:
        return f"上位 {shown} 件、全 {view.total} 件中"
    return f"全 {shown} 件"


NOT_ANSWERED = "この文書には、この問いへのはっきりした答えが見つかりませんでした。"


def unanswered_heading(view: AskView) -> str:
    return f"{query_label(view)}に関連する質問（{shown_count(view)}）"


def next_steps(view: AskView) -> str:
    """After the results: how to read a candidate in full, and that browse exists."""
    full = view.full or view.answered
    unread = [hit for rank, hit in enumerate(view.hits) if not (view.full or (full and rank == 0))]
    steps = []
    if unread:
        steps.append(f"全文を読む: kyodo show {unread[0].qa.number}")
    steps.append("入力しながら探す: kyodo browse")
    return "　".join(steps)


def no_match_lines(view: AskView) -> list[str]:
    if view.chapter is not None and view.elsewhere:
        where = "・".join(f"第{c.number}章" for c in view.elsewhere)
        return [
            f"{query_label(view)}に該当する質問は第{view.chapter.number}章にはありません。",
            f"{where}にあります（--chapter を外すと、すべての章から探します）。",
        ]
    lines = [f"{query_label(view)}に該当する質問が見つかりませんでした。"]
    if view.suggestions:
        lines.append(f"もしかして: {'、'.join(view.suggestions)}")
    return lines
