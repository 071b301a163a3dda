#!/usr/bin/env bash
# Fetches Debian unstable's Rust-enabled Linux 7.2 debug package (vmlinux and modules with full
# DWARF, Rust included) and its headers into ${DWARFABI_CACHE:-~/.cache/dwarfabi}/debian-7.2/,
# with the project's shared sid-download tool, and extracts them once. Prints the vmlinux path.
set -euo pipefail
version=${1:-7.2.13+deb14}
root=$(cd "$(dirname "$0")/.." && pwd)
cache=${DWARFABI_CACHE:-$HOME/.cache/dwarfabi}/debian-7.2
sid_download=${SID_DOWNLOAD:-$root/../shared/tools/sid-download}
mkdir -p "$cache"
cd "$cache"
if [[ ! -f extracted ]]; then
    if ! ls linux-image-"$version"-amd64-dbg_*.deb >/dev/null 2>&1; then
        [[ -x "$sid_download" ]] || { echo "fetch-debian-7.2: $sid_download not found (set SID_DOWNLOAD)" >&2; exit 1; }
        echo "fetch-debian-7.2: downloading linux-image-$version-amd64-dbg (about 1.2 GB)" >&2
        "$sid_download" . "linux-image-$version-amd64-dbg" "linux-headers-$version-amd64" >&2
    fi
    echo "fetch-debian-7.2: extracting" >&2
    dpkg-deb -x linux-image-"$version"-amd64-dbg_*.deb dbg
    dpkg-deb -x linux-headers-"$version"-amd64_*.deb headers
    touch extracted
fi
echo "$cache/dbg/usr/lib/debug/boot/vmlinux-$version-amd64"
