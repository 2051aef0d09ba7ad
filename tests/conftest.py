"""The fixture that runs every test against both implementations."""

from __future__ import annotations

import importlib
import os

import pytest
from hypothesis import settings

# CI runs the same examples every time; a developer's run explores new ones; the long
# profile (HYPOTHESIS_PROFILE=long) is for hunting divergences.
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.register_profile("dev", deadline=None, print_blob=True)
settings.register_profile("long", deadline=None, max_examples=5000, print_blob=True)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))

MODULES = {"cython": "slotrecord._record_c", "python": "slotrecord._record_py"}


def pytest_addoption(parser):
    parser.addoption("--refleaks", action="store_true",
                     help="hunt reference leaks as regrtest -R 3:3 does (debug builds only)")


def pytest_configure(config):
    if config.getoption("--refleaks"):
        import refleaks

        refleaks.configure(config)


@pytest.fixture(params=sorted(MODULES), scope="session")
def impl(request):
    """Each implementation of slotrecord in turn: ``slotrecord._record_c``, ``_record_py``.

    The native one is skipped where the extension is not built, unless
    SLOTRECORD_REQUIRE_EXTENSION is set (as .ci/run does), where that is an error.
    """
    try:
        return importlib.import_module(MODULES[request.param])
    except ImportError:
        if os.environ.get("SLOTRECORD_REQUIRE_EXTENSION"):
            raise
        pytest.skip("the C extension is not built here")
