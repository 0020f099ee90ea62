"""Simulated block availabilities against closed forms from the reliability literature.

Each check compares the mean of per-replication unavailability with an exact
value, allowing 4.5 standard errors (a false alarm about once in 150,000 runs;
the seeds are fixed, so a run either passes or points at a real change).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from uptime_calc.availability import Availability
from uptime_calc.models.blocks import (
    ActiveActive,
    ActiveStandby,
    CommonCause,
    Component,
    Distribution,
    Edge,
    KOfN,
    Network,
    Parallel,
    Series,
)
from uptime_calc.models.network import failable_path_sets
from uptime_calc.simulate.structure import SimOptions, system_down

HOUR = 3600.0
YEAR = 365.25 * 86400


def _u(block, reps: int = 4000, seed: int = 11, horizon: float = YEAR) -> tuple[float, float]:
    iv = system_down(block, reps, horizon, np.random.default_rng(seed))
    u = iv.downtime() / horizon
    return float(u.mean()), float(u.std(ddof=1) / math.sqrt(u.size))


def _close(block, expected: float, **kw) -> None:
    mean, se = _u(block, **kw)
    assert abs(mean - expected) <= 4.5 * se, (mean, expected, se)


def comp(name: str, mtbf_h: float, mttr_h: float, **kw) -> Component:
    return Component.from_mtbf_mttr(name, mtbf_h * HOUR, mttr_h * HOUR, **kw)


def test_series_multiplies_availabilities() -> None:
    a, b = comp("a", 90, 10), comp("b", 45, 5)  # A = 0.9 each
    _close(Series((a, b)), 1 - 0.9 * 0.9, reps=1000, horizon=2000 * HOUR)


def test_parallel_multiplies_unavailabilities() -> None:
    a = comp("a", 90, 10)
    _close(Parallel((a, a, a)), 0.1**3, reps=2000, horizon=2000 * HOUR)


def test_two_of_three_with_a_of_0_9_is_0_972() -> None:
    # textbook k-out-of-n: R = 3p^2 - 2p^3 = 0.972 for p = 0.9 (e.g. Rausand & Hoyland, 2nd ed., 4.5)
    a = comp("a", 90, 10)
    _close(KOfN(2, (a, a, a)), 1 - 0.972, reps=2000, horizon=2000 * HOUR)


def test_lognormal_repairs_keep_the_steady_state_mean() -> None:
    # steady-state A depends only on the means (renewal-reward), whatever the repair law
    a = comp("a", 90, 10, repair=Distribution("lognormal", 10 * HOUR, shape=1.5),
             failure=Distribution("weibull", 90 * HOUR, shape=2.0))
    _close(Parallel((a, a)), 0.1**2, reps=2000, horizon=2000 * HOUR)


def test_static_component_keeps_its_availability() -> None:
    dns = Component.static("dns", Availability.from_percent("99.9"))
    mean, se = _u(dns, reps=4000)
    assert abs(mean - 1e-3) <= 4.5 * se
    # a different assumed restore time keeps the mean but changes the spread
    iv = system_down(dns, 4000, YEAR, np.random.default_rng(2), SimOptions(static_mttr=60.0))
    assert abs(iv.downtime().mean() / YEAR - 1e-3) < 1e-4


def test_bridge_network_against_its_path_set_polynomial() -> None:
    # bridge with equal edge reliability p: R = 2p^2 + 2p^3 - 5p^4 + 2p^5
    # (Rausand & Hoyland, System Reliability Theory, 2nd ed., example 4.5; minimal path sets)
    e = comp("e", 80, 20)  # p = 0.8
    net = Network(
        nodes=("s", "a", "b", "t"),
        edges=(Edge("s", "a", e), Edge("s", "b", e), Edge("a", "b", e), Edge("a", "t", e), Edge("b", "t", e)),
        source="s", sink="t",
    )
    assert sorted(sorted(p) for p in failable_path_sets(net)) == [[0, 2, 4], [0, 3], [1, 2, 3], [1, 4]]
    p = 0.8
    r = 2 * p**2 + 2 * p**3 - 5 * p**4 + 2 * p**5
    _close(net, 1 - r, reps=2000, horizon=2000 * HOUR)


def test_hot_pair_with_one_repair_crew() -> None:
    # two-unit parallel, one repairman: U = 2 lam^2 / (mu^2 + 2 lam mu + 2 lam^2)
    # (Trivedi, Probability and Statistics with Reliability..., 2nd ed., section 8.2, example)
    lam, mu = 1 / 100, 1 / 10
    u = 2 * lam**2 / (mu**2 + 2 * lam * mu + 2 * lam**2)
    unit = comp("lb", 100, 10)
    _close(ActiveStandby(unit, unit, mode="hot", repair_crews=1), u, reps=3000, horizon=4000 * HOUR)


def test_hot_pair_with_two_crews_is_a_parallel_pair() -> None:
    unit = comp("lb", 100, 10)
    _close(ActiveStandby(unit, unit, mode="hot", repair_crews=2), (10 / 110) ** 2, reps=3000,
           horizon=4000 * HOUR)


def test_cold_standby_with_one_crew() -> None:
    # cold spare, one repairman: U = lam^2 / (mu^2 + lam mu + lam^2) (Trivedi, section 8.2)
    lam, mu = 1 / 100, 1 / 10
    unit = comp("db", 100, 10)
    _close(ActiveStandby(unit, unit, mode="cold"), lam**2 / (mu**2 + lam * mu + lam**2), reps=3000,
           horizon=4000 * HOUR)


def test_imperfect_coverage_with_instant_switch() -> None:
    # hot pair, two crews, coverage c, no manual recovery (the failed switch waits for the repair):
    # states 2 up; 1 up serving; 1 up but stuck; 0 up. Solved by hand as a 4-state CTMC:
    lam, mu, c = 1 / 100, 1 / 10, 0.8
    q = np.array([
        # to: 2 up,  1 up ok,        stuck,            0 up
        [0.0, lam * c + lam, lam * (1 - c), 0.0],  # serving unit fails (switch ok / stuck); idle unit fails
        [mu, 0.0, 0.0, lam],  # one up and serving: the repair ends, or the survivor fails
        [mu, 0.0, 0.0, lam],  # stuck: the failed unit's repair ends it; the idle unit may fail
        [0.0, 2 * mu, 0.0, 0.0],  # both down, two crews
    ])
    np.fill_diagonal(q, -q.sum(axis=1))
    a = np.vstack([q.T, np.ones(4)])
    pi = np.linalg.lstsq(a, np.r_[np.zeros(4), 1.0], rcond=None)[0]
    unit = comp("lb", 100, 10)
    block = ActiveStandby(unit, unit, mode="hot", switchover_success=c, repair_crews=2)
    _close(block, pi[2] + pi[3], reps=3000, horizon=4000 * HOUR)


def test_switch_time_adds_one_outage_per_failure_of_the_serving_unit() -> None:
    # with rare double failures, each failure of the serving unit costs detection + failover:
    # U ~= lam * tau + U_pair (renewal-reward per failure)
    unit = comp("lb", 2000, 0.5)
    tau = 45.0
    block = ActiveStandby(unit, unit, failover=30.0, detection=15.0, repair_crews=2)
    lam = 1 / (2000 * HOUR)
    u_pair = (0.5 / 2000.5) ** 2
    _close(block, lam * tau / (1 + lam * tau) + u_pair, reps=4000)


def test_active_active_with_one_repair_crew_is_a_birth_death_chain() -> None:
    # 3 units, 2 needed (capacity 500, demand 900), c crews: pi_{k+1}/pi_k = (3-k) lam / (min(k+1, c) mu)
    lam, mu = 1 / 100, 1 / 5
    unit = comp("web", 100, 5)
    for crews in (1, None):
        c = crews or 3
        w = [1.0]
        for k in range(3):
            w.append(w[-1] * (3 - k) * lam / (min(k + 1, c) * mu))
        expected = sum(w[2:]) / sum(w)
        block = ActiveActive(unit=unit, count=3, capacity=500.0, demand=900.0, repair_crews=crews)
        _close(block, expected, reps=2000, horizon=4000 * HOUR)


def test_common_cause_beta_factor_pair() -> None:
    # beta-factor model (Rausand & Hoyland, 2nd ed., 10.4): independent rate (1-beta) lam per unit,
    # shared shocks at beta lam repaired in the units' repair time; down = both down or a shock
    lam, mu, beta = 1 / 100, 1 / 10, 0.1
    ui = (1 - beta) * lam / ((1 - beta) * lam + mu)
    us = beta * lam / (beta * lam + mu)
    expected = 1 - (1 - ui**2) * (1 - us)
    unit = comp("db", 100, 10)
    _close(CommonCause(beta, Parallel((unit, unit))), expected, reps=3000, horizon=4000 * HOUR)


@pytest.mark.parametrize("beta", [0.0, 0.05, 0.3])
def test_a_larger_beta_never_helps(beta: float) -> None:
    unit = comp("db", 100, 10)
    base, _ = _u(Parallel((unit, unit)), reps=2000, seed=5, horizon=4000 * HOUR)
    with_ccf, se = _u(CommonCause(beta, Parallel((unit, unit))), reps=2000, seed=5, horizon=4000 * HOUR)
    assert with_ccf >= base - 4.5 * se


def test_an_ageing_serving_unit_fails_more_often_than_the_chain_assumes() -> None:
    # Weibull shape 1 is the exponential: simulation and chain agree. With shape 2 the older unit
    # (always the serving one after a failover) is likelier to fail, so outages are more frequent
    # than the exponential chain predicts: the simulator must show it, not average it away.
    from uptime_calc.models.solve import unavailability

    def pair(shape: float) -> ActiveStandby:
        db = Component("db", mtbf=200 * HOUR, mttr=5 * HOUR,
                       failure=Distribution("weibull", 200 * HOUR, shape=shape))
        return ActiveStandby(db, db, switchover_success=0.0, manual_recovery=HOUR)

    chain = unavailability(pair(1.0))
    _close(pair(1.0), chain, reps=3000)
    mean, se = _u(pair(2.0), reps=3000)
    assert mean > chain + 6 * se
