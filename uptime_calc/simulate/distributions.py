"""Up- and down-time distributions for the simulator, each parameterised by its mean.

Every distribution draws blocks of samples with a NumPy ``Generator`` and can
also draw from its *stationary residual* (equilibrium excess) distribution, so
that a simulated timeline starts in steady state instead of "everything just
repaired" (no warm-up bias against the analytic steady-state answer).

The residual of a renewal interval X at a random time is ``V * L`` with ``V``
uniform on (0, 1) and ``L`` the length-biased version of X (density
``x f(x) / E[X]``); see Ross, *Stochastic Processes*, 2nd ed., section 3.4.

>>> import numpy as np
>>> rng = np.random.default_rng(1)
>>> d = LogNormal(mean=3600.0, sigma=1.0)
>>> round(float(d.sample(rng, (200_000,)).mean()) / 3600, 2)
1.0
>>> Fixed(60.0).sample(rng, (3,)).tolist()
[60.0, 60.0, 60.0]
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np

from ..errors import InputError


@runtime_checkable
class Distribution(Protocol):
    """What the engine needs from a duration distribution (all values in seconds)."""

    @property
    def mean(self) -> float:
        """The mean duration."""
        ...

    def sample(self, rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
        """Independent draws of the given shape."""
        ...

    def sample_length_biased(self, rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
        """Draws from the length-biased distribution ``x f(x) / E[X]``."""
        ...


def _check_mean(mean: float, name: str) -> None:
    if not (mean > 0.0) or math.isinf(mean):
        raise InputError(f"{name} distribution needs a mean above zero, got {mean!r}")


def sample_residual(dist: Distribution, rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Time left in an interval observed at a random instant (the equilibrium excess)."""
    return rng.random(shape) * dist.sample_length_biased(rng, shape)


@dataclass(frozen=True)
class Exponential:
    """Memoryless durations with the given mean (rate ``1/mean``)."""

    mean: float
    name: str = field(default="exponential", init=False)

    def __post_init__(self) -> None:
        _check_mean(self.mean, "exponential")

    def sample(self, rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
        x = rng.standard_exponential(shape)
        x *= self.mean
        return x

    def sample_length_biased(self, rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
        # length-biased exponential is Gamma(2, mean)
        return rng.standard_gamma(2.0, shape) * self.mean


@dataclass(frozen=True)
class LogNormal:
    """Log-normal durations with the given mean and log-scale ``sigma``."""

    mean: float
    sigma: float = 1.0
    name: str = field(default="lognormal", init=False)

    def __post_init__(self) -> None:
        _check_mean(self.mean, "lognormal")
        if not self.sigma > 0:
            raise InputError(f"lognormal sigma must be above zero, got {self.sigma!r}")

    @property
    def mu(self) -> float:
        """Location of log X: ``ln(mean) - sigma**2 / 2``."""
        return math.log(self.mean) - self.sigma**2 / 2

    def sample(self, rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
        return rng.lognormal(self.mu, self.sigma, shape)

    def sample_length_biased(self, rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
        # length-biasing a lognormal shifts mu by sigma**2 (Johnson, Kotz & Balakrishnan, ch. 14)
        return rng.lognormal(self.mu + self.sigma**2, self.sigma, shape)


@dataclass(frozen=True)
class Weibull:
    """Weibull durations with the given mean and shape ``k`` (scale = mean / Gamma(1 + 1/k))."""

    mean: float
    shape: float = 1.0
    name: str = field(default="weibull", init=False)

    def __post_init__(self) -> None:
        _check_mean(self.mean, "weibull")
        if not self.shape > 0:
            raise InputError(f"weibull shape must be above zero, got {self.shape!r}")

    @property
    def scale(self) -> float:
        """The Weibull scale parameter."""
        return self.mean / math.gamma(1.0 + 1.0 / self.shape)

    def sample(self, rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
        return rng.weibull(self.shape, shape) * self.scale

    def sample_length_biased(self, rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
        # with Y = (X/scale)**k, the length-biased Y has density ~ y**(1/k) e**-y: Gamma(1 + 1/k)
        return rng.standard_gamma(1.0 + 1.0 / self.shape, shape) ** (1.0 / self.shape) * self.scale


@dataclass(frozen=True)
class Gamma:
    """Gamma durations with the given mean and shape ``k`` (scale = mean / k)."""

    mean: float
    shape: float = 1.0
    name: str = field(default="gamma", init=False)

    def __post_init__(self) -> None:
        _check_mean(self.mean, "gamma")
        if not self.shape > 0:
            raise InputError(f"gamma shape must be above zero, got {self.shape!r}")

    def sample(self, rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
        return rng.standard_gamma(self.shape, shape) * (self.mean / self.shape)

    def sample_length_biased(self, rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
        # length-biasing Gamma(k, theta) gives Gamma(k + 1, theta)
        return rng.standard_gamma(self.shape + 1.0, shape) * (self.mean / self.shape)


@dataclass(frozen=True)
class Fixed:
    """A constant duration (e.g. a scripted failover time)."""

    value: float
    name: str = field(default="fixed", init=False)

    def __post_init__(self) -> None:
        if not (self.value >= 0.0) or math.isinf(self.value):
            raise InputError(f"fixed duration must be zero or more, got {self.value!r}")

    @property
    def mean(self) -> float:
        return self.value

    def sample(self, rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
        return np.full(shape, self.value)

    def sample_length_biased(self, rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
        return np.full(shape, self.value)


@dataclass(frozen=True)
class Empirical:
    """Durations resampled (with replacement) from observed values, e.g. restore times of an incident log."""

    values: tuple[float, ...]
    name: str = field(default="empirical", init=False)

    def __post_init__(self) -> None:
        arr = np.asarray(self.values, dtype=float)
        if arr.size == 0 or not np.all(np.isfinite(arr)) or np.any(arr < 0) or arr.sum() <= 0:
            raise InputError(
                "empirical distribution needs at least one finite duration above zero and none negative"
            )

    @property
    def mean(self) -> float:
        return float(np.mean(self.values))

    def sample(self, rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
        return rng.choice(np.asarray(self.values, dtype=float), size=shape, replace=True)

    def sample_length_biased(self, rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
        arr = np.asarray(self.values, dtype=float)
        return rng.choice(arr, size=shape, replace=True, p=arr / arr.sum())


def make_distribution(kind: str, mean: float, **params: float) -> Distribution:
    """Build a distribution by name: ``exponential``, ``lognormal`` (``sigma``), ``weibull`` (``shape``), ``fixed``.

    >>> make_distribution("weibull", 100.0, shape=2.0).scale > 100
    True
    """
    kind = kind.lower()
    if kind in ("exponential", "exp"):
        return Exponential(mean)
    if kind == "lognormal":
        return LogNormal(mean, float(params.get("sigma", 1.0)))
    if kind == "weibull":
        return Weibull(mean, float(params.get("shape", params.get("k", 1.0))))
    if kind == "gamma":
        return Gamma(mean, float(params.get("shape", 1.0)))
    if kind in ("fixed", "constant", "deterministic"):
        return Fixed(mean)
    raise InputError(
        f"unknown distribution {kind!r}; expected exponential, lognormal, weibull, gamma, fixed or empirical"
    )
