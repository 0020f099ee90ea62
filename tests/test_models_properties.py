"""Invariants of the redundancy models, by hypothesis (SPEC 5: property tests)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from uptime_calc.availability import Availability
from uptime_calc.models.blocks import ActiveActive, CommonCause, Component, KOfN, Parallel, Series, rename
from uptime_calc.models.solve import solve

us = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
small_us = st.floats(min_value=1e-9, max_value=0.1, allow_nan=False)
mtbfs = st.floats(min_value=10.0, max_value=1e7)
mttrs = st.floats(min_value=1.0, max_value=1e5)


def static(i: int, u: float) -> Component:
    return Component.static(f"c{i}", Availability(u))


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(us, min_size=1, max_size=8))
def test_series_never_beats_its_weakest_part(values: list[float]) -> None:
    u = solve(Series(tuple(static(i, v) for i, v in enumerate(values))), record=False).unavailability
    assert 0.0 <= u <= 1.0
    assert u >= max(values) * (1 - 1e-15)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(us, min_size=1, max_size=8))
def test_parallel_never_trails_its_best_part(values: list[float]) -> None:
    u = solve(Parallel(tuple(static(i, v) for i, v in enumerate(values))), record=False).unavailability
    assert 0.0 <= u <= min(values) * (1 + 1e-15)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.lists(us, min_size=1, max_size=6), us, st.integers(min_value=1, max_value=6))
def test_adding_a_unit_with_perfect_switching_never_lowers_availability(
    values: list[float], extra: float, k: int
) -> None:
    parts = tuple(static(i, v) for i, v in enumerate(values))
    k = min(k, len(parts))
    before = solve(KOfN(k, parts), record=False).unavailability
    after = solve(KOfN(k, parts + (static(99, extra),)), record=False).unavailability
    assert after <= before * (1 + 1e-12) + 1e-300


@settings(max_examples=40, deadline=None, derandomize=True)
@given(mtbfs, mttrs, st.integers(min_value=1, max_value=5), st.integers(min_value=1, max_value=4))
def test_adding_an_active_active_unit_never_lowers_availability(
    mtbf: float, mttr: float, count: int, crews: int
) -> None:
    unit = Component.from_mtbf_mttr("w", mtbf, mttr)
    base = ActiveActive(unit, count, capacity=1.0, demand=1.0, repair_crews=crews)
    more = ActiveActive(unit, count + 1, capacity=1.0, demand=1.0, repair_crews=crews)
    assert solve(more, record=False).unavailability <= solve(base, record=False).unavailability * (1 + 1e-9)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(small_us, st.integers(min_value=2, max_value=4), st.floats(0.0, 1.0), st.floats(0.0, 1.0))
def test_a_larger_beta_never_raises_availability(u: float, n: int, b1: float, b2: float) -> None:
    lo, hi = sorted((b1, b2))
    unit = static(0, u)
    of = Parallel(tuple(rename(unit, f"#{i}") for i in range(n)))
    u_lo = solve(CommonCause(lo, of), record=False).unavailability
    u_hi = solve(CommonCause(hi, of), record=False).unavailability
    assert u_hi >= u_lo * (1 - 1e-12)


@settings(max_examples=50, deadline=None, derandomize=True)
@given(mtbfs, mttrs, st.floats(0.0, 1.0))
def test_common_cause_with_rates_is_monotone_too(mtbf: float, mttr: float, beta: float) -> None:
    unit = Component.from_mtbf_mttr("x", mtbf, mttr)
    if mttr / (mtbf + mttr) > 0.1:
        return  # the beta-factor model is meant for units far better than a coin
    pair = Parallel((rename(unit, "#1"), rename(unit, "#2")))
    u0 = solve(CommonCause(0.0, pair), record=False).unavailability
    u1 = solve(CommonCause(beta, pair), record=False).unavailability
    assert u1 >= u0 * (1 - 1e-12)
    assert u0 == __import__("pytest").approx(solve(pair, record=False).unavailability, rel=1e-12)
