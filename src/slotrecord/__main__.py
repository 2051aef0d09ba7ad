"""``python -m slotrecord``: show which implementation is active and how it compares.

Builds the same 3-field record with slotrecord and with the standard library's record
classes, then reports construction time, attribute access time and bytes per instance,
each as a ratio to slotrecord's. ``--quick`` runs a tiny version (for the test suite).
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import sys
import timeit
import tracemalloc

import slotrecord


class PlainClass:
    def __init__(self, id, name, price):
        self.id = id
        self.name = name
        self.price = price


class SlotsClass:
    __slots__ = ("id", "name", "price")

    def __init__(self, id, name, price):
        self.id = id
        self.name = name
        self.price = price


def _contenders() -> dict[str, type]:
    return {
        f"slotrecord ({slotrecord.BACKEND})": slotrecord.make_record(
            "Product", "id name price"),
        "plain class": PlainClass,
        "__slots__ class": SlotsClass,
        "dataclass(slots=True)": dataclasses.make_dataclass(
            "Product", ["id", "name", "price"], slots=True),
        "namedtuple": collections.namedtuple("Product", "id name price"),
    }


def _best_time(statement, namespace: dict, number: int) -> float:
    timer = timeit.Timer(statement, globals=namespace)
    return min(timer.repeat(repeat=5, number=number)) / number


def _bytes_per_instance(cls: type, count: int) -> float:
    """Memory held by *count* records alone: every record shares the same field values."""
    tracemalloc.start()
    try:
        records = [cls(1, "widget", 9.99) for _ in range(count)]
        size, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    list_bytes = sys.getsizeof(records)
    return (size - list_bytes) / count


def measure(count: int) -> list[tuple[str, float, float, float]]:
    """(name, construction seconds, attribute read seconds, bytes) per contender."""
    rows = []
    for name, cls in _contenders().items():
        namespace = {"cls": cls, "record": cls(1, "widget", 9.99)}
        rows.append((
            name,
            _best_time("cls(1, 'widget', 9.99)", namespace, count),
            _best_time("record.price", namespace, count),
            _bytes_per_instance(cls, count),
        ))
    return rows


def report(rows: list[tuple[str, float, float, float]]) -> str:
    base = rows[0]
    lines = [f"{'':24}{'construct':>18}{'read attribute':>20}{'bytes each':>16}"]
    for name, build, read, size in rows:
        lines.append(
            f"{name:24}{build * 1e9:8.0f} ns {build / base[1]:5.2f}x"
            f"{read * 1e9:10.1f} ns {read / base[2]:5.2f}x"
            f"{size:9.0f} {size / base[3]:5.2f}x"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m slotrecord", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a tiny run, for testing")
    options = parser.parse_args(argv)
    print(f"slotrecord {slotrecord.__version__}, implementation: {slotrecord.BACKEND}, "
          f"Python {sys.version.split()[0]}")
    print("A 3-field record Product(id, name, price); times are the best of 5 runs, "
          "ratios are to slotrecord's.\n")
    print(report(measure(200 if options.quick else 200_000)))


if __name__ == "__main__":
    main()
