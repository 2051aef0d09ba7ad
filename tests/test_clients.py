"""The client matrix: libraries that handle dataclasses, given records, each beside the
same operation on the ``dataclass(slots=True)`` with the same fields. Every client is
checked with a record type made by the class syntax, one made by ``make_record``, and one
with native fields. A client that is not installed skips (the ``interop`` extra installs
them all)."""

from __future__ import annotations

import dataclasses
import typing

import pytest
from helpers import outcome

from slotrecord import f64, i64

FORMS = ["class syntax", "make_record", "native fields"]


def record_and_twin(impl, form):
    """A record type of the *form* with fields id, price, name, and its slotted dataclass."""
    if form == "class syntax":
        class Item(impl.Record):
            id: int
            price: float
            name: str = "widget"
        record = Item
    elif form == "make_record":
        record = impl.make_record("Item", {"id": int, "price": float, "name": str},
                                  defaults={"name": "widget"})
    else:
        record = impl.make_record("Item", [("id", i64), ("price", f64), ("name", str)],
                                  defaults={"name": "widget"})

    @dataclasses.dataclass(slots=True)
    class Item:  # the twin, named alike so that what shows the name shows the same
        id: int
        price: float
        name: str = "widget"

    return record, Item


def rows(cls, n=200):
    """Records of *cls* whose floats are distinct objects, so that one freed too early
    would show (its memory reused by the next)."""
    return [cls(i, i * 1.25 + 0.1, f"item {i}") for i in range(n)]


@pytest.mark.parametrize("form", FORMS)
class TestOrjson:
    def test_dumps_as_the_dataclass(self, impl, form):
        orjson = pytest.importorskip("orjson")
        Item, Twin = record_and_twin(impl, form)
        assert orjson.dumps(rows(Item)) == orjson.dumps(rows(Twin))
        assert orjson.dumps(Item(1, 2.5)) == b'{"id":1,"price":2.5,"name":"widget"}'

    def test_the_same_every_time(self, impl, form):
        # Whatever ran before: orjson finds dataclasses by __dataclass_fields__ in the
        # type's own dict, which every record type has from the start.
        orjson = pytest.importorskip("orjson")
        Item, Twin = record_and_twin(impl, form)
        first = orjson.dumps(rows(Item))
        dataclasses.fields(Item)
        dataclasses.asdict(Item(1, 2.0))
        assert orjson.dumps(rows(Item)) == first == orjson.dumps(rows(Twin))

    def test_values_stay_alive_while_read(self, impl, form):
        # orjson drops its reference to each attribute it reads before serialising it,
        # trusting the object to keep the value alive, as a slot does: a native field's
        # value is made by the read.
        orjson = pytest.importorskip("orjson")
        Item, _ = record_and_twin(impl, form)
        nested = [{"row": item, "again": [item, item.price]} for item in rows(Item, 50)]
        expected = [{"row": {"id": i, "price": i * 1.25 + 0.1, "name": f"item {i}"},
                     "again": [{"id": i, "price": i * 1.25 + 0.1, "name": f"item {i}"},
                               i * 1.25 + 0.1]} for i in range(50)]
        assert orjson.loads(orjson.dumps(nested)) == expected


INTEGER_ALIASES = ["i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64"]


def native_record(impl, alias):
    """A record type with one native field *alias* (``x``) and its range."""
    import slotrecord

    annotation = getattr(slotrecord, alias)
    native = annotation.__metadata__[0]
    return impl.make_record("Item", [("x", annotation)]), native.low, native.high


class TestAnnotatedTypesBounds:
    """The integer aliases carry their bounds as annotated-types constraints, which
    pydantic and hypothesis read from ``Annotated`` metadata."""

    @pytest.mark.parametrize("alias", INTEGER_ALIASES)
    def test_the_metadata_is_the_range(self, alias):
        annotated_types = pytest.importorskip("annotated_types")
        import slotrecord

        native = getattr(slotrecord, alias).__metadata__[0]
        assert list(native) == [annotated_types.Ge(native.low), annotated_types.Le(native.high)]
        assert list(slotrecord.f64.__metadata__[0]) == []  # a float field's range is no
        assert list(slotrecord.boolean.__metadata__[0]) == []  # interval

    @pytest.mark.parametrize("alias", ["i8", "u8", "i64", "u64"])
    def test_pydantic_refuses_out_of_range_with_a_validation_error(self, impl, alias):
        pydantic = pytest.importorskip("pydantic")
        Item, low, high = native_record(impl, alias)
        adapter = pydantic.TypeAdapter(Item)
        assert adapter.validate_python({"x": high}) == Item(high)
        assert adapter.validate_python({"x": low}) == Item(low)
        for bad in (high + 1, low - 1):
            with pytest.raises(pydantic.ValidationError, match="1 validation error for Item"):
                adapter.validate_python({"x": bad})

    @pytest.mark.parametrize("alias", INTEGER_ALIASES)
    def test_hypothesis_draws_within_the_range(self, impl, alias):
        pytest.importorskip("annotated_types")  # which the bounds are given as
        from hypothesis import given, settings
        from hypothesis import strategies as st

        Item, low, high = native_record(impl, alias)
        drawn = []

        @settings(max_examples=60, database=None)
        @given(st.builds(Item), st.from_type(Item))
        def draw(built, from_type):
            drawn.extend([built.x, from_type.x])

        draw()  # an out-of-range draw would raise OverflowError building the record
        assert drawn and all(low <= x <= high for x in drawn)


@pytest.mark.parametrize("form", FORMS)
class TestAsTheDataclass:
    """Clients that take records as they take the slotted dataclass: the same result."""

    def test_pandas_dataframe(self, impl, form):
        pandas = pytest.importorskip("pandas")
        Item, Twin = record_and_twin(impl, form)
        pandas.testing.assert_frame_equal(pandas.DataFrame(rows(Item)),
                                          pandas.DataFrame(rows(Twin)))

    def test_cattrs_unstructure_and_structure(self, impl, form):
        cattrs = pytest.importorskip("cattrs")
        Item, Twin = record_and_twin(impl, form)
        converter = cattrs.Converter()
        data = converter.unstructure(rows(Twin, 5))
        assert converter.unstructure(rows(Item, 5)) == data
        assert converter.structure(data, list[Item]) == rows(Item, 5)

    def test_rich_pretty(self, impl, form):
        pretty = pytest.importorskip("rich.pretty")
        Item, Twin = record_and_twin(impl, form)
        assert pretty.pretty_repr(rows(Item, 3)) == pretty.pretty_repr(rows(Twin, 3))

    def test_json_and_sqlite3_through_asdict_and_astuple(self, impl, form):
        import json
        import sqlite3

        Item, Twin = record_and_twin(impl, form)
        assert json.dumps([dataclasses.asdict(r) for r in rows(Item)]) == json.dumps(
            [dataclasses.asdict(r) for r in rows(Twin)])
        tables = []
        for cls in (Item, Twin):
            connection = sqlite3.connect(":memory:")
            connection.execute("create table item (id integer, price real, name text)")
            connection.executemany("insert into item values (?, ?, ?)",
                                   [dataclasses.astuple(r) for r in rows(cls)])
            tables.append(connection.execute("select * from item order by id").fetchall())
            connection.close()
        assert tables[0] == tables[1]
        assert [Item(*row) for row in tables[0]] == rows(Item)

    def test_msgspec_encode(self, impl, form):
        msgspec = pytest.importorskip("msgspec")
        Item, Twin = record_and_twin(impl, form)
        assert msgspec.json.encode(rows(Item)) == msgspec.json.encode(rows(Twin))
        assert msgspec.msgpack.encode(rows(Item)) == msgspec.msgpack.encode(rows(Twin))

    def test_msgspec_decode_and_convert(self, impl, form):
        # msgspec fills a blank instance (tp_alloc, no __init__), then reads each field to
        # find the unset ones: a native field must be unset there too.
        msgspec = pytest.importorskip("msgspec")
        Item, Twin = record_and_twin(impl, form)
        encoded = msgspec.json.encode(rows(Twin, 20))
        assert msgspec.json.decode(encoded, type=list[Item]) == rows(Item, 20)
        packed = msgspec.msgpack.encode(rows(Twin, 20))
        assert msgspec.msgpack.decode(packed, type=list[Item]) == rows(Item, 20)
        data = [{"id": 7, "price": 1.5}, {"price": 2.5, "id": 8, "name": "x", "extra": 0}]
        assert msgspec.convert(data, list[Item]) == [Item(7, 1.5), Item(8, 2.5, "x")]
        for bad in (b'{"id": 1}', b'{"price": 1.0}', b'{"id": "1", "price": 1.0}',
                    b'{"id": 1, "price": 1.0, "name": 5}'):
            expected = outcome(msgspec.json.decode, bad, type=Twin)
            assert expected[0] == "raises"
            assert outcome(msgspec.json.decode, bad, type=Item) == expected

    def test_msgspec_decode_frozen(self, impl, form):
        msgspec = pytest.importorskip("msgspec")
        if form == "class syntax":
            class Frozen(impl.Record, frozen=True):
                id: int
                price: float = 0.5
        else:
            Frozen = impl.make_record(
                "Frozen", [("id", i64 if form == "native fields" else int),
                           ("price", f64 if form == "native fields" else float)],
                defaults={"price": 0.5}, frozen=True)
        assert msgspec.json.decode(b'[{"id": 3}, {"id": 4, "price": 2.0}]',
                                   type=list[Frozen]) == [Frozen(3), Frozen(4, 2.0)]
        assert hash(msgspec.convert({"id": 3}, Frozen)) == hash(Frozen(3))

    @pytest.mark.no_leak_hunt  # hypothesis keeps the strategy it made for each new type
    def test_hypothesis_from_type(self, impl, form):
        if form == "native fields":  # whose bounds hypothesis reads as annotated-types
            pytest.importorskip("annotated_types")
        from hypothesis import given, settings
        from hypothesis import strategies as st

        Item, Twin = record_and_twin(impl, form)
        drawn = []

        @settings(max_examples=40, database=None)
        @given(st.from_type(Item), st.from_type(Twin))
        def draw(record, twin):
            drawn.append([type(value) for value in (*impl.astuple(record),
                                                    *dataclasses.astuple(twin))])

        draw()
        assert drawn and all(types[:3] == types[3:] == [int, float, str] for types in drawn)

    def test_dask_tokenize_and_bag(self, impl, form):
        pytest.importorskip("dask")
        import dask.bag
        from dask.base import tokenize

        Item, _ = record_and_twin(impl, form)
        assert tokenize(Item(1, 2.0)) == tokenize(Item(1, 2.0)) != tokenize(Item(1, 3.0))
        bag = dask.bag.from_sequence(rows(Item, 20), npartitions=4)
        assert bag.map(lambda r: (r.id, r.price)).compute(scheduler="sync") == [
            (r.id, r.price) for r in rows(Item, 20)]

    def test_pydantic_validate_and_dump(self, impl, form):
        pydantic = pytest.importorskip("pydantic")
        Item, Twin = record_and_twin(impl, form)
        data = [{"id": i, "price": i * 1.25 + 0.1, "name": f"item {i}"} for i in range(20)]
        records = pydantic.TypeAdapter(list[Item]).validate_python(data)
        assert records == rows(Item, 20)
        assert pydantic.TypeAdapter(list[Item]).dump_python(records) == pydantic.TypeAdapter(
            list[Twin]).dump_python(rows(Twin, 20)) == data
        with pytest.raises(pydantic.ValidationError, match="1 validation error"):
            pydantic.TypeAdapter(Item).validate_python({"id": "x", "price": 1.0})


def test_bare_names_resolve_where_the_module_imports_typing(impl):
    # make_record annotates a name given alone as 'typing.Any', as make_dataclass does;
    # pydantic resolves it in the record type's module, which here imports typing.
    pydantic = pytest.importorskip("pydantic")
    assert typing.Any  # the module's import that the annotation resolves through
    Item = impl.make_record("Item", ["id", "name"])
    assert Item.__annotations__ == {"id": "typing.Any", "name": "typing.Any"}
    assert pydantic.TypeAdapter(Item).validate_python({"id": 1, "name": [2]}) == Item(1, [2])
