"""Dependency graph checks: finish-to-start edges must never form a cycle."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable


def find_path(edges: Iterable[tuple[int, int]], start: int, goal: int) -> list[int] | None:
    """A path start → … → goal following the directed edges, or None.

    Iterative depth-first search, so a long chain cannot hit the recursion limit.
    """
    successors: dict[int, list[int]] = defaultdict(list)
    for before, after in edges:
        successors[before].append(after)
    parents: dict[int, int | None] = {start: None}
    stack = [start]
    while stack:
        node = stack.pop()
        if node == goal:
            path = [node]
            while (parent := parents[path[-1]]) is not None:
                path.append(parent)
            return path[::-1]
        for nxt in successors.get(node, ()):
            if nxt not in parents:
                parents[nxt] = node
                stack.append(nxt)
    return None


def nodes_on_cycles(edges: Iterable[tuple[int, int]]) -> set[int]:
    """Every node on a cycle or downstream of one; empty when the graph is acyclic.

    Kahn's algorithm, linear in nodes and edges: peel off nodes nothing left
    points to. What cannot be peeled lies on a cycle or after one; any edge
    on a cycle has both ends in this set (and so does every path between
    them), so a per-edge cycle search can be limited to it.
    """
    successors: dict[int, list[int]] = defaultdict(list)
    incoming: dict[int, int] = defaultdict(int)
    for before, after in edges:
        successors[before].append(after)
        incoming[after] += 1
        incoming.setdefault(before, 0)
    ready = [node for node, count in incoming.items() if count == 0]
    while ready:
        node = ready.pop()
        for nxt in successors.get(node, ()):
            incoming[nxt] -= 1
            if incoming[nxt] == 0:
                ready.append(nxt)
    return {node for node, count in incoming.items() if count > 0}


def cycle_if_added(
    edges: Iterable[tuple[int, int]], predecessor: int, successor: int
) -> list[int] | None:
    """The cycle that adding predecessor → successor would close, or None.

    The returned list starts and ends at `predecessor`, e.g. [a, b, c, a]
    when b → c → a already exists and a → b is being added.
    """
    if predecessor == successor:
        return [predecessor, predecessor]
    path = find_path(edges, successor, predecessor)
    if path is None:
        return None
    return [predecessor, *path]
