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

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from ..availability import Availability

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

    @cached_property
    def _figures(self) -> dict[str, float]:
        """The figures, from :func:`budget_columns` (one definition for one period and for many)."""
        import numpy as np

        cols = budget_columns(np.array([self.period_seconds]), np.array([self.downtime_seconds]), self.slo)
        return {key: value[0].item() for key, value in cols.items()}

    @property
    def budget_seconds(self) -> float:
        """Allowed downtime: ``(1 - SLO) x period``."""
        return float(self._figures["budget_seconds"])

    @property
    def used_seconds(self) -> float:
        """Budget used: the downtime."""
        return float(self._figures["budget_used_seconds"])

    @property
    def remaining_seconds(self) -> float:
        """Budget left (negative when overspent)."""
        return float(self._figures["budget_remaining_seconds"])

    @property
    def used_percent(self) -> float:
        """Budget used in percent (``inf`` when a zero budget was used at all)."""
        return float(self._figures["budget_used_percent"])

    @property
    def remaining_percent(self) -> float:
        """Budget left in percent (negative when overspent)."""
        return float(self._figures["budget_remaining_percent"])

    @property
    def burn_rate(self) -> float:
        """Observed unavailability over the allowed unavailability (NaN for a period of no length)."""
        return float(self._figures["burn_rate"])

    @property
    def met(self) -> bool:
        """Whether the downtime stayed within the budget."""
        return bool(self._figures["slo_met"])


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
        ``budget_used_percent`` (``inf`` when a zero budget was used at all), ``budget_remaining_percent``,
        ``burn_rate`` (NaN where the period has no length) (arrays).
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
        # a period of no length (all maintenance) has no rate at all, whatever the SLO
        burn = u / u_slo if u_slo > 0 else np.where(period > 0, np.where(down > 0, np.inf, 0.0), np.nan)
    return {
        "slo_met": down <= budget * (1 + _TOLERANCE),
        "budget_seconds": budget,
        "budget_used_seconds": down,
        "budget_remaining_seconds": budget - down,
        "budget_used_percent": used_pct,
        "budget_remaining_percent": 100.0 - used_pct,
        "burn_rate": burn,
    }
