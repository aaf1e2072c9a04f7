"""The main window's size and place: its preferred size, or smaller to fit the screen's available area
(``BUDGETFORMS_SCREEN`` stands for another screen), and the geometry remembered between sessions.
"""

from __future__ import annotations

import os

from desktop.qt import QRect, QSize, QWidget

from . import storage
from .window_base import WindowPart

PREFERRED_SIZE = QSize(1360, 860)
FRAME_ALLOWANCE = QSize(8, 38)
"""Room for the window manager's frame and title bar before the window has been shown."""


def available_area(widget: QWidget | None = None) -> QRect:
    """The screen's area for windows: ``BUDGETFORMS_SCREEN=1366x768`` (in device pixels, as a screen
    is sold) stands for a screen the app is not on (screenshots, offscreen, Xvfb); else the screen's
    available geometry."""
    from desktop.qt import QGuiApplication

    screen = (widget.screen() if widget is not None else None) or QGuiApplication.primaryScreen()
    wanted = os.environ.get("BUDGETFORMS_SCREEN", "")
    if wanted:
        try:
            w, h = (int(v) for v in wanted.lower().split("x"))
        except ValueError:
            w = h = 0
        if w > 0 and h > 0:
            ratio = screen.devicePixelRatio() if screen is not None else 1.0
            return QRect(0, 0, int(w / ratio), int(h / ratio))
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 768)


class WindowGeometry(WindowPart):
    """Fitting the screen and remembering the geometry: mixed into :class:`~desktop.main_window.MainWindow`."""

    def fit_to_screen(self, area: QRect | None = None) -> None:
        """The window at its preferred size, or smaller so that it fits *area* (the screen's
        available area: without the task bar) with its frame, centred in it."""
        area = area or available_area(self)
        frame = QSize(FRAME_ALLOWANCE)
        if self.isVisible() and self.frameGeometry().size() != self.geometry().size():
            frame = self.frameGeometry().size() - self.geometry().size()
        width = min(PREFERRED_SIZE.width(), area.width() - frame.width())
        height = min(PREFERRED_SIZE.height(), area.height() - frame.height())
        self.resize(width, height)
        self.move(area.x() + max(0, (area.width() - width - frame.width()) // 2),
                  area.y() + max(0, (area.height() - height - frame.height()) // 2))

    def fits(self, area: QRect | None = None) -> bool:
        area = area or available_area(self)
        return area.contains(self.frameGeometry()) or area.contains(self.geometry())

    def _restore_geometry(self) -> None:
        s = storage.settings()
        geometry = s.value("window/geometry")
        state = s.value("window/state")
        if geometry is not None:
            self.restoreGeometry(geometry)
            if not self.isMaximized() and not self.fits():
                self.fit_to_screen()  # saved on a larger screen
        if state is not None:
            self.restoreState(state)

    def save_geometry(self) -> None:
        s = storage.settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.sync()
