"""``python -m slotrecord``: which implementation is active, and how it compares.

Builds the same 3-field record, ``Product(id, name, price)``, with slotrecord and with
every peer installed here (the standard library's record classes always; attrs, msgspec
and recordclass when present), then measures construction, attribute access and memory,
each as a ratio to slotrecord's. The "native numbers" row declares ``id`` an ``i64`` and
``price`` an ``f64``: they are kept as raw C values, not as int and float objects.

The times are taken in rounds, each of which times every row once, and each row shows its
fastest round: a burst of other work on the machine slows a round of every row alike
rather than the rows measured while it lasts. A few seconds; ``--quick`` runs a tiny
version. The full comparison is the benchmark suite: ``pytest benchmarks/ --benchmark-only``.
"""

from __future__ import annotations

import argparse
import platform
import sys
import timeit
import tracemalloc

import slotrecord
from slotrecord import _peers

FIELDS = ["id", "name", "price"]
PEERS = ["attrs", "msgspec", "recordclass"]
CONSTRUCT = "cls(1, 'widget', 9.99)"  # construction by position
READ = "record.price"


def _shown() -> list[_peers.Contender]:
    backend = f"slotrecord {slotrecord.BACKEND}"
    wanted = [backend, f"{backend}, native numbers", "slotrecord cython, gc=False",
              "plain class", "__slots__ class", "dataclass(slots=True)", "namedtuple",
              "attrs", "msgspec", "msgspec, gc=False", "recordclass"]
    by_name = {contender.name: contender for contender in _peers.contenders()}
    return [by_name[name] for name in wanted if name in by_name]


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


def _time_once(statement: str, namespace: dict, number: int) -> float:
    """Seconds per run of *statement*, over *number* runs in *namespace*."""
    return timeit.Timer(statement, globals=namespace).timeit(number) / number


def measure(contenders: list[_peers.Contender], rounds: int, number: int,
            progress=None) -> list[tuple[str, float, float, float]]:
    """(name, construction seconds, attribute read seconds, bytes per record) of each
    contender. The times are the fastest of *rounds* rounds, each of which times every
    contender once: *number* constructions, then ten times as many reads."""
    classes = [_peers.build(contender, FIELDS) for contender in contenders]
    namespaces = [{"cls": cls, "record": cls(1, "widget", 9.99)} for cls in classes]
    build = [float("inf")] * len(classes)
    read = [float("inf")] * len(classes)
    for done in range(rounds):
        if progress is not None:
            progress(done, rounds, f"round {done + 1} of {rounds}")
        for row, namespace in enumerate(namespaces):
            build[row] = min(build[row], _time_once(CONSTRUCT, namespace, number))
            read[row] = min(read[row], _time_once(READ, namespace, number * 10))
    if progress is not None:
        progress(rounds, rounds, "")
    # Memory is counted, not timed: once a row is enough.
    return [(contender.name, build[row], read[row], _bytes_per_record(cls, number))
            for row, (contender, cls) in enumerate(zip(contenders, classes, strict=True))]


def _progress(done: int, total: int, label: str) -> None:
    if not sys.stderr.isatty():
        return
    filled = 30 * done // total
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total} {label:30}")
    if done == total:
        sys.stderr.write("\r" + " " * 80 + "\r")
    sys.stderr.flush()


def _processor() -> str:
    """The processor's name, if cheaply known: Linux's /proc/cpuinfo, else what
    ``platform.processor()`` says (often only the architecture, or nothing)."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as cpuinfo:
            for line in cpuinfo:
                key, _, value = line.partition(":")
                if key.strip() in ("model name", "Processor", "cpu model") and value.strip():
                    return value.strip()
    except OSError:
        pass
    return platform.processor()


def machine() -> str:
    """What the figures depend on besides slotrecord: the Python, and the processor if
    known."""
    python = f"{platform.python_implementation()} {platform.python_version()}"
    processor = _processor()
    return f"{python}, processor: {processor}" if processor else python


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
    rounds, number = (3, 200) if options.quick else (25, 20_000)
    missing = [peer for peer in PEERS if _peers._optional(peer) is None]
    print(f"slotrecord {slotrecord.__version__}, implementation: {slotrecord.BACKEND} "
          f"(slotrecord.BACKEND); {machine()}")
    if missing:
        print(f"Not installed, so not compared: {', '.join(missing)} "
              "(pip install 'slotrecord[bench]' adds them; from a checkout, "
              "pip install '.[bench]').")
    print(f"\nProduct(id, name, price), timed on this machine and this Python: each row's "
          f"fastest of {rounds}\nrounds (a round times every row once, so that other work "
          "on the machine slows all rows alike).\n"
          "  construct       Product(1, 'widget', 9.99): construction by position\n"
          "  read attribute  record.price\n"
          "  bytes each      a record with an id and a price of its own (the name is shared)\n"
          "Ratios are to the first row.\n")
    rows = measure(_shown(), rounds, number, _progress)
    print(report(rows))


if __name__ == "__main__":
    main()
