"""The record types slotrecord is compared with, for the demonstration and the benchmarks.

Each contender builds a record type from a list of field names and options (``frozen``,
``order``, ``defaults``), and names its library's own ``asdict``, ``astuple`` and
``replace``. Peers that are not installed (msgspec, attrs, recordclass) are left out.
"""

from __future__ import annotations

import collections
import copy
import dataclasses
import importlib
from collections.abc import Callable
from typing import Any

from . import _record_py

try:
    from . import _record_c
except ImportError:  # the extension is not built here
    _record_c = None


@dataclasses.dataclass(frozen=True)
class Contender:
    name: str
    make: Callable[..., type]  # make(typename, names, *, frozen, order, defaults) -> type
    asdict: Callable[[Any], dict] | None = None
    astuple: Callable[[Any], tuple] | None = None
    replace: Callable[..., Any] | None = None


# The numeric fields of the benchmarks' records, and the native type each is given in the
# "native numbers" contenders; every other field is an object field.
NATIVE_NUMBERS = {"id": "i64", "price": "f64", "x": "f64", "y": "f64"}


def _slotrecord(module, gc: bool = True, native: bool = False) -> Contender:
    def make(typename, names, *, frozen=False, order=False, defaults=None):
        if native:
            from ._aliases import ALIASES

            names = [(n, ALIASES[NATIVE_NUMBERS[n]]) if n in NATIVE_NUMBERS else n
                     for n in names]
        return module.make_record(typename, names, frozen=frozen, order=order,
                                  defaults=defaults, gc=gc, module=__name__)

    suffix = ", native numbers" if native else "" if gc else ", gc=False"
    return Contender(f"slotrecord {module.BACKEND}{suffix}", make, module.asdict,
                     module.astuple, module.replace)


def _handwritten(slots: bool) -> Contender:
    """A class as a person writes it: __init__, __repr__, __eq__ (and __hash__, ordering)."""

    def make(typename, names, *, frozen=False, order=False, defaults=None):
        defaults = defaults or {}
        params = ", ".join(f"{n}={n}_default" if n in defaults else n for n in names)
        this, that = (", ".join(f"{side}.{n}" for n in names) + "," for side in ("self", "o"))
        source = [
            f"class {typename}:",
            f"    __slots__ = {tuple(names)!r}" if slots else "    pass",
            f"    def __init__(self, {params}):",
            *[f"        self.{n} = {n}" for n in names],
            "    def __repr__(self):",
            f"        return f'{typename}(" + ", ".join(f"{n}={{self.{n}!r}}" for n in names)
            + ")'",
            "    def __eq__(self, o):",
            f"        return o.__class__ is self.__class__ and ({this}) == ({that})",
            "    def __hash__(self):",
            f"        return hash(({this}))",
            "    def __lt__(self, o):",
            f"        return ({this}) < ({that})",
        ]
        namespace = {f"{n}_default": value for n, value in defaults.items()}
        exec("\n".join(source), namespace)  # benchmark code: our own source
        return namespace[typename]

    def asdict(obj):
        return {name: getattr(obj, name) for name in _names(obj)}

    def astuple(obj):
        return tuple([getattr(obj, name) for name in _names(obj)])

    def replace(obj, **changes):
        new = copy.copy(obj)
        for name, value in changes.items():
            setattr(new, name, value)
        return new

    return Contender("__slots__ class" if slots else "plain class", make, asdict, astuple,
                     replace)


def _names(obj) -> tuple[str, ...]:
    return type(obj).__slots__ if hasattr(type(obj), "__slots__") else tuple(vars(obj))


def _dataclass() -> Contender:
    def make(typename, names, *, frozen=False, order=False, defaults=None):
        defaults = defaults or {}
        fields = [(n, Any, dataclasses.field(default=defaults[n])) if n in defaults else n
                  for n in names]
        return dataclasses.make_dataclass(typename, fields, slots=True, frozen=frozen,
                                          order=order)

    return Contender("dataclass(slots=True)", make, dataclasses.asdict, dataclasses.astuple,
                     dataclasses.replace)


def _namedtuple() -> Contender:
    def make(typename, names, *, frozen=False, order=False, defaults=None):
        defaults = defaults or {}
        tail = [defaults[n] for n in names if n in defaults]
        return collections.namedtuple(typename, names, defaults=tail or None)

    return Contender("namedtuple", make, lambda o: o._asdict(), tuple,
                     lambda o, **changes: o._replace(**changes))


def _attrs() -> Contender | None:
    attrs = _optional("attrs")
    if attrs is None:
        return None

    def make(typename, names, *, frozen=False, order=False, defaults=None):
        defaults = defaults or {}
        attributes = {n: attrs.field(default=defaults[n]) if n in defaults else attrs.field()
                      for n in names}
        return attrs.make_class(typename, attributes, slots=True, frozen=frozen, order=order)

    return Contender("attrs", make, attrs.asdict, attrs.astuple, attrs.evolve)


def _msgspec(gc: bool) -> Contender | None:
    msgspec = _optional("msgspec")
    if msgspec is None:
        return None

    def make(typename, names, *, frozen=False, order=False, defaults=None):
        defaults = defaults or {}
        fields = [(n, Any, defaults[n]) if n in defaults else n for n in names]
        return msgspec.defstruct(typename, fields, frozen=frozen, order=order, gc=gc)

    structs = msgspec.structs
    return Contender("msgspec" + ("" if gc else ", gc=False"), make, structs.asdict,
                     structs.astuple, structs.replace)


def _recordclass() -> Contender | None:
    recordclass = _optional("recordclass")
    if recordclass is None:
        return None

    def make(typename, names, *, frozen=False, order=False, defaults=None):
        return recordclass.make_dataclass(typename, names, defaults=defaults,
                                          readonly=frozen, hashable=frozen)

    return Contender("recordclass", make, recordclass.asdict, recordclass.astuple,
                     recordclass.clone)


def _optional(name: str):
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def contenders() -> list[Contender]:
    """Every contender available here, slotrecord's first."""
    found = []
    if _record_c is not None:
        found += [_slotrecord(_record_c), _slotrecord(_record_c, gc=False),
                  _slotrecord(_record_c, native=True)]
    found += [_slotrecord(_record_py), _slotrecord(_record_py, native=True),
              _handwritten(slots=False),
              _handwritten(slots=True), _dataclass(), _namedtuple(), _attrs(),
              _msgspec(gc=True), _msgspec(gc=False), _recordclass()]
    return [contender for contender in found if contender is not None]


# How each library makes a type at run time, for the type-creation benchmark.
TYPE_FACTORIES: dict[str, Callable[[str, list[str]], type]] = {
    "slotrecord": lambda name, names: (_record_c or _record_py).make_record(name, names),
    "make_dataclass": lambda name, names: dataclasses.make_dataclass(name, names, slots=True),
    "namedtuple": collections.namedtuple,
}
if _optional("attrs"):
    TYPE_FACTORIES["attrs.make_class"] = lambda name, names: _optional("attrs").make_class(
        name, names, slots=True)
if _optional("msgspec"):
    TYPE_FACTORIES["msgspec.defstruct"] = _optional("msgspec").defstruct
if _optional("recordclass"):
    TYPE_FACTORIES["recordclass.make_dataclass"] = _optional("recordclass").make_dataclass


def build(contender: Contender, names: list[str], **options) -> type:
    """A record type of *contender*, bound to a unique name in this module so it pickles."""
    typename = f"Record{len(_BUILT)}"
    cls = contender.make(typename, names, **options)
    cls.__module__ = __name__
    globals()[typename] = cls
    _BUILT.append(cls)
    return cls


_BUILT: list[type] = []
