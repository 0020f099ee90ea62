"""The simulator's building blocks: distributions, interval sweeps, renewal timelines, month buckets."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uptime_calc.errors import InputError
from uptime_calc.simulate.distributions import (
    Empirical,
    Exponential,
    Fixed,
    LogNormal,
    Weibull,
    make_distribution,
    sample_residual,
)
from uptime_calc.simulate.engine import renewal_down_intervals
from uptime_calc.simulate.intervals import Intervals, at_least, intersection, is_down_at, union
from uptime_calc.simulate.months import Horizon, month_downtime

N = 400_000


def _rng(seed: int = 12345) -> np.random.Generator:
    return np.random.default_rng(seed)


# -- distributions ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "dist",
    [Exponential(100.0), LogNormal(100.0, 1.2), Weibull(100.0, 0.7), Weibull(100.0, 3.0), Fixed(100.0),
     Empirical((20.0, 80.0, 200.0))],
    ids=lambda d: d.name,
)
def test_every_distribution_has_the_mean_it_was_given(dist) -> None:
    x = dist.sample(_rng(), (N,))
    se = x.std() / math.sqrt(N)
    assert abs(x.mean() - 100.0) <= 5 * se + 1e-9


@pytest.mark.parametrize(
    ("dist", "biased_mean"),
    [
        # E[X^2] / E[X]: exponential 2m; lognormal m e^(s^2); fixed m;
        # Weibull scale * Gamma(1 + 2/k) / Gamma(1 + 1/k)
        (Exponential(100.0), 200.0),
        (LogNormal(100.0, 0.8), 100.0 * math.exp(0.64)),
        (Fixed(100.0), 100.0),
        (Weibull(100.0, 2.0), Weibull(100.0, 2.0).scale * math.gamma(2.0) / math.gamma(1.5)),
        (Empirical((20.0, 80.0, 200.0)), (20**2 + 80**2 + 200**2) / 300.0),
    ],
    ids=["exponential", "lognormal", "fixed", "weibull", "empirical"],
)
def test_length_biased_draws_have_mean_e_x2_over_e_x(dist, biased_mean: float) -> None:
    x = dist.sample_length_biased(_rng(), (N,))
    se = x.std() / math.sqrt(N)
    assert abs(x.mean() - biased_mean) <= 5 * se + 1e-9


def test_residual_of_an_exponential_is_the_same_exponential() -> None:
    # memorylessness: the time left at a random instant is again Exp(mean)
    x = sample_residual(Exponential(50.0), _rng(), (N,))
    assert x.mean() == pytest.approx(50.0, rel=0.01)
    assert np.mean(x > 50.0) == pytest.approx(math.exp(-1), abs=0.003)


def test_residual_of_a_fixed_time_is_uniform() -> None:
    x = sample_residual(Fixed(60.0), _rng(), (N,))
    assert x.min() >= 0 and x.max() <= 60.0
    assert x.mean() == pytest.approx(30.0, rel=0.01)


def test_bad_parameters_are_input_errors() -> None:
    with pytest.raises(InputError, match="mean above zero"):
        Exponential(0.0)
    with pytest.raises(InputError, match="sigma"):
        LogNormal(10.0, 0.0)
    with pytest.raises(InputError, match="unknown distribution 'pareto'"):  # gamma is known since issue 15
        make_distribution("pareto", 1.0)
    with pytest.raises(InputError, match="gamma shape"):
        make_distribution("gamma", 1.0, shape=0.0)
    with pytest.raises(InputError, match="at least one"):
        Empirical(())


# -- interval algebra --------------------------------------------------------------------------
def test_union_intersection_and_k_of_three_by_hand() -> None:
    a = Intervals.from_lists(1, 100.0, [[(10.0, 30.0), (60.0, 70.0)]])
    b = Intervals.from_lists(1, 100.0, [[(20.0, 40.0), (65.0, 90.0)]])
    c = Intervals.from_lists(1, 100.0, [[(25.0, 62.0)]])
    assert union([a, b, c]).to_lists() == [[(10.0, 90.0)]]
    assert intersection([a, b, c]).to_lists() == [[(25.0, 30.0)]]
    # two or more of three down: [20,40) from a&b / b&c, [60,62) a&c, [65,70) a&b
    assert at_least([a, b, c], 2).to_lists() == [[(20.0, 40.0), (60.0, 62.0), (65.0, 70.0)]]


def test_touching_outages_merge_into_one() -> None:
    a = Intervals.from_lists(1, 10.0, [[(1.0, 2.0)]])
    b = Intervals.from_lists(1, 10.0, [[(2.0, 3.0)]])
    assert union([a, b]).to_lists() == [[(1.0, 3.0)]]
    assert intersection([a, b]).to_lists() == [[]]


interval_lists = st.lists(
    st.lists(st.tuples(st.integers(0, 40), st.integers(1, 8)), max_size=5), min_size=1, max_size=3
)


def _dense(lists: list[list[tuple[int, int]]], reps: int) -> np.ndarray:
    grid = np.zeros((reps, 100), dtype=bool)  # half-unit cells: [j/2, (j+1)/2)
    for r, items in enumerate(lists):
        for s, length in items:
            grid[r, 2 * s: 2 * min(s + length, 50)] = True
    return grid


@settings(max_examples=60, deadline=None)
@given(st.lists(interval_lists, min_size=1, max_size=4), st.integers(1, 4))
def test_at_least_k_agrees_with_a_dense_grid(children_lists, k: int) -> None:
    reps = max(len(x) for x in children_lists)
    children_lists = [x + [[]] * (reps - len(x)) for x in children_lists]
    children = [
        Intervals.from_lists(reps, 50.0, [[(float(s), float(min(s + n, 50))) for s, n in items] for items in x])
        for x in children_lists
    ]
    expected = np.sum([_dense(x, reps) for x in children_lists], axis=0) >= k
    got = at_least(children, k)
    assert np.array_equal(_dense_from(got), expected)
    # the result is normalised: sorted, positive lengths, no touching neighbours within a replication
    assert np.all(got.end > got.start)
    same = got.rep[1:] == got.rep[:-1]
    assert np.all(got.start[1:][same] > got.end[:-1][same])


def _dense_from(iv: Intervals) -> np.ndarray:
    grid = np.zeros((iv.n_reps, 100), dtype=bool)
    for r, s, e in zip(iv.rep, iv.start, iv.end, strict=True):
        grid[r, int(round(2 * s)): int(round(2 * e))] = True
    return grid


def test_is_down_at_reads_the_state() -> None:
    iv = Intervals.from_lists(3, 10.0, [[(1.0, 2.0)], [], [(0.0, 10.0)]])
    got = is_down_at(iv, np.array([0, 0, 1, 2, 2]), np.array([1.5, 2.0, 1.5, 0.0, 9.99]))
    assert got.tolist() == [True, False, False, True, True]


# -- renewal timelines ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("up", "down"),
    [
        (Exponential(1000.0), Exponential(50.0)),
        (Weibull(1000.0, 2.5), LogNormal(50.0, 1.0)),
        (Weibull(1000.0, 0.6), Fixed(50.0)),
    ],
    ids=["exp-exp", "weibull-lognormal", "weibull-fixed"],
)
def test_renewal_reward_unavailability_is_mean_down_over_mean_cycle(up, down) -> None:
    # renewal-reward theorem (Ross, Stochastic Processes, 3.6): U = E[D] / (E[U] + E[D]),
    # for any distributions; the stationary start makes it hold over any window.
    horizon = 20_000.0
    iv = renewal_down_intervals(up, down, 20_000, horizon, _rng(3))
    u = iv.downtime() / horizon
    expected = down.mean / (up.mean + down.mean)
    assert abs(u.mean() - expected) <= 4.5 * u.std() / math.sqrt(u.size)
    # stationarity: the probability of being down at any instant, e.g. t = 0 and t = horizon/2
    for t in (0.0, horizon / 2):
        p = is_down_at(iv, np.arange(iv.n_reps), np.full(iv.n_reps, t)).mean()
        assert abs(p - expected) <= 4.5 * math.sqrt(expected / iv.n_reps)


def test_renewal_intervals_are_normalised_and_inside_the_horizon() -> None:
    iv = renewal_down_intervals(Exponential(10.0), Exponential(5.0), 50, 1000.0, _rng(4))
    assert iv.start.min() >= 0 and iv.end.max() <= 1000.0
    assert np.all(iv.end > iv.start)
    assert np.all(np.diff(iv.rep) >= 0)
    same = iv.rep[1:] == iv.rep[:-1]
    assert np.all(iv.start[1:][same] > iv.end[:-1][same])


def test_many_cycles_per_replication_continue_past_the_first_block() -> None:
    # a lognormal with a large sigma often needs more cycles than the first block holds
    iv = renewal_down_intervals(LogNormal(1.0, 2.5), Fixed(1.0), 200, 5000.0, _rng(5))
    assert iv.end.max() == pytest.approx(5000.0, abs=1.0) or iv.start.max() > 4900
    u = iv.downtime().sum() / (200 * 5000.0)
    assert u == pytest.approx(0.5, abs=0.02)


# -- months --------------------------------------------------------------------------------------
def test_calendar_months_of_a_leap_year() -> None:
    h = Horizon(years=1, start_year=2024)
    days = (h.month_lengths / 86400).astype(int).tolist()
    assert days == [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    assert h.seconds == 366 * 86400
    assert h.month_labels[:2] == ["2024-01", "2024-02"]


def test_month_conventions() -> None:
    assert Horizon(months="year/12").month_lengths[0] == 365.25 * 86400 / 12
    assert Horizon(years=2, months="30d").seconds == 720 * 86400
    with pytest.raises(InputError, match="at least one year"):
        Horizon(years=0)


def test_an_outage_over_two_month_ends_is_split_three_ways() -> None:
    h = Horizon(months="30d")
    d = 86400.0
    iv = Intervals.from_lists(2, h.seconds, [[(29 * d, 61 * d)], [(5.0, 10.0)]])
    got = month_downtime(iv, h)
    assert got[0, :4].tolist() == [d, 30 * d, d, 0.0]
    assert got[1, 0] == 5.0 and got[1, 1:].sum() == 0.0


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000))
def test_month_buckets_add_up_to_the_total_downtime(seed: int) -> None:
    h = Horizon(months="calendar", start_year=2027)
    iv = renewal_down_intervals(Exponential(5 * 86400.0), Exponential(3 * 86400.0), 5, h.seconds,
                                np.random.default_rng(seed))
    got = month_downtime(iv, h)
    np.testing.assert_allclose(got.sum(axis=1), iv.downtime(), rtol=1e-12, atol=1e-6)
    assert np.all(got <= h.month_lengths[None, :] + 1e-6)


def test_rows_that_outrun_the_first_block_are_extended_correctly(monkeypatch) -> None:
    # regression: extending rows once overwrote the first block's last repair time
    import uptime_calc.simulate.engine as engine

    monkeypatch.setattr(engine, "_cycles_for", lambda horizon, cycle: (1, 1))
    iv = renewal_down_intervals(Weibull(1000.0, 0.6), Fixed(50.0), 20_000, 20_000.0, _rng(3))
    same = iv.rep[1:] == iv.rep[:-1]
    assert np.all(iv.start[1:][same] > iv.end[:-1][same])
    u = iv.downtime() / 20_000.0
    assert abs(u.mean() - 50.0 / 1050.0) <= 4.5 * u.std() / math.sqrt(u.size)


@settings(max_examples=60, deadline=None)
@given(st.lists(interval_lists, min_size=2, max_size=5))
def test_union_agrees_with_a_dense_grid(children_lists) -> None:
    reps = max(len(x) for x in children_lists)
    children_lists = [x + [[]] * (reps - len(x)) for x in children_lists]
    children = [
        Intervals.from_lists(reps, 50.0, [[(float(s), float(min(s + n, 50))) for s, n in items] for items in x])
        for x in children_lists
    ]
    expected = np.sum([_dense(x, reps) for x in children_lists], axis=0) >= 1
    got = union(children)
    assert np.array_equal(_dense_from(got), expected)
    assert np.all(got.end > got.start)
    same = got.rep[1:] == got.rep[:-1]
    assert np.all(got.start[1:][same] > got.end[:-1][same])


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.floats(10.0, 1000.0), st.floats(1.0, 100.0)), min_size=1, max_size=5),
       st.integers(0, 2**32 - 1))
def test_series_never_beats_its_weakest_part_and_parallel_never_trails_its_best(laws, seed: int) -> None:
    # per replication and exactly: max(D_i) <= D_series <= sum(D_i); D_parallel <= min(D_i)
    rng = np.random.default_rng(seed)
    parts = [renewal_down_intervals(Exponential(u), Exponential(d), 20, 5000.0, rng) for u, d in laws]
    down = np.array([p.downtime() for p in parts])
    s = union(parts).downtime()
    p = intersection(parts).downtime()
    assert np.all(s >= down.max(axis=0) - 1e-9) and np.all(s <= down.sum(axis=0) + 1e-9)
    assert np.all(p <= down.min(axis=0) + 1e-9) and np.all(p >= 0)
    assert np.all(s <= 5000.0 + 1e-9)


def test_gamma_durations_have_their_mean_and_variance() -> None:
    # Gamma(k, theta): mean k theta, variance k theta^2; length-biased: Gamma(k + 1, theta)
    from uptime_calc.simulate.distributions import Gamma

    rng = np.random.default_rng(7)
    g = Gamma(10.0, 2.5)
    x = g.sample(rng, (200_000,))
    assert x.mean() == pytest.approx(10.0, rel=0.01)
    assert x.var() == pytest.approx(2.5 * 4.0**2, rel=0.02)
    assert g.sample_length_biased(rng, (200_000,)).mean() == pytest.approx(3.5 * 4.0, rel=0.01)
