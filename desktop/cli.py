"""The ``budgetforms`` console script: the domain's verbs (:mod:`forms.cli`) and the GUI's, ``gui``
and ``review``, which start from here because the domain package imports no Qt. ``python -m
desktop`` is the same command.

Every run logs to the rotating log file in the data folder (:func:`desktop.logs.setup_logging`;
``BUDGETFORMS_LOG=debug`` for more), so that an error the command met can be looked up afterwards.
"""

from __future__ import annotations

import sys

from forms.cli import main as domain_main

from . import cli_gui, cli_review
from .logs import setup_logging

VERBS = {"gui": cli_gui.register, "review": cli_review.register}


def main(argv: list[str] | None = None) -> int:
    setup_logging()
    return domain_main(argv, extra=VERBS)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
