#!/usr/bin/env python3
"""Rewrite the desktop's Qt imports to go through ``desktop/qt.py``, the one place the binding is named.

    from PySide6.QtCore import Qt, QTimer        ->  from desktop.qt import Qt, QTimer
    from PySide6 import QtGui                    ->  from desktop.qt import QtGui

Usage: ``tools/qt_imports.py [--check] [PATH ...]`` (default: the ``desktop`` folder). Files and folders
are walked for ``*.py``; ``desktop/qt.py`` itself is left alone. Afterwards ``ruff check --select I
--fix`` merges and sorts the rewritten import blocks (when ruff is in ``.venv`` or on PATH). Running it
again changes nothing. ``--check`` changes nothing and exits 1 when a file would change.

An ``import PySide6.QtCore`` statement (a module imported by its dotted name) cannot be rewritten
without touching the code that uses it; it is reported and the exit status is 2.
"""

from __future__ import annotations

import argparse
import ast
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHIM = "desktop.qt"
BINDING = "PySide6"


def _is_binding(module: str | None) -> bool:
    return module is not None and (module == BINDING or module.startswith(BINDING + "."))


def rewrite(source: str) -> tuple[str, list[int]]:
    """*source* with every ``from PySide6[.X] import ...`` turned into ``from desktop.qt import ...``,
    and the line numbers of the ``import PySide6...`` statements it cannot rewrite."""
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    edits: list[tuple[int, int, str]] = []  # (first line, last line, replacement), 1-based, inclusive
    unconvertible: list[int] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and _is_binding(node.module):
            names = ", ".join(a.name if a.asname is None else f"{a.name} as {a.asname}" for a in node.names)
            indent = lines[node.lineno - 1][: node.col_offset]
            assert node.end_lineno is not None
            tail = lines[node.end_lineno - 1][node.end_col_offset or 0 :]  # a trailing comment or ";" stays
            text = f"{indent}from {SHIM} import {names}{tail.rstrip(chr(10)).rstrip(chr(13))}\n"
            if "".join(lines[node.lineno - 1 : node.end_lineno]) != text:
                edits.append((node.lineno, node.end_lineno, text))
        elif isinstance(node, ast.Import) and any(_is_binding(a.name) for a in node.names):
            unconvertible.append(node.lineno)
    for first, end, text in sorted(edits, reverse=True):
        lines[first - 1 : end] = [text]
    return "".join(lines), sorted(unconvertible)


def _files(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        out.extend(sorted(p.rglob("*.py")) if p.is_dir() else [p])
    shim = (ROOT / "desktop" / "qt.py").resolve()
    return [f for f in out if f.resolve() != shim]


def _ruff() -> str | None:
    local = ROOT / ".venv" / "bin" / "ruff"
    return str(local) if local.exists() else shutil.which("ruff")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[ROOT / "desktop"])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 when a file would change")
    args = parser.parse_args(argv)

    changed: list[Path] = []
    status = 0
    for path in _files(args.paths):
        source = path.read_text(encoding="utf-8")
        new, unconvertible = rewrite(source)
        for line in unconvertible:
            print(f"{path}:{line}: 'import {BINDING}...' — rewrite by hand to 'from {SHIM} import ...'", file=sys.stderr)
            status = 2
        if new != source:
            changed.append(path)
            if not args.check:
                path.write_text(new, encoding="utf-8")
    for path in changed:
        print(f"{'would rewrite' if args.check else 'rewrote'} {path}")
    if args.check:
        return status or (1 if changed else 0)
    if changed:
        ruff = _ruff()
        if ruff is None:
            print("ruff not found: run 'ruff check --select I --fix' on the files above to merge their imports", file=sys.stderr)
        else:
            subprocess.run([ruff, "check", "--quiet", "--select", "I", "--fix", *map(str, changed)], check=False, cwd=ROOT)
    return status


if __name__ == "__main__":
    sys.exit(main())
