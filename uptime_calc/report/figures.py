"""What the report computes from the accounting's public tables: top incidents, headline cards, credits.

Every figure here follows the accounting's window, grouping, weights and time zone: the top
incidents are the records the accounting counted (clipped to the window, maintenance excluded,
weighted), one row per incident id; the SLA credit is read per billing period, never over the
whole window.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..availability import format_nines, format_percent
from ..tabular import Column, Table
from .columns import _plain
from .model import Headline

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

TOP_INCIDENTS = 10
#: headline cards shown at most (more services: those that missed or owe a credit, then most budget burned)
HEADLINE_LIMIT = 8


def group_labels(frame: pd.DataFrame, keys: Sequence[str]) -> pd.Series:
    """Each record's group as one label, as the accounting spells it (``a / b`` for several keys).

    The accounting (:func:`uptime_calc.accounting.records.group_codes`) reads a column with missing
    values through ``astype(str)``; so does this, so that records and result rows match.
    """
    parts = [frame[k].astype(str) for k in keys]
    label = parts[0]
    for part in parts[1:]:
        label = label + " / " + part
    return label


def row_labels(table: pd.DataFrame, keys: Sequence[str]) -> pd.Series:
    """The label of each accounting row (``table`` holds the group key columns)."""
    return group_labels(table, keys)


def _union_by_key(key: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Length of the union of each key's intervals (``key`` codes 0..k-1, int64 ns), one pass after a sort."""
    import numpy as np
    import pandas as pd

    n_keys = int(key.max()) + 1 if len(key) else 0
    if not len(key):
        return np.zeros(n_keys)
    order = np.lexsort((start, key))
    k, s, e = key[order], start[order], end[order]
    reach = pd.Series(e).groupby(k).cummax().to_numpy()
    before = np.empty_like(reach)
    before[1:] = reach[:-1]
    first = np.ones(len(k), dtype=bool)
    first[1:] = k[1:] != k[:-1]
    before[first] = np.iinfo(np.int64).min
    gain = np.maximum(e - np.maximum(s, before), 0)
    return np.bincount(k, weights=gain.astype(float), minlength=n_keys)


def _outside(
    group: np.ndarray, start: np.ndarray, end: np.ndarray, m_group: np.ndarray, m_start: np.ndarray,
    m_end: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The parts of each interval outside its group's maintenance intervals.

    Returns ``(index, start, end)`` of the parts: ``index`` is the interval each part comes from.
    Intervals that no maintenance touches pass as they are; the others (few) are cut one by one.

    >>> import numpy as np
    >>> i, s, e = _outside(np.array([0, 1]), np.array([0, 0]), np.array([10, 10]),
    ...                    np.array([0, 0]), np.array([2, 3]), np.array([4, 5]))
    >>> i.tolist(), s.tolist(), e.tolist()  # interval 1 is untouched; 0 loses [2, 5)
    ([1, 0, 0], [0, 0, 5], [10, 2, 10])
    """
    import numpy as np
    import pandas as pd

    order = np.lexsort((m_start, m_group))
    g, ms, me = m_group[order], m_start[order], m_end[order]
    reach = pd.Series(me).groupby(g).cummax().to_numpy()
    new = np.ones(len(g), dtype=bool)
    new[1:] = (g[1:] != g[:-1]) | (ms[1:] > reach[:-1])
    at = np.flatnonzero(new)
    g, ms, me = g[at], ms[at], np.maximum.reduceat(me, at)  # merged: disjoint and sorted within a group
    keep = np.ones(len(start), dtype=bool)
    parts: list[tuple[int, int, int]] = []
    bounds = np.searchsorted(g, np.arange(int(g.max()) + 2))
    by_group = np.argsort(group, kind="stable")
    rec_bounds = np.searchsorted(group[by_group], np.arange(int(g.max()) + 2))
    for code in np.unique(g).tolist():  # the groups with maintenance; one vectorised search each
        a, b = int(bounds[code]), int(bounds[code + 1])
        rec = by_group[rec_bounds[code]: rec_bounds[code + 1]]
        first = a + np.searchsorted(me[a:b], start[rec], side="right")
        last = a + np.searchsorted(ms[a:b], end[rec], side="left")
        for i, j0, j1 in zip(rec[last > first].tolist(), first[last > first].tolist(), last[last > first].tolist(),
                             strict=True):  # the records a maintenance window overlaps: cut around it
            keep[i] = False
            t = int(start[i])
            for j in range(j0, j1):
                if ms[j] > t:
                    parts.append((i, t, int(ms[j])))
                t = max(t, int(me[j]))
            if t < end[i]:
                parts.append((i, t, int(end[i])))
    index = np.flatnonzero(keep)
    if parts:
        extra = np.array(parts, dtype=np.int64)
        index = np.concatenate([index, extra[:, 0]])
        return index, np.concatenate([start[keep], extra[:, 1]]), np.concatenate([end[keep], extra[:, 2]])
    return index, start[keep], end[keep]


def top_incidents(
    incidents: pd.DataFrame,
    *,
    groups: pd.Series | None = None,
    window: tuple[Any, Any] | None = None,
    until: Any = None,
    tz: str = "UTC",
    weights: Mapping[str, float] | str | None = None,
    count_maintenance: bool = False,
    n: int = TOP_INCIDENTS,
) -> Table:
    """The ``n`` incidents that counted the most downtime in the window, one row per incident id.

    An incident's records (one per component, say) are clipped to ``window`` (open ones end at
    ``until``, else the window end); per group they merge as the accounting merges them (an
    instant counts once, at the highest weight) and the counted downtime is the sum over the
    groups. Maintenance records are left out unless counted; records without an id stand alone
    (named by their row). Ranked by counted downtime, then by duration (first start to last end
    in the window, unweighted), then start.

    Columns: ``start`` (in ``tz``), ``id``, ``services``, ``components``, ``title``, ``impact``,
    ``downtime_seconds`` (counted), ``duration_seconds`` (raw).
    """
    import numpy as np
    import pandas as pd

    from ..accounting.records import NAT, times_ns
    from ..accounting.weights import effective_weights, impact_weights

    columns = [
        Column("start", f"Start ({tz})", "datetime"),
        Column("id", "Id", "text"),
        Column("services", "Service", "text"),
        Column("components", "Components", "text"),
        Column("title", "Title", "text"),
        Column("impact", "Impact", "text"),
        Column("downtime_seconds", "Downtime counted", "duration"),
        Column("duration_seconds", "Duration", "duration"),
    ]
    if "component" not in incidents.columns:
        columns = [c for c in columns if c.key != "components"]
    title = "Top incidents by downtime counted (in the window, weighted, maintenance excluded)"
    frame = incidents.reset_index(drop=True)
    if not len(frame) or window is None:
        return Table("top_incidents", title, columns, [])
    start = times_ns(frame, "start", tz, "")
    end = times_ns(frame, "end", tz, "")
    lo, hi = (pd.Timestamp(w).as_unit("ns").value for w in window)
    stop = hi if until is None else pd.Timestamp(until).as_unit("ns").value
    end = np.where(end == NAT, min(stop, hi), end)
    maint = (frame["maintenance"].fillna(False).astype(bool).to_numpy() if "maintenance" in frame.columns
             else np.zeros(len(frame), dtype=bool))
    skip = None if count_maintenance else maint
    w = (impact_weights(frame["impact"], effective_weights(weights), skip=skip) if "impact" in frame.columns
         else np.ones(len(frame)))
    cs, ce = np.clip(start, lo, hi), np.clip(end, lo, hi)
    use = (ce > cs) & (start != NAT)
    if not count_maintenance:
        use &= ~maint
    at = np.flatnonzero(use)
    if not len(at):
        return Table("top_incidents", title, columns, [])
    if "id" in frame.columns:
        ids = frame["id"].astype(object).to_numpy()[at]
        blank = pd.isna(ids) | (pd.Series(ids).astype(str).str.strip() == "").to_numpy()
    else:
        ids, blank = np.empty(len(at), dtype=object), np.ones(len(at), dtype=bool)
    rows_in_file = frame["source_row"].to_numpy()[at] if "source_row" in frame.columns else at + 1
    names = pd.Series(ids, dtype=object).astype(str).to_numpy()
    if blank.any():  # a record without an id stands alone, named by its row in the file
        names = np.where(blank, np.array([f"row {r}" for r in rows_in_file], dtype=object), names)
    incident, incident_names = pd.factorize(pd.Series(names, dtype=object))
    grp_all, _ = pd.factorize((groups if groups is not None else frame["service"]).astype(str))
    grp = grp_all[at]
    # one key per incident x group: the records of an incident merge within a group, as accounted
    pair, pair_first = np.unique(incident.astype(np.int64) * (int(grp.max()) + 1) + grp, return_inverse=True)
    pair_incident = pair // (int(grp.max()) + 1)
    s, e, wt = cs[at], ce[at], w[at]
    # the raw duration: first start to last end in the window, unweighted, maintenance overlap and all
    first = np.full(len(incident_names), np.iinfo(np.int64).max)
    np.minimum.at(first, incident, s)
    last = np.zeros(len(incident_names), dtype=np.int64)
    np.maximum.at(last, incident, e)
    duration = (last - first) / 1e9
    if not count_maintenance and maint.any():  # time inside a maintenance window of the group counts nothing
        mine = maint & (ce > cs) & (start != NAT)
        piece, s, e = _outside(grp, s, e, grp_all[mine], cs[mine], ce[mine])
        pair_first, wt = pair_first[piece], wt[piece]
    counted_pair = np.zeros(len(pair))
    previous = 0.0
    for level in np.unique(wt[wt > 0]):  # few levels: the impact labels' weights
        mine = wt >= level
        union = _union_by_key(pair_first[mine], s[mine], e[mine])
        counted_pair[: len(union)] += (float(level) - previous) * union
        previous = float(level)
    counted = np.bincount(pair_incident, weights=counted_pair, minlength=len(incident_names)) / 1e9
    order = np.lexsort((first, -duration, -counted))
    order = order[counted[order] > 0][:n]
    chosen = set(order.tolist())
    rows_of: dict[int, list[int]] = {}
    for i, code in enumerate(incident.tolist()):
        if code in chosen:
            rows_of.setdefault(code, []).append(int(at[i]))
    out = []
    for code in order.tolist():
        recs = frame.iloc[rows_of[code]]
        impacts = [str(v) for v in dict.fromkeys(recs["impact"].tolist()) if not pd.isna(v)] \
            if "impact" in recs.columns else []
        titles = [str(v) for v in dict.fromkeys(recs["title"].tolist()) if not pd.isna(v) and str(v)] \
            if "title" in recs.columns else []
        row = {
            "start": _plain(pd.Timestamp(int(first[code]), tz="UTC").tz_convert(tz)),
            "id": str(incident_names[code]),
            "services": ", ".join(sorted({str(v) for v in recs["service"].tolist()})),
            "title": titles[0] if titles else "",
            "impact": ", ".join(impacts),
            "downtime_seconds": float(counted[code]),
            "duration_seconds": float(duration[code]),
        }
        if "component" in recs.columns:
            row["components"] = ", ".join(sorted({str(v) for v in recs["component"].tolist() if not pd.isna(v)}))
        out.append(row)
    if not any(r.get("components") for r in out):  # a log without components: no empty column
        columns = [c for c in columns if c.key != "components"]
    return Table("top_incidents", f"Top {len(out)} incidents by downtime counted (in the window, weighted, "
                 "maintenance excluded)", columns, out)


# -- SLA credits per billing period -----------------------------------------------------------------

#: words in an SLA's ``period`` -> the calendar period it bills by
BILLING_WORDS: tuple[tuple[str, str], ...] = (
    ("month", "month"), ("quarter", "quarter"), ("annual", "year"), ("year", "year"), ("week", "week"),
    ("day", "day"), ("daily", "day"),
)
PLURAL = {"month": "months", "quarter": "quarters", "year": "years", "week": "weeks", "day": "days",
          "all": "windows"}


def billing_period(sla: Any, default: str) -> str:
    """The calendar period an SLA bills by, read from its ``period`` text (``"monthly billing cycle"``
    -> ``month``); ``default`` when it names none."""
    text = str(getattr(sla, "period", "") or "").lower()
    for word, period in BILLING_WORDS:
        if word in text:
            return period
    return default


def credits_owed(billing_rows: pd.DataFrame, keys: Sequence[str], period: str) -> tuple[dict[str, str], Table]:
    """The SLA credits owed per billing period: a summary text per group and the list of periods.

    ``billing_rows`` is the accounting per group x billing period with ``credit_percent``
    (:func:`uptime_calc.accounting.measure.measure` with an SLA). The text reads
    ``"10% in 4 of 12 months: 2024-01, 2024-03, 2024-06, 2024-11"`` (one clause per tier);
    groups owed nothing read ``"none (12 months)"``.
    """
    import pandas as pd

    labels = row_labels(billing_rows, keys)
    credit = pd.to_numeric(billing_rows["credit_percent"], errors="coerce").fillna(0.0)
    plural = PLURAL.get(period, period + "s")
    texts: dict[str, str] = {}
    rows = []
    frame = billing_rows.assign(_label=labels.to_numpy(), _credit=credit.to_numpy())
    for label, mine in frame.groupby("_label", sort=True):
        total = len(mine)
        owed = mine[mine["_credit"] > 0]
        if owed.empty:
            texts[str(label)] = f"none ({total} {plural})"
            continue
        clauses = []
        for pct, tier in owed.groupby("_credit", sort=True):
            names = ", ".join(str(p) for p in tier["period"])
            clauses.append(f"{pct:g}% in {len(tier)} of {total} {plural}: {names}")
        texts[str(label)] = "; ".join(reversed(clauses))  # the largest credit first
        for rec in owed.to_dict("records"):
            rows.append({"service": str(label), "period": str(rec["period"]),
                         "availability_percent": float(rec["availability_percent"]),
                         "unavailability": float(rec["unavailability"]),
                         "sla_tier": str(rec.get("sla_tier", "")), "credit_percent": float(rec["_credit"])})
    table = Table("sla_credits", f"SLA credits owed per billing {period}", [
        Column("service", "Service", "text"),
        Column("period", "Billing period", "text"),
        Column("availability_percent", "Availability", "availability"),
        Column("sla_tier", "Tier", "text"),
        Column("credit_percent", "Credit", "percent"),
    ], rows, hidden=("unavailability",))
    return texts, table


# -- headline cards ---------------------------------------------------------------------------------

def headlines(
    overall: pd.DataFrame, credits: Mapping[str, str] | None = None, limit: int = HEADLINE_LIMIT
) -> tuple[tuple[Headline, ...], str]:
    """The headline cards and the sentence that says which services they show.

    Every service that missed its SLO or is owed a credit has a card; past ``limit`` services the
    cards go to those first and then to the most budget burned (the highest unavailability without
    an SLO), and the sentence reads ``"8 of 23 services; all are in the table below"``.
    """
    import numpy as np

    credits = credits or {}
    frame = overall.reset_index(drop=True)
    services = frame["service"].astype(str).to_numpy()
    burn = (frame["budget_used_percent"].to_numpy(dtype=float) if "budget_used_percent" in frame.columns
            else frame["unavailability"].to_numpy(dtype=float))
    burn = np.nan_to_num(burn, nan=-np.inf)
    missed = (frame["slo_met"].to_numpy() == False) if "slo_met" in frame.columns else np.zeros(len(frame), bool)  # noqa: E712
    owed = np.array([not credits.get(s, "none").startswith("none") for s in services], dtype=bool)
    must = missed | owed
    # must-haves first, then by budget burned; ties by name
    order = sorted(range(len(frame)), key=lambda i: (not must[i], -burn[i], services[i]))
    shown = order if len(frame) <= limit else order[: max(limit, int(must.sum()))]
    cards = []
    for i in shown:
        rec = frame.iloc[i]
        u = float(rec["unavailability"])
        met = rec.get("slo_met")
        verdict = "" if met is None or met != met else ("SLO met" if bool(met) else "SLO missed")
        credit = credits.get(services[i], "")
        card_credit = "" if not credit or credit.startswith("none") else \
            "SLA credit " + "; ".join(clause.split(":")[0] for clause in credit.split("; "))
        cards.append(Headline(services[i], format_percent(u), format_nines(float(rec.get("nines", 0.0))), verdict,
                              credit=card_credit))
    note = "" if len(shown) == len(frame) else f"{len(shown)} of {len(frame)} services; all are in the table below"
    return tuple(cards), note
