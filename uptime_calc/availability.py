"""Availability carried in unavailability space.

``U = 1 - A`` is the quantity we store: every availability worth talking about
is close to 1, where a float of ``A`` has lost most of its digits, while ``U``
keeps a full 53-bit mantissa down to 1e-308 (SPEC section 1, principle 2).
Series and parallel compositions are computed from ``U`` with ``log1p`` and
``expm1`` so that no step subtracts from 1 where precision would be lost.

>>> a = Availability.from_percent("99.9")
>>> round(a.nines, 12)
3.0
>>> four = parallel(*[Availability.from_percent("99.999")] * 4)
>>> round(four.nines, 9), str(four)
(20.0, '99.999999999999999999%')
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal, localcontext

from .errors import UnitError


def nines_of(unavailability: float) -> float:
    """``-log10(U)``, fractional; ``inf`` for ``U = 0`` (a perfect system).

    >>> nines_of(1e-3), nines_of(0.0)
    (3.0, inf)
    """
    return math.inf if unavailability <= 0 else -math.log10(unavailability)


@dataclass(frozen=True, order=True)
class Availability:
    """An availability, stored exactly as its unavailability ``U = 1 - A``."""

    unavailability: float

    def __post_init__(self) -> None:
        u = self.unavailability
        if not (0.0 <= u <= 1.0) or math.isnan(u):
            raise UnitError(f"unavailability must lie in [0, 1], got {u!r}")

    # -- constructors -------------------------------------------------------
    @classmethod
    def from_fraction(cls, a: float) -> Availability:
        """From a fraction in [0, 1]; loses digits near 1, prefer the others."""
        if not 0.0 <= a <= 1.0:
            raise UnitError(f"availability fraction must lie in [0, 1], got {a!r}")
        return cls(1.0 - a)

    @classmethod
    def from_percent(cls, percent: str | float | Decimal) -> Availability:
        """From a percentage, exactly: ``"99.999999999999999999"`` keeps its digits."""
        with localcontext() as ctx:
            ctx.prec = 60
            p = Decimal(str(percent))
            if not Decimal(0) <= p <= Decimal(100):
                raise UnitError(f"availability {percent}% is outside 0%..100%")
            return cls(float((Decimal(100) - p) / Decimal(100)))

    @classmethod
    def from_nines(cls, nines: float) -> Availability:
        """From a number of nines: ``U = 10**-n``."""
        if nines < 0 or math.isnan(nines):
            raise UnitError(f"nines must be zero or more, got {nines!r}")
        return cls(10.0 ** (-nines))

    @classmethod
    def from_downtime(cls, downtime: float, period: float) -> Availability:
        """From downtime within a period (both in seconds)."""
        if period <= 0:
            raise UnitError(f"the period must be longer than zero, got {period!r} s")
        if not 0 <= downtime <= period:
            raise UnitError(
                f"downtime {downtime!r} s must lie between 0 and the period ({period!r} s)"
            )
        return cls(downtime / period)

    @classmethod
    def from_mtbf_mttr(cls, mtbf: float, mttr: float) -> Availability:
        """Inherent availability ``MTBF / (MTBF + MTTR)``.

        MTBF is read as the mean up time between failures (MTTF), the
        convention of IEC 60050-192 and of most SRE texts.
        """
        if mtbf < 0 or mttr < 0 or mtbf + mttr == 0:
            raise UnitError("MTBF and MTTR must be zero or more and not both zero")
        return cls(mttr / (mtbf + mttr))

    # -- views --------------------------------------------------------------
    @property
    def fraction(self) -> float:
        """A as a fraction (rounded to the nearest float; near 1 use ``unavailability``)."""
        return 1.0 - self.unavailability

    @property
    def percent(self) -> float:
        """A in percent (float; for display use :func:`format_percent`)."""
        return 100.0 - 100.0 * self.unavailability

    @property
    def nines(self) -> float:
        """``-log10(U)``, fractional; ``inf`` for a perfect system."""
        return nines_of(self.unavailability)

    def fields(self) -> dict[str, float]:
        """The machine-format keys every result row carries for an availability.

        >>> Availability(0.001).fields()["nines"]
        3.0
        """
        return {
            "availability_percent": self.percent,
            "availability_fraction": self.fraction,
            "unavailability": self.unavailability,
            "nines": self.nines,
        }

    def downtime(self, period: float) -> float:
        """Expected downtime (seconds) within a period of ``period`` seconds."""
        return self.unavailability * period

    def __str__(self) -> str:
        return format_percent(self.unavailability)


def series(*parts: Availability) -> Availability:
    """All parts needed: ``U = 1 - prod(1 - U_i)`` computed as ``-expm1(sum(log1p(-U_i)))``."""
    us = [p.unavailability for p in parts]
    if any(u == 1.0 for u in us):
        return Availability(1.0)
    return Availability(min(1.0, -math.expm1(math.fsum(math.log1p(-u) for u in us))))


def parallel(*parts: Availability) -> Availability:
    """Any one part suffices (independent): ``U = prod(U_i)``."""
    return Availability(math.prod(p.unavailability for p in parts))


def format_percent(unavailability: float, *, min_decimals: int = 0, significant: int = 3) -> str:
    """Format ``A = 1 - U`` in percent without ever rounding a non-perfect value to 100%.

    Enough decimals are printed to show ``significant`` digits of ``U``.

    >>> format_percent(0.001)
    '99.9%'
    >>> format_percent(1e-20)
    '99.999999999999999999%'
    >>> format_percent(0.00049)
    '99.951%'
    >>> format_percent(0.0)
    '100%'
    """
    u = unavailability
    if u <= 0.0:
        return "100%"
    if u >= 1.0:
        return "0%"
    with localcontext() as ctx:
        # enough digits for 100 - U to keep U's leading digits (U may be as small as 1e-300)
        ctx.prec = 80 + max(0, -int(math.floor(math.log10(u))) + min_decimals)
        pu = Decimal(u) * 100  # exact binary value of U, in percent
        lead = -pu.adjusted()  # number of zeros after the point, + 1
        decimals = max(min_decimals, lead + significant - 1)
        text = f"{(Decimal(100) - pu):.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text == "100":  # rounding reached 100: show one more digit until it does not
        return format_percent(u, min_decimals=decimals + 1, significant=significant)
    return text + "%"


def format_nines(nines: float) -> str:
    """Nines with two decimals, ``∞`` for a perfect system.

    >>> format_nines(3.0)
    '3.00'
    """
    return "∞" if math.isinf(nines) else f"{nines:.2f}"
