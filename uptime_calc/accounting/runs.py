"""Merged runs: the fast accounting of incident intervals, equal bit for bit to the full path.

:func:`account_runs` gives the numbers of :func:`uptime_calc.accounting.timeline.account_segments` from the
merged runs first (one ``np.maximum.accumulate`` over the records sorted by group and start,
:func:`uptime_calc.accounting.timeline.sort_by_group_time`): a run of one weight that no maintenance
touches is one outage of length x weight, mixed weights are summed level by level over merged
runs again, and only the runs that maintenance overlaps go through the elementary segments. It
declines (returns ``None``) where float sums could depend on their order, and the caller then
takes the full path. :func:`account_runs_in_halves` runs it on two halves of the groups in two
threads (big logs).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

import numpy as np

from .halves import in_two, worth_it
from .timeline import Accounts, GroupTimeOrder, account_segments, cut_at, fill_keys

#: float64 holds every multiple of 2**-k up to 2**(53 - k) exactly; a margin covers the estimate's rounding
_EXACT = float(2**53) * (1 - 1e-9)


def _dyadic_bits(weight: np.ndarray, most: int = 8) -> int | None:
    """The least ``k <= most`` with every ``weight * 2**k`` a whole number (``None`` if none)."""
    scaled = weight * float(1 << most)
    whole = scaled.astype(np.int64)
    if not np.array_equal(whole, scaled):
        return None
    bits = int(np.bitwise_or.reduce(whole)) if len(whole) else 0
    if bits == 0:
        return 0
    return max(0, most - ((bits & -bits).bit_length() - 1))


def _keys_at(
    pairs: tuple[tuple[np.ndarray, np.ndarray], ...], origin: int, span: int, unit: int
) -> list[np.ndarray] | None:
    """``group x span + (t - origin) / unit`` for each ``(group, t)`` pair (written by
    :func:`~.timeline.fill_keys` into one array, one view per pair); ``None`` unless every
    ``t`` is a whole number of units in ``[origin, origin + span x unit)``."""
    for _, t in pairs:
        if len(t) and (int(t.min()) < origin or (int(t.max()) - origin) // unit >= span):
            return None
    sizes = [len(t) for _, t in pairs]
    key = np.empty(sum(sizes), dtype=np.int64)
    if not fill_keys(key, tuple(g for g, _ in pairs), tuple(t for _, t in pairs), origin, span, unit):
        return None
    return np.split(key, np.cumsum(sizes)[:-1])


def _time_keys(
    pairs: tuple[tuple[np.ndarray, np.ndarray], ...], lo: int, hi: int, n_groups: int
) -> tuple[list[np.ndarray], int, int] | None:
    """:func:`_keys_at` from ``lo`` with the coarsest unit (s, ms, us) that fits; ``(keys, span, unit)``."""
    for unit in (1_000_000_000, 1_000_000, 1_000):
        span = (hi - lo) // unit + 1
        if n_groups * span >= 2**62:
            continue
        keys = _keys_at(pairs, lo, span, unit)
        if keys is not None:
            return keys, span, unit
    return None


def _cell_index(
    sk: np.ndarray, ek: np.ndarray, at: tuple[int, int, int], bounds: np.ndarray, n_groups: int
) -> tuple[np.ndarray, np.ndarray]:
    """Where each cell's runs begin, and the runs that cross a period boundary.

    ``sk`` / ``ek`` are the runs' start and end keys ``group x span + (t - origin) / unit``
    (sorted, disjoint), ``at = (origin, span, unit)``. A run belongs to the cell (group x
    n_periods + period) of its start; the runs of cell ``c`` are ``pos[c]:pos[c + 1]``
    (``pos`` has one entry per cell and a last one, ``len(sk)``). ``cut``: sorted indices of the
    runs whose last instant lies in a later period than their start.
    """
    origin, span, unit = at
    inner = bounds[1:-1] - origin
    # a start key k lies at or after boundary b when k >= ceil((b - origin) / unit), an end key
    # after it when k > floor((b - origin) / unit); boundaries outside the keys' range are
    # clamped to it, where they compare the same with every key of their group
    ceil = np.clip(-(-inner // unit), 0, span)
    offset = (np.arange(n_groups, dtype=np.int64) * span)[:, None]
    firsts = offset + np.concatenate([[0], ceil])[None, :]  # each cell's first key
    pos = np.empty(firsts.size + 1, dtype=np.int64)
    pos[:-1] = np.searchsorted(sk, firsts.ravel(), side="left")
    pos[-1] = len(sk)
    if len(inner) == 0:
        return pos, np.zeros(0, dtype=np.int64)
    # a boundary can only fall inside the run before it (runs are disjoint); that run may be
    # of an earlier group, whose keys all lie below the boundary's
    before = pos[:-1].reshape(firsts.shape)[:, 1:].ravel() - 1
    floor = (offset + np.clip(inner // unit, 0, span)[None, :]).ravel()
    inside = before >= 0
    before, floor = before[inside], floor[inside]
    return pos, np.unique(before[ek[before] > floor])


def _reduce(ufunc: np.ufunc, values: np.ndarray, pos: np.ndarray, empty: float | int = 0) -> np.ndarray:
    """``ufunc`` over each cell's runs ``values[pos[c]:pos[c + 1]]`` (``empty`` for a cell without)."""
    counts = np.diff(pos)
    full = counts > 0
    out = np.full(len(counts), empty, dtype=values.dtype)
    if full.any():
        out[full] = ufunc.reduceat(values, pos[:-1][full])
    return out


def _cut_pieces(
    start: np.ndarray, length: np.ndarray, cut: np.ndarray, bounds: np.ndarray, group: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Cut the runs ``cut`` at the boundaries: ``length[cut]`` becomes the first piece's length
    (in place); returns the other pieces' cells, lengths and runs, and the runs' whole lengths."""
    n_periods = len(bounds) - 1
    whole = length[cut]
    at, period, p_start, p_end = cut_at(start, start + whole, bounds)
    head = np.ones(len(at), dtype=bool)
    head[1:] = at[1:] != at[:-1]
    p_len = p_end - p_start
    length[cut] = p_len[head]
    rest = ~head
    return group[at[rest]] * n_periods + period[rest], p_len[rest], at[rest], whole


class RunAccounts:
    """Per-group sums like :class:`~.timeline.Accounts`; the outages (``runs_*``) are assembled on first use.

    Only the outages table and the uncertainty interval need them; assembling them (the runs
    accounted directly, merged with those of the elementary segments) would cost more than the
    sums.
    """

    def __init__(self, sums: dict[str, np.ndarray], runs: Callable[[], tuple[np.ndarray, ...]]) -> None:
        self.downtime_ns = sums["downtime_ns"]
        self.outage_ns = sums["outage_ns"]
        self.maintenance_ns = sums["maintenance_ns"]
        self.outages = sums["outages"]
        self.longest_ns = sums["longest_ns"]
        self._build = runs

    @cached_property
    def _runs(self) -> tuple[np.ndarray, ...]:
        return self._build()

    @property
    def runs_group(self) -> np.ndarray:
        """Group of each outage of the window, in (group, start) order."""
        return self._runs[0]

    @property
    def runs_period(self) -> np.ndarray:
        """Always 0: one period, the window."""
        return np.zeros(len(self._runs[0]), dtype=np.int64)

    @property
    def runs_start(self) -> np.ndarray:
        """First instant of each outage."""
        return self._runs[1]

    @property
    def runs_end(self) -> np.ndarray:
        """End of each outage."""
        return self._runs[2]

    @property
    def runs_ns(self) -> np.ndarray:
        """Length of each outage outside maintenance."""
        return self._runs[3]


def _key_time(key: np.ndarray, at: tuple[int, int, int]) -> np.ndarray:
    """Times (int64 ns) from keys ``group x span + (t - origin) / unit``, ``at = (origin, span, unit)``."""
    origin, span, unit = at
    t = key % span
    t *= unit
    t += origin
    return t


def _merged_runs(sk: np.ndarray, ek: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Merged runs of intervals given by group-offset keys sorted by start.

    A record starts a run when it starts after every end before it (touching runs join); the
    group offsets keep groups apart. Returns the runs' start and end keys, each run's first
    record and the mask of the records that start one. ``ek`` is overwritten by its running
    maximum.
    """
    n = len(sk)
    np.maximum.accumulate(ek, out=ek)
    begins = np.empty(n, dtype=bool)
    begins[:1] = True
    np.greater(sk[1:], ek[:-1], out=begins[1:])
    first = np.flatnonzero(begins)
    r_ek = np.empty_like(first)
    nxt = first[1:]
    nxt -= 1  # in place (then back): each run ends at the record before the next run's first
    np.take(ek, nxt, out=r_ek[:-1], mode="clip")  # "raise" would buffer ``out`` (a fresh copy)
    nxt += 1
    r_ek[-1:] = ek[-1:]
    return sk[first], r_ek, first, begins


def account_runs(
    by: GroupTimeOrder,
    group: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    weight: np.ndarray,
    down: np.ndarray,
    m_group: np.ndarray,
    m_start: np.ndarray,
    m_end: np.ndarray,
    bounds: np.ndarray,
    n_groups: int,
    *,
    levels: np.ndarray | None = None,
    keyed: bool = False,
) -> tuple[Accounts, RunAccounts] | None:
    """The numbers of :func:`~.timeline.account_segments`, from merged runs first; ``None`` when it cannot.

    Parameters
    ----------
    by:
        All records sorted by (group, start) (:func:`~.timeline.sort_by_group_time`); any non-decreasing
        change of the starts keeps the order valid, such as clipping them to the window.
    group, start, end, weight:
        All records (int64 ns times within ``[bounds[0], bounds[-1]]`` where ``down``).
    down:
        Mask of the records that are downtime (``start < end``, weight > 0).
    m_group, m_start, m_end:
        The maintenance intervals (excluded from downtime).
    bounds:
        Period boundaries (:func:`~.timeline.split_at`).
    n_groups:
        Number of groups (codes ``0 .. n_groups - 1``).
    levels:
        The distinct weights (a superset will do), when known without a pass over ``weight``.
    keyed:
        ``start`` and ``end`` are the times ``by`` keyed (``by.start_key``, ``by.end_key``), not
        clipped or ended since: the keys are used as they are.

    Returns
    -------
    tuple or None
        ``(per group x period, per group over the window)`` with the numbers of
        :func:`~.timeline.account_segments`, except that the per-period accounts list no outages (empty
        ``runs_*``). ``None`` when the times share no unit (s, ms, us) or when a float sum could
        round (weights other than ``m / 2**k`` with ``k <= 8``, such as 0.3, or too much time
        summed in one group): the caller then uses :func:`~.timeline.account_segments`, whose float sums
        this would not match to the last bit.

    Notes
    -----
    One pass over the records sorted by (group, start) finds the merged runs: a record starts a
    new run when it starts after the running maximum of the ends before it (group-offset keys
    keep groups apart in one ``np.maximum.accumulate``). A run is one outage of its length. Its
    weighted downtime, the integral of the highest weight active, is the sum over the weight
    levels ``w1 < w2 < ...`` of ``(w_j - w_(j-1))`` times the length of the union of its records
    of weight ``>= w_j``: length x weight for a run of one weight; for the others, ``w1`` over the
    run plus each higher level's increment over the merged runs of the records at or above it.
    Only the runs that a maintenance interval overlaps go through :func:`~.timeline.elementary_segments`,
    with every maintenance interval (which gives the maintenance time). Runs are cut at period
    boundaries for the per-period sums, not for the totals. With weights ``m / 2**k`` and sums
    below ``2**(53 - k)`` ns every product and partial sum is exact, so the order of summation
    does not matter and the results equal the full path's bit for bit.
    """
    in_order = down[by.order]
    idx = by.order[in_order]  # the downtime records, by (group, start)
    n = len(idx)
    if n == 0:
        return None
    w = weight[idx]
    bits = _dyadic_bits(w if levels is None else np.asarray(levels, dtype=np.float64))
    if bits is None or (
        len(m_start) and np.bincount(m_group, weights=m_end - m_start, minlength=n_groups).max() >= _EXACT
    ):
        return None
    m_keys = None
    if keyed and by.end_key is not None:
        origin, span, unit = by.origin, by.span, by.unit
        m_keys = _keys_at(((m_group, m_start), (m_group, m_end)), origin, span, unit)
    if m_keys is not None and by.end_key is not None:
        sk = by.start_key[in_order]
        ek = by.end_key[idx]
        msk, mek = m_keys
    else:
        g = group[idx]
        origin = int(bounds[0])
        made = _time_keys(((g, start[idx]), (g, end[idx]), (m_group, m_start), (m_group, m_end)),
                          origin, int(bounds[-1]), n_groups)
        if made is None:
            return None
        (sk, ek, msk, mek), span, unit = made
    at = (origin, span, unit)

    # -- merged runs
    r_sk, r_ek, first, begins = _merged_runs(sk, ek)
    del ek, in_order  # free early: later arrays reuse the memory instead of faulting in fresh pages
    n_runs = len(first)
    run_of = np.cumsum(begins, dtype=np.int32)  # each record's run
    run_of -= 1
    pos, cut = _cell_index(r_sk, r_ek, at, bounds, n_groups)
    cells = len(pos) - 1
    if len(m_start):  # the runs each maintenance interval overlaps (while the run ends are at hand)
        by_m = np.argsort(msk, kind="stable")  # sorted needles search faster
        msk, mek = msk[by_m], mek[by_m]
        a = np.searchsorted(r_ek, msk, side="right")  # first run ending after the maintenance starts
        b = np.searchsorted(r_sk, mek, side="left")  # runs starting before it ends
    r_len = np.subtract(r_ek, r_sk, out=r_ek)  # in place: the ends are not needed any more
    r_len *= unit
    del r_ek

    # -- runs that a maintenance interval overlaps go through the elementary segments, with the
    # maintenance intervals that overlap them; the maintenance time is the union of them all
    acc_s = tot_s = None
    slow = np.zeros(0, dtype=np.int64)
    is_slow = np.zeros(n_runs, dtype=bool)
    slow_len = np.zeros(0, dtype=np.int64)
    maint = np.zeros(cells, dtype=np.int64)
    if len(m_start):
        cover = np.zeros(n_runs + 1, dtype=np.int32)  # +1 where an overlap begins, -1 after it
        hit = b > a
        np.add.at(cover, a[hit], 1)
        np.add.at(cover, b[hit], -1)
        np.cumsum(cover, out=cover)
        slow = np.flatnonzero(cover[:-1])
        if len(slow):
            is_slow[slow] = True
            rec = np.flatnonzero(is_slow[run_of])
            rows = idx[rec]
            m_hit = by_m[hit]
            acc_s, tot_s = account_segments(group[rows], start[rows], end[rows], w[rec], m_group[m_hit],
                                            m_start[m_hit], m_end[m_hit], bounds, n_groups)
            slow_len = r_len[slow]
            r_len[slow] = 0  # accounted by the elementary segments (their lengths are kept in slow_len)
            cut = cut[~is_slow[cut]]
        maint = _union_cells(msk, mek, at, bounds, n_groups)

    # -- weights: a run's own where it has one; mixed runs take the lowest level over their length
    # and each higher level's increment over the merged runs of their records at or above it
    base = w[first]
    changes = w[1:] != w[:-1]
    np.greater(changes, begins[1:], out=changes)  # not where a run begins
    mixed = np.zeros(n_runs, dtype=bool)
    mixed[run_of[np.flatnonzero(changes) + 1]] = True
    mixed[slow] = False
    mixed_runs = np.flatnonzero(mixed)
    rec = np.flatnonzero(mixed[run_of]) if len(mixed_runs) else np.zeros(0, dtype=np.int64)
    xw, xsk = w[rec], sk[rec]
    del w, sk, run_of, changes, mixed, begins
    down = np.zeros(cells)
    if len(mixed_runs):
        rows = idx[rec]
        xg = xsk // span
        if m_keys is not None and by.end_key is not None:
            xek = by.end_key[rows]
        else:
            xek = end[rows]
            xek -= origin
            xek //= unit
            xek += xg * span
        steps = np.unique(xw if levels is None else np.asarray(levels, dtype=np.float64))
        steps = steps[steps > 0]
        base[mixed_runs] = steps[0]
        down = _level_downtime(xsk, xek, xw, steps, at, bounds, n_groups)

    # -- per period: each run counts in the period of its start, up to the period's end; the
    # few runs that cross a boundary add their other pieces
    outages = np.diff(pos)
    if len(slow):
        outages -= np.bincount(np.searchsorted(pos, slow, side="right") - 1, minlength=cells)
    cut_len = np.zeros(0, dtype=np.int64)
    if len(cut):
        p_cells, p_len, p_run, cut_len = _cut_pieces(start[idx[first[cut]]], r_len, cut, bounds, r_sk[cut] // span)
    outage = _reduce(np.add, r_len, pos)
    longest = _reduce(np.maximum, r_len, pos)
    if len(cut):
        np.add.at(down, p_cells, p_len * base[cut][p_run])
    down += _reduce(np.add, np.multiply(r_len, base, out=base), pos)  # base is not needed after
    if len(cut):
        np.add.at(outage, p_cells, p_len)
        np.add.at(outages, p_cells, 1)
        np.maximum.at(longest, p_cells, p_len)
    fast = {"downtime_ns": down, "outage_ns": outage, "maintenance_ns": maint, "outages": outages,
            "longest_ns": longest}

    # -- the window: the sums of the periods, except the outage count (a run cut at a boundary
    # is one outage) and the longest (a cut run's whole length)
    shape = (n_groups, len(bounds) - 1)
    total = {k: v.reshape(shape).sum(axis=1) for k, v in fast.items() if k != "longest_ns"}
    total["longest_ns"] = longest.reshape(shape).max(axis=1)
    if len(cut):
        total["outages"] -= np.bincount(p_cells // shape[1], minlength=n_groups)
        np.maximum.at(total["longest_ns"], r_sk[cut] // span, cut_len)
    bound = total["outage_ns"] + np.bincount(r_sk[slow] // span, weights=slow_len, minlength=n_groups)
    if float(np.max(bound)) * (1 << bits) >= _EXACT:  # a sum above could have rounded
        return None
    acc = _combined(fast, acc_s, shape)
    tot = _combined(total, tot_s, (n_groups, 1))
    none = np.zeros(0, dtype=np.int64)
    per_period = Accounts(**acc, runs_group=none, runs_period=none, runs_start=none, runs_end=none, runs_ns=none)

    def outage_runs() -> tuple[np.ndarray, ...]:
        """The outages of the window in (group, start) order: the runs above and the slow path's."""
        keep: np.ndarray | slice = slice(None)
        length = r_len.copy()
        length[cut] = cut_len
        if len(slow):
            keep = ~is_slow
        r_start = start[idx[first[keep]]]
        a = (r_sk[keep] // span, r_start, r_start + length[keep], length[keep])
        if tot_s is None or not len(tot_s.runs_start):
            return a
        b = (tot_s.runs_group, tot_s.runs_start, tot_s.runs_end, tot_s.runs_ns)
        ka = r_sk[keep]
        kb = tot_s.runs_group * span + (tot_s.runs_start - origin) // unit
        at_b = np.searchsorted(ka, kb) + np.arange(len(kb))
        at_a = np.searchsorted(kb, ka) + np.arange(len(ka))
        out = []
        for x, y in zip(a, b, strict=True):
            z = np.empty(len(x) + len(y), dtype=np.int64)
            z[at_a] = x
            z[at_b] = y
            out.append(z)
        return tuple(out)

    return per_period, RunAccounts(tot, outage_runs)


def account_runs_in_halves(
    by: GroupTimeOrder,
    group: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    weight: np.ndarray,
    down: np.ndarray,
    m_group: np.ndarray,
    m_start: np.ndarray,
    m_end: np.ndarray,
    bounds: np.ndarray,
    n_groups: int,
    *,
    levels: np.ndarray | None = None,
    keyed: bool = False,
    min_rows: int | None = None,
) -> tuple[Accounts, RunAccounts] | None:
    """:func:`account_runs` on two halves of the groups at once, in two threads; the same result.

    Groups are independent, and NumPy releases the GIL inside its loops, so on two cores the
    halves (split at the group boundary nearest the middle record) take about half the time.
    Every cell of the result belongs to one half (it is zero in the other), so the halves' sums
    add up exactly; the outages of the first half's groups come before the second's.
    ``min_rows``: below it, one thread (default :data:`uptime_calc.accounting.halves.MIN_ROWS`).
    """
    n = len(by.order)
    whole = (by, group, start, end, weight, down, m_group, m_start, m_end, bounds, n_groups)
    if not worth_it(n, min_rows) or n_groups < 2:
        return account_runs(*whole, levels=levels, keyed=keyed)
    split_group = int(by.start_key[n // 2] // by.span)
    if split_group == 0:
        split_group = 1
    k = int(np.searchsorted(by.start_key, split_group * by.span))
    if k == 0 or k == n:
        return account_runs(*whole, levels=levels, keyed=keyed)

    def half(rows: slice, in_half: np.ndarray) -> tuple[Accounts, RunAccounts] | None:
        part = GroupTimeOrder(order=by.order[rows], start_key=by.start_key[rows], end_key=by.end_key,
                              origin=by.origin, span=by.span, unit=by.unit)
        return account_runs(part, group, start, end, weight, down, m_group[in_half], m_start[in_half],
                            m_end[in_half], bounds, n_groups, levels=levels, keyed=keyed)

    first_groups = m_group < split_group
    a, b = in_two(lambda: half(slice(0, k), first_groups), lambda: half(slice(k, n), ~first_groups))
    if a is None or b is None:  # one half declined (a float sum could round...): decide on the whole
        return account_runs(*whole, levels=levels, keyed=keyed)
    sums = ("downtime_ns", "outage_ns", "maintenance_ns", "outages", "longest_ns")
    per_period = Accounts(**{k: getattr(a[0], k) + getattr(b[0], k) for k in sums},
                          runs_group=a[0].runs_group, runs_period=a[0].runs_period, runs_start=a[0].runs_start,
                          runs_end=a[0].runs_end, runs_ns=a[0].runs_ns)
    ta, tb = a[1], b[1]

    def outage_runs() -> tuple[np.ndarray, ...]:
        return tuple(np.concatenate([x, y]) for x, y in zip(ta._runs, tb._runs, strict=True))

    return per_period, RunAccounts({k: getattr(ta, k) + getattr(tb, k) for k in sums}, outage_runs)


def _union_cells(
    sk: np.ndarray, ek: np.ndarray, at: tuple[int, int, int], bounds: np.ndarray, n_groups: int
) -> np.ndarray:
    """Length (int64 ns) of the union of intervals per cell, from their keys sorted by start.

    ``ek`` is overwritten.
    """
    u_sk, u_ek, _, _ = _merged_runs(sk, ek)
    length = u_ek - u_sk
    length *= at[2]
    pos, cut = _cell_index(u_sk, u_ek, at, bounds, n_groups)
    if not len(cut):
        return _reduce(np.add, length, pos)
    cells, p_len, _, _ = _cut_pieces(_key_time(u_sk[cut], at), length, cut, bounds, u_sk[cut] // at[1])
    out = _reduce(np.add, length, pos)  # the first pieces (cut in place), then the others
    np.add.at(out, cells, p_len)
    return out


def _level_downtime(
    sk: np.ndarray, ek: np.ndarray, weight: np.ndarray, steps: np.ndarray,
    at: tuple[int, int, int], bounds: np.ndarray, n_groups: int,
) -> np.ndarray:
    """Weighted downtime per cell above the lowest level ``steps[0]`` of records with mixed weights.

    The records (keys sorted by start, and their weights) form runs with more than one weight;
    the integral of the highest weight active is ``steps[0]`` over the runs (the caller counts
    it) plus, for each higher level, its increment over the union of the records at or above it.
    ``steps``: the sorted positive weights (a superset will do).
    """
    down = np.zeros(n_groups * (len(bounds) - 1))
    for below, level in zip(steps[:-1], steps[1:], strict=True):
        sel = np.flatnonzero(weight >= level)
        if not len(sel):
            break
        down += (level - below) * _union_cells(sk[sel], ek[sel], at, bounds, n_groups)
    return down


def _combined(sums: dict[str, np.ndarray], other: Accounts | None, shape: tuple[int, int]) -> dict[str, np.ndarray]:
    """The runs' sums plus the elementary segments' accounts, in :class:`~.timeline.Accounts` form."""
    down = sums["downtime_ns"]
    whole = sums["outage_ns"]
    outages = sums["outages"]
    longest = sums["longest_ns"]
    maint = sums["maintenance_ns"]  # not ``other``'s: it saw only the maintenance overlapping its runs
    if other is not None:
        down = down + other.downtime_ns.ravel()
        whole = whole + other.outage_ns.ravel()
        outages = outages + other.outages.ravel()
        longest = np.maximum(longest, other.longest_ns.ravel())
    return {"downtime_ns": down.reshape(shape), "outage_ns": whole.reshape(shape),
            "maintenance_ns": maint.reshape(shape), "outages": outages.reshape(shape),
            "longest_ns": longest.reshape(shape)}
