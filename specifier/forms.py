"""Web forms; the rules live in the domain modules, the forms only map their messages."""

import datetime

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovDateInput,
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from werkzeug.datastructures import FileStorage
from wtforms import (
    DateField,
    FileField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, Optional

from specifier import catalogue, priorities
from specifier.fields import Invalid
from specifier.themes import THEMES


class OptionalDateField(DateField):
    """A day, month and year date that may be left wholly blank."""

    def process_formdata(self, valuelist):
        if len(valuelist) != 3:  # a crafted or partial post: the widget needs day, month, year
            valuelist = [*valuelist[:3], *[""] * (3 - len(valuelist[:3]))]
            self.raw_data = valuelist
        if not any(part.strip() for part in valuelist):
            self.data = None
            return
        super().process_formdata([" ".join(part.strip() for part in valuelist)])


def set_errors(form, errors):
    """Put GOV.UK-style messages on the fields they name."""
    for name, message in errors.items():
        getattr(form, name).errors = [message]


def differences(form, theirs, yours, columns, shown=None):
    """(label, their value, your value) for each field where a colleague's newer save differs.

    An edit conflict shows these, so saving again cannot silently undo a change you never saw.
    """

    def text_of(name, value):
        if shown and name in shown:
            return shown[name](value)
        return "\n".join(value) if isinstance(value, list) else str(value or "")

    return [
        (getattr(form, name).label.text, text_of(name, theirs[name]), text_of(name, yours[name]))
        for name in columns
        if text_of(name, theirs[name]) != text_of(name, yours[name])
    ]


def apply_rules(form, clean, raw, errors=None):
    """Run a domain rule on a form's data: the cleaned record, or None with the errors shown."""
    errors = dict(errors or {})
    try:
        record = clean(raw)
    except Invalid as exc:
        errors = {**exc.errors, **errors}
        record = None
    set_errors(form, errors)
    return None if errors else record


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


class DecisionForm(FlaskForm):
    """Accept, reject or undo one suggested measure (rendered as buttons, one form each)."""

    code = HiddenField(validators=[DataRequired()])
    decision = HiddenField(validators=[AnyOf(["accepted", "rejected", "undo"])])
    # The decision on the page when it was shown, so a colleague's newer one is not overwritten.
    seen = HiddenField(validators=[Optional(), AnyOf(["accepted", "rejected"])])


class MeasureForm(FlaskForm):
    """Draft a bespoke measure for the council's own catalogue."""

    code = StringField(
        "Code", widget=GovTextInput(), description="A short reference, like HF-JOB-1"
    )
    theme = RadioField(
        "Theme",
        choices={v: v for v in THEMES.values()},
        widget=GovRadioInput(),
        validate_choice=False,
    )
    outcome = StringField(
        "Outcome", widget=GovTextInput(), description="The change this measure evidences"
    )
    title = StringField("Title", widget=GovTextInput())
    description = TextAreaField(
        "Description", widget=GovTextArea(), description="What counts, for whom"
    )
    unit = StringField(
        "Unit",
        widget=GovTextInput(),
        description="What is counted, for example FTE years or people",
    )
    evidence_required = TextAreaField("Evidence the supplier must keep", widget=GovTextArea())
    counting_notes = TextAreaField("Counting rules", widget=GovTextArea())
    categories = SelectMultipleField(
        "Suits contracts for",
        choices={c: c.capitalize() for c in catalogue.CATEGORIES},
        widget=GovCheckboxesInput(),
        validate_choice=False,
    )
    submit = SubmitField("Add measure", widget=GovSubmitInput())

    def record(self):
        """Return the measure to store, or None with GOV.UK-style errors set on the fields."""
        if not self.validate():
            return None
        raw = {name: getattr(self, name).data for name in catalogue.COLUMNS if hasattr(self, name)}
        return apply_rules(self, catalogue.clean, raw)


MAX_PROBLEMS_SHOWN = 20


class FileImportForm(FlaskForm):
    """Upload one file to import; a refused file's problems are listed, one per line."""

    file = FileField("Upload a file", widget=GovFileInput())
    choose = "Select a file"
    problems = ()

    def upload(self):
        """Return (bytes, file name) of the chosen file, or None with the problem shown."""
        if not self.validate():  # only the CSRF token: the file is checked by the importer
            self.refuse([message for messages in self.errors.values() for message in messages])
            return None
        chosen = self.file.data
        if not isinstance(chosen, FileStorage) or not chosen.filename:
            self.refuse([self.choose])
            return None
        return chosen.read(), chosen.filename

    def refuse(self, problems):
        """Show a refused file's problems: each in the summary (up to 20), and by the field."""
        shown = list(problems[:MAX_PROBLEMS_SHOWN])
        if len(problems) > MAX_PROBLEMS_SHOWN:
            shown.append(f"and {len(problems) - MAX_PROBLEMS_SHOWN} more problems")
        self.problems = shown
        self.file.errors = [
            problems[0]
            if len(problems) == 1
            else f"The file has {len(problems)} problems, listed above. Nothing was imported"
        ]


class PrioritiesImportForm(FileImportForm):
    """Import priorities from a YAML, CSV or JSON file."""

    file = FileField(
        "Upload a file",
        widget=GovFileInput(),
        description="A CSV, YAML or JSON file in the priorities file format, smaller than 2 MB",
    )
    choose = "Select a CSV, YAML or JSON file of priorities"
    submit = SubmitField("Import priorities", widget=GovSubmitInput())


class CatalogueImportForm(FileImportForm):
    """Import a council's own measures from a catalogue CSV file."""

    file = FileField(
        "Upload a file",
        widget=GovFileInput(),
        description="A CSV file in the catalogue format, smaller than 2 MB",
    )
    choose = "Select a CSV file of measures"
    submit = SubmitField("Import measures", widget=GovSubmitInput())
