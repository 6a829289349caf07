"""The lists of the card detail: checklist, collaborators, comments, attachments.

Each pane is an `OptionList` of plain views plus the fields that add to it.
Keys and fields ask the screen (through messages) to add, edit, delete, tick
or reorder: the widgets never save. Every prompt is built from `Content`, so
user text shows exactly as typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Button, Input, OptionList, Select
from textual.widgets.option_list import Option

from mpm_tui.schemas.enums import CollaboratorRole
from mpm_tui.schemas.views import (
    AttachmentView,
    ChecklistItemView,
    CollaboratorView,
    CommentView,
)


def when(moment: datetime, today: date) -> str:
    """`today 09:30`, `Mon 16 Nov 14:05`, with the year when it is not this year's."""
    if moment.date() == today:
        return f"today {moment:%H:%M}"
    text = f"{moment:%a} {moment.day} {moment:%b}"
    if moment.year != today.year:
        text += f" {moment.year}"
    return f"{text} {moment:%H:%M}"


def checklist_prompt(item: ChecklistItemView) -> Content:
    if item.done:
        return Content.assemble(("☑ ", "$text-success"), (item.text, "dim strike"))
    return Content.assemble(("☐ ", "bold"), item.text)


def collaborator_prompt(person: CollaboratorView) -> Content:
    return Content.assemble((person.member, "bold"), ("  ·  ", "dim"), person.role.value)


def comment_prompt(comment: CommentView, today: date) -> Content:
    author = comment.author or "a former member"
    return Content.assemble(
        (author, "bold"),
        (f"  ·  {when(comment.created_at, today)}", "dim"),
        "\n",
        comment.body,
    )


def attachment_prompt(attachment: AttachmentView) -> Content:
    kind = ("link  ", "$text-accent") if attachment.is_url else ("file  ", "$text-secondary")
    if attachment.label:
        return Content.assemble(kind, (attachment.label, "bold"), "\n      ", attachment.target)
    return Content.assemble(kind, attachment.target)


class ItemList(OptionList):
    """A card's items, one option each (its id is the item's id as text)."""

    DEFAULT_CSS = """
    ItemList {
        height: 1fr;
        min-height: 4;
        border: tall $border-blurred;
        &:focus { border: tall $border; }
        & > .option-list--option { padding: 0 1; }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add", id="card.item.add", tooltip="Type a new one below the list"),
        Binding(
            "x,delete", "delete", "Del", id="card.item.delete", tooltip="Delete the highlighted one"
        ),
    ]

    read_only: reactive[bool] = reactive(False)
    """A viewer's detail: the keys that change things are greyed out."""

    class AddRequested(Message):
        """`a`: the screen moves the focus to the list's "new" field."""

        def __init__(self, item_list: ItemList) -> None:
            super().__init__()
            self.item_list = item_list

        @property
        def control(self) -> ItemList:
            return self.item_list

    class ItemAction(Message):
        """A key asked for something to happen to the highlighted item."""

        def __init__(self, item_list: ItemList, item_id: int) -> None:
            super().__init__()
            self.item_list = item_list
            self.item_id = item_id

        @property
        def control(self) -> ItemList:
            return self.item_list

    class DeleteRequested(ItemAction):
        """`x` / delete on an item."""

    def __init__(self, *, empty: str, separated: bool = False, id: str | None = None) -> None:
        """`empty` is shown when there is nothing; `separated` rules a line between items."""
        super().__init__(id=id)
        self.empty = empty
        self.separated = separated

    @property
    def current_id(self) -> int | None:
        """The id of the highlighted item (None on an empty list)."""
        option = self.highlighted_option
        return int(option.id) if option is not None and option.id is not None else None

    def show(self, items: Sequence[tuple[int, Content]], *, keep: int | None = None) -> None:
        """Replace the items, keeping the highlight on `keep` (or on the same row)."""
        index = self.highlighted
        if not items:
            self.set_options([Option(Content.styled(self.empty, "dim italic"), disabled=True)])
            return
        options: list[Option | None] = []
        for item_id, prompt in items:
            if options and self.separated:
                options.append(None)
            options.append(Option(prompt, id=str(item_id)))
        self.set_options(options)
        ids = [item_id for item_id, _ in items]
        if keep is not None and keep in ids:
            self.highlighted = ids.index(keep)
        else:
            self.highlighted = min(index or 0, len(items) - 1)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"add", "delete", "tick", "edit", "move"} and self.read_only:
            return None
        return True

    def action_add(self) -> None:
        self.post_message(self.AddRequested(self))

    def action_delete(self) -> None:
        if (item_id := self.current_id) is not None:
            self.post_message(self.DeleteRequested(self, item_id))


class ChecklistList(ItemList):
    """The checklist: also tick (space), edit (e / enter) and reorder (shift+↑↓, K/J)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "tick", "Tick", id="card.checklist.tick", tooltip="Tick or untick"),
        Binding("e", "edit", "Edit", id="card.checklist.edit", tooltip="Change the text"),
        Binding("enter", "edit", "Edit", show=False, id="card.checklist.edit_enter"),
        Binding("K,shift+up", "move(-1)", "Up", id="card.checklist.up", tooltip="Move the item up"),
        Binding(
            "J,shift+down", "move(1)", "Down", id="card.checklist.down", tooltip="Move it down"
        ),
    ]

    class ToggleRequested(ItemList.ItemAction):
        """space: tick or untick the item."""

    class EditRequested(ItemList.ItemAction):
        """e / enter: change the item's text."""

    class MoveRequested(ItemList.ItemAction):
        """shift+↑↓ or K/J: move the item `delta` places."""

        def __init__(self, item_list: ItemList, item_id: int, delta: int) -> None:
            super().__init__(item_list, item_id)
            self.delta = delta

    def action_tick(self) -> None:
        if (item_id := self.current_id) is not None:
            self.post_message(self.ToggleRequested(self, item_id))

    def action_edit(self) -> None:
        if (item_id := self.current_id) is not None:
            self.post_message(self.EditRequested(self, item_id))

    def action_move(self, delta: int) -> None:
        if (item_id := self.current_id) is not None:
            self.post_message(self.MoveRequested(self, item_id, delta))


# --- panes: a list and the fields that add to it ----------------------------------------


class DetailPane(Vertical):
    """A list of the card's items with the fields that add one; `a` jumps to them."""

    DEFAULT_CSS = """
    DetailPane {
        height: 1fr;
        & > .add-row { height: auto; }
        & > .add-row > Input, & > .add-row > Select { width: 1fr; }
        & #person-role { width: 20; }
        & #file-target { width: 3fr; }
        & #file-label { width: 2fr; }
    }
    """

    class Added(Message):
        """Something was typed to be added (each pane says what)."""

        def __init__(self, pane: DetailPane) -> None:
            super().__init__()
            self.pane = pane

        @property
        def control(self) -> DetailPane:
            return self.pane

    def __init__(self, *, read_only: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.read_only = read_only

    @property
    def item_list(self) -> ItemList:
        return self.query_one(ItemList)

    def on_mount(self) -> None:
        self.item_list.read_only = self.read_only
        for field in self.query("Input, Select, Button"):
            field.disabled = self.read_only

    def show(self, items: Sequence[tuple[int, Content]], *, keep: int | None = None) -> None:
        self.item_list.show(items, keep=keep)

    def clear(self) -> None:
        """Empty the fields after their item was added, ready for the next one."""
        for field in self.query(Input):
            field.value = ""
        if fields := self.query(Input):
            fields.first().focus()

    @on(ItemList.AddRequested)
    def _add_requested(self, event: ItemList.AddRequested) -> None:
        event.stop()
        self.query(".add-field").first().focus()


class ChecklistPane(DetailPane):
    class ItemAdded(DetailPane.Added):
        def __init__(self, pane: DetailPane, text: str) -> None:
            super().__init__(pane)
            self.text = text

    def compose(self) -> ComposeResult:
        yield ChecklistList(empty="No checklist yet: a adds an item.", id="checklist-list")
        yield Input(placeholder="New item, then enter", id="checklist-new", classes="add-field")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.ItemAdded(self, event.value))


class PeoplePane(DetailPane):
    """Collaborators: pick a member and a role, then Add."""

    class PersonAdded(DetailPane.Added):
        def __init__(self, pane: DetailPane, member: str, role: str) -> None:
            super().__init__(pane)
            self.member = member
            self.role = role

    def __init__(self, members: Sequence[str], *, read_only: bool = False, id: str | None = None):
        super().__init__(read_only=read_only, id=id)
        self.members = members

    def compose(self) -> ComposeResult:
        yield ItemList(empty="Nobody else works on this card yet.", id="people-list")
        with Horizontal(classes="add-row"):
            yield Select(
                [(Content(name), name) for name in self.members],
                prompt="Member",
                id="person",
                classes="add-field",
            )
            yield Select(
                [(role.value, role.value) for role in CollaboratorRole],
                value=CollaboratorRole.OTHER.value,
                allow_blank=False,
                id="person-role",
            )
            yield Button("Add", id="person-add")

    def clear(self) -> None:
        self.query_one("#person", Select).clear()
        self.query_one("#person", Select).focus()

    @on(Button.Pressed, "#person-add")
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        member: Select[str] = self.query_one("#person", Select)
        role = str(self.query_one("#person-role", Select).value)
        self.post_message(
            self.PersonAdded(self, "" if member.is_blank() else str(member.value), role)
        )


class CommentsPane(DetailPane):
    class CommentPosted(DetailPane.Added):
        def __init__(self, pane: DetailPane, body: str) -> None:
            super().__init__(pane)
            self.body = body

    def compose(self) -> ComposeResult:
        yield ItemList(empty="No comments yet.", separated=True, id="comments-list")
        yield Input(
            placeholder="Write a comment, then enter", id="comment-new", classes="add-field"
        )

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.CommentPosted(self, event.value))

    @property
    def draft(self) -> str:
        """A comment typed but not posted."""
        return self.query_one("#comment-new", Input).value.strip()


class FilesPane(DetailPane):
    class FileAttached(DetailPane.Added):
        def __init__(self, pane: DetailPane, target: str, label: str) -> None:
            super().__init__(pane)
            self.target = target
            self.label = label

    def compose(self) -> ComposeResult:
        yield ItemList(empty="Nothing attached yet.", id="files-list")
        with Horizontal(classes="add-row"):
            yield Input(
                placeholder="Path or URL, then enter", id="file-target", classes="add-field"
            )
            yield Input(placeholder="Label (optional)", id="file-label")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        target = self.query_one("#file-target", Input).value
        self.post_message(
            self.FileAttached(self, target, self.query_one("#file-label", Input).value)
        )
