#!/usr/bin/env bash
# Builds the libFuzzer harnesses (tests/fuzz) with clang, ASan and UBSan, and
# runs each for SECONDS (default 15) on a scratch copy of its seeds and
# regressions: the corpus in the repository is never modified. Fails on any
# crash, leak, broken invariant or memory cap, leaving the input that did it
# under build-fuzz/artifacts/ (its path is in the log). Two harnesses run at
# a time, one per core. Usage: scripts/fuzz.sh [SECONDS_PER_HARNESS]
# ROLLCALL_FUZZ_SEED=N makes the mutations repeat from run to run (the test
# suite's stage uses it, so that CI is red on a change, not on the luck of
# a draw); without it each run explores anew.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-15}"
bash "$root/scripts/install-deps.sh" --fuzz

build="$root/build-fuzz"
start=$(date +%s)
# -O1: libFuzzer's usual trade between build time and executions per second.
# The compiler's chatter goes to a log, shown when the build fails (ninja
# prints errors on its standard output).
mkdir -p "$build"
if ! BUILD_TARGET=fuzz_all bash "$root/scripts/build.sh" "$build" -DCMAKE_CXX_COMPILER=clang++ -DROLLCALL_TESTS=OFF \
  -DROLLCALL_FUZZ=ON -DROLLCALL_UNITY=ON -DCMAKE_BUILD_TYPE=Check "-DCMAKE_CXX_FLAGS_CHECK=-O1 -gline-tables-only" \
  >"$build/build.log" 2>&1; then
  grep -E -A3 'error|FAILED' "$build/build.log" | head -n 60 >&2 || tail -n 60 "$build/build.log" >&2
  echo "rollcall: the fuzz harnesses did not build (whole log: $build/build.log)" >&2
  exit 1
fi
echo "rollcall: fuzz harnesses built in $(( $(date +%s) - start ))s"

export ASAN_OPTIONS="detect_leaks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$root/tests/ubsan.supp"
runs="$build/fuzz-runs"
artifacts="$build/artifacts"
rm -rf "$runs"
mkdir -p "$runs" "$artifacts"

# Per harness: the largest input worth trying, and the largest single
# allocation allowed. The reader of a server's answers and the histogram
# decoder must hold what a hostile input asks to a few MiB.
options_of() {
  case "$1" in
    response_reader|hlog) echo "-max_len=8192 -malloc_limit_mb=32" ;;
    # A brotli stream may ask for a 16 MiB window, whatever its output.
    content_coding) echo "-max_len=8192 -malloc_limit_mb=64" ;;
    html) echo "-max_len=16384 -malloc_limit_mb=256" ;;
    # A HAR is JSON around a page or two: 4 KiB holds no login.
    scenario_yaml|results_stream|har) echo "-max_len=16384 -malloc_limit_mb=256" ;;
    *) echo "-max_len=4096 -malloc_limit_mb=256" ;;
  esac
}

run_one() {
  local name="$1" dir="$runs/$1"
  mkdir -p "$dir/corpus"
  for seeds in "$root/tests/fuzz/corpus/$name" "$root/tests/fuzz/regressions/$name"; do
    [ -d "$seeds" ] && cp "$seeds"/* "$dir/corpus/" 2>/dev/null || true
  done
  # shellcheck disable=SC2046
  if "$build/tests/fuzz/fuzz_$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
       ${ROLLCALL_FUZZ_SEED:+-seed="$ROLLCALL_FUZZ_SEED"} \
       $(options_of "$name") -print_final_stats=1 -artifact_prefix="$artifacts/$name-" \
       "$dir/corpus" >"$dir/log" 2>&1; then
    echo ok >"$dir/status"
  else
    echo failed >"$dir/status"
  fi
}

names=()
for harness in "$build"/tests/fuzz/fuzz_*; do
  [ -x "$harness" ] && [ -f "$harness" ] && names+=("${harness##*/fuzz_}")
done
for name in "${names[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$(nproc)" ]; do wait -n || true; done
  run_one "$name" &
done
wait

failed=0
printf '%-16s %12s  %s\n' harness executions result
for name in "${names[@]}"; do
  log="$runs/$name/log"
  execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || echo "?")
  status=$(cat "$runs/$name/status")
  printf '%-16s %12s  %s\n' "$name" "$execs" "$status"
  if [ "$status" != ok ]; then
    failed=1
    echo "--- fuzz_$name: last lines of $log" >&2
    tail -n 40 "$log" >&2
    grep -h 'Test unit written to\|artifact_prefix\|^SUMMARY' "$log" >&2 || true
  fi
done
echo "rollcall: fuzz stage took $(( $(date +%s) - start ))s"
if [ "$failed" -ne 0 ]; then
  echo "rollcall: a harness failed; add its input to tests/fuzz/regressions/<name>/ once fixed" >&2
  exit 1
fi
