"""Alternating renewal processes for a whole batch of replications at once.

A component alternates up-times ``U_1, U_2, ...`` and down-times ``D_1, D_2, ...``.
For ``R`` replications we draw blocks of shape ``(R, k)`` of each, take the
cumulative sum of ``U + D`` along the rows to get every repair instant, and
read the failure instants as ``repair - D``. No Python loop runs per event or
per replication; rows that need more than ``k`` cycles (rare) get another block.

The first cycle starts in steady state: a component is down at time 0 with
probability ``E[D] / (E[U] + E[D])`` and its first sojourn is drawn from the
stationary residual distribution, so the simulated mean matches the
steady-state (analytic) availability with no warm-up.

>>> import numpy as np
>>> from uptime_calc.simulate.distributions import Exponential, Fixed
>>> rng = np.random.default_rng(7)
>>> iv = renewal_down_intervals(Exponential(1000.0), Fixed(10.0), 4000, 1e5, rng)
>>> round(float(iv.downtime().mean() / 1e5), 4)  # U = 10 / 1010
0.0099
"""

from __future__ import annotations

import math

import numpy as np

from .distributions import Distribution, sample_residual
from .intervals import Intervals, concat_sorted

#: largest number of cells of one ``(rows, k)`` draw, to bound memory
MAX_CELLS = 2_000_000


def _cycles_for(horizon: float, mean_cycle: float) -> int:
    expected = horizon / mean_cycle
    return int(math.ceil(expected + 4.0 * math.sqrt(expected) + 3.0))


def renewal_down_intervals(
    up: Distribution,
    down: Distribution,
    n_reps: int,
    horizon: float,
    rng: np.random.Generator,
    *,
    stationary: bool = True,
) -> Intervals:
    """Down-intervals of one component in each of ``n_reps`` replications of ``[0, horizon)``.

    Parameters
    ----------
    up, down:
        Distributions of the up-times (time to failure) and down-times (time to restore).
    n_reps, horizon:
        Number of replications and their length in seconds.
    rng:
        The random generator (one per chunk, see :mod:`uptime_calc.simulate.parallel`).
    stationary:
        Start in steady state (default) rather than freshly repaired.
    """
    k = _cycles_for(horizon, up.mean + down.mean)
    rows_per_block = max(1, MAX_CELLS // k)
    parts: list[Intervals] = []
    for first in range(0, n_reps, rows_per_block):
        rows = min(rows_per_block, n_reps - first)
        parts.extend(_block(up, down, rows, first, k, horizon, rng, stationary, n_reps))
    if len(parts) == 1:
        return parts[0]
    needs_sort = any(p.count and q.count and p.rep[-1] >= q.rep[0] for p, q in zip(parts, parts[1:], strict=False))
    if needs_sort:
        return concat_sorted(parts)
    return Intervals(
        n_reps, horizon,
        np.concatenate([p.rep for p in parts]),
        np.concatenate([p.start for p in parts]),
        np.concatenate([p.end for p in parts]),
    )


def _block(
    up: Distribution, down: Distribution, rows: int, first: int, k: int, horizon: float,
    rng: np.random.Generator, stationary: bool, n_reps: int,
) -> list[Intervals]:
    ups = up.sample(rng, (rows, k))
    downs = down.sample(rng, (rows, k))
    if stationary:
        p_down = down.mean / (up.mean + down.mean)
        start_down = rng.random(rows) < p_down
        ups[:, 0] = np.where(start_down, 0.0, sample_residual(up, rng, (rows,)))
        downs[:, 0] = np.where(start_down, sample_residual(down, rng, (rows,)), downs[:, 0])
    repaired = np.cumsum(ups + downs, axis=1)
    out = [_intervals(repaired, downs, np.arange(first, first + rows), horizon, n_reps)]
    # rows whose k cycles end before the horizon continue from their last repair
    offset = repaired[:, -1]
    todo = np.flatnonzero(offset < horizon)
    while todo.size:
        ups = up.sample(rng, (todo.size, k))
        downs = down.sample(rng, (todo.size, k))
        repaired = offset[todo, None] + np.cumsum(ups + downs, axis=1)
        out.append(_intervals(repaired, downs, first + todo, horizon, n_reps))
        offset[todo] = repaired[:, -1]
        todo = todo[repaired[:, -1] < horizon]
    return out


def _intervals(repaired: np.ndarray, downs: np.ndarray, rows: np.ndarray, horizon: float, n_reps: int) -> Intervals:
    failed = repaired - downs
    keep = (failed < horizon) & (downs > 0)
    rep = np.broadcast_to(rows[:, None], repaired.shape)[keep].astype(np.int64)
    start = failed[keep]
    end = np.minimum(repaired[keep], horizon)
    return Intervals(n_reps, horizon, rep, start, end)
