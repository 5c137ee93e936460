"""Forms for the commissioner's workspace; the rules live in specifier/workspace.py."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextInput
from wtforms import HiddenField, SelectField, StringField, SubmitField
from wtforms.validators import AnyOf

from specifier import specifications


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
