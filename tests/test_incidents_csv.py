"""CSV/TSV reading: the canonical frame, delimiters, encodings, column mapping, exact errors."""

from __future__ import annotations

import gzip
from pathlib import Path

import pandas as pd
import pytest

from uptime_calc.errors import InputError
from uptime_calc.incidents import FRAME_COLUMNS, read_incidents

from .conftest import labels

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "incidents.csv"


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def error_of(path: Path, **kwargs: object) -> InputError:
    with pytest.raises(InputError) as err:
        read_incidents(path, **kwargs)  # type: ignore[arg-type]
    return err.value


# --- the sample and the schema ---------------------------------------------------------------


def test_sample_reads_into_the_canonical_schema() -> None:
    log = read_incidents(SAMPLE)
    frame = log.frame
    assert tuple(frame.columns) == FRAME_COLUMNS
    assert len(frame) == 27
    for column in ("start", "end", "detected_at", "acknowledged_at"):
        assert str(frame[column].dtype) == "datetime64[ns, UTC]", column
    assert frame["maintenance"].dtype == bool
    assert frame["source_row"].dtype == "int64"
    for column in ("service", "component", "impact"):
        assert frame[column].dtype == "category", column
        assert frame[column].cat.categories.dtype == "str", column
    for column in ("id", "title", "region"):
        assert frame[column].dtype == "str", column
    by_id = frame.set_index("id")
    # api-8 is written 09:00+01:00, i.e. 08:00 UTC (samples/README.md)
    assert by_id.loc["api-8", "start"] == pd.Timestamp("2024-01-25T08:00:00Z")
    assert pd.isna(by_id.loc["db-open", "end"])
    assert by_id.loc["queue-1", "service"] == "queue"  # empty service -> component
    assert frame.loc[frame["maintenance"], "id"].tolist() == ["api-7", "api-13"]
    assert by_id.loc["api-14", "title"] == "=1+1 (formula-looking text stays text)"
    assert by_id.loc["api-12", "title"] == "<b>Gateway</b> errors & timeouts"
    assert by_id.loc["api-9", "detected_at"] == pd.Timestamp("2024-01-28T14:05:00Z")
    assert by_id.loc["api-9", "acknowledged_at"] == pd.Timestamp("2024-01-28T14:12:00Z")
    assert by_id.loc["db-3", "end"] < by_id.loc["db-3", "start"]  # kept, not dropped
    assert by_id.loc["db-2", "end"] == by_id.loc["db-2", "start"]
    assert sorted(frame["impact"].unique()) == ["critical", "degraded", "major", "minor", "partial"]
    assert frame["source_row"].tolist() == list(range(1, 28))
    assert log.warnings == ()
    assert log.preset is None and log.tz == "UTC" and log.source == "incidents.csv"
    assert log.method["format"] == "csv (comma-delimited)"
    assert log.method["columns"] == (
        "by name: id service component start end impact maintenance title region detected_at acknowledged_at"
    )


def test_sample_january_outage_minutes_match_the_readme() -> None:
    """samples/README.md: the union of January api incidents (maintenance excluded) is 405 min."""
    frame = read_incidents(SAMPLE).frame
    api = frame[(frame["service"] == "api") & ~frame["maintenance"] & (frame["start"].dt.month == 1)]
    minutes = sorted(zip(api["start"], api["end"], strict=True))
    total, current_start, current_end = 0.0, None, None
    for start, end in minutes:  # plain interval union, written out (independent of the accounting)
        if current_end is None or start > current_end:
            if current_end is not None:
                total += (current_end - current_start).total_seconds() / 60
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    total += (current_end - current_start).total_seconds() / 60
    assert total == 405


def test_minimal_csv_synthesizes_id_service_and_defaults(tmp_path: Path) -> None:
    path = write(tmp_path, "x.csv", "start,end\n2024-01-01 10:00,2024-01-01 11:00\n2024-01-02,\n")
    frame = read_incidents(path).frame
    assert frame["id"].tolist() == ["1", "2"]
    assert frame["service"].tolist() == ["all", "all"]
    assert frame["component"].tolist() == ["", ""]
    assert labels(frame["impact"]) == [None, None]
    assert frame["maintenance"].tolist() == [False, False]
    assert frame["source_row"].tolist() == [1, 2]
    assert frame["end"].isna().tolist() == [False, True]
    assert frame["start"].tolist() == [pd.Timestamp("2024-01-01T10:00Z"), pd.Timestamp("2024-01-02T00:00Z")]


def test_header_only_gives_an_empty_log_with_a_warning(tmp_path: Path) -> None:
    log = read_incidents(write(tmp_path, "x.csv", "start,end,service\n"))
    assert len(log.frame) == 0
    assert tuple(log.frame.columns) == FRAME_COLUMNS
    assert str(log.frame["start"].dtype) == "datetime64[ns, UTC]"
    assert log.warnings == ("x.csv: the file has a header but no incident rows",)


# --- delimiters, encodings, compression ------------------------------------------------------


def test_utf8_bom_semicolons_and_header_aliases(tmp_path: Path) -> None:
    text = "\ufeffStarted At;RESOLVED_AT;Service;Severity\n2024-01-01 10:00;2024-01-01 11:00;api;Major\n"
    log = read_incidents(write(tmp_path, "x.csv", text))
    row = log.frame.iloc[0]
    assert (row["service"], row["impact"]) == ("api", "major")
    assert row["end"] - row["start"] == pd.Timedelta(hours=1)
    assert log.method["format"] == "csv (semicolon-delimited)"
    assert log.method["columns"] == "service=Service, start=Started At, end=RESOLVED_AT, impact=Severity"


@pytest.mark.parametrize(
    ("name", "delimiter", "label"),
    [("x.tsv", "\t", "tab"), ("x.txt", "\t", "tab"), ("x.csv", "|", "pipe"), ("x.csv", ";", "semicolon")],
)
def test_delimiters(tmp_path: Path, name: str, delimiter: str, label: str) -> None:
    # the title contains commas, so a comma split would give a different field count
    text = delimiter.join(["start", "end", "title"]) + "\n" + delimiter.join(
        ["2024-01-01T00:00Z", "2024-01-01T00:30Z", "a, b, c"]
    ) + "\n"
    log = read_incidents(write(tmp_path, name, text))
    assert log.frame["title"].tolist() == ["a, b, c"]
    assert log.method["format"] == f"csv ({label}-delimited)"


def test_quoted_newlines_and_quotes_in_values(tmp_path: Path) -> None:
    text = 'start,end,title\n2024-01-01,2024-01-02,"line one\nline ""two"""\n2024-01-03,2024-01-04,x\n'
    frame = read_incidents(write(tmp_path, "x.csv", text)).frame
    assert frame["title"].tolist() == ['line one\nline "two"', "x"]
    assert frame["source_row"].tolist() == [1, 2]


def test_non_utf8_bytes_suggest_latin1(tmp_path: Path) -> None:
    path = write(tmp_path, "incidents.csv", b"start,end,title\n2024-01-01,2024-01-02,caf\xe9\n")
    assert str(error_of(path)) == (
        "incidents.csv: line 2 has bytes that are not valid utf-8 (0xe9); "
        "pass --encoding latin-1 (or the file's real encoding, e.g. cp1252)"
    )
    assert read_incidents(path, encoding="latin-1").frame["title"].tolist() == ["café"]


def test_utf16_with_bom_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, "x.txt", "start\tend\tservice\n2024-01-01\t2024-01-02\tapi\n".encode("utf-16"))
    log = read_incidents(path)
    assert log.frame["service"].tolist() == ["api"]
    assert log.method["encoding"] == "utf-16 (from its byte-order mark)"  # QA: it said utf-8


def test_unknown_encoding(tmp_path: Path) -> None:
    path = write(tmp_path, "x.csv", "start,end\n")
    assert str(error_of(path, encoding="klingon")) == (
        "x.csv: unknown encoding 'klingon'; use a Python codec name such as utf-8, latin-1 or cp1252"
    )


def test_gzip_compressed_csv(tmp_path: Path) -> None:
    path = write(tmp_path, "x.csv.gz", gzip.compress(b"start,end\n2024-01-01T00:00Z,2024-01-01T01:00Z\n"))
    log = read_incidents(path)
    assert log.frame["end"].iloc[0] == pd.Timestamp("2024-01-01T01:00Z")
    assert log.method["compression"] == "gzip"


# --- values kept as text ---------------------------------------------------------------------


def test_formula_looking_text_and_leading_zeros_stay_text(tmp_path: Path) -> None:
    text = (
        "id,start,end,title,ticket\n"
        '007,2024-01-01,2024-01-02,=SUM(A1:A2),+1\n'
        '0010,2024-01-01,2024-01-02,"=HYPERLINK(""http://x"")",-2\n'
        "1e3,2024-01-01,2024-01-02,@cmd,=1+1\n"
    )
    frame = read_incidents(write(tmp_path, "x.csv", text)).frame
    assert frame["id"].tolist() == ["007", "0010", "1e3"]
    assert frame["title"].tolist() == ["=SUM(A1:A2)", '=HYPERLINK("http://x")', "@cmd"]
    assert frame["ticket"].tolist() == ["+1", "-2", "=1+1"]
    assert frame["ticket"].dtype == "str"


def test_numeric_impact_becomes_floats_and_labels_are_lower_cased(tmp_path: Path) -> None:
    numeric = read_incidents(write(tmp_path, "n.csv", "start,end,impact\n2024-01-01,,0.5\n2024-01-02,,\n"))
    assert labels(numeric.frame["impact"]) == [0.5, None]
    assert numeric.frame["impact"].dtype == "float64"
    text = read_incidents(write(tmp_path, "l.csv", "start,end,impact\n2024-01-01,,Major\n2024-01-02,,\n"))
    assert labels(text.frame["impact"]) == ["major", None]


def test_maintenance_flags(tmp_path: Path) -> None:
    text = "start,end,maintenance\n" + "".join(
        f"2024-01-0{i},,{flag}\n" for i, flag in enumerate(["yes", "No", "1", "0", "TRUE", ""], start=1)
    )
    frame = read_incidents(write(tmp_path, "x.csv", text)).frame
    assert frame["maintenance"].tolist() == [True, False, True, False, True, False]


def test_bad_maintenance_flag(tmp_path: Path) -> None:
    path = write(tmp_path, "x.csv", "start,end,maintenance\n2024-01-01,,yes\n2024-01-02,,sometimes\n")
    assert str(error_of(path)) == (
        "x.csv, row 2, column 'maintenance': cannot read 'sometimes' as a maintenance flag; "
        "use true/false, yes/no or 1/0"
    )


def test_extra_columns_are_kept_as_text_after_the_canonical_ones(tmp_path: Path) -> None:
    text = "start,end,Root Cause,minutes\n2024-01-01,2024-01-02,disk,1440\n"
    frame = read_incidents(write(tmp_path, "x.csv", text)).frame
    assert list(frame.columns) == list(FRAME_COLUMNS) + ["Root Cause", "minutes"]
    assert frame["minutes"].tolist() == ["1440"]


# --- column mapping --------------------------------------------------------------------------


def test_columns_mapping_any_layout(tmp_path: Path) -> None:
    text = "When,Until,System,Node\n2024-01-01 10:00,2024-01-01 10:30,cluster-2,17\n"
    log = read_incidents(
        write(tmp_path, "x.csv", text),
        columns={"start": "When", "end": "until", "service": "System", "component": "Node"},
    )
    row = log.frame.iloc[0]
    assert (row["service"], row["component"]) == ("cluster-2", "17")
    assert log.method["columns"] == "service=System, component=Node, start=When, end=Until"


def test_exact_canonical_name_wins_over_another_alias(tmp_path: Path) -> None:
    text = "start,began,end\n2024-01-01,2023-01-01,2024-01-02\n"
    frame = read_incidents(write(tmp_path, "x.csv", text)).frame
    assert frame["start"].iloc[0] == pd.Timestamp("2024-01-01T00:00Z")
    assert frame["began"].tolist() == ["2023-01-01"]


def test_ambiguous_aliases_ask_for_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "x.csv", "began,started_at,end\n2024-01-01,2024-01-01,2024-01-02\n")
    assert str(error_of(path)) == (
        "x.csv: columns 'began', 'started_at' could each be 'start'; say which with --columns start=<column>"
    )
    assert read_incidents(path, columns={"start": "began"}).frame["started_at"].tolist() == ["2024-01-01"]


def test_missing_time_column_lists_columns_found(tmp_path: Path) -> None:
    path = write(tmp_path, "incidents.csv", "Began,Service\n2024-01-01,api\n")
    assert str(error_of(path)) == (
        "incidents.csv: no 'end' column found; columns found: 'Began', 'Service'; "
        "name them with --columns end=<column>"
    )


def test_missing_both_time_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "incidents.csv", "When,Until\n2024-01-01,2024-01-02\n")
    assert str(error_of(path)) == (
        "incidents.csv: no 'start' or 'end' column found; columns found: 'When', 'Until'; "
        "name them with --columns start=<column>,end=<column>"
    )


def test_unknown_canonical_name_and_unknown_source_column(tmp_path: Path) -> None:
    path = write(tmp_path, "x.csv", "start,end\n2024-01-01,2024-01-02\n")
    assert str(error_of(path, columns={"begin": "start"})) == (
        "x.csv: unknown canonical column 'begin' in --columns; use one of: id, service, component, "
        "start, end, impact, maintenance, title, region, detected_at, acknowledged_at"
    )
    assert str(error_of(path, columns={"service": "System"})) == (
        "x.csv: --columns service=System: the file has no column 'System'; columns found: 'start', 'end'"
    )


# --- errors ----------------------------------------------------------------------------------


def test_bad_time_names_file_row_and_column(tmp_path: Path) -> None:
    rows = "".join(f"2024-01-0{i} 10:00,2024-01-0{i} 11:00\n" for i in range(1, 7))
    path = write(tmp_path, "incidents.csv", "start,end\n" + rows + "2024-13-45 10:00,2024-01-08 11:00\n")
    err = error_of(path)
    assert str(err) == (
        "incidents.csv, row 7, column 'start': cannot read '2024-13-45 10:00' as a time; "
        "use ISO 8601 like 2024-03-01T10:00:00Z or pass --time-format"
    )
    assert (err.source, err.row, err.column) == ("incidents.csv", 7, "start")


def test_bad_time_in_a_mapped_column_names_the_source_header(tmp_path: Path) -> None:
    path = write(tmp_path, "x.csv", "Began,Fixed\n2024-01-01,yesterday\n")
    assert str(error_of(path, columns={"start": "Began", "end": "Fixed"})) == (
        "x.csv, row 1, column 'Fixed': cannot read 'yesterday' as a time; "
        "use ISO 8601 like 2024-03-01T10:00:00Z or pass --time-format"
    )


def test_empty_start(tmp_path: Path) -> None:
    path = write(tmp_path, "x.csv", "start,end\n2024-01-01,2024-01-02\n,2024-01-03\n")
    assert str(error_of(path)) == (
        "x.csv, row 2, column 'start': the start time is empty; every incident needs a start "
        "(an empty end means the incident is still open)"
    )


def test_empty_file(tmp_path: Path) -> None:
    for content in (b"", b"\n\n", b"\xef\xbb\xbf"):
        assert str(error_of(write(tmp_path, "x.csv", content))) == (
            "x.csv: the file is empty; expected a header row (e.g. start,end,service) "
            "and one row per incident"
        )


def test_row_with_too_many_fields(tmp_path: Path) -> None:
    path = write(tmp_path, "x.csv", "start,end\n2024-01-01,2024-01-02\n2024-01-03,2024-01-04,oops\n")
    assert str(error_of(path)) == (
        "x.csv: row 2 has 3 fields but the header has 2; check the delimiter (comma was detected) "
        "and the quoting of values that contain it"
    )


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.csv"
    assert str(error_of(path)) == f"{path}: file not found; check the path"


def test_windows_line_endings(tmp_path: Path) -> None:
    path = write(tmp_path, "x.csv", "start,end,title\r\n2024-01-01,2024-01-02,a\r\n2024-01-03,,b\r\n")
    frame = read_incidents(path).frame
    assert frame["title"].tolist() == ["a", "b"]
    assert frame["end"].isna().tolist() == [False, True]


def test_duplicate_and_blank_headers_are_made_unique(tmp_path: Path) -> None:
    path = write(tmp_path, "x.csv", "start,end,note,note,\n2024-01-01,2024-01-02,a,b,c\n")
    frame = read_incidents(path).frame
    assert list(frame.columns[len(FRAME_COLUMNS):]) == ["note", "note.1", "column_5"]
    assert frame[["note", "note.1", "column_5"]].iloc[0].tolist() == ["a", "b", "c"]


def test_padded_and_mixed_values_read_through_the_arrow_path(tmp_path: Path) -> None:
    # the CSV path works on Arrow arrays: blanks around values are stripped, labels lower-cased,
    # flags read case-insensitively, empty service -> "all", mixed time spellings per column.
    # Hand values: 00:00+01:00 on 3 Jan is 23:00 UTC on 2 Jan.
    text = (
        "id,service,start,end,impact,maintenance\n"
        "1, api ,2024-01-01T00:00:00Z, 2024-01-01T01:00:00Z , Major , YES \n"
        "2,,2024-01-02 00:00,2024-01-02 01:00,,\n"
        "3,db,2024-01-03T00:00:00+01:00,2024-01-03T01:00:00Z,partial,0\n"
    )
    frame = read_incidents(write(tmp_path, "pad.csv", text)).frame
    assert frame["service"].tolist() == ["api", "all", "db"]
    assert labels(frame["impact"]) == ["major", None, "partial"]
    assert frame["maintenance"].tolist() == [True, False, False]
    assert frame["start"].tolist() == [
        pd.Timestamp("2024-01-01T00:00Z"), pd.Timestamp("2024-01-02T00:00Z"), pd.Timestamp("2024-01-02T23:00Z")
    ]
    assert frame["end"].tolist() == [
        pd.Timestamp("2024-01-01T01:00Z"), pd.Timestamp("2024-01-02T01:00Z"), pd.Timestamp("2024-01-03T01:00Z")
    ]
    assert frame["service"].dtype == "category" and frame["impact"].dtype == "category"


def test_a_repeated_header_is_read_once_with_a_warning(tmp_path: Path) -> None:
    # found by QA: a header naming `start` twice was read silently (the first one used)
    text = "id,service,start,start,end\na,api,2024-01-01T00:00Z,2024-01-01T05:00Z,2024-01-01T01:00Z\n"
    log = read_incidents(write(tmp_path, "x.csv", text))
    assert log.frame["start"].tolist() == [pd.Timestamp("2024-01-01T00:00Z")]
    assert log.frame["start.1"].tolist() == ["2024-01-01T05:00Z"]
    assert ("x.csv: the header names 'start' more than once; the first is read as 'start' (the others are kept "
            "as start.1...): rename them, or choose with --columns start=<column>") in log.warnings


def test_a_lone_header_without_a_newline(tmp_path: Path) -> None:
    # QA: Arrow refused the file ("Could not skip initial 1 rows"), which read as a ragged-row error
    log = read_incidents(write(tmp_path, "x.csv", "id,service,start,end"))
    assert len(log.frame) == 0
    assert "x.csv: the file has a header but no incident rows" in log.warnings
    assert str(error_of(write(tmp_path, "y.csv", "garbage"))).startswith("y.csv: no 'start' or 'end' column found")


def test_old_mac_line_endings(tmp_path: Path) -> None:
    # review: a file with CR-only line endings was a traceback (csv's "new-line character seen in unquoted field")
    text = ("start,end,service\r2024-01-01T00:00:00Z,2024-01-01T01:00:00Z,api\r"
            "2024-01-02T00:00:00Z,2024-01-02T00:30:00Z,web\r")
    frame = read_incidents(write(tmp_path, "x.csv", text.encode())).frame
    assert frame["service"].tolist() == ["api", "web"]
    assert (frame["end"] - frame["start"]).dt.total_seconds().tolist() == [3600.0, 1800.0]
