"""Start reviewer mode on its own (``budgetforms review [FOLDER]``)."""

from __future__ import annotations

from pathlib import Path

from forms.errors import UserError


def run_reviewer(folder: str | None = None, screenshot: str | None = None, workspace: str | None = None) -> int:
    from desktop.qt import QTimer

    from ..app import create_app
    from .window import ReviewerWindow

    if folder and not Path(folder).is_dir():
        raise UserError(f"找不到文件夹“{folder}”")
    if folder and workspace:
        from forms.review_workspace import check_location

        check_location(folder, workspace)
    app = create_app()
    window = ReviewerWindow()
    if workspace:
        window.workspace_folder = Path(workspace)
    window.show()
    if screenshot:
        def grab() -> None:
            window.grab().save(screenshot)
            app.quit()

        def finished(result) -> None:
            if result.files:
                window.open_row(0)
            QTimer.singleShot(400, grab)

        window.batch_finished.connect(finished)
        if not folder:
            QTimer.singleShot(400, grab)
    if folder:
        window.open_folder(folder)
    return app.exec()
