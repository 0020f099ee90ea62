"""``uptime-calc requests`` on the command line: output, malformed lines on stderr, exit codes."""

from __future__ import annotations

import json

from .conftest import ROOT, invoke

SAMPLE = str(ROOT / "samples" / "access_nginx.log")


def test_markdown_rows_hand_counted(runner: object) -> None:
    result = invoke(runner, "requests", SAMPLE, "--period", "day", "-f", "markdown", "--table", "rows")  # type: ignore[arg-type]
    assert result.exit_code == 0  # type: ignore[attr-defined]
    # samples/README.md: 1 Mar 6 good of 8 valid (429 excluded), 2 Mar 8 of 9
    assert "| 2024-03-01 | 75% | 0.60 | 6 | 8 | 2 | 1 |" in result.stdout  # type: ignore[attr-defined]
    assert "| 2024-03-02 | 88.9% | 0.95 | 8 | 9 | 1 | 0 |" in result.stdout  # type: ignore[attr-defined]
    assert result.stderr.startswith("Warning: 1 malformed line(s) skipped: line 10: ")  # type: ignore[attr-defined]


def test_json_keys_slo_and_sla(runner: object) -> None:
    result = invoke(runner, "requests", SAMPLE, "--period", "all", "--slo", "90", "--sla", "aws-ec2",  # type: ignore[arg-type]
                    "--group-by", "route", "-f", "json")
    doc = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert doc["malformed"]["lines"] == 1 and doc["malformed"]["shown"][0]["line"] == 10
    orders = next(r for r in doc["totals"] if r["route"] == "/api/orders")
    # 2 bad of 9 valid against 90%: budget 0.9 requests, burn 2/9 / 0.1
    assert abs(orders["budget_requests"] - 0.9) < 1e-12
    assert abs(orders["burn_rate"] - (2 / 9) / 0.1) < 1e-12
    assert orders["slo_met"] is False
    assert orders["credit_percent"] == 100.0  # AWS EC2 region: below 95% earns 100%
    assert doc["method"]["grouping"] == "per route (path without query)"


def test_strict_exits_1_naming_the_line(runner: object) -> None:
    result = invoke(runner, "requests", SAMPLE, "--strict")  # type: ignore[arg-type]
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "access_nginx.log, row 10: malformed line" in result.stderr  # type: ignore[attr-defined]


def test_usage_errors_exit_2(runner: object) -> None:
    bad = invoke(runner, "requests", SAMPLE, "--exclude", "4xx")  # type: ignore[arg-type]
    assert bad.exit_code == 2 and "cannot read status code '4xx'" in bad.stderr  # type: ignore[attr-defined]
    step = invoke(runner, "requests", SAMPLE, "--rolling", "abc")  # type: ignore[arg-type]
    assert step.exit_code == 2  # type: ignore[attr-defined]


def test_fail_under_exits_3(runner: object) -> None:
    result = invoke(runner, "requests", SAMPLE, "--period", "day", "--fail-under", "80", "-f", "json")  # type: ignore[arg-type]
    assert result.exit_code == 3  # type: ignore[attr-defined]
    assert "Target missed: 2024-03-01: 75% < 80%" in result.stderr  # type: ignore[attr-defined]


def test_rolling_on_requests(runner: object) -> None:
    counts = str(ROOT / "samples" / "request_counts.csv")
    result = invoke(runner, "requests", counts, "--slo", "99.9", "--rolling", "7d", "-f", "json",  # type: ignore[arg-type]
                    "--table", "rolling_summary")
    row = json.loads(result.stdout)["rolling_summary"][0]  # type: ignore[attr-defined]
    # 7-day windows end 8..11 Mar; those holding 8 Mar (1217 bad) miss 0.1% of 403,200 = 403.2
    assert row["windows"] == 4 and row["out_of_compliance_steps"] == 3
    assert abs(row["worst_unavailability"] - (6 * 18 + 1217) / (7 * 57600)) < 1e-15
    assert abs(row["budget_remaining_requests"] - (403.2 - (4 * 18 + 1217 + 2 * 18))) < 1e-9
