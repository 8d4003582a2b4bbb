#!/usr/bin/env bash
# Installs what is missing, builds rollcall (Release) and runs its main job
# on this machine alone: `rollcall demo` starts the built-in ENT simulator
# inside the process on loopback and finds its saturation point with the
# morning rush of pupils, parents and teachers (`rollcall capacity
# scenarios/morning-rush.yaml`). No network, no setup; it stops what it starts.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bash "$root/scripts/install-deps.sh"
BUILD_TARGET=rollcall bash "$root/scripts/build.sh" "$root/build" -DCMAKE_BUILD_TYPE=Release >/dev/null
rollcall="$root/build/rollcall"

# The main job: the built-in ENT started inside rollcall, and the saturation
# search of the morning rush against it (about three and a half minutes).
exec "$rollcall" demo "$@"
