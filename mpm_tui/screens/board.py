"""The board: one column per status, side by side, each card a line pair.

Read-only for now (moving cards arrives with the interactive board). Cards are
options of one `OptionList` per column — a virtual list that renders only the
visible lines, so the widget count stays at a handful per column however many
cards there are. Everything from the database is shown as `Content`, never
parsed as markup: a card called `[Q4] launch` reads as typed.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import DescendantFocus
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from mpm_tui.schemas.enums import Priority
from mpm_tui.schemas.views import BoardView, ColumnView, TaskView
from mpm_tui.screens import short_date
from mpm_tui.services import boards
from mpm_tui.services.context import ServiceContext

EMPTY_WORKSPACE = (
    "This workspace has no board yet.\n\n"
    "Create one from the command line:\n\n"
    "    mpm board add NAME\n\n"
    "or look around a sample workspace first:\n\n"
    "    mpm --demo"
)

MOVE = Binding.Group("Move", compact=True)


def column_status(column: ColumnView) -> Content:
    """The second header line: count against the limit, and a word when full or over.

    The words (not only the header colour) carry the meaning.
    """
    if column.over_limit:
        return Content.assemble(column.wip_label, " ", ("▲ over limit", "bold"))
    if column.at_limit:
        return Content.assemble(column.wip_label, " ", ("● full", "bold"))
    noun = "card" if column.count == 1 and column.wip_limit is None else "cards"
    return Content(f"{column.wip_label} {noun}")


def card_prompt(task: TaskView, today: date) -> Content:
    """Line 1: markers and the title. Line 2 (dim): owner · due · project, with
    what needs attention (blocked, overdue) first so it survives truncation."""
    title: list[str | tuple[str, str]] = []
    meta: list[str | tuple[str, str]] = []
    if task.blocked:
        title.append(("⊘ ", ".card--blocked"))
        meta += [("blocked", ".card--blocked"), " · "]
    if task.is_overdue(today) and task.due is not None:
        meta += [(f"⚠ overdue {short_date(task.due, today)}", ".card--overdue"), " · "]
    priority = task.priority
    if priority is Priority.URGENT:
        title.append(("‼ ", ".card--urgent"))
    elif priority is Priority.HIGH:
        title.append(("! ", ".card--urgent"))
    title.append(task.title)
    meta.append(task.owner or "unassigned")
    if task.due is not None and not task.is_overdue(today):
        meta.append(f" · due {short_date(task.due, today)}")
    if task.project:
        meta.append(f" · {task.project}")
    line2 = Content.assemble(*meta).stylize_before(".card--meta")
    return Content.assemble(*title, "\n", line2)


def card_detail(task: TaskView, now: datetime) -> Content:
    """One line about the highlighted card: what the truncated card cannot show."""
    days = task.days_in_column(now)
    parts: list[str | tuple[str, str]] = [
        (f"#{task.id} ", "bold"),
        task.title,
        f" — {task.column} {days} day{'' if days == 1 else 's'}",
        f" · {task.priority.value} priority",
    ]
    if task.checklist_total:
        parts.append(f" · checklist {task.checklist_done}/{task.checklist_total}")
    if task.reviewer:
        parts.append(f" · reviewer {task.reviewer}")
    if task.blocked:
        parts.append((f" · blocked: {task.blocked_reason or 'no reason given'}", "bold"))
    return Content.assemble(*parts)


class CardList(OptionList):
    """The cards of one column; each option id is `task-<id>`."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "card--meta",
        "card--overdue",
        "card--blocked",
        "card--urgent",
    }

    def __init__(self, column: ColumnView, today: date) -> None:
        super().__init__(
            *(Option(card_prompt(task, today), id=f"task-{task.id}") for task in column.cards),
            markup=False,
        )
        self.column_name = column.name


class ColumnPane(Vertical):
    """A column: a two-line header (name; count/limit and marker) over its cards."""

    def __init__(self, column: ColumnView, today: date) -> None:
        super().__init__(id=f"column-{column.id}", classes="column")
        self.column = column
        self.today = today
        self.set_class(column.at_limit, "-full")
        self.set_class(column.over_limit, "-over")

    def compose(self) -> ComposeResult:
        header = Content.assemble((self.column.name, "bold"), "\n", column_status(self.column))
        yield Static(header, classes="column-header", markup=False)
        yield CardList(self.column, self.today)


class BoardScreen(Screen[None]):
    """The first board of the workspace, read-only for now."""

    TITLE = "Board"
    CSS_PATH = "board.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "h,left",
            "column(-1)",
            "Column left",
            group=MOVE,
            id="board.column_left",
            tooltip="Go to the column on the left (or ←)",
        ),
        Binding(
            "j",
            "card(1)",
            "Next card",
            group=MOVE,
            id="board.card_down",
            tooltip="The card below (or ↓)",
        ),
        Binding(
            "k",
            "card(-1)",
            "Previous card",
            group=MOVE,
            id="board.card_up",
            tooltip="The card above (or ↑)",
        ),
        Binding(
            "l,right",
            "column(1)",
            "Column right",
            group=MOVE,
            id="board.column_right",
            tooltip="Go to the column on the right (or →)",
        ),
    ]

    def __init__(self, ctx: ServiceContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.board: BoardView | None = None
        self.tasks: dict[str, TaskView] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        self.board = boards.board_view()
        if self.board is None:
            yield Static(Content(EMPTY_WORKSPACE), id="empty-board", markup=False)
        else:
            self.title = f"Board · {self.board.name}"
            self.tasks = {
                f"task-{task.id}": task for column in self.board.columns for task in column.cards
            }
            today = self.ctx.today()
            with Horizontal(id="columns"):
                for column in self.board.columns:
                    yield ColumnPane(column, today)
            yield Static(id="card-detail", markup=False)
        yield Footer(compact=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No board, nothing to move between: the move keys leave the footer."""
        return self.board is not None or action not in {"column", "card"}

    def _lists(self) -> list[CardList]:
        return list(self.query(CardList))

    def action_column(self, step: int) -> None:
        """Focus the neighbouring column, keeping the cursor at the same height."""
        lists = self._lists()
        if not lists:
            return
        current = self.focused if isinstance(self.focused, CardList) else lists[0]
        index = lists.index(current) if current in lists else 0
        target = lists[max(0, min(len(lists) - 1, index + step))]
        if target is current:
            return
        if target.option_count:
            row = current.highlighted if current.highlighted is not None else 0
            target.highlighted = min(row, target.option_count - 1)
        target.focus()

    def action_card(self, step: int) -> None:
        if isinstance(self.focused, CardList):
            if step > 0:
                self.focused.action_cursor_down()
            else:
                self.focused.action_cursor_up()

    @on(OptionList.OptionHighlighted)
    def _show_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if isinstance(event.option_list, CardList) and event.option_list is self.focused:
            self._update_detail(event.option_list)

    @on(DescendantFocus)
    def _focus_moved(self, event: DescendantFocus) -> None:
        if isinstance(event.widget, CardList):
            self._update_detail(event.widget)

    def _update_detail(self, cards: CardList) -> None:
        detail = self.query_one("#card-detail", Static)
        option = cards.highlighted_option
        task = self.tasks.get(option.id or "") if option is not None else None
        if task is None:
            empty = f"{cards.column_name}: no cards" if cards.option_count == 0 else ""
            detail.update(Content(empty))
        else:
            detail.update(card_detail(task, self.ctx.now()))
