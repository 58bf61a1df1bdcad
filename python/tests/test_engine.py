import threading

import pytest

import weft


def test_from_string_name():
    e = weft.Engine()
    assert e.from_string("x").name == "<string>"
    assert e.from_string("x", name="mine.html").name == "mine.html"


def test_in_memory_templates_and_include():
    e = weft.Engine(templates={"base.html": "<{% block b %}base{% endblock %}>",
                               "child.html": "{% extends 'base.html' %}{% block b %}{{ v }}{% endblock %}",
                               "inc.html": "[{% include 'part.html' %}]", "part.html": "{{ v }}"})
    t = e.get_template("child.html")
    assert t.name == "child.html"
    assert t.render({"v": "child"}) == "<child>"
    assert e.get_template("inc.html").render({"v": 3}) == "[3]"


def test_directory_templates(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "page.html").write_text("Hello {{ who }}", encoding="utf-8")
    e = weft.Engine([tmp_path])
    assert e.get_template("sub/page.html").render({"who": "dir"}) == "Hello dir"


def test_directory_order(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    (a / "t.html").write_text("from a")
    (b / "t.html").write_text("from b")
    (b / "only_b.html").write_text("b only")
    e = weft.Engine([str(a), str(b)])
    assert e.get_template("t.html").render() == "from a"
    assert e.get_template("only_b.html").render() == "b only"


def test_options():
    e = weft.Engine(autoescape=False, string_if_invalid="INVALID")
    assert e.from_string("{{ s }} {{ missing }}").render({"s": "<b>"}) == "<b> INVALID"


def test_bad_option_types():
    with pytest.raises(TypeError):
        weft.Engine("not-a-list-of-dirs")
    with pytest.raises(TypeError):
        weft.Engine(templates={"a": 1})


def test_template_survives_engine():
    t = weft.Engine(templates={"a": "{{ x }}"}).get_template("a")
    assert t.render({"x": 1}) == "1"


def test_render_from_8_threads():
    e = weft.Engine(templates={
        "row.html": "<li>{{ item.name|upper }}:{{ item.n }}</li>",
        "page.html": "{% for item in items %}{% cycle 'odd' 'even' %}{% include 'row.html' %}"
                     "{% ifchanged item.n %}!{% endifchanged %}{% endfor %}"
                     "{{ obj.attr }}",
    })
    t = e.get_template("page.html")

    class O:
        attr = "attr"

    def context():
        return {"items": [{"name": "n%d" % i, "n": i // 3} for i in range(200)], "obj": O()}

    expected = t.render(context())
    assert expected.count("<li>") == 200
    results = [None] * 8
    errors = []
    barrier = threading.Barrier(8)

    def worker(k):
        try:
            barrier.wait()
            outs = {t.render(context()) for _ in range(25)}
            results[k] = outs
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    assert all(r == {expected} for r in results)


def test_compile_from_8_threads():
    e = weft.Engine(templates={"t%d" % i: "{{ x }}-%d" % i for i in range(8)})
    out = [None] * 8

    def worker(k):
        out[k] = e.get_template("t%d" % k).render({"x": k})

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert out == ["%d-%d" % (k, k) for k in range(8)]
