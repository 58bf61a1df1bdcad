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

#include "program/program.h"
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
/* Switches the render's language, and its translations with it, for the
 * rest of the render or until switched back. Returns the old language.
 * language must outlive the switch. */
const char *wr_set_language(wr *r, const char *language);
/* A time zone by IANA name, read once per engine; NULL when unknown. NULL
 * as the name gives the engine's default zone (Django's TIME_ZONE). */
const wtz *wr_find_timezone(wr *r, const char *name);
/* Switches the current time zone; returns the old one. */
const wtz *wr_set_timezone(wr *r, const wtz *tz);
/* The decimal and thousand separators and grouping of the render's current
 * language, looked up once per language per render. */
const struct wpy_numfmt *wr_numfmt(wr *r);

/* ---- rendering nodes, scopes and templates ----------------------------- */

/* The program of the template whose node is rendering. */
const void *wr_prog(const wr *r);
#define WR_AT(r, ref, type) PROG_AT(wr_prog(r), ref, type)

int wr_render_nodelist(wr *r, wref nodelist);
/* Writes to the current output (possibly a capture). */
int wr_write(wr *r, const char *s, size_t n);
/* Renders a nodelist into a string value in the arena. */
int wr_capture(wr *r, wref nodelist, weft_value *out);

/* Scopes: push a frame, set names in the top frame, pop. */
int wr_push(wr *r);
void wr_pop(wr *r);
int wr_set(wr *r, const char *name, size_t len, const weft_value *v);
/* wr_set that also gives the binding's index, for a tag that sets the
 * same name again and again (a loop variable): wr_rebind then replaces its
 * value without the search. The index holds until the frame is popped. */
int wr_bind(wr *r, const char *name, size_t len, const weft_value *v, uint32_t *index);
void wr_rebind(wr *r, uint32_t index, const weft_value *v);
/* Context.set_upward: rebinds the name where it is already set. */
int wr_set_upward(wr *r, const char *name, size_t len, const weft_value *v);
/* Looks a name up through the scopes, then the caller's context; NULL
 * when unbound. */
const weft_value *wr_lookup(wr *r, const char *name, size_t len);

/* The per-render state of a slot in the current template render. */
void **wr_slot(wr *r, uint32_t slot);
/* A cell of state for node that lives as long as the innermost loop run
 * (Django's forloop dict keyed by node), or NULL when no loop encloses it. */
void **wr_loop_cell(wr *r, const wnode *node);
/* The innermost loop (recorded by a loop tag), or NULL. */
const void *wr_current_loop(wr *r);
const void *wr_enter_loop(wr *r, const void *loop);

/* Forgets a failure that the syntax's semantics catch (Django's if tag's
 * operators return False on any exception). Out of memory is never
 * forgotten: returns false then. */
bool wr_recover(wr *r);

/* The render's store, for host-object callbacks and internal host values. */
weft_values *wr_host_store(wr *r);

/* An isolated include: hides every binding and the caller's context until
 * wr_isolate_end restores them. */
typedef struct wr_isolation {
    uint32_t floor;
    const weft_value *context;
} wr_isolation;
void wr_isolate_begin(wr *r, wr_isolation *saved);
void wr_isolate_end(wr *r, const wr_isolation *saved);

/* Gets a template by name (len bytes) in the loaders not set in skip, for
 * include-like tags: it stays alive until the render ends, and a name means
 * one version throughout the render even if the cache swaps in another.
 * stable says the name's memory does not change during the render (a
 * program's literal), so the next request is found by pointer. *prog is the
 * template's program. */
int wr_fetch_template(wr *r, const char *name, size_t len, uint32_t skip, bool stable,
                      const char **prog);

/* Renders prog as the template of include/extends node `via`; enter as in
 * wr_render_program (render/run.h). */
typedef int (*wr_enter_fn)(wr *r, const char *prog, void **slots);
int wr_render_via(wr *r, const wnode *via, const char *prog, bool isolated_blocks, wr_enter_fn enter);

/* Sets the autoescape state, returning the old one. */
bool wr_set_autoescape(wr *r, bool on);

#endif
