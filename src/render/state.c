/* The render state as tags and filters of any syntax see it (render.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "i18n/formats.h"
#include "render/state.h"

arena *wr_arena(wr *r) { return r->arena; }
bool wr_autoescape(const wr *r) { return r->autoescape; }
const char *wr_language(const wr *r) { return r->language; }
const wtz *wr_timezone(const wr *r) { return r->tz; }

const char *wr_set_language(wr *r, const char *language)
{
    const char *old = r->language;
    r->language = language;
    r->catalog = r->env_ops ? r->env_ops->catalog(r->env, language) : NULL;
    return old;
}

const wtz *wr_find_timezone(wr *r, const char *name)
{
    return r->env_ops ? r->env_ops->timezone(r->env, name) : NULL;
}

const wtz *wr_set_timezone(wr *r, const wtz *tz)
{
    const wtz *old = r->tz;
    r->tz = tz;
    return old;
}

void wr_now(wr *r, int64_t *unix_seconds, int32_t *microseconds)
{
    if (!r->now_known) {
        if (r->env_ops) {
            r->env_ops->clock(r->env, &r->now_sec, &r->now_usec);
        } else {
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            r->now_sec = ts.tv_sec;
            r->now_usec = (int32_t)(ts.tv_nsec / 1000);
        }
        r->now_known = true;
    }
    *unix_seconds = r->now_sec;
    *microseconds = r->now_usec;
}

const wpy_numfmt *wr_numfmt(wr *r)
{
    if (r->numfmt_language != r->language) {
        wi_number_formats(r->language, &r->numfmt);
        r->numfmt_language = r->language;
    }
    return &r->numfmt;
}

int wr_fail(wr *r, weft_error_kind kind, const char *fmt, ...)
{
    /* The first failure is the one reported: later ones are consequences. */
    if (r->failed) return -1;
    r->failed = true;
    if (r->err) {
        r->err->code = kind == WEFT_ERROR_OUT_OF_MEMORY ? WEFT_ENOMEM : WEFT_ERENDER;
        r->err->kind = kind;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(r->err->message, sizeof r->err->message, fmt, ap);
        va_end(ap);
    }
    return -1;
}

int wr_oom(wr *r) { return wr_fail(r, WEFT_ERROR_OUT_OF_MEMORY, "out of memory"); }

int wr_str(wr *r, const weft_value *v, weft_value *out)
{
    if (!wv_to_str(r->arena, v, out)) return wr_oom(r);
    return 0;
}

void wr_buf(wr *r, buf *b) { buf_init(b, r->arena); }

int wr_buf_value(wr *r, buf *b, bool safe, weft_value *out)
{
    if (b->oom) return wr_oom(r);
    *out = wv_str(b->len ? b->data : "", b->len, safe);
    return 0;
}

wr *wr_new_standalone(arena *a)
{
    wr *r = arena_alloc(a, sizeof *r);
    if (!r) return NULL;
    memset(r, 0, sizeof *r);
    r->arena = a;
    r->autoescape = true;
    r->language = "en";
    r->now_known = true; /* the Unix epoch */
    return r;
}
