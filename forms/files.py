"""Project files: one submission per file, UTF-8 JSON with sorted keys, atomic saves with a .bak.

A file is ``{"schema_version": N, "app": "budgetforms", "submission": {...}}``. Older versions are
migrated step by step through :data:`MIGRATIONS`; newer ones are refused with a clear message.
Every failure to read is a :class:`ProjectFileError` whose message is Chinese, names the file and
says what is wrong.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any, Callable

from pydantic import ValidationError

from .errors import UserError
from .model import Submission

EXTENSION = ".bfproj"
SCHEMA_VERSION = 1
APP_ID = "budgetforms"
MAX_FILE_BYTES = 64 * 1024 * 1024
TRUNCATED = "文件不完整（可能在保存时被截断），可尝试打开同目录下的 .bak 备份"

Migration = Callable[[dict[str, Any]], dict[str, Any]]
MIGRATIONS: dict[int, Migration] = {}
"""``MIGRATIONS[n]`` turns the ``submission`` data of schema version *n* into version *n + 1*.

Version 1 is the first released format, so there is nothing to migrate yet; a change to the model
that old files cannot load as they are adds the next version and its step here.
"""


class ProjectFileError(UserError):
    """A project file that cannot be read or written; ``str()`` is a Chinese message for the user."""

    def __init__(self, path: str | os.PathLike[str], problem: str):
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"无法打开项目文件“{self.path.name}”：{problem}")


# --- writing ------------------------------------------------------------------------------------

def dumps(submission: Submission) -> str:
    """The file's text: sorted keys and one value a line, so that two versions diff cleanly."""
    data = {
        "app": APP_ID,
        "schema_version": SCHEMA_VERSION,
        "submission": submission.model_dump(mode="json"),
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows cannot open folders
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def write_atomic(path: str | os.PathLike[str], text: str, keep_backup: bool = True) -> None:
    """Write *text* to *path* so that a crash at any moment leaves either the old file or the new
    one, never a mix: temp file in the same folder, flush, fsync, rename. The previous version is
    kept beside it as ``<name>.bak``. Raises :class:`OSError` (the temp file is removed)."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if keep_backup and path.exists():
            backup = path.with_name(path.name + ".bak")
            os.replace(path, backup)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(folder)


def save(submission: Submission, path: str | os.PathLike[str], keep_backup: bool = True) -> None:
    """Save atomically; a failure raises :class:`ProjectFileError` and leaves the old file."""
    try:
        write_atomic(path, dumps(submission), keep_backup=keep_backup)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ProjectFileError(path, f"保存失败（{reason}），原文件未改动，请换一个位置另存") from exc


# --- reading ------------------------------------------------------------------------------------

def migrate(data: dict[str, Any], version: int, path: Path) -> dict[str, Any]:
    """Bring ``submission`` data of *version* up to :data:`SCHEMA_VERSION`."""
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise ProjectFileError(path, f"格式版本 {version} 过旧，本程序无法升级它")
        data = step(data)
        version += 1
    return data


def loads(text: str, path: str | os.PathLike[str] = "<内存>") -> Submission:
    path = Path(path)
    if not text.strip():
        raise ProjectFileError(path, "文件是空的")
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()) - 1:
            raise ProjectFileError(path, TRUNCATED) from None
        raise ProjectFileError(path, f"不是有效的项目文件（第 {exc.lineno} 行第 {exc.colno} 列格式错误）") from None
    if not isinstance(raw, dict) or "submission" not in raw or "schema_version" not in raw:
        raise ProjectFileError(path, "不是本程序的项目文件（缺少 schema_version 或 submission）")
    version = raw["schema_version"]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ProjectFileError(path, f"格式版本“{version}”无效")
    if version > SCHEMA_VERSION:
        raise ProjectFileError(
            path,
            f"文件由较新版本的程序保存（格式版本 {version}，本程序支持到 {SCHEMA_VERSION}），请升级本程序后再打开",
        )
    data = raw["submission"]
    if not isinstance(data, dict):
        raise ProjectFileError(path, "submission 部分不是对象")
    data = migrate(data, version, path)
    try:
        return Submission.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ProjectFileError(path, f"内容无法识别：{where}（{first['msg']}）") from None


def load(path: str | os.PathLike[str]) -> Submission:
    """Read a project file; every failure is a :class:`ProjectFileError` naming the file."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ProjectFileError(path, f"文件过大（{size // 1024 // 1024} MB），不像是项目文件")
        data = path.read_bytes()
    except FileNotFoundError:
        raise ProjectFileError(path, "文件不存在") from None
    except IsADirectoryError:
        raise ProjectFileError(path, "这是一个文件夹，不是文件") from None
    except PermissionError:
        raise ProjectFileError(path, "没有读取权限") from None
    except OSError as exc:
        raise ProjectFileError(path, f"读取失败（{exc.strerror or exc}）") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and data.lstrip().startswith(b"{"):
            raise ProjectFileError(path, TRUNCATED) from None
        raise ProjectFileError(path, "不是 UTF-8 文本，不是本程序的项目文件") from None
    return loads(text, path)
