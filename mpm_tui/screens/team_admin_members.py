"""The Members tab of the Team and boards screen: its keys' actions.

`a` adds a member (name, then role), `r` changes the role, `e` the name, login
handle or weekly capacity, `d` deactivates (history and open cards stay) or
reactivates, after asking. Every change goes through `services.team_admin` /
`members`; a refusal is said in the dialog (a name taken, a bad number) or on
the message line (the last admin)."""

from __future__ import annotations

from mpm_tui.schemas.enums import Role
from mpm_tui.schemas.views import MemberView
from mpm_tui.screens.card_dialogs import ConfirmDialog
from mpm_tui.screens.choice_dialog import ChoiceDialog, InputDialog, ask_and_write
from mpm_tui.screens.team_admin_parts import AdminPanel, role_choices
from mpm_tui.services import members, team_admin
from mpm_tui.services.errors import InvalidInput
from mpm_tui.services.team_admin import MemberRow


class MembersActions(AdminPanel):
    """What the Members tab's keys do (a mixin of `TeamAdminScreen`)."""

    rows: list[MemberRow]

    @property
    def member(self) -> MemberView | None:
        """The highlighted member (the screen's)."""
        raise NotImplementedError

    def _target(self, title: str) -> MemberView | None:
        if self._refused(title):
            return None
        member = self.member
        if member is None:
            self.say("No member yet: a adds one", error=True)
        return member

    def action_add_member(self) -> None:
        if self._refused("Member not added"):
            return

        def check(text: str) -> str | None:
            if not text.strip():
                return "member: name: must not be empty"
            return team_admin.clash(text) or None

        def named(text: str | None) -> None:
            if text is None:
                return
            name = text.strip()

            def chosen(role: Role | None) -> None:
                if role is None:
                    self.say(f"{name} not added: no role chosen")
                    return
                made: list[int] = []

                def change() -> None:
                    data = {"name": name, "role": role.value}
                    made.append(members.create_member(self.ctx, data).id)

                self._write(
                    change,
                    f"Added {name} as {role.value} (e sets the handle and capacity)",
                    key=lambda: f"m:{made[-1]}",
                )

            self.app.push_screen(
                ChoiceDialog(f"Role of {name}", role_choices(Role.EDITOR), selected=1),
                chosen,
            )

        self.app.push_screen(
            InputDialog(
                "Name of the new member",
                placeholder="e.g. Sam Reed",
                hint="enter: next, the role · escape cancels",
                validate=check,
            ),
            named,
        )

    def action_role(self) -> None:
        member = self._target("Role not changed")
        if member is None:
            return
        choices = role_choices(member.role)

        def chosen(role: Role | None) -> None:
            if role is None or role is member.role:
                return
            self._write(
                lambda: team_admin.update_member(self.ctx, member.name, {"role": role.value}),
                f"{member.name} is now {'an' if role is Role.ADMIN else 'a'} {role.value}"
                + self._yourself(member),
                key=f"m:{member.id}",
            )

        selected = [role for _, role in choices].index(member.role)
        self.app.push_screen(
            ChoiceDialog(f"Role of {member.name}", choices, selected=selected), chosen
        )

    def _yourself(self, member: MemberView) -> str:
        if member.id != self.ctx.actor.member_id:
            return ""
        return " (for you: from your next session on)"

    def action_edit_member(self) -> None:
        member = self._target("Not changed")
        if member is None:
            return
        fields = [
            (f"Name: {member.name}", "name"),
            (f"Login handle: {member.handle or 'none'}", "handle"),
            (f"Weekly capacity: {member.capacity_days:g} days", "capacity_days"),
        ]

        def chosen(field: str | None) -> None:
            if field is None:
                return
            values = {
                "name": member.name,
                "handle": member.handle or "",
                "capacity_days": f"{member.capacity_days:g}",
            }
            titles = {
                "name": f"New name of {member.name}",
                "handle": f"Login handle of {member.name} (the OS user; empty: none)",
                "capacity_days": f"Working days a week of {member.name} (0 to 7)",
            }

            def write(text: str) -> None:
                value: object = text
                if field == "capacity_days":
                    try:
                        value = float(text.strip().replace(",", "."))
                    except ValueError:
                        raise InvalidInput(
                            f"capacity: expected days per week, 0 to 7 (got {text!r})"
                        ) from None
                team_admin.update_member(self.ctx, member.name, {field: value})

            def saved() -> None:
                self.say(f"Changed {member.name}'s {fields_label[field]}")
                self.load(key=f"m:{member.id}")

            ask_and_write(
                self, titles[field], values[field], write, refusal=self.read_only, saved=saved
            )

        fields_label = {"name": "name", "handle": "login handle", "capacity_days": "capacity"}
        self.app.push_screen(ChoiceDialog(f"Change {member.name}'s", fields), chosen)

    def action_deactivate(self) -> None:
        member = self._target("Not deactivated")
        if member is None:
            return
        cards = next((r.open_cards for r in self.rows if r.member.id == member.id), 0)
        kept = (
            f"Their {team_admin.plural(cards, 'open card')} stay assigned to them until "
            "reassigned (board, or r on the workload). "
            if cards
            else ""
        )
        body = (
            f"{kept}They leave the owner and reviewer pickers and can only look; "
            "everything they did stays in the history."
        )
        self._confirm(member, f"Deactivate {member.name}?", body, "Deactivate", active=False)

    def action_reactivate(self) -> None:
        member = self._target("Not reactivated")
        if member is None:
            return
        body = f"{member.name} comes back to the pickers, with the {member.role.value} role."
        self._confirm(member, f"Reactivate {member.name}?", body, "Reactivate", active=True)

    def _confirm(
        self, member: MemberView, title: str, body: str, verb: str, *, active: bool
    ) -> None:
        said: list[str] = []

        def change() -> None:
            text = team_admin.set_member_active(self.ctx, member.name, active).describe()
            said.append(text[0].upper() + text[1:] + self._yourself(member))

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._write(change, lambda: said[-1], key=f"m:{member.id}")

        self.app.push_screen(ConfirmDialog(title, body, confirm=verb), confirmed)
