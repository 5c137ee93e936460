"""Commands for the priorities register: load a file of priorities, export the register."""

from pathlib import Path

import click
from flask.cli import with_appcontext

from specifier.councils.commands import council_or_fail
from specifier.priorities import files as priority_files
from specifier.record_files import FileRejected
from specifier.web.db import get_db


@click.command("load-priorities")
@with_appcontext
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--council", "slug", required=True, help="The council's slug.")
def load_priorities_command(file, slug):
    """Add the priorities in FILE (YAML, CSV or JSON) that a council's register does not have."""
    council = council_or_fail(slug)
    try:
        ids, skipped = priority_files.load(get_db(), council["id"], file.read_bytes(), file.name)
    except FileRejected as exc:
        raise click.ClickException(f"Nothing was loaded.\n{exc}") from exc
    click.echo(f"Loaded {len(ids)} priorities for {council['name']}.")
    if skipped:
        click.echo(priority_files.skipped_sentence(skipped))


@click.command("export-priorities")
@with_appcontext
@click.option("--council", "slug", required=True, help="The council's slug.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def export_priorities_command(slug, output):
    """Write a council's priorities to a CSV file that load-priorities accepts."""
    council = council_or_fail(slug)
    output.write_text(priority_files.export_csv(get_db(), council["id"]), encoding="utf-8")
    click.echo(f"Wrote {output}.")


COMMANDS = (load_priorities_command, export_priorities_command)
