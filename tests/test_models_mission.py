"""Time-dependent figures: A(t), R(t), MTTF, B10, hazard, IR(t, x), N-unit standby and load sharing.

Every expected value is a closed form (cited) or an independent implementation (scipy.stats,
scipy.integrate, a brute-force chain), never our own output.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import integrate, stats

from uptime_calc import limits
from uptime_calc.errors import ComputationError, LimitError
from uptime_calc.models.blocks import (
    ActiveActive,
    ActiveStandby,
    Component,
    Distribution,
    KOfN,
    Parallel,
    Series,
    rename,
)
from uptime_calc.models.life import interval_reliability, survival, system_life
from uptime_calc.models.solve import first_failure, solve

H = 3600.0
TIMES = [0.1 * H, 0.5 * H, 1 * H, 3 * H, 10 * H]


def unit(name: str, mtbf_h: float, mttr_h: float) -> Component:
    return Component.from_mtbf_mttr(name, mtbf_h * H, mttr_h * H)


def never_repaired(name: str, mtbf_h: float, law: Distribution | None = None) -> Component:
    return Component(name, mtbf=mtbf_h * H, mttr=math.inf, failure=law)


def point_a(lam: float, mu: float, t: float) -> float:
    # two-state unit from up: A(t) = mu/(lam+mu) + lam/(lam+mu) exp(-(lam+mu) t) (Trivedi, 2nd ed., 8.1)
    return mu / (lam + mu) + lam / (lam + mu) * math.exp(-(lam + mu) * t)


# -- issue 12 #14: A(t) of Markov blocks from their own chain ------------------------------------
@pytest.mark.parametrize("t", TIMES)
def test_point_availability_one_unit_series_and_parallel_pair(t: float) -> None:
    lam_a, lam_b, mu = 1 / (2 * H), 1 / (1.25 * H), 1 / H
    a, b = unit("a", 2, 1), unit("b", 1.25, 1)
    aa, ab = point_a(lam_a, mu, t), point_a(lam_b, mu, t)
    assert 1 - solve(a, time=t).unavailability == pytest.approx(aa, rel=1e-12)
    assert 1 - solve(Series((a, b)), time=t).unavailability == pytest.approx(aa * ab, rel=1e-12)
    parallel = 1 - (1 - aa) * (1 - ab)
    assert 1 - solve(Parallel((a, b)), time=t).unavailability == pytest.approx(parallel, rel=1e-12)
    # a hot standby with two crews and a perfect instant switch is the same chain as the parallel pair
    hot = ActiveStandby(a, b, mode="hot", repair_crews=2)
    assert 1 - solve(hot, time=t).unavailability == pytest.approx(parallel, rel=1e-9)


def test_issue_12_hot_standby_two_crews_at_one_hour() -> None:
    # issue 12 #14: units MTBF 2 h and 1.25 h, MTTR 1 h, both up at 0; the parallel closed form gives
    # A(1h) = 1 - (1/3 (1 - e^-1.5)) (0.8/1.8 (1 - e^-1.8)) = 0.90393 (was 0.93263)
    hot = ActiveStandby(unit("a", 2, 1), unit("b", 1.25, 1), mode="hot", repair_crews=2)
    assert 1 - solve(hot, time=H).unavailability == pytest.approx(0.90393, abs=5e-6)


@pytest.mark.parametrize("t", TIMES)
def test_active_active_pair_with_own_crews_is_the_parallel_pair(t: float) -> None:
    u = unit("u", 2, 1)
    expected = 1 - (1 - point_a(1 / (2 * H), 1 / H, t)) ** 2
    assert 1 - solve(ActiveActive(u, 2), time=t).unavailability == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("mode", ["cold", "warm", "hot"])
@pytest.mark.parametrize("crews", [1, 2])
def test_point_availability_never_below_reliability(mode: str, crews: int) -> None:
    u = unit("u", 5, 1)
    block = ActiveStandby(u, u, mode=mode, failover=60, switchover_success=0.9, manual_recovery=600,
                          repair_crews=crews)
    life = first_failure(block)
    assert life is not None
    for t in TIMES:
        assert 1 - solve(block, time=t).unavailability >= life.reliability(t) - 1e-12


@pytest.mark.parametrize("t", TIMES)
def test_non_repairable_standby_a_of_t_equals_r_of_t(t: float) -> None:
    # a unit never repaired: the block is up at t iff it has not failed yet, so A(t) = R(t); a cold
    # pair with a perfect switch: R(t) = e^-lt (1 + lt) (Rausand & Hoyland, 2nd ed., 6.4)
    u = never_repaired("u", 10)
    block = ActiveStandby(u, u, mode="cold")
    lt = t / (10 * H)
    assert 1 - solve(block, time=t).unavailability == pytest.approx(math.exp(-lt) * (1 + lt), rel=1e-9)
    life = first_failure(block)
    assert life is not None and life.reliability(t) == pytest.approx(math.exp(-lt) * (1 + lt), rel=1e-9)


# -- issue 12 #15: imperfect switching without manual recovery ------------------------------------
TRIVEDI_COLD = """\
name: trivedi-cold
components:
  u: {mtbf: 1000h, mttr: 4h}
system:
  active_standby: {active: u, standby: u, mode: cold, switchover_success: 0.5, repair_crews: 1}
"""


def test_cold_standby_with_imperfect_switch_and_no_manual_recovery(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # Trivedi's two-unit cold standby, one crew, lam = 0.001/h, mu = 0.25/h, switch success c = 0.5, a
    # failed switch waits for the repair. Balance (lumped by symmetry; rho = lam / mu = 0.004):
    # p1 = c rho p0 (one failed, other serving), pS = (1 - c) rho p0 (switch failed), p2 = rho p1 (both
    # failed); U = (pS + p2) / (p0 + p1 + pS + p2) = 0.002008 / 1.004008 = 0.00199998
    from uptime_calc.models.analyze import analyze
    from uptime_calc.scenario import loads_scenario

    rho, c = 0.001 / 0.25, 0.5
    p1, ps = c * rho, (1 - c) * rho
    p2 = rho * p1
    expected = (ps + p2) / (1 + p1 + ps + p2)
    assert round(expected, 8) == 0.00199998
    report = analyze(loads_scenario(TRIVEDI_COLD))  # importance runs too: must not fail
    assert report.unavailability == pytest.approx(expected, rel=1e-10)
    assert all(0 <= i.birnbaum <= 1 for i in report.importance)
    path = tmp_path / "cold.yaml"
    path.write_text(TRIVEDI_COLD)
    from click.testing import CliRunner

    from uptime_calc.cli import main

    result = CliRunner().invoke(main, ["model", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output


def test_a_standby_that_can_stick_for_ever_is_an_input_error() -> None:
    # the active unit is never repaired: after a failed switch nothing brings the service back, while
    # after a good one the standby keeps being repaired; the long run depends on luck
    a = never_repaired("a", 1000)
    b = unit("b", 1000, 4)
    block = ActiveStandby(a, b, mode="cold", switchover_success=0.5, name="db")
    with pytest.raises(ComputationError, match=r"db.*manual_recovery"):
        solve(block)
    # with a manual recovery it is well defined
    assert 0 < solve(ActiveStandby(a, b, mode="cold", switchover_success=0.5, manual_recovery=3600)
                     ).unavailability < 1


# -- issue 15: N-unit standby, k of n, load sharing ------------------------------------------------
@pytest.mark.parametrize("n", [2, 3, 5, 11])
def test_cold_standby_group_is_erlang(n: int) -> None:
    # n units, cold, perfect switch, never repaired: R(t) = e^-lt sum_{i<n} (lt)^i / i!, MTTF = n / l
    # (Rausand & Hoyland, 2nd ed., section 6.4)
    u = never_repaired("u", 10)
    block = ActiveStandby(u, u, mode="cold", spares=tuple(rename(u, f"#{i}") for i in range(n - 2)))
    life = first_failure(block)
    assert life is not None
    for t in TIMES:
        lt = t / (10 * H)
        expected = math.exp(-lt) * sum(lt**i / math.factorial(i) for i in range(n))
        assert life.reliability(t) == pytest.approx(expected, rel=1e-9)
    assert life.mean_time() == pytest.approx(n * 10 * H, rel=1e-12)


def test_issue_15_three_unit_cold_standby() -> None:
    # the issue's example: R(t) of a 3-unit cold standby at lt = 1 is e^-1 (1 + 1 + 1/2) = 0.920 (was
    # 0.736 with nested pairs), mean life 3 h for MTBF 1 h (was 2 h)
    from uptime_calc.models.analyze import analyze
    from uptime_calc.scenario import loads_scenario

    s = loads_scenario("components: {u: {mtbf: 1h, mttr: none}}\n"
                       "system: {active_standby: {active: u, standby: u, spares: 2, mode: cold}}\n")
    report = analyze(s, mission=H)
    assert report.mission is not None and report.mission.reliability == pytest.approx(2.5 / math.e, rel=1e-9)
    assert report.mttff == pytest.approx(3 * H, rel=1e-9)
    assert round(report.mission.reliability, 3) == 0.920


def test_standby_list_and_k_active() -> None:
    # k = 2 serving of 4 cold units, perfect switch, never repaired: R(t) = e^-klt sum_{i<=n-k} (klt)^i/i!
    # (standby k-out-of-n with identical units, a Poisson count of failures at rate k l)
    u = never_repaired("u", 10)
    block = ActiveStandby(u, u, mode="cold", spares=(u, u), k=2)
    life = first_failure(block)
    assert life is not None
    for t in TIMES:
        klt = 2 * t / (10 * H)
        assert life.reliability(t) == pytest.approx(math.exp(-klt) * sum(klt**i / math.factorial(i)
                                                                         for i in range(3)), rel=1e-9)
    # hot spares fail like serving ones: 2 of 3 hot = the active 2-of-3, R = 3 e^-2lt - 2 e^-3lt
    hot = first_failure(ActiveStandby(u, u, mode="hot", spares=(u,), k=2))
    assert hot is not None
    lt = 5 * H / (10 * H)
    assert hot.reliability(5 * H) == pytest.approx(3 * math.exp(-2 * lt) - 2 * math.exp(-3 * lt), rel=1e-9)


def test_warm_pair_never_repaired() -> None:
    # warm standby failing at ls while idle: R(t) = e^-lt + l/ls (e^-lt - e^-(l+ls)t)
    # (Rausand & Hoyland, 2nd ed., section 6.4, imperfect/warm standby)
    u = never_repaired("u", 10)
    block = ActiveStandby(u, u, mode="warm", warm_factor=0.5)
    life = first_failure(block)
    assert life is not None
    lam, ls = 1 / (10 * H), 0.5 / (10 * H)
    for t in TIMES:
        expected = math.exp(-lam * t) + lam / ls * (math.exp(-lam * t) - math.exp(-(lam + ls) * t))
        assert life.reliability(t) == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("n", [2, 4, 10])
def test_repairable_cold_group_one_crew_steady_state(n: int) -> None:
    # one serving unit, cold spares, one crew: a birth-death chain j -> j+1 at l, j -> j-1 at mu, so
    # pi_j ~ rho^j and U = rho^n / sum_{j<=n} rho^j (Trivedi, 2nd ed., 8.2, machine-repairman)
    u = unit("u", 100, 10)
    block = ActiveStandby(u, u, mode="cold", spares=tuple(u for _ in range(n - 2)))
    rho = 0.1
    assert solve(block).unavailability == pytest.approx(rho**n / sum(rho**j for j in range(n + 1)), rel=1e-10)


@pytest.mark.parametrize("mode", ["cold", "warm", "hot"])
@pytest.mark.parametrize("manual", [None, 1800.0])
def test_group_of_two_equals_the_pair_chain(mode: str, manual: float | None) -> None:
    # the N-unit group chain lumped by symmetry must agree with the two-unit chain (another chain, tested
    # against Trivedi's closed forms in test_models_markov.py)
    from uptime_calc.models.markov import stationary
    from uptime_calc.models.standby import UnitRates, group_standby_chain

    u = unit("u", 100, 5)
    pair = ActiveStandby(u, u, mode=mode, failover=600, switchover_success=0.9, manual_recovery=manual)
    chain, down = group_standby_chain(pair, UnitRates(1 / (100 * H), 1 / (5 * H)))
    pi = stationary(chain.generator)
    assert math.fsum(pi[np.asarray(down)]) == pytest.approx(solve(pair).unavailability, rel=1e-9)


def test_load_sharing_pair() -> None:
    # two units sharing the load, never repaired; with load_exponent 1 the survivor carries twice the
    # load and fails at 2l: R(t) = P(Erlang(2, 2l) > t) = e^-2lt (1 + 2lt)
    u = never_repaired("u", 10)
    life = first_failure(ActiveActive(u, 2, load_exponent=1.0))
    assert life is not None
    lt = 3 * H / (10 * H)
    assert life.reliability(3 * H) == pytest.approx(math.exp(-2 * lt) * (1 + 2 * lt), rel=1e-9)
    # repaired, one crew each: 0 -> 1 at 2l, 1 -> 2 at 2l (rate doubled), 1 -> 0 at mu, 2 -> 1 at 2 mu
    r = unit("r", 10, 1)
    lam, mu = 0.1, 1.0
    p1 = 2 * lam / mu
    p2 = p1 * 2 * lam / (2 * mu)
    assert solve(ActiveActive(r, 2, load_exponent=1.0)).unavailability == pytest.approx(
        p2 / (1 + p1 + p2), rel=1e-12)


# -- issue 15: life distributions evaluated exactly on the structure ----------------------------
def weibull(name: str, shape: float, scale_h: float) -> Component:
    mean = scale_h * H * math.gamma(1 + 1 / shape)
    return Component(name, mtbf=mean, mttr=math.inf, failure=Distribution("weibull", mean, shape))


def test_weibull_series_is_the_product_of_weibull_survivals() -> None:
    # a series of Weibull units: R(t) = prod exp(-(t/eta_i)^beta_i) (Rausand & Hoyland, 2nd ed., 4.3);
    # replacing them by exponentials of the same mean would give exp(-t sum 1/mean_i) instead
    parts = (weibull("a", 2.0, 100), weibull("b", 3.0, 50), weibull("c", 1.5, 200))
    life = system_life(Series(parts))
    assert life is not None and not life.approximations
    t = 5 * H
    truth = (stats.weibull_min(2.0, scale=100).sf(5) * stats.weibull_min(3.0, scale=50).sf(5)
             * stats.weibull_min(1.5, scale=200).sf(5))
    assert life.reliability(t) == pytest.approx(truth, rel=1e-12)
    same_mean_exponential = math.exp(-sum(t / p.mtbf for p in parts))  # type: ignore[operator]
    assert abs(life.reliability(t) - same_mean_exponential) > 0.05
    # MTTF = integral of R (scipy quad, independently), hazard = sum beta/eta (t/eta)^(beta-1)
    mttf, _ = integrate.quad(lambda x: stats.weibull_min(2.0, scale=100).sf(x)
                             * stats.weibull_min(3.0, scale=50).sf(x)
                             * stats.weibull_min(1.5, scale=200).sf(x), 0, np.inf)
    assert life.mean_time() == pytest.approx(mttf * H, rel=1e-7)
    hazard = 2 / 100 * (5 / 100) + 3 / 50 * (5 / 50) ** 2 + 1.5 / 200 * (5 / 200) ** 0.5
    assert life.hazard(t) * H == pytest.approx(hazard, rel=1e-6)


def test_b10_and_time_to_target_of_identical_weibull_series() -> None:
    # n identical Weibull units in series: R(t) = exp(-n (t/eta)^beta), so t(R) = eta (-ln R / n)^(1/beta)
    parts = tuple(weibull(f"w{i}", 2.5, 1000) for i in range(3))
    life = system_life(Series(parts))
    assert life is not None
    for target in (0.9, 0.99, 0.5):
        assert life.time_to(target) == pytest.approx(1000 * H * (-math.log(target) / 3) ** (1 / 2.5), rel=1e-9)


def test_parallel_of_never_repaired_units_any_law() -> None:
    # non-repairable coherent structure: R = h(R_i) (Rausand & Hoyland, 2nd ed., 4.3)
    ln = Component("ln", mtbf=100 * H, mttr=math.inf, failure=Distribution("lognormal", 100 * H, 0.8))
    ga = Component("ga", mtbf=80 * H, mttr=math.inf, failure=Distribution("gamma", 80 * H, 3.0))
    wb = weibull("wb", 2.0, 90)
    life = system_life(KOfN(2, (ln, ga, wb)))
    assert life is not None
    t = 70.0
    r_ln = stats.lognorm(0.8, scale=math.exp(math.log(100) - 0.32)).sf(t)
    r_ga = stats.gamma(3.0, scale=80 / 3).sf(t)
    r_wb = stats.weibull_min(2.0, scale=90).sf(t)
    two_of_three = r_ln * r_ga + r_ln * r_wb + r_ga * r_wb - 2 * r_ln * r_ga * r_wb
    assert life.reliability(t * H) == pytest.approx(two_of_three, rel=1e-9)
    # and A(t) of units never repaired equals R(t)
    assert 1 - solve(KOfN(2, (ln, ga, wb)), time=t * H).unavailability == pytest.approx(two_of_three, rel=1e-9)


def test_survival_of_each_law_against_scipy() -> None:
    t = np.array([0.0, 10.0, 50.0, 100.0, 300.0])
    assert np.allclose(survival(Distribution("exponential", 100.0), t), stats.expon(scale=100).sf(t))
    w = Distribution("weibull", 100.0, 1.7)
    assert np.allclose(survival(w, t), stats.weibull_min(1.7, scale=w.scale).sf(t))
    g = Distribution("gamma", 100.0, 2.5)
    assert np.allclose(survival(g, t), stats.gamma(2.5, scale=40.0).sf(t))
    ln = Distribution("lognormal", 100.0, 0.6)
    assert np.allclose(survival(ln, t), stats.lognorm(0.6, scale=math.exp(ln.mu)).sf(t))
    e = Distribution.empirical([20.0, 60.0, 60.0, 200.0])
    assert survival(e, t).tolist() == [1.0, 1.0, 0.75, 0.25, 0.0]  # lives above t: 4, 4, 3, 1, 0 of 4


def test_scenario_weibull_scale_and_mttr_none() -> None:
    from uptime_calc.models.analyze import analyze
    from uptime_calc.scenario import loads_scenario

    s = loads_scenario("""
components:
  bearing: {mttr: none, failure: {distribution: weibull, shape: 2, scale: 100h}}
  seal:    {mttr: none, failure: {distribution: weibull, shape: 3, scale: 50h}}
system: {series: [bearing, seal]}
""")
    report = analyze(s, mission=5 * H, reliability_target=0.99)
    truth = math.exp(-(0.05**2) - (0.1**3))
    assert report.mission is not None and report.mission.reliability == pytest.approx(truth, rel=1e-12)
    assert report.mission.point_unavailability == pytest.approx(1 - truth, rel=1e-9)
    assert report.mission.b10 is not None
    assert math.exp(-((report.mission.b10 / H / 100) ** 2) - (report.mission.b10 / H / 50) ** 3) == \
        pytest.approx(0.9, rel=1e-9)


# -- interval reliability -------------------------------------------------------------------------
def test_interval_reliability() -> None:
    # one repairable unit: IR(t, x) = A(t) exp(-l x) (Birolini, 7th ed., 6.2)
    a = unit("a", 2, 1)
    got = interval_reliability(a, H, 0.5 * H)
    assert got is not None
    assert got[0] == pytest.approx(point_a(0.5 / H, 1 / H, H) * math.exp(-0.25), rel=1e-12)
    pair = Parallel((a, unit("b", 1.25, 1)))
    life = first_failure(pair)
    assert life is not None
    ir0 = interval_reliability(pair, 0.0, 2 * H)
    assert ir0 is not None and ir0[0] == pytest.approx(life.reliability(2 * H), rel=1e-9)  # IR(0, x) = R(x)
    irt = interval_reliability(pair, 3 * H, 0.0)
    assert irt is not None and irt[0] == pytest.approx(1 - solve(pair, time=3 * H).unavailability, rel=1e-9)


# -- no cliffs and limits --------------------------------------------------------------------------
def test_lumped_k_of_n_matches_the_full_joint_chain() -> None:
    # the k-of-n chain lumped into counts against the brute-force chain over all 2^n unit states
    from uptime_calc.models.markov import absorbing, build_chain

    u = unit("u", 1000, 10)
    n, k = 8, 5
    block = KOfN(k, tuple(rename(u, f"#{i}") for i in range(n)))
    lam, mu = 1 / (1000 * H), 1 / (10 * H)

    def transitions(state: frozenset[int]) -> list[tuple[frozenset[int], float]]:
        return [(state - {i}, mu) if i in state else (state | {i}, lam) for i in range(n)]

    full = build_chain(frozenset(), transitions)
    down = np.asarray([len(s) > n - k for s in full.states])  # type: ignore[arg-type]
    brute = absorbing(full, down)
    life = first_failure(block)
    assert life is not None and life.size == n - k + 1
    assert life.mean_time() == pytest.approx(brute.mean_time(), rel=1e-9)
    assert life.reliability(5000 * H) == pytest.approx(brute.reliability(5000 * H), rel=1e-9)


def test_markov_states_are_counted_before_building() -> None:
    u = unit("u", 100, 1)
    with limits.using(max_markov_states=1000), pytest.raises(LimitError, match="--max-markov-states"):
        solve(ActiveActive(u, 5000), time=H)
    with limits.using(max_markov_states=20), pytest.raises(LimitError, match="max_markov_states"):
        solve(ActiveStandby(u, u, spares=tuple(u for _ in range(10)), failover=30))
    # the steady state of a load-sharing block is a closed form: no chain, no limit
    with limits.using(max_markov_states=10):
        assert 0 <= solve(ActiveActive(u, 100_000, capacity=1.0, demand=99_990.0)).unavailability <= 1


def test_nested_units_inside_a_markov_block_are_flagged_as_an_approximation() -> None:
    u = unit("u", 100, 1)
    sol = solve(ActiveStandby(Series((u, rename(u, "x"))), u))
    assert any("two-state equivalent" in w for w in sol.warnings)


# -- issue 12 #16: the year behind "downtime per year" is named by both commands ------------------
def test_model_and_simulate_name_their_year(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from click.testing import CliRunner

    from uptime_calc.cli import main

    path = tmp_path / "s.yaml"
    path.write_text("components: {u: {mtbf: 1000h, mttr: 1h}}\nsystem: {series: [u]}\n")
    runner = CliRunner()
    model = runner.invoke(main, ["model", str(path), "-f", "json"])
    sim = runner.invoke(main, ["simulate", str(path), "--replications", "50", "--seed", "1", "-f", "json"])
    assert model.exit_code == 0 and sim.exit_code == 0, (model.output, sim.output)
    # U = 1h / 1001h; the model's year is 365.25 days, 2025's simulated calendar has 365
    u = 1 / 1001
    m = json.loads(model.stdout)
    assert m["system"][0]["downtime_per_year_seconds"] == pytest.approx(u * 365.25 * 86400, rel=1e-12)
    assert "365.25 days" in m["method"]["downtime_year"]
    s = json.loads(sim.stdout)
    assert "365 days" in s["method"]["downtime_year"]
    analytic = [r for r in s["availability"] if r["estimate"].startswith("analytic")][0]
    assert analytic["downtime_per_year_seconds"] == pytest.approx(u * 365 * 86400, rel=1e-9)
    table = runner.invoke(main, ["model", str(path), "--year-days", "365"])
    assert "Down/year (365 d)" in table.stdout
    sim_table = runner.invoke(main, ["simulate", str(path), "--replications", "50", "--seed", "1"])
    assert "Downtime/year (365 d simulated)" in sim_table.stdout


def test_pumps_mission_sample() -> None:
    # two Weibull pumps in parallel (shape 2.5, scale 20000 h), a controller (MTBF 200000 h) and three
    # cold power supplies (MTBF 30000 h), none repaired, at t = 8760 h:
    # R = (1 - (1 - e^-(t/20000)^2.5)^2) e^-(t/200000) e^-x (1 + x + x^2/2), x = t/30000 = 0.940387
    from uptime_calc.models.analyze import analyze
    from uptime_calc.scenario import load_scenario

    from .conftest import ROOT

    t = 8760.0
    rp = math.exp(-((t / 20000) ** 2.5))
    x = t / 30000
    expected = (1 - (1 - rp) ** 2) * math.exp(-t / 200000) * math.exp(-x) * (1 + x + x * x / 2)
    report = analyze(load_scenario(ROOT / "samples" / "missions" / "pumps.yaml"), mission=t * H,
                     reliability_target=0.99)
    assert report.mission is not None
    assert report.mission.reliability == pytest.approx(expected, rel=1e-9)
    assert round(expected, 6) == 0.940387
    assert report.mission.time_to_target is not None and report.mission.b10 is not None
    life = system_life(load_scenario(ROOT / "samples" / "missions" / "pumps.yaml").system)
    assert life is not None
    assert life.reliability(report.mission.b10) == pytest.approx(0.9, rel=1e-9)
    assert life.reliability(report.mission.time_to_target) == pytest.approx(0.99, rel=1e-9)
    # the mean time to failure against scipy's adaptive quadrature of the same closed form
    def closed(hours: float) -> float:
        rp_ = math.exp(-((hours / 20000) ** 2.5))
        x_ = hours / 30000
        return (1 - (1 - rp_) ** 2) * math.exp(-hours / 200000) * math.exp(-x_) * (1 + x_ + x_ * x_ / 2)

    mttf_hours, _ = integrate.quad(closed, 0, np.inf, limit=500)
    assert report.mttff == pytest.approx(mttf_hours * H, rel=1e-7)
