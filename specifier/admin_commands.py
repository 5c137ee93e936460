"""Commands for whoever runs the installation: accounts, backups and moving a council."""

import json
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from specifier import audit, backups, council_files, councils, users
from specifier.db import close_db, get_db, migrate
from specifier.fields import Invalid
from specifier.record_files import FileRejected


@click.command("create-user")
@with_appcontext
@click.argument("email")
@click.option("--council", "slug", required=True, help="The council's slug.")
@click.option(
    "--role",
    type=click.Choice(list(users.ROLES)),
    required=True,
    help="admin, commissioner or viewer.",
)
@click.option("--name", default="", help="The person's name.")
def create_user_command(email, slug, role, name):
    """Give EMAIL a role in a council, creating the account (asking for a password) if new."""
    db = get_db()
    council = councils.get_by_slug(db, slug)
    if council is None:
        raise click.ClickException(f"No council with slug '{slug}'")
    try:
        email = users.clean_email(email)
    except Invalid as exc:
        raise click.ClickException(exc.errors["email"]) from exc
    existing = users.get_by_email(db, email)
    if existing:
        user_id = existing["id"]
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        problem = users.password_problem(password, email)
        if problem:
            raise click.ClickException(f"{problem}. No account was created.")
        user_id = users.create(db, email, password, name)
    users.grant(db, user_id, council["id"], role)
    audit.record(db, council["id"], None, "member", user_id, f"added as {role}", email)
    made = "" if existing else f"Created an account for {email}. "
    click.echo(f"{made}Gave {email} the {role} role in {council['name']}.")


@click.command("set-password")
@with_appcontext
@click.argument("email")
def set_password_command(email):
    """Give EMAIL's account a temporary password (asked for twice), signing it out everywhere."""
    db = get_db()
    try:
        email = users.clean_email(email)
    except Invalid as exc:
        raise click.ClickException(exc.errors["email"]) from exc
    account = users.get_by_email(db, email)
    if account is None:
        raise click.ClickException(f"No account with email '{email}'")
    password = click.prompt("New password", hide_input=True, confirmation_prompt=True)
    problem = users.password_problem(password, email)
    if problem:
        raise click.ClickException(f"{problem}. The password was not changed.")
    users.set_password(db, account["id"], password, temporary=True)
    for council_id in users.memberships(db, account["id"]) or [None]:
        audit.record(db, council_id, None, "account", account["id"], "new password set", email)
    click.echo(
        f"Set a new password for {email}. Anyone signed in as them has been signed out;"
        " they choose their own password when they next sign in."
    )


@click.command("backup")
@with_appcontext
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
def backup_command(path, force):
    """Write a consistent copy of the live database to PATH (safe while the app runs)."""
    try:
        count = backups.backup(current_app.config["DATABASE"], path, overwrite=force)
    except backups.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Backed up {count} council(s) to {path}.")


@click.command("restore")
@with_appcontext
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_command(path, yes):
    """Replace the live database with the backup in PATH (keeping a copy of the current one)."""
    live = current_app.config["DATABASE"]
    try:
        backups.check_backup(path)
    except backups.BackupError as exc:
        raise click.ClickException(f"{exc}. Nothing was restored.") from exc
    if not yes:
        click.confirm(f"Replace everything in {live} with {path}?", abort=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    safety = Path(live).parent / "backups" / f"before-restore-{stamp}.db"  # beside the database
    close_db()
    try:
        if Path(live).exists():
            backups.backup(live, safety)
        backups.restore(path, live)
    except backups.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    migrate(get_db())
    click.echo(f"Restored {path} into {live}. The previous database is kept in {safety}.")


@click.command("export-council")
@with_appcontext
@click.option("--council", "slug", required=True, help="The council's slug.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def export_council_command(slug, output):
    """Write all of a council's data to one JSON file that import-council accepts."""
    db = get_db()
    council = councils.get_by_slug(db, slug)
    if council is None:
        raise click.ClickException(f"No council with slug '{slug}'")
    data = council_files.export_council(db, council["id"])
    output.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    rows = sum(len(r) for r in data["tables"].values())
    click.echo(f"Wrote {council['name']} ({rows} records) to {output}.")


@click.command("import-council")
@with_appcontext
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--slug", help="Import under this address instead of the one in the file.")
def import_council_command(file, slug):
    """Create the council in FILE (from export-council) with all its data, all or nothing."""
    db = get_db()
    try:
        council_id, counts = council_files.import_council(
            db, file.read_bytes(), file.name, slug=slug
        )
    except FileRejected as exc:
        raise click.ClickException(f"Nothing was imported.\n{exc}") from exc
    council = next(c for c in councils.all_councils(db) if c["id"] == council_id)
    audit.record(db, council_id, None, "council", council_id, "imported", file.name)
    summary = ", ".join(f"{n} {table.replace('_', ' ')}" for table, n in counts.items() if n)
    click.echo(f"Imported {council['name']} as '{council['slug']}': {summary or 'no records'}.")
    click.echo(
        f"Give someone access with: flask create-user EMAIL --council {council['slug']} --role admin"
    )


COMMANDS = (
    create_user_command,
    set_password_command,
    backup_command,
    restore_command,
    export_council_command,
    import_council_command,
)
