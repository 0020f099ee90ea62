"""Batches of down-intervals, one timeline per replication, and the set algebra the block tree needs.

An :class:`Intervals` holds, for ``n_reps`` replications of a horizon of
``horizon`` seconds, the disjoint intervals in which something is down, as
three flat arrays sorted by replication then start. All operations are
vectorised over every replication at once: one sort of the boundaries and a
running count (a sorted-boundary sweep), never a Python loop per replication.

>>> a = Intervals.from_lists(1, 10.0, [[(1.0, 3.0), (6.0, 8.0)]])
>>> b = Intervals.from_lists(1, 10.0, [[(2.0, 7.0)]])
>>> union([a, b]).to_lists()
[[(1.0, 8.0)]]
>>> intersection([a, b]).to_lists()
[[(2.0, 3.0), (6.0, 7.0)]]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, eq=False)  # holds arrays: compare by identity
class Intervals:
    """Down-intervals of many replications: ``rep[i]`` is down on ``[start[i], end[i])``.

    Invariants: sorted by ``(rep, start)``; within a replication intervals are
    disjoint, do not touch, have positive length and lie in ``[0, horizon]``.
    """

    n_reps: int
    horizon: float
    rep: np.ndarray
    start: np.ndarray
    end: np.ndarray

    @classmethod
    def empty(cls, n_reps: int, horizon: float) -> Intervals:
        """No downtime at all."""
        return cls(n_reps, horizon, np.zeros(0, np.int64), np.zeros(0), np.zeros(0))

    @classmethod
    def from_lists(cls, n_reps: int, horizon: float, lists: Sequence[Sequence[tuple[float, float]]]) -> Intervals:
        """Build from one list of ``(start, end)`` pairs per replication (normalised through a union)."""
        rep = np.array([r for r, items in enumerate(lists) for _ in items], dtype=np.int64)
        start = np.array([s for items in lists for s, _ in items], dtype=float)
        end = np.array([e for items in lists for _, e in items], dtype=float)
        keep = end > start
        raw = cls(n_reps, horizon, rep[keep], np.clip(start[keep], 0, horizon), np.clip(end[keep], 0, horizon))
        return _merge([raw])

    def to_lists(self) -> list[list[tuple[float, float]]]:
        """One list of ``(start, end)`` pairs per replication (for tests and small examples)."""
        out: list[list[tuple[float, float]]] = [[] for _ in range(self.n_reps)]
        for r, s, e in zip(self.rep.tolist(), self.start.tolist(), self.end.tolist(), strict=True):
            out[r].append((s, e))
        return out

    @property
    def count(self) -> int:
        """Number of intervals (outages) over all replications."""
        return int(self.rep.size)

    def downtime(self) -> np.ndarray:
        """Total down seconds per replication, shape ``(n_reps,)``."""
        return np.bincount(self.rep, weights=self.end - self.start, minlength=self.n_reps)

    def outages(self) -> np.ndarray:
        """Number of outages beginning in each replication (an outage open at 0 counts too)."""
        return np.bincount(self.rep, minlength=self.n_reps)


def at_least(children: Sequence[Intervals], k: int) -> Intervals:
    """Down wherever at least ``k`` of the children are down (a sorted-boundary sweep).

    ``k = 1`` is the union (a series system), ``k = len(children)`` the
    intersection (a parallel system); a k-out-of-n:G system of ``n`` units is
    down when at least ``n - k + 1`` units are.
    """
    if not children:
        raise ValueError("at_least needs at least one child")
    n_reps, horizon = children[0].n_reps, children[0].horizon
    if k <= 0:
        return Intervals(n_reps, horizon, np.arange(n_reps, dtype=np.int64), np.zeros(n_reps),
                         np.full(n_reps, horizon))
    if k > len(children):
        return Intervals.empty(n_reps, horizon)
    total = sum(c.count for c in children)
    if total == 0:
        return Intervals.empty(n_reps, horizon)
    # Each child's boundaries interleaved (s1, e1, s2, e2, ...) form one sorted run of float keys,
    # replication-major; a stable sort (timsort) merges the runs. Even positions are starts.
    # Keys resolve time to ~1e-4 s in a year-long chunk of 10^4 replications; the interval
    # ends themselves stay exact.
    keys = np.empty(2 * total)
    times = np.empty(2 * total)
    reps = np.empty(2 * total, dtype=np.int64)
    at = 0
    span = _span(horizon)
    for c in children:
        n = 2 * c.count
        base = c.rep * span
        keys[at:at + n:2] = base + c.start
        keys[at + 1:at + n:2] = base + c.end
        times[at:at + n:2] = c.start
        times[at + 1:at + n:2] = c.end
        reps[at:at + n:2] = c.rep
        reps[at + 1:at + n:2] = c.rep
        at += n
    order = np.argsort(keys, kind="stable")
    d = np.where(order % 2 == 0, np.int32(1), np.int32(-1))
    level = np.cumsum(d, dtype=np.int32)
    up_idx = order[(d == 1) & (level == k)]
    down_idx = order[(d == -1) & (level == k - 1)]
    start, end, rep = times[up_idx], times[down_idx], reps[up_idx]
    keep = end > start
    if not keep.all():
        rep, start, end = rep[keep], start[keep], end[keep]
    return _join_touching(Intervals(n_reps, horizon, rep, start, end))


def _join_touching(iv: Intervals) -> Intervals:
    """Merge outages of one replication where one ends exactly as the next begins."""
    if iv.count < 2:
        return iv
    join = (iv.start[1:] == iv.end[:-1]) & (iv.rep[1:] == iv.rep[:-1])
    if not join.any():
        return iv
    first = np.flatnonzero(np.concatenate([[True], ~join]))
    last = np.append(first[1:], iv.count) - 1
    return Intervals(iv.n_reps, iv.horizon, iv.rep[first], iv.start[first], iv.end[last])


def _span(horizon: float) -> float:
    # a power of two above the horizon, so that rep * span is exact
    return float(2.0 ** math.ceil(math.log2(max(horizon, 1.0)) + 1e-9))


def sort_key(rep: np.ndarray, t: np.ndarray, horizon: float) -> np.ndarray:
    """A monotone float key ordering boundaries by replication, then time."""
    return rep * _span(horizon) + t


def union(children: Sequence[Intervals]) -> Intervals:
    """Down when any child is down (series).

    Sorts only the interval starts (half the boundaries of :func:`at_least`) and
    merges with a running maximum of the ends: an interval opens a new outage
    when it starts after every earlier interval of its replication has ended.
    """
    if len(children) == 1:
        return children[0]
    return _merge(children)


def _merge(children: Sequence[Intervals]) -> Intervals:
    """Union of any intervals (unsorted, overlapping input allowed): sort starts, running max of ends."""
    n_reps, horizon = children[0].n_reps, children[0].horizon
    rep = np.concatenate([c.rep for c in children])
    if rep.size == 0:
        return Intervals.empty(n_reps, horizon)
    start = np.concatenate([c.start for c in children])
    end = np.concatenate([c.end for c in children])
    base = rep * _span(horizon)
    s_key = base + start
    order = np.argsort(s_key, kind="stable")
    s_key = s_key[order]
    end_sorted = end[order]
    reach = np.maximum.accumulate(base[order] + end_sorted)
    # keys are replication-major, so the running maximum never leaks into the next replication
    opens = np.empty(order.size, dtype=bool)
    opens[0] = True
    np.greater(s_key[1:], reach[:-1], out=opens[1:])
    first = np.flatnonzero(opens)
    # an outage ends at the latest end among its intervals (all of one replication: exact values)
    src = order[first]
    return Intervals(n_reps, horizon, rep[src], start[src], np.maximum.reduceat(end_sorted, first))


def intersection(children: Sequence[Intervals]) -> Intervals:
    """Down when every child is down (parallel)."""
    if len(children) == 1:
        return children[0]
    return at_least(children, len(children))


def is_down_at(iv: Intervals, rep: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Whether replication ``rep[i]`` is down at time ``t[i]`` (vectorised binary search).

    >>> iv = Intervals.from_lists(2, 10.0, [[(1.0, 3.0)], [(5.0, 6.0)]])
    >>> is_down_at(iv, np.array([0, 0, 1]), np.array([2.0, 3.0, 5.5])).tolist()
    [True, False, True]
    """
    if iv.count == 0:
        return np.zeros(np.shape(t), dtype=bool)
    keys = sort_key(iv.rep, iv.start, iv.horizon)
    q = sort_key(np.asarray(rep), np.asarray(t, dtype=float), iv.horizon)
    i = np.searchsorted(keys, q, side="right") - 1
    ok = i >= 0
    ic = np.where(ok, i, 0)
    return ok & (iv.rep[ic] == rep) & (iv.end[ic] > t) & (iv.start[ic] <= t)
