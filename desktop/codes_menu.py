"""The 代码表 menu and the status bar's "which year's lists" label of the main window.

``install(window)`` is the one hook :class:`~desktop.main_window.MainWindow` calls: a permanent
status-bar label (``代码表 2022 年（内置；2027 年没有）``, the full sentence as its tooltip) that follows
项目实施年度, and a menu to load a finance bureau's official list (a workbook, or a list exported by
``budgetforms codes export``) and to export the list in force.
"""

from __future__ import annotations

from desktop.qt import QAction, QFileDialog, QInputDialog, QLabel, QMessageBox, QWidget
from forms.codes import TREES, code_lists
from forms.errors import UserError


def open_file_name(parent: QWidget) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, "导入正式代码表", "",
                                          "代码表 (*.xlsx *.xls *.ods *.json);;工作簿 (*.xlsx *.xls *.ods);;导出的代码表 (*.json)")
    return path


def save_file_name(parent: QWidget, suggested: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, "导出代码表", suggested, "代码表文件 (*.json);;工作簿 (*.xlsx)")
    return path


def choose_kind(parent: QWidget, title: str) -> str | None:
    kinds = [TREES[k][0] for k in TREES]
    kind, ok = QInputDialog.getItem(parent, title, "代码表种类：", kinds, 0, False)
    return kind if ok else None


def choose_year(parent: QWidget, year: int) -> int | None:
    value, ok = QInputDialog.getInt(parent, "导入正式代码表", "预算年度：", year, 2000, 2100)
    return value if ok else None


class CodesMenu:
    def __init__(self, window):
        self.window = window
        self.label = QLabel(window)
        self.label.setObjectName("codesYear")
        window.statusBar().addPermanentWidget(self.label)
        self.act_import = QAction("导入正式代码表…", window)
        self.act_import.setObjectName("actCodesImport")
        self.act_import.triggered.connect(lambda _c=False: self.import_list())
        self.act_export = QAction("导出代码表…", window)
        self.act_export.setObjectName("actCodesExport")
        self.act_export.triggered.connect(lambda _c=False: self.export_list())
        menu = window.menuBar().addMenu("代码表(&C)")
        menu.addAction(self.act_import)
        menu.addAction(self.act_export)
        window.doc.changed.connect(lambda _t: self.update())
        window.doc.reset.connect(self.update)
        self.update()

    def _year(self) -> int | None:
        return self.window.doc.submission.basic.budget_year

    def update(self) -> None:
        lists = code_lists(self._year())
        self.label.setText(lists.status_text(short=True))
        self.label.setToolTip(lists.hint() or f"{lists.status_text()}：功能科目等代码表为{lists.describe()}")

    def _refresh_window(self) -> None:
        for page in self.window.pages.values():
            page.stale = True
        step = self.window.current_step()
        if step:
            self.window.show_step(step)
        self.update()
        self.window.doc.run_check()

    def import_list(self) -> None:
        from forms.codes.exchange import import_file

        w = self.window
        path = open_file_name(w)
        if not path:
            return
        year = kind = None
        if not path.lower().endswith(".json"):
            kind = choose_kind(w, "导入正式代码表")
            if kind is None:
                return
            year = choose_year(w, self._year() or 2027)
            if year is None:
                return
        try:
            loaded = import_file(path, year=year, kind=kind)
        except UserError as exc:
            QMessageBox.warning(w, "代码表未导入", str(exc))
            return
        self._refresh_window()
        w.statusBar().showMessage(f"已导入 {loaded.year} 年{TREES.get(loaded.key, (loaded.key,))[0]}代码表 "
                                  f"{len(loaded.codes)} 条", 8000)

    def export_list(self) -> None:
        from forms.codes import kind_key
        from forms.codes.exchange import export_list

        w = self.window
        kind = choose_kind(w, "导出代码表")
        if kind is None:
            return
        lists = code_lists(self._year())
        path = save_file_name(w, f"{kind}{lists.requested or lists.year}.json")
        if not path:
            return
        try:
            out = export_list(lists, kind_key(kind, lists), path)
        except (UserError, OSError) as exc:
            QMessageBox.warning(w, "代码表未导出", str(exc))
            return
        w.statusBar().showMessage(f"已导出 {out}", 6000)


def install(window) -> CodesMenu:
    window.codes_menu = CodesMenu(window)
    return window.codes_menu
