#!/usr/bin/env bash
# Compares two ABI revisions of Debian 12's 6.1 kernel, the vmlinux and every module, with
# `dwarfabi diff`, and checks the report against Debian's own Module.symvers: every export whose
# CRC changed there should be reported, with a cause.
#
# Usage: bench/diff-debian.sh [--no-build] OLD_ABI NEW_ABI      e.g. 6.1.0-54 6.1.0-57
#
# A cache's dbg/ holds one debug package, so the revisions live in two caches: NEW in
# CACHE=${DWARFABI_CACHE:-$HOME/.cache/dwarfabi}, OLD in ${DWARFABI_OLD_CACHE:-$CACHE-old} (where
# the RealKernel test DebianRevisionsDiffTests looks too). A revision missing there is fetched
# there with fetch-debian-6.1.sh.
#
# Steps, timed with /usr/bin/time (wall, CPU, peak RSS):
#   1. for each revision: dwarfabi snapshot of its whole debug tree (dbg/usr/lib/debug: the
#      vmlinux and every module, objects in parallel) -> WORK/ABI.snapshot;
#   2. dwarfabi diff --json of the two snapshots -> WORK/diff-OLD-NEW.json;
#   3. every export whose Module.symvers CRC changed, split by what dwarfabi says of it
#      -> bench/results/diff-debian-OLD-NEW.md, with the unexplained ones listed.
# WORK=${DWARFABI_DIFF_WORK:-$root/.build/diff-debian} holds the large outputs (a snapshot is
# about 400 MB, the JSON report 170 MB); only the summary goes to bench/results/.
#
# Debian builds its CRCs with genksyms (from C declarations), not gendwarfksyms, so the two
# can disagree about what changed: a change DWARF does not carry shows in Module.symvers only,
# and gendwarfksyms also versions what genksyms leaves out. Step 3 counts both directions.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE="${DWARFABI_CACHE:-$HOME/.cache/dwarfabi}"
OLD_CACHE="${DWARFABI_OLD_CACHE:-$CACHE-old}"
WORK="${DWARFABI_DIFF_WORK:-$root/.build/diff-debian}"
build=1
if [ "${1:-}" = "--no-build" ]; then
    build=0
    shift
fi
[ $# -eq 2 ] || { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
old_abi=$1 new_abi=$2
log() { echo "diff-debian: $*" >&2; }

dwarfabi="$root/dwarfabi"
if [ "$build" -eq 0 ] && [ -x "$root/.build/aot/DwarfAbi.Cli" ]; then
    dwarfabi="$root/.build/aot/DwarfAbi.Cli"
fi
mkdir -p "$WORK"
timings="$WORK/timings-$old_abi-$new_abi.txt"
: > "$timings"

# The debug tree and Module.symvers of a revision in its cache, fetched when missing.
tree_of() { # abi cache
    local dest="$2/debian-6.1"
    if [ ! -f "$dest/dbg/usr/lib/debug/boot/vmlinux-$1-amd64" ] || [ ! -s "$dest/$1/Module.symvers" ]; then
        DWARFABI_CACHE="$2" "$root/bench/fetch-debian-6.1.sh" "$1" >/dev/null
    fi
    echo "$dest/dbg/usr/lib/debug"
}

timed() { # label, command...
    local label=$1
    shift
    /usr/bin/time -o "$WORK/time.tmp" -f "%e %U %S %M" "$@" || [ $? -eq 3 ]
    # time(1) puts "Command exited with non-zero status 3" first when diff reports changes.
    read -r wall user sys rss < <(tail -n 1 "$WORK/time.tmp")
    echo "$label $wall $user $sys $rss $(cut -d' ' -f1 /proc/loadavg)" >> "$timings"
    log "$label: ${wall} s wall, $user + $sys s CPU, $((rss / 1024)) MiB peak RSS"
}

old_tree=$(tree_of "$old_abi" "$OLD_CACHE")
new_tree=$(tree_of "$new_abi" "$CACHE")
timed "snapshot-$old_abi" "$dwarfabi" snapshot -o "$WORK/$old_abi.snapshot" "$old_tree"
timed "snapshot-$new_abi" "$dwarfabi" snapshot -o "$WORK/$new_abi.snapshot" "$new_tree"
json="$WORK/diff-$old_abi-$new_abi.json"
timed "diff" sh -c '"$1" diff --json "$2" "$3" > "$4"' sh "$dwarfabi" "$WORK/$old_abi.snapshot" "$WORK/$new_abi.snapshot" "$json"

"$root/bench/diff-debian-report.sh" "$old_abi" "$new_abi" \
    "$OLD_CACHE/debian-6.1/$old_abi/Module.symvers" "$CACHE/debian-6.1/$new_abi/Module.symvers" \
    "$WORK/$old_abi.snapshot" "$WORK/$new_abi.snapshot" "$json" "$timings" \
    > "$root/bench/results/diff-debian-$old_abi-$new_abi.md"
cat "$root/bench/results/diff-debian-$old_abi-$new_abi.md"
