#!/usr/bin/env bash
# Shared set-up for ./run and ./test: Debian packages (Qt's libraries, the CJK font), a virtual
# environment in .venv, and the project installed into it (editable). Safe to run again: it skips
# what is there.
# Usage: tools/setup.sh [extra Debian packages...]   (BUDGETFORMS_EXTRAS=test adds the test extras)
# It is run, not sourced: a sourced script would see the caller's arguments (./run FILE) as package names.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

APT_PACKAGES=(
  python3 python3-venv
  libglib2.0-0 libegl1 libgl1 libx11-6 libxkbcommon0 libfontconfig1 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-render0
  libxcb-shape0 libxcb-util1 libxcb-xkb1 libxkbcommon-x11-0
  fonts-wqy-microhei
  "$@"
)

if command -v apt-get >/dev/null 2>&1; then
  missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
  done
  if ((${#missing[@]})); then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
      command -v sudo >/dev/null 2>&1 || {
        echo "==> 需要以 root 身份安装系统软件包 / run as root or install sudo to install: ${missing[*]}" >&2
        exit 1
      }
      SUDO="sudo"
    fi
    echo "==> 安装系统软件包 / installing Debian packages: ${missing[*]}"
    # apt's output (and debconf's "delaying package configuration" on a minimal system) is shown
    # only when the install fails
    log="$(mktemp)"
    if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
             --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
      cat "$log" >&2
      rm -f "$log"
      echo "==> 系统软件包安装失败 / installing Debian packages failed" >&2
      exit 1
    fi
    rm -f "$log"
  fi
else
  echo "==> 不是 Debian/Ubuntu 系统：请自行安装 Qt 运行库和中文字体 / not Debian: install Qt's libraries and a CJK font yourself" >&2
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "==> 创建虚拟环境 / creating .venv"
  "$PYTHON" -m venv .venv
fi
stamp=".venv/.installed-$(cat pyproject.toml setup.py | sha1sum | cut -c1-12)${BUDGETFORMS_EXTRAS:+-$BUDGETFORMS_EXTRAS}"
if [ ! -f "$stamp" ]; then
  echo "==> 安装 Python 依赖 / installing Python packages"
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".${BUDGETFORMS_EXTRAS:+[$BUDGETFORMS_EXTRAS]}"
  rm -f .venv/.installed-*
  touch "$stamp"
fi
