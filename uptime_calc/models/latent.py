"""Latent failures found only by periodic proof tests: PFDavg and the sawtooth of PFD(t).

A safety trip, a replica never failed over, a backup never restored: the unit
fails silently (dangerous undetected, rate ``lambda_DU``) and the failure is
only found by a proof test every ``T1``. Its mean unavailability is the
average probability of failure on demand, PFDavg.

:func:`pfd_avg` gives the simplified formulas of IEC 61508-6:2010, Annex B
(B.3.2.2), for ``MooN`` groups of identical channels with the beta factors
``beta`` (undetected) and ``beta_D`` (detected common-cause failures):

* 1oo1: ``PFD = lambda_D t_CE``
* 1oo2: ``PFD = 2 ((1-beta_D) lambda_DD + (1-beta) lambda_DU)^2 t_CE t_GE
  + beta_D lambda_DD MTTR + beta lambda_DU (T1/2 + MRT)``
* 2oo3: the same with 6 in place of 2
* 2oo2: ``PFD = 2 lambda_D t_CE``

with ``t_CE = lambda_DU/lambda_D (T1/2 + MRT) + lambda_DD/lambda_D MTTR`` and
``t_GE = lambda_DU/lambda_D (T1/3 + MRT) + lambda_DD/lambda_D MTTR``. Other
``MooN`` use the general form of the same approximation, ``C(N, N-M+1)
(N-M+1)! prod`` of the group equivalent down times (IEC 61508-6 B.3.2.2 note;
Rausand, *Reliability of Safety-Critical Systems*, 2014, section 8.5).

Two extensions, each stated in the method when used: a proof-test
``coverage`` below 1 (the failures the test misses stay until ``lifetime``:
their equivalent down time is ``lifetime/2``, as in ISA-TR84.00.02), and a
``test_duration`` during which the channel is out of service (adds
``N * test_duration / T1`` times the PFD of the group with one channel fewer,
for 1oo1 ``test_duration / T1``).

:func:`pfd_curve` gives the instantaneous PFD(t) of the same group from its
time-dependent model (simultaneous proof tests, independent channels plus the
beta-factor common cause), the sawtooth the charts draw; its time average is
printed beside the formula.

>>> ch = LatentChannel(du_rate=1e-6 / 3600, test_interval=8760 * 3600.0)
>>> round(pfd_avg("1oo1", ch), 6)  # lambda_DU T1 / 2
0.00438
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import ScenarioError

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

_ARCH = re.compile(r"^\s*(\d+)\s*oo\s*(\d+)\s*$", re.I)


def parse_architecture(text: str) -> tuple[int, int]:
    """``"2oo3"`` -> ``(2, 3)``: M of N channels must work."""
    m = _ARCH.match(str(text))
    if not m or not 1 <= int(m.group(1)) <= int(m.group(2)):
        raise ScenarioError(f"architecture {text!r}: expected MooN such as 1oo1, 1oo2, 2oo3")
    return int(m.group(1)), int(m.group(2))


@dataclass(frozen=True)
class LatentChannel:
    """One channel with latent failures. Rates per second, times in seconds.

    Parameters
    ----------
    du_rate:
        Dangerous undetected failure rate ``lambda_DU`` (found only by proof tests).
    test_interval:
        Proof-test interval ``T1``.
    dd_rate:
        Dangerous detected failure rate ``lambda_DD`` (found at once by diagnostics).
    mrt:
        Mean repair time of a failure a proof test found.
    mttr:
        Mean time to restoration of a detected failure.
    test_duration:
        Time the channel is out of service during each proof test.
    coverage:
        Proof-test coverage: the fraction of undetected failures a test reveals.
    lifetime:
        When ``coverage < 1``: the time until the missed failures are found
        (overhaul or end of mission).
    """

    du_rate: float
    test_interval: float
    dd_rate: float = 0.0
    mrt: float = 0.0
    mttr: float = 0.0
    test_duration: float = 0.0
    coverage: float = 1.0
    lifetime: float | None = None

    def __post_init__(self) -> None:
        if not (self.du_rate >= 0 and self.dd_rate >= 0 and self.du_rate + self.dd_rate > 0):
            raise ScenarioError("latent: give a dangerous undetected rate above zero")
        if not self.test_interval > 0:
            raise ScenarioError("latent: test_interval must be above zero")
        if not 0.0 <= self.coverage <= 1.0:
            raise ScenarioError("latent: coverage must lie in [0, 1]")
        if self.coverage < 1.0 and (self.lifetime is None or self.lifetime < self.test_interval):
            raise ScenarioError("latent: a coverage below 100% needs a lifetime (the time until the "
                                "failures the test misses are found) of at least one test interval")
        if min(self.mrt, self.mttr, self.test_duration) < 0:
            raise ScenarioError("latent: mrt, mttr and test_duration must be zero or more")
        if self.test_duration >= self.test_interval:
            raise ScenarioError("latent: test_duration must be shorter than test_interval")

    @property
    def d_rate(self) -> float:
        """``lambda_D = lambda_DU + lambda_DD``."""
        return self.du_rate + self.dd_rate

    def _down_time(self, fraction: float) -> float:
        """Equivalent mean down time of a dangerous failure with ``T1 * fraction`` for a revealed one.

        ``fraction`` is 1/2 for ``t_CE`` and 1/3 for ``t_GE`` (IEC 61508-6 B.3.2.2).
        """
        lam_d = self.d_rate
        revealed = self.du_rate * self.coverage * (self.test_interval * fraction + self.mrt)
        missed = 0.0
        if self.coverage < 1.0:
            assert self.lifetime is not None
            missed = self.du_rate * (1 - self.coverage) * (self.lifetime * fraction + self.mrt)
        return (revealed + missed + self.dd_rate * self.mttr) / lam_d

    @property
    def undetected_down_time(self) -> float:
        """Mean down time of an undetected failure: ``T1/2 + MRT`` (the missed fraction: ``lifetime/2``)."""
        revealed = self.coverage * (self.test_interval / 2 + self.mrt)
        if self.coverage >= 1.0:
            return revealed
        assert self.lifetime is not None
        return revealed + (1 - self.coverage) * (self.lifetime / 2 + self.mrt)

    @property
    def t_ce(self) -> float:
        """Channel equivalent mean down time ``t_CE``."""
        return self._down_time(1 / 2)

    @property
    def t_ge(self) -> float:
        """Voted-group equivalent mean down time ``t_GE`` (for two channels)."""
        return self._down_time(1 / 3)


def pfd_avg(architecture: str, channel: LatentChannel, beta: float = 0.0, beta_d: float = 0.0) -> float:
    """PFDavg of a ``MooN`` group by the simplified formulas of IEC 61508-6 Annex B (see module).

    Examples
    --------
    1oo2, lambda_DU = 2e-6/h, no DD, T1 = 1 year, MRT = 8 h, beta = 10%:

    >>> ch = LatentChannel(du_rate=2e-6 / 3600, test_interval=8760 * 3600.0, mrt=8 * 3600.0)
    >>> round(pfd_avg("1oo2", ch, beta=0.1), 9)  # 2 (0.9 lam)^2 (T/2+8)(T/3+8) + 0.1 lam (T/2+8)
    0.000960855
    """
    m, n = parse_architecture(architecture)
    if not (0 <= beta <= 1 and 0 <= beta_d <= 1):
        raise ScenarioError("latent: beta and beta_D must lie in [0, 1]")
    ch = channel
    base = _group_pfd(m, n, ch, beta, beta_d)
    if ch.test_duration > 0:
        # while one channel is tested the group runs as M-oo-(N-1), or is down when that cannot work
        fewer = _group_pfd(m, n - 1, ch, beta, beta_d) if m <= n - 1 else 1.0
        base += n * ch.test_duration / ch.test_interval * fewer
    return min(1.0, base)


def _group_pfd(m: int, n: int, ch: LatentChannel, beta: float, beta_d: float) -> float:
    lam_d = ch.d_rate
    k = n - m + 1  # channel failures that fail the group
    independent = (1 - beta_d) * ch.dd_rate + (1 - beta) * ch.du_rate
    if k == 1:
        # MooM: any channel failure fails the group: N lambda_D t_CE (1oo1, 2oo2: IEC 61508-6 B.3.2.2)
        return n * lam_d * ch.t_ce
    # k failures out of N: C(N, k) k! lambda^k t_CE t_GE ... (1oo2: 2, 2oo3: 6); for k > 2 the further
    # down times follow the same pattern, T1/(j+1) for the j-th (Rausand 2014, section 8.5)
    product = ch.t_ce
    for j in range(2, k + 1):
        product *= ch._down_time(1 / (j + 1))
    common = beta_d * ch.dd_rate * ch.mttr + beta * ch.du_rate * ch.undetected_down_time
    return math.comb(n, k) * math.factorial(k) * independent**k * product + common


def pfd_curve(architecture: str, channel: LatentChannel, times: np.ndarray, beta: float = 0.0,
              beta_d: float = 0.0) -> np.ndarray:
    """Instantaneous PFD(t) of the group: the sawtooth over proof-test intervals.

    Each channel's undetected failures accumulate since the last test,
    ``q(t) = 1 - exp(-(1-beta) lambda_DU (c (t mod T1) + (1-c) t))``
    (``c`` the coverage); the common cause likewise at ``beta lambda_DU``; the
    detected failures add their steady unavailability ``lambda_DD MTTR``. The
    group works while at least ``M`` of ``N`` channels do (a binomial sum).
    """
    import numpy as np
    from scipy.stats import binom

    m, n = parse_architecture(architecture)
    ch = channel
    t = np.asarray(times, dtype=float)
    since = np.mod(t, ch.test_interval)
    exposure = ch.coverage * since + (1 - ch.coverage) * t
    q = -np.expm1(-(1 - beta) * ch.du_rate * exposure)
    q_dd = min(1.0, (1 - beta_d) * ch.dd_rate * ch.mttr)
    q = 1 - (1 - q) * (1 - q_dd)
    common = -np.expm1(-beta * ch.du_rate * exposure)
    common = 1 - (1 - common) * (1 - min(1.0, beta_d * ch.dd_rate * ch.mttr))
    works = binom.sf(m - 1, n, 1 - q)  # P(at least m of n channels work)
    return np.asarray(1 - (1 - common) * works)


def curve_mean(architecture: str, channel: LatentChannel, beta: float = 0.0, beta_d: float = 0.0) -> float:
    """Time average of :func:`pfd_curve` over one proof-test interval (or the lifetime if coverage < 1)."""
    import numpy as np
    from scipy.integrate import simpson

    span = channel.lifetime if channel.coverage < 1 and channel.lifetime else channel.test_interval
    t = np.linspace(0.0, span, 20_001)
    return float(simpson(pfd_curve(architecture, channel, t, beta, beta_d), x=t) / span)


@dataclass(frozen=True)
class LatentGroup:
    """A ``MooN`` group of identical latent channels (a ``voted`` block, or one channel as 1oo1)."""

    instance: str
    architecture: str
    channel: LatentChannel
    beta: float = 0.0
    beta_d: float = 0.0

    @property
    def pfd_avg(self) -> float:
        """PFDavg by IEC 61508-6 Annex B (see :func:`pfd_avg`)."""
        return pfd_avg(self.architecture, self.channel, self.beta, self.beta_d)

    def curve(self, times: np.ndarray) -> np.ndarray:
        """PFD(t), the sawtooth (see :func:`pfd_curve`)."""
        return pfd_curve(self.architecture, self.channel, times, self.beta, self.beta_d)

    def curve_mean(self) -> float:
        """The time average of :meth:`curve`."""
        return curve_mean(self.architecture, self.channel, self.beta, self.beta_d)

    def extensions(self) -> list[str]:
        """The terms beyond the standard's formulas that this group uses (named in the output)."""
        out = []
        if self.channel.coverage < 1:
            out.append(f"proof-test coverage {self.channel.coverage:g}: missed failures stay until the lifetime")
        if self.channel.test_duration > 0:
            out.append("test duration: the channel is out of service while tested")
        return out


__all__ = ["LatentChannel", "LatentGroup", "curve_mean", "parse_architecture", "pfd_avg", "pfd_curve"]
