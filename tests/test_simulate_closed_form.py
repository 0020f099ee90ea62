"""An independent closed-form check of the monthly downtime distribution.

One component fails as a Poisson process (rate lam) and every restore takes a
FIXED time r. In a 30-day month T, the downtime exceeds B exactly when at least
m = floor(B/r) + 1 outages fall in the month, so

    P(D > B) = P(N >= m),  N ~ Poisson(lam * T),

up to three effects bounded explicitly below: an outage carried in from the
previous month (probability U = lam r / (1 + lam r)), the last outage cut by
the month end (an outage starting in the last r seconds: at most lam r), and
failures that cannot happen while the component is down (the Poisson points
thinned away: at most lam * E[D] = lam * U * T in expectation).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from uptime_calc.models.blocks import Component, Distribution
from uptime_calc.simulate.run import simulate

DAY = 86400.0


def poisson_at_least(m: int, mean: float) -> float:
    """P(N >= m) for N ~ Poisson(mean), from the series 1 - sum_{k<m} e^-mean mean^k / k!."""
    return 1.0 - math.fsum(math.exp(-mean) * mean**k / math.factorial(k) for k in range(m))


@pytest.fixture(scope="module")
def fixed_restore_months() -> tuple[np.ndarray, float, float, float]:
    r = 60.0  # fixed one-minute restore
    mtbf = 6 * DAY  # lam * T = 5 failures per 30-day month
    comp = Component("api", mtbf=mtbf, mttr=r, repair=Distribution("fixed", r))
    res = simulate(comp, replications=20_000, months="30d", seed=20261127, analytic=False)
    return res.month_downtime, 1 / mtbf, r, 30 * DAY


@pytest.mark.parametrize("budget", [30.0, 150.0, 270.0, 330.0, 450.0])
def test_probability_a_month_exceeds_a_budget_is_a_poisson_tail(fixed_restore_months, budget: float) -> None:
    months, lam, r, month = fixed_restore_months
    m = math.floor(budget / r) + 1
    expected = poisson_at_least(m, lam * month)
    u = lam * r / (1 + lam * r)
    boundary = u + lam * r + lam * u * month
    observed = float(np.mean(months > budget))
    n = months.size
    sampling = 5 * math.sqrt(expected * (1 - expected) / n)
    assert abs(observed - expected) <= boundary + sampling, (observed, expected, boundary, sampling)
    # and decisively not the neighbouring count (the test can fail)
    assert abs(observed - poisson_at_least(m + 1, lam * month)) > boundary + sampling


def test_downtime_comes_in_whole_restores_except_at_month_ends(fixed_restore_months) -> None:
    months, _, r, _ = fixed_restore_months
    frac = np.mod(months, r) / r
    whole = (frac < 1e-9) | (frac > 1 - 1e-9)
    # only months with an outage cut by a month end carry a partial restore: rare
    assert whole.mean() > 0.999
