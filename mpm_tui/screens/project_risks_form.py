"""The risk form: a new risk, or one risk's fields to change, in one small dialog.

The form saves through the `save` it is given (`risks.add_risk` or
`risks.update_risk`): a new risk gets every field, a changed one only the fields
that differ from what the form opened with. A refusal (an empty description, an
unknown owner, a viewer) stays in the form, the field named in it focused, until
it is fixed or the form is cancelled; nothing is saved meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select

from mpm_tui.logic.risk import IMPACT_WORDS, PROBABILITY_WORDS, SCALE, band_of, score_text
from mpm_tui.schemas.goals import RiskView
from mpm_tui.services.errors import MpmError
from mpm_tui.widgets.footer import Footer

STATUS_LABELS: dict[str, str] = {
    "open": "● open",
    "occurred": "⚠ occurred",
    "mitigated": "◐ mitigated",
    "closed": "✓ closed",
}
"""Each status with a symbol, in the register's order."""

STATUS_CHOICES: list[tuple[str, str]] = [
    ("● open — it may still happen", "open"),
    ("⚠ occurred — it happened: an issue to handle now", "occurred"),
    ("◐ mitigated — less likely or less harmful now", "mitigated"),
    ("✓ closed — no longer a risk", "closed"),
]
"""The status chooser's lines."""

FIELDS = ("description", "probability", "impact", "response", "owner", "status")


class RiskForm(ModalScreen[int | None]):
    """Description, probability, impact, response, owner and status of one risk.

    Dismissed with the risk's id once saved, None when cancelled."""

    DEFAULT_CSS: ClassVar[str] = """
    RiskForm { align: center middle; }
    RiskForm > Vertical {
        width: 76; max-width: 98%; height: auto; max-height: 98%;
        border: round $accent; background: $surface; padding: 0 1;
        border-title-style: bold;
    }
    RiskForm .form-row { height: auto; margin: 0 0 1 0; }
    RiskForm .field-label { width: 13; color: $text-muted; padding: 0 1 0 0; }
    RiskForm .field-label-right { width: auto; color: $text-muted; padding: 0 1 0 2; }
    RiskForm Input { width: 1fr; }
    RiskForm Select { width: 1fr; }
    RiskForm #risk-score { width: 100%; padding: 0 0 1 13; }
    RiskForm .dialog-error { color: $text-error; height: auto; display: none; padding: 0 0 1 0; }
    RiskForm .dialog-hint { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "save",
            "Save",
            priority=True,
            id="risk_form.save",
            tooltip="Save the risk (enter in a text field does too)",
        ),
        Binding(
            "escape", "cancel", "Cancel", id="risk_form.cancel", tooltip="Close, saving nothing"
        ),
    ]

    def __init__(
        self,
        title: str,
        *,
        risk: RiskView | None,
        owners: Sequence[str],
        save: Callable[[dict[str, Any]], int],
    ) -> None:
        super().__init__()
        self.form_title = title
        self.risk = risk
        self.owners = list(owners)
        if risk is not None and risk.owner and risk.owner not in self.owners:
            self.owners.append(risk.owner)  # an inactive owner stays selectable
        self.save = save
        self.initial: dict[str, Any] = (
            {name: getattr(risk, name) for name in FIELDS}
            if risk is not None
            else {
                "description": "",
                "probability": 3,
                "impact": 3,
                "response": "",
                "owner": None,
                "status": "open",
            }
        )

    def compose(self) -> ComposeResult:
        start = self.initial
        box = Vertical()
        box.border_title = Content(self.form_title)
        with box:
            with Horizontal(classes="form-row"):
                yield Label(Content("Description"), classes="field-label")
                yield Input(
                    start["description"],
                    placeholder="What could go wrong?",
                    compact=True,
                    id="description",
                )
            with Horizontal(classes="form-row"):
                yield Label(Content("Probability"), classes="field-label")
                yield self._scale("probability", PROBABILITY_WORDS)
                yield Label(Content("Impact"), classes="field-label-right")
                yield self._scale("impact", IMPACT_WORDS)
            yield Label(id="risk-score")
            with Horizontal(classes="form-row"):
                yield Label(Content("Response"), classes="field-label")
                yield Input(
                    start["response"],
                    placeholder="What we do about it",
                    compact=True,
                    id="response",
                )
            with Horizontal(classes="form-row"):
                yield Label(Content("Owner"), classes="field-label")
                yield Select(
                    [(Content(name), name) for name in self.owners],
                    prompt="nobody",
                    value=start["owner"] if start["owner"] else Select.NULL,
                    compact=True,
                    id="owner",
                )
                yield Label(Content("Status"), classes="field-label-right")
                yield Select(
                    [(Content(label), status) for status, label in STATUS_LABELS.items()],
                    allow_blank=False,
                    value=start["status"],
                    compact=True,
                    id="status",
                )
            yield Label("", classes="dialog-error", markup=False)
            yield Label(
                Content("enter or ctrl+s saves · tab: next field · escape cancels"),
                classes="dialog-hint",
            )
        yield Footer(compact=True)

    def _scale(self, name: str, words: dict[int, str]) -> Select[int]:
        return Select(
            [(Content(f"{n} {words[n]}"), n) for n in SCALE],
            allow_blank=False,
            value=self.initial[name],
            compact=True,
            id=name,
        )

    def on_mount(self) -> None:
        self.query_one("#description", Input).focus()
        self._show_score()

    @on(Select.Changed, "#probability, #impact")
    def _show_score(self) -> None:
        values = self.values()
        score = int(values["probability"]) * int(values["impact"])
        band = band_of(score)
        self.query_one("#risk-score", Label).update(
            Content(f"score {score_text(score).replace('  ', ' ')} {band.value}")
        )

    def values(self) -> dict[str, Any]:
        """What the form holds now, as the service takes it."""
        owner = self.query_one("#owner", Select)
        return {
            "description": self.query_one("#description", Input).value,
            "probability": self.query_one("#probability", Select).value,
            "impact": self.query_one("#impact", Select).value,
            "response": self.query_one("#response", Input).value,
            "owner": None if owner.is_blank() else str(owner.value),
            "status": self.query_one("#status", Select).value,
        }

    def _fail(self, message: str) -> None:
        error = self.query_one(".dialog-error", Label)
        error.update(Content(message))
        error.display = True
        field = message.removeprefix("risk: ").partition(":")[0]
        if field in FIELDS:
            self.query_one(f"#{field}").focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        values = self.values()
        if self.risk is None:
            data = values
        else:
            data = {k: v for k, v in values.items() if v != self.initial[k]}
            if not data:
                self.dismiss(self.risk.id)  # nothing to change
                return
        try:
            risk_id = self.save(data)
        except MpmError as exc:
            self._fail(str(exc))
            return
        self.dismiss(risk_id)

    def action_cancel(self) -> None:
        self.dismiss(None)
