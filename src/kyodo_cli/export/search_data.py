"""What the HTML handbook's search box knows of each Q&A, and how it reaches the page.

The page has no dictionary, so it carries what kyodo's analysis found once: each Q&A's
terms in their normalised forms (申込 → 申し込み) with their loose katakana readings
(守秘義務 → シュヒギム, see ``textnorm.loose_reading``), its keywords (headwords and
anticipated questions), and the everyday words the domain thesaurus gives for its terms.
They are read from the search index, so an export loads no Sudachi dictionary.

The data travels as JSON inside ``<script type="application/json">``; :func:`script_json`
is the one way corpus text gets there.
"""

from __future__ import annotations

import json
import re
import sqlite3
from array import array
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from kyodo_cli.corpus.records import QA, Corpus
from kyodo_cli.errors import CacheDamaged
from kyodo_cli.resources import data_bytes

if TYPE_CHECKING:
    from kyodo_cli.export.book import Handbook
    from kyodo_cli.search.index import Index

TERM_FIELDS = ("question", "keywords", "answer")
MAX_ALIASES = 40  # per Q&A: the thesaurus may tie a common word to dozens of others

# Characters that could end the element, open a comment or markup, or end a line in older
# JavaScript; written as JSON escapes they read back the same. Control characters too.
_UNSAFE_IN_SCRIPT = re.compile("[<>&\u2028\u2029\x7f-\x9f]")


def script_json(value: Any) -> str:
    """``value`` as JSON that is inert inside a ``<script>`` element of HTML and XML: no
    ``</script>``, ``<!--``, ``]]>``, ``&`` or line separator can appear in it."""
    raw = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return _UNSAFE_IN_SCRIPT.sub(lambda m: f"\\u{ord(m.group()):04x}", raw)


def search_data(corpus: Corpus, items: Sequence[QA]) -> dict[str, Any]:
    """The search box's data for ``items``: a shared term list (term, loose reading) and,
    per Q&A, its number, question, keywords, thesaurus words and term positions."""
    from kyodo_cli.search.indexes import open_index

    index = open_index(corpus)
    by_position = _document_terms(index, TERM_FIELDS)
    terms_of = {
        number: by_position.get(position, set()) for position, number in enumerate(index.numbers)
    }
    vocab = index.vocab
    wanted = sorted({term for qa in items for term in terms_of.get(qa.number, ())})
    place = {term: i for i, term in enumerate(wanted)}
    thesaurus = _thesaurus()
    records = []
    for qa in items:
        terms = terms_of.get(qa.number, set())
        records.append(
            {
                "n": qa.number,
                "q": qa.question,
                "k": list(qa.keywords),
                "s": _aliases(terms, thesaurus),
                "t": sorted(place[term] for term in terms),
            }
        )
    readings = [vocab[term].reading if term in vocab else "" for term in wanted]
    return {
        "terms": [list(pair) for pair in zip(wanted, readings, strict=True)],
        "items": records,
        "old_forms": json.loads(data_bytes("kyujitai.json"))["map"],
    }


def _document_terms(index: Index, fields: Sequence[str]) -> dict[int, set[str]]:
    """Every term of the given fields, by Q&A position, in one pass over the postings.
    (Read here rather than in ``index``: a change to the index's code would make every
    user rebuild a cache whose format has not changed.)"""
    marks = ",".join("?" * len(fields))
    terms: dict[int, set[str]] = {}
    try:
        rows = index.connection.execute(
            f"SELECT term, docs FROM postings WHERE field IN ({marks})", list(fields)
        )
        for term, raw in rows:
            docs = array("i")
            docs.frombytes(raw)
            for position in docs:
                terms.setdefault(position, set()).add(str(term))
    except (sqlite3.Error, ValueError, TypeError) as error:
        raise CacheDamaged(index.path, error) from None
    known = range(len(index.numbers))
    if not all(position in known for position in terms):
        raise CacheDamaged(index.path, ValueError("postings"))
    return terms


def _thesaurus() -> list[list[str]]:
    groups = json.loads(data_bytes("synonyms.json"))["groups"]
    return [[str(term) for term in group["terms"]] for group in groups]


def _aliases(terms: Iterable[str], thesaurus: list[list[str]]) -> list[str]:
    """The words of every thesaurus group that shares a term with the Q&A, besides its own."""
    own = set(terms)
    found: dict[str, None] = {}
    for group in thesaurus:
        if own.intersection(group):
            found.update(dict.fromkeys(word for word in group if word not in own))
    return list(found)[:MAX_ALIASES]


# -- the page's parts --------------------------------------------------------------------

DATA_ID = "search-data"


def search_form() -> list[str]:
    """The search box; hidden until the script runs, so a page without scripts (or on
    paper) shows no box that does nothing."""
    return [
        '<form id="search" class="search" role="search" hidden="">',
        '<label for="search-input">質問を探す（かな・言い換えでも）</label>',
        '<input type="search" id="search-input" autocomplete="off"'
        ' placeholder="例: 補助金、しゅひぎむ、お金が余ったら" />',
        '<p id="search-status" class="search-status" role="status" aria-live="polite"></p>',
        "</form>",
    ]


def page_script(handbook: Handbook) -> list[str]:
    """The search data as inert JSON, then the script that reads it."""
    assert handbook.corpus is not None
    items = [qa for view in handbook.chapters for qa in view.items]
    data = script_json(search_data(handbook.corpus, items))
    code = data_bytes("handbook.js").decode("utf-8")
    if "]]>" in code or "</" in code.casefold():
        raise ValueError("handbook.js must not contain ]]> or </")
    return [
        f'<script type="application/json" id="{DATA_ID}">{data}</script>',
        f"<script>//<![CDATA[\n{code}//]]>\n</script>",
    ]
