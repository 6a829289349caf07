"""The retrospective library: every past learning, searchable while planning the next.

Type to search the items' text (and KPI root causes); `channel:email` and
`type:webinar` narrow by the project's channel and type. Enter opens the
retrospective; escape goes back.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from mpm_tui.schemas.enums import RetroKind, RetroStatus
from mpm_tui.services import retro_library

SECTION_LABELS = {
    "went_well": "went well",
    "went_badly": "did not go well",
    "improvement": "improve",
    "action": "action",
}


def parse_query(text: str) -> tuple[str, str | None, str | None]:
    """`brief late channel:email type:webinar` → ("brief late", "email", "webinar")."""
    words, channel, kind = [], None, None
    for word in text.split():
        lowered = word.casefold()
        if lowered.startswith("channel:"):
            channel = word.split(":", 1)[1] or None
        elif lowered.startswith("type:"):
            kind = word.split(":", 1)[1] or None
        else:
            words.append(word)
    return " ".join(words), channel, kind


class RetroLibraryScreen(ModalScreen[tuple[str, RetroKind] | None]):
    """Search every retrospective; dismissed with the chosen one's project and kind."""

    DEFAULT_CSS = """
    RetroLibraryScreen { align: center middle; }
    RetroLibraryScreen > Vertical {
        width: 100; max-width: 98%; height: 90%;
        border: round $border; background: $surface; padding: 0 1;
    }
    RetroLibraryScreen .dialog-title { text-style: bold; }
    RetroLibraryScreen OptionList { height: 1fr; border: none; }
    RetroLibraryScreen .dialog-hint { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_none", "Close", id="library.close", tooltip="Back"),
        Binding("down", "focus_results", "Results", show=False, id="library.results"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content("Retrospective library"), classes="dialog-title")
            yield Input(placeholder="search the learnings…  channel:email  type:webinar")
            yield OptionList(id="library-hits")
            yield Label(
                Content("type to search · ↓ to the results · enter opens · escape closes"),
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.search("")
        self.query_one(Input).focus()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self.search(event.value)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_focus_results()

    def search(self, text: str) -> None:
        words, channel, kind = parse_query(text)
        hits = retro_library.search_retrospectives(words, channel=channel, project_kind=kind)
        options = self.query_one(OptionList)
        options.clear_options()
        self.found: dict[str, tuple[str, RetroKind]] = {}
        for hit in hits:
            state = "✓ complete" if hit.status is RetroStatus.COMPLETE else "draft"
            held = f" · {hit.held_on:%b %d %Y}" if hit.held_on else ""
            heading = Content.assemble(
                (hit.project, "bold"),
                f" · {hit.kind.value} · {state}{held}",
                (f" · {', '.join(hit.channels)}" if hit.channels else "", "dim"),
            )
            lines = [heading]
            shown = hit.matches[:4] if words else hit.matches[:2]
            for item in shown:
                label = SECTION_LABELS.get(item.section.value, item.section.value)
                first = item.text.splitlines()[0] if item.text else ""
                lines.append(Content.assemble(("    " + label + ": ", "dim"), first))
            for kpi in getattr(hit, "kpi_matches", ())[:2]:
                lines.append(
                    Content.assemble(("    root cause, " + kpi.name + ": ", "dim"), kpi.note)
                )
            more = len(hit.matches) - len(shown)
            if more > 0:
                lines.append(Content.styled(f"    … {more} more", "dim"))
            options.add_option(Option(Content("\n").join(lines), id=str(hit.retro_id)))
            self.found[str(hit.retro_id)] = (hit.project, hit.kind)
        if not hits:
            options.add_option(Option(Content("Nothing matches."), disabled=True))

    def action_focus_results(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        if options.highlighted is None and options.option_count:
            options.highlighted = 0

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id in self.found:
            self.dismiss(self.found[event.option.id])

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
