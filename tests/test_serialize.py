"""Machine and text formats: CSV defuses formulas, Markdown escapes markup (SPEC 5, robustness)."""

from __future__ import annotations

from uptime_calc.render.serialize import csv_safe, markdown_table, render_csv
from uptime_calc.tabular import Column, Document, Table


def _doc(service: str) -> Document:
    row = {"service": service, "availability_percent": 99.9, "unavailability": 0.001}
    cols = [Column("service", "Service"), Column("availability_percent", "Availability", "availability")]
    return Document(tables=[Table("rows", "", cols, [row])])


def test_markdown_cells_escape_markup_and_pipes() -> None:
    # regression: `-f markdown` printed service names raw, so <script> became live HTML in a viewer
    text = markdown_table(_doc("<script>alert(1)</script> | x").tables[0])
    assert "| &lt;script&gt;alert(1)&lt;/script&gt; \\| x | 99.9% |" in text
    assert "<script>" not in text


def test_csv_defuses_formulas_but_keeps_numbers() -> None:
    # OWASP "CSV injection": cells starting with = + - @ are prefixed with a quote
    assert csv_safe("=1+1") == "'=1+1" and csv_safe("@SUM(A1)") == "'@SUM(A1)"
    assert csv_safe(-5.0) == -5.0 and csv_safe("api") == "api"
    assert render_csv(_doc("=HYPERLINK(\"x\")")).splitlines()[1].startswith("\"'=HYPERLINK(\"\"x\"\")\",99.9,")


def test_negative_numbers_stay_numbers_in_csv() -> None:
    # regression: a negative float (GitHub's MTTD, detection logged before the start) was written as
    # the text "'-20.9": numbers were turned to text before the formula check
    doc = Document(tables=[Table("rows", "", [Column("x", "X"), Column("t", "T")], [{"x": -20.5, "t": "-cmd"}])])
    assert render_csv(doc) == "x,t\n-20.5,'-cmd\n"


def test_json_values_of_every_kind() -> None:
    import json

    import numpy as np
    import pandas as pd

    from uptime_calc.render.serialize import render_json

    row = {"n": np.float64(2.5), "i": np.int64(7), "nan": float("nan"), "inf": np.inf, "none": None,
           "t": pd.Timestamp("2024-01-31T12:00:00Z"), "nat": pd.NaT, "text": "é", "tiny": 1e-05}
    doc = Document(tables=[Table("rows", "", [Column("n", "N")], [row])], summary={"big": 2**70})
    out = json.loads(render_json(doc))  # 2**70 is beyond orjson: the standard library writes it
    assert out["big"] == 2**70
    assert out["rows"][0] == {"n": 2.5, "i": 7, "nan": None, "inf": None, "none": None,
                              "t": "2024-01-31T12:00:00+00:00", "nat": "NaT", "text": "é", "tiny": 1e-05}
    doc = Document(tables=[Table("rows", "", [Column("n", "N")], [row])])
    assert json.loads(render_json(doc))["rows"][0] == out["rows"][0]  # the same through orjson
