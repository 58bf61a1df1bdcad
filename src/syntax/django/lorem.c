/* The lorem ipsum vocabulary and generators (django/utils/lorem_ipsum.py). */
#include "lorem.h"

#include <string.h>

static const char common_paragraph[] =
    "Lorem ipsum dolor sit amet, consectetur adipisicing elit, sed do eiusmod tempor incididunt "
    "ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco "
    "laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure dolor in reprehenderit in "
    "voluptate velit esse cillum dolore eu fugiat nulla pariatur. Excepteur sint occaecat "
    "cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est laborum.";

static const char *const lorem_words[] = {
    "exercitationem", "perferendis", "perspiciatis", "laborum", "eveniet", "sunt", "iure", "nam",
    "nobis", "eum", "cum", "officiis", "excepturi", "odio", "consectetur", "quasi", "aut",
    "quisquam", "vel", "eligendi", "itaque", "non", "odit", "tempore", "quaerat", "dignissimos",
    "facilis", "neque", "nihil", "expedita", "vitae", "vero", "ipsum", "nisi", "animi", "cumque",
    "pariatur", "velit", "modi", "natus", "iusto", "eaque", "sequi", "illo", "sed", "ex", "et",
    "voluptatibus", "tempora", "veritatis", "ratione", "assumenda", "incidunt", "nostrum",
    "placeat", "aliquid", "fuga", "provident", "praesentium", "rem", "necessitatibus", "suscipit",
    "adipisci", "quidem", "possimus", "voluptas", "debitis", "sint", "accusantium", "unde",
    "sapiente", "voluptate", "qui", "aspernatur", "laudantium", "soluta", "amet", "quo",
    "aliquam", "saepe", "culpa", "libero", "ipsa", "dicta", "reiciendis", "nesciunt", "doloribus",
    "autem", "impedit", "minima", "maiores", "repudiandae", "ipsam", "obcaecati", "ullam", "enim",
    "totam", "delectus", "ducimus", "quis", "voluptates", "dolores", "molestiae", "harum",
    "dolorem", "quia", "voluptatem", "molestias", "magni", "distinctio", "omnis", "illum",
    "dolorum", "voluptatum", "ea", "quas", "quam", "corporis", "quae", "blanditiis", "atque",
    "deserunt", "laboriosam", "earum", "consequuntur", "hic", "cupiditate", "quibusdam",
    "accusamus", "ut", "rerum", "error", "minus", "eius", "ab", "ad", "nemo", "fugit", "officia",
    "at", "in", "id", "quos", "reprehenderit", "numquam", "iste", "fugiat", "sit", "inventore",
    "beatae", "repellendus", "magnam", "recusandae", "quod", "explicabo", "doloremque", "aperiam",
    "consequatur", "asperiores", "commodi", "optio", "dolor", "labore", "temporibus", "repellat",
    "veniam", "architecto", "est", "esse", "mollitia", "nulla", "a", "similique", "eos", "alias",
    "dolore", "tenetur", "deleniti", "porro", "facere", "maxime", "corrupti",
};

static const char *const lorem_common_words[] = {
    "lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipisicing", "elit", "sed", "do",
    "eiusmod", "tempor", "incididunt", "ut", "labore", "et", "dolore", "magna", "aliqua",
};

enum {
    N_WORDS = sizeof lorem_words / sizeof lorem_words[0],
    N_COMMON = sizeof lorem_common_words / sizeof lorem_common_words[0]
};

static uint64_t next_u64(wd_lorem_rng *g)
{
    uint64_t z = (g->state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* A uniform integer in [lo, hi] (Python's random.randint). */
static uint32_t randint(wd_lorem_rng *g, uint32_t lo, uint32_t hi)
{
    uint64_t span = (uint64_t)hi - lo + 1;
    uint64_t limit = UINT64_MAX - UINT64_MAX % span; /* rejects the biased tail */
    uint64_t x;
    do x = next_u64(g);
    while (x >= limit);
    return lo + (uint32_t)(x % span);
}

/* random.sample(WORDS, k): k distinct words in random order, written with
 * sep between them. */
static void put_sample(buf *out, uint32_t k, const char *sep, wd_lorem_rng *g)
{
    uint8_t idx[N_WORDS];
    for (uint32_t i = 0; i < N_WORDS; i++) idx[i] = (uint8_t)i;
    if (k > N_WORDS) k = N_WORDS;
    for (uint32_t i = 0; i < k; i++) {
        uint32_t j = randint(g, i, N_WORDS - 1);
        uint8_t t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
        if (i) buf_puts(out, sep);
        buf_puts(out, lorem_words[idx[i]]);
    }
}

/* sentence(): 1 to 5 comma-separated sections of 3 to 12 words, the first
 * letter capitalised, ending in '?' or '.'. */
static void put_sentence(buf *out, wd_lorem_rng *g)
{
    size_t start = out->len;
    uint32_t sections = randint(g, 1, 5);
    for (uint32_t s = 0; s < sections; s++) {
        if (s) buf_puts(out, ", ");
        put_sample(out, randint(g, 3, 12), " ", g);
    }
    if (!out->oom && out->len > start && out->data[start] >= 'a' && out->data[start] <= 'z')
        out->data[start] = (char)(out->data[start] - 'a' + 'A');
    buf_putc(out, randint(g, 0, 1) ? '.' : '?');
}

static void put_paragraph(buf *out, wd_lorem_rng *g)
{
    uint32_t sentences = randint(g, 1, 4);
    for (uint32_t s = 0; s < sentences; s++) {
        if (s) buf_putc(out, ' ');
        put_sentence(out, g);
    }
}

void wd_lorem_words(buf *out, int64_t count, bool common, wd_lorem_rng *g)
{
    int64_t have = common ? N_COMMON : 0;
    if (count <= have) {
        /* word_list[:count] */
        int64_t n = count < 0 ? have + count : count;
        for (int64_t i = 0; i < n; i++) {
            if (i) buf_putc(out, ' ');
            buf_puts(out, lorem_common_words[i]);
        }
        return;
    }
    for (int64_t i = 0; i < have; i++) {
        if (i) buf_putc(out, ' ');
        buf_puts(out, lorem_common_words[i]);
    }
    count -= have;
    bool first = have == 0;
    while (count > 0 && !out->oom) {
        uint32_t k = count < N_WORDS ? (uint32_t)count : N_WORDS;
        count -= k;
        if (!first) buf_putc(out, ' ');
        first = false;
        put_sample(out, k, " ", g);
    }
}

void wd_lorem_paragraphs(buf *out, int64_t count, bool common, bool html, wd_lorem_rng *g)
{
    for (int64_t i = 0; i < count && !out->oom; i++) {
        if (i) buf_puts(out, "\n\n");
        if (html) buf_puts(out, "<p>");
        if (common && i == 0) buf_puts(out, common_paragraph);
        else put_paragraph(out, g);
        if (html) buf_puts(out, "</p>");
    }
}
