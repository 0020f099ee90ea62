"""Atlassian Statuspage ``incidents.json``.

Format: the public Status API, ``GET https://<page>/api/v2/incidents.json`` returns
``{"page": {...}, "incidents": [...]}``; ``/api/v2/incidents/<id>.json`` returns
``{"page": ..., "incident": {...}}``; a bare list of incident objects is accepted too.
Reference: https://developer.statuspage.io/ (Status API, "Incidents") and e.g.
https://www.githubstatus.com/api (the same API documented per page).

Field mapping (one row per incident and component):

============================  =====================================================
canonical                     Statuspage field
============================  =====================================================
``id``                        ``id``
``service``                   ``page.name`` (e.g. "GitHub"); without a page object,
                              falls back to the component (contract rule)
``component``                 each ``components[].name``; ``""`` when none
``start``                     ``started_at``, else ``scheduled_for`` (maintenance),
                              else ``created_at``
``end``                       ``resolved_at``, else ``scheduled_until`` for a
                              maintenance that is not in progress; empty = open
``impact``                    ``impact``: none / minor / major / critical (raw); the pseudo-level
                              "maintenance" becomes None (the flag below carries it)
``maintenance``               ``scheduled_for`` or ``scheduled_until`` set, or
                              ``impact == "maintenance"``
``title``                     ``name``
``detected_at``               ``created_at`` (when the incident was posted: the delay from
                              ``start`` is a *time to post*, reported as such)
============================  =====================================================

Other scalar fields (``status``, ``created_at``, ``monitoring_at``, ``shortlink``...) are
kept as extra columns. A component named like "Visit www.githubstatus.com for more
information" is a placeholder some pages attach to incidents, not a real component: it is
read as no component and counted in a warning.

Detection: incident objects carry ``incident_updates``. A flattened table with the columns
``id, name, impact, created_at, started_at, resolved_at, components`` (components joined
with ``;``, as in ``shared/data/github/githubstatus_incidents_flat.csv``) is read with the
same mapping; having no page name, its service falls back to the component (contract rule).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from uptime_calc.accounting.records import DETECTED_AT_MEANS, TIME_TO_POST
from uptime_calc.errors import InputError
from uptime_calc.incidents.presets import PresetTable
from uptime_calc.incidents.presets._common import explode, has_all, pick, table_from_spec

NAME = "statuspage"
TITLE = "Atlassian Statuspage incidents.json"
URL = "https://developer.statuspage.io/"
EXPECTS = "incident objects with incident_updates, or a table with id, name, impact, started_at, components"

PSEUDO_COMPONENT = re.compile(r"^visit\s+\S+\s+for\s+more\s+information\.?$", re.IGNORECASE)
_SCALARS = (
    "status", "created_at", "updated_at", "monitoring_at", "resolved_at", "started_at",
    "scheduled_for", "scheduled_until", "shortlink", "page_id",
)


def _incidents(document: Any) -> list[dict[str, Any]] | None:
    if isinstance(document, dict):
        if isinstance(document.get("incidents"), list):
            return document["incidents"]
        if isinstance(document.get("scheduled_maintenances"), list):
            return document["scheduled_maintenances"]
        if isinstance(document.get("incident"), dict):
            return [document["incident"]]
        return None
    return document if isinstance(document, list) else None


def detect_json(document: Any) -> bool:
    """Statuspage incidents carry ``incident_updates``."""
    incidents = _incidents(document)
    return incidents is not None and len(incidents) > 0 and all(
        isinstance(i, dict) and "incident_updates" in i for i in incidents[:20]
    )


def detect_table(headers: Sequence[str]) -> bool:
    """A flattened export: ``id, name, impact, created_at, started_at, resolved_at, components``."""
    return has_all(headers, "id", "name", "impact", "created_at", "started_at", "resolved_at", "components")


def from_table(frame: Any, source: str) -> PresetTable:
    """A flattened export (one row per incident, ``components`` joined with ``;``)."""
    import numpy as np
    import pandas as pd

    headers = [str(c) for c in frame.columns]
    rows = None
    components = pick(headers, "components")
    pseudo_ids: set[str] = set()
    if components is not None:
        frame, rows = explode(frame, components, split=";")
        names = frame[components].astype("str").fillna("").str.strip()
        pseudo = names.str.match(PSEUDO_COMPONENT.pattern, case=False).to_numpy(dtype=bool)
        id_column = pick(headers, "id")
        if id_column is not None:
            pseudo_ids = set(frame.loc[pseudo, id_column].astype("str"))
        names = names.where(~pseudo, "")
        # keep one row per incident with no real component, drop the blanks beside real ones
        blank = (names == "").to_numpy()
        has_real = pd.Series(~blank).groupby(rows).transform("any").to_numpy(dtype=bool)
        position = pd.Series(rows).groupby(rows).cumcount().to_numpy()
        keep = np.where(has_real, ~blank, position == 0)
        frame = frame.assign(**{components: names})[keep].reset_index(drop=True)
        rows = np.asarray(rows)[keep]
    table = table_from_spec(
        frame,
        {"id": ("id",), "component": ("components",), "start": ("started_at", "created_at"),
         "end": ("resolved_at",), "title": ("name",), "detected_at": ("created_at",)},
        impact_from=("impact",), impact_map={"maintenance": ""}, source_rows=rows, source=source,
    )
    if pick(headers, "created_at") is not None:
        table.notes[DETECTED_AT_MEANS] = TIME_TO_POST.format(field="created_at")
    impact = pick(headers, "impact")
    if impact is not None:
        labels = table.frame[impact].astype("str").fillna("").str.strip().str.lower()
        table.frame["__maintenance"] = (labels == "maintenance").to_numpy()
        table.mapping["maintenance"] = "__maintenance"
    if pseudo_ids:
        table.warnings.append(_pseudo_warning(source, len(pseudo_ids)))
    return table


def _pseudo_warning(source: str, count: int) -> str:
    return (
        f"{source}: {count} incident{'s name' if count != 1 else ' names'} the placeholder "
        "component 'Visit ... for more information'; read as no component"
    )


def from_json(document: Any, source: str) -> PresetTable:
    """Flatten ``incidents.json`` to one row per incident and component."""
    import numpy as np
    import pandas as pd

    incidents = _incidents(document)
    if incidents is None or not all(isinstance(i, dict) for i in incidents):
        raise InputError(
            'not a Statuspage export: expected {"incidents": [...]} or a list of incident objects',
            source=source,
        )
    page = document.get("page") if isinstance(document, dict) else None
    page_name = str(page.get("name") or "") if isinstance(page, dict) else ""

    records: list[dict[str, Any]] = []
    rows: list[int] = []
    pseudo: list[str] = []
    no_components = 0
    unlisted = 0
    for number, incident in enumerate(incidents, start=1):
        impact = incident.get("impact")
        maintenance = bool(
            incident.get("scheduled_for") or incident.get("scheduled_until") or impact == "maintenance"
        )
        start = incident.get("started_at") or (maintenance and incident.get("scheduled_for")) or incident.get(
            "created_at"
        )
        end = incident.get("resolved_at")
        if not end and maintenance and incident.get("status") in ("completed", "resolved"):
            end = incident.get("scheduled_until")
        base = {
            "id": incident.get("id"),
            "service": page_name,
            "start": start,
            "end": end,
            "impact": None if impact == "maintenance" else impact,
            "maintenance": maintenance,
            "title": incident.get("name"),
            "detected_at": incident.get("created_at"),
        }
        for key in _SCALARS:
            base[key] = incident.get(key)
        listed = incident.get("components") or []
        if not listed:
            unlisted += 1
        names = []
        had_pseudo = False
        for component in listed:
            name = str(component.get("name") or "") if isinstance(component, dict) else str(component)
            if PSEUDO_COMPONENT.match(name.strip()):
                had_pseudo = True
                continue
            names.append(name)
        if had_pseudo:
            pseudo.append(str(incident.get("id")))
        if not names:
            no_components += 1
            names = [""]
        for name in names:
            records.append({**base, "component": name})
            rows.append(number)

    frame = pd.DataFrame(records, dtype=object)
    warnings = [_pseudo_warning(source, len(pseudo))] if pseudo else []
    mapping = {key: key for key in (
        "id", "service", "component", "start", "end", "impact", "maintenance", "title", "detected_at",
    )}
    labels = {
        "start": "started_at", "end": "resolved_at", "detected_at": "created_at", "title": "name",
        "component": "components[].name", "service": "page.name",
    }
    notes = {
        DETECTED_AT_MEANS: TIME_TO_POST.format(field="created_at"),
        "preset_fields": "start=started_at (else created_at), end=resolved_at, component=components[].name "
        "(one row per component), impact=impact, title=name, service=page name",
        "incidents": str(len(incidents)),
        "incidents_listing_no_components": str(unlisted),
        "incidents_read_as_no_component": str(no_components),
        "incidents_with_placeholder_component": str(len(pseudo)),
    }
    return PresetTable(
        frame=frame, mapping=mapping, labels=labels, source_rows=np.asarray(rows, dtype=np.int64),
        warnings=warnings, notes=notes,
    )
