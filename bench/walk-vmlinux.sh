#!/usr/bin/env bash
# Walks every DIE of a real vmlinux with three readers and compares them:
#   dwarfabi        dwarfabi dump --stats VMLINUX   (every unit on all cores; every
#                   attribute value decoded; prints the units, DIEs and attributes)
#   libdw           bench/libdw-walk.c, elfutils libdw, one thread (same walk, same decoding)
#   llvm-dwarfdump  llvm-dwarfdump --statistics VMLINUX
# Wall time with hyperfine, peak RSS with /usr/bin/time -v, counts from the tools' output.
#
# Usage: bench/walk-vmlinux.sh [--runs N] [--warmup N] [--no-build] [VMLINUX]
#   VMLINUX     default: the Debian 6.1 vmlinux, fetched by bench/fetch-debian-6.1.sh
#   --runs N    timed runs per tool (default 3, or $RUNS)
#   --warmup N  untimed runs per tool before them (default 1, or $WARMUP)
#   --no-build  use the dwarfabi binary already built
#
# Writes bench/results/walk-vmlinux.md (the table, the machine, the versions),
# and hyperfine's walk-vmlinux.hyperfine.{md,json} beside it. Exits non-zero
# when a tool failed or the DIE counts of dwarfabi and libdw disagree (the
# report is written all the same).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RESULTS="$ROOT/bench/results"
RUNS="${RUNS:-3}"
WARMUP="${WARMUP:-1}"
BUILD=1
VMLINUX=""

log() { printf '%s\n' "walk-vmlinux: $*" >&2; }
die() { log "error: $*"; exit 2; }

while [ $# -gt 0 ]; do
    case "$1" in
        --runs) RUNS="$2"; shift 2 ;;
        --warmup) WARMUP="$2"; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        -*) die "unknown option $1" ;;
        *) [ -z "$VMLINUX" ] || die "more than one VMLINUX"; VMLINUX="$1"; shift ;;
    esac
done

need() { command -v "$1" >/dev/null || die "$1 not found (apt-get install $2)"; }
need hyperfine hyperfine
need llvm-dwarfdump llvm
need jq jq
need cc gcc
[ -x /usr/bin/time ] || die "/usr/bin/time not found (apt-get install time)"
[ -f /usr/include/elfutils/libdw.h ] || die "libdw headers not found (apt-get install libdw-dev)"

if [ -z "$VMLINUX" ]; then
    VMLINUX="$("$ROOT/bench/fetch-debian-6.1.sh" --dbg-only | tail -n 1)"
fi
[ -f "$VMLINUX" ] || die "no such file: $VMLINUX"
VMLINUX="$(readlink -f "$VMLINUX")"

TMP="$(mktemp -d "${TMPDIR:-/tmp}/walk-vmlinux.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$RESULTS" "$ROOT/.build/bench"

# --- Build -------------------------------------------------------------------

# dwarfabi: the repo's launcher when there is one, else the NativeAOT binary.
if [ -x "$ROOT/dwarfabi" ] && [ -f "$ROOT/dwarfabi" ]; then
    DWARFABI="$ROOT/dwarfabi"
    DWARFABI_BUILD="./dwarfabi launcher"
    # Let the launcher build what it needs now, outside the timed runs.
    log "dwarfabi: $("$DWARFABI" --version 2>&1 | tail -n 1)"
else
    if [ "$BUILD" -eq 1 ]; then
        log "dotnet publish src/DwarfAbi.Cli -c Release -o .build/aot"
        (cd "$ROOT" && dotnet publish src/DwarfAbi.Cli -c Release -o .build/aot -nologo -v quiet >&2) \
            || die "dotnet publish failed"
    fi
    DWARFABI=""
    for name in dwarfabi DwarfAbi.Cli; do
        if [ -x "$ROOT/.build/aot/$name" ]; then DWARFABI="$ROOT/.build/aot/$name"; break; fi
    done
    [ -n "$DWARFABI" ] || die "no dwarfabi binary in .build/aot (run without --no-build)"
    DWARFABI_BUILD="NativeAOT, .build/aot/$(basename "$DWARFABI")"
fi

LIBDW_WALK="$ROOT/.build/bench/libdw-walk"
log "cc -O2 -o .build/bench/libdw-walk bench/libdw-walk.c -ldw -lelf"
cc -O2 -Wall -o "$LIBDW_WALK" "$ROOT/bench/libdw-walk.c" -ldw -lelf || die "cannot build bench/libdw-walk.c"

# "dwarfabi -j 1" is the same walk on one thread, for the comparison with the
# single-threaded libdw walker; it is measured only when there is more than one core.
TOOLS=(dwarfabi libdw llvm-dwarfdump)
[ "$(nproc)" -le 1 ] || TOOLS=(dwarfabi "dwarfabi -j 1" libdw llvm-dwarfdump)
declare -A CMD
CMD[dwarfabi]="$(printf '%q ' "$DWARFABI" dump --stats "$VMLINUX")"
CMD[dwarfabi -j 1]="$(printf '%q ' "$DWARFABI" dump --stats -j 1 "$VMLINUX")"
CMD[libdw]="$(printf '%q ' "$LIBDW_WALK" -v "$VMLINUX")"
CMD[llvm-dwarfdump]="$(printf '%q ' llvm-dwarfdump --statistics "$VMLINUX")"

# --- Counts and peak memory: one run of each under /usr/bin/time -v -----------------

# Reads "label: number" pairs in any reasonable layout (one a line, several on a
# line, "N label", thousands separators, JSON) and prints units, dies, nulls,
# dies_with_nulls and attributes, the first occurrence of each.
parse_counts() {
    LC_ALL=C awk '
    function classify(label,   w) {
        label = tolower(label)
        gsub(/[^a-z+]+/, " ", label)
        sub(/^ +/, "", label); sub(/ +$/, "", label)
        while (label ~ /^(total|number|of|the|all|count) /) sub(/^[a-z]+ /, "", label)
        if (label == "") return ""
        if (label ~ /null/) return (label ~ /(incl|with|\+|all|total)/) ? "dies_with_nulls" : "nulls"
        w = label; sub(/ .*/, "", w)
        if (w ~ /^(units?|cus?|compil[a-z]*)$/) return "units"
        if (w ~ /^(dies?|entries|debugging)$/) return "dies"
        if (w ~ /^attr/) return "attributes"
        return ""
    }
    function keep(key, num) {
        if (key != "" && !(key in val)) { gsub(/[^0-9]/, "", num); val[key] = num }
    }
    {
        line = $0; n = 0
        while (match(line, /[0-9]+([,_][0-9][0-9][0-9])*/)) {
            n++
            lab[n] = substr(line, 1, RSTART - 1); num[n] = substr(line, RSTART, RLENGTH)
            line = substr(line, RSTART + RLENGTH)
        }
        lab[n + 1] = line
        # "label N" (the text before a number, from its last comma) or "N label"
        # (the text after it, to its first comma): whichever names more counts.
        hb = 0; ha = 0
        for (i = 1; i <= n; i++) {
            b = lab[i]; sub(/.*[,;]/, "", b); kb[i] = classify(b); hb += kb[i] != ""
            a = lab[i + 1]; sub(/[,;(].*/, "", a); ka[i] = classify(a); ha += ka[i] != ""
        }
        for (i = 1; i <= n; i++) {
            key = (ha > hb) ? ka[i] : kb[i]
            # "N (M null)": a bare number names itself by the text after it.
            if (key == "" && ha <= hb) { b = lab[i]; sub(/.*[,;]/, "", b); if (b !~ /[a-zA-Z]/) key = ka[i] }
            keep(key, num[i])
        }
    }
    END { for (k in val) print k, val[k] }'
}

get() { awk -v k="$1" '$1 == k {print $2}' "$TMP/$t.counts"; }
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
declare -A RC RSS UNITS DIES NULLS DWN ATTRS NOTE
for t in "${TOOLS[@]}"; do
    log "$t: one run under /usr/bin/time -v (counts, peak RSS)"
    set +e
    /usr/bin/time -v -o "$TMP/$t.time" bash -c "${CMD[$t]}" >"$TMP/$t.out" 2>"$TMP/$t.err"
    RC[$t]=$?
    set -e
    RSS[$t]="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$TMP/$t.time")"
    if [ "$t" != llvm-dwarfdump ]; then
        parse_counts <"$TMP/$t.out" >"$TMP/$t.counts"
        UNITS[$t]="$(get units)"; DIES[$t]="$(get dies)"; NULLS[$t]="$(get nulls)"
        DWN[$t]="$(get dies_with_nulls)"; ATTRS[$t]="$(get attributes)"
        if [ -z "${DWN[$t]}" ] && [ -n "${DIES[$t]}" ] && [ -n "${NULLS[$t]}" ]; then
            DWN[$t]="$((DIES[$t] + NULLS[$t]))"
        fi
    fi
    if [ "${RC[$t]}" -ne 0 ]; then
        NOTE[$t]="exit status ${RC[$t]}: $(tail -n 3 "$TMP/$t.err" | tr '\n' ' ' | cut -c1-300)"
    elif [ "$t" != llvm-dwarfdump ] && [ -z "${DIES[$t]}${DWN[$t]}" ]; then
        said="$(cat "$TMP/$t.out" "$TMP/$t.err" | head -c 300 | tr '\n' ' ')"
        NOTE[$t]="printed no DIE count; its output: ${said:-(none)}"
    fi
    if [ -n "${NOTE[$t]:-}" ]; then log "$t: not measured: ${NOTE[$t]}"; fi
    if [ "$t" = "dwarfabi -j 1" ] && [ -z "${NOTE[$t]:-}" ] && [ "${DIES[$t]:-}" != "${DIES[dwarfabi]:-}" ]; then
        NOTE[$t]="its DIE count ${DIES[$t]} is not that of the walk on all cores, ${DIES[dwarfabi]}"
    fi
done

# --- Wall time: hyperfine --------------------------------------------------------

HF_ARGS=()
for t in "${TOOLS[@]}"; do
    [ -n "${NOTE[$t]:-}" ] || HF_ARGS+=(-n "$t" "${CMD[$t]}")
done
declare -A MEAN SD MIN CPU
if [ "${#HF_ARGS[@]}" -gt 0 ]; then
    log "hyperfine --warmup $WARMUP --runs $RUNS"
    hyperfine --warmup "$WARMUP" --runs "$RUNS" \
        --export-json "$RESULTS/walk-vmlinux.hyperfine.json" \
        --export-markdown "$RESULTS/walk-vmlinux.hyperfine.md" \
        "${HF_ARGS[@]}" >&2 || die "hyperfine failed (a reader failed in a timed run?)"
    while IFS=$'\t' read -r name mean sd min cpu; do
        MEAN[$name]="$mean"; SD[$name]="$sd"; MIN[$name]="$min"; CPU[$name]="$cpu"
    done < <(jq -r '.results[] | [.command, .mean, (.stddev // 0), .min, (.user + .system)] | @tsv' \
        "$RESULTS/walk-vmlinux.hyperfine.json")
fi

# --- Report -----------------------------------------------------------------------

LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

fmt_s() { [ -n "${1:-}" ] && LC_ALL=C printf '%.2f' "$1" || printf '—'; }
fmt_mib() { [ -n "${1:-}" ] && LC_ALL=C awk -v k="$1" 'BEGIN {printf "%.0f", k / 1024}' || printf '—'; }
fmt_n() { [ -n "${1:-}" ] && printf '%s' "$1" | sed ':a; s/\B[0-9]\{3\}\>/,&/; ta' || printf '—'; }
ratio() { # other, ours
    if [ -n "${1:-}" ] && [ -n "${2:-}" ] && LC_ALL=C awk -v d="$2" 'BEGIN {exit !(d > 0)}'; then
        LC_ALL=C awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f×", a / b}'
    else
        printf '—'
    fi
}

cpu_model="$(lscpu 2>/dev/null | awk -F': *' '/^Model name:/ && !n++ {print $2}' || true)"
[ -n "$cpu_model" ] || cpu_model="$(awk -F'[[:space:]]*: ' '/^model name/ && !n++ {print $2}' /proc/cpuinfo)"
mem_gib="$(awk '/MemTotal/ {printf "%.0f", $2 / 1048576}' /proc/meminfo)"
os="$(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME")"
commit="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
[ -z "$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null)" ] || commit="$commit (with uncommitted changes)"
dwarfabi_version="$("$DWARFABI" --version 2>/dev/null | tail -n 1 || true)"
libdw_version="$(dpkg-query -W -f='${Version}' libdw1 2>/dev/null || pkg-config --modversion libdw 2>/dev/null || echo unknown)"
llvm_version="$(llvm-dwarfdump --version 2>/dev/null | awk '/LLVM version/ && !n++ {sub(/.*LLVM version */, ""); print}' || true)"
dwarf_version="$({ llvm-dwarfdump --debug-info "$VMLINUX" 2>/dev/null || true; } \
    | awk '/version = 0x/ {sub(/.*version = 0x0*/, ""); sub(/,.*/, ""); print; exit}')"
debug_info_hex="$(readelf -SW "$VMLINUX" 2>/dev/null | awk '{for (i = 1; i < NF; i++) if ($i == ".debug_info") {print $(i + 4); exit}}' || true)"
debug_info_bytes=""
[ -z "$debug_info_hex" ] || debug_info_bytes="$((16#$debug_info_hex))"
# The Debian package, when VMLINUX is the one that fetch-debian-6.1.sh extracted.
package=""
for stamp in "$(dirname "$VMLINUX")"/../../../../../linux-image-*-dbg_*.deb.extracted; do
    [ -f "$stamp" ] && package="$(basename "$stamp" .deb.extracted)"
done

{
    echo "# Walking every DIE of $(basename "$VMLINUX")"
    echo
    echo "\`bench/walk-vmlinux.sh\`, $(date -u '+%Y-%m-%d %H:%M UTC'). Each reader walks every DIE of every unit"
    echo "and decodes every attribute value (llvm-dwarfdump --statistics walks every DIE and computes its"
    echo "statistics). Wall time: hyperfine, mean ± σ of $RUNS runs after $WARMUP warm-up run(s), file in the"
    echo "page cache. Peak RSS: /usr/bin/time -v, one run; it includes the pages of the mapped file that a"
    echo "reader touched."
    echo
    echo "| reader | wall (s) | min (s) | CPU user+sys (s) | peak RSS (MiB) | units | DIEs | attributes | wall ÷ dwarfabi | CPU ÷ dwarfabi | RSS ÷ dwarfabi |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    # The ratios are to the walk of dwarfabi on all cores, when it was measured.
    base_mean="" base_cpu="" base_rss=""
    if [ -z "${NOTE[dwarfabi]:-}" ]; then
        base_mean="${MEAN[dwarfabi]:-}" base_cpu="${CPU[dwarfabi]:-}" base_rss="${RSS[dwarfabi]:-}"
    fi
    for t in "${TOOLS[@]}"; do
        if [ -n "${NOTE[$t]:-}" ]; then
            echo "| $t | not measured | | | | | | | | | |"
            continue
        fi
        wall="$(fmt_s "${MEAN[$t]:-}") ± $(fmt_s "${SD[$t]:-}")"
        if [ "$t" = llvm-dwarfdump ]; then counts="— | — | —"
        else counts="$(fmt_n "${UNITS[$t]:-}") | $(fmt_n "${DIES[$t]:-${DWN[$t]:-}}") | $(fmt_n "${ATTRS[$t]:-}")"; fi
        echo "| $t | $wall | $(fmt_s "${MIN[$t]:-}") | $(fmt_s "${CPU[$t]:-}") | $(fmt_mib "${RSS[$t]:-}") | $counts" \
            "| $(ratio "${MEAN[$t]:-}" "$base_mean") | $(ratio "${CPU[$t]:-}" "$base_cpu")" \
            "| $(ratio "${RSS[$t]:-}" "$base_rss") |"
    done
    echo
    echo "dwarfabi uses all $(nproc) cores (\"dwarfabi -j 1\": one); the libdw walker one thread (libdw of elfutils"
    echo "$libdw_version is not thread-safe); llvm-dwarfdump one thread. \"CPU user+sys\" is summed over all threads."
    echo "llvm-dwarfdump --statistics prints no DIE count. Load average before the runs: $LOAD_BEFORE; after: $LOAD_AFTER"
    echo "(other work on the machine slows the wall times down, and the CPU times much less)."
    for t in "${TOOLS[@]}"; do
        if [ -n "${NOTE[$t]:-}" ]; then echo; echo "**$t not measured**: ${NOTE[$t]}"; fi
    done
    echo
    echo "## DIE counts"
    echo
    echo "libdw never returns the null entries that end a list of children; bench/libdw-walk.c counts them"
    echo "apart (one per DIE with DW_CHILDREN_yes)."
    echo
    echo "| | units | DIEs | null entries | DIEs + null entries | attributes |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: |"
    for t in dwarfabi libdw; do
        echo "| $t | $(fmt_n "${UNITS[$t]:-}") | $(fmt_n "${DIES[$t]:-}") | $(fmt_n "${NULLS[$t]:-}") | $(fmt_n "${DWN[$t]:-}") | $(fmt_n "${ATTRS[$t]:-}") |"
    done
    echo
} >"$TMP/report.md"

# Do the two walks agree? Any of the three main readers failing fails the run.
status=0
for t in dwarfabi libdw llvm-dwarfdump; do [ -z "${NOTE[$t]:-}" ] || status=1; done
agree=""
ours_dies="${DIES[dwarfabi]:-}"
if [ -n "${NOTE[dwarfabi]:-}" ] || [ -n "${NOTE[libdw]:-}" ]; then
    agree="Not compared: a walk did not complete."
    status=1
elif [ -n "$ours_dies" ] && [ "$ours_dies" = "${DIES[libdw]}" ]; then
    agree="The DIE counts agree: $(fmt_n "$ours_dies") DIEs, neither counting the null entries."
    if [ -n "${NULLS[dwarfabi]:-}" ]; then
        if [ "${NULLS[dwarfabi]}" = "${NULLS[libdw]}" ]; then
            agree="$agree The null entries, which dwarfabi counts apart, agree too: $(fmt_n "${NULLS[dwarfabi]}")."
        else
            agree="$agree **The null entries disagree**: dwarfabi $(fmt_n "${NULLS[dwarfabi]}"), libdw $(fmt_n "${NULLS[libdw]}") (one per DIE with children; padding after a unit's last DIE not counted)."
            status=1
        fi
    fi
elif [ -n "$ours_dies" ] && [ "$ours_dies" = "${DWN[libdw]}" ]; then
    agree="The DIE counts agree: dwarfabi's $(fmt_n "$ours_dies") DIEs count the null entries; libdw's $(fmt_n "${DIES[libdw]}") do not, plus $(fmt_n "${NULLS[libdw]}") null entries."
elif [ -z "$ours_dies" ] && [ -n "${DWN[dwarfabi]:-}" ] && [ "${DWN[dwarfabi]}" = "${DWN[libdw]}" ]; then
    agree="The DIE counts agree, null entries included: $(fmt_n "${DWN[dwarfabi]}")."
else
    agree="**The DIE counts disagree**: dwarfabi $(fmt_n "${ours_dies:-${DWN[dwarfabi]:-}}"), libdw $(fmt_n "${DIES[libdw]}") without and $(fmt_n "${DWN[libdw]}") with the null entries."
    status=1
fi
if [ -z "${NOTE[dwarfabi]:-}${NOTE[libdw]:-}" ]; then
    if [ "${UNITS[dwarfabi]:-}" != "${UNITS[libdw]:-}" ]; then
        agree="$agree **The unit counts disagree**: dwarfabi $(fmt_n "${UNITS[dwarfabi]:-}"), libdw $(fmt_n "${UNITS[libdw]:-}")."
        status=1
    fi
    if [ "${ATTRS[dwarfabi]:-}" != "${ATTRS[libdw]:-}" ]; then
        agree="$agree **The attribute counts disagree**: dwarfabi $(fmt_n "${ATTRS[dwarfabi]:-}"), libdw $(fmt_n "${ATTRS[libdw]:-}")."
        status=1
    fi
    # Both sum the decoded values alike (integers and addresses as they are, references as the
    # target's offset, strings by their first byte, blocks by their length). Not a failure when
    # they differ: the two read a few rare forms differently (DW_FORM_flag, the index forms).
    ours_sum="$(grep -o 'checksum [0-9a-f]*' "$TMP/dwarfabi.out" | awk 'NR == 1 {print $2}')"
    libdw_sum="$(awk '$1 == "checksum:" {print $2; exit}' "$TMP/libdw.out")"
    if [ -n "$ours_sum" ] && [ "$ours_sum" = "$libdw_sum" ]; then
        agree="$agree The checksums of the decoded values agree: $ours_sum."
    elif [ -n "$ours_sum$libdw_sum" ]; then
        agree="$agree The checksums of the decoded values differ: dwarfabi ${ours_sum:-none}, libdw ${libdw_sum:-none}."
    fi
fi

{
    cat "$TMP/report.md"
    echo "$agree"
    echo
    echo "## Input"
    echo
    from=""
    [ -z "$package" ] || from=", from the Debian package \`$package\`"
    echo "- file: \`$VMLINUX\` ($(du -h "$VMLINUX" | cut -f1))$from"
    echo "- DWARF version ${dwarf_version:-?}; .debug_info $(fmt_n "${debug_info_bytes:-}") bytes"
    [ -z "${NOTE[llvm-dwarfdump]:-}" ] && jq -r '"- llvm-dwarfdump: \(."#functions") functions, \(."#source variables") source variables, \(."#inlined functions") inlined functions"' \
        "$TMP/llvm-dwarfdump.out" 2>/dev/null || true
    echo
    echo "## Machine and versions"
    echo
    echo "- CPU: ${cpu_model:-unknown}, nproc $(nproc), ${mem_gib} GiB RAM"
    echo "- OS: ${os:-unknown}, Linux $(uname -r)"
    echo "- dwarfabi: ${dwarfabi_version:-unknown}, commit $commit, $DWARFABI_BUILD, .NET SDK $(dotnet --version 2>/dev/null || echo '?')"
    echo "- libdw (elfutils): $libdw_version; $(cc --version | head -n 1)"
    echo "- llvm-dwarfdump: LLVM ${llvm_version:-unknown}"
    echo "- $(hyperfine --version)"
    echo
    echo "## Commands"
    echo
    for t in "${TOOLS[@]}"; do echo "- $t: \`$(printf %s "${CMD[$t]% }" | sed "s|$ROOT/|./|g")\`"; done
    echo
    echo "## Output of the walks"
    for t in dwarfabi libdw; do
        echo
        echo "$t:"
        echo
        echo '```'
        head -n 40 "$TMP/$t.out"
        echo '```'
    done
} >"$RESULTS/walk-vmlinux.md"

echo
cat "$RESULTS/walk-vmlinux.md"
log "written: bench/results/walk-vmlinux.md, walk-vmlinux.hyperfine.md, walk-vmlinux.hyperfine.json"
exit "$status"
