"""Validated changes to a risk of the register (a new risk is `inputs.RiskIn`)."""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

from mpm_tui.schemas.enums import RiskStatus
from mpm_tui.schemas.inputs import Input, Score, Text

Description = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""As `RiskIn.description`: trimmed, not empty."""


class RiskPatch(Input):
    """Fields to change on a risk; only the fields given are touched.

    `owner` None or empty: nobody; `response` None: empty. The description,
    probability, impact and status cannot be cleared."""

    description: Description | None = None
    probability: Score | None = None
    impact: Score | None = None
    response: Text | None = None
    owner: str | None = None
    status: RiskStatus | None = None
