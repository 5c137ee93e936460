"""`flask generate-spec`: a procurement file in, a Word, HTML or OCDS specification out."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from specifier.catalogue import catalogue
from specifier.councils import councils
from specifier.councils.commands import council_or_fail
from specifier.record_files import FileRejected
from specifier.specification import checks, document, files, relevance, service
from specifier.specification.export import html_page, ocds, word
from specifier.web.db import get_db

RENDERERS = {
    "html": lambda doc: html_page.render(doc).encode("utf-8"),
    "docx": word.render,
    "ocds": lambda doc: ocds.package(doc, prefix=current_app.config["OCDS_PREFIX"]).encode("utf-8"),
}


def _chosen(db, council, parsed):
    """The outcomes named in the file, or the council's accepted matches ranked for relevance."""
    council_id = council["id"]
    if parsed["outcomes"]:
        chosen = []
        for item in parsed["outcomes"]:
            measure = catalogue.get(db, council_id, item["measure"])
            if measure is None:
                raise click.ClickException(f"No measure with code '{item['measure']}'")
            priority = service.find_priority(db, council_id, item["priority"])
            if item["priority"] and priority is None:
                raise click.ClickException(f"No priority called '{item['priority']}'")
            chosen.append({**item, "measure": measure, "priority": priority})
        return chosen
    ranked = service.candidates(db, council_id, parsed["procurement"])
    picked = relevance.choose(ranked, councils.outcome_limit(council))
    for candidate in picked:
        click.echo(
            f"Chose {candidate.code}: {candidate.measure['title']} ({candidate.score:.2f})",
            err=True,
        )
    return [{"measure": c.measure, "priority": c.priority} for c in picked]


@click.command("generate-spec")
@click.option("--council", "slug", required=True, help="The council's slug.")
@click.option(
    "--procurement",
    "procurement_file",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Procurement file (YAML; see priorities/procurements/README.md).",
)
@click.option("--format", "output_format", type=click.Choice(sorted(RENDERERS)), required=True)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option(
    "--force", is_flag=True, help="Include social value even below the council's threshold."
)
@with_appcontext
def generate_spec_command(slug, procurement_file, output_format, output, force):
    """Write a social value specification for a procurement as Word, HTML or OCDS."""
    db = get_db()
    council = council_or_fail(slug)
    try:
        parsed = files.parse(procurement_file.read_bytes(), procurement_file.name, council=council)
    except FileRejected as exc:
        raise click.ClickException(f"Nothing was generated.\n{exc}") from exc
    settings = parsed["settings"]
    inputs = document.Inputs(
        council=council,
        procurement=parsed["procurement"],
        chosen=_chosen(db, council, parsed),
        weighting_pct=settings["weighting_pct"],
        scoring_scale=settings["scoring_scale"],
        forced=force or settings["force"],
    )
    doc = document.build(inputs)
    if not doc.included:
        raise click.ClickException(
            f"The contract is below {council['name']}'s threshold of"
            f" £{council['threshold_gbp']:,}, so no social value section is needed."
            " Use --force to write one anyway."
        )
    for check in checks.run(doc):
        if check.level != "ok":
            click.echo(f"{check.level.capitalize()}: {check.topic}: {check.message}", err=True)
    output.write_bytes(RENDERERS[output_format](doc))
    click.echo(f"Wrote {output} ({len(doc.outcomes)} outcomes, {doc.weighting.pct:g}% weighting).")


COMMANDS = (generate_spec_command,)
