# The star imports below redefine the few names two modules share (Qt, qFuzzyCompare and the
# QIntList-style containers); the last, QtCore's, is the one meant, so mypy's redefinition checks are off
# for this file only.
# mypy: disable-error-code="assignment,no-redef"
"""The one module through which the desktop imports Qt: ``from desktop.qt import QDate, QWidget``.

The binding and its version are pinned in pyproject.toml (PySide6 6.12.0 drops a reference to None
on every void call under Python 3.11 and crashes); changing the binding, or working around one of its
bugs, happens here. Every public name of QtGui, QtWidgets, QtPrintSupport and QtCore is re-exported,
and so are the four modules (``from desktop.qt import QtCore``). ``tests/test_qt_shim.py`` fails when
another desktop module imports PySide6; ``tools/qt_imports.py`` rewrites such imports to this module.
"""

from PySide6 import QtCore as QtCore  # "as": re-exported
from PySide6 import QtGui as QtGui
from PySide6 import QtPrintSupport as QtPrintSupport
from PySide6 import QtWidgets as QtWidgets

# isort: off
# QtCore last: QtGui has a Qt of its own (a subclass of QtCore.Qt) and its own qFuzzyCompare; the
# desktop means QtCore's, as ``from PySide6.QtCore import Qt`` gave it
from PySide6.QtGui import *  # noqa: F403 - the shim's purpose: every name of the binding, from one place
from PySide6.QtWidgets import *  # noqa: F403
from PySide6.QtPrintSupport import *  # noqa: F403
from PySide6.QtCore import *  # noqa: F403
# isort: on
