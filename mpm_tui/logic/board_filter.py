"""Narrowing and grouping a board that is already loaded: filters and swimlanes.

Plain Python over the board's views, no database and no terminal: the board
screen re-applies a filter on every key typed in the search box, so it must
cost nothing but a pass over the cards already in memory. Filtered columns
keep their real card count (`ColumnView.card_total`), so the WIP headers go on
counting every card, shown or not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Literal

from mpm_tui.schemas.views import BoardView, TaskView

NO_PROJECT = "No project"
"""The swimlane of cards that belong to no project (always last)."""

UNASSIGNED = "Unassigned"
"""The swimlane of cards without an owner (always last)."""


@dataclass(frozen=True)
class BoardFilter:
    """Which cards the board shows. Names match whole and case-insensitively."""

    project: str | None = None
    """Only cards of this project."""
    owner: str | None = None
    """Only cards this member owns."""
    channel: str | None = None
    """Only cards for this channel (email, seo, social…)."""
    text: str = ""
    """Words that must all appear in the title, description, project, owner or channel."""
    mine: str | None = None
    """A member name: only cards they own or review."""
    blocked_only: bool = False
    """Only blocked cards."""

    @property
    def words(self) -> tuple[str, ...]:
        """The search words, case-folded; matched literally (`[Q4]` is just text)."""
        return tuple(word.casefold() for word in self.text.split())

    @property
    def is_active(self) -> bool:
        """Whether any card could be hidden."""
        return bool(
            self.project
            or self.owner
            or self.channel
            or self.words
            or self.mine
            or self.blocked_only
        )

    def describe(self) -> str:
        """One line for the filter bar, e.g. `project: Aurora Launch · "launch" · blocked only`."""
        parts = [
            f"{label}: {value}"
            for label, value in (
                ("project", self.project),
                ("owner", self.owner),
                ("channel", self.channel),
                ("mine", self.mine),
            )
            if value
        ]
        if self.words:
            parts.append(f'"{" ".join(self.text.split())}"')
        if self.blocked_only:
            parts.append("blocked only")
        return " · ".join(parts)

    def matches(self, card: TaskView) -> bool:
        """Whether `card` passes every part of the filter."""
        if self.blocked_only and not card.blocked:
            return False
        for wanted, value in (
            (self.project, card.project),
            (self.owner, card.owner),
            (self.channel, card.channel),
        ):
            if wanted and not _same(wanted, value):
                return False
        if self.mine and not (_same(self.mine, card.owner) or _same(self.mine, card.reviewer)):
            return False
        if self.words:
            # One field per line: a word (never containing whitespace) cannot
            # match across two fields.
            haystack = "\n".join(
                field or ""
                for field in (card.title, card.description, card.project, card.owner, card.channel)
            ).casefold()
            return all(word in haystack for word in self.words)
        return True


def _same(wanted: str, value: str | None) -> bool:
    return value is not None and value.casefold() == wanted.casefold()


def apply_filter(board: BoardView, board_filter: BoardFilter) -> BoardView:
    """The board with only the matching cards, every column kept.

    Each column's `card_total` is its real count (kept from an already
    filtered board), so WIP labels and limits still count every card.
    """
    return replace(
        board,
        columns=tuple(
            replace(
                column,
                cards=tuple(card for card in column.cards if board_filter.matches(card)),
                card_total=column.count,
            )
            for column in board.columns
        ),
    )


@dataclass(frozen=True)
class Lane:
    """One swimlane: the cards of one project (or owner), column by column."""

    key: str
    """The project or owner name; "" for the lane of cards without one."""
    title: str
    """What the lane header shows: the name, or "No project" / "Unassigned"."""
    columns: tuple[tuple[TaskView, ...], ...]
    """Per board column (in board order), the lane's cards in column order."""


def swimlanes(board: BoardView, by: Literal["project", "owner"]) -> list[Lane]:
    """One lane per distinct project (or owner) with cards on `board`.

    Lanes are sorted by name (case-insensitively), the lane of cards without a
    project ("No project") or owner ("Unassigned") last. A board without
    cards has no lanes.
    """
    if by not in ("project", "owner"):
        raise ValueError(f"swimlanes by {by!r}: choose 'project' or 'owner'")
    key_of: Callable[[TaskView], str | None] = (
        (lambda card: card.project) if by == "project" else (lambda card: card.owner)
    )
    keys = {key_of(card) for column in board.columns for card in column.cards}
    named = sorted((key for key in keys if key), key=lambda key: (key.casefold(), key))
    lanes = [
        Lane(key, key, tuple(_cards_of(column.cards, key_of, key) for column in board.columns))
        for key in named
    ]
    if None in keys or "" in keys:
        lanes.append(
            Lane(
                "",
                NO_PROJECT if by == "project" else UNASSIGNED,
                tuple(_cards_of(column.cards, key_of, None) for column in board.columns),
            )
        )
    return lanes


def _cards_of(
    cards: Iterable[TaskView], key_of: Callable[[TaskView], str | None], key: str | None
) -> tuple[TaskView, ...]:
    if key is None:
        return tuple(card for card in cards if not key_of(card))
    return tuple(card for card in cards if key_of(card) == key)


def filter_options(board: BoardView) -> dict[str, list[str]]:
    """The distinct projects, owners and channels on the board, sorted, for pickers."""
    cards = [card for column in board.columns for card in column.cards]

    def distinct(values: Iterable[str | None]) -> list[str]:
        return sorted({value for value in values if value}, key=lambda v: (v.casefold(), v))

    return {
        "projects": distinct(card.project for card in cards),
        "owners": distinct(card.owner for card in cards),
        "channels": distinct(card.channel for card in cards),
    }
