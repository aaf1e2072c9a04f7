"""The reviewer's workspace: the scores, opinions and 已审 / 退回 marks of a batch, kept apart from
the received files.

A batch of received submissions is evidence: the reviewer never writes into its folder (a scored
copy there would be one more submission and a false duplicate at the next opening, and a project
file saved in place would no longer be what was received). The workspace is a folder of its own,
``<received folder>-评审`` beside it by default or one the reviewer chooses (never inside the
received folder), holding ``评审.json`` and the 评审意见书 PDFs printed from it.

Each entry is keyed by the received file's path inside the received folder *and* its SHA-256: when
the folder is opened again, a file with the same name and bytes gets its saved scores back; a file
whose bytes changed is reported (:data:`CHANGED`) and its old scores are not put on the new content.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from . import reviewing
from .errors import UserError
from .files import write_atomic
from .model import Submission

FILE_NAME = "评审.json"
FORMAT = 1
SUFFIX = "-评审"
MARKS = ("", "已审", "退回")
"""The conclusions a reviewer gives a submission: none yet, 已审 (reviewed), 退回 (sent back)."""

MATCHED, CHANGED, NEW = "matched", "changed", "new"


def default_folder(received: str | os.PathLike[str]) -> Path:
    """``<received>-评审`` beside the received folder."""
    received = Path(received).resolve()
    return received.with_name(received.name + SUFFIX)


def check_location(received: str | os.PathLike[str], folder: str | os.PathLike[str]) -> None:
    """Refuse a workspace that is the received folder or lies inside it."""
    received = Path(received).resolve()
    folder = Path(folder).resolve()
    if folder == received or received in folder.parents:
        raise UserError(f"评审工作区不能放在收到的申报所在的文件夹“{received.name}”里：那样下次打开时会多出一份申报。"
                        f"请选择它旁边的文件夹（如“{received.name}{SUFFIX}”）")


@dataclass
class Entry:
    """One received file's review."""

    name: str
    """Its path inside the received folder, with ``/`` (``二科/03-超权重.bfproj``)."""
    sha256: str
    mark: str = ""
    remark: str = ""
    """The reviewer's overall opinion (总体意见)."""
    scores: dict[str, dict[str, str | None]] = field(default_factory=dict)
    """By item path (:attr:`forms.reviewing.ItemRef.key`): ``{"finance_score": "7.5", "opinion": "…"}``."""
    finance_total: str | None = None
    """总分（财政评审） when saved, shown in the list before the file is opened again."""
    saved_at: str = ""

    @property
    def total(self) -> Decimal | None:
        return Decimal(self.finance_total) if self.finance_total not in (None, "") else None


class Workspace:
    """``Workspace.open(received, folder=None)``; :meth:`save` writes ``评审.json`` atomically."""

    def __init__(self, received: Path, folder: Path, entries: dict[str, Entry] | None = None):
        self.received = received
        self.folder = folder
        self.entries: dict[str, Entry] = entries or {}

    @property
    def path(self) -> Path:
        return self.folder / FILE_NAME

    @classmethod
    def open(cls, received: str | os.PathLike[str], folder: str | os.PathLike[str] | None = None) -> Workspace:
        received = Path(received).resolve()
        folder = Path(folder).resolve() if folder is not None else default_folder(received)
        check_location(received, folder)
        ws = cls(received, folder)
        if ws.path.exists():
            ws.entries = _read(ws.path)
        return ws

    def name_of(self, path: str | os.PathLike[str]) -> str:
        """A received file's key: its path inside the received folder."""
        path = Path(path).resolve()
        try:
            return path.relative_to(self.received).as_posix()
        except ValueError:
            return path.name

    def state(self, path: str | os.PathLike[str], sha256: str) -> tuple[str, Entry | None]:
        """(:data:`MATCHED` / :data:`CHANGED` / :data:`NEW`, the saved entry)."""
        entry = self.entries.get(self.name_of(path))
        if entry is None:
            return NEW, None
        return (MATCHED if entry.sha256 == sha256 else CHANGED), entry

    def record(self, path: str | os.PathLike[str], sha256: str, submission: Submission,
               mark: str = "", remark: str = "") -> Entry:
        """Take the scores and opinions of *submission* (the received file *path*, scored) into the
        workspace (:meth:`save` writes them)."""
        if mark not in MARKS:
            raise ValueError(mark)
        scores = {}
        for ref, item in reviewing.items(submission):
            scores[ref.key] = {"finance_score": None if item.finance_score is None else str(item.finance_score),
                               "opinion": item.opinion}
        entry = Entry(self.name_of(path), sha256, mark, remark.strip(), scores,
                      str(reviewing.overall(submission)), datetime.now().isoformat(timespec="seconds"))
        self.entries[entry.name] = entry
        return entry

    def apply(self, entry: Entry, submission: Submission) -> list[str]:
        """Put the saved scores and opinions back on a freshly read *submission*; the items that
        could not take them (labels) are returned."""
        refs = {ref.key: ref for ref, _ in reviewing.items(submission)}
        missing = []
        for key, values in entry.scores.items():
            ref = refs.get(key)
            if ref is None:
                missing.append(key)
                continue
            item = reviewing.item_at(submission, ref)
            score = values.get("finance_score")
            try:
                item.finance_score = reviewing.parse_score(score, ref) if score not in (None, "") else None
            except UserError:
                missing.append(ref.label)
                continue
            item.opinion = values.get("opinion") or ""
        reviewing.update_totals(submission)
        return missing

    def save(self) -> Path:
        """Write ``评审.json`` (atomically, the previous one kept as ``.bak``)."""
        check_location(self.received, self.folder)
        data = {"app": "budgetforms", "format": FORMAT, "received": str(self.received),
                "entries": [asdict(e) for e in sorted(self.entries.values(), key=lambda e: e.name)]}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
        except OSError as exc:
            raise UserError(f"无法保存评审工作区“{self.path}”：{exc.strerror or exc}，请选择另一个工作区文件夹") from None
        return self.path


def _read(path: Path) -> dict[str, Entry]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError(f"评审工作区文件“{path}”无法读取（{getattr(exc, 'strerror', None) or exc}），"
                        "可改用同目录下的 .bak 备份，或另选一个工作区文件夹") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("entries"), list):
        raise UserError(f"“{path}”不是评审工作区文件")
    if raw.get("format", 1) > FORMAT:
        raise UserError(f"评审工作区“{path}”由较新版本的程序保存，请升级本程序后再打开")
    out = {}
    known = set(Entry.__dataclass_fields__)
    for item in raw["entries"]:
        if not isinstance(item, dict) or "name" not in item or "sha256" not in item:
            continue
        values: dict[str, Any] = {k: v for k, v in item.items() if k in known}
        entry = Entry(**values)
        if entry.mark not in MARKS:
            entry.mark = ""
        out[entry.name] = entry
    return out
