"""Where the log records of the app and of the ``budgetforms`` command go: one rotating
``budgetforms.log`` in the log folder (:func:`forms.locations.log_dir`, inside the one data folder).

The domain (:mod:`forms`) only logs, through ``logging.getLogger(__name__)``; the GUI
(:func:`desktop.app.run_app`) and the command (:func:`desktop.cli.main`) call :func:`setup_logging`,
which gives the ``forms`` and ``desktop`` loggers the file handler (third-party libraries' records stay
out of it). The level is ``info`` unless ``BUDGETFORMS_LOG`` says otherwise (``debug``, ``info``,
``warning``, ``error``). No Qt here: the command uses it without loading Qt.

The batch's worker processes log nothing to the file (one file written by many processes would
rotate badly); what they find comes back in their results and is logged by the pool.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

from forms import locations

ENV_LOG = "BUDGETFORMS_LOG"
LOG_NAME = "budgetforms.log"
LOG_BYTES = 1_000_000
LOG_BACKUPS = 3
LOGGERS = ("forms", "desktop")
"""The loggers whose records go to the file: the domain's and the desktop's, with their children."""
LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING, "error": logging.ERROR}
DEFAULT_LEVEL = logging.INFO
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

log = logging.getLogger(__name__)
_handler: logging.handlers.RotatingFileHandler | None = None


def log_level(value: str | None = None) -> tuple[int, bool]:
    """The level *value* (default: ``$BUDGETFORMS_LOG``) names, and whether it was understood (an
    unset or blank variable is understood as the default, ``info``)."""
    text = (os.environ.get(ENV_LOG, "") if value is None else value).strip().lower()
    if not text:
        return DEFAULT_LEVEL, True
    if text in LEVELS:
        return LEVELS[text], True
    return DEFAULT_LEVEL, False


def log_file() -> Path | None:
    """The file the records go to now, or ``None`` before :func:`setup_logging` (or when it could
    not open one)."""
    return Path(_handler.baseFilename) if _handler is not None else None


def setup_logging() -> Path | None:
    """Send the ``forms`` and ``desktop`` records to the rotating log file (1 MB, 3 old ones kept) at
    the level of ``BUDGETFORMS_LOG``. Called again, it keeps the file (or moves to the data
    folder's new one when ``BUDGETFORMS_DATA_DIR`` changed). Returns the log file, or ``None`` when
    the folder is not writable: the app and the command then run without a log."""
    global _handler
    level, understood = log_level()
    try:
        path = locations.log_dir() / LOG_NAME
    except OSError:
        return None
    if _handler is None or _handler.baseFilename != str(path.absolute()):
        close_logging()
        try:
            handler = logging.handlers.RotatingFileHandler(path, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS,
                                                           encoding="utf-8")
        except OSError:
            return None
        handler.setFormatter(logging.Formatter(FORMAT))
        for name in LOGGERS:
            logging.getLogger(name).addHandler(handler)
        _handler = handler
    for name in LOGGERS:
        logging.getLogger(name).setLevel(level)
    if not understood:
        log.warning("%s=%r is not a level (debug, info, warning, error): info is used",
                    ENV_LOG, os.environ.get(ENV_LOG))
    return path


def close_logging() -> None:
    """Take the file handler off again and close the file (tests; the end of a run)."""
    global _handler
    if _handler is None:
        return
    for name in LOGGERS:
        logger = logging.getLogger(name)
        logger.removeHandler(_handler)
        logger.setLevel(logging.NOTSET)
    _handler.close()
    _handler = None
