"""The app as `mpm --demo` builds it, on the frozen test clock (Posting's snapshot-app pattern).

The same steps as the CLI's start-up: open the database with `open_database`,
fill it with `build_demo`, map the demo user to a member with `resolve_actor`,
and construct `MPMApp(ctx, workspace=..., mode=..., theme=...)` with the default
settings' theme. Two things differ: the clock is frozen at FROZEN_NOW, and
screens read in place (`background_loads=False`) so a snapshot shows them loaded.

Building the demo takes seconds, so it is built once per test run into a
template file and copied for each test: every test still gets its own database.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from mpm_tui.app import MPMApp
from mpm_tui.config import Settings
from mpm_tui.db.database import close_database, open_database
from mpm_tui.schemas.enums import Role
from mpm_tui.services import members
from mpm_tui.services.context import Actor, ServiceContext
from mpm_tui.services.demo import DEMO_USER, build_demo
from tests.conftest import frozen_clock

DEMO_WORKSPACE = "demo workspace (temporary)"
"""The workspace label the CLI gives a demo session."""

_template: Path | None = None


def _demo_template() -> Path:
    """The demo workspace built once (per process) on the frozen clock, then closed."""
    global _template
    if _template is None:
        folder = Path(tempfile.mkdtemp(prefix="mpm-demo-template-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        path = folder / "demo.db"
        open_database(path)
        try:
            build_demo(ServiceContext(Actor("demo set-up", Role.ADMIN), frozen_clock))
        finally:
            close_database()  # the last connection closing folds the WAL into the file
        _template = path
    return _template


def open_demo_database(directory: Path) -> Path:
    """A private copy of the demo workspace in `directory`, opened (close_database() after)."""
    path = directory / "demo.db"
    shutil.copyfile(_demo_template(), path)
    open_database(path)
    return path


def demo_app(
    directory: Path,
    *,
    mode: str = "board",
    user: str = DEMO_USER,
    read_only: bool = False,
    theme: str | None = None,
) -> MPMApp:
    """The demo app, ready to run; its database is open until close_database()."""
    open_demo_database(directory)
    actor = members.resolve_actor(user, os_user="", read_only=read_only)
    return MPMApp(
        ServiceContext(actor),
        workspace=DEMO_WORKSPACE,
        mode=mode,
        theme=theme or Settings().theme,
        clock=frozen_clock,
        background_loads=False,
    )
