"""The PySide6 desktop app: a thin layer over :mod:`forms` that shows, edits and calls."""
