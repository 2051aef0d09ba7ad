"""``python -m slotrecord``: which implementation is active, and how it compares.

Builds the same 3-field record, ``Product(id, name, price)``, with slotrecord and with
every peer installed here (the standard library's record classes always; attrs, msgspec
and recordclass when present), then measures construction, attribute access and memory,
each as a ratio to slotrecord's. The "native numbers" row declares ``id`` an ``i64`` and
``price`` an ``f64``: they are kept as raw C values, not as int and float objects. A few
seconds; ``--quick`` runs a tiny version. The full comparison is the benchmark suite:
``pytest benchmarks/ --benchmark-only``.
"""

from __future__ import annotations

import argparse
import sys
import timeit
import tracemalloc

import slotrecord
from slotrecord import _peers

FIELDS = ["id", "name", "price"]
PEERS = ["attrs", "msgspec", "recordclass"]


def _shown() -> list[_peers.Contender]:
    backend = f"slotrecord {slotrecord.BACKEND}"
    wanted = [backend, f"{backend}, native numbers", "slotrecord cython, gc=False",
              "plain class", "__slots__ class", "dataclass(slots=True)", "namedtuple",
              "attrs", "msgspec", "msgspec, gc=False", "recordclass"]
    by_name = {contender.name: contender for contender in _peers.contenders()}
    return [by_name[name] for name in wanted if name in by_name]


def _best_time(statement: str, namespace: dict, number: int) -> float:
    timer = timeit.Timer(statement, globals=namespace)
    return min(timer.repeat(repeat=5, number=number)) / number


def _bytes_per_record(cls: type, count: int) -> float:
    """Memory held by *count* records, each with an int and a float of its own (the name
    is shared): the record and its numbers."""
    tracemalloc.start()
    try:
        records = [cls(i + 1000, "widget", i + 0.5) for i in range(count)]
        size, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return (size - sys.getsizeof(records)) / count


def measure(contender: _peers.Contender, number: int) -> tuple[float, float, float]:
    """(construction seconds, attribute read seconds, bytes per record)."""
    cls = _peers.build(contender, FIELDS)
    namespace = {"cls": cls, "record": cls(1, "widget", 9.99)}
    return (_best_time("cls(1, 'widget', 9.99)", namespace, number),
            _best_time("record.price", namespace, number * 10),
            _bytes_per_record(cls, number))


def _progress(done: int, total: int, label: str) -> None:
    if not sys.stderr.isatty():
        return
    filled = 30 * done // total
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total} {label:30}")
    if done == total:
        sys.stderr.write("\r" + " " * 80 + "\r")
    sys.stderr.flush()


def report(rows: list[tuple[str, float, float, float]]) -> str:
    _name, build, read, size = rows[0]
    lines = [f"{'':36}{'construct':>18}{'read attribute':>20}{'bytes each':>16}"]
    for name, b, r, s in rows:
        lines.append(f"{name:36}{b * 1e9:8.0f} ns {b / build:5.2f}x"
                     f"{r * 1e9:10.1f} ns {r / read:5.2f}x{s:9.0f} {s / size:5.2f}x")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    # The docstring's first paragraph, its reStructuredText literals as plain text.
    description = __doc__.split("\n\n")[0].replace("``", "")
    parser = argparse.ArgumentParser(prog="python -m slotrecord", description=description)
    parser.add_argument("--quick", action="store_true", help="a tiny run, for testing")
    options = parser.parse_args(argv)
    number = 200 if options.quick else 100_000
    missing = [peer for peer in PEERS if _peers._optional(peer) is None]
    print(f"slotrecord {slotrecord.__version__}, implementation: {slotrecord.BACKEND}, "
          f"Python {sys.version.split()[0]}")
    if missing:
        print(f"Not installed, so not compared: {', '.join(missing)} "
              "(pip install 'slotrecord[bench]' adds them; from a checkout, "
              "pip install '.[bench]').")
    print("Product(id, name, price): best of 5 runs; ratios are to slotrecord's first row; "
          "bytes each with a unique id and price.\n")
    contenders = _shown()
    rows = []
    for done, contender in enumerate(contenders):
        _progress(done, len(contenders), contender.name)
        rows.append((contender.name, *measure(contender, number)))
    _progress(len(contenders), len(contenders), "")
    print(report(rows))


if __name__ == "__main__":
    main()
