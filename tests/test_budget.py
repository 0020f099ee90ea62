"""Error budgets against published figures."""

from __future__ import annotations

import math

import numpy as np
import pytest

from uptime_calc.accounting.budget import budget_columns, error_budget
from uptime_calc.availability import Availability

DAY = 86400.0


def test_sre_book_30_day_budget_at_three_nines():
    # Google SRE Workbook, ch. 2 ("Implementing SLOs"): 99.9% over 4 weeks allows 40.32 minutes;
    # over 30 days it is 43.2 minutes (0.1% of 43,200 minutes)
    four_weeks = error_budget(28 * DAY, 0, Availability.from_percent("99.9"))
    assert four_weeks.budget_seconds == pytest.approx(40.32 * 60, rel=1e-12)
    thirty = error_budget(30 * DAY, 43.2 * 60, Availability.from_percent("99.9"))
    assert thirty.met  # exactly on budget counts as met
    assert thirty.remaining_seconds == pytest.approx(0.0, abs=1e-9)


def test_burn_rate_example_from_the_workbook():
    # SRE Workbook ch. 5 ("Alerting on SLOs"): with a 99.9% SLO, a 0.2% error rate is a burn rate of 2
    # and exhausts a 30-day budget in 15 days
    b = error_budget(30 * DAY, 0.002 * 30 * DAY, Availability.from_percent("99.9"))
    assert b.burn_rate == pytest.approx(2.0, rel=1e-12)
    assert b.used_percent == pytest.approx(200.0, rel=1e-12)
    assert b.remaining_percent == pytest.approx(-100.0, rel=1e-12)
    assert not b.met
    assert b.budget_seconds / (b.burn_rate * b.budget_seconds / (30 * DAY)) / DAY == pytest.approx(15.0)


def test_zero_budget_edge_cases():
    perfect = Availability(0.0)
    assert error_budget(DAY, 0, perfect).used_percent == 0.0
    assert math.isinf(error_budget(DAY, 1, perfect).used_percent)
    assert math.isinf(error_budget(DAY, 1, perfect).burn_rate)


@pytest.mark.parametrize("percent", ["100", "99.9"])
def test_a_period_of_no_length_has_no_burn_rate(percent):
    # a period wholly in excluded maintenance counts 0 s: no budget, nothing used, and no rate at all
    # (0/0); both the scalar and the vectorised form say so, whatever the SLO (a 100% SLO once gave 0)
    slo = Availability.from_percent(percent)
    b = error_budget(0.0, 0.0, slo)
    cols = budget_columns(np.array([0.0, DAY]), np.array([0.0, 0.0]), slo)
    assert b.budget_seconds == 0.0 and b.used_percent == 0.0 and b.met
    assert math.isnan(b.burn_rate) and math.isnan(cols["burn_rate"][0])
    assert cols["burn_rate"][1] == 0.0


def test_vectorised_columns_against_hand_values():
    # 99.95% leaves 0.05% of the period: 31 d = 2,678,400 s -> 1,339.2 s; 30 d = 2,592,000 s -> 1,296 s
    # (21 min 36 s, the figure uptime tables print for 99.95% over 30 days); 28 d = 2,419,200 s -> 1,209.6 s
    slo = Availability.from_percent("99.95")
    cols = budget_columns(np.array([31 * DAY, 30 * DAY, 28 * DAY]), np.array([0.0, 1296.0, 5000.0]), slo)
    assert cols["budget_seconds"].tolist() == pytest.approx([1339.2, 1296.0, 1209.6], rel=1e-12)
    assert cols["slo_met"].tolist() == [True, True, False]  # 1,296 s of a 1,296 s budget is met exactly
    assert cols["budget_used_percent"].tolist() == pytest.approx([0.0, 100.0, 5000 / 12.096], rel=1e-12)
    assert cols["burn_rate"].tolist() == pytest.approx([0.0, 1.0, 5000 / 1209.6], rel=1e-12)
    assert cols["budget_remaining_seconds"].tolist() == pytest.approx([1339.2, 0.0, -3790.4], rel=1e-12, abs=1e-9)
