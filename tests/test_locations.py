"""The app's files: shipped data found from the checkout or the package, one data folder per user."""

from pathlib import Path

import pytest

from forms import locations


@pytest.mark.parametrize("platform,env,expected", [
    ("win32", {"APPDATA": "C:/Users/u/AppData/Roaming"}, "C:/Users/u/AppData/Roaming/budgetforms"),
    ("darwin", {}, "~/Library/Application Support/budgetforms"),
    ("linux", {"XDG_DATA_HOME": "/xdg"}, "/xdg/budgetforms"),
    ("linux", {}, "~/.local/share/budgetforms"),
])
def test_data_folder_per_platform(monkeypatch, platform, env, expected):
    for name in ("BUDGETFORMS_DATA_DIR", "APPDATA", "XDG_DATA_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr("forms.locations.sys.platform", platform)
    assert locations.data_dir(create=False) == Path(expected).expanduser()
    monkeypatch.setenv("BUDGETFORMS_DATA_DIR", "/somewhere/else")
    assert locations.data_dir(create=False) == Path("/somewhere/else")


def test_the_policy_library_and_the_desktop_share_one_data_folder(tmp_path, monkeypatch):
    from desktop import storage
    from forms.policy import Library, data_dir

    monkeypatch.setenv("BUDGETFORMS_DATA_DIR", str(tmp_path / "data"))
    assert storage.data_dir() == data_dir() == tmp_path / "data"
    assert storage.recovery_dir().parent == tmp_path / "data"
    assert locations.log_dir() == tmp_path / "data" / "logs"
    assert Library.open().index_path.parent == tmp_path / "data"


def test_settings_and_recovery_copies_of_qts_old_folder_are_adopted(tmp_path, monkeypatch):
    monkeypatch.delenv("BUDGETFORMS_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setattr("forms.locations.sys.platform", "linux")
    old = tmp_path / "budgetforms" / "budgetforms"  # Qt's AppDataLocation of earlier versions
    (old / "recovery").mkdir(parents=True)
    (old / "settings.ini").write_text("[General]\nrecent_files=/a.bfproj\n", encoding="utf-8")
    (old / "recovery" / "recovery-1.bfproj").write_text("{}", encoding="utf-8")
    (tmp_path / "budgetforms" / "policies").mkdir()

    folder = locations.data_dir()
    assert folder == tmp_path / "budgetforms"
    assert (folder / "settings.ini").read_text(encoding="utf-8").endswith("/a.bfproj\n")
    assert (folder / "recovery" / "recovery-1.bfproj").exists()
    assert not old.exists()
    assert (folder / "policies").is_dir()


def test_settings_already_in_the_one_folder_are_not_overwritten(tmp_path, monkeypatch):
    monkeypatch.delenv("BUDGETFORMS_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setattr("forms.locations.sys.platform", "linux")
    old = tmp_path / "budgetforms" / "budgetforms"
    old.mkdir(parents=True)
    (old / "settings.ini").write_text("old", encoding="utf-8")
    (tmp_path / "budgetforms" / "settings.ini").write_text("new", encoding="utf-8")
    folder = locations.data_dir()
    assert (folder / "settings.ini").read_text(encoding="utf-8") == "new"
    assert (old / "settings.ini").read_text(encoding="utf-8") == "old"


def test_shipped_data_comes_from_the_checkout_when_not_installed():
    root = Path(__file__).resolve().parent.parent
    assert locations.shipped_dir("resources") == root / "resources"
    assert locations.sample_path() == root / "seeds" / "sample-yuxi-customs-2020.bfproj"
    assert locations.resource("codes", "2020.json").is_file()


def test_shipped_data_inside_the_package_wins(tmp_path, monkeypatch):
    pkg = tmp_path / "site-packages" / "forms"
    (pkg / "_data" / "seeds").mkdir(parents=True)
    (pkg / "_data" / "resources").mkdir()
    monkeypatch.setattr(locations, "_package_dir", lambda: pkg)
    locations.shipped_dir.cache_clear()
    try:
        assert locations.sample_path() == pkg / "_data" / "seeds" / "sample-yuxi-customs-2020.bfproj"
        assert locations.resource("packs") == pkg / "_data" / "resources" / "packs"
    finally:
        locations.shipped_dir.cache_clear()


def test_missing_shipped_data_names_both_places(tmp_path, monkeypatch):
    monkeypatch.setattr(locations, "_package_dir", lambda: tmp_path / "forms")
    locations.shipped_dir.cache_clear()
    try:
        with pytest.raises(FileNotFoundError, match="重新安装"):
            locations.shipped_dir("seeds")
    finally:
        locations.shipped_dir.cache_clear()


def test_version_on_the_command_line(capsys):
    from forms.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"budgetforms {locations.version()}"


def test_a_bundled_font_is_the_last_pdf_candidate_and_is_embedded(tmp_path, monkeypatch):
    import shutil

    from forms.pdf import fonts

    system = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
    resources = tmp_path / "forms" / "_data" / "resources"
    (resources / "fonts").mkdir(parents=True)
    shutil.copyfile(system, resources / "fonts" / "wqy-microhei.ttc")
    (tmp_path / "forms" / "_data" / "seeds").mkdir()
    monkeypatch.setattr(locations, "_package_dir", lambda: tmp_path / "forms")
    locations.shipped_dir.cache_clear()
    try:
        last = fonts.default_candidates()[-1]
        assert last.path == str(resources / "fonts" / "wqy-microhei.ttc")
        font = fonts.find_font([last])
        assert font.embedded and font.path == last.path
    finally:
        locations.shipped_dir.cache_clear()
