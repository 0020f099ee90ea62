"""Charts are tested by their plotted data: values, limits, labels and the target line (issue 6)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uptime_calc.availability import Availability
from uptime_calc.render.charts import KINDS, chart_function
from uptime_calc.render.charts.burndown import budget_remaining
from uptime_calc.render.charts.style import CYCLE, OKABE_ITO, save, target_unavailability

from .conftest import ROOT


def ts(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC")


def frame_times(values: list[str | None]) -> pd.Series:
    return pd.Series(pd.to_datetime(values, utc=True, format="ISO8601"))


# -- style --------------------------------------------------------------------------------------

def test_palette_is_okabe_ito() -> None:
    # Okabe & Ito (2008), "Color Universal Design", the eight colours in hex
    assert set(OKABE_ITO.values()) == {
        "#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
    }
    assert set(CYCLE) <= set(OKABE_ITO.values())


@pytest.mark.parametrize(
    ("target", "u"),
    [("99.9%", 0.001), (99.9, 0.001), (Availability.from_nines(4), 1e-4), ("3n", 0.001), (None, None)],
)
def test_targets_are_read_in_unavailability_space(target: object, u: float | None) -> None:
    got = target_unavailability(target)
    assert got == pytest.approx(u, rel=1e-12) if u is not None else got is None


def test_importing_the_chart_package_does_not_import_matplotlib() -> None:
    code = "import sys, uptime_calc.render.charts; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "False", out.stderr


def test_every_kind_is_registered() -> None:
    assert sorted(KINDS) == sorted(
        ["availability", "burndown", "timeline", "pareto", "ladder", "comparison", "distribution", "uptime-bars"]
    )
    for kind in KINDS:
        assert callable(chart_function(kind))


def test_unknown_kind_names_the_choices() -> None:
    from uptime_calc.errors import InputError

    with pytest.raises(InputError, match="unknown chart kind 'pie'; choose one of availability"):
        chart_function("pie")


# -- availability per period --------------------------------------------------------------------

PERIODS = pd.DataFrame({
    "service": ["api", "api", "api", "web", "web", "web"],
    "period_start": frame_times(["2024-01-01", "2024-02-01", "2024-03-01"] * 2),
    # 99%, 99.9%, 100% / 99.99%, 99.5%, 99.9%
    "unavailability": [1e-2, 1e-3, 0.0, 1e-4, 5e-3, 1e-3],
})


def test_availability_lines_are_nines_with_target_and_percent_ticks() -> None:
    fig = chart_function("availability")(PERIODS, target="99.9%")
    ax = fig.axes[0]
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert set(lines) == {"api", "web", "target 99.9%"}
    # nines = -log10(U): 99% -> 2, 99.9% -> 3; a perfect month sits on the next whole nine above
    # the best finite value (99.99% = 4 nines), i.e. 5, and is labelled 100%
    np.testing.assert_allclose(lines["api"].get_ydata(), [2.0, 3.0, 5.0])
    np.testing.assert_allclose(lines["web"].get_ydata(), [4.0, -np.log10(5e-3), 3.0])
    np.testing.assert_allclose(lines["target 99.9%"].get_ydata(), [3.0, 3.0])
    labels = {t.get_text(): t.get_position()[1] for t in ax.get_yticklabels()}
    assert labels["99%"] == 2.0 and labels["99.9%"] == 3.0 and labels["99.99%"] == 4.0
    assert labels["100%"] == 5.0
    assert ax.get_ylim()[0] <= 2.0 and ax.get_ylim()[1] > 5.0
    assert ax.get_title() == "Availability per period"
    assert "availability" in ax.get_ylabel() and "UTC" in ax.get_xlabel()
    xs = lines["api"].get_xdata()
    assert pd.Timestamp(xs[0]) == pd.Timestamp("2024-01-01")


def test_availability_uses_a_given_axes_and_handles_no_data() -> None:
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.add_subplot()
    assert chart_function("availability")(PERIODS.iloc[:0], ax=ax) is fig
    assert ax.texts[0].get_text() == "no periods to plot"


# -- burn-down ----------------------------------------------------------------------------------

def test_budget_remaining_by_hand() -> None:
    # A 30-day period at 99.9%: budget = 0.001 x 30 x 86400 s = 2592 s (43.2 min, the
    # uptime.is / SRE-book figure for a 30-day month). Outages:
    #   a) day 2, 00:00-00:20, weight 1          -> 1200 s
    #   b) day 5, 00:00-00:40 weight 0.5, overlapped by c) 00:20-00:30 weight 1:
    #      00:00-00:20 at 0.5 (600 s) + 00:20-00:30 at 1 (600 s) + 00:30-00:40 at 0.5 (300 s) = 1500 s
    #   d) a maintenance record, ignored
    # used = 2700 s -> left = 100 x (1 - 2700/2592) = -4.1667 %
    outages = pd.DataFrame({
        "start": frame_times(["2024-04-02T00:00Z", "2024-04-05T00:00Z", "2024-04-05T00:20Z", "2024-04-06T00:00Z"]),
        "end": frame_times(["2024-04-02T00:20Z", "2024-04-05T00:40Z", "2024-04-05T00:30Z", "2024-04-07T00:00Z"]),
        "weight": [1.0, 0.5, 1.0, 1.0],
        "maintenance": [False, False, False, True],
    })
    times, left = budget_remaining(outages, ts("2024-04-01"), ts("2024-05-01"), 2592.0)
    assert left[0] == 100.0
    after_a = 100.0 * (1 - 1200 / 2592)
    i_a = list(times).index(np.datetime64("2024-04-02T00:20"))
    assert left[i_a] == pytest.approx(after_a)
    assert left[-1] == pytest.approx(100.0 * (1 - 2700 / 2592))
    assert np.all(np.diff(left) <= 1e-12)  # a budget never grows back inside a period


def test_open_outage_runs_to_period_end_and_clips() -> None:
    # opened 2024-01-31 12:00, never closed, in a Jan 31 .. Feb 1 period: 12 h down.
    outages = pd.DataFrame({"start": frame_times(["2024-01-31T12:00Z"]), "end": frame_times([None])})
    _, left = budget_remaining(outages, ts("2024-01-31"), ts("2024-02-01"), 86.4)
    assert left[-1] == pytest.approx(100.0 * (1 - 43200 / 86.4))


def test_burndown_chart_lines() -> None:
    outages = pd.DataFrame({
        "start": frame_times(["2024-04-02T00:00Z"]), "end": frame_times(["2024-04-02T00:21:36Z"]),
    })
    fig = chart_function("burndown")(outages, period_start=ts("2024-04-01"), period_end=ts("2024-05-01"),
                                     target="99.9%")
    ax = fig.axes[0]
    lines = {line.get_label(): line for line in ax.get_lines()}
    # 1296 s of a 2592 s budget: half left
    assert lines["budget left"].get_ydata()[-1] == pytest.approx(50.0)
    assert list(lines["even burn"].get_ydata()) == [100.0, 0.0]
    assert ax.get_title() == "Error budget burn-down (target 99.9%)"
    assert "% of budget" in ax.get_ylabel()


def test_burndown_needs_a_target_below_100() -> None:
    from uptime_calc.errors import InputError

    empty = pd.DataFrame({"start": frame_times([]), "end": frame_times([])})
    with pytest.raises(InputError, match="target below 100%"):
        chart_function("burndown")(empty, period_start=ts("2024-01-01"), period_end=ts("2024-02-01"), target=100)


# -- timeline -----------------------------------------------------------------------------------

INCIDENTS = pd.DataFrame({
    "service": ["web", "api", "api", "db"],
    "start": frame_times(["2024-01-03T00:00Z", "2024-01-10T00:00Z", "2024-01-20T00:00Z", "2024-01-25T00:00Z"]),
    "end": frame_times(["2024-01-03T12:00Z", "2024-01-10T00:00Z", "2024-01-21T00:00Z", None]),
    "impact": ["major", "partial", "minor", "critical"],
    "maintenance": [False, False, True, False],
})


def test_timeline_rows_colours_and_short_bars() -> None:
    import matplotlib.dates as mdates
    from matplotlib.collections import PolyCollection

    window = (ts("2024-01-01"), ts("2024-02-01"))
    fig = chart_function("timeline")(INCIDENTS, window=window)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["api", "db", "web"]
    assert ax.get_xlim() == pytest.approx((mdates.date2num(window[0]), mdates.date2num(window[1])))
    polys = {c.get_label(): c for c in ax.collections if isinstance(c, PolyCollection)}
    assert set(polys) == {"full outage (weight 1)", "partial (weight between 0 and 1)", "maintenance"}
    outage = polys["full outage (weight 1)"].get_paths()
    # web (row 2): 12 h = 0.5 day wide; db (row 1): open, drawn to the window end (Feb 1)
    widths = sorted(round(p.vertices[:, 0].max() - p.vertices[:, 0].min(), 6) for p in outage)
    assert widths == [0.5, 7.0]
    # the zero-length partial is widened to 0.15% of the 31-day window, so it stays visible
    partial = polys["partial (weight between 0 and 1)"].get_paths()[0].vertices[:, 0]
    assert partial.max() - partial.min() == pytest.approx(0.0015 * 31)
    assert polys["maintenance"].get_hatch() == "///"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["full outage (weight 1)", "partial (weight between 0 and 1)", "maintenance"]


def test_timeline_draws_open_incidents_to_until() -> None:
    from matplotlib.collections import PolyCollection

    # db opened on Jan 25 and never closed: with --until Jan 28 it is drawn 3 days wide, as counted
    fig = chart_function("timeline")(INCIDENTS, window=(ts("2024-01-01"), ts("2024-02-01")), until=ts("2024-01-28"))
    polys = {c.get_label(): c for c in fig.axes[0].collections if isinstance(c, PolyCollection)}
    outage = polys["full outage (weight 1)"].get_paths()
    assert sorted(round(p.vertices[:, 0].max() - p.vertices[:, 0].min(), 6) for p in outage) == [0.5, 3.0]


def test_timeline_empty() -> None:
    fig = chart_function("timeline")(INCIDENTS.iloc[:0])
    assert fig.axes[0].texts[0].get_text() == "no incidents"


# -- pareto -------------------------------------------------------------------------------------

def test_pareto_sorted_bars_and_cumulative_share() -> None:
    data = pd.DataFrame({
        "service": ["a", "b", "c", "a", "d"],
        "downtime_seconds": [3600.0, 7200.0, 1800.0, 3600.0, 0.0],
    })
    fig = chart_function("pareto")(data)
    ax, twin = fig.axes
    # a = 2 h, b = 2 h (stable order keeps a first), c = 0.5 h; d has none and is left out
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c"]
    assert [p.get_height() for p in ax.patches] == [2.0, 2.0, 0.5]
    assert ax.get_ylabel() == "downtime (hours)"
    share = twin.get_lines()[0].get_ydata()
    np.testing.assert_allclose(share, [100 * 2 / 4.5, 100 * 4 / 4.5, 100.0])
    assert twin.get_ylim() == (0.0, 105.0)


def test_pareto_folds_the_tail_into_other() -> None:
    data = pd.DataFrame({"service": list("abcdef"), "downtime_seconds": [60.0 * (6 - i) for i in range(6)]})
    ax = chart_function("pareto")(data, top=3).axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "other"]
    assert ax.patches[-1].get_height() == pytest.approx(4 + 3 + 2 + 1)  # minutes


# -- ladder -------------------------------------------------------------------------------------

def test_ladder_bars_are_allowed_downtime_per_year() -> None:
    # Google SRE book, "Availability table" / uptime.is with a 365.25-day year:
    # 99.9% -> 8h 45m 57.6s = 31557.6 s; 99.99% -> 52m 35.8s = 3155.76 s
    fig = chart_function("ladder")(["99.9%", "99.99%"], marks={"api": "99.95%"})
    ax = fig.axes[0]
    widths = [p.get_width() for p in ax.patches]
    np.testing.assert_allclose(widths, [31557.6, 15778.8, 3155.76])
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "99.9% (3 nines)", "api: 99.95%", "99.99% (4 nines)",
    ]
    assert [t.get_text() for t in ax.texts] == ["8h 45m 57.6s", "4h 22m 58.8s", "52m 35.8s"]
    assert ax.get_xscale() == "log"
    assert ax.patches[1].get_facecolor()[:3] == pytest.approx((0xE6 / 255, 0x9F / 255, 0.0))


# -- scenario comparison ------------------------------------------------------------------------

def test_comparison_bars_are_nines_and_perfect_is_capped() -> None:
    scen = pd.DataFrame({"scenario": ["base", "standby", "perfect"], "unavailability": [1e-3, 1e-5, 0.0]})
    ax = chart_function("comparison")(scen, target="99.95%").axes[0]
    np.testing.assert_allclose([p.get_width() for p in ax.patches], [3.0, 5.0, 6.0])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["base", "standby", "perfect"]
    target = [line for line in ax.get_lines() if line.get_label() == "target 99.95%"][0]
    assert target.get_xdata()[0] == pytest.approx(-np.log10(5e-4))
    assert ax.texts[0].get_text() == "99.9% · 8h 45m 57.6s/year"
    assert ax.texts[2].get_text() == "100% · 0s/year"
    assert ax.texts[3].get_text() == "target 99.95%"


# -- simulated distribution ---------------------------------------------------------------------

def test_distribution_histogram_and_sla_line() -> None:
    # 99.9% of a year/12 month (30.4375 d) allows 2629.8 s = 43.83 min
    samples = np.array([600.0] * 8 + [3000.0, 6000.0])
    ax = chart_function("distribution")(samples, target="99.9%", bins=10).axes[0]
    assert sum(p.get_height() for p in ax.patches) == pytest.approx(100.0)
    sla = [line for line in ax.get_lines() if line.get_label().startswith("SLA 99.9%")][0]
    assert sla.get_xdata()[0] == pytest.approx(43.83)  # minutes: everything is under 2 h
    assert sla.get_label() == "SLA 99.9%: 20.0% of months miss"
    mean = [line for line in ax.get_lines() if line.get_label().startswith("mean")][0]
    assert mean.get_xdata()[0] == pytest.approx(23.0)  # (8 x 600 + 3000 + 6000) / 10 s = 23 min
    assert ax.get_xlabel() == "downtime per month (minutes)"


# -- saving -------------------------------------------------------------------------------------

def test_save_png_and_svg_deterministic() -> None:
    fig = chart_function("ladder")()
    png = save(fig, "png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    svg1, svg2 = save(fig, "svg"), save(chart_function("ladder")(), "svg")
    assert svg1 == svg2 and svg1.lstrip().startswith(b"<?xml")
    assert b"<dc:date>" not in svg1


def test_save_rejects_other_formats() -> None:
    from uptime_calc.errors import OutputError

    with pytest.raises(OutputError, match=r"\.png or \.svg, not \.jpg"):
        save(chart_function("ladder")(), "jpg")


# -- property: the burn-down agrees with a plain minute-by-minute count -------------------------

_interval = st.tuples(st.integers(0, 1440), st.integers(0, 240), st.sampled_from([0.0, 0.5, 1.0]))


@settings(max_examples=60, deadline=None)
@given(st.lists(_interval, max_size=8))
def test_budget_used_matches_a_minute_grid_reference(spec: list[tuple[int, int, float]]) -> None:
    """On whole minutes, the budget used is sum over minutes of the highest weight active then."""
    day = ts("2024-06-01")
    starts = [day + pd.Timedelta(minutes=s) for s, _, _ in spec]
    ends = [day + pd.Timedelta(minutes=s + d) for s, d, _ in spec]
    outages = pd.DataFrame({"start": pd.Series(starts, dtype="datetime64[ns, UTC]"),
                            "end": pd.Series(ends, dtype="datetime64[ns, UTC]"),
                            "weight": [w for _, _, w in spec]})
    budget = 3600.0
    _, left = budget_remaining(outages, day, day + pd.Timedelta(days=1), budget)
    used_minutes = 0.0
    for minute in range(1440):  # intervals past the day's end are clipped
        active = [w for s, d, w in spec if s <= minute < s + d]
        used_minutes += max(active, default=0.0)
    assert left[-1] == pytest.approx(100.0 * (1.0 - used_minutes * 60.0 / budget), abs=1e-9)
    assert np.all(np.diff(left) <= 1e-9)
