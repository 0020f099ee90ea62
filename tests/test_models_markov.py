"""Markov blocks against two-unit closed forms, to 1e-12 (relative).

Closed forms: Trivedi, *Probability and Statistics with Reliability, Queuing and Computer
Science Applications*, 2nd ed., ch. 8 (birth-death availability models) and ch. 9
(two-unit systems); Billinton & Allan, *Reliability Evaluation of Engineering Systems*,
2nd ed., ch. 9 (standby redundancy).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from uptime_calc.models.blocks import ActiveActive, ActiveStandby, Component, Parallel, Series, rename
from uptime_calc.models.markov import build_chain, gth, stationary
from uptime_calc.models.solve import first_failure, solve

RATES = [(1e-3, 1.0), (1 / 2000, 1 / 0.5), (1e-6, 1.0), (0.2, 1.0)]


def unit(lam: float, mu: float) -> Component:
    return Component.from_mtbf_mttr("u", 1 / lam, 1 / mu)


@pytest.mark.parametrize(("lam", "mu"), RATES)
def test_hot_pair_two_crews(lam: float, mu: float) -> None:
    # independent repair: U = (lam / (lam + mu))^2
    u = solve(ActiveStandby(unit(lam, mu), unit(lam, mu), mode="hot", repair_crews=2)).unavailability
    assert u == pytest.approx((lam / (lam + mu)) ** 2, rel=1e-12)


@pytest.mark.parametrize(("lam", "mu"), RATES)
def test_hot_pair_one_crew(lam: float, mu: float) -> None:
    # birth-death 2 -> 1 -> 0 with rates 2 lam, lam and repairs mu, mu:
    # U = 2 lam^2 / (mu^2 + 2 lam mu + 2 lam^2)
    expected = 2 * lam**2 / (mu**2 + 2 * lam * mu + 2 * lam**2)
    u = solve(ActiveStandby(unit(lam, mu), unit(lam, mu), mode="hot", repair_crews=1)).unavailability
    assert u == pytest.approx(expected, rel=1e-12)
    aa = solve(ActiveActive(unit(lam, mu), 2, repair_crews=1)).unavailability
    assert aa == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(("lam", "mu"), RATES)
def test_cold_standby_one_crew(lam: float, mu: float) -> None:
    # cold standby, perfect switch, one crew: U = lam^2 / (mu^2 + lam mu + lam^2)
    expected = lam**2 / (mu**2 + lam * mu + lam**2)
    u = solve(ActiveStandby(unit(lam, mu), unit(lam, mu), mode="cold", repair_crews=1)).unavailability
    assert u == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(("lam", "mu", "c", "delta"), [(1e-3, 1.0, 0.95, 4.0), (1e-4, 0.5, 0.9, 2.0)])
def test_imperfect_coverage(lam: float, mu: float, c: float, delta: float) -> None:
    # hot pair, one crew, instant switch that succeeds with probability c; a failed switch is
    # recovered by hand at rate delta (Trivedi ch. 9, imperfect coverage). States: 2 (both up),
    # 1 (one under repair, the other serving), D (switch failed), 0 (both down). Balance:
    #   D: pD (delta + mu + lam) = lam (1 - c) p2      (the idle unit is hot, it can fail in D)
    #   2: 2 lam p2 = mu p1 + mu pD                     (active fails: lam; idle fails: lam)
    #   0: mu p0 = lam (p1 + pD)
    p2 = 1.0
    pd = lam * (1 - c) * p2 / (delta + mu + lam)
    p1 = (2 * lam * p2 - mu * pd) / mu
    p0 = lam * (p1 + pd) / mu
    expected = (pd + p0) / (p2 + p1 + pd + p0)
    block = ActiveStandby(unit(lam, mu), unit(lam, mu), mode="hot", switchover_success=c,
                          manual_recovery=1 / delta, repair_crews=1)
    assert solve(block).unavailability == pytest.approx(expected, rel=1e-12)


def test_switch_time_costs_lam_times_tau_per_failure() -> None:
    # a perfect but slow switch: each failure of the serving unit costs the switch time T (Erlang-k
    # of mean tau), cut short if the failed unit is repaired first (Exp(mu)):
    # E[min(T, R)] = (1 - E[exp(-mu T)]) / mu = (1 - (1 + mu tau / k)^-k) / mu, so to first order
    # U ~ lam * E[min(T, R)] + U_pair
    from uptime_calc.models.standby import SWITCH_PHASES as k

    lam, mu, tau = 1e-6, 1e-3, 30.0
    u = solve(ActiveStandby(unit(lam, mu), unit(lam, mu), failover=tau, repair_crews=2)).unavailability
    cut_short = (1 - (1 + mu * tau / k) ** -k) / mu
    assert u == pytest.approx(lam * cut_short + (lam / (lam + mu)) ** 2, rel=2e-3)


def test_gth_full_relative_accuracy_at_twelve_nines() -> None:
    # U ~ 1e-12: GTH sums the down states directly; 1 - sum(up) would keep ~4 digits
    lam, mu = 1e-6, 1.0
    u = solve(ActiveStandby(unit(lam, mu), unit(lam, mu), repair_crews=2)).unavailability
    assert u == pytest.approx((lam / (lam + mu)) ** 2, rel=1e-12)


def test_gth_matches_dense_solve_on_a_random_chain() -> None:
    rng = np.random.default_rng(7)
    q = rng.uniform(0.1, 1.0, (6, 6))
    np.fill_diagonal(q, 0)
    pi = gth(q)
    full = q - np.diag(q.sum(axis=1))
    assert np.allclose(pi @ full, 0, atol=1e-14)
    assert pi.sum() == pytest.approx(1.0, rel=1e-15)


def test_active_active_capacity_needs_k_survivors() -> None:
    # 3 units, capacity 500, demand 900: 2 needed; independent repairs -> 2-of-3 of U each
    lam, mu = 1e-3, 0.1
    uu = lam / (lam + mu)
    block = ActiveActive(unit(lam, mu), 3, capacity=500, demand=900)
    expected = 3 * uu**2 * (1 - uu) + uu**3
    assert solve(block).unavailability == pytest.approx(expected, rel=1e-12)


def test_point_availability_of_one_unit() -> None:
    # A(t) = mu/(lam+mu) + lam/(lam+mu) exp(-(lam+mu) t)  (Trivedi eq. 8.22)
    lam, mu, t = 1e-3, 1e-1, 7.0
    u = solve(unit(lam, mu), time=t).unavailability
    expected_a = mu / (lam + mu) + lam / (lam + mu) * math.exp(-(lam + mu) * t)
    assert 1 - u == pytest.approx(expected_a, rel=1e-14)


def test_point_availability_of_a_chain_tends_to_steady_state() -> None:
    lam, mu = 1e-3, 1e-1
    block = ActiveStandby(unit(lam, mu), unit(lam, mu), repair_crews=1)
    assert solve(block, time=0.0).unavailability == 0.0
    assert solve(block, time=1e7).unavailability == pytest.approx(solve(block).unavailability, rel=1e-9)


def test_mean_time_to_first_failure_hot_pair() -> None:
    # hot pair with repair: MTTF = (3 lam + mu) / (2 lam^2)  (Trivedi, ch. 8, two-unit parallel with repair)
    lam, mu = 1e-4, 1e-1
    pair = Parallel((unit(lam, mu), rename(unit(lam, mu), "b")))
    phase = first_failure(pair)
    assert phase is not None
    assert phase.mean_time() == pytest.approx((3 * lam + mu) / (2 * lam**2), rel=1e-9)
    same = first_failure(ActiveStandby(unit(lam, mu), unit(lam, mu), repair_crews=1))
    assert same is not None and same.mean_time() == pytest.approx((3 * lam + mu) / (2 * lam**2), rel=1e-9)


def test_reliability_of_a_series_is_the_product() -> None:
    lam1, lam2, t = 1e-4, 3e-4, 1000.0
    phase = first_failure(Series((unit(lam1, 1.0), unit(lam2, 1.0))))
    assert phase is not None
    assert phase.reliability(t) == pytest.approx(math.exp(-(lam1 + lam2) * t), rel=1e-12)
    assert phase.mean_time() == pytest.approx(1 / (lam1 + lam2), rel=1e-12)


def test_stationary_ignores_transient_states() -> None:
    # 0 -> 1 once, then 1 <-> 2: state 0 is transient
    chain = build_chain(0, lambda s: {0: [(1, 1.0)], 1: [(2, 2.0)], 2: [(1, 1.0)]}[s])
    pi = stationary(chain.generator)
    assert pi[chain.index[0]] == 0.0
    assert pi[chain.index[2]] == pytest.approx(2 / 3, rel=1e-14)


def test_cached_and_fresh_solutions_agree() -> None:
    lam, mu = 1e-3, 1e-1
    pair = ActiveStandby(unit(lam, mu), rename(unit(lam, mu), "-2"), failover=20.0, switchover_success=0.9,
                         manual_recovery=600.0)
    tree = Series((pair, ActiveActive(unit(lam, mu), 3, capacity=1.0, demand=2.0, repair_crews=1)))
    first = solve(tree, record=False).unavailability
    again = solve(tree, record=False).unavailability  # from the cache
    fresh = solve(tree, record=False, cache=False).unavailability
    rows = solve(tree).unavailability
    assert first == again == fresh == rows


def test_first_failure_of_a_large_series_by_product_matches_the_joint_chain() -> None:
    from uptime_calc.models.markov import IndependentSeries

    lam, mu = 1e-4, 1e-2
    pairs = tuple(ActiveStandby(unit(lam * (i + 1), mu), rename(unit(lam, mu), f"-{i}"), failover=60.0,
                                switchover_success=0.95, manual_recovery=900.0) for i in range(3))
    tree = Series(pairs + (unit(2e-5, 1.0),))
    joint = first_failure(tree)
    split = first_failure(tree, limit=50)  # too small for the joint chain: product of the parts
    assert joint is not None and isinstance(split, IndependentSeries)
    assert split.mean_time() == pytest.approx(joint.mean_time(), rel=1e-7)
    for t in (10.0, 3600.0, 86400.0 * 30):
        assert split.reliability(t) == pytest.approx(joint.reliability(t), rel=1e-9)


def test_first_failure_by_product_follows_a_long_tail_to_its_end() -> None:
    # a part that mostly fails fast (rate 1, p = 0.99) but now and then lasts long (rate 1e-4, p = 0.01),
    # in series with a near-perfect leaf (rate 1e-9): MTTFF = integral of R1 R2 =
    # 0.99 / (1 + 1e-9) + 0.01 / (1e-4 + 1e-9), in closed form (the integral stopped at 60 x the
    # shortest mean gave 46.4)
    import numpy as np
    import scipy.sparse as sp

    from uptime_calc.models.markov import IndependentSeries, PhaseType

    hyper = PhaseType(sp.csr_matrix(np.diag([-1.0, -1e-4])), np.array([0.99, 0.01]))
    leaf = PhaseType(sp.csr_matrix((1, 1)), np.array([1.0]), 1e-9)
    assert IndependentSeries((hyper, leaf)).mean_time() == pytest.approx(0.99 / (1 + 1e-9) + 0.01 / (1e-4 + 1e-9),
                                                                         rel=1e-7)
