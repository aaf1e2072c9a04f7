"""已核实 marks: a warning or a hint that a person has checked and set aside, with the reason.

A mark names the finding it sets aside by the rule's ID and the field path, plus a fingerprint of
the finding's message and of the value at that path when it was marked (see :mod:`forms.verified`),
so that after an edit it does not silently cover a different finding.
"""

from __future__ import annotations

from .common import Model


class VerifiedMark(Model):
    """One 已核实 mark, kept in the project file."""

    rule: str
    """The rule's ID (``TEXT-05``)."""
    field: str
    """The finding's field path (``narratives.content``)."""
    reason: str
    """Why the finding does not need a change, as the person wrote it."""
    message: str = ""
    """The finding's message when it was marked (shown when the mark no longer applies)."""
    fingerprint: str = ""
    """Digest of the message and of the value at *field* when marked (:func:`forms.verified.fingerprint`)."""
    marked_at: str = ""
    """When it was marked, ISO date and time (``2026-12-02T10:15``)."""
