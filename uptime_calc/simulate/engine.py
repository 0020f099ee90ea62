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
    ups += downs
    repaired = np.cumsum(ups, axis=1, out=ups)
    pieces = [(np.arange(rows), repaired, downs)]
    # rows whose k cycles end before the horizon continue from their last repair (about one in six)
    offset = repaired[:, -1].copy()
    todo = np.flatnonzero(offset < horizon)
    while todo.size:
        ups = up.sample(rng, (todo.size, k_more))
        downs = down.sample(rng, (todo.size, k_more))
        ups += downs
        more = np.cumsum(ups, axis=1, out=ups)
        more += offset[todo, None]
        pieces.append((todo, more, downs))
        offset[todo] = more[:, -1]
        todo = todo[more[:, -1] < horizon]
    zero_downs = _may_be_zero(down)
    flat = [_flatten(rws, rep_t, d, horizon, zero_downs) for rws, rep_t, d in pieces]
    if len(flat) == 1:
        rws, counts, start, end = flat[0]
        return np.repeat(rws, counts), start, end
    # place each row's later pieces right after its earlier ones: a scatter, not a sort
    counts = np.zeros(rows, dtype=np.int64)
    for rws, c, _, _ in flat:
        counts[rws] += c
    total = int(counts.sum())
    out_row = np.empty(total, dtype=np.int64)
    out_start = np.empty(total)
    out_end = np.empty(total)
    filled = np.cumsum(counts) - counts  # next free slot of each row
    for rws, c, start, end in flat:
        # element j of row r in this piece goes to filled[r] + j
        base = filled[rws] - (np.cumsum(c) - c)
        dest = np.repeat(base, c) + np.arange(start.size)
        out_row[dest] = np.repeat(rws, c)
        out_start[dest] = start
        out_end[dest] = end
        filled[rws] += c
    return out_row, out_start, out_end


def _may_be_zero(law: Distribution) -> bool:
    """Whether a down-time law can draw exactly zero (then such draws are skipped, not outages)."""
    from .distributions import Empirical, Fixed

    if isinstance(law, Fixed):
        return law.value == 0.0
    if isinstance(law, Empirical):
        return min(law.values) == 0.0
    return False


def _flatten(rows: np.ndarray, repaired: np.ndarray, downs: np.ndarray, horizon: float, zero_downs: bool
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Kept intervals of a ``(rows, k)`` block in row-major order, with the count per row."""
    failed = repaired - downs
    keep = failed < horizon
    if zero_downs:
        keep &= downs > 0
    return rows, keep.sum(axis=1), failed[keep], np.minimum(repaired[keep], horizon)
