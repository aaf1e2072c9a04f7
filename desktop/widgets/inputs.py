"""A date typed as people write it, with a Chinese calendar, and 是 / 否 that take the keyboard.

- :class:`DateField` is a text field: ``2027-01-01``, ``2027/1/1``, ``20270101`` and ``2027年1月1日``
  are read by :func:`forms.values.parse_date_value` (the import's parser of dates) when the field
  is left (Tab leaves it, as any field); it then shows ``2027年1月1日``. Text that is no date stays
  as typed (the checker marks the field and its tooltip says why). The calendar button opens a
  Chinese calendar on the date, or on January of the budget year.
- :class:`YesNoField` is one tab stop: the arrow keys step 未填 → 是 → 否, 是/否 (or y/n, 1/0) choose,
  Delete clears; a frame shows that it has the focus.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import cast

from desktop.qt import (
    QAbstractButton,
    QButtonGroup,
    QCalendarWidget,
    QColor,
    QDate,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QLocale,
    QMenu,
    QPainter,
    QPen,
    QRect,
    Qt,
    QToolButton,
    QWidget,
    QWidgetAction,
    Signal,
)
from forms import values
from forms.model import YesNo, format_date

from .fields import AppUndoKeys, Bindable

CHINESE = QLocale(QLocale.Language.Chinese, QLocale.Country.China)


class _DateLine(AppUndoKeys, QLineEdit):
    def keyPressEvent(self, e) -> None:  # noqa: N802 - F4 or Alt+↓ opens the calendar, as on a drop-down
        if e.key() == Qt.Key.Key_F4 or (e.key() == Qt.Key.Key_Down and e.modifiers() & Qt.KeyboardModifier.AltModifier):
            cast(DateField, self.parent()).open_calendar()  # the line edit of a DateField
            return
        super().keyPressEvent(e)


class DateField(Bindable, QWidget):
    """A date written 2020年1月1日; blank means 未填."""

    edited = Signal(object)

    def __init__(self, parent: QWidget | None = None, default_year: Callable[[], int | None] | None = None):
        super().__init__(parent)
        self.edit = _DateLine(self)
        self.edit.setPlaceholderText("未填（如 2027-01-01）")
        self.button = QToolButton(self)
        self.button.setText("日历")
        self.button.setToolTip("从日历中选择日期（F4 或 Alt+↓）")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.clicked.connect(self.open_calendar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.edit)
        self.default_year = default_year
        self._value: date | str | None = None
        self.calendar: QCalendarWidget | None = None
        self._menu: QMenu | None = None
        self.edit.editingFinished.connect(self._finished)

    def value(self) -> date | str | None:
        return self._value

    def _finished(self) -> None:
        value = values.parse_date_value(self.edit.text())
        self._show(value)
        if value != self._value or type(value) is not type(self._value):
            self._value = value
            self.edited.emit(value)

    def _show(self, value) -> None:
        text = format_date(value) if value is not None else ""
        if text != self.edit.text():
            self.edit.setText(text)

    def set_value(self, value: date | str | None) -> None:
        self._value = value
        self._show(value)

    def setDate(self, d: QDate) -> None:  # noqa: N802 - as QDateEdit, for the calendar and tests
        value = date(d.year(), d.month(), d.day())
        self._show(value)
        if value != self._value:
            self._value = value
            self.edited.emit(value)

    # the calendar ------------------------------------------------------------------------------
    def start_date(self) -> QDate:
        """The day the calendar opens on: the field's date, or 1 January of the budget year."""
        if isinstance(self._value, date):
            return QDate(self._value.year, self._value.month, self._value.day)
        year = self.default_year() if self.default_year else None
        return QDate(year, 1, 1) if year else QDate(QDate.currentDate().year(), 1, 1)

    def open_calendar(self) -> None:
        calendar = self.prepare_calendar()
        assert self._menu is not None  # made with the calendar
        self._menu.popup(self.mapToGlobal(self.rect().bottomLeft()))
        calendar.setFocus()

    def prepare_calendar(self) -> QCalendarWidget:
        """The calendar, on the day it opens on (built the first time)."""
        if self._menu is None:
            self._menu = QMenu(self)
            self.calendar = QCalendarWidget(self._menu)
            self.calendar.setLocale(CHINESE)
            self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
            self.calendar.setGridVisible(True)
            self.calendar.clicked.connect(self._picked)
            self.calendar.activated.connect(self._picked)
            action = QWidgetAction(self._menu)
            action.setDefaultWidget(self.calendar)
            self._menu.addAction(action)
        calendar = self.calendar
        assert calendar is not None  # made with the menu
        start = self.start_date()
        calendar.setSelectedDate(start)
        calendar.setCurrentPage(start.year(), start.month())
        return calendar

    def _picked(self, d: QDate) -> None:
        if self._menu is not None:
            self._menu.hide()
        self.setDate(d)
        self.edit.setFocus()


ORDER = (YesNo.UNSET, YesNo.YES, YesNo.NO)


class YesNoField(Bindable, QWidget):
    """是 / 否 as two buttons; when neither is chosen a visible 未填 tag says so."""

    edited = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(3, 3, 3, 3)
        layout.setSpacing(2)
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)
        self.buttons: dict[YesNo, QToolButton] = {}
        for value in (YesNo.YES, YesNo.NO):
            b = QToolButton(self)
            b.setText(value.value)
            b.setCheckable(True)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the field is one tab stop; the arrows choose
            b.setObjectName(f"flag_{'yes' if value is YesNo.YES else 'no'}")
            b.setMinimumWidth(36)
            self.group.addButton(b)
            layout.addWidget(b)
            self.buttons[value] = b
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setToolTip("←/→ 或 ↑/↓ 切换 未填 / 是 / 否；也可按 Y / N，Delete 清除")
        self.unset = QLabel("未填", self)
        self.unset.setObjectName("unsetTag")
        layout.addWidget(self.unset)
        self._value = YesNo.UNSET
        self.group.buttonClicked.connect(self._clicked)

    def _clicked(self, button: QAbstractButton) -> None:
        chosen = next(v for v, b in self.buttons.items() if b is button)
        value = chosen if button.isChecked() else YesNo.UNSET  # clicking the chosen one again clears it
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self._choose(value)

    def _choose(self, value: YesNo) -> None:
        self._show(value)
        self.edited.emit(value)

    def keyPressEvent(self, e) -> None:  # noqa: N802 - Qt override
        key, text = e.key(), e.text()
        step = {Qt.Key.Key_Right: 1, Qt.Key.Key_Down: 1, Qt.Key.Key_Left: -1, Qt.Key.Key_Up: -1}.get(key)
        if step is not None:
            self._choose(ORDER[(ORDER.index(self._value) + step) % len(ORDER)])
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self._choose(YesNo.UNSET)
        elif key == Qt.Key.Key_Space:
            self._choose(YesNo.NO if self._value is YesNo.YES else YesNo.YES)
        elif (typed := _flag(text)) is not None:
            self._choose(typed)
        else:
            super().keyPressEvent(e)

    def inputMethodEvent(self, e) -> None:  # noqa: N802 - 是 / 否 typed through an input method
        value = _flag(e.commitString())
        if value is not None:
            self._choose(value)
        e.accept()

    def focusInEvent(self, e) -> None:  # noqa: N802
        super().focusInEvent(e)
        self.update()

    def focusOutEvent(self, e) -> None:  # noqa: N802
        super().focusOutEvent(e)
        self.update()

    def paintEvent(self, e) -> None:  # noqa: N802
        super().paintEvent(e)
        if self.hasFocus():
            painter = QPainter(self)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(QColor("#2e6da4"), 2))
            painter.drawRoundedRect(QRect(1, 1, self.width() - 2, self.height() - 2), 4, 4)
            painter.end()

    def _show(self, value: YesNo) -> None:
        self._value = value
        for v, b in self.buttons.items():
            b.setChecked(v is value)
        self.unset.setVisible(value is YesNo.UNSET)

    def value(self) -> YesNo:
        return self._value

    def set_value(self, value: YesNo) -> None:
        self._show(YesNo.parse(value))


def _flag(text: str) -> YesNo | None:
    """是 or 否 when *text* (a key, an input method's commit) says one, read as a 是/否 cell reads it."""
    try:
        value = values.parse_flag(text)
    except ValueError:
        return None
    return None if value is YesNo.UNSET else value
