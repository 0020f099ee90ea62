"""The ``model`` and ``compare`` commands through click's CliRunner."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from uptime_calc.cli import main

ROOT = Path(__file__).resolve().parents[1]
WEB = str(ROOT / "samples" / "scenarios" / "web.yaml")
BRIDGE = str(ROOT / "samples" / "scenarios" / "bridge.yaml")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env={"COLUMNS": "200", "NO_COLOR": "1"})
    return result.exit_code, result.stdout, result.stderr


def test_model_prints_spofs_and_the_recommended_change() -> None:
    code, out, _ = run("model", WEB)
    assert code == 0
    assert "SPOFs: dns, web#1, web#2" in out
    assert "Recommended next change: add a unit to web_tier (2 to 3): +0.83 nines" in out


def test_model_json_keys() -> None:
    code, out, _ = run("model", WEB, "--mission", "30d", "-f", "json")
    assert code == 0
    obj = json.loads(out)
    assert set(obj) >= {"method", "scenario", "system", "recommended_change", "blocks", "spofs",
                        "cut_sets", "importance", "changes", "budgets", "first_failure"}
    system = obj["system"][0]  # a one-row table
    for key in ("availability_percent", "unavailability", "nines", "downtime_per_year_seconds",
                "downtime_per_month_seconds", "failures_per_year", "mtbf_seconds", "mttr_seconds",
                "meets_target", "mission_seconds", "point_availability_percent", "reliability",
                "mttff_seconds"):
        assert key in system
    assert system["mission_seconds"] == 30 * 86400
    assert obj["recommended_change"] == "add a unit to web_tier (2 to 3)"
    assert [s["instance"] for s in obj["spofs"]] == ["web#1", "web#2", "dns"]


def test_model_csv_and_markdown_and_output_file(tmp_path: Path) -> None:
    code, out, _ = run("model", BRIDGE, "-f", "csv")
    assert code == 0
    assert out.splitlines()[0].startswith("scenario,availability_percent,unavailability,nines,")
    code, out, _ = run("model", BRIDGE, "-f", "markdown")
    assert code == 0 and "## Blocks" in out and "| 99.9798% |" in out
    target = tmp_path / "bridge.json"
    code, out, err = run("model", BRIDGE, "-f", "json", "-o", str(target))
    assert code == 0 and out == "" and f"Wrote {target}" in err
    assert json.loads(target.read_text())["system"][0]["scenario"] == "bridge"


def test_variant_and_sweep() -> None:
    code, out, _ = run("model", WEB, "--variant", "third-web", "-f", "json")
    assert code == 0 and json.loads(out)["scenario"] == "web-shop/third-web"
    code, out, _ = run("model", WEB, "--sweep", "web_tier.count=2..4", "-f", "json")
    assert code == 0
    rows = json.loads(out)["sweep"]
    assert [r["value_label"] for r in rows] == ["2", "3", "4"]
    assert rows[0]["delta_nines"] == 0.0 and rows[1]["nines"] > rows[0]["nines"]


def test_fail_under_exits_3() -> None:
    code, _, err = run("model", WEB, "--fail-under", "99.95%")
    assert code == 3
    assert "Target missed: web-shop: 99.888% is below 99.95%" in err
    code, _, _ = run("model", WEB, "--variant", "third-web", "--fail-under", "99.95%")
    assert code == 0


def test_bad_scenario_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("components: {a: {mtbf: 1h, mttr: soon}}\nsystem: a\n", encoding="utf-8")
    code, out, err = run("model", str(bad))
    assert code == 1 and out == ""
    assert err == (f"Error: {bad}: components.a.mttr: expected a duration like 30s, 15m or 4h, "
                   "got 'soon'\n")
    code, _, err = run("model", WEB, "--variant", "nope")
    assert code == 1 and "no variant named 'nope'" in err
    code, _, err = run("model", WEB, "--sweep", "web_tier.count")
    assert code == 1 and "expected <name>.<parameter>=<from>..<to>" in err


def test_compare_variants_side_by_side() -> None:
    code, out, _ = run("compare", WEB, "-f", "json")
    assert code == 0
    rows = json.loads(out)["scenarios"]
    assert [r["scenario"] for r in rows] == [
        "web-shop", "web-shop/standby-db", "web-shop/fast-failover", "web-shop/third-web",
        "web-shop/two-regions"]
    base = rows[0]
    assert base["delta_nines"] == 0 and base["delta_minutes_per_year"] == 0
    for r in rows[1:]:
        assert r["delta_minutes_per_year"] == pytest.approx(
            (r["unavailability"] - base["unavailability"]) * 365.25 * 86400 / 60, rel=1e-12)
        assert r["delta_nines"] > 0  # every variant is an improvement
    code, out, _ = run("compare", WEB, BRIDGE, "--no-variants")
    assert code == 0 and "Compared with web-shop" in out and "bridge" in out


def test_help_has_examples() -> None:
    for command in ("model", "compare"):
        code, out, _ = run(command, "--help")
        assert code == 0 and "Examples:" in out and "uptime-calc " + command in out


def test_python_dash_m_prints_the_spofs() -> None:
    proc = subprocess.run([sys.executable, "-m", "uptime_calc", "model", WEB], capture_output=True,
                          text=True, cwd=ROOT, env={"COLUMNS": "160", "PATH": "", "NO_COLOR": "1"},
                          check=False)
    assert proc.returncode == 0, proc.stderr
    assert "SPOFs: dns, web#1, web#2" in proc.stdout


CORE = ["uptime_calc.scenario", "uptime_calc.models.blocks", "uptime_calc.models.solve",
        "uptime_calc.models.analyze", "uptime_calc.models.compare", "uptime_calc.models.sweep",
        "uptime_calc.models.advice", "uptime_calc.models.importance", "uptime_calc.models.cuts",
        "uptime_calc.models.network", "uptime_calc.models.markov", "uptime_calc.models.standby",
        "uptime_calc.models.active_active", "uptime_calc.models.static"]


def test_core_modules_import_no_cli_or_plotting() -> None:
    code = (f"import sys, {', '.join(CORE)}; "
            "print(','.join(m for m in ('click', 'rich', 'matplotlib') if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert proc.stdout.strip() == ""


def test_compare_fail_under_exits_3(tmp_path: Path) -> None:
    # Two 99.9% components in series: U = 1 - 0.999**2 = 0.001999, i.e. 99.8001% (hand computation),
    # so a 99.85% floor is missed and a 99.8% floor is met.
    two = tmp_path / "two.yaml"
    two.write_text("name: two\ncomponents: {a: {availability: 99.9%}, b: {availability: 99.9%}}\n"
                   "system: {series: [a, b]}\n")
    code, _, err = run("compare", str(two), "--fail-under", "99.85%")
    assert code == 3
    assert "Target missed: two: below 99.85%" in err
    code, _, err = run("compare", str(two), "--fail-under", "99.8%")
    assert code == 0
    assert "Target missed" not in err


def test_csv_of_a_multi_table_result_names_the_table_it_holds_and_takes_another_by_name() -> None:
    web = WEB
    code, out, err = run("model", web, "-f", "csv")
    assert code == 0 and out.splitlines()[0].startswith("scenario,")
    assert "Note: CSV holds one table, system; the others (first_failure, blocks, spofs, cut_sets" in err
    code, out, err = run("model", web, "-f", "csv", "--table", "cut_sets")
    # web.yaml's two web nodes both carry the peak (700 rps > 500 rps each): each is a single point,
    # down with U = MTTR / (MTBF + MTTR) = 20 min / (700 h + 20 min)
    lines = out.splitlines()
    assert code == 0 and lines[0] == "order,members,probability"
    assert [line.rsplit(",", 1)[0] for line in lines[1:3]] == ["1,web#1", "1,web#2"]
    assert float(lines[1].rsplit(",", 1)[1]) == pytest.approx((1 / 3) / (700 + 1 / 3), rel=1e-12)
    assert "Note: CSV holds one table" not in err  # a table was named (the result's own notes still go to stderr)
    assert "Note: SPOFs: dns, web#1, web#2" in err
    code, out, err = run("model", web, "--table", "nope")
    assert code == 2 and "this result has no table 'nope'; it has: system, first_failure" in err
