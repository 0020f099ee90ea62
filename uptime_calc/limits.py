"""Resource limits: the one place where every named limit lives.

Input comes from other systems (vendor exports, monitoring dumps, colleagues' scenario files), so
every size that could make uptime-calc run for minutes or exhaust memory has a named limit here,
with a default that real inputs stay far below. Going over one is an :class:`~uptime_calc.errors.LimitError`
(exit 1) naming the limit and how to raise it.

Each limit can be raised (or lowered) three ways, the later winning:

1. its default (the field's default below);
2. an environment variable, ``UPTIME_CALC_`` and the name in capitals
   (``UPTIME_CALC_MAX_OUTPUT_ROWS=50000000``);
3. a command-line flag (``--max-output-rows 50000000``) on the commands it applies to, or
   in the library ``with limits.using(max_output_rows=50_000_000): ...``.

Library code reads a limit with :func:`get` (or all of them with :func:`current`) and checks a count
with :func:`check`; the README's table of limits is built from :func:`describe`.

>>> get("max_output_rows") == Limits().max_output_rows
True
>>> with using(max_output_rows=10):
...     get("max_output_rows")
10
>>> check("max_output_rows", 5, what="the table")
>>> parse_value("max_decompressed_bytes", "2GiB")
2147483648
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import InputError, LimitError

ENV_PREFIX = "UPTIME_CALC_"


def _limit(default: int, doc: str, *, unit: str = "") -> Any:
    return field(default=default, metadata={"doc": doc, "unit": unit})


@dataclass(frozen=True)
class Limits:
    """Every named resource limit, in one frozen value (see the module docstring for how to set them)."""

    #: bytes a compressed input (gzip, bzip2, xz, zstd) may expand to before reading stops
    max_decompressed_bytes: int = _limit(
        4 * 1024**3, "bytes a compressed input may expand to (compression bombs)", unit="bytes")
    #: nesting depth of one JSON/JSON Lines value, checked before a parser recurses into it
    max_json_depth: int = _limit(64, "nesting depth of a JSON or JSON Lines value")
    #: states of a Markov chain, counted before the chain is built
    max_markov_states: int = _limit(200_000, "states of a Markov chain (counted before it is built)")
    #: nodes of a ``network`` block
    max_network_nodes: int = _limit(64, "nodes of a network block")
    #: edges of a ``network`` block (exact solving is exponential in the edges of a dense network)
    max_network_edges: int = _limit(
        48, "edges of a network block (exact solving grows exponentially with dense networks)")
    #: depth of a scenario's block tree (series of parallel of ...)
    max_block_depth: int = _limit(200, "nesting depth of a scenario's block tree")
    #: rows of one output table (services x periods), checked before the rows are computed
    max_output_rows: int = _limit(20_000_000, "rows of one output table (services x periods)")


#: the limits in force, when set by :func:`using` (else the defaults and the environment)
_CURRENT: contextvars.ContextVar[Limits | None] = contextvars.ContextVar("uptime_calc_limits", default=None)

_NAMES = tuple(f.name for f in dataclasses.fields(Limits))


def names() -> tuple[str, ...]:
    """The names of every limit, in their documented order."""
    return _NAMES


def flag(name: str) -> str:
    """The command-line flag of a limit: ``max_output_rows`` -> ``--max-output-rows``."""
    return "--" + name.replace("_", "-")


def env_var(name: str) -> str:
    """The environment variable of a limit: ``max_output_rows`` -> ``UPTIME_CALC_MAX_OUTPUT_ROWS``."""
    return ENV_PREFIX + name.upper()


_SUFFIX = {"": 1, "k": 1000, "m": 1000**2, "g": 1000**3, "t": 1000**4,
           "kb": 1000, "mb": 1000**2, "gb": 1000**3, "tb": 1000**4,
           "kib": 1024, "mib": 1024**2, "gib": 1024**3, "tib": 1024**4}
_VALUE = re.compile(r"\s*([0-9][0-9_]*(?:\.[0-9]+)?(?:e[0-9]+)?)\s*([a-z]*)\s*", re.I)


def parse_value(name: str, text: str, *, source: str | None = None) -> int:
    """A limit's value from text: ``5000000``, ``5_000_000``, ``5e6``, ``5M``, ``2GiB`` (a positive integer).

    >>> parse_value("max_output_rows", "5e6"), parse_value("max_output_rows", "5_000_000")
    (5000000, 5000000)
    """
    match = _VALUE.fullmatch(str(text))
    scale = _SUFFIX.get(match.group(2).lower()) if match else None
    if match is None or scale is None:
        raise InputError(f"{name} must be a positive whole number such as 5000000, 5e6, 5M or 2GiB, "
                         f"not {text!r}", source=source)
    number = float(match.group(1).replace("_", "")) * scale
    if not number.is_integer() or number < 1 or number > 2**62:
        raise InputError(f"{name} must be a whole number from 1 to 2**62, not {text!r}", source=source)
    return int(number)


def from_environment(environ: Mapping[str, str] | None = None) -> Limits:
    """The defaults, with any ``UPTIME_CALC_MAX_...`` environment variable applied."""
    environ = os.environ if environ is None else environ
    values = {name: parse_value(name, environ[env_var(name)], source=env_var(name))
              for name in _NAMES if environ.get(env_var(name), "").strip()}
    return Limits(**values)


def current() -> Limits:
    """The limits in force: those set by :func:`using`, else the defaults with the environment applied."""
    limits = _CURRENT.get()
    return from_environment() if limits is None else limits


def get(name: str) -> int:
    """One limit in force, by name (``get("max_output_rows")``)."""
    if name not in _NAMES:
        raise KeyError(f"no limit named {name!r}; the limits are: {', '.join(_NAMES)}")
    value: int = getattr(current(), name)
    return value


@contextlib.contextmanager
def using(**overrides: int | None) -> Iterator[Limits]:
    """Set limits for the code inside the ``with`` block (``None`` keeps the limit in force).

    >>> with using(max_json_depth=8) as limits:
    ...     limits.max_json_depth, get("max_json_depth")
    (8, 8)
    """
    unknown = sorted(set(overrides) - set(_NAMES))
    if unknown:
        raise KeyError(f"no limit named {', '.join(unknown)}; the limits are: {', '.join(_NAMES)}")
    limits = dataclasses.replace(current(), **{k: v for k, v in overrides.items() if v is not None})
    token = _CURRENT.set(limits)
    try:
        yield limits
    finally:
        _CURRENT.reset(token)


def check(name: str, value: int, *, what: str) -> None:
    """Raise :class:`~uptime_calc.errors.LimitError` when ``value`` is over the limit ``name``.

    ``what`` says what was counted, as the start of the message (``"the output table"``).

    >>> with using(max_output_rows=1000):
    ...     check("max_output_rows", 3650 * 1000, what="--period day over 1,000 services")
    Traceback (most recent call last):
    ...
    uptime_calc.errors.LimitError: --period day over 1,000 services: 3,650,000 is over the limit ... = 1,000; ...
    """
    limit = get(name)
    if value > limit:
        raise LimitError(name, value, limit, what=what)


def describe() -> list[tuple[str, str, str, int, str]]:
    """``(name, flag, environment variable, default, what it limits)`` for each limit (the README table)."""
    defaults = Limits()
    return [(f.name, flag(f.name), env_var(f.name), int(getattr(defaults, f.name)), str(f.metadata["doc"]))
            for f in dataclasses.fields(Limits)]
