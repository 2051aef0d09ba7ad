"""One benchmark group per operation, one benchmark per contender, so that the rows of a
group compare. Cheap operations run several times per timed call (see ``repeated``): 100
for attribute access, which costs a few nanoseconds, so that the call's own cost does not
drown the difference."""

from __future__ import annotations

import copy
import pickle
import random

import pytest

from slotrecord._peers import TYPE_FACTORIES, _optional, build, contenders

CONTENDERS = contenders()
FIELDS = ["id", "name", "price"]
WIDE = [f"f{i}" for i in range(12)]
REPEAT = 20
SCAN = 1_000_000

each_contender = pytest.mark.parametrize("contender", CONTENDERS, ids=lambda c: c.name)


def repeated(statement: str, namespace: dict, times: int = REPEAT):
    """A function that runs *statement* *times* times, unrolled: the benchmark's own call
    is then shared between *times* operations (the report divides by it)."""
    source = "def run():\n" + f"    {statement}\n" * times
    exec(source, namespace)  # benchmark code: our own source
    return namespace["run"]


def bench(benchmark, group: str, statement: str, namespace: dict, times: int = REPEAT):
    run = repeated(statement, namespace, times)
    try:
        run()
    except Exception as error:  # this contender cannot do it
        pytest.skip(f"not supported: {type(error).__name__}: {error}")
    benchmark.group = group
    benchmark.extra_info["operations"] = times
    benchmark(run)


@each_contender
def test_construct_positional(benchmark, contender):
    cls = build(contender, FIELDS)
    bench(benchmark, "construct by position", "cls(1, 'widget', 9.99)", {"cls": cls})


@each_contender
def test_construct_keyword(benchmark, contender):
    cls = build(contender, FIELDS)
    bench(benchmark, "construct by keyword", "cls(id=1, name='widget', price=9.99)",
          {"cls": cls})


@each_contender
def test_construct_defaults(benchmark, contender):
    cls = build(contender, FIELDS, defaults={"name": "widget", "price": 9.99})
    bench(benchmark, "construct with defaults", "cls(1)", {"cls": cls})


@each_contender
def test_construct_wide(benchmark, contender):
    cls = build(contender, WIDE)
    bench(benchmark, "construct by position, 12 fields", "cls(" + "1, " * 12 + ")",
          {"cls": cls})


@each_contender
def test_get(benchmark, contender):
    obj = build(contender, FIELDS)(1, "widget", 9.99)
    bench(benchmark, "attribute get", "obj.price", {"obj": obj}, times=100)


@each_contender
def test_set(benchmark, contender):
    obj = build(contender, FIELDS)(1, "widget", 9.99)
    bench(benchmark, "attribute set", "obj.price = 8.5", {"obj": obj}, times=100)


@each_contender
def test_scan(benchmark, contender):
    """A field read from every record of a large list, in random order: what memory costs
    (a record's float object lies elsewhere in memory; a native field is in the record)."""
    count = 1000 if benchmark.disabled else SCAN
    cls = build(contender, FIELDS)
    records = [cls(i + 1000, "widget", i + 0.5) for i in range(count)]
    random.Random(0).shuffle(records)

    def run():
        total = 0.0
        for obj in records:
            total += obj.price
        return total

    benchmark.group = f"sum a float field over {SCAN:,} records in random order"
    benchmark.extra_info["operations"] = count
    benchmark(run)


@each_contender
def test_eq(benchmark, contender):
    cls = build(contender, FIELDS)
    bench(benchmark, "== (equal records)", "a == b",
          {"a": cls(1, "widget", 9.99), "b": cls(1, "widget", 9.99)})


@each_contender
def test_order(benchmark, contender):
    cls = build(contender, FIELDS, order=True)
    bench(benchmark, "< (records differing in the last field)", "a < b",
          {"a": cls(1, "widget", 9.99), "b": cls(1, "widget", 10.0)})


@each_contender
def test_hash(benchmark, contender):
    obj = build(contender, FIELDS, frozen=True)(1, "widget", 9.99)
    bench(benchmark, "hash (frozen)", "hash(obj)", {"obj": obj})


@each_contender
def test_repr(benchmark, contender):
    obj = build(contender, FIELDS)(1, "widget", 9.99)
    bench(benchmark, "repr", "repr(obj)", {"obj": obj}, times=5)


@each_contender
def test_copy(benchmark, contender):
    obj = build(contender, FIELDS)(1, "widget", 9.99)
    bench(benchmark, "copy.copy", "copy(obj)", {"obj": obj, "copy": copy.copy}, times=5)


@each_contender
def test_pickle(benchmark, contender):
    obj = build(contender, FIELDS)(1, "widget", 9.99)
    bench(benchmark, "pickle round trip", "loads(dumps(obj))",
          {"obj": obj, "loads": pickle.loads, "dumps": pickle.dumps}, times=5)


@each_contender
def test_asdict(benchmark, contender):
    obj = build(contender, FIELDS)(1, "widget", 9.99)
    bench(benchmark, "asdict", "asdict(obj)", {"obj": obj, "asdict": contender.asdict}, times=5)


@each_contender
def test_astuple(benchmark, contender):
    obj = build(contender, FIELDS)(1, "widget", 9.99)
    bench(benchmark, "astuple", "astuple(obj)", {"obj": obj, "astuple": contender.astuple},
          times=5)


@each_contender
def test_replace(benchmark, contender):
    obj = build(contender, FIELDS)(1, "widget", 9.99)
    bench(benchmark, "replace one field", "replace(obj, price=8.5)",
          {"obj": obj, "replace": contender.replace}, times=5)


@pytest.mark.parametrize("factory", sorted(TYPE_FACTORIES))
def test_type_creation(benchmark, factory):
    make = TYPE_FACTORIES[factory]
    bench(benchmark, "type creation", "make('Product', ['id', 'name', 'price'])",
          {"make": make}, times=1)


def _with_field_option(kind: str, option: str) -> type:
    """A 3-field type whose ``name`` field has ``option=False``, made by *kind*: one of
    slotrecord's implementations (``cython``, ``python``), ``dataclass`` or ``attrs``."""
    if kind == "dataclass":
        import dataclasses as library

        decorate = library.dataclass(slots=True)
    elif kind == "attrs":
        library = _optional("attrs")
        if library is None:
            pytest.skip("attrs is not installed")
        decorate = library.define(slots=True)
    else:
        library = _optional(f"slotrecord._record_{'c' if kind == 'cython' else 'py'}")
        if library is None:
            pytest.skip("the extension is not built")
        decorate = library.dataclass
    namespace = {"name": library.field(default="widget", **{option: False}), "price": 9.99,
                 "__annotations__": {"id": int, "name": str, "price": float}}
    return decorate(type(f"With{option.title()}False", (), namespace))


FIELD_OPTION_MAKERS = ["cython", "python", "dataclass", "attrs"]


@pytest.mark.parametrize("kind", FIELD_OPTION_MAKERS)
def test_eq_with_compare_false(benchmark, kind):
    cls = _with_field_option(kind, "eq" if kind == "attrs" else "compare")
    bench(benchmark, "== with a field(compare=False)", "a == b",
          {"a": cls(1, "widget", 9.99), "b": cls(1, "gadget", 9.99)})


@pytest.mark.parametrize("kind", FIELD_OPTION_MAKERS)
def test_repr_with_repr_false(benchmark, kind):
    cls = _with_field_option(kind, "repr")
    bench(benchmark, "repr with a field(repr=False)", "repr(obj)",
          {"obj": cls(1, "widget", 9.99)}, times=5)
