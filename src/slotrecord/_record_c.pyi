"""Type stubs for the native core; ``_record_py`` has the same public names."""

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, ClassVar, Final, Literal, TypeVar, overload

from typing_extensions import Self, dataclass_transform

from ._spec import Field, RecordSpec

_R = TypeVar("_R")
_T = TypeVar("_T")

BACKEND: Final[Literal["cython"]]

@overload
def field(
    *, default: _T, kw_only: bool = ..., metadata: Mapping[Any, Any] | None = None
) -> _T: ...
@overload
def field(
    *,
    default_factory: Callable[[], _T],
    kw_only: bool = ...,
    metadata: Mapping[Any, Any] | None = None,
) -> _T: ...
@overload
def field(*, kw_only: bool = ..., metadata: Mapping[Any, Any] | None = None) -> Any: ...
@dataclass_transform(field_specifiers=(field,))
class Record:
    """The base of record types declared with class syntax."""

    __slotrecord__: ClassVar[RecordSpec]
    __match_args__: ClassVar[tuple[str, ...]]
    __dataclass_fields__: ClassVar[dict[str, dataclasses.Field[Any]]]
    def __init_subclass__(
        cls,
        *,
        frozen: bool = False,
        eq: bool = True,
        order: bool = False,
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
    frozen: bool = False,
    eq: bool = True,
    order: bool = False,
    kw_only: bool = False,
    gc: bool = True,
    weakref: bool = False,
    module: str | None = None,
    doc: str | None = None,
) -> type[Any]: ...
def asdict(record: object, /) -> dict[str, Any]: ...
def astuple(record: object, /) -> tuple[Any, ...]: ...
def fields(record_or_type: object) -> tuple[Field, ...]: ...
def replace(record: _R, /, **changes: Any) -> _R: ...
