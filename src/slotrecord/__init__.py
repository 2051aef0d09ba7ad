"""slotrecord: record types that are faster to build and smaller than dataclasses.

``make_record`` builds a class with a fixed set of fields kept inline in each instance,
with the semantics of ``dataclasses.dataclass(slots=True)``. The native core (a Cython
extension) is used when it is built; otherwise, or when ``SLOTRECORD_NO_EXTENSIONS`` is
set to a non-empty value other than ``0``, the pure-Python implementation is used.
``BACKEND`` says which: ``"cython"`` or ``"python"``.
"""

import os as _os

from ._native import NativeType
from ._spec import MISSING, Field

__version__ = "0.1.0"

if _os.environ.get("SLOTRECORD_NO_EXTENSIONS", "") not in ("", "0"):
    from . import _record_py as _implementation
else:
    try:
        from . import _record_c as _implementation
    except ImportError:  # not built here: no compiler, or an unusual platform
        from . import _record_py as _implementation

BACKEND = _implementation.BACKEND
Record = _implementation.Record
asdict = _implementation.asdict
astuple = _implementation.astuple
field = _implementation.field
fields = _implementation.fields
make_record = _implementation.make_record
replace = _implementation.replace

_NATIVE_TYPE_NAMES = ("i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "f32", "f64",
                      "boolean")


def __getattr__(name: str):
    # The native field types are typing.Annotated aliases: typing is imported (which
    # takes milliseconds) only when one of them is first asked for.
    if name in _NATIVE_TYPE_NAMES:
        from . import _aliases

        return getattr(_aliases, name)
    raise AttributeError(f"module 'slotrecord' has no attribute {name!r}")


__all__ = [
    "BACKEND",
    "MISSING",
    "Field",
    "NativeType",
    "Record",
    "asdict",
    "astuple",
    "field",
    "fields",
    "make_record",
    "replace",
    *_NATIVE_TYPE_NAMES,
]
