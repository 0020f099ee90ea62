"""The fast accounting (merged runs first) against the full one (every record through the
elementary segments): the same tables, totals, outages and bad-record reports, bit for bit.

The full path (``measure(..., accounting="full")``) is today's accounting, checked against
hand-computed cases in ``test_measure.py`` / ``test_timeline.py``; here the two are compared on
random logs built to hit every rule: overlaps, nesting, touching records, mixed weights (labels
and numeric, zero among them), maintenance inside and across outages, open incidents,
duplicates, zero-length and backwards records, several groups, two group keys, components,
runs across period boundaries and DST days in America/Denver.
"""

from __future__ import annotations

import contextlib
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from uptime_calc.accounting import runs, timeline
from uptime_calc.accounting.measure import measure
from uptime_calc.accounting.pages import hugepage_switch
from uptime_calc.accounting.records import group_codes
from uptime_calc.accounting.weights import DEFAULT_WEIGHTS, impact_weights
from uptime_calc.errors import InputError

from .conftest import threads_from

Q = 15 * 60 * 10**9  # records sit on a quarter-hour grid, so that they touch and coincide often
# 2024-11-02T00:00Z: four days around the Denver fall-back night (2024-11-03, a 25-hour day),
# the month boundary of 2024-11-01 in Denver (06:00Z) is two days before
T0 = pd.Timestamp("2024-10-31T18:00Z").value

LABELS = ["major", "critical", "partial", "minor", "none", None]
NUMERIC = [0.0, 0.25, 0.5, 0.75, 1.0, None]
NON_DYADIC = [0.3, 0.5, 1.0, 0.7, 0.0, None]

record = st.tuples(
    st.integers(0, 2),  # service
    st.integers(0, 1),  # component
    st.integers(0, 400),  # start, in quarter hours
    st.integers(-2, 60),  # length in quarter hours (0: zero-length, < 0: ends before it starts)
    st.integers(0, 5),  # impact choice
    st.booleans(),  # maintenance (rarely: see below)
    st.integers(0, 30),  # 0: still open
)


def _frame(rows, impacts, maintenance_every, dup_every, shift_ns, categorical):
    n = len(rows)
    service = [f"svc-{r[0]}" for r in rows]
    component = [f"c{r[1]}" for r in rows]
    start = np.array([T0 + r[2] * Q + shift_ns for r in rows], dtype=np.int64)
    end = start + np.array([r[3] * Q for r in rows], dtype=np.int64)
    impact = [impacts[r[4]] for r in rows]
    maint = [bool(r[5]) and i % maintenance_every == 0 for i, r in enumerate(rows)]
    df = pd.DataFrame({
        "id": [f"r{i}" for i in range(n)],
        "service": service,
        "component": component,
        "start": pd.to_datetime(start, utc=True),
        "end": pd.to_datetime(end, utc=True),
        "impact": impact,
        "maintenance": maint,
    })
    df.loc[[r[6] == 0 for r in rows], "end"] = pd.NaT
    if dup_every:
        df = pd.concat([df, df.iloc[::dup_every]], ignore_index=True)  # exact copies, later ids
    if categorical:
        cols = {"service": "category", "component": "category"}
        if isinstance(impacts[0], str):
            df["impact"] = df["impact"].str.lower()
            cols["impact"] = "category"
        df = df.astype(cols)
    return df


def _same(a, b):
    pd.testing.assert_frame_equal(a.table, b.table, check_exact=True)
    pd.testing.assert_frame_equal(a.totals, b.totals, check_exact=True)
    pd.testing.assert_frame_equal(a.outages, b.outages, check_exact=True)
    assert a.outage_rows().__len__() == b.outage_rows().__len__()
    for x, y in zip(a.outage_rows(), b.outage_rows(), strict=True):
        assert np.array_equal(x, y)
    assert a.bad_records == b.bad_records
    assert a.warnings == b.warnings
    assert a.method == b.method


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(record, min_size=1, max_size=40),
    impacts=st.sampled_from([LABELS, NUMERIC, NON_DYADIC]),
    maintenance_every=st.sampled_from([1, 3, 1000]),
    dup_every=st.sampled_from([0, 0, 4]),
    shift_ns=st.sampled_from([0, 0, 0, 1_000_000, 7]),
    categorical=st.booleans(),
    setup=st.sampled_from([
        {"period": "day", "tz": "America/Denver"},
        {"period": "month", "tz": "America/Denver"},
        {"period": "week", "tz": "UTC", "group_by": "service,component"},
        {"period": "day", "tz": "UTC", "rollup": "components"},
        {"period": "all", "tz": "UTC"},
        {"period": "day", "tz": "America/Denver", "window": ("2024-11-02T05:00", "2024-11-04T13:30")},
        {"period": "day", "tz": "UTC", "count_maintenance": True},
        {"period": "day", "tz": "UTC", "weights": "partial=0.75,minor=0.25"},  # four levels
        {"period": "day", "tz": "UTC", "until": "2024-11-09T00:00Z", "uncertainty": True},
    ]),
    two_threads=st.booleans(),
)
def test_fast_and_full_accounting_agree(rows, impacts, maintenance_every, dup_every, shift_ns, categorical,
                                        setup, two_threads):
    frame = _frame(rows, impacts, maintenance_every, dup_every, shift_ns, categorical)
    options = {"uncertainty": False, **setup}
    try:
        full = measure(frame, accounting="full", **options)
    except ValueError as exc:  # e.g. no usable record to place the window on: both must refuse alike
        with pytest.raises(type(exc), match=re.escape(str(exc))):
            measure(frame, **options)
        return
    # big logs key, sort and account in two threads; two_threads takes those paths from 2 records on
    with threads_from(2) if two_threads else contextlib.nullcontext():
        fast = measure(frame, **options)
    _same(fast, full)


def _down(rows):
    """(group, start, end, weight) arrays and maintenance from (group, start, length, weight, maint)."""
    g = np.array([r[0] for r in rows], dtype=np.int64)
    s = np.array([r[1] * Q for r in rows], dtype=np.int64)
    e = s + np.array([r[2] * Q for r in rows], dtype=np.int64)
    w = np.array([r[3] for r in rows])
    m = np.array([r[4] for r in rows])
    return g, s, e, w, m


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 200), st.integers(1, 40),
                          st.sampled_from([0.25, 0.5, 0.75, 1.0]), st.booleans()), min_size=1, max_size=60),
       st.sampled_from([[0, 50 * Q, 100 * Q, 150 * Q, 300 * Q], [0, 240 * Q]]))
def test_account_runs_takes_the_fast_path_and_matches(rows, bounds):
    # dyadic weights on whole seconds: the fast path must not fall back, and must match exactly
    g, s, e, w, m = _down(rows)
    bounds = np.asarray(bounds, dtype=np.int64)
    n_groups = int(g.max()) + 1
    down, mnt = ~m, m
    by = timeline.sort_by_group_time(g, s, e)
    assert by is not None
    full = timeline.account_segments(g[down], s[down], e[down], w[down], g[mnt], s[mnt], e[mnt], bounds,
                                     n_groups)
    for keyed in (True, False):  # the sort's keys, or keys made from the window's start
        fast = runs.account_runs(by, g, s, e, w, down, g[mnt], s[mnt], e[mnt], bounds, n_groups, keyed=keyed)
        if not down.any():
            assert fast is None
            return
        assert fast is not None
        _assert_same_accounts(fast, full)
        # the same in two threads, the groups split in halves (big logs do so; here from one record on)
        split = runs.account_runs_in_halves(by, g, s, e, w, down, g[mnt], s[mnt], e[mnt], bounds, n_groups,
                                            keyed=keyed, min_rows=0)
        assert split is not None
        _assert_same_accounts(split, full)


def _assert_same_accounts(got, full):  # type: ignore[no-untyped-def]
    """Per-period and window sums equal to the full path's (dtype and value), and the window's outages."""
    for a, b in zip(got, full, strict=True):
        for name in ("downtime_ns", "outage_ns", "maintenance_ns", "outages", "longest_ns"):
            x, y = getattr(a, name), getattr(b, name)
            assert x.dtype == y.dtype and np.array_equal(x, y), name
    for name in ("runs_group", "runs_start", "runs_end", "runs_ns"):
        assert np.array_equal(getattr(got[1], name), getattr(full[1], name)), name


def test_account_runs_declines_when_float_sums_could_round():
    # 0.3 is no m / 2**k: sums of its products depend on their order, so the full path decides
    g = np.zeros(2, dtype=np.int64)
    s = np.array([0, Q], dtype=np.int64)
    e = np.array([2 * Q, 3 * Q], dtype=np.int64)
    none = np.zeros(0, dtype=np.int64)
    bounds = np.array([0, 10 * Q], dtype=np.int64)
    down = np.ones(2, dtype=bool)

    def fast(start, weight):
        by = timeline.sort_by_group_time(g, start, e)
        if by is None:  # the sort needs keys too: the caller takes the full path
            return None
        return runs.account_runs(by, g, start, e, np.array(weight), down, none, none, none, bounds, 1)

    assert fast(s, [0.3, 1.0]) is None
    # a nanosecond off the window's second grid: no unit keys the times exactly
    assert fast(s + 1, [0.5, 1.0]) is None
    assert fast(s, [0.5, 1.0]) is not None


def test_categorical_group_codes_and_weights_equal_the_string_ones():
    # unused categories, unsorted categories, a missing impact (NaN = full outage, weight 1)
    df = pd.DataFrame({"service": ["b", "a", "c", "a"], "impact": ["major", None, "partial", "minor"]})
    cat = df.astype({"service": pd.CategoricalDtype(["z", "c", "a", "b"]),
                     "impact": pd.CategoricalDtype(["partial", "unused", "minor", "major"])})
    codes, labels = group_codes(df, ("service",))
    c_codes, c_labels = group_codes(cat, ("service",))
    assert codes.tolist() == c_codes.tolist() == [1, 0, 2, 0]  # a=0, b=1, c=2 (sorted, z unused)
    pd.testing.assert_frame_equal(labels, c_labels)
    weights = impact_weights(df["impact"], DEFAULT_WEIGHTS)
    assert impact_weights(cat["impact"], DEFAULT_WEIGHTS).tolist() == weights.tolist() == [1.0, 1.0, 0.5, 0.0]


H = 3600 * 10**9


def _fast(records, bounds, maintenance=()):
    """records: (group, start, end, weight) in ns; the fast path, which must not decline here."""
    g, s, e, w = (np.array(x) for x in zip(*records, strict=True))
    g = g.astype(np.int64)
    mg, ms, me = (np.array(x, dtype=np.int64) for x in zip(*maintenance, strict=True)) if maintenance else (
        np.zeros(0, np.int64),) * 3
    by = timeline.sort_by_group_time(g, s, e)
    out = runs.account_runs(by, g, s, e, w.astype(float), np.ones(len(g), bool), mg, ms, me,
                                np.asarray(bounds, dtype=np.int64), int(g.max()) + 1, keyed=True)
    assert out is not None
    return out


def test_mixed_weights_by_levels_by_hand():
    # partial (0.5) 00:00-04:00 with a major (1.0) 01:00-02:00 inside and a partial 03:30-05:00 touching
    # the end: one run 00:00-05:00; weighted 0.5 x 5 h + (1.0 - 0.5) x 1 h = 3 h; outage time 5 h
    per_period, window = _fast([(0, 0, 4 * H, 0.5), (0, 1 * H, 2 * H, 1.0), (0, 7 * H // 2, 5 * H, 0.5)],
                               [0, 24 * H])
    assert per_period.downtime_ns[0, 0] == 3 * H
    assert per_period.outage_ns[0, 0] == 5 * H
    assert per_period.outages[0, 0] == 1
    assert window.runs_start.tolist() == [0] and window.runs_end.tolist() == [5 * H]


def test_run_across_midnight_is_two_in_the_days_and_one_in_the_window_by_hand():
    # 23:00 day 0 .. 02:00 day 1 at weight 0.5: 1 h and 2 h of outage, 0.5 h and 1 h weighted; in the
    # window it is one outage of 3 h (the longest), weighted 1.5 h
    per_period, window = _fast([(0, 23 * H, 26 * H, 0.5)], [0, 24 * H, 48 * H])
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
    per_period, window = _fast([(0, 10 * H, 12 * H, 1.0)], [0, 24 * H],
                               maintenance=[(0, 21 * H // 2, 11 * H), (0, 15 * H, 16 * H)])
    assert per_period.downtime_ns[0, 0] == 1.5 * H
    assert per_period.maintenance_ns[0, 0] == 1.5 * H
    assert per_period.outages[0, 0] == 1
    assert window.runs_ns.tolist() == [int(1.5 * H)]


def test_measure_restores_numpys_huge_page_advice():
    # measure switches NumPy's huge-page advice off while it runs (fewer costly page faults) and
    # must leave the process as it found it, even when it raises
    setter = hugepage_switch()
    if setter is None:
        pytest.skip("this NumPy has no huge-page switch")
    frame = pd.DataFrame({"service": ["a"], "start": pd.to_datetime(["2024-01-01T00:00Z"]),
                          "end": pd.to_datetime(["2024-01-01T01:00Z"]), "impact": ["major"]})
    for state in (True, False):
        setter(state)
        measure(frame, uncertainty=False)
        with pytest.raises(ValueError):
            measure(frame, period="fortnight")
        assert setter(True) is state


def test_two_groups_accounted_in_two_threads_by_hand():
    # in quarter-hours (Q): group 0 down 0..10 at full weight; group 1 5..20 at 0.5 and 10..30 at 1,
    # one outage of 25 whose weighted downtime is 5 x 0.5 + 20 x 1 = 22.5 (the highest weight counts);
    # one period 0..100. The groups are split between two threads (the middle record is group 1's).
    g = np.array([0, 1, 1], dtype=np.int64)
    s = np.array([0, 5, 10], dtype=np.int64) * Q
    e = np.array([10, 20, 30], dtype=np.int64) * Q
    w = np.array([1.0, 0.5, 1.0])
    none = np.zeros(0, dtype=np.int64)
    by = timeline.sort_by_group_time(g, s, e)
    per_period, window = runs.account_runs_in_halves(
        by, g, s, e, w, np.ones(3, bool), none, none, none, np.array([0, 100 * Q]), 2, min_rows=0)
    assert (per_period.downtime_ns[:, 0] / Q).tolist() == [10.0, 22.5]
    assert (window.outage_ns[:, 0] / Q).tolist() == [10.0, 25.0]
    assert window.outages[:, 0].tolist() == [1, 1]
    assert (window.runs_start // Q).tolist() == [0, 5] and (window.runs_end // Q).tolist() == [10, 30]


def test_unknown_accounting_is_an_error_not_the_full_path():
    f = pd.DataFrame({"service": ["a"], "start": pd.to_datetime(["2024-01-01T00:00Z"]),
                      "end": pd.to_datetime(["2024-01-01T01:00Z"])})
    with pytest.raises(InputError, match="accounting must be 'auto' or 'full', not 'fast'"):
        measure(f, accounting="fast")  # type: ignore[arg-type]
