#!/usr/bin/env bash
# Compiles each layer of src/ (and the fuzz harnesses' library) as ONE
# translation unit, so that two files of a layer that define the same
# file-local name fail here rather than in CI, the day CMake's unity batches
# happen to put them side by side. Run it after adding a file to src/.
# Usage: scripts/check-unity.sh   (about 3 minutes on 2 cores; no tests run)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/build-unity"
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
# -O0: only the names matter here, not the code.
cmake -S "$root" -B "$out/gcc" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE=-O0 \
  -DROLLCALL_TESTS=OFF -DROLLCALL_UNITY=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=0 >/dev/null
cmake --build "$out/gcc" -j "$(nproc)" --target rollcall
if command -v clang++ >/dev/null; then
  cmake -S "$root" -B "$out/clang" "${generator[@]}" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Check \
    -DCMAKE_CXX_FLAGS_CHECK=-O0 -DROLLCALL_TESTS=OFF -DROLLCALL_FUZZ=ON -DROLLCALL_UNITY=ON \
    -DCMAKE_UNITY_BUILD_BATCH_SIZE=0 >/dev/null
  cmake --build "$out/clang" -j "$(nproc)" --target rollcall_fuzz_reached
fi
echo "rollcall: every layer compiles as one unit"
