"""A new project from a template: pick the template, name it, give the launch day and
who does each role; the plan it would get shows as you type.

Opened with `n` on the dashboard. Everything is written by
`templates.create_from_template` (one transaction): a refusal (a name taken, a
launch on a holiday, an unknown member) shows in the form, which stays open
with what was typed. Dismisses with the new project's id.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from mpm_tui.logic.dates import DateParseError
from mpm_tui.schemas.templates import Template, TemplateInfo
from mpm_tui.screens import short_date
from mpm_tui.services import boards, members, template_plans, templates
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import MpmError
from mpm_tui.widgets.choices import plain_options
from mpm_tui.widgets.date_input import DateInput, long_date
from mpm_tui.widgets.footer import Footer

ROLE_LABELS: dict[str, str] = {
    "owner": "Owner",
    "writer": "Writer",
    "reviewer": "Reviewer",
    "editor": "Editor",
    "designer": "Designer",
    "web": "Web",
    "social": "Social",
}


def template_label(info: TemplateInfo) -> Content:
    """`Webinar  18 tasks` (and where a user template comes from)."""
    source = "" if info.source == templates.BUILT_IN else f"  · {info.source}"
    return Content.assemble(info.name, (f"  {info.task_count} tasks{source}", "dim"))


class NewProjectDialog(ModalScreen[int | None]):
    """The form; `create` (ctrl+s, or enter in a field) writes through the service."""

    CSS_PATH = "new_project.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "create",
            "Create",
            priority=True,
            id="new_project.create",
            tooltip="Create the project (enter in a field does too)",
        ),
        Binding(
            "escape",
            "cancel",
            "Cancel",
            id="new_project.cancel",
            tooltip="Close without creating anything",
        ),
    ]

    def __init__(self, ctx: ServiceContext, *, template: str | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.catalogue, self.problems = templates.load_catalogue()
        self.first = template
        self.template: Template | None = None
        names = [member.name for member in members.list_members()]
        self.member_names = names
        self.board_names = [board.name for board in boards.list_boards()]

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        box = VerticalScroll(id="new-project")
        box.border_title = Content("New project from a template")
        with box:
            yield OptionList(
                *(Option(template_label(info), id=info.name) for _, info in self.catalogue),
                id="template",
            )
            yield Static(id="template-about", markup=False)
            if self.problems:
                skipped = "; ".join(str(problem) for problem in self.problems)
                count = len(self.problems)
                yield Static(
                    Content(f"⚠ {count} template file{'s' * (count > 1)} skipped: {skipped}"),
                    id="template-problems",
                    markup=False,
                )
            with Horizontal(classes="dialog-row"):
                with Vertical():
                    yield Label(Content("Name"), classes="field-label")
                    yield Input(
                        placeholder="e.g. December newsletter",
                        max_length=200,
                        compact=True,
                        id="name",
                    )
                with Vertical():
                    yield Label(Content("Launch day"), classes="field-label")
                    launch = DateInput(today=self.ctx.today, placeholder="fri, +2w, 2026-12-04")
                    launch.id = "launch"
                    launch.compact = True
                    yield launch
                if len(self.board_names) > 1:
                    with Vertical():
                        yield Label(Content("Board"), classes="field-label")
                        yield Select(
                            plain_options(self.board_names),
                            value=self.board_names[0],
                            allow_blank=False,
                            compact=True,
                            id="board",
                            tooltip="The tasks start in this board's first column",
                        )
            yield Label(Content("Who does each role"), classes="field-label")
            yield Grid(id="roles")
            yield Static(id="preview", markup=False)
            yield Label("", id="error", markup=False)
            yield Label(
                Content("ctrl+s or enter creates · tab next field · escape cancels"),
                classes="dialog-hint",
            )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        options = self.query_one("#template", OptionList)
        index = 0
        if self.first is not None:
            key = self.first.casefold()
            index = next(
                (i for i, (t, _) in enumerate(self.catalogue) if t.name.casefold() == key), 0
            )
        if self.catalogue:
            options.highlighted = index
        options.focus()

    # ------------------------------------------------------------------ reactions

    @on(OptionList.OptionHighlighted, "#template")
    async def _template_chosen(self, event: OptionList.OptionHighlighted) -> None:
        template, info = self.catalogue[event.option_index]
        if self.template is template:
            return
        self.template = template
        about = template.description or "(no description)"
        channels = f"  channels: {', '.join(template.channels)}" if template.channels else ""
        source = "" if info.source == templates.BUILT_IN else f"  file: {info.path.name}"
        self.query_one("#template-about", Static).update(
            Content.assemble((about, "italic"), (f"{channels}{source}", "dim"))
        )
        await self._fill_roles(template)
        self._preview()

    async def _fill_roles(self, template: Template) -> None:
        """One picker per role the template uses (owner first), prefilled with suggestions."""
        grid = self.query_one("#roles", Grid)
        previous = {
            str(select.id).removeprefix("role-"): select.value
            for select in grid.query(Select)
            if select.value is not Select.NULL
        }
        await grid.remove_children()
        me = self.ctx.actor.name if self.ctx.actor.name in self.member_names else None
        suggested = template_plans.suggested_assignments(template, me)
        choices = plain_options(self.member_names)
        widgets: list[Widget] = []
        for role in ("owner", *(r for r in template.roles if r != "owner")):
            value = previous.get(role, suggested.get(role, Select.NULL))
            widgets.append(Label(Content(ROLE_LABELS.get(role, role)), classes="role-label"))
            widgets.append(
                Select(
                    choices,
                    prompt="unassigned",
                    value=value if value in self.member_names else Select.NULL,
                    compact=True,
                    id=f"role-{role}",
                )
            )
        await grid.mount_all(widgets)

    @on(Input.Changed, "#launch")
    def _launch_changed(self) -> None:
        self._preview()

    @on(OptionList.OptionSelected, "#template")
    def _template_picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#name", Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_create()

    def _preview(self) -> None:
        """What the plan would be from the launch typed so far (or why there is none)."""
        preview = self.query_one("#preview", Static)
        if self.template is None:
            preview.update(Content("No template to choose from."))
            return
        try:
            launch = self.query_one("#launch", DateInput).day
        except DateParseError as exc:
            preview.update(Content(f"launch: {exc}"))
            return
        if launch is None:
            preview.update(Content("Give the launch day to see the plan."))
            return
        today = self.ctx.today()
        try:
            plan = template_plans.preview_plan(self.template, launch)
        except MpmError as exc:
            preview.update(Content(str(exc)))
            return
        started = " (starts in the past)" if plan.start < today else ""
        preview.update(
            Content.assemble(
                ("Launch ", "dim"),
                (long_date(launch, today), "bold"),
                ("  · runs ", "dim"),
                f"{short_date(plan.start, today)} → {short_date(plan.end, today)}{started}",
                ("\n", ""),
                f"{plan.tasks} tasks ({plan.estimate_days:g} days of work) · "
                f"{plan.milestones} milestones · {plan.kpis} KPIs",
            )
        )

    # ------------------------------------------------------------------ actions

    def _fail(self, message: str, field: str | None = None) -> None:
        """Say why nothing was created (once: not again under a preview that says it)."""
        shown = str(self.query_one("#preview", Static).content)
        self.query_one("#error", Label).update(Content("" if message == shown else message))
        self.app.bell()
        if field is not None:
            self.query_one(f"#{field}").focus()

    def action_create(self) -> None:
        if self.template is None:
            self._fail("template: there is no template to use", "template")
            return
        name = self.query_one("#name", Input).value.strip()
        if not name:
            self._fail("name: give the project a name", "name")
            return
        try:
            launch = self.query_one("#launch", DateInput).day
        except DateParseError as exc:
            self._fail(f"launch: {exc}", "launch")
            return
        if launch is None:
            self._fail("launch: give the launch day (e.g. fri, +2w, 2026-12-04)", "launch")
            return
        assign = {
            str(select.id).removeprefix("role-"): str(select.value)
            for select in self.query_one("#roles", Grid).query(Select)
            if select.value is not Select.NULL
        }
        board: str | None = None
        for select in self.query("#board").results(Select):
            board = str(select.value)
        try:
            created = templates.create_from_template(
                self.ctx, self.template.name, name, launch, assign, board=board
            )
        except MpmError as exc:
            message = str(exc)
            self._fail(message, "launch" if message.startswith("launch") else None)
            return
        self.dismiss(created.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
