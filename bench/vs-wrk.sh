#!/usr/bin/env bash
# rollcall bench side by side with wrk, the reference raw HTTP generator.
#
# nginx (one worker, access log off) runs on CPU 0 and serves a 200-byte and a
# 100 KB file on loopback; each generator runs on CPU 1 with one thread. The
# tools alternate, RUNS runs of DURATION each per file, so that a noisy
# neighbour hurts both alike. For each: median requests/s and the CPU the
# generator process itself spent per request (user and system, from its own
# rusage via GNU time), then peak RSS of each at 10,000 connections.
#
# Usage: bench/vs-wrk.sh [RUNS] [DURATION]      (defaults: 5 10s)
#        FILES=big.bin RSS_RUNS=0 bench/vs-wrk.sh 7    (one file, no RSS runs)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-5}"
duration="${2:-10s}"
connections=100
big_connections=10000

. "$root/bench/lib.sh"
bench_setup "$root" vs-wrk
head -c 200 /dev/zero | tr '\0' 's' >"$work/html/small.txt"
head -c 102400 /dev/zero | tr '\0' 'b' >"$work/html/big.bin"
{
  nginx_preamble
  echo "http {"
  nginx_http_preamble
  echo "  server { listen 127.0.0.1:$port backlog=4096; root $work/html; }"
  echo "}"
} >"$work/nginx.conf"
start_nginx
for _ in $(seq 100); do curl -fs -o /dev/null "http://127.0.0.1:$port/small.txt" && break; sleep 0.05; done
# Both files must be served (not refused, not forbidden) before anything is measured.
for f in small.txt big.bin; do
  curl -fs -o /dev/null "http://127.0.0.1:$port/$f" || { echo "nginx does not serve $f:" >&2; cat "$work/logs/error.log" >&2; exit 1; }
done

# run_tool TOOL URL CONNECTIONS -> prints "rps user_s system_s maxrss_kb requests"
run_tool() {
  local tool="$1" url="$2" c="$3" out="$work/out.txt" times="$work/time.txt"
  if [ "$tool" = rollcall ]; then
    /usr/bin/time -o "$times" -f "%U %S %M" taskset -c 1 "$rollcall" bench "$url" -t 1 -c "$c" -d "$duration" \
      --json "$work/r.json" >"$out"
    local rps requests
    rps=$(sed -n 's/.*"rps":\([0-9.eE+-]*\).*/\1/p' "$work/r.json")
    requests=$(sed -n 's/.*"requests":\([0-9]*\).*/\1/p' "$work/r.json")
    read -r u s m <"$times"
    echo "$rps $u $s $m $requests"
  else
    /usr/bin/time -o "$times" -f "%U %S %M" taskset -c 1 wrk -t 1 -c "$c" -d "$duration" "$url" >"$out"
    local rps requests
    rps=$(awk '/Requests\/sec/ {print $2}' "$out")
    requests=$(awk '/requests in/ {print $1}' "$out")
    read -r u s m <"$times"
    echo "$rps $u $s $m $requests"
  fi
}

report="$work/report.md"
{
  machine_line
  echo "nginx $(nginx -v 2>&1 | sed 's/.*\///') on CPU 0; generators on CPU 1, 1 thread; $runs runs of $duration each, alternating."
  echo
  echo "| file | connections | tool | median req/s | user µs/req | system µs/req | total µs/req |"
  echo "|---|---|---|---|---|---|---|"
} >"$report"

for file in ${FILES:-small.txt big.bin}; do
  url="http://127.0.0.1:$port/$file"
  : >"$work/rollcall.$file"; : >"$work/wrk.$file"
  for i in $(seq "$runs"); do
    for tool in rollcall wrk; do
      line=$(run_tool "$tool" "$url" "$connections")
      echo "$file run $i $tool: $line" >&2
      echo "$line" >>"$work/$tool.$file"
    done
  done
  for tool in rollcall wrk; do
    f="$work/$tool.$file"
    rps=$(awk '{print $1}' "$f" | median)
    user=$(awk '{print $2*1e6/$5}' "$f" | median)
    sys=$(awk '{print $3*1e6/$5}' "$f" | median)
    total=$(awk '{print ($2+$3)*1e6/$5}' "$f" | median)
    printf "| %s | %s | %s | %.0f | %.2f | %.2f | %.2f |\n" "$file" "$connections" "$tool" "$rps" "$user" "$sys" "$total" >>"$report"
    eval "${tool}_rps_${file%%.*}=$rps; ${tool}_cpu_${file%%.*}=$total"
  done
done

{
  echo
  echo "| ratio rollcall / wrk | req/s | CPU per request |"
  echo "|---|---|---|"
  for f in ${FILES:-small.txt big.bin}; do
    f="${f%%.*}"
    r_rps="rollcall_rps_$f"; w_rps="wrk_rps_$f"; r_cpu="rollcall_cpu_$f"; w_cpu="wrk_cpu_$f"
    awk -v a="${!r_rps}" -v b="${!w_rps}" -v c="${!r_cpu}" -v d="${!w_cpu}" -v f="$f" \
      'BEGIN {printf "| %s file | %.3f | %.3f |\n", f, a/b, c/d}'
  done
  if [ "${RSS_RUNS:-3}" -gt 0 ]; then
    echo
    echo "| peak RSS at $big_connections connections (small file) | rollcall | wrk | ratio |"
    echo "|---|---|---|---|"
  fi
} >>"$report"

: >"$work/rss.rollcall"; : >"$work/rss.wrk"
for i in $(seq "${RSS_RUNS:-3}"); do
  for tool in rollcall wrk; do
    line=$(run_tool "$tool" "http://127.0.0.1:$port/small.txt" "$big_connections")
    echo "rss run $i $tool: $line" >&2
    echo "$line" | awk '{print $4}' >>"$work/rss.$tool"
  done
done
r_rss=$(median <"$work/rss.rollcall"); w_rss=$(median <"$work/rss.wrk")
[ "${RSS_RUNS:-3}" -gt 0 ] && awk -v a="$r_rss" -v b="$w_rss" 'BEGIN {printf "| median of 3, MiB | %.1f | %.1f | %.2f |\n", a/1024, b/1024, a/b}' >>"$report"

mkdir -p "$root/bench/out"
cp "$report" "$root/bench/out/vs-wrk-$(date +%Y%m%d-%H%M%S).md"
cat "$report"
