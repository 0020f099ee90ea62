"""Property: a canonical frame written to CSV (ISO times) reads back as the same frame."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from uptime_calc.incidents import FRAME_COLUMNS, read_incidents

# text as people type it: any printable character including , ; " ' = + - @ < > and newlines,
# no surrounding whitespace (the reader strips cells)
TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\n"), max_size=12
).map(str.strip)
NAME = TEXT.filter(bool)
INSTANT = st.builds(
    lambda moment, nanos: pd.Timestamp(moment) + pd.Timedelta(nanoseconds=nanos),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)),
    st.integers(0, 999),
)
RECORD = st.fixed_dictionaries({
    "id": NAME,
    "service": NAME,
    "component": TEXT,
    "start": INSTANT,
    "end": st.none() | INSTANT,
    "impact": st.sampled_from([None, "critical", "major", "partial", "minor", "none"]),
    "maintenance": st.booleans(),
    "title": TEXT,
    "region": TEXT,
    "detected_at": st.none() | INSTANT,
    "acknowledged_at": st.none() | INSTANT,
    "note": TEXT,
})


def category(values: list[object]) -> pd.Series:
    """Labels as the reader gives them: ``category`` with the sorted distinct values as ``str`` categories."""
    present = sorted({str(v) for v in values if v is not None})
    return pd.Series(pd.Categorical(values, categories=pd.Index(present, dtype="str")))


def canonical(records: list[dict[str, object]]) -> pd.DataFrame:
    frame = pd.DataFrame(records)
    out = pd.DataFrame({
        "id": frame["id"].astype("str"),
        "service": category(frame["service"].tolist()),
        "component": category(frame["component"].tolist()),
        "start": pd.to_datetime(frame["start"], utc=True).astype("datetime64[ns, UTC]"),
        "end": pd.to_datetime(frame["end"], utc=True).astype("datetime64[ns, UTC]"),
        "impact": category([r["impact"] for r in records]),
        "maintenance": frame["maintenance"].astype(bool),
        "title": frame["title"].astype("str"),
        "region": frame["region"].astype("str"),
        "detected_at": pd.to_datetime(frame["detected_at"], utc=True).astype("datetime64[ns, UTC]"),
        "acknowledged_at": pd.to_datetime(frame["acknowledged_at"], utc=True).astype("datetime64[ns, UTC]"),
        "source_row": pd.Series(range(1, len(frame) + 1), dtype="int64"),
        "note": frame["note"].astype("str"),
    })
    assert tuple(out.columns[:-1]) == FRAME_COLUMNS
    return out


def to_csv_text(frame: pd.DataFrame) -> str:
    written = frame.drop(columns="source_row").copy()
    for column in ("start", "end", "detected_at", "acknowledged_at"):
        written[column] = [t.isoformat() if not pd.isna(t) else "" for t in frame[column]]
    written["maintenance"] = written["maintenance"].map({True: "true", False: "false"})
    return written.to_csv(index=False)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(RECORD, min_size=1, max_size=8))
def test_csv_round_trip(records: list[dict[str, object]]) -> None:
    expected = canonical(records)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "log.csv"
        path.write_text(to_csv_text(expected), encoding="utf-8")
        got = read_incidents(path).frame
    pd.testing.assert_frame_equal(got, expected)
