"""Builds weft._weft from the same C sources as the library (src/**/*.c),
with the library's warnings, and the pure-Python package weft.

    /usr/bin/python3 -m venv --system-site-packages .venv
    .venv/bin/pip install --no-build-isolation --no-index .

Intermediate files go to python/build/, not build/ (CMake's).
"""
import glob
import os

from setuptools import Extension, setup

HERE = os.path.dirname(os.path.abspath(__file__))


def sources(pattern):
    # setuptools wants paths relative to setup.py.
    return sorted(os.path.relpath(p, HERE) for p in glob.glob(os.path.join(HERE, pattern), recursive=True))


weft_ext = Extension(
    "weft._weft",
    sources=sources("python/_weft/*.c") + sources("src/**/*.c"),
    include_dirs=["include", "src"],
    define_macros=[("_GNU_SOURCE", None)],
    libraries=["utf8proc", "md", "m", "pthread"],
    extra_compile_args=[
        "-std=c11",
        "-Wall",
        "-Wextra",
        "-Werror",
        "-Wno-unused-parameter",
        # Only PyInit__weft is exported: the library's names stay private.
        "-fvisibility=hidden",
    ],
    depends=sources("python/_weft/*.h") + sources("src/**/*.h") + ["include/weft.h"],
)

setup(
    package_dir={"": "python"},
    packages=["weft"],
    ext_modules=[weft_ext],
    zip_safe=False,
    options={
        "build": {"build_base": "python/build"},
        "egg_info": {"egg_base": "python"},
        "build_ext": {"parallel": os.cpu_count() or 1},
    },
)
