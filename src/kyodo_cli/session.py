"""One run of kyodo: the environment it was started in, and what it opened for it.

The command line creates a session per call and hands it to every command; tests build
their own. The corpus → index → search engine chain is opened once per session and lives
as long as it does: nothing outlives the call, and no module keeps a registry.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kyodo_cli.present.output import Environment

if TYPE_CHECKING:
    from kyodo_cli.corpus.records import Corpus
    from kyodo_cli.search.engine import SearchEngine
    from kyodo_cli.search.index import Index
    from kyodo_cli.search.results import SearchResult


class Session:
    def __init__(self, env: Environment) -> None:
        self.env = env
        self._indexes: dict[str, Index] = {}
        self._engines: dict[str, SearchEngine] = {}

    @classmethod
    def of(cls, obj: object) -> Session:
        """The session a command was given, or a new one for the process's own streams
        (a command called without one, as shell completion does)."""
        return obj if isinstance(obj, Session) else cls(Environment.from_system())

    def corpus(self, path: Path | None) -> Corpus:
        """The packaged corpus, or the user's in ``path`` (prepared in the cache)."""
        from kyodo_cli.corpus.records import packaged_corpus

        if path is None:
            return packaged_corpus()
        from kyodo_cli.search.prepared import prepare_user_corpus

        corpus, index = prepare_user_corpus(path)
        if index is not None:
            self._indexes[_key(corpus)] = index
        return corpus

    def index(self, corpus: Corpus) -> Index:
        """The corpus's index, from the package, the cache or a new build."""
        if _key(corpus) not in self._indexes:
            from kyodo_cli.search.indexes import open_index

            self._indexes[_key(corpus)] = open_index(corpus)
        return self._indexes[_key(corpus)]

    def engine(self, corpus: Corpus) -> SearchEngine:
        if _key(corpus) not in self._engines:
            from kyodo_cli.search.engine import SearchEngine

            self._engines[_key(corpus)] = SearchEngine(corpus, self.index(corpus))
        return self._engines[_key(corpus)]

    def search(
        self,
        corpus: Corpus,
        query: str,
        *,
        limit: int = 5,
        chapter: int | None = None,
        snippets: bool = True,
    ) -> SearchResult:
        """The best-matching Q&As for a free-text query, best first."""
        return self.engine(corpus).search(query, limit=limit, chapter=chapter, snippets=snippets)

    def related(self, corpus: Corpus, number: int, k: int = 3) -> tuple[int, ...]:
        """The k Q&As most related to ``number`` by content, with no Sudachi dictionary
        loaded, so ``show`` stays fast: for the packaged corpus, from a small file shipped
        with its index, unless the index is open anyway."""
        if corpus.packaged and _key(corpus) not in self._indexes:
            from kyodo_cli.search.indexes import packaged_related

            return packaged_related(number, k)
        return tuple(self.index(corpus).related(number)[:k])

    def cached_files(self) -> list[Path]:
        """The files of the user's cache that this session's indexes come from."""
        from kyodo_cli.search.indexes import cache_dir

        directory = cache_dir()
        paths = (index.path for index in self._indexes.values())
        return [path for path in paths if path is not None and directory in path.parents]


def _key(corpus: Corpus) -> str:
    return "packaged" if corpus.packaged else corpus.digest or str(id(corpus))
