"""The domain's command line: one module a verb in :mod:`forms.commands`. The ``budgetforms`` console
script is :func:`desktop.cli.main`, which adds the GUI's verbs (``gui``, ``review``) to these;
``python -m forms`` has the domain's verbs alone (no Qt).

Every verb module defines ``register(subparsers)``, which adds its parser and sets ``func`` to a
function taking the parsed arguments and returning the exit code. Errors meant for the user are
printed as one line and exit 2; no traceback reaches the user: an unforeseen error (a bug) is one
Chinese line too, exit 70, with its traceback in the log (the file :mod:`desktop.logs` set up; on
stderr instead with ``BUDGETFORMS_LOG=debug`` when there is no log file).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import pkgutil
import sys
from collections.abc import Callable, Mapping
from typing import Any, NoReturn

from . import __version__
from .errors import UserError

log = logging.getLogger(__name__)
EXIT_INTERNAL = 70
"""Exit status of an unforeseen error (EX_SOFTWARE)."""

VERB_ORDER = ("show", "check", "rules", "export", "import", "verify", "gui", "policy", "codes")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2
        sys.stderr.write(f"{self.prog}: 参数错误：{message}（用 -h 查看用法）\n")
        raise SystemExit(2)


Register = Callable[[Any], None]
"""A verb's ``register(subparsers)``."""


def build_parser(extra: Mapping[str, Register] | None = None) -> argparse.ArgumentParser:
    """The parser of every verb of :mod:`forms.commands`, and of the verbs in *extra* (name →
    ``register``): the GUI's ``gui`` and ``review``, which :mod:`desktop.cli` adds, since the
    domain imports no Qt."""
    parser = _Parser(prog="budgetforms", description="项目预算申报助手：填报、检查、导出、打印项目支出预算申报")
    parser.add_argument("--version", action="version", version=f"budgetforms {__version__}", help="显示版本号并退出")
    sub = parser.add_subparsers(dest="verb", metavar="命令", parser_class=_Parser)
    sub.required = True
    from . import commands

    verbs: dict[str, Register] = {}
    for info in pkgutil.iter_modules(commands.__path__):
        verbs[info.name.rstrip("_")] = importlib.import_module(f"{commands.__name__}.{info.name}").register
    verbs.update(extra or {})
    for verb in sorted(verbs, key=lambda v: (VERB_ORDER.index(v) if v in VERB_ORDER else 99, v)):
        verbs[verb](sub)
    return parser


def main(argv: list[str] | None = None, extra: Mapping[str, Register] | None = None) -> int:
    """Run the command line (*extra*: more verbs, see :func:`build_parser`)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(encoding="utf-8", errors="replace")
            except (ValueError, OSError):  # pragma: no cover - a closed or odd stream
                pass
    parser = build_parser(extra)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except UserError as exc:
        sys.stderr.write(f"budgetforms: {exc}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("budgetforms: 已中断\n")
        return 130
    except BrokenPipeError:
        # the reader went away (`budgetforms check … | head`): stop quietly, as other tools do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except Exception as exc:  # a bug: one Chinese line for the user, the traceback in the log
        log.exception("budgetforms %s failed", args.verb)
        logged = _log_files()
        where = f"，详情已记入日志 {logged[0]}" if logged else ""
        sys.stderr.write(f"budgetforms: 内部错误（{type(exc).__name__}: {exc}）{where}，请把它发给技术支持\n")
        if not logged and os.environ.get("BUDGETFORMS_LOG", "").strip().lower() == "debug":
            import traceback

            traceback.print_exc()
        return EXIT_INTERNAL


def _log_files() -> list[str]:
    """The files the ``forms`` logger's records go to (the app sets them up; none by default)."""
    logger: logging.Logger | None = log
    found: list[str] = []
    while logger is not None:
        found += [h.baseFilename for h in logger.handlers
                  if isinstance(h, logging.FileHandler) and h.baseFilename != os.path.abspath(os.devnull)]
        logger = logger.parent if logger.propagate else None
    return found


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
