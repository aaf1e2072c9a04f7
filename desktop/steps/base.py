"""What every step page shares: fields bound to paths, grids, marks from findings, jumping to a field."""

from __future__ import annotations

from typing import Any, TypeVar

from desktop.qt import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QRect,
    QScrollArea,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
)
from forms.rules import Finding

from ..document import Document
from ..widgets.fields import Bindable, parse_cell
from ..widgets.grid import Grid

F = TypeVar("F", bound=Bindable)


def covers(field_path: str, finding_path: str) -> bool:
    """Whether a widget bound to *field_path* shows what *finding_path* names."""
    if field_path == finding_path:
        return True
    for sep in (".", "["):
        if finding_path.startswith(field_path + sep) or field_path.startswith(finding_path + sep):
            return True
    return False


class Page(QWidget):
    """A step page. Subclasses build their widgets, bind fields and fill grids in :meth:`refresh`."""

    step = ""
    intro = ""

    def __init__(self, doc: Document, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc = doc
        self.fields: dict[str, Bindable] = {}
        self.grids: list[Grid] = []
        self.stale = True
        self._findings: list[Finding] = []
        self._refused: dict[str, str] = {}
        """Cells that refused what was typed, by path: the reason (shown until the next change)."""
        self.cell_note: QLabel | None = None
        """The reason a cell refused what was typed, shown under the cell."""
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self.outer = QVBoxLayout(self)
        self.outer.setContentsMargins(12, 8, 12, 8)
        title = QLabel(self.step, self)
        title.setObjectName("pageTitle")
        self.outer.addWidget(title)
        if self.intro:
            intro = QLabel(self.intro, self)
            intro.setObjectName("pageIntro")
            intro.setWordWrap(True)
            self.outer.addWidget(intro)

    # building helpers ------------------------------------------------------------------------
    def scroll_body(self) -> QVBoxLayout:
        """A scrolling body for form pages; returns its layout."""
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget(area)
        body.setObjectName("pageBody")
        area.setWidget(body)
        self.outer.addWidget(area, 1)
        self.scroll_area = area
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 8, 0)
        return layout

    def bind(self, path: str, widget: F, label: str = "", extra=None) -> F:
        """Show the model value at *path* in *widget*; its edits go through the undo stack.

        *extra* is a function of the new value returning further ``(path, value)`` edits that belong
        to the same step (e.g. the year columns following 项目实施年度)."""
        self.fields[path] = widget
        widget.setProperty("fieldPath", path)
        text = f"修改“{label}”" if label else "修改"

        def edited(value: Any, path: str = path) -> None:
            edits = [(path, value)]
            if extra is not None:
                more = extra(value)
                if more is None:  # the user cancelled the change: the field shows the model again
                    widget.set_value(self.doc.get(path))
                    return
                edits += more
            self.doc.edit(edits, text, merge_key=path)

        widget.edited.connect(edited)
        return widget

    def add_grid(self, grid: Grid) -> Grid:
        self.grids.append(grid)
        grid.sink = self
        grid.cellEdited.connect(self._cell_edited)
        return grid

    def grid_write(self, grid: Grid, cells: list[tuple[str, str, str, str]], label: str) -> list[str]:
        """Write ``(path, kind, text, where)`` cells of *grid* as one undo step, each parsed as its
        field parses it. When a cell cannot take its text nothing is written and the problems (each
        naming its *where*) are returned."""
        edits, problems = [], []
        for path, kind, text, where in cells:
            try:
                edits.append((path, parse_cell(kind, text)))
            except ValueError as exc:
                problems.append(f"{where}：{exc}" if where else str(exc))
        if problems:
            return problems
        self.write(edits, label)
        return []

    def write(self, edits: list[tuple[str, Any]], label: str) -> None:
        """Write *edits* (``(path, value)``) as one undo step; a page whose edits bring others with
        them (the 明细表's years) says which."""
        self.doc.edit(edits, label)

    def grid_grow(self, grid: Grid, n: int) -> bool:
        """Add *n* rows at the end of *grid*'s table (pages whose tables grow say how)."""
        return False

    def page_grid(self, columns: list[tuple[str, int]], name: str, tree: bool = False) -> Grid:
        """The page's one grid, named *name*, filling the rest of the page."""
        grid = self.add_grid(Grid(columns, self, tree=tree))
        grid.setObjectName(name)
        self.outer.addWidget(grid, 1)
        return grid

    def _cell_edited(self, path: str, kind: str, text: str) -> None:
        try:
            value = parse_cell(kind, text)
        except ValueError as exc:
            grid = self.sender()
            self.refuse_cell(grid if isinstance(grid, Grid) else None, path, str(exc))
            return
        self.write([(path, value)], "修改单元格")

    def refuse_cell(self, grid: Grid | None, path: str, reason: str) -> None:
        """A cell that cannot take what was typed keeps its value; the reason, naming the column,
        is shown at the cell (a note under it, and the cell marked as an error with the reason as
        its tooltip until the next change) and in the status bar."""
        index = grid.index_for(path) if grid is not None else None
        title = ""
        if grid is not None and index is not None and index.isValid():
            title = str(grid.model().headerData(index.column(), Qt.Orientation.Horizontal) or "").replace("\n", "")
        message = f"“{title}”：{reason}" if title else reason
        self._refused[path] = message
        self.mark(self._findings)
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(message, 8000)
        if grid is not None and index is not None and index.isValid():
            self._show_note(grid, grid.visualRect(index), message)

    def _show_note(self, grid: Grid, rect: QRect, message: str) -> None:
        """The reason under the cell, inside the grid (no window of its own), for a few seconds."""
        note = self.cell_note
        if note is None or note.parent() is not grid.viewport():
            note = QLabel(grid.viewport())
            note.setObjectName("cellProblem")
            note.setWordWrap(True)
            note.setStyleSheet("QLabel#cellProblem { background: #fde0e0; color: #8a1f11; border: 1px solid #c0392b;"
                               " padding: 3px 6px; }")
            self.cell_note = note
            self._note_timer.timeout.connect(note.hide)
        note.setText(message)
        width = min(max(rect.width(), 320), grid.viewport().width())
        note.setFixedWidth(width)
        note.adjustSize()
        x = max(0, min(rect.left(), grid.viewport().width() - width))
        y = rect.bottom() + 2 if rect.bottom() + 2 + note.height() <= grid.viewport().height() else max(0, rect.top() - note.height() - 2)
        note.move(x, y)
        note.show()
        note.raise_()
        self._note_timer.start(8000)

    def buttons(self, *specs: tuple[str, Any]) -> QHBoxLayout:
        row = QHBoxLayout()
        for text, slot in specs:
            b = QPushButton(text, self)
            b.clicked.connect(slot)
            row.addWidget(b)
        row.addStretch(1)
        return row

    # the order of Tab ---------------------------------------------------------------------------
    def order_tabs(self) -> list[QWidget]:
        """Tab follows the order the page shows its fields in: its layouts top to bottom, a grid
        layout row by row, left to right (not the order the widgets were made in)."""
        stops = tab_stops(self.layout())
        for a, b in zip(stops, stops[1:], strict=False):
            QWidget.setTabOrder(a, b)
        return stops

    def showEvent(self, e) -> None:  # noqa: N802 - Qt override
        self.order_tabs()
        super().showEvent(e)

    # refreshing ------------------------------------------------------------------------------
    def refresh(self) -> None:
        self._refused.clear()
        if self.cell_note is not None:
            self.cell_note.hide()
        for path, widget in self.fields.items():
            widget.set_value(self.doc.get(path))
        self.refresh_grids()
        self.stale = False
        self.mark(self._findings)

    def refresh_grids(self) -> None:
        """Subclasses with grids fill them here."""

    # findings --------------------------------------------------------------------------------
    def mark(self, findings: list[Finding]) -> None:
        """Colour the fields and cells that findings point at; the messages become tooltips."""
        self._findings = findings
        per_field: dict[str, list[Finding]] = {}
        for f in findings:
            field_path = self._field_for(f.field)
            if field_path is not None:
                per_field.setdefault(field_path, []).append(f)
        for path, widget in self.fields.items():
            hits = per_field.get(path, [])
            target = _mark_target(widget)
            severity = min(hits, key=lambda f: f.severity.rank).severity.value if hits else ""
            if target.property("severity") != severity:
                target.setProperty("severity", severity)
                target.style().unpolish(target)
                target.style().polish(target)
            tip = "\n".join(f"{f.severity.label}：{f.message}" for f in hits)
            target.setToolTip(tip)
        for grid in self.grids:
            marks: dict[str, tuple[str, str]] = {}
            for f in findings:
                key = grid.mark_key(f.field)
                if key:
                    old = marks.get(key)
                    sev = f.severity.value
                    if old and _rank(old[0]) <= _rank(sev):
                        marks[key] = (old[0], old[1] + "\n" + f"{f.severity.label}：{f.message}")
                    else:
                        marks[key] = (sev, (old[1] + "\n" if old else "") + f"{f.severity.label}：{f.message}")
            for path, message in self._refused.items():
                key = grid.mark_key(path)
                if key:
                    old = marks.get(key)
                    marks[key] = ("error", message + ("\n" + old[1] if old else ""))
            grid.mark(marks)

    def _field_for(self, path: str) -> str | None:
        best = None
        for field_path in self.fields:
            if covers(field_path, path) and (best is None or len(field_path) > len(best)):
                best = field_path
        return best

    def locate(self, path: str) -> bool:
        """Focus the field or cell *path* names and flash it; ``False`` when the page has none."""
        field = self._field_for(path)
        if field is not None:
            widget = self.fields[field]
            area = getattr(self, "scroll_area", None)
            if area is not None:
                area.ensureWidgetVisible(widget, 50, 80)
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            target = _mark_target(widget)
            target.setProperty("flash", True)
            target.style().unpolish(target)
            target.style().polish(target)

            def unflash() -> None:
                target.setProperty("flash", False)
                target.style().unpolish(target)
                target.style().polish(target)

            QTimer.singleShot(1500, target, unflash)
            return True
        for grid in self.grids:
            if grid.focus_path(path):
                return True
        return False


def tab_stops(layout) -> list[QWidget]:
    """The widgets Tab stops at in *layout*, in the order they are shown."""
    if layout is None:
        return []
    items = [layout.itemAt(i) for i in range(layout.count())]
    if isinstance(layout, QGridLayout):
        # (row, column, row span, column span): PySide6's stub says object
        places = [layout.getItemPosition(i)[:2] for i in range(layout.count())]  # type: ignore[index]
        items = [item for _place, item in sorted(zip(places, items, strict=True), key=lambda pair: pair[0])]
    stops: list[QWidget] = []
    for item in items:
        if item.layout() is not None:
            stops += tab_stops(item.layout())
        elif (widget := item.widget()) is not None:
            stops += _widget_stops(widget)
    return stops


def _widget_stops(widget: QWidget) -> list[QWidget]:
    if isinstance(widget, QScrollArea):
        return _widget_stops(inner) if (inner := widget.widget()) is not None else []
    own = [widget] if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.focusProxy() is None else []
    if widget.layout() is not None:
        return own + tab_stops(widget.layout())
    return own


def _mark_target(widget: QWidget) -> QWidget:
    """The widget that shows a field's marks: the inner editor of a composite field."""
    inner = getattr(widget, "mark_target", None)
    if callable(inner):
        return inner()
    for name in ("edit", "editor"):
        inner = getattr(widget, name, None)
        if isinstance(inner, QWidget):
            return inner
    return widget


def _rank(severity: str) -> int:
    return {"error": 0, "warning": 1, "info": 2}.get(severity, 3)


def form_group(title: str, parent: QWidget) -> tuple[QGroupBox, QGridLayout]:
    box = QGroupBox(title, parent)
    grid = QGridLayout(box)
    grid.setHorizontalSpacing(12)
    grid.setVerticalSpacing(8)
    return box, grid


REQUIRED_MARK = "<span style='color:#c0392b'> *</span>"


def label(text: str, parent: QWidget, required: bool = False, buddy: QWidget | None = None) -> QLabel:
    """A field's label as the layout declares it, starred when the field is required; *buddy* is
    the field it names (for screen readers, and so that tests can pair labels with fields)."""
    lab = QLabel(text + (REQUIRED_MARK if required else ""), parent)
    lab.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if buddy is not None:
        lab.setBuddy(buddy)
    return lab
