#!/usr/bin/env bash
# How close `rollcall capacity` comes to a capacity known by construction.
#
# The built-in ENT (`rollcall sim`, its own process) is configured with a
# capacity C (journeys/s) known by construction: the highest rate of Poisson
# arrivals at which the search's objectives hold, computed by simulating the
# simulator's queue event by event (bench/queue_model.py; see figures()).
# rollcall then searches with a login journey (the CAS login and its
# redirects, the portal, the logout; no think time: entry, login-form,
# login-post, ticket, portal, logout).
#
# Configurations (see docs/simulator.md, "What C means"):
#
#   c5 c12 c49 c100 c400 c1500  C of about 5 to 1,500/s. rollcall capacity with
#       its DEFAULT search settings (only the objectives and
#       --no-recovery-check), once per seed in $SEEDS (default "1 2 3"; the
#       seed goes to both the simulator and the search). One objective
#       defines C: p95 of the step with the longest service time, at about
#       85% of the throughput bound W / T; the other steps' objectives are
#       generous. The queue is deep (2 s of requests at W / T, at least
#       2,000): no quota page below C.
#       Pass: found in [0.90 C, C] and the search took at most 3 minutes
#       (6 below 20/s).
#   demo    `rollcall demo --seed N`, N in $DEMO_SEEDS (default 1..5); C is the
#       demo's own (49.02): found in [0.90 C, C], within 3 minutes.
#   drift   W / T = 30/s with --drift 20% (seed: the first of $SEEDS): the
#       found point must not be above C_min, C with every service time 20%
#       longer, the lowest capacity the target sustains; whether the output says the capacity "moved" is
#       reported, not judged.
#   small medium large  the earlier checks (C = W / T of 100, 400, 1,500 with a
#       tuned --start-rate, p95 < 100ms on every step, the expected limiting
#       step).
#   starved the large ENT with one generator thread and a start far above
#       what it can send: must end "generator-limited", exit code 4.
#
# Nothing is pinned: the simulator's one thread and rollcall's two lanes
# share both cores.
#
# Usage: bench/capacity-accuracy.sh [CONFIG...]
#   default: c5 c12 c49 c100 c400 c1500 drift demo (about an hour and a half)
#   SEEDS="1 2 3" DEMO_SEEDS="1 2 3 4 5"  the seeds to run
#   ROLLCALL=path/to/rollcall             use that binary; no install, no build
#   GUARD=SECONDS                         kill a search after that long (default:
#                                         twice its time limit)
# Rows go to stdout and to bench/out/capacity-accuracy.txt.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/bench/lib.sh"
if [ -n "${ROLLCALL:-}" ]; then
  rollcall="$ROLLCALL"
else
  bash "$root/scripts/install-deps.sh" --tests
  BUILD_TARGET=rollcall bash "$root/scripts/build.sh" "$root/build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  rollcall="$root/build/rollcall"
fi
SEEDS="${SEEDS:-1 2 3}"
DEMO_SEEDS="${DEMO_SEEDS:-1 2 3 4 5}"
ulimit -n "$(ulimit -Hn)"
work="$(mktemp -d /tmp/rollcall-capacity-accuracy.XXXXXX)"
mkdir -p "$root/bench/out"
table="$root/bench/out/capacity-accuracy.txt"
sim_pid=""
stop_sim() { if [ -n "$sim_pid" ]; then kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true; sim_pid=""; fi; }
trap 'stop_sim; rm -rf "$work"' EXIT

# The login journey, every line named so that objectives can point at it.
cat >"$work/login.yaml" <<'YAML'
target: http://127.0.0.1:8080
admission:
  rejected:
    when: {header: {X-ENT-Admission: quota}}
personas:
  student:
    feeder: {file: ACCOUNTS/students.csv, mode: cycle}
    flow:
      - get: /
        name: login
        redirects: {names: [form]}
        expect: {status: 200, contains: "execution"}
      - submit_form:
          form: "#fm1"
          fields: {username: "${username}", password: "${password}"}
        name: cas-login-submit
        redirects: {names: [service, portal]}
        expect: {status: 200, contains: "Bonjour"}
      - get: /cas/logout
        name: logout
YAML
sed -i "s#ACCOUNTS#$root/scenarios/accounts#" "$work/login.yaml"
# The journey's steps in order, with the endpoint each one is served by.
steps=("login:entry" "login > form:login-form" "cas-login-submit:login-post" "cas-login-submit > service:ticket"
       "cas-login-submit > portal:portal" "logout:logout")

# The simulator of each configuration (the queue is added by queue_for).
sim_flags() {
  case "$1" in
    # Few workers and long service times: small C without a slow generator.
    c5)    echo "--workers 2 --service-time entry=20ms --service-time login-form=30ms --service-time login-post=300ms --service-time ticket=20ms --service-time portal=20ms --service-time logout=10ms";;
    c12)   echo "--workers 3 --service-time entry=10ms --service-time login-form=20ms --service-time login-post=150ms --service-time ticket=20ms --service-time portal=40ms --service-time logout=10ms";;
    c49)   echo "--workers 8 --service-time entry=5ms --service-time login-form=10ms --service-time login-post=100ms --service-time ticket=15ms --service-time portal=30ms --service-time logout=3ms";;
    c100|small)  echo "--workers 10 --service-time login-post=60ms";;
    c400|medium) echo "--workers 20 --service-time login-post=5ms --service-time portal=25ms";;
    c1500|large) echo "--workers 60 --service-time login-post=20ms --service-time portal=8ms --service-time entry=2ms --service-time login-form=4ms --service-time ticket=4ms --service-time logout=2ms";;
    drift) echo "--workers 3 --service-time entry=5ms --service-time login-form=10ms --service-time login-post=50ms --service-time ticket=10ms --service-time portal=20ms --service-time logout=5ms --drift 20%";;
    *) echo "unknown configuration '$1' (expected c5 c12 c49 c100 c400 c1500 demo drift small medium large starved)" >&2; exit 2;;
  esac
}

# The earlier checks: queue, the step made the bottleneck, search flags.
old_config() {
  case "$1" in
    small)  echo "--queue 2000|cas-login-submit|--start-rate 20";;
    medium) echo "--queue 4000|cas-login-submit > portal|--start-rate 80";;
    large)  echo "--queue 8000|cas-login-submit|--start-rate 300 --growth 1.5";;
  esac
}

# From --describe --json and the queue model (bench/queue_model.py): C,
# C_min (the drift's slowest moment), the throughput bound W / T, the queue (2 s of the journey's
# requests at the throughput bound, at least 2,000) and the objective of each
# step, one threshold in ms per step.
#
# C is the highest rate at which the objectives hold under Poisson arrivals,
# computed by simulating the simulator's queue (W workers, fixed service
# times, arrival order). One objective defines it: the step with the longest
# service time (the CAS login post, or the portal), p95 < its service time +
# the p95 wait at 85% of the throughput bound W / T (at least 10 ms), rounded
# up to 10 ms. The others are generous: p95 < max(10 x the service time, the
# service time + the p95 of the M/M/W wait at 0.97 W / T, 500 ms), so that
# one objective, not six, sits at its threshold at C. Why not C = W / T: at
# utilisation 1 a queue is a random walk, whose verdict no finite step
# settles (docs/simulator.md, "What C means").
figures() {
  "$rollcall" sim $1 --describe --json | python3 -c '
import json, math, sys
sys.path.insert(0, sys.argv[1])
import queue_model
d = json.load(sys.stdin)
s = {e["name"]: e["service_time_ms"] / 1000 for e in d["endpoints"]}
path = ["entry", "login-form", "login-post", "ticket", "portal", "logout"]
w, t = d["workers"], sum(s[e] for e in path)
bound = w / t
def erlang_c(w, a):  # probability of waiting, M/M/w with offered load a
    term, total = 1.0, 1.0
    for k in range(1, w):
        term *= a / k
        total += term
    last = term * a / w / (1 - a / w)
    return last / (total + last)
rho, mean = 0.97, t / len(path)
pw = erlang_c(w, rho * w)
wait = mean / (w * (1 - rho)) * math.log(pw / 0.05) if pw > 0.05 else 0.0
generous = [math.ceil(max(10 * s[e], s[e] + wait, 0.5) * 10) / 10 for e in path]
service = [s[e] for e in path]
bind = max(range(len(path)), key=lambda i: service[i])
m = queue_model.capacity(w, service, generous, bind)
c = m["c"]
c_min = queue_model.capacity(w, service, m["threshold_s"], scale=1 + d["drift"])["c"] if d["drift"] else c
print("%.2f %.2f %.2f %d %s" % (c, c_min, bound, max(2000, math.ceil(2 * bound * len(path))), " ".join("%d" % round(l * 1000) for l in m["threshold_s"])))' "$root/bench"
}

start_sim() {
  local log="$work/sim.log"
  "$rollcall" sim --port 0 $1 >"$log" 2>&1 &
  sim_pid=$!
  url=""
  for _ in $(seq 100); do
    url="$(sed -n 's/^listening on \(http:\/\/[^ ]*\).*/\1/p' "$log" | head -1)"
    [ -n "$url" ] && break
    sleep 0.05
  done
  [ -n "$url" ] || { echo "the simulator did not start" >&2; cat "$log" >&2; exit 1; }
}

# Runs a command timed (seconds in $work/time), killed (SIGINT, then KILL)
# after $1 seconds; its exit code in $code, its output in $work/out.txt.
timed() {
  local guard="$1"
  shift
  set +e
  /usr/bin/time -f %e -o "$work/time" timeout --signal=INT --kill-after=30 "$guard" "$@" >"$work/out.txt" 2>&1
  code=$?
  set -e
  [ -s "$work/time" ] || echo 0 >"$work/time"
}

# One table row from a result JSON: judge.py MODE JSON C C_MIN SECS LIMIT NAME SEED CODE [EXPECTED]
cat >"$work/judge.py" <<'PY'
import json, sys
mode, path, c, c_min, secs, limit, name, seed, code = sys.argv[1:10]
expected = sys.argv[10] if len(sys.argv) > 10 else ""
c, c_min, limit = float(c), float(c_min), float(limit)
secs = float(secs.split()[-1]) if secs.split() else 0.0  # the last line of time -o: the elapsed seconds
try:
    s = json.load(open(path))["saturation"]
except Exception as e:
    s = {"rate_per_s": None, "limiting_step": None, "kind": f"no result ({type(e).__name__})", "capacity_moved": None}
found = s.get("rate_per_s") or 0
limiting = s.get("limiting_step") or "-"
reasons = []
if mode == "drift":
    if found > c_min: reasons.append(f"above C_min {c_min:.1f}")
    if found <= 0: reasons.append("no saturation point")
else:
    if found > c: reasons.append("above C")
    elif found < 0.9 * c: reasons.append("below 0.9 C")
if mode == "old" and limiting != expected + " p95": reasons.append(f"limiting step is not {expected} p95")
if secs > limit: reasons.append(f"over {limit / 60:g} min")
if code == "124": reasons.append("stopped by the time guard (GUARD)")
elif code not in ("0", "1"): reasons.append(f"exit {code}")
note = f"{s.get('kind')}, exit {code}"
if mode == "drift":
    moved = bool(s.get("capacity_moved")) or "moved" in open(sys.argv[11]).read()
    note += f", C_min {c_min:.1f}, found/C_min {found / c_min:.3f}, output {'mentions' if moved else 'does not mention'} the capacity moving"
verdict = "PASS" if not reasons else "FAIL: " + "; ".join(reasons)
print(f"{name:<8} {c:8.1f} {seed:>4} {found:9.1f} {found / c:7.3f}  {limiting:<30} {secs:8.0f}  {verdict} ({note})")
PY

row() { python3 "$work/judge.py" "$@" | tee -a "$table"; }

# A search against the simulator: run_search MODE NAME SEED
run_search() {
  local mode="$1" n="$2" seed="$3" flags line="" extra="" queue
  flags="$(sim_flags "$n")"
  if [ "$mode" = old ]; then
    IFS='|' read -r queue line extra <<<"$(old_config "$n")"
    flags="$flags $queue"
  fi
  # The queue model takes half a minute: once per configuration.
  local key
  key="$(echo "$flags" | md5sum | cut -c1-12)"
  [ -s "$work/figures.$key" ] || figures "$flags" >"$work/figures.$key"
  read -r c c_min bound q limits <"$work/figures.$key"
  # The earlier checks judge against the throughput bound (their objectives
  # hold up to it).
  [ "$mode" = old ] && { c="$bound"; c_min="$bound"; }
  [ "$mode" = old ] || flags="$flags --queue $q"
  local slo=() i=0 limit=180 limits_a
  read -r -a limits_a <<<"$limits"
  for s in "${steps[@]}"; do
    if [ "$mode" = old ]; then slo+=(--slo "${s%%:*}.p95 < 100ms")
    else slo+=(--slo "${s%%:*}.p95 < ${limits_a[$i]}ms"); fi
    i=$((i + 1))
  done
  [ "${c%.*}" -ge 20 ] || limit=360
  start_sim "$flags --seed $seed"
  local out="$root/bench/out/capacity-$n-seed$seed.json"
  rm -f "$out"
  # shellcheck disable=SC2086
  timed "${GUARD:-$((2 * limit))}" "$rollcall" capacity "$work/login.yaml" --target "$url" --seed "$seed" $extra \
    --no-recovery-check -q --json "$out" "${slo[@]}" --slo "errors < 1%"
  stop_sim
  echo "# $n: sim $flags; objectives: ${slo[*]}" >>"$work/configs.txt"
  row "$mode" "$out" "$c" "$c_min" "$(cat "$work/time")" "$limit" "$n" "$seed" "$code" "$line" "$work/out.txt"
}

run_demo() {
  local seed="$1" out="$root/bench/out/capacity-demo-seed$1.json" c
  rm -f "$out"
  timed "${GUARD:-360}" "$rollcall" demo --seed "$seed" -q --json "$out"
  c="$(grep -m1 -o 'known capacity [0-9.]*' "$work/out.txt" | awk '{print $3}')"
  row demo "$out" "${c:-49.02}" "${c:-49.02}" "$(cat "$work/time")" 180 demo "$seed" "$code" "" "$work/out.txt"
}

run_starved() {
  local queue
  IFS='|' read -r queue _ _ <<<"$(old_config large)"
  start_sim "$(sim_flags large) $queue"
  timed "${GUARD:-360}" "$rollcall" capacity "$work/login.yaml" --target "$url" -t 1 \
    --start-rate 3000 --warmup 0 --no-recovery-check -q --json "$root/bench/out/capacity-starved.json" \
    --slo "errors < 1%"
  stop_sim
  printf '%-8s %8s %4s %9s %7s  %-30s %8s  %s\n' starved - 1 - - - "$(tail -1 "$work/time")" \
    "$([ "$code" = 4 ] && echo PASS || echo FAIL) (exit $code: $(grep -m1 -o 'Generator-limited at [^:]*' "$work/out.txt" || echo 'NOT generator-limited'))" |
    tee -a "$table"
}

header="$(machine_line); load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"
echo "$header" | tee "$table"
printf '%-8s %8s %4s %9s %7s  %-30s %8s  %s\n' config C seed found found/C "limiting step" seconds verdict | tee -a "$table"
for n in ${*:-c5 c12 c49 c100 c400 c1500 drift demo}; do
  case "$n" in
    c5|c12|c49|c100|c400|c1500) for seed in $SEEDS; do run_search new "$n" "$seed"; done;;
    drift) run_search drift drift "${SEEDS%% *}";;
    demo) for seed in $DEMO_SEEDS; do run_demo "$seed"; done;;
    small|medium|large) run_search old "$n" 1;;
    starved) run_starved;;
    *) sim_flags "$n" >/dev/null;;
  esac
done
passed="$(grep -c ' PASS' "$table" || true)"
runs="$(grep -cE ' (PASS|FAIL)' "$table" || true)"
echo "$passed of $runs runs passed" | tee -a "$table"
{ echo; cat "$work/configs.txt" 2>/dev/null || true; } >>"$table"
