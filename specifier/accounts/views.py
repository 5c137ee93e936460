"""Signing in and out, changing your password, and the first run that creates the first council."""

import hmac
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user, logout_user

from specifier.accounts import users
from specifier.accounts.first_run import AlreadyDone, create_first_council
from specifier.accounts.forms import ChangePasswordForm, FirstRunForm, SignInForm
from specifier.councils import councils
from specifier.fields import Invalid
from specifier.web import security
from specifier.web.access import PUBLIC, SAFE_METHODS, User, note, sign_in_redirect
from specifier.web.db import get_db

bp = Blueprint("auth", __name__)
# The session's fingerprint of the password it signed in with (see users.password_stamp).
PASSWORD_STAMP = "password_stamp"  # noqa: S105 - a session key


def _safe_next(target):
    """Return a same-site path to go back to after signing in, or None."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


def _start_session(row):
    db = get_db()
    session.clear()
    session.permanent = True
    user = User(row, users.memberships(db, row["id"]))
    login_user(user)
    session[PASSWORD_STAMP] = users.current_stamp(db, row["id"], _secret())
    return user


def _secret():
    return current_app.config["SECRET_KEY"]


@bp.before_app_request
def end_stale_session():
    """Sign out a session that started before its account's password last changed.

    A session with no stamp (one from before stamps, or not made by signing in) ends too.
    """
    if request.endpoint in PUBLIC or not current_user.is_authenticated:
        return None
    stamp = session.get(PASSWORD_STAMP) or ""
    current = users.current_stamp(get_db(), current_user.id, _secret()) or ""
    if current and hmac.compare_digest(stamp, current):
        return None
    logout_user()
    session.clear()
    message = "Your password has been changed, so you have been signed out here."
    if request.method not in SAFE_METHODS:
        message += " What you were saving was not saved: sign in and enter it again."
    flash(message if stamp else "Your session has ended. Sign in again.", "important")
    return sign_in_redirect()  # back to this page after signing in


@bp.before_app_request
def replace_temporary_password():
    """Someone signed in with a password another person set chooses their own before anything else."""
    if (
        request.endpoint in PUBLIC
        or request.endpoint in ("auth.change_password", "auth.sign_out")
        or not current_user.is_authenticated
        or not current_user.password_temporary
    ):
        return None
    flash("The password you were given is temporary. Choose your own to carry on.", "important")
    return redirect(url_for("auth.change_password"))


def home_for(user):
    """Where a signed-in person starts: their council, or the list when they have several."""
    db = get_db()
    mine = [c for c in councils.all_councils(db) if c["id"] in user.memberships]
    if len(mine) == 1:
        return url_for("council.overview", council_slug=mine[0]["slug"])
    return url_for("councils.index")


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    """Sign in with email and password (rate-limited per address)."""
    db = get_db()
    if users.count(db) == 0:
        return redirect(url_for("auth.first_run"))
    form = SignInForm()
    if current_user.is_authenticated and not form.is_submitted():
        return redirect(_safe_next(form.next.data) or home_for(current_user))
    if form.is_submitted():
        credentials = form.credentials()
        if credentials:
            row = users.authenticate(db, *credentials)
            if row is None:
                form.email.errors = ["Enter a correct email address and password"]
                note("account", "", "sign-in refused", credentials[0][:254])
            else:
                target = _safe_next(form.next.data)
                user = _start_session(row)
                note("account", user.id, "signed in", user.email)
                return redirect(target or home_for(user))
    else:
        form.next.data = _safe_next(request.args.get("next")) or ""
    return render_template("auth/sign_in.html", form=form), (400 if form.errors else 200)


@bp.post("/sign-out")
def sign_out():
    """Sign out and forget the session."""
    note("account", current_user.get_id(), "signed out", current_user.email)
    logout_user()
    session.clear()
    flash("You have signed out")
    return redirect(url_for("auth.sign_in"))


@bp.route("/account/password", methods=["GET", "POST"])
def change_password():
    """Change your own password; your other signed-in sessions end, this one carries on."""
    db = get_db()
    form = ChangePasswordForm()
    if form.is_submitted():
        password = form.answers(
            current_user.email, lambda given: users.password_matches(db, current_user.id, given)
        )
        if password:
            new_hash = users.set_password(db, current_user.id, password)
            session[PASSWORD_STAMP] = users.password_stamp(new_hash, _secret())
            _note_everywhere("password changed")
            flash("Your password has been changed")
            return redirect(home_for(current_user))
        if form.current_password.errors and form.current_password.data:  # a wrong guess: record it
            _note_everywhere("password change refused")
    return render_template("auth/change_password.html", form=form), (400 if form.errors else 200)


def _note_everywhere(action):
    """Record something about the signed-in account in each of its councils' audit logs."""
    for council_id in current_user.memberships or [None]:
        note("account", current_user.id, action, current_user.email, council_id)


@bp.route("/first-run", methods=["GET", "POST"])
def first_run():
    """Create the first council and its admin; only while nobody can sign in."""
    db = get_db()
    if users.count(db) > 0:
        abort(404)
    form = FirstRunForm()
    if form.is_submitted():
        answers = form.answers()
        if answers:
            try:
                record, council_id, user_id = create_first_council(db, answers)
            except Invalid as exc:
                form.council_name.errors = list(exc.errors.values())[:1]
            except AlreadyDone:
                abort(404)
            else:
                user = _start_session(users.get(db, user_id))
                note("council", council_id, "created", record["name"], council_id=council_id)
                note("member", user.id, "added as admin", user.email, council_id=council_id)
                flash(f"{record['name']} has been created and you are its admin")
                return redirect(url_for("wizard.index", council_slug=record["slug"]))
    return render_template("auth/first_run.html", form=form), (400 if form.errors else 200)


@bp.record_once
def _limit_password_guesses(state):
    """Rate-limit changing your password like signing in, since it also checks a password."""
    security.limit(state.app, "auth.change_password", lambda: state.app.config["SIGN_IN_LIMIT"])
