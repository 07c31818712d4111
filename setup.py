"""The one compiled part: the loops over a PDF page's characters, objects and paths and two checks of a page's
characters (src/reportparse/_speedups.c).

Optional: where no C compiler is at hand the install goes on without it, and the same loops run in Python
(same records, slower; reportparse.speedups says which).  Everything else is in pyproject.toml.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "reportparse._speedups",
            ["src/reportparse/_speedups.c"],
            # no fused multiply-add: the boxes must round as Python's arithmetic does (see the .c file)
            extra_compile_args=["-O2", "-ffp-contract=off"],
            optional=True,
        )
    ]
)
