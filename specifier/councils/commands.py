"""Commands for councils: the sample councils, and moving a council between installations."""

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from specifier.accounts import audit
from specifier.councils import councils, samples
from specifier.councils import files as council_files
from specifier.record_files import FileRejected
from specifier.web.db import get_db


def council_or_fail(slug):
    """Return the council with this slug, or stop the command saying there is none."""
    council = councils.get_by_slug(get_db(), slug)
    if council is None:
        raise click.ClickException(f"No council with slug '{slug}'")
    return council


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


@click.command("export-council")
@with_appcontext
@click.option("--council", "slug", required=True, help="The council's slug.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def export_council_command(slug, output):
    """Write all of a council's data to one JSON file that import-council accepts."""
    db = get_db()
    council = council_or_fail(slug)
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


COMMANDS = (load_samples_command, export_council_command, import_council_command)
