"""SLA credit tiers; values from the vendors' published SLA pages cited in the data files."""

from __future__ import annotations

from pathlib import Path

import pytest

from uptime_calc.availability import Availability
from uptime_calc.errors import InputError
from uptime_calc.sla import available_slas, credit_for, load_sla

# Amazon Compute SLA, Region-Level (https://aws.amazon.com/compute/sla/):
# < 99.99% and >= 99.0% -> 10%; < 99.0% and >= 95.0% -> 30%; < 95.0% -> 100%.
AWS_CASES = [("100", 0), ("99.99", 0), ("99.989", 10), ("99.7", 10), ("99.0", 10), ("98.999", 30),
             ("95.0", 30), ("94.99", 100), ("0", 100)]


@pytest.mark.parametrize(("percent", "credit"), AWS_CASES)
def test_aws_ec2_tiers_lower_bounds_inclusive(percent: str, credit: float) -> None:
    assert credit_for(load_sla("aws-ec2"), Availability.from_percent(percent)).credit_percent == credit


@pytest.mark.parametrize(
    ("name", "percent", "credit"),
    [
        # Azure VMs across 2+ Availability Zones: < 99.99% 10%, < 99% 25%, < 95% 100%
        ("azure-vm", "99.98", 10), ("azure-vm", "98", 25), ("azure-vm", "90", 100),
        # Google Cloud Storage Standard multi-region: 99.0 - < 99.95% 10%, 95.0 - < 99.0% 25%, < 95% 50%
        ("gcp-storage", "99.95", 0), ("gcp-storage", "99.9", 10), ("gcp-storage", "97", 25),
        ("gcp-storage", "50", 50),
    ],
)
def test_other_vendors(name: str, percent: str, credit: float) -> None:
    assert credit_for(load_sla(name), Availability.from_percent(percent)).credit_percent == credit


def test_every_shipped_table_cites_its_source() -> None:
    assert {"aws-ec2", "azure-vm", "gcp-storage"} <= set(available_slas())
    for name in available_slas():
        table = load_sla(name)
        assert table.source.startswith("https://"), name
        assert table.text, name


def test_user_tables(tmp_path: Path) -> None:
    yaml_file = tmp_path / "mine.yaml"
    yaml_file.write_text("name: mine\ncommitment: 99.9%\ntiers:\n  - {min: 99%, max: 99.9%, credit: 5}\n"
                         "  - {min: 0%, max: 99%, credit: 20}\n")
    csv_file = tmp_path / "mine.csv"
    csv_file.write_text("min,max,credit\n99%,99.9%,5\n0%,99%,20%\n")
    for path in (yaml_file, csv_file):
        table = load_sla(str(path))
        assert credit_for(table, Availability.from_percent("99.5")).credit_percent == 5
        assert credit_for(table, Availability.from_percent("98")).credit_percent == 20
        assert credit_for(table, Availability.from_percent("99.95")).credit_percent == 0


def test_bad_tables(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown SLA 'nope'"):
        load_sla("nope")
    bad = tmp_path / "bad.yaml"
    bad.write_text("tiers:\n  - {min: 99.9%, max: 99%, credit: 5}\n")
    with pytest.raises(InputError, match=r"tiers\[0\]: min must be below max"):
        load_sla(str(bad))
    bad.write_text("tiers:\n  - {min: 0.99, max: 99%, credit: 5}\n")
    with pytest.raises(InputError, match="looks like a fraction"):
        load_sla(str(bad))
