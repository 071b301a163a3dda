#!/bin/sh
# Times `dwarfabi modversions check` on every module of the Debian 6.1 kernel beside
# `depmod -e -E` (kmod's CRC check) on the same modules. Run bench/fetch-debian-6.1.sh first.
# Usage: bench/modversions-check.sh [hyperfine options...]
set -eu

CACHE=${DWARFABI_CACHE:-$HOME/.cache/dwarfabi}
K=$CACHE/debian-6.1/current
[ -d "$K/modules" ] && [ -f "$K/Module.symvers" ] || { echo "modversions-check: run bench/fetch-debian-6.1.sh first" >&2; exit 1; }
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/.build/bench-cli
dotnet publish "$root/src/DwarfAbi.Cli" -c Release -o "$out" >/dev/null
abi=$(basename "$(readlink -f "$K")")-amd64

# depmod wants lib/modules/<release>/ under a base directory; link the unpacked modules there.
base=$(mktemp -d)
trap 'rm -rf "$base"' EXIT
mkdir -p "$base/lib/modules"
ln -s "$K/modules" "$base/lib/modules/$abi"

hyperfine --warmup 1 "$@" \
    -n "dwarfabi modversions check" "$out/DwarfAbi.Cli modversions check -k $K/Module.symvers $K/modules" \
    -n "depmod -e -E" "depmod -n -e -E $K/Module.symvers -b $base $abi >/dev/null"
