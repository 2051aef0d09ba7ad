"""slotrecord: record types that are faster to build and smaller than dataclasses.

A record type is declared with class syntax, as a subclass of ``Record``::

    from slotrecord import Record

    class Product(Record):
        id: int
        name: str
        price: float = 0.0

Its fields are kept inline in each instance, with the semantics of
``dataclasses.dataclass(slots=True)``: ``Product(1, "widget", 9.99)``, ``repr``, ``==``,
no instance ``__dict__``. Options go in the class statement, ``class Point(Record,
frozen=True)``; a field annotated with a native type (``slotrecord.f64``, ``i64``, ...)
is stored as a raw C value. ``make_record("Product", "id name price")`` makes the same
types at run time, and ``slotrecord.dataclass`` and ``make_dataclass`` take the
signatures of their ``dataclasses`` namesakes.

The native core (a Cython extension) is used when it is built; otherwise, or when
``SLOTRECORD_NO_EXTENSIONS`` is set to a non-empty value other than ``0``, the pure-Python
implementation is used. ``BACKEND`` says which: ``"cython"`` or ``"python"``.
"""

import os as _os


def _import_sources(*names: str) -> None:
    """Import modules of this package from their ``.py`` files, which Python would pass
    over for the compiled modules of the same names beside them."""
    import importlib.util
    import sys

    for name in names:
        path = _os.path.join(_os.path.dirname(__file__), f"{name}.py")
        spec = importlib.util.spec_from_file_location(f"{__name__}.{name}", path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        globals()[name] = module  # as an import would bind it in its package


_NO_EXTENSIONS = _os.environ.get("SLOTRECORD_NO_EXTENSIONS", "") not in ("", "0")
if _NO_EXTENSIONS:  # the front end too, though compiled, runs from its source
    _import_sources("_native", "_spec")

from ._native import NativeType  # noqa: E402
from ._spec import MISSING, Field  # noqa: E402

__version__ = "0.1.0"

if _NO_EXTENSIONS:
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
dataclass = _implementation.dataclass
field = _implementation.field
fields = _implementation.fields
make_dataclass = _implementation.make_dataclass
make_record = _implementation.make_record
replace = _implementation.replace

_NATIVE_TYPE_NAMES = ("i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "f32", "f64",
                      "boolean")


class _Package(type(_os)):  # types.ModuleType, without importing types
    """slotrecord's module type: its methods give the native field types on first use and
    list them in ``dir()``. Methods of the module's type rather than module-level
    ``__getattr__`` and ``__dir__`` functions, which ``help(slotrecord)`` would show."""

    def __getattr__(self, name: str):
        # The native field types are typing.Annotated aliases: typing is imported (which
        # takes milliseconds) only when one of them is first asked for.
        if name in _NATIVE_TYPE_NAMES:
            from . import _aliases

            return getattr(_aliases, name)
        raise AttributeError(f"module 'slotrecord' has no attribute {name!r}")

    def __dir__(self) -> list[str]:
        # The names __getattr__ gives too, so that completion and dir() find f64 and the rest.
        return sorted({*self.__dict__, *_NATIVE_TYPE_NAMES})


import sys as _sys  # noqa: E402

_sys.modules[__name__].__class__ = _Package
del _sys

__all__ = [
    "BACKEND",
    "MISSING",
    "Field",
    "NativeType",
    "Record",
    "asdict",
    "astuple",
    "dataclass",
    "field",
    "fields",
    "make_dataclass",
    "make_record",
    "replace",
    *_NATIVE_TYPE_NAMES,
]
