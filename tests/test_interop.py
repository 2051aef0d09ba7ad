"""Dataclass interop: record types answer ``dataclasses``' functions as the equivalent
dataclass does, and tools that handle dataclasses (pandas, pytest) handle records."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import textwrap

import pytest
from helpers import outcome


def declare(impl):
    """A record type holding another, and the dataclass twins of both."""

    class Part(impl.Record, frozen=True):
        code: str
        weight: float = 1.0

    class Product(impl.Record):
        id: int
        part: Part
        tags: list = impl.field(default_factory=list, metadata={"doc": "labels"})
        note: str = impl.field(default="", kw_only=True)

    @dataclasses.dataclass(slots=True, frozen=True)
    class TwinPart:
        code: str
        weight: float = 1.0

    @dataclasses.dataclass(slots=True)
    class TwinProduct:
        id: int
        part: Part  # a string here: the same annotation as the record's
        tags: list = dataclasses.field(default_factory=list, metadata={"doc": "labels"})
        note: str = dataclasses.field(default="", kw_only=True)

    return Part, Product, TwinPart, TwinProduct


def field_summary(cls):
    return [(f.name, f.type, f.default, f.default_factory, f.kw_only, dict(f.metadata),
             f.init, f.repr, f.compare, f.hash) for f in dataclasses.fields(cls)]


def test_is_dataclass(impl):
    Part, Product, _, _ = declare(impl)
    assert dataclasses.is_dataclass(Product)
    assert dataclasses.is_dataclass(Product(1, Part("a")))
    assert not dataclasses.is_dataclass(impl.Record)
    assert dataclasses.is_dataclass(impl.make_record("P", "a"))


def test_fields_match_the_dataclass(impl):
    Part, Product, TwinPart, TwinProduct = declare(impl)
    # The annotations are strings here (from __future__ import annotations) on both sides.
    assert field_summary(Product) == field_summary(TwinProduct)
    assert field_summary(Part(1)) == field_summary(TwinPart(1))
    assert dataclasses.fields(Product) is not dataclasses.fields(Product)  # a new tuple...
    assert Product.__dataclass_fields__ is Product.__dataclass_fields__  # ...of one dict


def test_asdict_astuple_replace_match_the_dataclass(impl):
    Part, Product, TwinPart, TwinProduct = declare(impl)
    record = Product(1, Part("a", 2.0), [Part("b")], note="n")
    twin = TwinProduct(1, TwinPart("a", 2.0), [TwinPart("b")], note="n")
    assert dataclasses.asdict(record) == dataclasses.asdict(twin)
    assert dataclasses.astuple(record) == dataclasses.astuple(twin)
    assert dataclasses.asdict(record)["tags"][0] == {"code": "b", "weight": 1.0}
    replaced = dataclasses.replace(record, id=2)
    assert type(replaced) is Product
    assert dataclasses.astuple(replaced) == dataclasses.astuple(dataclasses.replace(twin, id=2))
    for changes in ({"bad": 1}, {"note": "m", "part": None}):
        got, expected = (outcome(dataclasses.replace, record, **changes),
                         outcome(dataclasses.replace, twin, **changes))
        assert got[0] == expected[0]
        if got[0] == "raises":
            assert got[1:] == (expected[1], expected[2].replace("TwinProduct", "Product"))


def test_importing_slotrecord_imports_no_dataclasses():
    # Import stays light; the first record type made imports dataclasses, whose Field
    # objects fill __dataclass_fields__.
    code = ("import sys, slotrecord\n"
            "print(sorted({'dataclasses', 'inspect', 'typing'} & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_pandas_dataframe_from_records(impl):
    pd = pytest.importorskip("pandas")
    Part, Product, TwinPart, TwinProduct = declare(impl)
    records = [Product(i, Part(str(i)), note=f"n{i}") for i in range(3)]
    twins = [TwinProduct(i, TwinPart(str(i)), note=f"n{i}") for i in range(3)]
    frame = pd.DataFrame(records)
    assert list(frame.columns) == ["id", "part", "tags", "note"]
    pd.testing.assert_frame_equal(frame, pd.DataFrame(twins))


@pytest.mark.no_leak_hunt
def test_pytest_explains_unequal_records(impl, tmp_path):
    """pytest's assertion diff names the differing fields, as it does for a dataclass."""
    test_file = tmp_path / "test_diff.py"
    test_file.write_text(textwrap.dedent(f"""
        from {impl.__name__} import Record

        class Product(Record):
            id: int
            name: str
            price: float

        def test_diff():
            assert Product(1, "widget", 9.99) == Product(1, "widget", 8.5)
    """))
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-vv", "-p", "no:cacheprovider", str(test_file)],
        capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 1
    assert ("Matching attributes:\nE         ['id', 'name']\n"
            "E         Differing attributes:\nE         ['price']\n") in result.stdout
    assert "Drill down into differing attribute price:\nE           price: 9.99 != 8.5" \
        in result.stdout
