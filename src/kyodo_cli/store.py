"""Where a corpus's index comes from: the one shipped with kyodo, the user's cache, or a
fresh build.

The packaged corpus's index is built with the package and used as it is. Other corpora are
indexed once into ``$XDG_CACHE_HOME/kyodo/`` under their content hash. An index made from
other data, another dictionary or another index builder is never trusted: it is rebuilt,
silently (``--verbose`` logs it). When the cache cannot be written the index lives in memory
for the one call.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from importlib import resources
from pathlib import Path
from typing import Any

from .corpus import Corpus
from .index import Index, IndexData, IndexUnusable

log = logging.getLogger("kyodo")

PACKAGED_INDEX = "qa.index.sqlite"
BUILDER_FILES = ("index.py", "analysis.py", "textnorm.py")
DATA_FILES = ("synonyms.json", "kyujitai.json")


def _package_bytes(*parts: str) -> bytes:
    resource = resources.files("kyodo_cli")
    for part in parts:
        resource = resource / part
    return resource.read_bytes()


def expected_meta(corpus: Corpus) -> dict[str, Any]:
    """What an index of this corpus must have been built from to be used."""
    from .analysis import dictionary_fingerprint

    builder = hashlib.sha256()
    for name in BUILDER_FILES:
        builder.update(_package_bytes(name))
    for name in DATA_FILES:
        builder.update(_package_bytes("data", name))
    return {
        "corpus": corpus.digest,
        "dictionary": dictionary_fingerprint(),
        "builder": builder.hexdigest()[:16],
    }


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kyodo"


def build(corpus: Corpus) -> IndexData:
    from .analysis import Analyzer
    from .index import build_index
    from .textnorm import loose_reading

    groups = json.loads(_package_bytes("data", "synonyms.json"))["groups"]
    return build_index(
        corpus,
        Analyzer(),
        loose_reading,
        [group["terms"] for group in groups],
        expected_meta(corpus),
    )


def _trusted(path: Path, meta: dict[str, Any]) -> Index | None:
    try:
        index = Index.open(path)
    except IndexUnusable as error:
        log.info("索引 %s は使えません（%s）", path, error)
        return None
    if {k: index.meta.get(k) for k in meta} != meta:
        log.info("索引 %s は別のデータから作られています", path)
        return None
    return index


def open_index(corpus: Corpus) -> Index:
    """A ready index for the corpus, from the package, the cache or a new build."""
    meta = expected_meta(corpus)
    packaged = resources.files("kyodo_cli") / "data" / PACKAGED_INDEX
    if isinstance(packaged, Path) and (index := _trusted(packaged, meta)):
        return index
    path = cache_dir() / f"{corpus.digest[:32]}.sqlite"
    if index := _trusted(path, meta):
        return index
    data = build(corpus)
    try:
        from .index import write_index

        write_index(data, path)
        log.info("索引を作りました: %s", path)
    except OSError as error:
        log.info("索引をキャッシュに保存できません（%s）。今回はメモリ上で使います", error)
        return Index.in_memory(data)
    return _trusted(path, meta) or Index.in_memory(data)
