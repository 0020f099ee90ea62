"""Uncertainty of availability measured from a short history."""

from __future__ import annotations

import math

import numpy as np
import pytest

from uptime_calc.accounting.uncertainty import availability_interval, bootstrap_mean, mtbf_bounds


def test_zero_failure_bound_is_t_over_ln10_at_90_percent_one_sided():
    # With no failure in T, the 90% lower bound on MTBF is T / ln(10) = T / 2.3026 (the classic
    # "test for 2.3 x MTBF with no failure" rule, MIL-HDBK-781A); a two-sided 80% interval uses
    # the 90% quantile at its lower end. chi2(0.9, 2 dof) = -2 ln(0.1) in closed form.
    low, high = mtbf_bounds(0, 1000.0, confidence=0.8)
    assert low == pytest.approx(1000.0 / math.log(10), rel=1e-9)
    assert math.isinf(high)


def test_one_failure_closed_form_with_two_degrees_of_freedom():
    # r = 1: the upper bound uses chi2((1-c)/2, 2) = -2 ln(1 - (1-c)/2) (closed form for 2 dof)
    c = 0.9
    _, high = mtbf_bounds(1, 500.0, confidence=c)
    assert high == pytest.approx(2 * 500.0 / (-2 * math.log(1 - (1 - c) / 2)), rel=1e-9)


def test_table_value_chi_square_4_dof():
    # standard chi-square table: chi2(0.95; 4 dof) = 9.488; r = 1 at two-sided 90% uses it for the lower bound
    low, _ = mtbf_bounds(1, 9488.0, confidence=0.9)
    assert low == pytest.approx(2 * 9488.0 / 9.4877, rel=1e-4)


def test_bootstrap_is_reproducible_and_brackets_the_mean():
    values = [600, 1200, 300, 3600, 900, 450]
    a = bootstrap_mean(values, confidence=0.9, seed=7)
    b = bootstrap_mean(values, confidence=0.9, seed=7)
    assert a == b
    assert a[0] < np.mean(values) < a[1]
    assert bootstrap_mean([5.0, 5.0, 5.0]) == (5.0, 5.0)


def test_availability_interval_contains_the_point_estimate():
    restore = np.array([600.0, 1200, 300, 3600, 900])
    uptime = 1000 * 3600.0
    iv = availability_interval(len(restore), uptime, restore, confidence=0.9)
    assert iv is not None
    point_u = restore.mean() / (uptime / len(restore) + restore.mean())
    assert iv.high.unavailability < point_u < iv.low.unavailability
    # more history at the same rates narrows the interval
    wide = iv.low.unavailability - iv.high.unavailability
    more = availability_interval(50, uptime * 10, np.tile(restore, 10), confidence=0.9)
    assert more is not None and more.low.unavailability - more.high.unavailability < wide


def test_too_little_history_gives_no_interval():
    assert availability_interval(1, 1000.0, [60.0]) is None


def test_bootstrap_agrees_with_scipy_percentile_bootstrap() -> None:
    # independent implementation: scipy.stats.bootstrap(method="percentile") on the same data
    import numpy as np
    from scipy.stats import bootstrap

    values = [300.0, 900.0, 1200.0, 3600.0, 7200.0, 600.0, 1800.0]
    ours = bootstrap_mean(values, confidence=0.9, n_resamples=20000, seed=3)
    ref = bootstrap((np.asarray(values),), np.mean, confidence_level=0.9, n_resamples=20000,
                    method="percentile", rng=np.random.default_rng(11)).confidence_interval
    assert ours[0] == pytest.approx(ref.low, rel=0.03)
    assert ours[1] == pytest.approx(ref.high, rel=0.03)


@pytest.mark.parametrize("size", [2, 800, 70_000])  # one block of rows, several, one row per block
def test_bootstrap_in_blocks_equals_the_one_expression_definition(size: int) -> None:
    # the definition: the means of n_resamples rows of indices drawn at once, quantiles at (1 -/+ c) / 2
    values = np.random.default_rng(7).lognormal(7, 1, size)
    picks = np.random.default_rng(3).integers(0, size, size=(300, size))
    means = values[picks].mean(axis=1)
    expected = tuple(float(q) for q in np.quantile(means, [0.05, 0.95]))
    assert bootstrap_mean(values, confidence=0.9, n_resamples=300, seed=3) == expected


# -- every group at once (issue 12, item 10) ---------------------------------------------------------


def _scipy_percentile(values: np.ndarray, confidence: float) -> tuple[float, float]:
    """The independent reference: scipy.stats.bootstrap(method="percentile"), many resamples."""
    from scipy.stats import bootstrap

    ref = bootstrap((values,), np.mean, confidence_level=confidence, n_resamples=20000, method="percentile", batch=2000,
                    random_state=np.random.default_rng(11))
    return float(ref.confidence_interval.low), float(ref.confidence_interval.high)


def test_bootstrap_means_of_small_groups_agree_with_scipy() -> None:
    from uptime_calc.accounting.uncertainty import bootstrap_means

    rng = np.random.default_rng(5)
    groups = [rng.lognormal(7.0, 1.0, size=n) for n in (2, 5, 17, 60)]
    low, high = bootstrap_means(np.concatenate(groups), np.array([len(g) for g in groups]), confidence=0.9,
                                n_resamples=20000)
    for g, lo, hi in zip(groups, low, high, strict=True):
        ref = _scipy_percentile(g, 0.9)
        assert lo == pytest.approx(ref[0], rel=0.03) and hi == pytest.approx(ref[1], rel=0.03)


@pytest.mark.parametrize("n", [101, 400, 2000])
def test_bootstrap_means_of_large_groups_agree_with_scipy(n: int) -> None:
    # the Cornish-Fisher limit used above RESAMPLE_UP_TO values, against resampling itself (skewed
    # lognormal restore times: sigma 1, skewness about 6.2)
    from uptime_calc.accounting.uncertainty import RESAMPLE_UP_TO, bootstrap_means

    assert n > RESAMPLE_UP_TO
    values = np.random.default_rng(n).lognormal(7.0, 1.0, size=n)
    low, high = bootstrap_means(values, np.array([n]), confidence=0.95)
    ref = _scipy_percentile(values, 0.95)
    spread = ref[1] - ref[0]
    assert abs(low[0] - ref[0]) < 0.03 * spread and abs(high[0] - ref[1]) < 0.03 * spread


def test_bootstrap_means_edge_groups() -> None:
    from uptime_calc.accounting.uncertainty import bootstrap_means

    low, high = bootstrap_means(np.array([4.0, 9.0, 9.0, 9.0, 1.0, 2.0]), np.array([1, 3, 0, 2]))
    assert np.isnan(low[0]) and np.isnan(high[2])  # fewer than two values: no interval
    assert (low[1], high[1]) == (9.0, 9.0)  # no spread: every resample's mean is 9
    assert 1.0 <= low[3] <= high[3] <= 2.0


def test_interval_columns_chi_square_part_and_one_group_form() -> None:
    # the MTBF bounds are the closed-form chi-square bounds (each part at 95% for a joint 90%);
    # the availability bounds combine them as U = MTTR / (MTBF + MTTR), scaled by the weight
    from scipy.stats import chi2

    from uptime_calc.accounting.uncertainty import interval_columns

    restore = np.array([600.0, 1200.0, 1800.0, 3600.0, 60.0])
    out = interval_columns(np.array([3, 2]), np.array([1e6, 5e5]), restore, np.array([3, 2]), confidence=0.9,
                           weight=np.array([1.0, 0.5]))
    assert out["mtbf_low_seconds"][0] == pytest.approx(2e6 / chi2.ppf(0.975, 8), rel=1e-12)
    assert out["mtbf_high_seconds"][1] == pytest.approx(1e6 / chi2.ppf(0.025, 4), rel=1e-12)
    u_high = 0.5 * out["mttr_high_seconds"][1] / (out["mtbf_low_seconds"][1] + out["mttr_high_seconds"][1])
    assert out["unavailability_high"][1] == pytest.approx(u_high, rel=1e-12)
    assert out["availability_low_percent"][1] == pytest.approx(100 * (1 - u_high), rel=1e-12)
    assert 60.0 <= out["mttr_low_seconds"][1] <= out["mttr_high_seconds"][1] <= 3600.0
