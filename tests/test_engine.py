"""The interval engine: hand-computed cases written out, and hypothesis properties.

Every expected number below is worked out by hand in the comment beside it; none is copied
from the code's output.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.reference_incidents import account as reference_account
from uptime_calc.accounting.engine import account, merge, sort_order
from uptime_calc.accounting.periods import period_boundaries, window_periods

H = 3600 * 10**9  # one hour in ns
M = 60 * 10**9


def both(records, bounds, maintenance=()):
    """records: (group, start, end, weight) in ns; maintenance: (group, start, end).
    Returns the accounts per period and over the window."""
    g, s, e, w = (np.array(x) for x in zip(*records, strict=True)) if records else ([],) * 4
    mg, ms, me = (np.array(x) for x in zip(*maintenance, strict=True)) if maintenance else ([],) * 3
    n_groups = int(max([r[0] for r in records] + [m[0] for m in maintenance] + [0])) + 1
    return account(np.asarray(g), np.asarray(s), np.asarray(e), np.asarray(w, dtype=float), np.asarray(mg),
                   np.asarray(ms), np.asarray(me), np.asarray(bounds, dtype=np.int64), n_groups)


def run(records, bounds, maintenance=()):
    return both(records, bounds, maintenance)[0]


# -- merge ------------------------------------------------------------------------------------------


def test_merge_overlap_nesting_touching():
    # [0,10) and [5,8) nest -> [0,10); [10,12) touches it -> [0,12); [20,25) and [22,30) overlap -> [20,30)
    g = np.zeros(5, dtype=np.int64)
    s = np.array([0, 5, 10, 20, 22])
    e = np.array([10, 8, 12, 25, 30])
    mg, ms, me = merge(g, s, e)
    assert ms.tolist() == [0, 20]
    assert me.tolist() == [12, 30]


def test_merge_never_mixes_groups():
    # the same times in two groups stay two runs each
    g = np.array([1, 0, 1, 0])
    s = np.array([0, 0, 5, 5])
    e = np.array([4, 4, 9, 9])
    mg, ms, me = merge(g, s, e)
    assert list(zip(mg.tolist(), ms.tolist(), me.tolist(), strict=True)) == [
        (0, 0, 4), (0, 5, 9), (1, 0, 4), (1, 5, 9)]


# -- weighted downtime -------------------------------------------------------------------------------


def test_overlap_counts_once():
    # two full outages 00:00-02:00 and 01:00-03:00 overlap for an hour: downtime 3 h, not 4 h; one outage
    a = run([(0, 0, 2 * H, 1.0), (0, 1 * H, 3 * H, 1.0)], [0, 24 * H])
    assert a.downtime_ns[0, 0] == 3 * H
    assert a.outages[0, 0] == 1
    assert a.longest_ns[0, 0] == 3 * H


def test_nested_outage_counts_once():
    # 00:00-04:00 contains 01:00-02:00: downtime 4 h, one outage
    a = run([(0, 0, 4 * H, 1.0), (0, 1 * H, 2 * H, 1.0)], [0, 24 * H])
    assert a.downtime_ns[0, 0] == 4 * H
    assert a.outages[0, 0] == 1


def test_touching_outages_merge_into_one():
    # 00:00-01:00 then 01:00-02:00: no up time between them -> one outage of 2 h
    a = run([(0, 0, 1 * H, 1.0), (0, 1 * H, 2 * H, 1.0)], [0, 24 * H])
    assert a.outages[0, 0] == 1
    assert a.longest_ns[0, 0] == 2 * H


def test_max_weight_wins_where_overlapping():
    # partial (0.5) 00:00-04:00 with a major (1.0) 01:00-02:00 inside:
    # 1 h x 0.5 + 1 h x 1.0 + 2 h x 0.5 = 2.5 h weighted; outage time 4 h; one outage
    a = run([(0, 0, 4 * H, 0.5), (0, 1 * H, 2 * H, 1.0)], [0, 24 * H])
    assert a.downtime_ns[0, 0] == 2.5 * H
    assert a.outage_ns[0, 0] == 4 * H
    assert a.outages[0, 0] == 1


def test_zero_weight_is_not_an_outage():
    # degraded (0) 00:00-05:00 and a major 06:00-07:00: downtime 1 h, one outage
    a = run([(0, 0, 5 * H, 0.0), (0, 6 * H, 7 * H, 1.0)], [0, 24 * H])
    assert a.downtime_ns[0, 0] == 1 * H
    assert a.outages[0, 0] == 1


def test_maintenance_inside_an_outage():
    # outage 10:00-12:00 with maintenance 10:30-11:00 inside it:
    # downtime 2 h - 30 m = 1.5 h; still one outage (maintenance does not split it), restore time 1.5 h;
    # maintenance 30 m is removed from the period length by the caller
    a, window = both([(0, 10 * H, 12 * H, 1.0)], [0, 24 * H], maintenance=[(0, 10 * H + 30 * M, 11 * H)])
    assert a.downtime_ns[0, 0] == 1.5 * H
    assert a.maintenance_ns[0, 0] == 30 * M
    assert a.outages[0, 0] == 1
    assert window.runs_ns.tolist() == [int(1.5 * H)]


def test_outage_wholly_inside_maintenance_is_not_counted():
    # maintenance 02:00-06:00 covers the outage 03:00-04:00 entirely: no downtime, no outage
    a = run([(0, 3 * H, 4 * H, 1.0)], [0, 24 * H], maintenance=[(0, 2 * H, 6 * H)])
    assert a.downtime_ns[0, 0] == 0
    assert a.outages[0, 0] == 0
    assert a.maintenance_ns[0, 0] == 4 * H


def test_outage_across_midnight_splits_into_both_days():
    # 23:00 day 0 .. 01:00 day 1: 1 h in each day, one outage in each
    a = run([(0, 23 * H, 25 * H, 1.0)], [0, 24 * H, 48 * H])
    assert a.downtime_ns[0].tolist() == [1 * H, 1 * H]
    assert a.outages[0].tolist() == [1, 1]


def test_groups_are_separate():
    # service 0 down 1 h, service 1 down 2 h at the same time: nothing mixes
    a = run([(0, 0, 1 * H, 1.0), (1, 0, 2 * H, 1.0)], [0, 24 * H])
    assert a.downtime_ns[:, 0].tolist() == [1 * H, 2 * H]


# -- calendar periods in a time zone ----------------------------------------------------------------


def ts(text: str, tz: str) -> int:
    return pd.Timestamp(text, tz=tz).value


@pytest.mark.parametrize(
    ("tz", "day", "hours"),
    [
        ("Europe/Berlin", "2024-03-31", 23),  # CET -> CEST at 02:00 local
        ("Europe/Berlin", "2024-10-27", 25),  # CEST -> CET at 03:00 local
        ("America/Denver", "2024-03-10", 23),  # MST -> MDT at 02:00 local
        ("America/Denver", "2024-11-03", 25),  # MDT -> MST at 02:00 local
        ("UTC", "2024-03-31", 24),
    ],
)
def test_dst_days_last_23_or_25_hours(tz, day, hours):
    b = window_periods(ts(day, tz), ts(day, tz) + 1, "day", tz)
    full = period_boundaries(b[0], b[0] + 1, "day", tz)
    assert (full[1] - full[0]) == hours * H


def test_outage_on_the_spring_forward_day_in_berlin():
    # 2024-03-31 Europe/Berlin: 00:30 (CET, 23:30Z) to 03:30 (CEST, 01:30Z) is 2 h of real time on a
    # 23-hour day, so U = 2/23
    tz = "Europe/Berlin"
    bounds = window_periods(ts("2024-03-31", tz), ts("2024-04-01", tz), "day", tz)
    a = run([(0, ts("2024-03-31T00:30", tz), ts("2024-03-31T03:30", tz), 1.0)], bounds)
    assert a.downtime_ns[0, 0] == 2 * H
    assert bounds[1] - bounds[0] == 23 * H


def test_outage_across_the_fall_back_night_in_denver():
    # America/Denver falls back on 2024-11-03 (02:00 MDT -> 01:00 MST), so that day lasts 25 h.
    # An outage from 23:00 MDT Nov 2 (05:00Z) to 01:30 MST Nov 3 (08:30Z) lasts 3.5 h of real time:
    # 1 h before local midnight (06:00Z) and 2.5 h after it
    tz = "America/Denver"
    bounds = window_periods(ts("2024-11-02", tz), ts("2024-11-04", tz), "day", tz)
    start = pd.Timestamp("2024-11-03T05:00Z").value
    end = pd.Timestamp("2024-11-03T08:30Z").value
    a = run([(0, start, end, 1.0)], bounds)
    assert a.downtime_ns[0].tolist() == [1 * H, 2.5 * H]
    assert (bounds[2] - bounds[1]) == 25 * H


def test_months_quarters_years_weeks():
    # January 2024 has 31 days, Q1 2024 91 days (leap year), 2024 366 days; ISO weeks start on Monday
    lo, hi = ts("2024-01-01", "UTC"), ts("2025-01-01", "UTC")
    day = 24 * H
    assert np.diff(window_periods(lo, hi, "month", "UTC"))[:3].tolist() == [31 * day, 29 * day, 31 * day]
    assert np.diff(window_periods(lo, hi, "quarter", "UTC")).tolist() == [91 * day, 91 * day, 92 * day, 92 * day]
    assert np.diff(window_periods(lo, hi, "year", "UTC")).tolist() == [366 * day]
    weeks = period_boundaries(ts("2024-01-03", "UTC"), ts("2024-01-04", "UTC"), "week", "UTC")
    assert pd.Timestamp(weeks[0], tz="UTC").day_name() == "Monday"
    assert pd.Timestamp(weeks[0], tz="UTC").day == 1


# -- properties ----------------------------------------------------------------------------------------

interval = st.tuples(
    st.integers(0, 2),  # group
    st.integers(0, 96),  # start, in quarter hours of a 2-day span
    st.integers(1, 24),  # length
    st.sampled_from([0.0, 0.3, 0.5, 1.0]),
    st.booleans(),  # maintenance
)
Q = 15 * M


def _split(records):
    down = [(g, s * Q, (s + n) * Q, w) for g, s, n, w, m in records if not m]
    maint = [(g, s * Q, (s + n) * Q) for g, s, n, w, m in records if m]
    return down, maint


BOUNDS = [0, 12 * H, 24 * H, 48 * H]  # records span 0 .. 30 h


@settings(max_examples=150, deadline=None)
@given(st.lists(interval, min_size=1, max_size=25))
def test_matches_the_plain_python_reference(records):
    down, maint = _split(records)
    a = run(down, BOUNDS, maint) if down or maint else None
    ref = reference_account(
        [(str(g), s, e, w, False) for g, s, e, w in down if w > 0]
        + [(str(g), s, e, 0.0, True) for g, s, e in maint],
        BOUNDS,
    )
    for (service, p), (downtime, outages) in ref.items():
        assert a is not None
        assert a.downtime_ns[int(service), p] == pytest.approx(downtime, abs=1)
        assert a.outages[int(service), p] == outages
    if a is not None:
        assert a.downtime_ns.sum() == pytest.approx(sum(v[0] for v in ref.values()), abs=1)
        assert a.outages.sum() == sum(v[1] for v in ref.values())


@settings(max_examples=100, deadline=None)
@given(st.lists(interval, min_size=1, max_size=25), st.randoms(use_true_random=False))
def test_order_independent(records, rnd):
    down, maint = _split(records)
    shuffled = list(down)
    rnd.shuffle(shuffled)
    a, b = run(down, BOUNDS, maint), run(shuffled, BOUNDS, maint)
    assert np.array_equal(a.downtime_ns, b.downtime_ns)
    assert np.array_equal(a.outages, b.outages)


@settings(max_examples=100, deadline=None)
@given(st.lists(interval, min_size=1, max_size=25))
def test_idempotent_and_bounded(records):
    down, maint = _split(records)
    a = run(down, BOUNDS, maint)
    # merging the log with itself changes nothing
    b = run(down + down, BOUNDS, maint + maint)
    assert np.array_equal(a.downtime_ns, b.downtime_ns)
    assert np.array_equal(a.outages, b.outages)
    # merged runs fed back in as full outages give the same outage time and count
    full = [(g, s, e, 1.0) for g, s, e, w in down if w > 0]
    if full:
        mg, ms, me = merge(*(np.array(x) for x in list(zip(*full, strict=True))[:3]))
        c = run(list(zip(mg, ms, me, [1.0] * len(mg), strict=True)), BOUNDS, maint)
        d = run(full, BOUNDS, maint)
        assert np.array_equal(c.outage_ns, d.outage_ns)
        assert np.array_equal(c.outages, d.outages)
    # downtime never exceeds the period minus maintenance
    length = np.diff(BOUNDS)
    assert np.all(a.downtime_ns <= length - a.maintenance_ns + 1)
    assert np.all(a.outage_ns + a.maintenance_ns <= length)


@settings(max_examples=60, deadline=None)
@given(st.lists(interval, min_size=1, max_size=25), st.integers(1, 999))
def test_shift_invariant_including_sub_second_times(records, ns):
    # whole-second times sort by a combined (group, time) key; shifting by a few ns takes the
    # general path (time sort + radix pass on the group): both must give the same accounts
    down, maint = _split(records)
    a = run(down, BOUNDS, maint)
    shift = [(g, s + ns, e + ns, w) for g, s, e, w in down]
    b = run(shift, [x + ns for x in BOUNDS], [(g, s + ns, e + ns) for g, s, e in maint])
    assert np.array_equal(a.downtime_ns, b.downtime_ns)
    assert np.array_equal(a.outages, b.outages)
    assert np.array_equal(a.maintenance_ns, b.maintenance_ns)


# -- levels, periods and groups by hand -----------------------------------------------------------------


def test_mixed_weights_by_levels_by_hand():
    # partial (0.5) 00:00-04:00 with a major (1.0) 01:00-02:00 inside and a partial 03:30-05:00 touching
    # the end: one run 00:00-05:00; weighted 0.5 x 5 h + (1.0 - 0.5) x 1 h = 3 h; outage time 5 h
    per_period, window = both([(0, 0, 4 * H, 0.5), (0, 1 * H, 2 * H, 1.0), (0, 7 * H // 2, 5 * H, 0.5)],
                              [0, 24 * H])
    assert per_period.downtime_ns[0, 0] == 3 * H
    assert per_period.outage_ns[0, 0] == 5 * H
    assert per_period.outages[0, 0] == 1
    assert window.runs_start.tolist() == [0] and window.runs_end.tolist() == [5 * H]


def test_three_levels_nested_by_hand():
    # 0.25 over 0..8 h, 0.5 over 1..7 h, 1.0 over 2..3 h and 5..6 h: the highest weight counts, so
    # 0.25 x 2 h + 0.5 x 4 h + 1.0 x 2 h = 4.5 h; a second 0.5 over 4..4.5 h changes nothing
    per_period, window = both([(0, 0, 8 * H, 0.25), (0, 1 * H, 7 * H, 0.5), (0, 2 * H, 3 * H, 1.0),
                               (0, 5 * H, 6 * H, 1.0), (0, 4 * H, 9 * H // 2, 0.5)], [0, 24 * H])
    assert per_period.downtime_ns[0, 0] == 4.5 * H
    assert window.outages[0, 0] == 1 and window.longest_ns[0, 0] == 8 * H


def test_weights_that_are_no_binary_fraction_are_applied_once_per_level():
    # 0.3 over 0..1 h and 0.3 over 2..3 h, 0.7 over 4..5 h: 0.3 x (2 h in ns) + 0.7 x (1 h in ns), each product
    # rounded once, whatever the order of the records
    expected = 0.3 * float(2 * H) + 0.7 * float(H)
    recs = [(0, 0, H, 0.3), (0, 4 * H, 5 * H, 0.7), (0, 2 * H, 3 * H, 0.3)]
    for order in (recs, recs[::-1]):
        assert run(order, [0, 24 * H]).downtime_ns[0, 0] == expected


def test_run_across_midnight_is_two_in_the_days_and_one_in_the_window_by_hand():
    # 23:00 day 0 .. 02:00 day 1 at weight 0.5: 1 h and 2 h of outage, 0.5 h and 1 h weighted; in the
    # window it is one outage of 3 h (the longest), weighted 1.5 h
    per_period, window = both([(0, 23 * H, 26 * H, 0.5)], [0, 24 * H, 48 * H])
    assert per_period.outage_ns[0].tolist() == [1 * H, 2 * H]
    assert per_period.downtime_ns[0].tolist() == [0.5 * H, 1.0 * H]
    assert per_period.outages[0].tolist() == [1, 1]
    assert per_period.longest_ns[0].tolist() == [1 * H, 2 * H]
    assert window.outages[0, 0] == 1
    assert window.longest_ns[0, 0] == 3 * H
    assert window.downtime_ns[0, 0] == 1.5 * H


def test_maintenance_inside_a_run_by_hand():
    # outage 10:00-12:00 with maintenance 10:30-11:00 inside, and maintenance 15:00-16:00 alone:
    # downtime 1.5 h, one outage of 1.5 h (its restore time); maintenance 1.5 h in all
    per_period, window = both([(0, 10 * H, 12 * H, 1.0)], [0, 24 * H],
                              maintenance=[(0, 21 * H // 2, 11 * H), (0, 15 * H, 16 * H)])
    assert per_period.downtime_ns[0, 0] == 1.5 * H
    assert per_period.maintenance_ns[0, 0] == 1.5 * H
    assert per_period.outages[0, 0] == 1
    assert window.runs_ns.tolist() == [int(1.5 * H)]


def test_two_groups_by_hand():
    # in quarter-hours (Q): group 0 down 0..10 at full weight; group 1 5..20 at 0.5 and 10..30 at 1,
    # one outage of 25 whose weighted downtime is 5 x 0.5 + 20 x 1 = 22.5 (the highest weight counts);
    # one period 0..100
    Q = 15 * M
    per_period, window = both([(0, 0, 10 * Q, 1.0), (1, 5 * Q, 20 * Q, 0.5), (1, 10 * Q, 30 * Q, 1.0)], [0, 100 * Q])
    assert (per_period.downtime_ns[:, 0] / Q).tolist() == [10.0, 22.5]
    assert (window.outage_ns[:, 0] / Q).tolist() == [10.0, 25.0]
    assert window.outages[:, 0].tolist() == [1, 1]
    assert (window.runs_start // Q).tolist() == [0, 5] and (window.runs_end // Q).tolist() == [10, 30]


def test_nanosecond_times_over_centuries_are_accounted_in_group_batches():
    # 200 years in ns (about 6.3e18) leave room for no second group in an int64 key: each group is a
    # batch of its own, and the numbers are those of one group alone (1 ns and 2 ns down, 1 ns apart)
    year = 365 * 24 * H
    bounds = [0, 200 * year]
    recs = [(0, 1, 2, 1.0), (1, 5, 6, 1.0), (1, 7, 8, 1.0), (2, 200 * year - 3, 200 * year, 0.5)]
    per_period, window = both(recs, bounds)
    assert per_period.downtime_ns[:, 0].tolist() == [1.0, 2.0, 1.5]
    assert window.outages[:, 0].tolist() == [1, 2, 1]
    assert window.runs_group.tolist() == [0, 1, 1, 2]
    assert window.runs_start.tolist() == [1, 5, 7, 200 * year - 3]


keyed = st.lists(st.tuples(st.integers(0, 5), st.integers(-3, 3)), min_size=1, max_size=80)


@settings(max_examples=100, deadline=None)
@given(keyed, st.sampled_from([1, 1_000, 10**9, 7_000_000]))
def test_sort_order_equals_numpys_lexsort(rows, step):
    # the reference is NumPy's stable lexsort by (group, time); ties keep their row order
    g = np.array([r[0] for r in rows], dtype=np.int64)
    t = np.array([1_700_000_000 * 10**9 + r[1] * step for r in rows], dtype=np.int64)
    assert np.array_equal(sort_order(g, t), np.lexsort((t, g)))


def test_level_tables_in_blocks_of_cells_give_the_same_sums(monkeypatch):
    # many cells x levels are summed a block of cells at a time: blocks of one cell change nothing.
    # Three groups over six 4-hour periods; values by hand for group 0: 0.25 over 0..8 h, 0.5 over 1..7 h,
    # 1.0 over 2..3 h: period 0 (0..4 h) = 0.25 x 1 + 0.5 x 2 + 1.0 x 1 = 2.25 h, period 1 (4..8 h) =
    # 0.5 x 3 + 0.25 x 1 = 1.75 h
    import uptime_calc.accounting.engine as engine

    recs = [(g, 0, 8 * H, 0.25) for g in range(3)] + [(g, 1 * H, 7 * H, 0.5) for g in range(3)] + [
        (0, 2 * H, 3 * H, 1.0), (2, 13 * H, 23 * H, 0.75)]
    bounds = [i * 4 * H for i in range(7)]
    whole = run(recs, bounds)
    monkeypatch.setattr(engine, "_TABLE", 1)
    blocks = run(recs, bounds)
    assert whole.downtime_ns[0, :2].tolist() == [2.25 * H, 1.75 * H]
    assert np.array_equal(whole.downtime_ns, blocks.downtime_ns)
