#!/bin/sh
# Instructions per steady-state render of one benchmark page, counted by
# callgrind through weft_bench: (count for 2N renders - count for N) / N, so
# that start-up, loading the JSON and compiling cancel out. Unlike time on a
# shared machine the count is the same from run to run: the measure to tune
# with (then confirm with bench/run.py).
#
#   bench/icount.sh [--build DIR] PAGE [N]
#
# PAGE: product_list, blog, static_page, snippet, deep_paths, escape_heavy.
# Needs valgrind.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build="$here/../build/release"
if [ "${1:-}" = "--build" ]; then build=$2; shift 2; fi
page=${1:?usage: bench/icount.sh [--build DIR] PAGE [N]}
n=${2:-10}
case "$page" in
    blog) name=blog/index.html ;;
    product_list | static_page | snippet | deep_paths | escape_heavy) name=$page.html ;;
    *) echo "icount.sh: unknown page $page" >&2; exit 2 ;;
esac
[ -f "$here/data/$page.json" ] || python3 "$here/gen_data.py"
count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$build/bench/weft_bench" \
        --dir "$here/templates" --name "$name" --context "$here/data/$page.json" --renders "$1" 2>&1 |
        sed -n 's/.*Collected : *\([0-9]*\).*/\1/p'
}
a=$(count "$n")
b=$(count $((2 * n)))
echo "$page: $(((b - a) / n)) instructions per render"
