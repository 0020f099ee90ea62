"""Terminal tables: a long table is drawn line by line exactly as rich draws a short one."""

from __future__ import annotations

from unittest.mock import patch

import pytest
from rich.console import Console

from uptime_calc.render import tables
from uptime_calc.render.tables import LineTable, render_text
from uptime_calc.tabular import Column, Document, Table

COLUMNS = [
    Column("service", "Service"),
    Column("availability_percent", "Availability", "availability"),
    Column("nines", "Nines", "nines"),
    Column("downtime_seconds", "Downtime", "duration"),
    Column("met", "Met", "bool"),
]
ROWS = [
    {"service": "svc-α", "availability_percent": 99.95, "unavailability": 0.0005, "nines": 3.3,
     "downtime_seconds": 1234.5, "met": True},
    {"service": "a-much-longer-service-name", "availability_percent": None, "unavailability": None,
     "nines": float("inf"), "downtime_seconds": 0.0, "met": False},
    {"service": "東京", "availability_percent": 100.0, "unavailability": 0.0, "nines": float("nan"),
     "downtime_seconds": 3 * 86400.0, "met": True},  # wide characters take two cells
]


@pytest.mark.parametrize("title", ["Availability per service", ""])
def test_a_line_table_looks_exactly_like_richs_table(title: str) -> None:
    # the reference is rich's own Table (the default box, padding and alignment), on a table that
    # fits the width: then rich folds no cell and both drawings must be equal character for character
    doc = Document(tables=[Table("t", title, COLUMNS, ROWS)], method={"period": "month"})
    drawn_by_rich = render_text(doc, 200)
    with patch.object(tables, "RICH_ROWS", 0):
        assert isinstance(tables.rich_table(doc.tables[0]), LineTable)
        assert render_text(doc, 200) == drawn_by_rich
    assert "┃ Service                    ┃ Availability ┃" in drawn_by_rich


def test_a_line_table_is_never_folded_or_cropped() -> None:
    # narrower than the table: rich would fold cells; a long table keeps its lines whole instead
    doc = Document(tables=[Table("t", "", COLUMNS, ROWS * 400)])
    text = render_text(doc, 40)
    assert len(text.splitlines()) == 1200 + 4
    assert "│ a-much-longer-service-name │            — │     ∞ │        0s │ no  │" in text


def test_a_line_table_uses_the_same_ascii_box_as_rich() -> None:
    # on a console that cannot encode box characters rich swaps its box for ASCII; so must we
    console = Console(width=200, color_system=None, force_terminal=False)
    options = console.options.update(width=200)
    options.encoding = "ascii"
    table = Table("t", "Availability per service", COLUMNS, ROWS)

    def drawn(renderable: object) -> list[str]:
        return ["".join(s.text for s in line) for line in console.render_lines(renderable, options, pad=False)]

    by_rich = drawn(tables.rich_table(table))
    assert by_rich[1].startswith("+")  # rich's ASCII box
    with patch.object(tables, "RICH_ROWS", 0):
        assert drawn(tables.rich_table(table)) == by_rich
