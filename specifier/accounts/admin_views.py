"""A council admin's pages: who can sign in and their roles, the audit log, and a full export."""

import json

from flask import Response, abort, flash, g, redirect, render_template, url_for
from flask_login import current_user

from specifier import audit
from specifier.accounts import users
from specifier.accounts.forms import MemberForm, RoleForm, SetPasswordForm
from specifier.councils import files as council_files
from specifier.db import write_transaction
from specifier.web.access import note, nothing_changed
from specifier.web.blueprints import council_blueprint
from specifier.web.db import get_db

bp = council_blueprint("admin", __name__, "/admin", min_role="admin")


def _password_settable(db):
    """Return the ids of this council's people whose password the signed-in admin may set.

    Only people whose every council is one the admin administers: otherwise an admin here could
    take over an account that also signs in somewhere they do not manage. Never the admin
    themselves, who changes their own password knowing the current one.
    """
    mine = [c for c, role in current_user.memberships.items() if role == "admin"]
    elsewhere = users.members_outside(db, mine)
    return {
        m["id"]
        for m in users.members(db, g.council["id"])
        if m["id"] not in elsewhere and m["id"] != current_user.id
    }


@bp.get("/people")
def people():
    """List the people who can sign in to this council, with their roles."""
    db = get_db()
    return render_template(
        "admin/people.html",
        members=users.members(db, g.council["id"]),
        settable=_password_settable(db),
        roles=users.ROLES,
        form=RoleForm(),
    )


@bp.route("/people/new", methods=["GET", "POST"])
def add_person():
    """Give someone a role in this council, creating their account when they have none."""
    db = get_db()
    form = MemberForm()
    if form.is_submitted():
        answers = form.answers(lambda email: users.get_by_email(db, email) is not None)
        if answers:
            email, name, role, password = answers
            password_hash = users.hash_password(password) if password else None
            with write_transaction(db):
                existing = users.get_by_email(db, email)
                user_id = (
                    existing["id"] if existing else users.create(db, email, password_hash, name)
                )
                had = users.memberships(db, user_id).get(g.council["id"])
                users.grant(db, user_id, g.council["id"], role)
            _note_role(user_id, email, had, role)
            flash(f"{email} can now sign in as {users.ROLES[role].lower()}")
            return redirect(url_for(".people"))
    return render_template("admin/add_person.html", form=form), (400 if form.errors else 200)


@bp.get("/people/<int:user_id>/remove")
def remove_person(user_id):
    """Ask before taking someone's access away; the button posts to change_person."""
    member = _member_or_404(user_id)
    return render_template("admin/remove_person.html", member=member)


def _note_role(user_id, email, had, role):
    """Log someone's new role here, or nothing when they already had it."""
    if had == role:
        nothing_changed()
    elif had:
        note("member", user_id, f"role changed from {had} to {role}", email)
    else:
        note("member", user_id, f"added as {role}", email)


def _member_or_404(user_id):
    member = next((m for m in users.members(get_db(), g.council["id"]) if m["id"] == user_id), None)
    if member is None:
        abort(404)
    return member


@bp.post("/people/<int:user_id>")
def change_person(user_id):
    """Change someone's role, or take away their access; a council keeps at least one admin."""
    db = get_db()
    form = RoleForm()
    if not form.validate():
        abort(400)
    member = _member_or_404(user_id)
    losing_admin = member["role"] == "admin" and form.action.data in ("remove", "role")
    if form.action.data == "role" and form.role.data == "admin":
        losing_admin = False
    if losing_admin and users.admin_count(db, g.council["id"]) <= 1:
        nothing_changed()
        flash(
            "The council must keep at least one admin. Make someone else an admin first.",
            "important",
        )
        return redirect(url_for(".people"))
    if form.action.data == "remove":
        users.revoke(db, user_id, g.council["id"])
        note("member", user_id, "access removed", member["email"])
        flash(f"{member['email']} can no longer sign in to {g.council['name']}")
    elif form.action.data == "role" and form.role.data in users.ROLES:
        users.grant(db, user_id, g.council["id"], form.role.data)
        _note_role(user_id, member["email"], member["role"], form.role.data)
        flash(f"{member['email']} is now {users.ROLES[form.role.data].lower()}")
    else:
        abort(400)
    if user_id == current_user.id and form.action.data == "remove":
        return redirect(url_for("councils.index"))
    return redirect(url_for(".people"))


@bp.route("/people/<int:user_id>/password", methods=["GET", "POST"])
def set_password(user_id):
    """Set a new password for someone who has forgotten theirs; their sessions end."""
    db = get_db()
    member = _member_or_404(user_id)
    if user_id == current_user.id:
        nothing_changed()
        return redirect(url_for("auth.change_password"))
    if user_id not in _password_settable(db):
        nothing_changed()
        flash(
            f"You cannot set a password for {member['email']}: they can also sign in to a"
            " council you are not an admin of. Whoever runs this service can set one.",
            "important",
        )
        return redirect(url_for(".people"))
    form = SetPasswordForm()
    if form.is_submitted():
        password = form.answers(member["email"])
        if password:
            users.set_password(db, user_id, password, temporary=True)
            for council_id in users.memberships(db, user_id):  # every council they sign in to
                note("member", user_id, "new password set", member["email"], council_id)
            flash(
                f"{member['email']} has a new, temporary password. Give it to them in person or"
                " by phone, not by email: they choose their own when they next sign in."
            )
            return redirect(url_for(".people"))
    return render_template("admin/set_password.html", form=form, member=member), (
        400 if form.errors else 200
    )


@bp.get("/audit")
def audit_log():
    """Show the newest changes to this council's records: who, when and what."""
    return render_template(
        "admin/audit.html",
        entries=audit.for_council(get_db(), g.council["id"], limit=500),
    )


@bp.get("/export.json")
def export():
    """Download all the council's data as one file that another installation can import."""
    data = council_files.export_council(get_db(), g.council["id"])
    name = f"{g.council['slug']}-export.json"
    return Response(
        json.dumps(data, ensure_ascii=False, indent=1),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
