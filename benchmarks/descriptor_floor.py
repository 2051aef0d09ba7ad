"""What a native field's read and write cost against an object slot, beside CPython's own
C-level numbers (``complex.real``, a ctypes ``c_double`` field): the interpreter
specialises attribute access for object slots only, so every other data descriptor pays
its generic lookup. One run prints time per operation and the ratio to a __slots__ class::

    python benchmarks/descriptor_floor.py
"""

from __future__ import annotations

import ctypes
import sys
import timeit

from slotrecord import f64, make_record


class Slots:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y


class CDoubles(ctypes.Structure):
    _fields_ = [("x", ctypes.c_double), ("y", ctypes.c_double)]


def cost(statement: str, obj: object) -> float:
    """Nanoseconds per *statement* on *obj*, unrolled 100 times, best of 9."""
    namespace = {"o": obj}
    exec("def run(o=o):\n" + f"    {statement}\n" * 100, namespace)  # our own source
    return min(timeit.repeat(namespace["run"], number=2000, repeat=9)) / 2000 / 100 * 1e9


def main() -> None:
    cases = {
        "__slots__ class": Slots(1.5, 2.5),
        "slotrecord, object field": make_record("O", ["x", "y"])(1.5, 2.5),
        "slotrecord, f64 field": make_record("N", [("x", f64), ("y", f64)])(1.5, 2.5),
        "ctypes c_double field": CDoubles(1.5, 2.5),
        "complex.real": complex(1.5, 2.5),
    }
    get = {k: cost("o.real" if k == "complex.real" else "o.x", o) for k, o in cases.items()}
    put = {k: cost("o.x = 8.5", o) for k, o in cases.items() if k != "complex.real"}
    print(f"CPython {sys.version.split()[0]}")
    for name in cases:
        line = f"  {name:26} get {get[name]:5.1f} ns {get[name] / get['__slots__ class']:4.2f}x"
        if name in put:
            line += f"   set {put[name]:5.1f} ns {put[name] / put['__slots__ class']:4.2f}x"
        print(line)


if __name__ == "__main__":
    main()
