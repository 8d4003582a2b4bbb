#!/usr/bin/env bash
# Installs, from Debian 12 packages only, whatever rollcall needs to build,
# test and benchmark. Idempotent and quiet when everything is already there.
set -euo pipefail

packages=(
  g++ cmake ninja-build ccache pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  catch2 libcli11-dev libfmt-dev libyaml-cpp-dev libssl-dev zlib1g-dev libbrotli-dev libgumbo-dev libre2-dev
  nginx wrk openssl procps curl
  libhdrhistogram-java
  chromium
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "rollcall: missing packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
  exit 1
fi
echo "rollcall: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
# The nginx package's postinst would start a system nginx on port 80; the
# tests and benchmarks start their own, so keep the service from starting.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod +x "$policy"; created_policy=1; fi
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
[ "$created_policy" -eq 1 ] && rm -f "$policy"
exit 0
