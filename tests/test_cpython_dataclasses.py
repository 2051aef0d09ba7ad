"""CPython's own ``test_dataclasses`` against ``slotrecord.dataclass``, on both
implementations.

Every test of the running interpreter's ``test_dataclasses`` is run three ways: with the
stdlib's ``dataclass`` forced to ``slots=True`` (the reference), and with slotrecord's
``dataclass``, ``make_dataclass`` and ``field`` swapped in for each implementation. A test
the reference fails is skipped: slotrecord promises what a slotted dataclass does, no
more. Every other test must pass, except those listed in ``DIFFERENCES`` with the reason.
"""

from __future__ import annotations

import os

import cpython_dataclasses
import pytest

pytestmark = pytest.mark.no_leak_hunt  # CPython's tests make classes by the hundred

# The tests a slotted dataclass passes that records cannot, and why. Keyed by test id.
DIFFERENCES: dict[str, str] = {}

# The tests of features still being built: expected to fail on some Python (any
# implementation) until they are; one that passes is fine. The list only shrinks.
NOT_YET = {
    "TestAbstract.test_abc_implementation",  # a user metaclass (ABCMeta)
    "TestAbstract.test_maintain_abc",
    "TestCase.test_dataclasses_qualnames",  # generated methods named for the class
    "TestCase.test_field_metadata_mapping",
    "TestCase.test_field_named_self",  # a real __init__ signature in the native core
    "TestCase.test_generic_dynamic",  # typing.Generic bases
    "TestCase.test_generic_extending",
    "TestCase.test_is_dataclass_genericalias",
    "TestCase.test_intermediate_non_dataclass",  # plain subclasses of decorated records
    "TestDocString.test_docstring_with_no_signature",  # bases with an instance __dict__
    "TestFieldNoAnnotation.test_field_without_annotation_but_annotation_in_base_not_dataclass",
    "TestFrozen.test_inherit_from_normal_class",
    "TestInit.test_inherit_from_protocol",
    "TestMakeDataclass.test_base",
    "TestMakeDataclass.test_base_dataclass",
    "TestFrozen.test_frozen_deepcopy_without_slots",
    "TestFrozen.test_inherit_frozen_mutliple_inheritance",
    "TestFrozen.test_inherit_frozen_mutliple_inheritance_regular_mixins",
    "TestFrozen.test_multiple_frozen_dataclasses_inheritance",
    "TestHash.test_eq_only",  # != through a body's __eq__
    "TestHash.test_hash_no_args",
    "TestKeywordArgs.test_no_classvar_kwarg",
    "TestOrdering.test_functools_total_ordering",
    "TestSlots.test_cant_inherit_from_iterator_slots",  # slots a base already has
    "TestSlots.test_dataclass_derived_generic_from_base",
    "TestSlots.test_dataclass_derived_generic_from_slotted_base",
    "TestSlots.test_dataclass_derived_weakref_slot",
    "TestSlots.test_dataclass_slot_dict",
    "TestSlots.test_frozen_slots_pickle_custom_state",  # a body's __getstate__
    "TestSlots.test_slots_with_wrong_init_subclass",
    "TestSlots.test_weakref_slot_normal_base_weakref_slot",
    "TestStringAnnotations.test_text_annotations",
}

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
    if test_id in NOT_YET and outcome == "failed" and not os.environ.get("SHOW_NOT_YET"):
        pytest.xfail("not built yet")
    assert outcome == "passed", details


def test_judge_is_loaded():
    """The adapter found CPython's tests (about two hundred on every Python we support)."""
    assert len(TEST_IDS) > 150
