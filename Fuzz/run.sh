#!/usr/bin/env bash
# Runs the libFuzzer targets built in Fuzz/.build (`make fuzz` builds them first), each for
# FUZZ_SECONDS seconds with its dictionary (Dictionaries/<Target>.dict), on a copy of its
# committed corpus (Corpus/<Target>/) in a temporary folder, so that
# Fuzz/Corpus never grows and crash inputs never land in the tree. Up to FUZZ_JOBS targets run
# at once (default: the number of cores; each fuzzer uses one).
#
# Usage: Fuzz/run.sh [TARGET...]   (default: all six)
#
# Prints one line per target. When a target crashes, leaks, overflows, runs out of memory or
# times out on an input, it prints the end of the fuzzer's report, the path of the input that
# did it and how to replay it, keeps the temporary folder, and exits with status 1.
set -uo pipefail

cd "$(dirname "$0")"
seconds="${FUZZ_SECONDS:-300}"
jobs="${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}"
bin="${FUZZ_BIN:-.build/debug}"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(FuzzXML FuzzCSV FuzzXForm FuzzQuestionnaireYAML FuzzWalk FuzzXLSX)

work="$(mktemp -d "${TMPDIR:-/tmp}/legisurvey-fuzz.XXXXXX")"
# Leaks in third-party code that are known and harmless (each explained in lsan.supp).
export LSAN_OPTIONS="suppressions=$PWD/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

# The binaries as named from the project folder, for the replay hint.
case "$bin" in /*) shown_bin="$bin" ;; *) shown_bin="Fuzz/$bin" ;; esac

# The informative part of a failed run's log: from the first error line (a Swift runtime trap,
# a sanitizer or libFuzzer error), 30 lines of it, then the sanitizer's summary.
report() {
    local start
    start="$(grep -a -n -m 1 -E 'Fatal error|==[0-9]+== ?ERROR|ERROR: libFuzzer|^ALARM' "$1" | cut -d: -f1)"
    if [ -z "$start" ]; then
        tail -n 40 "$1"
        return
    fi
    sed -n "${start},$((start + 29))p" "$1"
    echo "..."
    grep -a -E '^SUMMARY:' "$1" | tail -n 1
}

run_one() {
    local target="$1" dir="$work/$1"
    mkdir -p "$dir/corpus" "$dir/artifacts" "$dir/tmp"
    cp Corpus/"$target"/* "$dir/corpus/"
    local dict=()
    [ -f "Dictionaries/$target.dict" ] && dict=(-dict="Dictionaries/$target.dict")
    # TMPDIR: the questionnaire target's scratch file and the walk target's trees go into the run's own folder.
    # -timeout: one input taking this many seconds is a finding (a hang or a blow-up).
    TMPDIR="$dir/tmp" "$bin/$target" \
        -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=25 \
        -print_final_stats=1 -artifact_prefix="$dir/artifacts/" "${dict[@]}" "$dir/corpus" >"$dir/log" 2>&1
    echo $? >"$dir/status"
}

for target in "${targets[@]}"; do
    if [ ! -x "$bin/$target" ]; then
        echo "fuzz: $bin/$target is not built (run: make fuzz)" >&2
        exit 1
    fi
done

echo "fuzz: ${#targets[@]} targets, ${seconds}s each, $jobs at a time, in $work"
running=0
for target in "${targets[@]}"; do
    run_one "$target" &
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
        wait -n
        running=$((running - 1))
    fi
done
wait

failed=0
for target in "${targets[@]}"; do
    dir="$work/$target"
    status="$(cat "$dir/status" 2>/dev/null || echo missing)"
    # libFuzzer's last progress line: "#N DONE cov: C ft: F corp: K/SIZE lim: L exec/s: E rss: R".
    done_line="$(grep -a -E '^#[0-9]+[[:space:]]+DONE' "$dir/log" | tail -n 1)"
    runs="$(grep -a -E '^stat::number_of_executed_units:' "$dir/log" | awk '{print $2}')"
    if [ "$status" = 0 ]; then
        summary="$(sed -E 's/^#[0-9]+[[:space:]]+DONE[[:space:]]+//; s/[[:space:]]+lim:.*exec\/s:/ exec\/s:/' <<<"$done_line")"
        echo "fuzz: $target: ok, ${runs:-?} runs in ${seconds}s, $summary"
    else
        failed=1
        echo "fuzz: $target: FAILED (exit status $status); from its report:"
        report "$dir/log" | sed 's/^/    /'
        artifacts=("$dir"/artifacts/*)
        if [ -e "${artifacts[0]}" ]; then
            for artifact in "${artifacts[@]}"; do
                echo "fuzz: $target: crash input: $artifact"
                echo "fuzz: $target: replay with: LSAN_OPTIONS=suppressions=Fuzz/lsan.supp $shown_bin/$target $artifact"
            done
        else
            echo "fuzz: $target: no crash input was written; full log: $dir/log"
        fi
    fi
done

if [ "$failed" = 0 ]; then
    rm -rf "$work"
    exit 0
fi
echo "fuzz: FAILED; inputs and logs kept in $work"
exit 1
