"""The client matrix: libraries that handle dataclasses, given records, each beside the
same operation on the ``dataclass(slots=True)`` with the same fields. Every client is
checked with a record type made by the class syntax, one made by ``make_record``, and one
with native fields. A client that is not installed skips (the ``interop`` extra installs
them all)."""

from __future__ import annotations

import dataclasses

import pytest

from slotrecord import f64, i64

FORMS = ["class syntax", "make_record", "native fields"]


def record_and_twin(impl, form):
    """A record type of the *form* with fields id, price, name, and its slotted dataclass."""
    if form == "class syntax":
        class Item(impl.Record):
            id: int
            price: float
            name: str = "widget"
    elif form == "make_record":
        Item = impl.make_record("Item", ["id", "price", "name"], defaults={"name": "widget"})
    else:
        Item = impl.make_record("Item", [("id", i64), ("price", f64), "name"],
                                defaults={"name": "widget"})

    @dataclasses.dataclass(slots=True)
    class Twin:
        id: int
        price: float
        name: str = "widget"

    return Item, Twin


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
