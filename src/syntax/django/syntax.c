/* The Django syntax's table: how the core compiles its templates and
 * renders their nodes, and Django's per-render state. */
#include <string.h>

#include "django.h"
#include "localize.h"
#include "parser.h"
#include "registry.h"

_Static_assert(sizeof(wd_state) <= WR_SYNTAX_STATE_MAX, "Django's render state fits the core's room");

static int render_node(wr *r, const wnode *node)
{
    /* Variables are most of what is not text: no call through the table. */
    if (node->tag == WD_NODE_VAR) {
        weft_value v;
        if (wd_eval(r, ((const wvar_node *)node)->expr, &v)) return -1;
        return wd_write_value(r, &v);
    }
    return wd_tag_at(node->tag)->render(r, node);
}

const wr_syntax wd_syntax = {"django", wd_compile, sizeof(wd_state), NULL, render_node};

bool wd_use_tz(wr *r)
{
    uint8_t v = wd_st(r)->use_tz;
    return v == WD_UNSET ? wd_opt(r)->use_tz : v == WD_ON;
}

uint8_t wd_set_use_tz(wr *r, uint8_t value)
{
    uint8_t old = wd_st(r)->use_tz;
    wd_st(r)->use_tz = value;
    return old;
}

static const wd_options default_options;

wr *wd_new_standalone(arena *a)
{
    wr *r = wr_new_standalone(a);
    if (!r) return NULL;
    r->syntax = &wd_syntax;
    r->syntax_options = &default_options;
    return r;
}
