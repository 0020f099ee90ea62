"""PagerDuty incidents: the incident CSV export, or the REST API ``GET /incidents`` JSON.

References: the REST API incident object,
https://developer.pagerduty.com/api-reference/ (``id``, ``incident_number``, ``title``,
``status``, ``urgency``, ``created_at``, ``resolved_at``, ``service.summary``,
``priority.summary``, ``acknowledgements[].at``), and the incident data in the
Analytics "raw incidents" export (``created_at``, ``resolved_at``, ``service_name``,
``priority_name``, ``seconds_to_first_ack``, ``seconds_to_resolve``). Older web-UI CSV
exports name the times ``created_on``/``resolved_on`` and the title ``description``; both
spellings are accepted.

Field mapping (the first field present wins):

===================  ====================================================================
canonical            PagerDuty field
===================  ====================================================================
``id``               ``incident_number``, ``id``
``service``          ``service_name``, ``service`` (``service.summary`` in the API)
``start``            ``created_at``, ``created_on`` (PagerDuty has no separate impact
                     start: the incident is counted from when it was triggered)
``end``              ``resolved_at``, ``resolved_on``; API objects without
                     ``resolved_at`` but ``status == resolved`` use ``last_status_change_at``
``impact``           ``priority_name``/``priority`` P1 -> critical, P2 -> major,
                     P3 -> partial, P4, P5 -> minor; per incident, where the priority
                     is empty (priorities are optional and not on every plan)
                     ``urgency`` high -> major, low -> minor (our mapping, see below)
``title``            ``title``, ``description``, ``summary``
``acknowledged_at``  ``acknowledged_at``, the first ``acknowledgements[].at`` (API), or
                     ``created_at + seconds_to_first_ack`` (Analytics/CSV)
===================  ====================================================================

Uncertain: PagerDuty priorities are account-defined names (P1..P5 by default) and the
CSV column set differs between export screens and years; a priority outside P1..P5 is
kept lower-cased for ``--weights``. Check a real export's header against this list.

Detection: records with ``incident_number`` and (``urgency`` or ``service``); a table with
``incident_number``, ``created_on``/``created_at`` and (``urgency`` or ``service_name``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from uptime_calc.incidents.presets import PresetTable
from uptime_calc.incidents.presets._common import (
    MAPPED_IMPACT,
    blank,
    has_all,
    map_labels,
    no_impact_warning,
    pick,
    records_of,
    table_from_spec,
    value_at,
)

NAME = "pagerduty"
TITLE = "PagerDuty incident export"
URL = "https://developer.pagerduty.com/api-reference/"
EXPECTS = "incident_number, created_at or created_on, and urgency or service_name"

PRIORITY_TO_IMPACT = {"p1": "critical", "p2": "major", "p3": "partial", "p4": "minor", "p5": "minor"}
URGENCY_TO_IMPACT = {"high": "major", "low": "minor"}
SPEC = {
    "id": ("incident_number", "id"),
    "service": ("service_name", "service"),
    "start": ("created_at", "created_on"),
    "end": ("resolved_at", "resolved_on"),
    "title": ("title", "description", "summary"),
    "acknowledged_at": ("acknowledged_at", "first_acknowledged_at"),
}


def detect_json(document: Any) -> bool:
    records = records_of(document, "incidents")
    return records is not None and len(records) > 0 and all(
        "incident_number" in r and ("urgency" in r or "service" in r) and "incident_updates" not in r
        for r in records[:20]
    )


def detect_table(headers: Sequence[str]) -> bool:
    return (
        has_all(headers, "incident_number")
        and pick(headers, "created_on", "created_at") is not None
        and pick(headers, "urgency", "service_name") is not None
    )


def from_json(document: Any, source: str) -> PresetTable:
    import pandas as pd

    flat = []
    for record in records_of(document, "incidents") or []:
        row = dict(record)
        row["service"] = value_at(record, "service", "summary") or record.get("service")
        priority = record.get("priority")
        if isinstance(priority, dict):
            priority = priority.get("summary") or priority.get("name")
        row["priority"] = priority
        acks = [
            str(a["at"]) for a in record.get("acknowledgements") or [] if isinstance(a, dict) and a.get("at")
        ]
        row["acknowledged_at"] = min(acks) if acks else None
        if not record.get("resolved_at") and record.get("status") == "resolved":
            row["resolved_at"] = record.get("last_status_change_at")
        flat.append(row)
    return from_table(pd.DataFrame(flat, dtype=object), source)


def from_table(frame: Any, source: str) -> PresetTable:
    import pandas as pd

    headers = [str(c) for c in frame.columns]
    table = table_from_spec(frame, SPEC, source=source)
    priority = pick(headers, "priority_name", "priority")
    urgency = pick(headers, "urgency")
    fields = tuple(f for f in (priority, urgency) if f is not None)
    if fields:
        # row by row: the priority where one is set, else the urgency
        impact = pd.Series(None, index=table.frame.index, dtype=object)
        if urgency is not None:
            column = table.frame[urgency]
            impact = map_labels(column, URGENCY_TO_IMPACT).where(~blank(column), impact)
        if priority is not None:
            column = table.frame[priority]
            impact = map_labels(column, PRIORITY_TO_IMPACT).where(~blank(column), impact)
        table.frame[MAPPED_IMPACT] = impact.astype(object)
        table.mapping["impact"] = MAPPED_IMPACT
        table.labels["impact"] = " or ".join(fields)
        table.fields["impact"] = fields
        table.drop = (*table.drop, MAPPED_IMPACT)
        table.notes["preset_fields"] += f", impact={table.labels['impact']}"
    else:
        table.warnings.append(no_impact_warning(source, ("priority_name", "priority", "urgency")))
    ack_seconds = pick(headers, "seconds_to_first_ack")
    if "acknowledged_at" not in table.mapping and ack_seconds is not None:
        table.offsets["acknowledged_at"] = ("start", ack_seconds)
    table.notes["impact_mapping"] = (
        "priority P1=critical, P2=major, P3=partial, P4/P5=minor; without a priority, "
        "urgency high=major, low=minor"
    )
    return table
