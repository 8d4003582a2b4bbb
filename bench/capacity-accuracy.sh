#!/usr/bin/env bash
# How close `rollcall capacity` comes to a capacity known by construction.
#
# The built-in ENT (`rollcall sim`, its own process) is configured three
# ways, each with a different step made the bottleneck and a capacity C
# (journeys/s) of about 100, 400 and 1,500, computed from its --describe
# figures: C = workers / (sum of the service times of the journey's
# requests). rollcall then searches with a login journey (the CAS login and
# its redirects, the portal, the logout; no think time), judged by the same
# latency objective on every step, so that the step with the longest service
# time breaks first. Pass: the saturation point found is in [0.90 C, C], the
# limiting step is the configuration's, and the search takes under 3
# minutes. A fourth run starves the generator (one thread, a CPU cost it
# cannot pay) and must end "generator-limited", exit code 4.
#
# Nothing is pinned: the simulator's one thread and rollcall's two lanes
# share both cores (pinned, rollcall's two lanes on one core could not keep
# up with the overloaded steps of the large configuration).
#
# Usage: bench/capacity-accuracy.sh [CONFIG...]   (default: all of small medium large starved)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/bench/lib.sh"
bash "$root/scripts/install-deps.sh"
BUILD_TARGET=rollcall bash "$root/scripts/build.sh" "$root/build" -DCMAKE_BUILD_TYPE=Release >/dev/null
rollcall="$root/build/rollcall"
ulimit -n "$(ulimit -Hn)"
work="$(mktemp -d /tmp/rollcall-capacity-accuracy.XXXXXX)"
mkdir -p "$root/bench/out"
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

# name | sim flags | the step made the bottleneck | its objective line | search flags
configs() {
  case "$1" in
    small)  echo "--workers 10 --queue 2000 --service-time login-post=60ms|cas-login-submit|--start-rate 20";;
    medium) echo "--workers 20 --queue 4000 --service-time login-post=5ms --service-time portal=25ms|cas-login-submit > portal|--start-rate 80";;
    large)  echo "--workers 60 --queue 8000 --service-time login-post=20ms --service-time portal=8ms --service-time entry=2ms --service-time login-form=4ms --service-time ticket=4ms --service-time logout=2ms|cas-login-submit|--start-rate 300 --growth 1.5";;
  esac
}

# C from --describe: workers / the summed service time of the journey's endpoints.
capacity_of() {
  "$rollcall" sim $1 --describe --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
s = {e["name"]: e["service_time_ms"] for e in d["endpoints"]}
t = sum(s[e] for e in ["entry", "login-form", "login-post", "ticket", "portal", "logout"])
print("%.1f" % (d["workers"] * 1000 / t))'
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

echo "$(machine_line); load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-8s %8s %9s %7s  %-28s %-28s %8s %s\n' config C found found/C "limiting step" "expected" seconds verdict
for name in "${@:-small medium large starved}"; do
  for n in $name; do
    if [ "$n" = starved ]; then
      # The large ENT, but one generator thread and a start far above what one
      # thread can send: the generator, not the target, is the bottleneck.
      IFS='|' read -r flags line extra <<<"$(configs large)"
      start_sim "$flags"
      out="$root/bench/out/capacity-starved.json"
      set +e
      /usr/bin/time -f %e -o "$work/time" "$rollcall" capacity "$work/login.yaml" --target "$url" -t 1 \
        --start-rate 3000 --warmup 0 --no-recovery-check -q --json "$out" \
        --slo "errors < 1%" >"$work/out.txt" 2>&1
      code=$?
      set -e
      stop_sim
      printf '%-8s %8s %9s %7s  %-28s %-28s %8s %s\n' starved - - - - - "$(tail -1 "$work/time")" \
        "exit $code: $(grep -m1 -o 'Generator-limited at [^:]*' "$work/out.txt" || echo 'NOT generator-limited')"
      continue
    fi
    IFS='|' read -r flags line extra <<<"$(configs "$n")"
    c="$(capacity_of "$flags")"
    start_sim "$flags"
    out="$root/bench/out/capacity-$n.json"
    slo=()
    for step in login "login > form" cas-login-submit "cas-login-submit > service" "cas-login-submit > portal" logout; do
      slo+=(--slo "$step.p95 < 100ms")
    done
    set +e
    /usr/bin/time -f %e -o "$work/time" "$rollcall" capacity "$work/login.yaml" --target "$url" $extra \
      --no-recovery-check -q --json "$out" "${slo[@]}" --slo "errors < 1%" >"$work/out.txt" 2>&1
    code=$?
    set -e
    stop_sim
    python3 - "$out" "$c" "$line" "$(tail -1 "$work/time")" "$n" "$code" <<'PY'
import json, sys
path, c, expected, secs, name, code = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]
s = json.load(open(path))["saturation"]
found = s["rate_per_s"] or 0
limiting = s["limiting_step"] or "-"
ok = 0.9 * c <= found <= c and limiting == expected + " p95" and float(secs) < 180
print(f"{name:<8} {c:8.1f} {found:9.1f} {found / c:7.3f}  {limiting:<28} {expected + ' p95':<28} {float(secs):8.0f} "
      f"{'PASS' if ok else 'FAIL'} ({s['kind']}, exit {code})")
PY
  done
done
