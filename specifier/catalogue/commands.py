"""Commands for the catalogue: import a council's own measures, export the catalogue."""

from pathlib import Path

import click
from flask.cli import with_appcontext

from specifier.catalogue import files as catalogue_files
from specifier.catalogue.catalogue import new_themes_notice
from specifier.councils.commands import council_or_fail
from specifier.matching import service
from specifier.matching.commands import embedding_progress
from specifier.record_files import FileRejected
from specifier.web.db import get_db


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
    council = council_or_fail(slug)
    try:
        added, updated, new_themes = catalogue_files.import_changes(
            get_db(), council["id"], file.read_bytes(), file.name
        )
    except FileRejected as exc:
        raise click.ClickException(f"Nothing was loaded.\n{exc}") from exc
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
    council_id = council_or_fail(slug)["id"] if slug else None
    output.write_text(catalogue_files.export_csv(get_db(), council_id), encoding="utf-8")
    click.echo(f"Wrote {output}.")


COMMANDS = (import_catalogue_command, export_catalogue_command)
