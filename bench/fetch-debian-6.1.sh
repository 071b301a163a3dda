#!/usr/bin/env bash
# Fetches Debian 12 (bookworm)'s 6.1 amd64 kernel into the cache used by the
# benchmarks and the RealKernel tests, and prints the path of the vmlinux with
# full DWARF as the last (and only) line on stdout.
#
# Usage: bench/fetch-debian-6.1.sh [--dbg-only] [ABI]
#   ABI         like 6.1.0-56; default: the newest linux-image-6.1.0-N-amd64-dbg
#               that apt-cache knows (apt-get update is run only when it knows none)
#   --dbg-only  fetch only the debug-symbols package, not the modules and
#               Module.symvers below
#
# Layout under CACHE=${DWARFABI_CACHE:-$HOME/.cache/dwarfabi}:
#   debian-6.1/linux-image-<abi>-amd64-dbg_<version>_amd64.deb   the debug package, kept
#   debian-6.1/dbg/                  that package extracted whole (dpkg-deb -x):
#       usr/lib/debug/boot/vmlinux-<abi>-amd64                 the vmlinux, with DWARF
#       usr/lib/debug/lib/modules/<abi>-amd64/kernel/...       every module, with DWARF
#   debian-6.1/vmlinux-<abi>-amd64   symlink to the vmlinux above
#   debian-6.1/<abi>/modules/        lib/modules/<abi>-amd64/ of linux-image-<abi>-amd64-unsigned
#                                    (the modules as shipped: no DWARF)
#   debian-6.1/<abi>/Module.symvers  from linux-headers-<abi>-amd64
#   debian-6.1/current               symlink to the <abi> directory
#
# Idempotent: a package already fetched and unpacked is not fetched or unpacked
# again, and then no network is needed. The debug package is about 0.9 GB to
# download and 5 GB extracted. Progress goes to stderr.
set -euo pipefail

CACHE="${DWARFABI_CACHE:-$HOME/.cache/dwarfabi}"
DEST="$CACHE/debian-6.1"
DBG_RE='^linux-image-6\.1\.0-[0-9]+-amd64-dbg$'

log() { printf '%s\n' "fetch-debian-6.1: $*" >&2; }
die() { log "error: $*"; exit 1; }

dbg_only=0
abi=""
for arg in "$@"; do
    case "$arg" in
        --dbg-only) dbg_only=1 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' ; exit 0 ;;
        6.1.0-[0-9]*) abi="$arg" ;;
        *) die "unknown argument '$arg' (usage: $0 [--dbg-only] [ABI like 6.1.0-56])" ;;
    esac
done

for tool in apt-get apt-cache dpkg-deb; do
    command -v "$tool" >/dev/null || die "$tool not found (this script needs a Debian-based host)"
done

maybe_sudo() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi
}

# The ABI of the newest linux-image-6.1.0-N-amd64-dbg, by N. (The glob
# linux-image-6.1.0-*-amd64-dbg would also match the -cloud- and -rt- flavours.)
newest_abi() {
    apt-cache search --names-only "$DBG_RE" 2>/dev/null | awk '{print $1}' | grep -E "$DBG_RE" \
        | sort -V | tail -n 1 | sed 's/^linux-image-\(.*\)-amd64-dbg$/\1/'
}

# The candidate version of a package, or nothing when apt knows none.
candidate_version() {
    apt-cache policy "$1" 2>/dev/null | awk '$1 == "Candidate:" && $2 != "(none)" {print $2; exit}'
}

# The cached, fully extracted debug package of an ABI, if any.
cached_dbg_deb() {
    local deb
    for deb in "$DEST/linux-image-$1-amd64-dbg_"*_amd64.deb; do
        if [ -f "$deb" ] && [ -f "$deb.extracted" ]; then
            printf '%s\n' "$deb"
            return 0
        fi
    done
    return 1
}

apt_updated=0
apt_update_once() {
    [ "$apt_updated" -eq 0 ] || return 0
    log "running apt-get update"
    maybe_sudo apt-get update -qq >&2 || die "apt-get update failed"
    apt_updated=1
}

mkdir -p "$DEST"

# 1. Which ABI.
if [ -z "$abi" ]; then
    abi="$(newest_abi || true)"
    if [ -z "$abi" ]; then
        cached="$(ls -1 "$DEST"/linux-image-6.1.0-*-amd64-dbg_*_amd64.deb.extracted 2>/dev/null | sort -V | tail -n 1 || true)"
        if [ -n "$cached" ]; then
            abi="$(basename "$cached" | sed 's/^linux-image-\(6\.1\.0-[0-9]*\)-amd64-dbg_.*/\1/')"
            log "apt knows no linux-image-6.1.0-*-amd64-dbg; using the cached $abi"
        else
            log "apt knows no linux-image-6.1.0-*-amd64-dbg"
            apt_update_once
            abi="$(newest_abi || true)"
            [ -n "$abi" ] || die "no package matches $DBG_RE (are bookworm and bookworm-security in the apt sources?)"
        fi
    fi
fi
PKG="linux-image-$abi-amd64-dbg"

# 2. The debug package: download it once, keep it, extract it whole into dbg/.
if DEB="$(cached_dbg_deb "$abi")"; then
    log "cached: $(basename "$DEB"), extracted in $DEST/dbg"
else
    version="$(candidate_version "$PKG")"
    if [ -z "$version" ]; then
        apt_update_once
        version="$(candidate_version "$PKG")"
        [ -n "$version" ] || die "apt knows no installable version of $PKG"
    fi
    # apt-get download names the file PKG_VERSION_ARCH.deb, an epoch's ':' as %3a.
    DEB="$DEST/${PKG}_${version//:/%3a}_amd64.deb"
    if [ -s "$DEB" ] && dpkg-deb --info "$DEB" >/dev/null 2>&1; then
        log "cached: $(basename "$DEB")"
    else
        size="$(apt-cache show "$PKG=$version" 2>/dev/null | awk '$1 == "Size:" {printf "%.0f MB", $2 / 1e6; exit}')"
        log "downloading $PKG $version (${size:-size unknown})"
        # Download into a private directory and move the verified file into place,
        # so that an interrupted run never leaves a truncated .deb under its name.
        partial="$DEST/.partial"
        rm -rf "$partial"
        mkdir -p "$partial"
        # apt downloads as the _apt user when it can reach the directory; when the
        # cache is under a private home it downloads as root and says so (harmless).
        if [ "$(id -u)" -eq 0 ] && id _apt >/dev/null 2>&1; then chown _apt "$partial" || true; fi
        (cd "$partial" && apt-get download -q "$PKG=$version" >&2) || die "apt-get download $PKG=$version failed"
        got="$(ls -1 "$partial"/*.deb 2>/dev/null | head -n 1 || true)"
        [ -n "$got" ] || die "apt-get download left no .deb in $partial"
        dpkg-deb --info "$got" >/dev/null || die "the downloaded $(basename "$got") is not a valid .deb"
        mv -f "$got" "$DEB"
        rm -rf "$partial"
    fi
    log "extracting $(basename "$DEB") into $DEST/dbg (about 5 GB)"
    rm -rf "$DEST/dbg.tmp"
    mkdir -p "$DEST/dbg.tmp"
    dpkg-deb -x "$DEB" "$DEST/dbg.tmp"
    rm -rf "$DEST/dbg"
    mv "$DEST/dbg.tmp" "$DEST/dbg"
    # dbg/ holds one package at a time: the stamp says which one.
    rm -f "$DEST"/linux-image-*-dbg_*.deb.extracted
    : > "$DEB.extracted"
    for old in "$DEST"/linux-image-*-dbg_*.deb; do
        [ "$old" = "$DEB" ] || rm -f "$old"
    done
fi

VMLINUX="$DEST/dbg/usr/lib/debug/boot/vmlinux-$abi-amd64"
[ -f "$VMLINUX" ] || die "$(basename "$DEB") has no usr/lib/debug/boot/vmlinux-$abi-amd64"
ln -sfn "dbg/usr/lib/debug/boot/vmlinux-$abi-amd64" "$DEST/vmlinux-$abi-amd64"
log "vmlinux: $VMLINUX ($(du -h "$VMLINUX" | cut -f1))"
log "modules with DWARF: $DEST/dbg/usr/lib/debug/lib/modules/$abi-amd64/"

# 3. The modules as shipped and Module.symvers, in debian-6.1/<abi>/.
if [ "$dbg_only" -eq 0 ]; then
    dest="$DEST/$abi"
    mkdir -p "$dest"

    # Prints the directory a package was unpacked in, or nothing when MARKER
    # already exists.
    unpack() { # package, marker file that proves it was unpacked
        local pkg="$1" marker="$2" work
        [ -e "$marker" ] && return 0
        [ -n "$(candidate_version "$pkg")" ] || apt_update_once
        work="$(mktemp -d "$dest/.fetch.XXXXXX")"
        chmod 755 "$work" # apt-get download runs as _apt
        log "downloading $pkg"
        (cd "$work" && apt-get download -q "$pkg" >/dev/null 2>&1) || die "apt-get download $pkg failed"
        dpkg-deb -x "$work"/*.deb "$work/root"
        printf '%s\n' "$work"
    }

    work="$(unpack "linux-image-$abi-amd64-unsigned" "$dest/modules")"
    if [ -n "$work" ]; then
        rm -rf "$dest/modules.tmp"
        mv "$work/root/lib/modules/$abi-amd64" "$dest/modules.tmp"
        mv "$dest/modules.tmp" "$dest/modules"
        rm -rf "$work"
    fi

    work="$(unpack "linux-headers-$abi-amd64" "$dest/Module.symvers")"
    if [ -n "$work" ]; then
        cp "$work/root/usr/src/linux-headers-$abi-amd64/Module.symvers" "$dest/Module.symvers.tmp"
        mv "$dest/Module.symvers.tmp" "$dest/Module.symvers"
        rm -rf "$work"
    fi

    ln -sfn "$abi" "$DEST/current"
    log "$dest: $(find "$dest/modules" -name '*.ko*' | wc -l) modules, $(wc -l < "$dest/Module.symvers") exports"
fi

printf '%s\n' "$VMLINUX"
