"""weft.django.WeftTemplates as a Django TEMPLATES backend, compared with
Django's own DjangoTemplates configured alongside on the same directories."""

import re

import pytest

django = pytest.importorskip("django")

import django_settings  # noqa: E402  (python/tests helper)

TEMPLATES = {
    "vars.html": "Hello {{ name }}, {{ user.first }} {{ items.1 }} {{ missing }}!",
    "filters.html": "{{ name|upper }} {{ n|floatformat:2 }} {{ items|join:', ' }} {{ text|truncatewords:2 }} "
                    "{{ empty|default:'none' }} {{ items|length }}",
    "loops.html": "{% for i in items %}{{ forloop.counter }}:{{ i }}{% if not forloop.last %},{% endif %}"
                  "{% empty %}nothing{% endfor %}|{% if n > 3 and name %}big{% elif n %}small{% else %}zero{% endif %}",
    "include.html": "[{% include 'part.html' with who=name %}]",
    "part.html": "part for {{ who }}",
    "base.html": "<title>{% block title %}Base{% endblock %}</title>{% block body %}{% endblock %}",
    "child.html": "{% extends 'base.html' %}{% block title %}{{ block.super }} - {{ name }}{% endblock %}"
                  "{% block body %}<p>{{ text }}</p>{% endblock %}",
    "escape.html": "{{ raw }} {{ safe }} {% autoescape off %}{{ raw }}{% endautoescape %} {{ raw|safe }}",
    "request.html": "{{ site_name }}|{{ greeting }}|{{ path }}|{{ name }}",
    "csrf.html": "<form>{% csrf_token %}</form>",
    "broken.html": "{% if %}oops{% endif %}",
    "include_missing.html": "{% include 'not_there.html' %}",
    "sub/inner.html": "inner {{ name }}",
}

# django.contrib.auth's widget template includes this one from django.forms
# (not an installed app here): DIRS provide it, as a project would.
with open(django.__path__[0] + "/forms/templates/django/forms/widgets/attrs.html", encoding="utf-8") as f:
    TEMPLATES["django/forms/widgets/attrs.html"] = f.read()


@pytest.fixture(scope="session")
def template_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("weft_django_templates")
    for name, source in TEMPLATES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
    if not django_settings.configure([str(root)]):
        pytest.skip("Django settings were configured elsewhere without the weft backend")
    return root


@pytest.fixture
def engines(template_dir):
    from django.template import engines

    return engines["weft"], engines["django"]


def context():
    from django.utils.safestring import mark_safe

    class User:
        first = "Ada"

    return {
        "name": "<b>Bob</b>",
        "user": User(),
        "items": ["x", "<y>", "z"],
        "n": 3.14159,
        "text": "one two three four",
        "empty": "",
        "raw": "<i>&</i>",
        "safe": mark_safe("<i>&amp;</i>"),
    }


@pytest.mark.parametrize("name", ["vars.html", "filters.html", "loops.html", "include.html", "child.html",
                                  "escape.html", "sub/inner.html"])
def test_same_output_as_django(engines, name):
    weft_engine, django_engine = engines
    expected = django_engine.get_template(name).render(context())
    assert weft_engine.get_template(name).render(context()) == expected


def test_loader_functions_go_through_weft(template_dir):
    from django.template import loader

    import weft.django

    template = loader.get_template("vars.html")  # the first TEMPLATES entry is weft's
    assert isinstance(template, weft.django.Template)
    assert template.backend.name == "weft"
    assert template.origin.name == str(template_dir / "vars.html")
    assert template.origin.template_name == "vars.html"
    assert loader.render_to_string("vars.html", context()) == \
        loader.render_to_string("vars.html", context(), using="django")
    assert loader.render_to_string("child.html", {"name": "N", "text": "T"}) == \
        "<title>Base - N</title><p>T</p>"


def test_app_dirs(engines):
    # django.contrib.auth ships templates; APP_DIRS finds them in both backends.
    weft_engine, django_engine = engines
    name = "auth/widgets/read_only_password_hash.html"
    ctx = {"summary": [{"label": "algorithm", "value": "pbkdf2 <sha256>"}, {"label": "salt"}],
           "widget": {"attrs": {"id": "id_<pw>", "required": True, "disabled": False}}}
    assert weft_engine.get_template(name).render(ctx) == django_engine.get_template(name).render(ctx)
    assert weft_engine.get_template(name).origin.name.endswith("contrib/auth/templates/" + name)


def test_render_returns_safestring(engines):
    from django.utils.safestring import SafeString

    weft_engine, _ = engines
    result = weft_engine.get_template("vars.html").render({"name": "x"})
    assert isinstance(result, SafeString)
    assert isinstance(weft_engine.from_string("{{ a }}").render({"a": 1}), SafeString)


def test_from_string(engines):
    from django.template.base import UNKNOWN_SOURCE

    weft_engine, django_engine = engines
    source = "{% for k in d %}{{ k }}={{ v|default:'-' }} {% endfor %}{{ s|escape }}"
    ctx = {"d": ["a", "b"], "s": "<&>"}
    template = weft_engine.from_string(source)
    assert template.origin.name == UNKNOWN_SOURCE
    assert template.render(ctx) == django_engine.from_string(source).render(ctx)


def test_non_dict_context_is_a_type_error(engines):
    from django.template import Context

    weft_engine, django_engine = engines
    for bad in (Context({"a": 1}), [("a", 1)]):
        with pytest.raises(TypeError) as weft_error:
            weft_engine.get_template("vars.html").render(bad)
        with pytest.raises(TypeError) as django_error:
            django_engine.get_template("vars.html").render(bad)
        assert str(weft_error.value) == str(django_error.value)
        assert str(weft_error.value) == "context must be a dict rather than %s." % type(bad).__name__


def test_template_does_not_exist(engines, template_dir):
    from django.template import TemplateDoesNotExist, loader

    weft_engine, django_engine = engines
    with pytest.raises(TemplateDoesNotExist) as weft_error:
        weft_engine.get_template("nope.html")
    with pytest.raises(TemplateDoesNotExist) as django_error:
        django_engine.get_template("nope.html")
    exc = weft_error.value
    assert exc.backend is weft_engine
    assert exc.args == ("nope.html",)
    assert exc.tried, "every directory tried is listed"
    assert exc.tried[0][0].name == str(template_dir / "nope.html")
    assert [(o.name, o.template_name, s) for o, s in exc.tried] == \
        [(o.name, o.template_name, s) for o, s in django_error.value.tried]
    assert all(status == "Source does not exist" for _, status in exc.tried)

    with pytest.raises(TemplateDoesNotExist) as chained:
        loader.get_template("nope.html")
    assert [e.backend.name for e in chained.value.chain] == ["weft", "django"]


def test_unsafe_name_is_not_found(engines):
    from django.template import TemplateDoesNotExist

    weft_engine, _ = engines
    with pytest.raises(TemplateDoesNotExist) as exc:
        weft_engine.get_template("../../../../etc/passwd")
    # safe_join refuses every directory: nothing was tried, as in Django.
    assert exc.value.tried == []


def test_missing_include_at_render(engines):
    from django.template import TemplateDoesNotExist

    weft_engine, django_engine = engines
    with pytest.raises(TemplateDoesNotExist) as weft_error:
        weft_engine.get_template("include_missing.html").render({})
    with pytest.raises(TemplateDoesNotExist) as django_error:
        django_engine.get_template("include_missing.html").render({})
    assert weft_error.value.args == django_error.value.args == ("not_there.html",)
    assert weft_error.value.backend is weft_engine
    # Django's cached loader (debug off) reports tried=[] here; weft lists
    # the directories it tried, as Django's uncached loaders do.
    assert [o.template_name for o, _ in weft_error.value.tried] == ["not_there.html"] * len(weft_engine.weft_dirs)


def test_syntax_error(engines):
    import weft
    from django.template import TemplateSyntaxError

    weft_engine, django_engine = engines
    with pytest.raises(TemplateSyntaxError) as weft_error:
        weft_engine.get_template("broken.html")
    with pytest.raises(TemplateSyntaxError) as django_error:
        django_engine.get_template("broken.html")
    exc = weft_error.value
    assert type(exc) is TemplateSyntaxError
    assert str(exc) == str(django_error.value)
    assert (exc.lineno, exc.column) == (1, 1)
    assert exc.snippet == TEMPLATES["broken.html"]
    assert isinstance(exc.__cause__, weft.TemplateSyntaxError)

    with pytest.raises(TemplateSyntaxError):
        weft_engine.from_string("{% for %}")


def test_variable_does_not_exist(engines):
    import weft
    from django.template.base import VariableDoesNotExist

    weft_engine, django_engine = engines
    # A missing filter argument raises in Django (and in weft).
    source = "{{ x|date:fmt }}"
    with pytest.raises(VariableDoesNotExist) as django_error:
        django_engine.from_string(source).render({"x": 1})
    with pytest.raises(VariableDoesNotExist) as weft_error:
        weft_engine.from_string(source).render({"x": 1})
    assert type(weft_error.value) is VariableDoesNotExist
    assert isinstance(weft_error.value.__cause__, weft.VariableDoesNotExist)
    # Django appends a dump of the context to the message; weft does not.
    assert str(weft_error.value) == "Failed lookup for key [fmt]"
    assert str(django_error.value).startswith("Failed lookup for key [fmt] in ")


def test_python_exceptions_propagate(engines):
    weft_engine, _ = engines

    class Boom(Exception):
        pass

    class Thing:
        @property
        def attr(self):
            raise Boom("from the context")

    with pytest.raises(Boom):
        weft_engine.from_string("{{ t.attr }}").render({"t": Thing()})


def test_request_and_context_processor(engines):
    from django.test import RequestFactory

    weft_engine, django_engine = engines
    request = RequestFactory().get("/some/path/")
    ctx = {"greeting": "from view", "name": "<N>"}
    weft_out = weft_engine.get_template("request.html").render(ctx, request)
    django_out = django_engine.get_template("request.html").render(ctx, request)
    assert weft_out == django_out
    # The processor's keys are under the view's: the view's "greeting" wins.
    assert weft_out == "Example &lt;site&gt;|from view|/some/path/|&lt;N&gt;"
    # Without a request, no processor runs.
    assert weft_engine.get_template("request.html").render(ctx) == "|from view||&lt;N&gt;"


def test_csrf_token(engines):
    from django.middleware.csrf import _unmask_cipher_token
    from django.test import RequestFactory

    weft_engine, django_engine = engines
    request = RequestFactory().get("/")
    weft_out = weft_engine.get_template("csrf.html").render({}, request)
    django_out = django_engine.get_template("csrf.html").render({}, request)
    pattern = r'<form><input type="hidden" name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"></form>'
    weft_match = re.fullmatch(pattern, weft_out)
    django_match = re.fullmatch(pattern, django_out)
    assert weft_match and django_match, (weft_out, django_out)
    # Each get_token() masks the same secret differently: compare secrets.
    assert _unmask_cipher_token(weft_match.group(1)) == _unmask_cipher_token(django_match.group(1))
    # No request: {% csrf_token %} renders nothing, as in Django.
    assert weft_engine.get_template("csrf.html").render({}) == django_engine.get_template("csrf.html").render({})


def test_auto_reload_option(template_dir):
    from django.template import engines as all_engines  # noqa: F401  (settings are configured)

    import weft.django

    params = {"NAME": "reload", "DIRS": [str(template_dir)], "APP_DIRS": False,
              "OPTIONS": {"auto_reload": True}}
    backend = weft.django.WeftTemplates(params)
    assert backend.auto_reload is True
    assert backend.engine.debug is False  # Django's engine never saw auto_reload
    path = template_dir / "reloaded.html"
    path.write_text("one {{ x }}", encoding="utf-8")
    assert backend.get_template("reloaded.html").render({"x": 1}) == "one 1"
    path.write_text("two {{ x }}", encoding="utf-8")
    assert backend.get_template("reloaded.html").render({"x": 1}) == "two 1"

    cached = weft.django.WeftTemplates({"NAME": "cached", "DIRS": [str(template_dir)], "APP_DIRS": False,
                                        "OPTIONS": {}})
    assert cached.auto_reload is False  # default: debug (False here)
    assert cached.get_template("reloaded.html").render({"x": 1}) == "two 1"
    path.write_text("three {{ x }}", encoding="utf-8")
    assert cached.get_template("reloaded.html").render({"x": 1}) == "two 1"


def test_unknown_option_still_rejected(template_dir):
    import weft.django

    with pytest.raises(TypeError):
        weft.django.WeftTemplates({"NAME": "bad", "DIRS": [], "APP_DIRS": False, "OPTIONS": {"bogus": 1}})


def test_string_if_invalid_and_autoescape_options(template_dir):
    from django.template.backends.django import DjangoTemplates

    import weft.django

    source = "{{ missing }}|{{ html }}"
    ctx = {"html": "<a>"}
    for options in ({"string_if_invalid": "INVALID"}, {"autoescape": False}):
        params = {"NAME": "opts", "DIRS": [], "APP_DIRS": False, "OPTIONS": options}
        expected = DjangoTemplates(dict(params)).from_string(source).render(ctx)
        assert weft.django.WeftTemplates(dict(params)).from_string(source).render(ctx) == expected
