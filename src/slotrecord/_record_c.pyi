"""Type stubs for the native core; ``_record_py`` has the same public names."""

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, ClassVar, Final, Literal, TypeVar, overload

from typing_extensions import Self, dataclass_transform

from ._spec import Field, RecordSpec

_R = TypeVar("_R")
_T = TypeVar("_T")
_C = TypeVar("_C")

BACKEND: Final[Literal["cython"]]

@overload
def field(
    *,
    default: _T,
    init: bool = True,
    repr: bool = True,
    hash: bool | None = None,
    compare: bool = True,
    metadata: Mapping[Any, Any] | None = None,
    kw_only: bool = ...,
) -> _T: ...
@overload
def field(
    *,
    default_factory: Callable[[], _T],
    init: bool = True,
    repr: bool = True,
    hash: bool | None = None,
    compare: bool = True,
    metadata: Mapping[Any, Any] | None = None,
    kw_only: bool = ...,
) -> _T: ...
@overload
def field(
    *,
    init: bool = True,
    repr: bool = True,
    hash: bool | None = None,
    compare: bool = True,
    metadata: Mapping[Any, Any] | None = None,
    kw_only: bool = ...,
) -> Any: ...
@dataclass_transform(field_specifiers=(field,))
class Record:
    """The base of record types declared with class syntax."""

    __slotrecord__: ClassVar[RecordSpec]
    __match_args__: ClassVar[tuple[str, ...]]
    __dataclass_fields__: ClassVar[dict[str, dataclasses.Field[Any]]]
    def __init_subclass__(
        cls,
        *,
        init: bool = True,
        repr: bool = True,
        eq: bool = True,
        order: bool = False,
        unsafe_hash: bool = False,
        frozen: bool = False,
        match_args: bool = True,
        kw_only: bool = False,
        gc: bool = True,
        weakref: bool = False,
    ) -> None: ...
    def __replace__(self, **changes: Any) -> Self: ...
    def __rich_repr__(self) -> Iterator[tuple[str, Any]]: ...

def make_record(
    typename: str,
    fields: Iterable[str | tuple[str, Any]] | Mapping[str, Any] | str,
    *,
    defaults: Mapping[str, Any] | None = None,
    bases: tuple[type, ...] = (),
    init: bool = True,
    repr: bool = True,
    eq: bool = True,
    order: bool = False,
    unsafe_hash: bool = False,
    frozen: bool = False,
    match_args: bool = True,
    kw_only: bool = False,
    gc: bool = True,
    weakref: bool = False,
    module: str | None = None,
    doc: str | None = None,
) -> type[Any]: ...
@overload
@dataclass_transform(field_specifiers=(field, dataclasses.field))
def dataclass(cls: type[_C], /) -> type[_C]: ...
@overload
@dataclass_transform(field_specifiers=(field, dataclasses.field))
def dataclass(
    cls: None = None,
    /,
    *,
    init: bool = True,
    repr: bool = True,
    eq: bool = True,
    order: bool = False,
    unsafe_hash: bool = False,
    frozen: bool = False,
    match_args: bool = True,
    kw_only: bool = False,
    slots: bool = True,
    weakref_slot: bool = False,
    gc: bool = True,
) -> Callable[[type[_C]], type[_C]]: ...
def make_dataclass(
    cls_name: str,
    fields: Iterable[str | tuple[str, Any] | tuple[str, Any, Any]],
    *,
    bases: tuple[type, ...] = (),
    namespace: dict[str, Any] | None = None,
    init: bool = True,
    repr: bool = True,
    eq: bool = True,
    order: bool = False,
    unsafe_hash: bool = False,
    frozen: bool = False,
    match_args: bool = True,
    kw_only: bool = False,
    slots: bool = True,
    weakref_slot: bool = False,
    module: str | None = None,
) -> type[Any]: ...
def asdict(record: object, /) -> dict[str, Any]: ...
def astuple(record: object, /) -> tuple[Any, ...]: ...
def fields(record_or_type: object) -> tuple[Field, ...]: ...
def replace(record: _R, /, **changes: Any) -> _R: ...
