"""Forms for contracts, specifications and the workspace; the rules live in the domain modules."""

import datetime
import re

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxInput,
    GovDateInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import AnyOf

from specifier.catalogue.catalogue import CATEGORIES
from specifier.councils.councils import NATIONS
from specifier.specification import call_offs, procurements, specifications
from specifier.web.forms import OptionalDateField, apply_rules

FIELDS = (
    "title",
    "description",
    "category",
    "cpv_code",
    "value_gbp",
    "duration_months",
    "kind",
    "guaranteed_value_gbp",
    "extension_months",
    "workforce_fte",
    "regime",
    "framework_suppliers",
    "call_off_under",
    "call_off_route",
)
LIGHT_TOUCH = {
    "": "Decide from the CPV code",
    "yes": "Yes",
    "no": "No",
}
INCLUDES_VAT = {
    "yes": "Yes, it includes VAT (or no VAT is charged on it)",
    "no": "No, it excludes VAT",
    "": "Not known yet",
}
WORKS_CLAUSES = {
    "yes": "Yes, the contract includes them",
    "no": "No, the contract leaves them out",
    "": "Not decided yet",
}
# The yes-or-no questions, each with the answers its radios offer.
YES_NO = {
    "light_touch": LIGHT_TOUCH,
    "value_includes_vat": INCLUDES_VAT,
    "social_public_works_clauses": WORKS_CLAUSES,
}
# A lots line: "Title" or "Title, £1,200,000" (also "£1.2m", "1.2m", "£250k"). A pound sign or
# a k or m marks the value, so "Schools, 2026" stays a title; a wrong amount ("-£5") still
# counts as one, so the officer is told about it rather than finding it in the title.
LOT_LINE = re.compile(
    r"^(?P<title>.+?)\s*,\s*(?P<value>[-\s]*£[-\s]*\d[\d,]*(\.\d+)?\s*[km]?"
    r"|[-\s]*\d[\d,]*(\.\d+)?\s*[km])$",
    re.I,
)


def lot_from_line(line):
    """Read one line of the lots box as a lot for procurements.clean."""
    found = LOT_LINE.match(line)
    if found:
        return {"title": found["title"], "value_gbp": found["value"]}
    return {"title": line, "value_gbp": None}


def lots_text(lots):
    """Lots as the form shows them: one a line, with ', £value' when the lot has one."""
    return "\n".join(
        f"{lot['title']}, £{lot['value_gbp']:,}" if lot["value_gbp"] else lot["title"]
        for lot in lots
    )


class ProcurementForm(FlaskForm):
    """Describe the contract a specification is for."""

    title = StringField("Contract title", widget=GovTextInput())
    description = TextAreaField(
        "What will the contract buy?",
        widget=GovCharacterCount(),
        description="The subject matter in plain words: every outcome must relate to it",
    )
    category = RadioField(
        "Category",
        choices={c: c.capitalize() for c in CATEGORIES},
        widget=GovRadioInput(),
        validate_choice=False,
    )
    kind = RadioField(
        "Kind of contract",
        choices={
            "contract": "A contract (also a call-off under another body's framework)",
            "framework": "A framework agreement the council sets up",
            "concession": "A concession (the supplier is paid mainly by running the service)",
        },
        widget=GovRadioInput(),
        validate_choice=False,
    )
    cpv_code = StringField(
        "CPV code (optional)", widget=GovTextInput(), description="8 digits, for example 90511000"
    )
    light_touch = RadioField(
        "Is it a light touch contract?",
        choices=LIGHT_TOUCH,
        widget=GovRadioInput(),
        validate_choice=False,
        description="Light touch services (such as social care, health and education) are listed"
        " by CPV code in Schedule 1 to the Procurement Regulations 2024. They have a higher"
        " threshold",
    )
    regime = RadioField(
        "For health care services: which rules govern the award?",
        choices={
            "": "Not decided yet, or not a health care contract",
            "act": "The Procurement Act 2023",
            "psr": "The Provider Selection Regime",
        },
        widget=GovRadioInput(),
        validate_choice=False,
        description="Councils in England and Wales arrange relevant health care services, such as"
        " drug and alcohol treatment, sexual health and health visiting, under the Provider"
        " Selection Regime regulations, not the Act. Until you say, the specification names"
        " neither for such a contract",
    )
    framework_suppliers = RadioField(
        "For a framework: how many suppliers will each lot have?",
        choices={
            "": "Not decided yet, or not a framework",
            "one": "One: call-offs are awarded to that supplier directly",
            "several": "Several: further competition, or direct award by the ordering rules",
        },
        widget=GovRadioInput(),
        validate_choice=False,
        description="Sets how the specification says call-offs are awarded. Until you say, it"
        " reads the description and assumes several",
    )
    call_off_under = StringField(
        "For a call-off under another body's framework: which framework? (optional)",
        widget=GovTextInput(),
        description="Its name, reference and lot, as the framework's buying organisation gives"
        " them. Leave blank for the council's own framework, or a contract of its own",
    )
    call_off_route = RadioField(
        "For a call-off under another body's framework: how is it awarded?",
        choices={
            "": "Not decided yet, or not a call-off",
            call_offs.FURTHER: "Further competition among the framework's suppliers",
            call_offs.DIRECT: "Direct award on the framework's terms: nothing is scored",
        },
        widget=GovRadioInput(),
        validate_choice=False,
        description="The framework's terms fix what a call-off may evaluate. Until you say, the"
        " specification reads the description",
    )
    value_gbp = StringField(
        "Estimated value in pounds",
        widget=GovTextInput(),
        description="The whole-life value including any extensions, for example 2400000. For a"
        " framework, all the call-offs expected",
    )
    value_includes_vat = RadioField(
        "Does the estimated value include VAT?",
        choices=INCLUDES_VAT,
        widget=GovRadioInput(),
        validate_choice=False,
        description="The specification states the value on this basis. The Procurement Act 2023"
        " thresholds include VAT; the Procurement Reform (Scotland) Act 2014 thresholds do not",
    )
    social_public_works_clauses = RadioField(
        "Does the contract include the Welsh Ministers' social public works clauses?",
        choices=WORKS_CLAUSES,
        widget=GovRadioInput(),
        validate_choice=False,
        description="Wales only: works of £2 million or more are major construction contracts"
        " under the Social Partnership and Public Procurement (Wales) Act 2023. If the clauses"
        " are left out, the council must tell the Welsh Ministers",
    )
    guaranteed_value_gbp = StringField(
        "Spend the council guarantees under the framework (optional)",
        widget=GovTextInput(),
        description="Frameworks only. Leave blank if the council guarantees no spend",
    )
    duration_months = StringField(
        "Duration in months", widget=GovTextInput(), description="For example, 36"
    )
    extension_months = StringField(
        "Months of the duration that are options to extend (optional)",
        widget=GovTextInput(),
        description="For a contract of five years with an option to extend by two, 24. Minimums"
        " are set over the firm term before it; the yearly rate continues into any extension",
    )
    workforce_fte = StringField(
        "Staff working on the contract, in full-time equivalents (optional)",
        widget=GovTextInput(),
        description="From the TUPE list or your own estimate, for example 150. Minimums for"
        " recruitment and the workforce are sized from it; left blank, from the contract's value",
    )
    start_date = OptionalDateField(
        "Start date", widget=GovDateInput(), format="%d %m %Y", description="For example, 1 10 2026"
    )
    nation = RadioField(
        "Nation", choices={n: n for n in NATIONS}, widget=GovRadioInput(), validate_choice=False
    )
    lots = TextAreaField(
        "Lots (optional)",
        widget=GovTextArea(),
        description="One lot per line: its title and, after a comma, its estimated value if"
        " known, for example North rounds, £1,200,000",
    )
    reference = StringField("Your reference (optional)", widget=GovTextInput())
    submit = SubmitField("Save and find outcomes", widget=GovSubmitInput())

    def load(self, procurement):
        """Fill the form from a stored procurement."""
        for name in (*FIELDS, "nation", "reference"):
            value = procurement.get(name)
            shown = f"{value:g}" if isinstance(value, float) else str(value)
            getattr(self, name).data = "" if value is None else shown
        for name in YES_NO:
            getattr(self, name).data = {True: "yes", False: "no"}.get(procurement.get(name), "")
        self.lots.data = lots_text(procurement["lots"])
        if procurement["start_date"]:
            self.start_date.process_data(datetime.date.fromisoformat(procurement["start_date"]))

    def record(self, default_nation):
        """Return the record to store, or None with GOV.UK-style errors set on the fields."""
        date_ok = self.validate()
        raw = {name: getattr(self, name).data for name in (*FIELDS, "nation", "reference", *YES_NO)}
        lines = (line.strip() for line in (self.lots.data or "").splitlines())
        raw["lots"] = [lot_from_line(line) for line in lines if line]
        raw["start_date"] = self.start_date.data.isoformat() if self.start_date.data else ""
        errors = {}
        if not date_ok and self.start_date.errors:
            errors["start_date"] = "Start date must be a real date, like 1 10 2026"
        record = apply_rules(
            self, lambda r: procurements.clean(r, default_nation=default_nation), raw, errors
        )
        return record if date_ok else None


class SettingsForm(FlaskForm):
    """Weighting, scoring scale, status and whether to include social value below the threshold."""

    weighting_pct = StringField(
        "Social value weighting (%)",
        widget=GovTextInput(),
        description="Leave blank to use the council's default",
    )
    scoring_scale = RadioField(
        "Scoring scale",
        choices=specifications.SCALES,
        widget=GovRadioInput(),
        validate_choice=False,
    )
    status = RadioField(
        "Status",
        choices=specifications.SETTABLE_STATUSES,
        widget=GovRadioInput(),
        validate_choice=False,
    )
    forced = BooleanField(
        "Include a social value section even though the contract is below the threshold",
        widget=GovCheckboxInput(),
    )
    submit = SubmitField("Save settings", widget=GovSubmitInput())

    def record(self):
        """Return the settings to store, or None with GOV.UK-style errors set on the fields."""
        if not self.validate():
            return None
        raw = {
            name: getattr(self, name).data for name in ("weighting_pct", "scoring_scale", "status")
        }
        raw["forced"] = self.forced.data
        return apply_rules(self, specifications.clean_settings, raw)


class WhoForm(FlaskForm):
    """Who counts towards an outcome: only people (or suppliers) in these places and groups, or anyone."""

    who = RadioField(
        "Who counts?",
        choices={"limit": "Only those in these places or groups", "anyone": "Anyone"},
        widget=GovRadioInput(),
        validate_choice=False,
    )
    places = TextAreaField(
        "Places",
        widget=GovTextArea(),
        description="One a line, such as a ward or town. Leave blank if the places do not matter",
    )
    groups = TextAreaField(
        "Groups",
        widget=GovTextArea(),
        description="One a line, such as young people aged 16 to 24. Leave blank if the groups"
        " do not matter",
    )
    submit = SubmitField("Confirm who counts", widget=GovSubmitInput())


class ClauseForm(FlaskForm):
    """Edit one clause's wording for this specification."""

    text = TextAreaField(
        "Clause wording",
        widget=GovTextArea(),
        description="Write one paragraph per line. Start a line with '- ' for a bullet point."
        " Use 'must' for requirements.",
    )
    submit = SubmitField("Save clause", widget=GovSubmitInput())


# The workspace.


class SearchForm(FlaskForm):
    """Search and filter the specifications (a GET form: nothing changes, so no CSRF token)."""

    class Meta:
        csrf = False

    q = StringField(
        "Search specifications",
        widget=GovTextInput(),
        description="Words from the title, description or wording, a reference or a measure code",
    )
    status = SelectField(
        "Status",
        choices={"": "Any status", **specifications.STATUSES},
        widget=GovSelect(),
        validate_choice=False,
    )


class StatusForm(FlaskForm):
    """Send for review or return to draft (rendered as buttons)."""

    status = HiddenField(validators=[AnyOf(["draft", "review"])])


class FinalForm(FlaskForm):
    """Confirm marking a specification final."""

    submit = SubmitField("Mark as final", widget=GovSubmitInput())


class DuplicateForm(FlaskForm):
    """Name the copy of a specification."""

    title = StringField(
        "Title of the copy",
        widget=GovTextInput(),
        description="The copy is a new draft with the same contract details, outcomes and wording",
    )
    submit = SubmitField("Duplicate specification", widget=GovSubmitInput())


class CompareForm(FlaskForm):
    """Choose two specifications to compare (GET, no CSRF token); choices are set per council."""

    class Meta:
        csrf = False

    first = SelectField("First specification", choices={}, widget=GovSelect(), coerce=str)
    second = SelectField("Second specification", choices={}, widget=GovSelect(), coerce=str)


class VersionsForm(FlaskForm):
    """Choose two versions of a clause to compare (GET, no CSRF token)."""

    class Meta:
        csrf = False

    older = SelectField("Earlier version", choices={}, widget=GovSelect(), coerce=str)
    newer = SelectField("Later version", choices={}, widget=GovSelect(), coerce=str)
