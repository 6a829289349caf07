"""User settings (TOML) and the paths mpm uses, all from one place.

Nothing happens at import time: call `paths()` and `load_settings()` at
start-up. Tests redirect everything with MPM_CONFIG_DIR / MPM_DATA_DIR.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

import platformdirs
import tomli_w
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mpm_tui.schemas.inputs import describe_validation_error

APP_NAME = "mpm"


@dataclass(frozen=True)
class Paths:
    config_dir: Path
    data_dir: Path
    cache_dir: Path

    @property
    def config_file(self) -> Path:
        return Path(os.environ.get("MPM_CONFIG", self.config_dir / "config.toml"))

    @property
    def default_db(self) -> Path:
        return self.data_dir / "workspace.db"

    @property
    def templates_dir(self) -> Path:
        return self.config_dir / "templates"


def paths() -> Paths:
    """Where config and data live: XDG dirs (or the OS equivalent), overridable by env."""
    config_dir = os.environ.get("MPM_CONFIG_DIR") or platformdirs.user_config_dir(APP_NAME)
    data_dir = os.environ.get("MPM_DATA_DIR") or platformdirs.user_data_dir(APP_NAME)
    cache_dir = os.environ.get("MPM_CACHE_DIR") or platformdirs.user_cache_dir(APP_NAME)
    return Paths(Path(config_dir), Path(data_dir), Path(cache_dir))


class Settings(BaseModel):
    """The user's settings file, `config.toml` in the config dir."""

    model_config = ConfigDict(extra="forbid")

    db: str | None = None
    """Workspace database path or URL used when `--db` is not given."""
    user: str | None = None
    """Member name to act as when `--user` is not given (default: the OS login)."""
    theme: str = "textual-dark"
    """Textual theme name."""
    stuck_after_days: int = Field(default=5, ge=1, le=365)
    """A card is marked stuck after this many days in one column."""
    keymap: dict[str, str] = Field(default_factory=dict)
    """Binding id → keys, e.g. {"board.pick_up" = "p"}."""


def load_settings(path: Path | None = None) -> tuple[Settings, list[str]]:
    """The settings, plus warnings for a broken file (then the defaults are used).

    A missing file is not a problem; a malformed one is reported by file,
    key and problem, and never stops mpm from starting.
    """
    file = path or paths().config_file
    if not file.exists():
        return Settings(), []
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        return Settings(), [f"{file}: cannot read ({exc}); using default settings"]
    except tomllib.TOMLDecodeError as exc:
        return Settings(), [f"{file}: not valid TOML ({exc}); using default settings"]
    try:
        return Settings.model_validate(data), []
    except ValidationError as exc:
        return Settings(), [
            f"{describe_validation_error(exc, where=str(file))}; using default settings"
        ]


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    file = path or paths().config_file
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(tomli_w.dumps(settings.model_dump(exclude_none=True)), encoding="utf-8")
    return file
