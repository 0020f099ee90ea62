"""Error budgets against an SLO: met or missed, budget, used and remaining, burn rate.

Definitions (Google SRE Workbook, ch. 2 "Implementing SLOs" and ch. 5 "Alerting on SLOs"):
the error budget of a period is ``(1 - SLO) x period``; the burn rate is the rate at which the
budget is consumed relative to the rate that would use exactly all of it by the period's end,
so over a whole period ``burn rate = observed unavailability / (1 - SLO)``.

>>> from uptime_calc.availability import Availability
>>> b = error_budget(30 * 86400, 1296, Availability.from_percent("99.9"))
>>> b.budget_seconds, b.used_percent, b.burn_rate, b.met
(2592.0, 50.0, 0.5, True)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .availability import Availability

if TYPE_CHECKING:
    import numpy as np

#: relative slack when comparing downtime with the budget, so that a budget met exactly
#: (43m 12s of a 30-day month at 99.9%) is not missed through float rounding
_TOLERANCE = 1e-12


@dataclass(frozen=True)
class ErrorBudget:
    """The error budget of one period against an SLO.

    Attributes
    ----------
    slo:
        The objective.
    period_seconds:
        Length of the period that counts (maintenance excluded where it is excluded).
    downtime_seconds:
        Weighted downtime in the period.
    """

    slo: Availability
    period_seconds: float
    downtime_seconds: float

    @property
    def budget_seconds(self) -> float:
        """Allowed downtime: ``(1 - SLO) x period``."""
        return self.slo.unavailability * self.period_seconds

    @property
    def used_seconds(self) -> float:
        """Budget used: the downtime."""
        return self.downtime_seconds

    @property
    def remaining_seconds(self) -> float:
        """Budget left (negative when overspent)."""
        return self.budget_seconds - self.downtime_seconds

    @property
    def used_percent(self) -> float:
        """Budget used in percent (``inf`` when a zero budget was used at all)."""
        if self.budget_seconds == 0:
            return 0.0 if self.downtime_seconds == 0 else math.inf
        return 100.0 * self.downtime_seconds / self.budget_seconds

    @property
    def remaining_percent(self) -> float:
        """Budget left in percent (negative when overspent)."""
        return 100.0 - self.used_percent

    @property
    def burn_rate(self) -> float:
        """Observed unavailability over the allowed unavailability."""
        if self.period_seconds == 0:
            return math.nan
        if self.slo.unavailability == 0:
            return 0.0 if self.downtime_seconds == 0 else math.inf
        return (self.downtime_seconds / self.period_seconds) / self.slo.unavailability

    @property
    def met(self) -> bool:
        """Whether the downtime stayed within the budget."""
        return self.downtime_seconds <= self.budget_seconds * (1 + _TOLERANCE)


def error_budget(period_seconds: float, downtime_seconds: float, slo: Availability) -> ErrorBudget:
    """The :class:`ErrorBudget` of one period."""
    return ErrorBudget(slo=slo, period_seconds=float(period_seconds), downtime_seconds=float(downtime_seconds))


def budget_columns(
    period_seconds: np.ndarray, downtime_seconds: np.ndarray, slo: Availability
) -> dict[str, np.ndarray]:
    """The budget figures for many periods at once (same definitions as :class:`ErrorBudget`).

    Returns
    -------
    dict
        ``slo_met``, ``budget_seconds``, ``budget_used_seconds``, ``budget_remaining_seconds``,
        ``budget_used_percent``, ``budget_remaining_percent``, ``burn_rate`` (arrays).
    """
    import numpy as np

    period = np.asarray(period_seconds, dtype=float)
    down = np.asarray(downtime_seconds, dtype=float)
    u_slo = slo.unavailability
    budget = u_slo * period
    with np.errstate(divide="ignore", invalid="ignore"):
        used_pct = np.where(budget > 0, 100.0 * down / np.where(budget > 0, budget, 1.0),
                            np.where(down > 0, np.inf, 0.0))
        u = np.where(period > 0, down / np.where(period > 0, period, 1.0), np.nan)
        burn = u / u_slo if u_slo > 0 else np.where(down > 0, np.inf, 0.0)
    return {
        "slo_met": down <= budget * (1 + _TOLERANCE),
        "budget_seconds": budget,
        "budget_used_seconds": down,
        "budget_remaining_seconds": budget - down,
        "budget_used_percent": used_pct,
        "budget_remaining_percent": 100.0 - used_pct,
        "burn_rate": burn,
    }
