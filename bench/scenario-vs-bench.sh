#!/usr/bin/env bash
# What scenario mode costs the generator, against raw `rollcall bench`.
#
# nginx (one worker, CPU 0) answers the student journey's paths with fixed
# pages, redirects and Set-Cookie headers: the CAS login form with its hidden
# token, the POST that redirects with a ticket, the portal, the APIs, a PDF,
# the homework upload, the logout. rollcall (one thread, CPU 1) then runs
# scenarios/student.yaml without think time (cookies, form parsing,
# extraction, templates and redirects all at work) and, alternately, `rollcall
# bench` on the portal page. For each: median requests/s and the generator's
# CPU time per request (user + system, from GNU time). Target: scenario mode
# at most 2x bench per request.
#
# Usage: bench/scenario-vs-bench.sh [RUNS] [DURATION]     (defaults: 5 10s; BENCH_PER_REQUEST=2s)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-5}"
duration="${2:-10s}"

. "$root/bench/lib.sh"
bench_setup "$root" scenario-bench

# The pages, at the sizes of the built-in ENT's.
cat >"$work/html/login.html" <<HTML
<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Connexion</title></head><body>
<h1>Connexion à l'ENT</h1><form id="fm1" method="post" action="/cas/login?service=http%3A%2F%2F127.0.0.1%3A$port%2F">
<input id="username" name="username" type="text"><input id="password" name="password" type="password">
<input type="hidden" name="execution" value="e1s1-$(head -c 300 /dev/zero | tr '\0' 'x')">
<input type="hidden" name="_eventId" value="submit"><input type="submit" name="submit" value="Se connecter">
</form></body></html>
HTML
{ printf '<!DOCTYPE html><html lang="fr"><body><p class="user">Bonjour Chloé Dubois</p>'; for i in $(seq 200); do printf '<article><h3>Actualité %d</h3><p>Continuité pédagogique : informations pratiques dans l espace documentaire.</p></article>' "$i"; done; printf '</body></html>\n'; } >"$work/html/portal.html"
{ printf '{"items":['; for i in $(seq 40); do printf '{"id":%d,"title":"Information %d","date":"2021-04-06"},' "$i" "$i"; done; printf '{"id":0}]}\n'; } >"$work/html/timeline.json"
printf '{"homework":[{"id":7,"subject":"Maths","submit":"/api/homework/7/submit","done":false}]}\n' >"$work/html/homework.json"
printf '{"page":1,"pages":3,"total":45,"next":"/api/messages?page=2","messages":[]}\n' >"$work/html/messages.json"
head -c 300000 /dev/zero | tr '\0' 'p' >"$work/html/doc.pdf"

{
nginx_preamble
echo "http {"
nginx_http_preamble
cat <<CONF
  client_max_body_size 10m;
  default_type application/json;
  server {
    listen 127.0.0.1:$port backlog=4096;
    root $work/html;
    location = / {
      if (\$arg_ticket) { add_header Set-Cookie "ENTSESSION=s-\$arg_ticket; Path=/; HttpOnly" always; return 302 /portal; }
      return 302 "/cas/login?service=http%3A%2F%2F127.0.0.1%3A$port%2F";
    }
    location = /cas/login {
      if (\$request_method = POST) { add_header Set-Cookie "TGC=TGT-1; Path=/cas; HttpOnly" always; return 302 "/?ticket=ST-\$msec"; }
      add_header Set-Cookie "JSESSIONID=j-\$msec; Path=/cas; HttpOnly";
      default_type text/html;
      try_files /login.html =404;
    }
    location = /portal { default_type text/html; try_files /portal.html =404; }
    location = /api/timeline { try_files /timeline.json =404; }
    location = /api/homework { try_files /homework.json =404; }
    location = /api/messages { try_files /messages.json =404; }
    location ~ ^/docs/[0-9]+\.pdf$ { default_type application/pdf; try_files /doc.pdf =404; }
    location ~ ^/api/homework/[0-9]+/submit$ { return 201 '{"status":"submitted"}'; }
    location = /cas/logout { add_header Set-Cookie "TGC=; Max-Age=0; Path=/cas"; return 200 "bye"; }
  }
}
CONF
} >"$work/nginx.conf"
start_nginx
# Ready when this nginx (not another server on the port) answers the login page.
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/cas/login" 2>/dev/null | grep -q 'id="fm1"' && break; sleep 0.05; done
kill -0 "$nginx_pid" 2>/dev/null || { echo "nginx did not start:" >&2; cat "$work/logs/error.log" >&2; exit 1; }

# The student journey as users run it, less the think time.
mkdir -p "$work/scenario"
cp -r "$root/scenarios/accounts" "$work/scenario/"
grep -v '^  think:' "$root/scenarios/student.yaml" >"$work/scenario/student.yaml"
"$rollcall" validate "$work/scenario/student.yaml" >/dev/null

# The journey's requests one by one, for `rollcall bench`: the same paths,
# methods and bodies, so that the target and the bytes cost the same.
base="http://127.0.0.1:$port"
printf 'username=student0001&password=Mdp-student0001&execution=e1s1-%s&_eventId=submit' "$(head -c 300 /dev/zero | tr '\0' 'x')" >"$work/login.body"
{ printf -- '------rollcall\r\nContent-Disposition: form-data; name="comment"\r\n\r\nExercices faits\r\n'
  printf -- '------rollcall\r\nContent-Disposition: form-data; name="file"; filename="devoir.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
  head -c 120000 /dev/zero | tr '\0' 'u'; printf -- '\r\n------rollcall--\r\n'; } >"$work/upload.body"
journey=(
  "GET $base/"
  "GET $base/cas/login?service=http%3A%2F%2F127.0.0.1%3A$port%2F"
  "POST $base/cas/login?service=http%3A%2F%2F127.0.0.1%3A$port%2F login.body application/x-www-form-urlencoded"
  "GET $base/?ticket=ST-1"
  "GET $base/portal"
  "GET $base/api/timeline"
  "GET $base/api/homework"
  "GET $base/api/messages?page=1"
  "GET $base/docs/42.pdf"
  "POST $base/api/homework/7/submit upload.body multipart/form-data;boundary=----rollcall"
  "GET $base/cas/logout"
)
per_request="${BENCH_PER_REQUEST:-2s}"

# scenario_once -> prints "user_s system_s requests"
scenario_once() {
  local json="$work/out.json"
  /usr/bin/time -o "$work/time.txt" -f "%U %S" taskset -c 1 "$rollcall" run "$work/scenario/student.yaml" \
    --target "$base" --vus 50 -t 1 -d "$duration" --grace 2s --json "$json" >"$work/out.txt"
  if sed -n 's/.*"totals":{\([^}]*\)}.*/\1/p' "$json" | grep -q '"errors":[1-9]'; then
    echo "the scenario run had errors:" >&2; cat "$work/out.txt" "$work/logs/error.log" >&2; exit 1
  fi
  read -r u s <"$work/time.txt"
  echo "$u $s $(sed -n 's/.*"requests":\([0-9]*\).*/\1/p' "$json" | head -1)"
}

# bench_once -> prints the mean over the journey's requests of "user_us system_us" per request
bench_once() {
  local sum_u=0 sum_s=0
  for entry in "${journey[@]}"; do
    read -r method url body type <<<"$entry"
    local args=(bench "$url" --method "$method" -c 50 -t 1 -d "$per_request" --json "$work/b.json")
    [ -n "${body:-}" ] && args+=(--body-file "$work/$body" -H "Content-Type: ${type/;/; }")
    /usr/bin/time -o "$work/time.txt" -f "%U %S" taskset -c 1 "$rollcall" "${args[@]}" >/dev/null
    local requests errors u s
    requests=$(sed -n 's/.*"requests":\([0-9]*\).*/\1/p' "$work/b.json")
    errors=$(sed -n 's/.*"errors_total":\([0-9]*\).*/\1/p' "$work/b.json")
    [ "$errors" = 0 ] || { echo "bench $method $url had $errors errors" >&2; exit 1; }
    read -r u s <"$work/time.txt"
    sum_u=$(awk -v a="$sum_u" -v u="$u" -v n="$requests" 'BEGIN {print a + u*1e6/n}')
    sum_s=$(awk -v a="$sum_s" -v s="$s" -v n="$requests" 'BEGIN {print a + s*1e6/n}')
  done
  awk -v u="$sum_u" -v s="$sum_s" -v n="${#journey[@]}" 'BEGIN {print u/n, s/n}'
}

: >"$work/scenario.txt"; : >"$work/bench.txt"
for i in $(seq "$runs"); do
  line=$(scenario_once); echo "run $i scenario: $line" >&2
  echo "$line" | awk '{print $1*1e6/$3, $2*1e6/$3}' >>"$work/scenario.txt"
  line=$(bench_once); echo "run $i bench (µs user, system per request): $line" >&2
  echo "$line" >>"$work/bench.txt"
done

report="$work/report.md"
{
  echo "$(machine_line); nginx on CPU 0, rollcall on CPU 1, one thread, 50 users / connections; $runs runs, alternating; scenario runs of $duration, bench runs of $per_request per journey request."
  echo
  echo "| mode | user µs/req | system µs/req | total µs/req |"
  echo "|---|---|---|---|"
  for mode in scenario bench; do
    f="$work/$mode.txt"
    printf "| %s | %.2f | %.2f | %.2f |\n" "$mode" "$(awk '{print $1}' "$f" | median)" "$(awk '{print $2}' "$f" | median)" \
      "$(awk '{print $1+$2}' "$f" | median)"
  done
  s=$(awk '{print $1+$2}' "$work/scenario.txt" | median)
  b=$(awk '{print $1+$2}' "$work/bench.txt" | median)
  echo
  awk -v s="$s" -v b="$b" 'BEGIN {printf "CPU per request, scenario / bench on the same requests: %.2f (target: at most 2)\n", s/b}'
} >"$report"
mkdir -p "$root/bench/out"
cp "$report" "$root/bench/out/scenario-vs-bench-$(date +%Y%m%d-%H%M%S).md"
cat "$report"
