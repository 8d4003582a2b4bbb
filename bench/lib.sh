# Shared by the benchmark scripts: sourced, not run.

# Median of the numbers on stdin, one per line.
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# Installs what the benchmarks need, builds rollcall (Release) and sets:
#   rollcall  the binary
#   work      a fresh folder, readable by nginx's workers (they run as nobody)
#   port      a loopback port below the ephemeral range (32768-60999), so no
#             client socket can be holding it
bench_setup() {
  local root="$1" name="$2"
  bash "$root/scripts/install-deps.sh" --tests
  command -v /usr/bin/time >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
  BUILD_TARGET=rollcall bash "$root/scripts/build.sh" "$root/build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  rollcall="$root/build/rollcall"
  ulimit -n "$(ulimit -Hn)"
  work="$(mktemp -d "/tmp/rollcall-$name.XXXXXX")"
  chmod 755 "$work"
  mkdir -p "$work/html" "$work/logs" "$work/tmp"
  port=$(( 20000 + RANDOM % 12000 ))
}

# Starts nginx with $work/nginx.conf on CPU 0 and sets nginx_pid; stops it,
# by that PID, and removes $work when the script exits.
start_nginx() {
  taskset -c 0 nginx -p "$work" -c "$work/nginx.conf" &
  nginx_pid=$!
  trap 'kill -QUIT "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
}

# The same nginx settings for every benchmark: one worker, no access log,
# keep-alive for as long as the run lasts, every temp path in $work.
nginx_preamble() {
  cat <<CONF
worker_processes 1;
worker_cpu_affinity 01;
daemon off;
pid $work/nginx.pid;
error_log $work/logs/error.log warn;
worker_rlimit_nofile $(ulimit -Hn);
events { worker_connections 16000; }
CONF
}

nginx_http_preamble() {
  cat <<CONF
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path $work/tmp/body; proxy_temp_path $work/tmp/proxy; fastcgi_temp_path $work/tmp/fastcgi;
  uwsgi_temp_path $work/tmp/uwsgi; scgi_temp_path $work/tmp/scgi;
CONF
}

machine_line() {
  echo "Machine: $(nproc) cores, $(awk '/model name/ {sub(/.*: /,""); print; exit}' /proc/cpuinfo), Linux $(uname -r)"
}

# CPU time (ns) of a process and its descendants, every thread.
tree_cpu_ns() {
  python3 - "$1" <<'PY'
import os, sys
root = int(sys.argv[1])
children = {}
for p in os.listdir("/proc"):
    if not p.isdigit(): continue
    try:
        stat = open(f"/proc/{p}/stat").read()
    except OSError:
        continue
    ppid = int(stat[stat.rfind(")") + 2:].split()[1])
    children.setdefault(ppid, []).append(int(p))
total, todo = 0, [root]
while todo:
    pid = todo.pop()
    todo += children.get(pid, [])
    try:
        for t in os.listdir(f"/proc/{pid}/task"):
            total += int(open(f"/proc/{pid}/task/{t}/schedstat").read().split()[0])
    except OSError:
        pass
print(total)
PY
}

# Samples the CPU of process tree $4 (and of $5, the target beside it) from
# $3 (its launch, epoch seconds) + 8 s to $3 + $2 - 2 s: steady state, the
# start-up and the last arrivals left out. Writes "cpu_s window_s
# target_core_share" to $1.
sample_window() {
  local out="$1" seconds="$2" launched="$3" pid="$4" target_pid="$5"
  local from=8 to=$(( seconds - 2 ))
  sleep "$(python3 -c "import time; print(max(0, $launched + $from - time.time()))")"
  local a; a=$(tree_cpu_ns "$pid")
  local sa; sa=$(tree_cpu_ns "$target_pid")
  local t0; t0=$(date +%s.%N)
  sleep "$(python3 -c "import time; print(max(0, $launched + $to - time.time()))")"
  local b; b=$(tree_cpu_ns "$pid")
  local sb; sb=$(tree_cpu_ns "$target_pid")
  local t1; t1=$(date +%s.%N)
  python3 -c "print(f'{($b - $a) / 1e9:.4f} {$t1 - $t0:.3f} {($sb - $sa) / 1e9 / ($t1 - $t0):.3f}')" >"$out"
}
