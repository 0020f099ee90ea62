"""Impact weights: how much of an outage each impact label counts for.

Defaults (SPEC section 3.B): critical / major / outage / full = 1.0, partial = 0.5,
degraded / minor / none = 0. A numeric impact (0..1) is used as is; a record with no
impact at all counts as a full outage. Unknown labels are an error that lists them.

>>> parse_weights("partial=0.3, sev1=1")
{'partial': 0.3, 'sev1': 1.0}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..errors import InputError

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

DEFAULT_WEIGHTS: dict[str, float] = {
    "critical": 1.0,
    "major": 1.0,
    "outage": 1.0,
    "full": 1.0,
    "partial": 0.5,
    "degraded": 0.0,
    "minor": 0.0,
    "none": 0.0,
}
#: the weight of a record whose impact is unknown (no impact column, or an empty cell)
MISSING_WEIGHT = 1.0


def parse_weights(text: str | Mapping[str, float] | None) -> dict[str, float]:
    """Parse ``partial=0.3,sev1=1`` into a mapping of lower-cased labels to weights in [0, 1]."""
    if text is None:
        return {}
    if isinstance(text, Mapping):
        items = [(str(k), str(v)) for k, v in text.items()]
    else:
        items = []
        for part in str(text).split(","):
            if not part.strip():
                continue
            if "=" not in part:
                raise InputError(f"cannot read weight {part.strip()!r}; write label=weight, e.g. partial=0.3")
            label, _, value = part.partition("=")
            items.append((label, value))
    out: dict[str, float] = {}
    for label, value in items:
        if not label.strip():
            raise InputError(f"weight {value.strip()!r} has no impact label; write label=weight, e.g. partial=0.3")
        if label.strip().lower() in out:
            raise InputError(f"impact label {label.strip()!r} is given two weights; give it one")
        try:
            weight = float(value)
        except ValueError:
            raise InputError(
                f"weight for {label.strip()!r} must be a number between 0 and 1, got {value.strip()!r}"
            ) from None
        if not 0.0 <= weight <= 1.0:
            raise InputError(f"weight for {label.strip()!r} must lie between 0 and 1, got {weight:g}")
        out[label.strip().lower()] = weight
    return out


def effective_weights(overrides: Mapping[str, float] | str | None = None) -> dict[str, float]:
    """The default weights updated with ``overrides``."""
    table = dict(DEFAULT_WEIGHTS)
    table.update(parse_weights(overrides))
    return table


def impact_weights(
    impact: pd.Series,
    table: Mapping[str, float],
    *,
    source: str = "",
    source_rows: np.ndarray | None = None,
    skip: np.ndarray | None = None,
) -> np.ndarray:
    """Weight of each record from its impact (vectorised: one lookup per distinct label).

    ``skip`` marks records whose weight is not needed (maintenance that is excluded from the
    accounting): an unknown label there (Statuspage marks maintenance with the impact
    ``maintenance``) is no error, and such records get weight 0.

    Raises
    ------
    InputError
        Naming the unknown labels, the first row that has one, and how to give them a weight.
    """
    return impact_weights_and_levels(impact, table, source=source, source_rows=source_rows, skip=skip)[0]


def impact_weights_and_levels(
    impact: pd.Series,
    table: Mapping[str, float],
    *,
    source: str = "",
    source_rows: np.ndarray | None = None,
    skip: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray | None]:
    """:func:`impact_weights`, and the weights it can give (sorted; a superset of those given).

    The levels come from the lookup of the distinct labels, at no cost; ``None`` for numeric
    impacts (only a pass over the records would tell).
    """
    import numpy as np
    import pandas as pd

    if pd.api.types.is_numeric_dtype(impact.dtype) and not pd.api.types.is_bool_dtype(impact.dtype):
        values = impact.to_numpy(dtype=float, na_value=np.nan)
        return _check_numeric(values, source, source_rows), None
    if isinstance(impact.dtype, pd.CategoricalDtype):  # one lookup per category, codes as they are
        codes, uniques = np.asarray(impact.cat.codes), impact.cat.categories
    else:
        codes, uniques = pd.factorize(impact, use_na_sentinel=True)
    lookup, keys, unknown_code = _lookup(uniques, table)
    weights = lookup[codes]
    if unknown_code.any():
        unknown_rows = unknown_code[codes]
        if skip is not None:
            weights[unknown_rows & skip] = 0.0
            unknown_rows &= ~skip
        bad = np.flatnonzero(unknown_rows)
        if len(bad):
            unknown = sorted({keys[c] for c in np.unique(codes[bad])})
            known = ", ".join(f"{k}={v:g}" for k, v in table.items())
            fix = f"give each a weight with --weights {unknown[0]}=1.0"
            share = _percentage(unknown[0])
            if share is not None:  # "30%": a share written as a percentage
                fix = (f"write impacts as weights between 0 and 1 ({unknown[0]} -> {share:g}), or give each a "
                       f"weight with --weights '{unknown[0]}={share:g}'")
            raise InputError(
                f"unknown impact label(s): {', '.join(unknown)}; {fix} (known: {known})",
                source=source or None,
                row=int(source_rows[bad[0]]) if source_rows is not None else None,
                column="impact",
            )
    # as _check_numeric reads them (missing = full weight); 0 for the skipped unknown labels
    levels = np.unique(np.concatenate([np.where(np.isnan(lookup), MISSING_WEIGHT, lookup), [0.0]]))
    given = lookup[~unknown_code]
    if np.all((given >= 0) & (given <= 1)):  # every label's weight is valid: no pass over the rows
        return weights, levels
    return _check_numeric(weights, source, source_rows), levels


def _percentage(label: str) -> float | None:
    """``"30%"`` -> 0.3; None for any other label."""
    text = label.strip()
    if not text.endswith("%"):
        return None
    try:
        value = float(text[:-1]) / 100
    except ValueError:
        return None
    return value if 0.0 <= value <= 1.0 else None


def _lookup(uniques: Any, table: Mapping[str, float]) -> tuple[np.ndarray, list[str], np.ndarray]:
    """Weight of each distinct label (NaN for unknown ones) and of code -1 (missing: the last entry).

    Returns ``(lookup, lower-cased labels, unknown mask)``.
    """
    import numpy as np

    lookup = np.empty(len(uniques) + 1, dtype=float)
    lookup[-1] = MISSING_WEIGHT  # code -1: missing impact
    keys: list[str] = []
    unknown_code = np.zeros(len(uniques) + 1, dtype=bool)
    for i, label in enumerate(uniques):
        keys.append(str(label).strip().lower())
        if isinstance(label, (int, float)) and not isinstance(label, bool):
            lookup[i] = float(label)
            continue
        key = keys[-1]
        if key == "":
            lookup[i] = MISSING_WEIGHT
        elif key in table:
            lookup[i] = table[key]
        else:
            try:
                lookup[i] = float(key)
            except ValueError:
                unknown_code[i] = True
                lookup[i] = np.nan
    return lookup, keys, unknown_code


def _check_numeric(values: np.ndarray, source: str, source_rows: np.ndarray | None) -> np.ndarray:
    import numpy as np

    values = np.where(np.isnan(values), MISSING_WEIGHT, values)
    bad = np.flatnonzero((values < 0) | (values > 1))
    if len(bad):
        row = int(source_rows[bad[0]]) if source_rows is not None else int(bad[0]) + 1
        raise InputError(
            f"numeric impact {values[bad[0]]:g} is outside 0..1; give impact as a fraction of full "
            f"outage (1 = down, 0.5 = half) or as a label ({len(bad)} such row(s))",
            source=source or None,
            row=row,
            column="impact",
        )
    return values
