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
independent repairs, the default); so are the units of a standby group with
spares or ``k > 1`` (an approximation: its chain needs identical units).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..availability import Availability
from .blocks import (
    ActiveActive,
    ActiveStandby,
    Block,
    Component,
    KOfN,
    Slot,
    components,
    map_blocks,
    members,
    slots,
    with_child,
)
from .solve import solve


@dataclass(frozen=True)
class Importance:
    """Importance of one component instance."""

    instance: str
    component: str
    unavailability: float
    birnbaum: float
    fussell_vesely: float


Path = tuple[Slot, ...]

#: a unit forced failed has MTBF = MTTR x this: unavailable 1 - 1e-15 of the time
FAILED_ODDS = 1e-15


def _replace_at(block: Block, path: Path, fn: Callable[[Block], Block]) -> Block:
    if not path:
        return fn(block)
    slot = path[0]
    child = dict(slots(block))[slot]
    return with_child(block, slot, _replace_at(child, path[1:], fn))


def _locate(block: Block) -> dict[str, tuple[Path, bool]]:
    """Instance -> (path to it, or to the active/active block that replicates it; replicated?)."""
    where: dict[str, tuple[Path, bool]] = {}

    def walk(b: Block, path: Path) -> None:
        if isinstance(b, Component):
            where.setdefault(b.instance, (path, False))
        elif isinstance(b, ActiveActive):
            for m in members(b):
                for c in components(m):
                    where.setdefault(c.instance, (path, True))
        elif isinstance(b, ActiveStandby) and (b.n > 2 or b.k > 1):
            # a standby group's chain needs identical units: a member is forced within the k-of-n
            # of the group's units (an approximation, as for active/active members)
            for u in b.units:
                for c in components(u):
                    where.setdefault(c.instance, (path, True))
        else:
            for slot, child in slots(b):
                walk(child, path + (slot,))

    walk(block, ())
    return where


def _forced(instance: str, state: str) -> Callable[[Block], Block | None]:
    def fn(b: Block) -> Block | None:
        if not isinstance(b, Component) or b.instance != instance:
            return None
        if state == "perfect":
            if b.has_rates:
                return replace(b, mtbf=math.inf, availability=None, failure=None)
            return replace(b, availability=Availability(0.0))
        if b.has_rates and b.mttr is not None and 0 < b.mttr < math.inf:
            # down all but 1e-15 of the time yet still repaired, so that a Markov block keeps its
            # structure (a unit never repaired can leave a failed switch-over stuck for ever)
            return replace(b, mtbf=b.mttr * FAILED_ODDS, availability=None, failure=None)
        if b.has_rates:
            return replace(b, mttr=math.inf, availability=None, repair=None)
        return replace(b, availability=Availability(1.0))

    return fn


def _force(block: Block, instance: str, state: str, where: dict[str, tuple[Path, bool]]) -> Block:
    fn = _forced(instance, state)
    path, replicated = where[instance]  # every component instance is located (_locate)
    if replicated:  # one member of an active/active block: view it as k-of-n of its members

        def expand(b: Block) -> Block:
            if isinstance(b, ActiveStandby):
                return KOfN(k=b.k, parts=tuple(map_blocks(u, fn) for u in b.units), name=b.name)
            assert isinstance(b, ActiveActive)
            parts = tuple(map_blocks(m, fn) for m in members(b))
            return KOfN(k=min(b.required, b.count), parts=parts, name=b.name)

        return _replace_at(block, path, expand)
    return _replace_at(block, path, lambda b: fn(b) or b)


def importance(block: Block, system_unavailability: float | None = None) -> list[Importance]:
    """Birnbaum and Fussell-Vesely importance of every component instance, most important first."""
    u = solve(block, record=False).unavailability if system_unavailability is None else system_unavailability
    where = _locate(block)
    out = []
    for comp in components(block):
        perfect = solve(_force(block, comp.instance, "perfect", where), record=False).unavailability
        failed = solve(_force(block, comp.instance, "failed", where), record=False).unavailability
        fv = 0.0 if u == 0 else max(0.0, (u - perfect) / u)
        out.append(Importance(comp.instance, comp.name, comp.unavailability, max(0.0, failed - perfect), fv))
    return sorted(out, key=lambda r: (-r.fussell_vesely, -r.birnbaum, r.instance))
