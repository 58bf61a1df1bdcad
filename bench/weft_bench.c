/* The weft side of the benchmark: compile and render one page through the
 * public API and print the figures as one JSON object on standard output.
 *
 *   weft_bench --dir DIR --name NAME --context FILE.json [--source FILE]...
 *              [--out FILE] [--min-time S] [--batches N] [--threads-time S]
 *              [--check-only]
 *   weft_bench --spawn N -- CMD [ARG]...
 *
 * - compile: the median over many compiles of the page's sources (each
 *   --source, relative to DIR, compiled once per round through
 *   weft_engine_compile; a round's time is the sum);
 * - render: the median over --batches batches of the time per render, each
 *   batch long enough to last --min-time seconds; output goes to a buffer
 *   that is reused, so the sink allocates nothing in steady state;
 * - malloc calls per render: this binary is linked with
 *   -Wl,--wrap=malloc,... so that every allocation made by weft (and by the
 *   statically linked utf8proc) passes through the counters below, which
 *   count only while a render under test runs;
 * - memcpy bandwidth for a buffer the size of the output, in the same run;
 * - render throughput with 1 and 2 threads sharing one engine, template and
 *   context (--threads-time seconds each; 0 skips it);
 * - peak RSS of this process (VmHWM; see peak_rss_kb).
 * --check-only renders once into --out and prints only the output size, so
 * that run.py can compare the output with Django's before anything is timed;
 * --renders N renders N more times without timing, for instruction counts
 * under callgrind (bench/icount.sh).
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "json_context.h"
#include "weft.h"

/* ---- counting allocator (link-time wrappers) ---------------------------- */

/* These counters are process-wide on purpose: --wrap gives one malloc for
 * the whole program, and the counts are only read between renders. */
static atomic_bool counting;
static atomic_ulong n_malloc, n_calloc, n_realloc, n_free, n_other;

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
int __real_posix_memalign(void **p, size_t align, size_t n);
void *__real_aligned_alloc(size_t align, size_t n);

static inline void count(atomic_ulong *c)
{
    if (atomic_load_explicit(&counting, memory_order_relaxed))
        atomic_fetch_add_explicit(c, 1, memory_order_relaxed);
}

void *__wrap_malloc(size_t n) { count(&n_malloc); return __real_malloc(n); }
void *__wrap_calloc(size_t n, size_t size) { count(&n_calloc); return __real_calloc(n, size); }
void *__wrap_realloc(void *p, size_t n) { count(&n_realloc); return __real_realloc(p, n); }
void __wrap_free(void *p) { if (p) count(&n_free); __real_free(p); }
char *__wrap_strdup(const char *s) { count(&n_other); return __real_strdup(s); }
char *__wrap_strndup(const char *s, size_t n) { count(&n_other); return __real_strndup(s, n); }
int __wrap_posix_memalign(void **p, size_t align, size_t n)
{
    count(&n_other);
    return __real_posix_memalign(p, align, n);
}
void *__wrap_aligned_alloc(size_t align, size_t n)
{
    count(&n_other);
    return __real_aligned_alloc(align, n);
}

/* ---- helpers ------------------------------------------------------------ */

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void die(const char *what, const char *detail)
{
    fprintf(stderr, "weft_bench: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    exit(1);
}

static void die_weft(const char *what, const weft_error *err)
{
    char buf[2048];
    weft_error_format(err, buf, sizeof buf);
    die(what, buf);
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) die("cannot open", path);
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    if (!buf) die("out of memory", NULL);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *grown = realloc(buf, cap *= 2);
            if (!grown) die("out of memory", NULL);
            buf = grown;
        }
    }
    fclose(f);
    *len = n;
    return buf;
}

/* The render sink: a buffer reused across renders. It grows only while the
 * first renders find its size. */
typedef struct sink {
    char *buf;
    size_t len, cap;
} sink;

static int sink_write(void *userdata, const char *data, size_t len)
{
    sink *s = userdata;
    if (s->len + len > s->cap) {
        size_t cap = s->cap ? s->cap : 4096;
        while (cap < s->len + len) cap *= 2;
        char *grown = realloc(s->buf, cap);
        if (!grown) return 1;
        s->buf = grown;
        s->cap = cap;
    }
    memcpy(s->buf + s->len, data, len);
    s->len += len;
    return 0;
}

typedef struct job {
    const weft_template *tpl;
    const weft_value *context;
} job;

static void render_once(const job *j, sink *s)
{
    weft_error err;
    s->len = 0;
    if (weft_render(j->tpl, j->context, NULL, sink_write, s, &err) != WEFT_OK)
        die_weft("render failed", &err);
}

/* ---- timing loops ------------------------------------------------------- */

typedef void (*work_fn)(void *arg, size_t reps);

/* Finds a repetition count whose batch lasts at least min_time, then times
 * `batches` batches and returns the median time of one repetition; each
 * batch's time per repetition goes to per[] (batches entries) when given,
 * so that run.py can pool batches across interleaved rounds. */
static double time_median(work_fn fn, void *arg, double min_time, int batches, size_t *reps_out,
                          double *per_out)
{
    size_t reps = 1;
    for (;;) {
        double t0 = now_seconds();
        fn(arg, reps);
        double dt = now_seconds() - t0;
        if (dt >= min_time) break;
        double scale = dt > 0 ? min_time / dt * 1.1 : 10;
        if (scale > 10) scale = 10;
        if (scale < 1.5) scale = 1.5;
        reps = (size_t)((double)reps * scale) + 1;
    }
    double *per = malloc(sizeof *per * (size_t)batches);
    if (!per) die("out of memory", NULL);
    for (int b = 0; b < batches; b++) {
        double t0 = now_seconds();
        fn(arg, reps);
        per[b] = (now_seconds() - t0) / (double)reps;
    }
    if (per_out) memcpy(per_out, per, sizeof *per * (size_t)batches);
    double m = median(per, (size_t)batches);
    free(per);
    *reps_out = reps;
    return m;
}

static void print_batches(const char *key, const double *v, int n)
{
    printf(" \"%s\": [", key);
    for (int i = 0; i < n; i++) printf("%s%.9g", i ? ", " : "", v[i]);
    printf("],\n");
}

typedef struct render_arg {
    const job *j;
    sink *s;
} render_arg;

static void render_work(void *arg, size_t reps)
{
    render_arg *a = arg;
    for (size_t i = 0; i < reps; i++) render_once(a->j, a->s);
}

typedef struct copy_arg {
    char *dst;
    const char *src;
    size_t len;
} copy_arg;

static void copy_work(void *arg, size_t reps)
{
    copy_arg *a = arg;
    for (size_t i = 0; i < reps; i++) {
        memcpy(a->dst, a->src, a->len);
        /* Keeps the compiler from dropping or merging the copies. */
        __asm__ __volatile__("" : : "r"(a->dst) : "memory");
    }
}

typedef struct source {
    const char *name;
    char *text;
    size_t len;
} source;

typedef struct compile_arg {
    weft_engine *engine;
    const source *sources;
    size_t n;
} compile_arg;

static void compile_work(void *arg, size_t reps)
{
    compile_arg *a = arg;
    for (size_t r = 0; r < reps; r++) {
        for (size_t i = 0; i < a->n; i++) {
            weft_error err;
            weft_template *t = weft_engine_compile(a->engine, a->sources[i].name, a->sources[i].text,
                                                   a->sources[i].len, &err);
            if (!t) die_weft("compile failed", &err);
            weft_template_release(t);
        }
    }
}

/* ---- threads ------------------------------------------------------------ */

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median_of(double *v, size_t n)
{
    qsort(v, n, sizeof *v, compare_doubles);
    return v[n / 2];
}

typedef struct thread_arg {
    const job *j;
    atomic_bool *stop;
    atomic_int *ready;
    double rate; /* renders per second of this thread */
} thread_arg;

static void *thread_main(void *p)
{
    thread_arg *a = p;
    sink s = {0};
    render_once(a->j, &s); /* sizes the sink before the clock starts */
    atomic_fetch_add(a->ready, 1);
    unsigned long n = 0;
    double t0 = now_seconds();
    while (!atomic_load_explicit(a->stop, memory_order_relaxed)) {
        render_once(a->j, &s);
        n++;
    }
    /* Each thread times its own whole renders, so the render in flight when
     * the stop flag rises is neither lost nor half counted. */
    double dt = now_seconds() - t0;
    a->rate = dt > 0 ? (double)n / dt : 0;
    free(s.buf);
    return NULL;
}

/* Renders per second with n threads sharing the job, over about `seconds`. */
static double throughput(const job *j, int n, double seconds)
{
    atomic_bool stop = false;
    atomic_int ready = 0;
    pthread_t tid[8];
    thread_arg args[8];
    if (n > 8) n = 8;
    for (int i = 0; i < n; i++) {
        args[i] = (thread_arg){.j = j, .stop = &stop, .ready = &ready};
        if (pthread_create(&tid[i], NULL, thread_main, &args[i]) != 0) die("pthread_create", NULL);
    }
    while (atomic_load(&ready) < n) sched_yield();
    struct timespec ts = {(time_t)seconds, (long)((seconds - (double)(time_t)seconds) * 1e9)};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {}
    atomic_store(&stop, true);
    double total = 0;
    for (int i = 0; i < n; i++) {
        pthread_join(tid[i], NULL);
        total += args[i].rate;
    }
    return total;
}

/* ---- memory and processes ----------------------------------------------- */

/* Peak RSS of this process image, in KB. getrusage's ru_maxrss is not used
 * alone: Linux carries it across exec, so a process spawned by Python
 * reports the spawner's size. VmHWM belongs to the current image only. */
static long peak_rss_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "VmHWM: %ld", &kb) == 1) break;
    if (f) fclose(f);
    if (kb < 0) {
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        kb = ru.ru_maxrss;
    }
    return kb;
}

/* --spawn N -- CMD...: runs CMD N times with its output to /dev/null and
 * prints the median wall time per process and its peak RSS. The child is
 * forked from this small process, so its ru_maxrss is its own. */
static int spawn_mode(int runs, char **cmd)
{
    double *times = malloc(sizeof *times * (size_t)runs);
    if (!times) die("out of memory", NULL);
    long peak = 0;
    for (int i = 0; i < runs; i++) {
        double t0 = now_seconds();
        pid_t pid = fork();
        if (pid < 0) die("fork", strerror(errno));
        if (pid == 0) {
            int devnull = open("/dev/null", O_WRONLY);
            if (devnull >= 0) dup2(devnull, STDOUT_FILENO);
            execvp(cmd[0], cmd);
            _exit(127);
        }
        int status;
        struct rusage ru;
        if (wait4(pid, &status, 0, &ru) < 0) die("wait4", strerror(errno));
        times[i] = now_seconds() - t0;
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) die("the command failed:", cmd[0]);
        if (ru.ru_maxrss > peak) peak = ru.ru_maxrss;
    }
    printf("{\"process_s\": %.9g, \"runs\": %d, \"peak_rss_kb\": %ld}\n", median(times, (size_t)runs),
           runs, peak);
    free(times);
    return 0;
}

/* ---- main --------------------------------------------------------------- */

static const char usage_text[] =
    "usage: weft_bench --dir DIR --name NAME --context FILE.json [--source FILE]...\n"
    "                  [--out FILE] [--min-time S] [--batches N] [--threads-time S]\n"
    "                  [--check-only]   (render once into --out, no timing)\n"
    "                  [--renders N]    (render 1 + N times, no timing: for callgrind)\n"
    "       weft_bench --spawn N -- CMD [ARG]...  (time per process and peak RSS)\n";

int main(int argc, char **argv)
{
    const char *dir = NULL, *name = NULL, *context_path = NULL, *out_path = NULL;
    const char *source_names[32];
    size_t n_sources = 0;
    double min_time = 0.2, threads_time = 0.3;
    int batches = 5;
    bool check_only = false;
    long count_renders = -1;

    if (argc >= 4 && !strcmp(argv[1], "--spawn") && !strcmp(argv[3], "--") && argc > 4)
        return spawn_mode(atoi(argv[2]) > 0 ? atoi(argv[2]) : 1, argv + 4);

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help")) { fputs(usage_text, stdout); return 0; }
        if (!strcmp(a, "--check-only")) { check_only = true; continue; }
        if (!v) { fputs(usage_text, stderr); return 2; }
        if (!strcmp(a, "--dir")) dir = v;
        else if (!strcmp(a, "--name")) name = v;
        else if (!strcmp(a, "--context")) context_path = v;
        else if (!strcmp(a, "--out")) out_path = v;
        else if (!strcmp(a, "--min-time")) min_time = atof(v);
        else if (!strcmp(a, "--batches")) batches = atoi(v);
        else if (!strcmp(a, "--threads-time")) threads_time = atof(v);
        else if (!strcmp(a, "--renders")) count_renders = atol(v);
        else if (!strcmp(a, "--source") && n_sources < 32) source_names[n_sources++] = v;
        else { fputs(usage_text, stderr); return 2; }
        i++;
    }
    if (!dir || !name || !context_path || batches < 1) { fputs(usage_text, stderr); return 2; }
    if (n_sources == 0) source_names[n_sources++] = name;

    /* The engine as Django's benchmark engine is set up: autoescape on,
     * TIME_ZONE UTC, USE_TZ off, the template cache on. */
    weft_engine *engine = weft_engine_new();
    if (!engine) die("out of memory", NULL);
    if (weft_engine_add_dir(engine, dir) || weft_engine_set_autoescape(engine, true) ||
        weft_engine_set_time_zone(engine, "UTC") || weft_engine_set_use_tz(engine, false))
        die("engine configuration failed", NULL);

    weft_values *store = weft_values_new();
    char errbuf[512];
    weft_value *context = wjson_load_context(store, context_path, errbuf, sizeof errbuf);
    if (!context) die(context_path, errbuf);

    weft_error err;
    weft_template *tpl = weft_engine_get(engine, name, &err);
    if (!tpl) die_weft("cannot load the template", &err);
    job j = {tpl, context};

    /* First render: the output to validate, and the sink's size. */
    sink s = {0};
    render_once(&j, &s);
    size_t out_bytes = s.len;
    if (out_path) {
        FILE *f = fopen(out_path, "wb");
        if (!f || fwrite(s.buf, 1, s.len, f) != s.len || fclose(f) != 0) die("cannot write", out_path);
    }
    if (count_renders >= 0) {
        /* For instruction counts (bench/icount.sh): N more renders, no
         * clock. */
        render_work(&(render_arg){&j, &s}, (size_t)count_renders);
        check_only = true;
    }
    if (check_only) {
        printf("{\"name\": \"%s\", \"output_bytes\": %zu}\n", name, out_bytes);
        free(s.buf);
        weft_template_release(tpl);
        weft_values_free(store);
        weft_engine_free(engine);
        return 0;
    }

    /* Compile time. */
    source sources[32];
    char path[4096];
    for (size_t i = 0; i < n_sources; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, source_names[i]);
        sources[i].name = source_names[i];
        sources[i].text = read_file(path, &sources[i].len);
    }
    compile_arg ca = {engine, sources, n_sources};
    size_t compile_reps;
    double *compile_batches = malloc(sizeof(double) * (size_t)batches);
    double *render_batches = malloc(sizeof(double) * (size_t)batches);
    if (!compile_batches || !render_batches) die("out of memory", NULL);
    double compile_s = time_median(compile_work, &ca, min_time / 2, batches, &compile_reps, compile_batches);

    /* Render time. */
    render_arg ra = {&j, &s};
    render_work(&ra, 3); /* warm caches and lazily built per-template data */
    size_t render_reps;
    double render_s = time_median(render_work, &ra, min_time, batches, &render_reps, render_batches);

    /* Allocation calls per steady-state render. */
    size_t count_reps = render_reps < 10 ? 10 : render_reps > 2000 ? 2000 : render_reps;
    atomic_store(&counting, true);
    render_work(&ra, count_reps);
    atomic_store(&counting, false);
    double per = 1.0 / (double)count_reps;
    double allocs = (double)(atomic_load(&n_malloc) + atomic_load(&n_calloc) +
                             atomic_load(&n_realloc) + atomic_load(&n_other)) * per;

    /* memcpy of a buffer the size of the output. */
    size_t copy_len = out_bytes ? out_bytes : 1;
    copy_arg cp = {malloc(copy_len), malloc(copy_len), copy_len};
    if (!cp.dst || !cp.src) die("out of memory", NULL);
    memset(cp.dst, 0, copy_len);
    memcpy((char *)cp.src, s.buf, out_bytes);
    size_t copy_reps;
    double copy_s = time_median(copy_work, &cp, min_time / 2, batches, &copy_reps, NULL);

    /* Threads. */
    double t1 = 0, t2 = 0;
    if (threads_time > 0) {
        /* Alternate one- and two-thread rounds and keep each median: on a
         * shared machine the other tenants' load comes and goes, and a single
         * pair of runs measures them as much as weft. */
        enum { ROUNDS = 5 };
        double one[ROUNDS], two[ROUNDS];
        for (int k = 0; k < ROUNDS; k++) {
            one[k] = throughput(&j, 1, threads_time / ROUNDS);
            two[k] = throughput(&j, 2, threads_time / ROUNDS);
        }
        t1 = median_of(one, ROUNDS);
        t2 = median_of(two, ROUNDS);
    }

    printf("{\"name\": \"%s\", \"output_bytes\": %zu, \"sources\": %zu,\n", name, out_bytes,
           n_sources);
    printf(" \"compile_s\": %.9g, \"compile_reps\": %zu,\n", compile_s, compile_reps);
    printf(" \"render_s\": %.9g, \"render_reps\": %zu, \"batches\": %d,\n", render_s, render_reps,
           batches);
    print_batches("compile_batches_s", compile_batches, batches);
    print_batches("render_batches_s", render_batches, batches);
    printf(" \"output_bytes_per_s\": %.6g, \"memcpy_bytes_per_s\": %.6g,\n",
           (double)out_bytes / render_s, (double)copy_len / copy_s);
    printf(" \"allocs_per_render\": %.4g, \"malloc_per_render\": %.4g, \"calloc_per_render\": %.4g,"
           " \"realloc_per_render\": %.4g, \"free_per_render\": %.4g,\n",
           allocs, (double)atomic_load(&n_malloc) * per, (double)atomic_load(&n_calloc) * per,
           (double)atomic_load(&n_realloc) * per, (double)atomic_load(&n_free) * per);
    printf(" \"threads_1_renders_per_s\": %.6g, \"threads_2_renders_per_s\": %.6g,"
           " \"threads_speedup\": %.4g,\n",
           t1, t2, t1 > 0 ? t2 / t1 : 0.0);
    printf(" \"peak_rss_kb\": %ld}\n", peak_rss_kb());

    free(compile_batches);
    free(render_batches);
    for (size_t i = 0; i < n_sources; i++) free(sources[i].text);
    free(cp.dst);
    free((char *)cp.src);
    free(s.buf);
    weft_template_release(tpl);
    weft_values_free(store);
    weft_engine_free(engine);
    return 0;
}
