#!/usr/bin/env bash
# Installs what is missing, builds rollcall (Release) and runs its main job
# on this machine alone: the built-in ENT simulator on loopback, loaded first
# by `rollcall bench` on its login page, then by the morning rush of pupils,
# parents and teachers (`rollcall run scenarios/morning-rush.yaml`). No
# network, no setup; everything it starts, it stops.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bash "$root/scripts/install-deps.sh"
BUILD_TARGET=rollcall bash "$root/scripts/build.sh" "$root/build" -DCMAKE_BUILD_TYPE=Release >/dev/null
rollcall="$root/build/rollcall"

log="$(mktemp)"
"$rollcall" sim --port 0 --saml >"$log" 2>&1 &
sim=$!
trap 'kill "$sim" 2>/dev/null || true; wait "$sim" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 100); do
  url="$(sed -n 's/^listening on \(http:\/\/[^ ]*\).*/\1/p' "$log" | head -1)"
  [ -n "$url" ] && break
  sleep 0.05
done
[ -n "${url:-}" ] || { echo "rollcall: the simulator did not start:" >&2; cat "$log" >&2; exit 1; }

echo "== rollcall sim: the built-in ENT at $url (capacity: rollcall sim --describe)"
echo "== raw load: 50 connections on the CAS login page, 10 s"
"$rollcall" bench "$url/cas/login?service=$url/" -c 50 -d 10s
echo
echo "== the 8:30 rush: 30 journeys/s of pupils, parents and teachers logging in, 20 s"
"$rollcall" run "$root/scenarios/morning-rush.yaml" --target "$url" --rate 30 -d 20s
