"""measure(): the accounting rules on frames built by hand, and on samples/incidents.csv.

Expected values are worked out by hand in the comments.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from uptime_calc.accounting.measure import measure
from uptime_calc.availability import Availability
from uptime_calc.errors import InputError

from .conftest import ROOT
from .conftest import incident_frame as frame

HOUR = 3600.0
DAY = 86400.0


def one(m, **where):
    t = m.table
    for k, v in where.items():
        t = t[t[k] == v]
    assert len(t) == 1, t
    return t.iloc[0]


def test_overlap_and_max_weight_in_a_31_day_month():
    # major 00:00-01:00 and partial 00:30-02:00: 1 h at 1.0 + 1 h at 0.5 = 1.5 h over 31 days
    m = measure(frame(("api", "2024-01-10T00:00Z", "2024-01-10T01:00Z", "major"),
                      ("api", "2024-01-10T00:30Z", "2024-01-10T02:00Z", "partial")), uncertainty=False)
    row = one(m, period="2024-01")
    assert row.downtime_seconds == 1.5 * HOUR
    assert row.period_seconds == 31 * DAY
    assert row.unavailability == 1.5 * HOUR / (31 * DAY)
    assert row.incidents == 1
    assert row.mttr_seconds == 2 * HOUR  # the merged outage lasted 2 h (unweighted)
    assert row.mtbf_seconds == 31 * DAY - 2 * HOUR
    assert row.nines == pytest.approx(-math.log10(1.5 / 744), rel=1e-12)


def test_components_roll_up_in_series_and_can_be_split():
    # gateway down 10:00-11:00, auth down 10:30-12:00: the service is down 10:00-12:00 (2 h)
    f = frame(("api", "2024-01-03T10:00Z", "2024-01-03T11:00Z", "major", False, "gateway"),
              ("api", "2024-01-03T10:30Z", "2024-01-03T12:00Z", "major", False, "auth"))
    assert one(measure(f, uncertainty=False), service="api").downtime_seconds == 2 * HOUR
    split = measure(f, rollup="components", uncertainty=False)
    assert one(split, component="gateway").downtime_seconds == 1 * HOUR
    assert one(split, component="auth").downtime_seconds == 1.5 * HOUR
    by_comp = measure(f, group_by="component", uncertainty=False)
    assert list(by_comp.table["component"]) == ["auth", "gateway"]


def test_maintenance_excluded_from_downtime_and_period_unless_counted():
    # outage 10:00-12:00 with maintenance 10:30-11:00 inside, on a 1-day window:
    # downtime 1.5 h; period 24 h - 0.5 h = 23.5 h
    f = frame(("api", "2024-01-03T10:00Z", "2024-01-03T12:00Z", "major"),
              ("api", "2024-01-03T10:30Z", "2024-01-03T11:00Z", "none", True))
    m = measure(f, period="day", uncertainty=False)
    row = one(m, period="2024-01-03")
    assert row.downtime_seconds == 1.5 * HOUR
    assert row.period_seconds == 23.5 * HOUR
    assert row.maintenance_seconds == 0.5 * HOUR
    assert row.incidents == 1
    # counted: the maintenance record (impact none = 0) no longer carves out anything: 2 h over 24 h
    c = one(measure(f, period="day", count_maintenance=True, uncertainty=False), period="2024-01-03")
    assert (c.downtime_seconds, c.period_seconds) == (2 * HOUR, 24 * HOUR)


def test_default_window_is_whole_periods_and_clipping_at_a_given_window():
    f = frame(("api", "2024-01-31T23:00Z", "2024-02-01T01:00Z", "major"))
    m = measure(f, uncertainty=False)
    assert list(m.table["period"]) == ["2024-01", "2024-02"]
    assert list(m.table["downtime_seconds"]) == [HOUR, HOUR]
    # a window of February only clips the first hour away
    w = measure(f, window=("2024-02-01", "2024-03-01"), uncertainty=False)
    assert list(w.table["downtime_seconds"]) == [HOUR]
    assert "1 clipped" in w.method["clipping"]


def test_open_incident_ends_at_until_with_a_warning():
    f = frame(("db", "2024-03-01T00:00Z", None, "major", False, "", "db-open"))
    m = measure(f, window=("2024-03-01", "2024-03-02"), period="day", uncertainty=False)
    assert one(m, period="2024-03-01").downtime_seconds == DAY  # open to the window end
    assert any("db-open" in w and "still open" in w for w in m.warnings)
    u = measure(f, window=("2024-03-01", "2024-03-02"), period="day", until="2024-03-01T06:00Z",
                uncertainty=False)
    assert one(u, period="2024-03-01").downtime_seconds == 6 * HOUR


def test_open_incident_on_a_period_boundary_gets_its_period():
    # found by QA: an incident opened at 2025-01-01 00:00 was dropped (the default window ended there)
    # while the warning said it was counted; it is under way in January, so January is in the window
    f = frame(("api", "2024-12-31T10:00Z", "2024-12-31T11:00Z", "major"),
              ("api", "2025-01-01T00:00Z", None, "major", False, "", "open"))
    m = measure(f, period="month", uncertainty=False)
    assert list(m.table["period"]) == ["2024-12", "2025-01"]
    assert one(m, period="2025-01").downtime_seconds == 31 * DAY  # open to the window end (SPEC 3B)
    assert m.method["open_incidents"].startswith("1 open")
    assert any("open" in w and "counted as ending at 2025-02-01T00:00:00+00:00" in w for w in m.warnings)


def test_open_incident_after_until_is_reported_not_counted():
    f = frame(("api", "2024-05-02T10:00Z", "2024-05-02T11:00Z", "major"),
              ("api", "2024-05-02T22:00Z", None, "major", False, "", "late"))
    m = measure(f, period="all", until="2024-05-02T21:00Z", uncertainty=False)
    assert list(m.table["downtime_seconds"]) == [HOUR]
    assert m.method["open_incidents"].startswith("0 open")
    assert not any("counted as ending" in w for w in m.warnings)
    assert any(w.startswith("1 incident(s) still open were not counted") and w.endswith(": late")
               for w in m.warnings)
    # --until past the window: counted to the window's end (22:00 -> 24:00), and the warning says so
    far = measure(f, period="all", until="2024-06-02T21:00Z", uncertainty=False)
    assert list(far.table["downtime_seconds"]) == [3 * HOUR]
    assert any("clipped at the window's end 2024-05-03T00:00:00+00:00" in w for w in far.warnings)


def test_bad_records_are_reported_and_excluded():
    f = frame(
        ("api", "2024-01-03T10:00Z", "2024-01-03T10:00Z", "major", False, "", "zero"),
        ("api", "2024-01-03T10:00Z", "2024-01-03T09:00Z", "major", False, "", "backwards"),
        ("api", "2024-01-04T10:00Z", "2024-01-04T11:00Z", "major", False, "", "ok"),
        ("api", "2024-01-04T10:00Z", "2024-01-04T11:00Z", "major", False, "", "copy"),
    )
    m = measure(f, uncertainty=False)
    bad = m.bad_records.as_dict()
    assert bad["zero_length"] == {"count": 1, "rows": 1, "ids": ["zero"]}
    assert bad["end_before_start"] == {"count": 1, "rows": 1, "ids": ["backwards"]}
    assert bad["duplicates"] == {"count": 1, "rows": 1, "ids": ["copy"]}
    assert one(m, period="2024-01").downtime_seconds == HOUR
    assert "Excluded 1 zero-length records (1 rows): ids zero" in m.notes


def test_weights_override_numeric_impact_and_unknown_labels():
    f = frame(("api", "2024-01-03T00:00Z", "2024-01-03T10:00Z", "partial"))
    assert one(measure(f, uncertainty=False), period="2024-01").downtime_seconds == 5 * HOUR
    assert one(measure(f, weights="partial=0.3", uncertainty=False), period="2024-01").downtime_seconds == 3 * HOUR
    num = frame(("api", "2024-01-03T00:00Z", "2024-01-03T10:00Z", 0.25))
    num["impact"] = num["impact"].astype(float)
    assert one(measure(num, uncertainty=False), period="2024-01").downtime_seconds == 2.5 * HOUR
    bad = frame(("api", "2024-01-03T00:00Z", "2024-01-03T10:00Z", "sev3"), source_row=[7])
    with pytest.raises(InputError) as exc:
        measure(bad)
    assert str(exc.value) == (
        "row 7, column 'impact': unknown impact label(s): sev3; give each a weight with --weights sev3=1.0 "
        "(known: critical=1, major=1, outage=1, full=1, partial=0.5, degraded=0, minor=0, none=0)"
    )


def test_missing_columns_are_named():
    with pytest.raises(InputError, match="no column\\(s\\) start"):
        measure(pd.DataFrame({"service": ["a"], "begin": ["2024-01-01"], "end": ["2024-01-02"]}))


def test_slo_budget_columns():
    # 99.9% over January (31 d = 2,678,400 s): budget 2,678.4 s; 1,339.2 s down uses half of it
    f = frame(("api", "2024-01-03T00:00:00Z", "2024-01-03T00:22:19.2Z", "major"))
    row = one(measure(f, slo=Availability.from_percent("99.9"), uncertainty=False), period="2024-01")
    assert row.budget_seconds == pytest.approx(2678.4, rel=1e-12)
    assert row.budget_used_percent == pytest.approx(50.0, rel=1e-12)
    assert row.budget_remaining_seconds == pytest.approx(1339.2, rel=1e-12)
    assert row.burn_rate == pytest.approx(0.5, rel=1e-12)
    assert bool(row.slo_met)


def test_sla_credit_column():
    # AWS EC2 region SLA: 99.0% <= A < 99.99% earns 10% (aws.amazon.com/compute/sla); 2 h of 31 d = 99.73%
    f = frame(("api", "2024-01-03T00:00Z", "2024-01-03T02:00Z", "major"))
    row = one(measure(f, sla="aws-ec2", uncertainty=False), period="2024-01")
    assert row.credit_percent == 10.0


def test_fail_under_lines_and_never_100_percent():
    f = frame(("api", "2024-01-03T00:00:00Z", "2024-01-03T00:00:01Z", "major"))
    m = measure(f, period="year", window=("2024-01-01", "2025-01-01"), uncertainty=False)
    row = one(m, period="2024")
    assert row.unavailability == 1 / (366 * DAY)  # exact, U-space
    doc = m.to_document()
    from uptime_calc.render import render

    text = render(doc, "table")
    assert "99.99999684%" in text  # 1 s of 31,622,400 s; never printed as 100%
    assert m.missed(Availability.from_percent("99.99999999")) == ["api 2024: 99.99999684% < 99.99999999%"]
    assert m.missed(Availability.from_percent("99.9")) == []


def test_response_times_when_columns_exist():
    f = frame(("api", "2024-01-03T00:00Z", "2024-01-03T01:00Z", "major"),
              ("api", "2024-01-05T00:00Z", "2024-01-05T01:00Z", "major"))
    f["detected_at"] = pd.to_datetime(["2024-01-03T00:04Z", "2024-01-05T00:06Z"], utc=True)
    f["acknowledged_at"] = pd.to_datetime(["2024-01-03T00:10Z", None], utc=True)
    row = one(measure(f, uncertainty=False), period="2024-01")
    assert row.mttd_seconds == 300.0  # (4 + 6) / 2 minutes
    assert row.mtta_seconds == 360.0  # 10 - 4 minutes, from detection


def test_detection_before_the_start_counts_as_immediate_and_is_reported():
    # Statuspage posts an incident (created_at -> detected_at) and may date its impact later
    # (started_at): a delay of -10 min is no detection time; it counts as 0, with a warning.
    # By hand: MTTD = (0 + 6) / 2 min = 180 s.
    f = frame(("api", "2024-01-03T00:00Z", "2024-01-03T01:00Z", "major"),
              ("api", "2024-01-05T00:00Z", "2024-01-05T01:00Z", "major"))
    f["detected_at"] = pd.to_datetime(["2024-01-02T23:50Z", "2024-01-05T00:06Z"], utc=True)
    m = measure(f, uncertainty=False)
    assert one(m, period="2024-01").mttd_seconds == 180.0
    assert any(w.startswith("1 record(s) were detected before they started") and w.endswith("counts as 0: r1")
               for w in m.warnings)  # QA: the warning named no record


def test_dst_day_in_berlin_via_measure():
    # naive local times read in Europe/Berlin: 00:30 .. 03:30 on 2024-03-31 is 2 h of a 23 h day
    f = pd.DataFrame({"service": ["a"], "start": ["2024-03-31T00:30"], "end": ["2024-03-31T03:30"]})
    m = measure(f, period="day", tz="Europe/Berlin", uncertainty=False)
    row = one(m, period="2024-03-31")
    assert row.period_seconds == 23 * HOUR
    assert row.downtime_seconds == 2 * HOUR


def test_document_keys():
    f = frame(("api", "2024-01-03T00:00Z", "2024-01-03T02:00Z", "major"))
    doc = measure(f, slo=Availability.from_percent("99.9"), sla="aws-ec2").to_document()
    obj = doc.to_json_object()
    assert set(obj) >= {"method", "rows", "totals", "bad_records"}
    for key in ("service", "period_start", "period_end", "period_seconds", "downtime_seconds",
                "availability_percent", "unavailability", "nines", "incidents", "mttr_seconds", "mtbf_seconds",
                "longest_outage_seconds", "slo_met", "budget_seconds", "budget_used_seconds",
                "budget_remaining_percent", "burn_rate", "credit_percent"):
        assert key in obj["rows"][0], key
    for key in ("window", "time_zone", "period", "overlaps", "weights", "maintenance", "open_incidents",
                "clipping", "bad_records", "availability"):
        assert key in obj["method"], key


def test_sample_file_by_hand():
    from uptime_calc.incidents import read_incidents

    m = measure(read_incidents(ROOT / "samples" / "incidents.csv"), uncertainty=False)
    row = one(m, service="api", period="2024-01")
    # api, January 2024 (see samples/incidents.csv):
    #   api-1 + api-2 (overlapping majors) 10:00-11:30 = 1.5 h; api-3 critical 2 h (api-4 minor inside adds 0);
    #   api-5 + api-6 touch: 12:00-13:30 = 1.5 h; api-8 partial 1 h x 0.5 = 0.5 h; api-9 0.75 h
    #   downtime = 1.5 + 2 + 1.5 + 0.5 + 0.75 = 6.25 h; api-7 is 4 h of maintenance: period = 744 h - 4 h
    assert row.downtime_seconds == 6.25 * HOUR
    assert row.period_seconds == 740 * HOUR
    assert row.incidents == 5
    assert row.mttr_seconds == (1.5 + 2 + 1.5 + 1 + 0.75) / 5 * HOUR
    assert row.mttd_seconds == 300.0 and row.mtta_seconds == 420.0  # api-9: detected +5 m, acked 7 m later
    web_feb = one(m, service="web", period="2024-02")
    # web-3 crosses midnight into February (1 h) + web-4 1.5 h
    assert web_feb.downtime_seconds == 2.5 * HOUR
    assert m.bad_records.zero_length_ids == ("db-2",)
    assert m.bad_records.end_before_start_ids == ("db-3",)


def test_bad_values_name_row_and_column():
    num = frame(("api", "2024-01-03T00:00Z", "2024-01-03T10:00Z", 1.5), source_row=[12])
    num["impact"] = num["impact"].astype(float)
    with pytest.raises(InputError) as exc:
        measure(num)
    assert str(exc.value).startswith("row 12, column 'impact': numeric impact 1.5 is outside 0..1;")
    no_start = frame(("api", None, "2024-01-03T10:00Z", "major"), source_row=[3])
    with pytest.raises(InputError) as exc:
        measure(no_start)
    assert str(exc.value) == "row 3, column 'start': the incident has no start time; every record needs one"
    with pytest.raises(InputError, match="weight for 'partial' must lie between 0 and 1, got 2"):
        measure(frame(("api", "2024-01-03T00:00Z", "2024-01-03T10:00Z", "partial")), weights="partial=2")


def test_all_formats_render(tmp_path):
    from uptime_calc.render import render

    doc = measure(frame(("api", "2024-01-03T00:00Z", "2024-01-03T10:00Z", "major"))).to_document()
    for fmt in ("table", "json", "csv", "markdown"):
        assert "api" in render(doc, fmt)


def test_one_bound_outside_the_data_gives_a_whole_period():
    f = frame(("api", "2024-01-01T00:00Z", "2024-01-01T01:00Z", "major"))
    after = measure(f, window=("2024-03-01", None), uncertainty=False)
    assert list(after.table["period"]) == ["2024-03"] and after.table["period_seconds"].iat[0] == 31 * DAY
    before = measure(f, window=(None, "2023-06-01"), uncertainty=False)
    assert list(before.table["period"]) == ["2023-05"]
    # a --from inside a month makes the first period partial: 15 Dec .. 1 Jan = 17 days
    partial = measure(f, window=("2023-12-15", None), uncertainty=False)
    assert list(partial.table["period_seconds"]) == [17 * DAY, 31 * DAY]


def test_excluded_maintenance_needs_no_impact_weight() -> None:
    # Statuspage exports give maintenance windows the impact "maintenance", which has no weight;
    # excluded maintenance is never weighed, so this is no error (reported bug). Hand computation:
    # only the 10:00-11:00 major outage counts: 3600 s of downtime in January.
    frame = pd.DataFrame({
        "service": ["api", "api"],
        "start": pd.to_datetime(["2024-01-10T10:00Z", "2024-01-11T02:00Z"]),
        "end": pd.to_datetime(["2024-01-10T11:00Z", "2024-01-11T04:00Z"]),
        "impact": ["major", "maintenance"],
        "maintenance": [False, True],
    })
    m = measure(frame, period="month", uncertainty=False)
    assert m.table["downtime_seconds"].tolist() == [3600.0]
    assert m.table["maintenance_seconds"].tolist() == [7200.0]
    # counted maintenance needs a weight again: the unknown label is an error naming the row
    with pytest.raises(InputError, match=r"unknown impact label\(s\): maintenance"):
        measure(frame, period="month", uncertainty=False, count_maintenance=True)


def test_totals_interval_per_service_against_chi_square_tables():
    # Window 2024-01-01 .. 2024-01-11 = 240 h. a: two 1 h outages, up T = 238 h; b: three 30 min
    # outages, up T = 238.5 h. At a joint 90%, each part is a two-sided 95% interval (Bonferroni), so
    # MTBF_low = 2T / chi2(0.975; 2r + 2), MTBF_high = 2T / chi2(0.025; 2r). Chi-square table values
    # (NIST/SEMATECH e-Handbook 1.3.6.7.4): chi2(0.975; 6) = 14.449, chi2(0.025; 4) = 0.484,
    # chi2(0.975; 8) = 17.535, chi2(0.025; 6) = 1.237. Equal restore times leave no spread, so the
    # MTTR interval is the restore time itself and U_high = MTTR / (MTBF_low + MTTR).
    f = frame(
        ("a", "2024-01-02T00:00Z", "2024-01-02T01:00Z", "major"),
        ("a", "2024-01-05T00:00Z", "2024-01-05T01:00Z", "major"),
        ("b", "2024-01-03T00:00Z", "2024-01-03T00:30Z", "major"),
        ("b", "2024-01-06T00:00Z", "2024-01-06T00:30Z", "major"),
        ("b", "2024-01-09T00:00Z", "2024-01-09T00:30Z", "major"),
    )
    m = measure(f, window=("2024-01-01", "2024-01-11"), period="all", confidence=0.9)
    a, b = (m.totals[m.totals["service"] == s].iloc[0] for s in ("a", "b"))
    assert a.mtbf_low_seconds == pytest.approx(2 * 238 * HOUR / 14.449, rel=1e-4)
    assert a.mtbf_high_seconds == pytest.approx(2 * 238 * HOUR / 0.484, rel=1e-3)
    assert (a.mttr_low_seconds, a.mttr_high_seconds) == (HOUR, HOUR)
    assert a.unavailability_high == pytest.approx(HOUR / (2 * 238 * HOUR / 14.449 + HOUR), rel=1e-4)
    assert b.mtbf_low_seconds == pytest.approx(2 * 238.5 * HOUR / 17.535, rel=1e-4)
    assert b.mtbf_high_seconds == pytest.approx(2 * 238.5 * HOUR / 1.237, rel=1e-3)
    assert (b.mttr_low_seconds, b.mttr_high_seconds) == (HOUR / 2, HOUR / 2)


def test_naive_times_in_the_repeated_hour_follow_the_dst_rule():
    # Bug: a naive end in the fall-back hour (02:30 on 2024-10-27 happens twice in Europe/Berlin)
    # became NaT, so the incident counted as open until the window end. The documented rule
    # (incidents.timestamps.DST_RULE) takes the first occurrence, 02:30 CEST = 00:30 UTC; the start
    # 01:00 CEST = 23:00 UTC the day before: 1.5 h down in the 25-hour local day.
    f = pd.DataFrame({
        "service": ["a"],
        "start": pd.to_datetime(["2024-10-27 01:00"]),
        "end": pd.to_datetime(["2024-10-27 02:30"]),
    })
    m = measure(f, tz="Europe/Berlin", period="day", uncertainty=False)
    assert m.warnings == ()
    row = one(m, period="2024-10-27")
    assert row.downtime_seconds == 1.5 * HOUR
    assert row.period_seconds == 25 * HOUR


def test_uncertainty_in_threads_equals_one_thread(monkeypatch):
    # each group's bootstrap has its own fixed seed: spreading twelve groups over threads changes nothing
    rows = [(f"s{g:02d}", f"2024-01-{d:02d}T00:00Z", f"2024-01-{d:02d}T0{1 + (g + d) % 8}:00Z", "major")
            for g in range(12) for d in range(1, 8)]
    threaded = measure(frame(*rows)).totals
    monkeypatch.setattr("os.cpu_count", lambda: 1)
    pd.testing.assert_frame_equal(threaded, measure(frame(*rows)).totals)
    assert threaded["mttr_low_seconds"].notna().all()


def test_progress_hears_of_reading_accounting_and_the_intervals() -> None:
    from uptime_calc.accounting.measure import measure_file

    calls: list[tuple[str, int, int]] = []
    m = measure_file(ROOT / "samples" / "incidents.csv", progress=lambda *call: calls.append(call))
    assert calls[:2] == [("reading incidents.csv", 0, 1), ("accounting", 0, 1)]
    intervals = [c for c in calls[2:] if c[0] == "uncertainty intervals"]
    assert intervals == calls[2:]  # nothing else
    groups = len(m.totals)
    # every group's interval in one vectorised pass (issue 12, item 10): started, the resamples drawn, done
    assert intervals[0] == ("uncertainty intervals", 0, 1) and intervals[-1] == ("uncertainty intervals", 1, 1)
    assert intervals[1:-1] == [("uncertainty intervals", 2000, 2000)]  # the sample's groups: one block
    silent = measure_file(ROOT / "samples" / "incidents.csv", uncertainty=False, progress=lambda *c: calls.append(c))
    assert calls[-1] == ("accounting", 0, 1) and len(silent.totals) == groups


def test_interval_on_weighted_availability_brackets_the_point_estimate():
    # found by QA: ten 1 h outages at impact 0.25 gave availability 99.452% beside an interval of
    # 96.04..98.94% (the interval was on unweighted outage time). Closed form (uptime.py docstring,
    # MIL-HDBK-338B chi-square bounds): T = 456 h - 10 h up, r = 10, each bound at 95% (Bonferroni for 90%),
    # two-sided 95% -> chi-square quantiles 0.975 and 0.025; MTTR exactly 1 h (every restore equal);
    # the unavailability scaled by the downtime share 0.25
    from scipy.stats import chi2

    starts = [f"2024-04-{d:02d}T01:00Z" for d in range(2, 21, 2)]
    f = frame(*[("s", t, t.replace("T01", "T02"), 0.25) for t in starts])
    f["impact"] = f["impact"].astype(float)
    m = measure(f, period="all")
    row = m.totals.iloc[0]
    t_up = 446 * HOUR
    mtbf_low, mtbf_high = 2 * t_up / chi2.ppf(0.975, 22), 2 * t_up / chi2.ppf(0.025, 20)
    assert row["unavailability_high"] == pytest.approx(0.25 * HOUR / (mtbf_low + HOUR), rel=1e-12)
    assert row["unavailability_low"] == pytest.approx(0.25 * HOUR / (mtbf_high + HOUR), rel=1e-12)
    assert row["availability_low_percent"] < row["availability_percent"] < row["availability_high_percent"]
    assert row["availability_percent"] == pytest.approx(100 * (1 - 2.5 / 456), rel=1e-12)


def test_bad_records_without_an_id_are_named_by_their_row():
    # found by QA: a zero-length record with a blank id was listed as ids [""], which finds nothing
    f = frame(("api", "2024-01-01T00:00Z", "2024-01-01T00:00Z", "major", False, "", ""),
              ("api", "2024-01-02T00:00Z", "2024-01-02T01:00Z", "major", False, "", "b"),
              ("api", "2024-01-03T00:00Z", "2024-01-03T00:00Z", "major", False, "", "c"))
    f["source_row"] = [7, 8, 9]
    m = measure(f, uncertainty=False)
    assert sorted(m.bad_records.zero_length_ids) == ["c", "row 7"]
    f["id"] = [None, "b", "c"]  # a library frame's missing id (it had read as "nan")
    assert sorted(measure(f, uncertainty=False).bad_records.zero_length_ids) == ["c", "row 7"]


def test_no_usable_records_says_why():
    f = frame(("api", "2024-01-01T00:00Z", "2024-01-01T00:00Z", "major"),
              ("api", "2024-01-02T00:00Z", "2024-01-01T00:00Z", "major"))
    with pytest.raises(InputError) as err:
        measure(f, uncertainty=False)
    assert str(err.value) == ("no usable incident records to place a reporting window on (all 2 records are "
                              "excluded: 1 zero-length, 1 ending before they start, 0 duplicated); "
                              "give --from and --to")
    with pytest.raises(InputError, match=r"\(the log has no incident records\)"):
        measure(f.iloc[:0], uncertainty=False)


def test_a_frame_with_a_time_nanoseconds_cannot_hold_is_an_error():
    # library use with a frame of second-resolution times: 2300-01-01 was an OutOfBoundsDatetime traceback
    f = pd.DataFrame({"service": ["a"], "start": pd.Series([pd.Timestamp("2024-01-01")]).dt.as_unit("s"),
                      "end": pd.Series([pd.Timestamp("2300-01-01")]).dt.as_unit("s")})
    with pytest.raises(InputError, match=r"the 'end' column has a time outside 1677-09-21 \.\. 2262-04-11"):
        measure(f)


def test_method_text_says_what_was_done():
    # QA (docs vs behaviour): "98% interval" for --confidence 0.975; "0 open" beside an open incident left
    # out; the series roll-up of maintenance named for a per-component report
    f = frame(("api", "2024-05-02T10:00Z", "2024-05-02T11:00Z", "major", False, "gw"),
              ("api", "2024-05-03T10:00Z", "2024-05-03T11:00Z", "major", False, "gw"),
              ("api", "2024-05-02T22:00Z", None, "major", False, "gw", "late"))
    m = measure(f, period="all", until="2024-05-02T21:00Z", confidence=0.975, rollup="components")
    assert m.method["uncertainty"].startswith("97.5% interval on long-run availability")
    assert m.method["open_incidents"].endswith(
        "; 1 more open but not counted (started at or after 2024-05-02T21:00:00+00:00, or ending before the window)")
    assert m.method["maintenance"] == "excluded from downtime and from the period length of its group"
    assert "rolled up in series" in measure(f, uncertainty=False).method["maintenance"]


def test_method_states_the_data_coverage():
    # SPEC 1: every result carries its data coverage; here the first start and the last end
    f = frame(("api", "2024-01-10T00:00Z", "2024-01-10T01:00Z", "major"),
              ("web", "2024-01-20T00:00Z", "2024-01-20T02:30Z", "major"))
    m = measure(f, uncertainty=False)
    assert m.method["coverage"] == ("usable records from 2024-01-10T00:00:00+00:00 to 2024-01-20T02:30:00+00:00; "
                                    "a group is up whenever no record says otherwise")


def test_mttd_counts_an_incident_listed_under_several_components_once():
    # QA (GCP): an incident listing 13 products counted 13 times in the service's MTTD. Here "big" is
    # listed under 3 components (detected after 60 min) and "small" under one (after 10 min):
    # per incident (60 + 10) / 2 = 35 min, not (3 x 60 + 10) / 4 = 47.5 min
    f = frame(("api", "2024-01-03T00:00Z", "2024-01-03T02:00Z", "major", False, "a", "big"),
              ("api", "2024-01-03T00:00Z", "2024-01-03T02:00Z", "major", False, "b", "big"),
              ("api", "2024-01-03T00:00Z", "2024-01-03T02:00Z", "major", False, "c", "big"),
              ("api", "2024-01-05T00:00Z", "2024-01-05T01:00Z", "major", False, "a", "small"))
    f["detected_at"] = pd.to_datetime(["2024-01-03T01:00Z"] * 3 + ["2024-01-05T00:10Z"], utc=True)
    assert one(measure(f, uncertainty=False), period="2024-01").mttd_seconds == 35 * 60
    # per component, each row is its own incident there
    split = measure(f, rollup="components", uncertainty=False)
    assert one(split, component="a").mttd_seconds == 35 * 60 and one(split, component="b").mttd_seconds == 3600


def test_a_window_reaching_past_the_time_limits_is_an_error():
    # review: --from 2262-04-11T23:00 (its month ends past 2262-04-11) and --to 1677-09-22 were tracebacks
    f = frame(("api", "2024-01-10T00:00Z", "2024-01-10T01:00Z", "major"))
    for window in (("2262-04-11T23:00", None), (None, "1677-09-22")):
        with pytest.raises(InputError, match="reach past 1677-09-21 .. 2262-04-11, the times this tool can hold"):
            measure(f, window=window, uncertainty=False)
