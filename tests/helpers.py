"""Helpers shared by the tests: the dataclass a record mirrors, and outcomes to compare."""

from __future__ import annotations

import dataclasses
import sys
import typing


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


def default_order_message(name, after):
    """What dataclasses say of a parameter *name* without default after *after*, with one
    (3.13 names both)."""
    message = f"non-default argument {name!r} follows default argument"
    return message + f" {after!r}" if sys.version_info >= (3, 13) else message


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
        return (type(value).__name__, tuple(getattr(value, name, UNSET) for name in field_names))
    return value


UNSET = "<unset>"  # what comparable() gives for an unset field
