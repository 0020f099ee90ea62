"""Restore times resampled from an incident log."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from uptime_calc.availability import Availability
from uptime_calc.errors import InputError
from uptime_calc.models.blocks import Component, Series
from uptime_calc.simulate.resample import restore_times, with_resampled_restores
from uptime_calc.simulate.run import simulate

from .conftest import ROOT, invoke

WEB = str(ROOT / "samples" / "scenarios" / "web.yaml")

LOG = """\
id,service,start,end,impact
1,web,2024-01-03T10:00:00Z,2024-01-03T10:10:00Z,major
2,web,2024-02-03T10:00:00Z,2024-02-03T10:30:00Z,major
3,web,2024-03-03T10:00:00Z,2024-03-03T12:00:00Z,major
4,web,2024-03-03T11:00:00Z,2024-03-03T11:30:00Z,major
5,api,2024-03-05T10:00:00Z,2024-03-05T10:05:00Z,major
"""


@pytest.fixture
def log(tmp_path: Path) -> Path:
    path = tmp_path / "incidents.csv"
    path.write_text(LOG)
    return path


def test_restore_times_are_the_merged_outage_durations(log: Path) -> None:
    # by hand: web 10 min, 30 min, and 2 h (incident 4 lies inside incident 3 and merges); api 5 min
    times = restore_times(log)
    assert sorted(times["web"]) == [600.0, 1800.0, 7200.0]
    assert times["api"] == (300.0,)


def test_resampled_component_gets_an_empirical_law_with_the_observed_mean() -> None:
    tree = Series((Component.from_mtbf_mttr("web", 3600.0 * 500, 60.0),
                   Component.static("dns", Availability.from_percent("99.9"))))
    new = with_resampled_restores(tree, {"web": (600.0, 1800.0, 7200.0), "dns": (60.0, 120.0)})
    web, dns = new.parts
    assert web.repair.kind == "empirical" and web.mttr == 3200.0 and web.mtbf == 3600.0 * 500
    # a static component keeps its availability: MTBF = MTTR (1 - U) / U with the observed MTTR 90 s
    assert dns.mttr == 90.0 and dns.mtbf == pytest.approx(90.0 * 0.999 / 0.001)
    assert dns.unavailability == pytest.approx(0.001)
    with pytest.raises(InputError, match="no component 'db'"):
        with_resampled_restores(tree, {"db": (1.0,)})


def test_simulated_unavailability_uses_the_resampled_mean() -> None:
    # renewal-reward: U = E[D] / (E[U] + E[D]) with E[D] = the mean of the resampled times
    comp = with_resampled_restores(Component.from_mtbf_mttr("web", 100 * 3600.0, 60.0),
                                   {"web": (600.0, 1800.0, 7200.0)})
    res = simulate(comp, replications=4000, seed=3)
    expected = 3200.0 / (100 * 3600.0 + 3200.0)
    mean, low, high = res.interval
    assert low <= expected <= high
    assert res.analytic is not None and math.isclose(res.analytic.unavailability, expected, rel_tol=1e-12)


def test_cli_resamples_and_records_it(runner, log: Path) -> None:
    args = ("simulate", WEB, "--restores", str(log), "-n", "200", "--seed", "1",
            "-f", "json")
    result = invoke(runner, *args)
    assert result.exit_code == 0, result.output
    obj = json.loads(result.stdout)
    assert obj["method"]["settings"] == {"web.repair": f"resampled from 3 outages of 'web' in {log}"}
    mapped = json.loads(invoke(runner, *args, "--restore-map", "db=api").stdout)
    assert mapped["method"]["settings"] == {"db.repair": f"resampled from 1 outages of 'api' in {log}"}


def test_cli_resample_errors(runner, log: Path) -> None:
    result = invoke(runner, "simulate", WEB, "--restore-map", "db=api")
    assert result.exit_code == 2 and "--restore-map needs --restores LOG" in result.output
    result = invoke(runner, "simulate", WEB, "--restores", str(log),
                    "--restore-map", "db=nope", "-n", "5")
    assert result.exit_code == 1
    assert "no outages of service 'nope'; the log has api, web" in result.output
    result = invoke(runner, "simulate", WEB, "--restores", str(log),
                    "--restore-map", "db", "-n", "5")
    assert result.exit_code == 2 and "expected COMPONENT=SERVICE" in result.output
