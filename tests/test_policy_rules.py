"""POL-01 … POL-03: each fires where it should and keeps quiet where it should."""

from __future__ import annotations

import html

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forms.model import Attachment, Citation
from forms.policy import default_library
from forms.rules import REGISTRY, check

SEED_001 = "001_141eed37c5db083d"
SEED_004 = "004_e42eb1c3c63a5298"
TITLE_004 = "中共中央 国务院关于做好2023年全面推进乡村振兴重点工作的意见"
QUOTE_004_7 = "完成高标准农田新建和改造提升年度任务，重点补上土壤改良、农田灌排设施等短板，统筹推进高效节水灌溉，健全长效管护机制。"


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETFORMS_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def run(sub, rule_id):
    findings = check(sub, rule_ids=[rule_id])
    assert all(f.rule == rule_id for f in findings)
    return findings


def farmland(sample, year=2023):
    sub = sample.model_copy(deep=True)
    sub.basic.name = f"{year}年宜良县高标准农田建设项目"
    sub.basic.budget_year = year
    return sub


def test_rules_are_registered():
    check(__import__("forms.model", fromlist=["Submission"]).Submission(), rule_ids=[])
    for rid in ("POL-01", "POL-02", "POL-03"):
        assert REGISTRY[rid].table == "项目基本信息表" and REGISTRY[rid].title


# --- POL-01 --------------------------------------------------------------------------------------

def test_pol01_fires_on_a_basis_naming_no_document(sample):
    sample.narratives.basis.html = "<p>本项目按照上级有关要求实施，符合相关政策规定，资金使用合规。</p>"
    [f] = run(sample, "POL-01")
    assert f.field == "narratives.basis" and f.severity.value == "warning"
    assert "没有引用任何文件" in f.message and "《" in f.message


@pytest.mark.parametrize("change", ["as_is", "citation", "attachment", "blank"])
def test_pol01_quiet(sample, change):
    basis = sample.narratives.basis
    if change != "as_is":  # the sample names 《玉溪市人民政府关于加快推进玉溪海关筹建工作的函》
        basis.html = "<p>按照省委省政府部署实施。</p>" if change != "blank" else ""
    if change == "citation":
        basis.citations.append(Citation(doc_id=SEED_004, title=TITLE_004, clause="（七）", quote=QUOTE_004_7))
    if change == "attachment":
        basis.attachments.append(Attachment(name="市政府常务会议纪要.pdf"))
    assert run(sample, "POL-01") == []


# --- POL-02 --------------------------------------------------------------------------------------

def test_pol02_fires_on_a_structured_misquote(sample):
    sub = farmland(sample)
    wrong = QUOTE_004_7.replace("年度任务", "五年任务")
    sub.narratives.basis.citations.append(Citation(doc_id=SEED_004, title=TITLE_004, clause="（七）", quote=wrong))
    [f] = run(sub, "POL-02")
    assert f.field == "narratives.basis"  # what the app shows and jumps to
    assert f.message.startswith(f"第 1 条引用：引用的《{TITLE_004}》（七）中没有这句话")


def test_pol02_fires_on_a_misquote_typed_in_the_text(sample):
    sub = farmland(sample)
    sub.narratives.party_goals.html = (
        "<p>项目符合《中共中央、国务院关于做好2023年全面推进乡村振兴重点工作的意见》（七）：“到2023年底全部建成高标准农田。”的要求。</p>")
    [f] = run(sub, "POL-02")
    assert f.field == "narratives.party_goals" and "到2023年底全部建成高标准农田" in f.message


def test_pol02_fires_on_the_wrong_clause(sample):
    sub = farmland(sample)
    sub.narratives.basis.citations.append(Citation(doc_id=SEED_004, title=TITLE_004, clause="（六）", quote=QUOTE_004_7))
    [f] = run(sub, "POL-02")
    assert "不在《" in f.message and "（七）" in f.message


def test_pol02_quiet_on_true_quotes_and_unknown_documents(sample):
    sub = farmland(sample)
    hit = default_library().search("高标准农田 土壤改良")[0]
    basis = sub.narratives.basis
    basis.citations.append(hit.citation())
    basis.html = f"<p>{hit.citation_text()}</p>"  # the panel inserts both
    sub.narratives.party_goals.html = (
        "<p>符合《中共云南省委、云南省人民政府关于坚持农业农村优先发展做好“三农”工作的实施意见》"
        "第四部分（二）“加快高标准农田建设……累计建成高标准农田2400万亩以上”的要求；"
        "也符合《某县人民政府关于未收录文件的通知》：“这句话无法核对。”</p>")
    assert run(sub, "POL-02") == []
    assert run(sample, "POL-02") == []  # the seed's own basis


# --- POL-03 --------------------------------------------------------------------------------------

def test_pol03_fires_on_a_document_newer_than_the_budget_year(sample):
    sub = farmland(sample, 2020)
    sub.narratives.basis.citations.append(Citation(doc_id=SEED_004, title=TITLE_004, clause="（七）", quote=QUOTE_004_7))
    sub.narratives.party_goals.html = f"<p>符合《{TITLE_004}》的要求。</p>"
    findings = run(sub, "POL-03")
    assert [f.field for f in findings] == ["narratives.basis", "narratives.party_goals"]
    assert findings[0].message.startswith("第 1 条引用：") and not findings[1].message.startswith("第")
    assert "2023年1月2日" in findings[0].message and "2020年" in findings[0].message


def test_pol03_quiet(sample):
    sub = farmland(sample, 2023)
    sub.narratives.basis.citations.append(Citation(doc_id=SEED_004, title=TITLE_004, clause="（七）", quote=QUOTE_004_7))
    sub.narratives.party_goals.html = f"<p>符合《{TITLE_004}》和《某市2030年远景规划》的要求。</p>"
    assert run(sub, "POL-03") == []
    old = farmland(sample, 2020)
    old.narratives.basis.citations.append(Citation(doc_id=SEED_001, title="", clause="第四部分（二）", quote="加快高标准农田建设。"))
    assert run(old, "POL-03") == [] and run(old, "POL-02") == []


def test_sample_raises_no_policy_finding(sample):
    assert [f for f in check(sample) if f.rule.startswith("POL-")] == []


# --- any citation, any text: the rules answer, never crash -----------------------------------------

_PIECES = st.sampled_from([
    "《", "》", "“", "”", "：", TITLE_004, "中共中央、国务院关于做好2023年全面推进乡村振兴重点工作的意见", "（七）",
    QUOTE_004_7, "加强高标准农田建设", "……", "Some policies and measures for steady growth in 2022", "foreign trade",
])
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=12).map("".join)
_CITATIONS = st.lists(st.builds(
    Citation, doc_id=st.sampled_from(["", SEED_004, SEED_001, "000_e2340e6453760f4d", "nope"]),
    title=st.one_of(st.just(TITLE_004), st.text(max_size=10)), clause=st.sampled_from(["", "（七）", "（六）", "第四部分（二）", "x"]),
    quote=_TEXT), max_size=3)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_TEXT, citations=_CITATIONS, year=st.one_of(st.none(), st.integers(2015, 2030)))
def test_policy_rules_answer_anything(sample, text, citations, year):
    from forms import paths

    sub = sample.model_copy(deep=True)
    sub.basic.budget_year = year
    sub.narratives.basis.html = f"<p>{html.escape(text)}</p>"
    sub.narratives.basis.citations = citations
    for rid in ("POL-01", "POL-02", "POL-03"):
        for f in run(sub, rid):
            assert paths.exists(sub, f.field) and f.message
