"""Native field types: numbers kept as raw C values inside the record, not as objects.

A field annotated with one of the aliases ``i8 ... u64``, ``f32``, ``f64`` or ``boolean``
(each ``Annotated[int | float | bool, NativeType]``) is a native field. This module is
front end, shared by both implementations: the ``NativeType`` objects, finding them in an
annotation, and ``NativeType.convert``, which says what a value becomes when it is stored
and raises the errors both implementations give for a value that does not fit. The native
core converts the common cases (an exact int or float in range) in C and hands every other
value to ``convert``, so the two implementations agree on every input.

Values are converted as CPython converts values for the members of a C struct
(``PyLong_AsLongLong``, ``PyFloat_AsDouble``): an int field takes an int or an object
with ``__index__``, never a float; a float field takes an int, a float or an object with
``__float__`` or ``__index__``; a boolean takes only ``True`` and ``False``. A value out
of the field's range is an ``OverflowError`` (never a truncation). A NaN is stored as
``math.nan``, the one NaN object, so that a record holding NaN equals itself and hashes
the same way in both implementations.
"""

from __future__ import annotations

import builtins
import math
import operator
import struct
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["NAN", "NATIVE_TYPES", "NativeType", "native_of", "native_type"]

NAN = math.nan
_F32 = struct.Struct("<f")  # standard size: PyFloat_Pack4, which finds overflow
_F32_MAX = _F32.unpack(b"\xff\xff\x7f\x7f")[0]
_F64_MAX = sys.float_info.max


class NativeType:
    """One native field type: what the record stores for a field annotated with it.

    ``name`` is its name in slotrecord (``"i64"``), ``python_type`` the type a read
    returns (``int``, ``float`` or ``bool``), ``size`` its width in bytes (and its
    alignment), ``low`` and ``high`` the range it holds.
    """

    __slots__ = ("_store", "high", "low", "name", "python_type", "size")

    def __init__(self, name: str, python_type: type, size: int, low, high) -> None:
        self.name = name
        self.python_type = python_type
        self.size = size
        self.low = low
        self.high = high
        self._store = {int: self._integer, float: self._real, bool: self._boolean}[python_type]

    def __repr__(self) -> str:
        return f"slotrecord.NativeType({self.name!r})"

    def __reduce__(self):
        return native_type, (self.name,)

    # annotated-types' protocol for a group of constraints, which pydantic and hypothesis
    # read from ``Annotated`` metadata: an integer type's bounds (as ``Ge`` and ``Le``),
    # where annotated-types is installed. slotrecord itself does not depend on it.
    __is_annotated_types_grouped_metadata__ = True

    def __iter__(self) -> Iterator[object]:
        if self.python_type is not int:
            return iter(())
        try:
            import annotated_types
        except ImportError:
            return iter(())
        return iter((annotated_types.Ge(self.low), annotated_types.Le(self.high)))

    @property
    def annotation(self):
        """The ``Annotated`` alias that declares a field of this type (``slotrecord.i64``)."""
        from ._aliases import ALIASES

        return ALIASES[self.name]

    def convert(self, value: object, owner: str, name: str) -> object:
        """*value* as field *name* of record type *owner* stores it: an exact int, float
        (``math.nan`` for any NaN) or bool; ``TypeError`` or ``OverflowError`` if it does
        not fit, naming the field."""
        return self._store(value, owner, name)

    def _integer(self, value, owner, name):
        if type(value) is not int:
            if not hasattr(type(value), "__index__"):
                raise self._wrong_type(value, "an int", owner, name)
            value = operator.index(value)  # an exact int, whatever subclass came in
        if not self.low <= value <= self.high:
            raise self._out_of_range(value, owner, name)
        return value

    def _real(self, given, owner, name):
        value = given
        if type(value) is not float:
            kind = type(value)
            if not (hasattr(kind, "__float__") or hasattr(kind, "__index__")):
                raise self._wrong_type(value, "a real number", owner, name)
            try:
                value = float(value)  # __float__, else __index__: never a string's parse
            except OverflowError:  # an int beyond the largest float
                raise self._out_of_range(given, owner, name) from None
        if value != value:
            return NAN
        if self.size == 4:
            try:
                value = _F32.unpack(_F32.pack(value))[0]  # rounded as C rounds to float
            except OverflowError:
                raise self._out_of_range(given, owner, name) from None
        return value

    def _boolean(self, value, owner, name):
        if value is True or value is False:
            return value
        raise self._wrong_type(value, "a bool", owner, name)

    def _wrong_type(self, value, expected, owner, name) -> TypeError:
        return TypeError(f"{owner}.{name} ({self.name}): expected {expected}, "
                         f"got {type(value).__name__}")

    def _out_of_range(self, value, owner, name) -> OverflowError:
        return OverflowError(f"{owner}.{name} ({self.name}): {_shown(value)} is out of "
                             f"range [{self.low!r}, {self.high!r}]")

    def delete_error(self, owner: str, name: str) -> TypeError:
        """What ``del record.name`` raises: a native field always holds a value."""
        return TypeError(f"{owner}.{name} ({self.name}): a native field cannot be deleted")


def _shown(value) -> str:
    if type(value) is int and value.bit_length() > 256:  # repr() of a huge int is slow
        return f"{'a negative' if value < 0 else 'an'} int of {value.bit_length()} bits"
    return repr(value)


def _int_type(name: str, size: int, signed: bool) -> NativeType:
    bits = 8 * size
    if signed:
        return NativeType(name, int, size, -(1 << (bits - 1)), (1 << (bits - 1)) - 1)
    return NativeType(name, int, size, 0, (1 << bits) - 1)


NATIVE_TYPES = {
    native.name: native
    for native in (
        _int_type("i8", 1, True), _int_type("i16", 2, True),
        _int_type("i32", 4, True), _int_type("i64", 8, True),
        _int_type("u8", 1, False), _int_type("u16", 2, False),
        _int_type("u32", 4, False), _int_type("u64", 8, False),
        NativeType("f32", float, 4, -_F32_MAX, _F32_MAX),
        NativeType("f64", float, 8, -_F64_MAX, _F64_MAX),
        NativeType("boolean", bool, 1, False, True),
    )
}


def native_type(name: str) -> NativeType:
    """The native type called *name*: how a pickle names one."""
    return NATIVE_TYPES[name]


def native_of(annotation: object, module: str | None) -> NativeType | None:
    """The native type that *annotation* declares, or None for an ordinary field.

    A string annotation (``from __future__ import annotations``) naming an alias, such as
    ``"f64"`` or ``"slotrecord.f64"``, is looked up in *module*, as dataclasses look up
    ``ClassVar``; anything else in a string is an ordinary field.
    """
    if isinstance(annotation, type):  # a class (or object, a name's alone) is no alias
        return None
    if isinstance(annotation, str):
        annotation = _resolve(annotation, module)
    metadata = getattr(annotation, "__metadata__", None)
    if type(metadata) is not tuple:
        return None
    found = {id(item): item for item in metadata if isinstance(item, NativeType)}
    if not found:
        return None
    if len(found) > 1:
        names = " and ".join([native.name for native in found.values()])
        raise TypeError(f"conflicting native types {names} in {annotation!r}")
    native = next(iter(found.values()))
    if native is not NATIVE_TYPES.get(native.name):  # the layout relies on the ones above
        raise TypeError(f"a NativeType made outside slotrecord in {annotation!r}: use "
                        "slotrecord.i8 ... slotrecord.boolean")
    if getattr(annotation, "__origin__", None) is not native.python_type:
        raise TypeError(f"native type {native.name} annotates "
                        f"{native.python_type.__name__}, not {annotation!r}")
    return native


def _resolve(text: str, module: str | None) -> object:
    parts = text.strip().split(".")
    if not all([part.isidentifier() for part in parts]):
        return None
    namespace = vars(sys.modules[module]) if module in sys.modules else {}
    found = namespace.get(parts[0], getattr(builtins, parts[0], None))
    for part in parts[1:]:
        found = getattr(found, part, None)
    return found
