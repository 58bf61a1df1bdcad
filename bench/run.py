#!/usr/bin/env python3
"""weft against Django and Jinja2: one command, one run, one table.

    python3 bench/run.py [--build DIR] [--min-time S] [--batches N] [--only PAGE]...

Renders the six pages of bench/templates with the same data (bench/data,
written by gen_data.py from a fixed seed) in
  - weft through the C API (bench/weft_bench, built with the release build),
  - weft through the `weft render` command (time per process),
  - Django (Debian's python3-django; django.template.Engine, cached
    filesystem loader, autoescape on, TIME_ZONE UTC, USE_TZ off),
  - Jinja2 (Debian's python3-jinja2; equivalent templates in
    bench/templates/jinja2, autoescape on),
first checking that weft's output equals Django's byte for byte (and that
Jinja2's equals it up to Jinja2's spelling of two entities), then timing.
Each engine runs each page in its own process, so peak RSS is per page.

Prints the tables; a whole run (no --only) also writes
bench/results/latest.md and latest.png and puts the tables into
bench/README.md between the results markers (--no-readme leaves it alone).
Exits 1 when an output differs.
"""
import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TEMPLATES = os.path.join(HERE, "templates")
JINJA_TEMPLATES = os.path.join(TEMPLATES, "jinja2")
DATA = os.path.join(HERE, "data")
RESULTS = os.path.join(HERE, "results")
SYSTEM_PYTHON = "/usr/bin/python3"


def ensure_system_python():
    """Debian's Django and Jinja2 live in the system Python; a pyenv or venv
    python3 first on PATH does not see them."""
    try:
        import django  # noqa: F401
        import jinja2  # noqa: F401
    except ImportError:
        if os.path.exists(SYSTEM_PYTHON) and os.path.realpath(sys.executable) != os.path.realpath(SYSTEM_PYTHON):
            os.execv(SYSTEM_PYTHON, [SYSTEM_PYTHON] + sys.argv)
        raise


# key, label, template name, the sources one compile round compiles, data file
PAGES = [
    ("product_list", "(a) product list, 1,000 rows", "product_list.html", ["product_list.html"]),
    ("blog", "(b) blog: 3-level extends, include", "blog/index.html",
     ["blog/index.html", "blog/layout.html", "blog/base.html", "blog/post_card.html", "blog/comment.html"]),
    ("static_page", "(c) static 50 KB page", "static_page.html", ["static_page.html"]),
    ("snippet", "(d) 5-variable snippet", "snippet.html", ["snippet.html"]),
    ("deep_paths", "(e) deep paths a.b.c.d", "deep_paths.html", ["deep_paths.html"]),
    ("escape_heavy", "(f) escape-heavy, 100 KB text", "escape_heavy.html", ["escape_heavy.html"]),
]
PAGE_BY_KEY = {p[0]: p for p in PAGES}


# ---------------------------------------------------------------------------
# Data: JSON with the weft command's tagged values, as Python objects


def load_context(key):
    def hook(obj):
        if len(obj) == 1:
            (tag, val), = obj.items()
            if tag == "$date":
                return datetime.date.fromisoformat(val)
            if tag == "$datetime":
                return datetime.datetime.fromisoformat(val)
            if tag.startswith("$"):
                raise ValueError("run.py does not know the tagged value %s" % tag)
        return obj

    with open(os.path.join(DATA, key + ".json"), encoding="utf-8") as f:
        return json.load(f, object_hook=hook)


# ---------------------------------------------------------------------------
# Timing (the same method as weft_bench.c)


def time_median(fn, min_time, batches):
    """Median time of one call of fn over `batches` batches, each batch long
    enough to last min_time seconds. Returns (seconds, reps per batch, the
    time per call of every batch)."""
    reps = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(reps):
            fn()
        dt = time.perf_counter() - t0
        if dt >= min_time:
            break
        scale = min(10.0, max(1.5, min_time / dt * 1.1)) if dt > 0 else 10.0
        reps = int(reps * scale) + 1
    per = []
    for _ in range(batches):
        t0 = time.perf_counter()
        for _ in range(reps):
            fn()
        per.append((time.perf_counter() - t0) / reps)
    return statistics.median(per), reps, per


# ---------------------------------------------------------------------------
# Python engines (each runs in a worker process: python3 run.py --worker ...)


def django_engine():
    import django
    from django.conf import settings
    if not settings.configured:
        settings.configure(DEBUG=False, USE_TZ=False, TIME_ZONE="UTC", USE_I18N=True,
                           LANGUAGE_CODE="en-us", INSTALLED_APPS=[], TEMPLATES=[])
        django.setup()
    from django.template import Engine
    # What Django uses in production: the cached loader over a dirs loader.
    return Engine(dirs=[TEMPLATES], autoescape=True, debug=False,
                  loaders=[("django.template.loaders.cached.Loader",
                            ["django.template.loaders.filesystem.Loader"])])


def jinja_environment():
    import decimal
    import jinja2

    def floatformat(value, places=-1):
        # Django's floatformat for the positive place counts the page uses.
        d = decimal.Decimal(repr(value)).quantize(decimal.Decimal(1).scaleb(-places),
                                                  rounding=decimal.ROUND_HALF_UP)
        return str(d)

    date_codes = {"M": "%b", "Y": "%Y", "m": "%m", "d": "%d", "H": "%H", "i": "%M"}

    def date(value, fmt):
        # The Django date format codes the pages use.
        out = []
        for ch in fmt:
            if ch == "j":
                out.append(str(value.day))
            elif ch in date_codes:
                out.append(value.strftime(date_codes[ch]))
            else:
                out.append(ch)
        return "".join(out)

    def truncatechars(value, length):
        value = str(value)
        return value if len(value) <= length else value[:length - 1] + "\u2026"

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(JINJA_TEMPLATES), autoescape=True,
                             keep_trailing_newline=True)
    env.filters.update(floatformat=floatformat, date=date, truncatechars=truncatechars)
    return env


def worker(engine_name, key, min_time, batches, out_path, check_only):
    _, _, name, sources = PAGE_BY_KEY[key]
    ctx = load_context(key)
    if engine_name == "django":
        from django.template import Context
        engine = django_engine()
        tpl = engine.get_template(name)
        render = lambda: tpl.render(Context(ctx))  # noqa: E731
        root = TEMPLATES
        compile_one = engine.from_string
    else:
        env = jinja_environment()
        tpl = env.get_template(name)
        render = lambda: tpl.render(ctx)  # noqa: E731
        root = JINJA_TEMPLATES
        compile_one = env.from_string
    out = render()
    with open(out_path, "w", encoding="utf-8") as f:
        f.write(out)
    result = {"output_bytes": len(out.encode("utf-8"))}
    if not check_only:
        texts = []
        for s in sources:
            with open(os.path.join(root, s), encoding="utf-8") as f:
                texts.append(f.read())

        def compile_all():
            for t in texts:
                compile_one(t)

        result["compile_s"], result["compile_reps"], result["compile_batches_s"] = time_median(
            compile_all, min_time / 2, batches)
        render()
        result["render_s"], result["render_reps"], result["render_batches_s"] = time_median(
            render, min_time, batches)
    result["peak_rss_kb"] = peak_rss_kb()
    json.dump(result, sys.stdout)


def run_measured(cmd):
    """Runs cmd, returns (stdout, stderr, returncode, wall seconds)."""
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return (proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"),
            proc.returncode, time.perf_counter() - t0)


def run_json(cmd, what):
    out, err, rc, _ = run_measured(cmd)
    if rc != 0:
        sys.exit("run.py: %s failed (exit %d):\n%s" % (what, rc, err.strip()))
    return json.loads(out)


def peak_rss_kb():
    """This process image's peak RSS (VmHWM). ru_maxrss would include the
    size of the process that spawned it: Linux carries it across exec."""
    with open("/proc/self/status") as f:
        m = re.search(r"^VmHWM:\s*(\d+)", f.read(), re.M)
    return int(m.group(1)) if m else 0


def python_worker_cmd(engine_name, key, args, out_path, check_only):
    cmd = [sys.executable, os.path.abspath(__file__), "--worker", engine_name, "--page", key,
           "--min-time", str(args.min_time), "--batches", str(args.batches), "--out", out_path]
    return cmd + (["--check-only"] if check_only else [])


def weft_bench_cmd(args, key, out_path, check_only, threads_time=None):
    _, _, name, sources = PAGE_BY_KEY[key]
    cmd = [args.weft_bench, "--dir", TEMPLATES, "--name", name,
           "--context", os.path.join(DATA, key + ".json"), "--out", out_path,
           "--min-time", str(args.min_time), "--batches", str(args.batches),
           "--threads-time", str(args.threads_time if threads_time is None else threads_time)]
    for s in sources:
        cmd += ["--source", s]
    return cmd + (["--check-only"] if check_only else [])


def weft_cli_cmd(args, key):
    return [args.weft_cli, "render", PAGE_BY_KEY[key][2], "--dir", TEMPLATES,
            "--context", os.path.join(DATA, key + ".json")]


def time_cli(args, key):
    """Median wall time of one `weft render` process (start, load the JSON,
    compile, render, write) and its peak RSS. weft_bench --spawn forks the
    runs, so that the RSS is the command's own and not this interpreter's."""
    def spawn(n):
        return run_json([args.weft_bench, "--spawn", str(n), "--"] + weft_cli_cmd(args, key),
                        "weft render " + key)
    first = spawn(1)
    runs = int(min(40, max(5, 1.0 / max(first["process_s"], 1e-4))))
    r = spawn(runs)
    return r["process_s"], r["peak_rss_kb"]


def time_page(args, key, null):
    """Times one page in every engine over args.rounds rounds. Each round
    runs each engine once (its own process, args.batches batches), in an
    order that rotates from round to round, so that a spell of load from
    the machine's other tenants falls on every engine alike rather than on
    whichever ran during it. An engine's time is the median of all its
    batches; round_ratios keeps each round's Django / weft and Jinja2 / weft
    (ratios of that round's medians): engines compared within one round
    shared the machine's conditions, which pooled medians of different
    rounds do not."""
    engines = ["weft", "django", "jinja2"]
    runs = {e: [] for e in engines}
    for k in range(args.rounds):
        order = engines[k % 3:] + engines[:k % 3]
        for e in order:
            if e == "weft":
                # Thread scaling is measured once, in the first round.
                cmd = weft_bench_cmd(args, key, null, False, None if k == 0 else 0)
                runs[e].append(run_json(cmd, "weft_bench " + key))
            else:
                runs[e].append(run_json(python_worker_cmd(e, key, args, null, False), e + " " + key))
    r = {}
    for e in engines:
        first = dict(runs[e][0])
        for what in ("render", "compile"):
            pooled = [t for run in runs[e] for t in run[what + "_batches_s"]]
            first[what + "_s"] = statistics.median(pooled)
        first["peak_rss_kb"] = max(run["peak_rss_kb"] for run in runs[e])
        if e == "weft":
            first["output_bytes_per_s"] = first["output_bytes"] / first["render_s"]
            first["memcpy_bytes_per_s"] = statistics.median(run["memcpy_bytes_per_s"] for run in runs[e])
            first["allocs_per_render"] = max(run["allocs_per_render"] for run in runs[e])
        r[e] = first
    r["round_ratios"] = {
        e: [statistics.median(runs[e][k]["render_batches_s"]) /
            statistics.median(runs["weft"][k]["render_batches_s"]) for k in range(args.rounds)]
        for e in ("django", "jinja2")}
    r["cli_s"], r["cli_rss_kb"] = time_cli(args, key)
    return r


# ---------------------------------------------------------------------------
# Validation


def normalise_jinja(text):
    # markupsafe spells " and ' as &#34; and &#39;; Django as &quot; and &#x27;.
    return text.replace("&#34;", "&quot;").replace("&#39;", "&#x27;")


def first_difference(a, b):
    n = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return n, a[max(0, n - 60):n + 60], b[max(0, n - 60):n + 60]


def validate(args, keys, workdir):
    """Renders every page once in every engine and compares with Django.
    Returns {key: list of problems}."""
    problems = {}
    for key in keys:
        outs = {}
        for engine_name in ("django", "jinja2"):
            path = os.path.join(workdir, "%s.%s.out" % (key, engine_name))
            run_json(python_worker_cmd(engine_name, key, args, path, True), engine_name + " " + key)
            with open(path, encoding="utf-8") as f:
                outs[engine_name] = f.read()
        path = os.path.join(workdir, key + ".weft.out")
        run_json(weft_bench_cmd(args, key, path, True), "weft_bench " + key)
        with open(path, encoding="utf-8", errors="replace") as f:
            outs["weft"] = f.read()
        out, err, rc, _ = run_measured(weft_cli_cmd(args, key))
        outs["weft render"] = out if rc == 0 else "<weft render failed: %s>" % err.strip()

        found = []
        for engine_name in ("weft", "weft render", "jinja2"):
            got = outs[engine_name]
            want = outs["django"]
            if engine_name == "jinja2":
                got = normalise_jinja(got)
            if got != want:
                at, w, g = first_difference(want, got)
                found.append("%s differs from Django at character %d (lengths %d vs %d)\n"
                             "      django: %r\n      %s: %r" % (engine_name, at, len(want), len(got),
                                                               w, engine_name, g))
        problems[key] = found
        status = "ok" if not found else "MISMATCH"
        print("  check %-13s %6d bytes  %s" % (key, len(outs["django"].encode()), status), flush=True)
        for p in found:
            print("    !!! " + p, flush=True)
    return problems


# ---------------------------------------------------------------------------
# Report


def fmt_time(s):
    if s is None:
        return "-"
    if s < 1e-6:
        return "%.0f ns" % (s * 1e9)
    if s < 1e-3:
        return "%.2f µs" % (s * 1e6)
    if s < 1:
        return "%.2f ms" % (s * 1e3)
    return "%.2f s" % s


def fmt_ratio(a, b):
    return "%.1f×" % (a / b) if a and b else "-"


def fmt_rate(bps):
    return "%.2f GB/s" % (bps / 1e9) if bps >= 1e8 else "%.1f MB/s" % (bps / 1e6)


def md_table(header, rows):
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def build_tables(results, problems):
    render_rows, compile_rows, limit_rows = [], [], []
    for key, label, _, _ in PAGES:
        if key not in results:
            continue
        r = results[key]
        w, d, j = r["weft"], r["django"], r["jinja2"]
        flag = "" if not problems.get(key) else " **OUTPUT DIFFERS**"
        spread = lambda e: "%.1f–%.1f" % (min(r["round_ratios"][e]), max(r["round_ratios"][e]))  # noqa: E731
        render_rows.append([label + flag, "%.1f" % (w["output_bytes"] / 1024),
                            fmt_time(w["render_s"]), fmt_time(r["cli_s"]),
                            fmt_time(d["render_s"]), fmt_time(j["render_s"]),
                            "%.1f×" % statistics.median(r["round_ratios"]["django"]),
                            "%.1f×" % statistics.median(r["round_ratios"]["jinja2"]),
                            spread("django"), spread("jinja2")])
        compile_rows.append([label, str(w["sources"]), fmt_time(w["compile_s"]),
                             fmt_time(d["compile_s"]), fmt_time(j["compile_s"]),
                             fmt_ratio(d["compile_s"], w["compile_s"]),
                             fmt_ratio(j["compile_s"], w["compile_s"])])
        rate = w["output_bytes_per_s"]
        limit_rows.append([label, fmt_rate(rate), fmt_rate(w["memcpy_bytes_per_s"]),
                           "%.1f%%" % (100 * rate / w["memcpy_bytes_per_s"]),
                           "%.3g" % w["allocs_per_render"],
                           "%.2f×" % w["threads_speedup"] if w["threads_speedup"] else "-",
                           "%.1f" % (w["peak_rss_kb"] / 1024), "%.1f" % (r["cli_rss_kb"] / 1024),
                           "%.1f" % (d["peak_rss_kb"] / 1024), "%.1f" % (j["peak_rss_kb"] / 1024)])
    render = md_table(["page", "output KB", "weft (C API)", "weft render (per process)", "Django",
                       "Jinja2", "Django / weft (median of rounds)", "Jinja2 / weft (median of rounds)",
                       "Django / weft, rounds' range", "Jinja2 / weft, rounds' range"], render_rows)
    compile_ = md_table(["page", "sources", "weft", "Django", "Jinja2", "Django / weft",
                         "Jinja2 / weft"], compile_rows)
    limits = md_table(["page", "weft output rate", "memcpy (same size)", "of memcpy",
                       "allocations / render", "2 threads / 1 thread", "weft RSS MB",
                       "weft render RSS MB", "Django RSS MB", "Jinja2 RSS MB"], limit_rows)
    return render, compile_, limits


def load_average():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "unknown"


def machine_facts(load_at_start):
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            m = re.search(r"^model name\s*:\s*(.*)$", f.read(), re.M)
            cpu = m.group(1).strip() if m else cpu
    except OSError:
        pass
    gcc = subprocess.run(["gcc", "--version"], capture_output=True, text=True).stdout.splitlines()
    import django
    import jinja2
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip() or "unknown"
    return [("CPU", cpu), ("cores", str(os.cpu_count())), ("kernel", platform.release()),
            ("gcc", gcc[0] if gcc else "unknown"), ("Python", platform.python_version()),
            ("Django", django.get_version()), ("Jinja2", jinja2.__version__),
            ("weft commit", commit),
            ("load average (1, 5, 15 min) at start / end", "%s / %s" % (load_at_start, load_average())), ("date", datetime.datetime.now().strftime("%Y-%m-%d %H:%M"))]


def chart(results, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("run.py: matplotlib missing (apt-get install python3-matplotlib): no chart")
        return False
    keys = [p for p in PAGES if p[0] in results]
    series = [("weft (C API)", lambda r: r["weft"]["render_s"]),
              ("weft render (process)", lambda r: r["cli_s"]),
              ("Django", lambda r: r["django"]["render_s"]),
              ("Jinja2", lambda r: r["jinja2"]["render_s"])]
    fig, ax = plt.subplots(figsize=(11, 5.5))
    width = 0.8 / len(series)
    for i, (name, get) in enumerate(series):
        xs = [k + (i - (len(series) - 1) / 2) * width for k in range(len(keys))]
        ax.bar(xs, [get(results[p[0]]) * 1e6 for p in keys], width, label=name)
    ax.set_yscale("log")
    ax.set_ylabel("time per render, µs (log scale)")
    ax.set_xticks(range(len(keys)))
    ax.set_xticklabels([p[1].replace(", ", ",\n", 1) for p in keys], fontsize=8)
    ax.set_title("weft vs Django vs Jinja2: time per render (lower is better)")
    ax.legend()
    ax.grid(axis="y", which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return True


def update_readme(markdown):
    path = os.path.join(HERE, "README.md")
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError:
        return
    start, end = "<!-- results:start -->", "<!-- results:end -->"
    if start not in text or end not in text:
        return
    before, rest = text.split(start, 1)
    _, after = rest.split(end, 1)
    with open(path, "w", encoding="utf-8") as f:
        f.write(before + start + "\n" + markdown + "\n" + end + after)


# ---------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build", "release"),
                    help="the CMake build directory holding bench/weft_bench and weft")
    ap.add_argument("--min-time", type=float, default=0.2, help="seconds per timed batch")
    ap.add_argument("--batches", type=int, default=5, help="timed batches per engine per round")
    ap.add_argument("--rounds", type=int, default=3,
                    help="interleaved rounds (each runs every engine once, in rotating order)")
    ap.add_argument("--threads-time", type=float, default=0.3,
                    help="seconds per thread-scaling measurement (0 skips it)")
    ap.add_argument("--only", action="append", choices=[p[0] for p in PAGES])
    ap.add_argument("--no-readme", action="store_true", help="leave bench/README.md alone")
    # worker mode (internal)
    ap.add_argument("--worker", choices=["django", "jinja2"], help=argparse.SUPPRESS)
    ap.add_argument("--page", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    ap.add_argument("--check-only", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()

    ensure_system_python()
    if args.worker:
        worker(args.worker, args.page, args.min_time, args.batches, args.out, args.check_only)
        return 0

    args.weft_bench = os.path.join(args.build, "bench", "weft_bench")
    args.weft_cli = os.path.join(args.build, "weft")
    for exe in (args.weft_bench, args.weft_cli):
        if not os.access(exe, os.X_OK):
            sys.exit("run.py: %s is missing: build first (make release; the root CMakeLists.txt "
                     "needs add_subdirectory(bench))" % exe)
    if not all(os.path.exists(os.path.join(DATA, p[0] + ".json")) for p in PAGES):
        subprocess.run([sys.executable, os.path.join(HERE, "gen_data.py")], check=True)

    keys = args.only or [p[0] for p in PAGES]
    started = time.perf_counter()
    load_at_start = load_average()
    workdir = tempfile.mkdtemp(prefix="weft-bench-")
    try:
        print("Checking outputs against Django ...", flush=True)
        problems = validate(args, keys, workdir)

        print("Timing (%d interleaved rounds) ..." % args.rounds, flush=True)
        results = {}
        for key in keys:
            results[key] = time_page(args, key, os.path.join(workdir, "timed.out"))
            r = results[key]
            print("  %-13s weft %s  Django %s  Jinja2 %s  (Jinja2 / weft by round: %s)" % (
                key, fmt_time(r["weft"]["render_s"]), fmt_time(r["django"]["render_s"]),
                fmt_time(r["jinja2"]["render_s"]),
                ", ".join("%.1f" % x for x in r["round_ratios"]["jinja2"])), flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    render, compile_, limits = build_tables(results, problems)
    facts = machine_facts(load_at_start)
    command = "python3 bench/run.py" + ("" if len(sys.argv) == 1 else " " + " ".join(sys.argv[1:]))
    mismatched = [k for k in keys if problems.get(k)]
    md = ["`%s`, %s. Each engine ran each page in %d interleaved rounds (every round runs "
          "every engine once, in rotating order) of %d batches of at least %.2g s. A time is the "
          "median of all %d batches of that engine; a ratio compares engines measured in the same "
          "round (one round's medians), and the table gives the median of the rounds' ratios and "
          "their lowest and highest. weft render is the wall time of one `weft render` process (start, "
          "JSON load, compile, render)."
          % (command, facts[-1][1], args.rounds, args.batches, args.min_time,
             args.rounds * args.batches), ""]
    if mismatched:
        md += ["**OUTPUT DIFFERS FROM DJANGO for: %s. Those rows measure wrong output.**"
               % ", ".join(mismatched), ""]
    md += ["### Time per render", "", render, "",
           "### Compile time (every source of the page, once)", "", compile_, "",
           "### Limits, allocations, threads, memory", "",
           "Output rate and memcpy bandwidth are measured in the same process; allocations are "
           "malloc/calloc/realloc/strdup calls per steady-state render (link-time wrappers); "
           "peak RSS (VmHWM) is per process and includes the interpreter, Django or Jinja2 and the parsed data for Python; the weft figure includes the JSON data as jansson holds it.", "",
           limits, "", "### Machine", "",
           "\n".join("- %s: %s" % f for f in facts), "",
           "![time per render](results/latest.png)"]
    markdown = "\n".join(md) + "\n"
    print()
    print(markdown)
    if args.only:
        # A partial run does not replace the results of a whole one.
        print("Partial run (--only): bench/results/ and README.md left alone (%.0f s)"
              % (time.perf_counter() - started))
    else:
        os.makedirs(RESULTS, exist_ok=True)
        with open(os.path.join(RESULTS, "latest.md"), "w", encoding="utf-8") as f:
            f.write("# weft benchmark: latest results\n\n" +
                    markdown.replace("(results/latest.png)", "(latest.png)"))
        chart(results, os.path.join(RESULTS, "latest.png"))
        if not args.no_readme:
            update_readme(markdown)
        print("Wrote bench/results/latest.md and latest.png (%.0f s)" % (time.perf_counter() - started))
    if mismatched:
        print("\n!!! OUTPUT DIFFERS FROM DJANGO: %s (see the check above) !!!" % ", ".join(mismatched),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
