from typing import Final, Literal

from ._record_c import Record as Record
from ._record_c import asdict as asdict
from ._record_c import astuple as astuple
from ._record_c import field as field
from ._record_c import fields as fields
from ._record_c import make_record as make_record
from ._record_c import replace as replace
from ._spec import MISSING as MISSING
from ._spec import Field as Field

__version__: Final[str]
BACKEND: Final[Literal["cython", "python"]]
__all__ = [
    "BACKEND",
    "MISSING",
    "Field",
    "Record",
    "asdict",
    "astuple",
    "field",
    "fields",
    "make_record",
    "replace",
]
