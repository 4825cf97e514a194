"""Where a corpus's index comes from: the one shipped with kyodo, the user's cache, or a
fresh build.

The packaged corpus's index is built with the package and used as it is. Other corpora are
indexed once into ``$XDG_CACHE_HOME/kyodo/`` under their content hash. An index made from
other data, another dictionary or another index builder is never trusted: it is rebuilt,
silently (``--verbose`` logs it). When the cache cannot be written the index lives in memory
for the one call.
"""

from __future__ import annotations

import json
import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kyodo_cli.corpus.reading import digest
from kyodo_cli.corpus.records import Corpus, packaged_bytes
from kyodo_cli.errors import os_reason
from kyodo_cli.resources import data_bytes, data_file

if TYPE_CHECKING:
    from collections.abc import Iterator

    from kyodo_cli.search.analysis import ChunkWords
    from kyodo_cli.search.build import IndexData
    from kyodo_cli.search.index import Index
    from kyodo_cli.search.workers import Workers

PACKAGED_INDEX = "qa.index.sqlite"
PACKAGED_RELATED = "qa.related.json"  # the packaged index's related lists, for show
# The version of the index builder: bump it whenever a change to the analysis (textnorm,
# analysis), the index builder or the index's format would make an index built before it
# differ from one built after it. Indexes carrying another version are rebuilt; a comment or
# a refactoring that changes nothing built leaves users' caches alone. (The data the builder
# reads, the thesaurus, the old-kanji table and the question frames a Q&A answers in, is
# identified by its content.)
BUILDER_VERSION = "1"
DATA_FILES = ("synonyms.json", "kyujitai.json", "frames.lexicon.json")


@lru_cache(maxsize=1)
def dictionary_fingerprint() -> str:
    """Identifies the installed Sudachi dictionary: its header, which holds its version and
    build date, so an index built with another dictionary is not trusted. Reads 128 bytes
    (and keeps them whole: a checksum would cost an import on every search)."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("sudachidict_core")
    if spec is None or spec.origin is None:
        return "missing"
    path = Path(spec.origin).parent / "resources" / "system.dic"
    try:
        with path.open("rb") as handle:
            return handle.read(128).hex()
    except OSError:
        return "unreadable"


def note(message: str) -> None:
    """Progress for --verbose. Whoever listens has imported logging; nobody else pays for it."""
    logging = sys.modules.get("logging")
    if logging is not None:
        logging.getLogger("kyodo").info(message)


def corpus_digest(corpus: Corpus) -> str:
    return digest(packaged_bytes()) if corpus.packaged else corpus.digest


@lru_cache(maxsize=1)
def builder_data() -> str:
    """Identifies the data files the builder reads (an index from other data is rebuilt)."""
    import hashlib

    data = hashlib.sha256()
    for name in DATA_FILES:
        data.update(data_bytes(name))
    return data.hexdigest()[:16]


def expected_meta(corpus: Corpus) -> dict[str, Any]:
    """What an index of this corpus must have been built from to be used."""
    return {
        "corpus": corpus_digest(corpus),
        "dictionary": dictionary_fingerprint(),
        "builder": BUILDER_VERSION,
        "data": builder_data(),
    }


def cache_dir() -> Path:
    """$XDG_CACHE_HOME/kyodo; a relative XDG_CACHE_HOME is ignored, as the XDG spec says."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        base = str(Path.home() / ".cache")
    return Path(base) / "kyodo"


def build(
    corpus: Corpus, pool: Workers | None = None, started: Iterator[ChunkWords] | None = None
) -> IndexData:
    """The index of the corpus, analysed by ``pool`` when given (see early.early_workers),
    or by the analysis ``started`` already (see ``start_analysis``)."""
    from kyodo_cli.search.build import build_index
    from kyodo_cli.text.normalize import loose_reading
    from kyodo_cli.text.sudachi import Analyzer

    return build_index(
        corpus, Analyzer(), loose_reading, _thesaurus(), expected_meta(corpus), pool, started
    )


def start_analysis(corpus: Corpus, pool: Workers) -> Iterator[ChunkWords]:
    """The analysis of the corpus for ``build``, sent out to ``pool`` now."""
    from kyodo_cli.search.analysis import analysed
    from kyodo_cli.text.sudachi import Analyzer

    return analysed(corpus.items, Analyzer(), _thesaurus(), pool)


def _thesaurus() -> list[list[str]]:
    return [group["terms"] for group in json.loads(data_bytes("synonyms.json"))["groups"]]


def trusted(path: Path, meta: dict[str, Any], checked: bool = True) -> Index | None:
    """The index in ``path`` if it was made from ``meta``; what a ``checked`` one yields is
    checked as it is read (see ``Index``)."""
    from kyodo_cli.errors import IndexUnusable
    from kyodo_cli.search.index import Index

    try:
        index = Index.open(path, checked)
    except IndexUnusable as error:
        note(f"索引 {path} は使えません（{error}）")
        return None
    if {k: index.meta.get(k) for k in meta} != meta:
        note(f"索引 {path} は別のデータから作られています")
        return None
    return index


def packaged_index() -> Index | None:
    """The index shipped with the packaged corpus, if the installed dictionary is the one it
    was built with. The build and the tests keep corpus, code and index in step, so that is
    the one thing left to check here (cheaply: no hashing of files)."""
    path = data_file(PACKAGED_INDEX)
    if path is None:
        return None
    return trusted(path, {"dictionary": dictionary_fingerprint()}, checked=False)


def open_index(corpus: Corpus) -> Index:
    """A ready index for the corpus, from the package, the cache or a new build."""
    if corpus.packaged and (index := packaged_index()):
        return index
    meta = expected_meta(corpus)
    path = cache_dir() / f"{meta['corpus'][:32]}.sqlite"
    if index := trusted(path, meta):
        return index
    data = build(corpus)
    from kyodo_cli.search.build import index_in_memory, write_index

    try:
        write_index(data, path)
        note(f"索引を作りました: {path}")
    except OSError as error:
        note(f"索引をキャッシュに保存できません（{os_reason(error)}）。今回はメモリ上で使います")
        return index_in_memory(data)
    return trusted(path, meta) or index_in_memory(data)


def packaged_related(number: int, k: int = 3) -> tuple[int, ...]:
    """The k Q&As most related to ``number`` in the packaged corpus: a small JSON file
    written with the index, so that show needs neither SQLite nor the index
    (tools/build_index.py keeps them equal). Related lists do not depend on the dictionary
    installed now, so they are read without checking it."""
    table = json.loads(data_bytes(PACKAGED_RELATED))["related"]
    return tuple(table.get(str(number), [])[:k])


def discard(path: Path | None) -> bool:
    """Remove a damaged file from the cache; False when it is not the cache's to remove."""
    if path is None or cache_dir() not in path.parents:
        return False
    note(f"壊れた索引を削除して作り直します: {path}")
    try:
        path.unlink(missing_ok=True)  # or another kyodo removed it first
    except OSError:
        return False
    return True
