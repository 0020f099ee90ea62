"""YAML read strictly: no duplicate keys, bounded nesting, aliases that cannot explode or loop.

``yaml.safe_load`` accepts three things a file from someone else can abuse:

* a key written twice in one mapping (the last value silently wins: a scenario whose
  ``availability`` was given twice computed with the second);
* nesting thousands of levels deep (PyYAML recurses per level: ``RecursionError``);
* aliases: ``*name`` repeats what ``&name`` marks, so ten lines of aliases to aliases stand for
  10^9 nodes (an "alias bomb", which hangs whatever walks the result), and an alias inside the
  node it names is a loop.

:func:`load` refuses each with an error naming the line and, for the sizes, the limit
(:mod:`uptime_calc.limits`: ``max_block_depth`` bounds the nesting, ``max_scenario_nodes`` the
nodes counted with every alias expanded) and the flag that raises it.

>>> load("a: 1\\nb: [x, y]\\n", source="s.yaml")
{'a': 1, 'b': ['x', 'y']}
>>> load("a: 1\\na: 2\\n", source="s.yaml")
Traceback (most recent call last):
...
uptime_calc.errors.ScenarioError: s.yaml: line 2: the key 'a' appears twice in one mapping (lines 1 and 2); remove one
"""

from __future__ import annotations

from typing import Any

from uptime_calc import limits
from uptime_calc.errors import ScenarioError

#: YAML levels a block takes (``{series: [...]}``: a mapping and a list), and the levels above the tree
LEVELS_PER_BLOCK = 2
_TOP_LEVELS = 8


def yaml_depth_limit() -> int:
    """The deepest YAML nesting read: enough for a block tree of ``max_block_depth`` levels."""
    return LEVELS_PER_BLOCK * limits.get("max_block_depth") + _TOP_LEVELS


def load(text: str, *, source: str | None = None) -> Any:
    """Parse YAML text with the checks above (plain ``yaml.safe_load`` types otherwise).

    Raises
    ------
    ScenarioError
        For invalid YAML, a duplicate key, an alias loop; :class:`~uptime_calc.errors.LimitError`
        for nesting or expanded size over the limits.
    """
    import yaml

    try:
        loader = _loader_class()(text)  # checks the characters first (a NUL is a YAMLError)
    except yaml.YAMLError as exc:
        raise ScenarioError(f"not valid YAML: {_one_line(exc)}", source=source) from None
    loader.source = source
    loader.depth_limit = yaml_depth_limit()
    try:
        return loader.get_single_data()
    except yaml.YAMLError as exc:
        raise ScenarioError(f"not valid YAML: {_one_line(exc)}", source=source) from None
    except RecursionError:  # only with a raised --max-block-depth
        raise ScenarioError("the YAML nests too deeply for the parser (Python's recursion limit); "
                            "flatten the block tree", source=source) from None
    finally:
        loader.dispose()


_LOADER: Any = None


def _one_line(exc: Exception) -> str:
    """A PyYAML error on one line: ``line 3, column 1: found character '\\t' that cannot start any token``."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None)
    if mark is not None and problem:
        context = getattr(exc, "context", None)
        return f"line {mark.line + 1}, column {mark.column + 1}: {problem}" + (f" ({context})" if context else "")
    return " ".join(str(exc).split())


def _loader_class() -> Any:
    """The strict loader (built on first use: yaml is imported lazily)."""
    global _LOADER
    if _LOADER is None:
        _LOADER = _build_loader()
    return _LOADER


def _build_loader() -> Any:
    import yaml
    from yaml.nodes import MappingNode, Node, SequenceNode

    class StrictLoader(yaml.SafeLoader):
        source: str | None = None
        depth_limit = 0
        _depth = 0

        def compose_node(self, parent: Node | None, index: Any) -> Node | None:
            self._depth += 1
            try:
                if self._depth > self.depth_limit:
                    mark = self.peek_event().start_mark
                    _too_deep(self._depth, f"line {mark.line + 1}: the YAML", self.source)
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1

        def compose_document(self) -> Node | None:
            node = super().compose_document()
            _check_expanded(node, self.source, self.depth_limit)
            return node

        def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
            seen: dict[Any, int] = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                key = self.construct_object(key_node, deep=True)
                line = key_node.start_mark.line + 1
                try:
                    first = seen.get(key)
                except TypeError:
                    continue  # an unhashable key: the constructor reports it
                if first is not None:
                    raise ScenarioError(f"line {line}: the key {key!r} appears twice in one mapping "
                                        f"(lines {first} and {line}); remove one", source=self.source)
                seen[key] = line
            return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]

    def _check_expanded(root: Node | None, source: str | None, depth_limit: int) -> None:
        """Count the nodes with every alias expanded (memoised per node), and find alias loops."""
        if root is None:
            return
        limit = limits.get("max_scenario_nodes")
        sizes: dict[int, tuple[int, int]] = {}  # id(node) -> (expanded nodes, expanded depth)
        active: set[int] = set()
        # an explicit stack, not recursion: the text may nest up to the depth limit
        stack: list[tuple[Node, bool]] = [(root, False)]
        while stack:
            node, done = stack.pop()
            key = id(node)
            if done:
                active.discard(key)
                children = _children(node)
                size = 1 + sum(sizes[id(c)][0] for c in children)
                depth = 1 + max((sizes[id(c)][1] for c in children), default=0)
                sizes[key] = (min(size, limit + 1), depth)
                continue
            if key in sizes:
                continue
            if key in active:
                raise ScenarioError(f"line {node.start_mark.line + 1}: a YAML alias refers to a node that contains "
                                    "it, a loop with no end; write the structure out", source=source)
            active.add(key)
            stack.append((node, True))
            for child in _children(node):
                if id(child) in active:
                    raise ScenarioError(
                        f"line {child.start_mark.line + 1}: a YAML alias refers to a node that contains it, "
                        "a loop with no end; write the structure out", source=source)
                if id(child) not in sizes:
                    stack.append((child, False))
        size, depth = sizes[id(root)]
        if depth > depth_limit:
            _too_deep(depth, "the YAML, its aliases expanded,", source)
        limits.check("max_scenario_nodes", size,
                     what="the YAML has too many nodes once its aliases are expanded (counting stopped at)",
                     source=source)

    def _children(node: Node) -> list[Node]:
        if isinstance(node, SequenceNode):
            return list(node.value)
        if isinstance(node, MappingNode):
            return [part for pair in node.value for part in pair]
        return []

    return StrictLoader


def _too_deep(levels: int, what: str, source: str | None) -> None:
    """Raise the ``max_block_depth`` error for YAML nested ``levels`` deep (counted in blocks)."""
    blocks = -(-(levels - _TOP_LEVELS) // LEVELS_PER_BLOCK)
    limits.check("max_block_depth", blocks,
                 what=f"{what} nests deeper than a block tree may ({LEVELS_PER_BLOCK} YAML levels per block; "
                      "blocks counted so far)", source=source)
