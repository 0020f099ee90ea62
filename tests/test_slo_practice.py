"""Rolling windows, burn-rate alert replay and budget forecast against closed forms and hand-worked values."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from uptime_calc.accounting.alerts import WORKBOOK_RULES, AlertPolicy, AlertRule, load_policy, replay
from uptime_calc.accounting.forecast import forecast
from uptime_calc.accounting.rolling import rolling
from uptime_calc.accounting.sli import SliSeries, from_intervals
from uptime_calc.availability import Availability
from uptime_calc.errors import InputError

from .conftest import ROOT, invoke

NS = 10**9
DAY = 86400
SLO = Availability.from_percent("99.9")


def burn_from_clean_history(e: float, kind: str, step: int = 60) -> SliSeries:
    """31 clean days, then 3 days at error ratio ``e`` (from a step boundary)."""
    n_clean, n_burn = 31 * DAY // step, 3 * DAY // step
    per_step = float(step) if kind == "time" else 600.0  # seconds observed, or 10 requests a second
    valid = np.full((1, n_clean + n_burn), per_step)
    bad = np.zeros_like(valid)
    bad[0, n_clean:] = e * per_step
    return SliSeries(kind, 0, step * NS, bad, valid)  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", ["time", "requests"])
@pytest.mark.parametrize("e", [1.0, 0.5, 0.2])
@pytest.mark.parametrize("rule", WORKBOOK_RULES, ids=lambda r: r.name)
def test_burn_rate_replay_matches_the_closed_form(kind: str, e: float, rule: AlertRule) -> None:
    # SRE workbook ch. 5: an error ratio e trips a rule of long window W and burn b after t = b W (1 - SLO) / e,
    # having spent b W / 30 d of the budget (table 5-8: 1 h / 14.4x -> 51.84 s at e = 100%, 2%)
    result = replay(burn_from_clean_history(e, kind), SLO, AlertPolicy(rules=(rule,)))
    first = result.firings.iloc[0]
    t = rule.burn_rate * rule.long_seconds * 0.001 / e
    assert first["detection_seconds"] == pytest.approx(t, rel=1e-9)
    assert first["budget_spent_percent"] == pytest.approx(100 * rule.burn_rate * rule.long_seconds / (30 * DAY),
                                                          rel=1e-9)
    assert first["burn_began_at"] == "1970-02-01T00:00:00+00:00"
    assert len(result.firings) == 1 and first["reset_at"] is None  # still burning at the end


def test_workbook_table_5_8_page_figures() -> None:
    first = replay(burn_from_clean_history(1.0, "time"), SLO).firings
    # the workbook: 1 h / 14.4x detects a 100% outage in 51.84 s (2% of the budget); 6 h / 6x in 2.16 min (5%);
    # 3 d / 1x in 4.32 min (10%)
    assert first["detection_seconds"].tolist() == pytest.approx([51.84, 129.6, 259.2], rel=1e-9)
    assert first["budget_spent_percent"].tolist() == pytest.approx([2.0, 5.0, 10.0], rel=1e-9)


def test_incident_log_alerts_fire_and_reset(tmp_path: Path, runner: object) -> None:
    # one 2-hour outage, 15 Feb 10:00-12:00 in Europe/Berlin (09:00-11:00 UTC), a clean January before it;
    # the 1 h / 5 m rule fires 51.84 s in and resets when the 5-minute window's error ratio drops below
    # 14.4 x 0.1%: (300 - r) / 300 = 0.0144 -> r = 295.68 s after the outage ends
    path = tmp_path / "inc.csv"
    path.write_text("service,start,end,impact\napi,2024-02-15T10:00:00,2024-02-15T12:00:00,major\n")
    result = invoke(runner, "incidents", str(path), "--tz", "Europe/Berlin", "--from", "2024-01-01",  # type: ignore[arg-type]
                    "--to", "2024-03-01", "--slo", "99.9", "--alerts", "-f", "json")
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    doc = json.loads(result.stdout)  # type: ignore[attr-defined]
    page = [a for a in doc["alerts"] if a["rule"] == "page 1h/5m"]
    assert len(page) == 1
    assert page[0]["fired_at"] == "2024-02-15T10:00:51.840000+01:00"
    assert page[0]["reset_at"] == "2024-02-15T12:04:55.680000+01:00"
    assert page[0]["budget_spent_percent"] == pytest.approx(2.0)
    # February's budget (99.9% of 29 days = 41.76 min) was exhausted by the 120-minute outage, and caught
    assert [(p["period"], p["caught"]) for p in doc["exhausted_periods"]] == [("2024-02", True)]
    assert doc["exhausted_periods"][0]["budget_used_percent"] == pytest.approx(100 * 7200 / (0.001 * 29 * DAY))


def test_uncaught_exhausted_period_with_rules_from_yaml(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text("period: 30d\nrules:\n  - {name: fast, severity: page, long: 1h, short: 5m, burn_rate: 14.4}\n")
    policy = load_policy(rules)
    assert policy.rules == (AlertRule("fast", "page", 3600.0, 300.0, 14.4),)
    # a steady burn at 2x the budget all of January 2024: 200% used, far below 14.4x: no page
    n = 31 * 288
    s = SliSeries("time", pd.Timestamp("2024-01-01", tz="UTC").value, 300 * NS, np.full((1, n), 0.6),
                  np.full((1, n), 300.0))
    r = replay(s, SLO, policy, period="month")
    assert r.firings.empty
    assert r.periods[["period", "caught"]].values.tolist() == [["2024-01", False]]
    assert r.periods.iloc[0]["budget_used_percent"] == pytest.approx(200.0)


def test_alert_rules_file_errors(tmp_path: Path) -> None:
    bad = tmp_path / "r.yaml"
    bad.write_text("rules:\n  - {long: 1h, burn_rate: 2}\n")
    with pytest.raises(InputError, match=r"rules\[0\] lacks 'short'"):
        load_policy(bad)
    with pytest.raises(InputError, match="not a whole number"):
        replay(burn_from_clean_history(1.0, "time", step=7 * 60), SLO)


def hand_worked_days() -> SliSeries:
    # 10 days from 2024-03-01 (UTC); a 2 h outage on 2 Mar 06:00-08:00, 30 min on 9 Mar 23:45-10 Mar 00:15
    t0 = pd.Timestamp("2024-03-01", tz="UTC").value
    h = 3600 * NS
    start = np.array([t0 + 30 * h, t0 + 8 * 24 * h + 23 * h + 45 * 60 * NS])
    end = np.array([t0 + 32 * h, start[1] + 30 * 60 * NS])
    return from_intervals(np.zeros(2, dtype=np.int64), start, end, lo=t0, hi=t0 + 10 * 24 * h, step_ns=DAY * NS,
                          labels={"service": np.array(["api"], dtype=object)})


def test_rolling_three_day_window_hand_worked() -> None:
    s = hand_worked_days()
    assert s.bad[0].tolist() == [0, 7200, 0, 0, 0, 0, 0, 0, 900, 900]
    r = rolling(s, 3 * DAY, slo=Availability.from_percent("99"))
    # complete windows end at 4 Mar .. 11 Mar; 3-day budget at 99% = 2592 s
    complete = r.table[r.table["complete"]]
    assert complete["bad_seconds"].tolist() == [7200, 7200, 0, 0, 0, 0, 900, 1800]
    row = r.summary.iloc[0]
    assert row["windows"] == 8
    assert row["worst_unavailability"] == pytest.approx(7200 / (3 * DAY))
    assert row["worst_window_end"] == "2024-03-04T00:00:00+00:00"
    assert row["out_of_compliance_steps"] == 2 and row["out_of_compliance_seconds"] == 2 * DAY
    assert row["budget_remaining_seconds"] == pytest.approx(2592 - 1800)
    assert row["budget_remaining_percent"] == pytest.approx(100 * (2592 - 1800) / 2592)
    assert r.table["complete"].tolist()[:3] == [False, False, True]


def test_rolling_window_must_be_whole_steps() -> None:
    with pytest.raises(InputError, match="whole number of steps"):
        rolling(hand_worked_days(), 1.5 * DAY)


def test_forecast_calendar_month_hand_worked() -> None:
    # April 2024 (30 days, budget 0.1% = 2592 s); 10 days of data, the last 2 burning 432 s a day:
    # left 2592 - 864 = 1728 s, at 432 s a day gone 4 days after 11 Apr -> 15 Apr, before the month ends
    t0 = pd.Timestamp("2024-04-01", tz="UTC").value
    bad = np.zeros((1, 10))
    bad[0, -2:] = 432.0
    s = SliSeries("time", t0, DAY * NS, bad, np.full((1, 10), float(DAY)))
    f = forecast(s, SLO, lookback_seconds=2 * DAY, period="month")
    row = f.table.iloc[0]
    assert row["budget_seconds"] == pytest.approx(2592.0)
    assert row["budget_remaining_seconds"] == pytest.approx(1728.0)
    assert row["burn_rate"] == pytest.approx(5.0)
    assert row["exhausted_at"] == "2024-04-15T00:00:00+00:00"
    assert bool(row["exhausted_before_end"])
    assert f.exhausted_before(pd.Timestamp("2024-04-20", tz="UTC").value)
    assert not f.exhausted_before(pd.Timestamp("2024-04-14", tz="UTC").value)


def test_forecast_cli_exit_3(runner: object) -> None:
    # samples/README.md: March's budget at 99.9% = 0.1% of 576,000 + 21 days x 57,600 = 1785.6 requests;
    # 1,379 used; the last 2 days bad 18 a day: the rest (406.6) lasts 22.59 days after 11 Mar: 2 Apr 14:08
    counts = str(ROOT / "samples" / "request_counts.csv")
    ok = invoke(runner, "requests", counts, "--slo", "99.9", "--forecast", "2d",  # type: ignore[arg-type]
                "--fail-if-exhausted-before", "2024-04-01", "-f", "json", "--table", "forecast")
    assert ok.exit_code == 0  # type: ignore[attr-defined]
    row = json.loads(ok.stdout)["forecast"][0]  # type: ignore[attr-defined]
    assert row["exhausted_at"] == "2024-04-02T14:08:00+00:00"
    missed = invoke(runner, "requests", counts, "--slo", "99.9", "--forecast", "2d",  # type: ignore[arg-type]
                    "--fail-if-exhausted-before", "2024-04-03", "-f", "json")
    assert missed.exit_code == 3  # type: ignore[attr-defined]
    assert "budget runs out at 2024-04-02T14:08:00+00:00" in missed.stderr  # type: ignore[attr-defined]


def test_alerts_need_an_slo(runner: object) -> None:
    result = invoke(runner, "requests", str(ROOT / "samples" / "request_counts.csv"), "--alerts")  # type: ignore[arg-type]
    assert result.exit_code == 2 and "give --slo" in result.stderr  # type: ignore[attr-defined]
