"""The policy library: the policy documents a submission rests on (its 依据), split into numbered
clauses, searchable in Chinese and English, cited by reference and checked.

``forms.policy`` never imports Qt; the desktop's citation panel and the CLI's ``policy`` verb sit on
top of it.
"""

from .clauses import Clause, split, split_sentences
from .library import (
    Document,
    Library,
    NotAPolicy,
    Skipped,
    data_dir,
    default_library,
    parse_document,
    searchable,
)
from .search import Hit, citation_text, mark, mark_html, suggest
from .text import looks_like_submission, normalize, normalize_title

__all__ = [
    "Clause", "Document", "Hit", "Library", "NotAPolicy", "Skipped", "citation_text", "data_dir",
    "default_library", "looks_like_submission", "mark", "mark_html", "normalize", "normalize_title",
    "parse_document", "searchable", "split", "split_sentences", "suggest",
]
