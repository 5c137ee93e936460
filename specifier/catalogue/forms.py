"""Forms for the catalogue: a bespoke measure and an import; the rules live in catalogue.py."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovFileInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    FileField,
    RadioField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)

from specifier.catalogue import catalogue
from specifier.themes import THEMES
from specifier.web.forms import FileImportForm, apply_rules


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
    counting_notes = TextAreaField(
        "Counting rules",
        widget=GovTextArea(),
        description="Bidders read these: say how the supplier counts, not what the council decides",
    )
    higher_score = TextAreaField(
        "What earns a higher score (optional)",
        widget=GovTextArea(),
        description="What a strong answer shows, separated by semicolons. Bidders read these",
    )
    officer_notes = TextAreaField(
        "Notes for officers (optional)",
        widget=GovTextArea(),
        description="Guidance for the council only, such as where the measure applies. Never"
        " shown to bidders",
    )
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


class CatalogueImportForm(FileImportForm):
    """Import a council's own measures from a catalogue CSV file."""

    file = FileField(
        "Upload a file",
        widget=GovFileInput(),
        description="A CSV file in the catalogue format, smaller than 2 MB",
    )
    choose = "Select a CSV file of measures"
    submit = SubmitField("Import measures", widget=GovSubmitInput())
