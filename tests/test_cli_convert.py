"""The conversion commands as a user runs them: exact text, JSON keys, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from uptime_calc import __version__
from uptime_calc.cli import COMMANDS, main

from .conftest import ROOT


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_nines_json_default_year() -> None:
    code, out, _ = run("nines", "99.9", "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert data["conventions"]["year"] == "365.25 days"
    row = data["results"][0]
    assert set(row) >= {"availability_percent", "availability_fraction", "unavailability", "nines",
                        "downtime_per_year_seconds", "downtime_per_month_seconds"}
    # 8 h 45 m 57.6 s = 31557.6 s under the 365.25-day year
    assert row["downtime_per_year_seconds"] == pytest.approx(31557.6, rel=1e-15)


def test_nines_365_day_year_and_30_day_month() -> None:
    _, out, _ = run("nines", "99.9", "-f", "json", "--year-days", "365", "--month-days", "30")
    row = json.loads(out)["results"][0]
    assert row["downtime_per_year_seconds"] == pytest.approx(8.76 * 3600, rel=1e-15)  # 8.76 h
    assert row["downtime_per_month_seconds"] == pytest.approx(43.2 * 60, rel=1e-15)  # 43.2 min


def test_nines_table_names_its_conventions() -> None:
    code, out, _ = run("nines", "99.9", "--per", "28d")
    assert code == 0
    assert "│ 99.9   │        99.9% │  3.00 │  3.6s │ 1m 26.4s │ 10m 4.8s │" in out
    assert "8h 45m 57.6s" in out and "40m 19.2s" in out  # 0.1% of 28 days = 2419.2 s
    assert "Conventions:\n  year: 365.25 days\n  month: year/12 = 30.4375 days\n" in out


def test_twenty_nines_stay_twenty_nines() -> None:
    _, out, _ = run("nines", "99.999999999999999999")
    assert "99.999999999999999999%" in out and "│ 20.00 │" in out
    assert "100%" not in out and "inf" not in out
    _, out, _ = run("nines", "99.999999999999999999", "-f", "json")
    row = json.loads(out)["results"][0]
    assert row["unavailability"] == pytest.approx(1e-20, rel=1e-15)
    assert row["nines"] == pytest.approx(20, rel=1e-15)


def test_csv_and_markdown() -> None:
    _, out, _ = run("nines", "99.95", "4n", "-f", "csv")
    lines = out.splitlines()
    assert lines[0].startswith("target,availability_percent,availability_fraction,unavailability,nines,")
    fields = lines[2].split(",")
    assert fields[:5] == ["4n", "99.99", "0.9999", "0.0001", "4.0"]
    assert float(fields[5]) == pytest.approx(0.36, rel=1e-15)  # 1e-4 of an hour, full precision
    _, out, _ = run("nines", "99.95", "-f", "markdown")
    assert "| 99.95 | 99.95% | 3.30 | 1.8s | 43.2s |" in out
    assert "- year: 365.25 days" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nines", "abc"], "cannot read availability 'abc'"),
        (["nines", "0.9995"], "write it as a percentage (99.95%)"),
        (["nines", "101%"], "is above 100%"),
        (["availability", "--mtbf", "10h", "--mttr", "-5m"], "--mttr must be zero or more"),
        (["availability", "--mtbf", "soon", "--mttr", "5m"], "expected a duration like 90s"),
    ],
)
def test_bad_input_is_a_usage_error_without_traceback(args: list[str], message: str) -> None:
    code, out, err = run(*args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err and out == ""


def test_library_errors_exit_1() -> None:
    code, out, err = run("availability", "--downtime", "1h")
    assert code == 1 and out == ""
    assert err == "Error: --downtime needs --per or --uptime (for example --downtime 4h23m --per year)\n"
    code, _, err = run("credits", "-a", "99.7", "--sla", "nope")  # an option value: a usage error (SPEC 4)
    assert code == 2 and "Error: Invalid value for '--sla': unknown SLA 'nope': give a file (YAML or CSV)" in err


def test_debug_shows_the_traceback() -> None:
    result = CliRunner().invoke(main, ["--debug", "availability", "--downtime", "1h"])
    assert result.exit_code == 1 and result.exception is not None
    assert type(result.exception).__name__ == "UnitError"


def test_availability_command() -> None:
    _, out, _ = run("availability", "--failures", "12", "--mttr", "20m", "--per", "year", "-f", "json")
    data = json.loads(out)
    row = data["results"][0]
    assert row["unavailability"] == pytest.approx(12 * 1200 / 31557600, rel=1e-15)
    assert row["failures_per_year"] == pytest.approx(12)
    assert data["method"]["per"] == "year"
    _, out, _ = run("availability", "--downtime", "4h23m", "--per", "year")
    assert "99.95%" in out


def test_credits_command() -> None:
    _, out, _ = run("credits", "--availability", "99.7", "--sla", "aws-ec2", "-f", "json")
    data = json.loads(out)
    assert data["results"][0]["credit_percent"] == 10
    assert data["results"][0]["commitment_met"] is False
    assert data["method"]["source"].startswith("https://aws.amazon.com/compute/sla/")
    code, out, _ = run("credits", "--list")
    assert code == 0 and "aws-ec2\tAmazon EC2 Region-Level SLA" in out


def test_output_file_is_written_atomically(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    code, out, err = run("nines", "99.9", "-f", "json", "-o", str(target))
    assert code == 0 and out == "" and f"Wrote {target}" in err
    assert json.loads(target.read_text())["results"][0]["nines"] == pytest.approx(3.0)
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temp file left behind
    code, _, err = run("nines", "99.9", "-o", str(tmp_path / "missing" / "x.txt"))
    assert code == 1 and "does not exist" in err


def test_version_and_help() -> None:
    code, out, _ = run("--version")
    assert code == 0 and out == f"uptime-calc, version {__version__}\n"
    for name in COMMANDS:
        code, out, _ = run(name, "--help")
        assert code == 0, name
        assert "Examples:" in out, f"{name} --help has no examples"


def test_python_dash_m_entry_point() -> None:
    proc = subprocess.run([sys.executable, "-m", "uptime_calc", "nines", "99.9", "-f", "csv"],
                          capture_output=True, text=True, cwd=ROOT, check=True)
    assert proc.stdout.startswith("target,")


def test_no_pandas_or_matplotlib_on_the_one_number_path() -> None:
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "uptime_calc", "nines", "99.9"],
                          capture_output=True, text=True, cwd=ROOT, check=True)
    imported = {line.split("|")[-1].strip() for line in proc.stderr.splitlines() if "|" in line}
    assert "uptime_calc.convert" in imported
    assert not {m for m in imported if m.split(".")[0] in ("pandas", "matplotlib", "scipy", "pyarrow")}


def test_every_lazy_export_is_what_it_names_not_a_module() -> None:
    # "from uptime_calc import X" must give the function or class, even after the modules were imported
    import importlib
    import types

    import uptime_calc

    for name in uptime_calc._EXPORTS:
        first = getattr(uptime_calc, name)
        importlib.import_module(uptime_calc._EXPORTS[name])
        again = getattr(importlib.import_module("uptime_calc"), name)
        assert not isinstance(first, types.ModuleType), name
        assert again is first, name
        namespace: dict[str, object] = {}
        exec(f"from uptime_calc import {name}", namespace)  # the import statement's own path
        assert namespace[name] is first, name
