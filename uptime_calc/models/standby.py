"""Active/standby pairs as a continuous-time Markov chain generated from the block's parameters.

States are ``(queue, serving, phase)``: ``queue`` lists the failed units in
order of failure (the first ``repair_crews`` of them are being repaired),
``serving`` is the unit carrying the service, ``phase`` is ``ok``,
``switch1`` ... ``switchK`` (serving unit failed; detection + failover under
way towards the other unit), ``stuck`` (the switch failed; waiting for manual recovery or the
failed unit's repair) or ``down`` (both units failed).

Rules (after Trivedi, *Probability and Statistics with Reliability, Queuing
and Computer Science Applications*, 2nd ed., ch. 8-9: two-unit standby with
imperfect coverage and shared repair):

* the serving unit fails at its rate; the idle unit at ``idle_factor`` times
  its rate (hot 1, warm ``warm_factor``, cold 0);
* a switch lasts ``detection + failover``, a fixed time in practice (health
  checks, timeouts, scripted failover): the chain passes through
  :data:`SWITCH_PHASES` exponential phases (an Erlang-k delay of that mean,
  coefficient of variation ``1/sqrt(k)``; the simulator uses the fixed time)
  and succeeds with probability ``switchover_success``; with zero switch time
  it is instantaneous;
* a failed switch is recovered by hand after ``manual_recovery`` on average
  (or, if none, when the failed unit is repaired);
* a repaired unit rejoins as the idle unit, or serves at once if nothing is
  serving.

The down states are the ``switch`` phases, ``stuck`` and ``down``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..errors import ComputationError
from .blocks import ActiveStandby
from .markov import Chain, build_chain, check_states

State = tuple[tuple[str, ...], str, str]

#: Erlang phases that represent the fixed switch time (detection + failover)
SWITCH_PHASES = 8


@dataclass(frozen=True)
class UnitRates:
    """Equivalent exponential rates of one unit (per second)."""

    failure: float
    repair: float


def standby_chain(
    block: ActiveStandby, active: UnitRates, standby: UnitRates, *, switch_phases: int = SWITCH_PHASES
) -> tuple[Chain, list[bool]]:
    """The chain of an active/standby pair and its down-state mask (index order).

    ``switch_phases = 1`` makes the switch time exponential (the textbook chain).
    """
    k = max(1, int(switch_phases))
    units = {"A": active, "B": standby}
    tau = block.switch_time
    c = block.switchover_success
    idle = block.idle_factor
    crews = block.repair_crews
    manual = block.manual_recovery

    def other(x: str) -> str:
        return "B" if x == "A" else "A"

    def transitions(state: State) -> list[tuple[State, float]]:
        queue, serving, phase = state
        out: list[tuple[State, float]] = []
        # repairs of the first `crews` failed units
        # a unit that is never repaired (forced failed, for importance) does not hold a crew
        for unit in [u for u in queue if units[u].repair > 0][:crews]:
            rest = tuple(u for u in queue if u != unit)
            rate = units[unit].repair
            if phase == "ok":
                out.append(((rest, serving, "ok"), rate))
            elif phase.startswith("switch") or phase == "stuck":
                # the failed serving unit is back before the switch completed
                if unit == serving:
                    out.append(((rest, serving, "ok"), rate))
                else:  # pragma: no cover - the target is up in these phases
                    out.append(((rest, serving, phase), rate))
            else:  # down: the repaired unit serves
                out.append(((rest, unit, "ok"), rate))
        if phase == "ok":
            x, y = serving, other(serving)
            lam = units[x].failure
            if y in queue:  # no spare: the pair goes down
                out.append(((queue + (x,), x, "down"), lam))
            elif tau > 0:
                out.append(((queue + (x,), x, "switch1"), lam))
            else:
                out.append(((queue + (x,), y, "ok"), lam * c))
                out.append(((queue + (x,), x, "stuck"), lam * (1 - c)))
            if y not in queue:
                out.append(((queue + (y,), x, "ok"), units[y].failure * idle))
        elif phase.startswith("switch"):
            x, y = serving, other(serving)
            j = int(phase[len("switch"):])
            rate = k / tau
            if j < k:
                out.append(((queue, x, f"switch{j + 1}"), rate))
            else:
                out.append(((queue, y, "ok"), c * rate))
                out.append(((queue, x, "stuck"), (1 - c) * rate))
            out.append(((queue + (y,), x, "down"), units[y].failure * idle))
        elif phase == "stuck":
            x, y = serving, other(serving)
            if manual is not None:
                out.append(((queue, y, "ok"), 1.0 / manual))
            out.append(((queue + (y,), x, "down"), units[y].failure * idle))
        return out

    for rates in units.values():
        if not (math.isfinite(rates.failure) and math.isfinite(rates.repair)):
            raise ComputationError("active_standby: unit rates must be finite (mtbf and mttr above zero)")
    chain = build_chain(((), "A", "ok"), transitions)
    down = [s[2] != "ok" for s in chain.states]  # type: ignore[index]
    return chain, down


GroupState = tuple[int, str]


def group_standby_chain(
    block: ActiveStandby, unit: UnitRates, *, switch_phases: int = SWITCH_PHASES
) -> tuple[Chain, list[bool]]:
    """The chain of an N-unit standby group of identical units, ``k`` serving at once.

    States are ``(j, phase)``: ``j`` units failed; ``phase`` is ``ok``,
    ``switchI`` (a serving unit failed and a spare is being switched in) or
    ``stuck`` (that switch failed). The rules are those of :func:`standby_chain`
    for ``n`` units (identical units make the failed set a count): serving units
    fail at ``lambda``, idle ones at ``idle_factor`` times it; each switch
    succeeds with ``switchover_success``; ``min(j, repair_crews)`` repairs run at
    ``mu``; a repair that ends while the service is down (switching, stuck or too
    few units) puts the repaired unit into service at once. With ``k > 1`` a
    switch that completes fills every empty serving place it can. The block is
    up in phase ``ok`` with at least ``k`` units working.

    For ``n = 2`` this is :func:`standby_chain` lumped by symmetry; for a cold
    group with a perfect instant switch and no repair it gives the Erlang life
    ``R(t) = exp(-lambda t) sum_{i<n} (lambda t)^i / i!`` (Rausand & Hoyland,
    *System Reliability Theory*, 2nd ed., section 6.4: standby redundancy).
    """
    m = max(1, int(switch_phases))
    n, k = block.n, block.k
    lam, mu = unit.failure, unit.repair
    idle_rate = lam * block.idle_factor
    tau = block.switch_time
    c = block.switchover_success
    crews = block.repair_crews
    manual = block.manual_recovery
    if not (math.isfinite(lam) and math.isfinite(mu)):
        raise ComputationError("active_standby: unit rates must be finite (mtbf and mttr above zero)")

    def after_failure(j: int, phase: str) -> GroupState:
        # one more unit lost while switching or stuck: down for good if too few remain
        return (j + 1, "ok") if n - (j + 1) < k else (j + 1, phase)

    def transitions(state: GroupState) -> list[tuple[GroupState, float]]:
        j, phase = state
        out: list[tuple[GroupState, float]] = []
        if j > 0 and mu > 0:
            out.append(((j - 1, "ok"), min(j, crews) * mu))
        working = n - j
        if phase == "ok":
            serving = min(k, working)
            idle = working - serving
            if serving and working >= k and idle > 0:
                if tau > 0:
                    out.append(((j + 1, "switch1"), serving * lam))
                else:
                    out.append(((j + 1, "ok"), serving * lam * c))
                    out.append(((j + 1, "stuck"), serving * lam * (1 - c)))
            elif serving:
                out.append(((j + 1, "ok"), serving * lam))
            if idle:
                out.append(((j + 1, "ok"), idle * idle_rate))
            return out
        serving = k - 1  # the rest keep serving while the failed place is being filled
        idle = working - serving
        out.append((after_failure(j, phase), serving * lam + idle * idle_rate))
        if phase == "stuck":
            if manual is not None:
                out.append(((j, "ok"), 1.0 / manual))
            return out
        i = int(phase[len("switch"):])
        if i < m:
            out.append(((j, f"switch{i + 1}"), m / tau))
        else:
            out.append(((j, "ok"), c * m / tau))
            out.append(((j, "stuck"), (1 - c) * m / tau))
        return out

    check_states((n + 1) * (m + 2), f"active_standby ({n} units)")
    chain = build_chain((0, "ok"), transitions)
    down = [s[1] != "ok" or n - s[0] < k for s in chain.states]  # type: ignore[index]
    return chain, down
