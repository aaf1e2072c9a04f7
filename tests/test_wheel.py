"""The wheel built from this checkout, installed into a new virtual environment and run from another
folder, does what the source tree does.

The wheel is built from a clean copy of the checkout; the venv is made without the system's
site-packages and the wheel goes in with its declared dependencies (``pip --python VENV install``, so
pip's cache serves the downloads the test environment already made: about 15 s). The test checks that
``forms`` and the shipped data come from the venv, not the checkout, and runs the verbs from a folder
outside the checkout.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow

_NOT_SOURCE = (".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis",
               "out", "tmp")


def _run(cmd, cwd, env, timeout=180):
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", timeout=timeout)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wheel")
    # built from a clean copy of the checkout: a build/ folder left by an earlier build is not used
    source = tmp / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*_NOT_SOURCE))
    dist = tmp / "dist"
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(source)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    (wheel,) = dist.glob("budgetforms-*.whl")

    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    proc = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", str(wheel)],
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()

    work = tmp / "elsewhere"
    work.mkdir()
    sample = work / "玉溪海关.bfproj"
    sample.write_bytes((ROOT / "seeds" / "sample-yuxi-customs-2020.bfproj").read_bytes())
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(QT_QPA_PLATFORM="offscreen", BUDGETFORMS_DATA_DIR=str(tmp / "data"), PYTHONSAFEPATH="1")
    return {"wheel": wheel, "venv": venv, "python": python, "exe": venv / "bin" / "budgetforms",
            "site": Path(site), "work": work, "sample": sample, "env": env}


def test_the_wheel_carries_resources_and_seeds(installed):
    names = set(zipfile.ZipFile(installed["wheel"]).namelist())
    assert "forms/_data/seeds/sample-yuxi-customs-2020.bfproj" in names
    assert "forms/_data/seeds/example-huaning-education-2024.bfproj" in names, "the New menu's second example"
    assert "forms/_data/resources/codes/2020.json" in names
    assert "forms/_data/resources/packs/2020.json" in names
    assert "forms/_data/resources/policy/glossary.json" in names
    assert not any(n.startswith(("tests/", "benchmarks/")) for n in names)


def test_the_installed_package_is_used_not_the_checkout(installed):
    code = ("import forms, desktop; from forms import locations; "
            "print(forms.__file__); print(desktop.__file__); print(locations.sample_path())")
    proc = _run([str(installed["python"]), "-c", code], installed["work"], installed["env"])
    assert proc.returncode == 0, proc.stderr
    for line in proc.stdout.splitlines():
        assert Path(line).is_relative_to(installed["site"]), line
    proc = _run([sys.executable, "-m", "pip", "--python", str(installed["python"]), "check"],
                installed["work"], installed["env"])
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_show_and_check_as_from_the_source_tree(installed):
    work, env, exe, sample = installed["work"], installed["env"], str(installed["exe"]), str(installed["sample"])
    show = _run([exe, "show", sample], work, env)
    assert show.returncode == 0, show.stderr
    check = _run([exe, "check", sample, "--format", "json"], work, env)
    assert "意外错误" not in check.stderr
    source_show = subprocess.run([sys.executable, "-m", "forms", "show", sample], cwd=ROOT, capture_output=True,
                                 text=True, encoding="utf-8", timeout=120)
    source_check = subprocess.run([sys.executable, "-m", "forms", "check", sample, "--format", "json"], cwd=ROOT,
                                  capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert show.stdout == source_show.stdout
    assert "玉溪海关综合业务用房项目补助资金" in show.stdout
    assert (check.returncode, json.loads(check.stdout)) == (source_check.returncode, json.loads(source_check.stdout))
    assert check.returncode == 1 and json.loads(check.stdout), "the sample's own mistakes are found"


def test_export_xlsx_and_pdf(installed):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    work, env, exe, sample = installed["work"], installed["env"], str(installed["exe"]), str(installed["sample"])
    proc = _run([exe, "export", sample, "--xlsx", "out.xlsx"], work, env)
    assert proc.returncode == 0, proc.stderr
    wb = load_workbook(work / "out.xlsx")
    assert len(wb.sheetnames) >= 7
    proc = _run([exe, "export", sample, "--pdf", "out.pdf"], work, env)
    assert proc.returncode == 0, proc.stderr
    reader = PdfReader(work / "out.pdf")
    assert len(reader.pages) >= 5
    assert "玉溪海关" in reader.pages[0].extract_text()
    fonts = [f.get_object() for f in reader.pages[0]["/Resources"]["/Font"].values()]
    assert any("/FontFile2" in d.get_object()["/FontDescriptor"]
               for f in fonts for d in f.get("/DescendantFonts", [f]) if "/FontDescriptor" in d.get_object()), \
        "the CJK font is embedded"


def test_policy_library_has_the_seed_documents(installed):
    proc = _run([str(installed["exe"]), "policy", "list"], installed["work"], installed["env"])
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("\n") >= 4


def test_gui_screenshot(installed):
    proc = _run([str(installed["exe"]), "gui", str(installed["sample"]), "--screenshot", "shot.png"],
                installed["work"], installed["env"])
    assert proc.returncode == 0, proc.stderr
    assert (installed["work"] / "shot.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
