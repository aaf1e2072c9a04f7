"""Rule packs are validated when they are read: an unknown rule ID, a parameter the rule does not
take, a value of the wrong type or an unknown severity is a Chinese message naming the pack file and
the key, from the library and from ``budgetforms check --pack`` / ``rules --pack`` alike."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from forms.cli import main
from forms.errors import UserError
from forms.rules import packs
from forms.rules.packs import available_packs, load_pack, regions, validate, year_packs
from forms.rules.registry import iter_rules

SHIPPED = packs.PACKS_DIR


def _clear() -> None:
    for cached in (packs.load_pack, packs.pack_for, packs._pack_files, packs._compile):
        cached.cache_clear()


@pytest.fixture
def pack_dir(tmp_path, monkeypatch):
    """A packs folder of one's own with copies of the shipped packs, read instead of resources/."""
    folder = tmp_path / "packs"
    shutil.copytree(SHIPPED, folder)
    monkeypatch.setattr(packs, "PACKS_DIR", folder)
    _clear()
    yield folder
    monkeypatch.undo()
    _clear()  # no pack read from the temporary folder stays cached for later tests


def _write(folder: Path, name: str, data: object) -> Path:
    path = folder / f"{name}.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _refused(name: str) -> str:
    with pytest.raises(UserError) as caught:
        load_pack(name)
    message = str(caught.value)
    assert "Traceback" not in message
    return message


# --- every shipped pack loads clean -------------------------------------------------------------

def test_every_shipped_pack_file_is_valid():
    files = sorted(SHIPPED.glob("*.json"))
    assert {p.stem for p in files} == set(available_packs()) and len(files) >= 4
    for path in files:
        validate(json.loads(path.read_text(encoding="utf-8")), path)


def test_every_shipped_pack_and_region_combination_loads():
    assert year_packs() and regions()
    for year in year_packs():
        pack = load_pack(str(year))
        assert pack.year == year and pack.title
        for region in regions():
            combined = load_pack(f"{year}-{region}")
            assert combined.year == year
            assert set(pack.rules) <= set(combined.rules)


def test_shipped_packs_name_only_registered_rules_and_their_parameters():
    known = {r.id: r for r in iter_rules()}
    for name in available_packs():
        for rule_id, spec in load_pack(name).rules.items():
            assert rule_id in known, (name, rule_id)
            assert set(spec.get("params", {})) <= set(known[rule_id].params), (name, rule_id)


# --- what is refused ------------------------------------------------------------------------------

def test_unknown_rule_id(pack_dir):
    path = _write(pack_dir, "2023", {"name": "2023", "year": 2023, "extends": "2022",
                                     "rules": {"PERF-99": {"severity": "warning"}}})
    message = _refused("2023")
    assert str(path) in message and "rules.PERF-99" in message and "没有编号为“PERF-99”的规则" in message


def test_unknown_parameter_of_a_rule(pack_dir):
    path = _write(pack_dir, "2023", {"year": 2023, "rules": {"PERF-03": {"params": {"required_level": ["产出指标"]}}}})
    message = _refused("2023")
    assert str(path) in message and "rules.PERF-03.params.required_level" in message
    assert "required_level1" in message, "the message names the parameters the rule does take"


@pytest.mark.parametrize(("spec", "key", "expected"), [
    ({"params": {"required_level1": "产出指标"}}, "rules.PERF-03.params.required_level1", "文本的列表"),
    ({"params": {"required_level1": ["产出指标", 3]}}, "rules.PERF-03.params.required_level1", "文本的列表"),
    ({"enabled": "否"}, "rules.PERF-03.enabled", "true 或 false"),
    ({"params": ["required_level1"]}, "rules.PERF-03.params", "对象"),
])
def test_wrong_type(pack_dir, spec, key, expected):
    path = _write(pack_dir, "2023", {"year": 2023, "rules": {"PERF-03": spec}})
    message = _refused("2023")
    assert str(path) in message and f"{key} 应为" in message and expected in message


@pytest.mark.parametrize(("rule_id", "params", "key"), [
    ("TEXT-02", {"min_chars": "二十"}, "min_chars"),        # an int parameter
    ("TEXT-02", {"min_chars": 20.5}, "min_chars"),
    ("TEXT-02", {"threshold": "很像"}, "threshold"),         # a number
    ("BUILD-06", {"tolerance": "一成"}, "tolerance"),        # a number written as text
    ("BUILD-02", {"weights": [25, 50, 25]}, "weights"),     # an object
])
def test_wrong_type_of_a_parameter_judged_from_its_default(pack_dir, rule_id, params, key):
    _write(pack_dir, "2023", {"year": 2023, "rules": {rule_id: {"params": params}}})
    assert f"rules.{rule_id}.params.{key} 应为" in _refused("2023")


def test_parameters_of_the_right_type_are_taken(pack_dir):
    _write(pack_dir, "2023", {"year": 2023, "extends": "2022", "rules": {
        "TEXT-02": {"params": {"min_chars": 30, "threshold": 1}},
        "BUILD-06": {"params": {"tolerance": 0.2}},
        "PERF-11": {"severity": "错误", "enabled": True}}})
    pack = load_pack("2023")
    assert pack.rules["TEXT-02"]["params"] == {"min_chars": 30, "threshold": 1}
    assert pack.rules["PERF-11"]["severity"] == "错误"
    assert "PERF-03" in pack.rules, "the parent's rules are merged"


def test_unknown_severity(pack_dir):
    path = _write(pack_dir, "2023", {"year": 2023, "rules": {"PERF-11": {"severity": "fatal"}}})
    message = _refused("2023")
    assert str(path) in message and "rules.PERF-11.severity" in message and "error、warning 或 info" in message
    assert '"fatal"' in message


@pytest.mark.parametrize(("data", "key"), [
    ({"year": 2023, "rulez": {}}, "rulez"),
    ({"year": 2023, "rules": {"PERF-11": {"level": "warning"}}}, "level"),
    ({"year": "二〇二三", "rules": {}}, "year"),
    ({"year": 2023, "basis": "财预〔2021〕101号"}, "basis"),
])
def test_unknown_keys_and_top_level_types(pack_dir, data, key):
    path = _write(pack_dir, "2023", data)
    message = _refused("2023")
    assert str(path) in message and key in message


def test_a_bad_parent_is_named_by_its_own_file(pack_dir):
    parent = _write(pack_dir, "2022", {"year": 2022, "rules": {"NOPE-01": {}}})
    _write(pack_dir, "2023", {"year": 2023, "extends": "2022", "rules": {}})
    message = _refused("2023")
    assert str(parent) in message and "rules.NOPE-01" in message


def test_a_bad_region_overlay_is_refused_with_the_year(pack_dir):
    overlay = _write(pack_dir, "region-yunnan", {"name": "yunnan", "rules": {"CONT-02": {"params": {"prefixes": ["65"]}}}})
    message = _refused("2021-yunnan")
    assert str(overlay) in message and "rules.CONT-02.params.prefixes" in message and "postcode_prefixes" in message


def test_a_pack_that_is_not_json_or_not_an_object(pack_dir):
    (pack_dir / "2023.json").write_text("{\"year\": 2023,", encoding="utf-8")
    assert "不是有效的 JSON" in _refused("2023")
    _write(pack_dir, "2023", ["PERF-03"])
    _clear()
    assert "应是一个 JSON 对象" in _refused("2023")


# --- on the command line --------------------------------------------------------------------------

def test_check_with_a_bad_pack_says_so_in_one_line(pack_dir, sample_path, capsys):
    path = _write(pack_dir, "2023", {"year": 2023, "rules": {"PERF-03": {"params": {"required_level1": "产出指标"}}}})
    assert main(["check", "--pack", "2023", str(sample_path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err
    assert err.count("\n") == 1 and str(path) in err and "rules.PERF-03.params.required_level1" in err
    assert "Traceback" not in err


def test_check_with_a_bad_region_overlay(pack_dir, sample_path, capsys):
    _write(pack_dir, "region-yunnan", {"name": "yunnan", "rules": {"CONT-01": {"severity": "critical"}}})
    assert main(["check", "--pack", "2021-yunnan", str(sample_path)]) == 2
    err = capsys.readouterr().err
    assert "region-yunnan.json" in err and "rules.CONT-01.severity" in err


def test_the_default_pack_of_the_year_is_validated_too(pack_dir, sample_path, capsys):
    """No --pack: the sample's year (2020) picks 2020.json, which is read and validated as well."""
    _write(pack_dir, "2020", {"year": 2020, "rules": {"REV-04": {"params": {"formula": 1}}}})
    assert main(["check", str(sample_path)]) == 2
    assert "rules.REV-04.params.formula 应为文本" in capsys.readouterr().err


def test_rules_verb_with_a_bad_pack(pack_dir, capsys):
    _write(pack_dir, "2023", {"year": 2023, "rules": {"ZZZ-00": {}}})
    assert main(["rules", "--pack", "2023"]) == 2
    assert "rules.ZZZ-00" in capsys.readouterr().err
