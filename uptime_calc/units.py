"""Units: durations, availability literals and period conventions (SPEC section 2).

>>> parse_duration("4h23m")
15780.0
>>> parse_duration("PT4H23M")
15780.0
>>> parse_availability("3.5n").nines
3.5
>>> Conventions().period_seconds("year") / 86400
365.25
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Literal

from .availability import Availability
from .errors import UnitError

MINUTE = 60.0
HOUR = 3600.0
DAY = 86400.0
WEEK = 7 * DAY

_UNIT_SECONDS = {
    "ns": 1e-9,
    "us": 1e-6,
    "µs": 1e-6,
    "ms": 1e-3,
    "s": 1.0,
    "sec": 1.0,
    "secs": 1.0,
    "second": 1.0,
    "seconds": 1.0,
    "m": MINUTE,
    "min": MINUTE,
    "mins": MINUTE,
    "minute": MINUTE,
    "minutes": MINUTE,
    "h": HOUR,
    "hr": HOUR,
    "hrs": HOUR,
    "hour": HOUR,
    "hours": HOUR,
    "d": DAY,
    "day": DAY,
    "days": DAY,
    "w": WEEK,
    "week": WEEK,
    "weeks": WEEK,
}
_NUMBER = r"(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_PART = re.compile(rf"\s*({_NUMBER})\s*([a-zµ]+)\s*", re.IGNORECASE)
_ISO = re.compile(
    rf"^P(?:(?P<w>{_NUMBER})W)?(?:(?P<d>{_NUMBER})D)?"
    rf"(?:T(?:(?P<h>{_NUMBER})H)?(?:(?P<m>{_NUMBER})M)?(?:(?P<s>{_NUMBER})S)?)?$",
    re.IGNORECASE,
)
DURATION_HELP = "a duration like 90s, 15m, 4h23m, 2d, 1h30m15s, PT4H23M or plain seconds"


def parse_duration(text: str | float | int, *, what: str = "duration") -> float:
    """Parse a duration into seconds.

    Accepts ``90s``, ``15m``, ``4h23m``, ``2d``, ``1h30m15s``, ISO-8601
    ``PT4H23M`` / ``P1DT2H``, and plain seconds (``3600``). Negative durations
    are an error.

    >>> parse_duration("1h30m15s")
    5415.0
    >>> parse_duration(90)
    90.0
    """
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        value = float(text)
    else:
        raw = str(text).strip()
        value = _parse_duration_text(raw, what)
    if math.isnan(value) or math.isinf(value) or value < 0:
        raise UnitError(f"{what} must be zero or more, got {text!r}; expected {DURATION_HELP}")
    return value


def _parse_duration_text(raw: str, what: str) -> float:
    if raw.startswith("-"):
        raise UnitError(f"{what} must be zero or more, got {raw!r}; expected {DURATION_HELP}")
    if re.fullmatch(_NUMBER, raw):
        return float(raw)
    iso = _ISO.match(raw)
    if iso and raw.upper() not in ("P", "PT") and any(iso.groupdict().values()):
        parts = {k: float(v) for k, v in iso.groupdict().items() if v}
        return (
            parts.get("w", 0) * WEEK
            + parts.get("d", 0) * DAY
            + parts.get("h", 0) * HOUR
            + parts.get("m", 0) * MINUTE
            + parts.get("s", 0)
        )
    pos, total = 0, 0.0
    for match in _PART.finditer(raw):
        if match.start() != pos:
            break
        unit = match.group(2).lower()
        if unit not in _UNIT_SECONDS:
            raise UnitError(f"unknown unit {match.group(2)!r} in {what} {raw!r}; expected {DURATION_HELP}")
        total += float(match.group(1)) * _UNIT_SECONDS[unit]
        pos = match.end()
    if pos != len(raw) or pos == 0:
        raise UnitError(f"cannot read {what} {raw!r}; expected {DURATION_HELP}")
    return total


def parse_fraction(text: str | float, *, what: str = "value") -> float:
    """A number written plainly (``0.99``, ``3``) or as a percentage (``99%`` -> 0.99).

    Range checks are the caller's: a probability, a precision and a count differ.

    >>> parse_fraction("99%"), parse_fraction("0.001"), parse_fraction(2)
    (0.99, 0.001, 2.0)
    """
    raw = str(text).strip()
    try:
        return float(raw[:-1]) / 100 if raw.endswith("%") else float(raw)
    except ValueError:
        raise UnitError(f"cannot read {what} {raw!r}; expected a number like 0.99 or a percentage like 99%") from None


AVAILABILITY_HELP = "an availability like 99.95, 99.95%, 3.5n or '3.5 nines'"


def parse_availability(text: str | float, *, what: str = "availability") -> Availability:
    """Parse an availability literal.

    ``99.95`` and ``99.95%`` are percentages; ``3.5n`` and ``3.5 nines`` are nines.
    A bare fraction such as ``0.9995`` is rejected, so that no value is silently
    read two ways.

    >>> str(parse_availability("99.95%"))
    '99.95%'
    >>> parse_availability("0.9995")
    Traceback (most recent call last):
    ...
    uptime_calc.errors.UnitError: availability '0.9995' looks like a fraction; write it as a percentage (99.95%)...
    """
    raw = str(text).strip()
    m = re.fullmatch(rf"({_NUMBER})\s*(?:n|nines?)", raw, re.IGNORECASE)
    if m:
        return Availability.from_nines(float(m.group(1)))
    m = re.fullmatch(rf"({_NUMBER})\s*(%?)", raw)
    if not m:
        raise UnitError(f"cannot read {what} {raw!r}; expected {AVAILABILITY_HELP}")
    number, percent_sign = m.group(1), m.group(2)
    value = float(number)
    if value > 100:
        raise UnitError(f"{what} {raw!r} is above 100%; expected {AVAILABILITY_HELP}")
    if not percent_sign and 0 < value < 1:
        from decimal import Decimal

        pct = Decimal(number) * 100
        nines = -math.log10(1 - value) if value < 1 else math.inf
        raise UnitError(
            f"{what} {raw!r} looks like a fraction; write it as a percentage "
            f"({pct.normalize():f}%) or as nines ({nines:.1f}n)"
        )
    return Availability.from_percent(number)


MonthConvention = Literal["year/12", "30d"]
QuarterConvention = Literal["year/4", "90d"]
PERIOD_NAMES = ("hour", "day", "week", "month", "quarter", "year")


@dataclass(frozen=True)
class Conventions:
    """Lengths of the named periods used to turn availability into downtime budgets.

    Defaults follow SPEC section 2: a year of 365.25 days, month = year/12,
    quarter = year/4. ``custom`` adds user periods such as ``28d``.
    """

    year_days: float = 365.25
    month: MonthConvention = "year/12"
    quarter: QuarterConvention = "year/4"
    custom: tuple[tuple[str, float], ...] = field(default=())

    def __post_init__(self) -> None:
        if self.year_days not in (365, 365.25, 365.2425):
            raise UnitError(f"year must be 365, 365.25 or 365.2425 days, got {self.year_days!r}")
        if self.month not in ("year/12", "30d"):
            raise UnitError(f"month convention must be 'year/12' or '30d', got {self.month!r}")
        if self.quarter not in ("year/4", "90d"):
            raise UnitError(f"quarter convention must be 'year/4' or '90d', got {self.quarter!r}")

    def period_seconds(self, name: str) -> float:
        """Length of a named period in seconds (``hour`` ... ``year``, a custom label, or a duration)."""
        year = self.year_days * DAY
        fixed = {
            "hour": HOUR,
            "day": DAY,
            "week": WEEK,
            "month": year / 12 if self.month == "year/12" else 30 * DAY,
            "quarter": year / 4 if self.quarter == "year/4" else 90 * DAY,
            "year": year,
        }
        if name in fixed:
            return fixed[name]
        for label, seconds in self.custom:
            if label == name:
                return seconds
        return parse_duration(name, what="period")

    @property
    def periods(self) -> tuple[str, ...]:
        """The period names in display order, custom ones last."""
        return PERIOD_NAMES + tuple(label for label, _ in self.custom)

    def describe(self) -> dict[str, str]:
        """The conventions in words, for output footers and the JSON ``conventions`` key."""
        month = (
            f"year/12 = {self.year_days / 12:g} days"
            if self.month == "year/12"
            else "30 days"
        )
        quarter = (
            f"year/4 = {self.year_days / 4:g} days" if self.quarter == "year/4" else "90 days"
        )
        out = {"year": f"{self.year_days:g} days", "month": month, "quarter": quarter}
        for label, seconds in self.custom:
            out[label] = format_duration(seconds)
        return out


def parse_period(text: str, conventions: Conventions | None = None) -> float:
    """A named period (``month``) or a duration (``28d``) in seconds."""
    return (conventions or Conventions()).period_seconds(str(text).strip().lower())


def format_duration(seconds: float, *, precision: int = 3) -> str:
    """Human duration: ``8h 45m 57.6s``, ``43.2m``-style values stay exact to 0.1 s.

    >>> format_duration(31557.6)
    '8h 45m 57.6s'
    >>> format_duration(2592.0)
    '43m 12s'
    >>> format_duration(0.0864)
    '86.4ms'
    >>> format_duration(3.15576e-13)
    '3.16e-13s'
    """
    if math.isinf(seconds) or math.isnan(seconds):
        return "∞" if seconds > 0 else "n/a"
    if seconds < 0:
        return "-" + format_duration(-seconds, precision=precision)
    if seconds == 0:
        return "0s"
    if seconds < 1:
        for unit, scale in (("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)):
            if seconds >= scale:
                return f"{seconds / scale:.{precision}g}{unit}"
        return f"{seconds:.{precision}g}s"
    seconds = round(seconds, 1)
    parts = []
    days, rest = divmod(seconds, DAY)
    hours, rest = divmod(rest, HOUR)
    minutes, secs = divmod(rest, MINUTE)
    if days:
        parts.append(f"{int(days)}d")
    if hours:
        parts.append(f"{int(hours)}h")
    if minutes:
        parts.append(f"{int(minutes)}m")
    secs = round(secs, 1)
    if secs:
        parts.append(f"{secs:g}s")
    return " ".join(parts) if parts else "0s"
