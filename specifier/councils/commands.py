"""Commands for councils: moving a council between installations."""

import json
from pathlib import Path

import click
from flask.cli import with_appcontext

from specifier import audit
from specifier.councils import councils
from specifier.councils import files as council_files
from specifier.record_files import FileRejected
from specifier.web.db import get_db


def council_or_fail(slug):
    """Return the council with this slug, or stop the command saying there is none."""
    council = councils.get_by_slug(get_db(), slug)
    if council is None:
        raise click.ClickException(f"No council with slug '{slug}'")
    return council


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


COMMANDS = (export_council_command, import_council_command)
