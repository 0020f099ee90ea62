"""Importance measures of component instances: Birnbaum and Fussell-Vesely.

Both come from re-solving the tree with one instance forced perfect (never
fails) and forced failed (never repaired):

* Birnbaum ``I_B = U(i failed) - U(i perfect)``: the probability that
  instance i is critical, i.e. how much the system gains per unit of A_i;
* Fussell-Vesely ``I_FV = (U - U(i perfect)) / U``: the fraction of system
  unavailability that involves instance i.

Definitions: Rausand & Hoyland, *System Reliability Theory*, 2nd ed.,
sections 5.2 and 5.4. Members of an active/active block are forced one at a
time by viewing the block as a k-of-n of independent members (exact for
independent repairs, the default).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from ..availability import Availability
from .blocks import ActiveActive, Block, Component, KOfN, components, map_blocks, members
from .solve import solve


@dataclass(frozen=True)
class Importance:
    """Importance of one component instance."""

    instance: str
    component: str
    unavailability: float
    birnbaum: float
    fussell_vesely: float


def force(block: Block, instance: str, state: str) -> Block:
    """The tree with ``instance`` forced ``"perfect"`` or ``"failed"``."""
    return _force(block, instance, state, _replica_owners(block))


def _replica_owners(block: Block) -> dict[str, ActiveActive]:
    """Instance name of each active/active member -> its block."""
    owners: dict[str, ActiveActive] = {}

    def visit(b: Block) -> None:
        if isinstance(b, ActiveActive):
            for m in members(b):
                for c in components(m):
                    owners[c.instance] = b

    map_blocks(block, lambda b: visit(b))  # type: ignore[func-returns-value]
    return owners


def _force(block: Block, instance: str, state: str, owners: dict[str, ActiveActive]) -> Block:
    owner = owners.get(instance)

    def fn(b: Block) -> Block | None:
        if owner is not None and b is owner:
            assert isinstance(b, ActiveActive)
            parts = tuple(map_blocks(m, fn) for m in members(b))
            return KOfN(k=min(b.required, b.count), parts=parts, name=b.name)
        if not isinstance(b, Component) or b.instance != instance:
            return None
        if state == "perfect":
            if b.has_rates:
                return replace(b, mtbf=math.inf, availability=None, failure=None)
            return replace(b, availability=Availability(0.0))
        if b.has_rates:
            return replace(b, mttr=math.inf, availability=None, repair=None)
        return replace(b, availability=Availability(1.0))

    return map_blocks(block, fn)


def importance(block: Block, system_unavailability: float | None = None) -> list[Importance]:
    """Birnbaum and Fussell-Vesely importance of every component instance, most important first."""
    u = solve(block, record=False).unavailability if system_unavailability is None else system_unavailability
    owners = _replica_owners(block)
    out = []
    for comp in components(block):
        perfect = solve(_force(block, comp.instance, "perfect", owners), record=False).unavailability
        failed = solve(_force(block, comp.instance, "failed", owners), record=False).unavailability
        fv = 0.0 if u == 0 else max(0.0, (u - perfect) / u)
        out.append(Importance(comp.instance, comp.name, comp.unavailability, max(0.0, failed - perfect), fv))
    return sorted(out, key=lambda r: (-r.fussell_vesely, -r.birnbaum, r.instance))
