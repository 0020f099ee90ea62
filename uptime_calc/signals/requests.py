"""Read request logs: access logs (nginx/Apache, HAProxy, Envoy), CSV or JSON Lines of requests,
and counts of good and total requests from a metrics system.

The result is a :class:`RequestLog` of compact arrays (times as int64 ns UTC), not a frame of
text: an access log of ten million lines becomes about 200 MB.

* Access logs are read as lines by pyarrow's CSV reader (one column, no quoting), in blocks,
  and each block is parsed by one regular expression (:mod:`uptime_calc.signals.accesslog`)
  on a pool of threads; gzip, bzip2, zstd, lz4 and xz files are read as they are.
* Tables of requests: ``time`` and ``status`` columns, optionally ``latency`` (seconds) or
  ``latency_ms``, ``route``, ``host``.
* Counts: ``time``, ``good`` and ``total`` (or ``bad`` and ``total``); a time is ISO 8601 or
  Unix seconds (Prometheus); each row counts the requests of the step ending at its time.

>>> import io, tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "c.csv").write_text("time,good,total\\n2024-01-01T00:05Z,990,1000\\n")
>>> log = read_requests(folder / "c.csv")
>>> log.kind, log.good.tolist(), log.total.tolist()
('counts', [990.0], [1000.0])
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..progress import Progress
from .accesslog import FORMATS, LINE_FORMAT_NAMES, LogFormat, parse_lines, sniff
from .accesslog import log_format as line_format

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

#: the ``--log-format`` choices
LOG_FORMATS: tuple[str, ...] = ("auto", *LINE_FORMAT_NAMES, "csv", "jsonl", "counts")
#: how many malformed lines are shown (all are counted)
SHOWN = 5
#: column names accepted for each field of a table of requests or counts (first match wins)
ALIASES: dict[str, tuple[str, ...]] = {
    "time": ("time", "timestamp", "ts", "datetime", "date", "@timestamp", "start_time"),
    "status": ("status", "status_code", "code", "response_code", "http_status"),
    "latency": ("latency", "latency_s", "latency_seconds", "duration", "duration_s", "request_time",
                "response_time"),
    "latency_ms": ("latency_ms", "duration_ms", "response_time_ms"),
    "route": ("route", "path", "endpoint", "handler", "url"),
    "host": ("host", "authority", "server", "backend", "instance"),
    "good": ("good", "good_requests", "success", "ok"),
    "bad": ("bad", "bad_requests", "errors", "error"),
    "total": ("total", "total_requests", "requests", "valid", "count"),
}


@dataclass(frozen=True)
class RequestLog:
    """Requests (one per line) or counts (good and total per time), read from a file.

    Attributes
    ----------
    kind:
        ``requests`` (one row per request) or ``counts``.
    time_ns:
        int64 ns UTC of each request or count row.
    status:
        int16 HTTP status per request (``None`` for counts).
    latency_s:
        float64 seconds per request, NaN where not logged (``None`` when the source has none).
    good, total:
        float64 counts per row (``None`` for requests).
    groups:
        ``{"route": codes}`` or ``{"host": codes}`` (int32 codes into ``labels[name]``), or empty.
    labels:
        The distinct values of each grouping column, indexed by code.
    rows:
        Lines (or rows) read, blank ones included.
    malformed:
        How many lines could not be read.
    malformed_shown:
        The first few malformed lines: ``(line number, text)``.
    method:
        How the file was read, in words.
    """

    kind: str
    time_ns: np.ndarray
    status: np.ndarray | None = None
    latency_s: np.ndarray | None = None
    good: np.ndarray | None = None
    total: np.ndarray | None = None
    groups: dict[str, np.ndarray] = field(default_factory=dict)
    labels: dict[str, np.ndarray] = field(default_factory=dict)
    rows: int = 0
    malformed: int = 0
    malformed_shown: tuple[tuple[int, str], ...] = ()
    source: str = ""
    method: dict[str, Any] = field(default_factory=dict)

    def malformed_note(self) -> str:
        """One line: how many lines were malformed and the first few, with their numbers."""
        if not self.malformed:
            return "no malformed lines"
        shown = "; ".join(f"line {n}: {text[:160]!r}" for n, text in self.malformed_shown)
        more = f" (first {len(self.malformed_shown)} shown)" if self.malformed > len(self.malformed_shown) else ""
        return f"{self.malformed} malformed line(s) skipped{more}: {shown}"


def read_requests(
    path: str | Path,
    *,
    log_format: str = "auto",
    tz: str = "UTC",
    group_by: str | None = None,
    strict: bool = False,
    progress: Progress | None = None,
) -> RequestLog:
    """Read a request log or a counts table.

    Parameters
    ----------
    path:
        The file (``.gz``, ``.bz2``, ``.zst``, ``.lz4`` or ``.xz`` compressed or not).
    log_format:
        ``auto`` (detected from the first lines; the method says what was found), ``combined``
        (also ``nginx``, ``apache``), ``haproxy``, ``envoy``, ``csv``, ``jsonl`` or ``counts``.
    tz:
        Zone of times that carry no offset (HAProxy logs local time; a CSV may too).
    group_by:
        ``route``, ``host`` or, for a table, any column.
    strict:
        Raise :class:`~uptime_calc.errors.InputError` at the first malformed line instead of
        counting it.
    progress:
        ``progress(stage, done, total)`` as blocks of the file are read.
    """
    from ..accounting.periods import check_tz

    p = Path(path)
    if not p.is_file():
        raise InputError("no such file", source=str(p))
    tz = check_tz(tz)
    name = log_format.strip().lower()
    if name not in LOG_FORMATS:
        raise InputError(f"unknown log format {log_format!r}; choose one of {', '.join(LOG_FORMATS)}")
    how = "given (--log-format)"
    if name == "auto":
        name, how = _detect(p)
    if name in ("csv", "jsonl", "counts"):
        return _read_table(p, name, how, tz=tz, group_by=group_by, strict=strict)
    return _read_lines(p, line_format(name), how, tz=tz, group_by=group_by, strict=strict, progress=progress)


# -- opening and detecting ---------------------------------------------------------------------


def _open(p: Path) -> Any:
    """A binary stream of the file's text, decompressed (xz through Python's lzma; the rest by pyarrow)."""
    import pyarrow as pa

    try:
        if p.suffix.lower() in (".xz", ".lzma"):
            import lzma

            return lzma.open(p, "rb")
        return pa.input_stream(str(p), compression="detect")
    except OSError as exc:
        raise InputError(f"cannot open: {exc}", source=str(p)) from exc


def _head(p: Path, n: int = 50) -> list[str]:
    """The first ``n`` non-blank lines (decompressed, decoded leniently)."""
    stream = _open(p)
    try:
        data = stream.read(1 << 16)
    finally:
        stream.close()
    text = data.decode("utf-8-sig", errors="replace")
    lines = text.splitlines()
    if len(data) == 1 << 16 and lines:
        lines = lines[:-1]  # cut mid-line
    return [line for line in lines if line.strip()][:n]


def _detect(p: Path) -> tuple[str, str]:
    """The format of the file, and a phrase saying how it was recognised."""
    lines = _head(p)
    if not lines:
        raise InputError("the file is empty; give an access log, a CSV of requests or a counts table",
                         source=str(p))
    first = lines[0].strip()
    if first.startswith("{"):
        import json

        try:
            keys = {k.lower() for k in json.loads(first)}
        except ValueError:
            keys = set()
        if keys:
            kind = "counts" if _is_counts(keys) else "jsonl"
            return kind, f"detected: JSON Lines with keys {', '.join(sorted(keys))}"
    fmt, hits = sniff(lines)
    if fmt is not None and hits * 2 > len(lines):
        return fmt.name, f"detected: {hits} of the first {len(lines)} lines match {fmt.title}"
    header = {h.strip().strip('"').lower() for h in first.replace(";", ",").replace("\t", ",").split(",")}
    if _is_counts(header):
        return "counts", "detected: a table with good/total columns"
    if header & set(ALIASES["time"]) and header & set(ALIASES["status"]):
        return "csv", "detected: a table with time and status columns"
    raise InputError(
        "cannot tell the format of the file: its first lines are neither an nginx/Apache combined, HAProxy "
        "or Envoy access log, nor a table with time and status (or good and total) columns; name it with "
        f"--log-format ({', '.join(LOG_FORMATS[1:])})", source=str(p), row=1)


def _is_counts(keys: set[str]) -> bool:
    return bool(keys & set(ALIASES["total"])) and bool(keys & (set(ALIASES["good"]) | set(ALIASES["bad"]))) \
        and not keys & set(ALIASES["status"])


# -- access logs -------------------------------------------------------------------------------


def _read_lines(p: Path, fmt: LogFormat, how: str, *, tz: str, group_by: str | None, strict: bool,
                progress: Progress | None) -> RequestLog:
    by = _line_grouping(group_by, fmt, p)
    skipped: list[tuple[int, str]] = []
    stream = _open(p)
    try:
        return _parse_stream(stream, p, fmt, how, tz=tz, by=by, strict=strict, progress=progress, skipped=skipped)
    finally:
        stream.close()


def _parse_stream(stream: Any, p: Path, fmt: LogFormat, how: str, *, tz: str, by: str | None, strict: bool,
                  progress: Progress | None, skipped: list[tuple[int, str]]) -> RequestLog:
    import os
    from concurrent.futures import ThreadPoolExecutor

    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pcsv

    def odd_row(row: Any) -> str:  # a line holding the 0x1f byte the reader splits on: malformed
        skipped.append((int(row.number) if row.number and row.number > 0 else -1, str(row.text)))
        return "skip"

    reader = pcsv.open_csv(
        stream,
        read_options=pcsv.ReadOptions(column_names=["line"], block_size=1 << 22),
        parse_options=pcsv.ParseOptions(delimiter="\x1f", quote_char=False, escape_char=False,
                                        ignore_empty_lines=False, invalid_row_handler=odd_row),
        convert_options=pcsv.ConvertOptions(column_types={"line": pa.string()}, check_utf8=False,
                                            strings_can_be_null=False, quoted_strings_can_be_null=False),
    )
    size = p.stat().st_size

    def parse(item: tuple[int, Any]) -> tuple[int, Any, Any]:
        first, batch = item
        lines = batch.column(0)
        return first, lines, parse_lines(lines, fmt, tz=tz, route=by == "route", host=by == "host")

    def numbered() -> Any:
        first = 1
        for batch in reader:
            yield first, batch
            first += batch.num_rows

    parts = []
    shown: list[tuple[int, str]] = []
    malformed = rows = 0
    workers = max(1, min(pa.cpu_count(), os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        # a bounded window of blocks in flight: memory stays a few blocks, whatever the file's size
        pending = numbered()
        window = [pool.submit(parse, item) for item in itertools.islice(pending, 2 * workers)]
        while window:
            first, lines, parsed = window.pop(0).result()
            nxt = next(pending, None)
            if nxt is not None:
                window.append(pool.submit(parse, nxt))
            rows += len(lines)
            bad = parsed.bad_positions
            if len(bad):
                malformed += len(bad)
                if strict:
                    raise InputError(f"malformed line (not {fmt.title}): {lines[int(bad[0])].as_py()[:200]!r}; "
                                     "fix it, or leave out --strict to skip and count such lines",
                                     source=str(p), row=first + int(bad[0]))
                for pos in bad[: max(0, SHOWN - len(shown))]:
                    shown.append((first + int(pos), str(lines[int(pos)].as_py())))
            parts.append(parsed)
            if progress is not None:
                progress(f"reading {p.name}", min(rows * 200, size), size)  # about 200 bytes a line
    if skipped:
        malformed += len(skipped)
        if strict:
            raise InputError("malformed line (holds the control byte 0x1f)", source=str(p), row=skipped[0][0])
        shown.extend(skipped[: max(0, SHOWN - len(shown))])
    shown.sort()

    def cat(name: str) -> np.ndarray:
        return np.concatenate([getattr(x, name) for x in parts]) if parts else np.zeros(0)

    time_ns = cat("time_ns").astype(np.int64)
    status = cat("status").astype(np.int16)
    latency = cat("latency_s").astype(float) if parts and parts[0].latency_s is not None else None
    if latency is not None and np.isnan(latency).all():
        latency = None  # a combined log without $request_time
    groups: dict[str, np.ndarray] = {}
    labels: dict[str, np.ndarray] = {}
    if by is not None:
        import pandas as pd

        codes, uniques = pd.factorize(np.concatenate([getattr(x, by) for x in parts]) if parts else np.zeros(0),
                                      sort=True)
        groups[by], labels[by] = codes.astype(np.int32), np.asarray(uniques, dtype=object)
    method = {
        "source": str(p),
        "format": f"{fmt.title} ({how})",
        "lines": f"{rows} read, {len(time_ns)} requests, {malformed} malformed (skipped)",
        "times": "to the second" + ("" if fmt.utc else f"; logged without an offset, read as {tz} (--tz)"),
        "latency": (fmt.latency_field if latency is not None else "not in this log"),
    }
    if by is not None:
        method["grouping"] = f"per {by}" + (f" ({fmt.host_field})" if by == "host" else " (path without query)")
    return RequestLog(kind="requests", time_ns=time_ns, status=status, latency_s=latency, groups=groups,
                      labels=labels, rows=rows, malformed=malformed, malformed_shown=tuple(shown[:SHOWN]),
                      source=str(p), method=method)


def _line_grouping(group_by: str | None, fmt: LogFormat, p: Path) -> str | None:
    if group_by is None:
        return None
    by = group_by.strip().lower()
    if by not in ("route", "host"):
        raise InputError(f"an access log can be grouped by route or host, not {group_by!r}", source=str(p))
    if by == "host" and not fmt.host_field:
        raise InputError(f"a {fmt.title} log names no host (its first field is the client); group by route, or "
                         "log in a format with the Host header (HAProxy, Envoy, or a CSV with a host column)",
                         source=str(p))
    return by


# -- tables: CSV / JSON Lines of requests or counts -----------------------------------------------


def _read_table(p: Path, name: str, how: str, *, tz: str, group_by: str | None, strict: bool) -> RequestLog:
    import numpy as np

    frame = _table_frame(p)
    cols = {c.strip().lower(): c for c in frame.columns}

    def find(key: str, required: bool = False) -> str | None:
        for alias in ALIASES[key]:
            if alias in cols:
                return cols[alias]
        if required:
            raise InputError(f"no {key} column; name one of {', '.join(ALIASES[key])} (columns: "
                             f"{', '.join(map(str, frame.columns))})", source=str(p))
        return None

    kind = "counts" if name == "counts" or _is_counts(set(cols)) else "requests"
    time_col = find("time", required=True)
    assert time_col is not None
    first_row = 2 if p.suffix.lower() not in (".jsonl", ".ndjson", ".json") and name != "jsonl" else 1
    rownum = np.arange(first_row, first_row + len(frame))
    time_ns, bad_time = _table_times(frame[time_col], tz)
    bad = bad_time.copy()
    method: dict[str, Any] = {"source": str(p), "format": f"{'counts' if kind == 'counts' else 'requests'} "
                              f"table ({how})"}
    out: dict[str, Any] = {}
    if kind == "counts":
        total_col = find("total", required=True)
        good_col, bad_col = find("good"), find("bad")
        total = _numbers(frame[total_col])
        if good_col is not None:
            good = _numbers(frame[good_col])
        elif bad_col is not None:
            good = total - _numbers(frame[bad_col])
        else:
            raise InputError("a counts table needs a good (or bad) column beside total", source=str(p))
        bad |= np.isnan(total) | np.isnan(good) | (good < 0) | (good > total * (1 + 1e-12))
        out.update(good=good, total=total)
        good_text = f"column {good_col!r}" if good_col is not None else f"{total_col!r} - {bad_col!r}"
        method["counts"] = (f"good = {good_text}, total = column {total_col!r}; each row counts the requests of "
                            "the step ending at its time")
    else:
        status_col = find("status", required=True)
        status = _numbers(frame[status_col])
        bad |= np.isnan(status) | (status < -1) | (status > 999)
        out["status"] = np.where(np.isnan(status), 0, status).astype(np.int16)
        lat_col, lat_ms = find("latency"), find("latency_ms")
        if lat_col is not None or lat_ms is not None:
            out["latency_s"] = _numbers(frame[lat_col]) if lat_col is not None else \
                _numbers(frame[lat_ms]) / 1000.0  # type: ignore[index]
            method["latency"] = f"column {lat_col!r} (seconds)" if lat_col else f"column {lat_ms!r} (ms)"
    groups: dict[str, np.ndarray] = {}
    labels: dict[str, np.ndarray] = {}
    if group_by is not None:
        key = group_by.strip()
        col = cols.get(key.lower()) or (find(key.lower()) if key.lower() in ("route", "host") else None)
        if col is None:
            raise InputError(f"no column {group_by!r} to group by; columns: {', '.join(map(str, frame.columns))}",
                             source=str(p))
        import pandas as pd

        codes, uniques = pd.factorize(frame[col].astype("string").fillna("-"), sort=True)
        groups[key.lower()], labels[key.lower()] = codes.astype(np.int32), np.asarray(uniques, dtype=object)
        method["grouping"] = f"per {key.lower()} (column {col!r})"
    n_bad = int(bad.sum())
    shown = tuple((int(rownum[i]), _row_text(frame, i)) for i in np.flatnonzero(bad)[:SHOWN])
    if n_bad and strict:
        raise InputError(f"malformed row: {shown[0][1]}; fix it, or leave out --strict to skip and count such rows",
                         source=str(p), row=shown[0][0])
    keep = ~bad
    method["lines"] = f"{len(frame)} rows read, {int(keep.sum())} used, {n_bad} malformed (skipped)"
    return RequestLog(
        kind=kind, time_ns=time_ns[keep],
        status=out["status"][keep] if "status" in out else None,
        latency_s=out["latency_s"][keep] if "latency_s" in out else None,
        good=out["good"][keep] if "good" in out else None,
        total=out["total"][keep] if "total" in out else None,
        groups={k: v[keep] for k, v in groups.items()}, labels=labels,
        rows=len(frame), malformed=n_bad, malformed_shown=shown, source=str(p), method=method,
    )


def _table_frame(p: Path) -> pd.DataFrame:
    import pyarrow as pa
    import pyarrow.csv as pcsv
    import pyarrow.json as pjson

    stream = _open(p)
    try:
        head = _head(p, 1)
        if head and head[0].lstrip().startswith("{"):
            table = pjson.read_json(stream)
        else:
            delimiter = "\t" if head and head[0].count("\t") > head[0].count(",") else ","
            table = pcsv.read_csv(stream, parse_options=pcsv.ParseOptions(delimiter=delimiter),
                                  convert_options=pcsv.ConvertOptions(strings_can_be_null=True))
    except pa.ArrowInvalid as exc:
        raise InputError(f"cannot read the table: {exc}", source=str(p)) from exc
    finally:
        stream.close()
    return table.to_pandas()


def _numbers(col: pd.Series) -> np.ndarray:
    import numpy as np
    import pandas as pd

    return np.asarray(pd.to_numeric(col, errors="coerce"), dtype=float)


def _table_times(col: pd.Series, tz: str) -> tuple[np.ndarray, np.ndarray]:
    """A time column as int64 ns UTC and the mask of cells that are no time: ISO text (naive in
    ``tz``) or Unix seconds."""
    import numpy as np
    import pandas as pd

    if pd.api.types.is_numeric_dtype(col.dtype) and not pd.api.types.is_bool_dtype(col.dtype):
        secs = np.asarray(col, dtype=float)
        bad = ~np.isfinite(secs)
        return np.where(bad, 0, np.round(secs * 1e9)).astype(np.int64), bad
    if isinstance(col.dtype, pd.DatetimeTZDtype):
        stamps = col.dt.tz_convert("UTC")
    else:
        text = col.astype("string")
        stamps = pd.to_datetime(text, errors="coerce", format="ISO8601", utc=False)
        if isinstance(stamps.dtype, pd.DatetimeTZDtype):
            stamps = stamps.dt.tz_convert("UTC")
        else:
            if not pd.api.types.is_datetime64_dtype(stamps.dtype):  # mixed offsets: each in UTC
                stamps = pd.to_datetime(text, errors="coerce", format="ISO8601", utc=True)
            else:
                stamps = stamps.dt.tz_localize(tz, ambiguous=np.ones(len(stamps), dtype=bool),
                                               nonexistent="shift_forward").dt.tz_convert("UTC")
    bad = np.asarray(stamps.isna())
    ns = stamps.dt.tz_localize(None).astype("datetime64[ns]").to_numpy().view(np.int64)
    return np.where(bad, 0, ns), bad


def _row_text(frame: pd.DataFrame, i: int) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in frame.iloc[int(i)].items())


__all__ = ["FORMATS", "LOG_FORMATS", "RequestLog", "read_requests"]
