"""Three key charts compared with baseline images (fixed style, fonts and DPI; Agg).

Regenerate the baselines after an intended change with::

    UPTIME_CALC_UPDATE_BASELINES=1 python -m pytest tests/test_charts_images.py

and look at the new images before committing them.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from uptime_calc.render.charts import chart_function
from uptime_calc.render.charts.style import save

BASELINES = Path(__file__).resolve().parent / "baseline_images"
UPDATE = os.environ.get("UPTIME_CALC_UPDATE_BASELINES") == "1"
#: RMS difference allowed (0-255 scale): absorbs anti-aliasing noise, not a moved line or label
TOLERANCE = 2.0


def _times(values: list[str | None]) -> pd.Series:
    return pd.Series(pd.to_datetime(values, utc=True, format="ISO8601"))


def availability() -> Any:
    periods = pd.DataFrame({
        "service": ["api"] * 4 + ["web"] * 4,
        "period_start": _times(["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01"] * 2),
        "unavailability": [2e-3, 4e-4, 0.0, 1.2e-3, 8e-4, 1e-4, 3e-3, 5e-4],
    })
    return chart_function("availability")(periods, target="99.9%")


def timeline() -> Any:
    incidents = pd.DataFrame({
        "service": ["api", "api", "web", "db", "db"],
        "start": _times(["2024-01-05T00:00Z", "2024-02-10T00:00Z", "2024-01-20T00:00Z",
                         "2024-03-01T00:00Z", "2024-03-20T00:00Z"]),
        "end": _times(["2024-01-06T00:00Z", "2024-02-12T00:00Z", "2024-01-20T06:00Z",
                       "2024-03-03T00:00Z", None]),
        "impact": ["major", "partial", "minor", "critical", "major"],
        "maintenance": [False, False, False, True, False],
    })
    return chart_function("timeline")(incidents, window=(pd.Timestamp("2024-01-01", tz="UTC"),
                                                          pd.Timestamp("2024-04-01", tz="UTC")))


def ladder() -> Any:
    return chart_function("ladder")(marks={"api": "99.95%"})


def distribution() -> Any:
    samples = np.random.default_rng(20240101).gamma(2.0, 700.0, 4000)
    return chart_function("distribution")(samples, target="99.9%")


CHARTS: dict[str, Callable[[], Any]] = {
    "availability": availability, "timeline": timeline, "ladder": ladder, "distribution": distribution,
}


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_chart_matches_baseline(name: str, tmp_path: Path) -> None:
    from matplotlib.testing.compare import compare_images

    expected = BASELINES / f"{name}.png"
    actual = tmp_path / f"{name}.png"
    actual.write_bytes(save(CHARTS[name](), "png"))
    if UPDATE:
        expected.write_bytes(actual.read_bytes())
        pytest.skip(f"baseline {expected.name} regenerated")
    assert expected.is_file(), f"no baseline {expected}; run with UPTIME_CALC_UPDATE_BASELINES=1"
    result = compare_images(str(expected), str(actual), tol=TOLERANCE)
    assert result is None, result


def test_tolerance_catches_a_moved_target_line(tmp_path: Path) -> None:
    """The tolerance is tight enough to fail when only the target line moves (99.9% -> 99.95%)."""
    from matplotlib.testing.compare import compare_images

    expected = BASELINES / "availability.png"
    if not expected.is_file():
        pytest.skip("no baseline yet")
    fig = availability()
    ax = fig.axes[0]
    target = [line for line in ax.get_lines() if line.get_label() == "target 99.9%"][0]
    target.set_ydata([3.3, 3.3])
    actual = tmp_path / "moved.png"
    actual.write_bytes(save(fig, "png"))
    assert compare_images(str(expected), str(actual), tol=TOLERANCE) is not None
