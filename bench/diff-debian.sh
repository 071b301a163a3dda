#!/usr/bin/env bash
# Compares two ABI revisions of Debian's 6.1 kernel with `dwarfabi diff` and checks the report
# against Debian's own Module.symvers: every vmlinux export whose CRC changed there should be
# reported, with a cause.
#
# Usage: bench/diff-debian.sh [--no-build] OLD_ABI NEW_ABI      e.g. 6.1.0-55 6.1.0-56
#
# Steps, for each ABI in turn (the cache's dbg/ holds one debug package at a time):
#   1. bench/fetch-debian-6.1.sh ABI: the vmlinux with DWARF and Module.symvers;
#   2. dwarfabi snapshot VMLINUX -o CACHE/debian-6.1/ABI/vmlinux.snapshot (kept, so a later run
#      with another pair reuses it); the export list is the vmlinux's __ksymtab_* symbols.
# Then:
#   3. dwarfabi diff --json on the two snapshots -> bench/results/diff-debian-OLD-NEW.json,
#      and the text report -> bench/results/diff-debian-OLD-NEW.txt, timed;
#   4. the vmlinux exports whose Module.symvers CRC differs between the two ABIs, and how many
#      of them the diff reports with a cause, without one, or not at all
#      -> bench/results/diff-debian-OLD-NEW.md.
#
# Debian builds its CRCs with genksyms (from C declarations), not gendwarfksyms, so the two
# disagree about what changed in two ways: a change in a declaration that DWARF does not carry
# (e.g. a macro-sized array) shows in Module.symvers only, and gendwarfksyms also versions what
# genksyms leaves out (parameter names, byte sizes). Step 4 counts both directions.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE="${DWARFABI_CACHE:-$HOME/.cache/dwarfabi}"
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

snapshot() {
    local abi=$1 out="$CACHE/debian-6.1/$1/vmlinux.snapshot"
    if [ ! -s "$out" ]; then
        local vmlinux
        vmlinux="$("$root/bench/fetch-debian-6.1.sh" "$abi")"
        log "snapshot of $vmlinux"
        mkdir -p "$(dirname "$out")"
        /usr/bin/time -f "diff-debian: snapshot $abi: %e s, %M KB peak RSS" "$dwarfabi" snapshot -o "$out.tmp" "$vmlinux"
        mv "$out.tmp" "$out"
    fi
    [ -s "$CACHE/debian-6.1/$abi/Module.symvers" ] || "$root/bench/fetch-debian-6.1.sh" "$abi" >/dev/null
    echo "$out"
}

old_snap=$(snapshot "$old_abi")
new_snap=$(snapshot "$new_abi")
results="$root/bench/results"
mkdir -p "$results"
base="$results/diff-debian-$old_abi-$new_abi"

start=$(date +%s.%N)
"$dwarfabi" diff --json "$old_snap" "$new_snap" > "$base.json" || [ $? -eq 3 ]
end=$(date +%s.%N)
"$dwarfabi" diff --color=never "$old_snap" "$new_snap" > "$base.txt" || [ $? -eq 3 ]

# CRC changes of vmlinux exports according to Debian (Module.symvers: crc, name, module, ...).
symvers_changed() {
    awk -F'\t' 'FNR == NR { if ($3 == "vmlinux") old[$2] = $1; next }
                $3 == "vmlinux" && ($2 in old) && old[$2] != $1 { print $2 }' \
        "$CACHE/debian-6.1/$old_abi/Module.symvers" "$CACHE/debian-6.1/$new_abi/Module.symvers" | sort
}
debian=$(symvers_changed)
explained=$(jq -r '.changed[] | select(.explained) | .symbol' "$base.json" | sort)
unexplained=$(jq -r '.changed[] | select(.explained | not) | .symbol' "$base.json" | sort)
count() { if [ -z "$1" ]; then echo 0; else echo "$1" | wc -l; fi; }
both() { comm -12 <(echo "$1") <(echo "$2") | sed '/^$/d'; }
only() { comm -23 <(echo "$1") <(echo "$2") | sed '/^$/d'; }

{
    echo "# dwarfabi diff: Debian $old_abi → $new_abi (vmlinux)"
    echo
    echo "Diff of the two snapshots: $(echo "$end - $start" | bc) s."
    echo
    echo "| | exports |"
    echo "| --- | --- |"
    echo "| CRC changed in Debian's Module.symvers | $(count "$debian") |"
    echo "| … reported by dwarfabi with a cause | $(count "$(both "$debian" "$explained")") |"
    echo "| … reported by dwarfabi without a visible cause | $(count "$(both "$debian" "$unexplained")") |"
    echo "| … not reported (no change in the DWARF type strings) | $(count "$(only "$debian" "$(printf '%s\n%s\n' "$explained" "$unexplained" | sort)")") |"
    echo "| reported by dwarfabi, unchanged in Module.symvers | $(count "$(only "$(printf '%s\n%s\n' "$explained" "$unexplained" | sort)" "$debian")") |"
    echo
    echo "Exports added: $(jq '.added | length' "$base.json"), removed: $(jq '.removed | length' "$base.json"); causes: $(jq '.causes | length' "$base.json")."
} > "$base.md"
cat "$base.md"
