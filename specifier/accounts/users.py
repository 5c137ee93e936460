"""People who sign in, their passwords and their role in each council."""

import hashlib
import hmac
import re

from werkzeug.security import check_password_hash, generate_password_hash

from specifier.fields import Invalid, text

ROLES = {
    "admin": "Admin",
    "commissioner": "Commissioner",
    "viewer": "Viewer",
}
ROLE_HINTS = {
    "admin": "Can change everything and manage who can sign in",
    "commissioner": "Can change priorities, measures and specifications",
    "viewer": "Can read and download, but not change anything",
}
RANK = {"viewer": 0, "commissioner": 1, "admin": 2}
MIN_PASSWORD = 12
MAX_PASSWORD = 256
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")


# Checked so that a timing difference cannot tell whether an email has an account. Written out
# rather than hashed at import, which every command and worker would pay for (a fifth of a
# second); werkzeug's default scrypt settings, so checking it takes as long as a real one.
_DUMMY_HASH = (
    "scrypt:32768:8:1$cYoUZTPEGX6pPOJ8$9a39906e6470ce0a27dc9768cf49ba6e3375bf86d14619c7bf0fd280"
    "ff0b62acf24b253ebc6f4b26b73dddca00db09165ccc79623d037fb2e2ba391a8626bf3e"
)


def clean_email(value):
    """Return a normalised email address or raise Invalid."""
    email = text(value).lower()
    if not email:
        raise Invalid({"email": "Enter an email address"})
    if len(email) > 254 or not EMAIL.match(email):
        raise Invalid(
            {"email": "Enter an email address in the correct format, like name@example.org"}
        )
    return email


def password_problem(password, email=""):
    """Return a GOV.UK-style message when a new password is too weak, else None."""
    password = password or ""
    if len(password) < MIN_PASSWORD:
        return f"Password must be {MIN_PASSWORD} characters or more"
    if len(password) > MAX_PASSWORD:
        return f"Password must be {MAX_PASSWORD} characters or fewer"
    if len(set(password)) < 4:
        return "Password must not repeat the same few characters"
    if email and email.split("@")[0].lower() in password.lower():
        return "Password must not contain the email address it signs in with"
    return None


def clean_role(value):
    """Return a known role or raise Invalid."""
    role = text(value).lower()
    if role not in ROLES:
        raise Invalid({"role": "Select a role: admin, commissioner or viewer"})
    return role


def count(db):
    """Return how many accounts exist."""
    return db.table("users").count


def hash_password(password):
    """Return a salted scrypt hash of a password.

    Slow on purpose (about 0.1 s of CPU), so it is made before any write transaction opens:
    inside one it would hold the database's write lock while colleagues wait.
    """
    return generate_password_hash(password)


def create(db, email, password_hash, name=""):
    """Add an account whose password hash `hash_password` made; return its id."""
    return (
        db.table("users")
        .insert(
            {"email": clean_email(email), "name": text(name)[:200], "password_hash": password_hash}
        )
        .last_pk
    )


def set_password(db, user_id, password, *, temporary=False):
    """Replace an account's password; return its new hash (to stamp this session with).

    A temporary password, set by someone else, must be replaced at the owner's next sign-in.
    """
    password_hash = hash_password(password)
    db.execute(
        "UPDATE users SET password_hash = ?, password_temporary = ? WHERE id = ?",
        [password_hash, int(temporary), user_id],
    )
    return password_hash


def password_matches(db, user_id, password):
    """Say whether this is the account's current password (to confirm a change)."""
    rows = list(db.query("SELECT password_hash FROM users WHERE id = ?", [user_id]))
    return bool(rows) and check_password_hash(rows[0]["password_hash"], password or "")


def password_stamp(password_hash, secret):
    """A keyed fingerprint of a password hash, which changes with the password.

    A session keeps the stamp it started with, so changing the password ends the others. Keyed
    with the app's secret, so the signed (but readable) session cookie says nothing of the hash.
    """
    return hmac.new(secret.encode(), password_hash.encode(), hashlib.sha256).hexdigest()[:32]


def session_marks(db, user_id, secret):
    """Return (password stamp, session generation) for an account, or None for no such account.

    A session keeps both from when it started; either changing ends it.
    """
    rows = list(
        db.query("SELECT password_hash, session_generation FROM users WHERE id = ?", [user_id])
    )
    if not rows:
        return None
    return password_stamp(rows[0]["password_hash"], secret), rows[0]["session_generation"]


def end_sessions(db, user_id):
    """End every session of an account (signing out): each carries the generation it began in."""
    db.execute(
        "UPDATE users SET session_generation = session_generation + 1 WHERE id = ?", [user_id]
    )


def note_council_sign_in(db, user_id, council_id):
    """Record that the person started using a council in this session (People shows it)."""
    db.execute(
        "UPDATE memberships SET last_signed_in_at = datetime('now')"
        " WHERE user_id = ? AND council_id = ?",
        [user_id, council_id],
    )


def get(db, user_id):
    """Return an account (without its hash), or None."""
    rows = list(
        db.query(
            "SELECT id, email, name, created_at, last_sign_in_at, password_temporary"
            " FROM users WHERE id = ?",
            [user_id],
        )
    )
    return rows[0] if rows else None


def get_by_email(db, email):
    """Return the account with this email (any case), or None."""
    rows = list(
        db.query(
            "SELECT id, email, name, created_at, last_sign_in_at FROM users WHERE email = ?",
            [text(email)],
        )
    )
    return rows[0] if rows else None


def authenticate(db, email, password):
    """Return the account when the password is right, else None (taking as long either way)."""
    rows = list(db.query("SELECT * FROM users WHERE email = ?", [text(email)]))
    stored = rows[0]["password_hash"] if rows else _DUMMY_HASH
    ok = check_password_hash(stored, password or "")
    if not (rows and ok):
        return None
    db.execute("UPDATE users SET last_sign_in_at = datetime('now') WHERE id = ?", [rows[0]["id"]])
    return get(db, rows[0]["id"])


def memberships(db, user_id):
    """Return {council id: role} for an account."""
    return {
        r["council_id"]: r["role"]
        for r in db.query("SELECT council_id, role FROM memberships WHERE user_id = ?", [user_id])
    }


def grant(db, user_id, council_id, role):
    """Give an account a role in a council (replacing any role it had there)."""
    db.execute(
        "INSERT INTO memberships (user_id, council_id, role) VALUES (?, ?, ?)"
        " ON CONFLICT (user_id, council_id) DO UPDATE SET role = excluded.role",
        [user_id, council_id, clean_role(role)],
    )


def revoke(db, user_id, council_id):
    """Take away an account's access to a council."""
    db.execute(
        "DELETE FROM memberships WHERE user_id = ? AND council_id = ?", [user_id, council_id]
    )


def members(db, council_id):
    """Return a council's people with their roles, admins first."""
    return [
        dict(r)
        for r in db.query(
            "SELECT u.id, u.email, u.name, m.last_signed_in_at, m.role FROM memberships m"
            " JOIN users u ON u.id = m.user_id WHERE m.council_id = ?"
            " ORDER BY CASE m.role WHEN 'admin' THEN 0 WHEN 'commissioner' THEN 1 ELSE 2 END,"
            " u.email",
            [council_id],
        )
    ]


def is_member(db, email, council_id):
    """Say whether the account with this email has a role in this council (asks nothing else)."""
    rows = db.query(
        "SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id"
        " WHERE m.council_id = ? AND u.email = ?",
        [council_id, text(email)],
    )
    return next(iter(rows), None) is not None


def members_outside(db, council_ids):
    """Return the ids of accounts that belong to any council not in council_ids."""
    marks = ", ".join("?" * len(council_ids))
    rows = db.query(
        f"SELECT DISTINCT user_id FROM memberships WHERE council_id NOT IN ({marks})",
        list(council_ids),
    )
    return {r["user_id"] for r in rows}


def admin_count(db, council_id):
    """Return how many admins a council has (it must keep at least one)."""
    rows = db.query(
        "SELECT count(*) AS n FROM memberships WHERE council_id = ? AND role = 'admin'",
        [council_id],
    )
    return next(iter(rows))["n"]
