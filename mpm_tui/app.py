"""The Textual app: modes (one per screen), global bindings, theme, start-up.

Kept thin on purpose: each screen lives in `mpm_tui.screens`, all data comes
from services, and the database is opened by the CLI before the app starts.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from functools import partial
from importlib import import_module
from pathlib import PurePath
from types import EllipsisType
from typing import ClassVar

from textual import events
from textual.actions import ActionParseResult
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import AwaitMount

from mpm_tui.schemas.views import ProjectView
from mpm_tui.screens import SCREENS, ScreenInfo
from mpm_tui.screens.board import BoardScreen
from mpm_tui.screens.live import LIVE_EVERY, ChangeWatcher
from mpm_tui.screens.placeholder import PlaceholderScreen
from mpm_tui.screens.presenter import (
    PRESENT_THEME,
    PRESENTER_ACTIONS,
    PRESENTER_BINDINGS,
    Presenter,
    PresentOptions,
)
from mpm_tui.screens.warm_up import WarmUp
from mpm_tui.services import activity, projects
from mpm_tui.services.context import ServiceContext

SCREEN_CSS = (
    "activity",
    "board",
    "card_detail",
    "dashboard",
    "new_project",
    "placeholder",
    "priority_matrix",
    "project_detail",
    "retro",
    "team_admin",
    "timeline",
    "workload",
)
"""The screens with a stylesheet of their own (mpm_tui/screens/NAME.tcss)."""

THEMES = ("textual-dark", "textual-light", "nord", "gruvbox", "solarized-light")
"""What ctrl+t cycles through (every theme is in the command palette's Theme picker)."""


def highlight(matcher: Matcher, text: str) -> Content:
    """The matched letters highlighted, without parsing `text` as markup
    (Matcher.highlight would eat a name like `[Q4] launch`)."""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if score and matcher.match_style is not None:
        for offset in offsets:
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class ScreensProvider(Provider):
    """Every screen and every project, by name."""

    projects: list[ProjectView]

    async def startup(self) -> None:
        # One quick query, on the app's thread (where the connection lives).
        self.projects = projects.list_projects()

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        app = self.app
        assert isinstance(app, MPMApp)
        found: list[tuple[str, Callable[[], object], str]] = [
            (
                info.title,
                partial(app.switch_mode, info.mode),
                f"{info.key}  {info.summary}" + ("" if info.built else " (not built yet)"),
            )
            for info in SCREENS
        ]
        found += [
            (
                p.name,
                partial(app.open_project, p.id),
                f"Project · {p.status.value}" + (f" · {p.owner}" if p.owner else ""),
            )
            for p in self.projects
        ]
        return found

    async def discover(self) -> Hits:
        for name, command, help_text in self._commands():
            yield DiscoveryHit(Content(name), command, text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, command, help_text in self._commands():
            if (score := matcher.match(name)) > 0:
                yield Hit(score, highlight(matcher, name), command, text=name, help=help_text)


class MPMApp(App[None]):
    """mpm in the terminal: board, timeline, workload, retro and dashboard as modes."""

    TITLE = "mpm"
    CSS_PATH: ClassVar[list[str | PurePath]] = [
        "app.tcss",
        # Every screen's own CSS too, parsed with the rest at start-up (~11 ms): read
        # when a screen is first shown, it would make Textual parse the whole
        # stylesheet again then (~30-60 ms of that first visit).
        *(f"screens/{name}.tcss" for name in SCREEN_CSS),
    ]
    COMMANDS = App.COMMANDS | {ScreensProvider}
    BINDINGS: ClassVar[list[BindingType]] = [
        # "?" first: on a narrow terminal the footer cuts from the right.
        Binding(
            "question_mark",
            "toggle_keys",
            "Keys",
            id="app.keys",
            tooltip="Show or hide every key you can press here",
        ),
        *(
            Binding(
                info.key,
                f"app.switch_mode('{info.mode}')",
                info.title,
                id=f"app.screen.{info.mode}",
                tooltip=f"Switch to the {info.title.lower()} screen",
            )
            for info in SCREENS
        ),
        Binding(
            "ctrl+t",
            "next_theme",
            "Theme",
            show=False,
            id="app.theme",
            tooltip="Switch to the next theme (ctrl+p, Theme: pick any theme)",
        ),
        *PRESENTER_BINDINGS,
    ]
    LIVE_REFRESH: ClassVar[float | None] = LIVE_EVERY
    """The live refresh of an app made without `live_refresh` (the tests turn it off)."""

    def __init__(
        self,
        ctx: ServiceContext,
        *,
        workspace: str,
        mode: str = "board",
        theme: str | None = None,
        clock: Callable[[], datetime] | None = None,
        present: PresentOptions | None = None,
        background_loads: bool = True,
        live_refresh: float | EllipsisType | None = ...,
    ) -> None:
        super().__init__()
        self.live_refresh = self.LIVE_REFRESH if live_refresh is ... else live_refresh
        """Seconds between two looks for other people's changes (screens/live.py);
        None: never (the tests, unless one turns it on). Default: `LIVE_REFRESH`."""
        self.live_watcher: ChangeWatcher | None = None
        self.background_loads = background_loads
        """Screens that read a lot (timeline, workload, dashboard) draw first and read in
        a thread worker (screens/background.py); False reads in place (the tests)."""
        self.register_theme(PRESENT_THEME)
        self.presenter = Presenter(self)
        self.warm_up: WarmUp | None = None
        """Imports and builds the other screens ahead (with `background_loads`)."""
        self.prebuild = True
        """Build the other screens ahead, not only import them (benchmarks turn it off
        to measure a first visit)."""
        self._quick_switch = False
        """A switch to a screen already built is under way (see `delay_update`)."""
        self._held = False
        self.present_options = present
        self.ctx = ctx if clock is None else dataclasses.replace(ctx, clock=clock)
        self.workspace = workspace
        self.initial_mode = mode
        self.requested_theme = theme
        for info in SCREENS:
            self.add_mode(info.mode, self._screen_factory(info))
        actor = self.ctx.actor
        self.sub_title = f"{actor.name} · {actor.role.value}" + (
            f" ({actor.note})" if actor.note else ""
        )

    def _screen_factory(self, info: ScreenInfo) -> Callable[[], Screen[None]]:
        """What builds a mode's screen, the first time it is shown.

        Textual reparses the whole stylesheet twice for a new mode screen (its
        count of style changes starts behind the app's, ~80 ms); a new screen is
        styled from the current stylesheet when it mounts anyway, so it starts level."""
        make = self._screen_maker(info)

        def build() -> Screen[None]:
            screen = make()
            if isinstance(getattr(self, "_css_update_count", None), int):
                screen._css_update_count = self._css_update_count
            return screen

        return build

    def _screen_maker(self, info: ScreenInfo) -> Callable[[], Screen[None]]:
        """The board is built at once; every other screen's module is imported the
        first time it is shown, so start-up pays only for the board."""
        if info.mode == "board":
            return partial(BoardScreen, self.ctx)
        lazy: dict[str, tuple[str, str, dict[str, object]]] = {
            "timeline": ("timeline", "TimelineScreen", {}),
            "workload": ("workload", "WorkloadScreen", {}),
            "retro": ("retro", "RetroScreen", {"workspace": self.workspace}),
            "dashboard": ("dashboard", "DashboardScreen", {}),
        }
        if info.mode not in lazy:
            return partial(PlaceholderScreen, info)
        module, name, options = lazy[info.mode]

        def build() -> Screen[None]:
            screen_class = getattr(import_module(f"mpm_tui.screens.{module}"), name)
            return screen_class(self.ctx, **options)

        return build

    def on_mount(self) -> None:
        if self.requested_theme:
            if self.requested_theme in self.available_themes:
                self.theme = self.requested_theme
            else:
                self.notify(
                    f"theme {self.requested_theme!r} is not a known theme; using "
                    f"{self.theme!r} (ctrl+p, Theme lists them all)",
                    severity="warning",
                    markup=False,  # the name came from a config file
                )
        if self.initial_mode not in self._modes:
            self.notify(f"no screen called {self.initial_mode!r}; showing the board", markup=False)
            self.initial_mode = "board"
        self.switch_mode(self.initial_mode)
        if self.present_options is not None:
            self.call_later(self.presenter.start, self.present_options.interval)
        if self.background_loads:
            self.warm_up = WarmUp(self)
            self.warm_up.start(build=self.prebuild)
        if self.live_refresh:
            self.live_watcher = ChangeWatcher(
                me=self.ctx.actor.name,
                read_change=activity.latest_change,
                change_id=activity.change_id,
                read_entries=lambda limit: activity.list_activity(limit=limit),
                top=lambda: self.screen,
                notify=lambda text: self.notify(text, timeout=4, markup=False),
            )
            self.live_watcher.start()
            self.set_interval(self.live_refresh, self.live_watcher.tick, name="live refresh")

    def unbuilt(self, mode: str) -> bool:
        """`mode` is a mode whose screen has not been built yet."""
        return mode in self._modes and mode not in self._screen_stacks

    def build_mode(self, mode: str) -> None:
        """Build `mode`'s screen off screen (composed, mounted, reading its data), as
        Textual does on its first visit but without showing it: that visit is then a
        return (screens/warm_up.py)."""
        screen = self._modes[mode]
        assert callable(screen), "every mode is built by a factory (_screen_factory)"
        built = screen()
        self._screen_stacks[mode] = [built]
        self._get_screen(built)
        self._load_screen_css(built)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and self.warm_up is not None:
            self.warm_up.key()
        await super().on_event(event)

    def switch_mode(self, mode: str) -> AwaitMount:
        """Textual's switch, without its fixed 50 ms pause when the screen is already
        built: output is held only until that screen has taken its resume."""
        self._quick_switch = mode in self._screen_stacks
        self._held = False
        try:
            shown = super().switch_mode(mode)
        finally:
            self._quick_switch = False
        if self._held:  # behind the ScreenResume just posted to it
            self.screen.call_later(self._release)
        return shown

    def delay_update(self, delay: float = 0.05) -> None:
        """Hold output while a screen switch is under way. Textual holds it for
        `delay` (50 ms: the time a new screen may take to mount); a screen already
        built needs only its resume handled, and its first frame is written right
        after that (half the key → frame time of a switch went into the pause)."""
        if not self._quick_switch:
            super().delay_update(delay)
            return
        self._begin_batch()
        self._held = True

    def _release(self) -> None:
        self._end_batch()
        if not self._batch_count:
            self.screen.refresh()

    def format_title(self, title: str, sub_title: str) -> Content:
        """`<workspace> · <screen> — <user · role>`; all plain text, never markup."""
        return Content.assemble(
            self.workspace, " · ", (title, "bold"), (" — ", "dim"), (sub_title, "dim")
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Switching to the screen already shown is disabled (greyed in the footer).
        The presenter keys work only on a presented screen; while presenting, the
        presenter alone switches screens and themes."""
        if action in PRESENTER_ACTIONS:
            return self.presenter.keys_enabled()
        if self.presenter.active and action in {"switch_mode", "next_theme", "command_palette"}:
            return False
        if action == "switch_mode" and parameters and parameters[0] == self.current_mode:
            return None
        return True

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        """Every action, except the changing ones while presenting (said why)."""
        if self.presenter.refuses(action):
            return True
        return await super().run_action(action, default_namespace, namespaces)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "New project from a template",
            "Newsletter, webinar, landing page, ad campaign, case study or one of yours",
            self.new_project,
        )
        yield SystemCommand(
            "Priority matrix",
            "Projects in progress by impact × effort: quick wins first, scored in place",
            self.open_matrix,
        )
        yield SystemCommand(
            "Activity",
            "The audit log: who changed what and when, before → after; f filters",
            self.open_activity,
        )
        yield SystemCommand(
            "Team and boards",
            "Members and roles, boards, columns and limits (admins change them)",
            self.open_team_admin,
        )
        yield SystemCommand(
            "Present",
            "Weekly sync: board → timeline → workload → dashboard, large and high-contrast",
            self.action_toggle_present,
        )

    def new_project(self, template: str | None = None) -> None:
        """The "new project from a template" form; the new project is then shown on
        the dashboard, under the cursor."""
        from mpm_tui.schemas.enums import Role
        from mpm_tui.screens.new_project import NewProjectDialog

        if refusal := self.ctx.refusal(Role.EDITOR, "create projects"):
            self.notify(refusal, title="No new project", severity="error", markup=False)
            return

        async def created(project_id: int | None) -> None:
            if project_id is None:
                return
            await self.show_project(project_id)
            self.notify(
                "Created: its tasks wait in the board's first column, its dates on the "
                "timeline (p opens it)",
                title="New project",
                markup=False,
            )

        self.push_screen(NewProjectDialog(self.ctx, template=template), created)

    def open_matrix(self) -> None:
        """The priority matrix over the current screen."""
        from mpm_tui.screens.priority_matrix import PriorityMatrixScreen

        self.push_screen(PriorityMatrixScreen(self.ctx))

    def open_activity(self) -> None:
        """The activity log over the current screen."""
        from mpm_tui.screens.activity import ActivityScreen

        self.push_screen(ActivityScreen(self.ctx))

    def open_team_admin(self, tab: str = "members") -> None:
        """Members, boards and columns over the current screen (`tab`: "boards")."""
        from mpm_tui.screens.team_admin import TeamAdminScreen

        self.push_screen(TeamAdminScreen(self.ctx, tab=tab))

    async def action_toggle_present(self) -> None:
        await self.presenter.toggle()

    async def action_present_next(self) -> None:
        await self.presenter.next()

    async def action_present_back(self) -> None:
        await self.presenter.back()

    def action_present_pause(self) -> None:
        self.presenter.toggle_pause()

    async def action_present_end(self) -> None:
        await self.presenter.stop()

    def action_toggle_keys(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def action_next_theme(self) -> None:
        index = THEMES.index(self.theme) + 1 if self.theme in THEMES else 0
        self.theme = THEMES[index % len(THEMES)]
        self.notify(f"Theme: {self.theme}", timeout=2, markup=False)

    def open_project(
        self, project: int | str, tab: str | None = None, *, risk: int | None = None
    ) -> None:
        """The project detail (by id or name) over the current screen; `tab` opens it on
        that tab (e.g. "risks"), else on the overview; `risk`: with that risk under the
        Risks tab's cursor."""
        from mpm_tui.screens.project_detail import ProjectDetailScreen

        self.push_screen(ProjectDetailScreen(self.ctx, project, tab=tab, risk=risk))

    async def show_project(self, project_id: int) -> None:
        """Open the dashboard with the project under the cursor."""
        await self.switch_mode("dashboard")
        from mpm_tui.screens.dashboard import DashboardScreen

        if isinstance(self.screen, DashboardScreen):
            self.screen.show_project(project_id)
