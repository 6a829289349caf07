"""The retrospective editor: what went well, what did not, improvements, actions, KPIs.

One tab per section, each a list of items written in a multi-line editor
(`a` add, `e`/`enter` edit, `ctrl+s` save, `escape` leave it). What is typed
and not saved is a draft: kept when the screen is left and on disk
(`RetroDrafts`), shown by the `● unsaved` marker. The KPI tab fills itself
from the project's goals (target, actual, attainment) and takes a root cause
for each miss. `C` completes the retrospective, `X` then closes the project:
the service refuses to close one whose retrospective is not complete.
Everything goes through `services.retros`; item edits carry the version read.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.timer import Timer
from textual.widgets import (
    DataTable,
    Header,
    OptionList,
    Static,
    TabbedContent,
    TabPane,
    TextArea,
)
from textual.widgets.option_list import Option

from mpm_tui.schemas.enums import RetroKind, RetroSection, RetroStatus, Role
from mpm_tui.schemas.retro import RetroItemView, RetroView
from mpm_tui.screens import short_date
from mpm_tui.screens.live import cursor_back, cursor_key, places_kept
from mpm_tui.screens.project_texts import attainment_text, number
from mpm_tui.screens.retro_actions import RetroActions
from mpm_tui.screens.retro_drafts import DraftStore
from mpm_tui.services import activity, projects, retro_library, retros
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import MpmError
from mpm_tui.widgets.footer import Footer

SECTIONS: dict[RetroSection, str] = {
    RetroSection.WENT_WELL: "Went well",
    RetroSection.WENT_BADLY: "Didn't go well",
    RetroSection.IMPROVEMENT: "Improvements",
    RetroSection.ACTION: "Actions",
}
EDIT_ROLE = Role.EDITOR

NO_PROJECTS = (
    "No projects yet, so no retrospectives.\n\n"
    "A retrospective closes each project: what went well, what did not, what to\n"
    "improve, the KPIs against their targets. Add a project with\n\n"
    "    mpm project add NAME\n\n"
    "or look around a sample workspace first:  mpm --demo"
)


def _tab(section: RetroSection) -> str:
    return f"tab-{section.value}"


class RetroScreen(RetroActions):
    TITLE = "Retro"
    CSS_PATH = "retro.tcss"
    LIVE_NOTES: ClassVar[frozenset[str]] = frozenset({"retrospective", "kpi"})
    """What a note about someone else's change may be about (screens/live.py)."""
    CHANGING_ACTIONS: ClassVar[frozenset[str]] = frozenset(
        {"add", "edit", "delete", "move", "owner", "to_task", "complete", "close_project"}
        | {"kpi_note", "held_on", "participants", "save"}
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add", id="retro.add", tooltip="Add an item to this section"),
        Binding("e", "edit", "Edit", id="retro.edit", tooltip="Edit the highlighted item"),
        Binding(
            "ctrl+s",
            "save",
            "Save",
            priority=True,
            id="retro.save",
            tooltip="Save the item being edited",
        ),
        Binding(
            "escape",
            "leave_editor",
            "Leave editor",
            id="retro.leave",
            tooltip="Stop editing (what is not saved stays as a draft)",
        ),
        Binding("d,delete", "delete", "Delete", id="retro.delete", tooltip="Delete the item"),
        Binding("K", "move(-1)", "Move up", show=False, id="retro.up", tooltip="Move it up"),
        Binding("J", "move(1)", "Move down", show=False, id="retro.down", tooltip="Move it down"),
        Binding("o", "owner", "Owner", show=False, id="retro.owner", tooltip="Who owns the action"),
        Binding("T", "to_task", "To task", id="retro.to_task", tooltip="Make the action a task"),
        Binding("n", "kpi_note", "Root cause", id="retro.kpi_note", tooltip="Why this KPI missed"),
        Binding("h", "held_on", "Date", show=False, id="retro.held_on", tooltip="When it was held"),
        Binding(
            "P",
            "participants",
            "Participants",
            show=False,
            id="retro.participants",
            tooltip="Who took part",
        ),
        Binding(
            "C",
            "complete",
            "Complete",
            id="retro.complete",
            tooltip="Mark the retrospective complete (or reopen it)",
        ),
        Binding(
            "X",
            "close_project",
            "Close project",
            show=False,
            id="retro.close_project",
            tooltip="Mark the project done (needs a complete retrospective)",
        ),
        Binding(
            "O", "open_other", "Project", id="retro.open", tooltip="Another project's retrospective"
        ),
        Binding(
            "m",
            "toggle_kind",
            "Mid-point",
            show=False,
            id="retro.kind",
            tooltip="Switch between the final and the mid-point retrospective",
        ),
        Binding(
            "slash",
            "library",
            "Library",
            id="retro.library",
            tooltip="Search every retrospective's learnings",
        ),
        Binding("right_square_bracket", "tab(1)", "Next tab", show=False, id="retro.next_tab"),
        Binding("left_square_bracket", "tab(-1)", "Previous tab", show=False, id="retro.prev_tab"),
    ]

    def __init__(self, ctx: ServiceContext, *, workspace: str = "") -> None:
        super().__init__()
        self.ctx = ctx
        self.retro: RetroView | None = None
        self.project: str | None = None
        self.kind = RetroKind.FINAL
        self.drafts = DraftStore(workspace)
        self.editing: str | None = None  # the draft slot: an item id, or "new-<section>"
        self.saved_text = ""
        self._draft_timer: Timer | None = None
        self.seen_change = 0
        """The change number the retrospective was last read at (screens/live.py)."""

    @property
    def read_only(self) -> str:
        return self.ctx.refusal(EDIT_ROLE, "write retrospectives")

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="retro-title", markup=False)
        with TabbedContent(id="retro-tabs"):
            for section, label in SECTIONS.items():
                with TabPane(label, id=_tab(section)):
                    yield OptionList(id=f"items-{section.value}", classes="retro-items")
            with TabPane("KPIs", id="tab-kpis"):
                yield DataTable(id="retro-kpis", cursor_type="row", zebra_stripes=True)
                yield Static(id="kpi-hint", markup=False)
            with TabPane("Details", id="tab-details"):
                yield Static(id="retro-details", markup=False)
        with Vertical(id="retro-editor"):
            yield Static(id="editor-title", markup=False)
            yield TextArea(id="editor", soft_wrap=True, show_line_numbers=False)
            yield Static(
                Content("ctrl+s saves · escape leaves (a draft is kept) · enter: new line"),
                id="editor-hint",
            )
        yield Static(Content(NO_PROJECTS), id="no-projects", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table: DataTable[Text] = self.query_one("#retro-kpis", DataTable)
        table.add_columns("KPI", "Target", "Actual", "Attained", "Root cause of a miss")
        self.query_one("#retro-editor").display = False
        first = self._default_project()
        self.query_one("#no-projects").display = first is None
        self.query_one("#retro-tabs").display = first is not None
        if first is not None:
            self.show_project(first)

    def _default_project(self) -> str | None:
        """A project whose retrospective is due: a draft first, then the
        soonest-ending project in progress, then the latest one."""
        listed = projects.list_projects()
        if not listed:
            return None
        open_ones = [p for p in listed if not p.status.finished]
        drafts = {  # every retrospective in a constant number of queries, not one per project
            hit.project
            for hit in retro_library.search_retrospectives()
            if hit.kind is RetroKind.FINAL and hit.status is RetroStatus.DRAFT
        }
        for project in open_ones:
            if project.name in drafts:
                return project.name
        dated = sorted((p for p in open_ones if p.end), key=lambda p: p.end)  # type: ignore[arg-type, return-value]
        return (dated or open_ones or listed)[0].name

    # ------------------------------------------------------------------ data

    def show_project(self, name: str, kind: RetroKind = RetroKind.FINAL) -> None:
        """Open the final (or mid-point) retrospective of `name`; an editor's first
        item starts it."""
        if self.editing is not None:
            self._keep_draft()
            self._close_editor()
        self.project, self.kind = name, kind
        self.seen_change = activity.latest_change()
        self.retro = retros.retrospective_of(name, kind)
        self.refresh_view()

    def action_toggle_kind(self) -> None:
        if self.project is not None:
            other = RetroKind.MIDPOINT if self.kind is RetroKind.FINAL else RetroKind.FINAL
            self.show_project(self.project, other)

    def reload(self) -> None:
        self.seen_change = activity.latest_change()
        if self.retro is not None:
            self.retro = retros.get_retrospective(self.retro.id)
        self.refresh_view()

    def refresh_live(self) -> None:
        """Someone else changed the workspace: read the retrospective again (one may
        have been started meanwhile), each list keeping its item — but not while an
        item is being edited: its save is checked against the version it was read at."""
        if not self.is_mounted or self.editing is not None or self.project is None:
            return
        try:
            with places_kept(self):
                if self.retro is None:
                    self.show_project(self.project, self.kind)
                else:
                    self.reload()
        except MpmError as exc:  # deleted meanwhile
            self.notify(str(exc), title="Not reloaded", severity="error", markup=False)

    def refresh_view(self) -> None:
        retro = self.retro
        tabs = self.query_one(TabbedContent)
        for section, label in SECTIONS.items():
            items = retro.section(section) if retro else ()
            tabs.get_tab(_tab(section)).label = f"{label} ({len(items)})"  # type: ignore[assignment]
            self._fill_items(section, items)
        self._fill_kpis()
        self._fill_details()
        self._title()
        self.refresh_bindings()

    def _fill_items(self, section: RetroSection, items: tuple[RetroItemView, ...]) -> None:
        options = self.query_one(f"#items-{section.value}", OptionList)
        keep = options.highlighted
        kept = options.highlighted_option.id if options.highlighted_option else None
        options.clear_options()
        drafts = set(self.drafts.slots(self.retro.id)) if self.retro else set()
        for place, item in enumerate(items, 1):
            parts: list[str | tuple[str, str]] = [(f"{place:>2}. ", "dim"), item.text]
            if str(item.id) in drafts:
                parts.append(("  ● draft", "bold"))
            if item.owner:
                parts.append((f"  · {item.owner}", "dim"))
            if item.task_id is not None:
                parts.append((f"  → task #{item.task_id} in {item.task_project}", "bold"))
            options.add_option(Option(Content.assemble(*parts), id=str(item.id)))
        if f"new-{section.value}" in drafts:
            options.add_option(
                Option(
                    Content.assemble(("  + ", "dim"), ("a new item (draft)", "italic")), id="new"
                )
            )
        if not items and f"new-{section.value}" not in drafts:
            hint = "nothing yet — a adds one" if not self.read_only else "nothing written"
            options.add_option(Option(Content(hint), id="empty", disabled=True))
        elif options.option_count:
            ids = [str(item.id) for item in items]  # the item kept, wherever it moved
            at = ids.index(kept) if kept in ids else min(keep or 0, options.option_count - 1)
            options.highlighted = at

    def _fill_kpis(self) -> None:
        table: DataTable[Text] = self.query_one("#retro-kpis", DataTable)
        key, row = cursor_key(table), table.cursor_row
        table.clear()
        rows = self.retro.kpis if self.retro else ()
        for kpi in rows:
            complete = self.retro is not None and self.retro.status is RetroStatus.COMPLETE
            ask = kpi.missed and not complete and not self.read_only
            note = kpi.note or ("a miss: n says why" if ask else "")
            table.add_row(
                Text(kpi.name),
                Text(number(kpi.target), justify="right"),
                Text(number(kpi.actual), justify="right"),
                attainment_text(kpi.attainment),
                Text(note, style="" if kpi.note else "dim italic"),
                key=str(kpi.kpi_id),
            )
        cursor_back(table, key, row)
        hint = (
            "Targets and actuals come from the project's goals (p on any screen). "
            "n writes the root cause of a miss."
            if rows
            else "This project has no KPIs: add its goals in the project detail (p)."
        )
        self.query_one("#kpi-hint", Static).update(Content(hint))

    def _fill_details(self) -> None:
        retro = self.retro
        if retro is None:
            text = Content("No retrospective yet: the first item written starts it.")
        else:
            today = self.ctx.today()
            held = short_date(retro.held_on, today) if retro.held_on else "not set (h sets it)"
            people = ", ".join(retro.participants) or "nobody yet (P sets them)"
            state = "✓ complete" if retro.status is RetroStatus.COMPLETE else "draft"
            text = Content.assemble(
                ("Project        ", "bold"),
                retro.project,
                "\n",
                ("Held on        ", "bold"),
                held,
                "\n",
                ("Participants   ", "bold"),
                people,
                "\n",
                ("Status         ", "bold"),
                state,
                "\n\n",
                (
                    "C completes it once every section but Actions has an item; then X closes "
                    "the project. A complete retrospective is frozen: C again reopens it.",
                    "dim",
                ),
            )
        self.query_one("#retro-details", Static).update(text)

    def _title(self) -> None:
        retro = self.retro
        parts: list[str | tuple[str, str]] = []
        if retro is None:
            parts.append((self.project or "", "bold"))
            what = f" · no {retros.kind_label(self.kind)} yet"
            parts.append(what + ("" if self.read_only else ": a starts it"))
        else:
            parts += [(retro.project, "bold"), f" · {retros.kind_label(retro.kind)} · "]
            if retro.status is RetroStatus.COMPLETE:
                parts.append(("✓ complete", "bold"))
            else:
                parts.append("draft")
            if retro.held_on:
                parts.append(f" · held {short_date(retro.held_on, self.ctx.today())}")
            if retro.participants:
                parts.append(f" · {len(retro.participants)} participants")
            drafts = len(self.drafts.slots(retro.id))
            if self.is_dirty or drafts:
                parts.append(("  ● unsaved", "bold"))
        self.query_one("#retro-title", Static).update(Content.assemble(*parts))

    @property
    def is_dirty(self) -> bool:
        return (
            self.editing is not None and self.query_one("#editor", TextArea).text != self.saved_text
        )

    # ------------------------------------------------------------------ helpers

    @property
    def section(self) -> RetroSection | None:
        active = self.query_one(TabbedContent).active
        for section in SECTIONS:
            if active == _tab(section):
                return section
        return None

    def current_item(self) -> RetroItemView | None:
        section = self.section
        if section is None or self.retro is None:
            return None
        options = self.query_one(f"#items-{section.value}", OptionList)
        if options.highlighted is None:
            return None
        option_id = options.get_option_at_index(options.highlighted).id
        return next((i for i in self.retro.items if str(i.id) == option_id), None)

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self.refresh_bindings()

    @on(OptionList.OptionHighlighted)
    def _item_highlighted(self) -> None:
        self.refresh_bindings()

    @on(OptionList.OptionSelected, ".retro-items")
    def _item_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id == "new":
            self.action_add()
        else:
            self.action_edit()

    @on(TextArea.Changed, "#editor")
    def _typed(self) -> None:
        self._title()
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(0.5, self._keep_draft, name="draft")

    def on_screen_suspend(self) -> None:
        """Leaving the screen (another mode, a dialog): the draft goes to disk."""
        if self.editing is not None:
            self._keep_draft()
