"""Status-page uptime bars, tested by their data: bands, colours, values, labels."""

from __future__ import annotations

from pathlib import Path

import matplotlib.colors as mcolors
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from uptime_calc.cli import main
from uptime_calc.render.charts import chart_function
from uptime_calc.render.charts.style import MAINTENANCE_COLOR, OKABE_ITO
from uptime_calc.render.charts.uptime_bars import band, uptime_bars_table
from uptime_calc.report.uptime_bars import daily_availability, uptime_bars_from_file

from .conftest import ROOT

GREEN, YELLOW, ORANGE, RED = (OKABE_ITO[k] for k in ("bluish_green", "yellow", "orange", "vermillion"))


@pytest.mark.parametrize(
    ("u", "colour"),
    [(0.0, GREEN), (1e-12, YELLOW), (0.001, YELLOW), (0.0011, ORANGE), (0.01, ORANGE), (0.0101, RED),
     (1.0, RED), (float("nan"), MAINTENANCE_COLOR)],
)
def test_bands_in_unavailability_space(u: float, colour: str) -> None:
    # 99.9999999999% is not 100%; exactly 99.9% and 99% fall in their bands (lower bounds inclusive)
    assert band(u)[0] == colour


DAYS = pd.DataFrame({
    "service": ["api"] * 3 + ["web"] * 3,
    "period_start": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03"] * 2).tz_localize("Europe/Berlin"),
    "unavailability": [0.0, 0.0005, 0.5, 0.0, 0.0, np.nan],
    "downtime_seconds": [0.0, 43.2, 43200.0, 0.0, 0.0, 0.0],
    "period_seconds": [86400.0, 86400.0, 86400.0, 86400.0, 86400.0, 0.0],
})


def test_table_values_colours_and_overall() -> None:
    t = uptime_bars_table(DAYS)
    api = t[t["group"] == "api"]
    assert api["day"].tolist() == ["2024-01-01", "2024-01-02", "2024-01-03"]  # local dates, not UTC
    assert api["colour"].tolist() == [GREEN, YELLOW, RED]
    assert api["availability_percent"].tolist() == pytest.approx([100.0, 99.95, 50.0])
    # api: (43.2 + 43200) s down of 3 days
    assert api["overall_percent"].iloc[0] == pytest.approx(100 - 100 * 43243.2 / (3 * 86400), rel=1e-12)
    web = t[t["group"] == "web"]
    assert web["band"].tolist() == ["100%", "100%", "no data"]  # a day with no observed time is grey
    assert web["overall_percent"].iloc[0] == 100.0
    assert uptime_bars_table(DAYS, n_days=2)["day"].unique().tolist() == ["2024-01-02", "2024-01-03"]


def test_chart_bars_labels_and_text() -> None:
    fig = chart_function("uptime-bars")(DAYS, n_days=None, title="Uptime")
    ax = fig.axes[0]
    bars = [p for p in ax.patches]
    assert len(bars) == 6
    colours = [mcolors.to_hex(b.get_facecolor()).upper() for b in bars]
    assert colours == [c.upper() for c in (GREEN, YELLOW, RED, GREEN, GREEN, MAINTENANCE_COLOR)]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["web", "api"]  # first group at the top
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2024-01-01", "2024-01-03"]
    texts = sorted(t.get_text() for t in ax.texts)
    assert texts == ["100% uptime", "83.3% uptime"]
    assert ax.get_title() == "Uptime"


def test_probe_days_without_probes_are_grey() -> None:
    table, group = daily_availability(ROOT / "samples" / "probes.csv", source="probes", days=3)
    assert group == "target"
    t = uptime_bars_table(table, group=group)
    api = t[t["group"] == "api"]
    assert api["day"].tolist() == ["2024-02-28", "2024-02-29", "2024-03-01"]
    assert api["band"].tolist() == ["no data", "no data", "< 99%"]
    assert api["availability_percent"].iloc[-1] == pytest.approx(70.0)  # 6 of 20 observed minutes down


def test_incident_days_default_to_the_last_90() -> None:
    table, group = daily_availability(ROOT / "samples" / "incidents.csv", days=90, tz="America/New_York")
    assert group == "service" and table["period_start"].nunique() == 90
    assert str(table["period_start"].min().tz) == "America/New_York"
    fig = uptime_bars_from_file(ROOT / "samples" / "incidents.csv", days=90, service="api")
    assert len(fig.axes[0].patches) == 90
    assert fig.axes[0].get_title() == "Uptime, last 90 days"


def test_cli_writes_the_chart(tmp_path: Path) -> None:
    out = tmp_path / "bars.svg"
    result = CliRunner().invoke(main, ["chart", "uptime-bars", str(ROOT / "samples" / "probes.csv"), "--probes",
                                       "--days", "7", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert out.read_text("utf-8").startswith("<?xml")
