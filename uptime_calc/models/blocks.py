"""The block tree: what a system is made of, as frozen values (the model CONTRACT).

A scenario file (:mod:`uptime_calc.scenario`) is loaded into a tree of these
blocks; the analytic solver (:mod:`uptime_calc.models.solve`) and the Monte
Carlo simulator both walk the same tree. All times are in **seconds**, all
probabilities are fractions in [0, 1], availabilities are
:class:`~uptime_calc.availability.Availability` (stored as U = 1 - A).

Identity
--------
A scenario names component *types* (``web: {mtbf: 700h, mttr: 20m}``); every
place the tree uses a type is a separate, independent *instance* of it.
:attr:`Component.name` is the type (what ``variants: set: {web.mttr: ...}``
changes), :attr:`Component.instance` is unique within the tree (what cut
sets, SPOFs and importance measures name). Replicated blocks expand their
members with :func:`members`, which suffixes instances ``#1``, ``#2``...

Blocks
------
:class:`Component`
    a leaf, with steady-state figures (MTBF/MTTR or an availability) and,
    for simulation, failure and repair time :class:`Distribution`\\ s.
:class:`Series`
    all parts needed.
:class:`Parallel`
    any one independent part suffices.
:class:`KOfN`
    at least ``k`` of the parts needed (identical or not).
:class:`ActiveActive`
    ``count`` copies of ``unit`` share the load; up while the survivors'
    capacity covers the demand.
:class:`ActiveStandby`
    an active and a standby unit with detection, failover, imperfect
    switching, manual recovery and shared repair crews.
:class:`CommonCause`
    a beta-factor common-cause failure over the units of a redundant block.
:class:`Network`
    a graph whose edges carry blocks; up while ``source`` reaches ``sink``.

>>> web = Component.from_mtbf_mttr("web", 700 * 3600.0, 20 * 60.0)
>>> pair = ActiveActive(unit=web, count=3, capacity=500.0, demand=900.0)
>>> pair.required, [m.instance for m in members(pair)]
(2, ['web#1', 'web#2', 'web#3'])
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields, replace
from typing import Any, Literal

from ..availability import Availability
from ..errors import ScenarioError

DistributionKind = Literal["exponential", "lognormal", "weibull", "gamma", "fixed", "empirical"]
StandbyMode = Literal["cold", "warm", "hot"]


def _cached_hash(self: Any) -> int:
    """Hash of a frozen block from its fields, computed once per object."""
    h = self.__dict__.get("_hash")
    if h is None:
        h = hash((type(self).__name__,) + tuple(getattr(self, f.name) for f in fields(self)))
        object.__setattr__(self, "_hash", h)
    return int(h)


def _state(self: Any) -> dict[str, Any]:
    """Pickled state without the cached hash (string hashes differ between processes)."""
    return {k: v for k, v in self.__dict__.items() if k != "_hash"}


@dataclass(frozen=True)
class Distribution:
    """A distribution of times (seconds): time to failure or time to repair.

    Every kind is parameterised by its ``mean`` so that steady-state figures
    (MTBF, MTTR) and the simulator always agree on the mean.

    Parameters
    ----------
    kind:
        ``exponential`` (mean only), ``lognormal`` (``shape`` = sigma of the
        log), ``weibull`` (``shape`` = k), ``gamma`` (``shape`` = k, scale
        ``mean / k``), ``fixed`` (always ``mean``),
        ``empirical`` (resample ``samples``; ``mean`` is their mean).
    mean:
        Mean time in seconds (``inf`` for "never").
    shape:
        The shape parameter of ``lognormal`` (sigma) and ``weibull`` (k).
    samples:
        Observed times in seconds for ``empirical``.

    >>> d = Distribution("weibull", mean=3600.0, shape=1.0)
    >>> round(d.scale, 6)
    3600.0
    >>> round(Distribution("lognormal", mean=100.0, shape=0.5).mu, 6)
    4.48017
    """

    kind: DistributionKind
    mean: float
    shape: float | None = None
    samples: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in ("exponential", "lognormal", "weibull", "gamma", "fixed", "empirical"):
            raise ScenarioError(f"unknown distribution {self.kind!r}")
        if not self.mean >= 0:
            raise ScenarioError(f"a distribution's mean must be zero or more, got {self.mean!r}")
        if self.kind in ("lognormal", "weibull", "gamma") and not (self.shape and self.shape > 0):
            raise ScenarioError(f"a {self.kind} distribution needs a shape above zero")
        if self.kind == "empirical" and not self.samples:
            raise ScenarioError("an empirical distribution needs at least one sample")

    @classmethod
    def empirical(cls, samples: tuple[float, ...] | list[float]) -> Distribution:
        """Resample these observed times (seconds)."""
        values = tuple(float(s) for s in samples)
        return cls("empirical", mean=math.fsum(values) / max(len(values), 1), samples=values)

    @property
    def mu(self) -> float:
        """Lognormal: mean of the log, ``ln(mean) - sigma**2 / 2``."""
        assert self.shape is not None
        return math.log(self.mean) - self.shape**2 / 2

    @property
    def scale(self) -> float:
        """Weibull: scale ``mean / Gamma(1 + 1/k)``; exponential: the mean."""
        if self.kind == "weibull":
            assert self.shape is not None
            return self.mean / math.gamma(1 + 1 / self.shape)
        return self.mean


@dataclass(frozen=True)
class Component:
    """A leaf of the tree: one instance of a component type.

    Parameters
    ----------
    name:
        The component type, as named in the scenario's ``components:``.
    instance:
        Unique name within the tree (defaults to ``name``); cut sets, SPOFs and
        importance identify components by it. :func:`~uptime_calc.scenario.load_scenario`
        makes it unique (``lb``, ``lb-2``); trees built in Python should too.
    shared:
        A shared instance: every place in the tree holding a component with
        this ``instance`` is the *same* unit (one power feed behind two racks),
        solved exactly by :mod:`~uptime_calc.models.bdd`. :func:`rename` keeps
        its name, so replicas (``k_of_n: {unit: ...}``) share it too.
    mtbf, mttr:
        Mean up time between failures and mean time to restore, seconds;
        ``None`` when only an availability is known. ``mtbf = inf`` is a
        component that never fails.
    availability:
        The steady-state availability. Given alone it makes a *static*
        component (no rates: no failure frequency, no time behaviour);
        with ``mtbf``/``mttr`` it is derived from them.
    failure, repair:
        Time-to-failure and time-to-repair distributions for simulation;
        default exponential with mean ``mtbf`` / ``mttr``.
    """

    name: str
    mtbf: float | None = None
    mttr: float | None = None
    availability: Availability | None = None
    failure: Distribution | None = None
    repair: Distribution | None = None
    instance: str = ""
    shared: bool = False

    def __post_init__(self) -> None:
        if not self.instance:
            object.__setattr__(self, "instance", self.name)
        if (self.mtbf is None) != (self.mttr is None):
            raise ScenarioError(f"component {self.name!r}: give both mtbf and mttr, or an availability")
        if self.mtbf is not None and self.mttr is not None:
            if not (self.mtbf >= 0 and self.mttr >= 0) or (self.mtbf == 0 and self.mttr == 0):
                raise ScenarioError(f"component {self.name!r}: mtbf and mttr must be zero or more")
            if self.availability is None:
                if math.isinf(self.mtbf):
                    avail = Availability(0.0)
                elif math.isinf(self.mttr):
                    avail = Availability(1.0)
                else:
                    avail = Availability.from_mtbf_mttr(self.mtbf, self.mttr)
                object.__setattr__(self, "availability", avail)
            if self.failure is None:
                object.__setattr__(self, "failure", Distribution("exponential", self.mtbf))
            if self.repair is None:
                object.__setattr__(self, "repair", Distribution("exponential", self.mttr))
        elif self.availability is None:
            raise ScenarioError(f"component {self.name!r}: give mtbf and mttr, or an availability")

    @classmethod
    def from_mtbf_mttr(cls, name: str, mtbf: float, mttr: float, **kw: Any) -> Component:
        """A component with exponential failures and repairs (seconds)."""
        return cls(name=name, mtbf=mtbf, mttr=mttr, **kw)

    @classmethod
    def static(cls, name: str, availability: Availability, **kw: Any) -> Component:
        """A component known only by its availability (e.g. a vendor SLA)."""
        return cls(name=name, availability=availability, **kw)

    @property
    def unavailability(self) -> float:
        """Steady-state U = 1 - A."""
        assert self.availability is not None
        return self.availability.unavailability

    @property
    def has_rates(self) -> bool:
        """True when failure and repair rates are known (time behaviour defined)."""
        return self.mtbf is not None

    @property
    def failure_rate(self) -> float | None:
        """lambda = 1/MTBF per second (``None`` for a static component)."""
        return _rate(self.mtbf)

    @property
    def repair_rate(self) -> float | None:
        """mu = 1/MTTR per second (``None`` for a static component)."""
        return _rate(self.mttr)

    __hash__ = _cached_hash  # trees are hashed often (solver cache): once per object
    __getstate__ = _state


def mtbf_for(unavailability: float, mttr: float) -> float:
    """The MTBF that gives ``unavailability`` with this MTTR: ``U = MTTR / (MTBF + MTTR)``.

    So ``MTBF = MTTR (1 - U) / U``; ``inf`` for ``U = 0`` (never fails).

    >>> mtbf_for(0.001, 3600.0) / 3600
    999.0
    """
    return math.inf if unavailability == 0 else mttr * (1 - unavailability) / unavailability


def _rate(mean: float | None) -> float | None:
    """``1 / mean`` per second, with ``1/inf = 0`` and ``1/0 = inf`` (``None`` stays ``None``)."""
    if mean is None:
        return None
    return 0.0 if math.isinf(mean) else (math.inf if mean == 0 else 1.0 / mean)


@dataclass(frozen=True)
class Series:
    """All ``parts`` are needed."""

    parts: tuple[Block, ...]
    name: str = ""

    __hash__ = _cached_hash  # trees are hashed often (solver cache): once per object
    __getstate__ = _state


@dataclass(frozen=True)
class Parallel:
    """Any one of the independent ``parts`` suffices (perfect, instant switching)."""

    parts: tuple[Block, ...]
    name: str = ""

    __hash__ = _cached_hash  # trees are hashed often (solver cache): once per object
    __getstate__ = _state


@dataclass(frozen=True)
class KOfN:
    """At least ``k`` of the independent ``parts`` must be up; ``n = len(parts)``."""

    k: int
    parts: tuple[Block, ...]
    name: str = ""

    def __post_init__(self) -> None:
        if not 1 <= self.k <= len(self.parts):
            raise ScenarioError(f"k_of_n needs 1 <= k <= n, got k={self.k}, n={len(self.parts)}")

    @property
    def n(self) -> int:
        """Number of parts."""
        return len(self.parts)

    __hash__ = _cached_hash  # trees are hashed often (solver cache): once per object
    __getstate__ = _state


@dataclass(frozen=True)
class ActiveActive:
    """``count`` load-sharing copies of ``unit``, up while survivors' capacity covers demand.

    Parameters
    ----------
    unit:
        The block replicated ``count`` times (see :func:`members`).
    count:
        Number of units.
    capacity, demand:
        Per-unit capacity and total demand in any one unit (e.g. requests per
        second); ``None`` means one surviving unit is enough.
    repair_crews:
        How many failed units can be repaired at once; ``None`` = one crew
        per unit (independent repairs).
    load_exponent:
        Load sharing: with ``j`` units failed each survivor fails at
        ``lambda * (count / (count - j)) ** load_exponent`` (a power law of its
        share of the load; 0, the default, = no rise).
    """

    unit: Block
    count: int
    capacity: float | None = None
    demand: float | None = None
    repair_crews: int | None = None
    name: str = ""
    load_exponent: float = 0.0

    def __post_init__(self) -> None:
        if not (self.load_exponent >= 0 and math.isfinite(self.load_exponent)):
            raise ScenarioError("active_active: load_exponent must be zero or more")
        if self.count < 1:
            raise ScenarioError(f"active_active needs count >= 1, got {self.count}")
        if (self.capacity is None) != (self.demand is None):
            raise ScenarioError("active_active: give both capacity and demand, or neither")
        if self.capacity is not None and not self.capacity > 0:
            raise ScenarioError("active_active: capacity must be above zero")
        if self.repair_crews is not None and self.repair_crews < 1:
            raise ScenarioError("active_active: repair_crews must be 1 or more")

    @property
    def required(self) -> int:
        """Units needed to carry the demand: ``ceil(demand / capacity)`` (at least 1)."""
        if self.capacity is None or self.demand is None:
            return 1
        ratio = self.demand / self.capacity
        return max(1, math.ceil(ratio - 1e-12 * ratio))

    __hash__ = _cached_hash  # trees are hashed often (solver cache): once per object
    __getstate__ = _state


@dataclass(frozen=True)
class ActiveStandby:
    """An active unit and a standby that takes over when the active fails.

    Parameters
    ----------
    active, standby:
        The two units (blocks).
    mode:
        ``hot`` (standby fails like an active unit), ``warm`` (at
        ``warm_factor`` times its rate) or ``cold`` (cannot fail while idle).
    failover:
        Seconds from detection until the standby serves.
    detection:
        Seconds until the failure is detected (health-check interval x fall
        count, or a heartbeat timeout). Service is down for
        ``detection + failover`` on each switch.
    switchover_success:
        Probability that a switch succeeds (coverage).
    manual_recovery:
        Mean seconds for a human to bring the standby into service when the
        switch failed; ``None`` = wait for the failed unit's repair.
    repair_crews:
        1 (one repair at a time) or 2 (independent repairs).
    warm_factor:
        Standby failure rate as a fraction of its active rate in ``warm`` mode.
    spares:
        Further standby units after ``standby`` (an N-unit standby group); all
        units then need the same rates.
    k:
        Units that must serve at once (``k`` active of ``n = 2 + len(spares)``).
    """

    active: Block
    standby: Block
    mode: StandbyMode = "hot"
    failover: float = 0.0
    detection: float = 0.0
    switchover_success: float = 1.0
    manual_recovery: float | None = None
    repair_crews: int = 1
    warm_factor: float = 0.5
    name: str = ""
    spares: tuple[Block, ...] = ()
    k: int = 1

    def __post_init__(self) -> None:
        if not 1 <= self.k <= self.n:
            raise ScenarioError(f"active_standby needs 1 <= k <= n, got k={self.k}, n={self.n}")
        if self.mode not in ("cold", "warm", "hot"):
            raise ScenarioError(f"active_standby mode must be cold, warm or hot, got {self.mode!r}")
        if not 0.0 <= self.switchover_success <= 1.0:
            raise ScenarioError("active_standby: switchover_success must lie in [0, 1]")
        if self.failover < 0 or self.detection < 0:
            raise ScenarioError("active_standby: failover and detection must be zero or more")
        if self.manual_recovery is not None and not self.manual_recovery > 0:
            raise ScenarioError("active_standby: manual_recovery must be above zero")
        if self.repair_crews < 1:
            raise ScenarioError("active_standby: repair_crews must be 1 or more")
        if not 0.0 <= self.warm_factor <= 1.0:
            raise ScenarioError("active_standby: warm_factor must lie in [0, 1]")

    @property
    def switch_time(self) -> float:
        """Seconds of outage on a switch: ``detection + failover``."""
        return self.detection + self.failover

    @property
    def units(self) -> tuple[Block, ...]:
        """All units in order: the active, the standby, then the further spares."""
        return (self.active, self.standby, *self.spares)

    @property
    def n(self) -> int:
        """Number of units."""
        return 2 + len(self.spares)

    @property
    def idle_factor(self) -> float:
        """Standby failure rate while idle, as a fraction of its active rate."""
        return {"hot": 1.0, "warm": self.warm_factor, "cold": 0.0}[self.mode]

    __hash__ = _cached_hash  # trees are hashed often (solver cache): once per object
    __getstate__ = _state


@dataclass(frozen=True)
class CommonCause:
    """Beta-factor common-cause failures over the units of a redundant block ``of``.

    A fraction ``beta`` of each unit's failure rate is a cause shared by all
    units (one event takes them all down, repaired in the units' mean repair
    time); the remaining ``1 - beta`` fails them independently. See
    Rausand & Hoyland, *System Reliability Theory*, 2nd ed., section 10.4.
    """

    beta: float
    of: Block
    name: str = ""

    def __post_init__(self) -> None:
        if not 0.0 <= self.beta <= 1.0:
            raise ScenarioError(f"common_cause beta must lie in [0, 1], got {self.beta!r}")

    @property
    def event_instance(self) -> str:
        """Instance name of the common-cause event in cut sets."""
        return f"ccf({self.name or label(self.of)})"

    __hash__ = _cached_hash  # trees are hashed often (solver cache): once per object
    __getstate__ = _state


@dataclass(frozen=True)
class Edge:
    """An edge of a :class:`Network` between nodes ``a`` and ``b`` carrying ``block``.

    ``block = None`` is a perfect link. ``directed`` edges go from ``a`` to ``b`` only.
    """

    a: str
    b: str
    block: Block | None = None
    directed: bool = False

    __hash__ = _cached_hash  # trees are hashed often (solver cache): once per object
    __getstate__ = _state


@dataclass(frozen=True)
class Network:
    """A graph that is up while ``source`` is connected to ``sink`` through up edges."""

    nodes: tuple[str, ...]
    edges: tuple[Edge, ...]
    source: str
    sink: str
    name: str = ""

    def __post_init__(self) -> None:
        known = set(self.nodes)
        for end in (self.source, self.sink):
            if end not in known:
                raise ScenarioError(f"network: {end!r} is not one of the nodes {sorted(known)}")
        for edge in self.edges:
            for end in (edge.a, edge.b):
                if end not in known:
                    raise ScenarioError(f"network edge {edge.a}-{edge.b}: unknown node {end!r}")

    __hash__ = _cached_hash  # trees are hashed often (solver cache): once per object
    __getstate__ = _state


Block = Component | Series | Parallel | KOfN | ActiveActive | ActiveStandby | CommonCause | Network
BLOCK_TYPES = (Component, Series, Parallel, KOfN, ActiveActive, ActiveStandby, CommonCause, Network)


def rename(block: Block, suffix: str) -> Block:
    """A copy of ``block`` with ``suffix`` appended to every instance name inside it (shared ones kept)."""
    return map_components(block, lambda c: None if c.shared else replace(c, instance=c.instance + suffix))


def members(block: ActiveActive) -> tuple[Block, ...]:
    """The ``count`` instances of an active/active block's unit: ``web#1``, ``web#2``..."""
    return tuple(rename(block.unit, f"#{i}") for i in range(1, block.count + 1))


#: where a sub-block sits in its parent: the field and the position in it (``("parts", 2)``)
Slot = tuple[str, int]


def slots(block: Block) -> list[tuple[Slot, Block]]:
    """The direct sub-blocks with the slot each sits in (a replicated unit once, in slot ``unit``)."""
    if isinstance(block, (Series, Parallel, KOfN)):
        return [(("parts", i), p) for i, p in enumerate(block.parts)]
    if isinstance(block, ActiveActive):
        return [(("unit", 0), block.unit)]
    if isinstance(block, ActiveStandby):
        return [(("active", 0), block.active), (("standby", 0), block.standby),
                *((("spares", i), p) for i, p in enumerate(block.spares))]
    if isinstance(block, CommonCause):
        return [(("of", 0), block.of)]
    if isinstance(block, Network):
        return [(("edges", i), e.block) for i, e in enumerate(block.edges) if e.block is not None]
    return []


def with_child(block: Block, slot: Slot, child: Block) -> Block:
    """``block`` with ``child`` in ``slot`` (see :func:`slots`)."""
    name, i = slot
    if name in ("parts", "spares"):
        parts = getattr(block, name)
        return replace(block, **{name: parts[:i] + (child,) + parts[i + 1:]})  # type: ignore[arg-type]
    if name == "edges":
        assert isinstance(block, Network)
        edges = block.edges
        return replace(block, edges=edges[:i] + (replace(edges[i], block=child),) + edges[i + 1:])
    return replace(block, **{name: child})  # type: ignore[arg-type]


def children(block: Block) -> tuple[Block, ...]:
    """The direct sub-blocks (replicated units expanded by :func:`members`)."""
    if isinstance(block, ActiveActive):
        return members(block)
    return tuple(child for _, child in slots(block))


def components(block: Block) -> tuple[Component, ...]:
    """Every component instance in the tree, depth first (replicas expanded)."""
    if isinstance(block, Component):
        return (block,)
    out: list[Component] = []
    for child in children(block):
        out.extend(components(child))
    return tuple(out)


def walk(block: Block) -> Iterator[Block]:
    """Every block of the tree bottom-up, in the order :func:`map_blocks` visits them.

    Replicated units (:class:`ActiveActive`) are visited once, not per member.

    >>> a, b = Component.static("a", Availability(0.1)), Component.static("b", Availability(0.2))
    >>> [label(x) for x in walk(Series((a, Parallel((b,), name="p"))))]
    ['a', 'b', 'p', 'series(a, p)']
    """
    for _, child in slots(block):
        yield from walk(child)
    yield block


def map_blocks(block: Block, fn: Callable[[Block], Block | None]) -> Block:
    """Rebuild the tree bottom-up, replacing each block ``b`` by ``fn(b)`` (``None`` keeps it).

    Replicated units (:class:`ActiveActive`) are visited once, not per member.
    """
    # unchanged sub-trees are returned as the same objects (cheap, and cache-friendly)
    if isinstance(block, (Series, Parallel, KOfN)):
        parts = tuple(map_blocks(p, fn) for p in block.parts)
        if any(a is not b for a, b in zip(parts, block.parts, strict=True)):
            block = replace(block, parts=parts)
    elif isinstance(block, ActiveActive):
        unit = map_blocks(block.unit, fn)
        if unit is not block.unit:
            block = replace(block, unit=unit)
    elif isinstance(block, ActiveStandby):
        active, standby = map_blocks(block.active, fn), map_blocks(block.standby, fn)
        spares = tuple(map_blocks(p, fn) for p in block.spares)
        if (active is not block.active or standby is not block.standby
                or any(a is not b for a, b in zip(spares, block.spares, strict=True))):
            block = replace(block, active=active, standby=standby, spares=spares)
    elif isinstance(block, CommonCause):
        of = map_blocks(block.of, fn)
        if of is not block.of:
            block = replace(block, of=of)
    elif isinstance(block, Network):
        edges = tuple(
            e if e.block is None else _same_or(e, map_blocks(e.block, fn)) for e in block.edges
        )
        if any(a is not b for a, b in zip(edges, block.edges, strict=True)):
            block = replace(block, edges=edges)
    elif not isinstance(block, Component):
        raise TypeError(f"not a block: {block!r}")
    result = fn(block)
    return block if result is None else result


def _same_or(edge: Edge, block: Block) -> Edge:
    return edge if block is edge.block else replace(edge, block=block)


def map_components(block: Block, fn: Callable[[Component], Block | None]) -> Block:
    """Rebuild the tree with ``fn(component)`` in place of each component (``None`` keeps it)."""
    return map_blocks(block, lambda b: fn(b) if isinstance(b, Component) else None)


def kind(block: Block) -> str:
    """The scenario keyword of a block: ``component``, ``series``, ``k_of_n``..."""
    return {
        Component: "component",
        Series: "series",
        Parallel: "parallel",
        KOfN: "k_of_n",
        ActiveActive: "active_active",
        ActiveStandby: "active_standby",
        CommonCause: "common_cause",
        Network: "network",
    }[type(block)]


def label(block: Block) -> str:
    """A short human name for a block: its ``name``, its instance, or ``kind(children)``."""
    if isinstance(block, Component):
        return block.instance
    name = getattr(block, "name", "")
    if name:
        return str(name)
    if isinstance(block, ActiveActive):  # the first members only: never expand a large group to name it
        parts: tuple[Block, ...] = tuple(rename(block.unit, f"#{i}") for i in range(1, min(block.count, 3) + 1))
        more = ", ..." if block.count > 3 else ""
    else:
        parts = children(block)
        more = ", ..." if len(parts) > 3 else ""
    inner = ", ".join(label(c) for c in parts[:3])
    return f"{kind(block)}({inner}{more})"


__all__ = [
    "Block",
    "BLOCK_TYPES",
    "ActiveActive",
    "ActiveStandby",
    "CommonCause",
    "Component",
    "Distribution",
    "Edge",
    "KOfN",
    "Network",
    "Parallel",
    "Series",
    "children",
    "components",
    "kind",
    "label",
    "map_blocks",
    "map_components",
    "members",
    "mtbf_for",
    "rename",
    "walk",
]
