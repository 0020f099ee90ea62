"""Scenario files: components, a system tree, a target and named variants (SPEC 3C).

A scenario is YAML::

    name: checkout
    target: 99.95%
    components:
      dns: {availability: 99.99%}
      lb:  {mtbf: 2000h, mttr: 30m}
    system:
      series:
        - dns
        - active_standby: {active: lb, standby: lb, mode: hot, failover: 30s}
    variants:
      - name: faster-repair
        set: {lb.mttr: 10m}

:func:`load_scenario` validates it (pydantic) and raises
:class:`~uptime_calc.errors.ScenarioError` with the key path of the first
problem, e.g. ``system.series[1].active_standby.failover: expected a duration
like 30s``. The result is a :class:`Scenario` holding a tree of
:mod:`uptime_calc.models.blocks`.

Settings (``variants: set:`` and :meth:`Scenario.with_settings`) address
``<component>.<mtbf|mttr|availability>`` or ``<block name>.<parameter>``
(``web_tier.count``, ``database.failover``); values are numbers in seconds /
fractions, or strings in the scenario syntax (``30m``, ``99.9%``).

>>> s = loads_scenario('''
... name: demo
... components: {app: {availability: 99.95%}, sql: {availability: 99.99%}}
... system: {series: [app, sql]}
... ''')
>>> [c.instance for c in components(s.system)]
['app', 'sql']
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError
from pydantic_core import PydanticCustomError

from .availability import Availability
from .errors import ScenarioError, UnitError
from .models.blocks import (
    ActiveActive,
    ActiveStandby,
    Block,
    CommonCause,
    Component,
    Distribution,
    Edge,
    KOfN,
    Network,
    Parallel,
    Series,
    components,
    map_blocks,
    mtbf_for,
    rename,
    walk,
)
from .units import parse_availability, parse_duration, parse_fraction

__all__ = ["Scenario", "Variant", "load_scenario", "loads_scenario", "components", "BLOCK_KEYWORDS"]

BLOCK_KEYWORDS = (
    "component", "series", "parallel", "k_of_n", "active_active", "active_standby", "common_cause", "network",
    "voted",
)


# -- value parsers (pydantic "before" validators with scenario-style messages) ----------------
def _duration(value: Any) -> float:
    try:
        return parse_duration(value)
    except (UnitError, TypeError):
        raise PydanticCustomError("duration", "expected a duration like 30s, 15m or 4h, got {value}",
                                  {"value": repr(value)}) from None


def _repair_time(value: Any) -> float:
    """A duration, or ``none`` / ``never`` for a unit that is never repaired (infinite MTTR)."""
    if isinstance(value, str) and value.strip().lower() in ("none", "never"):
        return math.inf
    try:
        return parse_duration(value)
    except (UnitError, TypeError):
        raise PydanticCustomError("duration", "expected a duration like 30s, 15m or 4h, got {value}",
                                  {"value": repr(value)}) from None


def _availability(value: Any) -> Availability:
    if isinstance(value, Availability):
        return value
    try:
        return parse_availability(value)
    except (UnitError, TypeError) as exc:
        raise PydanticCustomError("availability", "expected an availability like 99.95% or 3.5n ({detail})",
                                  {"detail": str(exc).split("; expected")[0]}) from None


def _probability(value: Any) -> float:
    try:
        number = parse_fraction(value)
    except UnitError:
        number = math.nan
    if not 0.0 <= number <= 1.0:
        raise PydanticCustomError("probability", "expected a probability like 0.99 or 99%, got {value}",
                                  {"value": repr(value)})
    return number


_QUANTITY = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:[eE][+-]?\d+)?)\s*([A-Za-z/%]*)\s*$")


def _quantity(value: Any) -> tuple[float, str]:
    """``500rps`` -> (500.0, 'rps'); a bare number has unit ''."""
    m = _QUANTITY.match(str(value))
    if not m or float(m.group(1)) < 0:
        raise PydanticCustomError("quantity", "expected an amount like 500 or 500rps, got {value}",
                                  {"value": repr(value)})
    return float(m.group(1)), m.group(2)


Duration = Annotated[float, BeforeValidator(_duration)]
RepairTime = Annotated[float, BeforeValidator(_repair_time)]
AvailabilityValue = Annotated[Availability, BeforeValidator(_availability)]
Probability = Annotated[float, BeforeValidator(_probability)]
Quantity = Annotated[tuple[float, str], BeforeValidator(_quantity)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True, frozen=True)


class _DistributionSpec(_Model):
    distribution: Literal["exponential", "lognormal", "weibull", "gamma", "fixed", "empirical"]
    shape: float | None = None
    sigma: float | None = None
    scale: Duration | None = None
    samples: list[Duration] | None = None


_RATE = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:[eE][+-]?\d+)?)\s*/\s*(s|m|h|d|w)\s*$")
_PER = {"s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0, "w": 604800.0}


def _rate(value: Any) -> float:
    """``2e-6/h`` -> failures per second."""
    m = _RATE.match(str(value))
    if not m:
        raise PydanticCustomError("rate", "expected a failure rate like 2e-6/h (per s, m, h, d or w), got {value}",
                                  {"value": repr(value)})
    return float(m.group(1)) / _PER[m.group(2)]


Rate = Annotated[float, BeforeValidator(_rate)]


class _LatentSpec(_Model):
    du_rate: Rate
    test_interval: Duration
    dd_rate: Rate = 0.0
    mrt: Duration = 0.0
    mttr: Duration = 0.0
    test_duration: Duration = 0.0
    coverage: Probability = 1.0
    lifetime: Duration | None = None


class _VotedSpec(_Model):
    architecture: str
    unit: str
    beta: Probability = 0.0
    beta_d: Probability = 0.0
    name: str = ""


class _ComponentSpec(_Model):
    latent: _LatentSpec | None = None
    mtbf: Duration | None = None
    mttr: RepairTime | None = None
    availability: AvailabilityValue | None = None
    failure: _DistributionSpec | None = None
    repair: _DistributionSpec | None = None
    from_incidents: str | None = None
    service: str | None = None
    preset: str | None = None
    description: str = ""


class _DetectionSpec(_Model):
    interval: Duration | None = None
    fall: int | None = None
    heartbeat_timeout: Duration | None = None


class _Seconds(_Model):
    value: Duration


class _ActiveStandbySpec(_Model):
    active: Any
    standby: Any
    mode: Literal["cold", "warm", "hot"] = "hot"
    failover: Duration = 0.0
    detection: Any = 0.0
    switchover_success: Probability = 1.0
    manual_recovery: Duration | None = None
    repair_crews: int = 1
    warm_factor: Probability = 0.5
    name: str = ""
    spares: int | None = None
    k: int = 1


class _ActiveActiveSpec(_Model):
    unit: Any
    count: int
    capacity: Quantity | None = None
    demand: Quantity | None = None
    repair_crews: int | None = None
    name: str = ""
    load_exponent: float = 0.0


class _KOfNSpec(_Model):
    k: int
    n: int | None = None
    unit: Any = None
    of: list[Any] | None = None
    name: str = ""


class _CommonCauseSpec(_Model):
    beta: Probability
    of: Any
    name: str = ""


class _EdgeSpec(_Model):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)
    from_: str
    to: str
    block: Any = None
    directed: bool = False

    def __init__(self, **data: Any) -> None:
        if "from" in data:
            data["from_"] = data.pop("from")
        super().__init__(**data)


class _NetworkSpec(_Model):
    source: str
    sink: str
    edges: list[Any]
    nodes: list[str] | None = None
    name: str = ""


class _VariantSpec(_Model):
    name: str
    description: str = ""
    set: dict[str, Any] = {}
    system: Any = None


class _ScenarioSpec(_Model):
    name: str = "scenario"
    description: str = ""
    target: AvailabilityValue | None = None
    components: dict[str, Any] = {}
    shared: list[str] = []
    system: Any
    variants: list[Any] = []


# -- the result ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Variant:
    """A named variant: ``settings`` to apply (raw scenario values) and/or a replacement ``system``."""

    name: str
    settings: Mapping[str, Any] = field(default_factory=dict)
    system: Any = None
    description: str = ""


@dataclass(frozen=True)
class Scenario:
    """A loaded scenario.

    Attributes
    ----------
    name:
        Scenario name (``name:``), with ``" / <variant>"`` appended for a variant.
    target:
        The availability target, if any.
    system:
        The block tree (:mod:`uptime_calc.models.blocks`).
    variants:
        The named variants declared in the file.
    components:
        The component types by name (``components:``), after settings.
    source:
        The file it came from, if any.
    variant_name:
        The variant applied, or ``None`` for the base scenario.
    settings:
        Settings applied on top of the file (``{"db.mttr": 1800.0}``).
    """

    name: str
    target: Availability | None
    system: Block
    variants: tuple[Variant, ...] = ()
    components: Mapping[str, Component] = field(default_factory=dict)
    source: str | None = None
    variant_name: str | None = None
    settings: Mapping[str, Any] = field(default_factory=dict)
    description: str = ""
    raw_system: Any = None
    latent: Mapping[str, Any] = field(default_factory=dict)
    latent_channels: Mapping[str, Any] = field(default_factory=dict)
    shared: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """``name`` for the base scenario, ``name/variant`` for a variant."""
        return self.name if self.variant_name is None else f"{self.name}/{self.variant_name}"

    def variant(self, name: str) -> Scenario:
        """This scenario with the named variant applied."""
        for v in self.variants:
            if v.name == name:
                base = self
                if v.system is not None:
                    builder = _Builder(dict(self.components), f"variants[{v.name}].system",
                                       self.latent_channels, self.shared)
                    system = builder.block(v.system, f"variants[{v.name}].system")
                    base = replace(self, system=system, raw_system=v.system, latent=builder.latent)
                out = base.with_settings(v.settings, _where=f"variants[{v.name}].set")
                return replace(out, variant_name=name, description=v.description or self.description)
        known = ", ".join(v.name for v in self.variants) or "none declared"
        raise ScenarioError(f"no variant named {name!r} (variants: {known})", source=self.source)

    def with_settings(self, settings: Mapping[str, Any], *, _where: str = "settings") -> Scenario:
        """This scenario with parameters changed: ``{"db.mttr": 1800, "web_tier.count": 4}``.

        Keys are ``<component>.<mtbf|mttr|availability>`` or ``<block name>.<parameter>``;
        values are seconds / fractions / counts, or strings in the scenario syntax.
        """
        comps = dict(self.components)
        system = self.system
        for key, value in settings.items():
            where = f"{_where}.{key}"
            target, _, param = str(key).rpartition(".")
            if not target or not param:
                raise ScenarioError(f"{where}: a setting is '<component or block name>.<parameter>'")
            if target in comps:
                comps[target] = _set_component(comps[target], param, value, where)
                system = map_blocks(system, _retyper(target, comps[target]))
            else:
                found: list[bool] = []
                system = map_blocks(system, _block_setter(target, param, value, where, found))
                if not found:
                    known = sorted(set(comps) | _block_names(self.system))
                    raise ScenarioError(f"{where}: no component or named block {target!r} "
                                        f"(known: {', '.join(known)})", source=self.source)
        merged = {**self.settings, **settings}
        return replace(self, system=system, components=comps, settings=merged)


def _block_names(block: Block) -> set[str]:
    return {b.name for b in walk(block) if not isinstance(b, Component) and b.name}


def _retyper(name: str, new: Component) -> Callable[[Block], Block | None]:
    """Replace every instance of component type ``name`` by ``new`` (keeping instance names)."""

    def fn(block: Block) -> Block | None:
        if isinstance(block, Component) and block.name == name:
            return replace(new, instance=block.instance, shared=block.shared)
        return None

    return fn


def _block_setter(
    target: str, param: str, value: Any, where: str, found: list[bool]
) -> Callable[[Block], Block | None]:
    def fn(block: Block) -> Block | None:
        return _set_block(block, target, param, value, where, found)

    return fn


def _set_component(comp: Component, param: str, value: Any, where: str) -> Component:
    try:
        if param in ("mtbf", "mttr"):
            seconds = _repair_time(value) if param == "mttr" else _duration(value)
            other = "mttr" if param == "mtbf" else "mtbf"
            if getattr(comp, other) is None:
                raise ScenarioError(f"{where}: component {comp.name!r} has only an availability; "
                                    f"set '{comp.name}.availability' instead")
            dist: Distribution | None = comp.failure if param == "mtbf" else comp.repair
            kw: dict[str, Any] = {param: seconds, "availability": None}
            if dist is not None:
                kw["failure" if param == "mtbf" else "repair"] = _rescale(dist, seconds)
            return replace(comp, **kw)
        if param == "availability":
            avail = _availability(value)
            if comp.mttr is None:
                return replace(comp, availability=avail)
            # keep MTTR, move MTBF so that A matches
            mtbf = mtbf_for(avail.unavailability, comp.mttr)
            assert comp.failure is not None
            return replace(comp, mtbf=mtbf, availability=None, failure=_rescale(comp.failure, mtbf))
    except PydanticCustomError as exc:
        raise ScenarioError(f"{where}: {exc.message()}") from None
    raise ScenarioError(f"{where}: a component has mtbf, mttr and availability; not {param!r}")


def _rescale(dist: Distribution, mean: float) -> Distribution:
    if dist.kind == "empirical":
        factor = mean / dist.mean if dist.mean else 1.0
        return Distribution.empirical([s * factor for s in dist.samples])
    return replace(dist, mean=mean)


_BLOCK_PARAMS: dict[str, Any] = {
    "failover": _duration, "detection": _duration, "manual_recovery": _duration,
    "switchover_success": _probability, "warm_factor": _probability, "beta": _probability,
    "mode": str, "repair_crews": int, "count": int, "k": int, "load_exponent": float,
    "capacity": lambda v: _quantity(v)[0], "demand": lambda v: _quantity(v)[0],
}


def _set_block(
    block: Block, target: str, param: str, value: Any, where: str, found: list[bool]
) -> Block | None:
    if isinstance(block, Component) or getattr(block, "name", "") != target:
        return None
    found.append(True)
    if param not in _BLOCK_PARAMS or not hasattr(block, param):
        raise ScenarioError(f"{where}: block {target!r} has no parameter {param!r}")
    try:
        parsed = _BLOCK_PARAMS[param](value)
        if isinstance(block, KOfN) and param == "k":
            return KOfN(k=parsed, parts=block.parts, name=block.name)
        return replace(block, **{param: parsed})  # type: ignore[arg-type]
    except PydanticCustomError as exc:
        raise ScenarioError(f"{where}: {exc.message()}") from None
    except (ValueError, TypeError) as exc:
        raise ScenarioError(f"{where}: {exc}") from None


# -- loading ------------------------------------------------------------------------------
def load_scenario(path: str | Path) -> Scenario:
    """Load and validate a scenario file.

    Raises
    ------
    ScenarioError
        With the key path of the first problem and how to fix it.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError(f"scenario file {str(p)!r} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"cannot read scenario file {str(p)!r}: {exc}") from None
    return loads_scenario(text, source=str(p))


def loads_scenario(text: str, *, source: str | None = None) -> Scenario:
    """Load a scenario from YAML text (see :func:`load_scenario`)."""
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ScenarioError(f"not valid YAML: {exc}", source=source) from None
    if not isinstance(data, dict):
        raise ScenarioError("a scenario is a mapping with name, components, system and variants",
                            source=source)
    try:
        try:
            spec = _ScenarioSpec.model_validate(data)
        except ValidationError as exc:
            raise _pydantic_error(exc, "") from None
        comps = {name: _component(name, raw, f"components.{name}", source)
                 for name, raw in spec.components.items()}
        channels = {name: _latent_channel(raw, f"components.{name}")
                    for name, raw in spec.components.items() if isinstance(raw, dict) and "latent" in raw}
        for i, name in enumerate(spec.shared):
            if name not in comps:
                known = ", ".join(sorted(comps)) or "none declared"
                raise ScenarioError(f"shared[{i}]: unknown component {name!r} (components: {known})")
        builder = _Builder(comps, "system", channels, tuple(spec.shared))
        system = builder.block(spec.system, "system")
        variants: list[Variant] = []
        for i, raw in enumerate(spec.variants):
            try:
                vs = _VariantSpec.model_validate(raw)
            except ValidationError as exc:
                raise _pydantic_error(exc, f"variants[{i}]") from None
            variants.append(Variant(vs.name, dict(vs.set), vs.system, vs.description))
    except ScenarioError as exc:
        if source and exc.source is None:
            raise ScenarioError(exc.message, source=source) from None
        raise
    scenario = Scenario(name=spec.name, target=spec.target, system=system, variants=tuple(variants),
                        components=comps, source=source, description=spec.description, raw_system=spec.system,
                        latent=builder.latent, latent_channels=channels, shared=tuple(spec.shared))
    names = [v.name for v in variants]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ScenarioError(f"variants: the name {dupes[0]!r} is used twice", source=source)
    for v in variants:  # validate every variant now, so mistakes surface at load time
        try:
            scenario.variant(v.name)
        except ScenarioError as exc:
            if source and exc.source is None:
                raise ScenarioError(exc.message, source=source) from None
            raise
    return scenario


def _pydantic_error(exc: ValidationError, prefix: str) -> ScenarioError:
    err = exc.errors()[0]
    loc = prefix
    for part in err["loc"]:
        if isinstance(part, int):
            loc += f"[{part}]"
        elif _is_type_tag(str(part)):
            continue  # pydantic names union branches ('float', '_DetectionSpec', 'function-before[...]')
        else:
            loc = f"{loc}.{'from' if part == 'from_' else part}" if loc else str(part)
    msg = err["msg"]
    if err["type"] == "extra_forbidden":
        msg = "unknown key; check the spelling"
    elif err["type"] == "missing":
        msg = "this key is required"
    return ScenarioError(f"{loc}: {msg}" if loc else msg)


def _is_type_tag(part: str) -> bool:
    return part.startswith("_") or "[" in part or "(" in part or part in ("float", "int", "str", "bool")


def _component(name: str, raw: Any, where: str, source: str | None) -> Component:
    if not isinstance(raw, dict):
        raise ScenarioError(f"{where}: expected a mapping like {{mtbf: 700h, mttr: 20m}} "
                            f"or {{availability: 99.9%}}")
    try:
        spec = _ComponentSpec.model_validate(raw)
    except ValidationError as exc:
        raise _pydantic_error(exc, where) from None
    if spec.from_incidents is not None:
        return _from_incidents(name, spec, where, source)
    if spec.latent is not None:
        if spec.mtbf is not None or spec.mttr is not None or spec.availability is not None:
            raise ScenarioError(f"{where}: a latent component takes its figures from latent: "
                                "(du_rate, test_interval...); drop mtbf, mttr and availability")
        from .models.latent import pfd_avg

        pfd = pfd_avg("1oo1", _latent_channel(raw, where))
        return Component.static(name, Availability(pfd))
    spec = _mean_from_scale(spec, where)
    if spec.mtbf is None and spec.mttr is None and spec.availability is None:
        raise ScenarioError(f"{where}: give mtbf and mttr, or an availability")
    if (spec.mtbf is None) != (spec.mttr is None):
        raise ScenarioError(f"{where}: give both mtbf and mttr (or only an availability)")
    if spec.mtbf is not None and spec.availability is not None:
        raise ScenarioError(f"{where}: give mtbf/mttr or availability, not both")
    if spec.mtbf is None and (spec.failure or spec.repair):
        raise ScenarioError(f"{where}: failure/repair distributions need mtbf and mttr (their means)")
    failure = _distribution(spec.failure, spec.mtbf, f"{where}.failure")
    repair = _distribution(spec.repair, spec.mttr, f"{where}.repair")
    return Component(name=name, mtbf=spec.mtbf, mttr=spec.mttr, availability=spec.availability,
                     failure=failure, repair=repair)


def _latent_channel(raw: dict[str, Any], where: str) -> Any:
    """The :class:`~uptime_calc.models.latent.LatentChannel` of a component's ``latent:`` mapping."""
    from .models.latent import LatentChannel

    try:
        spec = _LatentSpec.model_validate(raw["latent"])
    except ValidationError as exc:
        raise _pydantic_error(exc, f"{where}.latent") from None
    try:
        return LatentChannel(du_rate=spec.du_rate, test_interval=spec.test_interval, dd_rate=spec.dd_rate,
                             mrt=spec.mrt, mttr=spec.mttr, test_duration=spec.test_duration,
                             coverage=spec.coverage, lifetime=spec.lifetime)
    except ScenarioError as exc:
        raise ScenarioError(f"{where}.{exc.message}") from None


def _mean_from_scale(spec: _ComponentSpec, where: str) -> _ComponentSpec:
    """``failure: {distribution: weibull, shape: 2, scale: 1000h}`` gives the MTBF (the mean life)."""
    dist = spec.failure
    if dist is None or dist.scale is None:
        return spec
    if dist.distribution not in ("weibull", "gamma", "exponential"):
        raise ScenarioError(f"{where}.failure.scale: a scale is for weibull, gamma or exponential lives")
    if spec.mtbf is not None:
        raise ScenarioError(f"{where}: give mtbf (the mean life) or failure.scale, not both")
    shape = dist.shape if dist.shape is not None else 1.0
    if not shape > 0:
        raise ScenarioError(f"{where}.failure.shape: must be above zero")
    if dist.distribution == "weibull":
        mean = dist.scale * math.gamma(1.0 + 1.0 / shape)
    elif dist.distribution == "gamma":
        mean = dist.scale * shape
    else:
        mean = dist.scale
    return spec.model_copy(update={"mtbf": mean})


def _distribution(spec: _DistributionSpec | None, mean: float | None, where: str) -> Distribution | None:
    if spec is None or mean is None:
        return None
    shape = spec.shape if spec.shape is not None else spec.sigma
    if spec.distribution == "empirical":
        if not spec.samples:
            raise ScenarioError(f"{where}.samples: an empirical distribution needs samples "
                                "like [5m, 20m, 2h]")
        return Distribution.empirical(spec.samples)
    if spec.distribution in ("lognormal", "weibull", "gamma") and not (shape and shape > 0):
        key = "sigma" if spec.distribution == "lognormal" else "shape"
        raise ScenarioError(f"{where}.{key}: a {spec.distribution} distribution needs {key} above zero")
    return Distribution(spec.distribution, mean=mean, shape=shape)


def _from_incidents(name: str, spec: _ComponentSpec, where: str, source: str | None) -> Component:
    """Rates fitted from an incident log (:func:`uptime_calc.accounting.fit.fit_file`)."""
    from .accounting.fit import fit_file
    from .errors import UptimeCalcError

    log = Path(spec.from_incidents or "")
    if source and not log.is_absolute():
        log = Path(source).parent / log  # relative to the scenario file
    if not log.is_file():
        raise ScenarioError(f"{where}.from_incidents: incident log {str(log)!r} does not exist")
    service = spec.service or name
    try:
        fitted = fit_file(log, preset=spec.preset).for_service(service)
    except UptimeCalcError as exc:
        raise ScenarioError(f"{where}.from_incidents: {exc}") from None
    if fitted.failures == 0 or not (math.isfinite(fitted.mtbf_seconds) and fitted.mttr_seconds > 0):
        raise ScenarioError(f"{where}.from_incidents: service {service!r} has no outages with a duration "
                            f"in {str(log)!r}; give mtbf and mttr instead")
    return Component(
        name=name,
        mtbf=fitted.mtbf_seconds,
        mttr=fitted.mttr_seconds,
        failure=_fitted(fitted.best_between, fitted.mtbf_seconds, fixed=fitted.between_fixed),
        repair=_fitted(fitted.best_restore, fitted.mttr_seconds, fixed=fitted.restore_fixed),
    )


def _fitted(fit: Any, mean: float, *, fixed: bool = False) -> Distribution:
    """The fitted distribution's shape with the observed mean (so MTBF/MTTR and simulation agree);
    ``fixed``: every observed value was the same, a fixed duration."""
    if fixed:
        return Distribution("fixed", mean=mean)
    if fit is None or fit.name == "exponential":
        return Distribution("exponential", mean=mean)
    shape = fit.params.get("sigma") if fit.name == "lognormal" else fit.params.get("shape")
    if not shape or shape <= 0:
        return Distribution("exponential", mean=mean)
    return Distribution(fit.name, mean=mean, shape=float(shape))


class _Builder:
    """Turns the raw ``system:`` tree into blocks, naming component instances uniquely."""

    def __init__(self, comps: Mapping[str, Component], root: str,
                 channels: Mapping[str, Any] | None = None, shared: tuple[str, ...] = ()) -> None:
        self.comps = comps
        self.shared = frozenset(shared)
        self.used: dict[str, int] = {}
        self.root = root
        self.channels = dict(channels or {})
        self.latent: dict[str, Any] = {}

    def _ref(self, name: str, where: str) -> Component:
        if "@" in name:  # `psu@1`: one shared instance of the type psu, the same unit wherever named
            base, _, tag = name.partition("@")
            if not tag or base not in self.comps or base in self.channels:
                known = ", ".join(sorted(self.comps)) or "none declared"
                raise ScenarioError(f"{where}: {name!r} is not <component>@<tag> naming a declared "
                                    f"component (components: {known})")
            return replace(self.comps[base], instance=name, shared=True)
        if name in self.shared:  # `shared: [psu]`: every use of psu is the same unit
            return replace(self.comps[name], instance=name, shared=True)
        if name not in self.comps:
            known = ", ".join(sorted(self.comps)) or "none declared"
            raise ScenarioError(f"{where}: unknown component {name!r} (components: {known})")
        count = self.used.get(name, 0) + 1
        self.used[name] = count
        instance = name if count == 1 else f"{name}-{count}"
        if name in self.channels:
            from .models.latent import LatentGroup

            self.latent[instance] = LatentGroup(instance, "1oo1", self.channels[name])
        return replace(self.comps[name], instance=instance)

    def _voted(self, body: Any, where: str, name: str) -> Block:
        """A MooN group of latent channels, as one component whose unavailability is its PFDavg."""
        from .models.latent import LatentGroup, parse_architecture

        spec = self._validate(_VotedSpec, body, where)
        if spec.unit not in self.channels:
            raise ScenarioError(f"{where}.unit: {spec.unit!r} is not a component with latent: "
                                "(du_rate, test_interval...)")
        try:
            parse_architecture(spec.architecture)
            group = LatentGroup("", spec.architecture.strip().lower(), self.channels[spec.unit],
                                spec.beta, spec.beta_d)
            pfd = group.pfd_avg
        except ScenarioError as exc:
            raise ScenarioError(f"{where}.architecture: {exc.message}") from None
        base = spec.name or name or f"{spec.unit}[{group.architecture}]"
        count = self.used.get(base, 0) + 1
        self.used[base] = count
        instance = base if count == 1 else f"{base}-{count}"
        self.latent[instance] = replace(group, instance=instance)
        return Component.static(spec.unit, Availability(pfd), instance=instance)

    def block(self, raw: Any, where: str) -> Block:
        if isinstance(raw, str):
            return self._ref(raw, where)
        if not isinstance(raw, dict) or not raw:
            raise ScenarioError(f"{where}: expected a component name or a block such as "
                                f"{{series: [...]}} ({', '.join(BLOCK_KEYWORDS)})")
        keys = [k for k in raw if k in BLOCK_KEYWORDS]
        extra = [k for k in raw if k not in BLOCK_KEYWORDS and k != "name"]
        if len(keys) != 1 or extra:
            bad = extra[0] if extra else ", ".join(keys) or "nothing"
            raise ScenarioError(f"{where}: a block has exactly one of {', '.join(BLOCK_KEYWORDS)}; "
                                f"found {bad!r}")
        key = keys[0]
        body = raw[key]
        here = f"{where}.{key}"
        name = str(raw.get("name", ""))
        method = getattr(self, f"_{key}")
        return method(body, here, name)  # type: ignore[no-any-return]

    def _validate(self, model: type[_Model], body: Any, where: str) -> Any:
        if not isinstance(body, dict):
            raise ScenarioError(f"{where}: expected a mapping of parameters")
        try:
            return model.model_validate(body)
        except ValidationError as exc:
            raise _pydantic_error(exc, where) from None

    def _list(self, body: Any, where: str) -> tuple[Block, ...]:
        if not isinstance(body, list) or not body:
            raise ScenarioError(f"{where}: expected a non-empty list of components or blocks")
        return tuple(self.block(item, f"{where}[{i}]") for i, item in enumerate(body))

    def _component(self, body: Any, where: str, name: str) -> Block:
        if not isinstance(body, str):
            raise ScenarioError(f"{where}: expected a component name")
        return self._ref(body, where)

    def _series(self, body: Any, where: str, name: str) -> Block:
        return Series(self._list(body, where), name=name)

    def _parallel(self, body: Any, where: str, name: str) -> Block:
        return Parallel(self._list(body, where), name=name)

    def _k_of_n(self, body: Any, where: str, name: str) -> Block:
        spec = self._validate(_KOfNSpec, body, where)
        if (spec.unit is None) == (spec.of is None):
            raise ScenarioError(f"{where}: give either 'unit' with 'n' (identical units) or 'of' (a list)")
        if spec.unit is not None:
            if spec.n is None or spec.n < 1:
                raise ScenarioError(f"{where}.n: give the number of units n (1 or more)")
            unit = self.block(spec.unit, f"{where}.unit")
            parts = tuple(rename(unit, f"#{i}") for i in range(1, spec.n + 1))
        else:
            parts = self._list(spec.of, f"{where}.of")
        if not 1 <= spec.k <= len(parts):
            raise ScenarioError(f"{where}.k: k must lie between 1 and n={len(parts)}, got {spec.k}")
        return KOfN(k=spec.k, parts=parts, name=spec.name or name)

    def _active_active(self, body: Any, where: str, name: str) -> Block:
        spec = self._validate(_ActiveActiveSpec, body, where)
        if spec.count < 1:
            raise ScenarioError(f"{where}.count: expected 1 or more units, got {spec.count}")
        if (spec.capacity is None) != (spec.demand is None):
            raise ScenarioError(f"{where}: give both capacity and demand (e.g. 500rps and 900rps), "
                                "or neither")
        if spec.capacity is not None and spec.capacity[1] != spec.demand[1]:
            raise ScenarioError(f"{where}.demand: unit {spec.demand[1]!r} differs from the capacity's "
                                f"{spec.capacity[1]!r}")
        if spec.capacity is not None and spec.capacity[0] <= 0:
            raise ScenarioError(f"{where}.capacity: must be above zero")
        if spec.repair_crews is not None and spec.repair_crews < 1:
            raise ScenarioError(f"{where}.repair_crews: expected 1 or more")
        if not (spec.load_exponent >= 0 and math.isfinite(spec.load_exponent)):
            raise ScenarioError(f"{where}.load_exponent: expected zero or more (0: survivors keep their "
                                "failure rate; 1: it rises in proportion to their load)")
        unit = self.block(spec.unit, f"{where}.unit")
        return ActiveActive(unit=unit, count=spec.count,
                            capacity=None if spec.capacity is None else spec.capacity[0],
                            demand=None if spec.demand is None else spec.demand[0],
                            repair_crews=spec.repair_crews, name=spec.name or name,
                            load_exponent=spec.load_exponent)

    def _active_standby(self, body: Any, where: str, name: str) -> Block:
        spec = self._validate(_ActiveStandbySpec, body, where)
        seconds = self._detection(spec.detection, f"{where}.detection")
        if spec.repair_crews < 1:
            raise ScenarioError(f"{where}.repair_crews: expected 1 or more")
        active = self.block(spec.active, f"{where}.active")
        raw_standby = spec.standby if isinstance(spec.standby, list) else [spec.standby]
        if not raw_standby:
            raise ScenarioError(f"{where}.standby: expected a unit or a non-empty list of units")
        if spec.spares is not None:
            if len(raw_standby) != 1:
                raise ScenarioError(f"{where}.spares: give spares: N with one standby unit, or a list "
                                    "of standby units, not both")
            if spec.spares < 1:
                raise ScenarioError(f"{where}.spares: expected 1 or more standby units")
            raw_standby = raw_standby * spec.spares
        standby = tuple(self.block(u, f"{where}.standby[{i}]") for i, u in enumerate(raw_standby))
        n = 1 + len(standby)
        if not 1 <= spec.k < n:
            raise ScenarioError(f"{where}.k: k (units serving at once) must lie between 1 and {n - 1} "
                                f"for {n} units, got {spec.k}")
        return ActiveStandby(active=active, standby=standby[0], mode=spec.mode, failover=spec.failover,
                             detection=seconds, switchover_success=spec.switchover_success,
                             manual_recovery=spec.manual_recovery, repair_crews=spec.repair_crews,
                             warm_factor=spec.warm_factor, name=spec.name or name, spares=standby[1:],
                             k=spec.k)

    def _detection(self, raw: Any, where: str) -> float:
        """Seconds to detect a failure: a duration, ``{interval, fall}`` or ``{heartbeat_timeout}``."""
        if not isinstance(raw, dict):
            try:
                return float(_Seconds.model_validate({"value": raw}).value)
            except ValidationError:
                raise ScenarioError(f"{where}: expected a duration like 15s, {{interval: 5s, fall: 3}} "
                                    f"or {{heartbeat_timeout: 10s}}, got {raw!r}") from None
        detection = self._validate(_DetectionSpec, raw, where)
        if detection.heartbeat_timeout is not None:
            if detection.interval is not None or detection.fall is not None:
                raise ScenarioError(f"{where}: give interval and fall, or heartbeat_timeout")
            return float(detection.heartbeat_timeout)
        if detection.interval is None:
            raise ScenarioError(f"{where}: give {{interval: 5s, fall: 3}} or {{heartbeat_timeout: 10s}}")
        fall = detection.fall if detection.fall is not None else 1
        if fall < 1:
            raise ScenarioError(f"{where}.fall: expected 1 or more checks")
        return float(detection.interval * fall)

    def _common_cause(self, body: Any, where: str, name: str) -> Block:
        spec = self._validate(_CommonCauseSpec, body, where)
        return CommonCause(beta=spec.beta, of=self.block(spec.of, f"{where}.of"), name=spec.name or name)

    def _network(self, body: Any, where: str, name: str) -> Block:
        spec = self._validate(_NetworkSpec, body, where)
        edges = []
        nodes: list[str] = list(spec.nodes or [])
        for i, raw in enumerate(spec.edges):
            here = f"{where}.edges[{i}]"
            if isinstance(raw, list) and len(raw) in (2, 3):
                raw = {"from": raw[0], "to": raw[1], **({"block": raw[2]} if len(raw) == 3 else {})}
            if not isinstance(raw, dict):
                raise ScenarioError(f"{here}: expected [from, to, block] or {{from: a, to: b, block: x}}")
            try:
                e = _EdgeSpec(**{str(k): v for k, v in raw.items()})
            except ValidationError as exc:
                raise _pydantic_error(exc, here) from None
            block = None if e.block is None else self.block(e.block, f"{here}.block")
            for end in (e.from_, e.to):
                if spec.nodes is None and end not in nodes:
                    nodes.append(end)
                elif end not in nodes:
                    raise ScenarioError(f"{here}: node {end!r} is not in nodes {spec.nodes}")
            edges.append(Edge(e.from_, e.to, block, e.directed))
        for end, key in ((spec.source, "source"), (spec.sink, "sink")):
            if end not in nodes:
                raise ScenarioError(f"{where}.{key}: {end!r} is not a node of the network")
        return Network(nodes=tuple(nodes), edges=tuple(edges), source=spec.source, sink=spec.sink,
                       name=spec.name or name)

