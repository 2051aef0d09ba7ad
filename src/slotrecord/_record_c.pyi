"""Type stubs for the native core; ``_record_py`` has the same public names."""

from collections.abc import Iterable, Mapping
from typing import Any, Final, Literal, TypeVar

from ._spec import Field

_R = TypeVar("_R")

BACKEND: Final[Literal["cython"]]

def make_record(
    typename: str,
    fields: Iterable[str] | str,
    *,
    defaults: Mapping[str, Any] | None = None,
    frozen: bool = False,
    eq: bool = True,
    order: bool = False,
    kw_only: bool = False,
    gc: bool = True,
    weakref: bool = False,
    module: str | None = None,
    doc: str | None = None,
) -> type[Any]: ...
def asdict(record: object) -> dict[str, Any]: ...
def astuple(record: object) -> tuple[Any, ...]: ...
def fields(record_or_type: object) -> tuple[Field, ...]: ...
def replace(record: _R, /, **changes: Any) -> _R: ...
