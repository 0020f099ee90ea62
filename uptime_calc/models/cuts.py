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
from .bdd import has_shared
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
    components,
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
    nonempty = [p for p in parts if p]
    if failures > len(nonempty):
        return []  # too few parts can fail (within max_order)
    # the fewest instances any `failures` of the parts can fail with, when the parts share no
    # instance: the sum of the smallest orders (the closed form that stops 10-of-20 enumerating
    # C(20, 11) combinations only to find every one above max_order)
    smallest = sorted(min(len(c) for c in p) for p in nonempty)
    if sum(smallest[:failures]) > max_order and _disjoint(nonempty):
        return []
    if all(len(p) == 1 and len(p[0]) == 1 for p in nonempty) and _disjoint(nonempty):
        # parts that are single instances: the cut sets are their `failures`-subsets
        names = [next(iter(p[0])) for p in nonempty]
        return [frozenset(c) for c in combinations(names, failures)] if failures <= max_order else []
    out: set[CutSet] = set()
    for combo in combinations(range(len(parts)), failures):
        out.update(_all_fail([parts[i] for i in combo], max_order))
    return _minimize(out)


def _disjoint(parts: list[list[CutSet]]) -> bool:
    """True when no instance occurs in the cut sets of two different parts."""
    seen: set[str] = set()
    for p in parts:
        names = set().union(*p)
        if names & seen:
            return False
        seen |= names
    return True


def _shared_cuts(block: Block, max_order: int) -> list[CutSet]:
    """Cut sets of a block in which a shared unit occurs more than once, from its BDD (:mod:`.bdd`).

    Sub-blocks without such a unit are modules (disjoint variables): each is one variable of the
    diagram, and a cut set through it is expanded by the module's own minimal cut sets.
    """
    from .bdd import Structure, shared_instances

    inside = shared_instances(block)

    def opaque(b: Block) -> bool:
        if isinstance(b, Component):
            return not (b.shared and b.instance in inside)
        return not any(c.shared and c.instance in inside for c in components(b))

    structure = Structure.of(block, opaque)
    module_cuts = {v: _cuts(leaf, max_order) for v, leaf in structure.leaves.items() if v.startswith("#")}
    out: set[CutSet] = set()
    for cut in structure.minimal_cut_sets(max_order):
        base = frozenset(v for v in cut if not v.startswith("#"))
        out.update(_all_fail([[base], *(module_cuts[v] for v in cut if v.startswith("#"))], max_order))
    return _minimize(out)


def _cuts(block: Block, max_order: int) -> list[CutSet]:
    if isinstance(block, (Series, Parallel, KOfN, Network)) and has_shared(block):
        return _shared_cuts(block, max_order)
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
