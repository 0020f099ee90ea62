"""The report model: what a report says, independent of the file format it is written in."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..progress import Progress as Progress  # called as a report is built and written
from ..tabular import Table

if TYPE_CHECKING:
    from matplotlib.figure import Figure


@dataclass(frozen=True)
class Chart:
    """One chart of a report: a name (file stem), a caption and the matplotlib figure."""

    name: str
    title: str
    figure: Figure
    #: a sentence for screen readers and the Markdown ``![alt](...)``
    alt: str = ""


@dataclass(frozen=True)
class Headline:
    """One headline figure per service for the summary cards."""

    service: str
    availability: str
    nines: str
    verdict: str = ""  # "SLO met" / "SLO missed" / ""
    credit: str = ""  # "SLA credit 10% in 4 of 12 months" / ""


@dataclass(frozen=True)
class Report:
    """Everything a report shows; the writers (:mod:`.html`, :mod:`.markdown`, :mod:`.pdf`) lay it out.

    Attributes
    ----------
    title
        The report title.
    source
        Where the data came from (file name).
    window
        The reporting window in words (``"2022-01-01 .. 2023-01-01 (UTC)"``).
    summary
        The per-service summary table (headline availability, nines, SLO, budget, credit).
    tables
        Further tables, in order: per period, top incidents, scenarios ...
    charts
        The charts, in order.
    method
        The accounting method, ``key -> text`` (printed beside the numbers).
    warnings, notes
        Data warnings from reading and accounting; free notes.
    headlines
        One card per service (at most a handful) for the top of the report: every service that
        missed its SLO or is owed a credit, then the most budget burned.
    headline_note
        Which services the cards show, when they are not all of them.
    """

    title: str
    source: str
    window: str
    summary: Table
    tables: tuple[Table, ...] = ()
    charts: tuple[Chart, ...] = ()
    method: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    headlines: tuple[Headline, ...] = ()
    #: which services the cards show when they are not all of them ("8 of 23 services; ...")
    headline_note: str = ""
