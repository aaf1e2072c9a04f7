#!/usr/bin/env bash
# The old-glibc route, by hand (root, debootstrap installed; about 15 minutes): freeze on a Debian 11
# root (glibc 2.31) with a CPython 3.11 built there from Debian's own python3.11 source package, and
# PySide6-Essentials 6.9.3 (the last manylinux_2_28 wheel). The bundle lands in $R/src/dist/budgetforms.
#   packaging/freeze-debian11.sh [ROOT]        (HOST_CA=FILE: a CA bundle pip must trust, if any)
# Measured once: glibc 2.30 needed (libpython and the bundled libsystemd 2.30; math, _statistics
# and libpng 2.29); the sample checks, exports and opens on Debian 11. 6.9.3 lacks Qt 6.10's
# QSortFilterProxyModel.endFilterChange, which the reviewer's filter uses.
set -euxo pipefail
R="${1:-/work/roots/bullseye}"
APP="$(cd "$(dirname "$0")/.." && pwd)"
if [ ! -x "$R/usr/bin/apt-get" ]; then
  debootstrap --variant=minbase --include=ca-certificates bullseye "$R" http://deb.debian.org/debian
fi
cp /etc/resolv.conf "$R/etc/resolv.conf"
cp "${HOST_CA:-$R/etc/ssl/certs/ca-certificates.crt}" "$R/etc/ssl/host-ca.crt" 2>/dev/null || true
mountpoint -q "$R/proc" || mount -t proc proc "$R/proc"
mountpoint -q "$R/dev" || mount --bind /dev "$R/dev"
C="env -i HOME=/root PATH=/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 PIP_CERT=/etc/ssl/host-ca.crt DEBIAN_FRONTEND=noninteractive"
echo "deb-src http://deb.debian.org/debian bookworm main" > "$R/etc/apt/sources.list.d/bookworm-src.list"
chroot "$R" $C bash -c 'apt-get update -qq && apt-get install -y -qq --no-install-recommends build-essential dpkg-dev libssl-dev zlib1g-dev libffi-dev libsqlite3-dev libbz2-dev liblzma-dev uuid-dev binutils git fonts-wqy-microhei libglib2.0-0 libegl1 libgl1 libx11-6 libxkbcommon0 libfontconfig1 libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-shape0 libxcb-util1 libxcb-xkb1 libxkbcommon-x11-0 >/dev/null'
chroot "$R" $C bash -c 'mkdir -p /src && cd /src && ls python3.11_*.orig.tar.* >/dev/null 2>&1 || apt-get source -qq --download-only python3.11 && ls'
chroot "$R" $C bash -c 'cd /src && tar xf python3.11_*.orig.tar.* && cd Python-3.11.* && ./configure -q --prefix=/opt/py311 --enable-shared LDFLAGS=-Wl,-rpath,/opt/py311/lib && make -j3 -s >/dev/null 2>&1 && make -s install >/dev/null 2>&1 && /opt/py311/bin/python3.11 -c "import ssl, sqlite3, ctypes, lzma, bz2, zlib; print(\"py ok\")"'
rm -rf "$R/src/app"; git clone -q "$APP" "$R/src/app"
chroot "$R" $C bash -c 'cd /src/app && /opt/py311/bin/python3.11 -m venv /src/venv && /src/venv/bin/pip install -q --upgrade pip && /src/venv/bin/pip install -q "pyside6-essentials==6.9.3" "pydantic>=2.7,<3" "openpyxl==3.1.5" "reportlab>=4.2,<6" "defusedxml>=0.7.1" "python-calamine>=0.3" "cn2an>=0.5.22" "jieba>=0.42.1" "python-docx>=1.1" pyinstaller pyinstaller-hooks-contrib && /src/venv/bin/python -m PyInstaller --noconfirm --log-level WARN --distpath /src/dist --workpath /src/build packaging/budgetforms.spec'
umount "$R/dev" "$R/proc"
"$APP/packaging/glibc-report.sh" "$R/src/dist/budgetforms"
