#!/usr/bin/env bash
# Builds rollcall and the engine, report and capacity tests with
# ThreadSanitizer, runs those tests, then runs the program itself with two
# lanes against its simulator. Usage: scripts/tsan.sh [BUILD_DIR]
# (default: build-tsan). What is built and run, and why no more: see
# docs/building.md, "ThreadSanitizer".
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build-tsan}"
start=$(date +%s)
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
export CCACHE_BASEDIR="$root"
cmake -S "$root" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Check -DROLLCALL_SANITIZE=OFF -DROLLCALL_TSAN=ON -DROLLCALL_UNITY=ON >/dev/null
cmake --build "$build" -j "$(nproc)" --target rollcall test_engine test_report test_capacity
echo "rollcall: ThreadSanitizer build in $(( $(date +%s) - start ))s"

# halt_on_error: a race fails the test or the run that shows it.
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$root/tests/tsan.supp"
cd "$build"
# Left out: the report tests built on synthetic runs of minutes to an hour
# (compare, the HTML report, the CLI's report and compare, summary and junit
# of a capacity search, the stream's round trip). They are single-threaded
# and take 1-5 minutes each under ThreadSanitizer; the AddressSanitizer
# build runs them.
ctest --output-on-failure --timeout 600 -j "$(nproc)" -R "^(engine|report|capacity):" \
  -E "^report:(rollcall (report|compare)|compare (of|finds|lets|judges)|html |summary json carries|junit xml|results stream round trip)"

# The unit tests above run on one thread; the engine's lanes, its interval
# collector, the signal watcher, the results writer and the metrics endpoint
# share data only in a run.
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
