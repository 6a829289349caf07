"""Bring a loaded board up to date after one card changed, without reloading it.

Reloading a board of 10,000 cards costs hundreds of milliseconds; one move
changes two columns. These functions take the board as it was read and the
card as the service returned it, and give the board as the database now
holds it: cards in column order, each view's `position` its slot (0..n-1),
exactly what `boards.board_view` would read. Plain Python, no database, no
terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from mpm_tui.schemas.views import BoardView, ColumnView, TaskView

_new = object.__new__
_set = object.__setattr__


def _at(card: TaskView, position: int) -> TaskView:
    """`replace(card, position=position)`, thirty times faster.

    A card put down at the top of a column of thousands moves every card below
    it one slot; `dataclasses.replace` re-runs the frozen `__init__` for each
    (about 15 µs), this gives the copy a copied instance dictionary (about
    0.5 µs). Same result: a new frozen TaskView equal to the replaced one.
    """
    fields = card.__dict__.copy()
    fields["position"] = position
    moved = _new(TaskView)
    _set(moved, "__dict__", fields)
    return moved


def _renumbered(cards: Sequence[TaskView], start: int = 0) -> list[TaskView]:
    """The cards at slots start, start + 1, …, copying only those that moved."""
    return [
        card if card.position == index else _at(card, index)
        for index, card in enumerate(cards, start)
    ]


def _index_of(cards: Sequence[TaskView], task_id: int) -> int | None:
    for index, card in enumerate(cards):
        if card.id == task_id:
            return index
    return None


def without_card(board: BoardView, task_id: int) -> BoardView:
    """The board after the card was deleted (or left it): the cards below move up."""
    columns = list(board.columns)
    for n, column in enumerate(columns):
        index = _index_of(column.cards, task_id)
        if index is not None:
            cards = column.cards
            kept = (*cards[:index], *_renumbered(cards[index + 1 :], index))
            columns[n] = replace(column, cards=kept, card_total=None)
            return replace(board, columns=tuple(columns))
    return board


def with_card(board: BoardView, card: TaskView) -> BoardView:
    """The board with `card` (new, moved or edited) at its column and position.

    The card leaves wherever it was; the cards below it, there and where it
    lands, change slots. A card of another board (or of no column here) only
    leaves this one.
    """
    board = without_card(board, card.id)
    columns: list[ColumnView] = []
    for column in board.columns:
        if column.id == card.column_id:
            cards = column.cards
            slot = max(0, min(card.position, len(cards)))
            if card.position != slot:
                card = _at(card, slot)
            placed = (*cards[:slot], card, *_renumbered(cards[slot:], slot + 1))
            column = replace(column, cards=placed, card_total=None)
        columns.append(column)
    return replace(board, columns=tuple(columns))
