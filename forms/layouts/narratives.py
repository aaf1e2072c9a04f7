"""The narratives of 项目基本信息表 as the app lays them out: the form's three groups (项目目标,
项目计划, 项目管理), each with its items; an item is a 简述 (rich text) and its 上传依据.

Declared from :data:`forms.layouts.basic.NARRATIVE_ROWS` (which the export and the import read), so
that the app's pages, the workbook and the PDF name them alike.
"""

from __future__ import annotations

from . import FieldSpec
from .basic import ATTACHMENTS, NARRATIVE_ROWS, SUMMARY

__all__ = ["ATTACHMENTS", "FIELDS", "GROUPS", "GOALS", "MANAGEMENT", "PLAN", "SUMMARY", "fields_of", "key_of"]

FIELDS: tuple[FieldSpec, ...] = tuple(FieldSpec(label, path, "rich") for _group, label, path in NARRATIVE_ROWS)
"""Every narrative item in the form's order: its label and its model path (``narratives.basis``)."""
_GROUP_OF = {path: group for group, _label, path in NARRATIVE_ROWS}
GROUPS: tuple[str, ...] = tuple(dict.fromkeys(group for group, _label, _path in NARRATIVE_ROWS))
"""The groups in the form's order (the merged labels down column A of the sheet)."""
GOALS, PLAN, MANAGEMENT = GROUPS


def fields_of(group: str) -> tuple[FieldSpec, ...]:
    """The items of *group*, in the form's order."""
    return tuple(spec for spec in FIELDS if _GROUP_OF[spec.path] == group)


def key_of(spec: FieldSpec) -> str:
    """The item's attribute under ``Narratives`` (``basis``)."""
    return spec.path.rpartition(".")[2]
