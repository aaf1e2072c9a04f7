"""The citation panel: search the policy library, preview a clause, insert a citation.

A self-contained widget: a search line, the hits (《title》, clause, the sentence with the words
found in bold), the whole clause of the selected hit, the sentence to quote, and “插入引用”. It
emits :attr:`CitationPanel.citationChosen` with a :class:`forms.model.Citation` (the reference:
document id, title, clause, quote) and the text to insert (``《title》clause：“quote”``); whoever
places the panel inserts the text and appends the citation to the narrative. All searching and
ranking is :mod:`forms.policy`'s.
"""

from __future__ import annotations

import html

from desktop.qt import (
    QAbstractScrollArea,
    QAbstractTextDocumentLayout,
    QApplication,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPalette,
    QPushButton,
    QSize,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
    QTextBrowser,
    QTextDocument,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from forms.errors import UserError
from forms.model import Citation
from forms.policy import Hit, citation_text, mark_html, suggest
from forms.policy.search import spans_for

HIT_ROLE = Qt.ItemDataRole.UserRole + 1
HTML_ROLE = Qt.ItemDataRole.UserRole + 2
SELECTED_HTML_ROLE = Qt.ItemDataRole.UserRole + 3
SUGGESTIONS = 10
SEARCH_DELAY_MS = 150
RESULTS = 30


class _HtmlDelegate(QStyledItemDelegate):
    """Draws an item's rich text (bold search words), wrapped to the list's width."""

    PAD = 4

    def _document(self, option: QStyleOptionViewItem, index, width: int) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(0)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        markup = index.data(SELECTED_HTML_ROLE if selected else HTML_ROLE)
        doc.setHtml(markup or html.escape(index.data(Qt.ItemDataRole.DisplayRole) or ""))
        doc.setTextWidth(max(width - 2 * self.PAD, 50))
        return doc

    def paint(self, painter, option, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        doc = self._document(opt, index, opt.rect.width())
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        context = QAbstractTextDocumentLayout.PaintContext()
        if opt.state & QStyle.StateFlag.State_Selected:
            context.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(QPalette.ColorRole.HighlightedText))
        painter.save()
        painter.translate(opt.rect.left() + self.PAD, opt.rect.top() + self.PAD)
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        view = opt.widget
        width = view.viewport().width() if isinstance(view, QAbstractScrollArea) else 480  # the results list
        doc = self._document(opt, index, width)
        return QSize(width, int(doc.size().height()) + 2 * self.PAD + 2)


class CitationPanel(QWidget):
    """Search, preview and insert a citation of the policy library."""

    citationChosen = Signal(object, str)
    """(:class:`forms.model.Citation`, the text to insert)."""

    def __init__(self, parent: QWidget | None = None, library=None):
        super().__init__(parent)
        if library is None:
            from forms.policy import default_library

            library = default_library()
        self.library = library
        self.hits: list[Hit] = []

        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("citationSearch")
        self.search_edit.setPlaceholderText("检索政策条款：如 外贸、高标准农田、foreign trade")
        self.search_edit.setClearButtonEnabled(True)
        self.status = QLabel(self)
        self.status.setObjectName("citationStatus")
        self.add_button = QPushButton("加入政策文件…", self)
        self.add_button.setObjectName("addPolicyDocument")
        self.add_button.setToolTip("把 .txt、.md 或 .docx 政策文件复制到政策库，之后即可检索和引用")

        self.results = QListWidget(self)
        self.results.setObjectName("citationResults")
        self.results.setItemDelegate(_HtmlDelegate(self.results))
        self.results.setWordWrap(True)
        self.results.setUniformItemSizes(False)
        self.results.setResizeMode(QListView.ResizeMode.Adjust)
        self.results.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.results.setAlternatingRowColors(True)

        self.preview = QTextBrowser(self)
        self.preview.setObjectName("citationPreview")
        self.preview.setOpenLinks(False)

        self.quote_choice = QComboBox(self)
        self.quote_choice.setObjectName("citationQuote")
        self.quote_choice.setToolTip("引用条款中的哪一句")
        self.quote_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.quote_choice.setMinimumContentsLength(20)
        self.insert_button = QPushButton("插入引用", self)
        self.insert_button.setObjectName("insertCitation")
        self.insert_button.setEnabled(False)
        # in a dialog, Enter in the search line must search, not press a button of the panel
        for button in (self.insert_button, self.add_button):
            button.setAutoDefault(False)
            button.setDefault(False)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.status)
        top.addWidget(self.add_button)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.results)
        split.addWidget(self.preview)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.addWidget(QLabel("引用句：", self))
        bottom.addWidget(self.quote_choice, 1)
        bottom.addWidget(self.insert_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addLayout(bottom)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        self.search_edit.textChanged.connect(lambda _text: self._timer.start())
        self.search_edit.returnPressed.connect(self.run_search)
        self.results.currentRowChanged.connect(self._show_current)
        self.results.itemDoubleClicked.connect(lambda _item: self.insert())
        self.insert_button.clicked.connect(self.insert)
        self.add_button.clicked.connect(self.choose_document)
        self._set_hits([], f"输入关键词检索政策库（{len(self.library.documents)} 份文件）")

    # --- filling the list ---------------------------------------------------------------------

    def run_search(self) -> None:
        self._timer.stop()
        query = self.search_edit.text().strip()
        if not query:
            self._set_hits([], "")
            return
        hits = self.library.search(query, RESULTS)
        self._set_hits(hits, f"找到 {len(hits)} 条" if hits else "没有找到相关条款")

    def suggest_for(self, submission) -> list[Hit]:
        """Fill the list with the clauses that bear most on *submission* (its name, content,
        beneficiaries and basis); returns them."""
        hits = suggest(self.library, submission, SUGGESTIONS)
        self._set_hits(hits, f"为本项目推荐 {len(hits)} 条" if hits else "没有可推荐的条款")
        return hits

    def _set_hits(self, hits: list[Hit], status: str) -> None:
        self.hits = list(hits)
        self.results.clear()
        for hit in self.hits:
            item = QListWidgetItem(self._plain(hit))
            item.setData(HIT_ROLE, hit)
            item.setData(HTML_ROLE, self._item_html(hit))
            item.setData(SELECTED_HTML_ROLE, self._item_html(hit, coloured=False))
            item.setToolTip(hit.document.title)
            self.results.addItem(item)
        self.status.setText(status)
        if self.hits:
            self.results.setCurrentRow(0)
        else:
            self._show_current(-1)

    @staticmethod
    def _plain(hit: Hit) -> str:
        return f"《{hit.document.title}》{hit.clause_label} {hit.sentence}"

    @staticmethod
    def _item_html(hit: Hit, coloured: bool = True) -> str:
        """《title》 year · clause title, then the sentence with the words found in bold; on a
        selected row (white on the highlight colour) without the grey and blue."""
        d = hit.document
        when = f"{d.date.year}年" if d.date else ""
        blue, grey = ("color:#1f4e79", "color:#555") if coloured else ("", "")
        head = (f"<span style='{blue}'>《{html.escape(d.title)}》</span>"
                f"<span style='{grey}'> {when} · {html.escape(hit.clause_label)} "
                f"{html.escape(hit.clause.title)}</span>")
        return f"{head}<br>{hit.html()}"

    # --- the selected hit ---------------------------------------------------------------------

    def current_hit(self) -> Hit | None:
        item = self.results.currentItem()
        return item.data(HIT_ROLE) if item is not None else None

    def _show_current(self, _row: int) -> None:
        hit = self.current_hit()
        self.quote_choice.clear()
        self.insert_button.setEnabled(hit is not None)
        if hit is None:
            self.preview.clear()
            return
        sentences = hit.clause.sentences() or [hit.sentence]
        for s in sentences:
            self.quote_choice.addItem(s if len(s) <= 60 else s[:60] + "……", s)
        if hit.sentence in sentences:
            self.quote_choice.setCurrentIndex(sentences.index(hit.sentence))
        self.preview.setHtml(self._preview_html(hit))

    @staticmethod
    def _preview_html(hit: Hit) -> str:
        d, c = hit.document, hit.clause
        meta = " · ".join(x for x in (d.issuer, d.date.strftime("%Y年%m月%d日") if d.date else "") if x)
        parts = [f"<p><b>《{html.escape(d.title)}》</b><br><span style='color:#555'>{html.escape(meta)}</span></p>"]
        parent = d.clause(c.parent) if c.parent else None
        if parent is not None:  # the part the clause belongs to: 二、加强农业基础设施建设
            gap = "" if parent.number.endswith("、") else " "
            parts.append(f"<p style='color:#555'>{html.escape(parent.number + gap + parent.title)}</p>")
        parts.append(f"<p><b>{html.escape(c.number or hit.clause_label)}</b> ")
        def bold(text: str) -> str:
            return mark_html(text, spans_for(text, hit.terms))

        paragraphs = []
        for para in c.text.split("\n"):
            if hit.sentence and hit.sentence in para:
                at = para.index(hit.sentence)
                paragraphs.append(bold(para[:at]) + f"<span style='background:#fff2a8'>{bold(hit.sentence)}</span>"
                                  + bold(para[at + len(hit.sentence):]))
            else:
                paragraphs.append(bold(para))
        parts.append("</p><p>".join(paragraphs) + "</p>")
        return "".join(parts)

    # --- adding documents ---------------------------------------------------------------------

    def choose_document(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, "加入政策文件", "", "政策文件 (*.txt *.md *.docx);;所有文件 (*)")
        if path:
            self.add_document(path)

    def add_document(self, path: str):
        """Copy a policy document into the library; a file that cannot be added is explained in a
        message box. Returns the document, or ``None``."""
        try:
            doc = self.library.add(path)
        except UserError as exc:
            QMessageBox.warning(self, "加入政策文件", str(exc))
            return None
        if self.search_edit.text().strip():
            self.run_search()
        self.status.setText(f"已加入《{doc.title or doc.id}》（{len(doc.numbered())} 条）")
        return doc

    # --- inserting ----------------------------------------------------------------------------

    def citation(self) -> Citation | None:
        """The citation the panel would insert now: the selected clause, the chosen sentence."""
        hit = self.current_hit()
        if hit is None:
            return None
        quote = self.quote_choice.currentData() or hit.sentence
        return Citation(doc_id=hit.document.id, title=hit.document.title, clause=hit.clause.ref, quote=quote)

    def insert(self) -> None:
        c = self.citation()
        if c is not None:
            self.citationChosen.emit(c, citation_text(c))
