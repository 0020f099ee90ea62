"""Restore times resampled from an incident log instead of a fitted law.

:func:`restore_times` reads a log with the incident reader and measures its
merged outages (:func:`uptime_calc.accounting.measure.measure`, the same accounting as
``uptime-calc incidents``); :func:`with_resampled_restores` gives chosen
component types an empirical repair law over those durations (and their mean
as the MTTR, so the analytic answer uses the same mean).

>>> from uptime_calc.models.blocks import Component, Series
>>> tree = Series((Component.from_mtbf_mttr("web", 3.6e6, 600.0),))
>>> new = with_resampled_restores(tree, {"web": (300.0, 900.0, 1800.0)})
>>> new.parts[0].repair.kind, new.parts[0].mttr
('empirical', 1000.0)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..models.blocks import Block, Component, Distribution, components, map_components, mtbf_for


def restore_times(path: str | Path, *, preset: str | None = None, tz: str = "UTC",
                  **measure_options: Any) -> dict[str, tuple[float, ...]]:
    """Durations (seconds) of the merged outages of each service in an incident log.

    Outages of zero length are dropped, and so are those still under way (an open incident's
    restore time is unknown, only bounded below); maintenance is excluded, as
    :func:`uptime_calc.accounting.measure.measure` accounts it.
    """
    from ..accounting.measure import measure_file

    measure_options.pop("period", None)
    m = measure_file(path, preset=preset, tz=tz, period="all", uncertainty=False, **measure_options)
    labels = m.totals[list(m.group_by)].astype(str).agg(", ".join, axis=1).tolist()
    restore = m.outages["restore_seconds"].to_numpy(dtype=float)
    ended = restore > 0
    ended &= ~m.outages["ongoing"].to_numpy(dtype=bool)
    out = {}
    for label, at in zip(labels, m.outage_rows(), strict=True):  # by group, as fit does
        seconds = restore[at][ended[at]]
        if len(seconds):
            out[label] = tuple(float(x) for x in seconds)
    return out


def with_resampled_restores(block: Block, restores: Mapping[str, Sequence[float]]) -> Block:
    """The tree with each named component type repaired in times resampled from ``restores``.

    Parameters
    ----------
    block:
        The block tree.
    restores:
        Component type name -> observed restore times in seconds.

    A component known only by its availability keeps that availability: its MTBF
    follows from ``A = MTBF / (MTBF + MTTR)`` with the observed mean restore time.
    """
    names = {c.name for c in components(block)}
    unknown = sorted(set(restores) - names)
    if unknown:
        raise InputError(
            f"no component {', '.join(map(repr, unknown))} in the scenario; it has {', '.join(sorted(names))}"
        )

    def swap(c: Component) -> Component | None:
        times = restores.get(c.name)
        if times is None:
            return None
        if not times:
            raise InputError(f"no restore times to resample for component {c.name!r}")
        law = Distribution.empirical(list(times))
        if c.has_rates:
            return replace(c, mttr=law.mean, repair=law, availability=None)
        return Component(name=c.name, instance=c.instance, mtbf=mtbf_for(c.unavailability, law.mean),
                         mttr=law.mean, repair=law)

    return map_components(block, swap)


def resampled_scenario(scenario: Any, log: str | Path, mapping: Mapping[str, str] | None = None) -> Any:
    """A scenario whose components resample restore times from ``log``.

    ``mapping`` is component type -> service in the log; by default every component
    type named like a service in the log is mapped. The returned scenario's
    ``settings`` record what was resampled.
    """
    times = restore_times(log)
    names = {c.name for c in components(scenario.system)}
    pairs = dict(mapping) if mapping else {n: n for n in sorted(names) if n in times}
    if not pairs:
        raise InputError(
            f"{log}: no service of the log ({', '.join(sorted(times)) or 'none'}) is named like a component "
            f"({', '.join(sorted(names))}); map them with --restore-map COMPONENT=SERVICE"
        )
    missing = sorted(s for s in pairs.values() if s not in times)
    if missing:
        raise InputError(
            f"{log}: no outages of service {', '.join(map(repr, missing))}; "
            f"the log has {', '.join(sorted(times)) or 'no outages'} (counting outages that ended: one still "
            "under way has no restore time)"
        )
    system = with_resampled_restores(scenario.system, {comp: times[svc] for comp, svc in pairs.items()})
    settings = dict(getattr(scenario, "settings", {}) or {})
    for comp, svc in pairs.items():
        settings[f"{comp}.repair"] = f"resampled from {len(times[svc])} outages of {svc!r} in {log}"
    return replace(scenario, system=system, settings=settings)
