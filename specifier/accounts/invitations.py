"""Invitations: an admin invites an email address to one council with one role; the person
accepts it, signing in to an account they have or setting up a new one.

Inviting never looks at accounts, so an admin learns nothing about who has one elsewhere: the
same invitation, the same page, in the same time. The link's token is random, kept only as a
hash, works once, and expires after DAYS days.
"""

import hashlib
import secrets
import sqlite3

from specifier.accounts import users
from specifier.db import write_transaction

DAYS = 7


def _pending(alias=""):
    """The condition for an invitation not yet used, withdrawn (deleted) or expired."""
    return f"{alias}accepted_at IS NULL AND {alias}expires_at > datetime('now')"


PENDING = _pending()


class AccountExists(Exception):
    """A new account was asked for an email that already has one: its owner signs in instead."""


def _hash(token):
    # The token is 256 random bits, so a plain hash is enough to make the table useless to steal.
    return hashlib.sha256(token.encode()).hexdigest()


def create(db, council_id, email, role, invited_by):
    """Invite an email to a council with a role, replacing a pending invitation of theirs there.

    Returns the invitation's id and its token, which only the admin is shown, once.
    """
    token = secrets.token_urlsafe(32)
    with write_transaction(db):
        db.execute(
            f"DELETE FROM invitations WHERE council_id = ? AND email = ? AND {PENDING}",
            [council_id, email],
        )
        invitation_id = db.execute(
            "INSERT INTO invitations (council_id, email, role, token_hash, invited_by, expires_at)"
            f" VALUES (?, ?, ?, ?, ?, datetime('now', '+{DAYS} days'))",
            [council_id, email, users.clean_role(role), _hash(token), invited_by],
        ).lastrowid
    return invitation_id, token


def pending_for_council(db, council_id):
    """Return a council's pending invitations, newest first: the email, role and expiry."""
    return [
        dict(r)
        for r in db.query(
            "SELECT id, email, role, created_at, expires_at FROM invitations"
            f" WHERE council_id = ? AND {PENDING} ORDER BY id DESC",
            [council_id],
        )
    ]


def withdraw(db, council_id, invitation_id):
    """Withdraw one of a council's pending invitations; return its email, or None if none."""
    where = f"WHERE id = ? AND council_id = ? AND {PENDING}"
    with write_transaction(db):
        row = db.execute(f"SELECT email FROM invitations {where}", [invitation_id, council_id])
        email = (row.fetchone() or [None])[0]
        db.execute(f"DELETE FROM invitations {where}", [invitation_id, council_id])
    return email


_WITH_COUNCIL = (
    "SELECT i.id, i.email, i.role, i.expires_at, i.council_id, c.name AS council_name,"
    " c.slug AS council_slug FROM invitations i JOIN councils c ON c.id = i.council_id"
)


def by_token(db, token):
    """Return the pending invitation a link's token opens (with its council), or None."""
    rows = list(
        db.query(
            f"{_WITH_COUNCIL} WHERE i.token_hash = ? AND {_pending('i.')}",
            [_hash(token or "")],
        )
    )
    return rows[0] if rows else None


def pending_for_email(db, email):
    """Return the pending invitations for an email address, with their councils, oldest first."""
    return list(
        db.query(
            f"{_WITH_COUNCIL} WHERE i.email = ? AND {_pending('i.')} ORDER BY i.id",
            [email],
        )
    )


def _use(db, invitation_id, email):
    """Mark a pending invitation for `email` used; return (council id, role), or None.

    Call inside a transaction. The update re-checks that it is pending, so it is used once.
    """
    where = f"WHERE id = ? AND email = ? AND {PENDING}"
    found = db.execute(f"SELECT council_id, role FROM invitations {where}", [invitation_id, email])
    row = found.fetchone()
    if row is None:
        return None
    used = db.execute(
        f"UPDATE invitations SET accepted_at = datetime('now') {where}", [invitation_id, email]
    )
    return row if used.rowcount == 1 else None


def accept(db, invitation_id, user):
    """Accept a pending invitation for the signed-in account's email; return it, or None.

    One statement marks it used, so it works once even if accepted twice at the same moment.
    """
    with write_transaction(db):
        used = _use(db, invitation_id, user["email"])
        if used is None:
            return None
        users.grant(db, user["id"], used[0], used[1])
    return {"council_id": used[0], "role": used[1]}


def accept_as_new(db, invitation, name, password_hash):
    """Create the invited person's account (name and a hashed password) and accept; return its id.

    Raises AccountExists when the email already has an account (its owner signs in to accept),
    and returns None when the invitation was used or withdrawn meanwhile; nothing is written then.
    """
    try:
        with write_transaction(db):
            user_id = users.create(db, invitation["email"], password_hash, name)
            used = _use(db, invitation["id"], invitation["email"])
            if used is None:
                raise _Gone
            users.grant(db, user_id, used[0], used[1])
    except _Gone:
        return None
    except sqlite3.IntegrityError as exc:  # the email's UNIQUE constraint
        raise AccountExists(invitation["email"]) from exc
    return user_id


class _Gone(Exception):
    """The invitation stopped being pending while the account was being made: undo it."""
