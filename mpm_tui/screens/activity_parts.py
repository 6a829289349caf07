"""The parts of the activity log on screen: its keys, the table's columns and cells,
the highlighted entry in full, the filter's choices, and a card's history list.

Plain functions from `ActivityView`s to `Text` / `Content`: user text (titles,
comments, names) is never read as markup. A change is marked by a symbol, not
by colour alone: `→` changed, `+` set by a create, `−` removed by a delete.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from mpm_tui.schemas.views import ActivityView, FieldChange
from mpm_tui.screens import short_date
from mpm_tui.services.activity import ActivityFacets
from mpm_tui.widgets.detail_lists import when

VALUE_LIMIT = 300
"""A value longer than this (a long comment) is cut in the detail: the card has it all."""
LABEL_WIDTH = 14
WIDE = 110
"""From this width the table has an Action column (the detail always names it)."""

ACTIVITY_BINDINGS: list[BindingType] = [
    Binding("escape", "close", "Close", id="activity.close", tooltip="Back to where you were"),
    Binding(
        "enter",
        "open",
        "Open",
        priority=True,
        id="activity.open",
        tooltip="Open what the highlighted entry is about: a task's card, a project",
    ),
    Binding(
        "f",
        "filter",
        "Filter",
        id="activity.filter",
        tooltip="Show one kind of record or one member's entries only",
    ),
    Binding(
        "r", "reload", "Reload", id="activity.reload", tooltip="Read the log again (newest first)"
    ),
    Binding("j", "cursor(1)", "Down", show=False, id="activity.down", tooltip="The older entry"),
    Binding("k", "cursor(-1)", "Up", show=False, id="activity.up", tooltip="The newer entry"),
]
"""The activity screen's keys; it changes nothing, so a viewer has them all."""


def clip(text: str, width: int) -> str:
    """`text` on one line, cut to `width` with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: max(width - 1, 0)] + "…"


def moment(at: datetime, today: date) -> str:
    """`Nov 23 09:30` this year; `2025-11-23` for an older entry."""
    if at.year != today.year:
        return f"{at:%Y-%m-%d}"
    return f"{short_date(at.date(), today)} {at:%H:%M}"


# --- the table -----------------------------------------------------------------------

HEADERS: dict[str, str] = {
    "when": "When",
    "who": "Who",
    "what": "What",
    "action": "Action",
    "summary": "Summary",
}


def column_widths(width: int) -> dict[str, int]:
    """The columns shown at `width` and their text widths: each column has a cell of
    padding on both sides, and two more are kept for the scroll bar."""
    fixed = {"when": 12, "who": 12, "what": 16}
    if width >= WIDE:
        fixed = {"when": 12, "who": 16, "what": 18, "action": 10}
    rest = max(20, width - sum(fixed.values()) - 2 * (len(fixed) + 1) - 2)
    widths = fixed | {"summary": rest}
    return {name: widths[name] for name in HEADERS if name in widths}


def row_cells(entry: ActivityView, today: date, widths: dict[str, int]) -> list[Text]:
    """One entry's cells, for the columns in `widths`."""
    texts = {
        "when": moment(entry.at, today),
        "who": entry.actor,
        "what": entry.what,
        "action": entry.action,
        "summary": entry.summary,
    }
    return [
        Text(clip(texts[name], width), style="dim" if name == "when" else "")
        for name, width in widths.items()
    ]


# --- one entry in full ------------------------------------------------------------------


def change_lines(changes: Sequence[FieldChange], indent: str = "") -> list[Content]:
    """One line per changed field: `→` before → after, `+` set, `−` removed."""
    width = min(LABEL_WIDTH, max((len(c.field) for c in changes), default=0))
    lines: list[Content] = []
    for change in changes:
        label = change.field.ljust(width)
        if change.before is not None and change.after is not None:
            before, after = clip(change.before, VALUE_LIMIT), clip(change.after, VALUE_LIMIT)
            mark, value = "→", Content.assemble(before, (" → ", "bold"), after)
        elif change.after is not None:
            mark, value = "+", Content(clip(change.after, VALUE_LIMIT))
        else:
            mark, value = "−", Content.styled(clip(change.before or "", VALUE_LIMIT), "strike")
        lines.append(
            Content.assemble(indent, (f"{mark} ", "bold"), (label, "$text-muted"), "  ", value)
        )
    return lines


def open_hint(entry: ActivityView) -> str:
    """What enter does on this entry ("" when it opens nothing)."""
    if entry.task_id is not None:
        return f"enter opens the card of task #{entry.task_id}"
    if entry.entity == "project" and entry.entity_id is not None:
        return "enter opens the project"
    return ""


def detail_content(entry: ActivityView | None, today: date, *, empty: str) -> Content:
    """The highlighted entry: its summary, who did what and when, then every field
    it changed; `empty` when there is no entry."""
    if entry is None:
        return Content.styled(empty, "italic")
    lines = [
        Content.styled(entry.summary, "bold"),
        Content.styled(
            f"{entry.what} · {entry.action} · {entry.actor} · {when(entry.at, today)}", "dim"
        ),
        *change_lines(entry.changes),
    ]
    if hint := open_hint(entry):
        lines.append(Content.styled(hint, "dim italic"))
    return Content("\n").join(lines)


# --- the filter ------------------------------------------------------------------------

FilterChoice = tuple[str, str]
"""("kind", "task"), ("actor", "Maya Chen") or ("clear", "")."""


def filter_choices(
    facets: ActivityFacets, kind: str | None, actor: str | None
) -> list[tuple[str, FilterChoice]]:
    """The filter dialog's lines, the chosen ones ticked: everything, then each kind
    of record, then each member in the log."""

    def tick(on: bool) -> str:
        return "✓ " if on else "  "

    choices: list[tuple[str, FilterChoice]] = [
        (tick(kind is None and actor is None) + "Everything (no filter)", ("clear", ""))
    ]
    choices += [
        (tick(k == kind) + "Kind: " + k.replace("_", " "), ("kind", k)) for k in facets.kinds
    ]
    choices += [(tick(a == actor) + "Member: " + a, ("actor", a)) for a in facets.actors]
    return choices


def filter_text(kind: str | None, actor: str | None, shown: int, page: int) -> Content:
    """The line above the table: what is shown, and the keys that change it."""
    parts: list[str] = []
    if kind is not None:
        parts.append(f"kind: {kind.replace('_', ' ')}")
    if actor is not None:
        parts.append(f"member: {actor}")
    what = " · ".join(parts) if parts else "everything"
    count = f"the newest {page}" if shown >= page else f"{shown} entr{'y' if shown == 1 else 'ies'}"
    return Content.assemble(
        ("Activity", "bold"), f" · {what} · {count}", ("  f filter · r reload", "dim")
    )


# --- a card's own history ------------------------------------------------------------------


def history_prompt(entry: ActivityView, today: date) -> Content:
    """One entry of a card's history: when, who, what; the summary; the fields."""
    head = Content.assemble(
        (when(entry.at, today), "dim"),
        ("  ·  ", "dim"),
        (entry.actor, "bold"),
        ("  ·  ", "dim"),
        entry.action if entry.entity == "task" else f"{entry.what} {entry.action}",
    )
    return Content("\n").join([head, Content(entry.summary), *change_lines(entry.changes, "  ")])


class HistoryList(OptionList):
    """A card's history, newest first: read only, one option per entry."""

    DEFAULT_CSS: ClassVar[str] = """
    HistoryList {
        height: 1fr;
        min-height: 4;
        border: tall $border-blurred;
        &:focus { border: tall $border; }
        & > .option-list--option { padding: 0 1; }
    }
    """

    def show(self, entries: Sequence[ActivityView], today: date) -> None:
        """Replace the entries, keeping the highlight on the same entry (newer ones
        may have come in above it), else on the same row."""
        index = self.highlighted
        kept = self.highlighted_option.id if self.highlighted_option is not None else None
        if not entries:
            empty = Content.styled("Nothing recorded for this card yet.", "dim italic")
            self.set_options([Option(empty, disabled=True)])
            return
        options: list[Option | None] = []
        for entry in entries:
            if options:
                options.append(None)
            options.append(Option(history_prompt(entry, today), id=str(entry.id)))
        self.set_options(options)
        ids = [str(entry.id) for entry in entries]
        self.highlighted = ids.index(kept) if kept in ids else min(index or 0, len(entries) - 1)
