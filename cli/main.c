/* The weft command: render a template, or check that templates compile.
 * Uses the public API only. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "json_context.h"
#include "weft.h"

enum { EXIT_USAGE = 2 };

static const char usage_text[] =
    "usage: weft render NAME [options]\n"
    "       weft check DIR...\n"
    "       weft --help\n"
    "\n"
    "render: writes template NAME, rendered, to standard output.\n"
    "  --dir DIR                 a template directory (repeatable; default .)\n"
    "  --context FILE.json | -   the context, a JSON object (- reads stdin)\n"
    "  --string-if-invalid S     printed for invalid variables (default empty)\n"
    "  --no-autoescape           turn autoescaping off\n"
    "  --language LANG           the language, e.g. de (default en-us)\n"
    "  --locale-dir DIR          a directory of LANG/LC_MESSAGES/*.mo (repeatable)\n"
    "  --time-zone ZONE          an IANA zone name (default UTC)\n"
    "  --use-tz                  Django's USE_TZ = True: aware datetimes print in ZONE\n"
    "  --thousand-separator      Django's USE_THOUSAND_SEPARATOR = True\n"
    "  --now ISO-8601            pin the clock; a naive time is wall time in ZONE\n"
    "  --static-url URL          STATIC_URL\n"
    "  --media-url URL           MEDIA_URL\n"
    "\n"
    "check: compiles every file under each DIR and prints each error as\n"
    "  file:line:column: Kind: message, with the source line and a caret.\n"
    "\n"
    "Exit status: 0 success, 1 a template failed, 2 usage error.\n"
    "Context JSON may hold tagged values: {\"$safe\": s}, {\"$date\": \"YYYY-MM-DD\"},\n"
    "{\"$datetime\": ISO}, {\"$time\": \"HH:MM:SS\"}, {\"$timedelta\": seconds},\n"
    "{\"$decimal\": \"1.50\"}, {\"$float\": \"nan\"}, {\"$tuple\": [...]}.\n";

static int usage_error(const char *fmt, const char *arg)
{
    fputs("weft: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'weft --help'.\n", stderr);
    return EXIT_USAGE;
}

/* ---- render ------------------------------------------------------------ */

typedef struct pinned_clock {
    int64_t seconds;
    int32_t microseconds;
} pinned_clock;

static void read_pinned_clock(void *userdata, int64_t *unix_seconds, int32_t *microseconds)
{
    const pinned_clock *c = userdata;
    *unix_seconds = c->seconds;
    *microseconds = c->microseconds;
}

/* Prints "weft: Kind: message" and, when known, where. */
static void print_error(const weft_error *err)
{
    fprintf(stderr, "weft: %s: %s\n", weft_error_kind_name(err->kind), err->message);
    if (err->line == 0)
        return;
    fprintf(stderr, "  --> %s:%u:%u\n", err->template_name, err->line, err->column);
    if (err->snippet[0]) {
        fprintf(stderr, "   | %s\n   | ", err->snippet);
        for (unsigned i = 1; i < err->snippet_column; i++)
            fputc(err->snippet[i - 1] == '\t' ? '\t' : ' ', stderr);
        fputs("^\n", stderr);
    }
}

/* Applies a configuration call's status; prints and fails on error. */
static bool configured(int status, const char *what, const char *arg)
{
    if (status == WEFT_OK)
        return true;
    fprintf(stderr, "weft: %s %s: %s\n", what, arg ? arg : "",
            status == WEFT_ENOMEM ? "out of memory" : "rejected");
    return false;
}

/* Matches "--name VALUE" or "--name=VALUE" at argv[*i]; advances *i. */
static bool option_value(int argc, char **argv, int *i, const char *name, const char **value,
                         bool *missing)
{
    size_t n = strlen(name);
    const char *a = argv[*i];
    if (strncmp(a, name, n) != 0)
        return false;
    if (a[n] == '=') {
        *value = a + n + 1;
        return true;
    }
    if (a[n] != '\0')
        return false;
    if (*i + 1 >= argc) {
        *missing = true;
        return true;
    }
    *value = argv[++*i];
    return true;
}

static int cmd_render(int argc, char **argv)
{
    const char *name = NULL, *context_path = NULL, *now = NULL, *zone = NULL, *v = NULL;
    int status = EXIT_FAILURE;
    bool ok = true, missing = false, any_dir = false;
    pinned_clock clock;
    weft_engine *engine = weft_engine_new();
    weft_values *store = weft_values_new();
    if (!engine || !store) {
        fputs("weft: out of memory\n", stderr);
        goto done;
    }

    for (int i = 0; i < argc && ok; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(usage_text, stdout);
            status = EXIT_SUCCESS;
            goto done;
        } else if (option_value(argc, argv, &i, "--dir", &v, &missing)) {
            ok = missing || configured(weft_engine_add_dir(engine, v), "--dir", v);
            any_dir = true;
        } else if (option_value(argc, argv, &i, "--context", &v, &missing)) {
            context_path = v;
        } else if (option_value(argc, argv, &i, "--string-if-invalid", &v, &missing)) {
            ok = missing || configured(weft_engine_set_string_if_invalid(engine, v),
                                       "--string-if-invalid", v);
        } else if (!strcmp(a, "--no-autoescape")) {
            ok = configured(weft_engine_set_autoescape(engine, false), a, NULL);
        } else if (!strcmp(a, "--use-tz")) {
            ok = configured(weft_engine_set_use_tz(engine, true), a, NULL);
        } else if (!strcmp(a, "--thousand-separator")) {
            ok = configured(weft_engine_set_thousand_separator(engine, true), a, NULL);
        } else if (option_value(argc, argv, &i, "--language", &v, &missing)) {
            ok = missing || configured(weft_engine_set_language(engine, v), "--language", v);
        } else if (option_value(argc, argv, &i, "--locale-dir", &v, &missing)) {
            ok = missing || configured(weft_engine_add_locale_dir(engine, v), "--locale-dir", v);
        } else if (option_value(argc, argv, &i, "--time-zone", &v, &missing)) {
            zone = v;
            ok = missing || configured(weft_engine_set_time_zone(engine, v), "--time-zone", v);
        } else if (option_value(argc, argv, &i, "--now", &v, &missing)) {
            now = v;
        } else if (option_value(argc, argv, &i, "--static-url", &v, &missing)) {
            ok = missing || configured(weft_engine_set_static_url(engine, v), "--static-url", v);
        } else if (option_value(argc, argv, &i, "--media-url", &v, &missing)) {
            ok = missing || configured(weft_engine_set_media_url(engine, v), "--media-url", v);
        } else if (a[0] == '-' && a[1] != '\0') {
            status = usage_error("unknown option %s", a);
            goto done;
        } else if (!name) {
            name = a;
        } else {
            status = usage_error("unexpected argument %s", a);
            goto done;
        }
        if (missing) {
            status = usage_error("option %s needs a value", a);
            goto done;
        }
    }
    if (!ok)
        goto done;
    if (!name) {
        status = usage_error("%s", "render needs a template NAME");
        goto done;
    }
    if (!any_dir && !configured(weft_engine_add_dir(engine, "."), "--dir", "."))
        goto done;

    char why[512];
    if (now) {
        if (!wjson_local_to_utc(now, zone, &clock.seconds, &clock.microseconds, why, sizeof why)) {
            status = usage_error("--now: %s", why);
            goto done;
        }
        if (!configured(weft_engine_set_clock(engine, read_pinned_clock, &clock), "--now", now))
            goto done;
    }
    weft_value *context = NULL;
    if (context_path && !(context = wjson_load_context(store, context_path, why, sizeof why))) {
        fprintf(stderr, "weft: %s\n", why);
        goto done;
    }

    weft_error err = {0};
    weft_template *tpl = weft_engine_get(engine, name, &err);
    char *out = NULL;
    size_t out_len = 0;
    if (!tpl || weft_render_to_string(tpl, context, NULL, &out, &out_len, &err) != WEFT_OK) {
        print_error(&err);
    } else if (fwrite(out, 1, out_len, stdout) != out_len || fflush(stdout) != 0) {
        fprintf(stderr, "weft: writing the output: %s\n", strerror(errno));
    } else {
        status = EXIT_SUCCESS;
    }
    free(out);
    weft_template_release(tpl);
done:
    weft_values_free(store);
    weft_engine_free(engine);
    return status;
}

/* ---- check ------------------------------------------------------------- */

typedef struct name_list {
    char **names;
    size_t len, cap;
} name_list;

static bool push_name(name_list *l, const char *name)
{
    if (l->len == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        char **grown = realloc(l->names, cap * sizeof *grown);
        if (!grown)
            return false;
        l->names = grown;
        l->cap = cap;
    }
    return (l->names[l->len++] = strdup(name)) != NULL;
}

/* Collects the regular files under root/rel, as paths relative to root.
 * Hidden files and directories (a leading dot) are skipped. */
static bool walk(const char *root, const char *rel, name_list *out)
{
    char path[8192];
    snprintf(path, sizeof path, "%s%s%s", root, rel[0] ? "/" : "", rel);
    DIR *dir = opendir(path);
    if (!dir) {
        fprintf(stderr, "weft: cannot open %s: %s\n", path, strerror(errno));
        return false;
    }
    bool ok = true;
    struct dirent *e;
    while (ok && (e = readdir(dir)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char child[4096], child_path[8192];
        int n = snprintf(child, sizeof child, "%s%s%s", rel, rel[0] ? "/" : "", e->d_name);
        if (n < 0 || (size_t)n >= sizeof child ||
            (size_t)snprintf(child_path, sizeof child_path, "%s/%s", root, child) >=
                sizeof child_path) {
            fprintf(stderr, "weft: path too long under %s\n", path);
            continue;
        }
        struct stat st;
        if (stat(child_path, &st) != 0)
            continue; /* a dangling link */
        if (S_ISDIR(st.st_mode))
            ok = walk(root, child, out);
        else if (S_ISREG(st.st_mode))
            ok = push_name(out, child);
    }
    closedir(dir);
    return ok;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Puts a message on one line, so that every failure of a check is one
 * line and its source line: Django's lists ("Must be one of:\ncache\n...")
 * read as "Must be one of: cache, ...". */
static void flatten_message(char *message)
{
    size_t n = strlen(message);
    while (n && message[n - 1] == '\n') message[--n] = '\0';
    char flat[sizeof ((weft_error *)0)->message];
    size_t j = 0;
    for (size_t i = 0; i < n && j + 3 < sizeof flat; i++) {
        if (message[i] != '\n') {
            flat[j++] = message[i];
        } else if (i && message[i - 1] == ':') {
            flat[j++] = ' ';
        } else {
            flat[j++] = ',';
            flat[j++] = ' ';
        }
    }
    flat[j] = '\0';
    memcpy(message, flat, j + 1);
}

/* Compiles every file of dir; returns the number that failed, or -1. */
static int check_dir(const char *dir)
{
    name_list names = {0};
    int failed = -1;
    weft_engine *engine = weft_engine_new();
    if (!engine || !configured(weft_engine_add_dir(engine, dir), "--dir", dir) ||
        !walk(dir, "", &names))
        goto done;
    qsort(names.names, names.len, sizeof *names.names, compare_names);
    failed = 0;
    for (size_t i = 0; i < names.len; i++) {
        weft_error err = {0};
        weft_template *tpl = weft_engine_get(engine, names.names[i], &err);
        if (tpl) {
            weft_template_release(tpl);
            continue;
        }
        failed++;
        if (err.template_name[0] == '\0' || !strcmp(err.template_name, names.names[i]))
            snprintf(err.template_name, sizeof err.template_name, "%s/%s", dir, names.names[i]);
        flatten_message(err.message);
        size_t need = weft_error_format(&err, NULL, 0);
        char *text = malloc(need + 1);
        if (text) {
            weft_error_format(&err, text, need + 1);
            fputs(text, stdout);
            if (need == 0 || text[need - 1] != '\n')
                fputc('\n', stdout);
        }
        free(text);
    }
done:
    for (size_t i = 0; i < names.len; i++)
        free(names.names[i]);
    free(names.names);
    weft_engine_free(engine);
    return failed;
}

static int cmd_check(int argc, char **argv)
{
    if (argc == 0)
        return usage_error("%s", "check needs at least one DIR");
    int failed = 0;
    for (int i = 0; i < argc; i++) {
        if (argv[i][0] == '-')
            return usage_error("unknown option %s", argv[i]);
    }
    for (int i = 0; i < argc; i++) {
        int n = check_dir(argv[i]);
        failed += n < 0 ? 1 : n;
    }
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage_error("%s", "a command is needed");
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        fputs(usage_text, stdout);
        return EXIT_SUCCESS;
    }
    if (!strcmp(argv[1], "render"))
        return cmd_render(argc - 2, argv + 2);
    if (!strcmp(argv[1], "check"))
        return cmd_check(argc - 2, argv + 2);
    return usage_error("unknown command %s", argv[1]);
}
