"""Memory and garbage-collection cost of many records, for every contender.

    python benchmarks/memory.py [--count 1000000] [--json benchmarks/memory.json]

For each contender: bytes per record measured by tracemalloc, first with every record
sharing the same field values (the record alone), then with a unique int and float in
each record (the record and its numbers); and the time of a full ``gc.collect()`` while
the records are alive, the best of three (the test msgspec publishes).
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


def bytes_per_record(cls, count: int, unique: bool) -> tuple[float, list]:
    gc.collect()
    tracemalloc.start()
    try:
        if unique:
            records = [cls(i + 1000, "widget", i + 0.5) for i in range(count)]
        else:
            records = [cls(1, "widget", 9.99) for _ in range(count)]
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
        cls = build(contender, ["id", "name", "price"])
        shared, records = bytes_per_record(cls, count, unique=False)
        del records
        unique, records = bytes_per_record(cls, count, unique=True)
        gc_seconds = collect_seconds()
        del records
        rows.append({"name": contender.name, "shared_bytes": shared, "unique_bytes": unique,
                     "gc_seconds": gc_seconds})
        progress(f"{contender.name:30} {shared:6.1f} B {unique:6.1f} B "
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
    parser.add_argument("--json", type=Path, default=Path(__file__).with_name("memory.json"))
    options = parser.parse_args(argv)
    result = measure(options.count)
    options.json.write_text(json.dumps(result, indent=2) + "\n")
    print(f"written to {options.json}")


if __name__ == "__main__":
    main()
