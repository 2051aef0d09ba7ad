"""Stress: records under threads, hash collisions, very wide types, and types that die
before their instances' last use. (Deep chains and cycles: tests/test_memory.py.)"""

from __future__ import annotations

import gc
import pickle
import sys
import threading
import time

import pytest
from helpers import dataclass_twin


def test_eight_threads_build_read_mutate_and_drop(impl):
    """Records made, read, written and dropped by 8 threads at once, some shared between
    them, for a bounded time: no crash, no lost record, every value one that was written."""
    P = impl.make_record("P", "owner count payload", defaults={"payload": None})
    Frozen = impl.make_record("Frozen", "a b", frozen=True)
    shared = [P(-1, 0) for _ in range(16)]
    deadline = time.monotonic() + 1.0
    errors = []

    def work(owner):
        try:
            mine = []
            while time.monotonic() < deadline:
                record = P(owner, 0, payload=[owner])
                record.count += 1
                mine.append(record)
                for other in shared:
                    other.count = owner  # races between threads: any owner may win
                    other.payload = (owner, Frozen(owner, [owner]))
                    _ = (other == record, repr(other), hash(Frozen(owner, owner)))
                if len(mine) > 100:
                    assert all(r.owner == owner and r.payload == [owner] for r in mine)
                    mine = [impl.replace(r, count=2) for r in mine[50:]]
                    pickle.loads(pickle.dumps(mine[-1]))
        except Exception as error:  # reported to the main thread, which fails the test
            errors.append(error)

    threads = [threading.Thread(target=work, args=(owner,)) for owner in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert all(record.count in range(8) for record in shared)
    assert all(record.payload[0] == record.payload[1].a for record in shared
               if record.payload is not None)


class Colliding:
    """A value whose hash is always the same: every record holding one collides."""

    def __init__(self, value):
        self.value = value

    def __hash__(self):
        return 7

    def __eq__(self, other):
        return isinstance(other, Colliding) and self.value == other.value


def test_dict_keys_and_set_members_under_hash_collisions(impl):
    P = impl.make_record("P", "a b", frozen=True)
    twin = dataclass_twin("P", "a b", frozen=True)
    records = [P(Colliding(i), i % 3) for i in range(500)]
    twins = [twin(Colliding(i), i % 3) for i in range(500)]
    assert len({hash(r) for r in records}) == len({hash(t) for t in twins})
    table = {record: i for i, record in enumerate(records)}
    assert len(table) == 500
    assert all(table[P(Colliding(i), i % 3)] == i for i in range(0, 500, 7))
    assert P(Colliding(1), 2) not in table
    members = set(records) | set(records[:100])
    assert len(members) == 500
    assert len(set(twins)) == 500


def test_ten_thousand_fields(impl):
    names = [f"f{i}" for i in range(10_000)]
    P = impl.make_record("Wide", names, frozen=True)
    record = P(*range(10_000))
    assert sys.getsizeof(record) == 16 + 8 * 10_000 + 16
    assert record == P(**{name: i for i, name in enumerate(names)})
    assert hash(record) == hash(tuple(range(10_000)))
    assert repr(record).startswith("Wide(f0=0, f1=1, ") and repr(record).endswith("f9999=9999)")
    assert impl.astuple(impl.replace(record, f5000=-1))[4999:5002] == (4999, -1, 5001)
    assert pickle.loads(pickle.dumps(record)) == record
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'f9999'"):
        P(*range(9_999))


def test_types_dropped_while_their_instances_live(impl):
    """A record's type lives as long as its last instance, then goes with it."""

    def live_types():
        gc.collect()
        return sum(1 for obj in gc.get_objects()
                   if isinstance(obj, type) and obj.__name__ in ("Gone", "GoneSub"))

    before = live_types()
    instances = []
    for i in range(50):
        Gone = impl.make_record("Gone", "a b")

        class GoneSub(Gone):
            c: int = 0

        instances += [Gone(i, [i]), GoneSub(i, i, c=i)]
        del Gone, GoneSub
    assert live_types() == before + 100
    assert [impl.astuple(r)[0] for r in instances[::2]] == list(range(50))
    del instances
    assert live_types() == before
