"""Real public incident data (../shared/data): GitHub's Statuspage history and GCP incidents.

The counts asserted come from each folder's SOURCE.md, and the downtime is cross-checked against
the plain-Python reference sweep run on the raw JSON (a separate parse and a separate algorithm).
"""

from __future__ import annotations

import gzip
import json
import lzma
from collections import Counter
from datetime import datetime

import numpy as np
import pandas as pd
import pytest

from benchmarks.reference_incidents import account as reference_account
from uptime_calc.accounting.measure import measure

pytestmark = pytest.mark.realdata

GITHUB = "github/githubstatus_incidents_2010-2023.json.xz"
GCP = "gcp/gcp_incidents_2021-07_2022-07.json.gz"


def _ns(text: str) -> int:
    return int(pd.Timestamp(datetime.fromisoformat(text.replace("Z", "+00:00"))).value)


@pytest.fixture(scope="module")
def github(request):
    from .conftest import SHARED_DATA

    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is absent")
    from uptime_calc.incidents import read_incidents

    path = SHARED_DATA / GITHUB
    log = read_incidents(path)
    return path, log, measure(log, group_by="component", period="month")


def test_github_bad_records_match_source_md(github):
    _, log, m = github
    bad = m.bad_records
    # SOURCE.md: "3 incidents have resolved_at BEFORE started_at (qb2vmff9bnf5, qrrdvssfmrs2, nk9gdvl03ztg)"
    assert set(bad.end_before_start_ids) == {"qb2vmff9bnf5", "qrrdvssfmrs2", "nk9gdvl03ztg"}
    # SOURCE.md: "all 832 incidents from 2010-2018 have resolved_at == started_at" - reported, not counted.
    first = log.frame.drop_duplicates("id").set_index("id")["start"]
    zero = first.loc[list(bad.zero_length_ids)]
    assert (zero.dt.year <= 2018).sum() == 832
    # plus 4 later zero-length incidents (2019, 2021), counted here from the raw JSON independently
    assert len(bad.zero_length_ids) == 836
    assert m.method["bad_records"].startswith("836 zero-length, 3 ending before they start")


def test_github_component_monthly_availability(github):
    path, _, m = github
    t = m.table
    assert {"Git Operations", "Issues", "Actions", "API Requests", "Pages", "Webhooks"} <= set(t["component"])
    assert t["unavailability"].between(0, 1).all()
    assert (t["downtime_seconds"] <= t["period_seconds"]).all()
    # months are calendar months in UTC: 28 to 31 days
    assert set((t["period_seconds"] / 86400).round(6)) <= {28.0, 29.0, 30.0, 31.0}
    # the 2010-2018 records are all zero-length (excluded), so the default window starts in 2019
    assert m.method["window"].startswith("2019-01-01T00:00:00+00:00 .. 2023-11-01T00:00:00+00:00")

    # cross-check the total weighted downtime per component against the reference sweep on the raw JSON
    raw = json.load(lzma.open(path))["incidents"]
    weights = {"none": 0.0, "minor": 0.0, "major": 1.0, "critical": 1.0}
    records = []
    for inc in raw:
        s, e = _ns(inc["started_at"]), _ns(inc["resolved_at"])
        w = weights[inc["impact"]]
        names = {c["name"] for c in inc.get("components") or [] if not c["name"].startswith("Visit ")} or {""}
        if e > s and w > 0:
            records += [(name, s, e, w, False) for name in names]
    lo, hi = pd.Timestamp("2019-01-01", tz="UTC").value, pd.Timestamp("2023-11-01", tz="UTC").value
    ref = reference_account(records, [lo, hi])
    ours = m.totals.set_index("component")["downtime_seconds"]
    for (component, _), (downtime_ns, outages) in ref.items():
        assert ours[component] == pytest.approx(downtime_ns / 1e9, abs=1e-3), component
        assert m.totals.set_index("component").loc[component, "incidents"] == outages


def test_gcp_products_monthly(shared_data):
    from uptime_calc.incidents import read_incidents

    path = shared_data / GCP
    m = measure(read_incidents(path), group_by="component", period="month")
    bad = m.bad_records
    # SOURCE.md: "All 157 incidents are closed (end present); no negative durations"
    assert bad.end_before_start_rows == 0 and bad.zero_length_rows == 0
    assert not any("still open" in w for w in m.warnings)
    # GCP posted the 2021-11-12 event as 12 incidents with the same begin, end, severity and (mostly)
    # the same products: every product row after its first posting is a duplicate. Counted from the raw JSON:
    raw = json.load(gzip.open(path))
    rows = [(i["begin"], i["end"], i["severity"], p["title"], i["id"]) for i in raw for p in i["affected_products"]]
    seen: Counter = Counter()
    dup_ids, dup_rows = set(), 0
    for begin, end, severity, product, ident in rows:
        seen[(begin, end, severity, product)] += 1
        if seen[(begin, end, severity, product)] > 1:
            dup_ids.add(ident)
            dup_rows += 1
    assert set(bad.duplicate_ids) == dup_ids
    assert bad.duplicate_rows == dup_rows
    # 13 months from July 2021 to July 2022 per product
    months = [f"2021-{mo:02d}" for mo in range(7, 13)] + [f"2022-{mo:02d}" for mo in range(1, 8)]
    assert list(m.table["period"].unique()) == months
    assert np.all(m.table["unavailability"] <= 1)
