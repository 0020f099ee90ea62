"""Access logs and request tables in each supported format: good / valid counted by hand.

Every expected count below is counted from the lines written out in the test itself.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pytest

from uptime_calc.accounting.requests import measure_requests
from uptime_calc.errors import InputError
from uptime_calc.signals.requests import read_requests

from .conftest import ROOT

SAMPLE = ROOT / "samples" / "access_nginx.log"
COUNTS = ROOT / "samples" / "request_counts.csv"


def totals(m: object) -> dict[str, int]:
    row = m.totals.iloc[0]  # type: ignore[attr-defined]
    return {k: int(row[f"{k}_requests"]) for k in ("good", "valid", "bad", "excluded")}


def test_nginx_sample_by_day_hand_counted() -> None:
    # samples/README.md: 1 Mar (UTC) has 200 200 200 500 503 429 200 404 200 -> 429 excluded, 500 and 503 bad;
    # 2 Mar has the -0500 line (04:30 UTC) and 200 502 499 200 200 200 200 304 -> 502 bad
    log = read_requests(SAMPLE)
    assert log.method["format"].startswith("nginx/Apache combined (detected")
    assert (log.rows, log.malformed, len(log.time_ns)) == (20, 1, 18)  # line 11 is blank: neither
    assert log.malformed_shown[0][0] == 10
    m = measure_requests(log, period="day")
    got = m.table[["period", "good_requests", "valid_requests", "bad_requests", "excluded_requests"]]
    assert got.values.tolist() == [["2024-03-01", 6, 8, 2, 1], ["2024-03-02", 8, 9, 1, 0]]
    assert m.totals.iloc[0]["availability_percent"] == pytest.approx(100 * 14 / 17, rel=1e-12)


def test_nginx_sample_new_york_days_slow_and_exclude() -> None:
    # in America/New_York the 23:30 -0500 line stays on 1 Mar; --slow 500ms adds the 1.5 s and 0.6 s 200s
    # (the 0.9 s 500 was bad already); --exclude 429,499 leaves the 499 out too
    log = read_requests(SAMPLE, tz="America/New_York")
    m = measure_requests(log, period="day", tz="America/New_York", slow=0.5, exclude="429,499")
    got = m.table[["period", "good_requests", "valid_requests", "bad_requests", "slow_requests",
                   "excluded_requests"]]
    assert got.values.tolist() == [["2024-03-01", 6, 9, 3, 2, 1], ["2024-03-02", 5, 7, 2, 1, 1]]
    assert str(m.table.iloc[0]["period_start"]) == "2024-03-01 00:00:00-05:00"


def test_nginx_sample_per_route() -> None:
    # /api/orders: 200 200 500 503 200 200 499 200 200; /api/users: 200 429 200 502 200 (/api/users/42 apart)
    m = measure_requests(read_requests(SAMPLE, group_by="route"), period="all")
    rows = {r["route"]: (r["good_requests"], r["valid_requests"]) for _, r in m.totals.iterrows()}
    assert rows == {"/api/orders": (7, 9), "/api/users": (3, 4), "/api/users/42": (1, 1), "/health": (2, 2),
                    "/static/app.js": (1, 1)}


def test_haproxy_http_log(tmp_path: Path) -> None:
    # the first line is HAProxy's documented httplog example (configuration manual, 8.2.3); local times
    # read in --tz; the host is the backend; latency is Ta (ms)
    lines = [
        'Feb  6 12:14:14 localhost haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in '
        'static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} "GET /index.html HTTP/1.1"',
        '10.0.1.3:40000 [06/Feb/2009:12:14:15.001] http-in api/srv2 5/0/1/2500/2506 200 10 - - ---- '
        '2/2/1/1/0 0/0 "GET /api/x HTTP/1.1"',
        '10.0.1.4:40001 [06/Feb/2009:12:14:16.000] http-in api/srv2 5/0/1/-1/8 503 212 - - SC-- 2/2/1/1/0 '
        '0/0 "GET /api/y HTTP/1.1"',
        '10.0.1.5:40002 [06/Feb/2009:12:14:17.000] http-in api/<NOSRV> -1/-1/-1/-1/+3 -1 0 - - CR-- 1/1/0/0/0 '
        '0/0 "<BADREQ>"',
        "not an haproxy line",
    ]
    path = tmp_path / "haproxy.log"
    path.write_text("\n".join(lines) + "\n")
    log = read_requests(path, tz="Europe/Paris", group_by="host")
    assert log.method["format"].startswith("HAProxy")
    assert log.malformed == 1 and log.malformed_shown[0][0] == 5
    assert log.latency_s is not None and log.latency_s.tolist()[:3] == pytest.approx([0.109, 2.506, 0.008])
    # 12:14:14 in Paris (CET, +01:00) is 11:14:14 UTC
    assert int(log.time_ns[0]) == 1233918854 * 10**9
    m = measure_requests(log, period="all", tz="Europe/Paris", slow=2.0)
    rows = {r["host"]: (r["good_requests"], r["valid_requests"], r["excluded_requests"])
            for _, r in m.totals.iterrows()}
    # api: 200 slow (2.506 s) bad, 503 bad, -1 (no response) excluded; static: one good
    assert rows == {"api": (0, 2, 1), "static": (1, 1, 0)}


def test_envoy_default_format(tmp_path: Path) -> None:
    # the first line is the example of Envoy's access-log docs ("Default format string")
    lines = [
        '[2016-04-15T20:17:00.310Z] "POST /api/v1/locations HTTP/2" 204 - 154 0 226 100 "10.0.35.28" '
        '"nsq2http" "cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2" "locations" "tcp://10.0.2.1:80"',
        '[2016-04-15T20:17:01.000Z] "GET /api/v1/locations HTTP/2" 503 UH 0 91 1 - "-" "curl/8" '
        '"a1" "locations" "-"',
        '[2016-04-15T20:17:02.000Z] "GET /api/v1/users HTTP/1.1" 0 DC 0 0 12 - "-" "curl/8" "a2" "users" "-"',
        '[2016-04-15T20:17:03.000Z] "GET /api/v1/users HTTP/1.1" 429 RL 0 0 1 - "-" "curl/8" "a3" "users" "-"',
        '[2016-04-15T20:17:04.000Z] "GET /api/v1/users HTTP/1.1" 200 - 0 10 40 39 "-" "curl/8" "a4" "users" '
        '"10.0.2.2:80"',
    ]
    path = tmp_path / "envoy.log.gz"
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    log = read_requests(path, group_by="host")
    assert log.method["format"].startswith("Envoy") and log.malformed == 0
    assert int(log.time_ns[0]) == 1460751420 * 10**9  # to the second
    m = measure_requests(log, period="all")
    rows = {r["host"]: (r["good_requests"], r["valid_requests"], r["excluded_requests"])
            for _, r in m.totals.iterrows()}
    # locations: 204 good, 503 bad; users: 0 (downstream gone) and 429 excluded, 200 good
    assert rows == {"locations": (1, 2, 0), "users": (1, 1, 2)}


def test_csv_of_requests_with_latency_ms_and_route(tmp_path: Path) -> None:
    path = tmp_path / "req.csv"
    path.write_text("timestamp,status_code,latency_ms,route\n"
                    "2024-05-01T10:00:00,200,120,/a\n"
                    "2024-05-01T10:00:01,500,20,/a\n"
                    "2024-05-01T23:30:00,200,900,/b\n"
                    "not a time,200,1,/b\n"
                    "2024-05-02T01:00:00,429,1,/b\n")
    log = read_requests(path, tz="Asia/Tokyo", group_by="route")
    assert log.malformed == 1 and log.malformed_shown[0][0] == 5  # the header is line 1
    m = measure_requests(log, period="day", tz="Asia/Tokyo", slow=0.5)
    got = m.table[["route", "period", "good_requests", "valid_requests"]].values.tolist()
    # naive times are Tokyo times: all on 1 or 2 May local; /b's 900 ms is slow, its 429 excluded
    assert got == [["/a", "2024-05-01", 1, 2], ["/a", "2024-05-02", 0, 0],
                   ["/b", "2024-05-01", 0, 1], ["/b", "2024-05-02", 0, 0]]


def test_json_lines_of_requests(tmp_path: Path) -> None:
    path = tmp_path / "req.jsonl"
    rows = [{"time": "2024-05-01T10:00:00Z", "status": 200, "latency": 0.1, "host": "a"},
            {"time": "2024-05-01T10:00:01Z", "status": 502, "latency": 0.1, "host": "a"},
            {"time": "2024-05-01T10:00:02Z", "status": 301, "latency": 0.1, "host": "b"}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    m = measure_requests(read_requests(path, group_by="host"), period="all")
    assert [(r["host"], r["good_requests"], r["valid_requests"]) for _, r in m.totals.iterrows()] == [
        ("a", 1, 2), ("b", 1, 1)]


def test_counts_sample_per_day() -> None:
    # samples/README.md: 288 rows of 200 a day, one bad in every 16th row (18 a day); on 8 Mar the 12 rows
    # (10:00, 11:00] have 100 bad each, one of them (row 2144) one of the every-16th: 18 - 1 + 1200 = 1217
    m = measure_requests(read_requests(COUNTS), period="day")
    assert m.table["valid_requests"].tolist() == [57600.0] * 10
    assert m.table["bad_requests"].tolist() == [18.0] * 7 + [1217.0] + [18.0] * 2
    assert m.table["period"].iloc[-1] == "2024-03-10"  # the row stamped 11 Mar 00:00 counts the day that ended


def test_counts_with_bad_column_and_prometheus_seconds(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("time,bad,total\n1714521600,5,1000\n1714525200,0,1000\n1714528800,,1000\n")
    log = read_requests(path)
    assert log.kind == "counts" and log.malformed == 1
    assert totals(measure_requests(log, period="all")) == {"good": 1995, "valid": 2000, "bad": 5, "excluded": 0}


def test_format_named_and_wrong(tmp_path: Path) -> None:
    log = read_requests(SAMPLE, log_format="nginx")
    assert log.method["format"] == "nginx/Apache combined (given (--log-format))"
    wrong = read_requests(SAMPLE, log_format="envoy")
    assert wrong.malformed == 19 and len(wrong.time_ns) == 0
    with pytest.raises(InputError, match="no request could be read"):
        measure_requests(wrong)


def test_strict_stops_at_the_first_malformed_line() -> None:
    with pytest.raises(InputError, match=r"access_nginx.log, row 10: malformed line"):
        read_requests(SAMPLE, strict=True)


def test_undetectable_file(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text("hello\nworld\n")
    with pytest.raises(InputError, match="cannot tell the format"):
        read_requests(path)


def test_host_grouping_of_a_combined_log_is_refused() -> None:
    with pytest.raises(InputError, match="names no host"):
        read_requests(SAMPLE, group_by="host")


def test_slow_without_latency(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="--slow needs a latency"):
        measure_requests(read_requests(COUNTS), slow=1.0)


def test_hostile_lines_are_malformed_not_fatal(tmp_path: Path) -> None:
    good = '1.2.3.4 - - [01/Mar/2024:09:00:01 +0000] "GET / HTTP/1.1" 200 5 "-" "x"'
    lines = [good, "\x1f" + good, good.replace("01/Mar", "41/Mar"), good.replace(" 200 ", " 2000 "),
             '"' * 5000, good + " trailing junk", good]
    path = tmp_path / "h.log"
    path.write_text("\n".join(lines) + "\n")
    log = read_requests(path, log_format="combined")
    assert len(log.time_ns) == 2 and log.malformed == 5
    assert np.all(log.status == 200)
