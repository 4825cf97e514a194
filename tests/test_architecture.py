"""The layout's rules, checked over every module: who may import typer, rich and textual,
that the core imports none of the command line or the presentation, no import cycles, and
modules of a readable size."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "kyodo_cli"
CORE = ("kyodo_cli.corpus", "kyodo_cli.text", "kyodo_cli.search")
OUTER = ("kyodo_cli.cli", "kyodo_cli.present", "kyodo_cli.study", "kyodo_cli.export")
MAX_LINES = 350
ALLOWED = {
    "typer": ("kyodo_cli.cli",),
    "rich": ("kyodo_cli.cli", "kyodo_cli.present", "kyodo_cli.study"),
    "textual": ("kyodo_cli.study.browse",),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every module ``path`` imports, at any level (function-level imports included; those
    made for type checking alone are not imports when the program runs)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text("utf-8"))
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
        for inner in ast.walk(node)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}
GRAPH = {
    name: {m for m in imports(path) if m in MODULES and m != name and m != "kyodo_cli"}
    for name, path in MODULES.items()
}


def within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def test_the_graph_sees_every_module() -> None:
    assert len(MODULES) > 40 and GRAPH["kyodo_cli.cli.app"]


def test_only_the_outer_layers_import_the_terminal_libraries() -> None:
    wrong = [
        (name, library)
        for name, path in MODULES.items()
        for library, allowed in ALLOWED.items()
        if any(m.split(".")[0] == library for m in imports(path)) and not within(name, allowed)
    ]
    assert wrong == []


def test_the_core_imports_no_command_line_or_presentation() -> None:
    wrong = [
        (name, target)
        for name, targets in GRAPH.items()
        if within(name, CORE)
        for target in targets
        if within(target, OUTER) or target == "kyodo_cli.session"
    ]
    assert wrong == []


def test_only_the_entry_points_import_the_command_line() -> None:
    """Views, exports and study modes serve the command line and the MCP server alike:
    they take what it parsed, and never reach back into it."""
    entries = ("kyodo_cli.cli", "kyodo_cli.assistant", "kyodo_cli.__main__")
    wrong = [
        (name, target)
        for name, targets in GRAPH.items()
        if not within(name, entries)
        for target in targets
        if within(target, ("kyodo_cli.cli",))
    ]
    assert wrong == []


def cycles() -> set[frozenset[str]]:
    """Pairs of modules that reach each other (each cycle shows up as such pairs)."""
    reach: dict[str, set[str]] = {}
    for start in GRAPH:
        seen: set[str] = set()
        stack = list(GRAPH[start])
        while stack:
            current = stack.pop()
            if current not in seen:
                seen.add(current)
                stack.extend(GRAPH[current])
        reach[start] = seen
    return {frozenset({a, b}) for a in GRAPH for b in GRAPH[a] if a in reach.get(b, set())}


def test_no_import_cycles() -> None:
    assert cycles() == set()


def test_modules_are_a_readable_size() -> None:
    long = {
        name
        for name, path in MODULES.items()
        if len(path.read_text("utf-8").splitlines()) > MAX_LINES
    }
    assert long == set()


def test_subpackages_import_nothing_on_their_own() -> None:
    """An ``__init__`` that imported its modules would grow every command's start-up."""
    for name, path in MODULES.items():
        if path.name == "__init__.py" and name != "kyodo_cli":
            assert path.read_text("utf-8").strip() == "" or not imports(path), name
