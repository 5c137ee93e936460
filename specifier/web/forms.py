"""Form pieces every domain's forms share: optional dates, GOV.UK-style errors, file uploads."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovFileInput,
)
from werkzeug.datastructures import FileStorage
from wtforms import (
    DateField,
    FileField,
)

from specifier.fields import Invalid


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
    """Put GOV.UK-style messages from the domain rules on the form's fields they name."""
    for name, message in errors.items():
        if name in form:
            form[name].errors = [message]


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
