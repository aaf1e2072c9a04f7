"""The open submission: the model, its undo stack, the saved state and the live check.

Every change of the model goes through :meth:`Document.edit` (or the row operations), which push an
:class:`EditCommand` on the :class:`QUndoStack`. A command holds the operations it made, each with its
old value, plus the written 合计 cells that follow from them (:func:`forms.paths.synced_totals`), so
that undo restores the model exactly. The GUI never decides a business rule: it writes values and asks
:mod:`forms` for totals and findings.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.qt import QObject, QTimer, QUndoCommand, QUndoStack, Signal
from forms import paths, verified
from forms.errors import UserError
from forms.model.submission import Submission
from forms.rules import Finding
from forms.rules.incremental import Checker

CHECK_DELAY_MS = 200
"""The checker re-runs this long after the last edit (it takes about a millisecond)."""


# --- operations -------------------------------------------------------------------------------

@dataclass
class SetOp:
    path: str
    new: Any
    old: Any = None

    def apply(self, sub: Submission, first: bool) -> None:
        if first:
            self.old = paths.snapshot(paths.get(sub, self.path))
        paths.set_value(sub, self.path, paths.snapshot(self.new))

    def revert(self, sub: Submission) -> None:
        paths.set_value(sub, self.path, paths.snapshot(self.old))

    @property
    def touched(self) -> str:
        return self.path


@dataclass
class InsertOp:
    list_path: str
    index: int
    item: Any

    def apply(self, sub: Submission, first: bool) -> None:
        paths.insert(sub, self.list_path, self.index, paths.snapshot(self.item))

    def revert(self, sub: Submission) -> None:
        paths.remove(sub, self.list_path, self.index)

    @property
    def touched(self) -> str:
        return self.list_path


@dataclass
class RemoveOp:
    list_path: str
    index: int
    item: Any = None

    def apply(self, sub: Submission, first: bool) -> None:
        self.item = paths.snapshot(paths.remove(sub, self.list_path, self.index))

    def revert(self, sub: Submission) -> None:
        paths.insert(sub, self.list_path, self.index, paths.snapshot(self.item))

    @property
    def touched(self) -> str:
        return self.list_path


@dataclass
class MoveOp:
    list_path: str
    source: int
    target: int

    def apply(self, sub: Submission, first: bool) -> None:
        paths.move(sub, self.list_path, self.source, self.target)

    def revert(self, sub: Submission) -> None:
        paths.move(sub, self.list_path, self.target, self.source)

    @property
    def touched(self) -> str:
        return self.list_path


MERGE_ID = 6001


class EditCommand(QUndoCommand):
    """One undoable edit: its operations and the totals that followed them."""

    def __init__(self, doc: Document, ops: list, text: str, merge_key: str | None = None):
        super().__init__(text)
        self.doc = doc
        self.ops = ops
        self.derived: list[SetOp] = []
        self.merge_key = merge_key
        self._done = False

    def id(self) -> int:  # noqa: A003 - Qt's name
        return MERGE_ID if self.merge_key else -1

    def redo(self) -> None:
        sub = self.doc.submission
        first = not self._done
        for op in self.ops:
            op.apply(sub, first)
        if first:
            self.derived = [SetOp(p, v) for p, v in paths.synced_totals(sub, [op.touched for op in self.ops])]
        for op in self.derived:
            op.apply(sub, first)
        self._done = True
        self.doc._changed(self.touched())

    def undo(self) -> None:
        sub = self.doc.submission
        for op in reversed(self.derived):
            op.revert(sub)
        for op in reversed(self.ops):
            op.revert(sub)
        self.doc._changed(self.touched())

    def touched(self) -> list[str]:
        return [op.touched for op in self.ops] + [op.path for op in self.derived]

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        """Keystrokes in one field make one undo step."""
        if not isinstance(other, EditCommand) or other.merge_key is None or other.merge_key != self.merge_key:
            return False
        mine = {op.path: op for op in self.ops if isinstance(op, SetOp)}
        for op in other.ops:
            if not isinstance(op, SetOp) or op.path not in mine:
                return False
        for op in other.ops:
            mine[op.path].new = op.new
        have = {op.path: op for op in self.derived}
        for op in other.derived:
            if op.path in have:
                have[op.path].new = op.new
            else:
                self.derived.append(op)
        return True


# --- the document -------------------------------------------------------------------------------

class Document(QObject):
    """The submission being edited, with its file, undo stack and findings."""

    changed = Signal(list)
    """Paths touched by an edit, undo or redo (``[""]`` when the whole submission was replaced)."""
    findingsChanged = Signal(list)
    dirtyChanged = Signal(bool)
    reset = Signal()
    """A different submission was loaded: every page re-reads everything."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.submission = Submission()
        self.path: Path | None = None
        self.kind = "project"
        self.import_findings: list[Finding] = []
        self.findings: list[Finding] = []
        """The findings to look at: errors, and the warnings and hints no 已核实 mark covers."""
        self.marks = verified.Applied()
        """The last check's 已核实 marks: the findings they set aside, outdated and unused marks."""
        self.undo_stack = QUndoStack(self)
        self._unsaved = False
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self.run_check)
        self.checker = Checker()
        """Re-runs only the rules reading what was edited: every edit passes through here, so the
        paths it touched (``_touched``) tell the checker what changed without a snapshot."""
        self._touched: set[str] | None = None  # None: check everything

    # loading ---------------------------------------------------------------------------------
    def load(self, submission: Submission, path: Path | None, kind: str = "project",
             import_findings: list | None = None, dirty: bool = False) -> None:
        self.submission = submission
        self.path = path
        self.kind = kind
        self.import_findings = list(import_findings or [])
        self.undo_stack.clear()
        self.undo_stack.setClean()
        # a restored or imported submission is not saved as a project file yet
        self._unsaved = dirty
        self._touched = None
        self.reset.emit()
        self.dirtyChanged.emit(self.is_dirty())
        self.run_check()

    # editing ---------------------------------------------------------------------------------
    def edit(self, edits: list[tuple[str, Any]], text: str = "修改", merge_key: str | None = None) -> None:
        """Write values at paths as one undoable step; values equal to the model's are skipped."""
        ops = []
        for path, value in edits:
            try:
                current = paths.get(self.submission, path)
            except paths.PathError:
                continue
            if _same(current, value):
                continue
            ops.append(SetOp(path, value))
        if ops:
            self.undo_stack.push(EditCommand(self, ops, text, merge_key))

    def set(self, path: str, value: Any, text: str = "修改", merge: bool = False) -> None:
        self.edit([(path, value)], text, merge_key=path if merge else None)

    def insert_row(self, list_path: str, index: int, item: Any, text: str = "添加行") -> None:
        self.undo_stack.push(EditCommand(self, [InsertOp(list_path, index, item)], text))

    def insert_rows(self, list_path: str, index: int, items: list, text: str = "添加行") -> None:
        """Several rows at *index* as one undo step (a paste longer than the table)."""
        if items:
            ops = [InsertOp(list_path, index + i, item) for i, item in enumerate(items)]
            self.undo_stack.push(EditCommand(self, ops, text))

    def remove_row(self, list_path: str, index: int, text: str = "删除行") -> None:
        self.undo_stack.push(EditCommand(self, [RemoveOp(list_path, index)], text))

    def move_row(self, list_path: str, source: int, target: int, text: str = "移动行") -> None:
        if source != target:
            self.undo_stack.push(EditCommand(self, [MoveOp(list_path, source, target)], text))

    # 已核实 marks ---------------------------------------------------------------------------------
    def verify(self, finding: Finding, reason: str) -> None:
        """Mark a warning or hint 已核实 (one undo step; an outdated mark of it is replaced).
        Raises :class:`UserError` for an error or an empty reason: nothing is changed then."""
        mark = verified.make_mark(self.submission, finding, reason)
        old = self.marks.mark_for(finding)
        index = verified.index_of(self.submission, old) if old is not None else None
        if index is not None:
            self.edit([(f"verified[{index}]", mark)], "重新核实")
        else:
            self.insert_row("verified", len(self.submission.verified), mark, "标记为已核实")
        self.run_check()

    def unverify(self, mark) -> None:
        """Take an 已核实 mark away again (one undo step)."""
        index = verified.index_of(self.submission, mark)
        if index is None:
            raise UserError("这条核实标记已不在申报中")
        self.remove_row("verified", index, "取消已核实")
        self.run_check()

    def get(self, path: str, default: Any = None) -> Any:
        try:
            return paths.get(self.submission, path)
        except paths.PathError:
            return default

    # state -----------------------------------------------------------------------------------
    def is_dirty(self) -> bool:
        return self._unsaved or not self.undo_stack.isClean()

    def _clean_changed(self, _clean: bool) -> None:
        self.dirtyChanged.emit(self.is_dirty())

    def mark_saved(self, path: Path) -> None:
        self.path = path
        self.kind = "project"
        self._unsaved = False
        self.undo_stack.setClean()
        self.dirtyChanged.emit(self.is_dirty())

    def _changed(self, touched: list[str]) -> None:
        if self._touched is not None:
            self._touched.update(touched)
        self.changed.emit(touched)
        self._check_timer.start()

    # checking --------------------------------------------------------------------------------
    def run_check(self) -> None:
        self._check_timer.stop()
        touched, self._touched = self._touched, set()
        found = list(self.import_findings) + self.checker.check(self.submission, touched)
        self.marks = verified.apply(self.submission, found)
        self.findings = self.marks.open
        self.findingsChanged.emit(self.findings)

    def flush_check(self) -> None:
        """Run a pending check now (tests, benchmarks, before saving)."""
        if self._check_timer.isActive():
            self.run_check()


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    try:
        return type(a) is type(b) and a == b
    except Exception:  # pragma: no cover - exotic comparisons
        return False
