#!/usr/bin/env bash
# The Debian package, installed as a user would: builds it (scripts/package.sh),
# installs it with apt-get (which fetches its declared dependencies), checks
# the installed program, its man pages, completion and examples, and that the
# package's Depends name the libraries the binary is linked against, then
# removes it. Runs as root (CI does). A stage of scripts/test.sh.
# Usage: scripts/test-package.sh [BUILD_DIR]   (default: build-package)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
start=$(date +%s)
deb=$(bash "$root/scripts/package.sh" "$@" | tail -n 1)
built=$(date +%s)

fail() { echo "rollcall: package test: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || fail "installing the package needs root"

# One installation at a time on this machine; a rollcall installed before
# is left installed (this one's version) rather than removed.
exec 9>/tmp/rollcall-package-test.lock
flock 9
dpkg-query -W -f='${Status}' rollcall 2>/dev/null | grep -q "ok installed" && was_installed=1 || was_installed=0
work=$(mktemp -d /tmp/rollcall-package-test.XXXXXX)
cleanup() {
  [ "$was_installed" -eq 1 ] || apt-get remove -y -qq -o DPkg::Lock::Timeout=120 rollcall >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq -o DPkg::Lock::Timeout=120 "$deb" >/dev/null
version=$(dpkg-deb -f "$deb" Version)
depends=$(dpkg-deb -f "$deb" Depends)
cd "$work"

[ "$(command -v rollcall)" = /usr/bin/rollcall ] || fail "rollcall is not /usr/bin/rollcall"
[ "$(rollcall --version)" = "$version" ] || fail "rollcall --version says '$(rollcall --version)', the package $version"
# The help is read whole before it is searched: under pipefail, grep -q
# leaving early would fail the pipeline with the writer's SIGPIPE.
demo_help=$(rollcall demo --help)
[[ "$demo_help" == *"--start-rate"* ]] || fail "rollcall demo --help does not list --start-rate"

# The man pages: one for the program, one per subcommand.
for page in rollcall rollcall-run rollcall-demo rollcall-completion; do
  [ -s "/usr/share/man/man1/$page.1" ] || fail "no man page $page.1"
done
if command -v man >/dev/null; then
  [ "$(man -w rollcall)" = /usr/share/man/man1/rollcall.1 ] || fail "man -w rollcall: $(man -w rollcall 2>&1)"
fi

completion=/usr/share/bash-completion/completions/rollcall
[ -s "$completion" ] || fail "no bash completion at $completion"
bash -n "$completion" || fail "$completion is not valid bash"
words=$(bash -c "source $completion; COMP_WORDS=(rollcall run --ra); COMP_CWORD=2; _rollcall; echo \${COMPREPLY[*]}")
[ "$words" = "--rate --ramp-up" ] || fail "completion of 'rollcall run --ra': '$words'"

[ -s /usr/share/doc/rollcall/copyright ] || fail "no copyright file"
examples=/usr/share/doc/rollcall/examples
rollcall validate "$examples/morning-rush.yaml" >/dev/null || fail "rollcall validate $examples/morning-rush.yaml failed"
# The installed demo finds its scenario (the first lines name it), far from
# any source tree; stopped after a few seconds of load on loopback.
timeout -k 30 -s INT 5 rollcall demo -q --out "$work/results" >"$work/demo.out" 2>&1 || true
grep -q "rollcall capacity /usr/share/rollcall/scenarios/morning-rush.yaml" "$work/demo.out" ||
  fail "the installed rollcall demo did not find its scenario: $(head -c 500 "$work/demo.out")"

# Depends: the package of every library the binary loads, as dpkg knows it
# (a merged /usr lists a library under /lib or /usr/lib: both are asked).
owner_of() {
  local path="$1" candidate
  for candidate in "$path" "/usr${path#/usr}" "${path#/usr}"; do
    dpkg -S "$candidate" 2>/dev/null | grep -v '^diversion' | head -n 1 | cut -d: -f1 && return
  done
}
for path in $(ldd /usr/bin/rollcall | sed -n 's/.* => \(\/[^ ]*\) .*/\1/p'); do
  owner=$(owner_of "$path")
  [ -n "$owner" ] || fail "no package holds $path"
  [[ ", $depends," == *", $owner "* || ", $depends," == *", $owner,"* ]] ||
    fail "Depends does not name $owner (for $path): $depends"
done
for needed in libboost-json1.81.0 libboost-url1.81.0 libssl3 libyaml-cpp0.7 libre2-9 libgumbo1 libfmt9 zlib1g; do
  [[ "$depends" == *"$needed "* ]] || fail "Depends does not name $needed: $depends"
done
[[ "$depends" != *-dev* ]] || fail "Depends names a -dev package: $depends"

cleanup
trap - EXIT
[ "$was_installed" -eq 1 ] || ! dpkg-query -W -f='${Status}' rollcall 2>/dev/null | grep -q "ok installed" ||
  fail "rollcall is still installed after apt-get remove"
[ "$was_installed" -eq 1 ] || [ ! -e /usr/bin/rollcall ] || fail "/usr/bin/rollcall is still there after apt-get remove"
echo "rollcall: package test passed ($(basename "$deb"), $(du -k "$deb" | cut -f1) KiB): built in $(( built - start ))s, tested in $(( $(date +%s) - built ))s"
