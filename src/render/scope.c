/* A render's scopes: a stack of frames of name bindings over the caller's
 * dict (Django's Context; a syntax adds its own names below, as Django's
 * True, False and None). Frames belong to
 * the render, so nothing here is shared. */
#include <string.h>

#include "run.h"

int wr_push(wr *r)
{
    struct wr_run *run = r->run;
    if (run->nframes == run->cap_frames) {
        uint32_t cap = run->cap_frames ? run->cap_frames * 2 : 16;
        uint32_t *f = arena_realloc(r->arena, run->frames, run->cap_frames * sizeof *f,
                                    cap * sizeof *f);
        if (!f) return wr_oom(r);
        run->frames = f;
        run->cap_frames = cap;
    }
    run->frames[run->nframes++] = run->nbindings;
    return 0;
}

void wr_pop(wr *r)
{
    struct wr_run *run = r->run;
    if (run->nframes) run->nbindings = run->frames[--run->nframes];
}

static binding *find_in(binding *b, uint32_t from, uint32_t to, const char *name, size_t len)
{
    for (uint32_t i = to; i-- > from;)
        if (b[i].len == len && wv_bytes_equal(b[i].name, name, len)) return &b[i];
    return NULL;
}

int wr_bind(wr *r, const char *name, size_t len, const weft_value *v, uint32_t *index)
{
    struct wr_run *run = r->run;
    uint32_t top = run->nframes ? run->frames[run->nframes - 1] : 0;
    binding *b = find_in(run->bindings, top, run->nbindings, name, len);
    if (b) {
        b->val = *v;
        *index = (uint32_t)(b - run->bindings);
        return 0;
    }
    if (run->nbindings == run->cap_bindings) {
        uint32_t cap = run->cap_bindings ? run->cap_bindings * 2 : 32;
        binding *nb = arena_realloc(r->arena, run->bindings, run->cap_bindings * sizeof *nb,
                                    cap * sizeof *nb);
        if (!nb) return wr_oom(r);
        run->bindings = nb;
        run->cap_bindings = cap;
    }
    *index = run->nbindings;
    run->bindings[run->nbindings++] = (binding){name, (uint32_t)len, *v};
    return 0;
}

int wr_set(wr *r, const char *name, size_t len, const weft_value *v)
{
    uint32_t index;
    return wr_bind(r, name, len, v, &index);
}

void wr_rebind(wr *r, uint32_t index, const weft_value *v) { r->run->bindings[index].val = *v; }

int wr_set_upward(wr *r, const char *name, size_t len, const weft_value *v)
{
    struct wr_run *run = r->run;
    binding *b = find_in(run->bindings, run->floor, run->nbindings, name, len);
    if (b) {
        b->val = *v;
        return 0;
    }
    return wr_set(r, name, len, v);
}

const weft_value *wr_lookup(wr *r, const char *name, size_t len)
{
    const weft_value *v = wr_find_binding(r->run, name, len);
    return v ? v : wr_lookup_context(r->run, name, len);
}

const void *wr_current_loop(wr *r) { return r->run->loop; }

const void *wr_enter_loop(wr *r, const void *loop)
{
    const void *old = r->run->loop;
    r->run->loop = loop;
    return old;
}

bool wr_recover(wr *r)
{
    if (r->err && r->err->kind == WEFT_ERROR_OUT_OF_MEMORY) return false;
    r->failed = false;
    if (r->err) memset(r->err, 0, sizeof *r->err);
    return true;
}

weft_values *wr_host_store(wr *r) { return &r->run->store; }

void wr_isolate_begin(wr *r, wr_isolation *saved)
{
    saved->floor = r->run->floor;
    saved->context = r->run->context;
    r->run->floor = r->run->nbindings;
    r->run->context = NULL;
}

void wr_isolate_end(wr *r, const wr_isolation *saved)
{
    r->run->floor = saved->floor;
    r->run->context = saved->context;
}

struct instance_key {
    uint32_t parent;
    const char *prog;
    wref node;
};

struct loop_cell {
    const void *loop;
    uint32_t instance;
    const char *prog;
    wref node;
    void *value;
};

/* The instance of the template rendered through node `via` of the current
 * template instance: the same for every pass through that node. */
static int instance_for(wr *r, const wnode *via, uint32_t *out)
{
    struct wr_run *run = r->run;
    wref node = (wref)((const char *)via - run->prog);
    for (uint32_t i = 0; i < run->ninstances; i++) {
        struct instance_key *k = &run->instances[i];
        if (k->parent == run->instance && k->prog == run->prog && k->node == node) {
            *out = i + 1;
            return 0;
        }
    }
    if (run->ninstances == run->cap_instances) {
        uint32_t cap = run->cap_instances ? run->cap_instances * 2 : 8;
        struct instance_key *k = arena_realloc(r->arena, run->instances,
                                               run->cap_instances * sizeof *k, cap * sizeof *k);
        if (!k) return wr_oom(r);
        run->instances = k;
        run->cap_instances = cap;
    }
    run->instances[run->ninstances++] = (struct instance_key){run->instance, run->prog, node};
    *out = run->ninstances;
    return 0;
}

int wr_render_via(wr *r, const wnode *via, const char *prog, bool isolated_blocks, wr_enter_fn enter)
{
    uint32_t saved = r->run->instance, id = 0;
    if (instance_for(r, via, &id)) return -1;
    r->run->instance = id;
    int rc = wr_render_program(r, prog, isolated_blocks, enter);
    r->run->instance = saved;
    return rc;
}

void **wr_loop_cell(wr *r, const wnode *node)
{
    struct wr_run *run = r->run;
    if (!run->loop) return NULL;
    wref ref = (wref)((const char *)node - run->prog);
    for (uint32_t i = 0; i < run->nloop_cells; i++) {
        struct loop_cell *c = &run->loop_cells[i];
        if (c->loop == run->loop && c->instance == run->instance && c->prog == run->prog && c->node == ref)
            return &c->value;
    }
    if (run->nloop_cells == run->cap_loop_cells) {
        uint32_t cap = run->cap_loop_cells ? run->cap_loop_cells * 2 : 8;
        struct loop_cell *c = arena_realloc(r->arena, run->loop_cells,
                                            run->cap_loop_cells * sizeof *c, cap * sizeof *c);
        if (!c) {
            wr_oom(r);
            return NULL;
        }
        run->loop_cells = c;
        run->cap_loop_cells = cap;
    }
    run->loop_cells[run->nloop_cells] = (struct loop_cell){run->loop, run->instance, run->prog, ref, NULL};
    return &run->loop_cells[run->nloop_cells++].value;
}
