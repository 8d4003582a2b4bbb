#!/usr/bin/env bash
# Installs, from Debian 12 packages only, what is missing. Idempotent and
# quiet when everything is already there.
#   scripts/install-deps.sh            what building and running rollcall needs
#   scripts/install-deps.sh --tests    and what the tests and benchmarks use
#   scripts/install-deps.sh --package  and what building the Debian package uses
#   scripts/install-deps.sh --fuzz     and clang with its libFuzzer runtime
#   scripts/install-deps.sh --bench    and the peer tools bench/ compares with
# (options may be combined).
set -euo pipefail

# Building and running the program.
packages=(
  g++ cmake ninja-build ccache pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libcli11-dev libfmt-dev libyaml-cpp-dev libssl-dev zlib1g-dev libbrotli-dev libgumbo-dev libre2-dev
)
for option in "$@"; do
  case "$option" in
    # Catch2, the servers and tools the tests drive, the HdrHistogram
    # reference (Java), the browser that renders report.html, and PyYAML for
    # the Kubernetes manifests' check (tests/deploy).
    --tests) packages+=(catch2 nginx wrk openssl procps curl libhdrhistogram-java chromium python3-yaml) ;;
    # Tsung (and its Erlang), the peer bench/vs-tsung.sh measures against:
    # a benchmark's need, not the tests', so CI does not install it.
    --bench) packages+=(tsung) ;;
    # The man page (help2man) and the package's declared dependencies (dpkg-shlibdeps).
    --package) packages+=(help2man dpkg-dev) ;;
    # libFuzzer comes with clang (scripts/fuzz.sh).
    --fuzz) packages+=(clang libclang-rt-14-dev) ;;
    *) echo "usage: scripts/install-deps.sh [--tests] [--package] [--fuzz] [--bench]" >&2; exit 2 ;;
  esac
done

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
