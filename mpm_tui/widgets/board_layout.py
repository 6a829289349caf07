"""What the board canvas draws, as plain data: lanes, slots and card text.

Kept apart from the widget so the geometry (which card is under a row, where a
carried card lands) is testable without a terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from rich.cells import cell_len, set_cell_size

from mpm_tui.schemas.enums import Priority
from mpm_tui.schemas.views import ColumnView, TaskView

Part = tuple[str, str]
"""A run of text and the name of the component class that styles it ("" = plain)."""


@dataclass
class LaneLayout:
    """One horizontal band of the board: a title (None without swimlanes) and the
    cards of each column that belong to it, in column order."""

    title: str | None
    columns: list[list[TaskView]] = field(default_factory=list)

    def height(self, card_height: int) -> int:
        """Rows of the band: its title row (if any) and its tallest column."""
        tallest = max((len(cards) for cards in self.columns), default=0)
        return (1 if self.title is not None else 0) + max(1, tallest) * card_height


@dataclass
class Carry:
    """A card picked up: where it came from and the slot it would drop into."""

    task: TaskView
    lane: int
    origin_col: int
    origin_idx: int
    col: int
    idx: int
    by_mouse: bool = False

    @property
    def moved(self) -> bool:
        return (self.col, self.idx) != (self.origin_col, self.origin_idx)


def lane_cards(lane: LaneLayout, col: int, carry: Carry | None, lane_index: int) -> list[TaskView]:
    """The cards a column shows in a lane, with a carried card at its target slot."""
    cards = lane.columns[col]
    if carry is None or carry.lane != lane_index:
        return cards
    if col == carry.origin_col:
        cards = [card for card in cards if card.id != carry.task.id]
    if col == carry.col:
        cards = [*cards[: carry.idx], carry.task, *cards[carry.idx :]]
    return cards


def drop_position(column: ColumnView, lane: LaneLayout, col: int, carry: Carry) -> int:
    """The column-wide position (what `move_task` takes) for the carry's lane slot.

    Without swimlanes the slot is the position. With them, the card lands just
    before the lane card that now sits below it (or after the lane's last card).
    """
    if lane.title is None:  # no swimlanes: the one lane holds every card of the column
        return carry.idx
    others = [card for card in column.cards if card.id != carry.task.id]
    lane_others = [card for card in lane.columns[col] if card.id != carry.task.id]
    if len(lane_others) == len(others):
        return carry.idx
    ids = [card.id for card in others]
    if carry.idx < len(lane_others):
        return ids.index(lane_others[carry.idx].id)
    if lane_others:
        return ids.index(lane_others[-1].id) + 1
    return len(others)


def fit(parts: Sequence[Part], width: int) -> list[Part]:
    """Cut runs to `width` cells, ending in "…" when something was cut; pad to width."""
    out: list[Part] = []
    used = 0
    total = sum(cell_len(text) for text, _ in parts)
    limit = width if total <= width else width - 1
    for text, style in parts:
        if used >= limit:
            break
        size = cell_len(text)
        if used + size > limit:
            text = set_cell_size(text, limit - used)
            size = limit - used
        out.append((text, style))
        used += size
    if total > width and width > 0:
        out.append(("…", out[-1][1] if out else ""))
        used += 1
    if used < width:
        out.append((" " * (width - used), ""))
    return out


def short_date(day: date, today: date) -> str:
    text = f"{day:%b} {day.day}"
    return text if day.year == today.year else f"{text} {day.year}"


def first_name(name: str | None) -> str:
    """`Sam Okafor` → `Sam O.`: enough to tell people apart on a narrow card."""
    if not name:
        return "unassigned"
    parts = name.split()
    return parts[0] if len(parts) == 1 else f"{parts[0]} {parts[-1][0]}."


def title_parts(task: TaskView) -> list[Part]:
    """Markers before the title: ⊘ blocked, ‼ urgent, ! high (never colour alone)."""
    parts: list[Part] = []
    if task.blocked:
        parts.append(("⊘ ", "board--alert"))
    if task.priority is Priority.URGENT:
        parts.append(("‼ ", "board--warn"))
    elif task.priority is Priority.HIGH:
        parts.append(("! ", "board--warn"))
    parts.append((task.title, "board--title"))
    return parts


def meta_parts(
    task: TaskView, today: date, now: datetime, stuck_after: int, *, in_done: bool
) -> list[Part]:
    """Owner · due (⚠ when overdue) · checklist · ◷ days in the column once stuck."""
    parts: list[Part] = [(first_name(task.owner), "board--meta")]
    if task.due is not None:
        if task.is_overdue(today) and not in_done:
            parts.append((f" · ⚠{short_date(task.due, today)}", "board--alert"))
        else:
            parts.append((f" · {short_date(task.due, today)}", "board--meta"))
    if task.checklist_total:
        parts.append((f" · ☑{task.checklist_done}/{task.checklist_total}", "board--meta"))
    days = task.days_in_column(now)
    if not in_done and days >= stuck_after:
        parts.append((f" · ◷{days}d", "board--warn"))
    return parts


def tag_parts(task: TaskView) -> list[Part]:
    """`#project · channel`, or nothing."""
    tags = [tag for tag in (task.project, task.channel) if tag]
    return [("#" + " · ".join(tags), "board--tag")] if tags else []


def header_status(column: ColumnView) -> list[Part]:
    """`5/6`, `4/4 ● full` or `7/6 ▲ over`: words, not only colour.

    Under a filter the column says how many of its cards are shown first
    (`2 of 5/6`): the WIP count always counts every card.
    """
    shown: list[Part] = []
    if column.card_total is not None and len(column.cards) != column.card_total:
        shown = [(f"{len(column.cards)} of ", "board--meta")]
    if column.over_limit:
        return [
            *shown,
            (column.wip_label, "board--header-over"),
            (" ▲ over limit", "board--header-over"),
        ]
    if column.at_limit:
        return [*shown, (column.wip_label, "board--header-full"), (" ● full", "board--header-full")]
    noun = "card" if column.count == 1 else "cards"
    if column.wip_limit is not None:
        return [*shown, (f"{column.wip_label} {noun}", "board--meta")]
    return [*shown, (f"{column.count} {noun}", "board--meta")]
