"""Statistics of a simulation result, computed by hand from a small sample array."""

from __future__ import annotations

import math

import numpy as np
import pytest

from uptime_calc.availability import Availability
from uptime_calc.simulate.months import Horizon
from uptime_calc.simulate.result import SimulationResult, confidence_interval
from uptime_calc.sla import load_sla

H = Horizon(months="30d")
MONTH = 30 * 86400.0


def _result(month_downtime: np.ndarray, **kw) -> SimulationResult:
    return SimulationResult(name="t", horizon=H, month_downtime=month_downtime,
                            outages=np.ones(month_downtime.shape[0], dtype=int), seed=1, chunk_size=10, **kw)


def test_sla_tiers_price_each_month() -> None:
    # AWS EC2 region SLA: < 99.99% -> 10%, < 99.0% -> 30%, < 95.0% -> 100% (aws.amazon.com/compute/sla)
    # a 30-day month is 2,592,000 s: 99.99% allows 259.2 s, 99% 25,920 s, 95% 129,600 s
    d = np.zeros((2, 12))
    d[0, 0] = 259.2  # exactly 99.99%: lower bounds inclusive -> no credit
    d[0, 1] = 260.0  # just below 99.99% -> 10%
    d[0, 2] = 25_920.0  # exactly 99.0% -> still the 10% tier
    d[0, 3] = 30_000.0  # -> 30%
    d[1, 0] = 200_000.0  # < 95% -> 100%
    r = _result(d, sla=load_sla("aws-ec2"))
    credit = r.month_credit_percent()
    assert credit[0, :4].tolist() == [0.0, 10.0, 10.0, 30.0]
    assert credit[1, 0] == 100.0
    assert r.expected_credit_percent == pytest.approx((10 + 10 + 30 + 100) / 24)
    assert r.summary()["p_month_misses_sla"] == pytest.approx(4 / 24)
    tiers = {row["credit_percent"]: row["probability_month"] for row in r.risk_rows() if row["credit_percent"]}
    assert tiers == {10.0: pytest.approx(2 / 24), 30.0: pytest.approx(1 / 24), 100.0: pytest.approx(1 / 24)}


def test_target_misses_and_downtime_percentiles() -> None:
    d = np.tile(np.arange(12, dtype=float) * 100.0, (1, 1))  # 0, 100, ..., 1100 s
    r = _result(d, target=Availability.from_percent("99.99"))  # 259.2 s per 30-day month
    assert r.probability_month_misses(r.target) == pytest.approx(9 / 12)  # 300 ... 1100 s
    stats = r.downtime_stats(r.month_downtime)
    assert stats["mean_seconds"] == 550.0
    assert stats["p50_seconds"] == 550.0  # numpy linear interpolation between 500 and 600
    assert stats["max_seconds"] == 1100.0
    assert r.year_downtime.tolist() == [[6600.0]]


def test_confidence_interval_is_the_normal_interval() -> None:
    x = np.array([0.0, 0.001, 0.002, 0.003])
    mean, low, high = confidence_interval(x, 0.99)
    half = 2.5758293035489 * x.std(ddof=1) / 2  # z_{0.995} * s / sqrt(4)
    assert mean == pytest.approx(0.0015)
    assert low == pytest.approx(max(0.0, 0.0015 - half))
    assert high == pytest.approx(0.0015 + half)


def test_document_has_the_documented_tables_and_keys() -> None:
    d = np.full((4, 12), 100.0)
    r = _result(d, target=Availability.from_percent("99.95"), sla=load_sla("aws-ec2"),
                analytic=Availability(100.0 / MONTH))
    doc = r.to_document()
    assert [t.name for t in doc.tables] == ["availability", "downtime", "risk"]
    obj = doc.to_json_object()
    for key in ("scenario", "replications", "seed", "availability_percent", "unavailability", "nines",
                "ci_low_unavailability", "ci_high_unavailability", "analytic_unavailability",
                "analytic_inside_ci", "p_month_misses_target", "p_month_misses_sla",
                "expected_credit_percent", "failures_per_year"):
        assert key in obj
    assert obj["unavailability"] == pytest.approx(100.0 / MONTH)
    assert obj["analytic_inside_ci"] is True
    assert [row["estimate"] for row in obj["availability"]] == [
        "simulated mean", "99% CI low", "99% CI high", "analytic (exact)"]
    assert math.isclose(obj["downtime"][0]["p99_seconds"], 100.0)


def test_threshold_lines_for_charts() -> None:
    r = _result(np.zeros((1, 12)), target=Availability.from_percent("99.9"), sla=load_sla("aws-ec2"))
    # 30-day month: 99.9% allows 2592 s, 99.99% allows 259.2 s
    assert r.threshold_lines() == {"target 99.9%": pytest.approx(2592.0), "aws-ec2 99.99%": pytest.approx(259.2)}


def test_month_credit_agrees_with_the_sla_module_month_by_month() -> None:
    # the vectorised tier lookup must price every month as uptime_calc.sla.credit_for does
    from uptime_calc.sla import credit_for

    table = load_sla("aws-ec2")
    d = np.array([[0.0, 259.2, 260.0, 25_920.0, 25_921.0, 129_600.0, 129_601.0, MONTH,
                   1.0, 1000.0, 50_000.0, 2_000_000.0]])
    r = _result(d, sla=table)
    expected = [credit_for(table, Availability.from_downtime(s, MONTH)).credit_percent for s in d[0]]
    assert r.month_credit_percent()[0].tolist() == expected
    assert expected[:8] == [0.0, 0.0, 10.0, 10.0, 30.0, 30.0, 100.0, 100.0]  # tier edges, as listed above
