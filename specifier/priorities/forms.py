"""Forms for the priorities register; the rules live in priorities.py."""

import datetime

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovDateInput,
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    FileField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)

from specifier.priorities import priorities
from specifier.themes import THEMES
from specifier.web.forms import FileImportForm, OptionalDateField, apply_rules


def _lines(value):
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


class PriorityForm(FlaskForm):
    """Add or edit a priority in the council's register."""

    title = StringField(
        "Title", widget=GovTextInput(), description="A short name, like a plan heading"
    )
    description = TextAreaField(
        "What does the council want to change, and why?",
        widget=GovCharacterCount(),
    )
    theme = RadioField("Theme", choices=THEMES, widget=GovRadioInput(), validate_choice=False)
    importance = RadioField(
        "Importance",
        choices=priorities.IMPORTANCE,
        default="medium",
        widget=GovRadioInput(),
        validate_choice=False,
    )
    status = RadioField(
        "Status",
        choices=priorities.STATUSES,
        default="active",
        widget=GovRadioInput(),
        validate_choice=False,
    )
    evidence_statistic = TextAreaField(
        "Evidence",
        widget=GovTextArea(),
        description="The local statistic that shows why this matters, with the comparison",
    )
    evidence_source = StringField(
        "Source of the evidence",
        widget=GovTextInput(),
        description="For example, Nomis claimant count",
    )
    evidence_date = StringField(
        "Date of the evidence",
        widget=GovTextInput(),
        description="A year, or a month and year, for example 2025 or September 2025",
    )
    target_groups = TextAreaField(
        "Target groups",
        widget=GovTextArea(),
        description="One group per line, for example care leavers",
    )
    places = TextAreaField(
        "Places", widget=GovTextArea(), description="Wards or areas, one per line"
    )
    review_date = OptionalDateField(
        "Review date",
        widget=GovDateInput(),
        format="%d %m %Y",
        description="For example, 31 3 2027",
    )
    submit = SubmitField("Save priority", widget=GovSubmitInput())

    def load(self, priority):
        """Fill the form from a stored priority."""
        for name in priorities.COLUMNS:
            if name in priorities.LIST_FIELDS:
                getattr(self, name).data = "\n".join(priority[name])
            elif name != "review_date":
                getattr(self, name).data = priority[name]
        if priority["review_date"]:
            self.review_date.raw_data = None
            self.review_date.process_data(datetime.date.fromisoformat(priority["review_date"]))

    def record(self):
        """Return the record to store, or None with the GOV.UK-style errors set on the fields."""
        date_ok = self.validate()  # only the CSRF token and the date's own parsing
        raw = {name: getattr(self, name).data for name in priorities.COLUMNS}
        for name in priorities.LIST_FIELDS:
            raw[name] = _lines(raw[name])
        raw["review_date"] = self.review_date.data.isoformat() if self.review_date.data else ""
        errors = {}
        if not date_ok and self.review_date.errors:
            errors["review_date"] = "Review date must be a real date, like 31 3 2027"
        record = apply_rules(self, priorities.clean, raw, errors)
        return record if date_ok else None


class PriorityFilterForm(FlaskForm):
    """Filter the register (a GET form: nothing changes, so no CSRF token)."""

    class Meta:
        csrf = False

    q = StringField("Search", widget=GovTextInput())
    theme = SelectField("Theme", choices={"": "All themes", **THEMES}, widget=GovSelect())
    status = SelectField(
        "Status", choices={"": "All statuses", **priorities.STATUSES}, widget=GovSelect()
    )
    importance = SelectField(
        "Importance", choices={"": "Any importance", **priorities.IMPORTANCE}, widget=GovSelect()
    )


class ConfirmForm(FlaskForm):
    """A single confirm button for an action such as archiving."""

    submit = SubmitField("Archive priority", widget=GovSubmitInput())


class PrioritiesImportForm(FileImportForm):
    """Import priorities from a YAML, CSV or JSON file."""

    file = FileField(
        "Upload a file",
        widget=GovFileInput(),
        description="A CSV, YAML or JSON file in the priorities file format, smaller than 2 MB",
    )
    choose = "Select a CSV, YAML or JSON file of priorities"
    submit = SubmitField("Import priorities", widget=GovSubmitInput())
