"""The form behind each accept, reject and undo button."""

from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
)
from wtforms.validators import AnyOf, DataRequired, Optional


class DecisionForm(FlaskForm):
    """Accept, reject or undo one suggested measure (rendered as buttons, one form each)."""

    code = HiddenField(validators=[DataRequired()])
    decision = HiddenField(validators=[AnyOf(["accepted", "rejected", "undo"])])
    # The decision on the page when it was shown, so a colleague's newer one is not overwritten.
    seen = HiddenField(validators=[Optional(), AnyOf(["accepted", "rejected"])])
