#!/usr/bin/env bash
# What a logged-in virtual user costs rollcall in memory.
#
# nginx (one worker, CPU 0) answers /login with a session cookie; each user
# logs in and then reads for an hour, so it stays logged in (cookie jar and
# variables kept, its journey's coroutines parked on a timer) until the run
# ends. rollcall (one thread, CPU 1) starts the users over a ramp-up, and the
# script samples its VmRSS (/proc/PID/status) and open descriptors once the
# plateau is reached, then reads the run's JSON (peak RSS from getrusage,
# loop lag while starting and after). Two cases:
#   keep-alive  15,000 users, each holding one idle keep-alive connection
#               (the descriptor hard limit, 20,000, cannot be raised here),
#               from one source address (the kernel's choice), then spread
#               over --source-ip, then spread and all started at once
#               (--ramp-up 0s) for the loop lag;
#   closed      100,000 users whose server closed the connection after the
#               login (keepalive_timeout 0): no socket held, spread over
#               --source-ip 127.0.0.2-127.0.0.9.
# Per user = (plateau RSS - plateau RSS of the same run with 1 user) / (N-1).
#
# Usage: bench/vus-memory.sh [KEEPALIVE_USERS] [CLOSED_USERS]   (defaults: 15000 100000)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
keepalive_users="${1:-15000}"
closed_users="${2:-100000}"
source_ip="${SOURCE_IP:-127.0.0.2-127.0.0.9}"

. "$root/bench/lib.sh"
bench_setup "$root" vus-memory
port2=$(( port + 1 ))

{
nginx_preamble | sed 's/worker_connections 16000/worker_connections 19000/'
echo "http {"
nginx_http_preamble
cat <<CONF
  server {
    listen 127.0.0.1:$port backlog=4096;
    keepalive_timeout 3600s;
    location = /login { add_header Set-Cookie "JSESSIONID=0123456789abcdef0123456789abcdef; Path=/; HttpOnly"; return 200 "welcome"; }
  }
  server {
    listen 127.0.0.1:$port2 backlog=4096;
    keepalive_timeout 0;
    location = /login { add_header Set-Cookie "JSESSIONID=0123456789abcdef0123456789abcdef; Path=/; HttpOnly"; return 200 "welcome"; }
  }
}
CONF
} >"$work/nginx.conf"
start_nginx
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port2/login" 2>/dev/null | grep -q welcome && break; sleep 0.05; done
kill -0 "$nginx_pid" 2>/dev/null || { echo "nginx did not start:" >&2; cat "$work/logs/error.log" >&2; exit 1; }

cat >"$work/parked.yaml" <<'YAML'
target: http://127.0.0.1/
personas:
  parent:
    flow:
      - get: /login
        name: login
        expect: {status: 200}
      - think: 1h
YAML

kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

# measure NAME USERS PORT RAMP_S [rollcall args...]: runs rollcall, samples
# RSS and descriptors at the plateau (5 samples, 1 s apart, from RAMP+5 s),
# prints "NAME users rss_kib fds json_file".
measure() {
  local name="$1" users="$2" p="$3" ramp="$4"; shift 4
  local duration=$(( ramp + 12 ))
  local json="$work/$name.json"
  taskset -c 1 "$rollcall" run "$work/parked.yaml" --target "http://127.0.0.1:$p/" --vus "$users" -t 1 \
    -d "${duration}s" --ramp-up "${ramp}s" --grace 1s --json "$json" "$@" >"$work/$name.out" 2>&1 &
  local pid=$!
  sleep $(( ramp + 5 ))
  local rss=() fds=()
  for _ in 1 2 3 4 5; do
    rss+=("$(kib "$pid")")
    fds+=("$(ls "/proc/$pid/fd" | wc -l)")
    sleep 1
  done
  wait "$pid" || { echo "rollcall failed:" >&2; cat "$work/$name.out" >&2; exit 1; }
  echo "$name $users $(printf '%s\n' "${rss[@]}" | median) $(printf '%s\n' "${fds[@]}" | median) $json"
}

# field JSON PATH...: one number of the run's JSON.
field() { python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))
for k in sys.argv[2:]: v=v[int(k)] if isinstance(v,list) else v[k]
print(v)' "$@"; }

report() {
  local label="$1" base_line="$2" line="$3"
  read -r _ _ base_kib _ base_json <<<"$base_line"
  read -r name users kib fds json <<<"$line"
  local per_user peak_per_user
  per_user=$(awk -v a="$kib" -v b="$base_kib" -v n="$users" 'BEGIN {printf "%.2f", (a-b)*1024/(n-1)/1000}')
  peak_per_user=$(awk -v a="$(field "$json" generator peak_rss_bytes)" -v b="$(field "$base_json" generator peak_rss_bytes)" -v n="$users" \
    'BEGIN {printf "%.2f", (a-b)/(n-1)/1000}')
  printf '| %s | %s | %.1f MiB | %.1f MiB | %s | %s KB | %s KB | %s / %s | %s / %s ms | %s / %s ms |\n' \
    "$label" "$users" "$(awk -v k="$kib" 'BEGIN {print k/1024}')" "$(awk -v k="$base_kib" 'BEGIN {print k/1024}')" "$fds" \
    "$per_user" "$peak_per_user" \
    "$(field "$json" steps 0 count)" "$(field "$json" steps 0 errors)" \
    "$(field "$json" generator start_loop_lag_ms_p99)" "$(field "$json" generator start_loop_lag_ms_max)" \
    "$(field "$json" generator loop_lag_ms_p99)" "$(field "$json" generator loop_lag_ms_max)"
}

machine_line
echo "rollcall $(git -C "$root" rev-parse --short HEAD), one thread on CPU 1; nginx one worker on CPU 0"
echo
echo "| case | users | plateau RSS | 1-user RSS | open fds | per user (plateau) | per user (peak, getrusage) | logins / errors | loop lag while starting p99 / max | loop lag after p99 / max |"
echo "|---|---|---|---|---|---|---|---|---|---|"
ka_ramp=$(( keepalive_users / 1000 + 1 ))
base=$(measure keepalive-1 1 "$port" "$ka_ramp")
line=$(measure keepalive "$keepalive_users" "$port" "$ka_ramp")
report "keep-alive connection held, one source address" "$base" "$line"
line=$(measure keepalive-spread "$keepalive_users" "$port" "$ka_ramp" --source-ip "$source_ip")
report "keep-alive connection held, --source-ip $source_ip" "$base" "$line"
line=$(measure keepalive-at-once "$keepalive_users" "$port" 0 --source-ip "$source_ip")
report "the same, all started at once (--ramp-up 0s)" "$base" "$line"
cl_ramp=$(( closed_users / 2000 + 1 ))
base=$(measure closed-1 1 "$port2" "$cl_ramp" --source-ip "$source_ip")
line=$(measure closed "$closed_users" "$port2" "$cl_ramp" --source-ip "$source_ip")
report "no connection (server closed), --source-ip $source_ip" "$base" "$line"
