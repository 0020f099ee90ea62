"""The steps of ``measure()`` one at a time: read columns, flag bad records, window and clip, account,
tables. Expected values are worked out by hand in the comments."""

from __future__ import annotations

import pandas as pd
import pytest

from uptime_calc.accounting.measure import account_records, flag_bad, make_tables, read_columns, window_and_clip
from uptime_calc.accounting.records import NAT
from uptime_calc.accounting.weights import DEFAULT_WEIGHTS
from uptime_calc.errors import InputError

from .conftest import incident_frame

H = 3600 * 10**9


def _ns(text: str) -> int:
    return pd.Timestamp(text).value


LOG = incident_frame(
    ("api", "2024-03-30T22:00Z", "2024-03-31T02:00Z", "partial"),  # crosses into the window (Berlin, March 31)
    ("api", "2024-03-31T05:00Z", "2024-03-31T05:00Z", "major"),  # zero length
    ("api", "2024-03-31T07:00Z", "2024-03-31T06:00Z", "major"),  # ends before it starts
    ("db", "2024-03-31T08:00Z", "2024-03-31T09:00Z", "major"),
    ("db", "2024-03-31T08:00Z", "2024-03-31T09:00Z", "major"),  # a copy of the record above
    ("db", "2024-03-31T08:30Z", "2024-03-31T08:45Z", "maintenance", True),
    ("db", "2024-03-31T20:00Z", None, "critical"),  # still open
)


def _columns(tz: str = "Europe/Berlin"):
    return read_columns(LOG, "log.csv", ("service",), tz, DEFAULT_WEIGHTS)


def test_read_columns_gives_ns_weights_and_group_codes():
    cols = _columns()
    assert cols.start[0] == _ns("2024-03-30T22:00Z")
    assert cols.end[6] == NAT
    assert cols.weight.tolist()[:4] == [0.5, 1.0, 1.0, 1.0]  # SPEC 3.B: partial 0.5, major 1
    assert cols.group.tolist() == [0, 0, 0, 1, 1, 1, 1]  # api, db in sorted order
    assert cols.maintenance.tolist() == [False] * 5 + [True, False]


def test_read_columns_names_the_row_without_a_start():
    bad = LOG.copy()
    bad.loc[3, "start"] = pd.NaT
    with pytest.raises(InputError, match="no start time") as info:
        read_columns(bad, "log.csv", ("service",), "UTC", DEFAULT_WEIGHTS)
    assert "row 4" in str(info.value) and "start" in str(info.value)


def test_flag_bad_reports_each_kind_by_id():
    bad = flag_bad(_columns())
    assert bad.ok.tolist() == [True, False, False, True, False, True, True]
    assert bad.report.zero_length_ids == ("r2",)
    assert bad.report.end_before_start_ids == ("r3",)
    assert bad.report.duplicate_ids == ("r5",)  # the later copy goes, the first stays
    assert bad.is_open.tolist() == [False] * 6 + [True]


def test_window_and_clip_in_berlin_on_the_spring_forward_day():
    # the window is Berlin's 2024-03-31 (22:00Z on the 30th to 22:00Z on the 31st: 23 hours); the
    # first record is clipped to 22:00Z, the open one ends at the window's end, with a warning
    cols = _columns()
    win = window_and_clip(cols, flag_bad(cols), window=("2024-03-31", "2024-04-01"), until=None, period="day",
                          tz="Europe/Berlin")
    assert (win.lo, win.hi) == (_ns("2024-03-30T23:00Z"), _ns("2024-03-31T22:00Z"))
    assert win.hi - win.lo == 23 * H
    assert win.start[0] == _ns("2024-03-30T23:00Z") and win.clipped == 1
    assert win.end[6] == win.hi and win.open_ok.tolist()[6]
    assert len(win.warnings) == 1 and "still open" in win.warnings[0]


def test_account_and_tables_by_hand():
    # api: partial 23:00Z..02:00Z = 3 h x 0.5 = 1.5 h. db: 08:00..09:00 less maintenance 08:30..08:45
    # = 45 min, and the open critical 20:00Z..22:00Z = 2 h: 2.75 h, two outages; db's period is
    # 23 h - 15 min of maintenance
    cols = _columns()
    win = window_and_clip(cols, flag_bad(cols), window=("2024-03-31", "2024-04-01"), until=None, period="day",
                          tz="Europe/Berlin")
    acc, tot, down, maintenance = account_records(cols, win)
    assert acc.downtime_ns[:, 0].tolist() == [1.5 * H, 2.75 * H]
    assert tot.outages[:, 0].tolist() == [1, 2]
    assert maintenance[0].tolist() == [1]
    warnings: list[str] = []
    table, totals, sla, response = make_tables(cols, win, acc, tot, warnings, count_maintenance=False,
                                               posted=False, slo=None, sla=None, period="day", tz="Europe/Berlin")
    assert table["downtime_seconds"].tolist() == [1.5 * 3600, 2.75 * 3600]
    assert table["period_seconds"].tolist() == [23 * 3600, 23 * 3600 - 900]
    assert totals["incidents"].tolist() == [1, 2]
    assert sla is None and not response and warnings == []
