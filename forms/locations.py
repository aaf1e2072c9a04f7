"""Where the app's files are: the data it ships (``resources/``, ``seeds/``) and the user's data folder.

The shipped data is found the same way from a checkout, an installed wheel and a frozen bundle:
:func:`resource` and :func:`seed` look in the package first (``forms/_data/resources`` and
``forms/_data/seeds``, where ``setup.py`` puts the repository's top-level folders when it builds a
wheel, and where the PyInstaller spec puts them in the bundle), then in the checkout's top-level
folders (a source tree or an editable install).

The user's data folder is one folder for everything the app writes — settings, recovery copies, the
policy library's index and documents, logs and crash reports: ``BUDGETFORMS_DATA_DIR`` when set
(tests), else the platform's usual place (``~/.local/share/budgetforms``, ``%APPDATA%\\budgetforms``,
``~/Library/Application Support/budgetforms``).
"""

from __future__ import annotations

import os
import shutil
import sys
from functools import cache
from importlib import resources as _resources
from pathlib import Path

from . import __version__

ENV_DATA_DIR = "BUDGETFORMS_DATA_DIR"
APP_ID = "budgetforms"
DESKTOP_ID = "org.budgetforms.app"
"""The desktop entry's and the UOS package's id (packaging/uos.py)."""
SAMPLE_NAME = "sample-yuxi-customs-2020.bfproj"


def version() -> str:
    return __version__


def _package_dir() -> Path:
    root = _resources.files(__package__)
    return Path(os.fspath(root)) if isinstance(root, os.PathLike) else Path(__file__).resolve().parent


@cache
def shipped_dir(name: str) -> Path:
    """The folder of shipped data *name* (``resources`` or ``seeds``): in the package when installed
    or frozen, else the checkout's top-level folder."""
    packaged = _package_dir() / "_data" / name
    if packaged.is_dir():
        return packaged
    checkout = _package_dir().parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"找不到程序自带的数据文件夹 {name}（查找过 {packaged} 和 {checkout}），请重新安装本程序")


def resource(*parts: str) -> Path:
    """A path under the shipped ``resources/`` folder: ``resource("codes", "2020.json")``."""
    return shipped_dir("resources").joinpath(*parts)


def seed(*parts: str) -> Path:
    """A path under the shipped ``seeds/`` folder."""
    return shipped_dir("seeds").joinpath(*parts)


def sample_path() -> Path:
    """The sample submission 玉溪海关综合业务用房项目补助资金."""
    return seed(SAMPLE_NAME)


# --- the user's data folder ---------------------------------------------------------------------

def _platform_data_dir() -> Path:
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_ID


def data_dir(create: bool = True) -> Path:
    """The app's one data folder (made when missing, unless *create* is false)."""
    override = os.environ.get(ENV_DATA_DIR)
    folder = Path(override) if override else _platform_data_dir()
    if create:
        folder.mkdir(parents=True, exist_ok=True)
        if not override:
            _adopt_legacy(folder)
    return folder


def log_dir() -> Path:
    """Where the rotating log and the crash reports go: ``<data folder>/logs``."""
    folder = data_dir() / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


_LEGACY = (APP_ID,)
"""Earlier versions kept settings and recovery copies in Qt's AppDataLocation, which is
``<data folder>/budgetforms`` (organisation and application are both ``budgetforms``)."""


def _adopt_legacy(folder: Path) -> None:
    """Move settings and recovery copies an earlier version left in Qt's AppDataLocation into the
    one data folder, once (nothing is overwritten; what cannot be moved stays where it is)."""
    old = folder.joinpath(*_LEGACY)
    if not old.is_dir():
        return
    for name in ("settings.ini", "recovery"):
        src, dst = old / name, folder / name
        if src.exists() and not dst.exists():
            try:
                shutil.move(str(src), str(dst))
            except OSError:
                pass
    try:
        old.rmdir()  # only when it is empty now
    except OSError:
        pass
