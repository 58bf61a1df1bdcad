/* The renderer: walks a program's nodes, writing into the render's own
 * output buffer. Nothing here writes to the program or the engine. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "syntax/django/parser.h"
#include "syntax/django/registry.h"
#include "output.h"
#include "run.h"

/* src/django/tags_inherit.c: a root parent's blocks join the context. */
int wd_add_root_blocks(wr *r, const char *prog, void **slots);

const void *wr_prog(const wr *r) { return r->run->prog; }

bool wr_set_autoescape(wr *r, bool on)
{
    bool old = r->autoescape;
    r->autoescape = on;
    return old;
}

const char *wd_string_if_invalid(const wr *r, size_t *len)
{
    *len = r->run->string_if_invalid_len;
    return r->run->string_if_invalid;
}

void **wr_slot(wr *r, uint32_t slot) { return &r->run->slots[slot]; }

static int flush(wr *r)
{
    struct wr_run *run = r->run;
    if (!run->write || !run->main_out.len) return 0;
    if (run->main_out.oom) return wr_oom(r);
    if (run->write(run->userdata, run->main_out.data, run->main_out.len)) {
        wr_fail(r, WEFT_ERROR_IO, "the output callback failed");
        if (r->err) r->err->code = WEFT_EIO;
        return -1;
    }
    run->written += run->main_out.len;
    run->main_out.len = 0;
    return 0;
}

/* After any write: out of memory, the output limit, and flushing a full
 * buffer to the caller's callback. */
static int wrote(wr *r)
{
    struct wr_run *run = r->run;
    buf *out = run->out;
    if (out->oom) return wr_oom(r);
    if (out == &run->main_out) {
        if (run->written + out->len > WR_MAX_OUTPUT) {
            wr_fail(r, WEFT_ERROR_LIMIT, "the output is larger than %zu bytes", WR_MAX_OUTPUT);
            if (r->err) r->err->code = WEFT_ELIMIT;
            return -1;
        }
        if (out->len >= WR_FLUSH_AT) return flush(r);
    }
    return 0;
}

int wr_write(wr *r, const char *s, size_t n)
{
    struct wr_run *run = r->run;
    buf *out = run->out;
    if (!n) return 0;
    if (out->cap - out->len > n && run->written + out->len + n <= WR_MAX_OUTPUT) {
        /* Room left: the buffer flushes when it next has to grow. */
        memcpy(out->data + out->len, s, n);
        out->len += n;
        return 0;
    }
    buf_put(out, s, n);
    return wrote(r);
}

/* After a write that added fewer than WR_FLUSH_AT bytes: nothing to do
 * unless the buffer failed, reached the flush mark, or the render nears
 * the output limit (checked in full by wrote()). */
static inline int wrote_small(wr *r)
{
    const struct wr_run *run = r->run;
    const buf *out = run->out;
    if (!out->oom && out->len < WR_FLUSH_AT && run->written < WR_MAX_OUTPUT - 2 * (size_t)WR_FLUSH_AT)
        return 0;
    return wrote(r);
}

int wd_write_value(wr *r, const weft_value *v)
{
    buf *out = r->run->out;
    switch ((weft_kind)v->kind) {
    case WEFT_INT: wv_print_int(out, v->u.i); return wrote_small(r);
    case WEFT_STRING:
        if (r->autoescape && !(v->flags & WV_SAFE)) buf_put_escaped(out, v->u.s, v->len);
        else buf_put(out, v->u.s, v->len);
        break;
    /* Numbers print as digits, signs, separators and "inf"/"nan": nothing
     * to escape. */
    case WEFT_BOOL: buf_puts(out, v->u.b ? "True" : "False"); break;
    case WEFT_FLOAT:
    case WEFT_DECIMAL:
        if (wd_localize(r, out, v)) return -1;
        break;
    default: {
        /* Everything else is localised (dates) or printed, then escaped
         * like any other text. */
        buf tmp;
        buf_init(&tmp, r->arena);
        if (wd_localize(r, &tmp, v)) return -1;
        if (tmp.oom) return wr_oom(r);
        if (r->autoescape) buf_put_escaped(out, tmp.data ? tmp.data : "", tmp.len);
        else buf_put(out, tmp.data ? tmp.data : "", tmp.len);
    }
    }
    return wrote(r);
}

void wr_locate(wr *r, uint32_t pos)
{
    if (!r->err || r->err->line || !r->run->prog) return;
    const wprogram *h = PROG_AT(r->run->prog, WPROG_HEADER, wprogram);
    wb_error_locate(r->err, r->run->prog + h->name, r->run->prog + h->source, h->source_len, pos);
}

int wr_render_nodelist(wr *r, wref ref)
{
    const char *prog = r->run->prog;
    const char *source = prog + PROG_AT(prog, WPROG_HEADER, wprogram)->source;
    const wnodelist *list = PROG_AT(prog, ref, wnodelist);
    for (uint32_t i = 0; i < list->count; i++) {
        const wnode *node = PROG_AT(prog, list->nodes[i], wnode);
        int rc;
        /* Text and variables are most of every template: written here
         * rather than through the tag table. */
        if (node->tag == WNODE_TEXT) {
            const wtext_node *t = (const wtext_node *)node;
            rc = wr_write(r, source + t->start, t->len);
        } else if (node->tag == WD_NODE_VAR) {
            weft_value v;
            rc = wd_eval(r, ((const wvar_node *)node)->expr, &v);
            if (!rc) rc = wd_write_value(r, &v);
        } else {
            rc = wd_tag_at(r->engine, node->tag)->render(r, node);
        }
        if (rc) {
            wr_locate(r, node->pos);
            return -1;
        }
    }
    return 0;
}

int wr_capture(wr *r, wref nodelist, weft_value *out)
{
    buf b;
    buf_init(&b, r->arena);
    buf *saved = r->run->out;
    r->run->out = &b;
    int rc = wr_render_nodelist(r, nodelist);
    r->run->out = saved;
    if (rc) return -1;
    return wr_buf_value(r, &b, false, out);
}

static int render_program(wr *r, const char *prog, bool isolated_blocks, bool root_parent)
{
    struct wr_run *run = r->run;
    if (run->depth >= WR_MAX_DEPTH) {
        wr_fail(r, WEFT_ERROR_LIMIT,
                "templates include or extend each other more than %d deep", WR_MAX_DEPTH);
        if (r->err) r->err->code = WEFT_ELIMIT;
        return -1;
    }
    const wprogram *h = PROG_AT(prog, WPROG_HEADER, wprogram);
    void **slots = NULL;
    if (h->nslots) {
        slots = arena_alloc(r->arena, h->nslots * sizeof *slots);
        if (!slots) return wr_oom(r);
        memset(slots, 0, h->nslots * sizeof *slots);
    }
    if (root_parent && wd_add_root_blocks(r, prog, slots)) return -1;
    const char *saved_prog = run->prog;
    void **saved_slots = run->slots;
    block_context *saved_blocks = run->blocks;
    run->prog = prog;
    run->slots = slots;
    if (isolated_blocks) run->blocks = NULL;
    run->depth++;
    int rc = wr_render_nodelist(r, h->root);
    run->depth--;
    run->prog = saved_prog;
    run->slots = saved_slots;
    run->blocks = saved_blocks;
    return rc;
}

int wr_render_program(wr *r, const char *prog, bool isolated_blocks)
{
    return render_program(r, prog, isolated_blocks, false);
}

int wr_render_extended(wr *r, const char *prog, bool is_root)
{
    return render_program(r, prog, false, is_root);
}

/* ---- public entry points ---------------------------------------------- */

void we_read_clock(const weft_engine *e, int64_t *sec, int32_t *usec)
{
    if (e && e->clock) {
        e->clock(e->clock_data, sec, usec);
        return;
    }
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    *sec = ts.tv_sec;
    *usec = (int32_t)(ts.tv_nsec / 1000);
}

static void release_fetched(struct wr_run *run)
{
    for (uint32_t i = 0; i < run->nfetched; i++) weft_template_release((weft_template *)run->fetched[i].tpl);
}

/* Memory a render reuses: its arena (reset, not freed) and its output
 * buffer. Renders take one from the engine's pool and give it back, so a
 * steady-state render makes no malloc call. */
typedef struct render_memory {
    arena arena;
    buf out;
} render_memory;

/* Where a thread starts looking in the pool: threads run on different
 * stacks, so the address of a local spreads them over the slots, and
 * concurrent renders do not fight over one cache line. */
static size_t pool_start(void)
{
    char here;
    return ((uintptr_t)&here >> 16) % WE_RENDER_POOL;
}

static render_memory *take_memory(weft_engine *e)
{
    /* Lock-free: each slot is claimed by an exchange, so no two renders can
     * hold the same memory, and there is no ABA to guard against. */
    size_t start = pool_start();
    for (size_t k = 0; k < WE_RENDER_POOL; k++) {
        size_t i = (start + k) % WE_RENDER_POOL;
        if (!atomic_load_explicit(&e->render_pool[i].memory, memory_order_relaxed)) continue;
        render_memory *m = atomic_exchange_explicit(&e->render_pool[i].memory, NULL, memory_order_acquire);
        if (m) return m;
    }
    render_memory *m = malloc(sizeof *m);
    if (m) {
        arena_init(&m->arena);
        buf_init(&m->out, NULL);
    }
    return m;
}

static void give_memory(weft_engine *e, render_memory *m)
{
    arena_reset(&m->arena);
    m->out.len = 0;
    m->out.oom = false;
    size_t start = pool_start();
    for (size_t k = 0; k < WE_RENDER_POOL; k++) {
        size_t i = (start + k) % WE_RENDER_POOL;
        render_memory *expected = NULL;
        if (atomic_compare_exchange_strong_explicit(&e->render_pool[i].memory, &expected, m,
                                                    memory_order_release, memory_order_relaxed))
            return;
    }
    we_render_memory_free(m);
}

void we_render_memory_free(void *memory)
{
    render_memory *m = memory;
    if (!m) return;
    arena_free(&m->arena);
    buf_free(&m->out);
    free(m);
}

static int render(const weft_template *tpl, const weft_value *context,
                  const weft_render_options *options, weft_write_fn write, void *userdata,
                  char **collect, size_t *collect_len, weft_error *err)
{
    if (err) memset(err, 0, sizeof *err);
    if (!tpl) {
        if (err) {
            err->code = WEFT_EINVAL;
            err->kind = WEFT_ERROR_INVALID_ARGUMENT;
            strcpy(err->message, "no template");
        }
        return WEFT_EINVAL;
    }
    weft_engine *e = tpl->engine;
    render_memory *mem = take_memory(e);
    if (!mem) {
        if (err) {
            err->code = WEFT_ENOMEM;
            err->kind = WEFT_ERROR_OUT_OF_MEMORY;
            strcpy(err->message, "out of memory");
        }
        return WEFT_ENOMEM;
    }
    struct wr_run run;
    memset(&run, 0, sizeof run);
    run.store.arena = mem->arena;
    wr state;
    memset(&state, 0, sizeof state);
    wr *r = &state;
    r->arena = &run.store.arena;
    r->run = &run;
    r->engine = e;
    r->err = err;
    r->autoescape = e->autoescape;
    r->use_tz = e->use_tz;
    r->language = options && options->language ? options->language : e->language;
    r->tz = we_render_timezone(e, options ? options->time_zone : NULL);
    r->catalog = e->nlocale_dirs ? we_render_catalog(e, r->language) : NULL;
    run.context = context;
    run.top = tpl;
    run.string_if_invalid = e->string_if_invalid ? e->string_if_invalid : "";
    run.string_if_invalid_len = e->string_if_invalid_len;
    run.write = write;
    run.userdata = userdata;
    run.main_out = mem->out;
    run.out = &run.main_out;
    int rc = wr_render_program(r, we_template_base(tpl), true);
    if (!rc) rc = flush(r);
    if (!rc && collect) {
        /* The caller owns the result: the one allocation a render to a
         * string cannot avoid. */
        char *copy = malloc(run.main_out.len + 1);
        if (!copy) {
            rc = wr_oom(r);
        } else {
            if (run.main_out.len) memcpy(copy, run.main_out.data, run.main_out.len);
            copy[run.main_out.len] = '\0';
            *collect = copy;
            if (collect_len) *collect_len = run.main_out.len;
        }
    }
    if (rc) {
        rc = err && err->code ? (int)err->code : WEFT_ERENDER;
        if (err && !err->template_name[0]) {
            const wprogram *h = we_template_header(tpl);
            strncpy(err->template_name, we_template_base(tpl) + h->name,
                    sizeof err->template_name - 1);
        }
    }
    release_fetched(&run);
    mem->arena = run.store.arena;
    mem->out = run.main_out;
    give_memory(e, mem);
    return rc;
}

int weft_render(const weft_template *tpl, const weft_value *context,
                const weft_render_options *options, weft_write_fn write, void *userdata,
                weft_error *err)
{
    if (!write) return WEFT_EINVAL;
    return render(tpl, context, options, write, userdata, NULL, NULL, err);
}

int weft_render_to_string(const weft_template *tpl, const weft_value *context,
                          const weft_render_options *options, char **out, size_t *out_len,
                          weft_error *err)
{
    if (!out) return WEFT_EINVAL;
    *out = NULL;
    return render(tpl, context, options, NULL, NULL, out, out_len, err);
}
