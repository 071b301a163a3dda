#!/usr/bin/env bash
# Runs the whole test suite: every category except RealKernel, which needs the Debian kernel
# packages in the cache (bench/fetch-debian-6.1.sh) and runs with: ./test.sh --real-kernel
set -uo pipefail
cd "$(dirname "$0")"
filter="Category!=RealKernel"
[[ "${1:-}" == "--real-kernel" ]] && filter="Category=RealKernel"
log=$(mktemp)
dotnet test DwarfAbi.slnx -c Release --nologo --filter "$filter" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
summary=$(grep -E "(Passed|Failed)! +- +Failed: +[0-9]+, Passed: +[0-9]+" "$log" | tail -1)
rm -f "$log"
if [[ $summary =~ Failed:\ +([0-9]+),\ Passed:\ +([0-9]+),\ Skipped:\ +([0-9]+) ]]; then
    echo "tests: ${BASH_REMATCH[2]} passed, ${BASH_REMATCH[1]} failed, ${BASH_REMATCH[3]} skipped"
fi
exit "$rc"
