"""The typed CSV fast path reads exactly what the generic text path reads (or both refuse alike).

The oracle is the generic path itself (every column as text, converted column by column),
run on the same file with the fast path switched off; the differential property covers
odd spellings Arrow might read differently (blanks, ``24:00``, leap seconds, date-only
values, ``+0530`` offsets, fractions, DST gaps and repeats, empty cells...).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from uptime_calc.errors import InputError
from uptime_calc.incidents import IncidentLog, read_incidents, timestamps, typedcsv
from uptime_calc.incidents.formats import csv_layout, load

from .conftest import ROOT, SHARED_DATA

ZONED = [
    "2024-03-01T10:00:00Z", "2024-03-01T10:00Z", "2024-03-01T10Z", "2024-03-01 10:00:00Z",
    "2024-03-01T10:00:00.5Z", "2024-03-01T10:00:00.123456789Z", "2024-03-01T10:00:00+05:30",
    "2024-03-01T10:00:00+0530", "2024-03-01T10:00:00-07", "2024-03-01T10:00:00-00:00",
    "2024-11-03T08:30:00Z", "1999-12-31T23:59:59.999Z",
]
NAIVE = [
    "2024-03-01 10:00", "2024-03-01T10:00:00", "2024-03-01", "2024-03-01 10:00:00.25",
    "2024-03-10 02:30", "2024-11-03 01:30", "2024-03-31 01:30", "2024-10-27 01:30",  # DST edges
]
ODD = [
    "", " ", " 2024-03-01T10:00:00Z", "2024-03-01T10:00:00Z ", "2024-03-01T24:00:00Z",
    "2024-03-01T23:59:60Z", "2024-03-01T10:00:00z", "2024-03-01 10Z", "2024-03-01 10+01",
    "2024-02-30T10:00:00Z", "2024-03-01T10:00:00.1234567891Z", "2300-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z", "0001-01-01 00:00", "2262-04-11 20:00",  # past datetime64[ns] (or near)
    "2024-03-01T10:00:00 UTC", "NULL", "nan", "2024-03-01Z", "2024-03-01+05:00", "20240301T100000Z",
    "2024-03-01T10:00:00+05:30:00", "2024-3-1 10:00", "yesterday",
]
SERVICES = ["api", " api", "db ", "", "Api", "web,ui", 'say "hi"', "cache"]
IMPACTS = ["major", "MAJOR", " partial", "", "none", "0.5", "1", "nan"]
FLAGS = ["true", "false", "", "YES", "0", "1", " n ", "maybe"]
#: the time values of each column style ("clean" never takes an odd value)
POOLS = {"zoned": ZONED, "naive": NAIVE, "mixed": ZONED + NAIVE, "clean": ZONED[:3]}
HEADERS = ["id", "service", "component", "start", "end", "impact", "maintenance", "title", "detected_at", "note"]


def _quote(value: str, delimiter: str = ",") -> str:
    return '"' + value.replace('"', '""') + '"' if any(c in value for c in delimiter + '"\n') else value


@st.composite
def csv_files(draw: st.DrawFn) -> tuple[str, str]:
    """(file text, tz): a header subset, rows of chosen styles, maybe 250 plain rows first."""
    headers = [h for h in HEADERS if h in ("start", "end") or draw(st.booleans())]
    styles = {h: draw(st.sampled_from(["zoned", "naive", "mixed", "clean"])) for h in ("start", "end", "detected_at")}
    odd = draw(st.booleans())

    def cell(header: str) -> st.SearchStrategy[str]:
        if header in styles:
            pool = st.sampled_from(POOLS[styles[header]])
            return st.one_of(pool, st.sampled_from(ODD)) if odd and styles[header] != "clean" else pool
        if header in ("service", "component"):
            return st.sampled_from(SERVICES)
        if header == "impact":
            return st.sampled_from(IMPACTS if odd else IMPACTS[:5])
        if header == "maintenance":
            return st.sampled_from(FLAGS if odd else FLAGS[:4])
        return st.text(st.characters(codec="utf-8", blacklist_categories=("Cs", "Cc")), max_size=6)

    rows = draw(st.lists(st.tuples(*[cell(h) for h in headers]), min_size=1, max_size=6))
    padding = draw(st.sampled_from([0, 0, typedcsv.SAMPLE_ROWS + 50]))
    plain = {"start": "2024-01-01T00:00:00Z", "end": "2024-01-01T01:00:00Z", "detected_at": "",
             "maintenance": "false", "impact": "major"}
    if padding:  # the first rows (the sample) are plain; the drawn ones come after it
        for header in ("start", "end"):  # (a plain detected_at is empty whatever its style)
            if header in headers and styles[header] == "naive":
                plain[header] = "2024-01-01 00:00"
    delimiter = draw(st.sampled_from([",", ",", ";", "\t"]))
    lines = [delimiter.join(headers)]
    lines += [delimiter.join(plain.get(h, "x") for h in headers)] * padding
    lines += [delimiter.join(_quote(v, delimiter) for v in row) for row in rows]
    tz = draw(st.sampled_from(["UTC", "America/Denver", "Europe/London"]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    lead = draw(st.sampled_from(["", "", newline]))  # a blank line before the header
    return lead + newline.join(lines) + newline, tz


@contextmanager
def text_path_only() -> Iterator[None]:
    with mock.patch.object(typedcsv, "read_typed", lambda layout, mapping: None):
        yield


def outcome(path: Path, **kwargs: object) -> IncidentLog | str:
    try:
        return read_incidents(path, **kwargs)  # type: ignore[arg-type]
    except InputError as exc:
        return f"InputError: {exc}"


def assert_same(path: Path, **kwargs: object) -> IncidentLog | str:
    fast = outcome(path, **kwargs)
    with text_path_only():
        slow = outcome(path, **kwargs)
    if isinstance(slow, str) or isinstance(fast, str):
        assert fast == slow
        return fast
    pd.testing.assert_frame_equal(fast.frame, slow.frame)
    assert fast.warnings == slow.warnings
    assert fast.method == slow.method
    return fast


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(csv_files())
def test_typed_path_reads_what_the_text_path_reads(case: tuple[str, str]) -> None:
    text, tz = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "log.csv"
        path.write_bytes(text.encode("utf-8"))  # line endings as drawn
        assert_same(path, tz=tz)


@contextmanager
def typed_calls() -> Iterator[list[object]]:
    """The tables ``typedcsv.read_typed`` returns while the block runs (None: the text path was taken)."""
    taken: list[object] = []
    real = typedcsv.read_typed

    def spy(layout: object, mapping: object) -> object:
        taken.append(table := real(layout, mapping))  # type: ignore[arg-type]
        return table

    with mock.patch.object(typedcsv, "read_typed", spy):
        yield taken


def test_the_typed_path_is_taken_for_a_plain_iso_log(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text(
        "id,service,start,end,impact,maintenance\n"
        "1,api,2024-01-01T00:00:00Z,2024-01-01T01:00:00Z,Major,false\n"
        "2,db,2024-01-02T00:00:00Z,,,true\n",
        encoding="utf-8",
    )
    with typed_calls() as taken:
        log = assert_same(path)
    assert taken and taken[0] is not None
    assert str(taken[0].schema.field("start").type) == "timestamp[ns, tz=UTC]"
    # parsed at nanoseconds where this pyarrow refuses what they cannot hold (no cast after the
    # parse), else at microseconds (which hold 9999-12-31) and cast
    layout = csv_layout(load(path), None)
    types = typedcsv.column_types(layout, {"start": "start", "end": "end"})
    unit = "ns" if "ns" in timestamps.arrow_units() else "us"
    assert types is not None and str(types["start"]) == f"timestamp[{unit}, tz=UTC]"
    with mock.patch.object(typedcsv, "arrow_units", lambda: ("us",)):  # a pyarrow that wraps ns around
        types = typedcsv.column_types(layout, {"start": "start", "end": "end"})
        assert types is not None and str(types["start"]) == "timestamp[us, tz=UTC]"
        with typed_calls() as taken:
            assert_same(path)
        assert taken and str(taken[0].schema.field("start").type) == "timestamp[ns, tz=UTC]"
    assert isinstance(log, IncidentLog)
    # hand values: the file's own rows
    assert log.frame["service"].tolist() == ["api", "db"]
    assert log.frame["impact"].tolist()[0] == "major" and pd.isna(log.frame["impact"].iloc[1])
    assert log.frame["maintenance"].tolist() == [False, True]
    assert log.frame["end"].isna().tolist() == [False, True]


def test_a_late_naive_value_in_a_zoned_column_falls_back_with_the_usual_warning(tmp_path: Path) -> None:
    # 02:30 on 2024-03-10 does not exist in America/Denver (spring forward at 02:00 -> 03:00,
    # IANA tzdata): the generic path shifts it to 03:00 MDT = 09:00 UTC and names the row
    rows = ["2024-01-01T00:00:00Z,2024-01-01T01:00:00Z"] * (typedcsv.SAMPLE_ROWS + 5)
    path = tmp_path / "late.csv"
    path.write_text("start,end\n" + "\n".join(rows) + "\n2024-03-10 02:30,\n", encoding="utf-8")
    log = assert_same(path, tz="America/Denver")
    assert isinstance(log, IncidentLog)
    assert log.frame["start"].iloc[-1] == pd.Timestamp("2024-03-10T09:00Z")
    assert any("row 206 (start)" in w for w in log.warnings)


def test_a_late_bad_value_gives_the_text_paths_error(tmp_path: Path) -> None:
    rows = ["2024-01-01T00:00:00Z,2024-01-01T01:00:00Z"] * (typedcsv.SAMPLE_ROWS + 5)
    path = tmp_path / "bad.csv"
    path.write_text("start,end\n" + "\n".join(rows) + "\n2024-03-01T24:00:00Z,\n", encoding="utf-8")
    result = assert_same(path)
    assert result == (
        "InputError: bad.csv, row 206, column 'start': cannot read '2024-03-01T24:00:00Z' as a time; "
        "use ISO 8601 like 2024-03-01T10:00:00Z or pass --time-format"
    )


def test_a_late_time_out_of_range_is_named_as_written(tmp_path: Path) -> None:
    # QA finding 1: a nanosecond parse wrapped 9999-12-31 around; the microsecond parse holds it, the
    # min/max check sends the file to the text path, which names the value as written
    rows = ["2024-01-01T00:00:00Z,2024-01-01T01:00:00Z"] * (typedcsv.SAMPLE_ROWS + 5)
    path = tmp_path / "never.csv"
    path.write_text("start,end\n" + "\n".join(rows) + "\n2024-03-01T00:00:00Z,9999-12-31T23:59:59+00:00\n",
                    encoding="utf-8")
    with typed_calls() as taken:
        result = assert_same(path)
    assert taken == [None]
    assert result == (
        "InputError: never.csv, row 206, column 'end': time out of range: '9999-12-31T23:59:59+00:00' is "
        "outside 1677-09-21 00:12:44 .. 2262-04-11 23:47:16 UTC, the times this tool can hold; correct it, "
        "or if it is a placeholder (such as 9999-12-31 for an incident still open) leave the cell empty"
    )


def test_naive_times_near_the_end_of_the_range_take_the_text_path(tmp_path: Path) -> None:
    # 2262-04-11 20:00 is in range as a wall-clock time; in Denver (MDT, UTC-6) it is 2262-04-12 02:00
    # UTC, past 2262-04-11 23:47:16: within a day of the end, the typed path steps aside
    path = tmp_path / "late.csv"
    path.write_text("start,end\n2024-01-01 00:00,2262-04-11 20:00\n", encoding="utf-8")
    with typed_calls() as taken:
        result = assert_same(path, tz="America/Denver")
    assert taken == [None]
    assert isinstance(result, str) and "row 1, column 'end': time out of range: '2262-04-11 20:00'" in result


def test_an_ambiguous_end_is_read_alike_on_both_paths(tmp_path: Path) -> None:
    # QA finding 18 on the typed path: 01:50 -> 01:10 on 2024-11-03 in Denver is 07:50 UTC (MDT) ->
    # 08:10 UTC (MST, the second 01:10: the first, 07:10 UTC, is before the start): 20 minutes
    rows = ["2024-01-01 00:00,2024-01-01 01:00"] * (typedcsv.SAMPLE_ROWS + 5)
    path = tmp_path / "fold.csv"
    path.write_text("start,end\n" + "\n".join(rows) + "\n2024-11-03 01:50,2024-11-03 01:10\n", encoding="utf-8")
    with typed_calls() as taken:
        log = assert_same(path, tz="America/Denver")
    assert taken and taken[0] is not None
    assert isinstance(log, IncidentLog)
    assert log.frame["end"].iloc[-1] - log.frame["start"].iloc[-1] == pd.Timedelta(minutes=20)
    assert "row 206 (end, second occurrence), row 206 (start)" in log.warnings[0]


def _csv_files() -> list[Path]:
    found = sorted((ROOT / "samples").glob("*.csv"))
    if SHARED_DATA.is_dir():
        found += sorted(p for p in SHARED_DATA.rglob("*") if p.suffix.lower() in (".csv", ".tsv"))
    return found


@pytest.mark.parametrize("path", _csv_files(), ids=lambda p: p.name)
def test_real_files_read_the_same_on_both_paths(path: Path) -> None:
    # only the plain UTF-8 sample takes the typed path: the vendor exports have a preset detected,
    # the Denver sample names no start/end columns, and a latin-1 reading is no UTF-8; those step
    # aside to the text path (checked here), so for them this only checks that nothing differs
    for kwargs in ({}, {"encoding": "latin-1"}):
        with typed_calls() as taken:
            assert_same(path, **kwargs)
        typed = any(table is not None for table in taken)
        assert typed == (not kwargs and path == ROOT / "samples" / "incidents.csv")


def test_shared_data_present(shared_data: Path) -> None:
    assert any(p.suffix.lower() == ".csv" for p in shared_data.rglob("*"))  # the real files above


@pytest.mark.parametrize("name", ["incidents.csv", "outages_denver.csv"])
def test_a_mapped_file_reads_like_a_read_one(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    from uptime_calc.incidents import formats

    kwargs: dict[str, object] = {}
    if name == "outages_denver.csv":  # samples/README.md: its columns and clock format
        kwargs = {"columns": {"start": "Prob Started", "end": "Prob Fixed", "service": "System"},
                  "time_format": "%m/%d/%Y %H:%M", "tz": "America/Denver"}
    read = read_incidents(ROOT / "samples" / name, **kwargs)  # type: ignore[arg-type]
    monkeypatch.setattr(formats, "MAP_BYTES", 0)
    assert not isinstance(formats.load(ROOT / "samples" / name).buffer, bytes)
    mapped = read_incidents(ROOT / "samples" / name, **kwargs)  # type: ignore[arg-type]
    pd.testing.assert_frame_equal(mapped.frame, read.frame)
    assert mapped.warnings == read.warnings and mapped.method == read.method


def test_label_dtypes_do_not_depend_on_the_input_format(tmp_path: Path) -> None:
    # the same three records as CSV (typed and text paths), JSON Lines and Parquet
    records = pd.DataFrame({
        "id": ["a", "b", "c"],
        "service": ["web", "", "api"],
        "component": ["lb", "db", ""],
        "start": ["2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z", "2024-01-03T00:00:00Z"],
        "end": ["2024-01-01T01:00:00Z", "", "2024-01-03T00:30:00Z"],
        "impact": ["Major", "", "partial"],
        "maintenance": ["false", "true", "false"],
    })
    records.to_csv(tmp_path / "x.csv", index=False)
    records.to_json(tmp_path / "x.jsonl", orient="records", lines=True)
    records.to_parquet(tmp_path / "x.parquet", index=False)
    csv = assert_same(tmp_path / "x.csv")
    assert isinstance(csv, IncidentLog)
    frame = csv.frame
    # service "" falls back to the component ("db"); categories: the sorted values present
    assert frame["service"].tolist() == ["web", "db", "api"]
    assert list(frame["service"].cat.categories) == ["api", "db", "web"]
    assert list(frame["component"].cat.categories) == ["", "db", "lb"]
    assert list(frame["impact"].cat.categories) == ["major", "partial"]
    for name in ("x.jsonl", "x.parquet"):
        other = read_incidents(tmp_path / name).frame
        pd.testing.assert_frame_equal(other, frame, obj=name)


def test_numeric_impact_is_float64_on_every_path(tmp_path: Path) -> None:
    records = pd.DataFrame({"start": ["2024-01-01T00:00:00Z"] * 2, "end": ["", ""], "impact": [0.5, None]})
    records.to_csv(tmp_path / "x.csv", index=False)
    records.to_parquet(tmp_path / "x.parquet", index=False)
    for name in ("x.csv", "x.parquet"):
        impact = read_incidents(tmp_path / name).frame["impact"]
        assert impact.dtype == "float64", name
        assert impact.iloc[0] == 0.5 and pd.isna(impact.iloc[1]), name


@pytest.mark.parametrize(
    ("values", "needed"),
    [
        (["a", "bc", "", "d"], False),
        (["", ""], False),
        (["a", " b"], True),
        (["a", "b\t"], True),
        (["a", "b\u3000"], True),  # ideographic space: not ASCII, so looked at
        (["é", "b"], True),  # any non-ASCII edge byte gets the real trim (which keeps it)
        (["a", None], True),
    ],
)
def test_trim_is_skipped_only_when_no_value_can_need_it(values: list[str | None], needed: bool) -> None:
    import pyarrow as pa

    from uptime_calc.incidents.arrowtext import arrow_strings, may_need_trim

    array = pa.array(values, pa.string())
    assert may_need_trim(array) is needed
    # whatever the shortcut, the values are those of str.strip (the whitespace here is Unicode's)
    assert arrow_strings(array).to_pylist() == [v.strip() if v is not None else None for v in values]


@pytest.mark.parametrize("block", [None, 256])  # one parse chunk, or many (a 256-byte block size)
def test_every_column_of_a_read_frame_can_be_assigned(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, block: int | None
) -> None:
    # pandas cannot always write into a read-only (zero-copy Arrow) column: the reader must not hand one out
    from uptime_calc.incidents import formats

    if block:
        monkeypatch.setattr(formats, "BLOCK_BYTES", block)
    plain = tmp_path / "plain.csv"  # every time ends in Z: the one-cast text path and the typed path
    plain.write_text("id,service,start,end\n" + "".join(
        f"{i},api,2024-01-0{i}T00:00:00Z,2024-01-0{i}T01:00:00Z\n" for i in range(1, 10)
    ), encoding="utf-8")
    for path in (ROOT / "samples" / "incidents.csv", plain):
        for fast in (True, False):
            if fast:
                frame = read_incidents(path).frame
            else:
                with text_path_only():
                    frame = read_incidents(path).frame
            for column in frame.columns:
                value = frame[column].iloc[1]
                frame.loc[0, column] = value
                assert frame[column].iloc[0] == value or (pd.isna(value) and pd.isna(frame[column].iloc[0]))


def test_a_column_given_two_meanings_reads_as_on_the_text_path(tmp_path: Path) -> None:
    path = tmp_path / "two.csv"
    path.write_text("start,end,when\n2024-01-01T00:00:00Z,2024-01-01T01:00:00Z,2024-01-01T00:05:00Z\n",
                    encoding="utf-8")
    log = assert_same(path, columns={"service": "when", "detected_at": "when"})
    assert isinstance(log, IncidentLog)
    assert log.frame["service"].tolist() == ["2024-01-01T00:05:00Z"]  # the text as written
    assert log.frame["detected_at"].iloc[0] == pd.Timestamp("2024-01-01T00:05Z")


def test_an_hour_only_value_after_a_space_is_zoned_on_both_paths(tmp_path: Path) -> None:
    # "2024-03-01 10Z": Arrow reads it as zoned, and so does the text path's offset test: the typed
    # path is taken, with no scan of the whole file for such spellings among the titles
    path = tmp_path / "hour.csv"
    path.write_text("start,end,title\n2024-03-01 10Z,,a b\n2024-03-01 11Z,,c d 10Z\n", encoding="utf-8")
    with typed_calls() as taken:
        log = read_incidents(path, tz="America/Denver")
    assert len(taken) == 1 and taken[0] is not None
    # ISO 8601 UTC, 10:00 and 11:00 (the zone plays no part)
    assert log.frame["start"].tolist() == [pd.Timestamp("2024-03-01T10:00Z"), pd.Timestamp("2024-03-01T11:00Z")]
    assert_same(path, tz="America/Denver")


@pytest.mark.parametrize("lead", [b"", b"\n"])  # Excel writes the header right after the mark
@pytest.mark.parametrize("mapped", [False, True])
def test_a_utf8_byte_order_mark_is_skipped_in_place(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                   mapped: bool, lead: bytes) -> None:
    # Excel's "CSV UTF-8" starts with EF BB BF (the UTF-8 encoding of U+FEFF): not part of the header
    from uptime_calc.incidents import formats

    if mapped:
        monkeypatch.setattr(formats, "MAP_BYTES", 0)
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + lead + b"start,end,service\n2024-01-01T00:00:00Z,2024-01-01T01:00:00Z,api\n")
    assert isinstance(formats.load(path).buffer, bytes) is not mapped
    log = assert_same(path)
    assert isinstance(log, IncidentLog)
    assert log.frame["service"].tolist() == ["api"]
    assert log.frame["end"].tolist() == [pd.Timestamp("2024-01-01T01:00Z")]
    # a bad row is counted from the header (any blank line, then the header, then data row 1)
    path.write_bytes(b"\xef\xbb\xbf" + lead + b"start,end\n2024-01-01T00:00:00Z,,x\n")
    assert assert_same(path) == (
        "InputError: bom.csv: row 1 has 3 fields but the header has 2; check the delimiter (comma was detected) "
        "and the quoting of values that contain it"
    )
