"""Interval algebra for incident accounting, vectorised with NumPy.

All times are ``int64`` nanoseconds since the epoch (UTC); intervals are half-open
``[start, end)``, so two touching intervals share no instant. A *group* is an
integer code (one per service, or per ``--group-by`` key); nothing ever mixes
two groups.

The pipeline (no per-row Python loops):

1. :func:`elementary_segments` cuts each group's time line at every start and
   end of a downtime or maintenance interval. On each elementary segment the
   active weight is the **maximum** weight of the intervals covering it (an
   instant counts once, at the highest weight active then) and the maintenance
   flag says whether any maintenance interval covers it.
2. :func:`split_at` splits segments at calendar period boundaries
   (``searchsorted`` + ``repeat``).
3. :func:`account` sums per group x period with ``bincount``: weighted
   downtime, unweighted outage time, maintenance time, and merged outages
   (maximal runs of down segments) with their count and longest run.

>>> import numpy as np
>>> g = np.array([0, 0, 0]); s = np.array([0, 5, 20]); e = np.array([10, 8, 30])
>>> merge(g, s, e)[1:]
(array([ 0, 20]), array([10, 30]))
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

NS_PER_SECOND = 1_000_000_000


def _combined_key(group: np.ndarray, t: np.ndarray) -> tuple[np.ndarray, int, int, int] | None:
    """``group x span + (t - t0) / unit`` as one int64 key, when the times share a unit and it fits.

    Most logs have whole-second times; then one sort of the key orders by (group, time).
    Returns ``(key, span, t0, unit)`` or ``None``.
    """
    if len(t) == 0:
        return None
    t0, t1 = int(t.min()), int(t.max())
    n_groups = int(group.max()) + 1
    rel = t - t0
    for unit in (1_000_000_000, 1_000_000, 1_000):
        span = (t1 - t0) // unit + 1
        if n_groups * span >= 2**62:
            continue
        q = rel // unit  # one division; a multiply checks that no time had a remainder
        if np.array_equal(q * unit, rel):
            q += group * span
            return q, span, t0, unit
    return None


def _packed_sort(key: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """``(order, sorted key)`` by one value sort of ``key << b | index`` when it fits in 63 bits.

    A value sort of int64 is several times faster than an argsort in NumPy (SIMD sorting
    networks), and the sorted key comes out without a gather.
    """
    bits = max(len(key).bit_length(), 1)
    if len(key) == 0 or int(key.max()) >= (1 << (62 - bits)) or int(key.min()) < 0:
        return None
    packed = np.sort((key << bits) | np.arange(len(key), dtype=np.int64))
    return packed & ((1 << bits) - 1), packed >> bits


def sort_order(group: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Indices sorting by (group, t); ties in ``(group, t)`` come in any order.

    One argsort of :func:`_combined_key` when possible; otherwise a sort by time followed by
    a stable radix pass on the group (codes below 2**16), or a lexsort.
    """
    combined = _combined_key(group, t)
    if combined is not None:
        packed = _packed_sort(combined[0])
        if packed is not None:
            return packed[0]
        return np.argsort(combined[0])
    order = np.argsort(t)
    if len(group) and group.max(initial=0) < 65536 and group.min(initial=0) >= 0:
        # numpy sorts 16-bit integers with a stable radix sort: O(n), keeps the time order
        return order[np.argsort(group[order].astype(np.uint16), kind="stable")]
    return np.lexsort((t, group))


def _boundaries(eg: np.ndarray, et: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct (group, time) boundaries in order, and the index of each event's boundary."""
    # a sort + gathers: binary searches of every event (np.unique + searchsorted) measured
    # several times slower here, being cache-hostile at millions of events
    combined = _combined_key(eg, et)
    packed = _packed_sort(combined[0]) if combined is not None else None
    if combined is not None and packed is not None:
        _, span, t0, unit = combined
        order, skey = packed
        new = np.ones(len(skey), dtype=bool)
        new[1:] = skey[1:] != skey[:-1]
        pos = np.empty(len(skey), dtype=np.int64)
        pos[order] = np.cumsum(new) - 1
        distinct = skey[new]
        return distinct // span, (distinct % span) * unit + t0, pos
    order = sort_order(eg, et)
    sg, st = eg[order], et[order]
    new = np.ones(len(st), dtype=bool)
    new[1:] = (sg[1:] != sg[:-1]) | (st[1:] != st[:-1])
    pos = np.empty(len(st), dtype=np.int64)
    pos[order] = np.cumsum(new) - 1
    return sg[new], st[new], pos


def merge(group: np.ndarray, start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Union of intervals per group: overlapping, nested and touching intervals become one run.

    Parameters
    ----------
    group, start, end:
        Equal-length integer arrays; ``start < end`` for every interval.

    Returns
    -------
    tuple of numpy.ndarray
        ``(group, start, end)`` of the merged runs, sorted by group then start.
    """
    group = np.asarray(group, dtype=np.int64)
    start = np.asarray(start, dtype=np.int64)
    end = np.asarray(end, dtype=np.int64)
    if len(start) == 0:
        return group, start, end
    # event sweep: +1 at a start, -1 at an end; at equal times starts come first so touching runs join
    eg = np.concatenate([group, group])
    et = np.concatenate([start, end])
    delta = np.concatenate([np.ones(len(start), np.int64), -np.ones(len(end), np.int64)])
    order = np.lexsort((-delta, et, eg))
    depth = np.cumsum(delta[order])  # every group's events sum to zero, so the sum never leaks
    opens = np.flatnonzero((depth == 1) & (delta[order] == 1))
    prev_depth = np.concatenate([[0], depth[:-1]])
    opens = opens[prev_depth[opens] == 0]
    closes = np.flatnonzero(depth == 0)
    return eg[order][opens], et[order][opens], et[order][closes]


@dataclass(frozen=True)
class Segments:
    """Elementary segments of the time lines: constant weight and maintenance state on each.

    Attributes
    ----------
    group, start, end:
        int64 arrays; sorted by group then start; segments of one group never overlap.
    weight:
        float64, the maximum impact weight of the downtime intervals covering the segment (0 if none).
    maintenance:
        bool, whether a maintenance interval covers the segment.
    """

    group: np.ndarray
    start: np.ndarray
    end: np.ndarray
    weight: np.ndarray
    maintenance: np.ndarray

    def __len__(self) -> int:
        return len(self.start)


def _range_max(n_cells: int, a: np.ndarray, b: np.ndarray, rank: np.ndarray) -> np.ndarray:
    """``out[j] = max(rank[i] for i with a[i] <= j < b[i])`` (0 where none), without a loop over i.

    Each range ``[a, b)`` is covered by two, possibly overlapping, blocks of length ``2**k``
    (``k = floor(log2(b - a))``), written into a sparse table; ``max`` is idempotent, so the
    overlap is harmless. Pushing each level down into its two halves yields the per-cell maximum
    (the reverse of the range-minimum-query sparse table, Bender & Farach-Colton 2000).
    """
    length = (b - a).astype(np.int64)
    k = (np.frexp(length.astype(np.float64))[1] - 1).astype(np.int64)  # floor(log2(length)), exact
    top = int(k.max(initial=0))
    table = np.zeros((top + 1) * n_cells, dtype=rank.dtype)
    np.maximum.at(table, k * n_cells + a, rank)
    np.maximum.at(table, k * n_cells + (b - (np.int64(1) << k)), rank)
    table = table.reshape(top + 1, n_cells)
    for level in range(top, 0, -1):
        half = 1 << (level - 1)
        below, here = table[level - 1], table[level]
        np.maximum(below, here, out=below)
        np.maximum(below[half:], here[:-half], out=below[half:])
    return table[0]


def elementary_segments(
    group: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    weight: np.ndarray,
    m_group: np.ndarray | None = None,
    m_start: np.ndarray | None = None,
    m_end: np.ndarray | None = None,
) -> Segments:
    """Cut the time lines at every boundary; max weight and maintenance cover per segment.

    Parameters
    ----------
    group, start, end, weight:
        The downtime intervals (``start < end``; weights in ``(0, 1]``; zero weights are ignored).
    m_group, m_start, m_end:
        Maintenance intervals (optional).

    Returns
    -------
    Segments
        Only the segments that are down (weight > 0) or in maintenance.
    """
    group = np.asarray(group, dtype=np.int64)
    start = np.asarray(start, dtype=np.int64)
    end = np.asarray(end, dtype=np.int64)
    weight = np.asarray(weight, dtype=np.float64)
    live = weight > 0
    group, start, end, weight = group[live], start[live], end[live], weight[live]
    empty = np.zeros(0, np.int64)
    m_group = empty if m_group is None else np.asarray(m_group, dtype=np.int64)
    m_start = empty if m_start is None else np.asarray(m_start, dtype=np.int64)
    m_end = empty if m_end is None else np.asarray(m_end, dtype=np.int64)
    n, m = len(start), len(m_start)
    if n + m == 0:
        return Segments(empty, empty, empty, np.zeros(0), np.zeros(0, bool))

    eg = np.concatenate([group, group, m_group, m_group])
    et = np.concatenate([start, end, m_start, m_end])
    bg, bt, pos = _boundaries(eg, et)  # pos: index of each event's boundary among the distinct ones
    n_cells = max(len(bt) - 1, 1)

    levels = np.unique(weight)
    rank_dtype = np.uint8 if len(levels) < 255 else (np.uint16 if len(levels) < 65535 else np.int64)
    rank = (np.searchsorted(levels, weight) + 1).astype(rank_dtype)
    cell_rank = _range_max(n_cells, pos[:n], pos[n : 2 * n], rank) if n else np.zeros(n_cells, np.uint8)
    cell_weight = np.concatenate([[0.0], levels])[cell_rank]

    if m:
        cover = np.bincount(pos[2 * n : 2 * n + m], minlength=n_cells + 1) - np.bincount(
            pos[2 * n + m :], minlength=n_cells + 1
        )
        in_maint = np.cumsum(cover)[:n_cells] > 0
    else:
        in_maint = np.zeros(n_cells, dtype=bool)

    if len(bt) < 2:
        return Segments(empty, empty, empty, np.zeros(0), np.zeros(0, bool))
    keep = np.flatnonzero((bg[:-1] == bg[1:]) & ((cell_weight > 0) | in_maint))
    return Segments(
        group=bg.take(keep),
        start=bt.take(keep),
        end=bt.take(keep + 1),
        weight=cell_weight.take(keep),
        maintenance=in_maint.take(keep),
    )


def split_at(seg: Segments, bounds: np.ndarray) -> tuple[Segments, np.ndarray]:
    """Split segments at period boundaries; return the pieces and each piece's period index.

    ``bounds`` are sorted instants; period ``i`` is ``[bounds[i], bounds[i+1])``. Segments must
    lie within ``[bounds[0], bounds[-1]]``.
    """
    bounds = np.asarray(bounds, dtype=np.int64)
    first = np.searchsorted(bounds, seg.start, side="right") - 1
    last = np.searchsorted(bounds, seg.end, side="left") - 1  # period holding the last instant
    pieces = last - first + 1
    if len(pieces) == 0 or pieces.max(initial=1) == 1:
        return seg, first
    idx = np.repeat(np.arange(len(pieces)), pieces)
    offset = np.arange(len(idx)) - np.repeat(np.cumsum(pieces) - pieces, pieces)
    period = first[idx] + offset
    out = Segments(
        group=seg.group[idx],
        start=np.maximum(seg.start[idx], bounds[period]),
        end=np.minimum(seg.end[idx], bounds[period + 1]),
        weight=seg.weight[idx],
        maintenance=seg.maintenance[idx],
    )
    return out, period


@dataclass(frozen=True)
class Accounts:
    """Per group x period sums, each an array of shape ``(n_groups, n_periods)``.

    Attributes
    ----------
    downtime_ns:
        Weighted downtime outside maintenance (float64 ns).
    outage_ns:
        Unweighted time that was down at any weight, outside maintenance (int64 ns).
    maintenance_ns:
        Time covered by maintenance (int64 ns).
    outages:
        Number of merged outages (int64).
    longest_ns:
        Longest merged outage (int64 ns; 0 when none).
    runs_group, runs_period, runs_start, runs_end, runs_ns:
        One entry per merged outage: its group, period, first and last instant, and its length
        outside maintenance.
    """

    downtime_ns: np.ndarray
    outage_ns: np.ndarray
    maintenance_ns: np.ndarray
    outages: np.ndarray
    longest_ns: np.ndarray
    runs_group: np.ndarray
    runs_period: np.ndarray
    runs_start: np.ndarray
    runs_end: np.ndarray
    runs_ns: np.ndarray


def account(seg: Segments, period: np.ndarray, n_groups: int, n_periods: int) -> Accounts:
    """Sum split segments per group x period.

    A merged outage is a maximal run of touching segments that are down (weight > 0); a
    maintenance stretch inside an outage does not split it but is not counted in its length.
    Runs are cut at period boundaries, so an outage that crosses midnight counts in both days.
    Runs wholly inside maintenance are not outages.
    """
    cells = n_groups * n_periods
    key = seg.group * n_periods + period
    length = seg.end - seg.start
    counted = ~seg.maintenance
    downtime = np.bincount(key, weights=length * seg.weight * counted, minlength=cells)
    outage = np.bincount(key, weights=length * ((seg.weight > 0) & counted), minlength=cells)
    maint = np.bincount(key, weights=length * seg.maintenance, minlength=cells)

    down = seg.weight > 0
    dk, ds, de = key[down], seg.start[down], seg.end[down]
    dlen = (length * counted)[down]
    begins = np.ones(len(dk), dtype=bool)
    begins[1:] = (dk[1:] != dk[:-1]) | (ds[1:] != de[:-1])
    run_id = np.cumsum(begins) - 1
    n_runs = int(run_id[-1]) + 1 if len(run_id) else 0
    # int64 sums (exact at any length; a float bincount rounds runs longer than 2**53 ns = 104 days)
    run_ns = np.add.reduceat(dlen, np.flatnonzero(begins)) if n_runs else np.zeros(0, np.int64)
    run_key = dk[begins]
    run_start = ds[begins]
    ends_at = np.flatnonzero(np.concatenate([begins[1:], [True]])) if len(dk) else np.zeros(0, np.int64)
    run_end = de[ends_at]
    real = run_ns > 0
    run_key, run_start, run_end, run_ns = run_key[real], run_start[real], run_end[real], run_ns[real]
    outages = np.bincount(run_key, minlength=cells)
    longest = np.zeros(cells, dtype=np.int64)
    np.maximum.at(longest, run_key, run_ns)
    shape = (n_groups, n_periods)
    return Accounts(
        downtime_ns=downtime.reshape(shape),
        outage_ns=np.rint(outage).astype(np.int64).reshape(shape),
        maintenance_ns=np.rint(maint).astype(np.int64).reshape(shape),
        outages=outages.reshape(shape),
        longest_ns=longest.reshape(shape),
        runs_group=run_key // n_periods,
        runs_period=run_key % n_periods,
        runs_start=run_start,
        runs_end=run_end,
        runs_ns=run_ns,
    )


def clip(start: np.ndarray, end: np.ndarray, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Clip intervals to ``[lo, hi)``; return clipped start, end and the mask of non-empty ones."""
    s = np.maximum(start, lo)
    e = np.minimum(end, hi)
    return s, e, e > s
