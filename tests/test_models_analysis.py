"""SPOFs, cut sets, importance, the best single change and dependency budgets."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from uptime_calc.availability import Availability
from uptime_calc.models.advice import dependency_budgets
from uptime_calc.models.analyze import analyze
from uptime_calc.models.blocks import Component, Parallel, Series
from uptime_calc.models.cuts import minimal_cut_sets, single_points_of_failure
from uptime_calc.models.importance import importance
from uptime_calc.scenario import load_scenario, loads_scenario

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "scenarios"


def static(name: str, u: float) -> Component:
    return Component.static(name, Availability(u))


def test_importance_of_a_series_parallel_system_by_hand() -> None:
    # S = a in series with (b parallel c); U_a = .1, U_b = .2, U_c = .3
    # U = 1 - .9 * (1 - .06) = 0.154
    # Birnbaum: a: 1 - U_bc = 0.94; b: A_a * U_c = .27; c: A_a * U_b = .18
    # FV: a: (U - U(a perfect)) / U = (.154 - .06)/.154; b: (.154 - .1)/.154; c: same as b
    tree = Series((static("a", 0.1), Parallel((static("b", 0.2), static("c", 0.3)))))
    got = {i.instance: i for i in importance(tree)}
    assert got["a"].birnbaum == pytest.approx(0.94, rel=1e-12)
    assert got["b"].birnbaum == pytest.approx(0.27, rel=1e-12)
    assert got["c"].birnbaum == pytest.approx(0.18, rel=1e-12)
    assert got["a"].fussell_vesely == pytest.approx((0.154 - 0.06) / 0.154, rel=1e-12)
    assert got["b"].fussell_vesely == pytest.approx((0.154 - 0.1) / 0.154, rel=1e-12)
    assert single_points_of_failure(tree) == ["a"]
    assert [sorted(c) for c in minimal_cut_sets(tree)] == [["a"], ["b", "c"]]


def test_web_sample_spofs_and_recommendation() -> None:
    report = analyze(load_scenario(SAMPLES / "web.yaml"))
    # two web nodes of 500 rps against 700 rps of demand: both are needed, so each is a SPOF
    assert report.spofs == ("dns", "web#1", "web#2")
    assert report.recommended is not None
    assert report.recommended.description == "add a unit to web_tier (2 to 3)"
    third = analyze(load_scenario(SAMPLES / "web.yaml").variant("third-web"))
    assert third.unavailability == pytest.approx(report.recommended.unavailability, rel=1e-12)
    assert third.spofs == ("dns",)


def test_budgets_equal_share_and_extra_nine() -> None:
    # target 99.9% over two dependencies: equal share U = 1 - sqrt(0.999); extra nine: 99.99%
    tree = Series((static("a", 1e-4), static("b", 2e-3)))
    budgets = dependency_budgets(tree, Availability.from_percent("99.9"))
    assert budgets[0].equal_share == pytest.approx(1 - math.sqrt(0.999), rel=1e-12)
    assert budgets[0].extra_nine == pytest.approx(1e-4, rel=1e-12)
    # given b at 99.8%, nothing is left for a: the target is out of reach
    assert budgets[0].allowed is None
    # given a at 99.99%, b may have 1 - 0.999 / 0.9999
    assert budgets[1].allowed == pytest.approx(1 - 0.999 / 0.9999, rel=1e-9)
    assert [b.meets for b in budgets] == [True, False]


def test_mission_figures() -> None:
    s = loads_scenario("""
components: {a: {mtbf: 1000h, mttr: 1h}}
system: {series: [a]}
""")
    lam, mu, t = 1 / 3.6e6, 1 / 3600, 86400.0
    report = analyze(s, mission=t)
    assert report.mission is not None
    assert report.mission.reliability == pytest.approx(math.exp(-lam * t), rel=1e-12)
    point_a = mu / (lam + mu) + lam / (lam + mu) * math.exp(-(lam + mu) * t)
    assert 1 - report.mission.point_unavailability == pytest.approx(point_a, rel=1e-14)
    assert report.mttff == pytest.approx(3.6e6, rel=1e-12)


def test_document_keys_and_tables() -> None:
    report = analyze(load_scenario(SAMPLES / "bridge.yaml"))
    doc = report.to_document()
    assert [t.name for t in doc.tables] == [
        "system", "first_failure", "blocks", "spofs", "cut_sets", "importance", "changes", "budgets"]
    obj = doc.to_json_object()
    p = 0.99
    assert obj["system"][0]["availability_percent"] == pytest.approx(
        100 * (2 * p**2 + 2 * p**3 - 5 * p**4 + 2 * p**5), rel=1e-12)
    assert report.spofs == ()
    # the bridge's order-2 cuts: {e1,e2} and {e4,e5} (edges to and from the middle)
    pairs = [c.members for c in report.cut_sets if len(c.members) == 2]
    assert sorted(pairs) == [("link", "link-2"), ("link-4", "link-5")]


def test_duration_sweep_is_geometric() -> None:
    from uptime_calc.models.sweep import parse_sweep, sweep

    key, values = parse_sweep("db.mttr=5m..4h", steps=8)
    assert key == "db.mttr"
    seconds = [v for v, _ in values]
    assert seconds[0] == 300.0 and seconds[-1] == pytest.approx(14400.0, rel=1e-12)
    ratios = {round(b / a, 12) for a, b in zip(seconds, seconds[1:], strict=False)}
    assert ratios == {round((14400 / 300) ** (1 / 7), 12)}
    assert [label for _, label in values][:2] == ["5m", "8m 41.6s"]
    result = sweep(load_scenario(SAMPLES / "web.yaml"), "db.mttr=5m..4h")
    us = [p.unavailability for p in result.points]
    assert us == sorted(us)  # a longer database repair never helps


def test_cut_sets_of_wide_parallel_series_and_the_order_fallback() -> None:
    from uptime_calc.models.cuts import TooManyCutSets
    from uptime_calc.scenario import Scenario

    legs = tuple(Series(tuple(static(f"c{leg}_{i}", 1e-3) for i in range(20))) for leg in range(3))
    cuts = minimal_cut_sets(Parallel(legs), max_order=3)
    assert len(cuts) == 20**3 and all(len(c) == 3 for c in cuts)  # one component from each leg
    assert minimal_cut_sets(Parallel(legs), max_order=2) == []
    wide = Parallel(tuple(Series(tuple(static(f"w{leg}_{i}", 1e-3) for i in range(40))) for leg in range(4)))
    with pytest.raises(TooManyCutSets):
        minimal_cut_sets(wide, max_order=4)
    report = analyze(Scenario(name="wide", target=None, system=wide), max_cut_order=4)
    assert any("listed up to order 3 only" in w for w in report.warnings)


def test_comparison_rows_by_hand() -> None:
    from uptime_calc.models.compare import Comparison, compare

    # two: two 99.9% components in series, U = 1 - 0.999**2 = 0.001999
    # one: a single 99.99% component, U = 0.0001
    # year = 365.25 d = 31 557 600 s, month = year/12 = 2 629 800 s
    # nines(two) = -log10(0.001999) = 3 - log10(1.999) = 3 - 0.3008128 = 2.6991872
    # delta_nines(one) = 4 - 2.6991872 = 1.3008128
    # delta minutes/year(one) = (0.0001 - 0.001999) * 525 960 = -998.79804
    two = loads_scenario("name: two\ncomponents: {a: {availability: 99.9%}, b: {availability: 99.9%}}\n"
                         "system: {series: [a, b]}\n")
    one = loads_scenario("name: one\ncomponents: {a: {availability: 99.99%}}\nsystem: a\n")
    result = compare([two, one])
    assert isinstance(result, Comparison)
    base, other = result.to_document().tables[0].rows
    assert base["unavailability"] == pytest.approx(0.001999, rel=1e-12)
    assert base["nines"] == pytest.approx(2.6991872, abs=1e-7)
    assert base["downtime_per_year_seconds"] == pytest.approx(63083.6424, rel=1e-9)
    assert base["downtime_per_month_seconds"] == pytest.approx(5256.9702, rel=1e-9)
    assert base["failures_per_year"] is None  # static components: no frequency
    assert base["delta_nines"] == 0.0
    assert other["delta_nines"] == pytest.approx(1.3008128, abs=1e-7)
    assert other["delta_minutes_per_year"] == pytest.approx(-998.79804, rel=1e-9)
    assert result.missed(Availability.from_percent("99.95")) == ["two: below 99.95%"]


def test_sweep_rows_by_hand() -> None:
    from uptime_calc.models.sweep import sweep

    # one component, MTBF 999 h: U = MTTR / (MTBF + MTTR)
    # mttr 1h: U = 1/1000, nines 3; mttr 3h: U = 3/1002, nines = log10(334) = 2.5237465
    # failures per year = year / (MTBF + MTTR) = 8766 h / 1000 h = 8.766 (and 8766/1002 = 8.7485030)
    s = loads_scenario("name: one\ncomponents: {c: {mtbf: 999h, mttr: 1h}}\nsystem: c\n")
    rows = sweep(s, "c.mttr=1h,3h").to_document().tables[0].rows
    assert [r["value_label"] for r in rows] == ["1h", "3h"]
    assert rows[0]["unavailability"] == pytest.approx(1e-3, rel=1e-12)
    assert rows[0]["nines"] == pytest.approx(3.0, rel=1e-12)
    assert rows[0]["failures_per_year"] == pytest.approx(8.766, rel=1e-12)
    assert rows[0]["delta_nines"] == pytest.approx(0.0, abs=1e-12)
    assert rows[1]["unavailability"] == pytest.approx(3 / 1002, rel=1e-12)
    assert rows[1]["nines"] == pytest.approx(2.5237465, abs=1e-7)
    assert rows[1]["failures_per_year"] == pytest.approx(8.7485030, abs=1e-7)
    assert rows[1]["delta_nines"] == pytest.approx(2.5237465 - 3.0, abs=1e-7)
    assert rows[1]["downtime_per_year_seconds"] == pytest.approx(3 / 1002 * 31_557_600, rel=1e-12)


def test_cut_set_probabilities_under_a_common_cause_inside_replicated_units() -> None:
    # Beta-factor model (Rausand & Hoyland, System Reliability Theory, 2nd ed., sec. 10.4, eq. 10.13):
    # a unit of rate lambda fails independently at (1 - beta) lambda and a shared event at beta lambda.
    # Node: MTBF 1000 h, MTTR 1 h, beta 0.1, so by hand (two-state U = lambda r / (1 + lambda r)):
    #   independent node  U = 0.0009 / 1.0009,   common-cause event  U = 0.0001 / 1.0001.
    # Each active/active member holds its own common cause: ccf(...#1) and ccf(...#2) (once NaN: the
    # event was looked up in the unexpanded tree), and the order-3 cut uses the thinned node rate.
    scenario = loads_scenario("""
name: ccf-in-replicas
components: {node: {mtbf: 1000h, mttr: 1h}}
system:
  active_active:
    count: 2
    capacity: 500rps
    demand: 400rps
    unit: {common_cause: {beta: 0.1, of: {parallel: [node, node]}}}
""")
    rows = {r.members: r.probability for r in analyze(scenario).cut_sets}
    node, event = 0.0009 / 1.0009, 0.0001 / 1.0001
    assert rows[("ccf(parallel(node#1, node-2#1))", "ccf(parallel(node#2, node-2#2))")] == pytest.approx(
        event**2, rel=1e-12)
    assert rows[("ccf(parallel(node#1, node-2#1))", "node#2", "node-2#2")] == pytest.approx(
        event * node**2, rel=1e-12)
    assert len(rows) == 3
