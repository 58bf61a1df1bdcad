/* The renderer: walks a program's nodes, writing text itself and handing
 * every other node to the program's syntax, into the render's own output
 * buffer. Nothing here writes to the program or to what started the
 * render. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "render/run.h"

/* src/django/tags_inherit.c: a root parent's blocks join the context. */
int wd_add_root_blocks(wr *r, const char *prog, void **slots);

const void *wr_prog(const wr *r) { return r->run->prog; }

bool wr_set_autoescape(wr *r, bool on)
{
    bool old = r->autoescape;
    r->autoescape = on;
    return old;
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
int wr_wrote_full(wr *r)
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
    return wr_wrote_full(r);
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
        /* Text is most of every template: written here rather than
         * through the syntax. */
        if (node->tag == WNODE_TEXT) {
            const wtext_node *t = (const wtext_node *)node;
            rc = wr_write(r, source + t->start, t->len);
        } else {
            rc = r->syntax->render_node(r, node);
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

int wr_render_program(wr *r, const char *prog, bool isolated_blocks, wr_enter_fn enter)
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
    if (enter && enter(r, prog, slots)) return -1;
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

/* ---- a whole render ------------------------------------------------------ */

static void release_fetched(wr *r)
{
    struct wr_run *run = r->run;
    for (uint32_t i = 0; i < run->nfetched; i++)
        r->env_ops->release(r->env, run->fetched[i].tpl.handle);
}

int wr_render_request(const wr_request *rq, arena *a, buf *out, weft_error *err)
{
    struct wr_run run;
    memset(&run, 0, sizeof run);
    run.store.arena = *a;
    wr state;
    /* The syntax's room is zeroed only as far as the syntax uses it. */
    memset(&state, 0, offsetof(wr, syntax_state));
    wr *r = &state;
    r->arena = &run.store.arena;
    r->run = &run;
    r->syntax = rq->syntax;
    r->syntax_options = rq->syntax_options;
    r->env_ops = rq->env_ops;
    r->env = rq->env;
    r->err = err;
    r->autoescape = rq->autoescape;
    r->language = rq->language;
    r->tz = rq->tz;
    r->catalog = rq->env_ops->catalog(rq->env, rq->language);
    run.context = rq->context;
    run.top = rq->top;
    run.write = rq->write;
    run.userdata = rq->userdata;
    run.main_out = *out;
    run.out = &run.main_out;
    int rc = 0;
    if (rq->syntax->state_size > WR_SYNTAX_STATE_MAX)
        rc = wr_fail(r, WEFT_ERROR_INVALID_ARGUMENT, "the syntax's render state is too large");
    else
        memset(r->syntax_state, 0, rq->syntax->state_size);
    if (!rc && rq->syntax->begin) rc = rq->syntax->begin(r);
    if (!rc) rc = wr_render_program(r, rq->top.prog, true, NULL);
    if (!rc) rc = flush(r);
    if (!rc && run.main_out.oom) rc = wr_oom(r);
    if (rc) {
        rc = err && err->code ? (int)err->code : WEFT_ERENDER;
        if (err && !err->template_name[0]) {
            const wprogram *h = PROG_AT(rq->top.prog, WPROG_HEADER, wprogram);
            strncpy(err->template_name, rq->top.prog + h->name, sizeof err->template_name - 1);
        }
    }
    release_fetched(r);
    *a = run.store.arena;
    *out = run.main_out;
    return rc;
}
