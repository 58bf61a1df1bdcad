"""A Django TEMPLATES backend that renders with weft.

A project switches by changing one line of its settings::

    TEMPLATES = [{
        "BACKEND": "weft.django.WeftTemplates",   # was django.template.backends.django.DjangoTemplates
        "DIRS": [...],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": [...]},
    }]

WeftTemplates is a DjangoTemplates: it still builds Django's own
``self.engine`` (a django.template.Engine) from the same settings, so
Django's checks, ``Engine.get_default()`` and the context processors keep
working, and so that engine can later serve as the fallback. Templates are
compiled and rendered by one weft engine built from the same directories
(DIRS, then the apps' ``templates`` directories when APP_DIRS is true, in
Django's order) and options.

OPTIONS understood besides Django's: ``auto_reload`` (default: ``debug``):
re-read template files on every get_template, as Django does when debug is
on (no cached loader).

TODO, the next steps (not built yet):
  * custom tag and filter libraries written in Python (OPTIONS "libraries"
    and "builtins", and the apps' templatetags packages) - they are passed to
    Django's engine but weft cannot run them yet;
  * the fallback to Django's engine (self.engine) for templates weft cannot
    compile (unknown tags / libraries);
  * ``template_debug`` on exceptions when ``debug`` is on (Django's technical
    500 page reads it);
  * the active language / time zone per render (translation.get_language(),
    timezone.get_current_timezone_name()) instead of settings.LANGUAGE_CODE /
    settings.TIME_ZONE fixed at engine creation, and USE_L10N;
  * auto_reload by modification time instead of a fresh weft engine per
    get_template (needs cache invalidation from the C engine);
  * custom OPTIONS "loaders" other than Django's filesystem /
    app_directories / cached loaders.
"""

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, SuspiciousFileOperation
from django.forms.renderers import BaseRenderer, EngineMixin
from django.template import TemplateDoesNotExist as DjangoTemplateDoesNotExist
from django.template import TemplateSyntaxError as DjangoTemplateSyntaxError
from django.template.backends.django import DjangoTemplates
from django.template.base import UNKNOWN_SOURCE, Origin
from django.template.base import VariableDoesNotExist as DjangoVariableDoesNotExist
from django.template.utils import get_app_template_dirs
from django.utils._os import safe_join
from django.utils.safestring import mark_safe

import weft
from weft import _weft

__all__ = ["WeftTemplates", "WeftRenderer", "Template"]

# weft's error attributes, copied onto the Django exceptions raised instead.
_ERROR_ATTRIBUTES = ("kind", "template_name", "lineno", "column", "snippet", "snippet_column", "formatted")

_STANDARD_LOADERS = {
    "django.template.loaders.filesystem.Loader",
    "django.template.loaders.app_directories.Loader",
    "django.template.loaders.cached.Loader",
}


def _loader_paths(loaders):
    """Yield every loader path in a Django "loaders" option (cached loaders nest)."""
    for loader in loaders:
        if isinstance(loader, (tuple, list)):
            path, *args = loader
            yield path
            if path == "django.template.loaders.cached.Loader" and args:
                yield from _loader_paths(args[0])
        else:
            yield loader


class WeftTemplates(DjangoTemplates):
    app_dirname = "templates"

    def __init__(self, params):
        params = params.copy()
        options = dict(params.get("OPTIONS", {}))
        # Options Django's Engine does not know must not reach it: its
        # __init__ takes explicit keywords and raises TypeError otherwise.
        auto_reload = options.pop("auto_reload", None)
        params["OPTIONS"] = options
        super().__init__(params)

        loaders = options.get("loaders")
        self._extra_app_dirs = ()
        if loaders is not None:
            paths = list(_loader_paths(loaders))
            unknown = [p for p in paths if p not in _STANDARD_LOADERS]
            if unknown:
                raise ImproperlyConfigured(
                    "weft.django.WeftTemplates supports only Django's filesystem, app_directories and "
                    "cached loaders, not: %s" % ", ".join(map(str, unknown)))
            if "django.template.loaders.app_directories.Loader" in paths:
                self._extra_app_dirs = get_app_template_dirs(self.app_dirname)

        charset = (self.engine.file_charset or "utf-8").lower().replace("_", "-")
        if charset not in ("utf-8", "utf8"):
            raise ImproperlyConfigured("weft reads templates as UTF-8 only, not file_charset=%r"
                                       % self.engine.file_charset)
        if not isinstance(self.engine.string_if_invalid, str):
            raise ImproperlyConfigured("string_if_invalid must be a str")

        self.debug = self.engine.debug
        self.auto_reload = self.debug if auto_reload is None else bool(auto_reload)
        self.weft_dirs = tuple(str(d) for d in self.template_dirs) + tuple(
            str(d) for d in self._extra_app_dirs if d not in self.template_dirs)
        self.weft_engine = self._new_weft_engine()

    def _new_weft_engine(self):
        return _weft.Engine(
            self.weft_dirs,
            autoescape=bool(self.engine.autoescape),
            string_if_invalid=self.engine.string_if_invalid,
            language=settings.LANGUAGE_CODE,
            time_zone=settings.TIME_ZONE or "UTC",
            use_tz=bool(settings.USE_TZ),
        )

    def _current_weft_engine(self):
        # weft's engine caches compiled templates for its lifetime; with
        # auto_reload a fresh engine re-reads the files (and what they
        # include / extend), like Django's uncached loaders in debug mode.
        if self.auto_reload:
            self.weft_engine = self._new_weft_engine()
        return self.weft_engine

    # -- locating files, for Origin and TemplateDoesNotExist.tried ------------

    def _candidates(self, template_name):
        """(path) for each directory, as Django's filesystem loader tries them."""
        for template_dir in self.weft_dirs:
            try:
                yield safe_join(template_dir, template_name)
            except SuspiciousFileOperation:
                continue

    def _find(self, template_name):
        """Return (path or None, tried) for template_name."""
        tried = []
        for path in self._candidates(template_name):
            if os.path.isfile(path):
                return path, tried
            tried.append((Origin(name=path, template_name=template_name), "Source does not exist"))
        return None, tried

    def _does_not_exist(self, template_name):
        _, tried = self._find(template_name)
        return DjangoTemplateDoesNotExist(template_name, tried=tried, backend=self)

    # -- the backend API -----------------------------------------------------

    def from_string(self, template_code):
        engine = self._current_weft_engine()
        try:
            compiled = engine.from_string(template_code, name=UNKNOWN_SOURCE)
        except weft.TemplateError as exc:
            _reraise(exc, self)
        return Template(compiled, self, Origin(UNKNOWN_SOURCE))

    def get_template(self, template_name):
        engine = self._current_weft_engine()
        try:
            compiled = engine.get_template(template_name)
        except weft.TemplateDoesNotExist as exc:
            raise self._does_not_exist(template_name) from exc
        except weft.TemplateError as exc:
            _reraise(exc, self)
        path, _ = self._find(template_name)
        origin = Origin(name=path if path is not None else template_name, template_name=template_name)
        return Template(compiled, self, origin)


class Template:
    """A weft template behind Django's backend Template API."""

    def __init__(self, template, backend, origin=None):
        self.template = template
        self.backend = backend
        self.origin = origin if origin is not None else Origin(UNKNOWN_SOURCE)

    @property
    def name(self):
        return self.origin.template_name

    def render(self, context=None, request=None):
        context = make_context(context, request, self.backend)
        try:
            return mark_safe(self.template.render(context))
        except weft.TemplateError as exc:
            _reraise(exc, self.backend)

    def __repr__(self):
        return "<weft.django.Template %r>" % (self.origin.template_name or self.origin.name)


def make_context(context, request, backend):
    """The dict weft renders, built as django.template.context.make_context
    builds a (Request)Context: the context processors' dicts (in order, later
    ones win) under the view's context (whose keys win)."""
    if context is not None and not isinstance(context, dict):
        raise TypeError("context must be a dict rather than %s." % context.__class__.__name__)
    if request is None:
        return dict(context) if context else {}
    flat = {}
    # Includes django.template.context_processors.csrf (csrf_token).
    for processor in backend.engine.template_context_processors:
        flat.update(processor(request))
    if context:
        flat.update(context)
    return flat


def _copy_attributes(exc, new):
    for attr in _ERROR_ATTRIBUTES:
        setattr(new, attr, getattr(exc, attr, None))
    return new


def _reraise(exc, backend):
    """Raise the Django exception for a weft.TemplateError (chained to it)."""
    if isinstance(exc, weft.TemplateDoesNotExist):
        # weft's message is the missing template's name (or, for an
        # {% include %} of an empty name, Django's own message).
        name = str(exc)
        if name == "No template names provided":
            new = DjangoTemplateDoesNotExist(name, backend=backend)
        else:
            new = backend._does_not_exist(name)
    elif isinstance(exc, weft.TemplateSyntaxError):
        new = DjangoTemplateSyntaxError(str(exc))
    elif isinstance(exc, weft.VariableDoesNotExist):
        # Django formats msg % params in __str__; pass the text as a param so
        # a "%" in it is kept as is.
        new = DjangoVariableDoesNotExist("%s", (str(exc),))
    else:
        # weft's TemplateValueError etc. are already ValueError, TypeError...
        raise exc
    raise _copy_attributes(exc, new) from exc


class WeftRenderer(EngineMixin, BaseRenderer):
    """A form renderer (settings.FORM_RENDERER = "weft.django.WeftRenderer")
    that renders Django's form and widget templates (django/forms/templates)
    and the apps' templates folders through weft, as
    django.forms.renderers.DjangoTemplates does through Django's engine."""

    backend = WeftTemplates
