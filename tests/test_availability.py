"""Exact availability in unavailability space (SPEC section 1, principle 2)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from uptime_calc.availability import Availability, format_percent, parallel, series


@pytest.mark.parametrize(
    ("u", "text"),
    [
        (1e-15, "99.9999999999999%"),
        (1e-20, "99.999999999999999999%"),
        (0.001, "99.9%"),
        (0.0005, "99.95%"),
        (1.2345e-6, "99.999877%"),
        (0.5, "50%"),
        (0.0, "100%"),
        (1.0, "0%"),
    ],
)
def test_format_percent_never_rounds_to_100(u: float, text: str) -> None:
    assert format_percent(u) == text


def test_nines_at_tiny_unavailability() -> None:
    assert Availability(1e-15).nines == pytest.approx(15.0, rel=1e-15)
    assert Availability(1e-20).nines == pytest.approx(20.0, rel=1e-15)
    assert math.isinf(Availability(0.0).nines)


def test_four_way_parallel_of_five_nines_keeps_its_nines() -> None:
    # Four independent 99.999% units: U = (1e-5)^4 = 1e-20 (parallel = product of unavailabilities)
    four = parallel(*[Availability.from_percent("99.999")] * 4)
    assert four.unavailability == pytest.approx(1e-20, rel=1e-14)
    assert four.nines == pytest.approx(20.0, rel=1e-14)
    assert format_percent(four.unavailability) == "99.999999999999999999%"


def test_series_keeps_digits_where_one_minus_a_would_not() -> None:
    # Two parts with U = 1e-17 each: 1 - (1-U)^2 = 2e-17 - 1e-34; a float of A = 1 - 1e-17 is exactly 1.0
    s = series(Availability(1e-17), Availability(1e-17))
    assert s.unavailability == pytest.approx(2e-17, rel=1e-15)


def test_composite_sla_azure_example() -> None:
    # Azure Architecture Center, "Composite SLA": App Service 99.95% x SQL Database 99.99% = 99.94%
    # (https://learn.microsoft.com/azure/architecture/framework/resiliency/business-metrics)
    s = series(Availability.from_percent("99.95"), Availability.from_percent("99.99"))
    assert s.percent == pytest.approx(99.94, abs=0.0005)
    assert s.unavailability == pytest.approx(1 - 0.9995 * 0.9999, rel=1e-12)


def test_mtbf_mttr() -> None:
    # A = MTBF / (MTBF + MTTR): 999 h up, 1 h down -> 99.9%
    assert Availability.from_mtbf_mttr(999, 1).unavailability == pytest.approx(0.001, rel=1e-15)


unavail = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
percent_text = st.decimals(min_value=0, max_value=100, places=12).map(str)


@given(percent_text)
def test_percent_round_trip(text: str) -> None:
    a = Availability.from_percent(text)
    assert 0.0 <= a.unavailability <= 1.0
    assert a.percent == pytest.approx(float(text), abs=1e-9)


@given(st.floats(min_value=0.0, max_value=300.0))
def test_nines_round_trip(n: float) -> None:
    assert Availability.from_nines(n).nines == pytest.approx(n, rel=1e-12, abs=1e-12)


@given(st.floats(min_value=0, max_value=1e9), st.floats(min_value=1, max_value=1e9))
def test_downtime_round_trip(down: float, extra: float) -> None:
    period = down + extra
    a = Availability.from_downtime(down, period)
    assert 0.0 <= a.fraction <= 1.0
    assert a.downtime(period) == pytest.approx(down, rel=1e-12, abs=1e-9)


@given(unavail, unavail)
def test_nines_monotone_in_availability(u1: float, u2: float) -> None:
    a1, a2 = Availability(u1), Availability(u2)
    if a1.fraction <= a2.fraction and u1 >= u2:
        assert a1.nines <= a2.nines


@given(st.lists(unavail, min_size=1, max_size=6))
def test_series_and_parallel_bounds(us: list[float]) -> None:
    parts = [Availability(u) for u in us]
    s, p = series(*parts), parallel(*parts)
    assert 0.0 <= s.unavailability <= 1.0 and 0.0 <= p.unavailability <= 1.0
    assert s.unavailability >= max(us) * (1 - 1e-12)  # series never beats its weakest part
    assert p.unavailability <= min(us) * (1 + 1e-12)  # parallel never trails its best


def test_invalid_unavailability() -> None:
    with pytest.raises(ValueError):
        Availability(1.5)
    with pytest.raises(ValueError):
        Availability.from_downtime(10, 5)
