#!/usr/bin/env bash
# Renders examples/blog with the weft CLI and compares with expected.html
# (Django's output for the same templates and context, the clock pinned).
# usage: check-example.sh PATH/TO/weft
set -euo pipefail
weft=${1:?usage: check-example.sh PATH/TO/weft}
blog="$(cd "$(dirname "${BASH_SOURCE[0]}")/../examples/blog" && pwd)"
got=$(mktemp)
trap 'rm -f "$got"' EXIT
"$weft" render index.html --dir "$blog/templates" --context "$blog/context.json" \
    --time-zone Europe/Paris --now 2024-03-05T09:30:00 >"$got"
if ! cmp -s "$got" "$blog/expected.html"; then
    echo "check-example: output differs from examples/blog/expected.html:"
    diff -u "$blog/expected.html" "$got" || true
    exit 1
fi
echo "check-example: ok"
