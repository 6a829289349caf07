"""Dependency graph: paths and the cycle a new edge would close."""

from __future__ import annotations

import sys
from collections.abc import Iterator

from mpm_tui.logic.graph import cycle_if_added, find_path, nodes_on_cycles


def chain(length: int) -> list[tuple[int, int]]:
    """0 → 1 → … → length-1."""
    return [(i, i + 1) for i in range(length - 1)]


def test_find_path_follows_edge_direction() -> None:
    edges = [(1, 2), (2, 3)]
    assert find_path(edges, 1, 3) == [1, 2, 3]
    assert find_path(edges, 2, 3) == [2, 3]
    assert find_path(edges, 3, 1) is None
    assert find_path(edges, 1, 99) is None


def test_find_path_from_a_node_to_itself_is_that_node() -> None:
    assert find_path([(1, 2)], 1, 1) == [1]
    assert find_path([], 7, 7) == [7]


def test_find_path_through_a_diamond_is_a_real_path() -> None:
    edges = [(1, 2), (1, 3), (2, 4), (3, 4), (4, 5)]
    path = find_path(edges, 1, 5)
    assert path in ([1, 2, 4, 5], [1, 3, 4, 5])


def test_find_path_accepts_a_one_shot_iterator() -> None:
    def edges() -> Iterator[tuple[int, int]]:
        yield from [(1, 2), (2, 3)]

    assert find_path(edges(), 1, 3) == [1, 2, 3]
    assert cycle_if_added(edges(), 3, 1) == [3, 1, 2, 3]


def test_self_loop_is_a_cycle() -> None:
    assert cycle_if_added([], 5, 5) == [5, 5]
    assert cycle_if_added([(1, 2)], 2, 2) == [2, 2]


def test_two_cycle() -> None:
    assert cycle_if_added([(1, 2)], 2, 1) == [2, 1, 2]


def test_cycle_starts_and_ends_at_the_predecessor() -> None:
    # b → c → a exists; adding a → b closes a → b → c → a.
    a, b, c = 10, 20, 30
    assert cycle_if_added([(b, c), (c, a)], a, b) == [a, b, c, a]


def test_no_cycle_when_the_edge_goes_with_the_flow() -> None:
    edges = [(1, 2), (2, 3)]
    assert cycle_if_added(edges, 1, 3) is None  # a shortcut, not a loop
    assert cycle_if_added(edges, 3, 4) is None
    assert cycle_if_added(edges, 1, 2) is None  # an existing edge again
    assert cycle_if_added([], 1, 2) is None


def test_unrelated_edges_do_not_make_a_cycle() -> None:
    edges = [(1, 2), (3, 4), (4, 3)]  # a cycle elsewhere is not this edge's cycle
    assert cycle_if_added(edges, 2, 5) is None


def test_long_chain_has_no_recursion_error() -> None:
    n = 10_000
    assert n > sys.getrecursionlimit()
    edges = chain(n)
    assert find_path(edges, 0, n - 1) == list(range(n))
    cycle = cycle_if_added(edges, n - 1, 0)
    assert cycle == [n - 1, *range(n)]
    assert cycle_if_added(edges, 0, n - 1) is None


def test_nodes_on_cycles_is_empty_for_a_dag() -> None:
    assert nodes_on_cycles([(1, 2), (2, 3), (1, 3), (4, 3)]) == set()
    assert nodes_on_cycles([]) == set()


def test_nodes_on_cycles_holds_the_cycle_and_what_follows_it() -> None:
    # 1 → 2 → 3 → 1 is a cycle; 3 → 4 follows it; 0 → 1 comes before it.
    found = nodes_on_cycles([(0, 1), (1, 2), (2, 3), (3, 1), (3, 4), (5, 6)])
    assert found == {1, 2, 3, 4}
    assert nodes_on_cycles([(7, 7)]) == {7}


def test_nodes_on_cycles_is_linear_on_a_long_chain() -> None:
    """100,000 edges in one chain: no recursion, no quadratic search."""
    chain = [(n, n + 1) for n in range(100_000)]
    assert nodes_on_cycles(chain) == set()
    assert len(nodes_on_cycles([*chain, (100_000, 0)])) == 100_001
