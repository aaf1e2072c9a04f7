"""The domain's command line: one module a verb in :mod:`forms.commands`. The ``budgetforms`` console
script is :func:`desktop.cli.main`, which adds the GUI's verbs (``gui``, ``review``) to these;
``python -m forms`` has the domain's verbs alone (no Qt).

Every verb module defines ``register(subparsers)``, which adds its parser and sets ``func`` to a
function taking the parsed arguments and returning the exit code. Errors meant for the user are
printed as one line and exit 2; no traceback reaches the user.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Callable, Mapping
from typing import Any, NoReturn

from . import __version__
from .errors import UserError

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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
