"""Forms for signing in, the first run and managing a council's people."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovPasswordInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import HiddenField, PasswordField, RadioField, StringField, SubmitField

from specifier.accounts import users
from specifier.councils.councils import NATIONS
from specifier.fields import Invalid
from specifier.web.forms import set_errors

ROLE_CHOICES = {
    role: f"{label}: {users.ROLE_HINTS[role].lower()}" for role, label in users.ROLES.items()
}


class SignInForm(FlaskForm):
    """Email and password."""

    email = StringField("Email address", widget=GovTextInput())
    password = PasswordField("Password", widget=GovPasswordInput())
    next = HiddenField()
    submit = SubmitField("Sign in", widget=GovSubmitInput())

    def credentials(self):
        """Return (email, password), or None with GOV.UK-style errors set."""
        if not self.validate():
            return None
        errors = {}
        if not (self.email.data or "").strip():
            errors["email"] = "Enter your email address"
        if not self.password.data:
            errors["password"] = "Enter your password"  # noqa: S105 - a message
        set_errors(self, errors)
        return None if errors else (self.email.data.strip(), self.password.data)


class _NewPassword:
    def _check_password(self, email, errors):
        problem = users.password_problem(self.password.data, email)
        if problem:
            errors["password"] = problem
        elif self.password.data != self.confirm_password.data:
            errors["confirm_password"] = "Passwords must match"  # noqa: S105 - a message


class FirstRunForm(_NewPassword, FlaskForm):
    """The first council and the admin who sets it up."""

    council_name = StringField(
        "Council name", widget=GovTextInput(), description="For example, Hatherdale Council"
    )
    nation = RadioField(
        "Nation", choices={n: n for n in NATIONS}, widget=GovRadioInput(), validate_choice=False
    )
    name = StringField("Your name", widget=GovTextInput())
    email = StringField(
        "Your email address", widget=GovTextInput(), description="You will sign in with this"
    )
    password = PasswordField(
        "Create a password",
        widget=GovPasswordInput(),
        description=f"At least {users.MIN_PASSWORD} characters. Three random words work well.",
    )
    confirm_password = PasswordField("Confirm your password", widget=GovPasswordInput())
    submit = SubmitField("Create council and account", widget=GovSubmitInput())

    def answers(self):
        """Return the cleaned answers, or None with GOV.UK-style errors set."""
        if not self.validate():
            return None
        errors = {}
        name = (self.council_name.data or "").strip()
        if not name:
            errors["council_name"] = "Enter your council's name"
        elif len(name) > 200:
            errors["council_name"] = "Council name must be 200 characters or fewer"
        if self.nation.data not in NATIONS:
            errors["nation"] = "Select the nation your council is in"
        email = ""
        try:
            email = users.clean_email(self.email.data)
        except Invalid as exc:
            errors.update(exc.errors)
        self._check_password(email, errors)
        set_errors(self, errors)
        if errors:
            return None
        return {
            "council_name": name,
            "nation": self.nation.data,
            "name": (self.name.data or "").strip()[:200],
            "email": email,
            "password": self.password.data,
        }


class InviteForm(FlaskForm):
    """Invite someone to this council with a role; they accept with the link they are given."""

    email = StringField("Email address", widget=GovTextInput())
    role = RadioField("Role", choices=ROLE_CHOICES, widget=GovRadioInput(), validate_choice=False)
    submit = SubmitField("Create invitation", widget=GovSubmitInput())

    def answers(self, is_member):
        """Return (email, role), or None with GOV.UK-style errors set.

        `is_member(email)` says whether the email already has access to this council (and only
        this council: whether it has an account anywhere else is never asked).
        """
        if not self.validate():
            return None
        errors = {}
        email = ""
        try:
            email = users.clean_email(self.email.data)
        except Invalid as exc:
            errors.update(exc.errors)
        try:
            role = users.clean_role(self.role.data)
        except Invalid as exc:
            errors.update(exc.errors)
        if email and is_member(email):
            errors["email"] = f"{email} already has access here: change their role on People"
        set_errors(self, errors)
        return None if errors else (email, role)


class NewAccountForm(_NewPassword, FlaskForm):
    """An invited person new to the service chooses their name and password."""

    name = StringField("Your name", widget=GovTextInput())
    password = PasswordField(
        "Create a password",
        widget=GovPasswordInput(),
        description=f"At least {users.MIN_PASSWORD} characters. Three random words work well.",
    )
    confirm_password = PasswordField("Confirm your password", widget=GovPasswordInput())
    submit = SubmitField("Create account and accept", widget=GovSubmitInput())

    def answers(self, email):
        """Return (name, password), or None with GOV.UK-style errors set."""
        if not self.validate():
            return None
        errors = {}
        name = (self.name.data or "").strip()
        if not name:
            errors["name"] = "Enter your name"
        elif len(name) > 200:
            errors["name"] = "Your name must be 200 characters or fewer"
        self._check_password(email, errors)
        set_errors(self, errors)
        return None if errors else (name, self.password.data)


class RoleForm(FlaskForm):
    """Change one person's role, or take away their access."""

    role = HiddenField()
    action = HiddenField()


class ChangePasswordForm(_NewPassword, FlaskForm):
    """A signed-in person changes their own password, proving they know the current one."""

    current_password = PasswordField("Current password", widget=GovPasswordInput())
    password = PasswordField(
        "New password",
        widget=GovPasswordInput(),
        description=f"At least {users.MIN_PASSWORD} characters. Three random words work well.",
    )
    confirm_password = PasswordField("Confirm your new password", widget=GovPasswordInput())
    submit = SubmitField("Change password", widget=GovSubmitInput())

    def answers(self, email, is_current):
        """Return the new password, or None with GOV.UK-style errors set.

        `is_current(password)` says whether a password is the account's current one.
        """
        if not self.validate():
            return None
        errors = {}
        if not self.current_password.data:
            errors["current_password"] = "Enter your current password"  # noqa: S105 - a message
        elif not is_current(self.current_password.data):
            errors["current_password"] = "Your current password is not correct"  # noqa: S105 - a message
        elif self.password.data == self.current_password.data:
            errors["password"] = "New password must be different from your current password"  # noqa: S105 - a message
        else:
            self._check_password(email, errors)
        set_errors(self, errors)
        return None if errors else self.password.data


class SetPasswordForm(_NewPassword, FlaskForm):
    """An admin sets a new password for someone who has forgotten theirs."""

    password = PasswordField(
        "New password",
        widget=GovPasswordInput(),
        description=f"At least {users.MIN_PASSWORD} characters. Give it to them in person or by"
        " phone, not by email.",
    )
    confirm_password = PasswordField("Confirm the new password", widget=GovPasswordInput())
    submit = SubmitField("Set new password", widget=GovSubmitInput())

    def answers(self, email):
        """Return the new password, or None with GOV.UK-style errors set."""
        if not self.validate():
            return None
        errors = {}
        self._check_password(email, errors)
        set_errors(self, errors)
        return None if errors else self.password.data
