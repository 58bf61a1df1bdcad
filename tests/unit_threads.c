/* Concurrency: one compiled template, rendered from 8 threads at once, 200
 * times each; every output must equal the single-threaded render byte for
 * byte. The template is {% cycle %} + {% for %} + {% ifchanged %}, the
 * stateful tags whose per-render state once leaked between Django requests.
 * Its source is read from the Django corpus at run time.
 *
 *   unit_threads [CASES.json]
 *
 * Exit 77 (skip) when the corpus is missing, unless CI=true. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "weft.h"

#define THREADS 8
#define RENDERS 200
#define SKIP_EXIT 77
#define TEMPLATE_KEY "\"cycle29\": \""

/* Where the corpus is when no path is given: the build may define it;
 * otherwise it is ../shared/ beside the repository, found from this file's
 * path (CMake compiles with absolute paths). */
static void default_corpus(char *out, size_t size)
{
#ifdef WEFT_DJANGO_CORPUS
    snprintf(out, size, "%s", WEFT_DJANGO_CORPUS);
#else
    const char *file = __FILE__, *slash = strrchr(file, '/');
    int dir_len = slash ? (int)(slash - file) : 1;
    snprintf(out, size, "%.*s/../../shared/conformance/django/cases.json", dir_len,
             slash ? file : ".");
#endif
}

typedef struct shared {
    const weft_template *tpl;
    const weft_value *context;
    const char *expected;
    size_t expected_len;
    pthread_barrier_t start;
} shared;

typedef struct worker {
    pthread_t thread;
    shared *sh;
    int index;
    unsigned mismatches;
} worker;

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *data = NULL;
    size_t len = 0, cap = 0, n;
    do {
        if (cap - len < 65536) {
            cap = cap ? cap * 2 : 1 << 20;
            char *grown = realloc(data, cap + 1);
            if (!grown) {
                free(data);
                fclose(f);
                return NULL;
            }
            data = grown;
        }
        n = fread(data + len, 1, cap - len, f);
        len += n;
    } while (n > 0);
    fclose(f);
    data[len] = '\0';
    return data;
}

static void put_utf8(char **out, unsigned cp)
{
    char *o = *out;
    if (cp < 0x80) {
        *o++ = (char)cp;
    } else if (cp < 0x800) {
        *o++ = (char)(0xC0 | cp >> 6);
        *o++ = (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        *o++ = (char)(0xE0 | cp >> 12);
        *o++ = (char)(0x80 | (cp >> 6 & 0x3F));
        *o++ = (char)(0x80 | (cp & 0x3F));
    } else {
        *o++ = (char)(0xF0 | cp >> 18);
        *o++ = (char)(0x80 | (cp >> 12 & 0x3F));
        *o++ = (char)(0x80 | (cp >> 6 & 0x3F));
        *o++ = (char)(0x80 | (cp & 0x3F));
    }
    *out = o;
}

/* Decodes the JSON string that starts after key in json (this test has no
 * JSON library; the corpus value is one string). NULL when absent. */
static char *json_string_after(const char *json, const char *key)
{
    const char *p = strstr(json, key);
    if (!p)
        return NULL;
    p += strlen(key);
    char *out = malloc(strlen(p) + 1), *o = out;
    if (!out)
        return NULL;
    while (*p && *p != '"') {
        if (*p != '\\') {
            *o++ = *p++;
            continue;
        }
        p++;
        switch (*p) {
        case 'n': *o++ = '\n'; break;
        case 't': *o++ = '\t'; break;
        case 'r': *o++ = '\r'; break;
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'u': {
            unsigned cp = 0;
            if (sscanf(p + 1, "%4x", &cp) != 1)
                goto bad;
            p += 4;
            if (cp >= 0xD800 && cp < 0xDC00 && p[1] == '\\' && p[2] == 'u') {
                unsigned lo = 0;
                if (sscanf(p + 3, "%4x", &lo) == 1 && lo >= 0xDC00 && lo < 0xE000) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    p += 6;
                }
            }
            put_utf8(&o, cp);
            break;
        }
        case '\0':
            goto bad;
        default: *o++ = *p; break; /* \" \\ \/ */
        }
        p++;
    }
    if (*p != '"')
        goto bad;
    *o = '\0';
    return out;
bad:
    free(out);
    return NULL;
}

static void *render_many(void *arg)
{
    worker *w = arg;
    shared *sh = w->sh;
    pthread_barrier_wait(&sh->start);
    for (int i = 0; i < RENDERS; i++) {
        char *out = NULL;
        size_t len = 0;
        weft_error err;
        int st = weft_render_to_string(sh->tpl, sh->context, NULL, &out, &len, &err);
        if (st != WEFT_OK || len != sh->expected_len || memcmp(out, sh->expected, len) != 0) {
            if (w->mismatches++ == 0)
                fprintf(stderr, "FAIL thread %d render %d: status %d, got \"%.*s\"\n", w->index,
                        i, st, st == WEFT_OK ? (int)(len > 200 ? 200 : len) : 0,
                        st == WEFT_OK ? out : "");
        }
        free(out);
    }
    return NULL;
}

/* A long list with runs of equal items, so that ifchanged and cycle both
 * change state many times per render. */
static weft_value *build_context(weft_values *store)
{
    weft_value *ctx = weft_value_dict(store), *values = weft_value_list(store);
    if (!ctx || !values)
        return NULL;
    for (int i = 0; i < 600; i++) {
        weft_value *item = (i % 5 == 4) ? weft_value_string(store, "<x&y>", 5)
                                        : weft_value_int(store, i / 3);
        if (!item || weft_list_append(store, values, item) != WEFT_OK)
            return NULL;
    }
    return weft_dict_set(store, ctx, "values", 6, values) == WEFT_OK ? ctx : NULL;
}

int main(int argc, char **argv)
{
    char default_path[4096];
    default_corpus(default_path, sizeof default_path);
    const char *corpus = argc > 1 ? argv[1] : default_path;
    char *json = read_file(corpus);
    if (!json) {
        const char *ci = getenv("CI");
        if (ci && !strcmp(ci, "true")) {
            fprintf(stderr, "FAIL: corpus %s is missing (CI=true)\n0 passed, 1 failed\n", corpus);
            return 1;
        }
        printf("SKIP: corpus %s not found\n", corpus);
        return SKIP_EXIT;
    }
    char *source = json_string_after(json, TEMPLATE_KEY);
    free(json);
    if (!source) {
        fprintf(stderr, "FAIL: template %s not found in the corpus\n0 passed, 1 failed\n",
                TEMPLATE_KEY);
        return 1;
    }

    int status = 1;
    weft_error err = {0};
    weft_engine *engine = weft_engine_new();
    weft_values *store = weft_values_new();
    weft_value *context = store ? build_context(store) : NULL;
    weft_template *tpl =
        engine ? weft_engine_compile(engine, "cycle29", source, strlen(source), &err) : NULL;
    char *expected = NULL;
    size_t expected_len = 0;
    if (!context || !tpl ||
        weft_render_to_string(tpl, context, NULL, &expected, &expected_len, &err) != WEFT_OK) {
        fprintf(stderr, "FAIL: setup: %s: %s\n0 passed, 1 failed\n",
                weft_error_kind_name(err.kind), err.message);
        goto done;
    }
    if (expected_len == 0) {
        fprintf(stderr, "FAIL: the single-threaded render is empty\n0 passed, 1 failed\n");
        goto done;
    }

    shared sh = {.tpl = tpl, .context = context, .expected = expected, .expected_len = expected_len};
    worker workers[THREADS];
    pthread_barrier_init(&sh.start, NULL, THREADS);
    int started = 0;
    for (; started < THREADS; started++) {
        workers[started] = (worker){.sh = &sh, .index = started};
        if (pthread_create(&workers[started].thread, NULL, render_many, &workers[started]) != 0)
            break;
    }
    if (started < THREADS) {
        /* the barrier would never open: this is fatal for the test */
        fprintf(stderr, "FAIL: could not start %d threads\n", THREADS);
        return 1;
    }
    unsigned failed = 0;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(workers[i].thread, NULL);
        failed += workers[i].mismatches;
    }
    pthread_barrier_destroy(&sh.start);
    unsigned total = THREADS * RENDERS;
    printf("%u passed, %u failed\n", total - failed, failed);
    status = failed ? 1 : 0;
done:
    free(expected);
    free(source);
    weft_template_release(tpl);
    weft_values_free(store);
    weft_engine_free(engine);
    return status;
}
