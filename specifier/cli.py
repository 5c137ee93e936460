"""The command line: `flask <command>`. The database commands live here; each domain brings its own.

Every command is documented in the README.
"""

import functools
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from specifier import backups, samples
from specifier.accounts import commands as account_commands
from specifier.catalogue import commands as catalogue_commands
from specifier.catalogue import files as catalogue_files
from specifier.councils import commands as council_commands
from specifier.councils import councils
from specifier.db import BUSY_TIMEOUT_MS, is_busy, migrate
from specifier.matching import commands as matching_commands
from specifier.migrations import migrations
from specifier.priorities import commands as priority_commands
from specifier.record_files import FileRejected
from specifier.specification import commands as specification_commands
from specifier.web.db import close_db, get_db


@click.command("init-db")
@with_appcontext
def init_db_command():
    """Create or migrate the database and install or refresh our open catalogue."""
    db = get_db()
    pending = len(migrations.pending(db))
    migrate(db)
    count = catalogue_files.load_builtin(db)
    click.echo(
        f"{current_app.config['DATABASE']}: {pending} migration(s) applied, {count} measures."
    )


@click.command("load-samples")
@with_appcontext
@click.option("--if-empty", is_flag=True, help="Only load when no council exists yet.")
def load_samples_command(if_empty):
    """Load the sample councils from priorities/councils/ with their priorities."""
    db = get_db()
    if if_empty and not councils.is_empty(db):
        click.echo("Councils already present; sample councils not loaded.")
    else:
        for path in samples.council_files(current_app.config["PRIORITIES_DIR"]):
            try:
                name, count = samples.load_council_file(db, path)
            except FileRejected as exc:
                raise click.ClickException(f"Nothing was loaded.\n{exc}") from exc
            click.echo(
                f"{name}: already here, left as it is."
                if count is None
                else f"{name}: {count} priorities."
            )
    if current_app.config["ENVIRONMENT"] == "production":
        click.echo("No demo accounts in production: use flask create-user.")
        return
    for email in samples.ensure_demo_users(db, current_app.config["PRIORITIES_DIR"]):
        click.echo(f"Demo sign-in (local development only): {email} / {samples.DEMO_PASSWORD}")


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
        staged = backups.prepare(path, live)
    except backups.BackupError as exc:
        raise click.ClickException(f"{exc}. Nothing was restored.") from exc
    try:
        if not yes:
            click.confirm(f"Replace everything in {live} with {path}?", abort=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        safety = Path(live).parent / "backups" / f"before-restore-{stamp}.db"  # beside it
        close_db()
        if Path(live).exists():
            backups.backup(live, safety)
        backups.restore(staged, live)
    except backups.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        staged.unlink(missing_ok=True)
    click.echo(f"Restored {path} into {live}. The previous database is kept in {safety}.")


def _saying_when_locked(command):
    """Make a command report a database kept locked by another program, not blame its input."""
    run = command.callback

    @functools.wraps(run)
    def callback(*args, **kwargs):
        try:
            return run(*args, **kwargs)
        except sqlite3.OperationalError as exc:
            if not is_busy(exc):
                raise
            raise click.ClickException(
                "The database is locked: another program (the running app or another flask"
                f" command) kept it busy for more than {BUSY_TIMEOUT_MS // 1000} seconds."
                " What this command was writing when it stopped was not saved: run it again"
                " in a moment."
            ) from exc

    command.callback = callback
    return command


COMMANDS = (
    init_db_command,
    load_samples_command,
    *council_commands.COMMANDS,
    *priority_commands.COMMANDS,
    *catalogue_commands.COMMANDS,
    *matching_commands.COMMANDS,
    *specification_commands.COMMANDS,
    *account_commands.COMMANDS,
    backup_command,
    restore_command,
)


COMMANDS = tuple(map(_saying_when_locked, COMMANDS))


def init_app(app):
    """Register the commands."""
    for command in COMMANDS:
        app.cli.add_command(command)
