"""The interval engine: incident intervals to exact nanoseconds per group, period and weight level.

Times are int64 nanoseconds since the epoch (UTC); intervals are half-open ``[start, end)``, so
two touching intervals share no instant. A *group* is an integer code (one per service, or per
``--group-by`` key); nothing ever mixes two groups. One sort, then linear passes:

1. **Keys.** ``key = group x span + (t - origin) / unit`` orders by (group, time) in one int64;
   ``unit`` is the greatest common divisor of every time's distance from the window start, so
   the keys are exact (whole seconds for most logs). Groups whose keys would pass 2**62 are
   accounted in batches.
2. **Merged runs.** With the records sorted by start, one begins a run when it starts after the
   running maximum of the ends before it (touching records join). The runs of every downtime
   record are the outages.
3. **Levels.** An instant counts once, at the highest weight active then. A run whose records
   share one weight holds it throughout. In a run with several, its lowest weight holds where no
   heavier record is active: its records above that weight form runs again (step 2 on them), each
   taking its length from its parent's level and giving it to its own lowest one. Every pass
   peels the lowest level off each mixed run, so a record takes part in as many passes as there
   are distinct weights below it in its run (one or two in real logs).
4. **Tally.** Every run of every pass is cut at the period boundaries and at maintenance (the
   union of maintenance intervals, which is also the maintenance time); its length outside
   maintenance is added to (group, period, its level) and taken from (group, period, its parent's
   level), in exact int64 nanoseconds. Only then are the weights applied, once per (group, period,
   level) and summed in level order, so the results depend neither on the order of the records
   nor on how a weight is written in binary.

>>> import numpy as np
>>> g = np.array([0, 0, 0]); s = np.array([0, 5, 20]); e = np.array([10, 8, 30])
>>> merge(g, s, e)[1:]
(array([ 0, 20]), array([10, 30]))
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

#: keys stay below this (room for the sums and offsets made from them)
_KEY_LIMIT = 2**62
#: most entries in a table of exact ns per (cell, weight level) (2 MB: fresh memory costs more than
#: the sums); more cells are summed in blocks, in one table reused
_TABLE = 1 << 18


@dataclass(frozen=True)
class Accounts:
    """Per group x period sums, each an array of shape ``(n_groups, n_periods)``.

    Attributes
    ----------
    downtime_ns:
        Weighted downtime outside maintenance (float64 ns): per weight level the exact time at
        that level, times the weight, summed in level order.
    outage_ns:
        Time down at any weight, outside maintenance (int64 ns).
    maintenance_ns:
        Time covered by maintenance (int64 ns).
    outages:
        Number of merged outages (int64); an outage that crosses a period boundary counts in
        each period it touches, one wholly inside maintenance in none.
    longest_ns:
        Longest merged outage (int64 ns outside maintenance; 0 when none).
    runs_group, runs_start, runs_end, runs_ns:
        The window's accounts only (empty per period): one entry per merged outage, in (group,
        start) order: its group, first instant, end, and length outside maintenance.
    """

    downtime_ns: np.ndarray
    outage_ns: np.ndarray
    maintenance_ns: np.ndarray
    outages: np.ndarray
    longest_ns: np.ndarray
    runs_group: np.ndarray
    runs_start: np.ndarray
    runs_end: np.ndarray
    runs_ns: np.ndarray

    @property
    def runs_period(self) -> np.ndarray:
        """Always 0: the outages are the window's."""
        return np.zeros(len(self.runs_group), dtype=np.int64)


@dataclass(frozen=True)
class TimeKeys:
    """``key = group x span + (t - origin) // unit``: one int64 that sorts by (group, time)."""

    origin: int
    unit: int
    span: int

    @classmethod
    def fit(cls, origin: int, last: int, *times: np.ndarray) -> TimeKeys:
        """Keys for times in ``[origin, last]``, ``unit`` dividing every ``time - origin`` exactly."""
        unit = 0
        for t in times:
            if len(t):
                unit = math.gcd(unit, int(np.gcd.reduce(t - origin)))
        unit = unit or 1
        return cls(origin, unit, (last - origin) // unit + 1)

    def key(self, group: np.ndarray, t: np.ndarray) -> np.ndarray:
        k = np.subtract(t, self.origin, dtype=np.int64)
        k //= self.unit
        k += group * self.span
        return k

    def time(self, key: np.ndarray) -> np.ndarray:
        t = key % self.span
        t *= self.unit
        t += self.origin
        return t


def runs(sk: np.ndarray, ek: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Merged runs of intervals given by keys sorted by start: overlapping, nested and touching ones join.

    Returns each run's first interval, each run's end key, and each interval's run.
    """
    n = len(sk)
    top = np.maximum.accumulate(ek)
    begins = np.ones(n, dtype=bool)
    np.greater(sk[1:], top[:-1], out=begins[1:])
    first = np.flatnonzero(begins)
    last = np.empty_like(first)
    last[:-1] = first[1:] - 1
    last[-1:] = n - 1
    run_of = np.cumsum(begins)
    run_of -= 1
    return first, top[last], run_of


def _peel(sk: np.ndarray, ek: np.ndarray, rank: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray,
                                                                      int]:
    """The runs of every pass (step 3): start and end keys, level, parent level (0: none), and how
    many runs the first pass (the outages) made."""
    parts = [(sk[:0], ek[:0], rank[:0], rank[:0])]  # (none at all: no runs)
    parent = np.zeros(len(sk), dtype=rank.dtype)
    while len(sk):
        first, end, run_of = runs(sk, ek)
        low = np.minimum.reduceat(rank, first)
        parts.append((sk[first], end, low, parent[first]))
        low_here = low[run_of]
        up = rank > low_here  # records above their run's lowest level (so, in a mixed run)
        sk, ek, rank, parent = sk[up], ek[up], rank[up], low_here[up]
    rs, re, level, up = (np.concatenate(x) for x in zip(*parts, strict=True))
    return rs, re, level, up, len(parts[1][0]) if len(parts) > 1 else 0


def _cut(a: np.ndarray, b: np.ndarray, bounds: np.ndarray, span: int) -> tuple[np.ndarray, ...]:
    """Cut key intervals ``[a, b)`` at the period ``bounds`` (offsets within a group).

    Per piece: its interval's index, its period, start and end keys. The first ``len(a)`` pieces
    are the intervals' first pieces, in their order; the pieces after the first of the intervals
    that cross a boundary (few) follow. Also returns the positions of all pieces of those intervals.
    """
    off = a % span
    base = a - off
    first = np.searchsorted(bounds, off, side="right") - 1
    head = base + bounds[first + 1]  # the end of each interval's first period
    cross = np.flatnonzero(b > head)
    if not len(cross):
        return np.arange(len(a)), first, a, b, cross
    more = np.searchsorted(bounds, b[cross] - base[cross], side="left") - 1 - first[cross]
    at = np.repeat(cross, more)
    period = first[at] + 1 + np.arange(len(at)) - np.repeat(np.cumsum(more) - more, more)
    tail = (base[at] + bounds[period], np.minimum(b[at], base[at] + bounds[period + 1]))
    return (np.concatenate([np.arange(len(a)), at]), np.concatenate([first, period]),
            np.concatenate([a, tail[0]]), np.concatenate([np.minimum(b, head), tail[1]]),
            np.concatenate([cross, len(a) + np.arange(len(at))]))


def _covered(ms: np.ndarray, me: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Length of each key interval ``[a, b)`` inside the disjoint sorted key intervals ``[ms, me)``."""
    out = np.zeros(len(a), dtype=np.int64)
    if not len(ms):
        return out
    k = np.searchsorted(me, a, side="right")  # the first interval ending after a
    hit = np.flatnonzero(ms[np.minimum(k, len(ms) - 1)] < b)
    hit = hit[k[hit] < len(ms)]  # only these meet an interval (few: maintenance is rare)
    if len(hit):
        before = np.zeros(len(ms) + 1, dtype=np.int64)
        np.cumsum(me - ms, out=before[1:])
        a, b, k = a[hit], b[hit], k[hit]
        last = np.searchsorted(ms, b, side="left")  # intervals k .. last - 1 meet [a, b)
        inside = before[last] - before[k]
        inside -= np.maximum(a - ms[k], 0)  # less the parts outside [a, b) of the first and last
        inside -= np.maximum(me[last - 1] - b, 0)
        out[hit] = inside
    return out


def _per_cell(ufunc: np.ufunc, cell: np.ndarray, values: np.ndarray, n_cells: int) -> np.ndarray:
    """``ufunc`` over the values of each cell (exact int64); 0 where a cell has none."""
    out = np.zeros(n_cells, dtype=values.dtype)
    ufunc.at(out, cell, values)
    return out


def _weighted(cell: np.ndarray, level: np.ndarray, parent: np.ndarray, ns: np.ndarray, weights: np.ndarray,
              n_cells: int) -> np.ndarray:
    """Weighted downtime per cell: exact ns per (cell, level) first, then each times its weight, in level order.

    The (cell, level) sums are int64 tables of at most :data:`_TABLE` entries, one block of cells at a time.
    """
    k = len(weights) + 1
    inner = np.flatnonzero(parent)  # runs of later passes give their length back to their parent's level
    at = np.concatenate([cell * k + level, cell[inner] * k + parent[inner]])
    value = np.concatenate([ns, -ns[inner]])
    per = max(1, _TABLE // k)  # cells per block
    cuts = np.array([0, len(at)])
    if n_cells > per:  # many cells and many levels: the entries in blocks of cells
        block = at // (per * k)
        order = np.argsort(block.astype(np.uint16) if n_cells // per < 65535 else block, kind="stable")  # radix
        at, value = at[order], value[order]
        cuts = np.searchsorted(at, np.arange(0, n_cells + per, per) * k)
    out = np.zeros(n_cells)
    whole = np.zeros((min(per, n_cells), k), dtype=np.int64)
    for b, (lo, hi) in enumerate(zip(cuts[:-1], cuts[1:], strict=True)):
        first = b * per
        table = whole[:min(per, n_cells - first)]
        table[:] = 0
        np.add.at(table.reshape(-1), at[lo:hi] - first * k, value[lo:hi])
        down = out[first:first + len(table)]
        for j in range(1, k):  # level by level, from the lowest weight up
            down += weights[j - 1] * table[:, j]
    return out


def _sums(cell: np.ndarray, ns: np.ndarray, level: np.ndarray, parent: np.ndarray, outage: np.ndarray | slice,
          weights: np.ndarray, n_cells: int) -> dict[str, np.ndarray]:
    """Per cell: weighted downtime from the pieces of every pass's runs (cell, length outside
    maintenance, level, parent level); outage time, count and longest from the ``outage`` pieces
    (those of the first pass)."""
    o_cell, o_ns = cell[outage], ns[outage]
    return {
        "downtime_ns": _weighted(cell, level, parent, ns, weights, n_cells),
        "outage_ns": _per_cell(np.add, o_cell, o_ns, n_cells),
        "outages": np.bincount(o_cell[o_ns > 0], minlength=n_cells).astype(np.int64),  # none wholly in maintenance
        "longest_ns": _per_cell(np.maximum, o_cell, o_ns, n_cells),
    }


def _account(
    group: np.ndarray, start: np.ndarray, end: np.ndarray, rank: np.ndarray, weights: np.ndarray,
    m_group: np.ndarray, m_start: np.ndarray, m_end: np.ndarray, bounds: np.ndarray, n_groups: int,
    keys: TimeKeys,
) -> tuple[Accounts, Accounts]:
    """:func:`account` for groups whose keys fit."""
    span, unit = keys.span, keys.unit
    sk, ek = keys.key(group, start), keys.key(group, end)
    order = np.argsort(sk, kind="stable")  # logs come sorted by time or by service: near-linear
    rs, re, level, parent, n_outages = _peel(sk[order], ek[order], rank[order])
    del sk, ek, order
    msk, mek = keys.key(m_group, m_start), keys.key(m_group, m_end)
    by = np.argsort(msk, kind="stable")
    first, m_last, _ = runs(msk[by], mek[by]) if len(msk) else (np.zeros(0, np.int64),) * 3
    ms, me = msk[by][first], m_last  # the union of maintenance, disjoint and sorted
    ns = re - rs
    ns -= _covered(ms, me, rs, re)
    ns *= unit
    # per period: the runs cut at the boundaries; only the cut ones' pieces meet maintenance anew
    offsets = (bounds - keys.origin) // unit
    n_periods = len(bounds) - 1
    at, period, a, b, cut = _cut(rs, re, offsets, span)
    p_ns = ns[at]
    p_ns[cut] = (b[cut] - a[cut] - _covered(ms, me, a[cut], b[cut])) * unit
    cells = n_groups * n_periods
    per_period = _sums((a // span) * n_periods + period, p_ns, level[at], parent[at], at < n_outages, weights,
                       cells)
    m_at, m_period, m_a, m_b, _ = _cut(ms, me, offsets, span)
    per_period["maintenance_ns"] = _per_cell(np.add, (m_a // span) * n_periods + m_period, (m_b - m_a) * unit, cells)
    window = _sums(rs // span, ns, level, parent, slice(0, n_outages), weights, n_groups)
    window["maintenance_ns"] = per_period["maintenance_ns"].reshape(n_groups, n_periods).sum(axis=1)
    real = np.flatnonzero(ns[:n_outages] > 0)
    none = np.zeros(0, dtype=np.int64)
    return (Accounts(**{k: v.reshape(n_groups, n_periods) for k, v in per_period.items()},
                     runs_group=none, runs_start=none, runs_end=none, runs_ns=none),
            Accounts(**{k: v.reshape(n_groups, 1) for k, v in window.items()}, runs_group=rs[real] // span,
                     runs_start=keys.time(rs[real]), runs_end=keys.time(re[real]), runs_ns=ns[real]))


def account(
    group: np.ndarray, start: np.ndarray, end: np.ndarray, weight: np.ndarray,
    m_group: np.ndarray, m_start: np.ndarray, m_end: np.ndarray,
    bounds: np.ndarray, n_groups: int, *, levels: np.ndarray | None = None,
) -> tuple[Accounts, Accounts]:
    """Downtime, outages and maintenance per group x period, and per group over the whole window.

    Parameters
    ----------
    group, start, end, weight:
        The downtime intervals: group codes ``0 .. n_groups - 1``, int64 ns with ``start < end``,
        weights in ``(0, 1]`` (records of weight 0 are ignored).
    m_group, m_start, m_end:
        Maintenance intervals (excluded from downtime; their union is the maintenance time).
    bounds:
        Sorted period boundaries; period ``i`` is ``[bounds[i], bounds[i + 1])``; every interval
        lies within ``[bounds[0], bounds[-1]]``.
    n_groups:
        Number of groups.
    levels:
        The distinct weights, or a superset of them, when known (saves a pass over ``weight``).

    Returns
    -------
    tuple of Accounts
        ``(per group x period, per group over the window)``; the second lists the outages.
    """
    bounds = np.asarray(bounds, dtype=np.int64)
    group, start, end = (np.asarray(x, dtype=np.int64) for x in (group, start, end))
    m_group, m_start, m_end = (np.asarray(x, dtype=np.int64) for x in (m_group, m_start, m_end))
    weight = np.asarray(weight, dtype=np.float64)
    live = weight > 0
    if not live.all():
        group, start, end, weight = group[live], start[live], end[live], weight[live]
    import pyarrow as pa
    import pyarrow.compute as pc

    given = pa.array(weight)
    if levels is None:
        levels = np.asarray(pc.unique(given))  # a hash pass, not a sort of every record
    levels = np.sort(np.asarray(levels, dtype=np.float64))
    levels = levels[levels > 0]
    # each record's level: a hash lookup (a binary search per record mispredicts with many levels)
    rank = np.asarray(pc.index_in(given, value_set=pa.array(levels))).astype(np.int64) + 1
    keys = TimeKeys.fit(int(bounds[0]), int(bounds[-1]), bounds, start, end, m_start, m_end)
    per = max(1, _KEY_LIMIT // keys.span)  # groups per batch
    if n_groups <= per:
        return _account(group, start, end, rank, levels, m_group, m_start, m_end, bounds, n_groups, keys)
    parts = []
    for g0 in range(0, n_groups, per):  # nanosecond times over years and many groups
        d = (group >= g0) & (group < g0 + per)
        m = (m_group >= g0) & (m_group < g0 + per)
        parts.append(_account(group[d] - g0, start[d], end[d], rank[d], levels, m_group[m] - g0, m_start[m],
                              m_end[m], bounds, min(per, n_groups - g0), keys))
    return tuple(_stack([p[i] for p in parts], per) for i in (0, 1))  # type: ignore[return-value]


def _stack(parts: list[Accounts], per: int) -> Accounts:
    """The accounts of consecutive batches of ``per`` groups as one."""
    sums = ("downtime_ns", "outage_ns", "maintenance_ns", "outages", "longest_ns")
    runs_ = ("runs_start", "runs_end", "runs_ns")
    return Accounts(
        **{k: np.concatenate([getattr(p, k) for p in parts]) for k in sums},
        runs_group=np.concatenate([p.runs_group + i * per for i, p in enumerate(parts)]),
        **{k: np.concatenate([getattr(p, k) for p in parts]) for k in runs_},
    )


def merge(group: np.ndarray, start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Union of intervals per group: overlapping, nested and touching intervals become one run.

    Returns ``(group, start, end)`` of the merged runs, sorted by group then start.
    """
    group, start, end = (np.asarray(x, dtype=np.int64) for x in (group, start, end))
    if not len(start):
        return group, start, end
    n_groups = int(group.max()) + 1
    acc = account(group, start, end, np.ones(len(start)), group[:0], start[:0], end[:0],
                  np.array([start.min(), end.max()]), n_groups)[1]
    return acc.runs_group, acc.runs_start, acc.runs_end


def sort_order(group: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Indices sorting by (group, t); equal (group, t) keep their order."""
    if not len(t):
        return np.zeros(0, dtype=np.int64)
    keys = TimeKeys.fit(int(t.min()), int(t.max()), t)
    if (int(group.max()) + 1) * keys.span > _KEY_LIMIT:
        return np.lexsort((t, group))
    return np.argsort(keys.key(group, t), kind="stable")


def covered_between(
    u_group: np.ndarray, u_start: np.ndarray, u_end: np.ndarray, group: int, lo: np.ndarray, hi: np.ndarray
) -> np.ndarray:
    """Time inside each ``[lo, hi)`` that ``group``'s runs cover, from the disjoint runs of :func:`merge`."""
    a, b = np.searchsorted(u_group, [group, group + 1])
    return _covered(u_start[a:b], u_end[a:b], np.asarray(lo, dtype=np.int64), np.asarray(hi, dtype=np.int64))


def clip(start: np.ndarray, end: np.ndarray, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Clip intervals to ``[lo, hi)``; return clipped start, end and the mask of non-empty ones."""
    # the default window covers every record: then the inputs come back as they are (no copies)
    s = start if len(start) == 0 or start.min() >= lo else np.maximum(start, lo)
    e = end if len(end) == 0 or end.max() <= hi else np.minimum(end, hi)
    return s, e, e > s
