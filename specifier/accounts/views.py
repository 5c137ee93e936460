"""Signing in and out, changing your password, and the first run that creates the first council."""

import re
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, logout_user

from specifier.accounts import invitations, users
from specifier.accounts.first_run import AlreadyDone, create_first_council
from specifier.accounts.forms import ChangePasswordForm, FirstRunForm, SignInForm
from specifier.councils import councils
from specifier.fields import Invalid
from specifier.web import security, sessions
from specifier.web.access import SAFE_METHODS, SESSION_FREE, note, sign_in_redirect
from specifier.web.db import get_db

bp = Blueprint("auth", __name__)
# A line break or other control character would split the Location header.
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# The councils this session has opened; the first time, its sign-in there is recorded.
COUNCILS_OPENED = "councils_opened"


def _safe_next(target):
    """Return a same-site path to go back to after signing in, or None."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if CONTROL.search(target):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


@bp.before_app_request
def end_stale_session():
    """Sign out a session that has ended (see sessions.ended) and send it to sign in again."""
    if request.endpoint in SESSION_FREE or not current_user.is_authenticated:
        return None
    message = sessions.ended()
    if message is None:
        return None
    logout_user()
    session.clear()
    if request.method not in SAFE_METHODS:
        message += " What you were saving was not saved: sign in and enter it again."
    flash(message, "important")
    return sign_in_redirect()  # back to this page after signing in


@bp.before_app_request
def note_council_sign_in():
    """Record a session's first page in a council as the person's sign-in there (for People).

    Registered after end_stale_session, so an ended session (a replayed cookie) records nothing.
    """
    council = g.get("council")
    if council is None or not current_user.is_authenticated:
        return
    opened = session.get(COUNCILS_OPENED, [])
    if council["id"] not in opened:
        users.note_council_sign_in(get_db(), current_user.id, council["id"])
        session[COUNCILS_OPENED] = [*opened, council["id"]]


@bp.before_app_request
def replace_temporary_password():
    """Someone signed in with a password another person set chooses their own before anything else."""
    if (
        request.endpoint in SESSION_FREE
        or request.endpoint in ("auth.change_password", "auth.sign_out")
        or not current_user.is_authenticated
        or not current_user.password_temporary
    ):
        return None
    flash("The password you were given is temporary. Choose your own to carry on.", "important")
    return redirect(url_for("auth.change_password"))


def home_for(user):
    """Where a signed-in person starts: their invitations when they have some to answer, else
    their council, or the list when they have several."""
    db = get_db()
    if invitations.pending_for_email(db, user.email):
        return url_for("invitations.index")
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
                user = sessions.start(row)
                note("account", user.id, "signed in", user.email)
                return redirect(target or home_for(user))
    else:
        form.next.data = _safe_next(request.args.get("next")) or ""
    return render_template("auth/sign_in.html", form=form), (400 if form.errors else 200)


@bp.post("/sign-out")
def sign_out():
    """Sign out: every session of the account ends, this one and any copy of its cookie."""
    note("account", current_user.get_id(), "signed out", current_user.email)
    users.end_sessions(get_db(), current_user.id)
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
            sessions.restamp(new_hash)
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
                user = sessions.start(users.get(db, user_id))
                note("council", council_id, "created", record["name"], council_id=council_id)
                note("member", user.id, "added as admin", user.email, council_id=council_id)
                flash(f"{record['name']} has been created and you are its admin")
                return redirect(url_for("wizard.index", council_slug=record["slug"]))
    return render_template("auth/first_run.html", form=form), (400 if form.errors else 200)


@bp.record_once
def _limit_password_guesses(state):
    """Rate-limit changing your password like signing in, since it also checks a password."""
    security.limit(state.app, "auth.change_password", lambda: state.app.config["SIGN_IN_LIMIT"])
