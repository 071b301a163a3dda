#!/usr/bin/env bash
# Times BTF encoding of the Debian 6.1 kernel against pahole 1.24 (Debian dwarves) with the flags
# the 6.1 build uses (--btf_gen_floats --lang_exclude=rust), in one run on the same files:
#   vmlinux             dwarfabi btf -jN   vs  pahole -jN   (and pahole -j1, the deterministic one)
#   amdgpu.ko (split)   dwarfabi btf -jN --base  vs  pahole -jN --btf_base, on pahole's vmlinux BTF
# Each command runs under hyperfine (wall time) and once under /usr/bin/time -v (peak RSS), and
# dwarfabi's output is compared byte for byte with pahole -j1's. Writes bench/results/btf.md.
#
# Usage: bench/btf.sh [--runs N] [--jobs N] [--no-build]
# Needs: the kernel cache of bench/fetch-debian-6.1.sh, pahole, hyperfine, /usr/bin/time.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS=3 JOBS=2 BUILD=1
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) RUNS="$2"; shift 2 ;;
        --jobs) JOBS="$2"; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "btf.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
cache=${DWARFABI_CACHE:-$HOME/.cache/dwarfabi}/debian-6.1
abi=$(basename "$(readlink "$cache/current" 2>/dev/null || echo missing)")
vmlinux=$cache/vmlinux-$abi-amd64
amdgpu=$cache/dbg/usr/lib/debug/lib/modules/$abi-amd64/kernel/drivers/gpu/drm/amd/amdgpu/amdgpu.ko
for f in "$vmlinux" "$amdgpu"; do
    [ -e "$f" ] || { echo "btf.sh: missing $f (run bench/fetch-debian-6.1.sh)" >&2; exit 1; }
done
for t in pahole hyperfine /usr/bin/time; do
    command -v "$t" >/dev/null || { echo "btf.sh: not installed: $t" >&2; exit 1; }
done
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
dwarfabi="$ROOT/dwarfabi"
[ "$BUILD" = 1 ] && "$dwarfabi" --version >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
flags="--btf_gen_floats --lang_exclude=rust"
pahole -j1 $flags --btf_encode_detached="$tmp/base.btf" "$vmlinux"

declare -A cmd
cmd[vmlinux.ours]="$dwarfabi btf $vmlinux -o $tmp/vmlinux.ours.btf -j$JOBS"
cmd[vmlinux.pahole]="pahole -j$JOBS $flags --btf_encode_detached=$tmp/vmlinux.pahole.btf $vmlinux"
cmd[vmlinux.pahole1]="pahole -j1 $flags --btf_encode_detached=$tmp/vmlinux.pahole1.btf $vmlinux"
cmd[amdgpu.ours]="$dwarfabi btf $amdgpu --base $tmp/base.btf -o $tmp/amdgpu.ours.btf -j$JOBS"
cmd[amdgpu.pahole]="pahole -j$JOBS $flags --btf_base=$tmp/base.btf --btf_encode_detached=$tmp/amdgpu.pahole.btf $amdgpu"
cmd[amdgpu.pahole1]="pahole -j1 $flags --btf_base=$tmp/base.btf --btf_encode_detached=$tmp/amdgpu.pahole1.btf $amdgpu"

declare -A wall rss
for input in vmlinux amdgpu; do
    hyperfine --warmup 1 --runs "$RUNS" --export-json "$tmp/$input.json" \
        -n ours "${cmd[$input.ours]}" -n pahole "${cmd[$input.pahole]}" -n pahole1 "${cmd[$input.pahole1]}" >&2
    for who in ours pahole pahole1; do
        wall[$input.$who]=$(jq -r --arg n "$who" '.results[] | select(.command == $n) | "\(.mean) \(.stddev)"' "$tmp/$input.json")
        rss[$input.$who]=$( { /usr/bin/time -v ${cmd[$input.$who]} >/dev/null; } 2>&1 | awk -F: '/Maximum resident/ {gsub(/ /,"",$2); print $2}')
    done
done
same() { cmp -s "$tmp/$1.ours.btf" "$tmp/$1.pahole1.btf" && echo "identical" || echo "DIFFERENT"; }
row() { # input who label
    read -r mean sd <<<"${wall[$1.$2]}"
    printf '| %s | %s | %.2f ± %.2f | %d |\n' "$1" "$3" "$mean" "$sd" "$((${rss[$1.$2]} / 1024))"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
mean() { echo "${wall[$1]%% *}"; }
mkdir -p "$ROOT/bench/results"
{
    echo "# BTF encoding: dwarfabi beside pahole 1.24"
    echo
    echo "Input: Debian 12's linux-image-$abi-amd64-dbg (vmlinux; amdgpu.ko as split BTF on pahole -j1's vmlinux BTF)."
    echo "Flags: \`$flags\`; $RUNS timed runs after one warm-up; files in the page cache."
    echo "Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -g | awk '/Mem:/ {print $2}') GiB;"
    echo "load average before the run: $load_before, after it: $(cut -d' ' -f1-3 /proc/loadavg). $(pahole --version), $("$dwarfabi" --version)."
    echo
    echo "| input | command | wall s (mean ± σ) | peak RSS MiB |"
    echo "|---|---|---|---|"
    for input in vmlinux amdgpu; do
        row "$input" ours "dwarfabi btf -j$JOBS"
        row "$input" pahole "pahole -j$JOBS"
        row "$input" pahole1 "pahole -j1"
    done
    echo
    for input in vmlinux amdgpu; do
        echo "- $input: dwarfabi ÷ pahole -j$JOBS wall $(ratio "$(mean "$input.ours")" "$(mean "$input.pahole")"), peak RSS $(ratio "${rss[$input.ours]}" "${rss[$input.pahole]}"); output vs pahole -j1: $(same "$input")."
    done
} > "$ROOT/bench/results/btf.md"
cat "$ROOT/bench/results/btf.md"
