"""The baseline for ``benchmarks/simulate.py``: a plain discrete-event simulation in pure Python.

The textbook event-calendar method (Law, *Simulation Modeling and Analysis*,
5th ed., ch. 1): one replication at a time, a heap of future events, pop the
next event, update the state, schedule the follow-up event. Components
alternate exponential up- and down-times (drawn with the standard library's
``random``) and start in steady state; the system is a series of components
and a k-of-n group, down while any series component is down or at least
``k_down`` group units are. It answers the same question as the vectorised
engine, the way one writes it without NumPy.
"""

from __future__ import annotations

import heapq
import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    """A component with exponential up-times (mean ``mtbf``) and down-times (mean ``mttr``), seconds."""

    mtbf: float
    mttr: float


def replication(series: list[Unit], group: list[Unit], k_down: int, horizon: float,
                rng: random.Random) -> tuple[float, int]:
    """System downtime of one replication and the number of failure/repair events simulated."""
    units = series + group
    in_group = [False] * len(series) + [True] * len(group)
    is_down = [False] * len(units)
    calendar: list[tuple[float, int]] = []
    for i, u in enumerate(units):
        if rng.random() < u.mttr / (u.mtbf + u.mttr):  # steady-state start
            is_down[i] = True
            heapq.heappush(calendar, (rng.expovariate(1.0 / u.mttr), i))
        else:
            heapq.heappush(calendar, (rng.expovariate(1.0 / u.mtbf), i))
    series_down = sum(1 for i in range(len(series)) if is_down[i])
    group_down = sum(1 for i in range(len(series), len(units)) if is_down[i])
    system_down = series_down > 0 or group_down >= k_down
    down_since = 0.0 if system_down else None
    total = 0.0
    events = 0
    while calendar:
        t, i = heapq.heappop(calendar)
        if t >= horizon:
            break
        events += 1
        u = units[i]
        step = -1 if is_down[i] else 1
        is_down[i] = not is_down[i]
        if in_group[i]:
            group_down += step
        else:
            series_down += step
        mean = u.mttr if is_down[i] else u.mtbf
        heapq.heappush(calendar, (t + rng.expovariate(1.0 / mean), i))
        now_down = series_down > 0 or group_down >= k_down
        if now_down and down_since is None:
            down_since = t
        elif not now_down and down_since is not None:
            total += t - down_since
            down_since = None
    if down_since is not None:
        total += horizon - down_since
    return total, events


def simulate_reference(series: list[Unit], group: list[Unit], k_down: int, horizon: float, reps: int,
                       seed: int) -> tuple[float, int]:
    """Mean unavailability over ``reps`` replications and the number of events simulated."""
    rng = random.Random(seed)
    total = 0.0
    events = 0
    for _ in range(reps):
        down, n = replication(series, group, k_down, horizon, rng)
        total += down
        events += n
    return total / (reps * horizon), events
