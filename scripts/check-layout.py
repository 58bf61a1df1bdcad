#!/usr/bin/env python3
"""Checks that the source tree's includes follow the layout's data flow.

    check-layout.py [ROOT]        check ROOT (default: the repository)
    check-layout.py --self-test   show that each rule catches a violation

The folders of src/ are ranked in the order data flows through them:
base, value, i18n, program, render (the core), then each syntax
(src/syntax/NAME), then engine. A file may include a header of its own
folder or of a lower rank only: so the core includes no syntax and no
engine, a syntax includes no engine and no other syntax, and the folder
graph has no cycle. cli/ and python/_weft/ (the CPython extension) may
include only the public header and their own headers. Every violation is
printed as FILE:LINE: message; the exit status is 1 when there is one.
"""
import os
import re
import sys
import tempfile

RANKS = {"base": 0, "value": 1, "i18n": 2, "program": 3, "render": 4, "syntax": 5, "engine": 6}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def folder_of(path):
    """The layout folder of a path relative to src/: "render", "syntax/django"."""
    parts = path.split("/")
    if parts[0] == "syntax" and len(parts) > 2:
        return "syntax/" + parts[1]
    return parts[0] if len(parts) > 1 else ""


def rank_of(folder):
    return RANKS.get(folder.split("/")[0])


def resolve(root, including, name):
    """The header name refers to, relative to src/ (None: outside src/)."""
    src = os.path.join(root, "src")
    here = os.path.dirname(including)
    for base in (here, src):
        candidate = os.path.normpath(os.path.join(base, name))
        if os.path.exists(candidate) and candidate.startswith(src + os.sep):
            return os.path.relpath(candidate, src)
    return None


def check_src(root, problems):
    src = os.path.join(root, "src")
    edges = {}
    for dirpath, _, files in os.walk(src):
        for f in sorted(files):
            if not f.endswith((".c", ".h")):
                continue
            path = os.path.join(dirpath, f)
            rel = os.path.relpath(path, src)
            mine = folder_of(rel)
            if rank_of(mine) is None:
                problems.append(f"src/{rel}:1: file outside the layout's folders")
                continue
            with open(path, encoding="utf-8") as fh:
                for lineno, line in enumerate(fh, 1):
                    m = INCLUDE.match(line)
                    if not m or os.path.basename(m.group(1)) == "weft.h":
                        continue
                    target = resolve(root, path, m.group(1))
                    if target is None:
                        problems.append(f"src/{rel}:{lineno}: includes {m.group(1)}, not found in src/")
                        continue
                    theirs = folder_of(target)
                    if theirs == mine:
                        continue
                    edges.setdefault(mine, set()).add(theirs)
                    if theirs.startswith("syntax/") and mine.startswith("syntax/"):
                        problems.append(f"src/{rel}:{lineno}: syntax {mine} includes another syntax: {target}")
                    elif rank_of(theirs) >= rank_of(mine):
                        problems.append(f"src/{rel}:{lineno}: {mine} includes {target}: "
                                        f"{theirs} is not below {mine} in the data flow")
    return edges


def find_cycle(edges):
    state = {}

    def visit(node, stack):
        state[node] = "open"
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == "open":
                return stack + [node, nxt]
            if nxt not in state:
                found = visit(nxt, stack + [node])
                if found:
                    return found
        state[node] = "done"
        return None

    for node in sorted(edges):
        if node not in state:
            found = visit(node, [])
            if found:
                return found
    return None


def check_public_only(root, folder, what, problems):
    """The files of folder include only weft.h and their own headers."""
    path = os.path.join(root, folder)
    if not os.path.isdir(path):
        return
    own = {f for f in os.listdir(path) if f.endswith(".h")}
    for f in sorted(os.listdir(path)):
        if not f.endswith((".c", ".h")):
            continue
        with open(os.path.join(path, f), encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                m = INCLUDE.match(line)
                if m and m.group(1) != "weft.h" and m.group(1) not in own:
                    problems.append(f"{folder}/{f}:{lineno}: includes {m.group(1)}: {what} uses the public API only")


def check(root):
    problems = []
    edges = check_src(root, problems)
    cycle = find_cycle(edges)
    if cycle:
        problems.append("folder graph has a cycle: " + " -> ".join(cycle))
    check_public_only(root, "cli", "the command", problems)
    check_public_only(root, "python/_weft", "the Python binding", problems)
    return problems


def self_test():
    """Each rule, broken once in a small tree, must be reported."""
    cases = {
        "core includes engine": {"src/render/a.c": '#include "engine/e.h"\n', "src/engine/e.h": ""},
        "core includes a syntax": {"src/value/a.c": '#include "syntax/django/d.h"\n',
                                   "src/syntax/django/d.h": ""},
        "syntax includes engine": {"src/syntax/django/a.c": '#include "engine/e.h"\n', "src/engine/e.h": ""},
        "syntax includes a syntax": {"src/syntax/django/a.c": '#include "syntax/handlebars/h.h"\n',
                                     "src/syntax/handlebars/h.h": ""},
        "lower includes higher": {"src/base/a.c": '#include "render/r.h"\n', "src/render/r.h": ""},
        "relative include upwards": {"src/i18n/a.c": '#include "../render/r.h"\n', "src/render/r.h": ""},
        "cli reaches inside": {"cli/main.c": '#include "engine/engine.h"\n'},
        "binding reaches inside": {"python/_weft/values.c": '#include "value/value.h"\n'},
    }
    failed = 0
    for name, files in cases.items():
        with tempfile.TemporaryDirectory() as tmp:
            for rel, text in files.items():
                os.makedirs(os.path.dirname(os.path.join(tmp, rel)), exist_ok=True)
                with open(os.path.join(tmp, rel), "w") as fh:
                    fh.write(text)
            os.makedirs(os.path.join(tmp, "src"), exist_ok=True)
            if not check(tmp):
                print(f"self-test: the rule '{name}' caught nothing")
                failed += 1
    with tempfile.TemporaryDirectory() as tmp:
        for rel, text in {"src/render/a.c": '#include "base/b.h"\n#include "a.h"\n', "src/render/a.h": "",
                          "src/base/b.h": "", "cli/main.c": '#include "weft.h"\n'}.items():
            os.makedirs(os.path.dirname(os.path.join(tmp, rel)), exist_ok=True)
            with open(os.path.join(tmp, rel), "w") as fh:
                fh.write(text)
        if check(tmp):
            print("self-test: a tree that follows the rules was reported: " + "; ".join(check(tmp)))
            failed += 1
    print(f"check-layout self-test: {len(cases) + 1 - failed} passed, {failed} failed")
    return 1 if failed else 0


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    problems = check(os.path.abspath(root))
    for p in problems:
        print(p)
    print(f"check-layout: {'FAILED' if problems else 'ok'}: {len(problems)} violation(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
