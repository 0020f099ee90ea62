"""A status page's posting time is reported as a time to post, not as MTTD (issue 12, item 11).

Statuspage's ``created_at`` and Google Cloud's ``created`` are when the incident was posted; the delay
from the impact's start is the time the page took to tell customers. Hand-worked values from the
Statuspage fixture of tests/test_incidents_presets.py: inc1 started 10:00 and was posted 10:05 (300 s);
inc2 has no started_at, so its start is its created_at (0 s); inc4 started and was posted at 00:00 (0 s);
inc3 is maintenance (left out). Mean over the three incidents of October 2023: 100 s.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from uptime_calc.accounting.measure import measure
from uptime_calc.accounting.records import DETECTED_AT_MEANS
from uptime_calc.incidents import read_incidents

from .test_incidents_presets import GCP, STATUSPAGE, dump

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def test_statuspage_created_at_is_a_time_to_post(tmp_path: Path) -> None:
    log = read_incidents(dump(tmp_path, "incidents.json", STATUSPAGE))
    assert log.method[DETECTED_AT_MEANS].startswith("time to post")
    m = measure(log, period="month", uncertainty=False)
    row = m.table.iloc[0]
    assert "mttd_seconds" not in m.table.columns
    assert row["time_to_post_seconds"] == pytest.approx(100.0)
    assert "time to post = detected_at - start" in m.method["response_times"]
    headers = [c.header for c in m.to_document().tables[0].columns]
    assert "Time to post" in headers and "MTTD" not in headers


def test_a_plain_log_keeps_mttd() -> None:
    import pandas as pd

    frame = pd.DataFrame({"service": ["a"], "start": pd.to_datetime(["2024-01-01T00:00Z"]),
                          "end": pd.to_datetime(["2024-01-01T01:00Z"]),
                          "detected_at": pd.to_datetime(["2024-01-01T00:04Z"])})
    m = measure(frame, uncertainty=False)
    assert m.table.iloc[0]["mttd_seconds"] == 240.0 and "time_to_post_seconds" not in m.table.columns


def test_gcp_created_is_a_time_to_post(tmp_path: Path) -> None:
    # g1 began 13:37:44 and was posted 14:05:02: 27 min 18 s = 1,638 s
    log = read_incidents(dump(tmp_path, "incidents.json", GCP))
    assert log.method[DETECTED_AT_MEANS].startswith("time to post") and "(created)" in log.method[DETECTED_AT_MEANS]
    totals = measure(log, period="all", uncertainty=False).totals.set_index("service")
    assert totals.loc["Multiple Products", "time_to_post_seconds"] == 1638.0


def test_gcp_flat_export_posting_time(tmp_path: Path) -> None:
    path = tmp_path / "gcp.csv"
    path.write_text("id,begin,end,created,service_name,severity,external_desc,affected_products\n"
                    "g1,2022-07-01T13:37:44Z,2022-07-01T19:25:45Z,2022-07-01T14:05:02Z,BigQuery,high,x,"
                    "Google BigQuery\n",
                    encoding="utf-8")
    log = read_incidents(path)
    assert log.preset == "gcp" and log.method[DETECTED_AT_MEANS].startswith("time to post")


@pytest.mark.realdata
def test_github_history_reports_time_to_post() -> None:
    path = DATA / "github" / "githubstatus_incidents_2010-2023.json.xz"
    if not path.exists():
        pytest.skip("../shared/data is absent")
    m = measure(read_incidents(path), period="year", uncertainty=False)
    assert "time_to_post_seconds" in m.totals.columns and "mttd_seconds" not in m.totals.columns
