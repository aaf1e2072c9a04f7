"""The policy library: clause splitting of the seed texts, headings, the index on disk, search,
highlighting, citations and suggestions."""

from __future__ import annotations

import json
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forms.errors import UserError
from forms.model import Submission
from forms.policy import Library, citation_text, split, suggest
from forms.policy.library import INDEX_NAME, SEEDS_DIR
from forms.policy.text import language, read_heading

SEED_000 = "000_e2340e6453760f4d"
SEED_001 = "001_141eed37c5db083d"
SEED_002 = "002_fb5d9856851a55b5"
SEED_004 = "004_e42eb1c3c63a5298"


@pytest.fixture
def library(data_dir):
    return Library.open(data_dir)


def parts_and_subs(doc):
    top = [c for c in doc.clauses if c.number and c.level == 0]
    subs = [c for c in doc.clauses if c.number and c.level == 1]
    return top, subs


# --- which files are policy documents -----------------------------------------------------------

def test_seed_submission_is_recognised_and_left_out(library):
    assert sorted(d.id for d in library.documents) == [SEED_000, SEED_001, SEED_002, SEED_004]
    assert len(library.skipped) == 1
    assert library.skipped[0].path.endswith(".txt") and "项目申报" in library.skipped[0].reason


# --- clauses, as each text numbers them ----------------------------------------------------------

def test_000_english_sections_and_numbered_measures(library):
    doc = library.get(SEED_000)
    top, subs = parts_and_subs(doc)
    assert [c.number for c in top] == ["First", "Second", "Third", "Fourth", "V", "Six", "Seven", "Eight"]
    assert len(subs) == 32
    assert [c.value for c in subs] == list(range(1, 33))  # (1) … (five) (VI) … (thirty-two)
    by_number = {c.number: c for c in subs}
    assert by_number["(seventeen)"].title == "to support the development of foreign trade"
    assert by_number["(VI)"].title == "Comprehensively improve the quality of pre-project work"
    assert by_number["(five)"].value == 5 and by_number["(twenty-three)"].value == 23
    assert [c.number for c in subs if c.parent == top[3].id] == ["(sixteen)", "(seventeen)"]
    assert top[4].title == "Accelerating industrial optimization and upgrading"
    assert not any(c.number.startswith("(This") for c in doc.clauses)


def test_001_parts_and_items_once_each(library):
    doc = library.get(SEED_001)
    top, subs = parts_and_subs(doc)
    assert [c.number for c in top] == ["一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、", "九、"]
    per_part = [sum(1 for s in subs if s.parent == p.id) for p in top]
    # 四 holds its five items plus 五's (四)(五), which the page prints after it (and again under 六)
    assert per_part == [0, 4, 6, 7, 3, 4, 3, 4, 4]
    titles = [c.title for c in subs]
    assert titles.count("加强农村污染治理和生态环境保护") == 1
    assert titles.count("强化乡村规划引领") == 1
    assert top[0].title == "总体要求" and "坚持以习近平新时代" in top[0].text
    gaoxiao = next(c for c in subs if c.title == "加快高标准农田建设")
    assert gaoxiao.number == "（二）" and gaoxiao.ref == "第四部分（二）"
    # the newspaper page's other article (after 上接第一版) is set apart, not appended to 九(四),
    # and neither found nor quotable as this document
    last = doc.clauses[-1]
    assert (last.number, last.kind) == ("", "另文") and "普洱" in last.text
    assert "普洱" not in next(c for c in subs if c.title == "发挥好农民主体作用").text
    assert all(h.document.id != SEED_001 for h in library.search("思茅河"))
    assert not doc.contains_quote("思茅河的“新生”，为普洱市生态文明建设增添了浓墨重彩的一笔。")


def test_002_markdown_headings_and_spaced_numbers(library):
    doc = library.get(SEED_002)
    top, subs = parts_and_subs(doc)
    assert [c.title for c in top] == ["2016年市本级财政决算情况", "2016年预算执行效果和落实市人大决议情况",
                                      "2017年上半年全市预算执行情况及下半年财政工作重点"]
    assert [sum(1 for s in subs if s.parent == p.id) for p in top] == [6, 4, 5]
    assert subs[1].title == "市本级政府性基金收支决算情况"  # "## (二)…": a heading mark, not a level
    assert subs[7].title == "落实财税政策, 助推实体经济健康发展"  # "(二) 落实…"
    assert "上半年,全市一般公共预算收入59.9亿元" in top[2].text  # 三's own text before its (一)


def test_004_nine_parts_thirty_three_items(library):
    doc = library.get(SEED_004)
    top, subs = parts_and_subs(doc)
    assert len(top) == 9 and len(subs) == 33
    assert [c.value for c in subs] == list(range(1, 34))
    seven = next(c for c in subs if c.value == 7)
    assert (seven.number, seven.ref, seven.title) == ("（七）", "（七）", "加强高标准农田建设")
    assert seven.parent == top[1].id and top[1].title == "加强农业基础设施建设"
    assert subs[-1].title == "推进县域城乡融合发展"
    assert not any("责任编辑" in c.text for c in doc.clauses)


def test_headings_title_issuer_date(library):
    d0, d1, d2, d4 = (library.get(i) for i in (SEED_000, SEED_001, SEED_002, SEED_004))
    assert (d0.title, d0.issuer, str(d0.date), d0.lang) == (
        "Some policies and measures for steady growth in 2022", "Yunnan Provincial People’s Government",
        "2022-01-28", "en")
    assert "Several Policies and Measures on Steady Growth in 2022" in d0.aliases
    assert d1.title == "中共云南省委 云南省人民政府关于坚持农业农村优先发展做好“三农”工作的实施意见"
    assert (d1.issuer, str(d1.date), d1.lang) == ("中共云南省委 云南省人民政府", "2019-05-28", "zh")
    assert d2.title == "关于2016年市本级财政决算和2017年上半年全市预算执行情况的报告"
    assert (d2.issuer, str(d2.date)) == ("市财政局", "2017-08-31")
    # the document's own date, not the news agency's release stamp (2023-02-13)
    assert (d4.title, d4.issuer, str(d4.date)) == (
        "中共中央 国务院关于做好2023年全面推进乡村振兴重点工作的意见", "中共中央 国务院", "2023-01-02")


def test_other_numbering_styles():
    text = "某某办法\n第一章 总则\n第一条 为了规范管理，制定本办法。\n第二条 本办法适用于：\n1. 省级项目；\n2. 市级项目。\n" \
           "第二章 附则\n第三条 本办法自发布之日起施行。\n①另见附件。\n"
    heading, clauses = split(text)
    assert heading == ["某某办法"]
    got = [(c.number, c.level) for c in clauses]
    assert got == [("第一章", 0), ("第一条", 1), ("第二条", 1), ("1.", 2), ("2.", 2), ("第二章", 0),
                   ("第三条", 1), ("①", 2)]
    assert [c.title for c in clauses[2:5]] == ["本办法适用于", "省级项目", "市级项目"]
    assert clauses[2].has_children and clauses[1].parent == clauses[0].id and clauses[3].parent == clauses[2].id


_LINE = st.one_of(
    st.sampled_from(["一、总体要求", "(一)加强管理。", "（二）严格考核", "1. 细则；", "(3) measures", "First, go.",
                     "第一条 总则", "上接第一版", "责任编辑：某", "", "   ", "# 标题", "(This piece)"]),
    st.text(max_size=30),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_LINE, max_size=25))
def test_any_text_splits_into_a_consistent_tree(lines):
    text = "\n".join(lines)
    heading, clauses = split(text)
    read_heading(heading, language(text))  # never raises
    ids = [c.id for c in clauses]
    assert ids == [f"c{i}" for i in range(len(clauses))]
    for c in clauses:
        assert c.parent is None or ids.index(c.parent) < ids.index(c.id)
        assert c.level == (0 if c.parent is None else next(p for p in clauses if p.id == c.parent).level + 1)
        assert (c.value > 0) == bool(c.number)


# --- the index on disk ---------------------------------------------------------------------------

def test_index_rebuilt_only_when_a_document_changes(data_dir):
    first = Library.open(data_dir)
    assert first.rebuilt == 5  # four policies and the submission, parsed once
    index = json.loads((data_dir / INDEX_NAME).read_text(encoding="utf-8"))
    assert index["version"] and len(index["documents"]) == 5
    stamp = (data_dir / INDEX_NAME).stat().st_mtime_ns

    again = Library.open(data_dir)
    assert again.rebuilt == 0 and (data_dir / INDEX_NAME).stat().st_mtime_ns == stamp
    assert [d.title for d in again.documents] == [d.title for d in first.documents]

    user = data_dir / "policies"
    user.mkdir()
    (user / "会议纪要.txt").write_text("某县人民政府常务会议纪要\n一、研究高标准农田建设项目。\n", encoding="utf-8")
    added = Library.open(data_dir)
    assert added.rebuilt == 1 and added.get("会议纪要").source == "user"
    (user / "会议纪要.txt").write_text("某县人民政府常务会议纪要\n一、研究高标准农田建设项目。\n二、研究农村公路。\n",
                                     encoding="utf-8")
    changed = Library.open(data_dir)
    assert changed.rebuilt == 1 and len(changed.get("会议纪要").numbered()) == 2


@pytest.mark.parametrize("damage", ["truncated", "old version", "not an object", "bad entry"])
def test_broken_or_old_index_is_rebuilt_not_fatal(data_dir, damage):
    Library.open(data_dir)
    path = data_dir / INDEX_NAME
    index = json.loads(path.read_text(encoding="utf-8"))
    if damage == "truncated":
        path.write_text(path.read_text(encoding="utf-8")[:500], encoding="utf-8")
    elif damage == "old version":
        path.write_text(json.dumps({**index, "version": "2-" + index["version"].split("-")[1]}), encoding="utf-8")
    elif damage == "not an object":
        path.write_text("[1, 2]", encoding="utf-8")
    else:
        sha = next(k for k, v in index["documents"].items() if "skip" not in v)
        index["documents"][sha] = {"title": 5}
        path.write_text(json.dumps(index), encoding="utf-8")
    lib = Library.open(data_dir)
    assert lib.rebuilt == (1 if damage == "bad entry" else 5) and len(lib.documents) == 4
    assert Library.open(data_dir).rebuilt == 0  # and the repaired index is kept


# --- adding documents ----------------------------------------------------------------------------

def test_add_txt_md_docx(library, tmp_path):
    import docx

    md = tmp_path / "通知.md"
    md.write_text("# 某市财政局关于做好2022年项目支出预算编制工作的通知\n\n(2021年9月1日)\n\n"
                  "一、加强项目库管理。未纳入项目库的项目不得安排预算。\n\n二、严格绩效目标。\n", encoding="utf-8")
    gb = tmp_path / "纪要.txt"
    gb.write_bytes("县政府常务会议纪要\n1. 同意实施海关综合业务用房项目。\n".encode("gb18030"))
    utf16 = tmp_path / "批复.txt"
    utf16.write_bytes("关于口岸查验设施建设的批复\r\n一、同意建设。\r\n".encode("utf-16"))
    word = tmp_path / "意见.docx"
    document = docx.Document()
    for line in ("某县人民政府关于支持外贸发展的意见", "（一）支持外贸企业开拓市场。", "（二）完善口岸设施。"):
        document.add_paragraph(line)
    document.save(word)

    a = library.add(md)
    assert a.title == "某市财政局关于做好2022年项目支出预算编制工作的通知" and a.year == 2021
    assert [c.title for c in a.numbered()] == ["加强项目库管理", "严格绩效目标"]
    b = library.add(gb)
    assert b.numbered()[0].title == "同意实施海关综合业务用房项目"
    u = library.add(utf16)
    assert (u.title, u.numbered()[0].title) == ("关于口岸查验设施建设的批复", "同意建设")
    c = library.add(word)
    assert [c.number for c in c.numbered()] == ["（一）", "（二）"]
    assert (library.user_folder / "意见.docx").exists()
    assert library.search("口岸")[0].document.id == c.id
    assert Library.open(library.index_path.parent).get(c.id) is not None  # kept on disk

    with pytest.raises(UserError, match="已在政策库中"):
        library.add(md)
    removed = library.remove(c.id)
    assert removed.id == c.id and library.get(c.id) is None
    with pytest.raises(UserError, match="随软件提供"):
        library.remove(SEED_004)


@pytest.mark.parametrize("name,content,message", [
    ("申报.txt", None, "项目申报"),
    ("空.txt", b"  \n", "空文件"),
    ("表.xlsx", b"PK", "不支持的文件类型"),
    ("坏.docx", b"not a zip", "不是有效的 Word"),
    ("乱码.txt", b"\xff\xfe\x00\x00\x81", "不是文本文件"),
])
def test_add_refuses_with_a_clear_message(library, tmp_path, name, content, message):
    path = tmp_path / name
    if content is None:
        shutil.copyfile(next(SEEDS_DIR.glob("003_*.txt")), path)
    else:
        path.write_bytes(content)
    with pytest.raises(UserError, match=message) as exc:
        library.add(path)
    assert name in str(exc.value)
    assert not library.user_folder.exists() or not any(library.user_folder.iterdir())


# --- search --------------------------------------------------------------------------------------

def test_foreign_trade_finds_000_seventeen_first(library):
    hits = library.search("foreign trade")
    assert (hits[0].document.id, hits[0].clause.number) == (SEED_000, "(seventeen)")
    assert hits[0].marked() == "to support the development of 【foreign】 【trade】."


def test_gaobiaozhun_nongtian_finds_004_seven(library):
    hits = library.search("高标准农田")
    top_two = {(h.document.id, h.clause.ref) for h in hits[:2]}
    assert top_two == {(SEED_004, "（七）"), (SEED_001, "第四部分（二）")}
    seven = next(h for h in hits if h.document.id == SEED_004)
    assert seven.clause.title == "加强高标准农田建设"
    assert seven.marked() == "加强【高标准农田】建设。"
    assert seven.html() == "加强<b>高标准农田</b>建设。"


def test_chinese_query_reaches_the_english_text_through_the_glossary(library):
    hits = library.search("外贸")
    assert (hits[0].document.id, hits[0].clause.number) == (SEED_000, "(seventeen)")


def test_single_character_and_nothing_found(library):
    hits = library.search("粮")
    assert hits and all("粮" in h.clause.text for h in hits)
    assert "【粮】" in hits[0].marked() and "【粮食" not in hits[0].marked()
    assert library.search("量子计算机") == [] and library.search("   ") == []


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(st.text(max_size=40))
def test_any_query_gives_hits_with_spans_inside_the_sentence(library, query):
    for hit in library.search(query, 5):
        assert all(0 <= a < b <= len(hit.sentence) for a, b in hit.spans)
        assert hit.sentence in hit.clause.text


# --- citations -----------------------------------------------------------------------------------

def test_hit_becomes_a_citation_by_reference(library):
    hit = library.search("高标准农田 土壤改良")[0]
    assert hit.document.id == SEED_004
    c = hit.citation()
    assert (c.doc_id, c.title, c.clause) == (SEED_004, "中共中央 国务院关于做好2023年全面推进乡村振兴重点工作的意见", "（七）")
    assert c.quote.startswith("完成高标准农田新建和改造提升年度任务")
    assert citation_text(c) == f"《{c.title}》（七）：“{c.quote}”"
    doc = library.resolve(c.doc_id)
    assert doc.contains_quote(c.quote)
    assert doc.contains_quote("完成高标准农田新建……健全长效管护机制")  # an elision
    assert not doc.contains_quote(c.quote.replace("年度任务", "五年任务"))
    assert library.resolve("", "中共中央、国务院关于做好2023年全面推进乡村振兴重点工作的意见") is doc
    assert library.resolve("", "关于坚持农业农村优先发展做好“三农”工作的实施意见").id == SEED_001


# --- suggestions ---------------------------------------------------------------------------------

def farmland_submission(year: int) -> Submission:
    sub = Submission()
    sub.basic.name = f"{year}年宜良县高标准农田建设项目"
    sub.basic.budget_year = year
    sub.narratives.content.html = ("<p>在北古城镇、狗街镇新建高标准农田1.2万亩，完成土地平整、土壤改良、灌溉与排水、"
                                   "田间道路、农田防护与生态环境保持等工程，提升耕地质量和粮食产能。</p>")
    sub.narratives.beneficiaries.html = "<p>项目区农户3500户、新型农业经营主体12家，受益人口1.3万人。</p>"
    return sub


def test_suggestions_for_a_2023_farmland_project_rank_004_seven_in_top_three(library):
    hits = suggest(library, farmland_submission(2023), 10)
    top3 = [(h.document.id, h.clause.ref) for h in hits[:3]]
    assert (SEED_004, "（七）") in top3
    assert all(h.document.lang == "zh" for h in hits)  # in the submission's language


def test_suggestions_leave_out_documents_dated_after_the_budget_year(library):
    hits = suggest(library, farmland_submission(2020), 10)
    assert hits and all(h.document.year <= 2020 for h in hits)
    assert (hits[0].document.id, hits[0].clause.title) == (SEED_001, "加快高标准农田建设")


def test_no_suggestions_for_an_empty_submission(library):
    assert suggest(library, Submission()) == []
