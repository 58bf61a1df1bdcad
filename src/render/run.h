/* The renderer's own part of a render's state: scopes, output, the
 * per-template slot arrays, the {% extends %} block context, depth. */
#ifndef WEFT_RENDER_RUN_H
#define WEFT_RENDER_RUN_H

#include "program/program.h"
#include "render/state.h"

/* A template an include or extends fetched during the render: the name
 * as the program asked for it (the same pointer each time the same node
 * asks), and the loaders skipped to find it. */
struct wr_fetched {
    wr_template tpl;
    const char *asked; /* NULL when the caller's memory may change */
    size_t asked_len;
    uint32_t skip;
};

typedef struct binding {
    const char *name;
    uint32_t len;
    weft_value val;
} binding;

/* Django's BlockContext: for each block name, a stack of overriding block
 * nodes, the most derived on top. */
typedef struct block_ref {
    const char *prog;
    void **slots; /* the slots of that program in this render */
    wref node;
} block_ref;

typedef struct block_stack {
    const char *name;
    uint32_t len;
    uint32_t n, cap;
    block_ref *items;
} block_stack;

typedef struct block_context {
    block_stack *stacks;
    uint32_t n, cap;
} block_context;

struct wr_run {
    const char *prog; /* the program whose nodes are rendering */
    void **slots;     /* that program's slots in this render */
    weft_values store; /* the render's arena, as host callbacks see it */
    binding *bindings;
    uint32_t nbindings, cap_bindings;
    uint32_t floor; /* bindings below are hidden ({% include only %}) */
    uint32_t *frames; /* index of the first binding of each frame */
    uint32_t nframes, cap_frames;
    const weft_value *context; /* the caller's dict, under every frame */
    buf *out;
    buf main_out;
    weft_write_fn write;
    void *userdata;
    size_t written; /* bytes already flushed through write */
    block_context *blocks; /* NULL outside {% extends %} */
    uint32_t depth;
    const void *loop; /* the innermost forloop dict */
    /* Which rendering of a template the current nodes belong to: each
     * include or extends node gets its own, as Django's IncludeNode keeps
     * its own template object (state keyed by node depends on it). */
    uint32_t instance;
    struct instance_key *instances;
    uint32_t ninstances, cap_instances;
    /* State kept per loop, as Django keeps it in the forloop dict. */
    struct loop_cell *loop_cells;
    uint32_t nloop_cells, cap_loop_cells;
    /* Templates fetched by include and extends, released at the end. */
    struct wr_fetched *fetched;
    uint32_t nfetched, cap_fetched;
    wr_template top;
    uint32_t chain_skip; /* loaders skipped along a same-named extends chain */
};

/* The innermost visible binding of a name (a scan of the frames from the
 * top, above the floor of an isolated include), or NULL. Inline: every
 * variable starts here. */
static inline const weft_value *wr_find_binding(const struct wr_run *run, const char *name, size_t len)
{
    const binding *b = run->bindings;
    for (uint32_t i = run->nbindings; i-- > run->floor;)
        if (b[i].len == len && wv_bytes_equal(b[i].name, name, len)) return &b[i].val;
    return NULL;
}

/* A name no binding holds, in the caller's dict; NULL when it is not there. */
static inline const weft_value *wr_lookup_context(const struct wr_run *run, const char *name, size_t len)
{
    if (run->context && run->context->kind == WEFT_DICT) return wv_dict_get(run->context->u.dict, name, len);
    return NULL;
}

enum { WR_MAX_DEPTH = 64, WR_FLUSH_AT = 1 << 16 };
#define WR_MAX_OUTPUT ((size_t)1 << 31)

/* Renders a program's root with fresh slots, for include (isolated block
 * context) and extends (shared block context). enter, when not NULL, is
 * called with the program's fresh slots before its nodes render (a root
 * parent's own blocks join the block context there). */
int wr_render_program(wr *r, const char *prog, bool isolated_blocks, wr_enter_fn enter);
/* The loader a program of this render was found by (0 when unknown). */
int wr_origin_of(const wr *r, const char *prog);

/* The buffer the render writes to now (the output, or a capture). A
 * caller that writes to it directly calls wr_wrote after each write. */
static inline buf *wr_out(wr *r) { return r->run->out; }
/* After any write: out of memory, the output limit, and flushing a full
 * buffer through the caller's write callback. */
int wr_wrote_full(wr *r);
/* After a write that added fewer than WR_FLUSH_AT bytes: nothing to do
 * unless the buffer failed, reached the flush mark, or the render nears
 * the output limit (checked in full by wr_wrote_full). Inline: it follows
 * every variable written. */
static inline int wr_wrote(wr *r)
{
    const struct wr_run *run = r->run;
    const buf *out = run->out;
    if (!out->oom && out->len < WR_FLUSH_AT && run->written < WR_MAX_OUTPUT - 2 * (size_t)WR_FLUSH_AT)
        return 0;
    return wr_wrote_full(r);
}

/* Locates a failure at pos of the current program if it has no position. */
void wr_locate(wr *r, uint32_t pos);

#endif
