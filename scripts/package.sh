#!/usr/bin/env bash
# Builds rollcall (Release, without the tests) in its own build folder and
# makes the Debian package with CPack; prints the package's path last, on
# stdout. Usage: scripts/package.sh [BUILD_DIR]   (default: build-package)
# Install it with: apt-get install ./build-package/rollcall_<version>_amd64.deb
# The compiler flags are those of scripts/demo.sh's build, so with ccache a
# machine that ran the demo compiles nothing again.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build-package}"
bash "$root/scripts/install-deps.sh" --package
start=$(date +%s)
bash "$root/scripts/build.sh" "$build" -DCMAKE_BUILD_TYPE=Release -DROLLCALL_TESTS=OFF -DROLLCALL_UNITY=ON >&2
rm -f "$build"/rollcall_*.deb
(cd "$build" && cpack -G DEB >&2)
deb=$(ls "$build"/rollcall_*.deb)
echo "rollcall: packaged in $(( $(date +%s) - start ))s: $(du -k "$deb" | cut -f1) KiB" >&2
echo "$deb"
