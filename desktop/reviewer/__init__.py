"""Reviewer mode: check a folder of received submissions, list them, open one, score it, report."""

from .window import ReviewerWindow

__all__ = ["ReviewerWindow"]
