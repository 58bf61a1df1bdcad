/* The renderer's own part of a render's state: scopes, output, the
 * per-template slot arrays, the {% extends %} block context, depth. */
#ifndef WEFT_RENDER_RUN_H
#define WEFT_RENDER_RUN_H

#include "syntax/django/tag_api.h"
#include "engine/engine.h"
#include "state.h"

/* A template an include or extends fetched during the render: the name
 * as the program asked for it (the same pointer each time the same node
 * asks), and the loaders skipped to find it. */
struct wr_fetched {
    const weft_template *tpl;
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
    const char *string_if_invalid;
    size_t string_if_invalid_len;
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
    const weft_template *top;
    struct custom_call *custom; /* the custom tag being called (custom.c) */
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

/* A name no binding holds: the caller's dict, then True, False, None. */
const weft_value *wr_lookup_unbound(const struct wr_run *run, const char *name, size_t len);

enum { WR_MAX_DEPTH = 64, WR_FLUSH_AT = 1 << 16 };
#define WR_MAX_OUTPUT ((size_t)1 << 31)

/* Renders a whole template (its own slots, its own source for errors). */
int wr_render_template(wr *r, const weft_template *t);
/* Renders a program's root with fresh slots, for include (isolated block
 * context) and extends (shared block context; a root parent's own blocks
 * join it underneath the overriding ones). */
int wr_render_program(wr *r, const char *prog, bool isolated_blocks);
int wr_render_extended(wr *r, const char *prog, bool is_root);

/* Locates a failure at pos of the current program if it has no position. */
void wr_locate(wr *r, uint32_t pos);

#endif
