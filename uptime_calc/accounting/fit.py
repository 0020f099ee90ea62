"""Fit failure and restore-time distributions per service, as inputs for models and simulation.

For each service (or ``group_by`` key) the merged outages of :func:`uptime_calc.accounting.measure.measure`
give the restore times (outage durations outside maintenance) and the up times between
outages. Exponential, lognormal and Weibull distributions are fitted by maximum likelihood
(:mod:`scipy.stats`, location fixed at 0) and ranked by AIC (Akaike 1974: ``2k - 2 ln L``);
the Kolmogorov-Smirnov statistic and p-value are reported as a goodness-of-fit check (the
p-value is optimistic because the parameters were estimated from the same data; Lilliefors 1969).

The result exposes, per service, ``mtbf_seconds`` (observed up time / failures, the maximum
likelihood estimate for a Poisson process), ``mttr_seconds`` (mean restore time) and the best
restore-time distribution with its parameters, which a scenario's ``from_incidents:`` uses.

>>> import numpy as np
>>> fits = fit_distributions(np.array([60.0, 120.0, 90.0, 300.0, 45.0, 150.0]))
>>> [f.name for f in fits][0] in ("exponential", "lognormal", "weibull")
True
>>> round(next(f for f in fits if f.name == "exponential").params["scale"], 6)  # MLE = the mean
127.5
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..tabular import Column, Document, Table

if TYPE_CHECKING:
    import numpy as np

DISTRIBUTIONS = ("exponential", "lognormal", "weibull")
#: fewest observations for which a distribution is fitted
MIN_SAMPLES = 3


@dataclass(frozen=True)
class DistributionFit:
    """One fitted distribution.

    Attributes
    ----------
    name:
        ``exponential`` (params ``scale`` = mean), ``lognormal`` (``mu``, ``sigma`` of ln x) or
        ``weibull`` (``shape`` k, ``scale`` lambda).
    params:
        The parameters, in seconds where they are times.
    log_likelihood, aic:
        Maximised log-likelihood and ``2k - 2 ln L``.
    ks_statistic, ks_pvalue:
        One-sample Kolmogorov-Smirnov test against the fitted distribution.
    mean:
        Mean of the fitted distribution (seconds).
    n:
        Number of observations.
    """

    name: str
    params: dict[str, float]
    log_likelihood: float
    aic: float
    ks_statistic: float
    ks_pvalue: float
    mean: float
    n: int

    def describe(self) -> str:
        """``lognormal(mu=6.2, sigma=1.1)``."""
        return f"{self.name}(" + ", ".join(f"{k}={v:.4g}" for k, v in self.params.items()) + ")"


def _frozen(name: str, params: dict[str, float]) -> Any:
    from scipy import stats

    if name == "exponential":
        return stats.expon(scale=params["scale"])
    if name == "lognormal":
        return stats.lognorm(s=params["sigma"], scale=math.exp(params["mu"]))
    return stats.weibull_min(c=params["shape"], scale=params["scale"])


def fit_distributions(values: np.ndarray | Sequence[float]) -> tuple[DistributionFit, ...]:
    """Fit the three distributions to positive ``values``; best (lowest AIC) first; none (``()``) when
    the values are all equal (a fixed duration).

    Raises
    ------
    InputError
        With fewer than :data:`MIN_SAMPLES` positive values.
    """
    import numpy as np
    from scipy import stats

    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x) & (x > 0)]
    if len(x) < MIN_SAMPLES:
        raise InputError(f"fitting needs at least {MIN_SAMPLES} positive durations, got {len(x)}")
    if np.all(x == x[0]):
        return ()  # a fixed duration: no spread for a distribution to describe (see :func:`no_fit_reason`)
    out = []
    for name in DISTRIBUTIONS:
        if name == "exponential":
            params = {"scale": float(x.mean())}  # the MLE of the exponential mean
            k = 1
        elif name == "lognormal":
            logs = np.log(x)
            params = {"mu": float(logs.mean()), "sigma": float(logs.std())}  # closed-form MLE
            k = 2
        else:
            c, _, scale = stats.weibull_min.fit(x, floc=0)
            params = {"shape": float(c), "scale": float(scale)}
            k = 2
        dist = _frozen(name, params)
        loglik = float(np.sum(dist.logpdf(x)))
        ks = stats.kstest(x, dist.cdf)
        out.append(DistributionFit(
            name=name, params=params, log_likelihood=loglik, aic=2 * k - 2 * loglik,
            ks_statistic=float(ks.statistic), ks_pvalue=float(ks.pvalue), mean=float(dist.mean()), n=len(x),
        ))
    return tuple(sorted(out, key=lambda f: f.aic))


def no_fit_reason(values: np.ndarray, min_samples: int, what: str) -> tuple[str, bool]:
    """Why :func:`fit_distributions` gives no fit of ``values`` ("" when it gives one), and whether
    the values are all the same (a fixed duration)."""
    import numpy as np

    from ..units import format_duration

    x = values[np.isfinite(values) & (values > 0)]
    fewest = max(min_samples, MIN_SAMPLES)  # two values cannot settle a two-parameter fit
    if len(x) < fewest:
        return f"too few {what} ({len(x)} < {fewest})", False
    if np.all(x == x[0]):
        return f"all {len(x)} {what} last {format_duration(float(x[0]))}: no spread to fit", True
    return "", False


@dataclass(frozen=True)
class ServiceFit:
    """Failure and restore behaviour of one service.

    Attributes
    ----------
    service:
        The group label (``a, b`` for several group columns).
    failures:
        Merged outages in the window.
    observed_up_seconds:
        Up time observed (window minus maintenance minus outage time).
    mtbf_seconds, mttr_seconds:
        ``observed_up_seconds / failures`` and the mean restore time (``nan`` without failures).
    restore, between:
        Fits of restore times and of up times between outages (best first; empty when too few).
    """

    service: str
    failures: int
    observed_up_seconds: float
    mtbf_seconds: float
    mttr_seconds: float
    restore: tuple[DistributionFit, ...]
    between: tuple[DistributionFit, ...]
    #: why ``restore`` / ``between`` is empty (:func:`no_fit_reason`)
    restore_reason: str = ""
    between_reason: str = ""
    #: every restore time (up time between outages) was the same: a fixed duration, nothing fitted
    restore_fixed: bool = False
    between_fixed: bool = False

    @property
    def failure_rate_per_hour(self) -> float:
        """Failures per hour of up time."""
        return self.failures / self.observed_up_seconds * 3600 if self.observed_up_seconds > 0 else math.nan

    @property
    def best_restore(self) -> DistributionFit | None:
        return self.restore[0] if self.restore else None

    @property
    def best_between(self) -> DistributionFit | None:
        return self.between[0] if self.between else None


@dataclass(frozen=True)
class FitResult:
    """Per-service fits, with the accounting method they rest on."""

    services: tuple[ServiceFit, ...]
    method: dict[str, Any]
    warnings: tuple[str, ...] = ()
    #: the records left out of the accounting (zero-length, ending before they start, duplicated)
    notes: tuple[str, ...] = ()

    def for_service(self, name: str) -> ServiceFit:
        """The fit of one service, or an :class:`InputError` listing the services."""
        for s in self.services:
            if s.service == name:
                return s
        raise InputError(
            f"no service {name!r} in the incident log; it has {', '.join(s.service for s in self.services)}"
        )

    def to_document(self) -> Document:
        """Summary per service, then every fit."""
        rows = []
        for s in self.services:
            best, gap = s.best_restore, s.best_between
            rows.append({
                "service": s.service,
                "failures": s.failures,
                "observed_up_seconds": s.observed_up_seconds,
                "failure_rate_per_hour": s.failure_rate_per_hour,
                "mtbf_seconds": s.mtbf_seconds,
                "mttr_seconds": s.mttr_seconds,
                "restore_distribution": best.name if best else None,
                "restore_params": best.params if best else None,
                "restore_fit": best.describe() if best else s.restore_reason,
                "restore_ks_pvalue": best.ks_pvalue if best else None,
                "between_distribution": gap.name if gap else None,
                "between_params": gap.params if gap else None,
                "between_fit": gap.describe() if gap else s.between_reason,
            })
        fits = [
            {
                "service": s.service, "quantity": kind, "distribution": f.name, "params": f.params,
                "fit": f.describe(), "n": f.n, "aic": f.aic, "log_likelihood": f.log_likelihood,
                "ks_statistic": f.ks_statistic, "ks_pvalue": f.ks_pvalue, "mean_seconds": f.mean,
                "best": i == 0,
            }
            for s in self.services
            for kind, group in (("restore", s.restore), ("between", s.between))
            for i, f in enumerate(group)
        ]
        summary_cols = [
            Column("service", "Service"),
            Column("failures", "Failures", "count"),
            Column("mtbf_seconds", "MTBF", "duration"),
            Column("mttr_seconds", "MTTR", "duration"),
            Column("restore_fit", "Restore time (best AIC)"),
            Column("restore_ks_pvalue", "KS p", "number"),
            Column("between_fit", "Up time (best AIC)"),
        ]
        fit_cols = [
            Column("service", "Service"),
            Column("quantity", "Of"),
            Column("fit", "Distribution"),
            Column("n", "n", "count"),
            Column("aic", "AIC", "number"),
            Column("ks_statistic", "KS D", "number"),
            Column("ks_pvalue", "KS p", "number"),
            Column("best", "Best", "bool"),
        ]
        return Document(
            tables=[Table("services", "Failure and restore fits per service", summary_cols, rows),
                    Table("fits", "All fits", fit_cols, fits)],
            method=self.method,
            notes=list(self.notes),
            warnings=list(self.warnings),
            title="Fitted failure and restore distributions",
        )


def fit_incidents(log_or_frame: Any, *, min_samples: int = MIN_SAMPLES, **measure_options: Any) -> FitResult:
    """Per-service MTBF, MTTR and distribution fits from an incident log.

    Parameters
    ----------
    log_or_frame:
        An :class:`~uptime_calc.incidents.IncidentLog` or a DataFrame with its columns.
    min_samples:
        Fewest outages (restore fits) or gaps (up-time fits) to fit a distribution (at least
        :data:`MIN_SAMPLES`, whatever is asked).
    measure_options:
        Accounting options of :func:`uptime_calc.accounting.measure.measure` (window, tz, weights,
        count_maintenance, group_by, ...); ``period`` is ignored.
    """
    import pandas as pd

    from ..units import format_duration
    from .engine import covered_between, merge
    from .measure import measure

    measure_options.pop("period", None)
    m = measure(log_or_frame, period="all", uncertainty=False, **measure_options)
    keys = list(m.group_by)
    outages = m.outages
    services = []
    labels = m.totals[keys].astype(str).agg(", ".join, axis=1).tolist()
    # outages by group code, not by printed label: ("a, b", "c") and ("a", "b, c") print alike
    all_restore = outages["restore_seconds"].to_numpy(dtype=float)
    all_ongoing = outages["ongoing"].to_numpy(dtype=bool)
    all_starts = pd.DatetimeIndex(outages["start"]).as_unit("ns").asi8
    all_ends = pd.DatetimeIndex(outages["end"]).as_unit("ns").asi8
    left_out = []
    narrow: list[str] = []  # services whose outages span under half the window
    maint = merge(*m.maintenance)  # the maintenance windows of each group, as a union
    for code, (label, (_, total), at) in enumerate(zip(labels, m.totals.iterrows(), m.outage_rows(), strict=True)):
        # an outage still under way at --until is a failure, but its restore time is unknown
        restore = all_restore[at][~all_ongoing[at]]
        if all_ongoing[at].any():
            left_out.append(label)
        starts, ends = all_starts[at], all_ends[at]
        # up time between outages: maintenance is excluded from it, as from the period length
        gaps = ((starts[1:] - ends[:-1]) - covered_between(*maint, code, ends[:-1], starts[1:])) / 1e9
        up = float(total["period_seconds"] - total["outage_seconds"])
        n = len(at)
        window = (total["period_end"] - total["period_start"]).total_seconds()
        if n >= 2 and (ends[-1] - starts[0]) / 1e9 < window / 2:
            narrow.append(f"{label} ({format_duration((ends[-1] - starts[0]) / 1e9)} of {format_duration(window)})")
        restore_reason, restore_fixed = no_fit_reason(restore, min_samples, "outages that ended")
        between_reason, between_fixed = no_fit_reason(gaps, min_samples, "gaps between outages")
        services.append(ServiceFit(
            service=label,
            failures=n,
            observed_up_seconds=up,
            mtbf_seconds=up / n if n else math.nan,
            mttr_seconds=float(restore.mean()) if len(restore) else math.nan,
            restore=() if restore_reason else fit_distributions(restore),
            between=() if between_reason else fit_distributions(gaps),
            restore_reason=restore_reason,
            between_reason=between_reason,
            restore_fixed=restore_fixed,
            between_fixed=between_fixed,
        ))
    method = dict(m.method)
    for key in ("period", "availability", "response_times", "outages"):  # what fit does not report
        method.pop(key, None)
    # the records left out: in the notes (table, Markdown; CSV on stderr) and in `incidents`' JSON
    method["bad_records"] = m.bad_records.summary(
        listed="in the notes, and by `uptime-calc incidents -f json` under bad_records")
    method["fits"] = (
        "exponential, lognormal, Weibull by maximum likelihood (scipy.stats, location 0), best by AIC; "
        f"KS test against the fitted distribution; at least {max(min_samples, MIN_SAMPLES)} values"
    )
    method["mtbf"] = "observed up time (window - maintenance - outage time) / merged outages (Poisson MLE)"
    method["restore_times"] = ("merged outages that ended; one still under way at --until counts as a failure, "
                               "not as a restore time")
    warnings = list(m.warnings)
    if left_out:
        warnings.append(f"outages still under way were left out of the restore times (MTTR, restore fits) of: "
                        f"{', '.join(left_out)}")
    if narrow:
        shown = ", ".join(narrow[:5]) + (f" and {len(narrow) - 5} more" if len(narrow) > 5 else "")
        warnings.append(f"{len(narrow)} service(s) have their outages within under half the window: {shown}; "
                        "MTBF counts the whole window as their up time: if a service did not exist all of it, "
                        "fit it alone with --from/--to over its life")
    return FitResult(services=tuple(services), method=method, warnings=tuple(warnings), notes=m.notes)


def fit_file(
    path: Any,
    *,
    preset: str | None = None,
    columns: dict[str, str] | None = None,
    time_format: str | None = None,
    tz: str = "UTC",
    encoding: str | None = None,
    **options: Any,
) -> FitResult:
    """Read an incident log with :func:`uptime_calc.incidents.read_incidents` and :func:`fit_incidents` it."""
    from ..incidents import read_incidents

    log = read_incidents(path, preset=preset, columns=columns, time_format=time_format, tz=tz, encoding=encoding)
    return fit_incidents(log, tz=tz, **options)


def component_rates(path: Any, *, service: str, **options: Any) -> tuple[float, float]:
    """``(mtbf_seconds, mttr_seconds)`` of one service of an incident log (a scenario's ``from_incidents:``).

    ``options`` go to :func:`fit_file` (reader and accounting options).

    Raises
    ------
    InputError
        When the service is not in the log, or had no outage to estimate a restore time from.
    """
    fitted = fit_file(path, **options).for_service(service)
    if fitted.failures == 0 or math.isnan(fitted.mttr_seconds):
        what = "no outage" if fitted.failures == 0 else "no outage that ended (only one still under way)"
        raise InputError(
            f"service {service!r} has {what} in {Path(str(path)).name}, so its MTTR cannot be estimated; "
            "give mtbf and mttr (or an availability) for it instead"
        )
    return fitted.mtbf_seconds, fitted.mttr_seconds
