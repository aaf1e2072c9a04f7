"""The ``budgetforms`` console script: the domain's verbs (:mod:`forms.cli`) and the GUI's, ``gui``
and ``review``, which start from here because the domain package imports no Qt. ``python -m
desktop`` is the same command."""

from __future__ import annotations

import sys

from forms.cli import main as domain_main

from . import cli_gui, cli_review

VERBS = {"gui": cli_gui.register, "review": cli_review.register}


def main(argv: list[str] | None = None) -> int:
    return domain_main(argv, extra=VERBS)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
