"""The fixture that runs every test against both implementations, and shared helpers."""

from __future__ import annotations

import dataclasses
import importlib
import os
import sys
import typing

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


def dataclass_twin(typename, names, defaults=None, *, frozen=False, eq=True, order=False,
                   kw_only=False, weakref=False, gc=True):
    """The ``dataclass(slots=True)`` that a record made with these arguments mirrors."""
    defaults = defaults or {}
    if isinstance(names, str):
        names = names.replace(",", " ").split()
    fields = [
        (name, typing.Any, dataclasses.field(default=defaults[name]))
        if name in defaults else (name, typing.Any)
        for name in names
    ]
    # weakref_slot is new in 3.11; it changes the layout, not the behaviour compared.
    weakref_option = {"weakref_slot": True} if weakref and sys.version_info >= (3, 11) else {}
    return dataclasses.make_dataclass(
        typename, fields, slots=True, frozen=frozen, eq=eq, order=order, kw_only=kw_only,
        **weakref_option,
    )


def unset_message(cls, name):
    """CPython's message for reading the unset slot *name* of an instance of *cls*
    (its wording varies between Python versions)."""
    probe = type(cls.__name__, (), {"__slots__": (name,), "__module__": cls.__module__,
                                     "__qualname__": cls.__qualname__})
    try:
        getattr(probe(), name)
    except AttributeError as error:
        return str(error)
    raise AssertionError("an unset slot was readable")


def outcome(function, *args, **kwargs):
    """What a call does, in a form that compares across implementations: the result
    (records as their type name and field values) or the exception's type and message."""
    try:
        result = function(*args, **kwargs)
    except Exception as error:  # the exception is the outcome
        return ("raises", type(error), str(error))
    return ("returns", comparable(result))


def comparable(value):
    """A record or dataclass as (type name, field values); anything else as itself."""
    names = getattr(type(value), "__match_args__", None)
    slots = getattr(type(value), "__slots__", None)
    if names is not None and slots is not None:
        field_names = [name for name in slots if name != "__weakref__"]
        return (type(value).__name__, tuple(getattr(value, name) for name in field_names))
    return value
