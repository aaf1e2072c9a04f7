"""Desktop integration and the .deb's layout: the entry (Chinese name, MIME types), the .bfproj MIME
type, the icons, and the UOS application tree packed by dpkg-deb with no maintainer script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "packaging"))

import uos  # noqa: E402

APPID = "org.budgetforms.app"


def _entry(text: str) -> dict[str, str]:
    lines = [ln for ln in text.splitlines() if "=" in ln and not ln.startswith("#")]
    return dict(ln.split("=", 1) for ln in lines)


def test_desktop_entry_is_valid_and_chinese(tmp_path):
    path = tmp_path / f"{APPID}.desktop"
    path.write_text(uos.desktop_entry(f"/opt/apps/{APPID}/files/budgetforms", APPID), encoding="utf-8")
    proc = subprocess.run(["desktop-file-validate", str(path)], capture_output=True, text=True)
    assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout + proc.stderr
    entry = _entry(path.read_text(encoding="utf-8"))
    assert entry["Name"] == "项目预算申报助手"
    assert entry["Exec"] == f"/opt/apps/{APPID}/files/budgetforms gui %f"
    types = entry["MimeType"].split(";")
    assert {"application/x-budgetforms-project", "application/vnd.ms-excel",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"} <= set(types)


def test_bfproj_mime_type_is_known_after_update_mime_database(tmp_path):
    packages = tmp_path / "mime" / "packages"
    packages.mkdir(parents=True)
    (packages / f"{APPID}.xml").write_bytes((ROOT / "packaging" / "linux" / "budgetforms-mime.xml").read_bytes())
    subprocess.run(["update-mime-database", str(tmp_path / "mime")], check=True, capture_output=True)
    globs = (tmp_path / "mime" / "globs2").read_text(encoding="utf-8")
    assert "application/x-budgetforms-project:*.bfproj" in globs
    assert "application/json" in (tmp_path / "mime" / "subclasses").read_text(encoding="utf-8")


def test_icons_in_every_size():
    from PySide6.QtGui import QImage

    for size in (16, 22, 24, 32, 48, 64, 128, 256):
        image = QImage(str(ROOT / "resources" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "budgetforms.png"))
        assert (image.width(), image.height()) == (size, size)
        assert image.pixelColor(size // 2, size // 2).alpha() == 255
        assert image.pixelColor(0, 0).alpha() == 0, "the corners are transparent"


@pytest.fixture
def fake_bundle(tmp_path):
    bundle = tmp_path / "bundle"
    (bundle / "_internal").mkdir(parents=True)
    exe = bundle / "budgetforms"
    exe.write_text("#!/bin/sh\necho budgetforms\n", encoding="utf-8")
    exe.chmod(0o700)
    (bundle / "_internal" / "lib.so").write_bytes(b"\x7fELF")
    return bundle


def test_uos_layout(tmp_path, fake_bundle):
    app = uos.stage(fake_bundle, tmp_path / "tree", APPID, "0.1.0")
    assert app == tmp_path / "tree" / "opt" / "apps" / APPID
    assert (app / "files" / "budgetforms").stat().st_mode & 0o777 == 0o755
    assert (app / "entries" / "applications" / f"{APPID}.desktop").is_file()
    assert (app / "entries" / "icons" / "hicolor" / "48x48" / "apps" / f"{APPID}.png").is_file()
    assert (app / "entries" / "icons" / "hicolor" / "scalable" / "apps" / f"{APPID}.svg").is_file()
    assert (app / "entries" / "mime" / "packages" / f"{APPID}.xml").is_file()
    info = json.loads((app / "info").read_text(encoding="utf-8"))
    assert (info["appid"], info["name"], info["version"], info["arch"]) == (APPID, "项目预算申报助手", "0.1.0", ["amd64"])
    control = (tmp_path / "tree" / "DEBIAN" / "control").read_text(encoding="utf-8")
    assert f"Package: {APPID}\n" in control and "Architecture: amd64\n" in control


def test_deb_holds_only_opt_apps_and_no_maintainer_script(tmp_path, fake_bundle, monkeypatch):
    monkeypatch.setattr(uos, "ROOT", tmp_path)  # the staging tree goes under tmp_path/build
    assert uos.main([str(fake_bundle), str(tmp_path / "dist")]) == 0
    deb = tmp_path / "dist" / f"{APPID}_{uos.version()}_amd64.deb"
    listing = subprocess.run(["dpkg-deb", "-c", str(deb)], capture_output=True, text=True, check=True).stdout
    paths = [line.split()[-1] for line in listing.splitlines()]
    assert all(p.startswith(("./opt/apps/", "./opt/")) or p in ("./",) for p in paths), paths
    assert f"./opt/apps/{APPID}/files/budgetforms" in paths
    assert all("root/root" in line for line in listing.splitlines())
    control = subprocess.run(["dpkg-deb", "-I", str(deb)], capture_output=True, text=True, check=True).stdout
    for script in ("preinst", "postinst", "prerm", "postrm", "config", "triggers"):
        assert f" {script}" not in control


def _needed_glibc(path: Path) -> tuple[int, ...]:
    """The newest GLIBC_x.y in the binary's version needs (readelf -V: another tool than the script's)."""
    import re

    out = subprocess.run(["readelf", "-V", "--wide", str(path)], capture_output=True, text=True, check=True).stdout
    versions = [tuple(int(n) for n in m.split(".")) for m in re.findall(r"Name: GLIBC_([0-9.]+)", out)]
    return max(versions)


def test_glibc_report_names_the_newest_version_and_its_binary(tmp_path):
    import shutil

    exe = Path(sys.executable).resolve()
    shutil.copy(exe, tmp_path / "python")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "notes.txt").write_text("not a binary", encoding="utf-8")
    proc = subprocess.run([str(ROOT / "packaging" / "glibc-report.sh"), str(tmp_path)], capture_output=True,
                          text=True, check=True)
    expected = ".".join(map(str, _needed_glibc(exe)))
    assert proc.stdout.splitlines()[0] == f"newest: {expected} (1 ELF files)"
    assert proc.stdout.splitlines()[1].split() == [f"GLIBC_{expected}", "python"]


def test_glibc_report_without_binaries_fails(tmp_path):
    proc = subprocess.run([str(ROOT / "packaging" / "glibc-report.sh"), str(tmp_path)], capture_output=True, text=True)
    assert proc.returncode == 1 and "no ELF binary" in proc.stderr
