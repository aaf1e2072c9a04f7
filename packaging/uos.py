"""Lay out the frozen bundle as a UOS application and pack it as a .deb (dpkg-deb):

    /opt/apps/<appid>/files/                      the bundle (dist/budgetforms/)
    /opt/apps/<appid>/entries/applications/<appid>.desktop
    /opt/apps/<appid>/entries/icons/hicolor/<size>/apps/<appid>.png|svg
    /opt/apps/<appid>/entries/mime/packages/<appid>.xml   (*.bfproj)
    /opt/apps/<appid>/info                        the UOS application JSON

No maintainer script: installing and removing the package changes nothing outside /opt/apps/<appid>
(UOS links the entries into the desktop itself).

    python packaging/uos.py dist/budgetforms dist [--appid ID]   → dist/<appid>_<version>_amd64.deb
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINUX = Path(__file__).resolve().parent / "linux"
ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
APPID = "org.budgetforms.app"
NAME = "项目预算申报助手"

# What the bundle takes from the system rather than carrying (PyInstaller leaves out libc, the GL
# driver, fontconfig's configuration and the X/Wayland client libraries Qt's platform plugins load).
DEPENDS = ("libc6 (>= 2.28), libgl1, libegl1, libfontconfig1, libfreetype6, libglib2.0-0, libdbus-1-3, "
           "libx11-6, libx11-xcb1, libxkbcommon0, libxkbcommon-x11-0, libxcb-cursor0, libxcb-icccm4, "
           "libxcb-image0, libxcb-keysyms1, libxcb-render-util0, libxcb-shape0, libxcb-xkb1, libxcb-randr0, "
           "libxcb-xinerama0, libxcb-xfixes0, libxcb-sync1, libxcb-shm0, libxcb-util1")


def version() -> str:
    sys.path.insert(0, str(ROOT))
    from forms import __version__

    return __version__


def desktop_entry(exec_path: str, icon: str) -> str:
    text = (LINUX / "budgetforms.desktop.in").read_text(encoding="utf-8")
    return text.replace("@EXEC@", exec_path).replace("@ICON@", icon)


def info_json(appid: str, ver: str) -> str:
    info = {
        "appid": appid,
        "name": NAME,
        "version": ver,
        "arch": ["amd64"],
        "permissions": {"autostart": False, "notification": False, "trayicon": False, "clipboard": True,
                        "account": False, "bluetooth": False, "camera": False, "audio_record": False,
                        "installed_apps": False},
    }
    return json.dumps(info, ensure_ascii=False, indent=2) + "\n"


def control(appid: str, ver: str, size_kb: int) -> str:
    return (f"Package: {appid}\nVersion: {ver}\nArchitecture: amd64\nSection: office\nPriority: optional\n"
            f"Maintainer: budgetforms developers <budgetforms@localhost>\nInstalled-Size: {size_kb}\n"
            f"Depends: {DEPENDS}\n"
            f"Description: {NAME} (budgetforms)\n"
            " Draft, check, export and print project expenditure budget submissions\n"
            " (项目支出预算申报), and check batches of received workbooks. A self-contained\n"
            " bundle (Python, Qt, a CJK font for the PDF) under /opt/apps.\n")


def stage(bundle: Path, root: Path, appid: str, ver: str) -> Path:
    """Write the package tree under *root*; return the app folder /opt/apps/<appid> in it."""
    if not (bundle / "budgetforms").is_file():
        raise SystemExit(f"{bundle}: no budgetforms executable (run PyInstaller first)")
    shutil.rmtree(root, ignore_errors=True)
    app = root / "opt" / "apps" / appid
    shutil.copytree(bundle, app / "files", symlinks=True)
    entries = app / "entries"
    (entries / "applications").mkdir(parents=True)
    (entries / "applications" / f"{appid}.desktop").write_text(
        desktop_entry(f"/opt/apps/{appid}/files/budgetforms", appid), encoding="utf-8")
    for png in sorted(ICONS.glob("hicolor/*/apps/budgetforms.png")):
        target = entries / "icons" / png.relative_to(ICONS).with_name(f"{appid}.png")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(png, target)
    svg = entries / "icons" / "hicolor" / "scalable" / "apps" / f"{appid}.svg"
    svg.parent.mkdir(parents=True)
    shutil.copyfile(ICONS / "budgetforms.svg", svg)
    mime = entries / "mime" / "packages" / f"{appid}.xml"
    mime.parent.mkdir(parents=True)
    shutil.copyfile(LINUX / "budgetforms-mime.xml", mime)
    (app / "info").write_text(info_json(appid, ver), encoding="utf-8")
    size_kb = sum(p.stat().st_size for p in app.rglob("*") if p.is_file() and not p.is_symlink()) // 1024
    (root / "DEBIAN").mkdir()
    (root / "DEBIAN" / "control").write_text(control(appid, ver, size_kb), encoding="utf-8")
    for p in [root, *root.rglob("*")]:
        if p.is_symlink():
            continue
        mode = p.stat().st_mode
        if p.is_dir() or mode & 0o111:
            os.chmod(p, 0o755)
        else:
            os.chmod(p, 0o644)
    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--appid", default=APPID)
    args = parser.parse_args(argv)
    ver = version()
    tree = ROOT / "build" / "deb" / args.appid
    stage(args.bundle, tree, args.appid, ver)
    args.out.mkdir(parents=True, exist_ok=True)
    deb = args.out / f"{args.appid}_{ver}_amd64.deb"
    subprocess.run(["dpkg-deb", "--root-owner-group", "-Zgzip", "--build", str(tree), str(deb)], check=True,
                   stdout=subprocess.DEVNULL)
    print(f"{deb} ({deb.stat().st_size // (1024 * 1024)} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
