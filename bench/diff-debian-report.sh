#!/usr/bin/env bash
# The markdown summary of bench/diff-debian.sh: every export whose Module.symvers CRC changed
# between two revisions, split by what `dwarfabi diff` says of it, with the timings.
#
# Usage: bench/diff-debian-report.sh OLD_ABI NEW_ABI OLD_SYMVERS NEW_SYMVERS OLD_SNAPSHOT NEW_SNAPSHOT DIFF_JSON TIMINGS
set -euo pipefail
[ $# -eq 8 ] || { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
old_abi=$1 new_abi=$2 old_symvers=$3 new_symvers=$4 old_snap=$5 new_snap=$6 json=$7 timings=$8
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# name, old CRC, new CRC, module: the exports in both Module.symvers.
awk -F'\t' 'FNR == NR { old[$2] = $1; next } ($2 in old) { print $2 "\t" old[$2] "\t" $1 "\t" $3 }' \
    "$old_symvers" "$new_symvers" | sort > "$tmp/symvers"
exports() { grep '^#export ' "$1" | awk '{ print $2 "\t" $3 }' | sort; }
exports "$old_snap" > "$tmp/old"
exports "$new_snap" > "$tmp/new"
jq -r '.changed[] | [.symbol, (if .explained then "explained" else "unexplained" end)] | @tsv' "$json" | sort > "$tmp/reported"

# One line per export of both Module.symvers: name, module, symvers changed?, category.
awk -F'\t' -v OFS='\t' '
    FILENAME ~ /\/old$/ { o[$1] = $2; next }
    FILENAME ~ /\/new$/ { n[$1] = $2; next }
    FILENAME ~ /\/reported$/ { r[$1] = $2; next }
    {
        name = $1; module = ($4 == "vmlinux" ? "vmlinux" : "modules"); changed = ($2 != $3)
        if (!(name in o) || !(name in n)) what = "no-dwarf"
        else if (name in r) what = r[name]
        else if (o[name] == n[name]) what = "same-dwarf"
        else what = "unreported"
        print name, $4, module, changed, what
    }' "$tmp/old" "$tmp/new" "$tmp/reported" "$tmp/symvers" > "$tmp/all"

count() { awk -F'\t' -v c="$1" -v m="$2" -v w="$3" '(c == "any" || $4 == c) && (m == "all" || $3 == m) && (w == "any" || $5 == w)' "$tmp/all" | wc -l; }
row() { echo "| $1 | $(count "$2" vmlinux "$3") | $(count "$2" modules "$3") | $(count "$2" all "$3") |"; }
timing() { awk -v l="$1" '$1 == l { printf "%s s wall, %.1f s CPU, %d MiB peak RSS, load %s", $2, $3 + $4, $5 / 1024, $6 }' "$timings"; }

echo "# dwarfabi diff: Debian $old_abi → $new_abi (vmlinux and modules)"
echo
echo "Inputs: \`linux-image-$old_abi-amd64-dbg\` and \`linux-image-$new_abi-amd64-dbg\` (the vmlinux and"
echo "every module with DWARF, \`dbg/usr/lib/debug/\`), and the \`Module.symvers\` of"
echo "\`linux-headers-$old_abi-amd64\` and \`linux-headers-$new_abi-amd64\`. Each side is the whole debug tree,"
echo "read by \`dwarfabi snapshot DIR\` (vmlinux and modules, objects in parallel)."
echo
echo "Machine: $(nproc) × $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB; shared with other work (the load average at the end of each step is given)."
echo
echo "| step | time |"
echo "| --- | --- |"
echo "| snapshot of $old_abi | $(timing "snapshot-$old_abi") |"
echo "| snapshot of $new_abi | $(timing "snapshot-$new_abi") |"
echo "| diff of the two snapshots | $(timing diff) |"
echo
echo "## Exports whose CRC changed in Debian's Module.symvers"
echo
echo "| | vmlinux | modules | all |"
echo "| --- | --- | --- | --- |"
row "exports in both revisions" any any
row "CRC changed in Module.symvers" 1 any
row "… reported by dwarfabi with a cause" 1 explained
row "… reported by dwarfabi without a visible cause" 1 unexplained
row "… dwarfabi versions unchanged (same DWARF type strings)" 1 same-dwarf
row "… no dwarfabi version on a side (no DWARF for the symbol)" 1 no-dwarf
row "CRC unchanged in Module.symvers, reported by dwarfabi with a cause" 0 explained
row "CRC unchanged in Module.symvers, reported by dwarfabi without a cause" 0 unexplained
echo
echo "Added exports: $(jq '.added | length' "$json"), removed: $(jq '.removed | length' "$json"); cause groups: $(jq '.causes | length' "$json")."
echo
echo "## The types behind most changes"
echo
echo "| type | exports reaching it |"
echo "| --- | --- |"
jq -r '.causes[] | [(.type // .symbol), (.symbols | length)] | @tsv' "$json" | sort -t$'\t' -k2,2nr | head -n 15 \
    | awk -F'\t' '{ print "| `" $1 "` | " $2 " |" }'
echo
echo "## CRC changes dwarfabi does not explain"
echo
awk -F'\t' '$4 == 1 && $5 != "explained"' "$tmp/all" | sort -t$'\t' -k5,5 -k1,1 > "$tmp/unexplained"
if [ ! -s "$tmp/unexplained" ]; then
    echo "None."
else
    echo "| export | module | what dwarfabi has |"
    echo "| --- | --- | --- |"
    awk -F'\t' '{
        what = $5 == "same-dwarf" ? "same version on both sides: the DWARF type strings did not change (genksyms saw a change in the C declarations that DWARF does not carry)" \
             : $5 == "no-dwarf" ? "no version on a side: no DWARF for the symbol (assembly, or no debug info)" \
             : "version changed, no cause found"
        print "| `" $1 "` | " $2 " | " what " |" }' "$tmp/unexplained" | head -n 100
    n=$(wc -l < "$tmp/unexplained")
    [ "$n" -le 100 ] || echo "| … | | $((n - 100)) more |"
fi
