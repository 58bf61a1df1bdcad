#!/usr/bin/env python3
"""Writes every template source of a conformance corpus into a seed directory
for the fuzzer, one file per distinct source (named by its SHA-1).

usage: fuzz-seeds.py CASES.json SEED_DIR

The seeds are made at test time and never committed: the corpus stays in
../shared/. A missing corpus leaves the directory empty (the fuzzer then
starts from nothing) unless CI=true, where it is an error."""
import hashlib
import json
import os
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    corpus, seed_dir = sys.argv[1], sys.argv[2]
    os.makedirs(seed_dir, exist_ok=True)
    if not os.path.exists(corpus):
        if os.environ.get("CI") == "true":
            sys.exit(f"fuzz-seeds: corpus {corpus} is missing (CI=true)")
        print(f"fuzz-seeds: corpus {corpus} not found; no seeds")
        return
    with open(corpus, encoding="utf-8") as f:
        cases = json.load(f)["cases"]
    written = set()
    for case in cases:
        for source in case.get("templates", {}).values():
            data = source.encode("utf-8")
            name = hashlib.sha1(data).hexdigest()
            if name not in written:
                written.add(name)
                with open(os.path.join(seed_dir, name), "wb") as out:
                    out.write(data)
    print(f"fuzz-seeds: {len(written)} seeds in {seed_dir}")


if __name__ == "__main__":
    main()
