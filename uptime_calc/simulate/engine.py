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
from .intervals import Intervals

#: largest number of cells of one ``(rows, k)`` draw, to bound memory
MAX_CELLS = 2_000_000


def _cycles_for(horizon: float, mean_cycle: float) -> tuple[int, int]:
    """Cycles drawn for every row, and per extension of the rows that need more (about one in six)."""
    expected = horizon / mean_cycle
    return int(math.ceil(expected + math.sqrt(expected) + 1.0)), int(math.ceil(2.0 * math.sqrt(expected) + 2.0))


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
    k, k_more = _cycles_for(horizon, up.mean + down.mean)
    rows_per_block = max(1, MAX_CELLS // k)
    parts = [
        _block(up, down, min(rows_per_block, n_reps - first), k, k_more, horizon, rng, stationary)
        for first in range(0, n_reps, rows_per_block)
    ]
    rep = np.concatenate([p[0] + first for p, first in zip(parts, range(0, n_reps, rows_per_block), strict=True)])
    return Intervals(n_reps, horizon, rep, np.concatenate([p[1] for p in parts]),
                     np.concatenate([p[2] for p in parts]))


def _block(
    up: Distribution, down: Distribution, rows: int, k: int, k_more: int, horizon: float,
    rng: np.random.Generator, stationary: bool,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Intervals of ``rows`` replications as (row, start, end), in row-major order."""
    ups = up.sample(rng, (rows, k))
    downs = down.sample(rng, (rows, k))
    if stationary:
        p_down = down.mean / (up.mean + down.mean)
        start_down = rng.random(rows) < p_down
        ups[:, 0] = np.where(start_down, 0.0, sample_residual(up, rng, (rows,)))
        downs[:, 0] = np.where(start_down, sample_residual(down, rng, (rows,)), downs[:, 0])
    repaired = np.cumsum(ups + downs, axis=1)
    pieces = [(np.arange(rows), repaired, downs)]
    # rows whose k cycles end before the horizon continue from their last repair (rare)
    offset = repaired[:, -1].copy()
    todo = np.flatnonzero(offset < horizon)
    while todo.size:
        ups = up.sample(rng, (todo.size, k_more))
        downs = down.sample(rng, (todo.size, k_more))
        more = offset[todo, None] + np.cumsum(ups + downs, axis=1)
        pieces.append((todo, more, downs))
        offset[todo] = more[:, -1]
        todo = todo[more[:, -1] < horizon]
    if len(pieces) == 1:
        return _flatten(repaired, pieces[0][2], np.arange(rows), horizon)
    # place each row's later pieces right after its earlier ones: a scatter, not a sort
    keeps = [(rws, (rep_t - d < horizon) & (d > 0)) for rws, rep_t, d in pieces]
    counts = np.zeros(rows, dtype=np.int64)
    for rws, keep in keeps:
        counts[rws] += keep.sum(axis=1)
    total = int(counts.sum())
    out_row = np.empty(total, dtype=np.int64)
    out_start = np.empty(total)
    out_end = np.empty(total)
    filled = np.cumsum(counts) - counts  # next free slot of each row
    for (rws, rep_t, d), (_, keep) in zip(pieces, keeps, strict=True):
        rank = np.cumsum(keep, axis=1) - 1
        dest = (filled[rws, None] + rank)[keep]
        out_row[dest] = np.broadcast_to(rws[:, None], keep.shape)[keep]
        out_start[dest] = (rep_t - d)[keep]
        out_end[dest] = np.minimum(rep_t[keep], horizon)
        filled[rws] += keep.sum(axis=1)
    return out_row, out_start, out_end


def _flatten(repaired: np.ndarray, downs: np.ndarray, rows: np.ndarray, horizon: float
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    failed = repaired - downs
    keep = (failed < horizon) & (downs > 0)
    rep = np.broadcast_to(rows[:, None], repaired.shape)[keep].astype(np.int64)
    return rep, failed[keep], np.minimum(repaired[keep], horizon)
