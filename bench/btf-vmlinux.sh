#!/bin/bash
# Times BTF encoding of the Debian 6.1 vmlinux: dwarfabi btf against pahole 1.24 with the flags the
# 6.1 build uses, and records peak memory of one run of each. Results go to bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
cache=${DWARFABI_CACHE:-$HOME/.cache/dwarfabi}
vmlinux=$cache/debian-6.1/vmlinux-6.1.0-56-amd64
jobs=${JOBS:-2}
out=bench/results
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -e "$vmlinux" ] || { echo "missing $vmlinux (run bench/fetch-debian-6.1.sh)" >&2; exit 1; }
dotnet build DwarfAbi.slnx -c Release -v q >/dev/null
dwarfabi="dotnet src/DwarfAbi.Cli/bin/Release/net10.0/DwarfAbi.Cli.dll"
ours="$dwarfabi btf $vmlinux -o $tmp/ours.btf -j$jobs"
theirs="pahole -j$jobs --btf_gen_floats --lang_exclude=rust --btf_encode_detached=$tmp/pahole.btf $vmlinux"
mkdir -p "$out"
hyperfine --warmup 0 --runs ${RUNS:-3} --export-json "$out/btf-vmlinux.hyperfine.json" --export-markdown "$out/btf-vmlinux.hyperfine.md" \
    -n "dwarfabi btf -j$jobs" "$ours" -n "pahole -j$jobs" "$theirs"
{
    echo "# Peak memory (max RSS, /usr/bin/time -v), jobs=$jobs"
    for cmd in "$ours" "$theirs"; do
        rss=$( { /usr/bin/time -v $cmd >/dev/null; } 2>&1 | awk -F: '/Maximum resident/ {gsub(/ /,"",$2); print $2}')
        echo "- \`${cmd%% *} ${cmd#* }\`: ${rss} kB"
    done
} > "$out/btf-vmlinux.memory.md"
cat "$out/btf-vmlinux.memory.md"
