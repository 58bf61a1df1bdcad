/* What any syntax's tags and filters see of a render in progress: its
 * arena, the autoescape state, the language, time zone and clock of the
 * render, the number formats of its language, and a way to fail with an
 * error kind. Everything here reads or writes only the render's own state.
 *
 * Strings a tag or filter makes are allocated in wr_arena(r), which lives
 * as long as the render; values it is given must never be modified (they
 * may belong to the host or be shared by other threads). */
#ifndef WEFT_RENDER_RENDER_H
#define WEFT_RENDER_RENDER_H

#include <stdbool.h>
#include <stdint.h>

#include "value/value.h"

typedef struct wr wr;   /* a render in progress */
typedef struct wtz wtz; /* a time zone (base/tz.h) */
struct wpy_numfmt;

arena *wr_arena(wr *r);
bool wr_autoescape(const wr *r);
/* Fails the render with an error kind and a printf message. Always returns
 * -1, so a caller can `return wr_fail(...)`. The first failure is the one
 * reported. */
int wr_fail(wr *r, weft_error_kind kind, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int wr_oom(wr *r);

/* str(value) as a string value; strings come back as they are. Returns -1
 * (out of memory, already reported) on failure. */
int wr_str(wr *r, const weft_value *v, weft_value *out);
/* Starts a string in the render arena; wr_buf_value ends it as a value. */
void wr_buf(wr *r, buf *b);
int wr_buf_value(wr *r, buf *b, bool safe, weft_value *out);

/* The render's language ("en", "de", ...), current time zone (never NULL
 * during a render; NULL means UTC in a standalone state) and clock. */
const char *wr_language(const wr *r);
const wtz *wr_timezone(const wr *r);
void wr_now(wr *r, int64_t *unix_seconds, int32_t *microseconds);
/* The decimal and thousand separators and grouping of the render's current
 * language, looked up once per language per render. */
const struct wpy_numfmt *wr_numfmt(wr *r);

#endif
