#!/usr/bin/env bash
# Configures and builds rollcall. Usage: scripts/build.sh [BUILD_DIR] [cmake args...]
# BUILD_TARGET=rollcall builds the program alone (no tests).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build}"; shift || true
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
# Lets ccache hit across clones of the repository in other folders.
export CCACHE_BASEDIR="$root"
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" "${generator[@]}" "$@" >/dev/null
else
  cmake "$build" "$@" >/dev/null
fi
cmake --build "$build" -j "$(nproc)" ${BUILD_TARGET:+--target "$BUILD_TARGET"}
