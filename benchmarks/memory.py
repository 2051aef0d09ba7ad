"""Memory and garbage-collection cost of many records, for every contender.

    python benchmarks/memory.py [--count 1000000] [--json benchmarks/out/memory.json]

It writes to ``benchmarks/out/``, which git ignores; ``benchmarks/report.py --publish``
copies the run into the committed ``benchmarks/memory.json`` with the report it makes.

For each contender: bytes per ``Product(id, name, price)`` measured by tracemalloc, first
with every record sharing the same field values (the record alone), then with a unique int
and float in each record (the record and its numbers); bytes per
``Agent(id, x, y, name)`` with a unique id, x and y (the numbers are native fields in the
"native numbers" contenders); and the time of a full ``gc.collect()`` while the Products
are alive, the best of three (the test msgspec publishes).
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import sys
import time
import tracemalloc
from datetime import datetime, timezone
from pathlib import Path

from slotrecord._peers import build, contenders

OUT = Path(__file__).parent / "out"  # git ignores it: runs land here, not in committed files
PRODUCT = ["id", "name", "price"]
AGENT = ["id", "x", "y", "name"]


def bytes_per_record(cls, count: int, make) -> tuple[float, list]:
    """Bytes per record of *count* records ``make(cls, i)``, and the records."""
    gc.collect()
    tracemalloc.start()
    try:
        records = [make(cls, i) for i in range(count)]
        size, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return (size - sys.getsizeof(records)) / count, records


def collect_seconds(repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        gc.collect()
        best = min(best, time.perf_counter() - start)
    return best


def measure(count: int, progress=print) -> dict:
    rows = []
    for contender in contenders():
        agent, records = bytes_per_record(build(contender, AGENT), count,
                                          lambda cls, i: cls(i + 1000, i + 0.5, i + 0.25, "a"))
        del records
        cls = build(contender, PRODUCT)
        shared, records = bytes_per_record(cls, count, lambda cls, i: cls(1, "widget", 9.99))
        del records
        unique, records = bytes_per_record(cls, count,
                                           lambda cls, i: cls(i + 1000, "widget", i + 0.5))
        gc_seconds = collect_seconds()
        del records
        rows.append({"name": contender.name, "shared_bytes": shared, "unique_bytes": unique,
                     "agent_bytes": agent, "gc_seconds": gc_seconds})
        progress(f"{contender.name:36} {shared:6.1f} B {unique:6.1f} B {agent:6.1f} B "
                 f"gc.collect {gc_seconds * 1e3:7.1f} ms")
    return {
        "count": count,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "machine": platform.machine(),
        "processor": _processor(),
        "datetime": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "results": rows,
    }


def _processor() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--json", type=Path, default=OUT / "memory.json",
                        help="where to write the run (default: %(default)s, untracked)")
    options = parser.parse_args(argv)
    result = measure(options.count)
    options.json.parent.mkdir(parents=True, exist_ok=True)
    options.json.write_text(json.dumps(result, indent=2) + "\n")
    print(f"written to {options.json}")


if __name__ == "__main__":
    main()
