import pytest

import weft


def test_hierarchy():
    for cls in (weft.TemplateSyntaxError, weft.TemplateDoesNotExist, weft.VariableDoesNotExist):
        assert issubclass(cls, weft.TemplateError)
    assert issubclass(weft.TemplateError, Exception)


def test_syntax_error_position():
    source = "line one\nline two {% if %}\n"
    with pytest.raises(weft.TemplateSyntaxError) as info:
        weft.Engine().from_string(source, name="bad.html")
    err = info.value
    assert err.kind == "TemplateSyntaxError"
    assert err.template_name == "bad.html"
    assert err.lineno == 2
    assert err.column == 10
    assert "{% if %}" in err.snippet
    assert "bad.html:2" in err.formatted


def test_unknown_tag_line_number():
    with pytest.raises(weft.TemplateSyntaxError) as info:
        weft.Engine().from_string("a\nb\nc {% frobnicate %}")
    assert info.value.lineno == 3
    assert "frobnicate" in str(info.value)


def test_unclosed_block():
    with pytest.raises(weft.TemplateSyntaxError):
        weft.Engine().from_string("{% for x in y %}")


def test_syntax_error_in_loaded_template(tmp_path):
    (tmp_path / "broken.html").write_text("ok\n{{ x|nosuchfilter }}")
    with pytest.raises(weft.TemplateSyntaxError) as info:
        weft.Engine([tmp_path]).get_template("broken.html")
    assert info.value.template_name == "broken.html"
    assert info.value.lineno == 2


def test_missing_template(tmp_path):
    e = weft.Engine([tmp_path], templates={"a.html": "x"})
    with pytest.raises(weft.TemplateDoesNotExist) as info:
        e.get_template("nope.html")
    assert info.value.kind == "TemplateDoesNotExist"


def test_escaping_names_are_refused(tmp_path):
    (tmp_path / "secret.txt").write_text("secret")
    inner = tmp_path / "templates"
    inner.mkdir()
    e = weft.Engine([inner])
    for name in ("../secret.txt", str(tmp_path / "secret.txt")):
        with pytest.raises(weft.TemplateError):
            e.get_template(name)


def test_missing_include_at_render():
    t = weft.Engine(templates={"a": "{% include 'gone.html' %}"}).get_template("a")
    with pytest.raises(weft.TemplateDoesNotExist):
        t.render()


def test_python_exception_class_is_kept():
    class Custom(Exception):
        pass

    def f():
        raise Custom("x")

    t = weft.Engine().from_string("{{ f }}")
    with pytest.raises(Custom):
        t.render({"f": f})
    # The template still renders afterwards.
    assert t.render({"f": lambda: "fine"}) == "fine"


def test_engine_busy_after_freeze_is_not_exposed():
    # Configuration happens only in Engine(); a frozen engine keeps working.
    e = weft.Engine(templates={"a": "1"})
    e.get_template("a")
    assert e.from_string("2").render() == "2"
