"""The frozen bundle's entry point: the ``budgetforms`` command (``budgetforms.exe`` on Windows)."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the batch's workers start from this executable
    from desktop.cli import main

    sys.exit(main())
