"""Signed-in sessions: what one records when it starts, and when it has ended.

A session keeps a stamp of the password it signed in with, the account's session generation
at that moment and the time it signed in. Changing the password, signing out (which moves the
generation on) or SESSION_ABSOLUTE_LIFETIME passing ends it, checked on every request, so a
copied cookie is worth no more than the session it was copied from.
"""

import hmac
import time

from flask import current_app, session
from flask_login import current_user, login_user

from specifier.accounts import users
from specifier.web.access import User
from specifier.web.db import get_db

# The session's fingerprint of the password it signed in with (see users.password_stamp).
PASSWORD_STAMP = "password_stamp"  # noqa: S105 - a session key
# The account's session generation when this session began; signing out moves it on.
GENERATION = "session_generation"
# When this session signed in (seconds since the epoch): it ends SESSION_ABSOLUTE_LIFETIME later.
SIGNED_IN_AT = "signed_in_at"


def _secret():
    return current_app.config["SECRET_KEY"]


def start(row):
    """Sign in the account in `row` with a fresh session; return the signed-in User."""
    db = get_db()
    session.clear()
    session.permanent = True
    user = User(row, users.memberships(db, row["id"]))
    login_user(user)
    session[PASSWORD_STAMP], session[GENERATION] = users.session_marks(db, row["id"], _secret())
    session[SIGNED_IN_AT] = int(time.time())
    return user


def restamp(password_hash):
    """Keep this session going after its own password change (which ends the others)."""
    session[PASSWORD_STAMP] = users.password_stamp(password_hash, _secret())


def ended():
    """Why the signed-in session may no longer be used, or None while it may.

    A session without these marks (one from before them, or not made by signing in) ends too.
    """
    stamp = session.get(PASSWORD_STAMP) or ""
    marks = users.session_marks(get_db(), current_user.id, _secret())
    if not marks:
        return "Your session has ended. Sign in again."
    if not stamp or not hmac.compare_digest(stamp, marks[0]):
        return (
            "Your password has been changed, so you have been signed out here."
            if stamp
            else "Your session has ended. Sign in again."
        )
    if session.get(GENERATION) != marks[1]:
        return "You signed out, so this session has ended. Sign in again."
    started = session.get(SIGNED_IN_AT)
    lifetime = current_app.config["SESSION_ABSOLUTE_LIFETIME"]
    if not isinstance(started, int) or time.time() - started > lifetime:
        return (
            f"You have been signed in for {lifetime // 3600} hours, the longest a session lasts."
            " Sign in again."
        )
    return None
