"""The data files shipped inside the package: read from the package's directory, where it
has one (an installation, an editable checkout), else through the import system.

``pkgutil.get_data`` asks the package's own loader, so it works wherever the package was
imported from (a zip too), but importing it (with importlib.util and weakref) took 2 ms of
every command; ``importlib.resources.files`` costs 16 million instructions to read the
corpus, six per cent of a whole ``kyodo show``.
"""

from __future__ import annotations

import sys
from pathlib import Path

PACKAGE = "kyodo_cli"


def data_bytes(name: str) -> bytes:
    """The bytes of ``data/<name>`` in the package."""
    path = data_file(name)
    if path is not None:
        return path.read_bytes()
    import pkgutil

    found = pkgutil.get_data(PACKAGE, f"data/{name}")
    if found is None:
        raise FileNotFoundError(f"{PACKAGE}/data/{name}")
    return found


def data_file(name: str) -> Path | None:
    """``data/<name>`` as a file on disk (SQLite opens files), or None when the package
    does not live in a directory."""
    origin = getattr(sys.modules[PACKAGE], "__file__", None)
    if origin is None:
        return None
    path = Path(origin).parent / "data" / name
    return path if path.is_file() else None
