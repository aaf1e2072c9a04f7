"""Docstrings name modules and functions that exist: every Sphinx-style reference
(``:mod:`forms.batch.cache```, ``:func:`forms.rules.packs.load_pack```) in forms/ and desktop/
resolves to a module and an attribute of it (a model field counts), so a move or a rename cannot
leave a docstring pointing at nothing."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = re.compile(r":(?:mod|func|class|data|attr|meth):`~?((?:forms|desktop)\.[\w.]+)`")


def _resolves(ref: str) -> bool:
    parts = ref.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: object = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            if hasattr(obj, name):
                obj = getattr(obj, name)
            elif name in getattr(obj, "model_fields", {}):
                return True
            else:
                return False
        return True
    return False


def test_every_docstring_reference_resolves(qapp):
    broken = []
    for path in sorted((ROOT / "forms").rglob("*.py")) + sorted((ROOT / "desktop").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for match in REFERENCE.finditer(text):
            if not _resolves(match.group(1)):
                line = text.count("\n", 0, match.start()) + 1
                broken.append(f"{path.relative_to(ROOT)}:{line} {match.group(1)}")
    assert not broken
