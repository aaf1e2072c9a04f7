"""Project files: one submission per file, UTF-8 JSON with sorted keys, atomic saves with a .bak.

A file is ``{"schema_version": N, "app": "budgetforms", "submission": {...}}``. Older versions are
migrated step by step through :data:`MIGRATIONS`; newer ones are refused with a clear message.
Every failure to read is a :class:`ProjectFileError` whose message is Chinese, names the file and
says what is wrong.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .errors import UserError
from .model import Submission

log = logging.getLogger(__name__)

EXTENSION = ".bfproj"
SCHEMA_VERSION = 2
APP_ID = "budgetforms"
MAX_FILE_BYTES = 64 * 1024 * 1024
TRUNCATED = "文件不完整（可能在保存时被截断），可尝试打开同目录下的 .bak 备份"

Migration = Callable[[dict[str, Any]], dict[str, Any]]


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 2 adds the 项目支出预算明细表 (``detail``: an empty table in older files) and the 一体化
    columns of 表5 (政府采购品目代码, 单价, both economic codes) and 表6 (数量, both economic codes),
    blank in older rows."""
    data = dict(data)
    if not isinstance(data.get("detail"), dict):
        data["detail"] = {"declared_total": [], "lines": []}
    blank_code = {"code": "", "name": ""}
    extra: dict[str, dict[str, object]] = {
        "procurement": {"item_code": "", "unit_price": None, "dept_economic": blank_code, "gov_economic": blank_code},
        "services": {"quantity": None, "dept_economic": blank_code, "gov_economic": blank_code},
    }
    for table, fields in extra.items():
        part = data.get(table)
        if isinstance(part, dict) and isinstance(part.get("items"), list):
            part = data[table] = dict(part)
            part["items"] = [{**{k: (dict(v) if isinstance(v, dict) else v) for k, v in fields.items()}, **item}
                             if isinstance(item, dict) else item for item in part["items"]]
    return data


MIGRATIONS: dict[int, Migration] = {1: _v1_to_v2}
"""``MIGRATIONS[n]`` turns the ``submission`` data of schema version *n* into version *n + 1*.

A change to the model that old files cannot load as they are adds the next version and its step
here. 1 → 2: the 项目支出预算明细表 and the richer 表5/表6 rows (:func:`_v1_to_v2`).
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


class AtomicWriteError(OSError):
    """A failed :func:`write_atomic`, saying at which step it failed and what the path holds now.

    ``stage`` is ``"write"`` (the temp file), ``"backup"`` (keeping the old version as ``.bak``),
    ``"replace"`` (putting the new file in place) or ``"sync"`` (the folder's fsync after the new
    file is in place). ``replaced`` is true only for ``"sync"``: the path then holds the new
    content, but the system did not confirm that the rename reached the disk.
    """

    def __init__(self, stage: str, cause: OSError):
        super().__init__(cause.errno, cause.strerror or str(cause))
        self.stage = stage
        self.replaced = stage == "sync"
        self.cause = cause


def _fsync_dir(folder: Path) -> None:
    """fsync the folder so that a rename in it is on disk; raises :class:`OSError` if the fsync
    fails. Folders that cannot be opened (Windows) are passed over."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows cannot open folders
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _keep_backup(path: Path) -> None:
    """Make ``<name>.bak`` hold the current content of *path* without ever taking *path* away:
    a hard link (or, where the file system has none, a copy) under a temporary name, then renamed
    over the old ``.bak``."""
    backup = path.with_name(path.name + ".bak")
    staging = path.with_name(f".{path.name}.bak.{os.getpid()}.tmp")
    staging.unlink(missing_ok=True)
    try:
        try:
            os.link(path, staging)
        except OSError:
            shutil.copy2(path, staging)
            with open(staging, "rb") as fh:
                os.fsync(fh.fileno())
        os.replace(staging, backup)
    except BaseException:
        staging.unlink(missing_ok=True)
        raise


def write_atomic(path: str | os.PathLike[str], text: str | bytes, keep_backup: bool = True) -> None:
    """Write *text* (UTF-8 text, or bytes as they are) to *path* so that at every moment the path holds either the complete old file
    or the complete new one: temp file in the same folder, flush, fsync; the old version linked (or
    copied) to ``<name>.bak``; the temp file renamed over the path; the folder fsynced.

    Raises :class:`AtomicWriteError` (an :class:`OSError`) naming the step that failed. Before the
    rename nothing at the path has changed and no temp file is left; after it (``stage == "sync"``)
    the path holds the new content."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise AtomicWriteError("write", exc) from exc
    tmp = Path(tmp_name)
    stage = "write"
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(text if isinstance(text, bytes) else text.encode("utf-8"))  # "\n" kept as it is
            fh.flush()
            os.fsync(fh.fileno())
        if keep_backup and path.exists():
            stage = "backup"
            _keep_backup(path)
        stage = "replace"
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise AtomicWriteError(stage, exc) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    try:
        _fsync_dir(folder)
    except OSError as exc:
        raise AtomicWriteError("sync", exc) from exc


def save(submission: Submission, path: str | os.PathLike[str], keep_backup: bool = True) -> None:
    """Save atomically. A failure raises :class:`ProjectFileError` whose message says truthfully
    what the file now holds: the old version (failure before the rename) or the new one (the
    folder's fsync failed after it)."""
    try:
        write_atomic(path, dumps(submission), keep_backup=keep_backup)
    except AtomicWriteError as exc:
        log.warning("saving %s failed at the %s step (%s): %s", path, exc.stage,
                    "new content in place" if exc.replaced else "old file untouched", exc.cause)
        reason = exc.strerror or str(exc)
        if exc.replaced:
            problem = f"新内容已写入，但系统未能确认它已存到磁盘上（{reason}），请检查磁盘后再保存一次"
        elif exc.stage == "backup":
            problem = f"无法把上一版本保留为 .bak 备份（{reason}），原文件未改动，请换一个位置另存"
        else:
            problem = f"保存失败（{reason}），原文件未改动，请换一个位置另存"
        raise ProjectFileError(path, problem) from exc
    except OSError as exc:  # pragma: no cover - write_atomic wraps every OSError
        raise ProjectFileError(path, f"保存失败（{exc.strerror or exc}），原文件未改动，请换一个位置另存") from exc


# --- reading ------------------------------------------------------------------------------------

def migrate(data: dict[str, Any], version: int, path: Path) -> dict[str, Any]:
    """Bring ``submission`` data of *version* up to :data:`SCHEMA_VERSION`."""
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise ProjectFileError(path, f"格式版本 {version} 过旧，本程序无法升级它")
        data = step(data)
        log.info("%s: schema version %d upgraded to %d", path, version, version + 1)
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
