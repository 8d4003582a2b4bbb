#!/usr/bin/env bash
# Installs what is missing, builds rollcall with AddressSanitizer and
# UndefinedBehaviorSanitizer, and runs every test through ctest; then the
# package, fuzz and ThreadSanitizer stages.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# Everything every stage needs, installed now: the stages' builds run in
# the background below, where two apt-get at once would fight for its lock.
bash "$root/scripts/install-deps.sh" --tests --package --fuzz
build="$root/build-test"
start=$(date +%s)
bash "$root/scripts/build.sh" "$build" -DCMAKE_BUILD_TYPE=Check -DROLLCALL_SANITIZE=ON -DROLLCALL_UNITY=ON
echo "rollcall: built in $(( $(date +%s) - start ))s"

# The later stages' builds (the package's Release, the fuzz harnesses,
# ThreadSanitizer) run while the tests do, under SCHED_IDLE: they get only
# the CPU the tests leave idle, and a test's process that wakes takes its
# core back at once, so the timing tests, which run alone and mostly wait,
# see the machine they would see without them. The stages below then find
# their builds done (ninja has nothing left to do) or finish them.
prebuild_log="$build/stage-builds.log"
(
  exec setsid chrt --idle 0 bash -c '
    root="$1"
    bash "$root/scripts/package.sh" >/dev/null
    ROLLCALL_BUILD_ONLY=1 bash "$root/scripts/fuzz.sh"
    ROLLCALL_BUILD_ONLY=1 bash "$root/scripts/tsan.sh"
  ' stage-builds "$root"
) >"$prebuild_log" 2>&1 &
prebuild=$!
# A failing test ends this script: the builds beside it end with it.
trap 'kill -TERM -- -"$prebuild" 2>/dev/null || true' EXIT

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$root/tests/ubsan.supp"
cd "$build"
# Two tests at a time (one per core); those whose verdict rests on timing
# run alone (RUN_SERIAL, tests/timing).
ctest --output-on-failure --timeout 600 -j "$(nproc)" --no-tests=error
tests_end=$(date +%s)
# A build that failed in the background fails again below, in its stage,
# with its errors shown.
wait "$prebuild" || true
trap - EXIT
echo "rollcall: the stages' builds, beside the tests, ended $(( $(date +%s) - tests_end ))s after them (log: $prebuild_log)"
# The Debian package (Release), installed with apt-get, run, and removed.
bash "$root/scripts/test-package.sh"
# libFuzzer: each harness of tests/fuzz for 15 s, with a fixed seed (explore
# with: bash scripts/fuzz.sh 60)
ROLLCALL_FUZZ_SEED=1 bash "$root/scripts/fuzz.sh"
bash "$root/scripts/tsan.sh"  # ThreadSanitizer: rollcall's two-lane bench and interrupted run
