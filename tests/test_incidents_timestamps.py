"""Time parsing: offsets, naive times in a zone, DST gaps and repeats, formats, exact errors.

Expected instants are worked out by hand from the zones' published rules (IANA tz database):
America/Denver is UTC-7 (MST) in winter and UTC-6 (MDT) in summer; in 2024 DST began on
2024-03-10 at 02:00 (clocks jump to 03:00) and ended on 2024-11-03 at 02:00 (clocks go back to
01:00). Europe/Berlin is UTC+1 / UTC+2; DST began on 2024-03-31 at 02:00.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from uptime_calc.errors import InputError
from uptime_calc.incidents import read_incidents
from uptime_calc.incidents.timestamps import parse_times


def write(tmp_path: Path, text: str, name: str = "x.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def utc(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC")


def test_naive_times_read_in_the_zone_with_dst(tmp_path: Path) -> None:
    text = "start,end\n2024-01-15 12:00,2024-07-15 12:00\n"
    frame = read_incidents(write(tmp_path, text), tz="America/Denver").frame
    assert frame["start"].iloc[0] == utc("2024-01-15 19:00")  # MST = UTC-7
    assert frame["end"].iloc[0] == utc("2024-07-15 18:00")  # MDT = UTC-6


def test_spring_forward_gap_shifts_forward_and_is_reported(tmp_path: Path) -> None:
    text = "start,end\n2024-03-10 01:30,2024-03-10 02:30\n2024-03-10 02:15,2024-03-10 04:00\n"
    log = read_incidents(write(tmp_path, text), tz="America/Denver")
    # 02:30 does not exist; shifted to 03:00 MDT = 09:00 UTC. 01:30 MST = 08:30 UTC.
    assert log.frame["start"].iloc[0] == utc("2024-03-10 08:30")
    assert log.frame["end"].iloc[0] == utc("2024-03-10 09:00")
    assert log.frame["start"].iloc[1] == utc("2024-03-10 09:00")
    assert log.warnings == (
        "x.csv: 2 local times do not exist in America/Denver (DST spring-forward gap) and were "
        "shifted forward to the end of the gap: row 1 (end), row 2 (start)",
    )


def test_fall_back_repeat_reads_the_first_occurrence_and_is_reported(tmp_path: Path) -> None:
    text = "start,end\n2024-11-03 00:30,2024-11-03 01:30\n"
    log = read_incidents(write(tmp_path, text), tz="America/Denver")
    # 01:30 happens at 07:30 UTC (MDT, first) and 08:30 UTC (MST, second): first is taken
    assert log.frame["end"].iloc[0] == utc("2024-11-03 07:30")
    assert log.frame["end"].iloc[0] - log.frame["start"].iloc[0] == pd.Timedelta(hours=1)
    assert log.warnings == (
        "x.csv: 1 local time was ambiguous in America/Denver (DST fall-back) and was read as the "
        "first occurrence (daylight time): row 1 (end)",
    )


def test_europe_berlin_gap(tmp_path: Path) -> None:
    frame = read_incidents(write(tmp_path, "start,end\n2024-03-31 02:30,\n"), tz="Europe/Berlin").frame
    assert frame["start"].iloc[0] == utc("2024-03-31 01:00")  # 03:00 CEST = 01:00 UTC


def test_mixed_offsets_in_one_column_and_naive_values(tmp_path: Path) -> None:
    text = (
        "start,end\n"
        "2024-03-01T10:00:00+01:00,\n"
        "2024-03-01T10:00:00Z,\n"
        "2024-03-01T10:00:00-05:00,\n"
        "2024-03-01 10:00,\n"
        "2024-03-01T10:00:00+0530,\n"
        "2024-03-01 10:00:00 UTC,\n"
    )
    frame = read_incidents(write(tmp_path, text), tz="Europe/Berlin").frame
    assert frame["start"].tolist() == [
        utc("2024-03-01 09:00"),
        utc("2024-03-01 10:00"),
        utc("2024-03-01 15:00"),
        utc("2024-03-01 09:00"),  # naive: Berlin winter time, UTC+1
        utc("2024-03-01 04:30"),
        utc("2024-03-01 10:00"),
    ]


def test_nanosecond_fractions_are_kept(tmp_path: Path) -> None:
    frame = read_incidents(write(tmp_path, "start,end\n2024-01-01T00:00:00.123456789Z,\n")).frame
    assert frame["start"].iloc[0].value % 1_000_000_000 == 123_456_789


def test_iso_spellings_arrow_rejects_fall_back_to_pandas(tmp_path: Path) -> None:
    # a space before the offset is not Arrow's ISO 8601 form; pandas reads it
    text = "start,end\n2024-03-01 10:00:00 +01:00,\n2024-03-01T10:00Z,\n"
    frame = read_incidents(write(tmp_path, text)).frame
    assert frame["start"].tolist() == [utc("2024-03-01 09:00"), utc("2024-03-01 10:00")]


def test_time_format_for_non_iso_values(tmp_path: Path) -> None:
    text = "start,end\n6/21/2005 10:54,6/21/2005 11:00\n"
    frame = read_incidents(write(tmp_path, text), time_format="%m/%d/%Y %H:%M", tz="America/Denver").frame
    assert frame["start"].iloc[0] == utc("2005-06-21 16:54")  # MDT
    assert frame["end"].iloc[0] - frame["start"].iloc[0] == pd.Timedelta(minutes=6)


def test_time_format_with_offset(tmp_path: Path) -> None:
    text = "start,end\n21.06.2005 10:54 +0200,\n"
    frame = read_incidents(write(tmp_path, text), time_format="%d.%m.%Y %H:%M %z").frame
    assert frame["start"].iloc[0] == utc("2005-06-21 08:54")


def test_value_not_matching_the_time_format(tmp_path: Path) -> None:
    path = write(tmp_path, "start,end\n6/21/2005 10:54,2005-06-21 11:00\n", "incidents.csv")
    with pytest.raises(InputError) as err:
        read_incidents(path, time_format="%m/%d/%Y %H:%M")
    assert str(err.value) == (
        "incidents.csv, row 1, column 'end': cannot read '2005-06-21 11:00' as a time with "
        "--time-format '%m/%d/%Y %H:%M'; fix the value or the format (strftime codes such as %m/%d/%Y %H:%M)"
    )


def test_unknown_time_zone(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        read_incidents(write(tmp_path, "start,end\n2024-01-01,\n"), tz="Mars/Olympus")
    assert str(err.value) == (
        "unknown time zone 'Mars/Olympus'; use an IANA name such as UTC, Europe/Berlin or America/Denver"
    )


def test_parse_times_accepts_datetime_columns() -> None:
    naive = pd.Series(pd.to_datetime(["2024-07-01 12:00", None]))
    parsed = parse_times(naive, source="x", column="start", rows=[1, 2], tz="Europe/Berlin")
    assert parsed.values.iloc[0] == utc("2024-07-01 10:00")
    assert pd.isna(parsed.values.iloc[1])
    aware = pd.Series(pd.to_datetime(["2024-07-01 12:00+02:00"], utc=True))
    assert parse_times(aware, source="x", column="start", rows=[1]).values.iloc[0] == utc("2024-07-01 10:00")


def test_numbers_are_not_times() -> None:
    # (numbers of the size of Unix epoch seconds or milliseconds are read as such: tests/test_epoch_times.py)
    with pytest.raises(InputError) as err:
        parse_times(pd.Series([17040672]), source="x.parquet", column="start", rows=[1])
    assert str(err.value) == (
        "x.parquet, row 1, column 'start': cannot read the number 17040672 as a time; "
        "use ISO 8601 like 2024-03-01T10:00:00Z or pass --time-format"
    )


def test_offset_after_an_hour_only_value(tmp_path: Path) -> None:
    text = "start,end\n2024-01-01T10+01,2024-01-01T10Z\n"
    frame = read_incidents(write(tmp_path, text), tz="Asia/Tokyo").frame
    assert (frame["start"].iloc[0], frame["end"].iloc[0]) == (utc("2024-01-01 09:00"), utc("2024-01-01 10:00"))


def test_an_hour_after_a_space_keeps_its_offset_beside_naive_values(tmp_path: Path) -> None:
    # RFC 3339 allows a space for the T; ISO 8601 allows the hour alone: 10 at +01 is 09:00 UTC and
    # "10Z" is 10:00 UTC, even in a column (or file) whose other values are naive Tokyo times
    frame = read_incidents(write(tmp_path, "start,end\n2024-01-01 10:00,2024-01-01 10+01\n"
                                           "2024-01-01 10Z,2024-01-01T11:00\n"), tz="Asia/Tokyo").frame
    assert frame["start"].tolist() == [utc("2024-01-01 01:00"), utc("2024-01-01 10:00")]
    assert frame["end"].tolist() == [utc("2024-01-01 09:00"), utc("2024-01-01 02:00")]


def test_an_offset_without_two_digits_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        read_incidents(write(tmp_path, "start,end\n2024-01-01 10:00,2024-01-01 10:00 +1\n"))
    assert str(err.value) == (
        "x.csv, row 1, column 'end': cannot read '2024-01-01 10:00 +1' as a time; "
        "use ISO 8601 like 2024-03-01T10:00:00Z or pass --time-format"
    )


@pytest.mark.parametrize(
    "values",
    [
        ["2024-03-01T10:00:00Z", "2024-03-01T11:30:00Z"],  # the one-cast fast path
        [" 2024-03-01T10:00:00Z", "2024-03-01T11:30:00Z "],  # blanks: the general path
        ["2024-03-01T10:00:00Z", ""],  # an empty value (open incident)
        ["2024-03-01T10:00:00Z", "2024-03-01T12:30:00+01:00"],  # mixed spellings
    ],
)
def test_arrow_columns_read_like_pandas_columns(values: list[str]) -> None:
    # the CSV reader hands Arrow arrays to parse_times; they must read exactly like a pandas column.
    # All four spell 10:00 and 11:30 UTC (12:30+01:00 = 11:30Z), or leave the second empty.
    import pyarrow as pa

    arrow = parse_times(pa.chunked_array([pa.array(values[:1]), pa.array(values[1:])]),
                        source="x", column="start", rows=[1, 2])
    frame = parse_times(pd.Series(values, dtype=object), source="x", column="start", rows=[1, 2])
    first, second = arrow.values.tolist()
    assert first == utc("2024-03-01 10:00")
    if values[1]:
        assert second == utc("2024-03-01 11:30")
    else:
        assert second is pd.NaT
    pd.testing.assert_series_equal(arrow.values, frame.values)


def test_arrow_column_error_names_the_value_as_written() -> None:
    import pyarrow as pa

    with pytest.raises(InputError, match=r"row 2, column 'start': cannot read 'soon' as a time"):
        parse_times(pa.array(["2024-03-01T10:00:00Z", "soon"]), source="x.csv", column="start", rows=[1, 2])


# --- QA finding 1: times outside datetime64[ns] (1677-09-21 .. 2262-04-11) wrapped around silently ---
# (2300-01-01 was read as 1715-06-13, 1600-01-01 as 2184-07-20, 9999-12-31 made a window from 1754)

def out_of_range(source: str, row: int, column: str, value: str) -> str:
    return (
        f"{source}, row {row}, column '{column}': time out of range: {value!r} is outside "
        "1677-09-21 00:12:44 .. 2262-04-11 23:47:16 UTC, the times this tool can hold; correct it, "
        "or if it is a placeholder (such as 9999-12-31 for an incident still open) leave the cell empty"
    )


@pytest.mark.parametrize(
    ("text", "kwargs", "row", "column", "value"),
    [
        # the QA files (bad/huge4.csv, bad/huge.csv): every value ends in Z (typed path, one-cast path)
        ("a,api,2024-01-01T00:00:00Z,2300-01-01T00:00:00Z\n", {}, 1, "end", "2300-01-01T00:00:00Z"),
        ("b,api,1600-01-01T00:00:00Z,1600-01-02T00:00:00Z\n", {}, 1, "start", "1600-01-01T00:00:00Z"),
        ("a,api,2024-01-01T00:00:00Z,2024-01-01T01:00:00Z\nb,api,2024-01-02T00:00:00Z,9999-12-31T23:59:59Z\n",
         {}, 2, "end", "9999-12-31T23:59:59Z"),
        # naive values (localized first), with a zone
        ("a,api,2024-01-01 00:00,2300-01-01 00:00\n", {"tz": "America/Denver"}, 1, "end", "2300-01-01 00:00"),
        # offsets mixed with naive values: the general text path
        ("a,api,2024-01-01T00:00:00+01:00,2024-01-01 01:00\nb,api,0001-01-01T00:00:00+00:00,\n",
         {}, 2, "start", "0001-01-01T00:00:00+00:00"),
        # --time-format (pandas' parser)
        ("a,api,01/01/2024 00:00,12/31/9999 23:59\n", {"time_format": "%m/%d/%Y %H:%M"}, 1, "end",
         "12/31/9999 23:59"),
        # beside a value with nanoseconds (no Arrow unit reads both) pandas reads the column at ns
        # and leaves 2300 unread
        ("a,api,2024-01-01T00:00:00.123456789Z,\nb,api,2300-01-01T00:00:00Z,\n", {}, 2, "start",
         "2300-01-01T00:00:00Z"),
    ],
)
def test_times_out_of_range_are_an_error_not_a_wrapped_date(
    tmp_path: Path, text: str, kwargs: dict[str, str], row: int, column: str, value: str
) -> None:
    path = write(tmp_path, "id,service,start,end\n" + text, "huge.csv")
    with pytest.raises(InputError) as err:
        read_incidents(path, **kwargs)  # type: ignore[arg-type]
    assert str(err.value) == out_of_range("huge.csv", row, column, value)


def test_times_out_of_range_in_json_lines_and_parquet(tmp_path: Path) -> None:
    import datetime as dt

    import pyarrow as pa
    import pyarrow.parquet as pq

    lines = write(tmp_path, '{"start": "2024-01-01T00:00:00Z", "end": "9999-12-31T23:59:59Z"}\n', "x.jsonl")
    with pytest.raises(InputError) as err:
        read_incidents(lines)
    assert str(err.value) == out_of_range("x.jsonl", 1, "end", "9999-12-31T23:59:59Z")
    # Parquet keeps its own unit (here microseconds, UTC; then naive milliseconds): the value is quoted
    # as read, to the second
    for unit, tz, written in (("us", "UTC", "9999-12-31T00:00:00Z"), ("ms", None, "9999-12-31T00:00:00")):
        table = pa.table({
            "start": pa.array([dt.datetime(2024, 1, 1)], pa.timestamp(unit, tz)),
            "end": pa.array([dt.datetime(9999, 12, 31)], pa.timestamp(unit, tz)),
        })
        pq.write_table(table, tmp_path / "x.parquet")
        with pytest.raises(InputError) as err:
            read_incidents(tmp_path / "x.parquet")
        assert str(err.value) == out_of_range("x.parquet", 1, "end", written)


def test_parse_times_checks_datetime_columns_of_any_unit() -> None:
    import numpy as np

    far = pd.Series(np.array(["2024-01-01T00:00", "2262-04-12T00:00"], dtype="datetime64[s]"))
    with pytest.raises(InputError) as err:
        parse_times(far, source="x", column="end", rows=[1, 2])
    assert str(err.value) == out_of_range("x", 2, "end", "2262-04-12T00:00:00")
    # 2262-04-11 23:00 is in range as a wall-clock time, but 06:00 UTC the next day in Denver (MDT)
    local = pd.Series(np.array(["2262-04-11T23:00"], dtype="datetime64[s]"))
    with pytest.raises(InputError, match=r"row 1, column 'end': time out of range: '2262-04-11T23:00:00'"):
        parse_times(local, source="x", column="end", rows=[1], tz="America/Denver")
    # the same in nanoseconds (a Parquet column, a pandas frame): it was pandas' OutOfBoundsDatetime
    with pytest.raises(InputError, match=r"row 1, column 'end': time out of range: '2262-04-11T23:00:00'"):
        parse_times(local.astype("datetime64[ns]"), source="x", column="end", rows=[1], tz="America/Denver")


def test_times_just_inside_the_range_are_read_exactly(tmp_path: Path) -> None:
    text = "start,end\n1677-09-22T00:00:00Z,2262-04-11T00:00:00Z\n"
    frame = read_incidents(write(tmp_path, text)).frame
    assert frame["start"].iloc[0] == utc("1677-09-22")
    assert frame["end"].iloc[0] == utc("2262-04-11")


# --- QA finding 18: the first-occurrence rule made a real outage across the fall-back an end-before-start ---

def test_an_ambiguous_end_before_its_start_is_the_second_occurrence(tmp_path: Path) -> None:
    # /tmp/qa-read/amb.csv: 01:50 -> 01:10 on 2024-11-03 in New York (EDT UTC-4 until 02:00 EDT, then
    # EST UTC-5). Start, first occurrence: 01:50 EDT = 05:50 UTC. End, first occurrence 01:10 EDT =
    # 05:10 UTC is before the start, so the second: 01:10 EST = 06:10 UTC, a 20-minute outage.
    log = read_incidents(write(tmp_path, "start,end\n2024-11-03 01:50,2024-11-03 01:10\n"),
                         tz="America/New_York")
    assert log.frame["start"].iloc[0] == utc("2024-11-03 05:50")
    assert log.frame["end"].iloc[0] == utc("2024-11-03 06:10")
    assert log.warnings == (
        "x.csv: 2 local times were ambiguous in America/New_York (DST fall-back) and were read as the "
        "first occurrence (daylight time), except 1 end read as the second (standard time), as the first "
        "would be before its start: row 1 (end, second occurrence), row 1 (start)",
    )


@pytest.mark.parametrize(
    ("start", "end", "minutes"),
    [
        ("2024-11-03 01:30", "2024-11-03 01:30", 0),  # equal to its start: both first, a zero-length record
        ("2024-11-03 00:30", "2024-11-03 01:30", 60),  # after its start: first occurrence, 06:30 -> 07:30 UTC
        ("2024-11-03 01:40", "2024-11-03 01:20", 40),  # 07:40 UTC (MDT) -> 08:20 UTC (MST)
        ("2024-11-03 02:10", "2024-11-03 01:20", -110),  # 09:10 UTC: before it either way, so first, 07:20 UTC
    ],
)
def test_the_end_rule_on_every_path(tmp_path: Path, start: str, end: str, minutes: int) -> None:
    # America/Denver: 2024-11-03 02:00 MDT (UTC-6) -> 01:00 MST (UTC-7); by hand as in each comment
    import pyarrow as pa
    import pyarrow.parquet as pq

    csv = write(tmp_path, f"start,end\n{start},{end}\n")
    pq.write_table(pa.table({"start": pd.to_datetime([start]), "end": pd.to_datetime([end])}),
                   tmp_path / "x.parquet")
    slash = write(tmp_path, "start,end\n" + ",".join(
        pd.Timestamp(v).strftime("%m/%d/%Y %H:%M") for v in (start, end)) + "\n", "slash.csv")
    logs = [read_incidents(csv, tz="America/Denver"),
            read_incidents(tmp_path / "x.parquet", tz="America/Denver"),
            read_incidents(slash, tz="America/Denver", time_format="%m/%d/%Y %H:%M")]
    for log in logs:
        frame = log.frame
        assert (frame["end"].iloc[0] - frame["start"].iloc[0]) == pd.Timedelta(minutes=minutes)


def test_the_end_rule_in_parse_times() -> None:
    starts = pd.Series([utc("2024-11-03 07:50"), pd.NaT], dtype="datetime64[ns, UTC]")  # 01:50 MDT; none
    parsed = parse_times(pd.Series(["2024-11-03 01:10", "2024-11-03 01:10"]), source="x", column="end",
                         rows=[1, 2], tz="America/Denver", after=starts)
    # 01:10 MST = 08:10 UTC (row 1: before 07:50 when read as 07:10 MDT); row 2 has no start: first
    assert parsed.values.tolist() == [utc("2024-11-03 08:10"), utc("2024-11-03 07:10")]
    assert (parsed.ambiguous_rows, parsed.second_rows) == ([1, 2], [1])


def test_nanosecond_fractions_without_a_range_checking_arrow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # with a pyarrow whose nanosecond parse wraps (apache/arrow#37691) only microseconds are asked of
    # Arrow: nine fraction digits are then read by pandas, to the same instants, and 2300 is refused
    from uptime_calc.incidents import timestamps, typedcsv

    monkeypatch.setattr(timestamps, "arrow_units", lambda: ("us",))
    monkeypatch.setattr(typedcsv, "arrow_units", lambda: ("us",))
    path = write(tmp_path, "start,end\n2024-01-01T00:00:00.123456789Z,2024-01-01T00:00:01.000000001Z\n")
    frame = read_incidents(path).frame
    assert frame["start"].iloc[0].value % 1_000_000_000 == 123_456_789
    assert frame["end"].iloc[0] - frame["start"].iloc[0] == pd.Timedelta(nanoseconds=876_543_212)
    path = write(tmp_path, "start,end\n2024-01-01T00:00:00.123456789Z,2300-01-01T00:00:00.5Z\n")
    with pytest.raises(InputError, match=r"row 1, column 'end': time out of range: '2300-01-01T00:00:00.5Z'"):
        read_incidents(path)
