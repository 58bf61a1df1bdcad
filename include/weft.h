/*
 * weft: the Django template language, compiled once and rendered from any
 * number of threads at once.
 *
 * THREAD SAFETY
 * -------------
 * - There is no mutable global state in the library.
 * - A weft_engine is configured by one thread (the weft_engine_set_* and
 *   weft_engine_add_* calls) and frozen by its first template request
 *   (weft_engine_compile or weft_engine_get). After that, configuration calls
 *   fail with WEFT_EBUSY and any number of threads may share the engine.
 * - A weft_template is immutable once compiled: any number of threads may
 *   render it at once. Its lifetime is an atomic reference count.
 * - A weft_values store is NOT thread-safe while it is being built; once
 *   built, the values in it may be read by any number of concurrent renders.
 * - Callbacks (URL resolver, clock, host-object operations) may be called
 *   from several threads at once and must be thread-safe.
 *
 * OWNERSHIP
 * ---------
 * Every *_new has a *_free, and *_free(NULL) does nothing. A value pointer
 * returned by a weft_values builder belongs to that store and lives until the
 * store is freed. Strings passed in are copied unless stated otherwise.
 */
#ifndef WEFT_H
#define WEFT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define WEFT_API __attribute__((visibility("default")))
#else
#define WEFT_API
#endif

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

/* Return codes of every fallible call. */
typedef enum weft_status {
    WEFT_OK = 0,
    WEFT_ESYNTAX = 1,   /* the template does not compile */
    WEFT_ENOTFOUND = 2, /* no loader found the template */
    WEFT_ERENDER = 3,   /* the render failed (see the error's kind) */
    WEFT_ENOMEM = 4,    /* out of memory; nothing was leaked */
    WEFT_EBUSY = 5,     /* configuration after the engine was frozen */
    WEFT_EINVAL = 6,    /* a bad argument */
    WEFT_ELIMIT = 7,    /* a depth, nesting or output limit was reached */
    WEFT_EIO = 8        /* a file could not be read */
} weft_status;

/* The kind of an error, named after the Python exception Django raises. */
typedef enum weft_error_kind {
    WEFT_ERROR_NONE = 0,
    WEFT_ERROR_TEMPLATE_SYNTAX,        /* TemplateSyntaxError */
    WEFT_ERROR_TEMPLATE_DOES_NOT_EXIST,/* TemplateDoesNotExist */
    WEFT_ERROR_VARIABLE_DOES_NOT_EXIST,/* VariableDoesNotExist */
    WEFT_ERROR_NO_REVERSE_MATCH,       /* NoReverseMatch */
    WEFT_ERROR_VALUE,                  /* ValueError */
    WEFT_ERROR_TYPE,                   /* TypeError */
    WEFT_ERROR_ATTRIBUTE,              /* AttributeError */
    WEFT_ERROR_ZERO_DIVISION,          /* ZeroDivisionError */
    WEFT_ERROR_OUT_OF_MEMORY,          /* MemoryError */
    WEFT_ERROR_LIMIT,                  /* RecursionError-like limits */
    WEFT_ERROR_IO,                     /* OSError */
    WEFT_ERROR_INVALID_ARGUMENT,       /* misuse of the API */
    WEFT_ERROR_BUSY,                   /* configuration after freeze */
    WEFT_ERROR_OVERFLOW,               /* OverflowError */
    WEFT_ERROR_ZONE_NOT_FOUND          /* zoneinfo.ZoneInfoNotFoundError */
} weft_error_kind;

#define WEFT_ERROR_MESSAGE_MAX 512
#define WEFT_ERROR_NAME_MAX 256
#define WEFT_ERROR_SNIPPET_MAX 256

/* Filled by a failing call when the caller passes one; NULL is allowed
 * everywhere. Plain data: no allocation, no cleanup. line and column are
 * 1-based; 0 when the error has no position. snippet holds the source line
 * the error points into (possibly cut), snippet_column the caret position in
 * it (1-based, in bytes). */
typedef struct weft_error {
    weft_status code;
    weft_error_kind kind;
    char message[WEFT_ERROR_MESSAGE_MAX];
    char template_name[WEFT_ERROR_NAME_MAX];
    unsigned line;
    unsigned column;
    size_t offset;
    char snippet[WEFT_ERROR_SNIPPET_MAX];
    unsigned snippet_column;
} weft_error;

/* "TemplateSyntaxError", "TemplateDoesNotExist", ... Never NULL. */
/* Thread-safe: always. */
WEFT_API const char *weft_error_kind_name(weft_error_kind kind);

/* Writes "name:line:column: Kind: message", then the source line and a caret
 * under the column, into buf (always NUL-terminated when size > 0).
 * Returns the length the full text needs, like snprintf. Thread-safe. */
/* Thread-safe: always. */
WEFT_API size_t weft_error_format(const weft_error *err, char *buf, size_t size);

/* ------------------------------------------------------------------ */
/* Values                                                              */
/* ------------------------------------------------------------------ */

typedef struct weft_value weft_value;   /* a value, owned by a store */
typedef struct weft_values weft_values; /* a store that owns values */

typedef enum weft_kind {
    WEFT_NULL,     /* Python None */
    WEFT_BOOL,
    WEFT_INT,      /* 64-bit signed */
    WEFT_FLOAT,    /* double */
    WEFT_STRING,   /* UTF-8, possibly marked safe */
    WEFT_LIST,
    WEFT_TUPLE,
    WEFT_DICT,     /* insertion-ordered, string keys or any value keys */
    WEFT_DATE,
    WEFT_DATETIME, /* naive or with a fixed UTC offset */
    WEFT_TIME,
    WEFT_DURATION, /* Python timedelta */
    WEFT_DECIMAL,  /* Python Decimal, kept as its canonical text */
    WEFT_HOST      /* an object of the host, reached through weft_host_ops */
} weft_kind;

/* Creates an empty store. Returns NULL when out of memory. */
/* Thread-safe: always. */
WEFT_API weft_values *weft_values_new(void);
/* Frees the store and every value in it. */
/* Thread-safe: when no render reads the store any more. */
WEFT_API void weft_values_free(weft_values *store);

/* Builders: each returns a value owned by the store, or NULL when out of
 * memory. Not thread-safe on one store. */
/* Thread-safe: on distinct stores; one store is built by one thread. */
WEFT_API weft_value *weft_value_null(weft_values *store);
/* Thread-safe: on distinct stores; one store is built by one thread. */
WEFT_API weft_value *weft_value_bool(weft_values *store, bool b);
/* Thread-safe: on distinct stores; one store is built by one thread. */
WEFT_API weft_value *weft_value_int(weft_values *store, int64_t i);
/* Thread-safe: on distinct stores; one store is built by one thread. */
WEFT_API weft_value *weft_value_float(weft_values *store, double d);
/* Copies len bytes of UTF-8. A safe string is not escaped on output. */
/* Thread-safe: on distinct stores; one store is built by one thread. */
WEFT_API weft_value *weft_value_string(weft_values *store, const char *s, size_t len);
/* Thread-safe: on distinct stores; one store is built by one thread. */
WEFT_API weft_value *weft_value_safe_string(weft_values *store, const char *s, size_t len);
/* Thread-safe: on distinct stores; one store is built by one thread. */
WEFT_API weft_value *weft_value_list(weft_values *store);
/* Thread-safe: on distinct stores; one store is built by one thread. */
WEFT_API weft_value *weft_value_tuple(weft_values *store);
/* Thread-safe: on distinct stores; one store is built by one thread. */
WEFT_API weft_value *weft_value_dict(weft_values *store);
/* Thread-safe: on distinct stores; one store is built by one thread. */
WEFT_API weft_value *weft_value_date(weft_values *store, int year, int month, int day);
/* has_offset false makes a naive datetime; otherwise offset_minutes is the
 * UTC offset (east positive). */
/* Thread-safe: on distinct stores; one store is built by one thread. */
WEFT_API weft_value *weft_value_datetime(weft_values *store, int year, int month, int day,
                                         int hour, int minute, int second, int microsecond,
                                         bool has_offset, int offset_minutes);
/* Thread-safe: on distinct stores; one store is built by one thread. */
WEFT_API weft_value *weft_value_time(weft_values *store, int hour, int minute, int second,
                                     int microsecond);
/* Thread-safe: on distinct stores; one store is built by one thread. */
WEFT_API weft_value *weft_value_duration(weft_values *store, int64_t days, int64_t seconds,
                                         int64_t microseconds);
/* text is a decimal number as Python's Decimal would accept it. */
/* Thread-safe: on distinct stores; one store is built by one thread. */
WEFT_API weft_value *weft_value_decimal(weft_values *store, const char *text, size_t len);

/* Appends a copy of item to a list or tuple. Returns WEFT_OK, WEFT_EINVAL
 * when list is not a list or tuple, or WEFT_ENOMEM. */
/* Thread-safe: on distinct stores; one store is built by one thread. */
WEFT_API int weft_list_append(weft_values *store, weft_value *list, const weft_value *item);
/* Sets key (copied) to a copy of val in a dict, replacing an existing key in
 * place. */
/* Thread-safe: on distinct stores; one store is built by one thread. */
WEFT_API int weft_dict_set(weft_values *store, weft_value *dict, const char *key, size_t key_len,
                           const weft_value *val);
/* Same, with a key of any kind (Python dicts can have int keys). */
/* Thread-safe: on distinct stores; one store is built by one thread. */
WEFT_API int weft_dict_set_value(weft_values *store, weft_value *dict, const weft_value *key,
                                 const weft_value *val);

/* Thread-safe: always. */
WEFT_API weft_kind weft_value_kind(const weft_value *v);

/* Host objects. A host (the Python binding, an application) exposes its
 * objects through these hooks; any hook may be NULL when the object has no
 * such behaviour. All hooks must be thread-safe: several renders may call
 * them at once. Values a hook returns are built in the store it is given,
 * which lives as long as the render. Return WEFT_OK, WEFT_ENOTFOUND (no such
 * name or index: Django then tries the next way or treats the variable as
 * invalid) or another status to fail the render. */
typedef struct weft_host_ops {
    const char *type_name;
    /* Django's lookup order for "obj.name": key, then attribute, then index. */
    int (*lookup)(void *obj, const char *name, size_t len, weft_values *store, weft_value **out);
    int (*length)(void *obj, size_t *out);
    int (*item)(void *obj, size_t index, weft_values *store, weft_value **out);
    int (*truthy)(void *obj, bool *out);
    int (*to_string)(void *obj, weft_values *store, weft_value **out);
    /* Called when the object is callable and Django would call it with no
     * arguments. NULL means not callable. */
    int (*call)(void *obj, weft_values *store, weft_value **out);
} weft_host_ops;

/* Thread-safe: on distinct stores; one store is built by one thread. */
WEFT_API weft_value *weft_value_host(weft_values *store, const weft_host_ops *ops, void *obj);

/* ------------------------------------------------------------------ */
/* Engine                                                              */
/* ------------------------------------------------------------------ */

typedef struct weft_engine weft_engine;
typedef struct weft_template weft_template;

/* The clock: fills the current UTC time. */
typedef void (*weft_clock_fn)(void *userdata, int64_t *unix_seconds, int32_t *microseconds);

/* The URL hook, the host's reverse(): given a view name and positional and
 * keyword arguments (as strings), writes the path to out (at most out_size
 * bytes including the NUL) and returns WEFT_OK, or returns WEFT_ENOTFOUND
 * for Django's NoReverseMatch. */
typedef int (*weft_url_fn)(void *userdata, const char *view_name, const char *const *args,
                           size_t n_args, const char *const *kwarg_names,
                           const char *const *kwarg_values, size_t n_kwargs, char *out,
                           size_t out_size);

/* Creates an engine with Django's defaults: autoescape on, string_if_invalid
 * "", language "en-us", time zone "UTC", the system clock. */
/* Thread-safe: always. */
WEFT_API weft_engine *weft_engine_new(void);
/* Frees the engine. Templates obtained from it stay valid until released. */
/* Thread-safe: when no other thread uses the engine any more. */
WEFT_API void weft_engine_free(weft_engine *engine);

/* Configuration: call before the first template request, from one thread.
 * Each returns WEFT_OK, WEFT_EBUSY after freeze, WEFT_EINVAL or WEFT_ENOMEM. */
/* Thread-safe: no; configure from one thread before the first template request. */
WEFT_API int weft_engine_add_dir(weft_engine *engine, const char *path);
/* Thread-safe: no; configure from one thread before the first template request. */
WEFT_API int weft_engine_add_template(weft_engine *engine, const char *name, const char *source,
                                      size_t len);
/* Thread-safe: no; configure from one thread before the first template request. */
WEFT_API int weft_engine_set_autoescape(weft_engine *engine, bool on);
/* Thread-safe: no; configure from one thread before the first template request. */
WEFT_API int weft_engine_set_string_if_invalid(weft_engine *engine, const char *s);
/* Thread-safe: no; configure from one thread before the first template request. */
WEFT_API int weft_engine_set_static_url(weft_engine *engine, const char *url);
/* Thread-safe: no; configure from one thread before the first template request. */
WEFT_API int weft_engine_set_media_url(weft_engine *engine, const char *url);
/* Reads the .mo files of every DIR/<language>/LC_MESSAGES folder, at freeze. */
/* Thread-safe: no; configure from one thread before the first template request. */
WEFT_API int weft_engine_add_locale_dir(weft_engine *engine, const char *dir);
/* Thread-safe: no; configure from one thread before the first template request. */
WEFT_API int weft_engine_set_language(weft_engine *engine, const char *language);
/* An IANA zone name read from the system tz database. */
/* Thread-safe: no; configure from one thread before the first template request. */
WEFT_API int weft_engine_set_time_zone(weft_engine *engine, const char *zone);
/* Django's USE_TZ. */
/* Thread-safe: no; configure from one thread before the first template request. */
WEFT_API int weft_engine_set_use_tz(weft_engine *engine, bool on);
/* Thread-safe: no; configure from one thread before the first template request. */
WEFT_API int weft_engine_set_clock(weft_engine *engine, weft_clock_fn fn, void *userdata);
/* Thread-safe: no; configure from one thread before the first template request. */
WEFT_API int weft_engine_set_url_resolver(weft_engine *engine, weft_url_fn fn, void *userdata);
/* Django's USE_THOUSAND_SEPARATOR: localized numbers are grouped with the
 * language's thousand separator. */
/* Thread-safe: no; configure from one thread before the first template request. */
WEFT_API int weft_engine_set_thousand_separator(weft_engine *engine, bool on);

/* The fragment cache of {% cache %} (Django's caches). cache_name is the
 * tag's using= argument, NULL for the default ("template_fragments", else
 * "default", as Django picks). get returns WEFT_OK with *out a string value
 * built in store, WEFT_ENOTFOUND for a miss, or WEFT_EINVAL when there is no
 * cache of that name (a TemplateSyntaxError, as Django's
 * InvalidCacheBackendError). set stores the rendered fragment for timeout
 * seconds, or without expiry when has_timeout is false (the tag's timeout
 * None). Keys are Django's make_template_fragment_key, so a cache shared
 * with Django's engine sees the same entries. Without hooks every fragment
 * renders every time (Django's dummy cache). Called from any thread. */
typedef int (*weft_cache_get_fn)(void *userdata, const char *cache_name, const char *key,
                                 size_t key_len, weft_values *store, weft_value **out);
typedef int (*weft_cache_set_fn)(void *userdata, const char *cache_name, const char *key,
                                 size_t key_len, const char *value, size_t value_len,
                                 bool has_timeout, int64_t timeout);
/* Thread-safe: no; configure from one thread before the first template request. */
WEFT_API int weft_engine_set_fragment_cache(weft_engine *engine, weft_cache_get_fn get,
                                            weft_cache_set_fn set, void *userdata);

/* ------------------------------------------------------------------ */
/* Custom filters and tags                                             */
/* ------------------------------------------------------------------ */

/* The render a custom filter or tag is called from: its value store, its
 * output, its per-render state. Valid only during the call. */
typedef struct weft_rendering weft_rendering;

/* A filter: reads value (and arg, NULL when the template gave none) and
 * sets *out to a value built in weft_rendering_store(). Returns WEFT_OK, or
 * fails the render through weft_rendering_fail. Called from any thread. */
typedef int (*weft_filter_fn)(void *userdata, weft_rendering *r, const weft_value *value,
                              const weft_value *arg, weft_value **out);

enum weft_filter_flags {
    WEFT_FILTER_IS_SAFE = 1,           /* Django's is_safe: safe in, safe out */
    WEFT_FILTER_NEEDS_AUTOESCAPE = 2,  /* reads weft_rendering_autoescape() */
    WEFT_FILTER_EXPECTS_LOCALTIME = 4, /* aware datetimes arrive in local time */
    WEFT_FILTER_ARG_REQUIRED = 8,      /* {{ x|f:arg }} only */
    WEFT_FILTER_ARG_OPTIONAL = 16      /* with or without an argument */
};

/* Registers a filter under name in the engine's own built-in library,
 * visible in every template: it takes precedence over a built-in of the
 * same name. Before the engine freezes (else WEFT_EBUSY). */
/* Thread-safe: no; configure from one thread before the first template request. */
WEFT_API int weft_engine_add_filter(weft_engine *engine, const char *name, weft_filter_fn fn,
                                    void *userdata, unsigned flags);

/* A tag: {% name arg... key=value... [as var] %}. Arguments are resolved
 * filter expressions. A tag may write output (weft_rendering_write), render
 * its body (block tags) and return a value in *out (NULL for none), which is
 * printed, escaped unless safe, or stored in `as var`. */
typedef int (*weft_tag_fn)(void *userdata, weft_rendering *r, const weft_value *const *args,
                           size_t nargs, const char *const *kwarg_names,
                           const weft_value *const *kwarg_values, size_t nkwargs,
                           weft_value **out);

/* A simple tag. state_size bytes of per-render state (zeroed at first use,
 * kept across the tag's calls within one rendering of its template: the C
 * form of Django's context.render_context[node]) are reached with
 * weft_rendering_state. */
/* Thread-safe: no; configure from one thread before the first template request. */
WEFT_API int weft_engine_add_simple_tag(weft_engine *engine, const char *name, weft_tag_fn fn,
                                        void *userdata, size_t state_size);
/* A block tag: {% name ... %}body{% endname %}; fn may call
 * weft_rendering_render_body any number of times. */
/* Thread-safe: no; configure from one thread before the first template request. */
WEFT_API int weft_engine_add_block_tag(weft_engine *engine, const char *name, weft_tag_fn fn,
                                       void *userdata, size_t state_size);
/* An inclusion tag: fn returns a dict in *out, and template_name is
 * rendered with that dict as its whole context. */
/* Thread-safe: no; configure from one thread before the first template request. */
WEFT_API int weft_engine_add_inclusion_tag(weft_engine *engine, const char *name,
                                           const char *template_name, weft_tag_fn fn,
                                           void *userdata);

/* Libraries: named sets of filters and tags, as Django's tag libraries.
 * {% load name %} makes a library's filters and tags visible in the rest of
 * a template, {% load a b from name %} only those named; a library made
 * built in (weft_engine_add_builtin) is visible everywhere without a load.
 * Django's own libraries i18n, static, l10n, tz and cache are built into
 * every engine as loadable libraries.
 *
 * A library is built by one thread, then given to any number of engines;
 * weft_engine_add_library seals it, after which the add calls fail with
 * WEFT_EBUSY and it is immutable. Names are letters, digits and '_'; a
 * later entry of a name replaces an earlier one, as in Django's Library. */
typedef struct weft_library weft_library;

/* A library registered under name (any text without spaces: "humanize",
 * "myapp_tags", "a/b"). Returns NULL on a bad name or out of memory. */
/* Thread-safe: always. */
WEFT_API weft_library *weft_library_new(const char *name);
/* Drops the caller's reference; engines that took the library keep their
 * own. */
/* Thread-safe: always. */
WEFT_API void weft_library_free(weft_library *lib);
/* Thread-safe: always. */
WEFT_API const char *weft_library_name(const weft_library *lib);
/* As weft_engine_add_filter and the tag registrations below, into a
 * library. Each returns WEFT_OK, WEFT_EINVAL, WEFT_EBUSY once sealed, or
 * WEFT_ENOMEM. */
/* Thread-safe: no; build a library from one thread. */
WEFT_API int weft_library_add_filter(weft_library *lib, const char *name, weft_filter_fn fn,
                                     void *userdata, unsigned flags);
/* Thread-safe: no; build a library from one thread. */
WEFT_API int weft_library_add_simple_tag(weft_library *lib, const char *name, weft_tag_fn fn,
                                         void *userdata, size_t state_size);
/* Thread-safe: no; build a library from one thread. */
WEFT_API int weft_library_add_block_tag(weft_library *lib, const char *name, weft_tag_fn fn,
                                        void *userdata, size_t state_size);
/* Thread-safe: no; build a library from one thread. */
WEFT_API int weft_library_add_inclusion_tag(weft_library *lib, const char *name,
                                            const char *template_name, weft_tag_fn fn,
                                            void *userdata);
/* Makes lib loadable by its name in the engine's templates ({% load %}).
 * The engine takes a reference and seals the library. A library of the
 * same name registered later, or one of Django's, is replaced. */
/* Thread-safe: no; configure from one thread before the first template request. */
WEFT_API int weft_engine_add_library(weft_engine *engine, weft_library *lib);
/* Django's builtins option: the library called name (registered, or one of
 * Django's own such as "i18n") is visible in every template without a
 * load. Later built-ins take precedence over earlier ones, and all over
 * Django's default tags and filters; a {% load %} takes precedence over
 * them all. Unknown names fail the freeze (the first template request). */
/* Thread-safe: no; configure from one thread before the first template request. */
WEFT_API int weft_engine_add_builtin(weft_engine *engine, const char *name);

/* Thread-safe: within the filter or tag call that was given r. */
WEFT_API weft_values *weft_rendering_store(weft_rendering *r);
/* Thread-safe: within the filter or tag call that was given r. */
WEFT_API bool weft_rendering_autoescape(const weft_rendering *r);
/* Thread-safe: within the filter or tag call that was given r. */
WEFT_API const char *weft_rendering_language(const weft_rendering *r);
/* The calling tag's per-render state (NULL for filters and stateless tags). */
/* Thread-safe: within the filter or tag call that was given r. */
WEFT_API void *weft_rendering_state(weft_rendering *r);
/* Thread-safe: within the filter or tag call that was given r. */
WEFT_API int weft_rendering_write(weft_rendering *r, const char *data, size_t len);
/* Renders the calling block tag's body into the output. */
/* Thread-safe: within the filter or tag call that was given r. */
WEFT_API int weft_rendering_render_body(weft_rendering *r);
/* Sets a variable visible to the body (in the tag's own scope). */
/* Thread-safe: within the filter or tag call that was given r. */
WEFT_API int weft_rendering_set(weft_rendering *r, const char *name, size_t len,
                                const weft_value *value);
/* Looks a variable up in the template's context; NULL when unbound. */
/* Thread-safe: within the filter or tag call that was given r. */
WEFT_API const weft_value *weft_rendering_lookup(weft_rendering *r, const char *name, size_t len);
/* Fails the render with a Django exception kind. Returns WEFT_ERENDER. */
/* Thread-safe: within the filter or tag call that was given r. */
WEFT_API int weft_rendering_fail(weft_rendering *r, weft_error_kind kind, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* The template cache (on by default): weft_engine_get compiles each
 * template once, however many threads ask for it at once, and later
 * requests take the compiled program without a lock. Off, every get
 * compiles afresh. */
/* Thread-safe: no; configure from one thread before the first template request. */
WEFT_API int weft_engine_set_cache(weft_engine *engine, bool on);
/* Live reload (off by default, for development): weft_engine_get checks the
 * source's size and mtime, confirmed by a content hash, and recompiles a
 * changed template. Renders already running finish on the program they
 * started with. */
/* Thread-safe: no; configure from one thread before the first template request. */
WEFT_API int weft_engine_set_auto_reload(weft_engine *engine, bool on);

typedef struct weft_engine_stats {
    uint64_t hits;     /* requests answered from the cache */
    uint64_t misses;   /* requests that found nothing compiled */
    uint64_t compiles; /* programs compiled by the cache */
    uint64_t reloads;  /* programs replaced by live reload */
} weft_engine_stats;

/* A snapshot of the cache's counters. Thread-safe. */
/* Thread-safe: always. */
WEFT_API void weft_engine_get_stats(const weft_engine *engine, weft_engine_stats *out);
/* Forgets every cached template (Django's reset of the cached loader), for
 * tests. Templates held by callers or running renders stay valid.
 * Thread-safe; without live reload the forgotten programs are freed with
 * the engine. */
/* Thread-safe: always; renders in progress keep their templates. */
WEFT_API void weft_engine_reset(weft_engine *engine);

/* Compiles source (len bytes) under name. Freezes the engine. Returns a
 * template with one reference, or NULL with err filled. Thread-safe after
 * freeze. */
/* Thread-safe: always (the first call freezes the engine). */
WEFT_API weft_template *weft_engine_compile(weft_engine *engine, const char *name,
                                            const char *source, size_t len, weft_error *err);
/* Finds name through the loaders (in-memory templates, then directories in
 * order) and compiles it. Names that leave a directory (".." segments,
 * absolute paths) are refused. Freezes the engine. Thread-safe. */
/* Thread-safe: always (the first call freezes the engine). */
WEFT_API weft_template *weft_engine_get(weft_engine *engine, const char *name, weft_error *err);

/* Reference counting: thread-safe. */
/* Thread-safe: always (atomic reference count). */
WEFT_API weft_template *weft_template_retain(weft_template *tpl);
/* Thread-safe: always (atomic reference count). */
WEFT_API void weft_template_release(weft_template *tpl);
/* Thread-safe: always. */
WEFT_API const char *weft_template_name(const weft_template *tpl);

/* Per-render choices; NULL fields take the engine's defaults. */
typedef struct weft_render_options {
    const char *language;  /* e.g. "de" */
    const char *time_zone; /* Django's current time zone */
} weft_render_options;

typedef int (*weft_write_fn)(void *userdata, const char *data, size_t len);

/* Renders tpl with context (a dict value, or NULL for an empty context).
 * Writes the output through write; a non-zero return from write stops the
 * render with WEFT_EIO. Thread-safe: any number of concurrent renders of one
 * template are allowed, provided the context is not being modified. */
/* Thread-safe: always, also on one template, while the context is not modified. */
WEFT_API int weft_render(const weft_template *tpl, const weft_value *context,
                         const weft_render_options *options, weft_write_fn write,
                         void *userdata, weft_error *err);
/* Same, into a malloc'd NUL-terminated string the caller frees. */
/* Thread-safe: always, also on one template, while the context is not modified. */
WEFT_API int weft_render_to_string(const weft_template *tpl, const weft_value *context,
                                   const weft_render_options *options, char **out,
                                   size_t *out_len, weft_error *err);

#ifdef __cplusplus
}
#endif
#endif /* WEFT_H */
