"""The one compiled part: the loop over a PDF page's characters (readers/_pdfium_chars.c).

Optional: where no C compiler is at hand the install goes on without it, and readers/pdfium.py runs the same
loop in Python (same records, slower).  Everything else is in pyproject.toml.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "reportparse.readers._pdfium_chars",
            ["src/reportparse/readers/_pdfium_chars.c"],
            # no fused multiply-add: the boxes must round as Python's arithmetic does (see the .c file)
            extra_compile_args=["-O2", "-ffp-contract=off"],
            optional=True,
        )
    ]
)
