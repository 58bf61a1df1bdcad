/* Reading and indexing one .mo file: see mo_file.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "catalog.h"
#include "mo_file.h"

#define MO_MAGIC 0x950412deu
#define MO_MAX_SIZE (256u * 1024u * 1024u)

typedef struct mo_entry {
    uint32_t id_off, id_len;   /* the msgid; for a plural entry, its singular */
    uint32_t str_off, str_len; /* msgstr: plural forms separated by NULs */
    uint32_t hash;
    bool plural;
} mo_entry;

struct mo_file {
    char *data; /* the whole file, plus a NUL */
    size_t size;
    mo_entry *entries;
    uint32_t n_entries;
    uint32_t *slots; /* entry index + 1; 0 is empty */
    uint32_t mask;
    wplural *plural; /* NULL: Python's default, int(n != 1) */
};

static uint32_t fnv1a(uint32_t h, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

#define FNV_SEED 2166136261u

mo_key mo_key_make(const char *ctx, size_t ctx_len, bool has_ctx, const char *id, size_t id_len)
{
    mo_key k = {ctx, ctx_len, has_ctx, id, id_len, FNV_SEED};
    if (has_ctx) {
        k.hash = fnv1a(k.hash, ctx, ctx_len);
        k.hash = fnv1a(k.hash, "\x04", 1);
    }
    k.hash = fnv1a(k.hash, id, id_len);
    return k;
}

static bool key_equals(const mo_file *mo, const mo_entry *e, const mo_key *k)
{
    const char *s = mo->data + e->id_off;
    size_t total = k->has_ctx ? k->ctx_len + 1 + k->id_len : k->id_len;
    if (e->id_len != total) return false;
    if (k->has_ctx) {
        if (memcmp(s, k->ctx, k->ctx_len) != 0 || s[k->ctx_len] != '\x04') return false;
        s += k->ctx_len + 1;
    }
    return memcmp(s, k->id, k->id_len) == 0;
}

static const mo_entry *mo_find(const mo_file *mo, const mo_key *k, bool plural)
{
    if (!mo->slots) return NULL;
    for (uint32_t i = k->hash & mo->mask;; i = (i + 1) & mo->mask) {
        uint32_t slot = mo->slots[i];
        if (!slot) return NULL;
        const mo_entry *e = &mo->entries[slot - 1];
        if (e->hash == k->hash && e->plural == plural && key_equals(mo, e, k)) return e;
    }
}

/* Plural form `index` of an entry's msgstr, if it has that many. */
static bool mo_form(const mo_file *mo, const mo_entry *e, int64_t index, const char **out,
                    size_t *out_len)
{
    if (index < 0) return false;
    const char *s = mo->data + e->str_off;
    const char *end = s + e->str_len;
    for (int64_t i = 0; i < index; i++) {
        const char *nul = memchr(s, '\0', (size_t)(end - s));
        if (!nul) return false;
        s = nul + 1;
    }
    const char *nul = memchr(s, '\0', (size_t)(end - s));
    *out = s;
    *out_len = nul ? (size_t)(nul - s) : (size_t)(end - s);
    return true;
}

static bool mo_plural_index(const mo_file *mo, int64_t n, int64_t *index)
{
    if (!mo->plural) {
        *index = n != 1;
        return true;
    }
    return wplural_eval(mo->plural, n, index);
}

bool mo_lookup_singular(const mo_file *mo, const mo_key *k, const char **out, size_t *out_len)
{
    const mo_entry *e = mo_find(mo, k, false);
    if (!e) return false;
    *out = mo->data + e->str_off;
    *out_len = e->str_len;
    return true;
}

bool mo_lookup_plural(const mo_file *mo, const mo_key *k, int64_t n, const char **out,
                      size_t *out_len)
{
    int64_t index;
    const mo_entry *e = mo_find(mo, k, true);
    return e && mo_plural_index(mo, n, &index) && mo_form(mo, e, index, out, out_len);
}

bool mo_gettext(const mo_file *mo, const mo_key *k, const char **out, size_t *out_len)
{
    return mo_lookup_singular(mo, k, out, out_len) || mo_lookup_plural(mo, k, 1, out, out_len);
}

void mo_free(mo_file *mo)
{
    if (!mo) return;
    free(mo->data);
    free(mo->entries);
    free(mo->slots);
    wplural_free(mo->plural);
    free(mo);
}

static uint32_t read_u32(const unsigned char *p, bool big_endian)
{
    if (big_endian)
        return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
    return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static bool ascii_prefix_ci(const char *s, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    if (len < n) return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        if (c != prefix[i]) return false;
    }
    return true;
}

static void trim(const char **s, const char **end)
{
    while (*s < *end && (**s == ' ' || **s == '\t' || **s == '\r')) (*s)++;
    while (*end > *s && ((*end)[-1] == ' ' || (*end)[-1] == '\t' || (*end)[-1] == '\r')) (*end)--;
}

/* The header's Plural-Forms line, read as Python does: the text after the
 * first "plural=" in the second ';'-separated field. A header without one,
 * or with an expression that does not compile, keeps the default rule:
 * Python would refuse the whole file, which would make Django fail every
 * render in that language. */
static void mo_read_header(mo_file *mo, const char *h, size_t len)
{
    const char *end = h + len;
    while (h < end) {
        const char *eol = memchr(h, '\n', (size_t)(end - h));
        if (!eol) eol = end;
        const char *line = h, *line_end = eol;
        h = eol + 1;
        trim(&line, &line_end);
        if (!ascii_prefix_ci(line, (size_t)(line_end - line), "plural-forms")) continue;
        const char *colon = line + strlen("plural-forms");
        while (colon < line_end && (*colon == ' ' || *colon == '\t')) colon++;
        if (colon >= line_end || *colon != ':') continue;
        const char *v = colon + 1;
        const char *semi = memchr(v, ';', (size_t)(line_end - v));
        if (!semi) return;
        const char *field = semi + 1;
        const char *field_end = memchr(field, ';', (size_t)(line_end - field));
        if (!field_end) field_end = line_end;
        const char *expr = NULL;
        for (const char *p = field; p + 7 <= field_end; p++) {
            if (memcmp(p, "plural=", 7) == 0) {
                expr = p + 7;
                break;
            }
        }
        if (!expr) return;
        const char *expr_end = field_end;
        for (const char *p = expr; p + 7 <= field_end; p++) {
            if (memcmp(p, "plural=", 7) == 0) {
                expr_end = p;
                break;
            }
        }
        wplural_free(mo->plural);
        mo->plural = wplural_compile(expr, (size_t)(expr_end - expr));
        return;
    }
}

static bool mo_index(mo_file *mo)
{
    uint32_t cap = 16;
    while (cap < mo->n_entries * 2u) cap *= 2;
    mo->slots = calloc(cap, sizeof *mo->slots);
    if (!mo->slots) return false;
    mo->mask = cap - 1;
    for (uint32_t i = 0; i < mo->n_entries; i++) {
        mo_entry *e = &mo->entries[i];
        mo_key k = mo_key_make(NULL, 0, false, mo->data + e->id_off, e->id_len);
        e->hash = k.hash;
        for (uint32_t s = e->hash & mo->mask;; s = (s + 1) & mo->mask) {
            uint32_t slot = mo->slots[s];
            if (!slot) {
                mo->slots[s] = i + 1;
                break;
            }
            const mo_entry *other = &mo->entries[slot - 1];
            /* A repeated msgid: the later one wins, as in Python's dict. */
            if (other->hash == e->hash && other->plural == e->plural && key_equals(mo, other, &k)) {
                mo->slots[s] = i + 1;
                break;
            }
        }
    }
    return true;
}

/* Parses a .mo image (takes ownership of data, size bytes plus a NUL).
 * Returns NULL and sets *corrupt or *oom. */
static mo_file *mo_parse(char *data, size_t size, bool *corrupt, bool *oom)
{
    mo_file *mo = calloc(1, sizeof *mo);
    if (!mo) {
        free(data);
        *oom = true;
        return NULL;
    }
    mo->data = data;
    mo->size = size;
    const unsigned char *u = (const unsigned char *)data;
    if (size < 20) goto corrupt;
    bool big_endian;
    if (read_u32(u, false) == MO_MAGIC) big_endian = false;
    else if (read_u32(u, true) == MO_MAGIC) big_endian = true;
    else goto corrupt;
    uint32_t version = read_u32(u + 4, big_endian);
    if ((version >> 16) > 1) goto corrupt; /* Python knows major versions 0 and 1 */
    uint32_t n = read_u32(u + 8, big_endian);
    uint32_t ids = read_u32(u + 12, big_endian);
    uint32_t strs = read_u32(u + 16, big_endian);
    if (n > size / 16 || ids > size || strs > size || (size - ids) / 8 < n ||
        (size - strs) / 8 < n)
        goto corrupt;
    mo->entries = calloc(n ? n : 1, sizeof *mo->entries);
    if (!mo->entries) {
        *oom = true;
        mo_free(mo);
        return NULL;
    }
    uint32_t kept = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t id_len = read_u32(u + ids + 8 * i, big_endian);
        uint32_t id_off = read_u32(u + ids + 8 * i + 4, big_endian);
        uint32_t str_len = read_u32(u + strs + 8 * i, big_endian);
        uint32_t str_off = read_u32(u + strs + 8 * i + 4, big_endian);
        /* Each string must end inside the file with its NUL, so results can
         * be handed out as C strings. */
        if (id_off >= size || id_len >= size - id_off || data[id_off + id_len] != '\0') goto corrupt;
        if (str_off >= size || str_len >= size - str_off || data[str_off + str_len] != '\0')
            goto corrupt;
        if (id_len == 0) {
            mo_read_header(mo, data + str_off, str_len);
            continue; /* Django never looks up "" */
        }
        mo_entry *e = &mo->entries[kept++];
        e->id_off = id_off;
        e->str_off = str_off;
        e->str_len = str_len;
        const char *nul = memchr(data + id_off, '\0', id_len);
        e->plural = nul != NULL;
        e->id_len = nul ? (uint32_t)(nul - (data + id_off)) : id_len;
    }
    mo->n_entries = kept;
    if (!mo_index(mo)) {
        *oom = true;
        mo_free(mo);
        return NULL;
    }
    return mo;
corrupt:
    *corrupt = true;
    mo_free(mo);
    return NULL;
}

/* Reads a whole file. Returns 0, ENOMEM, or another errno value. */
static int read_file(const char *path, char **out, size_t *out_size)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return errno ? errno : EIO;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        close(fd);
        return EIO;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return EISDIR; /* not a file: not a catalog */
    }
    if (st.st_size < 0 || (uint64_t)st.st_size > MO_MAX_SIZE) {
        close(fd);
        return EIO;
    }
    size_t size = (size_t)st.st_size;
    char *data = malloc(size + 1);
    if (!data) {
        close(fd);
        return ENOMEM;
    }
    size_t got = 0;
    while (got < size) {
        ssize_t r = read(fd, data + got, size - got);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        got += (size_t)r;
    }
    close(fd);
    if (got != size) {
        free(data);
        return EIO;
    }
    data[size] = '\0';
    *out = data;
    *out_size = size;
    return 0;
}

enum mo_load_result mo_load(const char *path, mo_file **out)
{
    char *data;
    size_t size;
    int rc = read_file(path, &data, &size);
    if (rc == ENOMEM) return MO_OUT_OF_MEMORY;
    if (rc == EISDIR || rc == ENOENT) return MO_NOT_A_FILE;
    if (rc != 0) return MO_UNREADABLE;
    bool corrupt = false, oom = false;
    *out = mo_parse(data, size, &corrupt, &oom);
    if (*out) return MO_LOADED;
    return oom ? MO_OUT_OF_MEMORY : MO_CORRUPT;
}
