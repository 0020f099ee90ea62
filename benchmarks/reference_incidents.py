"""Plain-Python reference for incident accounting: the baseline of ``benchmarks/incidents.py``.

Deliberately simple and independent of :mod:`uptime_calc.accounting.engine`: per service, an event
sweep over sorted boundaries keeps the multiset of active weights in a dict; each stretch
between two consecutive boundaries counts at the highest active weight, unless maintenance
is active. Periods are UTC calendar months (or any sorted boundary list). The tests use it as
an oracle for the vectorised code on random inputs.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime

Record = tuple[str, int, int, float, bool]  # service, start ns, end ns, weight, maintenance


def month_bounds(first_ns: int, last_ns: int) -> list[int]:
    """UTC calendar-month boundaries (ns) covering ``[first_ns, last_ns]``."""
    t = datetime.fromtimestamp(first_ns / 1e9, tz=UTC)
    year, month = t.year, t.month
    out = []
    while True:
        b = int(datetime(year, month, 1, tzinfo=UTC).timestamp()) * 1_000_000_000
        out.append(b)
        if b > last_ns:
            return out
        month += 1
        if month == 13:
            year, month = year + 1, 1


def account(records: Iterable[Record], bounds: list[int]) -> dict[tuple[str, int], tuple[float, int]]:
    """``{(service, period index): (weighted downtime ns, merged outages)}`` outside maintenance.

    Records must satisfy ``start < end`` and lie within ``[bounds[0], bounds[-1]]``.
    """
    by_service: dict[str, list[Record]] = defaultdict(list)
    for rec in records:
        by_service[rec[0]].append(rec)
    out: dict[tuple[str, int], tuple[float, int]] = {}
    for service, recs in by_service.items():
        events: list[tuple[int, int, float, bool]] = []  # time, +1/-1, weight, maintenance
        for _, s, e, w, m in recs:
            events.append((s, 1, w, m))
            events.append((e, -1, w, m))
        for b in bounds:
            events.append((b, 0, 0.0, False))
        events.sort(key=lambda ev: ev[0])
        active: dict[float, int] = defaultdict(int)
        maint = 0
        period = -1
        prev_t = None
        was_down = False
        i = 0
        while i < len(events):
            t = events[i][0]
            if prev_t is not None and t > prev_t:
                top = max((w for w, c in active.items() if c > 0), default=0.0)
                down = top > 0
                if period >= 0 and maint == 0 and down:
                    key = (service, period)
                    dt, n = out.get(key, (0.0, 0))
                    out[key] = (dt + top * (t - prev_t), n + (0 if was_down else 1))
                # maintenance holes do not split an outage; an up stretch or a period boundary does
                if not down:
                    was_down = False
                elif maint == 0:
                    was_down = True
            while i < len(events) and events[i][0] == t:
                _, kind, w, m = events[i]
                if kind == 0:
                    period += 1
                    was_down = False
                elif m:
                    maint += kind
                else:
                    active[w] += kind
                i += 1
            prev_t = t
    return out


def read_csv(path: str) -> list[Record]:
    """Read the benchmark CSV (service, start, end, impact, maintenance) with the csv module."""
    weights = {"critical": 1.0, "major": 1.0, "partial": 0.5, "minor": 0.0}
    out: list[Record] = []
    with open(path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            s = _ns(row["start"])
            e = _ns(row["end"])
            w = weights[row["impact"]]
            m = row["maintenance"] == "true"
            if e > s and (w > 0 or m):
                out.append((row["service"], s, e, w, m))
    return out


def _ns(text: str) -> int:
    t = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return (int(t.timestamp()) * 1_000_000 + t.microsecond) * 1000
