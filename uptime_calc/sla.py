"""SLA credit tiers: which service credit an availability earns under a contract.

Tier tables ship as data (``uptime_calc/data/sla/*.yaml``), each citing the
contract text it came from; a user's own table loads from YAML or CSV with the
same fields (``min``, ``max``, ``credit``). Lower bounds are inclusive and upper
bounds exclusive, as the vendors write them ("less than 99.99% but equal to or
greater than 99.0%"). Comparisons are made in unavailability space, so that a
bound of 99.99% and a measured 99.99% compare equal.

>>> table = load_sla("aws-ec2")
>>> credit_for(table, Availability.from_percent("99.7")).credit_percent
10.0
>>> credit_for(table, Availability.from_percent("99.0")).credit_percent
10.0
>>> credit_for(table, Availability.from_percent("99.99")).credit_percent
0.0
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from .availability import Availability, format_percent
from .errors import InputError, UnitError
from .tabular import Column, Document, Table
from .units import parse_availability


@dataclass(frozen=True)
class Tier:
    """A credit tier: ``lower <= A < upper`` earns ``credit_percent`` of the bill."""

    lower: Availability
    upper: Availability
    credit_percent: float

    def contains(self, a: Availability) -> bool:
        # A >= lower  <=>  U <= U_lower ; A < upper  <=>  U > U_upper
        return a.unavailability <= self.lower.unavailability and a.unavailability > self.upper.unavailability

    @property
    def label(self) -> str:
        low = format_percent(self.lower.unavailability)
        return f"{low} ≤ A < {format_percent(self.upper.unavailability)}"


@dataclass(frozen=True)
class SlaTable:
    """A named SLA: its commitment, its tiers and where they come from."""

    name: str
    title: str
    commitment: Availability
    tiers: tuple[Tier, ...]
    source: str = ""
    text: str = ""
    period: str = ""


@dataclass(frozen=True)
class Credit:
    """The credit an availability earns under an SLA."""

    sla: SlaTable
    availability: Availability
    tier: Tier | None

    @property
    def credit_percent(self) -> float:
        return self.tier.credit_percent if self.tier else 0.0

    @property
    def met(self) -> bool:
        return self.availability.unavailability <= self.sla.commitment.unavailability

    def to_document(self) -> Document:
        a = self.availability
        row: dict[str, Any] = {
            "sla": self.sla.name,
            **a.fields(),
            "commitment_percent": self.sla.commitment.percent,
            "commitment_met": self.met,
            "tier": self.tier.label if self.tier else "none (commitment met)",
            "credit_percent": self.credit_percent,
        }
        columns = [
            Column("sla", "SLA"),
            Column("availability_percent", "Availability", "availability"),
            Column("nines", "Nines", "nines"),
            Column("commitment_percent", "Commitment", "percent"),
            Column("commitment_met", "Met", "bool"),
            Column("tier", "Tier"),
            Column("credit_percent", "Credit", "percent"),
        ]
        tiers = [
            {
                "lower_percent": t.lower.percent,
                "upper_percent": t.upper.percent,
                "credit_percent": t.credit_percent,
                "tier": t.label,
                "applies": t is self.tier,
            }
            for t in self.sla.tiers
        ]
        tier_cols = [Column("tier", "Tier"), Column("credit_percent", "Credit", "percent"),
                     Column("applies", "Applies", "bool")]
        return Document(
            tables=[
                Table("results", self.sla.title, columns, [row]),
                Table("tiers", "Credit tiers", tier_cols, tiers),
            ],
            method={
                "sla": self.sla.title,
                "source": self.sla.source,
                "contract_text": self.sla.text,
                "bounds": "lower bound inclusive, upper bound exclusive",
            },
        )


def available_slas() -> list[str]:
    """Names of the tier tables shipped with uptime-calc."""
    folder = resources.files("uptime_calc") / "data" / "sla"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def load_sla(name_or_path: str | Path) -> SlaTable:
    """Load a shipped tier table by name (``aws-ec2``) or a user's YAML/CSV file.

    A YAML file has ``name``, ``commitment`` and ``tiers: [{min, max, credit}]``;
    a CSV file has the columns ``min,max,credit`` (commitment = highest ``max``).
    """
    text_name = str(name_or_path)
    shipped = resources.files("uptime_calc") / "data" / "sla" / f"{text_name}.yaml"
    path = Path(text_name)
    if not path.exists() and shipped.is_file():
        return _from_mapping(_yaml(shipped.read_text("utf-8"), text_name), text_name)
    if not path.exists():
        raise InputError(
            f"unknown SLA {text_name!r}: give a file (YAML or CSV) or one of {', '.join(available_slas())}"
        )
    content = path.read_text("utf-8-sig")
    if path.suffix.lower() in (".csv", ".tsv"):
        return _from_csv(content, text_name)
    return _from_mapping(_yaml(content, text_name), text_name)


def _yaml(text: str, source: str) -> dict[str, Any]:
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML: {exc}", source=source) from exc
    if not isinstance(data, dict) or "tiers" not in data:
        raise InputError("an SLA file needs a 'tiers' list of {min, max, credit}", source=source)
    return data


def _from_csv(text: str, source: str) -> SlaTable:
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows or not {"min", "max", "credit"} <= set(rows[0]):
        raise InputError("an SLA CSV needs the columns min,max,credit", source=source)
    name = Path(source).stem
    return _from_mapping({"name": name, "title": name, "tiers": rows}, source)


def _from_mapping(data: dict[str, Any], source: str) -> SlaTable:
    tiers = []
    for i, raw in enumerate(data["tiers"], start=1):
        where = f"tiers[{i - 1}]"
        try:
            lower = parse_availability(str(raw["min"]).strip() or "0%", what=f"{where}.min")
            upper = parse_availability(str(raw["max"]).strip(), what=f"{where}.max")
            credit = float(str(raw["credit"]).strip().rstrip("%"))
        except KeyError as exc:
            raise InputError(f"{where} lacks {exc.args[0]!r}; each tier needs min, max, credit",
                             source=source) from exc
        except (UnitError, ValueError) as exc:
            raise InputError(f"{where}: {exc}", source=source) from exc
        if not lower.unavailability >= upper.unavailability:
            raise InputError(f"{where}: min must be below max", source=source)
        tiers.append(Tier(lower, upper, credit))
    commitment = (
        parse_availability(str(data["commitment"]), what="commitment")
        if "commitment" in data
        else min(tiers, key=lambda t: t.upper.unavailability).upper
    )
    return SlaTable(
        name=str(data.get("name", source)),
        title=str(data.get("title", data.get("name", source))),
        commitment=commitment,
        tiers=tuple(tiers),
        source=str(data.get("source", source)),
        text=str(data.get("text", "")).strip(),
        period=str(data.get("period", "")),
    )


def credit_for(table: SlaTable, availability: Availability) -> Credit:
    """The tier (if any) that ``availability`` falls in; no tier means no credit."""
    for tier in table.tiers:
        if tier.contains(availability):
            return Credit(table, availability, tier)
    return Credit(table, availability, None)


def credit_columns(unavailability: Any, table: SlaTable) -> tuple[list[float], list[str]]:
    """The credit (percent) and tier label earned by each unavailability under ``table``; NaN and ``""``
    where it is NaN (a row without data).

    >>> credit_columns([0.003, 0.0], load_sla("aws-ec2"))[0]
    [10.0, 0.0]
    """
    import math

    credits: list[float] = []
    tiers: list[str] = []
    for u in unavailability:
        if math.isnan(u):
            credits.append(math.nan)
            tiers.append("")
            continue
        credit = credit_for(table, Availability(float(u)))
        credits.append(credit.credit_percent)
        tiers.append(credit.tier.label if credit.tier else "none")
    return credits, tiers
