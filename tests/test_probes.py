"""Probe accounting: the rise/fall rule, gaps, flapping and detection delay, on hand-worked logs.

Every expected value is worked by hand from the probe rows (samples/README.md lays out
samples/probes.csv minute by minute); the arithmetic is in the comments.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from uptime_calc.errors import InputError
from uptime_calc.scenario import loads_scenario
from uptime_calc.signals.correlation import correlate
from uptime_calc.signals.probe_measure import measure_probes
from uptime_calc.signals.probes import read_probes
from uptime_calc.units import parse_availability

from .conftest import ROOT

SAMPLE = ROOT / "samples" / "probes.csv"
MIN = 60.0
DAY = 86400.0


def by_target(df: pd.DataFrame) -> dict[str, dict[str, object]]:
    return {str(r["target"]): r for r in df.to_dict("records")}


def write(tmp_path: Path, text: str, name: str = "p.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_sample_rise_fall_first_failed_probe() -> None:
    m = measure_probes(read_probes(SAMPLE), period="day")
    rows = by_target(m.table)
    api, web, db = rows["api"], rows["web"], rows["db"]
    # api, a probe a minute from 00:00 (m0..m19): 503 at m2-m3 is a 2-probe blip (< fall 3): no outage;
    # 500 at m6..m9 trips the rule; m10 (one 200) is < rise 2; m11 fails; m12, m13 restore it.
    # The outage runs from m6 to the first success of the restoring run, m12: 6 minutes of 20 observed.
    assert api["downtime_seconds"] == 6 * MIN
    assert api["observed_seconds"] == 20 * MIN
    assert api["unknown_seconds"] == DAY - 20 * MIN
    assert api["unavailability"] == pytest.approx(6 / 20, rel=1e-15)
    assert api["raw_unavailability"] == pytest.approx(7 / 20, rel=1e-15)  # m2 m3 m6 m7 m8 m9 m11
    assert api["outages"] == 1 and api["state_changes"] == 2
    assert api["raw_changes"] == 6  # m1>m2, m3>m4, m5>m6, m9>m10, m10>m11, m11>m12
    assert api["probes"] == 20 and api["failed_probes"] == 7
    assert api["detection_delay_seconds"] == 2 * MIN  # m6 -> m8, the 3rd failure
    assert api["recovery_delay_seconds"] == 1 * MIN  # m12 -> m13, the 2nd success
    assert api["unknown_percent"] == pytest.approx(100 * (DAY - 20 * MIN) / DAY, rel=1e-12)
    # web: up m0..m7, down m8 m9, no probe m10..m19 (an 11-minute gap > 3 intervals), down m20, up m21..m24,
    # down m25..m27, up m28 m29. The failures m8 m9 | m20 are not consecutive across the gap: one outage, m25-m28.
    assert web["downtime_seconds"] == 3 * MIN
    assert web["observed_seconds"] == 20 * MIN  # m0..m10 and m20..m30
    assert web["unknown_seconds"] == DAY - 20 * MIN
    assert web["raw_unavailability"] == pytest.approx(6 / 20, rel=1e-15)
    assert web["raw_changes"] == 4  # m7>m8, m20>m21, m24>m25, m27>m28 (not m9>m20: across the gap)
    # db: a heartbeat every 5 minutes, false at m15 m20 m25 m30, true at m35 (alone: < rise) and m40...
    # first convention: down m15 .. m35 = 20 min of 60
    assert db["downtime_seconds"] == 20 * MIN
    assert db["unavailability"] == pytest.approx(1 / 3, rel=1e-15)
    assert db["detection_delay_seconds"] == 10 * MIN  # m15 -> m25


def test_sample_down_at_fall_lags_by_the_rule() -> None:
    m = measure_probes(read_probes(SAMPLE), period="day", down_at="fall")
    rows = by_target(m.table)
    # the balancer's view: api down from the 3rd failure (m8) to the 2nd success (m13) = 5 min
    assert rows["api"]["downtime_seconds"] == 5 * MIN
    assert rows["web"]["downtime_seconds"] == 2 * MIN  # m27 .. m29
    assert rows["db"]["downtime_seconds"] == 15 * MIN  # m25 .. m40
    assert "fall" in m.method["outage_edges"] and "3rd failed probe" in m.method["outage_edges"]


def test_max_gap_joins_runs_across_a_short_gap() -> None:
    m = measure_probes(read_probes(SAMPLE), period="day", max_gap=15 * MIN)
    web = by_target(m.table)["web"]
    # with 15 minutes allowed, m9 -> m20 is no gap: m8 m9 m20 are 3 failures in a row, down m8 .. m21 (13 min),
    # plus m25 .. m28 (3 min); all of m0 .. m30 is observed
    assert web["downtime_seconds"] == 16 * MIN
    assert web["observed_seconds"] == 30 * MIN
    assert web["outages"] == 2 and web["state_changes"] == 4


def test_time_zone_places_the_day() -> None:
    m = measure_probes(read_probes(SAMPLE), period="day", tz="America/New_York")
    # 2024-03-01T00:00Z is 19:00 on 29 February in New York (EST, UTC-5)
    assert set(m.table["period"]) == {"2024-02-29"}
    assert str(m.table["period_start"].iloc[0]) == "2024-02-29 00:00:00-05:00"
    assert by_target(m.table)["api"]["downtime_seconds"] == 6 * MIN


def test_window_clips_and_counts_only_inside() -> None:
    m = measure_probes(read_probes(SAMPLE), period="all", window=("2024-03-01T00:07Z", "2024-03-01T00:10Z"))
    api = by_target(m.table)["api"]
    # api is down m6 .. m12: all 3 minutes of the window; probes m7 m8 m9 all failed
    assert api["downtime_seconds"] == 3 * MIN and api["unavailability"] == 1.0
    assert api["probes"] == 3 and api["failed_probes"] == 3


def test_flapping_counted_and_filtered(tmp_path: Path) -> None:
    path = write(tmp_path, "a,b\n" + "\n".join("1,1" if i % 2 == 0 else "0,1" for i in range(6)) + "\n")
    log = read_probes(path, interval=60, start="2024-01-01")
    strict = by_target(measure_probes(log, rise=1, fall=1, period="all").table)["a"]
    # 1 0 1 0 1 0 with rise = fall = 1: every probe changes the state; down m1, m3, m5 (1 min each)
    assert strict["state_changes"] == 5 and strict["outages"] == 3
    assert strict["downtime_seconds"] == 3 * MIN
    loose = by_target(measure_probes(log, period="all").table)["a"]
    # the default rise 2 / fall 3 never sees 3 failures in a row: no outage, but the raw figure is 50%
    assert loose["state_changes"] == 0 and loose["downtime_seconds"] == 0.0
    assert loose["raw_unavailability"] == 0.5 and loose["raw_changes"] == 5


def test_matrix_gaps_are_unknown_never_up(tmp_path: Path) -> None:
    # target a answers rounds 0-1, nothing for rounds 2-6 (5 missing > 3 intervals), then round 7
    path = write(tmp_path, "a\n1\n1\n\n\n\n\n\n1\n")
    m = measure_probes(read_probes(path, interval=60, start="2024-01-01T00:00"), period="all",
                       window=("2024-01-01T00:00", "2024-01-01T00:08"))
    a = by_target(m.table)["a"]
    # covered: m0, m1 (the probe before the gap speaks for one interval) and m7; unknown m2 .. m7
    assert a["observed_seconds"] == 3 * MIN and a["unknown_seconds"] == 5 * MIN
    assert a["downtime_seconds"] == 0.0 and a["unknown_percent"] == pytest.approx(62.5)


def test_detection_delay_with_irregular_probes(tmp_path: Path) -> None:
    text = "time,target,result\n" + "\n".join(
        f"2024-01-01T00:00:{s:02d}Z,x,{r}" for s, r in [(0, "up"), (10, "down"), (15, "down"), (40, "down"),
                                                         (45, "up"), (50, "up")]
    ) + "\n"
    m = measure_probes(read_probes(write(tmp_path, text), interval=10), period="all",
                       window=("2024-01-01T00:00Z", "2024-01-01T00:01Z"))
    x = by_target(m.table)["x"]
    # failures at 10 s, 15 s, 40 s (gaps of 5 and 25 s, within 3 x 10 s): detected at the 3rd, 30 s after the first
    assert x["detection_delay_seconds"] == 30.0
    assert x["downtime_seconds"] == 35.0  # 10 s .. 45 s
    assert x["observed_seconds"] == 60.0  # 0 .. 50 s, and the last probe's 10 s interval


def test_slo_budget_and_sla_come_from_the_incident_accounting() -> None:
    m = measure_probes(read_probes(SAMPLE), period="day", slo=parse_availability("99.9"), sla="aws-ec2")
    api = by_target(m.table)["api"]
    # budget = (1 - SLO) x observed time = 0.001 x 1200 s; burn rate = U / (1 - SLO) = 0.3 / 0.001
    assert api["budget_seconds"] == pytest.approx(1.2, rel=1e-12)
    assert api["burn_rate"] == pytest.approx(300.0, rel=1e-12)
    assert api["slo_met"] is False or api["slo_met"] == np.False_
    assert api["credit_percent"] == 100.0  # 70% is below AWS EC2's lowest tier (95%): 100% credit


def test_step_series_sums_to_the_totals() -> None:
    m = measure_probes(read_probes(SAMPLE), period="day")
    steps = m.step_series(10 * MIN)
    api = steps[steps["target"] == "api"]
    # api down m6 .. m12: 4 minutes in the first 10-minute step, 2 in the second; observed 10 and 10, then 0
    assert api["down_seconds"].tolist()[:3] == [4 * MIN, 2 * MIN, 0.0]
    assert api["observed_seconds"].tolist()[:3] == [10 * MIN, 10 * MIN, 0.0]
    assert len(api) == 144
    totals = by_target(m.totals)
    for name, part in steps.groupby("target"):
        assert part["down_seconds"].sum() == totals[name]["downtime_seconds"]
        assert part["observed_seconds"].sum() == totals[name]["observed_seconds"]


def test_correlation_counts_and_beta(tmp_path: Path) -> None:
    # 10 rounds. a down in rounds 0-3; b down in 0-1; c down in 8 only
    rows = ["a,b,c"] + [f"{int(i > 3)},{int(i > 1)},{int(i != 8)}" for i in range(10)]
    log = read_probes(write(tmp_path, "\n".join(rows) + "\n"), interval=60)
    pairs, _ = correlate(log, max_unavailability=1.0)
    assert len(pairs) == 1  # only a and b are down together in 2 or more rounds
    row = pairs.iloc[0]
    assert (row["target_a"], row["target_b"]) == ("a", "b")
    assert row["p_b_down_given_a_down"] == 0.5 and row["p_a_down_given_b_down"] == 1.0
    # q = sqrt(0.4 x 0.2); beta solves 0.2 = beta q + ((1 - beta) q)^2
    q = np.sqrt(0.08)
    beta = row["beta"]
    assert beta * q + ((1 - beta) * q) ** 2 == pytest.approx(0.2, rel=1e-12)


def test_snippets_load_as_a_scenario() -> None:
    m = measure_probes(read_probes(SAMPLE), period="day")
    scenario = loads_scenario("name: probes\n" + m.snippets["common_cause"].split("\n", 1)[1])
    assert scenario.system.beta == pytest.approx(float(m.correlated.iloc[0]["beta"]), abs=1e-4)
    block = (
        "name: lb\ncomponents:\n  lb: {mtbf: 1000h, mttr: 1h}\nsystem:\n  active_standby:\n    active: lb\n"
        f"    standby: lb\n    {m.snippets['detection'].split('#')[0].strip()}\n"
    )
    assert loads_scenario(block).system.detection == 180.0  # 60 s x fall 3


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("time,target,result\n2024-01-01T00:00Z,a,maybe\n", "row 2, column 'result': cannot read the result 'maybe'"),
        ("time,target,result\nyesterday,a,up\n", "row 2, column 'time': cannot read 'yesterday' as a time"),
        ("a,b\n1,2\n", "row 2, column 'b': cannot read 2 as a probe result"),
    ],
)
def test_bad_input_names_row_and_column(tmp_path: Path, text: str, needle: str) -> None:
    with pytest.raises(InputError) as err:
        read_probes(write(tmp_path, text), interval=60)
    assert needle in str(err.value)


def test_matrix_without_times_needs_an_interval(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="give --interval"):
        read_probes(write(tmp_path, "a,b\n1,0\n"))


def test_latency_with_slow_threshold(tmp_path: Path) -> None:
    text = "time,target,latency\n" + "\n".join(
        f"2024-01-01T00:0{i}:00Z,api,{v}" for i, v in enumerate(["0.2", "350ms", "2.5", "timeout", "", "3s", "1.9"])
    ) + "\n"
    log = read_probes(write(tmp_path, text), slow=2.0)
    # below 2 s is up; 2.5 s, a timeout, an empty result and 3 s failed
    assert log.ok.tolist() == [True, True, False, False, False, False, True]
    assert "empty result" in log.warnings[0]


def test_dst_day_lasts_23_hours(tmp_path: Path) -> None:
    # Berlin springs forward on 2024-03-31 (02:00 -> 03:00 CET -> CEST): that calendar day has 23 hours
    times = pd.date_range("2024-03-30T00:00", "2024-04-01T23:00", freq="h", tz="Europe/Berlin")
    text = "time,target,result\n" + "\n".join(f"{t.isoformat()},lb,up" for t in times) + "\n"
    m = measure_probes(read_probes(write(tmp_path, text)), period="day", tz="Europe/Berlin")
    rows = {r["period"]: r for r in m.table.to_dict("records")}
    assert rows["2024-03-31"]["observed_seconds"] == 23 * 3600
    assert rows["2024-03-31"]["probes"] == 23
    assert rows["2024-03-30"]["observed_seconds"] == 24 * 3600
    assert all(r["downtime_seconds"] == 0 and r["unknown_seconds"] == 0 for r in rows.values())
