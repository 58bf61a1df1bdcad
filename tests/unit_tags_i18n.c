/* Unit tests of the i18n tag library (src/django/tags_i18n.c and
 * tags_blocktrans.c) through the public API, with the German catalogs of
 * the installed Django when they are present. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "weft.h"
#include "check.h"

#define DJANGO_DIR "/usr/lib/python3/dist-packages/django/"

static bool have_catalogs;

static char *render(const char *language, bool autoescape, const char *src, const weft_value *ctx,
                    weft_error *err)
{
    weft_engine *e = weft_engine_new();
    if (!e) return NULL;
    if (have_catalogs) {
        weft_engine_add_locale_dir(e, DJANGO_DIR "conf/locale");
        weft_engine_add_locale_dir(e, DJANGO_DIR "contrib/admin/locale");
    }
    if (!autoescape) weft_engine_set_autoescape(e, false);
    weft_engine_set_string_if_invalid(e, "");
    char *out = NULL;
    size_t len = 0;
    weft_template *t = weft_engine_compile(e, "t", src, strlen(src), err);
    weft_render_options opts = {language, NULL};
    if (t && weft_render_to_string(t, ctx, &opts, &out, &len, err) != WEFT_OK) {
        free(out);
        out = NULL;
    }
    weft_template_release(t);
    weft_engine_free(e);
    return out;
}

static void check(const char *language, bool autoescape, const char *src, const weft_value *ctx,
                  const char *want)
{
    weft_error err = {0};
    char *got = render(language, autoescape, src, ctx, &err);
    if (got && !strcmp(got, want)) {
        passed++;
    } else {
        failed++;
        printf("FAIL [%s] %s\n  expected \"%s\"\n  got      ", language, src, want);
        if (got) printf("\"%s\"\n", got);
        else printf("%s: %s\n", weft_error_kind_name(err.kind), err.message);
    }
    free(got);
}

static void expect(const char *src, const weft_value *ctx, const char *want)
{
    check("en", true, src, ctx, want);
}

static void expect_de(const char *src, const weft_value *ctx, const char *want)
{
    if (have_catalogs) check("de", true, src, ctx, want);
}

static void expect_error(const char *src, const weft_value *ctx, weft_error_kind kind,
                         const char *message)
{
    weft_error err = {0};
    char *got = render("en", true, src, ctx, &err);
    if (!got && err.kind == kind && (!message || !strcmp(err.message, message))) {
        passed++;
    } else {
        failed++;
        printf("FAIL %s\n  expected %s: %s\n  got      ", src, weft_error_kind_name(kind),
               message ? message : "(any message)");
        if (got) printf("\"%s\"\n", got);
        else printf("%s: %s\n", weft_error_kind_name(err.kind), err.message);
    }
    free(got);
}

#define L "{% load i18n %}"

static void set_str(weft_values *st, weft_value *d, const char *k, const char *v)
{
    weft_dict_set(st, d, k, strlen(k), weft_value_string(st, v, strlen(v)));
}

static void test_translate(weft_values *st)
{
    weft_value *ctx = weft_value_dict(st);
    set_str(st, ctx, "amp", "x & y");
    set_str(st, ctx, "yes", "Yes");
    weft_dict_set(st, ctx, "safe", 4, weft_value_safe_string(st, "<i>", 3));
    weft_dict_set(st, ctx, "n", 1, weft_value_int(st, 7));

    expect(L "{% trans 'plain' %}", NULL, "plain");
    expect(L "{% translate \"<b>\" %}", NULL, "<b>"); /* literals are safe */
    expect(L "{% trans amp %}", ctx, "x &amp; y");
    expect(L "{% trans safe %}", ctx, "<i>");
    /* Only the doubling done for gettext is undone. */
    expect(L "{% trans \"100%\" %}|{% trans \"a %% b\" %}", NULL, "100%|a %% b");
    expect(L "{% trans \"v\" as x %}[{{ x }}]", NULL, "[v]");
    expect(L "{% trans amp as x %}{{ x }}", ctx, "x &amp; y"); /* stored escaped and safe */
    expect(L "{% trans missing %}|{% trans missing|upper %}|", ctx, "||");
    expect(L "{% trans yes|lower %}", ctx, "yes");
    expect_de(L "{% trans \"Yes\" %} {% trans yes %} {% trans 'Yes'|upper %}", ctx, "Ja Ja JA");
    expect_de(L "{% trans \"Yes\" noop %}", NULL, "Yes");
    expect_de(L "{% trans \"May\" context \"abbrev. month\" %}", NULL, "Mai");
    expect_de(L "{% trans \"Yes\" context \"no such context\" %}", NULL, "Yes");
    expect_de(L "{% trans \"Yes\" as y %}{{ y }}{{ y }}", NULL, "JaJa");
    expect_error(L "{% trans n %}", ctx, WEFT_ERROR_ATTRIBUTE, "'int' object has no attribute 'replace'");
    expect(L "{% trans n noop %}", ctx, "7");

    expect_error(L "{% translate %}", NULL, WEFT_ERROR_TEMPLATE_SYNTAX,
                 "'translate' takes at least one argument");
    expect_error(L "{% trans 'a' as b as c %}", NULL, WEFT_ERROR_TEMPLATE_SYNTAX,
                 "The 'as' option was specified more than once.");
    expect_error(L "{% trans 'a' context %}", NULL, WEFT_ERROR_TEMPLATE_SYNTAX,
                 "No argument provided to the 'trans' tag for the context option.");
    expect_error(L "{% trans 'a' context noop %}", NULL, WEFT_ERROR_TEMPLATE_SYNTAX,
                 "Invalid argument 'noop' provided to the 'trans' tag for the context option");
    expect_error(L "{% trans 'a' foo %}", NULL, WEFT_ERROR_TEMPLATE_SYNTAX,
                 "Unknown argument for 'trans' tag: 'foo'. The only options available are 'noop', "
                 "'context' \"xxx\", and 'as VAR'.");
    expect_error("{% trans 'a' %}", NULL, WEFT_ERROR_TEMPLATE_SYNTAX, NULL); /* not loaded */
}

static void test_blocktrans(weft_values *st)
{
    weft_value *ctx = weft_value_dict(st);
    set_str(st, ctx, "who", "<you>");
    weft_dict_set(st, ctx, "two", 3, weft_value_int(st, 2));
    weft_dict_set(st, ctx, "one", 3, weft_value_int(st, 1));
    weft_dict_set(st, ctx, "half", 4, weft_value_float(st, 1.5));
    set_str(st, ctx, "text", "1");

    expect(L "{% blocktrans %}Hi {{ who }}, 50% off{% endblocktrans %}", ctx,
           "Hi &lt;you&gt;, 50% off");
    expect(L "{% blocktranslate with a=who|upper b='x' %}{{ a }}{{ b }}{% endblocktranslate %}",
           ctx, "&lt;YOU&gt;x");
    expect(L "{% blocktrans with who as a and two as b %}{{ a }}{{ b }}{% endblocktrans %}", ctx,
           "&lt;you&gt;2");
    expect(L "{% blocktrans %}{{ who.upper }}|{{ nothing }}{% endblocktrans %}", ctx, "|");
    expect(L "{% blocktrans count c=two %}one {{ c }}{% plural %}many {{ c }}{% endblocktrans %}",
           ctx, "many 2");
    expect(L "{% blocktrans count c=one %}one {{ c }}{% plural %}many {{ c }}{% endblocktrans %}",
           ctx, "one 1");
    expect(L "{% blocktrans count half as c %}one{% plural %}{{ c }} many{% endblocktrans %}", ctx,
           "1.5 many");
    expect(L "{% blocktrans count c=text %}a{% plural %}{% endblocktrans %}", ctx, "a");
    expect(L "{% blocktrans trimmed %}\n  first\n  line \n\n second  x {% endblocktrans %}", NULL,
           "first line second  x");
    expect(L "{% blocktrans asvar v %}<{{ who }}>{% endblocktrans %}[{{ v }}]", ctx,
           "[<&lt;you&gt;>]");
    expect(L "{% autoescape off %}{% blocktrans %}{{ who }}{% endblocktrans %}{% endautoescape %}",
           ctx, "<you>");
    expect_de(L "{% blocktrans count count=two with name='Dinge' %}{{ count }} {{ name }} was "
                "changed successfully.{% plural %}{{ count }} {{ name }} were changed "
                "successfully.{% endblocktrans %}",
              ctx, "2 Dinge wurden erfolgreich geändert.");
    expect_de(L "{% blocktrans count total_count=one trimmed %}\n  {{ total_count }}\n  selected"
                "{% plural %}{{ total_count }} selected{% endblocktrans %}",
              ctx, "1 ausgewählt");
    expect_de(L "{% blocktrans context 'abbrev. month' %}May{% endblocktrans %}", NULL, "Mai");
    expect_de(L "{% blocktrans %}Yes{% endblocktrans %}", NULL, "Ja");

    expect_error(L "{% blocktrans count c=text %}a{% plural %}b{% endblocktrans %}", ctx,
                 WEFT_ERROR_TEMPLATE_SYNTAX, "'c' argument to 'blocktrans' tag must be a number.");
    expect_error(L "{% blocktrans with %}{% endblocktrans %}", NULL, WEFT_ERROR_TEMPLATE_SYNTAX,
                 "\"with\" in 'blocktrans' tag needs at least one keyword argument.");
    expect_error(L "{% blocktrans count a=b c=d %}{% endblocktrans %}", NULL,
                 WEFT_ERROR_TEMPLATE_SYNTAX,
                 "\"count\" in 'blocktrans' tag expected exactly one keyword argument.");
    expect_error(L "{% blocktrans trimmed trimmed %}{% endblocktrans %}", NULL,
                 WEFT_ERROR_TEMPLATE_SYNTAX, "The 'trimmed' option was specified more than once.");
    expect_error(L "{% blocktrans bogus %}{% endblocktrans %}", NULL, WEFT_ERROR_TEMPLATE_SYNTAX,
                 "Unknown argument for 'blocktrans' tag: 'bogus'.");
    expect_error(L "{% blocktrans context %}{% endblocktrans %}", NULL, WEFT_ERROR_TEMPLATE_SYNTAX,
                 "\"context\" in 'blocktrans' tag expected exactly one argument.");
    expect_error(L "{% blocktranslate %}{% if x %}{% endif %}{% endblocktranslate %}", NULL,
                 WEFT_ERROR_TEMPLATE_SYNTAX,
                 "'blocktranslate' doesn't allow other block tags (seen 'if x') inside it");
    expect_error(L "{% blocktrans count n=1 %}a{% if x %}{% endblocktrans %}", NULL,
                 WEFT_ERROR_TEMPLATE_SYNTAX, "'blocktrans' doesn't allow other block tags inside it");
    expect_error(L "{% blocktrans %}it's\n", NULL, WEFT_ERROR_TEMPLATE_SYNTAX,
                 "'blocktrans' doesn't allow other block tags (seen \"it's\\n\") inside it");
    expect_error(L "{% blocktrans %}", NULL, WEFT_ERROR_TEMPLATE_SYNTAX,
                 "'blocktrans' doesn't allow other block tags (seen 'blocktrans') inside it");
}

static void test_language_tags(weft_values *st)
{
    weft_value *ctx = weft_value_dict(st);
    set_str(st, ctx, "code", "de");
    weft_value *pair = weft_value_tuple(st);
    weft_list_append(st, pair, weft_value_string(st, "he", 2));
    weft_list_append(st, pair, weft_value_string(st, "Hebrew", 6));
    weft_value *codes = weft_value_list(st);
    weft_list_append(st, codes, weft_value_string(st, "fr", 2));
    weft_list_append(st, codes, pair);
    weft_dict_set(st, ctx, "codes", 5, codes);

    expect(L "{% get_current_language as l %}{{ l }}", NULL, "en");
    check("pt-br", true, L "{% get_current_language as l %}{{ l }}", NULL, "pt-br");
    expect(L "{% get_current_language_bidi as b %}{{ b }}", NULL, "False");
    check("ar", true, L "{% get_current_language_bidi as b %}{{ b }}", NULL, "True");
    expect(L "{% language 'de-AT' %}{% get_current_language as l %}{{ l }}{% endlanguage %}"
             "{% get_current_language as l %}{{ l }}",
           NULL, "de-aten");
    expect_de(L "{% trans 'Yes' %}{% language 'en' %}{% trans 'Yes' %}{% endlanguage %}", NULL,
              "JaYes");
    check("en", true, L "{% language code %}{% trans 'Yes' %}{% endlanguage %}", ctx,
          have_catalogs ? "Ja" : "Yes");
    expect(L "{% get_available_languages as langs %}{% for c, n in langs %}"
             "{% if c == 'de' %}{{ c }}={{ n }}{% endif %}{% endfor %}",
           NULL, "de=German");
    expect_de(L "{% get_available_languages as langs %}{% for c, n in langs %}"
                "{% if c == 'fr' %}{{ n }}{% endif %}{% endfor %}",
              NULL, "Französisch");
    expect(L "{% get_language_info for code as i %}{{ i.code }} {{ i.name }} {{ i.name_local }} "
             "{{ i.bidi }} {{ i.name_translated }}",
           ctx, "de German Deutsch False German");
    expect(L "{% get_language_info for 'de-xx' as i %}{{ i.code }}", NULL, "de");
    expect(L "{% get_language_info_list for codes as ls %}{% for i in ls %}{{ i.code }}:"
             "{{ i.bidi }} {% endfor %}",
           ctx, "fr:False he:True ");
    expect_error(L "{% get_language_info for 'xx' as i %}", NULL, WEFT_ERROR_VALUE,
                 "'Unknown language code xx.'");

    expect_error(L "{% get_current_language %}", NULL, WEFT_ERROR_TEMPLATE_SYNTAX,
                 "'get_current_language' requires 'as variable' (got ['get_current_language'])");
    expect_error(L "{% get_available_languages as %}", NULL, WEFT_ERROR_TEMPLATE_SYNTAX,
                 "'get_available_languages' requires 'as variable' (got "
                 "['get_available_languages', 'as'])");
    expect_error(L "{% get_language_info for \"de\" %}", NULL, WEFT_ERROR_TEMPLATE_SYNTAX,
                 "'get_language_info' requires 'for string as variable' (got ['for', '\"de\"'])");
    expect_error(L "{% get_language_info_list x %}", NULL, WEFT_ERROR_TEMPLATE_SYNTAX,
                 "'get_language_info_list' requires 'for sequence as variable' (got ['x'])");
    expect_error(L "{% language %}{% endlanguage %}", NULL, WEFT_ERROR_TEMPLATE_SYNTAX,
                 "'language' takes one argument (language)");
}

int main(void)
{
    have_catalogs = access(DJANGO_DIR "conf/locale/de/LC_MESSAGES/django.mo", R_OK) == 0 &&
                    access(DJANGO_DIR "contrib/admin/locale/de/LC_MESSAGES/django.mo", R_OK) == 0;
    if (!have_catalogs) printf("note: Django's catalogs are missing; German cases skipped\n");
    weft_values *st = weft_values_new();
    if (!st) return 1;
    test_translate(st);
    test_blocktrans(st);
    test_language_tags(st);
    weft_values_free(st);
    return check_report();
}
