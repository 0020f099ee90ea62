"""Life distributions and the time to the first system failure on any of them.

A component's time to failure is its :class:`~.blocks.Distribution`
(exponential, Weibull, lognormal, gamma, fixed or empirical; parameterised by
its mean, the MTBF). :func:`survival` evaluates ``R_i(t) = P(T_i > t)``
exactly for each. :func:`system_life` builds the system's life from them:

* a series is up until its first part fails: ``R(t) = prod R_part(t)``;
* a single component fails first at its own life, whatever its repairs:
  ``R_part = R_i`` exactly, for any law;
* a static structure (parallel, k-of-n, network, series) of units that are
  never repaired (``mttr: none``) is up at ``t`` exactly when its structure
  function of the units up at ``t`` is: ``R_part(t) = h(R_1(t), ..., R_n(t))``
  (Rausand & Hoyland, *System Reliability Theory*, 2nd ed., section 4.3: the
  reliability of a non-repairable coherent structure), any law;
* anything else (repairs inside a redundant block, standby and load sharing)
  is an absorbing Markov chain (:func:`~.solve.first_failure`): exact for
  exponential lives; other laws there are replaced by exponentials of the same
  mean, and :attr:`SystemLife.approximations` says so.

From ``R(t)`` come the mean time to failure ``MTTF = integral R(t) dt``, the
hazard ``h(t) = -d ln R / dt``, the B10 life (``R = 0.9``) and the time to any
target reliability.

>>> import math
>>> from .blocks import Component, Distribution, Series
>>> mean = 10.0 * math.gamma(1.5)  # Weibull shape 2, scale 10
>>> w = Component("w", mtbf=mean, mttr=math.inf, failure=Distribution("weibull", mean, 2.0))
>>> life = system_life(Series((w, w)))
>>> round(life.reliability(5.0), 6) == round(math.exp(-2 * 0.25), 6)
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..availability import Availability
from .blocks import (
    ActiveActive,
    ActiveStandby,
    Block,
    CommonCause,
    Component,
    Distribution,
    Series,
    components,
    label,
    map_components,
    walk,
)

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

    from .markov import PhaseType

#: series parts are joined into one absorbing chain (exact MTTF by a linear solve) up to this many states
JOINT_STATES = 50_000


def survival(dist: Distribution, t: np.ndarray) -> np.ndarray:
    """``P(T > t)`` for a time-to-failure law, at each time in ``t`` (seconds).

    >>> import numpy as np
    >>> float(survival(Distribution("exponential", 10.0), np.array([10.0]))[0]) == math.exp(-1)
    True
    """
    import numpy as np
    from scipy import special

    t = np.asarray(t, dtype=float)
    if math.isinf(dist.mean):
        return np.ones_like(t)
    if dist.mean == 0:
        return np.where(t < 0, 1.0, 0.0)
    if dist.kind == "exponential":
        return np.exp(-t / dist.mean)
    if dist.kind == "weibull":
        assert dist.shape is not None
        return np.exp(-((np.clip(t, 0, None) / dist.scale) ** dist.shape))
    if dist.kind == "lognormal":
        assert dist.shape is not None
        with np.errstate(divide="ignore"):
            z = (np.log(np.clip(t, 1e-300, None)) - dist.mu) / dist.shape
        return np.where(t <= 0, 1.0, 0.5 * special.erfc(z / math.sqrt(2.0)))
    if dist.kind == "gamma":
        assert dist.shape is not None
        return np.asarray(special.gammaincc(dist.shape, np.clip(t, 0, None) * dist.shape / dist.mean))
    if dist.kind == "fixed":
        return np.where(t < dist.mean, 1.0, 0.0)
    # empirical: the fraction of the observed lives longer than t
    samples = np.sort(np.asarray(dist.samples, float))
    return 1.0 - np.searchsorted(samples, t, side="right") / samples.size


def _never_repaired(c: Component) -> bool:
    return c.has_rates and c.mttr is not None and math.isinf(c.mttr)


def _static_life(part: Block) -> bool:
    """Whether ``R_part(t)`` is the structure function of the units' survivals (exact, any law)."""
    if isinstance(part, Component):  # an exponential life is a one-state chain part (exact, cheaper)
        return part.has_rates and _law(part).kind != "exponential"
    if any(isinstance(b, (ActiveActive, ActiveStandby, CommonCause)) for b in walk(part)):
        return False
    return all(_never_repaired(c) for c in components(part))


def _law(c: Component) -> Distribution:
    assert c.mtbf is not None
    return c.failure if c.failure is not None else Distribution("exponential", c.mtbf)


@dataclass(frozen=True)
class SystemLife:
    """The time to the first system failure from all-up (see the module docstring).

    ``markov`` is the product of the absorbing-chain parts (or ``None``),
    ``exact_parts`` the parts evaluated on their own life laws.
    """

    markov: tuple[PhaseType, ...]
    exact_parts: tuple[Block, ...]
    approximations: tuple[str, ...] = ()
    counts: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if len(self.counts) != len(self.markov):
            object.__setattr__(self, "counts", tuple(1 for _ in self.markov))

    def reliabilities(self, t: np.ndarray) -> np.ndarray:
        """``R(t)`` at each time of the array ``t`` (seconds)."""
        import numpy as np

        from .markov import curve

        t = np.asarray(t, dtype=float)
        r = np.ones_like(t)
        for phase, count in zip(self.markov, self.counts, strict=True):
            r *= curve(phase, t) ** count
        for part in self.exact_parts:
            r *= _part_survival(part, t)
        return np.clip(r, 0.0, 1.0)

    def reliability(self, t: float) -> float:
        """``R(t)``: probability of no system failure in ``[0, t]``."""
        import numpy as np

        return float(self.reliabilities(np.array([float(t)]))[0])

    def mean_time(self) -> float:
        """``MTTF = integral_0^inf R(t) dt``.

        A linear solve on the absorbing chain when only chain parts are left and
        their joint chain is small (``(-T) tau = 1``); otherwise Simpson's rule on
        a grid uniform within each decade of time (from ``1e-6`` of the shortest
        part mean until ``R < 1e-13``), where every chain part is carried forward
        with one matrix exponential per decade.
        """
        import numpy as np
        from scipy.integrate import simpson

        if not self.exact_parts and self.markov:
            import functools

            from .markov import kron_sum

            chains = [p for p, n in zip(self.markov, self.counts, strict=True) for _ in range(n)]
            if math.prod(p.size for p in chains) <= JOINT_STATES:
                return functools.reduce(kron_sum, chains).mean_time()
        scale = self._scale()
        if not math.isfinite(scale):
            return math.inf
        lo, hi = 0.0, scale * 1e-6
        total = 0.0
        for _ in range(40):
            t = np.linspace(lo, hi, 801)
            r = self.reliabilities(t)
            total += float(simpson(r, x=t))
            if r[-1] < 1e-13:
                return total
            lo, hi = hi, hi * 10.0
        return math.inf  # some part practically never fails

    def hazard(self, t: float) -> float:
        """Hazard rate ``h(t) = -d ln R(t) / dt`` per second (a central difference in ``ln t``)."""
        import numpy as np

        if t <= 0:
            t = self._scale() * 1e-9
        eps = 1e-4
        r = self.reliabilities(np.array([t * (1 - eps), t * (1 + eps)]))
        if r[1] <= 0:
            return math.inf
        return float((math.log(r[0]) - math.log(r[1])) / (2 * eps * t)) if r[0] > 0 else math.inf

    def time_to(self, target: float) -> float:
        """The time at which ``R(t)`` falls to ``target`` (``inf`` if it never does).

        ``R`` falls monotonically: a bracket is doubled from the shortest part mean
        until ``R`` is below the target, then Brent's method finds the root.
        """
        if not 0.0 < target < 1.0:
            raise ValueError("a target reliability lies strictly between 0 and 1")
        hi = self._scale()
        if not math.isfinite(hi):
            return math.inf
        return self._time_to_by_root(target, hi)

    def _time_to_by_root(self, target: float, hi: float) -> float:
        from scipy.optimize import brentq

        lo = 0.0
        for _ in range(200):
            if self.reliability(hi) <= target:
                break
            lo, hi = hi, hi * 2.0
        else:
            return math.inf
        return float(brentq(lambda x: self.reliability(x) - target, lo, hi, xtol=1e-12 * hi, rtol=1e-12))

    def _scale(self) -> float:
        """A typical time of the system's life: the smallest part mean (for grids and brackets)."""
        means = [c.mtbf for part in self.exact_parts for c in components(part)
                 if c.mtbf is not None and 0 < c.mtbf < math.inf]
        for phase in self.markov:
            m = phase.mean_time()
            if math.isfinite(m) and m > 0:
                means.append(m)
        return min(means) if means else math.inf


def _part_survival(part: Block, t: np.ndarray) -> np.ndarray:
    import numpy as np

    from .solve import solve

    if isinstance(part, Component):
        return survival(_law(part), t)
    comps = {c.instance: c for c in components(part)}
    curves = {name: survival(_law(c), t) for name, c in comps.items()}
    out = np.empty_like(t)
    for i in range(t.size):
        fixed = map_components(part, lambda c, i=i: Component.static(  # type: ignore[misc]
            c.name, Availability(float(1.0 - curves[c.instance][i])), instance=c.instance))
        out[i] = 1.0 - solve(fixed, record=False, cache=False).unavailability
    return out


def system_life(block: Block) -> SystemLife | None:
    """The system's life from all-up, or ``None`` when a component has no rates (availability only)."""
    from .markov import PhaseType
    from .solve import first_failure

    if any(not c.has_rates for c in components(block)):
        return None
    parts = _flatten(block)
    exact = tuple(p for p in parts if _static_life(p))
    notes: list[str] = []
    markov: list[PhaseType] = []
    counts: list[int] = []
    seen: dict[tuple[object, ...], int] = {}
    for part in parts:
        if _static_life(part):
            continue
        phase = first_failure(part)
        if not isinstance(phase, PhaseType):
            return None
        key = _phase_key(phase)
        if key in seen:  # identical parts (a repeated sub-system): its R(t) once, raised to the count
            counts[seen[key]] += 1
        else:
            seen[key] = len(markov)
            markov.append(phase)
            counts.append(1)
        odd = sorted({c.name for c in components(part)
                      if c.failure is not None and c.failure.kind != "exponential"})
        if odd:
            notes.append(f"R(t) of {label(part)}: the life laws of {', '.join(odd)} are replaced by "
                         "exponentials of the same mean inside its Markov chain (an approximation; "
                         "`uptime-calc simulate` gives the reference)")
    return SystemLife(tuple(markov), exact, tuple(notes), tuple(counts))


def _phase_key(phase: PhaseType) -> tuple[object, ...]:
    m = phase.sub_generator.tocsr()
    return (phase.size, phase.scalar, m.data.tobytes(), m.indices.tobytes(), m.indptr.tobytes(),
            phase.p0.tobytes())


def _flatten(block: Block) -> list[Block]:
    if isinstance(block, Series):
        out: list[Block] = []
        for p in block.parts:
            out.extend(_flatten(p))
        return out
    return [block]


def interval_reliability(block: Block, t: float, x: float) -> tuple[float, tuple[str, ...]] | None:
    """``IR(t, x)``: probability that the system is up throughout ``[t, t + x]``, from all-up at 0.

    The product over the parts of a series (independent): a component that is
    repaired ``A_i(t) exp(-lambda_i x)``; a part whose units are never repaired
    ``R_part(t + x)`` (it cannot come back); any other part ``p(t) exp(T x) 1``
    from its own chain (``p(t)`` its transient state probabilities, ``T`` the
    generator restricted to its up states: Birolini, *Reliability Engineering*,
    7th ed., section 6.2: interval reliability). Also returns the notes on any
    approximation; ``None`` when a rate is unknown.
    """
    import numpy as np

    from .markov import _expm_apply, transient
    from .solve import _NoPhase, block_chain

    if any(not c.has_rates for c in components(block)):
        return None
    ir = 1.0
    notes: list[str] = []
    for part in _flatten(block):
        if isinstance(part, Component) and not _never_repaired(part):
            lam, mu = part.failure_rate or 0.0, part.repair_rate or 0.0
            u = 0.0 if lam == 0 else lam / (lam + mu) * -math.expm1(-(lam + mu) * t)
            ir *= (1.0 - u) * math.exp(-lam * x)
            if part.failure is not None and part.failure.kind != "exponential":
                notes.append(f"IR(t, x) of {part.instance}: exponential times of the same mean "
                             "(an approximation for a repaired unit with another life law)")
            continue
        if _static_life(part):
            ir *= float(_part_survival(part, np.array([t + x]))[0])
            continue
        try:
            chain, mask = block_chain(part)
        except _NoPhase:
            return None
        q = chain.generator
        p0 = np.zeros(q.shape[0])
        p0[0] = 1.0
        pt = transient(q, p0, t)
        up = np.flatnonzero(~mask)
        sub = q[up][:, up].tocsr()
        stay = np.clip(_expm_apply(sub.T.tocsr(), np.ones(up.size), x), 0.0, 1.0)
        ir *= float(pt[up] @ stay)
    return min(1.0, max(0.0, ir)), tuple(notes)


def point_unavailability(c: Component, t: float) -> float | None:
    """``1 - R_i(t)`` of a unit that is never repaired, on its own life law; ``None`` otherwise."""
    import numpy as np

    if not _never_repaired(c):
        return None
    return float(1.0 - survival(_law(c), np.array([t]))[0])


__all__ = ["SystemLife", "interval_reliability", "point_unavailability", "survival", "system_life"]
