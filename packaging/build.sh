#!/usr/bin/env bash
# Build the self-contained bundle dist/budgetforms/ with PyInstaller and, on Linux, the .deb in the
# UOS application layout, dist/<appid>_<version>_amd64.deb. The same script and spec build the
# Windows bundle (dist/budgetforms/budgetforms.exe) from Git Bash with Python 3.11 for Windows.
#   packaging/build.sh            # bundle + .deb (Linux), bundle (Windows)
#   APPID=cn.example.budget packaging/build.sh
# The build environment is build/venv (PyInstaller, pyinstaller-hooks-contrib and the app's
# dependencies from PyPI); dist/ and build/ are not in git.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
VENV=build/venv
case "$(uname -s)" in
  MINGW*|MSYS*|CYGWIN*) WINDOWS=1; VPY="$VENV/Scripts/python.exe"; PYTHON="${PYTHON/python3/py -3.11}" ;;
  *) WINDOWS=0; VPY="$VENV/bin/python" ;;
esac

if [ "$WINDOWS" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  tools/setup.sh binutils  # Qt's libraries and fonts-wqy-microhei (bundled for the PDF); objdump for the glibc report
fi
if [ ! -x "$VPY" ]; then
  echo "==> build/venv"
  $PYTHON -m venv "$VENV"
fi
echo "==> PyInstaller, pyinstaller-hooks-contrib, budgetforms (wheel)"
"$VPY" -m pip install -q --upgrade pip
extra=()
[ "$WINDOWS" = 1 ] && extra+=(pillow)  # the .exe icon from the PNG
"$VPY" -m pip install -q --upgrade "pyinstaller>=6.10" "pyinstaller-hooks-contrib>=2024.8" "${extra[@]}"
"$VPY" -m pip install -q .  # the app's dependencies (the spec freezes the checkout's code and data)

echo "==> dist/budgetforms/"
rm -rf dist/budgetforms
"$VPY" -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
  packaging/budgetforms.spec

if [ "$WINDOWS" = 1 ]; then
  echo "==> dist/budgetforms/budgetforms.exe"
  exit 0
fi
echo "==> .deb"
"$VPY" packaging/uos.py dist/budgetforms dist ${APPID:+--appid "$APPID"}
packaging/glibc-report.sh dist/budgetforms
