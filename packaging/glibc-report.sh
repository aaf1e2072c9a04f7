#!/usr/bin/env bash
# The newest GLIBC symbol version any ELF binary under DIR needs (the oldest glibc it can run on),
# and the binaries that need it:  packaging/glibc-report.sh dist/budgetforms [--all]
set -euo pipefail
DIR="${1:?usage: glibc-report.sh DIR [--all]}"
ALL="${2:-}"
command -v objdump >/dev/null || { echo "objdump missing: apt-get install binutils" >&2; exit 2; }
tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT
while IFS= read -r -d '' f; do
  head -c 4 "$f" 2>/dev/null | grep -q $'^\x7fELF' || continue
  objdump -T "$f" 2>/dev/null | grep -o 'GLIBC_[0-9][0-9.]*' | sort -u -V | tail -1 | sed "s|\$| ${f#"$DIR"/}|" >> "$tmp" || true
done < <(find "$DIR" -type f -print0)
[ -s "$tmp" ] || { echo "no ELF binary needing glibc under $DIR" >&2; exit 1; }
newest="$(cut -d' ' -f1 "$tmp" | sort -u -V | tail -1)"
echo "newest: ${newest#GLIBC_} ($(wc -l < "$tmp") ELF files)"
if [ "$ALL" = "--all" ]; then
  sort -V -r "$tmp"
else
  grep "^$newest " "$tmp" | sed 's/^/  /'
fi
