"""``read_probes``: a probe, health-check or heartbeat log -> :class:`ProbeLog`.

Two layouts are read:

* **long**: one row per probe, ``time, target, result`` (columns found by name, or mapped with
  ``columns={"time": "checked_at", ...}``); the result is ``up``/``down`` (also ok/fail,
  true/false, 1/0...), an HTTP status (2xx and 3xx are up, as HAProxy's ``httpchk`` counts them),
  or, with ``slow``, a latency in seconds (or ``350ms``) that is up when below ``slow`` (an empty
  or non-numeric latency, such as ``timeout``, is a failed probe). Without a target column the
  file is one target, named after the file.
* **matrix**: one column per target and one row per probe round, cells 1 (up) / 0 (down), an
  empty cell meaning no probe; the rounds are placed in time by a ``time`` column when the file
  has one, else at ``start + i x interval``.

>>> import io, tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "p.csv").write_text("time,target,result\\n2024-01-01T00:00:00Z,api,up\\n"
...                                  "2024-01-01T00:01:00Z,api,503\\n")
>>> log = read_probes(folder / "p.csv")
>>> log.targets, log.ok.tolist(), log.interval_seconds.tolist()
(('api',), [True, False], [60.0])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ..errors import InputError

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

Form = Literal["auto", "long", "matrix"]
NS = 1_000_000_000

#: header names recognised for each canonical column of the long form (lower case)
ALIASES: dict[str, tuple[str, ...]] = {
    "time": ("time", "timestamp", "ts", "datetime", "date", "checked_at", "check_time", "@timestamp", "at"),
    "target": ("target", "host", "site", "service", "monitor", "name", "url", "instance", "backend", "server",
               "check"),
    "result": ("result", "status", "state", "up", "ok", "status_code", "code", "latency", "latency_seconds",
               "response_time", "duration"),
}
UP_WORDS = ("up", "ok", "true", "t", "yes", "y", "1", "success", "successful", "pass", "passed", "passing",
            "healthy", "alive", "online")
DOWN_WORDS = ("down", "fail", "failed", "failure", "false", "f", "no", "n", "0", "error", "err", "unhealthy",
              "dead", "offline", "timeout", "timed out", "critical", "crit")


@dataclass(frozen=True)
class ProbeLog:
    """Probe results, sorted by target and time.

    Attributes
    ----------
    targets:
        Target names; ``target`` holds indices into it.
    target:
        int32 target index per probe.
    time_ns:
        int64 UTC nanoseconds per probe (sorted within each target).
    ok:
        bool per probe: the probe succeeded.
    interval_seconds:
        The probe interval per target: given, or the median spacing of its probes.
    rounds:
        int64 probe round per probe (the row of the matrix form; for the long form, the time in
        whole shortest intervals since the first probe), for correlating targets.
    source, form, method, warnings:
        Where it came from, ``long`` or ``matrix``, how it was read (in words) and what to know.
    """

    targets: tuple[str, ...]
    target: np.ndarray
    time_ns: np.ndarray
    ok: np.ndarray
    interval_seconds: np.ndarray
    rounds: np.ndarray
    source: str = ""
    form: str = "long"
    method: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.time_ns)


def read_probes(
    path: str | Path,
    *,
    form: Form = "auto",
    columns: dict[str, str] | None = None,
    slow: float | None = None,
    interval: float | None = None,
    start: Any = None,
    tz: str = "UTC",
    encoding: str | None = None,
) -> ProbeLog:
    """Read a probe log (CSV/TSV, optionally compressed, or Parquet).

    Parameters
    ----------
    path:
        The file.
    form:
        ``long`` (time, target, result rows), ``matrix`` (a column per target, a row per round) or
        ``auto`` (long when a time and a result column are found, else matrix).
    columns:
        Canonical column -> file column for the long form: ``time``, ``target``, ``result``.
    slow:
        Seconds: read the result as a latency, failed when at least this slow.
    interval:
        Seconds between probes (the matrix form without times needs it; otherwise the median
        spacing of each target's probes).
    start:
        When the first round of a matrix without times was probed (default 1970-01-01 in ``tz``).
    tz:
        IANA zone of naive times.
    encoding:
        Text encoding (default UTF-8).
    """
    import pyarrow as pa

    from ..accounting.periods import check_tz
    from ..incidents.formats import csv_layout, load, parse_csv

    tz = check_tz(tz)
    if form not in ("auto", "long", "matrix"):
        raise InputError(f"unknown probe log form {form!r}; choose long, matrix or auto")
    if interval is not None and not interval > 0:
        raise InputError(f"the probe interval must be positive, got {interval!r}s; e.g. --interval 30s")
    raw = load(path)
    name = raw.name
    if raw.kind == "parquet":
        import pyarrow.parquet as pq

        try:
            table = pq.read_table(pa.BufferReader(pa.py_buffer(raw.buffer)))
        except (pa.ArrowException, OSError) as exc:
            raise InputError(f"not a readable Parquet file ({exc})", source=name) from None
    elif raw.kind == "csv":
        layout = csv_layout(raw, encoding)
        types = {}
        found = _find_columns(layout.names, columns or {}, name)
        if found.get("target"):
            types[found["target"]] = pa.dictionary(pa.int32(), pa.string())
        try:
            table = parse_csv(layout, types)
        except pa.ArrowInvalid as exc:
            raise InputError(f"cannot parse the file as delimited text ({exc}); check that every row has the "
                             "header's fields", source=name) from None
    else:
        raise InputError(f"a probe log is CSV/TSV or Parquet, not {raw.kind}", source=name)
    found = _find_columns(table.column_names, columns or {}, name)
    long = form == "long" or (form == "auto" and "time" in found and "result" in found)
    if long:
        return _long(table, found, slow=slow, interval=interval, tz=tz, source=name)
    return _matrix(table, found.get("time"), interval=interval, start=start, tz=tz, source=name)


def _find_columns(names: list[str], given: dict[str, str], source: str) -> dict[str, str]:
    unknown = sorted(set(given) - set(ALIASES))
    if unknown:
        raise InputError(f"--columns names {', '.join(unknown)}; a probe log's columns are time, target, result")
    found: dict[str, str] = {}
    lowered = {n.strip().lower(): n for n in names}
    for key, aliases in ALIASES.items():
        if key in given:
            if given[key] not in names:
                raise InputError(f"--columns maps {key} to {given[key]!r}, which the file does not have; its "
                                 f"columns: {', '.join(names[:20])}", source=source)
            found[key] = given[key]
            continue
        hit = next((lowered[a] for a in aliases if a in lowered and lowered[a] not in found.values()), None)
        if hit is not None:
            found[key] = hit
    return found


# -- long form -----------------------------------------------------------------------------------


def _long(table: pa.Table, found: dict[str, str], *, slow: float | None, interval: float | None, tz: str,
          source: str) -> ProbeLog:
    import numpy as np
    import pyarrow as pa

    missing = [k for k in ("time", "result") if k not in found]
    if missing:
        raise InputError(
            f"no {' or '.join(missing)} column; name them time, target, result (or map them: --columns "
            f"time=checked_at,target=host,result=status); the file's columns: {', '.join(table.column_names[:20])}",
            source=source,
        )
    n = table.num_rows
    if n == 0:
        raise InputError("the probe log has no rows", source=source)
    time_ns = _times(table.column(found["time"]), tz, source, found["time"])
    if "target" in found:
        col = table.column(found["target"])
        if not pa.types.is_dictionary(col.type):
            col = col.cast(pa.string()).dictionary_encode()
        col = col.unify_dictionaries() if isinstance(col, pa.ChunkedArray) else col
        chunks = col.chunks if isinstance(col, pa.ChunkedArray) else [col]
        names = chunks[0].dictionary.to_pylist() if chunks else []
        codes = np.concatenate([c.indices.to_numpy(zero_copy_only=False) for c in chunks]).astype(np.int32,
                                                                                                  copy=False)
        if any(c.null_count for c in chunks):
            row = int(np.flatnonzero(pa.chunked_array(chunks).is_null().to_numpy(zero_copy_only=False))[0]) + 2
            raise InputError("the probe has no target; every row needs one", source=source, row=row,
                             column=found["target"])
        # the names in sorted order, codes renumbered to match (stable output, whatever the file's order)
        order = np.argsort(np.array(names, dtype=object), kind="stable")
        rank = np.empty(len(names), dtype=np.int32)
        rank[order] = np.arange(len(names), dtype=np.int32)
        codes = rank[codes]
        targets = tuple(str(names[i]) for i in order)
    else:
        codes = np.zeros(n, dtype=np.int32)
        targets = (Path(source).name.split(".")[0] or "target",)
    result = table.column(found["result"])
    ok, why = _results(result, slow, source, found["result"])
    warnings = []
    if why:
        warnings.append(why)
    perm = _order(codes, time_ns)
    if perm is not None:
        time_ns, ok = time_ns[perm], ok[perm]
        # sorted codes are runs of each code: no gather needed
        codes = np.repeat(np.arange(len(targets), dtype=np.int32), np.bincount(codes, minlength=len(targets)))
    given = interval
    spacing = _spacing(codes, time_ns, len(targets), interval)
    method = {
        "input": f"{source}: {n} probes of {len(targets)} target(s), long form (time {found['time']!r}, "
                 + (f"target {found['target']!r}, " if "target" in found else "one target, ")
                 + f"result {found['result']!r})",
        "results": (f"a latency up when below {slow:g}s; empty or non-numeric = failed" if slow is not None else
                    "up/ok/true/1 = up, down/fail/false/0/timeout = down; an HTTP status is up when 2xx or 3xx "
                    "(HAProxy httpchk's rule)"),
        "interval": f"{given:g}s (given)" if given is not None else
        "per target: the median spacing of its probes",
    }
    rounds = _rounds(time_ns, spacing)
    return ProbeLog(targets=targets, target=codes, time_ns=time_ns, ok=ok, interval_seconds=spacing, rounds=rounds,
                    source=source, form="long", method=method, warnings=tuple(warnings))


def _times(col: Any, tz: str, source: str, name: str) -> np.ndarray:
    """A time column (Arrow) as int64 UTC ns: ISO text or timestamps (naive ones in ``tz``), or Unix seconds."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    if col.null_count:
        row = int(np.flatnonzero(col.is_null().to_numpy(zero_copy_only=False))[0]) + 2
        raise InputError("the probe has no time; every row needs one", source=source, row=row, column=name)
    if pa.types.is_integer(col.type) or pa.types.is_floating(col.type):
        secs = col.to_numpy() if isinstance(col, pa.Array) else col.to_numpy()
        return np.asarray(np.round(np.asarray(secs, dtype=np.float64) * NS), dtype=np.int64)
    if pa.types.is_timestamp(col.type):
        ns = pc.cast(col, pa.timestamp("ns", tz=col.type.tz))  # Arrow's cast checks the range
        if isinstance(ns, pa.ChunkedArray):
            ns = ns.combine_chunks()
        values = np.asarray(ns.to_numpy(zero_copy_only=False)).view(np.int64)  # UTC instants (or naive)
        if col.type.tz is None and tz != "UTC":
            local = pd.DatetimeIndex(values.view("M8[ns]")).tz_localize(tz, ambiguous=True,
                                                                         nonexistent="shift_forward")
            return np.asarray(local.tz_convert("UTC").tz_localize(None).asi8)
        return values
    text = pc.cast(col, pa.string()).to_numpy(zero_copy_only=False)
    try:
        parsed = pd.to_datetime(pd.Series(text), format="ISO8601")
    except (ValueError, TypeError):
        parsed = pd.to_datetime(pd.Series(text), format="ISO8601", errors="coerce", utc=True)
        row = int(np.flatnonzero(parsed.isna().to_numpy())[0]) + 2
        raise InputError(f"cannot read {text[row - 2]!r} as a time; use ISO 8601 such as 2024-01-31T12:00:00Z "
                         "or Unix seconds", source=source, row=row, column=name) from None
    if isinstance(parsed.dtype, pd.DatetimeTZDtype):
        parsed = parsed.dt.tz_convert("UTC").dt.tz_localize(None)
    elif tz != "UTC":
        parsed = parsed.dt.tz_localize(tz, ambiguous=True, nonexistent="shift_forward").dt.tz_convert("UTC")
        parsed = parsed.dt.tz_localize(None)
    return np.asarray(parsed.dt.as_unit("ns").to_numpy().view(np.int64))


def _results(col: Any, slow: float | None, source: str, name: str) -> tuple[np.ndarray, str]:
    """Each probe's success, and a warning about empty results (they count as failed probes)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(col, pa.ChunkedArray):
        col = col.combine_chunks()
    empty = col.is_null()
    if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
        empty = pc.or_(empty, pc.equal(pc.utf8_trim_whitespace(col), ""))
        col = pc.if_else(empty, pa.scalar(None, col.type), col)
    n_empty = pc.sum(empty).as_py() or 0
    warn = (f"{n_empty} probe(s) with an empty result counted as failed (no answer); first at row "
            f"{int(np.flatnonzero(empty.to_numpy(zero_copy_only=False))[0]) + 2}") if n_empty else ""
    if slow is not None:
        if pa.types.is_integer(col.type) or pa.types.is_floating(col.type):
            secs = pc.cast(col, pa.float64()).to_numpy(zero_copy_only=False)
        else:
            secs = _latency_text(col)
        with np.errstate(invalid="ignore"):
            return np.asarray(secs < slow), warn  # NaN (empty, timeout) is not below anything
    if pa.types.is_boolean(col.type):
        return np.asarray(pc.fill_null(col, False).to_numpy(zero_copy_only=False)), warn
    if pa.types.is_integer(col.type) or pa.types.is_floating(col.type):
        return _numeric_results(col, source, name), warn
    encoded = pc.dictionary_encode(col)  # the few distinct labels are read, not the millions of cells
    labels = [str(v).strip().lower() for v in encoded.dictionary.to_pylist()]
    verdict = np.empty(len(labels) + 1, dtype=np.int8)  # the last slot: an empty result
    bad: list[str] = []
    for i, label in enumerate(labels):
        verdict[i] = _verdict(label)
        if verdict[i] < 0:
            bad.append(label)
    verdict[-1] = 0
    if bad:
        codes = encoded.indices.to_numpy(zero_copy_only=False)
        first = labels.index(bad[0])
        row = int(np.flatnonzero(codes == first)[0]) + 2
        raise InputError(
            f"cannot read the result {bad[0]!r}" + (f" (and {len(bad) - 1} other value(s))" if len(bad) > 1 else "")
            + "; use up/down (ok/fail, true/false, 1/0), an HTTP status such as 200 or 503, or a latency with "
            "--slow 2s", source=source, row=row, column=name,
        )
    codes = pc.fill_null(encoded.indices, len(labels)).to_numpy(zero_copy_only=False)
    return verdict[codes] == 1, warn


def _numeric_results(col: Any, source: str, name: str) -> np.ndarray:
    """A numeric result column: 1/0, or an HTTP status (2xx and 3xx up); empty = failed."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_integer(col.type):
        values = (pc.fill_null(col, 0) if col.null_count else col).to_numpy(zero_copy_only=False)
        # one table look-up per probe: -1 unreadable, 0 down, 1 up (1/0, or 2xx/3xx of 100..599)
        table = np.full(602, -1, dtype=np.int8)
        table[1 + 100: 1 + 600] = 0
        table[1 + 200: 1 + 400] = 1
        table[1 + 0], table[1 + 1] = 0, 1
        verdict = table[np.clip(values, -1, 600) + 1]
        bad = verdict < 0
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            raise InputError(f"cannot read the result {values[row]}; use up/down (ok/fail, true/false, 1/0), an "
                             "HTTP status such as 200 or 503, or a latency with --slow 2s", source=source,
                             row=row + 2, column=name)
        return np.asarray(verdict == 1)
    else:
        values = pc.fill_null(pc.cast(col, pa.float64()), 0.0).to_numpy(zero_copy_only=False)
        status = (values >= 100) & (values <= 599) & (values == np.floor(values))
    odd = ~(status | (values == 0) | (values == 1))
    if odd.any():
        row = int(np.flatnonzero(odd)[0])
        raise InputError(f"cannot read the result {values[row]:g}; use up/down (ok/fail, true/false, 1/0), an HTTP "
                         "status such as 200 or 503, or a latency with --slow 2s", source=source, row=row + 2,
                         column=name)
    return np.asarray((values == 1) | (status & (values >= 200) & (values < 400)))


def _verdict(label: str) -> int:
    """1 up, 0 down, -1 unreadable."""
    if label in UP_WORDS:
        return 1
    if label in DOWN_WORDS:
        return 0
    if label.isdigit() and 100 <= int(label) <= 599:
        return 1 if 200 <= int(label) < 400 else 0
    return -1


def _latency_text(col: Any) -> np.ndarray:
    """Latencies written as text (``0.35``, ``350ms``, ``2s``) in seconds; NaN where unreadable."""
    import numpy as np
    import pyarrow.compute as pc

    from ..units import parse_duration

    encoded = pc.dictionary_encode(pc.utf8_trim_whitespace(col))
    labels = encoded.dictionary.to_pylist()
    values = np.full(len(labels) + 1, np.nan)
    for i, label in enumerate(labels):
        try:
            values[i] = parse_duration(label)
        except ValueError:
            pass
    return values[pc.fill_null(encoded.indices, len(labels)).to_numpy(zero_copy_only=False)]  # type: ignore[no-any-return]


def _order(codes: np.ndarray, time_ns: np.ndarray) -> np.ndarray | None:
    """The permutation sorting probes by (target, time), or None when they already are."""
    import numpy as np

    if len(codes) < 2:
        return None
    if not np.any(codes[1:] < codes[:-1]) and _sorted_within(codes, time_ns):
        return None
    if bool(np.all(time_ns[1:] >= time_ns[:-1])):  # the usual log: in time order, targets interleaved
        small = codes.astype(np.int16) if codes.max() < 2**15 else codes  # radix sort for small integers
        return np.argsort(small, kind="stable")
    return np.lexsort((time_ns, codes))


def _sorted_within(codes: np.ndarray, time_ns: np.ndarray) -> bool:
    import numpy as np

    same = codes[1:] == codes[:-1]
    return bool(np.all(~same | (time_ns[1:] >= time_ns[:-1])))


def _spacing(codes: np.ndarray, time_ns: np.ndarray, n_targets: int, interval: float | None) -> np.ndarray:
    """The probe interval per target in seconds: given, else the median spacing of its probes."""
    import numpy as np

    if interval is not None:
        return np.full(n_targets, float(interval))
    out = np.full(n_targets, np.nan)
    cuts = np.searchsorted(codes, np.arange(n_targets + 1))  # codes are sorted: each target's probes in a slice
    for t in range(n_targets):
        a, b = int(cuts[t]), int(cuts[t + 1])
        if b - a < 2:
            continue
        diffs = np.diff(time_ns[a:b])
        # a value held by more than half of the spacings is their median (it covers the middle position):
        # one count settles regular probes without a partial sort
        middle = diffs[len(diffs) // 2]
        if 2 * int(np.count_nonzero(diffs == middle)) > len(diffs):
            out[t] = float(middle) / NS
        else:
            out[t] = float(np.median(diffs)) / NS
    out[out <= 0] = np.nan
    if np.isnan(out).all():
        raise InputError("cannot tell the probe interval (no target has two probes at different times); "
                         "give --interval, e.g. --interval 30s")
    out[np.isnan(out)] = float(np.nanmedian(out))  # a target probed once: the others' interval
    return out


def _rounds(time_ns: np.ndarray, spacing: np.ndarray) -> np.ndarray:
    """Probe rounds for correlation: whole shortest intervals since the first probe."""
    import numpy as np

    step = int(round(float(spacing.min()) * NS))
    return np.asarray((time_ns - time_ns.min()) // max(step, 1), dtype=np.int64)


# -- matrix form ---------------------------------------------------------------------------------


def _matrix(table: pa.Table, time_col: str | None, *, interval: float | None, start: Any, tz: str,
            source: str) -> ProbeLog:
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from ..accounting.periods import ns_to_iso, to_ns

    names = [c for c in table.column_names if c != time_col]
    if not names:
        raise InputError("the probe matrix has no target columns", source=source)
    n_rounds = table.num_rows
    if n_rounds == 0:
        raise InputError("the probe matrix has no rows", source=source)
    cells = np.empty((n_rounds, len(names)), dtype=np.int8)  # 1 up, 0 down, -1 no probe
    for j, name in enumerate(names):
        col = table.column(name)
        if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
            col = pc.if_else(pc.equal(pc.utf8_trim_whitespace(col), ""), pa.scalar(None, pa.string()), col)
            try:
                col = pc.cast(col, pa.int64())
            except pa.ArrowInvalid:
                col = None
        if col is None or not (pa.types.is_integer(col.type) or pa.types.is_boolean(col.type)
                               or pa.types.is_floating(col.type)):
            raise InputError(
                "a probe matrix holds 1 (up), 0 (down) or nothing (no probe) in each cell; this column holds "
                "other values. For a long log (time, target, result) name those columns or give --columns",
                source=source, column=name,
            )
        values = pc.fill_null(pc.cast(col, pa.float64()), -1.0).to_numpy(zero_copy_only=False)
        odd = ~np.isin(values, (-1.0, 0.0, 1.0))
        if odd.any():
            row = int(np.flatnonzero(odd)[0]) + 2
            raise InputError(f"cannot read {values[row - 2]:g} as a probe result; a matrix cell is 1 (up), 0 (down) "
                             "or empty (no probe)", source=source, row=row, column=name)
        cells[:, j] = values.astype(np.int8)
    if time_col is not None:
        rows_ns = _times(table.column(time_col), tz, source, time_col)
        placed = f"by the {time_col!r} column"
    else:
        if interval is None:
            raise InputError("the probe matrix has no time column: give --interval (the time between rounds, "
                             "e.g. --interval 10m) and --start (when the first round was probed)", source=source)
        first = to_ns(start, tz, what="--start") if start is not None else to_ns("1970-01-01", tz)
        step = int(round(interval * NS))
        rows_ns = first + np.arange(n_rounds, dtype=np.int64) * step
        placed = (f"the file has no timestamps: round i placed at {ns_to_iso(first, tz)} + i x {interval:g}s"
                  + ("" if start is not None else " (--start not given: 1970-01-01)"))
    seen = cells >= 0
    # target-major order: the rows of each target in time order
    tgt, rnd = np.nonzero(seen.T)
    time_ns = rows_ns[rnd]
    ok = cells.T[seen.T] == 1
    codes = tgt.astype(np.int32)
    order = _order(codes, time_ns)
    if order is not None:
        codes, time_ns, ok, rnd = codes[order], time_ns[order], ok[order], rnd[order]
    spacing = _spacing(codes, time_ns, len(names), interval)
    method = {
        "input": f"{source}: {int(seen.sum())} probes of {len(names)} target(s) in {n_rounds} rounds, matrix form "
                 "(a column per target; 1 = up, 0 = down, empty = no probe)",
        "rounds": placed,
        "interval": f"{interval:g}s (given)" if interval is not None else
        "per target: the median spacing of its probes",
    }
    return ProbeLog(targets=tuple(names), target=codes, time_ns=time_ns, ok=ok, interval_seconds=spacing,
                    rounds=np.asarray(rnd, dtype=np.int64), source=source, form="matrix", method=method)
