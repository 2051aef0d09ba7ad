"""The public names of the native field types: ``Annotated`` aliases, so that a type
checker sees ``int``, ``float`` or ``bool``. Imported on first use of one of them
(``slotrecord``'s module type, ``_Package``): ``typing`` costs milliseconds to import."""

from typing import Annotated

from ._native import NATIVE_TYPES

i8 = Annotated[int, NATIVE_TYPES["i8"]]
i16 = Annotated[int, NATIVE_TYPES["i16"]]
i32 = Annotated[int, NATIVE_TYPES["i32"]]
i64 = Annotated[int, NATIVE_TYPES["i64"]]
u8 = Annotated[int, NATIVE_TYPES["u8"]]
u16 = Annotated[int, NATIVE_TYPES["u16"]]
u32 = Annotated[int, NATIVE_TYPES["u32"]]
u64 = Annotated[int, NATIVE_TYPES["u64"]]
f32 = Annotated[float, NATIVE_TYPES["f32"]]
f64 = Annotated[float, NATIVE_TYPES["f64"]]
boolean = Annotated[bool, NATIVE_TYPES["boolean"]]

ALIASES = {"i8": i8, "i16": i16, "i32": i32, "i64": i64, "u8": u8, "u16": u16, "u32": u32,
           "u64": u64, "f32": f32, "f64": f64, "boolean": boolean}
