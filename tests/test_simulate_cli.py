"""``uptime-calc simulate`` through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import invoke

SCENARIO = """\
name: demo
target: 99.95%
components:
  dns: {availability: 99.99%}
  lb:  {mtbf: 2000h, mttr: 30m}
  web: {mtbf: 700h, mttr: 20m}
system:
  series:
    - dns
    - active_standby: {active: lb, standby: lb, failover: 30s, detection: {interval: 5s, fall: 3}}
    - active_active: {unit: web, count: 3, capacity: 500rps, demand: 900rps}
variants:
  - name: slow-web-repair
    set: {web.mttr: 4h}
"""


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    path = tmp_path / "demo.yaml"
    path.write_text(SCENARIO)
    return path


def test_help_shows_examples(runner) -> None:
    result = invoke(runner, "simulate", "--help")
    assert result.exit_code == 0
    assert "uptime-calc simulate samples/scenarios/web.yaml --seed 1" in result.output
    assert "--until-ci PRECISION" in result.output


def test_every_help_example_runs(runner, monkeypatch, tmp_path: Path) -> None:
    import shlex

    from uptime_calc.cli.simulate import simulate as command

    from .conftest import ROOT

    monkeypatch.chdir(ROOT)
    examples = [line.strip() for line in (command.epilog or "").splitlines()
                if line.strip().startswith("uptime-calc simulate")]
    assert len(examples) >= 5
    for example in examples:
        args = shlex.split(example)[1:]
        if "--scheduler" in args:  # needs a cluster: the Dask path is tested on a LocalCluster
            continue
        # keep the runs small: fewer replications, a cap for --until-ci, output into tmp_path
        prevs = [""] + args[:-1]
        args = [("200" if prev in ("-n", "--replications") else a) for prev, a in zip(prevs, args, strict=True)]
        args = [(str(tmp_path / Path(a).name) if prev in ("-o", "--output") else a)
                for prev, a in zip(prevs, args, strict=True)]
        if "--until-ci" in args:
            args += ["--max-replications", "3000"]
        if "-n" not in args and "--until-ci" not in args:
            args += ["-n", "200"]
        result = invoke(runner, *args)
        assert result.exit_code == 0, (example, result.output)


def test_json_output_has_the_documented_keys(runner, scenario: Path) -> None:
    result = invoke(runner, "simulate", str(scenario), "-n", "400", "--seed", "5", "--sla", "aws-ec2",
                    "--no-analytic", "-f", "json")
    assert result.exit_code == 0, result.output
    obj = json.loads(result.stdout)
    assert obj["scenario"] == "demo" and obj["replications"] == 400 and obj["seed"] == 5
    assert set(obj) >= {"method", "availability", "downtime", "risk", "p_month_misses_target",
                        "expected_credit_percent", "ci_low_unavailability", "ci_high_unavailability"}
    assert obj["method"]["engine"] == "single process"
    assert [r["period"] for r in obj["downtime"]] == ["month", "year"]
    assert obj["risk"][0]["threshold"] == "below target 99.95%"
    assert 0.0 <= obj["p_month_misses_target"] <= 1.0


def test_the_same_seed_prints_the_same_numbers_with_workers(runner, scenario: Path) -> None:
    args = ("simulate", str(scenario), "-n", "400", "--chunk-size", "100", "--seed", "9", "--no-analytic",
            "-f", "json")
    one = json.loads(invoke(runner, *args).stdout)
    two = json.loads(invoke(runner, *args, "--workers", "2").stdout)
    one["method"].pop("engine")
    two["method"].pop("engine")
    assert one == two


def test_dask_scheduler_address_gives_the_local_numbers(runner, scenario: Path) -> None:
    distributed = pytest.importorskip("distributed")
    args = ("simulate", str(scenario), "-n", "400", "--chunk-size", "100", "--seed", "9", "--no-analytic",
            "-f", "json")
    local = json.loads(invoke(runner, *args).stdout)
    with distributed.LocalCluster(processes=False, n_workers=1, threads_per_worker=2,
                                  dashboard_address=None) as cluster:
        remote = json.loads(invoke(runner, *args, "--scheduler", cluster.scheduler_address).stdout)
    assert remote["method"].pop("engine") == "dask.distributed"
    local["method"].pop("engine")
    assert remote == local


def test_variant_changes_the_result(runner, scenario: Path) -> None:
    base = json.loads(invoke(runner, "simulate", str(scenario), "-n", "300", "--seed", "1",
                             "--no-analytic", "-f", "json").stdout)
    slow = json.loads(invoke(runner, "simulate", str(scenario), "--variant", "slow-web-repair", "-n", "300",
                             "--seed", "1", "--no-analytic", "-f", "json").stdout)
    assert slow["scenario"] == "demo/slow-web-repair"
    assert slow["unavailability"] > base["unavailability"]


@pytest.mark.parametrize(("fmt", "needle"), [("table", "Simulated availability: demo"),
                                             ("markdown", "| Estimate |"),
                                             ("csv", "estimate,availability_percent")])
def test_human_and_csv_formats(runner, scenario: Path, fmt: str, needle: str) -> None:
    result = invoke(runner, "simulate", str(scenario), "-n", "200", "--seed", "1", "--no-analytic", "-f", fmt)
    assert result.exit_code == 0, result.output
    assert needle in result.stdout


def test_output_file_is_written(runner, scenario: Path, tmp_path: Path) -> None:
    out = tmp_path / "sim.json"
    result = invoke(runner, "simulate", str(scenario), "-n", "200", "--seed", "1", "--no-analytic",
                    "-f", "json", "-o", str(out))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert json.loads(out.read_text())["replications"] == 200


def test_progress_bar_waits_a_second_and_draws_only_on_a_terminal(monkeypatch) -> None:
    import rich.console

    from uptime_calc.cli.simulate import _ProgressBar

    quick = _ProgressBar(delay=3600.0)
    quick(1, 10)
    assert quick.progress is None  # a run shorter than the delay draws nothing
    off = _ProgressBar(delay=0.0)
    off(1, 10)
    assert off.progress is None  # stderr is not a terminal under pytest
    monkeypatch.setattr(rich.console.Console, "is_terminal", property(lambda self: True))
    bar = _ProgressBar(delay=0.0)
    bar(3, 10)
    assert bar.progress is not None
    assert bar.progress.tasks[0].completed == 3 and bar.progress.tasks[0].total == 10
    bar(10, 10)
    bar.close()
    assert bar.progress.finished


def test_bad_inputs(runner, scenario: Path, tmp_path: Path) -> None:
    result = invoke(runner, "simulate", str(scenario), "--until-ci", "often")
    assert result.exit_code == 2
    assert "expected a percentage like 0.1%" in result.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\ncomponents: {a: {mtbf: 10h}}\nsystem: a\n")
    result = invoke(runner, "simulate", str(bad))
    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    result = invoke(runner, "simulate", str(scenario), "--variant", "nope")
    assert result.exit_code == 1
    assert "Error: " in result.output
    result = invoke(runner, "simulate", str(scenario), "-n", "10", "--scheduler", "nonsense")
    assert result.exit_code == 1
    assert "Error: cannot reach the Dask scheduler at 'nonsense'" in result.output
    result = invoke(runner, "simulate", str(scenario), "--sla", "no-such-sla", "-n", "10")
    assert result.exit_code == 2  # an option value that cannot be read: a usage error (SPEC 4)
    assert "unknown SLA 'no-such-sla'" in result.output
