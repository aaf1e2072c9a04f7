"""desktop/qt.py is the one module through which the desktop imports Qt (the binding is pinned for a
crash: one place to change it), and tools/qt_imports.py rewrites imports to it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from tools.qt_imports import rewrite

ROOT = Path(__file__).resolve().parent.parent
DESKTOP = ROOT / "desktop"
BINDINGS = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "PySide2")

def binding_imports(path: Path) -> list[str]:
    """``file:line module`` for every import of a Qt binding in *path* (nested ones included)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            modules = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
        else:
            continue
        found += [f"{path.relative_to(ROOT)}:{node.lineno} {m}" for m in modules if m.split(".")[0] in BINDINGS]
    return found


def test_no_desktop_module_but_the_shim_imports_the_binding():
    offenders: list[str] = []
    for path in sorted(DESKTOP.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel == "desktop/qt.py":
            continue
        offenders += binding_imports(path)
    assert not offenders, "import Qt through desktop.qt (tools/qt_imports.py rewrites these):\n" + "\n".join(offenders)


def test_the_shim_imports_the_binding_and_gives_qtcore_names_their_qtcore_meaning():
    from PySide6 import QtCore, QtGui, QtPrintSupport, QtWidgets

    import desktop.qt as qt

    assert binding_imports(DESKTOP / "qt.py"), "the shim is where the binding is named"
    assert qt.Qt is QtCore.Qt  # not QtGui's subclass of it
    assert qt.qFuzzyCompare is QtCore.qFuzzyCompare
    assert (qt.QDate, qt.Signal, qt.QAction, qt.QWidget, qt.QPrinter) == (
        QtCore.QDate, QtCore.Signal, QtGui.QAction, QtWidgets.QWidget, QtPrintSupport.QPrinter)
    assert (qt.QtCore, qt.QtGui, qt.QtWidgets, qt.QtPrintSupport) == (QtCore, QtGui, QtWidgets, QtPrintSupport)


def test_codemod_rewrites_every_from_import_and_is_idempotent():
    source = (
        "from __future__ import annotations\n"
        "from PySide6.QtCore import Qt, QTimer  # timers\n"
        "from PySide6.QtWidgets import (\n"
        "    QLabel,\n"
        "    QWidget as W,\n"
        ")\n"
        "from PySide6 import QtGui\n"
        "\n"
        "def f():\n"
        "    from PySide6.QtPrintSupport import QPrinter\n"
        "    return QPrinter\n"
    )
    once, unconvertible = rewrite(source)
    assert unconvertible == []
    assert once == (
        "from __future__ import annotations\n"
        "from desktop.qt import Qt, QTimer  # timers\n"
        "from desktop.qt import QLabel, QWidget as W\n"
        "from desktop.qt import QtGui\n"
        "\n"
        "def f():\n"
        "    from desktop.qt import QPrinter\n"
        "    return QPrinter\n"
    )
    assert rewrite(once) == (once, [])


def test_codemod_reports_what_it_cannot_rewrite():
    assert rewrite("import os\nimport PySide6.QtCore\n") == ("import os\nimport PySide6.QtCore\n", [2])


def test_codemod_check_mode_on_a_file(tmp_path):
    """--check changes nothing and exits 1 on a file that needs rewriting, 0 once it is rewritten."""
    target = tmp_path / "mod.py"
    target.write_text("from PySide6.QtCore import QTimer\n\nQTimer\n", encoding="utf-8")
    tool = [sys.executable, str(ROOT / "tools" / "qt_imports.py")]
    check = subprocess.run([*tool, "--check", str(target)], capture_output=True, text=True)
    assert check.returncode == 1 and "would rewrite" in check.stdout
    assert target.read_text(encoding="utf-8").startswith("from PySide6")
    assert subprocess.run([*tool, str(target)], capture_output=True, text=True).returncode == 0
    assert target.read_text(encoding="utf-8") == "from desktop.qt import QTimer\n\nQTimer\n"
    assert subprocess.run([*tool, "--check", str(target)], capture_output=True, text=True).returncode == 0


def test_the_widget_mixins_subclass_qt_only_for_the_type_checker():
    """A Python class that subclasses a Qt class, placed before another Qt class in a widget's bases,
    hides that widget's signals from shiboken (``CodeCombo(AppUndoKeys(QWidget), QComboBox)``: its
    ``activated.connect`` raises "Signal source has been deleted"). The mixins are QWidget / QTreeView
    subclasses for mypy only; at run time they are plain classes."""
    from PySide6 import QtCore

    from desktop.widgets.fields import AppUndoKeys, Bindable, CodeCombo, TextField
    from desktop.widgets.frozen import FrozenPanes
    from desktop.widgets.grid import Grid
    from desktop.widgets.sheet import SheetKeys

    for mixin in (AppUndoKeys, Bindable, SheetKeys, FrozenPanes):
        assert not issubclass(mixin, QtCore.QObject), mixin
    assert issubclass(CodeCombo, Bindable) and issubclass(TextField, AppUndoKeys)
    assert Grid.__mro__[1:3] == (SheetKeys, FrozenPanes)
