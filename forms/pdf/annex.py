"""The optional 检查结果 annex of the printed submission: the findings still open, and the warnings
the officer has marked 已核实 with the reason given.

The caller passes the findings (``forms.rules.check``) and, for the marked warnings, a mapping
from :func:`finding_key` to the reason; a finding found in that mapping is listed among the
verified ones instead of the open ones.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from reportlab.platypus import Flowable

from ..rules.engine import Finding, Severity
from .layout import LIGHT, C, Para, Styles

ANNEX_TITLE = "检查结果"
_SEVERITY = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}


def finding_key(f: Finding) -> str:
    """How a verified mark names its finding: rule and field."""
    return f"{f.rule}|{f.field}"


@dataclass
class Annex:
    findings: Sequence[Finding] = ()
    verified: Mapping[str, str] = field(default_factory=dict)
    """:func:`finding_key` → the reason the officer gave for 已核实."""

    def split(self) -> tuple[list[Finding], list[tuple[Finding, str]]]:
        open_, marked = [], []
        for f in self.findings:
            reason = self.verified.get(finding_key(f))
            if reason is not None and f.severity != Severity.ERROR:
                marked.append((f, reason))
            else:
                open_.append(f)
        return open_, marked


def findings_annex(annex: Annex, st: Styles) -> list[Flowable]:
    open_, marked = annex.split()
    out: list[Flowable] = [Para(ANNEX_TITLE, st.title)]
    widths = [14, 20, 34, 112]
    columns = ["级别", "规则", "位置", "说明"]

    def table(rows: list[tuple[Finding, str | None]]) -> Flowable:
        g = st.grid(widths)
        g.title, g.columns = ANNEX_TITLE, columns
        g.row(*[st.label_text(c, st.center) for c in columns])
        g.style(("BACKGROUND", (0, 0), (-1, 0), LIGHT))
        for f, reason in rows:
            where = f.cell or f"{f.table}"
            text = f.message + (f"<br/>核实理由：{reason}" if reason else "")
            g.row(st.text(_SEVERITY.get(f.severity, ""), st.center), st.text(f.rule, st.small),
                  st.text(where, st.small), C(Para(_esc_keep_br(text), st.small)))
        return g.table(repeat_rows=1)

    out.append(Para(f"未解决的问题（{len(open_)} 条）", st.subtitle))
    out.append(table([(f, None) for f in open_]) if open_ else Para("无", st.body))
    if marked:
        out.append(Para(f"已核实的警告（{len(marked)} 条）", st.subtitle))
        out.append(table([(f, r) for f, r in marked]))
    return out


def _esc_keep_br(text: str) -> str:
    from .richtext import plain_markup

    return "<br/>".join(plain_markup(part) for part in text.split("<br/>"))
