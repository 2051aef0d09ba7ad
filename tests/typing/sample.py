"""What a type checker makes of records. A line ending in ``# error`` must be flagged;
every other line must pass. Checked by tests/test_typing.py; never run."""

import dataclasses

from slotrecord import Record, boolean, dataclass, f64, field, i64, make_dataclass


class Product(Record, frozen=True):
    id: int
    name: str
    price: float = 0.0
    tags: list[str] = field(default_factory=list)

    def total(self, qty: int) -> float:
        return self.price * qty


class Point(Record, kw_only=True):
    x: float
    y: float = field(default=0.0)


p = Product(1, "widget")
q = Product(id=2, name="gadget", price=1.5, tags=["a"])
ident: int = p.id
label: str = p.name
cost: float = p.total(3)
origin = Point(x=1.0)
fields = dataclasses.fields(p)

Product()  # error
Product("1", "widget")  # error
Product(1, "widget", price="free")  # error
Product(1, "widget", colour="red")  # error
Product(1, "widget", 1.0, [], 5)  # error
wrong: str = p.id  # error
p.id = 3  # error
missing = p.nothing  # error
Point(1.0)  # error
p.total("3")  # error


class Agent(Record):
    id: i64
    x: f64
    y: f64 = 0.0
    alive: boolean = True
    name: str = ""


agent = Agent(1, 2.0, name="ann")
position: float = agent.x + agent.y
number: int = agent.id
agent.x = 3  # an int for a float, as everywhere in typing
Agent("1", 2.0)  # error
Agent(1, 2.0, alive="yes")  # error
agent.x = "far"  # error
count: str = agent.id  # error


@dataclass(frozen=True)
class Decorated:
    id: int
    tags: list[str] = field(default_factory=list, compare=False)


@dataclass
class Bare:
    name: str


decorated = Decorated(1, ["a"])
bare_name: str = Bare("x").name
Decorated("1")  # error
Bare(1)  # error
other: int = Bare("x").name  # error
Made = make_dataclass("Made", ["a", ("b", int)])
