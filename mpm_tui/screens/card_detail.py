"""The card detail: every field of a task, its checklist, people, comments and files,
and its history (who changed what, when: the card's own activity entries).

Opened with enter on the board. Field edits are saved together with ctrl+s
(refused as a whole when one field is wrong, or when someone else changed the
card meanwhile); checklist, people, comments and files are saved as they are
made. Dismisses True when anything was saved, so the board reloads.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Static, TabbedContent, TabPane

from mpm_tui.schemas.views import TaskChoices, TaskDetail, TaskView
from mpm_tui.screens.activity_parts import HistoryList
from mpm_tui.screens.card_detail_lists import deletion, list_items
from mpm_tui.screens.card_dialogs import ConfirmDialog
from mpm_tui.screens.choice_dialog import InputDialog
from mpm_tui.services import activity, task_details, tasks
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import MpmError, VersionConflict
from mpm_tui.widgets.date_input import long_date
from mpm_tui.widgets.detail_lists import (
    ChecklistList,
    ChecklistPane,
    CommentsPane,
    DetailPane,
    FilesPane,
    ItemList,
    PeoplePane,
)
from mpm_tui.widgets.footer import Footer
from mpm_tui.widgets.task_form import FieldError, TaskForm

TABS = ("fields", "checklist", "people", "comments", "files", "history")
"""The panes in order: keys 1–6 and [ ] move between them."""

FIRST_FOCUS: dict[str, str] = {
    "fields": "#tabs Tabs",  # not the title: the next digit would type over it
    "checklist": "#checklist-list",
    "people": "#people-list",
    "comments": "#comments-list",
    "files": "#files-list",
    "history": "#history-list",
}


class CardDetailScreen(ModalScreen[bool]):
    """One task, all of it. Viewers see it read-only, with a note saying why."""

    CSS_PATH = "card_detail.tcss"
    LIVE_NOTES: ClassVar[frozenset[str]] = frozenset({"task"})
    """What a note about someone else's change may be about (screens/live.py)."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "save",
            "Save",
            priority=True,
            id="card.save",
            tooltip="Save the edited fields (all of them, or none when one is wrong)",
        ),
        Binding("escape", "close", "Close", id="card.close", tooltip="Back to the board"),
        Binding("right_square_bracket", "tab(1)", "Next tab", id="card.tab.next"),
        Binding("left_square_bracket", "tab(-1)", "Prev tab", show=False, id="card.tab.prev"),
        *(
            Binding(str(n), f"show_tab('{name}')", name.title(), show=False, id=f"card.tab.{name}")
            for n, name in enumerate(TABS, 1)
        ),
        Binding("question_mark", "keys", "Keys", id="card.keys"),
    ]

    def __init__(self, ctx: ServiceContext, task_id: int) -> None:
        super().__init__()
        self.ctx = ctx
        self.task_id = task_id
        self.changed = False
        """Something was saved: the board reloads when the detail closes."""
        self.refusal = task_details.edit_refusal(ctx)
        self.detail: TaskDetail | None = None
        self.seen_change = 0
        """The change number the card was last read at (screens/live.py)."""
        self.choices = TaskChoices()

    @property
    def read_only(self) -> bool:
        return bool(self.refusal)

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        presenter = getattr(self.app, "presenter", None)
        if presenter is not None and presenter.active and not self.refusal:
            from mpm_tui.screens.presenter import CHANGES_OFF

            self.refusal = CHANGES_OFF  # a card opened during a screen share only shows
        try:
            self.seen_change = activity.latest_change()
            self.detail = task_details.get_task_detail(self.task_id)
            self.choices = task_details.task_choices()
        except MpmError as exc:
            yield Static(Content(str(exc)), id="card-missing")
            return
        task, locked = self.detail.task, self.read_only
        with Vertical(id="card"):
            yield Static(id="card-heading")
            if self.read_only:
                note = f"Read only: {self.refusal}."
                yield Static(Content(note), id="read-only-note")
            yield Static(id="breakdown-hint")
            yield Static(id="card-error")
            with TabbedContent(id="tabs"):
                with TabPane("Fields", id="fields"):
                    yield TaskForm(task, self.choices, today=self.ctx.today, read_only=locked)
                with TabPane("Checklist", id="checklist"):
                    yield ChecklistPane(read_only=locked)
                with TabPane("People", id="people"):
                    yield PeoplePane(self.choices.members, read_only=locked)
                with TabPane("Comments", id="comments"):
                    yield CommentsPane(read_only=locked)
                with TabPane("Files", id="files"):
                    yield FilesPane(read_only=locked)
                with TabPane("History", id="history"):
                    yield HistoryList(id="history-list")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        if self.detail is None:
            missing = self.query_one("#card-missing", Static)
            self.notify(str(missing.content), severity="error", markup=False)
            self.dismiss(False)
            return
        self._show(self.detail)
        self._update_hint()
        # The tab bar first, not the title: a stray key must not type over it.
        # 1–6 / [ ] switch tabs from here, tab goes into the fields.
        self.query_one("#tabs Tabs").focus()

    # ------------------------------------------------------------------ showing

    @property
    def form(self) -> TaskForm:
        return self.query_one(TaskForm)

    def _show(self, detail: TaskDetail, *, keep: int | None = None, by_id: bool = False) -> None:
        """Draw the heading, the lists and the tab counts (never the form's fields).
        `keep`: the item to highlight; `by_id`: each list keeps its highlighted item."""
        self.detail = detail
        today = self.ctx.today()
        self._heading(detail.task)
        for kind, items in list_items(detail, today):
            shown = self.query_one(kind)
            option = shown.item_list.highlighted_option if by_id else None
            kept_id = option.id if option is not None else None
            shown.show(items, keep=int(kept_id) if kept_id and kept_id.isdigit() else keep)
        self.query_one(HistoryList).show(detail.history, today)
        done = sum(item.done for item in detail.checklist)
        tabs = self.query_one(TabbedContent)
        for pane, label in (
            ("checklist", f"Checklist {done}/{len(detail.checklist)}"),
            ("people", f"People {len(detail.collaborators)}"),
            ("comments", f"Comments {len(detail.comments)}"),
            ("files", f"Files {len(detail.attachments)}"),
            ("history", f"History {len(detail.history)}"),
        ):
            tabs.get_tab(pane).label = Content(label)

    def _heading(self, task: TaskView) -> None:
        """The title in the border; where the card is and how it is doing under it."""
        now = self.ctx.now()
        self.query_one("#card").border_title = Content(f"#{task.id} {task.title}")
        parts: list[str | tuple[str, str]] = [
            f"{task.board} › {task.column} · {task.days_in_column(now)} days there"
        ]
        if task.due is not None:
            parts.append(f" · due {long_date(task.due, now.date())}")
            if task.is_overdue(now.date()):
                parts.append((" overdue", "bold $text-error"))
        if task.blocked:
            parts.append((" · blocked", "bold $text-warning"))
        self.query_one("#card-heading", Static).update(Content.assemble(*parts))

    def _update_hint(self) -> None:
        hint = task_details.breakdown_hint(self.form.estimate())
        widget = self.query_one("#breakdown-hint", Static)
        widget.update(Content(f"⚑ {hint}") if hint else "")
        widget.display = bool(hint)

    def _error(self, message: str = "") -> None:
        widget = self.query_one("#card-error", Static)
        widget.update(Content(f"✗ {message}") if message else "")
        widget.display = bool(message)

    def _reload(self, *, keep: int | None = None) -> None:
        self.seen_change = activity.latest_change()
        self._show(task_details.get_task_detail(self.task_id), keep=keep)

    def refresh_live(self) -> None:
        """Someone else changed the workspace: read the card again, each list keeping
        its highlighted item. The fields are reloaded only when nothing is typed in
        them: typing stays, and its save is checked against the version it was read at."""
        if not self.is_mounted or self.detail is None:
            return
        self.seen_change = activity.latest_change()
        try:
            fresh = task_details.get_task_detail(self.task_id)
        except MpmError as exc:  # deleted meanwhile
            self._error(str(exc))
            return
        form = self.form
        if fresh.task.version != form.task_view.version and not form.is_dirty:
            form.load(fresh.task)
        self._show(fresh, by_id=True)

    def _write(
        self, change: Callable[[], object], done: str = "", *, keep: int | None = None
    ) -> bool:
        """Run one service write; show its refusal, or reload the lists after it."""
        try:
            change()
        except MpmError as exc:
            self._error(str(exc))
            return False
        self.changed = True
        self._error()
        self._reload(keep=keep)
        if done:
            self.notify(done, timeout=2, markup=False)
        return True

    @on(TaskForm.Changed)
    def _form_changed(self) -> None:
        self._update_hint()

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save" and (self.read_only or self.detail is None):
            return None
        return True

    def action_save(self) -> None:
        form = self.form
        try:
            patch = form.patch()
        except FieldError as exc:
            self._error(f"{exc.message}. Nothing was saved.")
            self.query_one(TabbedContent).active = "fields"
            form.query_one(f"#{exc.field}").focus()
            return
        if not patch:
            self._error()
            self.notify("Nothing to save", timeout=2, markup=False)
            return
        try:
            saved = tasks.update_task(
                self.ctx, self.task_id, patch, expected_version=form.task_view.version
            )
        except VersionConflict as exc:
            self.seen_change = activity.latest_change()
            fresh = task_details.get_task_detail(self.task_id)
            form.load(fresh.task)
            self._show(fresh)
            self._error(str(exc))
            return
        except MpmError as exc:
            self._error(f"{exc}. Nothing was saved.")
            return
        self.changed = True
        form.load(saved)
        self._error()
        self._reload()
        self.notify(f"Saved {saved.title!r}", timeout=2, markup=False)

    def action_close(self) -> None:
        unsaved = "" if self.detail is None else self._unsaved()
        if not unsaved:
            self.dismiss(self.changed)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(self.changed)

        self.app.push_screen(
            ConfirmDialog(
                "Discard your changes?",
                f"Not saved yet: {unsaved}. Closing drops them (ctrl+s saves the fields).",
                confirm="Discard",
            ),
            answered,
        )

    def _unsaved(self) -> str:
        """What would be lost by closing now, in words ("" when nothing)."""
        parts = []
        if self.form.is_dirty:
            parts.append("field edits")
        if self.query_one(CommentsPane).draft:
            parts.append("an unsent comment")
        return " and ".join(parts)

    def action_tab(self, step: int) -> None:
        tabs = self.query_one(TabbedContent)
        index = TABS.index(tabs.active) if tabs.active in TABS else 0
        self.action_show_tab(TABS[(index + step) % len(TABS)])

    def action_show_tab(self, name: str) -> None:
        self.query_one(TabbedContent).active = name
        target: Widget = self.query_one(FIRST_FOCUS[name])
        if target.disabled:
            target = self.query_one("#tabs Tabs")
        target.focus()

    def action_keys(self) -> None:
        if self.query("HelpPanel"):
            self.app.action_hide_help_panel()
        else:
            self.app.action_show_help_panel()

    # ------------------------------------------------------------------ the lists

    @on(ChecklistList.ToggleRequested)
    def _toggle(self, event: ChecklistList.ToggleRequested) -> None:
        assert self.detail is not None
        item = next(i for i in self.detail.checklist if i.id == event.item_id)
        self._write(
            lambda: task_details.set_checklist_done(self.ctx, item.id, not item.done),
            keep=item.id,
        )

    @on(ChecklistList.MoveRequested)
    def _move(self, event: ChecklistList.MoveRequested) -> None:
        self._write(
            lambda: task_details.move_checklist_item(self.ctx, event.item_id, event.delta),
            keep=event.item_id,
        )

    @on(ChecklistList.EditRequested)
    def _edit(self, event: ChecklistList.EditRequested) -> None:
        assert self.detail is not None
        item = next(i for i in self.detail.checklist if i.id == event.item_id)

        def edited(text: str | None) -> None:
            if text is not None:
                self._write(
                    lambda: task_details.edit_checklist_item(self.ctx, item.id, text),
                    keep=item.id,
                )

        self.app.push_screen(
            InputDialog(
                "Edit checklist item",
                value=item.text,
                validate=lambda text: None if text.strip() else "an item needs some text",
            ),
            edited,
        )

    @on(ItemList.DeleteRequested)
    def _delete(self, event: ItemList.DeleteRequested) -> None:
        assert self.detail is not None
        verb, what, change = deletion(
            self.detail, self.ctx, event.item_list.id or "", event.item_id
        )

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._write(change, f"{verb}d {what}")

        self.app.push_screen(ConfirmDialog(f"{verb} {what}?", confirm=verb), confirmed)

    def _added(self, event: DetailPane.Added, change: Callable[[], object], done: str) -> None:
        if self._write(change, done):
            event.pane.clear()

    @on(ChecklistPane.ItemAdded)
    def _add_item(self, event: ChecklistPane.ItemAdded) -> None:
        add = partial(task_details.add_checklist_item, self.ctx, self.task_id, event.text)
        self._added(event, add, "")

    @on(PeoplePane.PersonAdded)
    def _add_person(self, event: PeoplePane.PersonAdded) -> None:
        if not event.member:
            self._error("collaborator: pick a member first")
            return
        add = partial(
            task_details.add_collaborator, self.ctx, self.task_id, event.member, event.role
        )
        self._added(event, add, f"Added {event.member} as {event.role}")

    @on(CommentsPane.CommentPosted)
    def _add_comment(self, event: CommentsPane.CommentPosted) -> None:
        add = partial(task_details.add_comment, self.ctx, self.task_id, event.body)
        self._added(event, add, "Comment posted")
        comments = self.query_one("#comments-list", ItemList)
        comments.highlighted = comments.option_count - 1

    @on(FilesPane.FileAttached)
    def _add_file(self, event: FilesPane.FileAttached) -> None:
        add = partial(
            task_details.add_attachment, self.ctx, self.task_id, event.target, event.label
        )
        self._added(event, add, "Attached")
