"""Builds Reach's one compiled module, the plain-CSV reader (returns/ingest/native/csvscan.c).

`make install` runs `python setup.py build_ext --inplace`, which puts the module beside
returns/ingest/reader.py. Nothing else of Reach is built or packaged.
"""

from setuptools import Extension, setup

WARNINGS = [
    "-Wall",
    "-Wextra",
    "-Werror",
    "-Wno-unused-parameter",
    "-Wno-missing-field-initializers",
]

setup(
    name="reach",
    packages=[],
    ext_modules=[
        Extension(
            "returns.ingest._csvscan",
            sources=["returns/ingest/native/csvscan.c"],
            extra_compile_args=["-O2", "-std=gnu11", "-pthread", *WARNINGS],
            extra_link_args=["-pthread"],
        )
    ],
)
