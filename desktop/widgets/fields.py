"""Field widgets: each shows one model value and emits ``edited(value)`` when the user changes it.

They hold no business rule: a value is read by the parser of its kind (:mod:`forms.values`, the one
the workbook import uses), a code combo
offers what :func:`forms.codes.code_lists` lists (dates and 是/否 are in :mod:`desktop.widgets.inputs`).
The page writes the emitted value into the model through the undo stack and calls ``set_value`` to
show it.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from desktop.qt import (
    QAbstractSpinBox,
    QComboBox,
    QCompleter,
    QDesktopServices,
    QEvent,
    QFileDialog,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    Qt,
    QTextCharFormat,
    QTextDocument,
    QTextEdit,
    QToolButton,
    QUrl,
    QVBoxLayout,
    QWidget,
    Signal,
)
from forms import values
from forms.model import (
    Attachment,
    MoneyError,
    YesNo,
    capital_rmb,
    format_date,
    format_money,
)


def _is_undo_key(event) -> bool:
    return event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo) \
        or (event.key() == Qt.Key.Key_Y and event.modifiers() == Qt.KeyboardModifier.ControlModifier)


if TYPE_CHECKING:
    _Widget = QWidget  # what mypy checks the mixins below as
else:
    # at run time they are plain mixins: a Python class between two Qt classes in a widget's bases
    # (class X(Mixin(QWidget), QComboBox)) leaves shiboken unable to find X's signals
    _Widget = object


class Bindable(_Widget):
    """A field a page binds to a model path (:meth:`desktop.steps.base.Page.bind`): it shows a
    value given to ``set_value`` and emits ``edited(value)`` when the user changes it. Mixed in
    before the field's Qt class."""

    if TYPE_CHECKING:  # each field declares its own
        edited: ClassVar[Signal]

        def set_value(self, value: Any) -> None: ...


class AppUndoKeys(_Widget):
    """Mixin (before the widget's class): Ctrl+Z / Ctrl+Y go to the app's undo stack, not the widget's own."""

    def event(self, e):  # noqa: D401 - Qt override
        if e.type() == QEvent.Type.ShortcutOverride and _is_undo_key(e):
            e.ignore()
            return True
        return super().event(e)


# --- text ---------------------------------------------------------------------------------------

class TextField(AppUndoKeys, Bindable, QLineEdit):
    edited = Signal(object)

    def __init__(self, parent: QWidget | None = None, placeholder: str = ""):
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.textEdited.connect(lambda text: self.edited.emit(text))

    def set_value(self, value: Any) -> None:
        text = "" if value is None else str(value)
        if text != self.text():
            self.setText(text)
            self.setCursorPosition(0)


class MoneyField(Bindable, QWidget):
    """An amount in 元: accepts ``20000000``, ``2,000万``, full-width digits; shows
    ``20,000,000.00`` once the user leaves the field, and the 大写 amount underneath."""

    edited = Signal(object)

    def __init__(self, parent: QWidget | None = None, hint: bool = True):
        super().__init__(parent)
        self.edit = _MoneyLine(self)
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.edit.setPlaceholderText("0.00")
        self.hint = QLabel(self)
        self.hint.setObjectName("capitalHint")
        self.hint.setVisible(hint)
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(self.edit)
        layout.addWidget(self.hint)
        self.setFocusProxy(self.edit)
        self._value: Decimal | None = None
        self._show_hint = hint
        self.edit.textEdited.connect(self._typed)
        self.edit.editingFinished.connect(self._finished)

    def value(self) -> Decimal | None:
        return self._value

    def _typed(self, text: str) -> None:
        try:
            value = values.parse_money(text)
        except MoneyError as exc:
            self.edit.setProperty("invalid", True)
            self.edit.setToolTip(str(exc))
            self._restyle()
            self.hint.setText(str(exc))
            return
        self.edit.setProperty("invalid", False)
        self.edit.setToolTip("")
        self._restyle()
        self._value = value
        self._update_hint()
        self.edited.emit(value)

    def _finished(self) -> None:
        """Enter or leaving the field: the amount is shown formatted; after Enter it is selected, so
        that what is typed next replaces it instead of being added to its end."""
        if not self.edit.property("invalid"):
            self.edit.setText(format_money(self._value))
        if self.edit.hasFocus():
            self.edit.selectAll()

    def _restyle(self) -> None:
        self.edit.style().unpolish(self.edit)
        self.edit.style().polish(self.edit)

    def _update_hint(self) -> None:
        if self._show_hint:
            self.hint.setText(capital_rmb(self._value) if self._value else "")

    def set_value(self, value: Decimal | None) -> None:
        # what the user is typing stays as typed while it means the same amount; it is formatted
        # when they leave the field
        if not self.edit.property("invalid"):
            current: object
            try:
                current = values.parse_money(self.edit.text())
            except MoneyError:
                current = object()
            if current == value and (current is None) == (value is None):
                self._value = value
                self._update_hint()
                return
        self._value = value
        self.edit.setProperty("invalid", False)
        self._restyle()
        self.edit.setText(format_money(value))
        self._update_hint()

    def setReadOnly(self, flag: bool) -> None:  # noqa: N802 - Qt naming
        self.edit.setReadOnly(flag)


class _MoneyLine(AppUndoKeys, QLineEdit):
    def __init__(self, parent):
        super().__init__(parent)


# --- numbers, years and dates -------------------------------------------------------------------

class IntField(AppUndoKeys, Bindable, QSpinBox):
    """An integer, with 未填 as its lowest value (the model's ``None``)."""

    edited = Signal(object)

    def __init__(self, parent: QWidget | None = None, minimum: int = 0, maximum: int = 99, suffix: str = ""):
        super().__init__(parent)
        self.setRange(minimum - 1, maximum)
        self.setSpecialValueText("未填")
        self.setSuffix(suffix)
        self.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.UpDownArrows)
        self.setKeyboardTracking(False)
        self._setting = False
        self.valueChanged.connect(self._changed)

    def _changed(self, v: int) -> None:
        if not self._setting:
            self.edited.emit(None if v == self.minimum() else v)


    def set_value(self, value: int | None) -> None:
        self._setting = True
        try:
            self.setValue(self.minimum() if value is None else int(value))
        finally:
            self._setting = False


class YearField(IntField):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, minimum=2000, maximum=2100)
        self.setSuffix("")


# --- code lists ---------------------------------------------------------------------------------

class CodeCombo(AppUndoKeys, Bindable, QComboBox):
    """A searchable drop-down fed by a code list: type any part of a code or a name."""

    edited = Signal(object)

    def __init__(self, parent: QWidget | None = None, coded: bool = False):
        super().__init__(parent)
        self.coded = coded
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        self.lineEdit().setPlaceholderText("未填（可输入搜索）")
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        self._setting = False
        self.activated.connect(lambda _i: self._commit())
        self.lineEdit().editingFinished.connect(self._commit)

    def lineEdit(self) -> QLineEdit:  # noqa: N802 - Qt's name
        """The combo's line edit: it is editable from the start, so it has one."""
        line = super().lineEdit()
        assert line is not None
        return line

    def set_choices(self, choices: list[str]) -> None:
        current = self.currentText()
        self._setting = True
        try:
            self.clear()
            self.addItems(choices)
            self.setEditText(current)
        finally:
            self._setting = False

    def _commit(self) -> None:
        if self._setting:
            return
        self.edited.emit(values.parse("coded" if self.coded else "text", self.currentText()))

    def set_value(self, value: Any) -> None:
        text = str(value) if value is not None else ""
        if text == self.currentText():
            return
        self._setting = True
        try:
            i = self.findText(text)
            if i >= 0:
                self.setCurrentIndex(i)
            else:
                self.setCurrentIndex(-1)
                self.setEditText(text)
        finally:
            self._setting = False


# --- narratives: rich text with attachments -----------------------------------------------------

_TAGGED = re.compile(r"<\s*[a-zA-Z]")


def document_to_html(doc: QTextDocument) -> str:
    """The compact HTML the model keeps: one ``<p>`` a paragraph, ``<sup>``/``<sub>``/``<b>`` kept."""
    from html import escape

    out: list[str] = []
    block = doc.begin()
    while block.isValid():
        parts: list[str] = []
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            if frag.isValid():
                text = escape(frag.text(), quote=False).replace("\u2028", "<br>")
                fmt = frag.charFormat()
                align = fmt.verticalAlignment()
                if align == QTextCharFormat.VerticalAlignment.AlignSuperScript:
                    text = f"<sup>{text}</sup>"
                elif align == QTextCharFormat.VerticalAlignment.AlignSubScript:
                    text = f"<sub>{text}</sub>"
                if fmt.fontWeight() >= 600:
                    text = f"<b>{text}</b>"
                parts.append(text)
            it += 1
        line = "".join(parts)
        if line.strip():
            out.append(f"<p>{line}</p>")
        block = block.next()
    return "".join(out)


class _RichEdit(AppUndoKeys, QTextEdit):
    def __init__(self, parent):
        super().__init__(parent)
        self.setUndoRedoEnabled(False)
        self.setAcceptRichText(True)
        self.setTabChangesFocus(True)

    def insertFromMimeData(self, source):  # noqa: N802 - Qt override
        # pasted text keeps paragraphs but not foreign fonts and colours
        if source.hasText():
            self.textCursor().insertText(source.text())
        else:
            super().insertFromMimeData(source)


class RichTextField(Bindable, QWidget):
    """A 简述 editor (paragraphs, 上标, 下标, 加粗) with its 上传依据 list (add / open / remove)."""

    edited = Signal(object)
    """Emits the new HTML."""
    attachmentsEdited = Signal(object)
    """Emits the new list of :class:`Attachment`."""

    def __init__(self, parent: QWidget | None = None, object_name: str = ""):
        super().__init__(parent)
        self.editor = _RichEdit(self)
        if object_name:
            self.editor.setObjectName(object_name)
        self.editor.setMinimumHeight(110)
        tools = QHBoxLayout()
        tools.setSpacing(4)
        self.sup = self._tool("上标 x²", "上标（如 m²）", QTextCharFormat.VerticalAlignment.AlignSuperScript)
        self.sub = self._tool("下标 x₂", "下标", QTextCharFormat.VerticalAlignment.AlignSubScript)
        self.bold = QToolButton(self)
        self.bold.setText("加粗")
        self.bold.clicked.connect(self._toggle_bold)
        self.count = QLabel(self)
        self.count.setObjectName("charCount")
        tools.addWidget(self.sup)
        tools.addWidget(self.sub)
        tools.addWidget(self.bold)
        self.extra_tools = QHBoxLayout()
        tools.addLayout(self.extra_tools)
        tools.addStretch(1)
        tools.addWidget(self.count)

        self.files = QListWidget(self)
        self.files.setFlow(QListWidget.Flow.LeftToRight)
        self.files.setWrapping(True)
        self.files.setFixedHeight(30)
        self.files.setToolTip("双击打开；选中后可移除")
        self.files.itemDoubleClicked.connect(lambda item: self._open(item))
        add = QPushButton("添加依据文件…", self)
        add.clicked.connect(self._add)
        self.open_btn = QPushButton("打开", self)
        self.open_btn.clicked.connect(lambda: self._open(self.files.currentItem()))
        self.remove_btn = QPushButton("移除", self)
        self.remove_btn.clicked.connect(self._remove)
        files_row = QHBoxLayout()
        files_row.addWidget(QLabel("上传依据：", self))
        files_row.addWidget(self.files, 1)
        files_row.addWidget(add)
        files_row.addWidget(self.open_btn)
        files_row.addWidget(self.remove_btn)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(tools)
        layout.addWidget(self.editor)
        layout.addLayout(files_row)
        self.setFocusProxy(self.editor)
        self._html = ""
        self._attachments: list[Attachment] = []
        self._setting = False
        self.editor.textChanged.connect(self._typed)

    def _tool(self, text: str, tip: str, align) -> QToolButton:
        b = QToolButton(self)
        b.setText(text)
        b.setToolTip(tip)
        b.clicked.connect(lambda: self._toggle_align(align))
        return b

    def _toggle_align(self, align) -> None:
        cursor = self.editor.textCursor()
        fmt = QTextCharFormat()
        current = cursor.charFormat().verticalAlignment()
        fmt.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignNormal if current == align else align)
        cursor.mergeCharFormat(fmt)
        self.editor.mergeCurrentCharFormat(fmt)
        self.editor.setFocus()

    def _toggle_bold(self) -> None:
        cursor = self.editor.textCursor()
        fmt = QTextCharFormat()
        fmt.setFontWeight(400 if cursor.charFormat().fontWeight() >= 600 else 700)
        cursor.mergeCharFormat(fmt)
        self.editor.mergeCurrentCharFormat(fmt)

    def _typed(self) -> None:
        self.count.setText(f"{len(self.editor.toPlainText().strip())} 字")
        if self._setting:
            return
        html = document_to_html(self.editor.document())
        if html != self._html:
            self._html = html
            self.edited.emit(html)

    def html(self) -> str:
        return self._html

    def set_value(self, value) -> None:
        """Show a :class:`Narrative` (text and attachments) or just its HTML."""
        html = (value if isinstance(value, str) else value.html) or ""
        if html != self._html:
            self._setting = True
            try:
                if _TAGGED.search(html):
                    self.editor.setHtml(html)
                else:
                    self.editor.setPlainText(html)
                # the model's markup stays the reference, so an untouched text is never rewritten
                self._html = html
            finally:
                self._setting = False
            self.count.setText(f"{len(self.editor.toPlainText().strip())} 字")
        if isinstance(value, str):
            return
        if list(value.attachments) != self._attachments:
            self._attachments = list(value.attachments)
            self.files.clear()
            for a in self._attachments:
                item = QListWidgetItem(a.name, self.files)
                item.setToolTip(a.path or a.name)

    # attachments ---------------------------------------------------------------------------
    def _add(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "添加上传依据", "", "所有文件 (*)")
        if names:
            from pathlib import Path

            new = self._attachments + [Attachment(name=Path(n).name, path=n) for n in names]
            self.attachmentsEdited.emit(new)

    def _remove(self) -> None:
        row = self.files.currentRow()
        if 0 <= row < len(self._attachments):
            self.attachmentsEdited.emit(self._attachments[:row] + self._attachments[row + 1:])

    def _open(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        row = self.files.row(item)
        if 0 <= row < len(self._attachments) and self._attachments[row].path:
            QDesktopServices.openUrl(QUrl.fromLocalFile(self._attachments[row].path))

    def insert_and_html(self, text: str) -> str:
        """Insert plain *text* at the cursor and return the new HTML without emitting ``edited``
        (the caller records the insertion together with what goes with it)."""
        self._setting = True
        try:
            self.editor.textCursor().insertText(text)
        finally:
            self._setting = False
        self._html = document_to_html(self.editor.document())
        return self._html


def parse_cell(kind: str, text: str) -> Any:
    """A typed table cell as the model's value, read by the parser of its kind that the workbook
    import uses too (:func:`forms.values.parse`); raises ``ValueError`` with the Chinese reason
    (``1.5`` in a year or count cell is refused, never cut to 1)."""
    return values.parse(kind, text)


def show_cell(kind: str, value: Any) -> str:
    if value is None:
        return ""
    if kind == "money":
        return format_money(value)
    if kind == "score":
        return format_money(value)
    if kind in ("int", "year"):
        return str(value)
    if kind == "number":
        text = f"{value:f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    if kind == "date":
        return format_date(value)
    if kind == "yesno":
        return "" if value is YesNo.UNSET else YesNo.parse(value).value
    return str(value)
