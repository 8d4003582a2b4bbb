#!/usr/bin/env bash
# Installs what is missing, builds rollcall with AddressSanitizer and
# UndefinedBehaviorSanitizer, and runs every test through ctest.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bash "$root/scripts/install-deps.sh" --tests --package
build="$root/build-test"
start=$(date +%s)
bash "$root/scripts/build.sh" "$build" -DCMAKE_BUILD_TYPE=Check -DROLLCALL_SANITIZE=ON -DROLLCALL_UNITY=ON
echo "rollcall: built in $(( $(date +%s) - start ))s"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$root/tests/ubsan.supp"
cd "$build"
# Two tests at a time (one per core); those whose verdict rests on timing
# run alone (RUN_SERIAL, tests/timing).
ctest --output-on-failure --timeout 600 -j "$(nproc)" --no-tests=error
# The Debian package (Release), installed with apt-get, run, and removed.
bash "$root/scripts/test-package.sh"
# libFuzzer: each harness of tests/fuzz for 15 s, with a fixed seed (explore
# with: bash scripts/fuzz.sh 60)
ROLLCALL_FUZZ_SEED=1 bash "$root/scripts/fuzz.sh"
bash "$root/scripts/tsan.sh"  # ThreadSanitizer: rollcall's two-lane bench and interrupted run
