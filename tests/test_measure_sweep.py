"""The interval engine and ``measure`` against a plain-Python sweep (``tests/sweep.py``).

Random logs built to hit every rule: overlaps, nesting, touching records, mixed weights (labels,
numbers that are no binary fractions, a hundred distinct levels), maintenance inside and across
outages, open incidents, duplicates, zero-length and backwards records, several groups, components,
outages across period boundaries, and the DST months and days of Europe/Berlin (March and October
2024). The periods' boundaries are worked out here with ``zoneinfo``, apart from ``periods.py``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from uptime_calc.accounting.engine import account
from uptime_calc.accounting.measure import measure
from uptime_calc.accounting.records import group_codes
from uptime_calc.accounting.weights import DEFAULT_WEIGHTS, impact_weights

from .sweep import sweep

Q = 15 * 60 * 10**9  # records sit on a quarter-hour grid, so that they touch and coincide often
BERLIN = ZoneInfo("Europe/Berlin")


def _local(*args: int) -> int:
    return round(datetime(*args, tzinfo=BERLIN).timestamp()) * 10**9


# -- the engine alone ---------------------------------------------------------------------------------

interval = st.tuples(
    st.integers(0, 2),  # group
    st.integers(0, 200),  # start, in quarter hours
    st.integers(1, 40),  # length
    st.integers(0, 99),  # weight choice
    st.integers(0, 9),  # 0: maintenance
)


@settings(max_examples=300, deadline=None)
@given(st.lists(interval, max_size=40), st.sampled_from(["dyadic", "decimal", "hundred"]),
       st.lists(st.integers(1, 239), max_size=4, unique=True), st.integers(0, 999))
def test_engine_equals_the_sweep(rows, kind, cuts, shift):
    weights = {"dyadic": [0.25, 0.5, 0.75, 1.0], "decimal": [0.3, 0.7, 0.1, 1.0],
               "hundred": [(i + 1) / 100 for i in range(100)]}[kind]
    bounds = [shift] + sorted(shift + c * Q for c in cuts) + [shift + 240 * Q]
    down = [(g, shift + s * Q, shift + (s + n) * Q, weights[w % len(weights)]) for g, s, n, w, m in rows if m]
    maint = [(g, shift + s * Q, shift + (s + n) * Q) for g, s, n, w, m in rows if not m]
    arrays = [np.array([r[i] for r in down], dtype=float if i == 3 else np.int64) for i in range(4)]
    m_arrays = [np.array([r[i] for r in maint], dtype=np.int64) for i in range(3)]
    per_period, window = account(*arrays, *m_arrays, np.array(bounds), 3)
    cells, runs = sweep(down, maint, bounds)
    for g in range(3):
        for p in range(len(bounds) - 1):
            cell = cells.get((g, p))
            want = (cell.downtime_ns, cell.outage_ns, cell.maintenance_ns, cell.outages, cell.longest_ns) if cell \
                else (0.0, 0, 0, 0, 0)
            got = (per_period.downtime_ns[g, p], per_period.outage_ns[g, p], per_period.maintenance_ns[g, p],
                   per_period.outages[g, p], per_period.longest_ns[g, p])
            assert got == want, (g, p)
        mine = window.runs_group == g
        assert list(zip(window.runs_start[mine].tolist(), window.runs_end[mine].tolist(),
                        window.runs_ns[mine].tolist(), strict=True)) == runs.get(g, [])
        # the window's level sums are the periods' (exact ns), weighted once
        assert window.outage_ns[g, 0] == per_period.outage_ns[g].sum()
        assert window.outages[g, 0] == len(runs.get(g, []))


# -- measure, DST periods, open incidents, labels and numbers -----------------------------------------

LABELS = ["major", "critical", "partial", "minor", "none", None]
DECIMAL = [0.3, 0.7, 0.1, 0.0, 1.0, None]
record = st.tuples(
    st.integers(0, 2),  # service
    st.integers(0, 1),  # component
    st.integers(0, 60 * 96),  # start, in quarter hours from the first day
    st.integers(-2, 200),  # length in quarter hours (0: zero-length, < 0: ends before it starts)
    st.integers(0, 99),  # impact choice
    st.integers(0, 9),  # 0: maintenance
    st.integers(0, 30),  # 0: still open
)


def _bounds(lo: datetime, hi: datetime, period: str) -> list[int]:
    """Local midnights (``day``) or firsts of the month (``month``) from ``lo`` to ``hi``, as ns."""
    out, t = [], lo
    while t <= hi:
        out.append(round(t.timestamp()) * 10**9)
        if period == "day":
            t = (t.replace(tzinfo=None) + timedelta(days=1)).replace(tzinfo=BERLIN)
        else:
            t = t.replace(year=t.year + t.month // 12, month=t.month % 12 + 1)
    return out


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(record, min_size=1, max_size=40),
    impacts=st.sampled_from(["labels", "decimal", "hundred"]),
    month=st.sampled_from([3, 10]),  # the spring-forward and fall-back months in Berlin
    period=st.sampled_from(["day", "month"]),
    rollup=st.sampled_from(["series", "components"]),
)
def test_measure_equals_the_sweep_across_dst(rows, impacts, month, period, rollup):
    lo = datetime(2024, month - 1, 20, tzinfo=BERLIN) if period == "day" else datetime(2024, month - 1, 1,
                                                                                       tzinfo=BERLIN)
    hi = datetime(2024, month + 1, 1, tzinfo=BERLIN)
    if period == "day":
        lo = datetime(2024, month, 25, tzinfo=BERLIN)
        hi = datetime(2024, month + 1, 3, tzinfo=BERLIN)
    t0 = round(lo.timestamp()) * 10**9 - 2 * 96 * Q  # a little before the window: some records are clipped
    choices = {"labels": LABELS, "decimal": DECIMAL, "hundred": [i / 100 for i in range(1, 101)]}[impacts]
    frame = pd.DataFrame({
        "id": [f"r{i}" for i in range(len(rows))],
        "service": [f"svc-{r[0]}" for r in rows],
        "component": [f"c{r[1]}" for r in rows],
        "start": pd.to_datetime([t0 + r[2] * Q for r in rows], utc=True),
        "end": pd.to_datetime([t0 + (r[2] + r[3]) * Q if r[6] else None for r in rows], utc=True),
        "impact": [choices[r[4] % len(choices)] for r in rows],
        "maintenance": [r[5] == 0 for r in rows],
    })
    m = measure(frame, window=(lo.isoformat(), hi.isoformat()), period=period, tz="Europe/Berlin",
                rollup=rollup, uncertainty=False)
    # the same log resolved by hand: labels weighed by SPEC 3.B, open incidents ending at the window's
    # end, clipped to the window; zero-length and backwards records are left out
    bounds = _bounds(lo, hi, period)
    start, stop = bounds[0], bounds[-1]
    weight = {"major": 1.0, "critical": 1.0, "partial": 0.5, "minor": 0.0, "none": 0.0, None: 1.0}
    down, maint = [], []
    for r, (_, row) in zip(rows, frame.iterrows(), strict=True):
        g = (row["service"],) if rollup == "series" else (row["service"], row["component"])
        s = max(t0 + r[2] * Q, start)
        e = min(t0 + (r[2] + r[3]) * Q if r[6] else stop, stop)
        if (r[6] and r[3] <= 0) or e <= s:
            continue
        impact = choices[r[4] % len(choices)]
        w = weight[impact] if impacts == "labels" else (1.0 if impact is None else impact)
        if row["maintenance"]:
            maint.append((g, s, e))
        elif w > 0:
            down.append((g, s, e, w))
    cells, runs = sweep(down, maint, bounds)
    keys = ["service"] if rollup == "series" else ["service", "component"]
    table = m.table
    for i, row in table.iterrows():
        g = tuple(row[k] for k in keys)
        p = i % (len(bounds) - 1)
        assert row["period_start"].value == bounds[p]
        cell = cells.get((g, p))
        assert row["downtime_seconds"] == (cell.downtime_ns / 1e9 if cell else 0.0)
        assert row["outage_seconds"] == (cell.outage_ns / 1e9 if cell else 0.0)
        assert row["maintenance_seconds"] == (cell.maintenance_ns / 1e9 if cell else 0.0)
        assert row["incidents"] == (cell.outages if cell else 0)
        assert row["longest_outage_seconds"] == (cell.longest_ns / 1e9 if cell else 0.0)
    got = [(tuple(o[k] for k in keys), o["start"].value, o["end"].value, o["restore_seconds"])
           for _, o in m.outages.iterrows()]
    want = [(g, s, e, ns / 1e9) for g in sorted(runs) for s, e, ns in runs[g]]
    assert got == want


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


