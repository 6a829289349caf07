"""`mpm --demo` and `mpm demo`: the demo workspace, built once per day and reused.

Building the demo writes ~125 tasks with their history through the services
(every rule checked, every change logged), which takes a few seconds. The
result depends only on today's date and on the demo content, so it is built
once into the user cache dir and copied from there; the copy takes
milliseconds.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from contextlib import suppress
from datetime import date
from pathlib import Path

from mpm_tui import __version__
from mpm_tui.config import paths
from mpm_tui.db.database import close_database, open_database
from mpm_tui.schemas.enums import Role
from mpm_tui.services.context import Actor, ServiceContext


def fingerprint() -> str:
    """Changes whenever the demo's content, its builder or the schema changes."""
    from importlib import resources

    from mpm_tui.db import migrations
    from mpm_tui.services import demo

    digest = hashlib.sha256(__version__.encode())
    digest.update(resources.files("mpm_tui.data").joinpath("demo.toml").read_bytes())
    digest.update(Path(demo.__file__).read_bytes())
    digest.update(str(migrations.LATEST_VERSION).encode())
    return digest.hexdigest()[:12]


def build_demo_into(target: Path) -> None:
    """Build the demo into the (new, empty) database file `target`; leaves it closed."""
    from mpm_tui.services.demo import build_demo

    open_database(target)
    try:
        build_demo(ServiceContext(Actor("demo set-up", Role.ADMIN)))
    finally:
        close_database()


def write_demo(target: Path, today: date | None = None) -> None:
    """Put a demo workspace in the file `target`, from today's cached copy if any."""
    day = today or date.today()
    cache_dir = paths().cache_dir
    cached = cache_dir / f"demo-{fingerprint()}-{day.isoformat()}.db"
    if not cached.exists():
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            partial = cached.with_suffix(f".{os.getpid()}.part")
            build_demo_into(partial)
            os.replace(partial, cached)
            for stale in cache_dir.glob("demo-*.db"):
                if stale != cached:
                    with suppress(OSError):
                        stale.unlink()
        except OSError:
            # No usable cache dir (read-only home, full disk): build in place.
            build_demo_into(target)
            return
    shutil.copyfile(cached, target)
