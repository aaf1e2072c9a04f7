"""The import graph of ``forms/``, walked with ``ast``: no cycle between modules or between
packages, and no ``forms`` module importing the desktop or a Qt binding. Imports inside functions
count as much as those at the top (a cycle hidden in a function is still a cycle); imports under
``if TYPE_CHECKING:`` do not (they never run)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = ("desktop", "PySide6", "PyQt5", "PyQt6", "shiboken6")


def _modules() -> dict[str, Path]:
    mods: dict[str, Path] = {}
    for path in (ROOT / "forms").rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        mods[name] = path
    return mods


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in node.body:
                skip.update(id(n) for n in ast.walk(inner))
    return skip


def _targets(mods: dict[str, Path], module: str, node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    package = module if mods[module].name == "__init__.py" else module.rsplit(".", 1)[0]
    base = node.module or ""
    if node.level:
        parts = package.split(".")
        parts = parts[: len(parts) - (node.level - 1)]
        base = ".".join(parts + ([node.module] if node.module else []))
    return [f"{base}.{a.name}" if f"{base}.{a.name}" in mods else base for a in node.names]


def graph() -> tuple[dict[str, Path], set[tuple[str, str]], set[tuple[str, str]]]:
    """The modules, the edges between them, and the edges out to a forbidden package."""
    mods = _modules()
    edges: set[tuple[str, str]] = set()
    outside: set[tuple[str, str]] = set()
    for module, path in mods.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _type_checking_nodes(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Import | ast.ImportFrom) or id(node) in skip:
                continue
            for target in _targets(mods, module, node):
                if target.split(".")[0] in FORBIDDEN:
                    outside.add((module, target))
                while target and target not in mods:
                    target = target.rsplit(".", 1)[0] if "." in target else ""
                if target and target != module:
                    edges.add((module, target))
    return mods, edges, outside


def cycles(nodes: list[str], edges: set[tuple[str, str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan)."""
    succ: dict[str, list[str]] = {n: [] for n in nodes}
    for a, b in edges:
        if a in succ and b in succ:
            succ[a].append(b)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in succ[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for n in nodes:
        if n not in index:
            visit(n)
    return found


def _package(mods: dict[str, Path], module: str) -> str:
    return module if mods[module].name == "__init__.py" or "." not in module else module.rsplit(".", 1)[0]


def test_no_cycle_between_modules():
    mods, edges, _ = graph()
    # a module importing its own package's __init__ (or a parent's) is how packages work
    edges = {(a, b) for a, b in edges if not a.startswith(b + ".")}
    assert cycles(sorted(mods), edges) == []


def test_no_cycle_between_packages():
    mods, edges, _ = graph()
    pkg_edges = set()
    for a, b in edges:
        pa, pb = _package(mods, a), _package(mods, b)
        if pa != pb and not pa.startswith(pb + ".") and not pb.startswith(pa + "."):
            pkg_edges.add((pa, pb))
    assert cycles(sorted({_package(mods, m) for m in mods}), pkg_edges) == []


def test_the_domain_imports_neither_the_desktop_nor_qt():
    _, _, outside = graph()
    assert sorted(outside) == []


def test_the_walk_sees_function_level_imports_and_cycles():
    """The checker itself: a cycle made only by an import inside a function is found."""
    assert cycles(["a", "b", "c"], {("a", "b"), ("b", "a"), ("b", "c")}) == [["a", "b"]]
    mods, edges, _ = graph()
    # forms.seal's writer is imported inside functions of the exports: the walk must see it
    assert any(b == "forms.seal" for a, b in edges if a.startswith("forms.xlsx"))
    assert len(mods) > 50
