"""The uptime-calc error hierarchy.

Every error the library raises on bad input or an impossible computation is an
:class:`UptimeCalcError`. The command line translates it, at one boundary
(:mod:`uptime_calc.cli`), into ``Error: <message>`` on stderr and exit code 1.
Classes that describe bad values also subclass :class:`ValueError`, so library
users can catch either.
"""

from __future__ import annotations


class UptimeCalcError(Exception):
    """Root of every error uptime-calc raises on purpose."""


class InputError(UptimeCalcError, ValueError):
    """Bad input: a value, a file, a row or a key that cannot be used.

    Parameters
    ----------
    message:
        What is wrong and how to fix it.
    source:
        Where: a file name, optionally with ``row`` and ``column``.
    """

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.message = message
        self.source = source
        self.row = row
        self.column = column
        super().__init__(self._render())

    def with_hint(self, hint: str) -> InputError:
        """The same error (place included) with ``hint`` appended to its message."""
        return InputError(f"{self.message}; {hint}", source=self.source, row=self.row, column=self.column)

    def _render(self) -> str:
        where = []
        if self.source:
            where.append(str(self.source))
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class UnitError(InputError):
    """A duration, availability, percentage or period that does not parse."""


class ScenarioError(InputError):
    """A scenario file that is invalid; ``source`` carries the key path."""


class ComputationError(UptimeCalcError, ArithmeticError):
    """A computation that cannot be carried out (singular chain, no paths...)."""


class OutputError(UptimeCalcError, OSError):
    """An output file that cannot be written."""


class LimitError(InputError):
    """An input or result over one of the named limits (:mod:`uptime_calc.limits`).

    The message names the limit, the value found and how to raise the limit (its flag and
    environment variable); ``name``, ``value`` and ``limit`` carry the same for library users.
    """

    def __init__(self, name: str, value: int, limit: int, *, what: str, source: str | None = None) -> None:
        self.name = name
        self.value = value
        self.limit = limit
        env = "UPTIME_CALC_" + name.upper()
        flag = "--" + name.replace("_", "-")
        super().__init__(
            f"{what}: {value:,} is over the limit {name} = {limit:,}; raise it with {flag} N or {env}=N",
            source=source,
        )
