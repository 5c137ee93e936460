"""Commands for whoever runs the installation: accounts and passwords."""

import click
from flask.cli import with_appcontext

from specifier import audit
from specifier.accounts import users
from specifier.councils.commands import council_or_fail
from specifier.fields import Invalid
from specifier.web.db import get_db


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
    council = council_or_fail(slug)
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
        user_id = users.create(db, email, users.hash_password(password), name)
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


COMMANDS = (create_user_command, set_password_command)
