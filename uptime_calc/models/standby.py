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
from .markov import Chain, build_chain

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
