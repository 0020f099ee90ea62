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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from ..availability import Availability
from ..errors import ComputationError
from .blocks import (
    ActiveActive,
    ActiveStandby,
    Block,
    Component,
    KOfN,
    Parallel,
    Series,
    Slot,
    components,
    map_blocks,
    map_components,
    members,
    slots,
    walk,
    with_child,
)
from .solve import solve


@dataclass(frozen=True)
class Importance:
    """Importance measures of one component instance (Rausand & Hoyland, 2nd ed., ch. 5).

    With ``U`` the system's unavailability, ``U(1_i)`` with the unit failed,
    ``U(0_i)`` with it perfect and ``q`` its own unavailability:

    * ``birnbaum`` = ``U(1_i) - U(0_i)``;
    * ``fussell_vesely`` = the convention chosen: ``fussell_vesely_difference``
      = ``(U - U(0_i)) / U`` (default) or ``fussell_vesely_cut_sets`` = the
      sum of the probabilities of the minimal cut sets holding the unit, over
      ``U`` (as RePyability and most textbooks);
    * ``criticality`` = ``birnbaum x q / U``;
    * ``risk_achievement_worth`` = ``U(1_i) / U``; ``risk_reduction_worth`` =
      ``U / U(0_i)`` (``None`` where it divides by zero: infinite);
    * ``improvement_potential`` = ``U - U(0_i)``;
    * ``structural`` = the Birnbaum importance with every unit at 1/2.
    """

    instance: str
    component: str
    unavailability: float
    birnbaum: float
    fussell_vesely: float
    fussell_vesely_difference: float | None = None
    fussell_vesely_cut_sets: float | None = None
    criticality: float | None = None
    risk_achievement_worth: float | None = None
    risk_reduction_worth: float | None = None
    improvement_potential: float | None = None
    structural: float | None = None


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


def _is_shared(block: Block, instance: str) -> bool:
    return any(c.shared and c.instance == instance for c in components(block))


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
    if _is_shared(block, instance):  # a shared unit: forced wherever it is used
        return map_blocks(block, fn)
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


FV_CONVENTIONS = ("difference", "cut-sets")


def importance(
    block: Block,
    system_unavailability: float | None = None,
    *,
    cut_sets: Sequence[tuple[Sequence[str], float]] | None = None,
    fussell_vesely: str = "difference",
) -> list[Importance]:
    """Importance measures of every component instance, most important first (see :class:`Importance`).

    ``cut_sets`` (members, probability) give the cut-set form of Fussell-Vesely;
    ``fussell_vesely`` picks the one that :attr:`Importance.fussell_vesely` holds and that the
    ranking uses: ``difference`` (default) or ``cut-sets``.
    """
    if fussell_vesely not in FV_CONVENTIONS:
        raise ComputationError(f"Fussell-Vesely convention {fussell_vesely!r}: choose one of "
                               f"{', '.join(FV_CONVENTIONS)}")
    u = solve(block, record=False).unavailability if system_unavailability is None else system_unavailability
    unique: dict[str, Component] = {}
    for comp in components(block):
        unique.setdefault(comp.instance, comp)
    linear = _linear_birnbaums(block)
    where = _locate(block)
    structural = _structural(block, list(unique))
    by_cut: dict[str, float] = {}
    for members_, prob in cut_sets or ():
        for m in members_:
            by_cut[m] = by_cut.get(m, 0.0) + prob
    out = []
    for inst, comp in unique.items():
        q = comp.unavailability
        if linear is not None:
            # the system is linear in q_i: U = q U(i failed) + (1 - q) U(i perfect)
            b = linear[inst]
            perfect, failed = max(0.0, u - q * b), min(1.0, u + (1.0 - q) * b)
        else:
            perfect = solve(_force(block, inst, "perfect", where), record=False).unavailability
            failed = solve(_force(block, inst, "failed", where), record=False).unavailability
        out.append(_measures(inst, comp, u, perfect, failed, by_cut.get(inst) if cut_sets is not None else None,
                             structural.get(inst), fussell_vesely))
    return sorted(out, key=lambda r: (-r.fussell_vesely, -r.birnbaum, r.instance))


def _measures(inst: str, comp: Component, u: float, perfect: float, failed: float, cut_sum: float | None,
              structural: float | None, convention: str) -> Importance:
    q = comp.unavailability
    birnbaum = max(0.0, failed - perfect)
    fv_diff = 0.0 if u == 0 else max(0.0, (u - perfect) / u)
    fv_cut = None if cut_sum is None else (0.0 if u == 0 else cut_sum / u)
    chosen = fv_cut if convention == "cut-sets" and fv_cut is not None else fv_diff
    return Importance(
        inst, comp.name, q, birnbaum, chosen,
        fussell_vesely_difference=fv_diff,
        fussell_vesely_cut_sets=fv_cut,
        criticality=0.0 if u == 0 else birnbaum * q / u,
        risk_achievement_worth=None if u == 0 else failed / u,
        risk_reduction_worth=None if perfect == 0 else u / perfect,
        improvement_potential=max(0.0, u - perfect),
        structural=structural,
    )


def _linear_birnbaums(block: Block) -> dict[str, float] | None:
    """Birnbaum importance of every instance in one pass, for trees of series, parallel and k-of-n only.

    The chain rule over the tree: a leaf's Birnbaum is the product of each block's Birnbaum
    in its parent (O(n) for series and parallel). ``None`` for any other tree (shared units,
    Markov blocks, networks, common cause), which is re-solved with each unit forced instead.
    """
    from . import static

    out: dict[str, float] = {}

    def walk(b: Block, weight: float) -> bool:
        if isinstance(b, Component):
            if b.shared or b.instance in out:
                return False
            out[b.instance] = weight
            return True
        if not isinstance(b, (Series, Parallel, KOfN)):
            return False
        us = [solve(p, record=False).unavailability for p in b.parts]
        if isinstance(b, Series):
            bs = static.series_birnbaums(us)
        elif isinstance(b, Parallel):
            bs = static.parallel_birnbaums(us)
        else:
            bs = [static.k_of_n_birnbaum(b.k, us, i) for i in range(len(us))]
        return all(walk(p, weight * bi) for p, bi in zip(b.parts, bs, strict=True))

    return out if walk(block, 1.0) else None


def _structural(block: Block, instances: list[str]) -> dict[str, float]:
    """Structural importance: the Birnbaum importance with every unit up or down with probability 1/2.

    The share of the other units' 2^(n-1) states in which the unit is critical (Birnbaum 1969;
    Rausand & Hoyland, *System Reliability Theory*, 2nd ed., section 5.2). Empty when the
    tree holds Markov blocks, whose state is not a function of their units' states alone.
    """
    if any(isinstance(b, (ActiveActive, ActiveStandby)) for b in walk(block)):
        return {}
    half = map_components(block, lambda c: replace(c, mtbf=None, mttr=None, failure=None, repair=None,
                                                   availability=Availability(0.5)))
    linear = _linear_birnbaums(half)
    if linear is not None:
        return linear
    where = _locate(half)
    out = {}
    for inst in instances:
        failed = solve(_force(half, inst, "failed", where), record=False).unavailability
        perfect = solve(_force(half, inst, "perfect", where), record=False).unavailability
        out[inst] = max(0.0, failed - perfect)
    return out
