/* Templates fetched during a render (include, extends, inclusion tags):
 * kept alive until the render ends, so that a name means the same template
 * throughout one render even if the cache swaps in a new version meanwhile. */
#include <string.h>

#include "render/run.h"

int wr_fetch_template(wr *r, const char *name, size_t len, uint32_t skip, bool stable,
                      const char **prog)
{
    struct wr_run *run = r->run;
    /* An include in a loop asks again and again with the same literal:
     * try pointers first, then names. */
    for (uint32_t i = 0; i < run->nfetched; i++) {
        const struct wr_fetched *f = &run->fetched[i];
        if (f->asked == name && f->asked_len == len && f->skip == skip) {
            *prog = f->tpl.prog;
            return 0;
        }
    }
    for (uint32_t i = 0; i < run->nfetched; i++) {
        const struct wr_fetched *f = &run->fetched[i];
        const char *have = f->tpl.prog + PROG_AT(f->tpl.prog, WPROG_HEADER, wprogram)->name;
        if (f->skip == skip && strlen(have) == len && !memcmp(have, name, len)) {
            *prog = f->tpl.prog;
            return 0;
        }
    }
    if (!r->env_ops) return wr_fail(r, WEFT_ERROR_TEMPLATE_DOES_NOT_EXIST, "%.*s", (int)len, name);
    char *cname = arena_strndup(r->arena, name, len);
    if (!cname) return wr_oom(r);
    weft_error err;
    memset(&err, 0, sizeof err);
    wr_template t;
    if (r->env_ops->fetch(r->env, cname, skip, &t, &err)) {
        wr_fail(r, err.kind, "%s", err.message);
        /* Keep the position of a syntax error inside the fetched template:
         * it is more useful than the include's. */
        if (r->err) *r->err = err;
        return -1;
    }
    if (run->nfetched == run->cap_fetched) {
        uint32_t cap = run->cap_fetched ? run->cap_fetched * 2 : 8;
        struct wr_fetched *grown = arena_realloc(r->arena, run->fetched,
                                                 run->cap_fetched * sizeof *grown, cap * sizeof *grown);
        if (!grown) {
            r->env_ops->release(r->env, t.handle);
            return wr_oom(r);
        }
        run->fetched = grown;
        run->cap_fetched = cap;
    }
    /* A pointer the caller may reuse for another name is not kept. */
    run->fetched[run->nfetched++] = (struct wr_fetched){t, stable ? name : NULL, len, skip};
    *prog = t.prog;
    return 0;
}

int wr_origin_of(const wr *r, const char *prog)
{
    const struct wr_run *run = r->run;
    if (run->top.prog == prog) return run->top.origin;
    for (uint32_t i = 0; i < run->nfetched; i++)
        if (run->fetched[i].tpl.prog == prog) return run->fetched[i].tpl.origin;
    return 0;
}
