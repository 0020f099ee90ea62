"""The web-site probe matrix of Bakkaloglu et al. (2002), ../shared/data/web_avail.

Facts from its SOURCE.md and the companion script web-avail.R (Derek-Jones/ESEUR-code-data):
one row per probe round, 1 = the site answered; the rounds are 10-minute slots (mkdown.awk
builds them with TEN_MIN = 600 s); per-site unavailability is colSums(down) / nrow and the pairwise
figure is colSums(both down) / sum(given down). SOURCE.md says 129 sites; the file's header has
125 names (the expected values below are counted from the file with the standard library).
"""

from __future__ import annotations

import csv
import io
import lzma
from pathlib import Path

import numpy as np
import pytest

from uptime_calc.signals.probe_measure import measure_probes
from uptime_calc.signals.probes import read_probes


@pytest.fixture(scope="module")
def web_avail(request: pytest.FixtureRequest) -> Path:
    from .conftest import SHARED_DATA

    path = SHARED_DATA / "web_avail" / "web-avail.csv.xz"
    if not path.is_file():
        pytest.skip("../shared/data/web_avail is absent")
    return path


@pytest.fixture(scope="module")
def plain(web_avail: Path) -> tuple[list[str], np.ndarray]:
    """The matrix read with the standard library (the independent reference)."""
    with lzma.open(web_avail, "rt", encoding="utf-8") as fh:
        rows = list(csv.reader(io.StringIO(fh.read())))
    return rows[0], np.array(rows[1:], dtype=np.int8)


@pytest.fixture(scope="module")
def measured(web_avail: Path) -> object:
    log = read_probes(web_avail, interval=600, start="2001-09-01")
    return measure_probes(log, period="month", pairs=5)


def test_shape_and_raw_unavailability(plain: tuple[list[str], np.ndarray], measured: object) -> None:
    names, matrix = plain
    assert matrix.shape == (30227, 125) and len(names) == 125
    totals = {r["target"]: r for r in measured.totals.to_dict("records")}  # type: ignore[attr-defined]
    assert sorted(totals) == sorted(names)
    down = (matrix == 0).sum(axis=0) / matrix.shape[0]  # web-avail.R: colSums(web_down) / nrow(web_down)
    for j, name in enumerate(names):
        assert totals[name]["raw_unavailability"] == pytest.approx(down[j], rel=1e-12)
        assert totals[name]["probes"] == 30227


def test_unknown_time_is_reported(measured: object) -> None:
    totals = measured.totals  # type: ignore[attr-defined]
    # 30227 rounds x 600 s from 2001-09-01 end on 2002-03-30T21:30Z; the window runs to 2002-04-01 (212 days)
    window = 212 * 86400
    observed = 30227 * 600
    assert (totals["observed_seconds"] == observed).all()
    assert (totals["unknown_seconds"] == window - observed).all()
    assert totals["unknown_percent"].iloc[0] == pytest.approx(100 * (window - observed) / window, rel=1e-12)
    assert "of all target-time in the window" in measured.method["unknown"]  # type: ignore[attr-defined]
    march = measured.table[measured.table["period"] == "2002-03"]  # type: ignore[attr-defined]
    assert (march["unknown_seconds"] == 31 * 86400 - (observed - (212 - 31) * 86400)).all()


def reference_downtime(ok: list[bool], rise: int, fall: int, step: float, down_at: str = "first") -> float:
    """A plain loop over the rounds: down from the first failure of a run of ``fall`` failures (or from the
    fall-th), up again from the first success of a run of ``rise`` successes (or from the rise-th): the
    rule, probe by probe, no gaps."""
    up, since, total = True, 0, 0.0
    value, run_start, run_len = None, 0, 0
    for i, good in enumerate(ok):
        if good != value:
            value, run_start, run_len = good, i, 0
        run_len += 1
        if up and not good and run_len == fall:
            up, since = False, (run_start if down_at == "first" else i)
        elif not up and good and run_len == rise:
            up = True
            total += ((run_start if down_at == "first" else i) - since) * step
    if not up:
        total += (len(ok) - since) * step
    return total


def test_rule_matches_a_plain_loop(plain: tuple[list[str], np.ndarray], measured: object) -> None:
    names, matrix = plain
    totals = {r["target"]: r for r in measured.totals.to_dict("records")}  # type: ignore[attr-defined]
    for j, name in enumerate(names):
        expected = reference_downtime((matrix[:, j] == 1).tolist(), rise=2, fall=3, step=600.0)
        assert totals[name]["downtime_seconds"] == expected, name


def test_balancer_convention_matches_a_plain_loop(web_avail: Path, plain: tuple[list[str], np.ndarray]) -> None:
    names, matrix = plain
    m = measure_probes(read_probes(web_avail, interval=600, start="2001-09-01"), period="all", down_at="fall",
                       rise=3, fall=2, pairs=0)
    totals = {r["target"]: r for r in m.totals.to_dict("records")}
    for j, name in enumerate(names):
        expected = reference_downtime((matrix[:, j] == 1).tolist(), rise=3, fall=2, step=600.0, down_at="fall")
        assert totals[name]["downtime_seconds"] == expected, name


def test_most_correlated_pairs_match_the_counts(plain: tuple[list[str], np.ndarray], measured: object) -> None:
    names, matrix = plain
    down = matrix == 0
    pairs = measured.correlated  # type: ignore[attr-defined]
    assert len(pairs) == 5
    assert pairs["beta"].is_monotonic_decreasing
    for row in pairs.to_dict("records"):
        a, b = down[:, names.index(row["target_a"])], down[:, names.index(row["target_b"])]
        # web-avail.R: colSums(others & given) / sum(given)
        assert row["p_b_down_given_a_down"] == pytest.approx((a & b).sum() / a.sum(), rel=1e-12)
        assert row["p_a_down_given_b_down"] == pytest.approx((a & b).sum() / b.sum(), rel=1e-12)
        assert row["both_down_rounds"] == (a & b).sum()
        # above independence: the correlated failures the paper is about
        assert row["both_down"] > 2 * row["independent_both_down"]
