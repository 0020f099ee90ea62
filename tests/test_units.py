"""Durations, availability literals and period conventions (SPEC section 2)."""

from __future__ import annotations

import pytest

from uptime_calc.errors import UnitError
from uptime_calc.units import Conventions, format_duration, parse_availability, parse_duration


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("90s", 90),
        ("15m", 900),
        ("4h23m", 4 * 3600 + 23 * 60),
        ("2d", 172800),
        ("1h30m15s", 5415),
        ("PT4H23M", 15780),
        ("P1DT2H", 93600),
        ("PT0.5S", 0.5),
        ("3600", 3600),
        ("1.5h", 5400),
        ("1w", 604800),
        ("250ms", 0.25),
        ("2 hours 5 min", 7500),
    ],
)
def test_parse_duration(text: str, seconds: float) -> None:
    assert parse_duration(text) == pytest.approx(seconds, rel=0, abs=1e-12)


@pytest.mark.parametrize("text", ["abc", "-5m", "5 parsecs", "", "PT", "4h-3m", "h4"])
def test_bad_durations_say_what_is_expected(text: str) -> None:
    with pytest.raises(UnitError, match="expected a duration like 90s, 15m, 4h23m"):
        parse_duration(text)


@pytest.mark.parametrize(
    ("text", "unavailability"),
    [
        ("99.95", 0.0005),
        ("99.95%", 0.0005),
        ("3n", 0.001),
        ("3.5 nines", 10**-3.5),
        ("4n", 1e-4),
        ("100", 0.0),
        ("0%", 1.0),
        ("50", 0.5),
    ],
)
def test_parse_availability(text: str, unavailability: float) -> None:
    assert parse_availability(text).unavailability == pytest.approx(unavailability, rel=1e-15)


def test_fraction_is_refused_with_a_suggestion() -> None:
    with pytest.raises(UnitError) as info:
        parse_availability("0.9995")
    assert str(info.value) == (
        "availability '0.9995' looks like a fraction; write it as a percentage (99.95%) "
        "or as nines (3.3n)"
    )


@pytest.mark.parametrize("text", ["101%", "abc", "99.9.9", "-1"])
def test_bad_availability(text: str) -> None:
    with pytest.raises(UnitError):
        parse_availability(text)


def test_many_nines_literal_keeps_its_digits() -> None:
    # 99.999999999999999999% is U = 1e-20 exactly in decimal; a float of A would be 1.0
    a = parse_availability("99.999999999999999999")
    assert a.unavailability == pytest.approx(1e-20, rel=1e-15)
    assert a.nines == pytest.approx(20.0, rel=1e-15)


def test_default_conventions_follow_spec() -> None:
    c = Conventions()
    assert c.period_seconds("year") == 365.25 * 86400
    assert c.period_seconds("month") == 365.25 * 86400 / 12
    assert c.period_seconds("quarter") == 365.25 * 86400 / 4
    assert c.period_seconds("week") == 7 * 86400
    assert c.period_seconds("28d") == 28 * 86400


def test_alternative_conventions() -> None:
    c = Conventions(year_days=365, month="30d", quarter="90d")
    assert c.period_seconds("year") == 365 * 86400
    assert c.period_seconds("month") == 30 * 86400
    assert c.period_seconds("quarter") == 90 * 86400
    assert Conventions(year_days=365.2425).period_seconds("year") == 31556952.0
    with pytest.raises(UnitError):
        Conventions(year_days=360)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(31557.6, "8h 45m 57.6s"), (2592.0, "43m 12s"), (3.6, "3.6s"), (0.36, "360ms"),
     (90061, "1d 1h 1m 1s"), (0, "0s"), (3.15576e-13, "3.16e-13s")],
)
def test_format_duration(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text
