"""The 草稿 mark of a PDF exported while the checker still finds errors: a large diagonal 草稿 across
each page and a boxed line at its top, so that a draft printed and passed on cannot pass for the
submission. :func:`mark_every_page` hangs it on a reportlab document's page ends."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

DRAFT_WORD = "草稿"
DRAFT_NOTE = "草稿：检查仍有错误，请修改后重新导出，勿作正式申报报送"
_RED = colors.HexColor("#C0392B")


def draw_draft_mark(canvas, font: str) -> None:
    """Draw the mark on the page *canvas* is on (its size from the canvas)."""
    width, height = canvas._pagesize
    canvas.saveState()
    # the diagonal word, light enough to read the form through it
    size = min(width, height) * 0.30
    canvas.setFillColor(_RED)
    if hasattr(canvas, "setFillAlpha"):
        canvas.setFillAlpha(0.13)
    canvas.setFont(font, size)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(30)
    canvas.drawCentredString(0, -size * 0.35, DRAFT_WORD)
    canvas.restoreState()
    # the boxed note under the page's header line
    canvas.saveState()
    note_size = 8
    text_w = stringWidth(DRAFT_NOTE, font, note_size)
    box_w, box_h = text_w + 6 * mm, note_size + 2.4 * mm
    x, y = (width - box_w) / 2, height - 5.6 * mm
    canvas.setStrokeColor(_RED)
    canvas.setFillColor(colors.white)
    canvas.setLineWidth(0.8)
    canvas.rect(x, y - box_h / 2, box_w, box_h, stroke=1, fill=1)
    canvas.setFillColor(_RED)
    canvas.setFont(font, note_size)
    canvas.drawCentredString(width / 2, y - note_size * 0.35, DRAFT_NOTE)
    canvas.restoreState()


def mark_every_page(doc, font: str) -> None:
    """Draw :func:`draw_draft_mark` at the end of every page of the reportlab *doc* (each page
    template's ``onPageEnd``, after what it already does)."""
    for template in doc.pageTemplates:
        before = template.onPageEnd

        def on_page_end(canvas, document, before=before):
            before(canvas, document)
            draw_draft_mark(canvas, font)

        template.onPageEnd = on_page_end
