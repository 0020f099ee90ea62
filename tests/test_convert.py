"""Targets to downtime budgets, checked against published tables."""

from __future__ import annotations

import pytest

from uptime_calc.convert import availability_from, nines_table
from uptime_calc.errors import UnitError
from uptime_calc.units import Conventions

HOUR, MINUTE, DAY = 3600.0, 60.0, 86400.0

# Google SRE book, Appendix A, Table A-1 "Availability table" (365-day year, 90-day quarter,
# 30-day month): https://sre.google/sre-book/availability-table/
SRE_BOOK_TABLE = {
    "90%": {"year": 36.5 * DAY, "quarter": 9 * DAY, "month": 3 * DAY, "week": 16.8 * HOUR,
            "day": 2.4 * HOUR, "hour": 6 * MINUTE},
    "99%": {"year": 3.65 * DAY, "quarter": 21.6 * HOUR, "month": 7.2 * HOUR, "week": 1.68 * HOUR,
            "day": 14.4 * MINUTE, "hour": 36.0},
    "99.9%": {"year": 8.76 * HOUR, "quarter": 2.16 * HOUR, "month": 43.2 * MINUTE,
              "week": 10.1 * MINUTE, "day": 1.44 * MINUTE, "hour": 3.6},
    "99.99%": {"year": 52.6 * MINUTE, "quarter": 12.96 * MINUTE, "month": 4.32 * MINUTE,
               "week": 60.5, "day": 8.64, "hour": 0.36},
    "99.999%": {"year": 5.26 * MINUTE, "quarter": 1.3 * MINUTE, "month": 25.9, "week": 6.05,
                "day": 0.87, "hour": 0.036},
}


@pytest.mark.parametrize("target", sorted(SRE_BOOK_TABLE))
def test_sre_book_availability_table(target: str) -> None:
    conv = Conventions(year_days=365, month="30d", quarter="90d")
    row = nines_table([target], conv).rows[0]
    # the book rounds to 2-3 significant figures (0.864 s -> 0.87 s), hence rel=7e-3
    for period, published in SRE_BOOK_TABLE[target].items():
        # the book rounds to three significant figures
        assert row.downtime[period] == pytest.approx(published, rel=7e-3), period


def test_default_year_is_julian() -> None:
    # 0.1% of 365.25 days = 31557.6 s = 8 h 45 m 57.6 s (SPEC section 2 default)
    row = nines_table(["99.9"]).rows[0]
    assert row.downtime["year"] == pytest.approx(8 * HOUR + 45 * MINUTE + 57.6, rel=1e-15)
    assert row.downtime["month"] == pytest.approx(31557.6 / 12, rel=1e-15)


def test_custom_period() -> None:
    conv = Conventions(custom=(("28d", 28 * DAY),))
    row = nines_table(["99.9"], conv).rows[0]
    assert row.downtime["28d"] == pytest.approx(0.001 * 28 * DAY, rel=1e-15)


def test_availability_from_downtime_per_year() -> None:
    # 52m 35.76s a year is the 99.99% budget under a 365.25-day year (0.0001 x 31557600 s)
    r = availability_from(downtime=3155.76, per=31557600.0)
    assert r.availability.unavailability == pytest.approx(1e-4, rel=1e-12)


def test_availability_from_uptime_downtime() -> None:
    r = availability_from(uptime=999 * HOUR, downtime=1 * HOUR)
    assert r.availability.unavailability == pytest.approx(0.001, rel=1e-15)


def test_availability_from_failures() -> None:
    # 12 failures x 20 min in a 365-day year: U = 240 min / 525600 min
    r = availability_from(failures=12, mttr=20 * MINUTE, per=365 * DAY,
                          conventions=Conventions(year_days=365))
    assert r.availability.unavailability == pytest.approx(240 / 525600, rel=1e-15)
    assert r.failures_per_year == pytest.approx(12)
    assert r.mtbf_seconds == pytest.approx((365 * DAY - 4 * HOUR) / 12)


def test_availability_from_mtbf_mttr_frequency() -> None:
    r = availability_from(mtbf=1000 * HOUR, mttr=1 * HOUR)
    assert r.availability.unavailability == pytest.approx(1 / 1001, rel=1e-15)
    assert r.failures_per_year == pytest.approx(365.25 * 24 / 1001)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "give figures"),
        ({"mtbf": 10.0}, "give both --mtbf and --mttr"),
        ({"failures": 3, "mttr": 60.0}, "--failures needs --mttr and --per"),
        ({"failures": 100, "mttr": DAY, "per": 30 * DAY}, "do not fit"),
        ({"downtime": 60.0}, "--downtime needs --per"),
    ],
)
def test_incomplete_figures(kwargs: dict, message: str) -> None:
    with pytest.raises(UnitError, match=message):
        availability_from(**kwargs)
