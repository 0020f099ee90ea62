"""Charts of hostile input: math text in names, huge overlapping logs (SPEC sections 1 and 5)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from uptime_calc.render.charts import chart_function
from uptime_calc.render.charts.burndown import budget_remaining, weighted_cover
from uptime_calc.render.charts.style import save


def test_dollar_in_a_service_name_is_text() -> None:
    # matplotlib reads "$...$" as math text: an odd number of "$" failed to parse, an even number
    # rendered a formula. Both must show as written.
    incidents = pd.DataFrame({
        "service": ["cost $5 and $x", "b$"],
        "start": pd.to_datetime(["2024-01-02T00:00Z", "2024-01-03T00:00Z"], utc=True),
        "end": pd.to_datetime(["2024-01-02T05:00Z", "2024-01-04T00:00Z"], utc=True),
        "impact": ["major", "partial"],
    })
    fig = chart_function("timeline")(incidents, title="Timeline of $x$")
    svg = save(fig, "svg")
    assert b"cost $5 and $x" in svg and b"Timeline of $x$" in svg
    assert save(fig, "png")[:4] == b"\x89PNG"
    periods = pd.DataFrame({"service": ["a$b"], "period_start": pd.to_datetime(["2024-01-01"], utc=True),
                            "unavailability": [1e-3]})
    assert b"a$b" in save(chart_function("availability")(periods), "svg")


def test_burndown_of_many_overlapping_outages_is_linear_in_memory() -> None:
    # n outages [i, n + i) seconds after the period start, all weight 1: their union is [0, 2n - 1),
    # so 2n - 1 seconds are used. The old segment x outage matrix needed 2n x n booleans
    # (n = 200,000: 80 GB); the sweep needs O(n).
    n = 200_000
    t0 = pd.Timestamp("2024-01-01", tz="UTC")
    offsets = pd.to_timedelta(np.arange(n), unit="s")
    outages = pd.DataFrame({"start": t0 + offsets, "end": t0 + offsets + pd.Timedelta(seconds=n)})
    budget = 10.0 * n
    times, left = budget_remaining(outages, t0, t0 + pd.Timedelta(days=30), budget)
    assert left[-1] == pytest.approx(100.0 * (1 - (2 * n - 1) / budget))
    assert len(times) == 3  # start, end of the union, period end: only where the slope changes


@pytest.mark.parametrize("seed", range(5))
def test_weighted_cover_matches_a_unit_grid(seed: int) -> None:
    # brute force on a 1-unit grid: the highest weight of the intervals covering each unit
    rng = np.random.default_rng(seed)
    starts = rng.integers(0, 90, 40)
    ends = starts + rng.integers(1, 30, 40)
    weights = rng.choice([0.25, 0.5, 1.0], 40)
    grid = np.zeros(130)
    for s, e, w in zip(starts, ends, weights, strict=True):
        grid[s:e] = np.maximum(grid[s:e], w)
    for passes in (32, 0):  # the per-level passes and the heap sweep
        import uptime_calc.render.charts.burndown as burndown

        old = burndown.LEVEL_PASSES
        burndown.LEVEL_PASSES = passes
        try:
            points, active = weighted_cover(starts, ends, weights, 0, 130)
        finally:
            burndown.LEVEL_PASSES = old
        assert float(np.sum(np.diff(points) * active)) == pytest.approx(float(grid.sum()))


def test_timeline_of_many_incidents_merges_what_it_draws() -> None:
    from matplotlib.collections import PolyCollection

    from uptime_calc.render.charts.timeline import MERGE_ABOVE

    # 2 services x 10,000 one-hour incidents every 30 minutes over a year: on each row they overlap
    # into one bar per class; the title says how many incidents and how many bars
    n = 10_000
    assert n * 2 > MERGE_ABOVE
    t0 = pd.Timestamp("2024-01-01", tz="UTC")
    start = t0 + pd.to_timedelta(np.arange(n) * 30, unit="min")
    incidents = pd.DataFrame({
        "service": ["a"] * n + ["b"] * n,
        "start": list(start) * 2,
        "end": list(start + pd.Timedelta(hours=1)) * 2,
        "weight": [1.0] * (2 * n),
    })
    fig = chart_function("timeline")(incidents)
    bars = sum(len(c.get_paths()) for c in fig.axes[0].collections if isinstance(c, PolyCollection))
    assert bars == 2
    assert "(20,000 incidents drawn as 2 bars" in fig.axes[0].get_title()
