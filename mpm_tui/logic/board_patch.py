"""Bring a loaded board up to date after one card changed, without reloading it.

Reloading a board of 10,000 cards costs hundreds of milliseconds; one move
changes two columns. These functions take the board as it was read and the
card as the service returned it, and give the board as the database now
holds it: cards in column order with contiguous positions, exactly what
`boards.board_view` would read. Plain Python, no database, no terminal.
"""

from __future__ import annotations

from dataclasses import replace

from mpm_tui.schemas.views import BoardView, ColumnView, TaskView


def _at(card: TaskView, position: int) -> TaskView:
    """`replace(card, position=position)`, twenty times faster.

    A move at the top of a column of thousands renumbers every card below it;
    `dataclasses.replace` re-runs the frozen `__init__` for each (about 15 µs),
    this copies the instance dictionary (under 1 µs). Same result: a new
    frozen TaskView equal to the replaced one.
    """
    moved = object.__new__(TaskView)
    moved.__dict__.update(card.__dict__, position=position)
    return moved


def _renumbered(cards: list[TaskView]) -> tuple[TaskView, ...]:
    """The cards with positions 0..n-1, copying only those that moved."""
    return tuple(
        card if card.position == index else _at(card, index) for index, card in enumerate(cards)
    )


def without_card(board: BoardView, task_id: int) -> BoardView:
    """The board after the card was deleted (or left it): the gap closed."""
    columns = []
    for column in board.columns:
        if any(card.id == task_id for card in column.cards):
            kept = [card for card in column.cards if card.id != task_id]
            column = replace(column, cards=_renumbered(kept), card_total=None)
        columns.append(column)
    return replace(board, columns=tuple(columns))


def with_card(board: BoardView, card: TaskView) -> BoardView:
    """The board with `card` (new, moved or edited) at its column and position.

    The card leaves wherever it was; the columns it touches are renumbered.
    A card of another board (or of no column here) only leaves this one.
    """
    board = without_card(board, card.id)
    columns: list[ColumnView] = []
    for column in board.columns:
        if column.id == card.column_id:
            cards = list(column.cards)
            cards.insert(max(0, min(card.position, len(cards))), card)
            column = replace(column, cards=_renumbered(cards), card_total=None)
        columns.append(column)
    return replace(board, columns=tuple(columns))
