"""What to change next: the single change that buys the most nines, and dependency budgets.

:func:`candidate_changes` lists concrete one-step changes to a tree (make a
single point of failure redundant, halve a component's MTTR, add a unit to a
redundant block, halve a failover time, ...); :func:`rank_changes` solves
each and sorts them by the nines they buy.

:func:`dependency_budgets` answers "given the target, what must each critical
dependency deliver?" for the parts of the top-level series: an equal share
of the target's unavailability, the rule of the extra nine (each dependency
should have one nine more than the service: Treynor et al., "The Calculus of
Service Availability", ACM Queue 15(2), 2017), and what each part may cost
given what the others deliver today.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from ..availability import Availability, nines_of
from .blocks import (
    ActiveActive,
    ActiveStandby,
    Block,
    CommonCause,
    Component,
    KOfN,
    Parallel,
    Series,
    components,
    label,
    map_blocks,
    map_components,
    rename,
    walk,
)
from .cuts import single_points_of_failure
from .solve import unavailability


@dataclass(frozen=True)
class Change:
    """One candidate change and its effect on the system."""

    kind: str
    description: str
    unavailability: float
    nines_gain: float
    downtime_saved_per_year: float


def _replace_block(tree: Block, target: Block, new: Block) -> Block:
    return map_blocks(tree, lambda b: new if b is target or b == target else None)


#: "make X redundant" is tried for at most this many single points of failure, the least available
#: first (in a series the gain q(1 - q) B grows with q): a 10,000-part series stays linear
MAX_REDUNDANCY_CANDIDATES = 20


def candidate_changes(tree: Block, spofs: Sequence[str] | None = None) -> list[tuple[str, str, Block]]:
    """``(kind, description, changed tree)`` for each single change worth trying.

    ``spofs``: the single points of failure, if already known (else found here).
    """
    out: list[tuple[str, str, Block]] = []
    declared = {b.instance: b for b in walk(tree) if isinstance(b, Component)}
    points = [i for i in (single_points_of_failure(tree) if spofs is None else spofs) if i in declared]
    points.sort(key=lambda i: (-declared[i].unavailability, i))
    for inst in points[:MAX_REDUNDANCY_CANDIDATES]:
        out.append(("redundancy", f"make {inst} redundant (add an independent second {inst} in parallel)",
                    map_components(tree, _duplicate(inst))))
    seen: set[str] = set()
    for comp in components(tree):
        if comp.has_rates and comp.name not in seen and comp.mttr and math.isfinite(comp.mttr):
            seen.add(comp.name)
            out.append(("mttr", f"halve the MTTR of {comp.name} ({_fmt(comp.mttr)} to {_fmt(comp.mttr / 2)})",
                        map_components(tree, _halve_mttr_of(comp.name))))
    for b in walk(tree):
        if isinstance(b, ActiveActive):
            out.append(("unit", f"add a unit to {label(b)} ({b.count} to {b.count + 1})",
                        _replace_block(tree, b, replace(b, count=b.count + 1))))
        elif isinstance(b, KOfN):
            extra = rename(b.parts[-1], "+")
            out.append(("unit", f"add a unit to {label(b)} ({b.k} of {b.n} to {b.k} of {b.n + 1})",
                        _replace_block(tree, b, KOfN(b.k, b.parts + (extra,), b.name))))
        elif isinstance(b, ActiveStandby):
            if b.switch_time > 0:
                out.append(("failover", f"halve detection + failover of {label(b)} "
                            f"({_fmt(b.switch_time)} to {_fmt(b.switch_time / 2)})",
                            _replace_block(tree, b, replace(b, detection=b.detection / 2,
                                                            failover=b.failover / 2))))
            if b.switchover_success < 1:
                c = b.switchover_success
                better = 1 - (1 - c) / 2
                out.append(("failover", f"make switchovers of {label(b)} more reliable ({c:g} to {better:g})",
                            _replace_block(tree, b, replace(b, switchover_success=better))))
        elif isinstance(b, CommonCause) and b.beta > 0:
            out.append(("common_cause", f"halve the common-cause beta of {label(b)} "
                        f"({b.beta:g} to {b.beta / 2:g})",
                        _replace_block(tree, b, replace(b, beta=b.beta / 2))))
    return out


def _duplicate(instance: str) -> Callable[[Component], Block | None]:
    def fn(c: Component) -> Block | None:
        # a shared unit's spare is shared too: one second unit wherever the first is used
        return Parallel((c, replace(c, instance=c.instance + "'"))) if c.instance == instance else None

    return fn


def _halve_mttr_of(name: str) -> Callable[[Component], Block | None]:
    def fn(c: Component) -> Block | None:
        return _halve_mttr(c) if c.name == name else None

    return fn


def _halve_mttr(c: Component) -> Component:
    assert c.mttr is not None
    mttr = c.mttr / 2
    repair = None if c.repair is None else replace(c.repair, mean=mttr, samples=tuple(
        s / 2 for s in c.repair.samples))
    return replace(c, mttr=mttr, availability=None, repair=repair)


def _fmt(seconds: float) -> str:
    from ..units import format_duration

    return format_duration(seconds)


def rank_changes(tree: Block, base_unavailability: float, year_seconds: float,
                 spofs: Sequence[str] | None = None) -> list[Change]:
    """Every candidate change, solved, best first: ranked by the nines each buys (exact re-solve)."""
    out = []
    for kind, text, changed in candidate_changes(tree, spofs):
        u = unavailability(changed)
        gain = nines_of(u) - nines_of(base_unavailability)
        out.append(Change(kind, text, u, gain, (base_unavailability - u) * year_seconds))
    return sorted(out, key=lambda c: (-c.nines_gain, c.description))


@dataclass(frozen=True)
class Budget:
    """What one top-level dependency must deliver for the system to meet its target."""

    dependency: str
    unavailability: float
    equal_share: float
    extra_nine: float
    allowed: float | None
    meets: bool


def dependency_budgets(tree: Block, target: Availability) -> list[Budget]:
    """Budgets for the parts of the top-level series (or the whole system if it is not a series).

    ``equal_share``: U each of n parts may have if all share the target equally,
    ``1 - (1 - U_t)^(1/n)``; ``extra_nine``: ``U_t / 10``; ``allowed``: the U this
    part may have given the others' current figures (``None`` if the others
    alone already miss the target).
    """
    parts = list(tree.parts) if isinstance(tree, Series) else [tree]
    us = [unavailability(p) for p in parts]
    ut = target.unavailability
    n = len(parts)
    log_t = math.log1p(-ut) if ut < 1 else -math.inf
    share = -math.expm1(log_t / n)
    out = []
    for i, part in enumerate(parts):
        others = math.fsum(math.log1p(-u) for j, u in enumerate(us) if j != i)
        room = log_t - others
        allowed = None if room > 0 else -math.expm1(room)
        out.append(Budget(label(part), us[i], share, ut / 10, allowed, us[i] <= share))
    return out
