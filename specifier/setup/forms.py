"""Forms for the guided start: one question per page; the rules live in the domain modules."""

import copy

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import RadioField, SelectMultipleField, StringField, SubmitField, TextAreaField

from specifier.councils.councils import NATIONS
from specifier.setup import drafts
from specifier.themes import THEMES

CATEGORY_HINTS = {
    "works": "Building, repairing or demolishing, for example a school extension or road repairs",
    "goods": "Buying things, for example vehicles, furniture or food",
    "services": "Work done for the council, for example waste collection, cleaning or care",
}
THEME_HINTS = {
    "jobs": "Work for local people, especially those furthest from it",
    "skills": "Training, apprenticeships and experience of work",
    "fair-work": "Decent pay, secure contracts and good employment practice",
    "local-economy": "Spending with local firms, small businesses and social enterprises",
    "environment": "Carbon, air quality, waste and nature",
    "communities": "Health, wellbeing, volunteering and support for local groups",
    "innovation": "New ideas, digital inclusion and accessibility",
}


# How each answer field is shown (GOV.UK macro params), beyond its label and hint.
FIELD_PARAMS = {
    "name": {"classes": "govuk-!-width-two-thirds", "autocomplete": "organization"},
    "local_description": {"rows": 4},
    "local_postcode_districts": {"classes": "govuk-!-width-two-thirds"},
    "threshold_gbp": {
        "prefix": {"text": "£"},
        "classes": "govuk-input--width-10",
        "inputmode": "numeric",
    },
    "weighting_pct": {
        "suffix": {"text": "%"},
        "classes": "govuk-input--width-4",
        "inputmode": "decimal",
    },
    "max_outcomes": {"classes": "govuk-input--width-4", "inputmode": "numeric"},
    "title": {"classes": "govuk-!-width-two-thirds"},
    "description": {"maxlength": 4000, "rows": 6},
    "category": {"items": [{"hint": {"text": hint}} for hint in CATEGORY_HINTS.values()]},
    "value_gbp": {
        "prefix": {"text": "£"},
        "classes": "govuk-input--width-10",
        "inputmode": "numeric",
    },
    "duration_months": {
        "suffix": {"text": "months"},
        "classes": "govuk-input--width-4",
        "inputmode": "numeric",
    },
}


class Question(FlaskForm):
    """One question page: its fields, a Continue button, and how to fill it from answers.

    A page with one field and no introduction uses the field's label as its heading.
    """

    heading = ""
    intro = None
    submit = SubmitField("Continue", widget=GovSubmitInput())

    def load(self, answers):
        """Fill the fields from stored answers."""
        for name in self.answer_fields():
            value = answers.get(name)
            if isinstance(value, list):
                value = ", ".join(value)
            elif isinstance(value, float):
                value = f"{value:g}"
            getattr(self, name).data = "" if value is None else str(value)

    def answer_fields(self):
        """Return the names of the fields that hold answers."""
        return [f.name for f in self if f.name not in ("csrf_token", "submit")]

    def raw(self):
        """Return the submitted answers, as typed."""
        return {name: getattr(self, name).data for name in self.answer_fields()}

    def label_is_heading(self):
        """Return True when the only field's label (or legend) is the page heading."""
        return self.intro is None and len(self.answer_fields()) == 1

    def params_for(self, name):
        """Return the GOV.UK macro params for one field on this page."""
        params = copy.deepcopy(FIELD_PARAMS.get(name, {}))
        field = self[name]
        heading = self.label_is_heading()
        size = "l" if heading else "m"
        if isinstance(field.widget, GovRadioInput | GovCheckboxesInput):
            legend = {"text": field.label.text, "classes": f"govuk-fieldset__legend--{size}"}
            params["fieldset"] = {"legend": {**legend, "isPageHeading": heading}}
        else:
            label = {"text": field.label.text, "classes": f"govuk-label--{size}"}
            params["label"] = {**label, "isPageHeading": heading}
        return params


class CouncilName(Question):
    heading = "What is your council's name?"
    name = StringField(
        heading, widget=GovTextInput(), description="For example, Borchester Council"
    )


class CouncilNation(Question):
    heading = "Which nation is your council in?"
    nation = RadioField(
        heading,
        choices={n: n for n in NATIONS},
        widget=GovRadioInput(),
        validate_choice=False,
        description="This decides which procurement law your specifications follow",
    )


class CouncilType(Question):
    heading = "What type of council is it?"
    type = RadioField(
        heading,
        choices={t: t for t in drafts.COUNCIL_TYPES},
        widget=GovRadioInput(),
        validate_choice=False,
    )


class CouncilLocal(Question):
    heading = "What does 'local' mean for your council?"
    local_description = TextAreaField(
        "Describe the area your contracts count as local",
        widget=GovTextArea(),
        description=(
            "Bidders will count local jobs and local spending against this, so be exact. For"
            " example: within the council's boundary, or a business or home address in one of"
            " the postcode districts below"
        ),
    )
    local_postcode_districts = StringField(
        "Postcode districts (optional)",
        widget=GovTextInput(),
        description="Separate them with commas, for example BF1, BF2, BF3",
    )


class PolicyThreshold(Question):
    heading = "From what contract value will you ask for social value?"
    threshold_gbp = StringField(
        heading,
        widget=GovTextInput(),
        description=(
            "Contracts worth less than this get no social value section. Enter the whole-life"
            " value in pounds, for example 100000"
        ),
    )


class PolicyWeighting(Question):
    heading = "How much of the tender score should social value be worth?"
    intro = "wizard/intro/weighting.html"
    weighting_pct = StringField(
        "Default weighting",
        widget=GovTextInput(),
        description="A percentage of the total score, for example 10. You can change it for each contract",
    )


class PolicyMaxOutcomes(Question):
    heading = "How many outcomes can one tender ask for?"
    max_outcomes = StringField(
        heading,
        widget=GovTextInput(),
        description=(
            "A short list gets better answers than a long one. Many councils ask for about six"
            " at most, and fewer for small contracts"
        ),
    )


class ContractTitle(Question):
    heading = "What is the contract called?"
    title = StringField(heading, widget=GovTextInput(), description="For example, Street cleansing")


class ContractDescription(Question):
    heading = "What will the contract buy?"
    description = TextAreaField(
        heading,
        widget=GovCharacterCount(),
        description=(
            "Describe the work in plain words. Every outcome you ask for must relate to it, so"
            " say what is done, where and for whom"
        ),
    )


class ContractCategory(Question):
    heading = "Is the contract for works, goods or services?"
    category = RadioField(
        heading,
        choices={c: c.capitalize() for c in CATEGORY_HINTS},
        widget=GovRadioInput(),
        validate_choice=False,
    )


class ContractValue(Question):
    heading = "What is the contract's estimated value?"
    value_gbp = StringField(
        heading,
        widget=GovTextInput(),
        description="The whole-life value in pounds, including any extensions, for example 2400000",
    )


class ContractDuration(Question):
    heading = "How long will the contract last?"
    duration_months = StringField(
        heading, widget=GovTextInput(), description="In months, including any extensions"
    )


QUESTION_FORMS = {
    ("council", "name"): CouncilName,
    ("council", "nation"): CouncilNation,
    ("council", "type"): CouncilType,
    ("council", "local"): CouncilLocal,
    ("policy", "threshold"): PolicyThreshold,
    ("policy", "weighting"): PolicyWeighting,
    ("policy", "max-outcomes"): PolicyMaxOutcomes,
    ("specification", "title"): ContractTitle,
    ("specification", "description"): ContractDescription,
    ("specification", "category"): ContractCategory,
    ("specification", "value"): ContractValue,
    ("specification", "duration"): ContractDuration,
}


class Confirm(FlaskForm):
    """The button on a check-your-answers page."""

    submit = SubmitField("Confirm and continue", widget=GovSubmitInput())


class ThemesForm(FlaskForm):
    """Which themes matter in the council's area."""

    themes = SelectMultipleField(
        "Which themes matter most in your area?",
        choices=THEMES,
        widget=GovCheckboxesInput(),
        validate_choice=False,
        description="Select all that apply. Next you will see common priorities for each theme",
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())


class StartersForm(FlaskForm):
    """Which of a theme's starter priorities fit the area; choices are set per theme."""

    starters = SelectMultipleField(
        "Starter priorities",
        choices={},
        widget=GovCheckboxesInput(),
        validate_choice=False,
        description=(
            "Select any that matter in your area, or none. Ask yourself the question under each"
            " one: if you cannot answer it yet, that is the evidence to look for"
        ),
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())


class WordingForm(FlaskForm):
    """A priority's title and description in the council's own words."""

    title = StringField(
        "Title", widget=GovTextInput(), description="A short name, like a heading in your plan"
    )
    description = TextAreaField(
        "What does the council want to change, and why?",
        widget=GovCharacterCount(),
        description="Two to four sentences, naming the places and people it matters most for",
    )
    submit = SubmitField("Save and continue", widget=GovSubmitInput())


class PeopleForm(FlaskForm):
    """The groups and places a priority is for: they become who counts towards its outcomes."""

    target_groups = TextAreaField(
        "Who is it for?",
        widget=GovTextArea(),
        description="One group a line, in your own terms, for example young people aged 16 to"
        " 24. Leave blank if it is for everyone",
    )
    places = TextAreaField(
        "Where?",
        widget=GovTextArea(),
        description="One ward, town or area a line. Leave blank if it is for the whole area",
    )
    submit = SubmitField("Save and continue", widget=GovSubmitInput())


class EvidenceForm(FlaskForm):
    """The local evidence behind a priority."""

    evidence_statistic = TextAreaField(
        "What does the evidence show?",
        widget=GovTextArea(),
        description=(
            "A local figure with a comparison, for example: 6.1% of 18 to 24 year olds claim"
            " unemployment benefits, against 4.2% across the region"
        ),
    )
    evidence_source = StringField("Where is it from?", widget=GovTextInput())
    evidence_date = StringField(
        "When is it from?",
        widget=GovTextInput(),
        description="A year, or a month and year, for example 2025 or September 2025",
    )
    submit = SubmitField("Save and continue", widget=GovSubmitInput())


class OwnPriorityForm(WordingForm):
    """A priority the council writes itself."""

    theme = RadioField("Theme", choices=THEMES, widget=GovRadioInput(), validate_choice=False)
    submit = SubmitField("Add priority", widget=GovSubmitInput())


class RemoveForm(FlaskForm):
    """Confirm taking a priority off the list."""

    confirm = RadioField(
        "Are you sure?",
        choices={"yes": "Yes, remove it", "no": "No, keep it"},
        widget=GovRadioInput(),
        validate_choice=False,
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())
