"""Property tests over the input side: whatever the bytes, only the package's own errors come out.

The readers (CSV, JSON, JSON Lines), the duration and availability parsers and the scenario loader
either return a value or raise :class:`~uptime_calc.errors.UptimeCalcError`; never a ``ValueError``
from pandas, a ``RecursionError``, a ``UnicodeDecodeError`` or a pyarrow error. The longer,
coverage-guided run is ``benchmarks/fuzz_readers.py``.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from uptime_calc import limits
from uptime_calc.errors import UptimeCalcError
from uptime_calc.incidents.jsontext import nesting_depth
from uptime_calc.incidents.reader import read_incidents
from uptime_calc.scenario import loads_scenario
from uptime_calc.units import parse_availability, parse_duration

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HEADER = "id,service,start,end,impact,title"
CELLS = st.one_of(
    st.sampled_from(["2024-01-01T00:00:00Z", "2024-01-01T01:00:00", "9999-12-31", "1700-01-01", "", "NaN", "inf",
                     "-1", "0.5", "full", "partial", '"', '""', '"a,b"', "=1+1", "\x1b[2J", "2024-13-45", "1e308"]),
    st.text(max_size=12),
)


def _read(suffix: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(data)
        with limits.using(max_json_depth=32):
            try:
                read_incidents(path)
            except UptimeCalcError:
                pass


@FAST
@given(st.lists(st.lists(CELLS, min_size=0, max_size=8), max_size=6), st.sampled_from([",", ";", "\t", "|"]))
def test_csv_rows_of_anything(rows: list[list[str]], delimiter: str) -> None:
    text = HEADER.replace(",", delimiter) + "\n" + "\n".join(delimiter.join(r) for r in rows) + "\n"
    _read(".csv", text.encode("utf-8", "surrogatepass"))


@FAST
@given(st.binary(max_size=300))
def test_csv_raw_bytes(data: bytes) -> None:
    _read(".csv", HEADER.encode() + b"\n" + data)


JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), CELLS),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(
        ["id", "service", "start", "end", "impact", "title", "incidents", "data", "x"]), inner, max_size=5)),
    max_leaves=20,
)


@FAST
@given(st.lists(st.dictionaries(st.sampled_from(["id", "service", "start", "end", "impact", "maintenance"]),
                                JSON_VALUES, max_size=6), max_size=5))
def test_json_lines_of_anything(records: list[dict[str, object]]) -> None:
    _read(".jsonl", "\n".join(json.dumps(r) for r in records).encode())


@FAST
@given(JSON_VALUES)
def test_json_document_of_anything(document: object) -> None:
    _read(".json", json.dumps(document).encode())


@FAST
@given(st.binary(max_size=200))
def test_json_raw_bytes(data: bytes) -> None:
    _read(".json", b"[" + data)
    _read(".jsonl", b"{" + data)


@FAST
@given(st.text(max_size=40))
def test_duration_parser(text: str) -> None:
    try:
        assert parse_duration(text) >= 0
    except UptimeCalcError:
        pass


@FAST
@given(st.text(max_size=40))
def test_availability_parser(text: str) -> None:
    try:
        parse_availability(text)
    except UptimeCalcError:
        pass


SCENARIO_PARTS = st.sampled_from([
    "name: s\n", "components:\n", "  a: {availability: 99.9%}\n", "  b: {mtbf: 1000h, mttr: 1h}\n",
    "  a: {availability: 9%}\n", "system: a\n", "system: {series: [a, b]}\n", "system: &s {series: [a, *s]}\n",
    "x: &x [a, a]\n", "system: {parallel: *x}\n", "variants:\n", "  - {name: v, set: {a.availability: 99%}}\n",
    "system: {k_of_n: {k: 2, n: 3, unit: a}}\n", "\t", ": :\n", "- - -\n", "system: {series: [" * 3,
])


@FAST
@given(st.lists(SCENARIO_PARTS, max_size=10))
def test_scenario_loader(parts: list[str]) -> None:
    try:
        loads_scenario("".join(parts), source="s.yaml")
    except UptimeCalcError:
        pass


def _reference_depth(line: str) -> int:
    best = depth = 0
    inside = escaped = False
    for char in line:
        if inside:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                inside = False
        elif char == '"':
            inside = True
        elif char in "[{":
            depth += 1
            best = max(best, depth)
        elif char in "]}":
            depth -= 1
    return best


@FAST
@given(st.lists(JSON_VALUES, min_size=1, max_size=4))
def test_nesting_depth_matches_a_character_walk(values: list[object]) -> None:
    # the vectorised measure against a plain walk over each line (strings and escapes skipped)
    lines = [json.dumps(v) for v in values]
    assert nesting_depth("\n".join(lines).encode(), lines=True)[0] == max(_reference_depth(x) for x in lines)
    document = json.dumps(values, indent=1)
    assert nesting_depth(document.encode())[0] == _reference_depth(document)
