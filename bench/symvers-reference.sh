#!/usr/bin/env bash
# Times `dwarfabi gendwarfksyms` against the kernel's own scripts/gendwarfksyms (the reference)
# on one object and one export list, and checks that both print the same #SYMVER lines.
#
# Usage: GENDWARFKSYMS=/path/to/gendwarfksyms bench/symvers-reference.sh [options] OBJECT EXPORTS
#   OBJECT           an ELF object with DWARF (.o, .ko or vmlinux)
#   EXPORTS          the export list fed on stdin, one symbol name per line
#   --stable         pass --stable to both tools
#   --symtypes       pass --symtypes FILE to both tools (each its own file) and compare the files
#   --dump-versions  pass --dump-versions to both tools and compare their stderr
#   --runs N         timed hyperfine runs per tool (default 3, or $RUNS)
#   --warmup N       untimed hyperfine runs per tool before them (default 1, or $WARMUP)
#   --no-hyperfine   only the single /usr/bin/time -v run per tool
#   --out DIR        where the report goes (default bench/results/symvers-reference)
#   --recorded-reference STDOUT TIME
#                    do not run the reference: take its stdout and its `/usr/bin/time -v`
#                    report from these files (the report may be preceded by the tool's stderr,
#                    as `/usr/bin/time -v -o TIME` with `2>>TIME` leaves it). For objects the
#                    reference needs most of an hour for, such as a whole vmlinux; hyperfine
#                    then times dwarfabi only. GENDWARFKSYMS is not needed.
#
# GENDWARFKSYMS is the reference binary, built from the kernel sources outside this repository.
# When it is not set (or not executable), the reference side is skipped with a message, and only
# dwarfabi is run and timed; there is then nothing to compare. DWARFABI overrides the dwarfabi
# command (default: the repository's ./dwarfabi launcher); it is run as `$DWARFABI gendwarfksyms`.
#
# Both tools get the same arguments and the same stdin. Each runs once under /usr/bin/time -v
# (wall time, CPU time, peak RSS, exit status; its stdout and stderr are kept), then both run
# under hyperfine. Writes DIR/NAME.md (NAME = object file name plus the options), with
# hyperfine's NAME.hyperfine.{md,json} beside it, and keeps the outputs of the single runs in
# DIR/NAME.out/. Exits 1 when the outputs differ or a tool failed, 2 on a usage error.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/bench/results/symvers-reference"
RUNS="${RUNS:-3}"
WARMUP="${WARMUP:-1}"
HYPERFINE=1
STABLE=0
SYMTYPES=0
DUMP_VERSIONS=0
OBJECT=""
EXPORTS=""
RECORDED_OUT=""
RECORDED_TIME=""

log() { printf '%s\n' "symvers-reference: $*" >&2; }
die() { log "error: $*"; exit 2; }

while [ $# -gt 0 ]; do
    case "$1" in
        --stable) STABLE=1; shift ;;
        --symtypes) SYMTYPES=1; shift ;;
        --dump-versions) DUMP_VERSIONS=1; shift ;;
        --runs) RUNS="$2"; shift 2 ;;
        --warmup) WARMUP="$2"; shift 2 ;;
        --no-hyperfine) HYPERFINE=0; shift ;;
        --out) OUT="$2"; shift 2 ;;
        --recorded-reference) RECORDED_OUT="$2"; RECORDED_TIME="$3"; shift 3 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        -*) die "unknown option $1" ;;
        *)
            if [ -z "$OBJECT" ]; then OBJECT="$1"
            elif [ -z "$EXPORTS" ]; then EXPORTS="$1"
            else die "too many arguments: $1"
            fi
            shift ;;
    esac
done
[ -n "$OBJECT" ] && [ -n "$EXPORTS" ] || die "usage: bench/symvers-reference.sh [options] OBJECT EXPORTS (see --help)"
[ -f "$OBJECT" ] || die "no such file: $OBJECT"
[ -f "$EXPORTS" ] || die "no such file: $EXPORTS"
OBJECT="$(readlink -f "$OBJECT")"
EXPORTS="$(readlink -f "$EXPORTS")"
[ -x /usr/bin/time ] || die "/usr/bin/time not found (apt-get install time)"
if [ "$HYPERFINE" -eq 1 ]; then
    command -v hyperfine >/dev/null || die "hyperfine not found (apt-get install hyperfine, or use --no-hyperfine)"
fi

REFERENCE="${GENDWARFKSYMS:-}"
if [ -n "$RECORDED_OUT" ]; then
    [ -f "$RECORDED_OUT" ] && [ -f "$RECORDED_TIME" ] || die "--recorded-reference: no such file: $RECORDED_OUT or $RECORDED_TIME"
    grep -q '^[[:space:]]*Exit status: ' "$RECORDED_TIME" || die "--recorded-reference: $RECORDED_TIME is not a finished /usr/bin/time -v report"
    REFERENCE="recorded: $(readlink -f "$RECORDED_OUT")"
elif [ -z "$REFERENCE" ]; then
    log "GENDWARFKSYMS is not set: skipping the reference side; only dwarfabi is run and timed," \
        "and nothing is compared. Set GENDWARFKSYMS=/path/to/gendwarfksyms (the kernel's" \
        "scripts/gendwarfksyms, built outside this repository) to compare."
elif [ ! -x "$REFERENCE" ]; then
    log "GENDWARFKSYMS=$REFERENCE is not an executable file: skipping the reference side."
    REFERENCE=""
else
    REFERENCE="$(readlink -f "$REFERENCE")"
fi

DWARFABI="${DWARFABI:-$ROOT/dwarfabi}"
[ -x "$DWARFABI" ] || die "not executable: $DWARFABI (the ./dwarfabi launcher, or \$DWARFABI)"
# Let the launcher build the native binary now, outside the timed runs.
"$DWARFABI" --help >/dev/null 2>&1 || true

# The options shared by both tools, and a name for this configuration.
ARGS=()
NAME="$(basename "$OBJECT")"
[ "$STABLE" -eq 0 ] || { ARGS+=(--stable); NAME="$NAME.stable"; }
[ "$DUMP_VERSIONS" -eq 0 ] || { ARGS+=(--dump-versions); NAME="$NAME.dump-versions"; }
[ "$SYMTYPES" -eq 0 ] || NAME="$NAME.symtypes"

mkdir -p "$OUT"
KEEP="$OUT/$NAME.out"
rm -rf "$KEEP"
mkdir -p "$KEEP"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/symvers-reference.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

# command_line SIDE: the full command of one side, as words in CMD.
command_line() {
    local side="$1"
    CMD=()
    if [ "$side" = reference ]; then CMD=("$REFERENCE"); else CMD=("$DWARFABI" gendwarfksyms); fi
    CMD+=("${ARGS[@]}")
    [ "$SYMTYPES" -eq 0 ] || CMD+=(--symtypes "$KEEP/$side.symtypes")
    CMD+=("$OBJECT")
}

# time_field FILE LABEL: one value out of /usr/bin/time -v's report.
time_field() { sed -n "s/^[[:space:]]*$2: //p" "$1" | head -n 1; }

SIDES=(dwarfabi)
[ -z "$REFERENCE" ] || SIDES=(reference dwarfabi)

declare -A WALL USER SYS RSS STATUS
for side in "${SIDES[@]}"; do
    if [ "$side" = reference ] && [ -n "$RECORDED_OUT" ]; then
        log "reference: recorded in $RECORDED_OUT and $RECORDED_TIME"
        cp "$RECORDED_OUT" "$KEEP/$side.stdout"
        sed -n '/^[[:space:]]*Command being timed:/q; p' "$RECORDED_TIME" > "$KEEP/$side.stderr"
        sed -n '/^[[:space:]]*Command being timed:/,$p' "$RECORDED_TIME" > "$TMP/$side.time"
    else
        command_line "$side"
        log "$side: ${CMD[*]} < $EXPORTS"
        set +e
        /usr/bin/time -v -o "$TMP/$side.time" "${CMD[@]}" < "$EXPORTS" > "$KEEP/$side.stdout" 2> "$KEEP/$side.stderr"
        set -e
    fi
    STATUS[$side]="$(time_field "$TMP/$side.time" 'Exit status')"
    [ -n "${STATUS[$side]}" ] || STATUS[$side]="$(sed -n 's/^Command \(terminated by signal [0-9]*\).*/\1/p' "$TMP/$side.time")"
    WALL[$side]="$(time_field "$TMP/$side.time" 'Elapsed (wall clock) time (h:mm:ss or m:ss)')"
    USER[$side]="$(time_field "$TMP/$side.time" 'User time (seconds)')"
    SYS[$side]="$(time_field "$TMP/$side.time" 'System time (seconds)')"
    RSS[$side]="$(time_field "$TMP/$side.time" 'Maximum resident set size (kbytes)')"
    cp "$TMP/$side.time" "$KEEP/$side.time"
    log "$side: exit ${STATUS[$side]}, wall ${WALL[$side]}, peak RSS ${RSS[$side]} kB"
done

FAILED=0
for side in "${SIDES[@]}"; do
    [ "${STATUS[$side]}" = 0 ] || FAILED=1
done

# Compare the outputs of the two sides.
COMPARE=()
if [ -n "$REFERENCE" ]; then
    compare() { # compare LABEL FILE_REFERENCE FILE_DWARFABI
        if [ ! -f "$2" ] || [ ! -f "$3" ]; then
            FAILED=1
            COMPARE+=("| $1 | **missing** ($([ -f "$2" ] || echo 'none from the reference ')$([ -f "$3" ] || echo 'none from dwarfabi')) |")
            log "$1: missing on one side"
        elif cmp -s "$2" "$3"; then
            COMPARE+=("| $1 | identical ($(wc -l < "$2") lines) |")
        else
            FAILED=1
            local how="differ"
            if [ "$(LC_ALL=C sort "$2" | md5sum)" = "$(LC_ALL=C sort "$3" | md5sum)" ]; then
                how="differ in line order only"
            fi
            COMPARE+=("| $1 | **$how** (reference $(wc -l < "$2") lines, dwarfabi $(wc -l < "$3") lines) |")
            log "$1 $how; first differences:"
            diff "$2" "$3" | head -n 20 >&2 || true
        fi
    }
    compare stdout "$KEEP/reference.stdout" "$KEEP/dwarfabi.stdout"
    compare stderr "$KEEP/reference.stderr" "$KEEP/dwarfabi.stderr"
    [ "$SYMTYPES" -eq 0 ] || compare "symtypes file" "$KEEP/reference.symtypes" "$KEEP/dwarfabi.symtypes"
fi

# hyperfine: the same commands, stdin from the export list, output discarded.
if [ "$HYPERFINE" -eq 1 ]; then
    HF=(hyperfine --warmup "$WARMUP" --runs "$RUNS" --style basic
        --export-markdown "$OUT/$NAME.hyperfine.md" --export-json "$OUT/$NAME.hyperfine.json")
    [ "$FAILED" -eq 0 ] || HF+=(--ignore-failure)
    for side in "${SIDES[@]}"; do
        [ "$side" != reference ] || [ -z "$RECORDED_OUT" ] || continue
        command_line "$side"
        line="$(printf '%q ' "${CMD[@]}")< $(printf '%q' "$EXPORTS")"
        HF+=(-n "$side" "$line")
    done
    log "hyperfine --warmup $WARMUP --runs $RUNS"
    "${HF[@]}" >&2
fi

# The report.
{
    echo "# gendwarfksyms: reference vs dwarfabi on $(basename "$OBJECT")"
    echo
    echo "- object: \`$OBJECT\` ($(stat -c %s "$OBJECT") bytes)"
    echo "- export list: \`$EXPORTS\` ($(grep -c . "$EXPORTS") names)"
    echo "- options: \`${ARGS[*]:-(none)}\`$([ "$SYMTYPES" -eq 0 ] || echo ' plus `--symtypes FILE`')"
    if [ -n "$REFERENCE" ]; then
        echo "- reference: \`$REFERENCE\`"
    else
        echo "- reference: skipped (GENDWARFKSYMS not set)"
    fi
    echo "- dwarfabi: \`$DWARFABI gendwarfksyms\`"
    echo "- machine: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), $(nproc) CPUs," \
         "$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "## One run each under /usr/bin/time -v"
    echo
    echo "| tool | exit | wall | user s | sys s | peak RSS (MiB) |"
    echo "|---|---|---|---|---|---|"
    for side in "${SIDES[@]}"; do
        rss_mib="$(awk -v k="${RSS[$side]:-0}" 'BEGIN { printf "%.1f", k / 1024 }')"
        echo "| $side | ${STATUS[$side]} | ${WALL[$side]} | ${USER[$side]} | ${SYS[$side]} | $rss_mib |"
    done
    if [ -n "$REFERENCE" ]; then
        echo
        echo "## Outputs"
        echo
        echo "| output | result |"
        echo "|---|---|"
        printf '%s\n' "${COMPARE[@]}"
    fi
    if [ "$HYPERFINE" -eq 1 ] && [ -f "$OUT/$NAME.hyperfine.md" ]; then
        echo
        echo "## hyperfine (warmup $WARMUP, runs $RUNS)"
        echo
        cat "$OUT/$NAME.hyperfine.md"
    fi
    echo
    echo "The outputs of the single runs are in \`$(basename "$KEEP")/\`."
} > "$OUT/$NAME.md"

log "report: $OUT/$NAME.md"
if [ "$FAILED" -ne 0 ]; then
    log "FAILED: a tool exited non-zero or the outputs differ"
    exit 1
fi
if [ -n "$REFERENCE" ]; then
    log "OK: the outputs are identical"
fi
