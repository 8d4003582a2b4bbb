#!/usr/bin/env bash
# The generator's CPU per completed journey on the built-in ENT's student
# journey (scenarios/student.yaml: CAS login form, submit_form, ticket
# redirect, portal, three API calls, a PDF, a homework upload, logout), in
# the open model at RATE journeys/s.
#
# `rollcall sim` runs on CPU 0, `rollcall run` on CPU 1 with one thread. For
# each run: user + system CPU of the whole `rollcall run` process (GNU time,
# start-up included) divided by the journeys it completed (summary JSON).
# Medians of RUNS runs. With BEFORE=path/to/another/rollcall, runs of that
# binary alternate with this tree's, so that both see the same machine.
# With STEADY=1 the CPU is the steady state's instead: every thread's
# (/proc/PID/task/*/schedstat) from 8 s after launch to 2 s before the
# arrivals end, divided by the journeys completed per second of arrivals
# times that window (as bench/vs-tsung.sh measures): start-up and the last
# journeys left out, a smaller spread between runs.
# With EXTRACT=1 the login step also extracts from the login page as many
# real scenarios do (a form field and two attributes by selector) before
# submit_form posts the form: the case where a page is read four times.
# With PAIRED=1 (and BEFORE), each run starts both binaries at once, on the
# same core and against the same simulator, and reads each one's
# steady-state CPU as STEADY=1 does: the two see the same machine at the
# same moment, so their ratio is far steadier than either figure on a
# virtual machine whose speed drifts by half within minutes. Which one is
# launched first alternates. Reported as well: the median of the runs'
# ratios, this / before.
#
# Usage: bench/journey-cpu.sh [RUNS] [DURATION] [RATE]     (defaults: 3 30s 50)
#        BEFORE=/tmp/rollcall-old bench/journey-cpu.sh     (compare two builds)
#        ROLLCALL=path/to/rollcall bench/journey-cpu.sh    (skip the build)
#        EXTRACT=1 bench/journey-cpu.sh                    (extractions on the login page)
#        STEADY=1 bench/journey-cpu.sh                     (steady-state window only)
#        PAIRED=1 BEFORE=... bench/journey-cpu.sh          (both builds at once, ratio per run)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-3}"
duration="${2:-30s}"
rate="${3:-50}"

command -v taskset >/dev/null || { echo "journey-cpu: taskset is missing (util-linux)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "journey-cpu: GNU time is missing (apt-get install time)" >&2; exit 2; }
[ "$(nproc)" -ge 2 ] || { echo "journey-cpu: needs 2 CPUs (one for the simulator, one for rollcall)" >&2; exit 2; }

rollcall="${ROLLCALL:-}"
if [ -z "$rollcall" ]; then
  build="$root/build"
  export CCACHE_BASEDIR="$root"
  [ -f "$build/CMakeCache.txt" ] || cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" --target rollcall >/dev/null
  rollcall="$build/rollcall"
fi

work="$(mktemp -d /tmp/rollcall-journey-cpu.XXXXXX)"
port=$(( 20000 + RANDOM % 12000 ))
sim_pid=""
cleanup() {
  if [ -n "$sim_pid" ]; then
    kill -TERM "$sim_pid" 2>/dev/null || true
    wait "$sim_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# The simulator of this tree serves every run, so that only the generator changes.
taskset -c 0 "$rollcall" sim --port "$port" >"$work/sim.log" 2>&1 &
sim_pid=$!
for _ in $(seq 50); do
  grep -q "listening" "$work/sim.log" 2>/dev/null && break
  sleep 0.1
done

. "$root/bench/lib.sh"

scenario_dir="$root/scenarios"
if [ "${EXTRACT:-0}" = 1 ]; then
  scenario_dir="$work/scenario"
  mkdir -p "$scenario_dir"
  ln -s "$root/scenarios/accounts" "$scenario_dir/accounts"
  awk '{ print }
       /expect: \{status: 200, contains: "execution"\}/ && !done {
         print "        extract:"
         print "          token: {form: \"#fm1\", field: execution}"
         print "          action: {html: \"form#fm1\", attribute: action}"
         print "          token_again: {html: \"input[name=execution]\", attribute: value}"
         done = 1
       }' "$root/scenarios/student.yaml" >"$scenario_dir/student.yaml"
  grep -q "token_again" "$scenario_dir/student.yaml" || { echo "journey-cpu: the login step was not found" >&2; exit 2; }
fi

# Runs binary $1 over the student journey on CPU 1, its files named $2.*
# (results, json, err); further words wrap it (GNU time). Exec'd: call it
# in a subshell.
run_journeys() {
  local binary="$1" out="$2"
  shift 2
  cd "$scenario_dir" && exec taskset -c 1 "$@" "$binary" run student.yaml --target "http://127.0.0.1:$port" \
    --rate "$rate" -d "$duration" -t 1 -q --out "$out.results" --json "$out.json" >/dev/null 2>"$out.err"
}

# The run's length in seconds, for the steady-state modes ($1 names the
# mode in the error): at least 15 s, so that the window is not empty.
steady_seconds() {
  local seconds="${duration%s}"
  [ "$seconds" -ge 15 ] 2>/dev/null || { echo "journey-cpu: $1 needs a duration in seconds, at least 15s" >&2; exit 2; }
  echo "$seconds"
}

# "ms_per_journey journeys" of run $1 ($1.json, $1.window from
# sample_window) whose arrivals lasted $2 seconds: the window's CPU divided
# by the journeys completed per second of arrivals times the window.
steady_ms() {
  python3 - "$1.json" "$1.window" "$2" <<'PY'
import json, sys
journeys = json.load(open(sys.argv[1]))["totals"]["journeys_completed"]
cpu, window, _ = map(float, open(sys.argv[2]).read().split())
per_s = journeys / float(sys.argv[3])  # completed per second of arrivals
print(f"{cpu * 1000 / max(per_s * window, 1e-9):.3f} {journeys}")
PY
}

# One run of binary $1, labelled $2: appends "ms_per_journey journeys" to $work/$2.
one_run() {
  local binary="$1" label="$2" n="$3"
  local out="$work/$label-$n"
  if [ "${STEADY:-0}" = 1 ]; then
    one_steady_run "$@"
    return
  fi
  (run_journeys "$binary" "$out" /usr/bin/time -f "%U %S" -o "$out.time")
  python3 - "$out.time" "$out.json" >>"$work/$label" <<'PY'
import json, sys
user, system = map(float, open(sys.argv[1]).read().split()[-2:])
journeys = json.load(open(sys.argv[2]))["totals"]["journeys_completed"]
print(f"{(user + system) * 1000 / max(journeys, 1):.3f} {journeys}")
PY
}

# The same, with the CPU of the steady-state window only.
one_steady_run() {
  local binary="$1" label="$2" n="$3"
  local out="$work/$label-$n"
  local seconds
  seconds=$(steady_seconds STEADY=1)
  local launched; launched=$(date +%s.%N)
  (run_journeys "$binary" "$out") &
  local pid=$!
  sample_window "$out.window" "$seconds" "$launched" "$pid" "$sim_pid"
  wait "$pid" || true
  steady_ms "$out" "$seconds" >>"$work/$label"
}

# Both binaries at once (PAIRED=1): appends to $work/before, $work/this
# and the run's ratio to $work/ratio.
one_paired_run() {
  local n="$1" seconds
  seconds=$(steady_seconds PAIRED=1)
  local labels=(before this) binaries=("$BEFORE" "$rollcall")
  [ $((n % 2)) = 0 ] && labels=(this before) binaries=("$rollcall" "$BEFORE")
  local launched; launched=$(date +%s.%N)
  local pids=() samplers=() i
  for i in 0 1; do
    (run_journeys "${binaries[$i]}" "$work/${labels[$i]}-$n") &
    pids+=($!)
  done
  for i in 0 1; do
    sample_window "$work/${labels[$i]}-$n.window" "$seconds" "$launched" "${pids[$i]}" "$sim_pid" &
    samplers+=($!)
  done
  wait "${samplers[@]}"
  wait "${pids[@]}" || true
  steady_ms "$work/before-$n" "$seconds" >>"$work/before"
  steady_ms "$work/this-$n" "$seconds" >>"$work/this"
  awk -v b="$(tail -1 "$work/before" | cut -d' ' -f1)" -v t="$(tail -1 "$work/this" | cut -d' ' -f1)" \
    'BEGIN { printf "%.3f\n", t / b }' >>"$work/ratio"
}

if [ "${PAIRED:-0}" = 1 ] && [ -z "${BEFORE:-}" ]; then
  echo "journey-cpu: PAIRED=1 needs BEFORE=path/to/another/rollcall" >&2
  exit 2
fi

machine_line
echo "student journey$([ "${EXTRACT:-0}" = 1 ] && echo ' with extractions on the login page'), open model at $rate journeys/s for $duration, $runs runs, rollcall on one core"
for n in $(seq "$runs"); do
  if [ "${PAIRED:-0}" = 1 ]; then
    one_paired_run "$n"
    continue
  fi
  [ -n "${BEFORE:-}" ] && one_run "$BEFORE" before "$n"
  one_run "$rollcall" this "$n"
done

report() {
  local label="$1" name="$2"
  [ -f "$work/$label" ] || return 0
  printf '%-8s CPU per completed journey: median %s ms (runs: %s); journeys completed: median %s\n' "$name" \
    "$(cut -d' ' -f1 "$work/$label" | median)" "$(cut -d' ' -f1 "$work/$label" | paste -sd' ')" \
    "$(cut -d' ' -f2 "$work/$label" | median)"
}
report before "before"
report this "this"
if [ -f "$work/ratio" ]; then
  printf 'this / before, run by run: median %s (runs: %s)\n' "$(median <"$work/ratio")" "$(paste -sd' ' "$work/ratio")"
fi
