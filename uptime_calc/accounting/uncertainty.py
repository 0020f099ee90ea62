"""How precise is an availability measured from a short history?

Three incidents in a month are not a precise figure. Failures are modelled as a
homogeneous Poisson process and the observation as a time-terminated test:
with ``r`` failures in ``T`` hours of up time the two-sided ``c`` confidence
bounds on the MTBF are (MIL-HDBK-338B, chi-square confidence limits on MTBF for a
time-terminated test; NIST/SEMATECH e-Handbook of Statistical Methods, chapter 8, exponential /
HPP model bounds)::

    MTBF_low  = 2T / chi2.ppf((1 + c) / 2, 2r + 2)
    MTBF_high = 2T / chi2.ppf((1 - c) / 2, 2r)        (infinite when r = 0)

Restore times get a percentile bootstrap interval on their mean (Efron & Tibshirani,
*An Introduction to the Bootstrap*, 1993, ch. 13) with a fixed seed. The two intervals are
combined conservatively: each is computed at level ``1 - (1 - c)/2`` so that both hold
together with probability at least ``c`` (Bonferroni), and the availability interval takes
the pessimistic and the optimistic end of each::

    U_high = MTTR_high / (MTBF_low + MTTR_high),  U_low = MTTR_low / (MTBF_high + MTTR_low)

With impact weights (a partial outage counts half), downtime is ``w`` times the outage time
(``w`` = weighted downtime / outage time of the history), so long-run weighted unavailability is
``w x MTTR / (MTBF + MTTR)`` and both ends are scaled by ``w``: the point estimate, weighted
downtime / period, is then the same formula at the point values of MTBF and MTTR.

>>> low, high = mtbf_bounds(0, 2.302585093, confidence=0.8)
>>> round(low, 6), high
(1.0, inf)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..availability import Availability
from ..errors import InputError

if TYPE_CHECKING:
    import numpy as np

DEFAULT_CONFIDENCE = 0.90
DEFAULT_RESAMPLES = 2000
#: resampled values gathered at a time by :func:`bootstrap_mean`
_BLOCK_VALUES = 1 << 16
DEFAULT_SEED = 20240101


def _check_confidence(confidence: float) -> float:
    if not 0.0 < confidence < 1.0:
        raise InputError(f"confidence must lie between 0 and 1 (e.g. 0.9), got {confidence!r}")
    return float(confidence)


def mtbf_bounds(failures: int, uptime: float, *, confidence: float = DEFAULT_CONFIDENCE) -> tuple[float, float]:
    """Two-sided chi-square confidence bounds on the MTBF of a time-terminated observation.

    Parameters
    ----------
    failures:
        Number of failures ``r`` observed (0 or more).
    uptime:
        Total up time ``T`` observed (any unit; the bounds come back in the same unit).
    confidence:
        Two-sided confidence level ``c``.

    Returns
    -------
    tuple of float
        ``(low, high)``; ``high`` is ``inf`` when no failure was seen.
    """
    # scipy.special.chdtri(v, q) is the chi-square quantile with upper tail q, i.e. chi2.ppf(1 - q, v);
    # it avoids importing scipy.stats (over a second of start-up on every incidents command)
    from scipy.special import chdtri

    c = _check_confidence(confidence)
    if failures < 0 or uptime < 0:
        raise InputError("failures and up time must be zero or more")
    low = 2.0 * uptime / float(chdtri(2 * failures + 2, (1.0 - c) / 2.0))
    high = math.inf if failures == 0 else 2.0 * uptime / float(chdtri(2 * failures, (1.0 + c) / 2.0))
    return low, high


def bootstrap_mean(
    values: np.ndarray | list[float],
    *,
    confidence: float = DEFAULT_CONFIDENCE,
    n_resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
) -> tuple[float, float]:
    """Percentile bootstrap interval on the mean of ``values`` (reproducible: fixed seed).

    The percentile method of Efron & Tibshirani (1993, ch. 13), as ``scipy.stats.bootstrap``
    computes it with ``method="percentile"``, done directly in numpy so that the incidents
    command does not pay for importing scipy.stats. Needs at least two values.
    """
    import numpy as np

    data = np.asarray(values, dtype=float)
    if len(data) < 2:
        raise InputError("a bootstrap interval needs at least two restore times")
    c = _check_confidence(confidence)
    if np.all(data == data[0]):
        return float(data[0]), float(data[0])
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(data), size=(n_resamples, len(data)))
    # the resampled values a block of rows at a time: the block stays in cache, where the whole
    # (n_resamples x n) array of values would be fresh memory (1.7x faster at 800 values)
    means = np.empty(n_resamples)
    rows = max(1, _BLOCK_VALUES // len(data))
    for lo in range(0, n_resamples, rows):
        means[lo : lo + rows] = data[picks[lo : lo + rows]].mean(axis=1)
    low, high = np.quantile(means, [(1.0 - c) / 2.0, (1.0 + c) / 2.0])
    return float(low), float(high)


@dataclass(frozen=True)
class AvailabilityInterval:
    """An interval on long-run availability implied by a history of failures and restores.

    Attributes
    ----------
    low, high:
        The pessimistic and optimistic availability (``low`` has the larger unavailability).
    mtbf_low, mtbf_high, mttr_low, mttr_high:
        The component intervals, in the unit of the inputs.
    confidence:
        The joint two-sided confidence level.
    failures:
        The number of failures the interval rests on.
    """

    low: Availability
    high: Availability
    mtbf_low: float
    mtbf_high: float
    mttr_low: float
    mttr_high: float
    confidence: float
    failures: int

    def as_row(self) -> dict[str, Any]:
        """Row values with unit keys (seconds when the inputs were seconds)."""
        return {
            "availability_low_percent": self.low.percent,
            "availability_high_percent": self.high.percent,
            "unavailability_low": self.high.unavailability,
            "unavailability_high": self.low.unavailability,
            "mtbf_low_seconds": self.mtbf_low,
            "mtbf_high_seconds": self.mtbf_high,
            "mttr_low_seconds": self.mttr_low,
            "mttr_high_seconds": self.mttr_high,
        }


def availability_interval(
    failures: int,
    uptime: float,
    restore_times: np.ndarray | list[float],
    *,
    confidence: float = DEFAULT_CONFIDENCE,
    n_resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
    weight: float = 1.0,
) -> AvailabilityInterval | None:
    """Interval on long-run availability from chi-square MTBF bounds and a bootstrap MTTR interval.

    Returns ``None`` when fewer than two restore times exist (no spread to bootstrap).

    Parameters
    ----------
    failures:
        Number of failures (merged outages) observed.
    uptime:
        Total up time observed, same unit as ``restore_times``.
    restore_times:
        Duration of each outage.
    confidence:
        Joint two-sided confidence; each part is computed at ``1 - (1 - confidence) / 2``.
    weight:
        The share of outage time that counts as downtime (impact weights: weighted downtime /
        outage time, in ``[0, 1]``); the unavailability bounds are scaled by it.
    """
    c = _check_confidence(confidence)
    if not 0.0 <= weight <= 1.0:
        raise InputError(f"the downtime share of outage time must be within [0, 1], got {weight!r}")
    if len(restore_times) < 2:
        return None
    each = 1.0 - (1.0 - c) / 2.0
    mtbf_low, mtbf_high = mtbf_bounds(failures, uptime, confidence=each)
    mttr_low, mttr_high = bootstrap_mean(restore_times, confidence=each, n_resamples=n_resamples, seed=seed)
    u_high = weight * (mttr_high / (mtbf_low + mttr_high) if mtbf_low + mttr_high > 0 else 1.0)
    u_low = 0.0 if math.isinf(mtbf_high) else weight * mttr_low / (mtbf_high + mttr_low)
    return AvailabilityInterval(
        low=Availability(min(1.0, u_high)),
        high=Availability(max(0.0, u_low)),
        mtbf_low=mtbf_low,
        mtbf_high=mtbf_high,
        mttr_low=mttr_low,
        mttr_high=mttr_high,
        confidence=c,
        failures=int(failures),
    )


#: groups with more restore times than this get the bootstrap's Cornish-Fisher limit instead of
#: resampling (see :func:`bootstrap_means`)
RESAMPLE_UP_TO = 100
#: resampled values drawn at a time by :func:`bootstrap_means`
_DRAWS_PER_BLOCK = 1 << 20


def bootstrap_means(
    values: np.ndarray,
    sizes: np.ndarray,
    *,
    confidence: float = DEFAULT_CONFIDENCE,
    n_resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
    progress: Any = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Percentile bootstrap intervals on the mean of many groups at once.

    Parameters
    ----------
    values:
        Every group's values, one group after another.
    sizes:
        How many values each group has (in order); a group of fewer than two gets ``NaN`` bounds.
    progress:
        ``progress(stage, done, total)`` as the resamples are drawn (:mod:`uptime_calc.progress`).

    Returns
    -------
    low, high:
        One bound per group.

    Groups of up to :data:`RESAMPLE_UP_TO` values are resampled together: one array of draws for
    all of them, ``n_resamples`` resamples, a fixed seed (the percentile method of Efron &
    Tibshirani, 1993, ch. 13). A larger group takes the quantiles of the distribution that
    resampling estimates, from its exact first three cumulants (the resampled mean of ``n`` values
    has mean ``x``, variance ``m2 / n`` and third cumulant ``m3 / n**2``, with ``m2``, ``m3`` the
    central moments of the values) by the Cornish-Fisher expansion (Hall, *The Bootstrap and
    Edgeworth Expansion*, 1992, sections 2.5 and 3.5): ``x + sqrt(m2 / n) (z + g (z**2 - 1) / 6)``,
    ``g = m3 / (m2**1.5 sqrt(n))``. Its error, O(n**-1.5) in units of the values' spread, is below
    the Monte Carlo error of 2000 resamples for groups that large, and it costs one pass over the
    values instead of ``n_resamples`` passes.

    >>> import numpy as np
    >>> low, high = bootstrap_means(np.array([1.0, 3.0, 2.0, 2.0]), np.array([2, 2]))
    >>> float(low[1]), float(high[1])
    (2.0, 2.0)
    """
    import numpy as np
    from scipy.special import ndtri

    c = _check_confidence(confidence)
    values = np.asarray(values, dtype=float)
    sizes = np.asarray(sizes, dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    low = np.full(len(sizes), np.nan)
    high = np.full(len(sizes), np.nan)
    tails = np.array([(1.0 - c) / 2.0, (1.0 + c) / 2.0])
    has = sizes >= 2
    if not has.any():
        return low, high
    # the group of each value, and its moments about the group mean
    group = np.repeat(np.arange(len(sizes)), sizes)
    n = np.maximum(sizes, 1).astype(float)
    mean = np.bincount(group, weights=values, minlength=len(sizes)) / n
    dev = values - mean[group]
    m2 = np.bincount(group, weights=dev * dev, minlength=len(sizes)) / n
    m3 = np.bincount(group, weights=dev * dev * dev, minlength=len(sizes)) / n
    flat = has & (m2 <= 0.0)  # every value the same: so is every resample's mean
    low[flat] = high[flat] = mean[flat]

    large = has & ~flat & (sizes > RESAMPLE_UP_TO)
    if large.any():
        z = ndtri(tails)[:, None]
        sd = np.sqrt(m2[large] / n[large])
        skew = m3[large] / (m2[large] ** 1.5 * np.sqrt(n[large]))
        q = mean[large] + sd * (z + skew * (z * z - 1.0) / 6.0)
        low[large], high[large] = q[0], q[1]

    small = np.flatnonzero(has & ~flat & (sizes <= RESAMPLE_UP_TO))
    if len(small):
        k = sizes[small]
        slot_start = np.repeat(starts[small], k)  # per drawn slot: where its group's values start
        slot_size = np.repeat(k, k).astype(float)
        cuts = np.concatenate([[0], np.cumsum(k)[:-1]])
        rng = np.random.default_rng(seed)
        means = np.empty((n_resamples, len(small)))
        rows = max(1, _DRAWS_PER_BLOCK // len(slot_start))
        for lo in range(0, n_resamples, rows):
            b = min(rows, n_resamples - lo)
            picks = slot_start + (rng.random((b, len(slot_start))) * slot_size).astype(np.int64)
            means[lo: lo + b] = np.add.reduceat(values[picks], cuts, axis=1) / k
            if progress is not None:
                progress("uncertainty intervals", lo + b, n_resamples)
        q = np.quantile(means, tails, axis=0)
        low[small], high[small] = q[0], q[1]
    return low, high


def interval_columns(
    failures: np.ndarray,
    uptime: np.ndarray,
    restore_times: np.ndarray,
    sizes: np.ndarray,
    *,
    confidence: float = DEFAULT_CONFIDENCE,
    weight: np.ndarray | None = None,
    n_resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
    progress: Any = None,
) -> dict[str, np.ndarray]:
    """:func:`availability_interval` for many groups at once, as columns (``NaN`` where a group has
    fewer than two restore times).

    ``restore_times`` holds each group's restore times one group after another, ``sizes`` how many
    each has; ``failures``, ``uptime`` and ``weight`` have one value per group. The MTBF bounds are
    the chi-square bounds of :func:`mtbf_bounds`, the MTTR bounds those of :func:`bootstrap_means`,
    each at ``1 - (1 - confidence) / 2`` (Bonferroni), combined as in :func:`availability_interval`.
    """
    import numpy as np
    from scipy.special import chdtri

    c = _check_confidence(confidence)
    each = 1.0 - (1.0 - c) / 2.0
    failures = np.asarray(failures, dtype=float)
    uptime = np.asarray(uptime, dtype=float)
    w = np.ones(len(failures)) if weight is None else np.clip(np.asarray(weight, dtype=float), 0.0, 1.0)
    mtbf_low = 2.0 * uptime / chdtri(2 * failures + 2, (1.0 - each) / 2.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        mtbf_high = np.where(failures > 0, 2.0 * uptime / chdtri(np.maximum(2 * failures, 1), (1.0 + each) / 2.0),
                             np.inf)
    mttr_low, mttr_high = bootstrap_means(restore_times, sizes, confidence=each, n_resamples=n_resamples,
                                          seed=seed, progress=progress)
    with np.errstate(divide="ignore", invalid="ignore"):
        u_high = w * np.where(mtbf_low + mttr_high > 0, mttr_high / (mtbf_low + mttr_high), 1.0)
        u_low = np.where(np.isinf(mtbf_high), 0.0, w * mttr_low / (mtbf_high + mttr_low))
    u_high, u_low = np.minimum(u_high, 1.0), np.maximum(u_low, 0.0)
    none = np.asarray(sizes) < 2
    out = {
        "availability_low_percent": 100.0 - 100.0 * u_high,
        "availability_high_percent": 100.0 - 100.0 * u_low,
        "unavailability_low": u_low,
        "unavailability_high": u_high,
        "mtbf_low_seconds": mtbf_low,
        "mtbf_high_seconds": mtbf_high,
        "mttr_low_seconds": mttr_low,
        "mttr_high_seconds": mttr_high,
    }
    for key in out:
        out[key] = np.where(none, np.nan, out[key])
    return out
