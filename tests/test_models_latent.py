"""Latent failures found by proof tests: IEC 61508-6:2010 Annex B PFDavg and the PFD(t) sawtooth.

The Annex B formulas (B.3.2.2) are worked by hand below with the numbers written out; the
time-dependent model is checked against the exact averages of the sawtooth for small lambda T1
(1oo1: lambda T/2, 1oo2: (lambda T)^2/3, 2oo3: (lambda T)^2; Rausand & Hoyland, 2nd ed., 10.3).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from uptime_calc.errors import ScenarioError
from uptime_calc.models.latent import LatentChannel, curve_mean, pfd_avg, pfd_curve

H = 3600.0
T1 = 8760.0  # hours
MRT = 8.0
MTTR = 8.0


def channel(lam_du: float, lam_dd: float = 0.0, **kw: float) -> LatentChannel:
    return LatentChannel(du_rate=lam_du / H, dd_rate=lam_dd / H, test_interval=T1 * H, mrt=MRT * H,
                         mttr=MTTR * H, **kw)


def t_ce(lu: float, ld: float) -> float:
    return lu / (lu + ld) * (T1 / 2 + MRT) + ld / (lu + ld) * MTTR


def t_ge(lu: float, ld: float) -> float:
    return lu / (lu + ld) * (T1 / 3 + MRT) + ld / (lu + ld) * MTTR


def test_1oo1_annex_b() -> None:
    # PFD = (lam_DU + lam_DD) t_CE; lam_DU = 1e-6/h, lam_DD = 4e-6/h: t_CE = 0.2 (4388) + 0.8 (8) = 884
    assert t_ce(1e-6, 4e-6) == pytest.approx(884.0)
    assert pfd_avg("1oo1", channel(1e-6, 4e-6)) == pytest.approx(5e-6 * 884.0, rel=1e-12)
    # no DD: lam_DU (T1/2 + MRT) = 2e-6 x 4388
    assert pfd_avg("1oo1", channel(2e-6)) == pytest.approx(2e-6 * 4388, rel=1e-12)


@pytest.mark.parametrize(("beta", "beta_d"), [(0.0, 0.0), (0.1, 0.05), (0.2, 0.1)])
def test_1oo2_annex_b(beta: float, beta_d: float) -> None:
    lu, ld = 2e-6, 3e-6
    expected = (2 * ((1 - beta_d) * ld + (1 - beta) * lu) ** 2 * t_ce(lu, ld) * t_ge(lu, ld)
                + beta_d * ld * MTTR + beta * lu * (T1 / 2 + MRT))
    assert pfd_avg("1oo2", channel(lu, ld), beta, beta_d) == pytest.approx(expected, rel=1e-12)


def test_1oo2_annex_b_worked_number() -> None:
    # lam_DU = 2e-6/h, no DD, beta = 10%: 2 (1.8e-6)^2 x 4388 x 2928 + 0.1 x 2e-6 x 4388
    # = 8.3255e-5 + 8.776e-4 = 9.60855e-4
    assert pfd_avg("1oo2", channel(2e-6), beta=0.1) == pytest.approx(9.60855e-4, rel=1e-6)


@pytest.mark.parametrize(("beta", "beta_d"), [(0.0, 0.0), (0.05, 0.02)])
def test_2oo3_annex_b(beta: float, beta_d: float) -> None:
    lu, ld = 1e-6, 1e-6
    expected = (6 * ((1 - beta_d) * ld + (1 - beta) * lu) ** 2 * t_ce(lu, ld) * t_ge(lu, ld)
                + beta_d * ld * MTTR + beta * lu * (T1 / 2 + MRT))
    assert pfd_avg("2oo3", channel(lu, ld), beta, beta_d) == pytest.approx(expected, rel=1e-12)


def test_2oo2_is_twice_1oo1() -> None:
    assert pfd_avg("2oo2", channel(1e-6, 1e-6)) == pytest.approx(2 * pfd_avg("1oo1", channel(1e-6, 1e-6)))


@pytest.mark.parametrize(("arch", "exact"), [
    ("1oo1", lambda x: x / 2),           # mean of 1 - e^-lt over [0, T] ~ lT/2
    ("1oo2", lambda x: x**2 / 3),        # mean of (lt)^2
    ("2oo3", lambda x: x**2),            # mean of 3 (lt)^2
])
def test_sawtooth_average_matches_the_formula_for_small_lambda_t(arch: str, exact) -> None:  # type: ignore[no-untyped-def]
    ch = LatentChannel(du_rate=1e-7 / H, test_interval=T1 * H)
    x = 1e-7 * T1
    assert pfd_avg(arch, ch) == pytest.approx(exact(x), rel=1e-12)
    assert curve_mean(arch, ch) == pytest.approx(exact(x), rel=2e-3)  # second-order terms in lT


def test_sawtooth_resets_at_each_test_and_grows_between() -> None:
    ch = LatentChannel(du_rate=1e-5 / H, test_interval=T1 * H)
    t = np.array([0.0, 0.5, 0.999999, 1.0, 1.5]) * T1 * H
    q = pfd_curve("1oo1", ch, t)
    assert q[0] == 0.0 and q[3] == pytest.approx(0.0, abs=1e-12)
    assert q[2] == pytest.approx(-math.expm1(-1e-5 * T1), rel=1e-5)
    assert q[1] == pytest.approx(q[4], rel=1e-12)


def test_coverage_keeps_missed_failures_until_the_lifetime() -> None:
    # 1oo1, coverage c: c lam (T1/2 + MRT) + (1-c) lam (TL/2 + MRT) (ISA-TR84.00.02 form)
    ch = channel(1e-6, coverage=0.9, lifetime=10 * T1 * H)
    expected = 0.9 * 1e-6 * (T1 / 2 + MRT) + 0.1 * 1e-6 * (10 * T1 / 2 + MRT)
    assert pfd_avg("1oo1", ch) == pytest.approx(expected, rel=1e-12)
    with pytest.raises(ScenarioError, match="lifetime"):
        channel(1e-6, coverage=0.9)


def test_test_duration_of_a_single_channel() -> None:
    # 1oo1 out of service for 2 h of every 8760 h: + 2/8760
    ch = channel(1e-6, test_duration=2 * H)
    assert pfd_avg("1oo1", ch) == pytest.approx(1e-6 * (T1 / 2 + MRT) + 2 / T1, rel=1e-12)


def test_voted_block_in_a_scenario() -> None:
    from uptime_calc.models.analyze import analyze
    from uptime_calc.scenario import loads_scenario

    s = loads_scenario("""
components:
  trip: {latent: {du_rate: 2e-6/h, test_interval: 8760h, mrt: 8h}}
system: {voted: {architecture: 1oo2, unit: trip, beta: 10%}}
""")
    report = analyze(s)
    assert report.unavailability == pytest.approx(9.60855e-4, rel=1e-6)
    doc = report.to_document()
    tables = {t.name: t for t in doc.tables}
    assert tables["latent"].rows[0]["pfd_avg"] == pytest.approx(9.60855e-4, rel=1e-6)
    curve = tables["latent_curve"].rows
    assert curve[0]["pfd"] == 0.0 and max(r["pfd"] for r in curve) > 9.6e-4
    with pytest.raises(ScenarioError, match="latent"):
        loads_scenario("components: {a: {mtbf: 1h, mttr: 1h}}\nsystem: {voted: {architecture: 1oo2, unit: a}}\n")
    with pytest.raises(ScenarioError, match="MooN"):
        loads_scenario("components: {t: {latent: {du_rate: 1e-6/h, test_interval: 1d}}}\n"
                       "system: {voted: {architecture: 3oo2, unit: t}}\n")


def test_coverage_in_a_redundant_group_also_applies_to_the_common_cause() -> None:
    # 1oo2, c = 0.9, lifetime 10 T1: the beta part's down time is c (T1/2 + MRT) + (1-c) (TL/2 + MRT);
    # the formula stays close to the time average of the sawtooth over the lifetime
    ch = channel(1e-6, coverage=0.9, lifetime=10 * T1 * H)
    down = 0.9 * (T1 / 2 + MRT) + 0.1 * (10 * T1 / 2 + MRT)
    t_ce_ = down
    t_ge_ = 0.9 * (T1 / 3 + MRT) + 0.1 * (10 * T1 / 3 + MRT)
    expected = 2 * (0.9e-6) ** 2 * t_ce_ * t_ge_ + 0.1 * 1e-6 * down
    assert pfd_avg("1oo2", ch, beta=0.1) == pytest.approx(expected, rel=1e-12)
    assert curve_mean("1oo2", ch, beta=0.1) == pytest.approx(expected, rel=0.05)
