#!/usr/bin/env bash
# Builds rollcall with ThreadSanitizer and runs it with two lanes against
# its simulator: a bench, and a scenario run with a results directory and
# the metrics endpoint, interrupted. Usage: scripts/tsan.sh [BUILD_DIR]
# (default: build-tsan). What is run, and why no more: see
# docs/building.md, "ThreadSanitizer".
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build-tsan}"
start=$(date +%s)
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
export CCACHE_BASEDIR="$root"
cmake -S "$root" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Check -DROLLCALL_SANITIZE=OFF -DROLLCALL_TSAN=ON -DROLLCALL_UNITY=ON >/dev/null
cmake --build "$build" -j "$(nproc)" --target rollcall
echo "rollcall: ThreadSanitizer build in $(( $(date +%s) - start ))s"

# halt_on_error: a race fails the run that shows it.
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$root/tests/tsan.supp"
cd "$build"
# No unit test here: ThreadSanitizer finds races between threads, and the
# engine, capacity and report tests each run on the one thread of the test
# (strace, 2026-12-05: no thread started by any of them, nor by the
# `rollcall report`, `compare` and `merge` they run); the
# AddressSanitizer build runs them all. What shares data between threads
# does so only in a run: the lanes and the interval exchange they deliver
# to, the signal watcher, the results writer on the run's thread and the
# metrics endpoint's own thread. So rollcall itself is run, two lanes each:
smoke="$build/tsan-run"
rm -rf "$smoke"
mkdir -p "$smoke"
./rollcall sim --port 0 >"$smoke/sim.txt" 2>&1 &
sim=$!
trap 'kill "$sim" 2>/dev/null || true' EXIT
for _ in $(seq 300); do grep -q "^listening on " "$smoke/sim.txt" && break; sleep 0.1; done
target="$(sed -n 's/^listening on //p' "$smoke/sim.txt")"
[ -n "$target" ] || { cat "$smoke/sim.txt"; echo "rollcall sim did not start" >&2; exit 1; }
./rollcall bench "$target/health" -t 2 -c 4 -d 3s >"$smoke/bench.txt" 2>&1 || { cat "$smoke/bench.txt"; exit 1; }
# Interrupted mid-run: exit code 3, the summary and results still written.
./rollcall run "$root/scenarios/student.yaml" --target "$target" --rate 10 -t 2 -d 60s -q \
  --out "$smoke/results" --metrics-listen 127.0.0.1:0 >"$smoke/run.txt" 2>&1 &
run=$!
# Interrupted once the stream holds three interval records, however slow the start.
for _ in $(seq 600); do
  intervals="$(grep -c '"type":"interval"' "$smoke/results/results.jsonl" 2>/dev/null || true)"
  [ "${intervals:-0}" -ge 3 ] && break
  sleep 0.1
done
kill -INT "$run"
code=0
wait "$run" || code=$?
[ "$code" -eq 3 ] || { cat "$smoke/run.txt"; echo "rollcall run under ThreadSanitizer: exit code $code, not 3" >&2; exit 1; }
echo "rollcall: ThreadSanitizer stage in $(( $(date +%s) - start ))s"
