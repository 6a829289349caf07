"""Save a project as a template, from the project detail (what `mpm template save` does).

Asks for the template's name (the project's type, or its name, as a start);
when a template file of that name exists, asks before replacing it. The file
goes to the user's templates folder and the template is offered by `n` on the
dashboard from then on.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from textual.screen import Screen

from mpm_tui.schemas.templates import display_path
from mpm_tui.screens.card_dialogs import ConfirmDialog
from mpm_tui.screens.choice_dialog import InputDialog
from mpm_tui.services import templates
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import InvalidInput, MpmError


def suggested_name(project: str, kind: str) -> str:
    """A file-friendly first guess: `webinar`, or `spring-trade-show`."""
    base = kind.strip() or project
    return re.sub(r"[^a-z0-9_]+", "-", base.casefold()).strip("-")[:80] or "my-template"


def save_project_as_template(
    screen: Screen[Any], ctx: ServiceContext, project: str, kind: str
) -> None:
    """The dialogs; a notification says where the file went."""
    app = screen.app

    def saved(path: Path) -> None:
        written = templates.read_template(path)
        screen.notify(
            f"Saved {project} as template {written.name!r} ({len(written.tasks)} tasks) in "
            f"{display_path(path)}  (n on the dashboard offers it)",
            title="Template saved",
            markup=False,
        )

    def replace(name: str) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                try:
                    saved(templates.save_as_template(ctx, project, name, overwrite=True))
                except MpmError as exc:
                    screen.notify(str(exc), title="Not saved", severity="error", markup=False)

        target = display_path(templates.template_file(name))
        app.push_screen(
            ConfirmDialog(
                f"Replace the template in {target}?",
                "It is overwritten with this project's tasks, dates and KPIs.",
                confirm="Replace",
            ),
            answered,
        )

    def attempt(text: str) -> str | None:
        try:
            saved(templates.save_as_template(ctx, project, text))
        except InvalidInput as exc:
            if "already exists" in str(exc):
                app.call_later(replace, text)
                return None
            return str(exc)
        except MpmError as exc:
            return str(exc)
        return None

    app.push_screen(
        InputDialog(
            f"Save {project} as a template named",
            value=suggested_name(project, kind),
            hint="letters, digits, - and _ · enter saves · escape cancels",
            validate=attempt,
        )
    )
