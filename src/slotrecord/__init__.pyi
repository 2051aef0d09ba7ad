from typing import Annotated, Final, Literal, TypeAlias

from ._native import NativeType as NativeType
from ._record_c import Record as Record
from ._record_c import asdict as asdict
from ._record_c import astuple as astuple
from ._record_c import dataclass as dataclass
from ._record_c import field as field
from ._record_c import fields as fields
from ._record_c import make_dataclass as make_dataclass
from ._record_c import make_record as make_record
from ._record_c import replace as replace
from ._spec import MISSING as MISSING
from ._spec import Field as Field

i8: TypeAlias = Annotated[int, NativeType]
i16: TypeAlias = Annotated[int, NativeType]
i32: TypeAlias = Annotated[int, NativeType]
i64: TypeAlias = Annotated[int, NativeType]
u8: TypeAlias = Annotated[int, NativeType]
u16: TypeAlias = Annotated[int, NativeType]
u32: TypeAlias = Annotated[int, NativeType]
u64: TypeAlias = Annotated[int, NativeType]
f32: TypeAlias = Annotated[float, NativeType]
f64: TypeAlias = Annotated[float, NativeType]
boolean: TypeAlias = Annotated[bool, NativeType]

__version__: Final[str]
BACKEND: Final[Literal["cython", "python"]]
__all__ = [
    "BACKEND",
    "MISSING",
    "Field",
    "NativeType",
    "Record",
    "asdict",
    "astuple",
    "boolean",
    "dataclass",
    "f32",
    "f64",
    "field",
    "fields",
    "i8",
    "i16",
    "i32",
    "i64",
    "make_dataclass",
    "make_record",
    "replace",
    "u8",
    "u16",
    "u32",
    "u64",
]
