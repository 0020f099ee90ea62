"""The baselines for ``benchmarks/simulate.py``: plain discrete-event simulations in pure Python.

Two loops are kept. :func:`simulate_tree` is the general one: it takes any
series / k-of-n block tree and, after every event, evaluates the structure
function by walking the tree, which is what a simulator of arbitrary scenarios
must do without vectorisation. :func:`simulate_reference` is hand-specialised
to the benchmark's shape (a series plus one k-of-n group) and keeps two
counters instead, the fastest a plain loop can be for that one model.

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
from typing import Any


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


# -- the general loop over a block tree ------------------------------------------------------
def _leaves(block: Any, out: list[Any]) -> list[Any]:
    parts = getattr(block, "parts", None)
    if parts is None:
        out.append(block)
    else:
        for p in parts:
            _leaves(p, out)
    return out


def _is_down(block: Any, down: dict[int, bool]) -> bool:
    """Structure function by recursion: series needs all parts, k_of_n needs k of them."""
    parts = getattr(block, "parts", None)
    if parts is None:
        return down[id(block)]
    up = sum(1 for p in parts if not _is_down(p, down))
    need = getattr(block, "k", len(parts))
    return up < need


def tree_replication(tree: Any, leaves: list[Any], horizon: float, rng: random.Random) -> tuple[float, int]:
    """One replication of a series / k-of-n tree of components with exponential times."""
    down: dict[int, bool] = {}
    calendar: list[tuple[float, int, int]] = []
    for i, leaf in enumerate(leaves):
        is_down = rng.random() < leaf.mttr / (leaf.mtbf + leaf.mttr)
        down[id(leaf)] = is_down
        mean = leaf.mttr if is_down else leaf.mtbf
        heapq.heappush(calendar, (rng.expovariate(1.0 / mean), i, id(leaf)))
    system_down = _is_down(tree, down)
    down_since = 0.0 if system_down else None
    total = 0.0
    events = 0
    while calendar:
        t, i, key = heapq.heappop(calendar)
        if t >= horizon:
            break
        events += 1
        leaf = leaves[i]
        down[key] = not down[key]
        mean = leaf.mttr if down[key] else leaf.mtbf
        heapq.heappush(calendar, (t + rng.expovariate(1.0 / mean), i, key))
        now_down = _is_down(tree, down)
        if now_down and down_since is None:
            down_since = t
        elif not now_down and down_since is not None:
            total += t - down_since
            down_since = None
    if down_since is not None:
        total += horizon - down_since
    return total, events


def simulate_tree(tree: Any, horizon: float, reps: int, seed: int) -> tuple[float, int]:
    """Mean unavailability of a block tree over ``reps`` replications, and the events simulated.

    Leaf instances used twice in the tree (the same object) are copied so each is independent.
    """
    import copy

    rng = random.Random(seed)
    leaves: list[Any] = []
    seen: set[int] = set()

    def own(block: Any) -> Any:
        parts = getattr(block, "parts", None)
        if parts is None:
            if id(block) in seen:
                block = copy.copy(block)
            seen.add(id(block))
            leaves.append(block)
            return block
        clone = copy.copy(block)
        object.__setattr__(clone, "parts", tuple(own(p) for p in parts))
        return clone

    tree = own(tree)
    total = 0.0
    events = 0
    for _ in range(reps):
        down, n = tree_replication(tree, leaves, horizon, rng)
        total += down
        events += n
    return total / (reps * horizon), events
