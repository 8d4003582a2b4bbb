#!/bin/sh
# Prints a manifest of this folder with a test's values in the lines marked
# `# rollcall:NAME`, for kubectl apply -f -. The values come from the
# environment; only those the manifest marks are needed:
#   N          segments (completions = parallelism = the N of --segment i/N)
#   START_AT   the start instant, Unix seconds or RFC 3339: date -u -d '+2 min' +%s
#   TARGET     the ENT's base URL (--target)
#   IMAGE      the rollcall image, as the cluster pulls it
# Usage: N=8 START_AT=$(date -u -d '+2 min' +%s) TARGET=https://ent.example.fr \
#          IMAGE=registry.example.fr/rollcall:0.1.0 deploy/kubernetes/render.sh deploy/kubernetes/segments-job.yaml
set -eu
[ $# -eq 1 ] || { echo "usage: N=... START_AT=... TARGET=... IMAGE=... $0 MANIFEST" >&2; exit 2; }
file=$1
[ -r "$file" ] || { echo "render.sh: cannot read $file" >&2; exit 2; }

# Each value is checked against what its field accepts, which also keeps
# it clear of sed's and YAML's special characters.
need() {  # NAME PATTERN (grep -E) EXPLANATION
  grep -q "# rollcall:$1\$" "$file" || return 0
  eval "value=\${$1:-}"
  if [ -z "$value" ]; then echo "render.sh: $file needs $1 ($3)" >&2; exit 2; fi
  if ! printf '%s\n' "$value" | grep -Eqx "$2"; then printf "render.sh: %s='%s': expected %s\n" "$1" "$value" "$3" >&2; exit 2; fi
}
need N '[1-9][0-9]*' 'the number of segments, a positive integer'
need START_AT '[0-9]+(\.[0-9]+)?|[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})' \
  "Unix seconds or RFC 3339, such as \$(date -u -d '+2 min' +%s) or 2026-12-07T07:30:00Z"
need TARGET 'https?://[^[:space:]"\\]+' 'an http:// or https:// URL (no space, quote or backslash)'
need IMAGE '[A-Za-z0-9][A-Za-z0-9._/:@-]*' 'an image reference, such as registry.example.fr/rollcall:0.1.0'

# TARGET may hold & and | (sed's replacement and delimiter): escape them.
target=$(printf '%s' "${TARGET:-}" | sed 's/[&|\\]/\\&/g')
sed -e "/# rollcall:N\$/ s/[0-9][0-9]*/${N:-}/" \
    -e "/# rollcall:START_AT\$/ s|value: \".*\"\\( *# rollcall:START_AT\\)\$|value: \"${START_AT:-}\"\\1|" \
    -e "/# rollcall:TARGET\$/ s|value: \".*\"\\( *# rollcall:TARGET\\)\$|value: \"$target\"\\1|" \
    -e "/# rollcall:IMAGE\$/ s|image: [^ ]*|image: ${IMAGE:-}|" \
    "$file"
