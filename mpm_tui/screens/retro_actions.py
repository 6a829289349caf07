"""What the retrospective editor's keys do: the item editor, and every write.

A base of `RetroScreen`, apart so that the screen file keeps the layout and
the reading. Every write goes through `services.retros` (or `projects` to
close), with the version read; a refusal is said and nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.widgets import OptionList, TabbedContent, TextArea

from mpm_tui.logic.dates import DateParseError, parse_date
from mpm_tui.schemas.enums import ProjectStatus, RetroKind, RetroSection, RetroStatus
from mpm_tui.schemas.templates import display_path
from mpm_tui.screens.quick_resume import QuickResume
from mpm_tui.services import members, projects, retros, templates
from mpm_tui.services.errors import MpmError

if TYPE_CHECKING:
    from mpm_tui.schemas.retro import RetroItemView, RetroView
    from mpm_tui.screens.retro_drafts import DraftStore
    from mpm_tui.services.context import ServiceContext

TAB_ORDER = (
    "tab-went_well",
    "tab-went_badly",
    "tab-improvement",
    "tab-action",
    "tab-kpis",
    "tab-details",
)


class RetroActions(QuickResume[None]):
    ctx: ServiceContext
    retro: RetroView | None
    project: str | None
    kind: RetroKind
    drafts: DraftStore
    editing: str | None
    saved_text: str

    # Provided by RetroScreen.
    read_only: str
    section: RetroSection | None
    is_dirty: bool

    def current_item(self) -> RetroItemView | None: ...
    def reload(self) -> None: ...
    def show_project(self, name: str, kind: RetroKind = RetroKind.FINAL) -> None: ...
    def _title(self) -> None: ...

    # ------------------------------------------------------------------ writing

    def _write(self, doing: str, change: Callable[[], Any]) -> bool:
        """Run one service write; say why when it is refused. True when it went through."""
        if refusal := self.read_only:
            self.notify(refusal, title=f"Not {doing}", severity="error", markup=False)
            return False
        try:
            change()
        except MpmError as exc:
            self.notify(str(exc), title=f"Not {doing}", severity="error", markup=False)
            self.reload()
            return False
        self.reload()
        return True

    def _editor(self) -> TextArea:
        return self.query_one("#editor", TextArea)

    def _open_editor(self, slot: str, title: str, text: str) -> None:
        assert self.retro is not None
        draft = self.drafts.get(self.retro.id, slot)
        self.editing = slot
        self.saved_text = text
        editor = self._editor()
        editor.load_text(draft if draft is not None else text)
        editor.move_cursor(editor.document.end)
        note = "  (your unsaved draft)" if draft is not None else ""
        self.query_one("#editor-title").update(title + note)  # type: ignore[attr-defined]
        self.query_one("#retro-editor").display = True
        editor.focus()
        self._title()
        self.refresh_bindings()

    def _close_editor(self) -> None:
        self.editing = None
        self.saved_text = ""
        self.query_one("#retro-editor").display = False
        section = self.section
        if section is not None:
            self.query_one(f"#items-{section.value}", OptionList).focus()
        self._title()
        self.refresh_bindings()

    def _keep_draft(self) -> None:
        """Keep what the editor holds as a draft (or drop the draft when it is as saved)."""
        if self.editing is None or self.retro is None:
            return
        text = self._editor().text
        if text != self.saved_text:
            self.drafts.put(self.retro.id, self.editing, text)
        else:
            self.drafts.drop(self.retro.id, self.editing)
        self.drafts.save()

    def _drop_draft(self, slot: str) -> None:
        if self.retro is not None:
            self.drafts.drop(self.retro.id, slot)
            self.drafts.save()

    # ------------------------------------------------------------------ items

    def _may_write(self, doing: str = "changed") -> bool:
        """False (and say why) in a session that cannot write retrospectives."""
        if refusal := self.read_only:
            self.notify(refusal, title=f"Not {doing}", severity="error", markup=False)
            return False
        return True

    def _frozen(self, doing: str) -> bool:
        """True (and say so) when the retrospective is complete: its items are the
        record that closed the project, so the editor does not open on them."""
        if self.retro is None or self.retro.status is not RetroStatus.COMPLETE:
            return False
        self.notify(
            f"The {retros.kind_label(self.retro.kind)} of {self.retro.project} is complete: "
            "C reopens it to change it",
            title=f"Not {doing}",
            severity="warning",
            markup=False,
        )
        return True

    def _ensure_retro(self) -> bool:
        """Start the project's retrospective on the first thing written in it."""
        if self.retro is None and self.project is not None:
            project = self.project
            kind = self.kind
            self._write("started", lambda: retros.ensure_retrospective(self.ctx, project, kind))
            self.retro = retros.retrospective_of(project, kind)
            self.reload()
        return self.retro is not None

    def action_add(self) -> None:
        section = self.section
        if section is None:
            return
        if not self._may_write("added") or not self._ensure_retro() or self._frozen("added"):
            return
        label = retros.SECTION_TITLES[section]
        self._open_editor(f"new-{section.value}", f"New item · {label}", "")

    def action_edit(self) -> None:
        item = self.current_item()
        if item is None:
            return
        if not self._may_write("edited") or self._frozen("edited"):
            return
        label = retros.SECTION_TITLES[item.section]
        self._open_editor(str(item.id), f"Editing · {label}", item.text)

    def action_save(self) -> None:
        if self.editing is None or self.retro is None:
            return
        text = self._editor().text.strip()
        slot, retro = self.editing, self.retro
        if not text:
            self.notify("Write something first (or escape to leave)", timeout=3)
            return
        if slot.startswith("new-"):
            section = RetroSection(slot.removeprefix("new-"))

            def change() -> object:
                return retros.add_item(
                    self.ctx, retro.id, section, text, expected_version=retro.version
                )

        else:

            def change() -> object:
                return retros.edit_item(self.ctx, int(slot), text, expected_version=retro.version)

        if self._write("saved", change):
            self._drop_draft(slot)
            self._close_editor()
            self.reload()
            if slot.startswith("new-") and self.retro is not None:
                # The cursor follows what was just written: the section's last item.
                section = RetroSection(slot.removeprefix("new-"))
                last = self.retro.section(section)[-1]
                self._highlight(last)

    def _highlight(self, item: RetroItemView) -> None:
        options = self.query_one(f"#items-{item.section.value}", OptionList)
        for index in range(options.option_count):
            if options.get_option_at_index(index).id == str(item.id):
                options.highlighted = index

    def action_leave_editor(self) -> None:
        if self.editing is None:
            return
        self._keep_draft()
        kept = self.is_dirty
        self._close_editor()
        self.reload()
        if kept:
            self.notify("Kept as a draft: e (or enter) on it carries on", timeout=3)

    def action_delete(self) -> None:
        item = self.current_item()
        if item is None or self.retro is None:
            return
        from mpm_tui.screens.choice_dialog import ChoiceDialog

        retro = self.retro

        def chosen(sure: bool | None) -> None:
            if sure:
                self._write(
                    "deleted",
                    lambda: retros.delete_item(self.ctx, item.id, expected_version=retro.version),
                )

        first = item.text.splitlines()[0][:60]
        self.app.push_screen(
            ChoiceDialog(f"Delete “{first}”?", [("Keep it", False), ("Delete it", True)]), chosen
        )

    def action_move(self, offset: int) -> None:
        item = self.current_item()
        if item is None or self.retro is None:
            return
        retro = self.retro
        if self._write(
            "moved",
            lambda: retros.move_item(self.ctx, item.id, offset, expected_version=retro.version),
        ):
            self._highlight(item)

    def action_owner(self) -> None:
        item = self.current_item()
        if item is None or item.section is not RetroSection.ACTION:
            return
        from mpm_tui.screens.choice_dialog import ChoiceDialog

        choices: list[tuple[str, str | None]] = [("Nobody", None)]
        choices += [(m.name, m.name) for m in members.list_members() if m.role.value != "viewer"]

        def chosen(name: str | None) -> None:
            self._write(
                "changed", lambda: retros.edit_item(self.ctx, item.id, item.text, owner=name)
            )

        self.app.push_screen(ChoiceDialog("Who owns this action?", choices), chosen)

    def action_to_task(self) -> None:
        item = self.current_item()
        if item is None or item.section is not RetroSection.ACTION or self.project is None:
            return
        if item.task_id is not None:
            self.notify(f"Already task #{item.task_id} in {item.task_project}", timeout=3)
            return
        from mpm_tui.screens.choice_dialog import ChoiceDialog

        targets: list[tuple[str, tuple[str, str]]] = [
            (f"{p.name}  (project)", ("project", p.name))
            for p in projects.list_projects()
            if p.name != self.project and not p.status.finished
        ]
        targets += [
            (
                f"{info.name}  (template: projects made from it get this task)",
                ("template", info.name),
            )
            for info in templates.list_templates().templates
        ]

        def chosen(target: tuple[str, str] | None) -> None:
            if target is None:
                return
            kind, name = target
            if kind == "project":
                if self._write("made a task", lambda: retros.item_to_task(self.ctx, item.id, name)):
                    self.notify(f"Now a task in {name} (first column)", timeout=3, markup=False)
                return
            written: list[Path] = []
            if self._write(
                "added to a template",
                lambda: written.append(retros.item_to_template(self.ctx, item.id, name)),
            ):
                self.notify(
                    f"Added to template {name} as a 1-day task due at launch, in "
                    f"{display_path(written[0])} (edit the file to place it)",
                    timeout=6,
                    markup=False,
                )

        self.app.push_screen(
            ChoiceDialog("Make this action a task of which project or template?", targets),
            chosen,
        )

    # ------------------------------------------------------------------ the rest

    def _ask(self, title: str, value: str, write: Callable[[str], object]) -> None:
        from mpm_tui.screens.choice_dialog import ask_and_write

        ask_and_write(self, title, value, write, refusal=self.read_only, saved=self.reload)

    def action_kpi_note(self) -> None:
        if self.retro is None or not self.retro.kpis:
            return
        row = self.query_one("#retro-kpis").cursor_row  # type: ignore[attr-defined]
        kpi = self.retro.kpis[row]
        retro = self.retro
        self._ask(
            f"Why did {kpi.name} end where it did? (empty removes the note)",
            kpi.note,
            lambda text: retros.set_kpi_note(
                self.ctx, retro.id, kpi.kpi_id, text, expected_version=retro.version
            ),
        )

    def action_held_on(self) -> None:
        if not self._may_write() or not self._ensure_retro():
            return
        assert self.retro is not None
        retro, today = self.retro, self.ctx.today()

        def write(text: str) -> None:
            try:
                day = parse_date(text, today) if text.strip() else None
            except DateParseError as exc:
                raise ValueError(str(exc)) from None
            retros.set_details(self.ctx, retro.id, held_on=day, expected_version=retro.version)

        held = retro.held_on.isoformat() if retro.held_on else "today"
        self._ask("Held on (2026-11-20, today, fri…)", held, write)

    def action_participants(self) -> None:
        if not self._may_write() or not self._ensure_retro():
            return
        assert self.retro is not None
        retro = self.retro
        self._ask(
            "Participants, comma-separated member names",
            ", ".join(retro.participants),
            lambda text: retros.set_details(
                self.ctx,
                retro.id,
                participants=[n.strip() for n in text.split(",") if n.strip()],
                expected_version=retro.version,
            ),
        )

    def action_complete(self) -> None:
        retro = self.retro
        if retro is None:
            return
        if retro.status is RetroStatus.COMPLETE:
            self._write(
                "reopened",
                lambda: retros.reopen_retrospective(
                    self.ctx, retro.id, expected_version=retro.version
                ),
            )
            return
        if self._write(
            "completed",
            lambda: retros.complete_retrospective(
                self.ctx, retro.id, expected_version=retro.version
            ),
        ):
            self.notify("Complete. X closes the project.", title="Retrospective", timeout=4)

    def action_close_project(self) -> None:
        project = self.project
        if project is None:
            return
        if self._write(
            "closed", lambda: projects.set_status(self.ctx, project, ProjectStatus.DONE)
        ):
            self.notify(f"{project} is done.", title="Project closed", timeout=4, markup=False)

    def action_open_other(self) -> None:
        from mpm_tui.screens.choice_dialog import ChoiceDialog

        listed = projects.list_projects()
        choices = [(f"{p.name}  ·  {p.status.value.replace('_', ' ')}", p.name) for p in listed]
        current = next((i for i, p in enumerate(listed) if p.name == self.project), 0)

        def chosen(name: str | None) -> None:
            if name is not None:
                self.show_project(name)

        self.app.push_screen(
            ChoiceDialog("Open the retrospective of…", choices, selected=current), chosen
        )

    def action_library(self) -> None:
        from mpm_tui.screens.retro_library import RetroLibraryScreen

        def chosen(found: tuple[str, RetroKind] | None) -> None:
            if found is not None:
                self.show_project(*found)

        self.app.push_screen(RetroLibraryScreen(), chosen)

    def action_tab(self, step: int) -> None:
        tabs = self.query_one(TabbedContent)
        index = TAB_ORDER.index(tabs.active) if tabs.active in TAB_ORDER else 0
        tabs.active = TAB_ORDER[(index + step) % len(TAB_ORDER)]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys show where they apply: the editor's while editing, the items' on a
        section tab, the KPI note on the KPIs tab, details on the Details tab."""
        if not self.is_mounted:
            return True
        editing = self.editing is not None
        if action in {"save", "leave_editor"}:
            return editing
        if editing and action not in {"tab", "open_other", "library"}:
            return False
        if self.retro is None:
            return action in {
                *("open_other", "library", "tab", "toggle_kind"),
                *("add", "held_on", "participants"),
            }
        tab = self.query_one(TabbedContent).active
        item = self.current_item()
        if action == "add":
            return self.section is not None
        if action in {"edit", "delete", "move"}:
            return item is not None
        if action in {"owner", "to_task"}:
            return item is not None and item.section is RetroSection.ACTION
        if action == "kpi_note":
            return tab == "tab-kpis" and bool(self.retro.kpis)
        if action in {"held_on", "participants"}:
            return tab == "tab-details"
        return True
