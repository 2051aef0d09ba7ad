"""The reference-leak hunt, in the manner of CPython's ``regrtest -R 3:3``.

With ``pytest --refleaks`` under a debug build of CPython (which has
``sys.gettotalrefcount``), each test runs three times to warm caches up, then three times
measured: a test whose total reference count, or whose count of allocated memory blocks,
grows in every measured run fails. ``.ci/refleaks`` runs it on the native core's half of
the suite.

Tests marked ``no_leak_hunt`` (those that start processes) and hypothesis tests (whose
engine keeps growing state of its own) run once, as usual.
"""

from __future__ import annotations

import gc
import sys

import pytest

WARMUPS = 3
RUNS = 3


class RefleakHunter:
    @pytest.hookimpl(tryfirst=True)
    def pytest_pyfunc_call(self, pyfuncitem: pytest.Function) -> bool | None:
        function = pyfuncitem.obj
        if pyfuncitem.get_closest_marker("no_leak_hunt") or getattr(
                function, "is_hypothesis_test", False):
            return None  # pytest calls it once
        arguments = {name: pyfuncitem.funcargs[name]
                     for name in pyfuncitem._fixtureinfo.argnames}
        # What is alive now is none of this test's doing: frozen, the collector leaves it
        # alone, and each of the collections below scans only what the test made.
        gc.collect()
        gc.freeze()
        deltas = []
        for run in range(WARMUPS + RUNS):
            before = _counts()
            function(**arguments)
            after = _counts()
            if run >= WARMUPS:
                deltas.append((after[0] - before[0], after[1] - before[1]))
        if all(references > 0 for references, _ in deltas):
            pytest.fail(f"leaks references: {[r for r, _ in deltas]} in the last {RUNS} runs")
        if all(blocks > 0 for _, blocks in deltas):
            pytest.fail(f"leaks memory blocks: {[b for _, b in deltas]} in the last {RUNS} "
                        "runs")
        return True


def _counts() -> tuple[int, int]:
    sys._clear_type_cache()
    # Until nothing more is found, as CPython's test.support.gc_collect() repeats it: an
    # untracked record (all its fields native) that a garbage cycle held keeps its type
    # for the collector to find only on the next pass.
    for _ in range(10):
        if not gc.collect():
            break
    return sys.gettotalrefcount(), sys.getallocatedblocks()


def configure(config: pytest.Config) -> None:
    if not hasattr(sys, "gettotalrefcount"):
        raise pytest.UsageError("--refleaks needs a debug build of CPython "
                                "(for example Debian's python3.11-dbg)")
    config.pluginmanager.register(RefleakHunter(), "refleaks")
