"""Helpers for test_django_backend.py: Django settings with a weft backend
next to a DjangoTemplates backend, and a context processor."""

PROCESSOR = "django_settings.site_processor"


def site_processor(request):
    """A context processor: two keys, one the view overrides in the tests."""
    return {"site_name": "Example <site>", "greeting": "from processor", "path": request.path}


def templates_setting(dirs):
    options = {"context_processors": [PROCESSOR]}
    return [
        {"BACKEND": "weft.django.WeftTemplates", "NAME": "weft", "DIRS": list(dirs), "APP_DIRS": True,
         "OPTIONS": dict(options)},
        {"BACKEND": "django.template.backends.django.DjangoTemplates", "NAME": "django",
         "DIRS": list(dirs), "APP_DIRS": True, "OPTIONS": dict(options)},
    ]


def configure(dirs):
    """Configure Django once; return False when it was already configured
    by someone else (the tests then skip)."""
    import django
    from django.conf import settings

    if settings.configured:
        return any(t.get("BACKEND") == "weft.django.WeftTemplates" for t in settings.TEMPLATES)
    settings.configure(
        DEBUG=False,
        SECRET_KEY="weft-tests",
        INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth"],
        TEMPLATES=templates_setting(dirs),
        USE_TZ=True,
        TIME_ZONE="UTC",
        LANGUAGE_CODE="en-us",
        USE_I18N=True,
        USE_L10N=False,
    )
    django.setup()
    return True
