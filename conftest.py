"""Run every Python example in README.md and the documentation (``docs/*.md``), once per
implementation, with its output checked: a drifted example fails the suite.

Each Markdown file is one namespace, its ``python`` blocks run in order; a block that holds
``>>>`` lines is a doctest. While an example runs, the ``slotrecord`` package exposes the
implementation under test, as ``SLOTRECORD_NO_EXTENSIONS`` would make it choose.
"""

from __future__ import annotations

import contextlib
import doctest
import importlib
import os

import pytest

try:
    from sybil import Sybil
    from sybil.parsers.myst import PythonCodeBlockParser, SkipParser
except ImportError:  # an environment without the test extra: no examples to run
    Sybil = None

IMPLEMENTATIONS = {"cython": "slotrecord._record_c", "python": "slotrecord._record_py"}


@contextlib.contextmanager
def _exposed(backend: str):
    """Make the ``slotrecord`` package expose *backend*'s names while the block runs."""
    import slotrecord

    try:
        implementation = importlib.import_module(IMPLEMENTATIONS[backend])
    except ImportError:
        if os.environ.get("SLOTRECORD_REQUIRE_EXTENSION"):
            raise
        pytest.skip("the C extension is not built here")
    saved = {name: getattr(slotrecord, name) for name in slotrecord.__all__
             if hasattr(implementation, name)}
    try:
        for name in saved:
            setattr(slotrecord, name, getattr(implementation, name))
        yield
    finally:
        for name, value in saved.items():
            setattr(slotrecord, name, value)


# Sybil sets up every document of a file before its first example, so the package is
# switched per example, by these fixtures.
@pytest.fixture
def _example_on_cython():
    with _exposed("cython"):
        yield


@pytest.fixture
def _example_on_python():
    with _exposed("python"):
        yield


def _examples(backend: str):
    def setup(namespace):
        namespace["BACKEND"] = backend  # for the conditions of skip comments

    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    return Sybil(
        parsers=[PythonCodeBlockParser(doctest_optionflags=flags), SkipParser()],
        filenames=["README.md"],
        patterns=["docs/*.md", "docs/*/*.md"],
        setup=setup,
        fixtures=[f"_example_on_{backend}"],
        name=backend,
    )


if Sybil is not None:
    pytest_collect_file = (_examples("cython") + _examples("python")).pytest()
