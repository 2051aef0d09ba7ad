"""Turn a benchmark run and a memory run into ``benchmarks/RESULTS.md`` and a chart.

    pytest benchmarks/ --benchmark-only --benchmark-json=benchmarks/bench.json
    python benchmarks/memory.py --json benchmarks/memory.json
    python benchmarks/report.py benchmarks/bench.json benchmarks/memory.json

Times are per operation: the median of a benchmark divided by the operations it ran
(``extra_info["operations"]``). Ratios are to a hand-written ``__slots__`` class and to
msgspec, measured in the same run; the targets are those of DESIGN.md.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).parent
SLOTS, MSGSPEC, NATIVE, PURE = ("__slots__ class", "msgspec", "slotrecord cython",
                                "slotrecord python")
NUMBERS = "slotrecord cython, native numbers"  # id an i64 and price an f64

# (group, contender, against, at most): DESIGN.md's performance targets, then issue 7's for
# native fields (against the same record with object fields).
TARGETS = [
    ("construct by position", NATIVE, MSGSPEC, 0.75),
    ("construct by position", NATIVE, SLOTS, 0.35),
    ("construct by keyword", NATIVE, MSGSPEC, 1.0),
    ("construct by keyword", NATIVE, SLOTS, 0.25),
    ("attribute get", NATIVE, SLOTS, 1.05),
    ("attribute set", NATIVE, SLOTS, 1.05),
    ("== (equal records)", NATIVE, MSGSPEC, 1.0),
    ("hash (frozen)", NATIVE, MSGSPEC, 1.0),
    ("repr", NATIVE, MSGSPEC, 1.0),
    ("copy.copy", NATIVE, MSGSPEC, 1.0),
    ("pickle round trip", NATIVE, MSGSPEC, 1.0),
    ("asdict", NATIVE, MSGSPEC, 1.0),
    ("type creation", "slotrecord", "msgspec.defstruct", 1.0),
    ("type creation", "slotrecord", "make_dataclass", 0.05),
    ("construct by position", NUMBERS, NATIVE, 1.0),
    ("attribute get", NUMBERS, NATIVE, 2.0),
    ("attribute set", NUMBERS, NATIVE, 2.0),
]


def per_operation(bench_json: dict) -> dict[str, dict[str, float]]:
    """{group: {contender: median seconds per operation}}."""
    table: dict[str, dict[str, float]] = defaultdict(dict)
    for bench in bench_json["benchmarks"]:
        operations = bench.get("extra_info", {}).get("operations", 1)
        table[bench["group"]][bench["param"]] = bench["stats"]["median"] / operations
    return table


def ratio(row: dict[str, float], name: str, against: str) -> float | None:
    if name in row and row.get(against):
        return row[name] / row[against]
    return None


def _fmt_ratio(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}x"


def _fmt_time(seconds: float) -> str:
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    if seconds >= 1e-6:
        return f"{seconds * 1e6:.2f} µs"
    return f"{seconds * 1e9:.1f} ns"


def markdown(table, memory: dict, bench_json: dict, chart: str) -> str:
    info = bench_json.get("machine_info", {})
    cpu = info.get("cpu", {}).get("brand_raw") or memory.get("processor", "unknown")
    lines = [
        "# Benchmark results",
        "",
        f"CPython {info.get('python_version', memory.get('python'))}, {cpu}, "
        f"{bench_json.get('datetime', '')[:10]}; commit "
        f"{bench_json.get('commit_info', {}).get('id', 'unknown')[:10]}. Produced by "
        "`benchmarks/report.py` from one run of `pytest benchmarks/ --benchmark-only` and "
        "one of `benchmarks/memory.py`: every row of a table was measured in the same run. "
        "Times are medians per operation; a ratio below 1 is faster than the column's "
        "reference. Absolute times vary between runs on shared machines; the ratios hold.",
        "",
        f"![Time per operation relative to a __slots__ class]({chart})",
        "",
        "## Targets (DESIGN.md)",
        "",
        "| operation | slotrecord | against | measured | target | met |",
        "|---|---|---|---|---|---|",
    ]
    for group, name, against, limit in TARGETS:
        value = ratio(table.get(group, {}), name, against)
        met = "" if value is None else ("yes" if value <= limit else "**no**")
        lines.append(f"| {group} | {name} | {against} | {_fmt_ratio(value)} | "
                     f"≤ {limit:.2f}x | {met} |")
    lines += _pure_python_check(table)
    for group, row in table.items():
        lines += ["", f"## {group}", "", "| implementation | time | vs __slots__ class "
                  "| vs msgspec |", "|---|---|---|---|"]
        for name, seconds in sorted(row.items(), key=lambda item: item[1]):
            lines.append(f"| {name} | {_fmt_time(seconds)} | "
                         f"{_fmt_ratio(ratio(row, name, SLOTS))} | "
                         f"{_fmt_ratio(ratio(row, name, MSGSPEC))} |")
    lines += _memory_tables(memory)
    return "\n".join(lines) + "\n"


NOISE = 1.05  # run-to-run differences of a few per cent are noise on a shared machine


def _pure_python_check(table) -> list[str]:
    """DESIGN.md: the pure-Python twin is no slower than dataclass(slots=True)."""
    ratios = {group: ratio(row, PURE, "dataclass(slots=True)") for group, row in table.items()}
    slower = [f"{group} ({value:.2f}x)" for group, value in ratios.items()
              if value is not None and value > NOISE]
    worst = max((value for value in ratios.values() if value is not None), default=None)
    verdict = ", ".join(slower) if slower else f"none (the largest ratio is {worst:.2f}x)"
    return ["", f"Pure-Python implementation slower than `dataclass(slots=True)` by more "
            f"than {NOISE - 1:.0%} (the noise between runs): {verdict}."]


def _memory_tables(memory: dict) -> list[str]:
    rows = memory["results"]
    base = {row["name"]: row for row in rows}.get(SLOTS)
    lines = ["", f"## Memory and garbage collection ({memory['count']:,} records)", "",
             "Bytes per record by tracemalloc: a `Product(id, name, price)` alone (every "
             "record shares its values), with a unique int and float in each, and an "
             "`Agent(id, x, y, name)` with a unique id, x and y (native fields in the "
             "\"native numbers\" rows). The time of a full `gc.collect()` with the Products "
             "alive, best of three.", "",
             "| implementation | Product, shared values | Product, unique values "
             "| Agent, unique values | gc.collect | vs __slots__ class |",
             "|---|---|---|---|---|---|"]
    for row in sorted(rows, key=lambda row: row["unique_bytes"]):
        vs = f"{row['gc_seconds'] / base['gc_seconds']:.2f}x" if base else ""
        agent = f"{row['agent_bytes']:.0f}" if "agent_bytes" in row else ""
        lines.append(f"| {row['name']} | {row['shared_bytes']:.0f} | {row['unique_bytes']:.0f}"
                     f" | {agent} | {_fmt_time(row['gc_seconds'])} | {vs} |")
    return lines


def chart(table, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    shown = [NATIVE, PURE, "dataclass(slots=True)", "namedtuple", "attrs", MSGSPEC]
    groups = [group for group, row in table.items() if SLOTS in row]
    fig, axis = plt.subplots(figsize=(12, 6))
    width = 0.8 / len(shown)
    for index, name in enumerate(shown):
        values = [ratio(table[group], name, SLOTS) or 0 for group in groups]
        positions = [i + index * width for i in range(len(groups))]
        axis.bar(positions, values, width, label=name)
    axis.axhline(1.0, color="black", linewidth=0.8)
    axis.set_xticks([i + 0.4 - width / 2 for i in range(len(groups))])
    axis.set_xticklabels(groups, rotation=35, ha="right", fontsize=8)
    axis.set_ylabel("time relative to a __slots__ class (lower is faster)")
    axis.set_yscale("log")
    axis.legend(fontsize=8)
    axis.set_title("slotrecord and its peers, time per operation")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bench_json", type=Path)
    parser.add_argument("memory_json", type=Path)
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    options = parser.parse_args(argv)
    bench_json = json.loads(options.bench_json.read_text())
    memory = json.loads(options.memory_json.read_text())
    table = per_operation(bench_json)
    chart_path = options.output.with_name(options.output.stem.lower() + ".png")  # results.png
    chart(table, chart_path)
    options.output.write_text(markdown(table, memory, bench_json, chart_path.name))
    print(f"written {options.output} and {chart_path}")


if __name__ == "__main__":
    main()
