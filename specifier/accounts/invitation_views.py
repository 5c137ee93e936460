"""Accepting an invitation: from the link an admin passed on, or from your list once signed in."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from specifier.accounts import invitations, users
from specifier.accounts.forms import NewAccountForm
from specifier.web import security, sessions
from specifier.web.access import note
from specifier.web.db import get_db

bp = Blueprint("invitations", __name__, url_prefix="/invitations")


@bp.route("/accept", methods=["GET", "POST"])
def accept():
    """Open an invitation link: accept it signed in, or set up a new account from it."""
    db = get_db()
    token = request.args.get("token", "")
    invitation = invitations.by_token(db, token)
    if invitation is None:
        return render_template("invitations/unavailable.html"), 404
    if current_user.is_authenticated:
        mine = current_user.email == invitation["email"]
        return _render("invitations/accept.html", invitation=invitation, mine=mine)
    form, account_exists = NewAccountForm(), False
    if form.is_submitted():
        answers = form.answers(invitation["email"])
        if answers:
            name, password = answers
            password_hash = users.hash_password(password)  # slow: before the transaction
            try:
                user_id = invitations.accept_as_new(db, invitation, name, password_hash)
            except invitations.AccountExists:
                account_exists = True
            else:
                if user_id is None:
                    return render_template("invitations/unavailable.html"), 404
                return _joined(sessions.start(users.get(db, user_id)), invitation)
    # Also said to whoever holds the link: only the invited person, or the admin who made it,
    # could have typed this email, and creating the account has to be refused either way.
    conflict = account_exists and {
        "message": f"There is already an account for {invitation['email']}:"
        " sign in to accept the invitation",
        "href": "#sign-in",
    }
    return _render(
        "invitations/new_account.html", invitation=invitation, form=form, conflict=conflict
    ), (400 if form.errors or account_exists else 200)


@bp.get("/")
def index():
    """List the signed-in person's pending invitations, to accept each."""
    pending = invitations.pending_for_email(get_db(), current_user.email)
    return _render("invitations/index.html", pending=pending)


@bp.post("/<int:invitation_id>")
def respond(invitation_id):
    """Accept one of your pending invitations (for the email you sign in with)."""
    db = get_db()
    invitation = next(
        (
            i
            for i in invitations.pending_for_email(db, current_user.email)
            if i["id"] == invitation_id
        ),
        None,
    )
    if invitation is None or invitations.accept(db, invitation_id, _account()) is None:
        abort(404)
    return _joined(current_user, invitation)


def _render(template, **context):
    return render_template(template, roles=users.ROLES, role_hints=users.ROLE_HINTS, **context)


def _account():
    return {"id": current_user.id, "email": current_user.email}


def _joined(user, invitation):
    """Log the acceptance in the council's audit log and open the council."""
    note(
        "member",
        user.id,
        f"accepted an invitation as {invitation['role']}",
        user.email,
        invitation["council_id"],
    )
    flash(
        f"You have joined {invitation['council_name']} as {users.ROLES[invitation['role']].lower()}"
    )
    return redirect(url_for("council.overview", council_slug=invitation["council_slug"]))


@bp.record_once
def _limit_attempts(state):
    """Rate-limit setting up an account from a link like signing in, which it also does."""
    security.limit(state.app, "invitations.accept", lambda: state.app.config["SIGN_IN_LIMIT"])
