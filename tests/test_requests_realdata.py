"""The real Apache access log in ../shared/data/access_logs gives the counts its SOURCE.md states."""

from __future__ import annotations

from pathlib import Path

import pytest

from uptime_calc.accounting.requests import measure_requests
from uptime_calc.signals.requests import read_requests

pytestmark = pytest.mark.realdata


def test_apache_log_counts_from_source_md(shared_data: Path) -> None:
    path = shared_data / "access_logs" / "apache_logs.xz"
    if not path.is_file():
        pytest.skip("access_logs/apache_logs.xz is absent")
    log = read_requests(path)
    # SOURCE.md: 10,000 lines, Apache combined, one malformed line (8899, no closing quote), 3 x 500
    assert log.method["format"].startswith("nginx/Apache combined")
    assert (log.rows, log.malformed, len(log.time_ns)) == (10_000, 1, 9_999)
    assert [n for n, _ in log.malformed_shown] == [8899]
    assert int((log.status == 500).sum()) == 3 and int((log.status >= 500).sum()) == 3
    # SOURCE.md (a) with the malformed line dropped: 9,996 / 9,999; (b) excluding 429 changes nothing (no 429s)
    for exclude in ("none", "429"):
        m = measure_requests(log, period="all", exclude=exclude)
        row = m.totals.iloc[0]
        assert (row["good_requests"], row["valid_requests"], row["excluded_requests"]) == (9_996, 9_999, 0)
    # SOURCE.md: 84 hours, none empty; the worst hour 2015-05-18 03:00 at 113 / 114
    series = measure_requests(log, period="all").series(3600 * 10**9)
    valid = series.valid[0][series.valid[0] > 0]
    assert len(valid) == 84 and valid.min() == 74 and valid.max() == 136
    bad_hours = (series.bad[0] > 0).nonzero()[0]
    assert len(bad_hours) == 3
    worst = int(((series.bad[0] / series.valid[0].clip(1))).argmax())
    assert (series.bad[0][worst], series.valid[0][worst]) == (1, 114)
    assert worst - int((series.valid[0] > 0).argmax()) == 17  # 2015-05-17 10:00 + 17 h = 2015-05-18 03:00
