"""CPython's own ``test_dataclasses`` against ``slotrecord.dataclass``, on both
implementations.

Every test of the running interpreter's ``test_dataclasses`` is run three ways: with the
stdlib's ``dataclass`` forced to ``slots=True`` (the reference), and with slotrecord's
``dataclass``, ``make_dataclass`` and ``field`` swapped in for each implementation. A test
the reference fails is skipped: slotrecord promises what a slotted dataclass does, no
more. Every other test must pass, except those listed in ``DIFFERENCES`` with the reason.
"""

from __future__ import annotations

import sys

import cpython_dataclasses
import pytest

pytestmark = pytest.mark.no_leak_hunt  # CPython's tests make classes by the hundred

# The tests a slotted dataclass passes that records cannot, by design, and why.
_RECORD_IN_MRO = ("every record type derives from slotrecord's Record (and its C base), "
                  "which the test's exact __mro__ does not list")
DIFFERENCES: dict[str, str] = {
    "TestCase.test_generic_dynamic": _RECORD_IN_MRO,
    "TestFrozen.test_multiple_frozen_dataclasses_inheritance": _RECORD_IN_MRO,
    "TestFrozen.test_inherit_frozen_mutliple_inheritance_regular_mixins": _RECORD_IN_MRO,
    "TestCase.test_intermediate_non_dataclass": (
        "a class statement deriving from a record type makes a record type, whose "
        "annotations are fields; one deriving from a dataclass makes a plain subclass"),
    "TestCase.test_is_dataclass_genericalias": (
        "a record cannot extend a class whose instances hold data of their own "
        "(types.GenericAlias); the base is refused with a message naming it"),
    "TestFrozen.test_frozen_deepcopy_without_slots": (
        "the test asks for slots=False, which a record refuses with a clear error"),
}
if sys.version_info >= (3, 13):  # the test mixes frozen and non-frozen bases from 3.13
    DIFFERENCES["TestFrozen.test_inherit_frozen_mutliple_inheritance"] = (
        "a class statement deriving from record types makes a record type before the "
        "decorator runs: with frozen and non-frozen record bases it refuses them with the "
        "message for the frozen-ness it inherits from its first base, which may be the "
        "other of dataclasses' two messages")


try:
    REFERENCE = cpython_dataclasses.load(
        "cpython_test_dataclasses_reference", cpython_dataclasses.stdlib_slots_shim())
    TEST_IDS = cpython_dataclasses.test_ids(REFERENCE)
except ImportError:  # an interpreter without its test package
    REFERENCE, TEST_IDS = None, []

_modules: dict[str, object] = {}
_reference_outcomes: dict[str, tuple[str, str]] = {}


def _module_for(impl):
    """The test module with this implementation's ``dataclass`` swapped in, loaded once."""
    if impl.BACKEND not in _modules:
        _modules[impl.BACKEND] = cpython_dataclasses.load(
            f"cpython_test_dataclasses_{impl.BACKEND}",
            {"dataclass": impl.dataclass, "make_dataclass": impl.make_dataclass,
             "field": impl.field})
    return _modules[impl.BACKEND]


@pytest.mark.skipif(REFERENCE is None, reason="this Python has no test.test_dataclasses")
@pytest.mark.parametrize("test_id", TEST_IDS)
def test_cpython_dataclasses(impl, test_id):
    if test_id not in _reference_outcomes:
        _reference_outcomes[test_id] = cpython_dataclasses.run(REFERENCE, test_id)
    reference, _ = _reference_outcomes[test_id]
    if reference != "passed":
        pytest.skip(f"the stdlib's dataclass(slots=True) does not pass it either ({reference})")
    outcome, details = cpython_dataclasses.run(_module_for(impl), test_id)
    if test_id in DIFFERENCES:
        assert outcome == "failed", f"passes, yet listed as a difference: {test_id}"
        pytest.xfail(DIFFERENCES[test_id])
    assert outcome == "passed", details


def test_judge_is_loaded():
    """The adapter found CPython's tests (about two hundred on every Python we support)."""
    assert len(TEST_IDS) > 150
