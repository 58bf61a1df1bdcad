#!/usr/bin/python3
"""Record Django's l10n, tz and cache template tag libraries as weft test cases.

Every case below is rendered with Debian's Django 3.2 (package python3-django,
USE_I18N and USE_L10N on) and written to cases.json beside this file, in the
shape of weft's Django corpus: templates, the template to render, its context
as tagged JSON, engine options, the settings in force, and the output or the
error (exception class and str) Django gave.  Cache cases render the same
template several times with one engine and one set of caches ("renders") and
list every cache.set the cache tag made ("cache_sets").

Each case is also rendered a second time with zoneinfo zones in place of pytz
ones and Django 4.x/5.x's TimeFormat zone handling patched in (see
django5_zones below); where that gives another result the case carries it as
"expect_zoneinfo".  "expect" is always what Django 3.2 itself produced.

Rerun (writes tests/libraries/cases.json; only recorded_at changes):

    /usr/bin/python3 tests/libraries/record.py
"""
import contextlib
import datetime as dt
import functools
import json
import os
import re
import warnings
import zoneinfo
from decimal import Decimal

import django
from django.conf import settings

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
    "other": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "other"},
}
settings.configure(
    USE_I18N=True, USE_L10N=True, USE_TZ=False, TIME_ZONE="America/Chicago",
    LANGUAGE_CODE="en-us", USE_THOUSAND_SEPARATOR=False, CACHES=CACHES,
    STATIC_URL="/static/", MEDIA_URL="/",
)
django.setup()

from unittest import mock  # noqa: E402

import django.templatetags.tz as tz_library  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.core.cache.backends.base import DEFAULT_TIMEOUT  # noqa: E402
from django.core.cache.backends.locmem import LocMemCache  # noqa: E402
from django.core.cache.utils import make_template_fragment_key  # noqa: E402
from django.template import Context, Engine  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils import dateformat, timezone, translation  # noqa: E402
from django.utils.safestring import SafeString  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
NOW = "2024-03-05T12:00:00"  # settings.now: unused by these libraries
LIBRARIES = {
    "l10n": "django.templatetags.l10n",
    "tz": "django.templatetags.tz",
    "cache": "django.templatetags.cache",
}
F = "Y-m-d H:i e T O"  # the zone-revealing date format; templates write it @F


# ---- tagged JSON values --------------------------------------------------

def SAFE(s): return {"$safe": s}
def DATE(s): return {"$date": s}
def DT(s): return {"$datetime": s}
def TIME(s): return {"$time": s}
def DEC(s): return {"$decimal": s}
def FLT(s): return {"$float": s}
def TUP(items): return {"$tuple": items}


def to_python(v):
    """Tagged JSON -> the Python value Django sees."""
    if isinstance(v, list):
        return [to_python(x) for x in v]
    if not isinstance(v, dict):
        return v
    if len(v) == 1:
        (tag, x), = v.items()
        if tag == "$safe":
            return SafeString(x)
        if tag == "$date":
            return dt.date.fromisoformat(x)
        if tag == "$datetime":
            value = dt.datetime.fromisoformat(x)
            if value.tzinfo is not None:
                # A fixed-offset zone named "+HHMM", as the corpus defines it
                # (Django's own tests use get_fixed_timezone the same way).
                minutes = int(value.utcoffset().total_seconds() // 60)
                value = value.replace(tzinfo=timezone.get_fixed_timezone(minutes))
            return value
        if tag == "$time":
            return dt.time.fromisoformat(x)
        if tag == "$timedelta":
            return dt.timedelta(seconds=x)
        if tag == "$decimal":
            return Decimal(x)
        if tag == "$float":
            return float(x)
        if tag == "$tuple":
            return tuple(to_python(i) for i in x)
    return {k: to_python(x) for k, x in v.items()}


# ---- the cases -------------------------------------------------------------

CASES = []


def add(id, template, context=None, *, lang="en", sep=False, tz="America/Chicago",
        use_tz=False, current=None, sii="", autoescape=True, templates=None,
        name="t", renders=(), fragment_keys=None):
    """One case: template (or templates + name) rendered with context, then
    with each context of renders (cache cases)."""
    assert not any(c["id"] == id for c in CASES), id
    templates = dict(templates or {}, **({name: template} if template is not None else {}))
    templates = {k: v.replace("@F", F) for k, v in templates.items()}
    CASES.append({
        "id": id,
        "test": "libraries." + id.split("_")[0],
        "templates": templates,
        "name": name,
        "context": context or {},
        "options": {"string_if_invalid": sii, "autoescape": autoescape},
        "settings": {
            "TIME_ZONE": tz, "USE_TZ": use_tz, "current_timezone": current or tz,
            "language": lang, "USE_THOUSAND_SEPARATOR": sep,
            "STATIC_URL": "/static/", "MEDIA_URL": "/", "now": NOW,
        },
        "loads": sorted({lib for src in templates.values()
                         for m in re.finditer(r"{%\s*load\s+([^%]*?)\s*%}", src)
                         for lib in m.group(1).split()}),
        "_renders": [r if isinstance(r, dict) else {} for r in renders],
        "_fragment_keys": fragment_keys,
    })


# -- l10n -------------------------------------------------------------------

LANGS = ["en", "de", "fr", "ru", "pt-br", "hi", "es", "nl", "de-ch", "zh-hans"]
NUMBERS = {"i": 1234567, "n": -9876543, "f": 1234567.891, "d": DEC("-1234567.50"), "s": 123}

for lang in LANGS:
    for sep in (False, True):
        tag = lang.replace("-", "") + ("_grouping" if sep else "_nogrouping")
        add("l10n_numbers_" + tag,
            "{% load l10n %}{{ i }} {{ n }} {{ f }} {{ d }} {{ s }}", NUMBERS, lang=lang, sep=sep)
        if sep or lang in ("en", "de"):
            add("l10n_filters_" + tag,
                "{% load l10n %}{{ f|localize }}|{{ f|unlocalize }}|"
                "{% localize off %}{{ f }} {{ i }}{% endlocalize %}|{% localize on %}{{ i }}{% endlocalize %}",
                NUMBERS, lang=lang, sep=sep)
    add("l10n_dates_" + lang.replace("-", ""),
        "{% load l10n %}{{ d }}|{{ dt }}|{{ t }}|{% localize off %}{{ d }}|{{ dt }}|{{ t }}{% endlocalize %}|"
        "{{ dt|unlocalize }}|{{ pm|localize }}",
        {"d": DATE("2024-03-05"), "dt": DT("2024-03-05T09:30:15"), "t": TIME("09:30:15"),
         "pm": DT("2024-12-25T15:05:00")}, lang=lang)

# One value each, German with grouping ("." thousands, "," decimals).
VALUES = {
    "int_zero": 0, "int_small": 999, "int_1000": 1000, "int_neg_1000": -1000,
    "int_million": 1234567, "int_neg_million": -1234567,
    "int_2p53_plus1": 9007199254740993,
    # weft's integers are 64-bit: no value beyond int64 is recorded.
    "float_tenth": 0.1, "float_sum_inexact": 0.1 + 0.2, "float_1234_5": 1234.5,
    "float_whole": 123456789.0, "float_1e16": 1e16,
    "float_1e22": 1e22, "float_small_exp": 1.5e-7, "float_neg_zero": -0.0,
    "float_nan": FLT("nan"), "float_inf": FLT("inf"), "float_neg_inf": FLT("-inf"),
    "decimal_1234_50": DEC("1234.50"), "decimal_1_50": DEC("1.50"),
    "decimal_exp_pos": DEC("1E+5"), "decimal_exp_neg": DEC("1E-7"), "decimal_zero_exp": DEC("0E-3"),
    "decimal_neg_zero": DEC("-0"), "decimal_many_digits": DEC("12345678901234567890.123456789012345678901234567890"),
    "decimal_over_200_digits_small": DEC("1E-250"), "decimal_over_200_digits_big": DEC("1234567E+200"),
    "bool_true": True, "none": None,
    "str_number": "1234567", "safe_str": SAFE("<b>1234.5</b>"),
    "str_html": "<1234.5>", "list": [1234.5, 1000, "x"], "tuple": TUP([1234.5, 1000]),
    "dict": {"a": 1234.5}, "timedelta": {"$timedelta": 90.5},
}
for key, value in VALUES.items():
    add("l10n_value_de_" + key,
        "{% load l10n %}{{ v }}|{{ v|localize }}|{{ v|unlocalize }}|{% localize off %}{{ v }}{% endlocalize %}",
        {"v": value}, lang="de", sep=True)
for key in ("int_million", "float_1e16", "decimal_many_digits", "decimal_over_200_digits_big", "float_nan"):
    add("l10n_value_en_" + key, "{% load l10n %}{{ v }}|{{ v|unlocalize }}", {"v": VALUES[key]},
        lang="en", sep=True)

DE = dict(lang="de", sep=True)
V = {"f": 1234.5, "i": 1000000}
add("l10n_tag_off", "{% load l10n %}{% localize off %}{{ f }} {{ i }}{% endlocalize %}", V, **DE)
add("l10n_tag_on", "{% load l10n %}{% localize on %}{{ f }} {{ i }}{% endlocalize %}", V, **DE)
add("l10n_tag_no_argument_is_on", "{% load l10n %}{% localize %}{{ f }} {{ i }}{% endlocalize %}", V, **DE)
add("l10n_tag_extra_spaces", "{% load l10n %}{%   localize    off   %}{{ f }}{%   endlocalize   %}", V, **DE)
add("l10n_tag_on_inside_off",
    "{% load l10n %}{{ f }}|{% localize off %}{{ f }}|{% localize on %}{{ f }}{% endlocalize %}|{{ f }}"
    "{% endlocalize %}|{{ f }}", V, **DE)
add("l10n_tag_off_inside_on",
    "{% load l10n %}{% localize on %}{{ f }}|{% localize off %}{{ f }}{% endlocalize %}|{{ f }}{% endlocalize %}",
    V, **DE)
add("l10n_tag_off_inside_off",
    "{% load l10n %}{% localize off %}{% localize off %}{{ f }}{% endlocalize %}{{ f }}{% endlocalize %}{{ f }}",
    V, **DE)
add("l10n_tag_off_filter_localize",
    "{% load l10n %}{% localize off %}{{ f|localize }}|{{ i|localize }}{% endlocalize %}", V, **DE)
add("l10n_tag_on_filter_unlocalize",
    "{% load l10n %}{% localize on %}{{ f|unlocalize }}|{{ i|unlocalize }}{% endlocalize %}", V, **DE)
add("l10n_filter_chain", "{% load l10n %}{{ f|unlocalize|localize }}|{{ f|localize|unlocalize }}", V, **DE)
add("l10n_tag_off_floatformat",
    '{% load l10n %}{% localize off %}{{ f|floatformat }}|{{ f|floatformat:2 }}|{{ i|floatformat:"2g" }}|'
    '{{ f|floatformat:"-3" }}{% endlocalize %}', V, **DE)
add("l10n_tag_off_date_filters",
    '{% load l10n %}{% localize off %}{{ d|date }}|{{ d|date:"SHORT_DATE_FORMAT" }}|{{ d|date:"j F Y" }}|'
    '{{ dt|date:"DATETIME_FORMAT" }}|{{ t|time }}|{{ t|time:"H:i A" }}{% endlocalize %}',
    {"d": DATE("2024-03-05"), "dt": DT("2024-03-05T15:30:00"), "t": TIME("15:30:00")}, **DE)
add("l10n_tag_off_dates_fr",
    "{% load l10n %}{% localize off %}{{ d }}|{{ dt }}|{{ t }}{% endlocalize %}",
    {"d": DATE("2024-03-05"), "dt": DT("2024-03-05T15:30:00"), "t": TIME("00:00:00")}, lang="fr")
add("l10n_tag_off_for_loop",
    "{% load l10n %}{% localize off %}{% for x in xs %}{{ x }};{% endfor %}{% endlocalize %}"
    "{% for x in xs %}{{ x }};{% endfor %}", {"xs": [1000, 2.5, DEC("1234.5")]}, **DE)
add("l10n_tag_off_include", None, V, name="outer", templates={
    "outer": "{% load l10n %}{% localize off %}{% include 'inner' %}{% endlocalize %}|{% include 'inner' %}",
    "inner": "{{ f }}"}, **DE)
add("l10n_tag_off_if_with", "{% load l10n %}{% localize off %}{% with g=f %}{% if g > 1000 %}{{ g }}{% endif %}"
    "{% endwith %}{% endlocalize %}", V, **DE)
add("l10n_literals",
    '{% load l10n %}{{ 1234.5 }}|{{ 1e5 }}|{{ -1000 }}|{{ "1234.5" }}|{% localize off %}{{ 1234.5 }}{% endlocalize %}',
    {}, **DE)
add("l10n_filter_escaping", "{% load l10n %}{{ s|localize }}|{{ s|unlocalize }}|{{ safe|localize }}|"
    "{{ safe|unlocalize }}", {"s": "<a&b>", "safe": SAFE("<i>")}, **DE)
add("l10n_filter_autoescape_off", "{% load l10n %}{{ s|localize }}|{{ f }}", {"s": "<a&b>", "f": 1234.5},
    autoescape=False, **DE)
add("l10n_missing_variable", "{% load l10n %}[{{ m }}|{{ m|localize }}|{{ m|unlocalize }}]", {}, **DE)
add("l10n_missing_variable_string_if_invalid",
    "{% load l10n %}[{{ m }}|{{ m|localize }}|{% localize off %}{{ m }}{% endlocalize %}]", {},
    sii="INVALID", **DE)
add("l10n_localize_off_then_other_filter",
    '{% load l10n %}{% localize off %}{{ f|add:1 }}|{{ i|stringformat:"d" }}|{{ f|default:0 }}{% endlocalize %}',
    V, **DE)
# Errors.
add("l10n_error_tag_argument", "{% load l10n %}{% localize maybe %}x{% endlocalize %}", {})
add("l10n_error_tag_two_arguments", "{% load l10n %}{% localize on off %}x{% endlocalize %}", {})
add("l10n_error_tag_quoted_argument", '{% load l10n %}{% localize "off" %}x{% endlocalize %}', {})
add("l10n_error_tag_uppercase", "{% load l10n %}{% localize OFF %}x{% endlocalize %}", {})
add("l10n_error_unclosed", "{% load l10n %}\n\n{% localize off %}{{ f }}", V)
add("l10n_error_wrong_end_tag", "{% load l10n %}{% localize off %}x{% endlocaltime %}", {})
add("l10n_error_end_without_start", "{% load l10n %}x{% endlocalize %}", {})
add("l10n_error_filter_without_load", "{{ f|localize }}", V)
add("l10n_error_unlocalize_without_load", "{{ f|unlocalize }}", V)
add("l10n_error_tag_without_load", "{% localize off %}{{ f }}{% endlocalize %}", V)
add("l10n_error_filter_argument", '{% load l10n %}{{ f|localize:"x" }}', V)
add("l10n_error_unlocalize_argument", '{% load l10n %}{{ f|unlocalize:2 }}', V)


# -- tz ---------------------------------------------------------------------

AWARE = DT("2024-03-05T09:30:00+01:00")      # 08:30 UTC, winter in the north
SUMMER = DT("2024-07-01T12:00:00+00:00")     # zero offset
NAIVE = DT("2024-03-05T09:30:00")
ZONES = ["UTC", "Europe/Paris", "America/New_York", "Asia/Kathmandu", "Australia/Lord_Howe"]
TZV = {"a": AWARE, "s": SUMMER, "n": NAIVE}


def zid(zone):
    return zone.split("/")[-1].lower()


for use_tz in (False, True):
    on = "usetz" if use_tz else "nousetz"
    for zone in ZONES if use_tz else ["Europe/Paris"]:  # without USE_TZ the current zone is unused
        add("tz_print_%s_%s" % (on, zid(zone)),
            '{% load tz %}{{ a }}|{{ a|date:"@F" }}|{{ s|date:"@F" }}|{{ n }}|{{ n|date:"@F" }}',
            TZV, use_tz=use_tz, current=zone)
    add("tz_filters_" + on,
        '{% load tz %}{{ a|localtime|date:"@F" }}|{{ a|utc|date:"@F" }}|{{ a|timezone:"Asia/Tokyo"|date:"@F" }}|'
        '{{ a|timezone:zone|date:"@F" }}',
        dict(TZV, zone="America/Sao_Paulo"), use_tz=use_tz, current="Europe/Paris")
    add("tz_filters_naive_" + on,
        '{% load tz %}{{ n|localtime|date:"@F" }}|{{ n|utc|date:"@F" }}|{{ n|timezone:"Asia/Tokyo"|date:"@F" }}',
        TZV, use_tz=use_tz, current="Europe/Paris")
    add("tz_filters_printed_" + on,
        '{% load tz %}{{ a|localtime }}|{{ a|utc }}|{{ a|timezone:"Asia/Tokyo" }}|{{ n|utc }}',
        TZV, use_tz=use_tz, current="Europe/Paris")
    add("tz_localtime_tag_" + on,
        "{% load tz %}{% localtime on %}{{ a }}{% endlocaltime %}|{% localtime off %}{{ a }}{% endlocaltime %}|"
        "{% localtime %}{{ a }}{% endlocaltime %}|{{ a }}", TZV, use_tz=use_tz, current="Asia/Tokyo")
    add("tz_localtime_tag_nested_" + on,
        "{% load tz %}{% localtime off %}{{ a }}|{% localtime on %}{{ a }}|{% localtime off %}{{ a }}"
        "{% endlocaltime %}|{{ a }}{% endlocaltime %}|{{ a }}{% endlocaltime %}|{{ a }}",
        TZV, use_tz=use_tz, current="Asia/Tokyo")
    add("tz_localtime_tag_date_filter_" + on,
        '{% load tz %}{% localtime off %}{{ a|date:"@F" }}{% endlocaltime %}|'
        '{% localtime on %}{{ a|date:"@F" }}{% endlocaltime %}',
        TZV, use_tz=use_tz, current="Asia/Tokyo")
    add("tz_timezone_tag_" + on,
        '{% load tz %}{% timezone "Europe/Paris" %}{{ a }}|{{ a|localtime }}|{{ a|date:"@F" }}{% endtimezone %}|'
        '{{ a }}|{{ a|localtime }}', TZV, use_tz=use_tz, current="America/New_York")
    add("tz_get_current_timezone_" + on,
        '{% load tz %}{% get_current_timezone as TZ %}{{ TZ }}|{% timezone "Asia/Tokyo" %}'
        "{% get_current_timezone as TZ %}{{ TZ }}{% endtimezone %}|{{ TZ }}|"
        "{% get_current_timezone as TZ %}{{ TZ }}", {}, use_tz=use_tz, current="Europe/Paris")

add("tz_print_usetz_languages_de", "{% load tz %}{{ a }}|{{ s }}|{{ a|utc }}", TZV, use_tz=True,
    current="Europe/Paris", lang="de")
add("tz_print_usetz_languages_fr", "{% load tz %}{{ a }}|{{ s }}|{{ a|utc }}", TZV, use_tz=True,
    current="Europe/Paris", lang="fr")
add("tz_print_zone_formats_lord_howe",
    '{% load tz %}{{ a|date:"H:i e T O Z I" }}|{{ s|date:"H:i e T O Z I" }}', TZV, use_tz=True,
    current="Australia/Lord_Howe")
add("tz_print_zone_formats_fixed_offsets",
    '{% load tz %}{{ a|date:"e T O Z" }}|{{ b|date:"e T O Z" }}|{{ c|date:"e T O Z" }}',
    {"a": AWARE, "b": DT("2024-03-05T09:30:00-03:30"), "c": SUMMER}, use_tz=False)
add("tz_print_naive_formats_default_zone",
    '{% load tz %}{{ n|date:"e|T|O|Z|I" }}|{{ s|date:"e|T|O|Z|I" }}',
    {"n": NAIVE, "s": DT("2024-07-01T12:00:00")}, use_tz=True, tz="Europe/Paris", current="Asia/Tokyo")
add("tz_localtime_filter_in_localtime_off",
    '{% load tz %}{% localtime off %}{{ a }}|{{ a|localtime }}|{{ a|utc }}|{{ a|timezone:"Asia/Tokyo" }}'
    "{% endlocaltime %}", TZV, use_tz=True, current="America/New_York")
add("tz_localtime_off_include", None, TZV, name="outer", templates={
    "outer": "{% load tz %}{% localtime off %}{% include 'inner' %}{% endlocaltime %}|{% include 'inner' %}",
    "inner": "{{ a }}"}, use_tz=True, current="Asia/Tokyo")
add("tz_utc_filter_usetz", '{% load tz %}{{ a|utc }}|{{ a|utc|date:"e T O" }}|{{ s|utc|date:"e T O" }}',
    TZV, use_tz=True, current="Asia/Kathmandu")
add("tz_kathmandu_offsets", '{% load tz %}{{ a|timezone:"Asia/Kathmandu"|date:"H:i T O Z" }}|'
    '{{ s|timezone:"Asia/Kathmandu"|date:"H:i T O Z" }}', TZV)
add("tz_lord_howe_half_hour_dst", '{% load tz %}{{ a|timezone:"Australia/Lord_Howe"|date:"@F I" }}|'
    '{{ s|timezone:"Australia/Lord_Howe"|date:"@F I" }}', TZV)

# The timezone filter's argument.
for key, arg, ctx in [
        ("unknown_zone", '"No/Such_Zone"', {}), ("empty_string", '""', {}),
        ("variable", "zone", {"zone": "Asia/Kathmandu"}), ("lowercase_name", '"europe/paris"', {}),
        ("utc_name", '"UTC"', {}),
        ("lowercase_utc", '"utc"', {}), ("int_literal", "5", {}), ("none_literal", "None", {}),
        ("int_variable", "zone", {"zone": 3}), ("etc_gmt", '"Etc/GMT+5"', {})]:
    add("tz_timezone_filter_" + key,
        '{% load tz %}[{{ a|timezone:ARG }}|{{ a|timezone:ARG|date:"e T O" }}]'.replace("ARG", arg),
        dict(ctx, a=AWARE), use_tz=True, current="Europe/Paris")
# A filter argument that is a missing variable raises VariableDoesNotExist,
# whatever string_if_invalid says (the message shows the context: keep it small).
add("tz_timezone_filter_missing_variable", "{% load tz %}[{{ a|timezone:zone }}]", {"a": "x"})
add("tz_timezone_filter_missing_variable_string_if_invalid",
    "{% load tz %}[{{ a|timezone:zone }}]", {"a": "x"}, sii="INVALID")
add("tz_filters_non_datetimes",
    '{% load tz %}[{{ d|timezone:"UTC" }}|{{ d|localtime }}|{{ d|utc }}|{{ str|utc }}|{{ none|utc }}|'
    '{{ int|localtime }}|{{ t|utc }}|{{ m|utc }}|{{ l|utc }}]',
    {"d": DATE("2024-03-05"), "str": "2024-03-05T09:30:00", "none": None, "int": 5,
     "t": TIME("09:30:00"), "l": [AWARE]}, use_tz=True)
add("tz_filters_non_datetimes_string_if_invalid", "{% load tz %}[{{ m|utc }}|{{ m|localtime }}]", {},
    sii="INVALID")

# Naive datetimes through the filters: made aware in the default zone first.
add("tz_naive_default_zone_paris",
    '{% load tz %}{{ n|utc|date:"@F" }}|{{ n|localtime|date:"@F" }}', TZV,
    tz="Europe/Paris", current="America/New_York")
add("tz_naive_default_zone_utc", '{% load tz %}{{ n|utc|date:"@F" }}|{{ n|timezone:"Asia/Tokyo" }}',
    TZV, tz="UTC")
GAP = DT("2024-03-10T02:30:00")    # skipped in Chicago (clocks 02:00 -> 03:00)
FOLD = DT("2024-11-03T01:30:00")   # twice in Chicago (01:00-02:00 CDT then CST)
for key, value in (("gap", GAP), ("fold", FOLD)):
    for use_tz in (False, True):
        add("tz_naive_dst_%s_%s" % (key, "usetz" if use_tz else "nousetz"),
            '{% load tz %}[{{ n|utc }}|{{ n|localtime }}|{{ n|timezone:"UTC"|date:"H:i" }}|{{ n }}|'
            '{{ n|date:"H:i e T O Z I" }}]', {"n": value}, use_tz=use_tz, current="Asia/Tokyo")
# Aware values that land in Paris's repeated hour (02:00-03:00 on 2024-10-27).
add("tz_aware_into_fold_usetz",
    '{% load tz %}{{ a|date:"H:i e T O Z I" }}|{{ b|date:"H:i e T O Z I" }}',
    {"a": DT("2024-10-27T00:30:00+00:00"), "b": DT("2024-10-27T01:30:00+00:00")},
    use_tz=True, current="Europe/Paris")
add("tz_aware_into_fold_filter",
    '{% load tz %}{{ a|timezone:"Europe/Paris"|date:"H:i e T O" }}|{{ b|timezone:"Europe/Paris"|date:"H:i e T O" }}',
    {"a": DT("2024-10-27T00:30:00+00:00"), "b": DT("2024-10-27T01:30:00+00:00")})
add("tz_aware_around_gap_usetz", '{% load tz %}{{ a|date:"H:i T O" }}|{{ b|date:"H:i T O" }}',
    {"a": DT("2024-03-31T00:59:00+00:00"), "b": DT("2024-03-31T01:00:00+00:00")},
    use_tz=True, current="Europe/Paris")

# The timezone tag's argument.
for key, arg, ctx in [
        ("variable", "zone", {"zone": "Asia/Kathmandu"}), ("none", "None", {}),
        ("filter", 'zone|default:"UTC"', {}), ("lowercase_name", '"europe/paris"', {}),
        ("utc", '"UTC"', {}), ("etc_gmt", '"Etc/GMT+5"', {}), ("lord_howe", '"Australia/Lord_Howe"', {})]:
    add("tz_timezone_tag_" + key,
        ("{% load tz %}{% timezone ARG %}{% get_current_timezone as TZ %}{{ TZ }}|{{ a }}|{{ a|localtime }}"
         "{% endtimezone %}").replace("ARG", arg), dict(ctx, a=AWARE), use_tz=True, current="Asia/Tokyo")
add("tz_timezone_tag_nested",
    '{% load tz %}{% timezone "Europe/Paris" %}{{ a }}|{% timezone "Asia/Tokyo" %}{{ a }}|'
    '{% timezone None %}{{ a }}{% endtimezone %}|{{ a }}{% endtimezone %}|{{ a }}{% endtimezone %}|{{ a }}',
    TZV, use_tz=True, current="UTC")
add("tz_timezone_tag_in_localtime_off",
    '{% load tz %}{% localtime off %}{% timezone "Asia/Tokyo" %}{{ a }}|{{ a|localtime }}{% endtimezone %}'
    "{% endlocaltime %}", TZV, use_tz=True)
add("tz_timezone_tag_languages_de", '{% load tz %}{% timezone "Europe/Paris" %}{{ a }}|{{ s }}{% endtimezone %}',
    TZV, use_tz=True, lang="de")
add("tz_timezone_tag_languages_fr", '{% load tz %}{% timezone "Europe/Paris" %}{{ a }}|{{ s }}{% endtimezone %}',
    TZV, use_tz=True, lang="fr")
add("tz_timezone_tag_languages_en", '{% load tz %}{% timezone "Europe/Paris" %}{{ a }}|{{ s }}{% endtimezone %}',
    TZV, use_tz=True, lang="en")
add("tz_get_current_timezone_after_nested",
    '{% load tz %}{% timezone "Asia/Tokyo" %}{% timezone "UTC" %}{% endtimezone %}'
    "{% get_current_timezone as TZ %}{% endtimezone %}{{ TZ }}", {}, current="Europe/Paris")
add("tz_get_current_timezone_in_for_loop",
    "{% load tz %}{% for x in xs %}{% get_current_timezone as TZ %}{{ TZ }};{% endfor %}[{{ TZ }}]",
    {"xs": [1, 2]}, current="Asia/Kathmandu")
add("tz_get_current_timezone_overwrites_variable",
    "{% load tz %}{{ TZ }}|{% get_current_timezone as TZ %}{{ TZ }}", {"TZ": "mine"}, current="UTC")
add("tz_get_current_timezone_default", "{% load tz %}{% get_current_timezone as TZ %}{{ TZ }}", {},
    tz="Australia/Lord_Howe")
# Errors.
add("tz_error_timezone_tag_unknown_zone", '{% load tz %}{% timezone "No/Such_Zone" %}x{% endtimezone %}', {})
add("tz_error_timezone_tag_missing_variable", "{% load tz %}{% timezone zone %}x{% endtimezone %}", {})
add("tz_error_timezone_tag_missing_variable_string_if_invalid",
    "{% load tz %}{% timezone zone %}x{% endtimezone %}", {}, sii="INVALID")
add("tz_error_timezone_tag_int", "{% load tz %}{% timezone 5 %}x{% endtimezone %}", {})
add("tz_error_timezone_tag_empty_string", '{% load tz %}{% timezone "" %}x{% endtimezone %}', {})
add("tz_error_localtime_argument", "{% load tz %}{% localtime maybe %}x{% endlocaltime %}", {})
add("tz_error_localtime_two_arguments", "{% load tz %}{% localtime on off %}x{% endlocaltime %}", {})
add("tz_error_timezone_no_argument", "{% load tz %}{% timezone %}x{% endtimezone %}", {})
add("tz_error_timezone_two_arguments", '{% load tz %}{% timezone "UTC" "UTC" %}x{% endtimezone %}', {})
add("tz_error_get_current_timezone_no_as", "{% load tz %}{% get_current_timezone %}", {})
add("tz_error_get_current_timezone_no_variable", "{% load tz %}{% get_current_timezone as %}", {})
add("tz_error_get_current_timezone_extra", "{% load tz %}{% get_current_timezone as TZ now %}", {})
add("tz_error_get_current_timezone_into", "{% load tz %}{% get_current_timezone into TZ %}", {})
add("tz_error_localtime_unclosed", "{% load tz %}{% localtime off %}x", {})
add("tz_error_timezone_unclosed", '{% load tz %}\n{% timezone "UTC" %}x\n', {})
add("tz_error_timezone_wrong_end", '{% load tz %}{% timezone "UTC" %}x{% endlocaltime %}', {})
add("tz_error_filter_localtime_argument", '{% load tz %}{{ a|localtime:"UTC" }}', TZV)
add("tz_error_filter_timezone_no_argument", "{% load tz %}{{ a|timezone }}", TZV)
add("tz_error_filter_without_load", "{{ a|utc }}", TZV)
add("tz_error_tag_without_load", "{% localtime off %}{{ a }}{% endlocaltime %}", TZV)
add("tz_error_get_current_timezone_without_load", "{% get_current_timezone as TZ %}", {})


# -- cache ------------------------------------------------------------------

def R(**context):
    """A follow-up render of a cache case."""
    return {"context": context}


C = "{% load cache %}"
add("cache_basic_second_render_cached", C + "{% cache 500 frag %}[{{ v }}]{% endcache %}", {"v": 1},
    renders=[R(v=2)])
add("cache_vary_on_int", C + "{% cache 500 frag v %}[{{ v }}]{% endcache %}", {"v": 1},
    renders=[R(v=2), R(v=1)], fragment_keys=[[1], [2]])
add("cache_vary_on_several", C + "{% cache 500 frag a b %}[{{ a }}-{{ b }}]{% endcache %}", {"a": 1, "b": "x"},
    renders=[R(a=1, b="y"), R(a=1, b="x"), R(a="1", b="y")], fragment_keys=[[1, "x"], [1, "y"]])
add("cache_vary_on_int_and_string_same_key", C + "{% cache 500 frag v %}[{{ v }}]{% endcache %}", {"v": 1},
    renders=[R(v="1")])
add("cache_vary_on_non_ascii", C + "{% cache 500 frag v %}[{{ v }}]{% endcache %}", {"v": "é日本"},
    renders=[R(v="e"), R(v="é日本")], fragment_keys=[["é日本"], ["e"], ["\U0001F600"]])
add("cache_vary_on_missing_variable", C + "{% cache 500 frag m %}[{{ v }}]{% endcache %}", {"v": 1},
    renders=[R(v=2, m="")], fragment_keys=[[""]])
add("cache_vary_on_missing_variable_string_if_invalid", C + "{% cache 500 frag m %}[{{ v }}]{% endcache %}",
    {"v": 1}, sii="INVALID", renders=[R(v=2, m="INVALID")], fragment_keys=[["INVALID"]])
add("cache_vary_on_list_and_tuple", C + "{% cache 500 frag v %}[{{ v }}]{% endcache %}", {"v": [1, "a"]},
    renders=[R(v=TUP([1, "a"])), R(v="[1, 'a']")], fragment_keys=[[[1, "a"]], [TUP([1, "a"])]])
add("cache_vary_on_dict", C + "{% cache 500 frag v %}[{{ v.a }}]{% endcache %}", {"v": {"a": 1, "b": "é"}},
    renders=[R(v={"b": "é", "a": 1})])
add("cache_vary_on_float_and_int", C + "{% cache 500 frag v %}[{{ v }}]{% endcache %}", {"v": 1.0},
    renders=[R(v=1), R(v=1.0), R(v=1e16), R(v=-0.0)], fragment_keys=[[1.0], [1e16], [-0.0], [0.1]])
add("cache_vary_on_bool_none", C + "{% cache 500 frag v %}[{{ v }}]{% endcache %}", {"v": True},
    renders=[R(v="True"), R(v=None), R(v="None")], fragment_keys=[[True], [None]])
add("cache_vary_on_tagged_values", C + "{% cache 500 frag v %}[{{ v }}]{% endcache %}",
    {"v": DATE("2024-03-05")},
    renders=[R(v=DT("2024-03-05T09:30:00+01:00")), R(v=DT("2024-03-05T09:30:00.250000")), R(v=TIME("09:30:00")),
             R(v=DEC("1.50")), R(v=DEC("1.5")), R(v=SAFE("<b>")), R(v={"$timedelta": 90.5}),
             R(v=FLT("nan"))],
    fragment_keys=[[DATE("2024-03-05")], [DT("2024-03-05T09:30:00+01:00")], [DEC("1.50")],
                   [{"$timedelta": 90.5}], [FLT("-inf")]])
add("cache_vary_on_big_int", C + "{% cache 500 frag v %}[{{ v }}]{% endcache %}", {"v": 1234567890123456789},
    renders=[R(v="1234567890123456789")], fragment_keys=[[1234567890123456789]])
add("cache_vary_on_filter_and_literal", C + '{% cache 500 frag v|upper "lit" 3 %}[{{ v }}]{% endcache %}',
    {"v": "a"}, renders=[R(v="A")])
add("cache_vary_on_separator_collision", C + "{% cache 500 frag a b %}[{{ a }}|{{ b }}]{% endcache %}",
    {"a": "1:2", "b": "3"}, renders=[R(a="1", b="2:3")], fragment_keys=[["1:2", "3"], ["1", "2:3"]])
add("cache_vary_on_filter_missing_argument", C + "{% cache 500 frag v|default:m %}[{{ v }}]{% endcache %}",
    {"v": 1})
# Timeouts.
add("cache_timeout_variable", C + "{% cache t frag %}[{{ v }}]{% endcache %}", {"t": 60, "v": 1},
    renders=[R(t=30, v=2)])
add("cache_timeout_none_literal", C + "{% cache None frag %}[{{ v }}]{% endcache %}", {"v": 1},
    renders=[R(v=2)])
add("cache_timeout_none_variable", C + "{% cache t frag %}[{{ v }}]{% endcache %}", {"t": None, "v": 1},
    renders=[R(t=None, v=2)])
add("cache_timeout_numeric_string", C + "{% cache t frag %}[{{ v }}]{% endcache %}", {"t": "300", "v": 1})
add("cache_timeout_string_literal", C + '{% cache "120" frag %}[{{ v }}]{% endcache %}', {"v": 1})
add("cache_timeout_float", C + "{% cache t frag %}[{{ v }}]{% endcache %}", {"t": 1.9, "v": 1})
add("cache_timeout_float_literal", C + "{% cache 2.5 frag %}[{{ v }}]{% endcache %}", {"v": 1})
add("cache_timeout_decimal", C + "{% cache t frag %}[{{ v }}]{% endcache %}", {"t": DEC("59.9"), "v": 1})
add("cache_timeout_bool", C + "{% cache t frag %}[{{ v }}]{% endcache %}", {"t": True, "v": 1})
add("cache_timeout_filter", C + "{% cache t|add:10 frag %}[{{ v }}]{% endcache %}", {"t": 5, "v": 1})
add("cache_timeout_zero_expires_at_once", C + "{% cache 0 frag %}[{{ v }}]{% endcache %}", {"v": 1},
    renders=[R(v=2)])
add("cache_timeout_negative_expires_at_once", C + "{% cache -1 frag %}[{{ v }}]{% endcache %}", {"v": 1},
    renders=[R(v=2)])
add("cache_error_timeout_non_integer", C + "{% cache t frag %}[{{ v }}]{% endcache %}", {"t": "abc", "v": 1})
add("cache_timeout_padded_string", C + "{% cache t frag %}[{{ v }}]{% endcache %}", {"t": " 5 ", "v": 1})
add("cache_error_timeout_float_string", C + '{% cache "1.5" frag %}[{{ v }}]{% endcache %}', {"v": 1})
add("cache_error_timeout_list", C + "{% cache t frag %}[{{ v }}]{% endcache %}", {"t": [1], "v": 1})
add("cache_error_timeout_missing_variable", C + "{% cache t frag %}[{{ v }}]{% endcache %}", {"v": 1})
add("cache_error_timeout_missing_variable_string_if_invalid", C + "{% cache t frag %}[{{ v }}]{% endcache %}",
    {"v": 1}, sii="INVALID")
add("cache_error_timeout_filter_missing_argument", C + "{% cache 500|add:m frag %}[{{ v }}]{% endcache %}",
    {"v": 1})
add("cache_error_timeout_float_nan", C + "{% cache t frag %}[{{ v }}]{% endcache %}", {"t": FLT("nan"), "v": 1})
add("cache_error_timeout_float_inf", C + "{% cache t frag %}[{{ v }}]{% endcache %}", {"t": FLT("inf"), "v": 1})
# Caches.
add("cache_using_other", C + '{% cache 500 frag using="other" %}[{{ v }}]{% endcache %}', {"v": 1},
    renders=[R(v=2)])
add("cache_using_variable", C + "{% cache 500 frag v using=name %}[{{ v }}]{% endcache %}",
    {"v": 1, "name": "other"}, renders=[R(v=1, name="default"), R(v=1, name="other")])
add("cache_using_default_explicit", C + "{% cache 500 frag using='default' %}[{{ v }}]{% endcache %}",
    {"v": 1}, renders=[R(v=2)])
add("cache_same_name_two_caches", C + '{% cache 500 frag using="other" %}A{{ v }}{% endcache %}|'
    "{% cache 500 frag %}B{{ v }}{% endcache %}", {"v": 1}, renders=[R(v=2)])
add("cache_same_name_twice_in_template", C + "{% cache 500 frag %}A{{ v }}{% endcache %}|"
    "{% cache 500 frag %}B{{ v }}{% endcache %}", {"v": 1})
add("cache_using_only_argument_is_fragment_name", C + '{% cache 500 using="other" %}[{{ v }}]{% endcache %}',
    {"v": 1}, renders=[R(v=2)])
add("cache_error_using_unknown_cache", C + '{% cache 500 frag using="nope" %}x{% endcache %}', {})
add("cache_error_using_missing_variable", C + "{% cache 500 frag using=name %}x{% endcache %}", {})
add("cache_error_using_filter_missing_argument", C + "{% cache 500 frag using=name|add:m %}x{% endcache %}",
    {"name": "oth"})
add("cache_error_using_template_fragments_alias", C + '{% cache 500 frag using="template_fragments" %}x'
    "{% endcache %}", {})
# Fragment names and syntax.
add("cache_fragment_name_quoted", C + '{% cache 500 "frag" %}[{{ v }}]{% endcache %}', {"v": 1},
    renders=[R(v=2)])
add("cache_fragment_name_non_ascii", C + "{% cache 500 fragé.日本 %}[{{ v }}]{% endcache %}", {"v": 1})
add("cache_fragment_name_looks_like_variable", C + "{% cache 500 v %}[{{ v }}]{% endcache %}", {"v": 1},
    renders=[R(v=2)])
add("cache_error_one_argument", C + "{% cache 500 %}x{% endcache %}", {})
add("cache_error_no_argument", C + "{% cache %}x{% endcache %}", {})
add("cache_error_unclosed", C + "{% cache 500 frag %}x", {})
add("cache_error_unclosed_and_too_few_arguments", C + "{% cache 500 %}x", {})
add("cache_error_without_load", "{% cache 500 frag %}x{% endcache %}", {})
add("cache_error_wrong_end_tag", C + "{% cache 500 frag %}x{% endblock %}", {})
# Content.
add("cache_nested", C + "{% cache 500 outer w %}<{% cache 500 inner v %}{{ v }}{% endcache %}|{{ w }}>"
    "{% endcache %}", {"v": 1, "w": 1}, renders=[R(v=2, w=1), R(v=1, w=2), R(v=3, w=3)])
add("cache_escaped_fragment", C + "{% cache 500 frag %}{{ s }}|{{ safe }}{% endcache %}",
    {"s": "<a&'\">", "safe": SAFE("<b>")}, renders=[{"context": {"s": "x", "safe": "y"}}])
add("cache_escaped_fragment_autoescape_off", C + "{% cache 500 frag %}{{ s }}{% endcache %}",
    {"s": "<a&b>"}, autoescape=False, renders=[R(s="x")])
add("cache_fragment_then_escape_filter", C + "{% cache 500 frag %}{{ s }}{% endcache %}"
    "{% cache 500 frag2 %}{% autoescape off %}{{ s }}{% endautoescape %}{% endcache %}", {"s": "<i>"})
add("cache_empty_fragment_is_cached", C + "{% cache 500 frag %}{{ v }}{% endcache %}", {},
    renders=[R(v=1)])
add("cache_in_for_loop", C + "{% for x in xs %}{% cache 500 frag x %}{{ x }}{{ forloop.counter }};"
    "{% endcache %}{% endfor %}", {"xs": [1, 2, 1, "1"]})
add("cache_with_localize", "{% load cache l10n %}{% cache 500 frag %}{{ f }}|{% localize off %}{{ f }}"
    "{% endlocalize %}{% endcache %}", {"f": 1234.5}, lang="de", sep=True, renders=[R(f=1.5)])
add("cache_inside_localize_off", "{% load cache l10n %}{% localize off %}{% cache 500 frag %}{{ f }}"
    "{% endcache %}{% endlocalize %}|{% cache 500 frag %}{{ f }}{% endcache %}", {"f": 1234.5}, lang="de")
add("cache_with_timezone", "{% load cache tz %}{% cache 500 frag %}{{ a }}{% endcache %}|"
    '{% timezone "Asia/Tokyo" %}{% cache 500 frag %}{{ a }}{% endcache %}{% endtimezone %}',
    {"a": AWARE}, use_tz=True)
add("cache_vary_and_using", C + '{% cache 500 frag v using="other" %}[{{ v }}]{% endcache %}', {"v": "é"},
    renders=[R(v="e"), R(v="é")])
add("cache_include_inside", None, {"v": 1}, name="outer", templates={
    "outer": C + "{% cache 500 frag %}{% include 'inner' %}{% endcache %}", "inner": "[{{ v }}]"},
    renders=[R(v=2)])

# make_template_fragment_key called directly: (fragment name, vary_on).
DIRECT_KEYS = [
    ("frag", None), ("frag", []), ("frag", [1]), ("frag", ["1"]), ("frag", [1.0]), ("frag", [""]),
    ("frag", ["é"]), ("frag", ["日本語", 2]), ("frag", [1, "x"]), ("frag", ["1:x"]), ("frag", [None]),
    ("frag", [True]), ("frag", [[1, 2]]), ("frag", [1234567890123456789]), ("frag", [-0.0]),
    ("frag", [DEC("1.50")]), ("frag", [DATE("2024-03-05")]), ("fragé", []), ("a.b", [" "]),
]


# ---- rendering -------------------------------------------------------------

CACHE_SETS = []  # (alias, key, timeout) of each LocMemCache.set, in order
_alias_of_store = {}
_locmem_set = LocMemCache.set


def _recording_set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
    CACHE_SETS.append([_alias_of_store.get(id(self._cache), "?"), key, timeout])
    return _locmem_set(self, key, value, timeout, version)


LocMemCache.set = _recording_set
for alias in CACHES:
    _alias_of_store[id(caches[alias]._cache)] = alias


def outcome(exc):
    return {"error": type(exc).__name__, "message": str(exc)}


def render_case(case):
    """Renders a case: returns (phase, [expect of each render], cache_sets)."""
    s = case["settings"]
    contexts = [case["context"]] + [r["context"] for r in case["_renders"]]
    with override_settings(TIME_ZONE=s["TIME_ZONE"], USE_TZ=s["USE_TZ"],
                           USE_THOUSAND_SEPARATOR=s["USE_THOUSAND_SEPARATOR"]):
        with translation.override(s["language"]), timezone.override(s["current_timezone"]):
            for alias in CACHES:
                caches[alias].clear()
            del CACHE_SETS[:]
            engine = Engine(loaders=[("django.template.loaders.locmem.Loader", case["templates"])],
                            libraries=LIBRARIES, debug=False,
                            string_if_invalid=case["options"]["string_if_invalid"],
                            autoescape=case["options"]["autoescape"])
            try:
                template = engine.get_template(case["name"])
            except Exception as exc:
                return "compile", [outcome(exc)], []
            expects = []
            for context in contexts:
                try:
                    out = template.render(Context(to_python(context), autoescape=engine.autoescape))
                    expects.append({"output": str(out)})
                except Exception as exc:
                    expects.append(outcome(exc))
            return "render", expects, [list(x) for x in CACHE_SETS]


@contextlib.contextmanager
def django5_zones():
    """Django 4.x/5.x time zone handling on top of 3.2: zoneinfo zones instead
    of pytz ones (default and current zone, the timezone filter and tag), and
    TimeFormat dropping the zone of an ambiguous or imaginary datetime."""
    @functools.lru_cache()
    def get_default_timezone():
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)

    def activate(tz):
        if isinstance(tz, dt.tzinfo):
            timezone._active.value = tz
        elif isinstance(tz, str):
            timezone._active.value = zoneinfo.ZoneInfo(tz)
        else:
            raise ValueError("Invalid timezone: %r" % tz)

    def do_timezone(value, arg):  # django/templatetags/tz.py of Django 5.x
        if not isinstance(value, dt.datetime):
            return ""
        try:
            if timezone.is_naive(value):
                value = timezone.make_aware(value, timezone.get_default_timezone())
        except Exception:
            return ""
        if isinstance(arg, dt.tzinfo):
            tz = arg
        elif isinstance(arg, str):
            try:
                tz = zoneinfo.ZoneInfo(arg)
            except zoneinfo.ZoneInfoNotFoundError:
                return ""
        else:
            return ""
        result = timezone.localtime(value, tz)
        result = tz_library.datetimeobject(result.year, result.month, result.day, result.hour,
                                           result.minute, result.second, result.microsecond, result.tzinfo)
        result.convert_to_local_time = False
        return result

    def tf_init(self, obj):
        self.data = obj
        self.timezone = None
        if isinstance(obj, dt.datetime):
            tz = get_default_timezone() if timezone.is_naive(obj) else obj.tzinfo
            if not timezone._datetime_ambiguous_or_imaginary(obj, tz):
                self.timezone = tz

    def offset(self):
        off = self.timezone.utcoffset(self.data)
        return off.days * 86400 + off.seconds

    def O(self):  # noqa: E743
        if self.timezone is None:
            return ""
        seconds = offset(self)
        return "%s%02d%02d" % ("-" if seconds < 0 else "+", abs(seconds) // 3600, (abs(seconds) // 60) % 60)

    patches = [
        (timezone, "get_default_timezone", get_default_timezone),
        (dateformat, "get_default_timezone", get_default_timezone),
        (timezone, "activate", activate),
        (timezone, "utc", dt.timezone.utc),
        (tz_library, "do_timezone", do_timezone),
        (dateformat.TimeFormat, "__init__", tf_init),
        (dateformat.TimeFormat, "O", O),
        (dateformat.TimeFormat, "T", lambda self: "" if self.timezone is None
         else str(self.timezone.tzname(self.data))),
        (dateformat.TimeFormat, "Z", lambda self: "" if self.timezone is None else offset(self)),
        (dateformat.DateFormat, "I", lambda self: "" if self.timezone is None
         else ("1" if self.timezone.dst(self.data) else "0")),
    ]
    with contextlib.ExitStack() as stack:
        for target, attr, value in patches:
            stack.enter_context(mock.patch.object(target, attr, value))
        stack.enter_context(mock.patch.dict(tz_library.register.filters, {"timezone": do_timezone}))
        timezone.deactivate()
        yield
    timezone.get_default_timezone.cache_clear()


def main():
    warnings.simplefilter("ignore")  # CacheKeyWarning for non-ASCII keys
    results = [render_case(case) for case in CASES]
    with django5_zones():
        results_zoneinfo = [render_case(case) for case in CASES]

    cases = []
    for case, (phase, expects, sets), (_, expects5, _) in zip(CASES, results, results_zoneinfo):
        out = {k: v for k, v in case.items() if not k.startswith("_")}
        out["phase"] = phase
        out["expect"] = expects[0]
        if case["_renders"] and phase == "render":
            out["renders"] = [{"context": r["context"], "expect": e}
                              for r, e in zip(case["_renders"], expects[1:])]
        if "cache" in case["loads"]:
            out["cache_sets"] = sets
        if case["_fragment_keys"] is not None:
            out["fragment_keys"] = [
                {"fragment_name": "frag", "vary_on": vary,
                 "key": make_template_fragment_key("frag", to_python(vary))}
                for vary in case["_fragment_keys"]]
        if expects5[0] != expects[0]:
            out["expect_zoneinfo"] = expects5[0]
        if expects5[1:] != expects[1:]:
            out["renders_expect_zoneinfo"] = expects5[1:]
        cases.append(out)

    doc = {
        "about": "Cases for Django's l10n, tz and cache template tag libraries, recorded by "
                 "tests/libraries/record.py from Debian's Django 3.2 with USE_I18N and USE_L10N on "
                 "(as Django 5.2 always localizes). Each case: templates (name -> source), the template "
                 "to render (name), its context as tagged JSON, engine options, the settings in force, "
                 "and the expected output or error class and message. phase is 'compile' when the error "
                 "came from Engine.get_template, else 'render'.",
        "django_version": django.get_version(),
        "recorded_at": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        "notes": [
            "A $datetime with an offset is aware, in a fixed-offset zone whose name (date format 'e') "
            "is +HHMM (django.utils.timezone.get_fixed_timezone), as in weft's Django corpus.",
            "settings.current_timezone is the zone activated for the render (timezone.override); "
            "TIME_ZONE the default zone; language the active language (translation.override).",
            "The engine registers only the libraries l10n, tz and cache (Engine(libraries=...)).",
            "CACHES holds two LocMemCache backends, 'default' and 'other' (no 'template_fragments'), "
            "cleared before each case.",
            "renders: further renders of the same template with the same engine and caches; the first "
            "render is the case's own context and expect.",
            "cache_sets: every cache.set made during all the case's renders, in order, as "
            "[cache alias, key, timeout as passed (null: no expiry)].",
            "fragment_keys (in a case, and at the top level): make_template_fragment_key(fragment_name, "
            "vary_on) for tagged vary_on values (null: vary_on=None).",
            "expect_zoneinfo (and renders_expect_zoneinfo): present only where Django 3.2 with zoneinfo "
            "zones and Django 5.x's TimeFormat zone rules patched in renders differently from stock "
            "3.2 (pytz). Django 5.x uses zoneinfo, so these are what it is expected to give.",
        ],
        "fragment_keys": [
            {"fragment_name": name, "vary_on": vary,
             "key": make_template_fragment_key(name, None if vary is None else to_python(vary))}
            for name, vary in DIRECT_KEYS],
        "cases": cases,
    }
    with open(os.path.join(HERE, "cases.json"), "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1, ensure_ascii=True)
        f.write("\n")
    counts = {}
    for case in cases:
        counts[case["test"]] = counts.get(case["test"], 0) + 1
    print("wrote %d cases %s, %d differ with zoneinfo" % (
        len(cases), counts, sum("expect_zoneinfo" in c or "renders_expect_zoneinfo" in c for c in cases)))


if __name__ == "__main__":
    main()
