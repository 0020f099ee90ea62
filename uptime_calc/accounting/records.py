"""Incident records as arrays, and the records that cannot be counted.

Turns an incident frame (the columns of :class:`uptime_calc.incidents.IncidentLog`)
into int64-nanosecond arrays for :mod:`uptime_calc.accounting.engine`, and finds the bad
records the accounting must report rather than silently count: zero-length
records, records that end before they start, and duplicated rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from .periods import DATE_RANGE

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

REQUIRED = ("start", "end")
#: int64 value of NaT
NAT = -(2**63)
#: the reader's method key that says what a log's ``detected_at`` holds when it is not a detection time
DETECTED_AT_MEANS = "detected_at_means"
#: its value for a status page's posting time (Statuspage ``created_at``, Google Cloud ``created``): the
#: delay from the impact's start is then a time to post, not a time to detect
TIME_TO_POST = ("time to post: the time the incident was posted on the status page ({field}), not a "
                "detection time")
#: how many ids a human-readable note lists before "and N more"
SHOWN_IDS = 10


@dataclass(frozen=True)
class BadRecords:
    """Records excluded from the accounting, by reason (ids are the records' ``id`` values).

    ``*_rows`` count frame rows (a vendor record naming several components has one row per
    component); the ``*_ids`` tuples hold each distinct id once.
    """

    zero_length_ids: tuple[str, ...] = ()
    zero_length_rows: int = 0
    end_before_start_ids: tuple[str, ...] = ()
    end_before_start_rows: int = 0
    duplicate_ids: tuple[str, ...] = ()
    duplicate_rows: int = 0

    def as_dict(self) -> dict[str, dict[str, Any]]:
        """JSON view: ``{reason: {"count": distinct ids, "rows": rows, "ids": [...]}}``."""
        return {
            "zero_length": {"count": len(self.zero_length_ids), "rows": self.zero_length_rows,
                            "ids": list(self.zero_length_ids)},
            "end_before_start": {"count": len(self.end_before_start_ids), "rows": self.end_before_start_rows,
                                 "ids": list(self.end_before_start_ids)},
            "duplicates": {"count": len(self.duplicate_ids), "rows": self.duplicate_rows,
                           "ids": list(self.duplicate_ids)},
        }

    def notes(self) -> list[str]:
        """One human line per non-empty reason."""
        out = []
        for label, ids, rows in (
            ("zero-length records", self.zero_length_ids, self.zero_length_rows),
            ("records ending before they start", self.end_before_start_ids, self.end_before_start_rows),
            ("duplicate records", self.duplicate_ids, self.duplicate_rows),
        ):
            if rows:
                out.append(f"Excluded {len(ids)} {label} ({rows} rows): ids {id_list(ids)}")
        return out

    def summary(self, listed: str = "under bad_records") -> str:
        """A one-line summary for the method footer; ``listed``: where the records are listed."""
        return (
            f"{len(self.zero_length_ids)} zero-length, {len(self.end_before_start_ids)} ending before "
            f"they start, {len(self.duplicate_ids)} duplicated (excluded, listed {listed})"
        )


def id_list(ids: tuple[str, ...]) -> str:
    """The first :data:`SHOWN_IDS` ids, then ``and N more``."""
    shown = ", ".join(ids[:SHOWN_IDS])
    return shown + (f" and {len(ids) - SHOWN_IDS} more" if len(ids) > SHOWN_IDS else "")


def distinct(values: np.ndarray) -> tuple[str, ...]:
    """Distinct values as strings, in first-seen order."""
    import pandas as pd

    return tuple(str(v) for v in pd.unique(values))


def times_ns(frame: pd.DataFrame, column: str, tz: str, source: str) -> np.ndarray:
    """A time column as int64 ns UTC (``NAT`` for missing); naive times are read in ``tz``."""
    import numpy as np
    import pandas as pd

    col = frame[column]
    if isinstance(col.dtype, pd.DatetimeTZDtype) and col.dtype.unit == "ns":
        return np.asarray(col.array.asi8)  # UTC instants already (the reader's columns): no copy
    if not isinstance(col.dtype, pd.DatetimeTZDtype) and not pd.api.types.is_datetime64_dtype(col.dtype):
        try:
            col = pd.to_datetime(col, utc=False, format="ISO8601")
        except (ValueError, TypeError) as exc:
            raise InputError(
                f"cannot read the {column!r} column as times ({exc}); use ISO 8601 such as "
                "2024-01-31T12:00:00Z, or read the file with read_incidents(time_format=...)",
                source=source or None, column=column,
            ) from None
    if isinstance(col.dtype, pd.DatetimeTZDtype):
        col = col.dt.tz_convert("UTC").dt.tz_localize(None)
    elif len(col) and tz != "UTC":
        # the reader's DST rule (incidents.timestamps.DST_RULE): a repeated wall-clock time is its
        # first occurrence, a skipped one shifts forward
        col = col.dt.tz_localize(tz, ambiguous=np.ones(len(col), dtype=bool), nonexistent="shift_forward")
        col = col.dt.tz_convert("UTC").dt.tz_localize(None)
    try:
        return np.asarray(col.dt.as_unit("ns").to_numpy().view(np.int64))
    except (pd.errors.OutOfBoundsDatetime, OverflowError):
        raise InputError(
            f"the {column!r} column has a time outside {DATE_RANGE}, the times this tool can "
            "hold; correct it, or leave the cell empty if it marks an incident still open",
            source=source or None, column=column,
        ) from None


def check_columns(frame: pd.DataFrame, source: str, group_by: tuple[str, ...]) -> None:
    """Raise naming the missing columns and the ones the frame has."""
    has = ", ".join(str(c) for c in frame.columns if c != "source_row")
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise InputError(
            f"the incident table has no column(s) {', '.join(missing)}; it has {has}. Map your columns "
            f"with --columns {missing[0]}=YourColumn",
            source=source or None,
        )
    missing = [c for c in group_by if c not in frame.columns]
    if missing:
        raise InputError(
            f"the incident table has no column(s) {', '.join(missing)} to group by; choose --group-by among "
            f"the columns it has: {has}",
            source=source or None,
        )


def group_codes(frame: pd.DataFrame, keys: tuple[str, ...]) -> tuple[np.ndarray, pd.DataFrame]:
    """Integer code per row for the combination of ``keys``, and the labels of each code (sorted)."""
    import numpy as np
    import pandas as pd

    codes_list, uniques_list = [], []
    for key in keys:
        col = frame[key]
        coded = _category_codes(col)
        if coded is not None:
            codes_list.append(coded[0])
            uniques_list.append(coded[1])
            continue
        if not pd.api.types.is_string_dtype(col.dtype) or col.isna().any():
            col = col.astype(str)
        codes, uniques = pd.factorize(col, sort=True)
        codes_list.append(codes.astype(np.int64, copy=False))
        uniques_list.append(np.asarray(uniques, dtype=object))
    if len(keys) == 1:
        return codes_list[0], pd.DataFrame({keys[0]: uniques_list[0]})
    dims = tuple(len(u) for u in uniques_list)
    flat = np.ravel_multi_index(tuple(codes_list), dims) if len(frame) else np.zeros(0, np.int64)
    present, codes = np.unique(flat, return_inverse=True)
    parts = np.unravel_index(present, dims)
    labels = pd.DataFrame({k: u[p] for k, u, p in zip(keys, uniques_list, parts, strict=True)})
    return codes.astype(np.int64, copy=False), labels


def _category_codes(col: pd.Series) -> tuple[np.ndarray, np.ndarray] | None:
    """Codes and sorted labels of a categorical column of strings without missing values.

    The same as ``pd.factorize(col.astype(str), sort=True)`` at the cost of a pass over the
    (small) codes: unused categories are dropped and the rest renumbered in sorted order.
    ``None`` for any other column (or one with missing values: they read as ``"nan"``).
    """
    import numpy as np
    import pandas as pd

    if not isinstance(col.dtype, pd.CategoricalDtype):
        return None
    categories = col.cat.categories
    if not pd.api.types.is_string_dtype(categories.dtype):
        return None
    codes = np.asarray(col.cat.codes)
    if len(codes) and codes.min() < 0:  # missing values
        return None
    wide = codes.astype(np.int64)  # bincount would widen the small codes into a temporary of its own
    counts = np.bincount(wide, minlength=len(categories))
    labels = np.asarray(categories.astype(object), dtype=object)
    present = np.flatnonzero(counts)
    ranked = present[np.argsort(labels[present], kind="stable")]
    if len(ranked) == len(categories) and np.array_equal(ranked, np.arange(len(categories))):
        return wide, labels  # sorted and all used: the codes as they are
    new = np.zeros(len(categories), dtype=np.int64)
    new[ranked] = np.arange(len(ranked))
    np.take(new, wide, out=wide, mode="clip")  # in place (valid indices): no second array
    return wide, labels[ranked]


def duplicated(
    *arrays: np.ndarray, extra: pd.Series | None = None, extra_rows: np.ndarray | None = None
) -> np.ndarray:
    """Mask of rows equal, in every array (and in ``extra``), to an earlier row (the first copy is kept).

    The first two arrays (group, start) are sorted cheaply; only rows that share both with
    another row (few, in real logs) are compared on all arrays and on ``extra`` (a column such
    as the component, factorized for those rows only). ``extra_rows`` maps each row of the
    arrays to its position in ``extra`` (default: the same position).
    """
    import numpy as np

    from .engine import sort_order

    if not len(arrays[0]):
        return np.zeros(0, dtype=bool)
    first = sort_order(arrays[0], arrays[1])
    g, s = arrays[0][first], arrays[1][first]
    return _tied_duplicates(first, (g[1:] == g[:-1]) & (s[1:] == s[:-1]), None, arrays, extra, extra_rows)


def _tied_duplicates(
    order: np.ndarray, tie: np.ndarray, candidates: np.ndarray | None, arrays: tuple[np.ndarray, ...],
    extra: pd.Series | None, extra_rows: np.ndarray | None,
) -> np.ndarray:
    """Duplicates among the rows ``order`` puts in tie blocks (``tie[i]``: sorted rows i and i + 1 tie)."""
    import numpy as np
    import pandas as pd

    dup = np.zeros(len(order), dtype=bool)
    if not tie.any():
        return dup
    cand = np.zeros(len(order), dtype=bool)
    cand[1:] = tie
    cand[:-1] |= tie
    rows = np.sort(order[cand])  # original order, so that the first copy is kept
    if candidates is not None:
        rows = rows[candidates[rows]]
    if len(rows):
        more = [a[rows] for a in arrays]
        if extra is not None:
            at = rows if extra_rows is None else extra_rows[rows]
            more.append(pd.factorize(extra.iloc[at].astype(str))[0].astype(np.int64))
        dup[rows] = _duplicated_full(*more)
    return dup


def _duplicated_full(*arrays: np.ndarray) -> np.ndarray:
    import numpy as np

    order = np.lexsort(arrays[::-1])
    same = np.ones(len(order) - 1, dtype=bool)
    for arr in arrays:
        s = arr[order]
        same &= s[1:] == s[:-1]
    dup = np.zeros(len(order), dtype=bool)
    dup[order[1:][same]] = True
    return dup
