#!/bin/sh
# Fetches the Debian 12 (bookworm) 6.1 amd64 kernel modules and the matching Module.symvers
# into the cache directory used by the RealKernel tests and the benchmarks:
#   $CACHE/debian-6.1/<abi>/modules/   lib/modules/<abi>-amd64/ of linux-image-<abi>-amd64-unsigned
#   $CACHE/debian-6.1/<abi>/Module.symvers   from linux-headers-<abi>-amd64
#   $CACHE/debian-6.1/current          symlink to the <abi> directory
# Idempotent: packages already unpacked are not fetched again.
# Usage: bench/fetch-debian-6.1.sh [ABI]   (ABI like 6.1.0-56; default: what linux-image-amd64 depends on)
set -eu

CACHE=${DWARFABI_CACHE:-$HOME/.cache/dwarfabi}
abi=${1:-}
if [ -z "$abi" ]; then
    abi=$(apt-cache depends linux-image-amd64 | sed -n 's/.*Depends: linux-image-\(6\.1\.0-[0-9]*\)-amd64$/\1/p' | head -n1)
    [ -n "$abi" ] || { echo "fetch-debian-6.1: cannot find the current 6.1 ABI; pass it, e.g. 6.1.0-56" >&2; exit 1; }
fi

dest=$CACHE/debian-6.1/$abi
mkdir -p "$dest"

unpack() { # package, marker file that proves it was unpacked
    pkg=$1 marker=$2
    [ -e "$marker" ] && return 0
    work=$(mktemp -d "$dest/.fetch.XXXXXX")
    chmod 755 "$work" # apt-get download runs as _apt
    (cd "$work" && apt-get download "$pkg" >/dev/null)
    dpkg-deb -x "$work"/*.deb "$work/root"
    echo "$work"
}

work=$(unpack "linux-image-$abi-amd64-unsigned" "$dest/modules")
if [ -n "$work" ]; then
    rm -rf "$dest/modules.tmp"
    mv "$work/root/lib/modules/$abi-amd64" "$dest/modules.tmp"
    mv "$dest/modules.tmp" "$dest/modules"
    rm -rf "$work"
fi

work=$(unpack "linux-headers-$abi-amd64" "$dest/Module.symvers")
if [ -n "$work" ]; then
    cp "$work/root/usr/src/linux-headers-$abi-amd64/Module.symvers" "$dest/Module.symvers.tmp"
    mv "$dest/Module.symvers.tmp" "$dest/Module.symvers"
    rm -rf "$work"
fi

ln -sfn "$abi" "$CACHE/debian-6.1/current"
echo "$dest: $(find "$dest/modules" -name '*.ko*' | wc -l) modules, $(wc -l < "$dest/Module.symvers") exports"
