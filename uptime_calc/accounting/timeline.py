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

:func:`account_segments` runs these three steps on every record (the full path).
:mod:`uptime_calc.accounting.runs` gives the same numbers, bit for bit, from the merged runs
first, over the records sorted by :func:`sort_by_group_time` (the fast path).

>>> import numpy as np
>>> g = np.array([0, 0, 0]); s = np.array([0, 5, 20]); e = np.array([10, 8, 30])
>>> merge(g, s, e)[1:]
(array([ 0, 20]), array([10, 30]))
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .halves import in_two, worth_it

NS_PER_SECOND = 1_000_000_000


def _combined_key(
    group: np.ndarray | tuple[np.ndarray, ...], t: np.ndarray | tuple[np.ndarray, ...]
) -> tuple[np.ndarray, int, int, int] | None:
    """``group x span + (t - t0) / unit`` as one int64 key, when the times share a unit and it fits.

    Most logs have whole-second times; then one sort of the key orders by (group, time).
    ``group`` and ``t`` may be tuples of arrays, read as their concatenation (which is never
    built). Returns ``(key, span, t0, unit)`` or ``None``.
    """
    groups = group if isinstance(group, tuple) else (group,)
    times = t if isinstance(t, tuple) else (t,)
    total = sum(len(x) for x in times)
    if total == 0:
        return None
    t0 = min(int(x.min()) for x in times if len(x))
    t1 = max(int(x.max()) for x in times if len(x))
    n_groups = max(int(g.max()) for g in groups if len(g)) + 1
    for unit in (1_000_000_000, 1_000_000, 1_000):
        span = (t1 - t0) // unit + 1
        if n_groups * span >= 2**62:
            continue
        key = np.empty(total, dtype=np.int64)
        if fill_keys(key, groups, times, t0, span, unit):
            return key, span, t0, unit
    return None


#: rows per block of :func:`fill_keys` (its scratch arrays stay in cache and are reused)
_BLOCK = 1 << 16


def fill_keys(
    key: np.ndarray, groups: tuple[np.ndarray, ...], times: tuple[np.ndarray, ...], t0: int, span: int, unit: int
) -> bool:
    """Write ``group x span + (t - t0) / unit`` into ``key``; False if a ``t - t0`` is no whole unit.

    ``key`` holds one part per ``(group, time)`` pair, one after the other. Big inputs are
    filled in two threads (the first half of every part, then the second halves).
    """
    parts = []
    at = 0
    for g, x in zip(groups, times, strict=True):
        parts.append((key[at : at + len(x)], g, x))
        at += len(x)
    if not worth_it(len(key)):
        return _fill_parts(parts, t0, span, unit)
    firsts = [(k[: len(k) // 2], g[: len(k) // 2], x[: len(k) // 2]) for k, g, x in parts]
    seconds = [(k[len(k) // 2 :], g[len(k) // 2 :], x[len(k) // 2 :]) for k, g, x in parts]
    a, b = in_two(lambda: _fill_parts(firsts, t0, span, unit), lambda: _fill_parts(seconds, t0, span, unit))
    return a and b


def _fill_parts(parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]], t0: int, span: int, unit: int) -> bool:
    """:func:`fill_keys` of ``(key, group, time)`` parts, in this thread.

    Block by block, with three small scratch arrays: whole-length temporaries would each cost
    fresh memory (page faults), which here costs more than the arithmetic.
    """
    d = np.empty(_BLOCK, dtype=np.int64)
    q = np.empty(_BLOCK, dtype=np.int64)
    same = np.empty(_BLOCK, dtype=bool)
    for key, g, x in parts:
        for lo in range(0, len(x), _BLOCK):
            hi = min(lo + _BLOCK, len(x))
            m = hi - lo
            np.subtract(x[lo:hi], t0, out=d[:m], dtype=np.int64)
            np.floor_divide(d[:m], unit, out=q[:m])  # by a scalar (libdivide): far cheaper than divmod
            out = key[lo:hi]
            np.multiply(q[:m], unit, out=out)
            np.equal(out, d[:m], out=same[:m])
            if not same[:m].all():
                return False
            np.multiply(g[lo:hi], span, out=out, dtype=np.int64)
            out += q[:m]
    return True


def _packed_sort(key: np.ndarray, bound: int | None = None) -> tuple[np.ndarray, np.ndarray] | None:
    """``(order, sorted key)`` by one value sort of ``key << b | index`` when it fits in 63 bits.

    A value sort of int64 is several times faster than an argsort in NumPy (SIMD sorting
    networks), and the sorted key comes out without a gather. ``key`` is overwritten (it is
    always a scratch array of :func:`_combined_key`); it is left intact when None is returned.
    Big keys are packed and sorted in two halves at once, then merged (one linear timsort
    merge of the two sorted halves).
    """
    bits = max(len(key).bit_length(), 1)
    if len(key) == 0:
        return None
    if bound is None:  # ``bound``: the caller knows ``0 <= key < bound`` (two passes fewer)
        if int(key.min()) < 0:
            return None
        bound = int(key.max()) + 1
    if bound > (1 << (62 - bits)):
        return None
    n = len(key)
    if not worth_it(n):
        _pack_and_sort(key, bits, 0)
        return _unpack(key, bits, np.empty(n, dtype=np.int64))
    h = n // 2
    in_two(lambda: _pack_and_sort(key[:h], bits, 0), lambda: _pack_and_sort(key[h:], bits, h))
    key.sort(kind="stable")  # two sorted runs: timsort merges them in one linear pass
    order = np.empty(n, dtype=np.int64)
    in_two(lambda: _unpack(key[:h], bits, order[:h]), lambda: _unpack(key[h:], bits, order[h:]))
    return order, key


def _pack_and_sort(key: np.ndarray, bits: int, first_row: int) -> None:
    """``key << bits | row index`` (rows counted from ``first_row``), in place, then sort it in place."""
    # in place: ``key`` is the caller's scratch array (each fresh array costs page faults)
    packed = np.left_shift(key, bits, out=key)
    index = np.arange(first_row, first_row + _BLOCK, dtype=np.int64)
    for lo in range(0, len(key), _BLOCK):  # | row index, block by block (no whole-length arange)
        hi = min(lo + _BLOCK, len(key))
        np.bitwise_or(packed[lo:hi], index[: hi - lo], out=packed[lo:hi])
        index += _BLOCK
    # logs usually come sorted by time, or by service and time: then the key is a few sorted
    # stretches, which timsort merges in near-linear time (several times faster than quicksort)
    stretches = np.count_nonzero(packed[1:] < packed[:-1])
    packed.sort(kind="stable" if stretches < len(packed) // 64 else "quicksort")


def _unpack(packed: np.ndarray, bits: int, order: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(row index, key)`` of a packed sorted key: the row indices into ``order``, the key shifted back in place."""
    np.bitwise_and(packed, (1 << bits) - 1, out=order)
    return order, np.right_shift(packed, bits, out=packed)


@dataclass(frozen=True)
class GroupTimeOrder:
    """Records sorted by (group, start), with their keys ``group x span + (t - origin) / unit``.

    Attributes
    ----------
    order:
        Row indices by (group, start); rows with equal (group, start) keep their row order.
    start_key:
        The sorted keys of the starts (equal keys: equal group and start).
    end_key:
        The keys of the ends, by row (``None`` when no ends were given).
    origin, span, unit:
        ``key = group x span + (t - origin) / unit``; every time given lies in
        ``[origin, origin + span x unit)`` and is a whole number of units from ``origin``.
    """

    order: np.ndarray
    start_key: np.ndarray
    end_key: np.ndarray | None
    origin: int
    span: int
    unit: int


def sort_by_group_time(
    group: np.ndarray, start: np.ndarray, end: np.ndarray | None = None
) -> GroupTimeOrder | None:
    """Sort by (group, start) with one value sort of a packed key; the keys of the ends too.

    ``None`` when the times share no unit that makes the key fit (e.g. nanosecond times over
    centuries); callers then take their general path.
    """
    n = len(start)
    combined = _combined_key((group, group), (start, end)) if end is not None else _combined_key(group, start)
    if combined is None:
        return None
    key, span, origin, unit = combined
    n_groups = int(group.max()) + 1
    packed = _packed_sort(key[:n], n_groups * span)  # the start keys; the end keys (if any) follow them
    if packed is None:
        return None
    return GroupTimeOrder(packed[0], packed[1], key[n:] if end is not None else None, origin, span, unit)


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


def _boundaries(
    eg: np.ndarray | tuple[np.ndarray, ...], et: np.ndarray | tuple[np.ndarray, ...]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct (group, time) boundaries in order, and the index of each event's boundary.

    ``eg`` and ``et`` may be tuples of arrays (the events are their concatenation).
    """
    # a sort + gathers: binary searches of every event (np.unique + searchsorted) measured
    # several times slower here, being cache-hostile at millions of events
    combined = _combined_key(eg, et)
    packed = _packed_sort(combined[0]) if combined is not None else None
    if combined is not None and packed is not None:
        _, span, t0, unit = combined
        order, skey = packed
        new = np.ones(len(skey), dtype=bool)
        np.not_equal(skey[1:], skey[:-1], out=new[1:])
        rank = np.cumsum(new)
        rank -= 1
        pos = np.empty(len(skey), dtype=np.int64)
        pos[order] = rank
        group, offset = np.divmod(skey[new], span)
        offset *= unit
        offset += t0
        return group, offset, pos
    if isinstance(eg, tuple):
        eg = np.concatenate(eg)
    if isinstance(et, tuple):
        et = np.concatenate(et)
    order = sort_order(eg, et)
    sg, st = eg[order], et[order]
    new = np.ones(len(st), dtype=bool)
    new[1:] = (sg[1:] != sg[:-1]) | (st[1:] != st[:-1])
    pos = np.empty(len(st), dtype=np.int64)
    pos[order] = np.cumsum(new) - 1
    return sg[new], st[new], pos


def covered_between(
    u_group: np.ndarray, u_start: np.ndarray, u_end: np.ndarray, group: int, lo: np.ndarray, hi: np.ndarray
) -> np.ndarray:
    """Time inside each ``[lo, hi)`` that ``group``'s runs cover, from the disjoint runs of :func:`merge`
    (sorted by group, then start)."""
    a, b = np.searchsorted(u_group, [group, group + 1])
    s, e = u_start[a:b], u_end[a:b]
    if not len(s):
        return np.zeros(len(lo), dtype=np.int64)
    before = np.concatenate([[0], np.cumsum(e - s)])  # time covered before run k

    def upto(t: np.ndarray) -> np.ndarray:  # time covered before instant t
        k = np.searchsorted(s, t, side="right") - 1
        at = np.maximum(k, 0)
        return np.where(k >= 0, before[at] + np.clip(t - s[at], 0, (e - s)[at]), 0)

    return upto(hi) - upto(lo)


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
    (the reverse of the range-minimum-query sparse table, Bender & Farach-Colton 2000). Levels
    are processed from the top with one row in memory.
    """
    length = (b - a).astype(np.int64)
    k = (np.frexp(length.astype(np.float64))[1] - 1).astype(np.uint8)  # floor(log2(length)), exact
    top = int(k.max(initial=0))
    # level by level from the top, keeping one row (not the whole (top + 1) x n_cells table:
    # tens of MB of fresh memory cost more in page faults than the arithmetic)
    order = np.argsort(k, kind="stable")  # a radix sort of small integers
    cuts = np.searchsorted(k[order], np.arange(top + 2))
    a, b, rank = a[order], b[order], rank[order]
    here = np.zeros(n_cells, dtype=rank.dtype)
    for level in range(top, -1, -1):
        lo, hi = cuts[level], cuts[level + 1]
        if hi > lo:
            np.maximum.at(here, a[lo:hi], rank[lo:hi])
            np.maximum.at(here, b[lo:hi] - (1 << level), rank[lo:hi])
        if level:
            half = 1 << (level - 1)
            below = here.copy()  # each block of 2**level pushes down into its two halves
            np.maximum(below[half:], here[:-half], out=below[half:])
            here = below
    return here


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
    if not live.all():
        group, start, end, weight = group[live], start[live], end[live], weight[live]
    empty = np.zeros(0, np.int64)
    m_group = empty if m_group is None else np.asarray(m_group, dtype=np.int64)
    m_start = empty if m_start is None else np.asarray(m_start, dtype=np.int64)
    m_end = empty if m_end is None else np.asarray(m_end, dtype=np.int64)
    n, m = len(start), len(m_start)
    if n + m == 0:
        return Segments(empty, empty, empty, np.zeros(0), np.zeros(0, bool))

    # pos: index of each event (starts, ends, maintenance starts, maintenance ends) among the
    # distinct boundaries
    bg, bt, pos = _boundaries((group, group, m_group, m_group), (start, end, m_start, m_end))
    n_cells = max(len(bt) - 1, 1)

    levels = np.unique(weight)
    rank_dtype = np.uint8 if len(levels) < 255 else (np.uint16 if len(levels) < 65535 else np.int64)
    rank = (np.searchsorted(levels, weight) + 1).astype(rank_dtype)
    cell_rank = _range_max(n_cells, pos[:n], pos[n : 2 * n], rank) if n else np.zeros(n_cells, np.uint8)
    cell_weight = np.concatenate([[0.0], levels])[cell_rank]

    if m:
        # +1 where a maintenance interval starts, -1 where it ends; the running sum is the cover
        cover = np.zeros(n_cells + 1, dtype=np.int32)  # one small array (fresh memory costs page faults)
        np.add.at(cover, pos[2 * n : 2 * n + m], 1)
        np.add.at(cover, pos[2 * n + m :], -1)
        np.cumsum(cover, out=cover)
        in_maint = cover[:n_cells] > 0
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
    idx, period, start, end = cut_at(seg.start, seg.end, bounds)
    out = Segments(group=seg.group[idx], start=start, end=end, weight=seg.weight[idx],
                   maintenance=seg.maintenance[idx])
    return out, period


def cut_at(
    start: np.ndarray, end: np.ndarray, bounds: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Cut intervals at the period ``bounds``: per piece its interval's index, period, start and end."""
    first = np.searchsorted(bounds, start, side="right") - 1
    last = np.searchsorted(bounds, end, side="left") - 1  # period holding the last instant
    pieces = last - first + 1
    at = np.repeat(np.arange(len(pieces)), pieces)
    period = first[at] + (np.arange(len(at)) - np.repeat(np.cumsum(pieces) - pieces, pieces))
    return at, period, np.maximum(start[at], bounds[period]), np.minimum(end[at], bounds[period + 1])


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
    if n_periods > 1:
        key = seg.group * n_periods
        key += period
    else:
        key = seg.group
    length = seg.end - seg.start
    in_maint = np.flatnonzero(seg.maintenance)
    maint: np.ndarray
    if len(in_maint):
        counted = length.copy()  # time outside maintenance
        counted[in_maint] = 0
        maint = np.bincount(key[in_maint], weights=length[in_maint], minlength=cells)
    else:
        counted = length
        maint = np.zeros(cells)
    downtime = np.bincount(key, weights=counted * seg.weight, minlength=cells)

    down = seg.weight > 0
    if down.all():  # the usual case: only maintenance-only segments are not down
        dk, ds, de, dlen = key, seg.start, seg.end, counted
    else:
        at = np.flatnonzero(down)
        dk, ds, de, dlen = key[at], seg.start[at], seg.end[at], counted[at]
    outage = np.bincount(dk, weights=dlen, minlength=cells)
    begins = np.ones(len(dk), dtype=bool)
    begins[1:] = (dk[1:] != dk[:-1]) | (ds[1:] != de[:-1])
    first = np.flatnonzero(begins)
    # int64 sums (exact at any length; a float bincount rounds runs longer than 2**53 ns = 104 days)
    run_ns = np.add.reduceat(dlen, first) if len(first) else np.zeros(0, np.int64)
    run_key = dk[first]
    run_start = ds[first]
    last = np.empty_like(first)  # the last segment of each run
    last[:-1] = first[1:]
    last[-1:] = len(dk)
    last -= 1
    run_end = de[last]
    real = run_ns > 0
    if not real.all():
        run_key, run_start, run_end, run_ns = run_key[real], run_start[real], run_end[real], run_ns[real]
    outages = np.bincount(run_key, minlength=cells)
    longest = np.zeros(cells, dtype=np.int64)
    if len(run_key) and np.all(run_key[1:] >= run_key[:-1]):  # runs come in key order: one reduceat
        cut = np.flatnonzero(np.concatenate([[True], run_key[1:] != run_key[:-1]]))
        longest[run_key[cut]] = np.maximum.reduceat(run_ns, cut)
    else:
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
    # the default window covers every record: then the inputs come back as they are (no copies)
    s = start if len(start) == 0 or start.min() >= lo else np.maximum(start, lo)
    e = end if len(end) == 0 or end.max() <= hi else np.minimum(end, hi)
    return s, e, e > s


def account_segments(
    group: np.ndarray, start: np.ndarray, end: np.ndarray, weight: np.ndarray,
    m_group: np.ndarray, m_start: np.ndarray, m_end: np.ndarray,
    bounds: np.ndarray, n_groups: int,
) -> tuple[Accounts, Accounts]:
    """The full accounting: elementary segments, split at the periods, summed.

    Returns ``(per group x period, per group over the whole window)``; the second one's runs
    are the merged outages of the window (not cut at period boundaries). Every record goes
    through :func:`elementary_segments`; :func:`uptime_calc.accounting.runs.account_runs` gives the same numbers faster.
    """
    seg = elementary_segments(group, start, end, weight, m_group, m_start, m_end)
    pieces, pidx = split_at(seg, bounds)
    acc = account(pieces, pidx, n_groups, len(bounds) - 1)
    tot = account(seg, np.broadcast_to(np.int64(0), len(seg)), n_groups, 1)  # one period: no array
    return acc, tot
