#!/usr/bin/env bash
# Installs, with apt-get, the Debian packages weft needs to build and test,
# and only those that are missing. Silent when everything is there.
#   build:  cmake gcc make pkg-config libjansson-dev libutf8proc-dev libmd-dev (md5
#           for {% cache %} keys)
#   tests:  clang libclang-rt-14-dev (ASan/UBSan, LeakSanitizer, libFuzzer),
#           python3 (fuzz seeds), python3-django (the translation catalogs the
#           conformance cases use), tzdata (the time zone database)
#   python: python3-dev python3-setuptools python3-wheel python3-venv
#           python3-pytest (the weft Python package and its tests)
#   bench (with the argument "bench"): python3-jinja2, python3-matplotlib
set -euo pipefail

packages=(cmake gcc make pkg-config libjansson-dev libutf8proc-dev libmd-dev
          clang libclang-rt-14-dev python3 python3-django tzdata
          python3-dev python3-setuptools python3-wheel python3-venv python3-pytest)
# The benchmarks also need the engines weft is compared with, and a plotter.
if [ "${1:-}" = bench ]; then
    packages+=(python3-jinja2 python3-matplotlib)
fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then
        sudo=(sudo)
    else
        echo "install-deps: missing packages: ${missing[*]} (run as root to install them)" >&2
        exit 1
    fi
fi
echo "install-deps: installing ${missing[*]}"
${sudo[@]+"${sudo[@]}"} apt-get update -qq
${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
