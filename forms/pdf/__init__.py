"""The printable submission: ``export_pdf(submission, path) -> PdfInfo`` (reportlab, A4, an
embedded CJK TrueType font; see :mod:`forms.pdf.fonts` for the font search)."""

from .export import PdfInfo, export_pdf, render
from .fonts import FontCandidate, PdfFont, find_font

__all__ = ["FontCandidate", "PdfFont", "PdfInfo", "export_pdf", "find_font", "render"]
