"""The 简述 + 上传依据 blocks of 项目目标, 项目计划 and 项目管理, one step per group.

Beside 依据 and 工作目标 a “引用政策…” button opens the policy library's citation panel (when that
module is present); a chosen clause is inserted at the cursor and recorded in the narrative's
``citations``, as one undoable edit.

The groups, the items' labels and the words 简述 / 上传依据 are the layout's
(:mod:`forms.layouts.narratives`).
"""

from __future__ import annotations

from desktop.qt import QDialog, QGroupBox, QPushButton, QVBoxLayout, QWidget
from forms.layouts import narratives as L

from ..widgets.fields import RichTextField
from .base import Page

CITABLE = ("basis", "party_goals")


def citation_panel_class():
    """The policy library's panel, or ``None`` while it is not installed."""
    try:
        from ..widgets.citation_panel import CitationPanel
    except ImportError:
        return None
    return CitationPanel


class NarrativePage(Page):
    group = ""

    def __init__(self, doc, parent: QWidget | None = None):
        super().__init__(doc, parent)
        body = self.scroll_body()
        self.editors: dict[str, RichTextField] = {}
        for spec in L.fields_of(self.group):
            key = L.key_of(spec)
            box = QGroupBox(spec.label, self)
            layout = QVBoxLayout(box)
            field = RichTextField(box, object_name=f"narrative_{key}")
            field.setObjectName(f"narrativeField_{key}")
            self.editors[key] = field
            self.bind(f"{spec.path}.html", field, f"{spec.label}（{L.SUMMARY}）")
            field.attachmentsEdited.connect(
                lambda value, p=f"{spec.path}.attachments": self.doc.edit([(p, value)], f"修改{L.ATTACHMENTS}"))
            if key in CITABLE and citation_panel_class() is not None:
                button = QPushButton("引用政策…", box)
                button.setObjectName(f"cite_{key}")
                button.clicked.connect(lambda _=False, k=key: self.open_citations(k))
                field.extra_tools.addWidget(button)
            layout.addWidget(field)
            body.addWidget(box)
        body.addStretch(1)

    def refresh(self) -> None:
        super().refresh()
        for key, field in self.editors.items():
            n = getattr(self.doc.submission.narratives, key)
            field.set_value(n)

    def open_citations(self, key: str) -> QDialog | None:
        panel_class = citation_panel_class()
        if panel_class is None:
            return None
        dialog = QDialog(self)
        dialog.setWindowTitle("引用政策依据")
        dialog.resize(760, 560)
        layout = QVBoxLayout(dialog)
        panel = panel_class(dialog)
        layout.addWidget(panel)
        panel.suggest_for(self.doc.submission)  # start from the clauses that bear on this project
        panel.citationChosen.connect(lambda citation, text: self.insert_citation(key, citation, text))
        dialog.setModal(False)
        dialog.show()
        self._citation_dialog = dialog
        return dialog

    def insert_citation(self, key: str, citation, text: str) -> None:
        """Insert *text* at the editor's cursor and append *citation*, as one undoable edit."""
        field = self.editors[key]
        html = field.insert_and_html(text)
        narrative = getattr(self.doc.submission.narratives, key)
        citations = list(narrative.citations) + [citation]
        self.doc.edit([(f"narratives.{key}.html", html), (f"narratives.{key}.citations", citations)], "引用政策")


class GoalsPage(NarrativePage):
    step = group = L.GOALS
    intro = "简述请写清楚依据、可行性、建设内容、受益对象和与党委政府工作目标的关系；可用上标写 m²。"


class PlanPage(NarrativePage):
    step = group = L.PLAN
    intro = "项目前期评估论证、实施（工作）方案，以及资金安排的标准和依据。"


class ManagementPage(NarrativePage):
    step = group = L.MANAGEMENT
    intro = "组织机构、主体责任、节支增效措施、内控机制和财务管理制度；各项请分别写，不要互相复制。"
