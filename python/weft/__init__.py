"""weft: the Django template language, compiled once and rendered from any
number of threads, as a CPython extension.

    >>> import weft
    >>> engine = weft.Engine(templates={"hello.html": "Hello {{ name }}!"})
    >>> engine.get_template("hello.html").render({"name": "<world>"})
    'Hello &lt;world&gt;!'

Context values stay Python objects until a lookup reaches them.
"""

__all__ = [
    "Engine",
    "Template",
    "TemplateError",
    "TemplateSyntaxError",
    "TemplateDoesNotExist",
    "VariableDoesNotExist",
]


class TemplateError(Exception):
    """Base of weft's errors. Attributes (set by the engine; None when the
    error has no such information): kind (the Django exception name, e.g.
    "TemplateSyntaxError"), template_name, lineno and column (1-based),
    snippet (the source line), snippet_column, formatted (the message with
    the source line and a caret)."""

    kind = None
    template_name = None
    lineno = None
    column = None
    snippet = None
    snippet_column = None
    formatted = None


class TemplateSyntaxError(TemplateError):
    """The template does not compile."""


class TemplateDoesNotExist(TemplateError):
    """No loader found the template."""


class VariableDoesNotExist(TemplateError):
    """A variable a tag needed was not found."""


def _builtin_error(name, base):
    return type(name, (TemplateError, base), {"__module__": __name__,
                                              "__doc__": "A template error that is also a %s." % base.__name__})


# The engine's error kinds (weft_error_kind_name) -> the class raised. The C
# module reads this dict when it is imported: it must exist before the
# import of ._weft below.
_ERROR_CLASSES = {
    "TemplateSyntaxError": TemplateSyntaxError,
    "TemplateDoesNotExist": TemplateDoesNotExist,
    "VariableDoesNotExist": VariableDoesNotExist,
    "ValueError": _builtin_error("TemplateValueError", ValueError),
    "TypeError": _builtin_error("TemplateTypeError", TypeError),
    "AttributeError": _builtin_error("TemplateAttributeError", AttributeError),
    "ZeroDivisionError": _builtin_error("TemplateZeroDivisionError", ZeroDivisionError),
    "OverflowError": _builtin_error("TemplateOverflowError", OverflowError),
    "OSError": _builtin_error("TemplateOSError", OSError),
}

from ._weft import Engine, Template  # noqa: E402  (needs the classes above)
