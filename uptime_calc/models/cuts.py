"""Minimal cut sets of a block tree over component instances (the MOCUS idea, top down).

A cut set is a set of component instances whose joint failure fails the
system; a minimal one has no smaller cut inside it; an order-1 minimal cut
set is a single point of failure (SPOF). Series blocks unite their
children's cut sets; redundant blocks combine one cut set from each of the
children that must all fail (Rausand & Hoyland, *System Reliability Theory*,
2nd ed., section 4.5; Vesely et al., *Fault Tree Handbook*, NUREG-0492, ch. VII).

Active/standby pairs count as a redundant pair: a failed switch is a delay,
not a permanent cut. Common-cause blocks add their shared event
(``ccf(...)``) as an order-1 cut of the block.

>>> from uptime_calc.models.blocks import Component, Series, Parallel
>>> from uptime_calc.availability import Availability
>>> a = lambda n: Component.static(n, Availability(0.01))
>>> [sorted(c) for c in minimal_cut_sets(Series((a("dns"), Parallel((a("w1"), a("w2"))))))]
[['dns'], ['w1', 'w2']]
"""

from __future__ import annotations

from itertools import combinations, product

from ..errors import ComputationError
from .blocks import (
    ActiveActive,
    ActiveStandby,
    Block,
    CommonCause,
    Component,
    KOfN,
    Network,
    Parallel,
    Series,
    members,
)
from .network import failable_path_sets
from .network import minimal_cut_sets as edge_cut_sets

CutSet = frozenset[str]


def minimal_cut_sets(block: Block, max_order: int = 4) -> list[CutSet]:
    """Minimal cut sets of at most ``max_order`` instances, smallest first."""
    result = _cuts(block, max_order)
    return sorted(result, key=lambda c: (len(c), sorted(c)))


def single_points_of_failure(block: Block) -> list[str]:
    """Instances whose failure alone fails the system (order-1 minimal cut sets)."""
    return sorted(next(iter(c)) for c in minimal_cut_sets(block, max_order=1))


#: most candidate cut sets combined at one block before giving up (see :class:`TooManyCutSets`)
COMBINATION_LIMIT = 400_000


class TooManyCutSets(ComputationError):
    """The cut sets up to the requested order are too many to enumerate; lower ``max_order``."""


def _minimize(sets: set[CutSet]) -> list[CutSet]:
    """Keep the sets that contain no other set (each is checked against its own subsets)."""
    if frozenset() in sets:
        return [frozenset()]
    kept: set[CutSet] = set()
    out: list[CutSet] = []
    for s in sorted(sets, key=lambda x: (len(x), sorted(x))):
        if len(s) <= 6:
            dominated = any(frozenset(c) in kept for r in range(1, len(s)) for c in combinations(s, r))
        else:
            dominated = any(m <= s for m in out)
        if not dominated:
            kept.add(s)
            out.append(s)
    return out


def _all_fail(groups: list[list[CutSet]], max_order: int) -> list[CutSet]:
    """Cut sets of "every one of these groups fails": unions of one cut per group."""
    if any(not g for g in groups):
        return []  # a group that cannot fail (within max_order): neither can all of them
    if sum(min(len(c) for c in g) for g in groups) > max_order:
        return []  # every union would exceed max_order
    acc: set[CutSet] = {frozenset()}
    for group in groups:
        if len(acc) * len(group) > COMBINATION_LIMIT:
            raise TooManyCutSets(f"more than {COMBINATION_LIMIT} candidate cut sets of order <= {max_order}")
        nxt: set[CutSet] = set()
        for left, right in product(acc, group):
            joined = left | right
            if len(joined) <= max_order:
                nxt.add(joined)
        acc = set(_minimize(nxt))
        if not acc:
            return []
    return list(acc)


def _k_of_n(parts: list[list[CutSet]], failures: int, max_order: int) -> list[CutSet]:
    out: set[CutSet] = set()
    for combo in combinations(range(len(parts)), failures):
        out.update(_all_fail([parts[i] for i in combo], max_order))
    return _minimize(out)


def _cuts(block: Block, max_order: int) -> list[CutSet]:
    if isinstance(block, Component):
        if block.unavailability == 0.0:
            return []  # a perfect component never fails
        return [frozenset([block.instance])]
    if isinstance(block, Series):
        union: set[CutSet] = set()
        for part in block.parts:
            union.update(_cuts(part, max_order))
        return _minimize(union)
    if isinstance(block, Parallel):
        return _all_fail([_cuts(p, max_order) for p in block.parts], max_order)
    if isinstance(block, KOfN):
        return _k_of_n([_cuts(p, max_order) for p in block.parts], block.n - block.k + 1, max_order)
    if isinstance(block, ActiveActive):
        parts = [_cuts(m, max_order) for m in members(block)]
        need = max(1, block.count - block.required + 1)
        if block.required > block.count:
            return [frozenset()]
        return _k_of_n(parts, need, max_order)
    if isinstance(block, ActiveStandby):
        return _k_of_n([_cuts(u, max_order) for u in block.units], block.n - block.k + 1, max_order)
    if isinstance(block, CommonCause):
        return _minimize({frozenset([block.event_instance]), *_cuts(block.of, max_order)})
    if isinstance(block, Network):
        paths = failable_path_sets(block)
        if not paths:
            return [frozenset()]  # no path at all: always down
        if any(not p for p in paths):
            return []  # a path of perfect links: never down
        out: set[CutSet] = set()
        for cut in edge_cut_sets(paths):
            groups = [_cuts(block.edges[i].block, max_order) for i in sorted(cut)]  # type: ignore[arg-type]
            out.update(_all_fail(groups, max_order))
        return _minimize(out)
    raise TypeError(f"not a block: {block!r}")
