"""Record types defined in ``__main__`` (a script, a notebook) travel to other processes as
the tools that ship work carry them: cloudpickle into a fresh interpreter, dask's process
scheduler, and a ``dask.distributed`` cluster with worker processes. Each runs in a
subprocess, whose ``__main__`` defines the types: the class syntax with methods (one that
names its class, one through ``super()``), ``make_record``, native fields, a generic, a
subclass."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import types

import pytest

# The script that defines the types, as a user's __main__ would. {impl} is the module of
# one implementation; TYPES ends with check(), which prints what the records do.
TYPES = """
import dataclasses
from typing import ClassVar, Generic, TypeVar

from slotrecord import f64, i32
from {impl} import Record, field, make_record

T = TypeVar("T")


class Base(Record):
    id: int

    def __post_init__(self):
        self.label = f"#{{self.id}}"


class Product(Base):
    price: f64 = 1.0
    tags: list = field(default_factory=list)
    label: str = field(default="", init=False)
    unit: ClassVar[str] = "EUR"

    def total(self, n):
        return Product(self.id, self.price * n)

    def __post_init__(self):
        super().__post_init__()

    @property
    def cents(self):
        return round(self.price * 100)

    @classmethod
    def free(cls, id):
        return cls(id, 0.0)


Point = make_record("Point", [("x", f64), ("y", f64), ("n", i32)], frozen=True)
Pair = make_record("Pair", {{"left": object, "right": object}}, defaults={{"right": None}})


class Box(Record, Generic[T]):
    item: T


def build(i):
    return [Product(i, 2.5).total(2), Point(i / 2, -1.0, i), Pair(i, [i]), Box[int](i),
            Product.free(i)]


def check(records):
    product, point, pair, box, free = records
    return (repr(records), product.label, product.cents, Product.unit, hash(point),
            [f.name for f in dataclasses.fields(product)],
            point == Point(*dataclasses.astuple(point)),
            type(box).__orig_bases__[:2] == (Record, Generic[T]), free.price,
            [type(r).__qualname__ for r in records])
"""


def run(script, *args, impl, timeout=240):
    """Run *script* as a __main__ in a fresh interpreter with *impl*; its stdout."""
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    if impl.BACKEND == "python":
        environment["SLOTRECORD_NO_EXTENSIONS"] = "1"
    result = subprocess.run([sys.executable, str(script), *map(str, args)],
                            capture_output=True, text=True, env=environment, timeout=timeout)
    assert result.returncode == 0, result.stderr
    return result.stdout


def script(tmp_path, name, body, impl):
    path = tmp_path / f"{name}.py"
    path.write_text(TYPES.format(impl=impl.__name__) + textwrap.dedent(body))
    return path


class TestCloudpickle:
    def test_types_functions_and_records_load_in_a_fresh_interpreter(self, impl, tmp_path):
        pytest.importorskip("cloudpickle")
        pickled = tmp_path / "work.pickle"
        dump = script(tmp_path, "dump", """
            import sys
            import cloudpickle

            records = build(3)
            payload = (Product, Point, Pair, Box, build, check, records)
            open(sys.argv[1], "wb").write(cloudpickle.dumps(payload))
            print(check(records))
        """, impl)
        expected = run(dump, pickled, impl=impl)
        load = tmp_path / "load.py"  # knows none of the types
        load.write_text(textwrap.dedent("""
            import pickle, sys
            data = open(sys.argv[1], "rb").read()
            Product, Point, Pair, Box, build, check, records = pickle.loads(data)
            assert pickle.loads(data)[0] is Product  # rebuilt once per process
            assert [type(r) for r in build(3)] == [type(r) for r in records]
            assert build(3) == records and pickle.loads(pickle.dumps(records)) == records
            assert Product(1).total(2) == Product(1, 2.0) and Product.__name__ == "Product"
            print(check(records))
        """))
        assert run(load, pickled, impl=impl) == expected
        assert "'Product', 'Point', 'Pair', 'Box', 'Product'" in expected

    def test_a_type_comes_back_to_its_process_as_itself(self, impl):
        cloudpickle = pytest.importorskip("cloudpickle")

        class Local(impl.Record):
            a: int

            def again(self):
                return Local(self.a)

        assert cloudpickle.loads(cloudpickle.dumps(Local)) is Local
        record = cloudpickle.loads(cloudpickle.dumps(Local(1).again))()
        assert type(record) is Local and record == Local(1)


class TestPlainPickle:
    def test_a_spawn_pool_works_with_the_types_of_main(self, impl, tmp_path):
        # A spawned process runs __main__'s top level again: plain pickle finds the class
        # bodies' methods there, and a record it receives is of the type its code names.
        main = script(tmp_path, "pool", """
            import multiprocessing

            def work(records):
                assert all(isinstance(r, t) for r, t in zip(records, (Product, Point, Pair)))
                return records[0].total(3), check(build(2)), type(records[0]) is Product

            if __name__ == "__main__":
                with multiprocessing.get_context("spawn").Pool(2) as pool:
                    results = pool.map(work, [build(i)[:3] for i in range(4)])
                assert [r[0] for r in results] == [build(i)[0].total(3) for i in range(4)]
                assert all(type(r[0]) is Product for r in results)  # home as itself
                assert all(r[1] == check(build(2)) and r[2] for r in results)
                print("ok")
        """, impl)
        assert run(main, impl=impl) == "ok\n"


class TestTheCarrier:
    """What lets cloudpickle carry a record type: the last of its ``__orig_bases__``."""

    def test_a_skeleton_class_is_the_type_itself(self, impl):
        Point = impl.make_record("Point", ["x", "y"])
        assert type(Point.__orig_bases__[-1]).__name__ == "TypeCarrier"
        assert Point.__orig_bases__[:-1] == Point.__bases__
        skeleton = types.new_class("Point", Point.__orig_bases__, {"metaclass": type(Point)})
        assert skeleton is Point

    def test_assigning_what_the_type_holds_changes_nothing(self, impl):
        Point = impl.make_record("Point", ["x", "y"], frozen=True)
        for name, value in list(Point.__dict__.items()):
            if name not in ("__dict__", "__weakref__"):
                setattr(Point, name, value)
        Point.__slots__ = ("x", "y")
        assert Point(1, 2) == Point(1, 2) and hash(Point(1, 2)) == hash((1, 2))
        assert repr(Point(1, 2)) == "Point(x=1, y=2)"

    def test_a_method_with_a_cell_not_filled_yet(self, impl):
        # cloudpickle assigns methods whose closure cells it fills later: comparing them
        # with what the type holds must not read an empty cell.
        def closed():
            def method(self):
                return late
            if not method:
                late = 1
            return method

        Point = impl.make_record("Point", ["x"])
        Point.method = closed()
        Point.method = closed()
        with pytest.raises(NameError, match="late"):
            Point(1).method()

    def test_the_layout_still_cannot_change(self, impl):
        Point = impl.make_record("Point", ["x", "y"])
        Other = impl.make_record("Point", ["x", "z"])
        with pytest.raises(TypeError, match="its layout is fixed when it is made"):
            Point.__slotrecord__ = Other.__slotrecord__
        with pytest.raises(TypeError, match="its layout is fixed when it is made"):
            Point.__slots__ = ("x", "z")

    def test_a_subclass_and_the_decorator_leave_the_carrier_out(self, impl):
        Point = impl.make_record("Point", ["x"])

        class Sub(Point):
            y: int = 0

        @impl.dataclass
        class Again(Sub):
            z: int = 1

        for cls in (Sub, Again):
            carriers = [b for b in cls.__orig_bases__ if type(b).__name__ == "TypeCarrier"]
            assert [c.cls for c in carriers] == [cls]
        assert Again(1).z == 1 and issubclass(Again, Sub)


@pytest.mark.no_leak_hunt
class TestDask:
    def test_the_process_scheduler(self, impl, tmp_path):
        pytest.importorskip("dask")
        pytest.importorskip("cloudpickle")
        main = script(tmp_path, "bag", """
            import dask.bag

            if __name__ == "__main__":
                bag = dask.bag.from_sequence(range(6), npartitions=3).map(build)
                got = bag.compute(scheduler="processes")
                assert got == [build(i) for i in range(6)]
                assert all(type(r) is type(e) for g, w in zip(got, map(build, range(6)))
                           for r, e in zip(g, w))
                print(check(got[3]) == check(build(3)))
        """, impl)
        assert run(main, impl=impl) == "True\n"

    def test_a_distributed_cluster_with_worker_processes(self, impl, tmp_path):
        pytest.importorskip("distributed")
        main = script(tmp_path, "cluster", """
            from distributed import Client, LocalCluster

            def totals(records):
                return [r.total(10) for r in records if isinstance(r, Product)]

            if __name__ == "__main__":
                with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as cluster, \\
                        Client(cluster) as client:
                    built = client.gather(client.map(build, range(8)))  # made on workers
                    assert built == [build(i) for i in range(8)]
                    assert all(type(r) is type(e) for g, w in zip(built, map(build, range(8)))
                               for r, e in zip(g, w))  # home again as the very types
                    sent = client.scatter([build(i) for i in range(4)])  # sent as data
                    back = client.gather(client.map(totals, sent))
                    assert back == [totals(build(i)) for i in range(4)]
                    remote = client.submit(check, client.submit(build, 5)).result()
                    assert remote == check(build(5)), (remote, check(build(5)))
                    print(len(client.scheduler_info()["workers"]), back[1])
        """, impl)
        assert run(main, impl=impl) == ("2 [Product(id=1, price=50.0, tags=[], label='#1'), "
                                        "Product(id=1, price=0.0, tags=[], label='#1')]\n")
