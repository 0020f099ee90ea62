"""Blocks whose units interact, stepped event by event and vectorised across replications.

An active/standby pair (the standby's failure rate depends on its role; a
switch takes time and may fail) and a group with fewer repair crews than units
(a failed unit may wait for a crew) are not superpositions of independent
timelines. They are simulated as discrete-event systems: each loop iteration
takes the next event of *every* replication at once (an ``argmin`` over a
small matrix of clocks), so the Python loop runs once per event index, never
once per replication.

The rules follow the analytic chain in :mod:`uptime_calc.models.standby`
(Trivedi, *Probability and Statistics with Reliability, Queuing and Computer
Science Applications*, 2nd ed., ch. 8-9), with general distributions: the
switch lasts exactly ``detection + failover``; manual recovery is
exponential with the given mean; an idle unit ages at ``idle_factor`` times
the rate of a serving one (accelerated life, exact for exponential times).

Each replication starts at ``-warm_up`` with every unit new and up, so that
the part inside ``[0, horizon)`` is close to steady state.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from ..models.blocks import ActiveActive, ActiveStandby, Block, Component, members
from .distributions import Distribution, Exponential
from .intervals import Intervals, sort_key

if TYPE_CHECKING:  # pragma: no cover
    from .structure import SimOptions  # structure imports this module lazily: annotations only

OK, SWITCH, STUCK, DOWN = 0, 1, 2, 3
INF = math.inf


class _Recorder:
    """Collects the instants at which each replication's system goes down and comes back."""

    def __init__(self, n: int) -> None:
        self.prev = np.zeros(n, dtype=bool)
        self.starts: list[tuple[np.ndarray, np.ndarray]] = []
        self.ends: list[tuple[np.ndarray, np.ndarray]] = []

    def update(self, down_now: np.ndarray, t: np.ndarray) -> None:
        went_down = down_now & ~self.prev
        came_up = self.prev & ~down_now
        if went_down.any():
            idx = np.flatnonzero(went_down)
            self.starts.append((idx, t[idx]))
        if came_up.any():
            idx = np.flatnonzero(came_up)
            self.ends.append((idx, t[idx]))
        self.prev = down_now.copy()

    def intervals(self, n: int, horizon: float) -> Intervals:
        open_idx = np.flatnonzero(self.prev)
        self.ends.append((open_idx, np.full(open_idx.size, horizon)))
        if not self.starts:
            return Intervals.empty(n, horizon)
        sr = np.concatenate([r for r, _ in self.starts]).astype(np.int64)
        # clipping to [0, horizon] keeps each replication's boundaries in order and inside its
        # own range of sort keys (warm-up times are negative, the last event may pass the horizon)
        st = np.clip(np.concatenate([x for _, x in self.starts]), 0.0, horizon)
        er = np.concatenate([r for r, _ in self.ends]).astype(np.int64)
        et = np.clip(np.concatenate([x for _, x in self.ends]), 0.0, horizon)
        so = np.argsort(sort_key(sr, st, horizon), kind="stable")
        eo = np.argsort(sort_key(er, et, horizon), kind="stable")
        rep, start, end = sr[so], st[so], et[eo]
        keep = (end > start) & (start < horizon)
        return Intervals(n, horizon, rep[keep], start[keep], end[keep])


def _laws(unit: Block, what: str, options: SimOptions) -> tuple[Distribution | None, Distribution | None]:
    """Up- and down-time laws of a unit of a stepped block.

    A composite unit (e.g. a series of host and process) is replaced by its
    equivalent two-state unit, exponential with the MTBF and MTTR of the
    analytic solver's frequency-and-duration equivalent, exactly as the
    analytic chain treats it (Billinton & Allan, 2nd ed., section 11.3).
    """
    from .structure import component_laws

    if isinstance(unit, Component):
        return component_laws(unit, options)
    from ..models.solve import solve

    eq = solve(unit, record=False).equivalent
    if eq.frequency is None:  # only availabilities inside: an assumed restore time, like a static leaf
        return component_laws(Component.static(what, eq.availability), options)
    if eq.frequency == 0 or eq.mtbf is None or eq.mttr is None:
        return (None, None) if eq.unavailability < 1 else (Exponential(1.0), None)
    return Exponential(eq.mtbf), Exponential(eq.mttr)


def _draw(law: Distribution | None, rng: np.random.Generator, size: int) -> np.ndarray:
    if law is None:
        return np.full(size, INF)
    return law.sample(rng, (size,))


def _warm_up(ups: list[Distribution | None], downs: list[Distribution | None], extra: float = 0.0) -> float:
    slow = [d.mean for d in downs if d is not None] + [extra]
    w = 10.0 * max(slow)
    for u in ups:
        if u is not None and not isinstance(u, Exponential):
            w += 2.0 * u.mean  # ageing laws need a cycle or two to forget "all new"
    return w


def standby_down(
    block: ActiveStandby, n: int, horizon: float, rng: np.random.Generator, options: SimOptions
) -> Intervals:
    """Down-intervals of an active/standby pair (phases ``switch``, ``stuck`` and ``down``)."""
    la = _laws(block.active, "active_standby.active", options)
    lb = _laws(block.standby, "active_standby.standby", options)
    up_law, down_law = [la[0], lb[0]], [la[1], lb[1]]
    tau, c, idle = block.switch_time, block.switchover_success, block.idle_factor
    crews = min(block.repair_crews, 2)
    manual = None if block.manual_recovery is None else Exponential(block.manual_recovery)
    extra = max(tau, block.manual_recovery or 0.0)
    rows = np.arange(n)

    t = np.full(n, -_warm_up(up_law, down_law, extra))
    serving = np.zeros(n, dtype=np.int64)
    phase = np.zeros(n, dtype=np.int8)
    up = np.ones((n, 2), dtype=bool)
    life = np.column_stack([_draw(up_law[0], rng, n), _draw(up_law[1], rng, n)])
    failed_at = np.full((n, 2), INF)
    repair_end = np.full((n, 2), INF)
    phase_end = np.full(n, INF)
    rec = _Recorder(n)

    def start_repairs(idx: np.ndarray) -> None:
        """Give free crews to waiting units, first failed first (replications ``idx``)."""
        for _ in range(2):
            if idx.size == 0:
                return
            ends = repair_end[idx]
            busy = np.isfinite(ends).sum(axis=1)
            waiting = ~up[idx] & ~np.isfinite(ends)
            j = np.argmin(np.where(waiting, failed_at[idx], INF), axis=1)
            go = (busy < crews) & waiting[np.arange(idx.size), j]
            idx, j = idx[go], j[go]
            for unit in (0, 1):
                sel = idx[j == unit]
                if sel.size:
                    repair_end[sel, unit] = t[sel] + _draw(down_law[unit], rng, sel.size)

    cand = np.empty((n, 5))
    factor = np.empty((n, 2))
    while True:
        live = t < horizon
        if not live.any():
            break
        # ageing rate of each unit: 1 while serving, idle_factor while idle (down units do not age)
        factor.fill(idle)
        factor[rows, serving] = np.where(phase == OK, 1.0, idle)
        with np.errstate(divide="ignore", invalid="ignore"):
            np.add(t[:, None], life / factor, out=cand[:, 0:2])  # down units have life = inf
        cand[:, 2:4] = repair_end
        cand[:, 4] = phase_end
        ev = np.argmin(cand, axis=1)
        t_next = cand[rows, ev]
        step = live & np.isfinite(t_next)
        dt = np.where(step, t_next - t, 0.0)
        life -= dt[:, None] * factor
        t = np.where(step, t_next, np.where(live, horizon, t))  # nothing left to happen: done

        # -- a unit fails ------------------------------------------------------------------
        for unit in (0, 1):
            idx = np.flatnonzero(step & (ev == unit))
            if not idx.size:
                continue
            was_serving = (serving[idx] == unit) & (phase[idx] == OK)
            up[idx, unit] = False
            failed_at[idx, unit] = t[idx]
            life[idx, unit] = INF
            start_repairs(idx)
            lead = idx[was_serving]
            other_up = up[lead, 1 - unit]
            phase[lead[~other_up]] = DOWN
            sw = lead[other_up]
            if tau > 0:
                phase[sw] = SWITCH
                phase_end[sw] = t[sw] + tau
            elif sw.size:
                ok = rng.random(sw.size) < c
                serving[sw[ok]] = 1 - unit
                bad = sw[~ok]
                phase[bad] = STUCK
                phase_end[bad] = t[bad] + _draw(manual, rng, bad.size)
            spare = idx[~was_serving]
            lost = spare[(phase[spare] == SWITCH) | (phase[spare] == STUCK)]
            phase[lost] = DOWN
            phase_end[lost] = INF

        # -- a repair completes -------------------------------------------------------------
        for unit in (0, 1):
            idx = np.flatnonzero(step & (ev == 2 + unit))
            if not idx.size:
                continue
            up[idx, unit] = True
            life[idx, unit] = _draw(up_law[unit], rng, idx.size)
            repair_end[idx, unit] = INF
            failed_at[idx, unit] = INF
            start_repairs(idx)
            ph = phase[idx]
            back = idx[(ph != OK) & ((ph == DOWN) | (serving[idx] == unit))]
            serving[back] = unit
            phase[back] = OK
            phase_end[back] = INF

        # -- a switch or a manual recovery ends ----------------------------------------------
        idx = np.flatnonzero(step & (ev == 4))
        if idx.size:
            ph = phase[idx]
            switched = idx[ph == SWITCH]
            ok = rng.random(switched.size) < c
            moved = np.concatenate([switched[ok], idx[ph == STUCK]])
            bad = switched[~ok]
            serving[moved] = 1 - serving[moved]
            phase[moved] = OK
            phase_end[moved] = INF
            phase[bad] = STUCK
            phase_end[bad] = t[bad] + _draw(manual, rng, bad.size)

        rec.update(phase != OK, t)
        options.tally.add(int(step.sum()))
    return rec.intervals(n, horizon)


def crew_group_down(
    block: ActiveActive, n: int, horizon: float, rng: np.random.Generator, options: SimOptions
) -> Intervals:
    """Down-intervals of ``count`` load-sharing units repaired by ``repair_crews`` crews (FIFO)."""
    units = members(block)
    laws = [_laws(u, "active_active.unit", options) for u in units]
    up_law = [law[0] for law in laws]
    down_law = [law[1] for law in laws]
    m_units = len(units)
    crews = block.repair_crews or m_units
    threshold = block.count - block.required + 1
    rows = np.arange(n)

    t = np.full(n, -_warm_up(up_law, down_law))
    up = np.ones((n, m_units), dtype=bool)
    next_fail = t[:, None] + np.column_stack([_draw(up_law[j], rng, n) for j in range(m_units)])
    repair_end = np.full((n, m_units), INF)
    failed_at = np.full((n, m_units), INF)
    rec = _Recorder(n)

    while True:
        live = t < horizon
        if not live.any():
            break
        cand = np.where(up, next_fail, repair_end)
        j = np.argmin(cand, axis=1)
        t_next = cand[rows, j]
        finite = np.isfinite(t_next)
        t = np.where(live & finite, t_next, np.where(live, horizon, t))
        go = live & finite
        fails = go & up[rows, j]
        repairs = go & ~up[rows, j]

        fi = np.flatnonzero(fails)
        up[fi, j[fi]] = False
        failed_at[fi, j[fi]] = t[fi]
        next_fail[fi, j[fi]] = INF
        ri = np.flatnonzero(repairs)
        up[ri, j[ri]] = True
        repair_end[ri, j[ri]] = INF
        failed_at[ri, j[ri]] = INF
        for unit in range(m_units):
            sel = ri[j[ri] == unit]
            if sel.size:
                next_fail[sel, unit] = t[sel] + _draw(up_law[unit], rng, sel.size)

        # free crews take the earliest-failed waiting unit
        busy = np.isfinite(repair_end).sum(axis=1)
        waiting = ~up & ~np.isfinite(repair_end)
        k = np.argmin(np.where(waiting, failed_at, INF), axis=1)
        start = go & (busy < crews) & waiting[rows, k]
        for unit in range(m_units):
            sel = np.flatnonzero(start & (k == unit))
            if sel.size:
                repair_end[sel, unit] = t[sel] + _draw(down_law[unit], rng, sel.size)

        rec.update((~up).sum(axis=1) >= threshold, t)
        options.tally.add(int(go.sum()))
    return rec.intervals(n, horizon)


def standby_group_down(
    block: ActiveStandby, n: int, horizon: float, rng: np.random.Generator, options: SimOptions
) -> Intervals:
    """Down-intervals of a standby group: ``N`` units, ``k`` serving, the rest idle spares.

    The rules of the analytic group chain (:func:`uptime_calc.models.standby.group_standby_chain`)
    with general laws: a serving unit that fails while a spare is idle starts a switch (exactly
    ``detection + failover``, then success with ``switchover_success``, else stuck until a manual
    recovery); a failed switch or a shortage of units leaves the group down; a repair that ends
    while the group is down puts the repaired unit into service at once; ``repair_crews`` crews
    repair first failed first.
    """
    units = block.units
    laws = [_laws(u, f"active_standby.units[{i}]", options) for i, u in enumerate(units)]
    up_law, down_law = [law[0] for law in laws], [law[1] for law in laws]
    size, k = len(units), block.k
    tau, c, idle = block.switch_time, block.switchover_success, block.idle_factor
    crews = min(block.repair_crews, size)
    manual = None if block.manual_recovery is None else Exponential(block.manual_recovery)
    extra = max(tau, block.manual_recovery or 0.0)
    rows = np.arange(n)

    t = np.full(n, -_warm_up(up_law, down_law, extra))
    phase = np.zeros(n, dtype=np.int8)  # OK, SWITCH or STUCK (DOWN is "fewer than k serving")
    up = np.ones((n, size), dtype=bool)
    serving = np.zeros((n, size), dtype=bool)
    serving[:, :k] = True
    life = np.column_stack([_draw(up_law[i], rng, n) for i in range(size)])
    failed_at = np.full((n, size), INF)
    repair_end = np.full((n, size), INF)
    phase_end = np.full(n, INF)
    rec = _Recorder(n)

    def start_repairs(idx: np.ndarray) -> None:
        for _ in range(size):
            if idx.size == 0:
                return
            ends = repair_end[idx]
            busy = np.isfinite(ends).sum(axis=1)
            waiting = ~up[idx] & ~np.isfinite(ends)
            j = np.argmin(np.where(waiting, failed_at[idx], INF), axis=1)
            go = (busy < crews) & waiting[np.arange(idx.size), j]
            idx, j = idx[go], j[go]
            for unit in range(size):
                sel = idx[j == unit]
                if sel.size:
                    repair_end[sel, unit] = t[sel] + _draw(down_law[unit], rng, sel.size)

    def fill(idx: np.ndarray) -> None:
        """Idle working units take every empty serving place (lowest index first)."""
        for _ in range(k):
            if idx.size == 0:
                return
            short = serving[idx].sum(axis=1) < k
            spare = up[idx] & ~serving[idx]
            has = short & spare.any(axis=1)
            idx = idx[has]
            if idx.size:
                serving[idx, np.argmax(spare[has], axis=1)] = True

    cand = np.empty((n, 2 * size + 1))
    while True:
        live = t < horizon
        if not live.any():
            break
        factor = np.where(serving, 1.0, idle)  # serving units age at their rate, idle ones at idle_factor
        with np.errstate(divide="ignore", invalid="ignore"):
            np.add(t[:, None], life / factor, out=cand[:, :size])
        cand[:, size:2 * size] = repair_end
        cand[:, 2 * size] = phase_end
        ev = np.argmin(cand, axis=1)
        t_next = cand[rows, ev]
        step = live & np.isfinite(t_next)
        dt = np.where(step, t_next - t, 0.0)
        with np.errstate(invalid="ignore"):
            life = np.where(np.isfinite(life), life - dt[:, None] * factor, life)
        t = np.where(step, t_next, np.where(live, horizon, t))

        # -- a unit fails ----------------------------------------------------------------------
        for unit in range(size):
            idx = np.flatnonzero(step & (ev == unit))
            if not idx.size:
                continue
            was_serving = serving[idx, unit].copy()
            working_before = up[idx].sum(axis=1)
            up[idx, unit] = False
            serving[idx, unit] = False
            failed_at[idx, unit] = t[idx]
            life[idx, unit] = INF
            start_repairs(idx)
            working = working_before - 1
            short = working < k  # too few units left: down until a repair, whatever the phase
            gone = idx[short]
            phase[gone] = OK
            phase_end[gone] = INF
            serving[gone] = up[gone]  # every unit left serves
            lead = idx[was_serving & ~short & (phase[idx] == OK)]
            if lead.size == 0:
                continue
            if tau > 0:
                phase[lead] = SWITCH
                phase_end[lead] = t[lead] + tau
            else:
                ok = rng.random(lead.size) < c
                fill(lead[ok])
                bad = lead[~ok]
                phase[bad] = STUCK
                phase_end[bad] = t[bad] + _draw(manual, rng, bad.size)

        # -- a repair completes -------------------------------------------------------------------
        for unit in range(size):
            idx = np.flatnonzero(step & (ev == size + unit))
            if not idx.size:
                continue
            up[idx, unit] = True
            life[idx, unit] = _draw(up_law[unit], rng, idx.size)
            repair_end[idx, unit] = INF
            failed_at[idx, unit] = INF
            start_repairs(idx)
            down = (phase[idx] != OK) | (serving[idx].sum(axis=1) < k)
            back = idx[down]
            serving[back, unit] = True  # the repaired unit serves at once
            phase[back] = OK
            phase_end[back] = INF
            fill(back)

        # -- a switch or a manual recovery ends ------------------------------------------------------
        idx = np.flatnonzero(step & (ev == 2 * size))
        if idx.size:
            ph = phase[idx]
            switched = idx[ph == SWITCH]
            ok = rng.random(switched.size) < c
            moved = np.concatenate([switched[ok], idx[ph == STUCK]])
            bad = switched[~ok]
            phase[moved] = OK
            phase_end[moved] = INF
            fill(moved)
            phase[bad] = STUCK
            phase_end[bad] = t[bad] + _draw(manual, rng, bad.size)

        rec.update((phase != OK) | (serving.sum(axis=1) < k), t)
        options.tally.add(int(step.sum()))
    return rec.intervals(n, horizon)
