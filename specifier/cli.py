"""Command-line interface: `flask <command>`; every command is documented in the README."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from specifier import admin_commands, catalogue_files, councils, priority_files, samples
from specifier.db import get_db, migrate
from specifier.matching import service
from specifier.matching.commands import embedding_progress, evaluate_command, match_command
from specifier.migrations import migrations
from specifier.record_files import FileRejected
from specifier.spec.commands import generate_spec_command
from specifier.themes import new_themes_notice


def _council(slug):
    council = councils.get_by_slug(get_db(), slug)
    if council is None:
        raise click.ClickException(f"No council with slug '{slug}'")
    return council


def _rejected(exc):
    return click.ClickException(f"Nothing was loaded.\n{exc}")


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
                raise _rejected(exc) from exc
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


@click.command("load-priorities")
@with_appcontext
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--council", "slug", required=True, help="The council's slug.")
def load_priorities_command(file, slug):
    """Add the priorities in FILE (YAML, CSV or JSON) that a council's register does not have."""
    council = _council(slug)
    try:
        ids, skipped = priority_files.load(get_db(), council["id"], file.read_bytes(), file.name)
    except FileRejected as exc:
        raise _rejected(exc) from exc
    click.echo(f"Loaded {len(ids)} priorities for {council['name']}.")
    if skipped:
        click.echo(priority_files.skipped_sentence(skipped))


@click.command("export-priorities")
@with_appcontext
@click.option("--council", "slug", required=True, help="The council's slug.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def export_priorities_command(slug, output):
    """Write a council's priorities to a CSV file that load-priorities accepts."""
    council = _council(slug)
    output.write_text(priority_files.export_csv(get_db(), council["id"]), encoding="utf-8")
    click.echo(f"Wrote {output}.")


@click.command("import-catalogue")
@with_appcontext
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--council", "slug", required=True, help="The council's slug.")
@click.option(
    "--embed/--no-embed",
    default=True,
    show_default=True,
    help="Embed the catalogue for matching now, with a progress bar.",
)
def import_catalogue_command(file, slug, embed):
    """Add or update a council's own measures from a catalogue CSV file."""
    council = _council(slug)
    try:
        added, updated, new_themes = catalogue_files.import_changes(
            get_db(), council["id"], file.read_bytes(), file.name
        )
    except FileRejected as exc:
        raise _rejected(exc) from exc
    click.echo(f"Imported {len(added) + len(updated)} measures for {council['name']}.")
    if new_themes:
        click.echo(new_themes_notice(new_themes))
    if embed:
        with embedding_progress() as progress:
            service.build_index(get_db(), council["id"], progress)
        click.echo("The catalogue is ready for matching.")


@click.command("export-catalogue")
@with_appcontext
@click.option("--council", "slug", help="Include this council's own measures.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def export_catalogue_command(slug, output):
    """Write the catalogue (ours, plus a council's own) as a CSV that import-catalogue accepts."""
    council_id = _council(slug)["id"] if slug else None
    output.write_text(catalogue_files.export_csv(get_db(), council_id), encoding="utf-8")
    click.echo(f"Wrote {output}.")


COMMANDS = (
    init_db_command,
    load_samples_command,
    load_priorities_command,
    export_priorities_command,
    import_catalogue_command,
    export_catalogue_command,
    match_command,
    evaluate_command,
    generate_spec_command,
    *admin_commands.COMMANDS,
)


def init_app(app):
    """Register the commands."""
    for command in COMMANDS:
        app.cli.add_command(command)
