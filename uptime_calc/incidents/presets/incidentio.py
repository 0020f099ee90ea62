"""incident.io incidents: the API ``GET /v2/incidents`` JSON, or a CSV export.

Reference: incident.io API, Incidents V2 (https://api-docs.incident.io/): each incident
has ``id``, ``reference`` (``INC-123``), ``name``, ``summary``, ``severity.name``,
``incident_status.name``/``.category``, ``mode`` (standard / retrospective / test /
tutorial), ``created_at``, and ``incident_timestamp_values[]``: named timestamps such as
"Reported at", "Impact started", "Accepted", "Resolved at" (names are configurable per
organisation; see "Incident Timestamps V2").

Field mapping (the first field present wins; timestamp names are matched after
normalisation, e.g. "Impact started" -> ``impact_started``):

===================  ===========================================================
canonical            incident.io field
===================  ===========================================================
``id``               ``reference``, ``id``
``start``            timestamp "Impact started", "Started", then "Reported",
                     then ``created_at``
``end``              timestamp "Resolved", "Fixed", "Impact ended", then
                     ``resolved_at``
``impact``           ``severity`` name, lower-cased as is (the default scale
                     Minor / Major / Critical matches our labels)
``title``            ``name``
``detected_at``      timestamp "Detected" or "Reported"
``acknowledged_at``  timestamp "Accepted" or "Acknowledged"
===================  ===========================================================

Uncertain: the CSV export's column headers are not documented publicly; a CSV is accepted
when it uses the API field names or headers such as "Reference", "Severity", "Reported
at", "Resolved at". Test and tutorial incidents (``mode``) are kept; filter them with the
``mode`` column.

Detection: records with ``reference`` and (``incident_status`` or
``incident_timestamp_values``), or a table with ``reference``, ``severity`` and a
"reported at" or "impact started" column.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from uptime_calc.incidents.columns import normalise_header
from uptime_calc.incidents.presets import PresetTable
from uptime_calc.incidents.presets._common import has_all, pick, records_of, table_from_spec, value_at

NAME = "incidentio"
TITLE = "incident.io incidents"
URL = "https://api-docs.incident.io/"
EXPECTS = "reference, severity and a reported or impact-started time"

SPEC = {
    "id": ("reference", "id"),
    "start": (
        "impact_started_at", "impact_started", "started_at", "started", "reported_at", "reported",
        "created_at",
    ),
    "end": ("resolved_at", "resolved", "fixed_at", "fixed", "impact_ended_at", "impact_ended"),
    "impact": ("severity",),
    "title": ("name",),
    "detected_at": ("detected_at", "detected", "reported_at", "reported"),
    "acknowledged_at": ("accepted_at", "accepted", "acknowledged_at", "acknowledged"),
}


def detect_json(document: Any) -> bool:
    records = records_of(document, "incidents")
    return records is not None and len(records) > 0 and all(
        "reference" in r and ("incident_status" in r or "incident_timestamp_values" in r)
        for r in records[:20]
    )


def detect_table(headers: Sequence[str]) -> bool:
    return has_all(headers, "reference", "severity") and pick(
        headers, "reported_at", "reported", "impact_started_at", "impact_started"
    ) is not None


def from_json(document: Any, source: str) -> PresetTable:
    import pandas as pd

    flat = []
    for record in records_of(document, "incidents") or []:
        row = {k: v for k, v in record.items() if k != "incident_timestamp_values"}
        severity = record.get("severity")
        row["severity"] = severity.get("name") if isinstance(severity, dict) else severity
        row["status"] = value_at(record, "incident_status", "name")
        for item in record.get("incident_timestamp_values") or []:
            name = value_at(item, "incident_timestamp", "name")
            value = value_at(item, "value", "value")
            if name:
                row[normalise_header(str(name))] = value
        flat.append(row)
    return from_table(pd.DataFrame(flat, dtype=object), source)


def from_table(frame: Any, source: str) -> PresetTable:
    table = table_from_spec(frame, SPEC, source=source)
    return table
