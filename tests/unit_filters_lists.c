/* Unit tests of the list and logic filters (src/django/filters_lists.c).
 * Expected outputs are Django 5.2's (Python 3) for the same calls. */
#include "filter_harness.h"

int main(void)
{
    arena_init(&A);
    static const wf_def *const families[] = {wd_filters_lists, NULL};
    {
        const row rows[] = {
    {"yesno", B(1), NOARG, "en", "yes"},
    {"yesno", B(0), NOARG, "en", "no"},
    {"yesno", N(), NOARG, "en", "maybe"},
    {"yesno", B(1), S("a,b,c"), true, "en", "a"},
    {"yesno", B(0), S("a,b,c"), true, "en", "b"},
    {"yesno", N(), S("a,b,c"), true, "en", "c"},
    {"yesno", N(), S("a,b"), true, "en", "b"},
    {"yesno", B(1), S("a"), true, "en", "True"},
    {"yesno", I(0LL), S("x,y"), true, "en", "y"},
    {"yesno", I(1LL), S("a,b,c,d"), true, "en", "a"},
    {"yesno", N(), S("a,b,c,d"), true, "en", "b"},
    {"yesno", S(""), S("a,b"), true, "en", "b"},
    {"yesno", LS(0), S("a,b"), true, "en", "b"},
    {"slice", S("abcdef"), S("1:3"), true, "en", "bc"},
    {"slice", S("abcdef"), S("-2:"), true, "en", "ef"},
    {"slice", S("abcdef"), S(":2"), true, "en", "ab"},
    {"slice", S("abcdef"), S("::2"), true, "en", "ace"},
    {"slice", S("abcdef"), S("::-1"), true, "en", "fedcba"},
    {"slice", S("abcdef"), S("2"), true, "en", "ab"},
    {"slice", S("abcdef"), S("-1"), true, "en", "abcde"},
    {"slice", S("abcdef"), S("5:1:-1"), true, "en", "fedc"},
    {"slice", S("h\303\251llo w\303\266rld"), S("1:9:3"), true, "en", "\303\251o\303\266"},
    {"slice", S("abcdef"), S("0"), true, "en", ""},
    {"slice", S("abcdef"), S("a"), true, "en", "abcdef"},
    {"slice", S("abcdef"), S("1:2:3:4"), true, "en", "abcdef"},
    {"slice", S("abcdef"), S("::0"), true, "en", "abcdef"},
    {"slice", S("abcdef"), S(" 1 : 3 "), true, "en", "bc"},
    {"slice", LS(4, I(1LL), I(2LL), I(3LL), I(4LL)), S("1:"), true, "en", "[2, 3, 4]"},
    {"slice", TU(3, I(1LL), I(2LL), I(3LL)), S("::-1"), true, "en", "(3, 2, 1)"},
    {"slice", LS(3, I(1LL), I(2LL), I(3LL)), S("10:20"), true, "en", "[]"},
    {"slice", LS(3, I(1LL), I(2LL), I(3LL)), S("-10:"), true, "en", "[1, 2, 3]"},
    {"slice", I(123LL), S("1:2"), true, "en", "123"},
    {"slice", N(), S("1:2"), true, "en", "None"},
    {"slice", S("abc"), I(1LL), true, "en", "a"},
    {"slice", S("abcdef"), S("-100:100"), true, "en", "abcdef"},
    {"slice", S("abcdef"), S("4:1"), true, "en", ""},
    {"slice", S("abcdef"), S("99999999999999999999:"), true, "en", ""},
    {"first", LS(2, I(1LL), I(2LL)), NOARG, "en", "1"},
    {"last", LS(2, I(1LL), I(2LL)), NOARG, "en", "2"},
    {"first", LS(1, S("x")), NOARG, "en", "x"},
    {"last", LS(1, S("x")), NOARG, "en", "x"},
    {"first", LS(0), NOARG, "en", ""},
    {"last", LS(0), NOARG, "en", ""},
    {"first", S("abc"), NOARG, "en", "a"},
    {"last", S("abc"), NOARG, "en", "c"},
    {"first", S(""), NOARG, "en", ""},
    {"last", S(""), NOARG, "en", ""},
    {"first", TU(2, I(3LL), I(4LL)), NOARG, "en", "3"},
    {"last", TU(2, I(3LL), I(4LL)), NOARG, "en", "4"},
    {"first", S("h\303\251llo"), NOARG, "en", "h"},
    {"last", S("h\303\251llo"), NOARG, "en", "o"},
    {"length", LS(2, I(1LL), I(2LL)), NOARG, "en", "2"},
    {"length", S("h\303\251llo"), NOARG, "en", "5"},
    {"length", S(""), NOARG, "en", "0"},
    {"length", N(), NOARG, "en", "0"},
    {"length", I(7LL), NOARG, "en", "0"},
    {"length", TU(1, I(1LL)), NOARG, "en", "1"},
    {"length", LS(0), NOARG, "en", "0"},
    {"pprint", I(1LL), NOARG, "en", "1"},
    {"pprint", S("a'b"), NOARG, "en", "\"a'b\""},
    {"pprint", LS(2, I(1LL), S("x")), NOARG, "en", "[1, 'x']"},
    {"pprint", TU(1, I(1LL)), NOARG, "en", "(1,)"},
    {"pprint", DI(2, S("b"), I(1LL), S("a"), LS(2, I(1LL), I(2LL))), NOARG, "en", "{'a': [1, 2], 'b': 1}"},
    {"pprint", LS(40, I(0LL), I(1LL), I(2LL), I(3LL), I(4LL), I(5LL), I(6LL), I(7LL), I(8LL), I(9LL), I(10LL), I(11LL), I(12LL), I(13LL), I(14LL), I(15LL), I(16LL), I(17LL), I(18LL), I(19LL), I(20LL), I(21LL), I(22LL), I(23LL), I(24LL), I(25LL), I(26LL), I(27LL), I(28LL), I(29LL), I(30LL), I(31LL), I(32LL), I(33LL), I(34LL), I(35LL), I(36LL), I(37LL), I(38LL), I(39LL)), NOARG, "en", "[0,\012 1,\012 2,\012 3,\012 4,\012 5,\012 6,\012 7,\012 8,\012 9,\012 10,\012 11,\012 12,\012 13,\012 14,\012 15,\012 16,\012 17,\012 18,\012 19,\012 20,\012 21,\012 22,\012 23,\012 24,\012 25,\012 26,\012 27,\012 28,\012 29,\012 30,\012 31,\012 32,\012 33,\012 34,\012 35,\012 36,\012 37,\012 38,\012 39]"},
    {"pprint", S("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), NOARG, "en", "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'"},
    {"pprint", LS(1, S("abc abc abc abc abc abc abc abc abc abc abc abc abc abc abc abc abc abc abc abc abc abc abc abc abc abc abc abc abc abc ")), NOARG, "en", "['abc abc abc abc abc abc abc abc abc abc abc abc abc abc abc abc abc abc abc '\012 'abc abc abc abc abc abc abc abc abc abc abc ']"},
    {"pprint", DI(1, S("k"), S("word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word ")), NOARG, "en", "{'k': 'word word word word word word word word word word word word word word '\012      'word word word word word word word word word word word word word word '\012      'word word '}"},
    {"pprint", LS(5, LS(10, I(0LL), I(0LL), I(0LL), I(0LL), I(0LL), I(0LL), I(0LL), I(0LL), I(0LL), I(0LL)), LS(10, I(1LL), I(1LL), I(1LL), I(1LL), I(1LL), I(1LL), I(1LL), I(1LL), I(1LL), I(1LL)), LS(10, I(2LL), I(2LL), I(2LL), I(2LL), I(2LL), I(2LL), I(2LL), I(2LL), I(2LL), I(2LL)), LS(10, I(3LL), I(3LL), I(3LL), I(3LL), I(3LL), I(3LL), I(3LL), I(3LL), I(3LL), I(3LL)), LS(10, I(4LL), I(4LL), I(4LL), I(4LL), I(4LL), I(4LL), I(4LL), I(4LL), I(4LL), I(4LL))), NOARG, "en", "[[0, 0, 0, 0, 0, 0, 0, 0, 0, 0],\012 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1],\012 [2, 2, 2, 2, 2, 2, 2, 2, 2, 2],\012 [3, 3, 3, 3, 3, 3, 3, 3, 3, 3],\012 [4, 4, 4, 4, 4, 4, 4, 4, 4, 4]]"},
    {"pprint", S("line one\012line two zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"), NOARG, "en", "('line one\\n'\012 'line two '\012 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz')"},
    {"pprint", N(), NOARG, "en", "None"},
    {"pprint", F(1.5), NOARG, "en", "1.5"},
        };
        for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
            check_case(families, rows[i].name, rows[i].value, rows[i].arg, rows[i].has_arg, true,
                       rows[i].lang, rows[i].expect, -1);
    }
    {
        const row rows[] = {
    {"join", LS(2, S("a"), S("b")), S(", "), true, "en", "a, b"},
    {"join", LS(2, S("a<"), S("b")), S("&"), true, "en", "a&lt;&amp;b"},
    {"join", LS(3, I(1LL), I(2LL), I(3LL)), S("-"), true, "en", "1-2-3"},
    {"join", S("abc"), S("-"), true, "en", "a-b-c"},
    {"join", LS(0), S("-"), true, "en", ""},
    {"join", I(5LL), S("-"), true, "en", "5"},
    {"join", LS(3, N(), B(1), F(1.5)), S("/"), true, "en", "None/True/1.5"},
        };
        for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
            check_case(families, rows[i].name, rows[i].value, rows[i].arg, rows[i].has_arg, true,
                       rows[i].lang, rows[i].expect, -1);
    }
    {
        const row rows[] = {
    {"join", LS(2, S("a"), S("b")), S(", "), true, "en", "a, b"},
    {"join", LS(2, S("a<"), S("b")), S("&"), true, "en", "a<&b"},
    {"join", LS(3, I(1LL), I(2LL), I(3LL)), S("-"), true, "en", "[1, 2, 3]"},
    {"join", S("abc"), S("-"), true, "en", "a-b-c"},
    {"join", LS(0), S("-"), true, "en", ""},
    {"join", I(5LL), S("-"), true, "en", "5"},
    {"join", LS(3, N(), B(1), F(1.5)), S("/"), true, "en", "[None, True, 1.5]"},
        };
        for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
            check_case(families, rows[i].name, rows[i].value, rows[i].arg, rows[i].has_arg, false,
                       rows[i].lang, rows[i].expect, -1);
    }
    /* default and default_if_none hand back the argument itself (safe or not). */
    check_case(families, "default", S(""), SAFE("x<"), true, true, "en", "x<", 1);
    check_case(families, "default", I(0), S("d"), true, true, "en", "d", -1);
    check_case(families, "default", LS(0), S("d"), true, true, "en", "d", -1);
    check_case(families, "default", SAFE("v"), S("d"), true, true, "en", "v", 1);
    check_case(families, "default_if_none", N(), S("d"), true, true, "en", "d", -1);
    check_case(families, "default_if_none", S(""), S("d"), true, true, "en", "", -1);
    check_case(families, "default_if_none", I(0), S("d"), true, true, "en", "0", -1);
    /* join escapes items and joiner when autoescape is on, unless safe. */
    check_case(families, "join", LS(2, SAFE("<a>"), S("<b>")), S("<br>"), true, true, "en",
               "<a>&lt;br&gt;&lt;b&gt;", 1);
    check_case(families, "join", LS(2, SAFE("<a>"), S("<b>")), SAFE("<br>"), true, true, "en",
               "<a><br>&lt;b&gt;", 1);
    check_case(families, "join", LS(2, S("<a>"), S("<b>")), S("<br>"), true, false, "en",
               "<a><br><b>", 1);
    check_case(families, "join", LS(2, S("<a>"), I(1)), S("-"), true, false, "en", "['<a>', 1]", 0);
    check_case(families, "join", DI(2, S("k1"), I(1), S("k2"), I(2)), S("+"), true, true, "en", "k1+k2", 1);
    /* first, last, random on strings and errors on non-sequences. */
    check_case(families, "first", SAFE("<x"), N(), false, true, "en", "<", -1);
    check_case(families, "first", I(5), N(), false, true, "en", NULL, -1);
    check_case(families, "last", N(), N(), false, true, "en", NULL, -1);
    check_case(families, "random", LS(1, S("only")), N(), false, true, "en", "only", -1);
    check_case(families, "random", S("z"), N(), false, true, "en", "z", -1);
    check_case(families, "random", LS(0), N(), false, true, "en", "", -1);
    check_case(families, "random", I(3), N(), false, true, "en", NULL, -1);
    {
        /* Every item of a list can come out of random. */
        int seen[3] = {0, 0, 0};
        weft_value l = LS(3, I(0), I(1), I(2));
        for (int i = 0; i < 200; i++) {
            weft_value out;
            weft_error err;
            if (run_filter(families, "random", l, NULL, true, "en", &out, &err) == 0 &&
                out.kind == WEFT_INT && out.u.i >= 0 && out.u.i < 3)
                seen[out.u.i]++;
        }
        if (seen[0] && seen[1] && seen[2]) {
            passed++;
        } else {
            printf("FAIL random: not every item picked (%d %d %d)\n", seen[0], seen[1], seen[2]);
            failed++;
        }
    }
    /* dictsort: by key path, stable, "" on a missing key or incomparable keys. */
    {
        weft_value people = LS(4, DI(2, S("name"), S("b"), S("age"), I(30)),
                               DI(2, S("name"), S("a"), S("age"), I(20)),
                               DI(2, S("name"), S("c"), S("age"), I(30)),
                               DI(2, S("name"), S("d"), S("age"), I(10)));
        check_case(families, "dictsort", people, S("age"), true, true, "en",
                   "[{'name': 'd', 'age': 10}, {'name': 'a', 'age': 20}, {'name': 'b', 'age': 30}, "
                   "{'name': 'c', 'age': 30}]", -1);
        check_case(families, "dictsortreversed", people, S("age"), true, true, "en",
                   "[{'name': 'b', 'age': 30}, {'name': 'c', 'age': 30}, {'name': 'a', 'age': 20}, "
                   "{'name': 'd', 'age': 10}]", -1);
        check_case(families, "dictsort", people, S("name"), true, true, "en",
                   "[{'name': 'a', 'age': 20}, {'name': 'b', 'age': 30}, {'name': 'c', 'age': 30}, "
                   "{'name': 'd', 'age': 10}]", -1);
        check_case(families, "dictsort", people, S("missing"), true, true, "en", "", -1);
        check_case(families, "dictsort", people, S("_private"), true, true, "en", "", -1);
        check_case(families, "dictsort", people, S("name._x"), true, true, "en", "", -1);
        /* the input list is left as it was */
        check_case(families, "first", people, N(), false, true, "en", "{'name': 'b', 'age': 30}", -1);
        weft_value nested = LS(2, DI(1, S("a"), DI(1, S("b"), I(2))), DI(1, S("a"), DI(1, S("b"), I(1))));
        check_case(families, "dictsort", nested, S("a.b"), true, true, "en",
                   "[{'a': {'b': 1}}, {'a': {'b': 2}}]", -1);
        weft_value pairs = LS(3, LS(2, S("x"), I(3)), LS(2, S("y"), I(1)), LS(2, S("z"), I(2)));
        check_case(families, "dictsort", pairs, I(1), true, true, "en",
                   "[['y', 1], ['z', 2], ['x', 3]]", -1);
        check_case(families, "dictsortreversed", pairs, I(1), true, true, "en",
                   "[['x', 3], ['z', 2], ['y', 1]]", -1);
        check_case(families, "dictsort", pairs, S("1"), true, true, "en", "", -1);
        weft_value numkeys = LS(2, DI(1, S("1"), S("b")), DI(1, S("1"), S("a")));
        check_case(families, "dictsort", numkeys, S("1"), true, true, "en",
                   "[{'1': 'a'}, {'1': 'b'}]", -1);
        weft_value mixed = LS(2, DI(1, S("k"), I(1)), DI(1, S("k"), S("x")));
        check_case(families, "dictsort", mixed, S("k"), true, true, "en", "", -1);
        check_case(families, "dictsort", I(5), S("k"), true, true, "en", "", -1);
        check_case(families, "dictsort", LS(0), S("k"), true, true, "en", "[]", -1);
        check_case(families, "dictsort", TU(1, DI(1, S("k"), N())), S("k"), true, true, "en",
                   "[{'k': None}]", -1);
    }
    /* yesno's default comes from the catalog; its parts are never safe. */
    check_case(families, "yesno", N(), SAFE("a,b,c"), true, true, "en", "c", 0);
    int status = check_report();
    arena_free(&A);
    return status;
}
