"""System down-intervals from the scenario's block tree.

Each block is evaluated for a whole batch of replications at once:

* a :class:`~uptime_calc.models.blocks.Component` is an alternating renewal
  process (:func:`~uptime_calc.simulate.engine.renewal_down_intervals`);
* ``series``, ``parallel``, ``k_of_n`` and ``active_active`` (independent
  repairs) are "down when at least m children are down", one sorted-boundary
  sweep over the children's intervals (:func:`~uptime_calc.simulate.intervals.at_least`);
* ``network`` sweeps the edges' boundaries while tracking the set of failed
  edges as a bitmask, and is down where no minimal path set is fully up;
* ``common_cause`` thins the units' own failures to ``1 - beta`` and adds
  shared shock events at ``beta`` times the unit failure rate;
* ``active_standby`` and ``active_active`` with fewer repair crews than units
  are stepped event by event, vectorised across replications
  (:mod:`uptime_calc.simulate.stepping`).

Every leaf occurrence in the tree is an independent instance, as in the
analytic model (:mod:`uptime_calc.models.blocks`), except shared units
(``Component.shared``): one timeline per unit, seen by every place using it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from ..errors import ComputationError
from ..models.blocks import (
    ActiveActive,
    ActiveStandby,
    Block,
    CommonCause,
    Component,
    KOfN,
    Network,
    Parallel,
    Series,
    label,
    members,
    mtbf_for,
)
from ..models.blocks import Distribution as ModelDistribution
from ..models.network import failable_path_sets
from .distributions import Distribution, Empirical, Exponential, make_distribution
from .engine import renewal_down_intervals
from .intervals import Intervals, at_least, sort_key, union


@dataclass(frozen=True)
class SimOptions:
    """Modelling choices the block tree leaves open.

    Parameters
    ----------
    static_mttr:
        Mean time to restore (seconds) assumed for a component known only by
        its availability (e.g. a vendor SLA); its MTBF then follows from
        ``A = MTBF / (MTBF + MTTR)``, so its mean downtime is exact while its
        monthly spread depends on this choice.
    """

    static_mttr: float = 3600.0
    tally: EventTally = field(default_factory=lambda: EventTally(), compare=False)
    #: one timeline per shared unit within a :func:`system_down` call (every use sees the same one)
    shared_draws: dict[Component, Intervals] = field(default_factory=dict, compare=False, repr=False)


class EventTally:
    """Counts simulated failure and repair events (for throughput figures)."""

    def __init__(self) -> None:
        self.events = 0

    def add(self, n: int) -> None:
        """Count ``n`` more events."""
        self.events += int(n)


def to_distribution(dist: ModelDistribution) -> Distribution | None:
    """The simulator's distribution for a scenario distribution (``None`` for an infinite mean)."""
    if math.isinf(dist.mean):
        return None
    if dist.kind == "empirical":
        return Empirical(tuple(dist.samples))
    shape = float(dist.shape or 1.0)  # the scenario's shape: sigma of a lognormal, k of a Weibull
    return make_distribution(dist.kind, dist.mean, sigma=shape, shape=shape)


def component_laws(comp: Component, options: SimOptions) -> tuple[Distribution | None, Distribution | None]:
    """Up-time and down-time laws of a component; ``None`` means "never" (never fails / never repaired)."""
    if comp.has_rates:
        assert comp.failure is not None and comp.repair is not None
        return to_distribution(comp.failure), to_distribution(comp.repair)
    u = comp.unavailability
    if u <= 0.0:
        return None, Exponential(options.static_mttr)
    if u >= 1.0:
        return Exponential(options.static_mttr), None
    mttr = options.static_mttr
    return Exponential(mtbf_for(u, mttr)), Exponential(mttr)


def component_down(
    comp: Component, n_reps: int, horizon: float, rng: np.random.Generator, options: SimOptions
) -> Intervals:
    """Down-intervals of one component instance (a shared unit's one timeline, wherever it is used)."""
    if comp.shared and comp in options.shared_draws:
        return options.shared_draws[comp]
    iv = _component_down(comp, n_reps, horizon, rng, options)
    if comp.shared:
        options.shared_draws[comp] = iv
    options.tally.add(2 * iv.count)
    return iv


def _component_down(
    comp: Component, n_reps: int, horizon: float, rng: np.random.Generator, options: SimOptions
) -> Intervals:
    up, down = component_laws(comp, options)
    if up is None or (down is not None and down.mean == 0.0):
        return Intervals.empty(n_reps, horizon)
    if down is None:  # fails and is never repaired: down from its first failure on
        first = up.sample(rng, (n_reps,))
        keep = first < horizon
        rep = np.flatnonzero(keep).astype(np.int64)
        return Intervals(n_reps, horizon, rep, first[keep], np.full(rep.size, horizon))
    return renewal_down_intervals(up, down, n_reps, horizon, rng)


def system_down(
    block: Block, n_reps: int, horizon: float, rng: np.random.Generator, options: SimOptions | None = None
) -> Intervals:
    """Down-intervals of ``block`` in each of ``n_reps`` replications of ``[0, horizon)``.

    The random draws happen in a fixed depth-first order, so the same generator
    state gives the same timelines.
    """
    opts = replace(options or SimOptions(), shared_draws={})
    return _down(block, n_reps, horizon, rng, opts)


def _down(block: Block, n: int, horizon: float, rng: np.random.Generator, opts: SimOptions) -> Intervals:
    if isinstance(block, Component):
        return component_down(block, n, horizon, rng, opts)
    if isinstance(block, Series):
        return union([_down(p, n, horizon, rng, opts) for p in block.parts])
    if isinstance(block, Parallel):
        return at_least([_down(p, n, horizon, rng, opts) for p in block.parts], len(block.parts))
    if isinstance(block, KOfN):
        return at_least([_down(p, n, horizon, rng, opts) for p in block.parts], block.n - block.k + 1)
    if isinstance(block, ActiveActive):
        if block.load_exponent:
            raise ComputationError(f"{label(block)}: the simulator does not model load_exponent (survivors "
                                   "failing faster); `uptime-calc model` solves it exactly")
        crews = block.repair_crews
        if crews is not None and crews < block.count:
            from .stepping import crew_group_down

            return crew_group_down(block, n, horizon, rng, opts)
        parts = [_down(m, n, horizon, rng, opts) for m in members(block)]
        return at_least(parts, block.count - block.required + 1)
    if isinstance(block, ActiveStandby):
        from .stepping import standby_down

        if block.n > 2 or block.k > 1:
            from .stepping import standby_group_down

            return standby_group_down(block, n, horizon, rng, opts)

        return standby_down(block, n, horizon, rng, opts)
    if isinstance(block, CommonCause):
        return _common_cause_down(block, n, horizon, rng, opts)
    if isinstance(block, Network):
        return _network_down(block, n, horizon, rng, opts)
    raise ComputationError(f"the simulator does not know the block {type(block).__name__}")


# -- common cause ------------------------------------------------------------------------------
def _common_cause_down(
    block: CommonCause, n: int, horizon: float, rng: np.random.Generator, opts: SimOptions
) -> Intervals:
    # the same beta-factor expansion as the analytic model: a shared event in series with the
    # block whose units keep 1 - beta of their failure rate (Rausand & Hoyland, 2nd ed., eq. 10.13)
    from ..models.solve import common_cause_expansion

    return _down(common_cause_expansion(block), n, horizon, rng, opts)


# -- network -----------------------------------------------------------------------------------


def _network_down(net: Network, n: int, horizon: float, rng: np.random.Generator, opts: SimOptions) -> Intervals:
    paths = failable_path_sets(net)  # over the failable edges: the same ones the analytic cut sets use
    if not paths:
        raise ComputationError(f"network: no path from {net.source!r} to {net.sink!r}")
    if any(not p for p in paths):  # a path of perfect links: never down
        return Intervals.empty(n, horizon)
    used = sorted(set().union(*paths))
    if len(used) > 62:
        raise ComputationError("network: the simulator handles at most 62 failing edges")
    edges = []
    for e_idx in used:
        edge_block = net.edges[e_idx].block
        assert edge_block is not None
        edges.append(_down(edge_block, n, horizon, rng, opts))
    bit = {e_idx: np.int64(1) << np.int64(j) for j, e_idx in enumerate(used)}
    masks = np.array([sum(int(bit[i]) for i in p) for p in paths], dtype=np.int64)
    return bitmask_sweep(edges, lambda state: ~np.any((state[:, None] & masks[None, :]) == 0, axis=1))


def bitmask_sweep(children_down: list[Intervals], is_down: Callable[[np.ndarray], np.ndarray]) -> Intervals:
    """Down-intervals of any structure over up to 62 children.

    Sweeps all boundaries in order while tracking which children are down as
    a bitmask (each boundary toggles its child's bit), and asks ``is_down``
    (a vectorised function of the int64 state array) for the system's state.
    """
    n_reps, horizon = children_down[0].n_reps, children_down[0].horizon
    reps = np.concatenate([c.rep for c in children_down] * 2)
    times = np.concatenate([c.start for c in children_down] + [c.end for c in children_down])
    if times.size == 0:
        return Intervals.empty(n_reps, horizon)
    bits = np.concatenate([np.full(c.count, np.int64(1) << np.int64(j)) for j, c in enumerate(children_down)])
    bits = np.concatenate([bits, bits])
    # ends sort before starts at equal keys here (toggles commute; only the state between matters)
    order = np.argsort(sort_key(reps, times, horizon), kind="stable")
    state = np.bitwise_xor.accumulate(bits[order])
    down = np.asarray(is_down(state), dtype=bool)
    r, t = reps[order], times[order]
    # the system state after each boundary; compare with the previous boundary of the same replication
    prev = np.concatenate([[False], down[:-1]])
    first = np.concatenate([[True], r[1:] != r[:-1]])
    prev[first] = False
    rises = down & ~prev
    falls = ~down & prev
    start, rep = t[rises], r[rises]
    end = t[falls]
    keep = end > start
    return Intervals(n_reps, horizon, rep[keep], start[keep], end[keep])
