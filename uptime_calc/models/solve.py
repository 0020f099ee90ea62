"""Evaluate a block tree exactly: each block yields an equivalent unavailability and failure frequency.

Static blocks (series, parallel, k-of-n, networks) combine their children's
unavailabilities in U-space (:mod:`.static`, :mod:`.network`); blocks with
rates (active/standby, active/active) are solved as continuous-time Markov
chains (:mod:`.markov`) whose units are their children's *equivalent*
two-state processes: failure rate ``f / A`` and repair rate ``f / U``
(Billinton & Allan, *Reliability Evaluation of Engineering Systems*, 2nd ed.,
section 11.3: the frequency-and-duration equivalent of a subsystem). For a
leaf this is exact; for a nested block it is the standard approximation.

Given a time ``t``, :func:`solve` returns the *point* unavailability at ``t``
from an all-up start instead of the steady state; :func:`first_failure`
returns the phase-type distribution of the time to the first system failure
(reliability ``R(t)`` and the mean time to first failure).

>>> from uptime_calc.models.blocks import Component, Series
>>> from uptime_calc.availability import Availability
>>> app = Component.static("app", Availability.from_percent("99.95"))
>>> sql = Component.static("sql", Availability.from_percent("99.99"))
>>> round(100 * (1 - solve(Series((app, sql))).unavailability), 4)  # Azure composite SLA
99.94
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..availability import Availability
from ..errors import ComputationError
from . import static
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
    children,
    components,
    kind,
    label,
    map_components,
    members,
)
from .markov import (
    Chain,
    IndependentSeries,
    PhaseType,
    absorbing,
    build_chain,
    check_states,
    closed_classes,
    failure_frequency,
    kron_sum,
    stationary,
    transient,
)
from .network import network_unavailability
from .standby import UnitRates

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import scipy.sparse as sp

#: parts of a long series are multiplied out into groups of at most this many states
SMALL_GROUP = 40
#: joint chains over the children of a static redundant block are built up to this many children
JOINT_LIMIT = 14


@dataclass(frozen=True)
class Equivalent:
    """What a block looks like from outside: unavailability and failure frequency (per second)."""

    unavailability: float
    frequency: float | None

    @property
    def availability(self) -> Availability:
        """As an :class:`~uptime_calc.availability.Availability`."""
        return Availability(min(1.0, max(0.0, self.unavailability)))

    @property
    def mtbf(self) -> float | None:
        """Mean up time between failures, ``A / f`` seconds."""
        if self.frequency is None:
            return None
        return math.inf if self.frequency == 0 else (1.0 - self.unavailability) / self.frequency

    @property
    def mttr(self) -> float | None:
        """Mean down time per failure, ``U / f`` seconds."""
        if self.frequency is None or self.frequency == 0:
            return None
        return self.unavailability / self.frequency

    def rates(self) -> UnitRates | None:
        """Equivalent exponential failure and repair rates, or ``None`` if unknown."""
        if self.frequency is None:
            return None
        u, f = self.unavailability, self.frequency
        if u >= 1.0:
            return UnitRates(1.0, 0.0)  # never repaired (a forced failure)
        if u <= 0.0 or f == 0.0:
            return UnitRates(0.0, 1.0)  # never fails
        return UnitRates(f / (1.0 - u), f / u)


@dataclass(frozen=True)
class BlockResult:
    """One row of the per-block table."""

    path: str
    label: str
    kind: str
    depth: int
    unavailability: float
    frequency: float | None
    detail: str = ""

    @property
    def equivalent(self) -> Equivalent:
        """The block's equivalent figures."""
        return Equivalent(self.unavailability, self.frequency)


@dataclass(frozen=True)
class Solution:
    """The evaluated tree: the system's equivalent and every block's row (depth first)."""

    unavailability: float
    frequency: float | None
    blocks: tuple[BlockResult, ...] = ()
    time: float | None = None
    warnings: tuple[str, ...] = field(default=())

    @property
    def equivalent(self) -> Equivalent:
        """The system's equivalent figures."""
        return Equivalent(self.unavailability, self.frequency)


def solve(block: Block, *, time: float | None = None, record: bool = True, cache: bool = True) -> Solution:
    """Evaluate ``block``: steady state, or the point unavailability at ``time`` seconds.

    With ``record=False`` (no per-block rows) solved sub-trees are remembered and reused
    (blocks are frozen values); ``cache=False`` solves everything afresh (for timing).

    Raises
    ------
    ComputationError
        When a block needs rates that a static component lacks, or a chain is singular.
    """
    solver = _Solver(time, record, cache)
    eq = solver.eval(block, "system", 0)
    return Solution(eq.unavailability, eq.frequency, tuple(solver.rows), time, tuple(solver.warnings))


def unavailability(block: Block) -> float:
    """Steady-state unavailability of ``block`` (no per-block rows)."""
    return solve(block, record=False).unavailability


_CACHE: dict[tuple[Block, float | None], Equivalent] = {}
_CACHE_SIZE = 20_000


class _Solver:
    def __init__(self, time: float | None, record: bool, cache: bool = True) -> None:
        self.time = time
        self.record = record
        self.cache = cache
        self.rows: list[BlockResult] = []
        self.warnings: list[str] = []

    def eval(self, block: Block, path: str, depth: int) -> Equivalent:
        if not self.record and self.cache:
            # blocks are frozen values: a sub-tree solved before (e.g. by the importance or advice
            # loops, which change one leaf or block at a time) is looked up, not solved again
            key: tuple[Block, float | None] = (block, self.time)
            try:
                cached = _CACHE.get(key)
            except TypeError:  # pragma: no cover - an unhashable value inside a block
                return self._eval(block, path, depth)[0]
            if cached is not None:
                return cached
            eq = self._eval(block, path, depth)[0]
            if len(_CACHE) >= _CACHE_SIZE:
                _CACHE.pop(next(iter(_CACHE)))
            _CACHE[key] = eq
            return eq
        if not self.record:
            return self._eval(block, path, depth)[0]
        # the row is placed before the children's rows (depth first), filled in once solved
        slot = len(self.rows)
        self.rows.append(BlockResult(path, label(block), kind(block), depth, math.nan, None))
        eq, detail = self._eval(block, path, depth)
        self.rows[slot] = replace(self.rows[slot], unavailability=eq.unavailability, frequency=eq.frequency,
                                  detail=detail)
        return eq

    def _children(self, block: Block, path: str, depth: int, key: str = "parts") -> list[Equivalent]:
        return [self.eval(c, f"{path}.{key}[{i}]", depth + 1) for i, c in enumerate(children(block))]

    def _eval(self, block: Block, path: str, depth: int) -> tuple[Equivalent, str]:
        if isinstance(block, (Series, Parallel, KOfN, Network)) and _has_shared(block):
            return self._shared(block, path, depth)
        if isinstance(block, Component):
            return self._component(block)
        if isinstance(block, Series):
            eqs = self._children(block, path, depth)
            us = [e.unavailability for e in eqs]
            b = static.series_birnbaums(us)
            return Equivalent(static.series_unavailability(us),
                              static.frequency([e.frequency for e in eqs], b)), f"{len(us)} in series"
        if isinstance(block, Parallel):
            eqs = self._children(block, path, depth)
            us = [e.unavailability for e in eqs]
            b = static.parallel_birnbaums(us)
            return Equivalent(static.parallel_unavailability(us),
                              static.frequency([e.frequency for e in eqs], b)), f"any 1 of {len(us)}"
        if isinstance(block, KOfN):
            eqs = self._children(block, path, depth)
            us = [e.unavailability for e in eqs]
            b = [static.k_of_n_birnbaum(block.k, us, i) for i in range(len(us))]
            eq = Equivalent(static.k_of_n_unavailability(block.k, us),
                            static.frequency([e.frequency for e in eqs], b))
            return eq, f"{block.k} of {block.n} needed"
        if isinstance(block, ActiveActive):
            return self._active_active(block, path, depth)
        if isinstance(block, ActiveStandby):
            return self._active_standby(block, path, depth)
        if isinstance(block, CommonCause):
            inner = common_cause_expansion(block)
            eq = self._eval(inner, path, depth)[0]
            return eq, f"beta = {block.beta:g}"
        if isinstance(block, Network):
            return self._network(block, path, depth)
        raise ComputationError(f"cannot evaluate {block!r}")

    def _component(self, c: Component) -> tuple[Equivalent, str]:
        u = c.unavailability
        if not c.has_rates:
            return Equivalent(u, None), "static"
        lam, mu = c.failure_rate or 0.0, c.repair_rate or 0.0
        f = 0.0 if lam == 0 or mu == 0 else 1.0 / (c.mtbf + c.mttr)  # type: ignore[operator]
        if self.time is not None and u not in (0.0, 1.0):
            # two-state point unavailability from up: U (1 - exp(-(lam + mu) t)) (Trivedi, 2nd ed., 8.1)
            u = u * -math.expm1(-(lam + mu) * self.time)
        elif self.time is not None and u == 1.0 and mu == 0 and lam > 0:
            from .life import point_unavailability

            # never repaired: down at t iff its life ended, on its own life law (Weibull, gamma...)
            point = point_unavailability(c, self.time)
            u = -math.expm1(-lam * self.time) if point is None else point
        return Equivalent(u, f), "mtbf/mttr"

    def _unit_rates(self, eq: Equivalent, what: str) -> UnitRates:
        rates = eq.rates()
        if rates is None:
            raise ComputationError(
                f"{what} needs failure and repair rates: give its components mtbf and mttr "
                "instead of only an availability")
        return rates

    def _chain_rates(self, block: Block, eq: Equivalent, what: str) -> UnitRates:
        """The rates a unit contributes to its parent's chain.

        A leaf gives its own failure and repair rates (exact, also when it is never repaired);
        a nested block its steady-state two-state equivalent (Billinton & Allan 11.3), also
        under ``--mission``: the point figures at ``t`` are not rates.
        """
        if self.time is not None and not isinstance(block, Component):
            eq = _Solver(None, False, self.cache).eval(block, what, 0)
        rates = _leaf_or(block, eq)
        return self._unit_rates(eq, what) if rates is None else rates

    def _solve_chain(self, chain: object, down: list[bool], what: str = "block") -> Equivalent:
        import numpy as np

        q = chain.generator  # type: ignore[attr-defined]
        mask = np.asarray(down, bool)
        if self.time is not None:
            # the point unavailability from all-up: the block's own chain solved transiently
            p0 = np.zeros(q.shape[0])
            p0[0] = 1.0
            u = math.fsum(transient(q, p0, self.time)[mask])
            f = self._steady_frequency(q, mask)
            return Equivalent(min(1.0, u), f)
        u, f = self._steady(q, mask, what)
        return Equivalent(min(1.0, u), f)

    def _steady_frequency(self, q: sp.csr_matrix, mask: np.ndarray) -> float:
        try:
            return self._steady(q, mask, "block")[1]
        except ComputationError:
            return 0.0

    def _steady(self, q: sp.csr_matrix, mask: np.ndarray, what: str) -> tuple[float, float]:
        classes = closed_classes(q)
        if len(classes) > 1:
            # units that are never repaired: the block ends in one of several closed classes; fine
            # when they agree (all down, or all up), an input error otherwise
            if all(mask[c].all() for c in classes):
                return 1.0, 0.0
            if not any(mask[c].any() for c in classes):
                return 0.0, 0.0
            raise ComputationError(
                f"{what}: the block can end in a state it never leaves (for example a failed "
                "switch-over with no repair to wait for), so its long-run availability depends on "
                "luck; give it `manual_recovery` (or repairs: an mttr for every unit), or use "
                "`--mission` for R(t) and the time to failure")
        pi = stationary(q)
        return math.fsum(pi[mask]), failure_frequency(q, pi, mask)

    def _active_active(self, block: ActiveActive, path: str, depth: int) -> tuple[Equivalent, str]:
        from .active_active import birth_death_steady, load_sharing_chain

        unit_eq = self.eval(block.unit, f"{path}.unit", depth + 1)
        detail = f"{block.required} of {block.count} carry the load"
        if block.required > block.count:
            self.warnings.append(f"{path}: demand needs {block.required} units but only {block.count} exist")
        rates = unit_eq.rates()
        if rates is None:
            if block.repair_crews is not None and block.repair_crews < block.count:
                self._unit_rates(unit_eq, f"{path} (active_active with shared repair crews)")
            us = [unit_eq.unavailability] * block.count
            k = min(block.required, block.count)
            u = static.k_of_n_unavailability(k, us) if block.required <= block.count else 1.0
            return Equivalent(u, None), detail
        if block.repair_crews is not None and block.repair_crews < block.count:
            self._warn_if_not_exponential(block, path)
        rates = self._chain_rates(block.unit, unit_eq, f"{path} (active_active)")
        if self.time is None:
            closed = birth_death_steady(block, rates.failure, rates.repair)
            if closed is not None:
                return Equivalent(*closed), detail
        chain, down = load_sharing_chain(block, rates.failure, rates.repair)
        return self._solve_chain(chain, down, f"{path} (active_active)"), detail

    def _warn_if_not_exponential(self, block: Block, path: str) -> None:
        from .blocks import components

        odd = sorted({c.name for c in components(block)
                      for d in (c.failure, c.repair) if d is not None and d.kind != "exponential"})
        if odd:
            self.warnings.append(
                f"{path} ({label(block)}): non-exponential failure or repair times ({', '.join(odd)}); "
                "the Markov chain uses their means (exact for exponential times only, ageing is not "
                "modelled); `uptime-calc simulate` gives the reference")

    def _warn_if_nested(self, block: Block, units: tuple[Block, ...], path: str) -> None:
        nested = sorted({label(u) for u in units if not isinstance(u, Component)})
        if nested:
            self.warnings.append(
                f"{path} ({label(block)}): its unit(s) {', '.join(nested)} are blocks, reduced to a "
                "two-state equivalent (failure rate f/A, repair rate f/U) inside its Markov chain: an "
                "approximation (exact for single components; for a standby of several units use "
                "`spares:` rather than nesting)")

    def _active_standby(self, block: ActiveStandby, path: str, depth: int) -> tuple[Equivalent, str]:
        keys = ["active", "standby"] + [f"spares[{i}]" for i in range(len(block.spares))]
        rates = []
        for key, unit in zip(keys, block.units, strict=True):
            eq = self.eval(unit, f"{path}.{key}", depth + 1)
            rates.append(self._chain_rates(unit, eq, f"{path} (active_standby)"))
        self._warn_if_not_exponential(block, path)
        self._warn_if_nested(block, block.units, path)
        chain, down = standby_chain_of(block, rates, f"{path} (active_standby)")
        parts: list[str] = [block.mode]
        if block.n > 2 or block.k > 1:
            parts.append(f"{block.k} of {block.n} serving")
        if block.switch_time:
            parts.append(f"switch {block.switch_time:g}s")
        if block.switchover_success < 1:
            parts.append(f"success {block.switchover_success:g}")
        return self._solve_chain(chain, down, f"{path} (active_standby {label(block)})"), ", ".join(parts)

    def _shared(self, block: Block, path: str, depth: int) -> tuple[Equivalent, str]:
        """A static block in which a shared unit occurs more than once: exact, by its BDD (:mod:`.bdd`)."""
        from .bdd import Structure, shared_instances

        if self.record:  # the children's own rows (each exact on its own)
            for i, c in enumerate(children(block)):
                self.eval(c, f"{path}.parts[{i}]", depth + 1)
        inside = shared_instances(block)

        def opaque(b: Block) -> bool:
            if isinstance(b, Component):
                return not (b.shared and b.instance in inside)
            return not any(c.shared and c.instance in inside for c in components(b))

        structure = Structure.of(block, opaque)
        sub = _Solver(self.time, False, self.cache)
        eqs: dict[str, Equivalent] = {}
        for var, leaf in structure.leaves.items():
            eqs[var] = sub._component(leaf)[0] if isinstance(leaf, Component) else sub.eval(leaf, path, depth)
        self.warnings.extend(w for w in sub.warnings if w not in self.warnings)
        p = {v: e.unavailability for v, e in eqs.items()}
        u = structure.probability(p)
        fs = [e.frequency for e in eqs.values()]
        f = None
        if all(x is not None for x in fs):
            f = math.fsum(e.frequency * structure.birnbaum(p, v)  # type: ignore[operator]
                          for v, e in eqs.items() if e.frequency)
        return Equivalent(u, f), f"{kind(block)} with shared {', '.join(sorted(inside))} (exact, BDD)"

    def _network(self, block: Network, path: str, depth: int) -> tuple[Equivalent, str]:
        ends = [(e.a, e.b) for e in block.edges]
        directed = [e.directed for e in block.edges]
        eqs: list[Equivalent] = []
        for i, e in enumerate(block.edges):
            if e.block is None:
                eqs.append(Equivalent(0.0, 0.0))
            else:
                eqs.append(self.eval(e.block, f"{path}.edges[{i}]", depth + 1))
        us = [e.unavailability for e in eqs]
        u = network_unavailability(ends, block.source, block.sink, us, directed)
        births = [
            network_unavailability(ends, block.source, block.sink, us, directed, {i: False})
            - network_unavailability(ends, block.source, block.sink, us, directed, {i: True})
            for i in range(len(us))
        ]
        f = static.frequency([e.frequency for e in eqs], births)
        return Equivalent(u, f), f"{block.source} to {block.sink}, {len(ends)} edges"


def standby_chain_of(block: ActiveStandby, rates: list[UnitRates], what: str) -> tuple[Chain, list[bool]]:
    """The chain of an active/standby block: a pair of any two units, or a group of identical ones."""
    from .standby import group_standby_chain, standby_chain

    if block.n == 2 and block.k == 1:
        return standby_chain(block, rates[0], rates[1])
    first = rates[0]
    for r in rates[1:]:
        if not (math.isclose(r.failure, first.failure, rel_tol=1e-9)
                and math.isclose(r.repair, first.repair, rel_tol=1e-9)):
            raise ComputationError(
                f"{what}: a standby group of {block.n} units (spares, or k > 1) needs units with the "
                "same mtbf and mttr; give them one component type, or nest active_standby pairs "
                "(an approximation)")
    return group_standby_chain(block, first)


def _leaf_or(block: Block, eq: Equivalent) -> UnitRates | None:
    """A leaf's own rates (exact, also when never repaired), else ``eq``'s two-state equivalent."""
    if isinstance(block, Component) and block.has_rates:
        return UnitRates(block.failure_rate or 0.0, block.repair_rate or 0.0)
    return eq.rates()


@functools.lru_cache(maxsize=4096)
def _has_shared(block: Block) -> bool:
    """True when a shared unit occurs more than once inside ``block`` (see :mod:`.bdd`)."""
    from .bdd import has_shared

    return has_shared(block)


def common_cause_expansion(block: CommonCause) -> Series:
    """The beta-factor model as a series of the common-cause event and the thinned block.

    Each unit keeps ``1 - beta`` of its failure rate as independent failures;
    a shared event fails all units at ``beta`` times the units' mean failure
    rate and is repaired in their mean repair time (Rausand & Hoyland,
    *System Reliability Theory*, 2nd ed., eq. 10.13). Static units are
    thinned the same way in odds ``U / A`` (which is ``lambda / mu``).
    """
    beta = block.beta
    units = children(block.of) if isinstance(block.of, (Parallel, KOfN, ActiveActive, ActiveStandby)) else (
        block.of,)
    eqs = [solve(u, record=False).equivalent for u in units]

    def thin(c: Component) -> Component:
        if c.has_rates:
            assert c.mtbf is not None and c.failure is not None
            mtbf = math.inf if beta >= 1 else c.mtbf / (1 - beta)
            return replace(c, mtbf=mtbf, availability=None, failure=replace(c.failure, mean=mtbf))
        u = c.unavailability
        odds = (1 - beta) * (u / (1 - u)) if u < 1 else math.inf
        return replace(c, availability=Availability(1.0 if math.isinf(odds) else odds / (1 + odds)))

    thinned = map_components(block.of, thin)
    name = block.event_instance
    if all(e.frequency is not None for e in eqs):
        lams = [e.frequency / (1 - e.unavailability) for e in eqs if e.unavailability < 1]  # type: ignore[operator]
        mttrs = [e.mttr for e in eqs if e.mttr is not None]
        lam = beta * (math.fsum(lams) / len(lams)) if lams else 0.0
        mttr = math.fsum(mttrs) / len(mttrs) if mttrs else 1.0
        event = Component(name=name, mtbf=math.inf if lam == 0 else 1 / lam, mttr=mttr)
    else:
        odds = [e.unavailability / (1 - e.unavailability) for e in eqs if e.unavailability < 1]
        r = beta * (math.fsum(odds) / len(odds)) if odds else 0.0
        event = Component.static(name, Availability(r / (1 + r)))
    return Series((event, thinned), name=block.name)


# -- time to first failure ------------------------------------------------------------------
def first_failure(block: Block, *, limit: int = 50_000) -> PhaseType | IndependentSeries | None:
    """Time to the first failure of ``block`` from all-up, or ``None`` if undefined.

    A phase-type distribution (one absorbing chain) when it has at most ``limit``
    states; for a series whose joint chain would be larger, the product of its
    parts' reliabilities (:class:`~.markov.IndependentSeries`). ``None`` when a
    component is static (no rates).
    """
    try:
        # a series: each part's chain once; the joint chain's size is the product of theirs
        phases = [_phase(part, limit) for part in _flatten_series(block)] if isinstance(block, Series) else None
        if phases is None:
            return _phase(block, limit)
    except _NoPhase:
        return None
    if math.prod(p.size for p in phases) <= limit:
        return functools.reduce(kron_sum, phases)
    groups: list[PhaseType] = []
    for phase in phases:
        if groups and groups[-1].size * phase.size <= SMALL_GROUP:
            groups[-1] = kron_sum(groups[-1], phase)
        else:
            groups.append(phase)
    return IndependentSeries(tuple(groups))


def _flatten_series(block: Series) -> list[Block]:
    out: list[Block] = []
    for part in block.parts:
        out.extend(_flatten_series(part) if isinstance(part, Series) else [part])
    return out


class _NoPhase(Exception):
    pass


def _leaf_phase(rate: float) -> PhaseType:
    import numpy as np
    import scipy.sparse as sp

    return PhaseType(sp.csr_matrix((1, 1)), np.ones(1), rate)


def _phase(block: Block, limit: int) -> PhaseType:
    import numpy as np

    if isinstance(block, Component):
        if not block.has_rates:
            raise _NoPhase
        return _leaf_phase(block.failure_rate or 0.0)
    if isinstance(block, Series):
        phase = _phase(block.parts[0], limit)
        for part in block.parts[1:]:
            phase = kron_sum(phase, _phase(part, limit))
            if phase.size > limit:
                raise _NoPhase
        return phase
    if isinstance(block, CommonCause):
        return _phase(common_cause_expansion(block), limit)
    chain, mask = block_chain(block, limit)
    if mask[0]:
        return PhaseType(_zero(1), np.ones(1), math.inf)
    return absorbing(chain, mask)


def block_chain(block: Block, limit: int = 50_000) -> tuple[Chain, np.ndarray]:
    """The full (repairable) chain of a Markov or static redundant block and its down-state mask.

    State 0 is all-up. Static redundant blocks become a joint chain over their
    children's two-state processes (a leaf's own rates, a nested block's
    equivalent); identical children of a parallel or k-of-n block are lumped
    into counts (a product-form birth-death chain of ``prod (n_g + 1)`` states).

    Raises ``_NoPhase`` when a rate is unknown or the chain would exceed ``limit`` states.
    """
    import numpy as np

    if isinstance(block, Component):
        if not block.has_rates:
            raise _NoPhase
        lam, mu = block.failure_rate or 0.0, block.repair_rate or 0.0
        chain = build_chain(0, lambda s: [(1, lam)] if s == 0 else [(0, mu)])
        return chain, np.array([s == 1 for s in chain.states], dtype=bool)
    sol = _Solver(None, False)
    if isinstance(block, (ActiveActive, ActiveStandby)):
        if isinstance(block, ActiveActive):
            from .active_active import load_sharing_chain

            rates = _leaf_or(block.unit, sol.eval(block.unit, "unit", 0))
            if rates is None:
                raise _NoPhase
            chain, down = load_sharing_chain(block, rates.failure, rates.repair)
        else:
            maybe = [_leaf_or(u, sol.eval(u, "u", 0)) for u in block.units]
            rates_ = [r for r in maybe if r is not None]
            if len(rates_) != len(maybe):
                raise _NoPhase
            chain, down = standby_chain_of(block, rates_, "active_standby")
        return chain, np.asarray(down, bool)
    # static redundant blocks: a joint chain over the children's two-state processes
    parts = list(children(block))
    maybe = [_leaf_or(p, sol.eval(p, "p", 0)) for p in parts]
    unit_rates = [r for r in maybe if r is not None]
    if len(unit_rates) != len(maybe):
        raise _NoPhase
    if isinstance(block, (Parallel, KOfN)):
        return _lumped_chain(block, unit_rates, limit)
    if len(parts) > JOINT_LIMIT:
        raise _NoPhase
    check_states(2 ** len(parts), label(block))
    is_down = _structure(block)

    def transitions(state: frozenset[int]) -> list[tuple[frozenset[int], float]]:
        out = []
        for i, r in enumerate(unit_rates):
            if i in state:
                out.append((state - {i}, r.repair))
            else:
                out.append((state | {i}, r.failure))
        return out

    chain = build_chain(frozenset(), transitions, limit=max(limit, 2**JOINT_LIMIT + 1))
    mask = np.array([is_down(s) for s in chain.states])  # type: ignore[arg-type]  # states: Hashable
    return chain, mask


def _lumped_chain(block: Parallel | KOfN, rates: list[UnitRates], limit: int) -> tuple[Chain, np.ndarray]:
    """Independent children grouped by identical rates; a state counts the failed units of each group."""
    import numpy as np

    groups: dict[tuple[float, float], int] = {}
    for r in rates:
        groups[(r.failure, r.repair)] = groups.get((r.failure, r.repair), 0) + 1
    keys = list(groups)
    sizes = [groups[k] for k in keys]
    if math.prod(n + 1 for n in sizes) > limit:  # counted before building
        raise _NoPhase
    check_states(math.prod(n + 1 for n in sizes), label(block))
    n = len(rates)
    allowed = n - (block.k if isinstance(block, KOfN) else 1)  # failures the block survives

    def transitions(state: tuple[int, ...]) -> list[tuple[tuple[int, ...], float]]:
        out = []
        for g, (lam, mu) in enumerate(keys):
            f = state[g]
            if f < sizes[g]:
                out.append((state[:g] + (f + 1,) + state[g + 1:], (sizes[g] - f) * lam))
            if f > 0:
                out.append((state[:g] + (f - 1,) + state[g + 1:], f * mu))
        return out

    chain = build_chain(tuple(0 for _ in keys), transitions, limit=limit)
    mask = np.array([sum(s) > allowed for s in chain.states])  # type: ignore[call-overload]
    return chain, mask


def _zero(n: int):  # type: ignore[no-untyped-def]
    import scipy.sparse as sp

    return sp.csr_matrix((n, n))


def _structure(block: Block) -> Callable[[frozenset[int]], bool]:
    """``is_down(set of failed child indices)`` for a static redundant block."""
    if isinstance(block, Parallel):
        n = len(block.parts)
        return lambda down: len(down) == n
    if isinstance(block, KOfN):
        return lambda down: len(down) > block.n - block.k
    if isinstance(block, Network):
        from .network import _reachable

        ends = [(e.a, e.b) for e in block.edges]
        directed = [e.directed for e in block.edges]
        # children() lists only edges that carry a block; map child index -> edge index
        carrying = [i for i, e in enumerate(block.edges) if e.block is not None]

        def is_down(down: frozenset[int]) -> bool:
            failed = {carrying[i] for i in down}
            usable = [i not in failed for i in range(len(ends))]
            return not _reachable(ends, directed, usable, block.source, block.sink)

        return is_down
    raise _NoPhase


__all__ = [
    "BlockResult",
    "Equivalent",
    "Solution",
    "common_cause_expansion",
    "first_failure",
    "members",
    "solve",
    "unavailability",
]
