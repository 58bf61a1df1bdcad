/* The stress test: many threads render a mix of stateful templates from one
 * shared engine, and every output is compared byte for byte with a render
 * done single-threaded.
 *
 * Mode 1: the templates live in a temporary directory and are loaded through
 *   the engine's cache (live reload off). The expected output of every
 *   (template, context) pair is computed before the threads start, on a
 *   separate engine. A resetter thread may empty the cache now and then, so
 *   the threads keep racing on first compiles (single flight).
 * Mode 2: live reload on, and a writer thread replaces template files
 *   atomically (write a temporary file, then rename) with one of three
 *   versions while the readers render. Every file prints a marker
 *   "[[name@V]]" and depends only on its own version, so an output names the
 *   combination of file versions it was rendered from. That combination is
 *   rendered single-threaded on an engine holding exactly those sources
 *   (cached in a table under a mutex), and the output must equal it. A file
 *   seen at two versions in one render is a mismatch too.
 *
 * Usage: stress [-t threads] [-n renders per mode] [-s seconds per mode]
 *               [-m 0|1|2] [-r reset interval ms, 0 = off]
 *               [-w writer pause us] [-q] [-x]
 * -q prints no sample output; -x prints every expected output of mode 1.
 * Prints renders done and mismatches per mode; exits non-zero on any
 * mismatch or error. Uses the public API only. */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "weft.h"

/* ------------------------------------------------------------------ */
/* Templates                                                           */
/* ------------------------------------------------------------------ */

/* "@V" in a text becomes "@<version>". Every file prints its marker
 * [[name@V]] wherever it contributes to the output, and its version also
 * shows inside the stateful parts (cycle values, else branches), so a render
 * mixing two versions of one file would not match either. */
typedef struct {
    const char *name;
    const char *text;
} source_file;

static const source_file FILES[] = {
    {"base.html",
     "<html>{% block markers %}[[base@V]]{% endblock %}"
     "<title>{% block title %}Base@V{% endblock %}</title>\n"
     "{% block content %}<base@V>{% endblock %}\n"
     "{% block footer %}{% for i in items %}{% cycle 'f1' 'f2@V' as fc silent %}{{ fc }}"
     "{% endfor %}{% endblock %}</html>\n"},
    {"mid.html",
     "{% extends \"base.html\" %}ignored@V"
     "{% block markers %}{{ block.super }}[[mid@V]]{% endblock %}"
     "{% block title %}Mid@V-{{ block.super }}{% endblock %}"
     "{% block content %}<mid@V>{{ block.super }}{% for r in rows %}"
     "{% ifchanged %}{{ r|length }}{% endifchanged %}{% endfor %}</mid>{% endblock %}"},
    {"page.html",
     "{% extends \"mid.html\" %}"
     "{% block markers %}{{ block.super }}[[page@V]]{% endblock %}"
     "{% block title %}{{ title }}|{{ block.super }}{% endblock %}"
     "{% block content %}{{ block.super }}<page@V>{% for item in items %}"
     "{% cycle 'odd' 'even@V' %}-{{ item.name }}"
     "{% ifchanged item.group %}<g{{ item.group }}>{% else %}=@V{% endifchanged %}{% endfor %}\n"
     "{% include \"row.html\" with label=title only %}"
     "{% include \"row.html\" with label='p@V' extra=n %}{% endblock %}"
     "{% block footer %}{{ block.super }}/{% include \"cycle.html\" %}{% endblock %}"},
    {"page2.html",
     "{% extends \"mid.html\" %}"
     "{% block markers %}{{ block.super }}[[page2@V]]{% endblock %}"
     "{% block content %}<page2@V>{% for i in items %}"
     "{% include \"row.html\" with label=i.name %}{% endfor %}\n"
     "{% with n=items|length %}{% include \"regroup.html\" %}{% endwith %}"
     "{% include \"misc.html\" %}{% include \"custom.html\" %}{% endblock %}"},
    {"row.html",
     "[[row@V]]<row l=\"{{ label }}\" t=\"{{ title }}\" x=\"{{ extra|default:'none@V' }}\" "
     "c=\"{% cycle 'r1' 'r2@V' 'r3' %}\">\n"},
    {"cycle.html",
     "[[cycle@V]]{% for i in items %}{% cycle 'r1' 'r2' 'r3@V' as rowc %}:"
     "{% cycle 'x' 'y@V' as col silent %}{{ col }}"
     "{% if forloop.counter|divisibleby:2 %}{% resetcycle rowc %}{% endif %}"
     "({% for t in i.tags %}{% cycle 'p' 'q@V' as inner %}{% endfor %}){% resetcycle inner %}"
     "{% endfor %}|{% cycle 'A@V' 'B' 'C' %}{% cycle 'A@V' 'B' 'C' %}{% resetcycle %}"
     "{% cycle 'A' 'B@V' %}{% cycle 'A' 'B@V' %}\n"},
    {"ifchanged.html",
     "[[ifchanged@V]]{% for row in rows %}{% for cell in row %}"
     "{% ifchanged %}<{{ cell }}>{% endifchanged %}"
     "{% ifchanged cell forloop.parentloop.counter %}c{% else %}s@V{% endifchanged %}"
     "{% endfor %}{% ifchanged row|length %}L{{ row|length }}{% else %}same{% endifchanged %};"
     "{% endfor %}\n{% for item in items %}{% ifchanged item.group %}[{{ item.group }}]"
     "{% endifchanged %}{% for t in item.tags %}{% ifchanged t %}{{ t }}{% else %}.@V"
     "{% endifchanged %}{% endfor %}{% endfor %}\n"},
    {"regroup.html",
     "[[regroup@V]]{% regroup items by group as grouped %}{% for g in grouped %}"
     "{{ g.grouper }}@V:{% for it in g.list %}{{ it.name }}{% cycle ',' ';' %}{% endfor %}|"
     "{% endfor %}{% regroup items|dictsort:\"score\" by score as byscore %}"
     "{% for g in byscore %}{{ g.grouper }}={{ g.list|length }}/{{ n }} {% endfor %}\n"},
    {"misc.html",
     "[[misc@V]]{% firstof a b c \"fallback@V\" %}|{% firstof b c as fv %}[{{ fv }}]|"
     "{% with total=items|length first=items.0.name %}{{ total }}-{{ first }}"
     "{% with total=n %}({{ total }}){% endwith %}{{ total }}{% endwith %}\n"
     "{% include \"row.html\" with label=\"m@V\" extra=n %}"
     "{% include \"row.html\" with title=\"t2\" only %}"},
    {"custom.html",
     "[[custom@V]]{% for i in items %}{% scycle 'u' 'v@V' 'w' %}{% endfor %}|"
     "{% scycle 'U@V' 'V' as sv %}{{ sv }}{% scycle 'U@V' 'V' %}"
     "{% times 'a' 'b@V' %}<{{ k }}{% scycle 'in' 'out@V' %}>{% endtimes %}"
     "{% for i in rows %}{% times i|length %}{{ k }}{% scycle 'x' 'y' 'z@V' %}{% endtimes %}{% endfor %}\n"
     "{% rowtag label=\"ct@V\" extra=n %}{% for i in items %}{% rowtag label=i.name %}{% endfor %}"},
};
enum { NFILES = sizeof FILES / sizeof FILES[0], NVERSIONS = 3, NCONTEXTS = 8 };

/* The templates rendered directly (others are reached through them). */
static const char *const ROOTS[] = {"page.html", "page2.html", "mid.html",   "base.html",
                                    "cycle.html", "ifchanged.html", "regroup.html", "misc.html",
                                    "custom.html"};
enum { NROOTS = sizeof ROOTS / sizeof ROOTS[0] };

static int file_index(const char *name, size_t len)
{
    for (int i = 0; i < NFILES; i++) {
        size_t n = strlen(FILES[i].name);
        if (n == len + 5 && !memcmp(FILES[i].name, name, len) && !strcmp(FILES[i].name + len, ".html"))
            return i;
    }
    return -1;
}

static int root_file(int root)
{
    return file_index(ROOTS[root], strlen(ROOTS[root]) - 5);
}

/* The text of version v of a file: markers filled in, and a trailing comment
 * whose length depends on v so every version has its own size. */
static char *source_text(int file, int v, size_t *len_out)
{
    const char *t = FILES[file].text;
    size_t n = strlen(t);
    char *out = malloc(n + 16 * NVERSIONS + 1);
    if (!out) abort();
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        out[len++] = t[i];
        if (t[i] == '@' && t[i + 1] == 'V') {
            out[len++] = (char)('0' + v);
            i++;
        }
    }
    len += (size_t)sprintf(out + len, "{#");
    for (int i = 0; i <= v; i++) len += (size_t)sprintf(out + len, "pad");
    len += (size_t)sprintf(out + len, "#}");
    out[len] = '\0';
    if (len_out) *len_out = len;
    return out;
}

/* ------------------------------------------------------------------ */
/* Contexts: built once, read by every thread                          */
/* ------------------------------------------------------------------ */

static weft_values *store;
static weft_value *contexts[NCONTEXTS];

static weft_value *str(const char *s)
{
    return weft_value_string(store, s, strlen(s));
}

static void set(weft_value *dict, const char *key, const weft_value *v)
{
    if (!v || weft_dict_set(store, dict, key, strlen(key), v)) {
        fprintf(stderr, "stress: out of memory building contexts\n");
        exit(2);
    }
}

static void build_contexts(void)
{
    static const char *const tags[] = {"t0", "t1", "t1", "t2", "t2", "t0"};
    char s[64];
    store = weft_values_new();
    for (int k = 0; k < NCONTEXTS; k++) {
        weft_value *c = weft_value_dict(store);
        snprintf(s, sizeof s, "Title <%d> & \"q\"", k);
        set(c, "title", str(s));
        snprintf(s, sizeof s, "a%d", k);
        set(c, "a", k % 3 == 0 ? str("") : str(s));
        snprintf(s, sizeof s, "b&%d", k);
        set(c, "b", k % 2 ? weft_value_int(store, 0) : str(s));
        snprintf(s, sizeof s, "c'%d", k);
        set(c, "c", k % 4 == 0 ? weft_value_null(store) : str(s));
        set(c, "n", weft_value_int(store, k * 7));
        weft_value *items = weft_value_list(store);
        for (int i = 0; i < k % 5 + 2; i++) {
            weft_value *it = weft_value_dict(store);
            snprintf(s, sizeof s, "n%d_%d<", k, i);
            set(it, "name", str(s));
            snprintf(s, sizeof s, "g%d", (i + k) / 2 % 3);
            set(it, "group", str(s));
            set(it, "score", weft_value_int(store, (i * k) % 4));
            weft_value *tl = weft_value_list(store);
            for (int j = 0; j < (i + k) % 4; j++)
                weft_list_append(store, tl, str(tags[(i + j + k) % 6]));
            set(it, "tags", tl);
            weft_list_append(store, items, it);
        }
        set(c, "items", items);
        weft_value *rows = weft_value_list(store);
        for (int i = 0; i < k % 4 + 1; i++) {
            weft_value *row = weft_value_list(store);
            for (int j = 0; j < (i + k) % 3 + 1; j++)
                weft_list_append(store, row, weft_value_int(store, (i * j + k) % 2));
            weft_list_append(store, rows, row);
        }
        set(c, "rows", rows);
        contexts[k] = c;
    }
}

/* ------------------------------------------------------------------ */
/* Custom tags with per-render state                                   */
/* ------------------------------------------------------------------ */

typedef struct {
    size_t next;
} counter_state;

/* {% scycle a b c [as var] %}: a cycle whose position is per-render state. */
static int scycle(void *userdata, weft_rendering *r, const weft_value *const *args, size_t nargs,
                  const char *const *kwn, const weft_value *const *kwv, size_t nkw, weft_value **out)
{
    counter_state *st = weft_rendering_state(r);
    if (!st || !nargs) return weft_rendering_fail(r, WEFT_ERROR_VALUE, "scycle needs values");
    *out = (weft_value *)args[st->next++ % nargs];
    return WEFT_OK;
}

/* {% times a b... %}body{% endtimes %}: "#<calls so far in this render>",
 * then the body once per argument, with k bound to it. */
static int times_tag(void *userdata, weft_rendering *r, const weft_value *const *args, size_t nargs,
                     const char *const *kwn, const weft_value *const *kwv, size_t nkw,
                     weft_value **out)
{
    counter_state *st = weft_rendering_state(r);
    if (!st) return weft_rendering_fail(r, WEFT_ERROR_VALUE, "times has no state");
    char text[32];
    int n = snprintf(text, sizeof text, "#%zu", ++st->next);
    if (weft_rendering_write(r, text, (size_t)n)) return WEFT_ERENDER;
    for (size_t i = 0; i < nargs; i++)
        if (weft_rendering_set(r, "k", 1, args[i]) || weft_rendering_render_body(r)) return WEFT_ERENDER;
    return WEFT_OK;
}

/* {% rowtag key=value... %}: renders row.html with the keyword arguments as
 * its whole context. */
static int rowtag(void *userdata, weft_rendering *r, const weft_value *const *args, size_t nargs,
                  const char *const *kwn, const weft_value *const *kwv, size_t nkw, weft_value **out)
{
    weft_values *st = weft_rendering_store(r);
    weft_value *d = weft_value_dict(st);
    if (!d) return WEFT_ENOMEM;
    for (size_t i = 0; i < nkw; i++)
        if (weft_dict_set(st, d, kwn[i], strlen(kwn[i]), kwv[i])) return WEFT_ENOMEM;
    *out = d;
    return WEFT_OK;
}

static int register_custom(weft_engine *e)
{
    return weft_engine_add_simple_tag(e, "scycle", scycle, NULL, sizeof(counter_state)) ||
           weft_engine_add_block_tag(e, "times", times_tag, NULL, sizeof(counter_state)) ||
           weft_engine_add_inclusion_tag(e, "rowtag", "row.html", rowtag, NULL);
}

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

static char dir[64];
static int quiet, dump;

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void sleep_us(long us)
{
    struct timespec ts = {us / 1000000, (us % 1000000) * 1000};
    while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {
    }
}

static uint64_t next_random(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *state = x;
}

/* Replaces a template file atomically, as an editor or a deploy would. */
static int write_version(int file, int v)
{
    char tmp[256], path[256];
    snprintf(tmp, sizeof tmp, "%s/.%s.tmp", dir, FILES[file].name);
    snprintf(path, sizeof path, "%s/%s", dir, FILES[file].name);
    size_t len;
    char *text = source_text(file, v, &len);
    FILE *f = fopen(tmp, "wb");
    int ok = f && fwrite(text, 1, len, f) == len;
    if (f && fclose(f) != 0) ok = 0;
    free(text);
    if (!ok || rename(tmp, path) != 0) {
        fprintf(stderr, "stress: cannot write %s: %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}

static void remove_dir(void)
{
    char path[256];
    for (int i = 0; i < NFILES; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, FILES[i].name);
        unlink(path);
        snprintf(path, sizeof path, "%s/.%s.tmp", dir, FILES[i].name);
        unlink(path);
    }
    rmdir(dir);
}

/* Renders root with context k, or returns NULL with a message in why. */
static char *render_once(weft_engine *e, int root, int k, size_t *len, char *why, size_t why_size)
{
    weft_error err;
    weft_template *t = weft_engine_get(e, ROOTS[root], &err);
    if (!t) {
        weft_error_format(&err, why, why_size);
        return NULL;
    }
    char *out = NULL;
    int rc = weft_render_to_string(t, contexts[k], NULL, &out, len, &err);
    weft_template_release(t);
    if (rc) {
        weft_error_format(&err, why, why_size);
        return NULL;
    }
    return out;
}

/* ------------------------------------------------------------------ */
/* Shared run state                                                    */
/* ------------------------------------------------------------------ */

static int threads = 16;
static long max_renders = 100000;
static double max_seconds = 20;
static long reset_ms = 50;
static long writer_pause_us = 500;

static weft_engine *shared;
static atomic_long claimed, done, mismatches, errors;
static atomic_bool stop, time_capped;
static double deadline;
static pthread_barrier_t start_line;
static pthread_mutex_t report_lock = PTHREAD_MUTEX_INITIALIZER;
static int reports_printed;

static void report(const char *what, int root, int k, const char *detail, const char *expected,
                   size_t expected_len, const char *got, size_t got_len)
{
    pthread_mutex_lock(&report_lock);
    if (reports_printed++ < 5) {
        fprintf(stderr, "%s: template %s, context %d%s%s\n", what, ROOTS[root], k,
                detail ? ": " : "", detail ? detail : "");
        if (expected) fprintf(stderr, "--- expected (%zu bytes)\n%.*s\n", expected_len, (int)expected_len, expected);
        if (got) fprintf(stderr, "--- got (%zu bytes)\n%.*s\n", got_len, (int)got_len, got);
    }
    pthread_mutex_unlock(&report_lock);
}

/* Takes one render slot; false when the count or the time is used up. */
static bool claim(void)
{
    if (atomic_load_explicit(&stop, memory_order_relaxed)) return false;
    if (atomic_fetch_add(&claimed, 1) >= max_renders) {
        atomic_store(&stop, true);
        return false;
    }
    if (now_seconds() > deadline) {
        atomic_store(&time_capped, true);
        atomic_store(&stop, true);
        return false;
    }
    return true;
}

/* ------------------------------------------------------------------ */
/* Mode 1: shared cache, fixed sources                                 */
/* ------------------------------------------------------------------ */

static char *expected1[NROOTS][NCONTEXTS];
static size_t expected1_len[NROOTS][NCONTEXTS];

static void *reader1(void *arg)
{
    uint64_t rng = 0x9E3779B97F4A7C15ull * ((uintptr_t)arg + 1);
    char why[1024];
    pthread_barrier_wait(&start_line);
    while (claim()) {
        int root = (int)(next_random(&rng) % NROOTS), k = (int)(next_random(&rng) % NCONTEXTS);
        weft_error err;
        weft_template *t = weft_engine_get(shared, ROOTS[root], &err);
        if (!t) {
            weft_error_format(&err, why, sizeof why);
            report("get failed", root, k, why, NULL, 0, NULL, 0);
            atomic_fetch_add(&errors, 1);
            continue;
        }
        /* Sometimes render one template object several times in a row:
         * state of one render must not leak into the next. */
        int times = next_random(&rng) % 4 == 0 ? 3 : 1;
        for (int i = 0; i < times; i++) {
            char *out = NULL;
            size_t len = 0;
            if (weft_render_to_string(t, contexts[k], NULL, &out, &len, &err)) {
                weft_error_format(&err, why, sizeof why);
                report("render failed", root, k, why, NULL, 0, NULL, 0);
                atomic_fetch_add(&errors, 1);
            } else if (len != expected1_len[root][k] || memcmp(out, expected1[root][k], len)) {
                report("MISMATCH", root, k, NULL, expected1[root][k], expected1_len[root][k], out, len);
                atomic_fetch_add(&mismatches, 1);
            }
            free(out);
            atomic_fetch_add(&done, 1);
        }
        weft_template_release(t);
    }
    return NULL;
}

static void *resetter(void *arg)
{
    long *resets = arg;
    pthread_barrier_wait(&start_line);
    while (!atomic_load(&stop)) {
        sleep_us(reset_ms * 1000);
        weft_engine_reset(shared);
        (*resets)++;
    }
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Mode 2: live reload while a writer replaces files                  */
/* ------------------------------------------------------------------ */

/* Expected outputs per (root, context, versions of every file), computed
 * on demand on an engine holding exactly those sources. */
typedef struct expect_entry {
    struct expect_entry *next;
    int root, k;
    signed char versions[NFILES];
    char *text; /* NULL: the render failed */
    size_t len;
    char why[256];
} expect_entry;

enum { EXPECT_BUCKETS = 4096 };
static expect_entry *expect_table[EXPECT_BUCKETS];
static pthread_mutex_t expect_lock = PTHREAD_MUTEX_INITIALIZER;
static long combinations;

static unsigned expect_hash(int root, int k, const signed char *versions)
{
    unsigned h = (unsigned)(root * 31 + k);
    for (int i = 0; i < NFILES; i++) h = h * 3 + (unsigned)versions[i];
    return h % EXPECT_BUCKETS;
}

static expect_entry *expect_find(int root, int k, const signed char *versions)
{
    for (expect_entry *x = expect_table[expect_hash(root, k, versions)]; x; x = x->next)
        if (x->root == root && x->k == k && !memcmp(x->versions, versions, NFILES)) return x;
    return NULL;
}

static const expect_entry *expected_for(int root, int k, const signed char *versions)
{
    pthread_mutex_lock(&expect_lock);
    expect_entry *x = expect_find(root, k, versions);
    pthread_mutex_unlock(&expect_lock);
    if (x) return x;

    /* Computed outside the lock, on an engine of its own. */
    x = calloc(1, sizeof *x);
    if (!x) abort();
    x->root = root;
    x->k = k;
    memcpy(x->versions, versions, NFILES);
    weft_engine *e = weft_engine_new();
    if (!e || register_custom(e)) abort();
    for (int f = 0; f < NFILES; f++) {
        size_t len;
        char *text = source_text(f, versions[f], &len);
        weft_engine_add_template(e, FILES[f].name, text, len);
        free(text);
    }
    x->text = render_once(e, root, k, &x->len, x->why, sizeof x->why);
    weft_engine_free(e);

    pthread_mutex_lock(&expect_lock);
    expect_entry *other = expect_find(root, k, versions);
    if (other) {
        free(x->text);
        free(x);
        x = other;
    } else {
        unsigned h = expect_hash(root, k, versions);
        x->next = expect_table[h];
        expect_table[h] = x;
        combinations++;
    }
    pthread_mutex_unlock(&expect_lock);
    return x;
}

/* Reads the markers [[name@V]] of an output into versions (-1: not seen).
 * Returns false, with a reason, when a file shows two versions. */
static bool observed_versions(const char *out, size_t len, signed char *versions, char *why,
                              size_t why_size)
{
    memset(versions, -1, NFILES);
    const char *p = out, *end = out + len;
    while ((p = memmem(p, (size_t)(end - p), "[[", 2)) != NULL) {
        p += 2;
        const char *at = memchr(p, '@', (size_t)(end - p));
        if (!at || at + 3 >= end || at[2] != ']' || at[3] != ']') continue;
        int f = file_index(p, (size_t)(at - p));
        int v = at[1] - '0';
        if (f < 0 || v < 0 || v >= NVERSIONS) continue;
        if (versions[f] >= 0 && versions[f] != v) {
            snprintf(why, why_size, "%s seen at versions %d and %d in one render", FILES[f].name,
                     versions[f], v);
            return false;
        }
        versions[f] = (signed char)v;
        p = at + 4;
    }
    return true;
}

static void *reader2(void *arg)
{
    uint64_t rng = 0xD1B54A32D192ED03ull * ((uintptr_t)arg + 1);
    char why[1024];
    signed char versions[NFILES];
    pthread_barrier_wait(&start_line);
    while (claim()) {
        int root = (int)(next_random(&rng) % NROOTS), k = (int)(next_random(&rng) % NCONTEXTS);
        size_t len = 0;
        char *out = render_once(shared, root, k, &len, why, sizeof why);
        atomic_fetch_add(&done, 1);
        if (!out) {
            report("render failed", root, k, why, NULL, 0, NULL, 0);
            atomic_fetch_add(&errors, 1);
            continue;
        }
        if (!observed_versions(out, len, versions, why, sizeof why)) {
            report("MISMATCH (inconsistent versions)", root, k, why, NULL, 0, out, len);
            atomic_fetch_add(&mismatches, 1);
            free(out);
            continue;
        }
        if (versions[root_file(root)] < 0) {
            report("MISMATCH (no marker of the template itself)", root, k, NULL, NULL, 0, out, len);
            atomic_fetch_add(&mismatches, 1);
            free(out);
            continue;
        }
        /* Files that did not show in the output did not contribute to it. */
        for (int f = 0; f < NFILES; f++)
            if (versions[f] < 0) versions[f] = 0;
        const expect_entry *x = expected_for(root, k, versions);
        if (!x->text) {
            report("single-threaded render failed", root, k, x->why, NULL, 0, out, len);
            atomic_fetch_add(&errors, 1);
        } else if (x->len != len || memcmp(x->text, out, len)) {
            char combo[NFILES * 24 + 1];
            size_t n = 0;
            for (int f = 0; f < NFILES; f++)
                n += (size_t)snprintf(combo + n, sizeof combo - n, "%s%s@%d", f ? " " : "versions ",
                                      FILES[f].name, versions[f]);
            report("MISMATCH", root, k, combo, x->text, x->len, out, len);
            atomic_fetch_add(&mismatches, 1);
        }
        free(out);
    }
    return NULL;
}

static long mode2_resets;

/* Replaces one file at a time with another version; with -r, also empties
 * the cache now and then, so reloads and fresh compiles mix. */
static void *writer(void *arg)
{
    long *writes = arg;
    uint64_t rng = 0x2545F4914F6CDD1Dull;
    int current[NFILES] = {0};
    pthread_barrier_wait(&start_line);
    double last_reset = now_seconds();
    while (!atomic_load(&stop)) {
        if (reset_ms > 0 && now_seconds() - last_reset > reset_ms / 1000.0) {
            weft_engine_reset(shared);
            mode2_resets++;
            last_reset = now_seconds();
        }
        int f = (int)(next_random(&rng) % NFILES);
        int v = (current[f] + 1 + (int)(next_random(&rng) % (NVERSIONS - 1))) % NVERSIONS;
        if (write_version(f, v)) {
            atomic_fetch_add(&errors, 1);
            break;
        }
        current[f] = v;
        (*writes)++;
        sleep_us(writer_pause_us / 2 + (long)(next_random(&rng) % (uint64_t)(writer_pause_us + 1)));
    }
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Driver                                                              */
/* ------------------------------------------------------------------ */

static int write_all_version0(void)
{
    for (int f = 0; f < NFILES; f++)
        if (write_version(f, 0)) return -1;
    return 0;
}

static weft_engine *dir_engine(bool reload)
{
    weft_engine *e = weft_engine_new();
    if (!e || register_custom(e) || weft_engine_add_dir(e, dir) || weft_engine_set_cache(e, true) ||
        weft_engine_set_auto_reload(e, reload)) {
        fprintf(stderr, "stress: cannot configure an engine\n");
        exit(2);
    }
    return e;
}

static void start_mode(void)
{
    atomic_store(&claimed, 0);
    atomic_store(&done, 0);
    atomic_store(&mismatches, 0);
    atomic_store(&errors, 0);
    atomic_store(&stop, false);
    atomic_store(&time_capped, false);
    reports_printed = 0;
}

static void print_stats(const char *mode, double seconds, const char *extra)
{
    weft_engine_stats st;
    weft_engine_get_stats(shared, &st);
    printf("%s: %ld renders in %.2f s (%.0f/s), %ld mismatches, %ld errors; %d threads; "
           "cache hits %llu, misses %llu, compiles %llu, reloads %llu%s%s\n",
           mode, atomic_load(&done), seconds, atomic_load(&done) / (seconds > 0 ? seconds : 1),
           atomic_load(&mismatches), atomic_load(&errors), threads, (unsigned long long)st.hits,
           (unsigned long long)st.misses, (unsigned long long)st.compiles,
           (unsigned long long)st.reloads, extra ? "; " : "", extra ? extra : "");
    if (atomic_load(&time_capped))
        printf("%s: stopped by the time cap (%.0f s) before %ld renders\n", mode, max_seconds,
               max_renders);
}

static int run_threads(void *(*reader)(void *), void *(*helper)(void *), void *helper_arg)
{
    pthread_t *ids = calloc((size_t)threads, sizeof *ids);
    pthread_t helper_id;
    int parties = threads + 1 + (helper ? 1 : 0);
    pthread_barrier_init(&start_line, NULL, (unsigned)parties);
    for (int i = 0; i < threads; i++)
        if (pthread_create(&ids[i], NULL, reader, (void *)(uintptr_t)i)) {
            fprintf(stderr, "stress: pthread_create failed\n");
            exit(2);
        }
    if (helper && pthread_create(&helper_id, NULL, helper, helper_arg)) {
        fprintf(stderr, "stress: pthread_create failed\n");
        exit(2);
    }
    deadline = now_seconds() + max_seconds;
    pthread_barrier_wait(&start_line);
    for (int i = 0; i < threads; i++) pthread_join(ids[i], NULL);
    atomic_store(&stop, true);
    if (helper) pthread_join(helper_id, NULL);
    pthread_barrier_destroy(&start_line);
    free(ids);
    return 0;
}

static int mode1(void)
{
    start_mode();
    if (write_all_version0()) return 1;
    /* Expected outputs, single-threaded, on an engine of their own. */
    weft_engine *ref = dir_engine(false);
    char why[1024];
    int bad = 0;
    for (int r = 0; r < NROOTS; r++)
        for (int k = 0; k < NCONTEXTS; k++) {
            expected1[r][k] = render_once(ref, r, k, &expected1_len[r][k], why, sizeof why);
            if (!expected1[r][k]) {
                fprintf(stderr, "mode 1: single-threaded render of %s, context %d failed: %s\n",
                        ROOTS[r], k, why);
                bad = 1;
            }
        }
    weft_engine_free(ref);
    if (bad) return 1;
    if (dump) {
        for (int r = 0; r < NROOTS; r++)
            for (int k = 0; k < NCONTEXTS; k++)
                printf("=== %s %d\n%s\n", ROOTS[r], k, expected1[r][k]);
    } else if (!quiet) {
        printf("mode 1: sample output of %s, context 3:\n%s\n", ROOTS[NROOTS - 1],
               expected1[NROOTS - 1][3]);
    }

    shared = dir_engine(false);
    long resets = 0;
    double t0 = now_seconds();
    run_threads(reader1, reset_ms > 0 ? resetter : NULL, &resets);
    double t1 = now_seconds();
    char extra[64];
    snprintf(extra, sizeof extra, "%ld resets", resets);
    print_stats("mode 1 (shared cache)", t1 - t0, extra);
    /* Single flight: each template compiles once per cache generation. */
    weft_engine_stats st;
    weft_engine_get_stats(shared, &st);
    if (st.compiles > (uint64_t)(resets + 1) * NFILES) {
        printf("mode 1: %llu compiles for %d templates and %ld resets: single flight broken\n",
               (unsigned long long)st.compiles, NFILES, resets);
        atomic_fetch_add(&errors, 1);
    }
    weft_engine_free(shared);
    shared = NULL;
    for (int r = 0; r < NROOTS; r++)
        for (int k = 0; k < NCONTEXTS; k++) free(expected1[r][k]);
    return atomic_load(&mismatches) || atomic_load(&errors);
}

static int mode2(void)
{
    start_mode();
    if (write_all_version0()) return 1;
    shared = dir_engine(true);
    long writes = 0;
    mode2_resets = 0;
    double t0 = now_seconds();
    run_threads(reader2, writer, &writes);
    double t1 = now_seconds();
    char extra[128];
    snprintf(extra, sizeof extra, "%ld file writes, %ld resets, %ld version combinations checked",
             writes, mode2_resets, combinations);
    print_stats("mode 2 (live reload)", t1 - t0, extra);
    weft_engine_free(shared);
    shared = NULL;
    for (int b = 0; b < EXPECT_BUCKETS; b++) {
        expect_entry *x = expect_table[b];
        while (x) {
            expect_entry *next = x->next;
            free(x->text);
            free(x);
            x = next;
        }
        expect_table[b] = NULL;
    }
    return atomic_load(&mismatches) || atomic_load(&errors);
}

static void usage(void)
{
    fprintf(stderr, "usage: stress [-t threads] [-n renders per mode] [-s seconds per mode] "
                    "[-m 0|1|2] [-r reset ms, 0 = off] [-w writer pause us] [-q] [-x]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    int mode = 0, opt;
    while ((opt = getopt(argc, argv, "t:n:s:m:r:w:qx")) != -1) {
        switch (opt) {
        case 't': threads = atoi(optarg); break;
        case 'n': max_renders = atol(optarg); break;
        case 's': max_seconds = atof(optarg); break;
        case 'm': mode = atoi(optarg); break;
        case 'r': reset_ms = atol(optarg); break;
        case 'w': writer_pause_us = atol(optarg); break;
        case 'q': quiet = 1; break;
        case 'x': dump = 1; break;
        default: usage();
        }
    }
    if (threads < 1 || max_renders < 1 || max_seconds <= 0 || mode < 0 || mode > 2 ||
        reset_ms < 0 || writer_pause_us < 1)
        usage();

    snprintf(dir, sizeof dir, "/tmp/weft-stress-XXXXXX");
    if (!mkdtemp(dir)) {
        perror("stress: mkdtemp");
        return 2;
    }
    build_contexts();
    int failed = 0;
    if (mode == 0 || mode == 1) failed |= mode1();
    if (mode == 0 || mode == 2) failed |= mode2();
    weft_values_free(store);
    remove_dir();
    printf("stress: %s\n", failed ? "FAILED" : "passed");
    return failed ? 1 : 0;
}
