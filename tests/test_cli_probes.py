"""``uptime-calc probes``: output, the incident-log round trip, exit codes and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from uptime_calc.cli import main

from .conftest import ROOT

SAMPLE = str(ROOT / "samples" / "probes.csv")


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_json_keys_and_values(runner: CliRunner) -> None:
    code, out, _ = run(runner, "probes", SAMPLE, "--period", "day", "-f", "json")
    assert code == 0
    doc = json.loads(out)
    assert set(doc) == {"method", "snippets", "rows", "totals", "correlated", "warnings"}
    api = next(r for r in doc["rows"] if r["target"] == "api")
    assert api["downtime_seconds"] == 360.0 and api["availability_percent"] == pytest.approx(70.0)
    assert api["raw_availability_percent"] == pytest.approx(65.0)
    assert "rise 2, fall 3" in doc["method"]["rule"]
    assert doc["method"]["unknown"].startswith("excluded from downtime and from the period length")
    assert doc["snippets"]["detection"].startswith("detection: {interval: 60s, fall: 3}")
    # api and web are both down in minutes 8 and 9: P(web | api) = 2 / 6 rounds both probed, P(api | web) = 2 / 2
    pair = next(r for r in doc["correlated"] if {r["target_a"], r["target_b"]} == {"api", "web"})
    assert pair["both_down_rounds"] == 2
    assert sorted([pair["p_b_down_given_a_down"], pair["p_a_down_given_b_down"]]) == [pytest.approx(1 / 3), 1.0]


def test_table_prints_the_method_and_snippets(runner: CliRunner) -> None:
    code, out, _ = run(runner, "probes", SAMPLE, "--period", "day", "--rise", "1", "--fall", "2", "--down-at", "fall")
    assert code == 0
    assert "rule: rise 1, fall 2" in out
    assert "--down-at fall" in out
    assert "Scenario snippet (detection):\ndetection: {interval: 60s, fall: 2}" in out


def test_to_incidents_round_trip(runner: CliRunner, tmp_path: Path) -> None:
    log = tmp_path / "outages.csv"
    code, out, err = run(runner, "probes", SAMPLE, "--period", "day", "--tz", "Europe/Berlin", "--to-incidents",
                         str(log), "-f", "json")
    assert code == 0 and f"Wrote {log}" in err
    probes = {r["target"]: r for r in json.loads(out)["rows"]}
    code, out, _ = run(runner, "incidents", str(log), "--period", "day", "--tz", "Europe/Berlin", "-f", "json",
                       "--from", "2024-03-01", "--to", "2024-03-02")
    assert code == 0
    incidents = {r["service"]: r for r in json.loads(out)["rows"]}
    assert set(incidents) == set(probes)
    for name, row in incidents.items():
        # unknown time is maintenance there: excluded from the period length in the same way
        assert row["downtime_seconds"] == probes[name]["downtime_seconds"]
        assert row["period_seconds"] == probes[name]["observed_seconds"]
        assert row["unavailability"] == probes[name]["unavailability"]
        assert row["incidents"] == probes[name]["outages"]


def test_fail_under_exits_3(runner: CliRunner) -> None:
    code, _, err = run(runner, "probes", SAMPLE, "--period", "day", "--fail-under", "80")
    assert code == 3
    assert "Target missed: api 2024-03-01: 70% < 80%" in err


def test_usage_errors_exit_2(runner: CliRunner) -> None:
    assert run(runner, "probes", SAMPLE, "--rise", "0")[0] == 2
    assert run(runner, "probes", SAMPLE, "--from", "2024-03-02", "--to", "2024-03-01")[0] == 2
    assert run(runner, "probes", SAMPLE, "--columns", "when=time")[0] == 2


def test_bad_file_exits_1_naming_the_place(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("time,target,result\n2024-01-01T00:00Z,a,up\n2024-01-01T00:01Z,a,perhaps\n", encoding="utf-8")
    code, _, err = run(runner, "probes", str(bad))
    assert code == 1
    assert err.startswith("Error: bad.csv, row 3, column 'result': cannot read the result 'perhaps'")


def test_matrix_needs_interval(runner: CliRunner, tmp_path: Path) -> None:
    matrix = tmp_path / "m.csv"
    matrix.write_text("a,b\n1,1\n0,1\n", encoding="utf-8")
    code, _, err = run(runner, "probes", str(matrix))
    assert code == 1 and "give --interval" in err
    code, out, _ = run(runner, "probes", str(matrix), "--interval", "1m", "--start", "2024-05-01T10:00", "-f", "json")
    assert code == 0
    assert "round i placed at 2024-05-01T10:00:00+00:00 + i x 60s" in json.loads(out)["method"]["rounds"]
