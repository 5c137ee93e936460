"""The measure catalogue pages: browse, search and download."""

from flask import abort, flash, g, redirect, render_template, request, url_for

from specifier.catalogue import catalogue
from specifier.catalogue import files as catalogue_files
from specifier.catalogue.catalogue import new_themes_notice
from specifier.catalogue.forms import CatalogueImportForm, MeasureForm
from specifier.matching import decisions
from specifier.priorities import priorities
from specifier.record_files import FileRejected
from specifier.themes import theme_label
from specifier.web.access import note
from specifier.web.blueprints import council_blueprint, csv_download
from specifier.web.db import get_db
from specifier.wording import counted, plural

bp = council_blueprint("catalogue", __name__, "/catalogue")


@bp.get("/")
def index():
    """Browse or search the measures this council can use."""
    db = get_db()
    words = request.args.get("q", "").strip()
    words = words if any(c.isalnum() for c in words) else ""  # only punctuation: no search
    theme = request.args.get("theme", "")
    category = request.args.get("category", "")
    measures = catalogue.search(
        db, g.council["id"], words, theme=theme or None, category=category or None
    )
    return render_template(
        "catalogue/index.html",
        measures=measures,
        words=words,
        theme=theme,
        category=category,
        themes=catalogue.themes_for(db, g.council["id"]),
        categories=catalogue.CATEGORIES,
    )


# A path, so that codes with "/" (allowed, like HF/JOB/1) have a page too.
@bp.get("/measures/<path:code>")
def show(code):
    """Show one measure in full."""
    measure = catalogue.get(get_db(), g.council["id"], code)
    if measure is None:
        abort(404)
    return render_template("catalogue/show.html", measure=measure)


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Draft a bespoke measure for the council's catalogue, prefilled from a priority if given."""
    db = get_db()
    form = MeasureForm()
    priority = priorities.get(db, g.council["id"], request.args.get("priority", type=int) or 0)
    if request.method == "GET" and priority:
        # The priority is the change wanted; the title is left for what a supplier will count.
        form.theme.data = theme_label(priority["theme"])
        form.outcome.data = priority["title"]
        form.description.data = priority["description"]
    if request.method == "POST":
        record = form.record()
        if record and catalogue.get(db, g.council["id"], record["code"]):
            form.code.errors = [f"Code {record['code']} is already used in your catalogue"]
        elif record and priority:
            catalogue.upsert_for_council(db, g.council["id"], [record])
            decisions.record(db, g.council["id"], priority["id"], record["code"], "accepted")
            note("match", f"{priority['id']}/{record['code']}", "accepted", "bespoke measure")
            flash(
                f"Measure added to your catalogue and accepted for “{priority['title']}”:"
                f" {record['code']}"
            )
            return redirect(url_for("matching.priority", priority_id=priority["id"]))
        elif record:
            catalogue.upsert_for_council(db, g.council["id"], [record])
            flash(f"Measure added to your catalogue: {record['code']}")
            return redirect(url_for(".show", code=record["code"]))
    return render_template("catalogue/new.html", form=form, priority=priority)


@bp.route("/import", methods=["GET", "POST"])
def import_file():
    """Add or update the council's own measures from an uploaded catalogue CSV, all or nothing.

    The matcher's index is keyed by a fingerprint of the catalogue, so the next match rebuilds it.
    """
    form = CatalogueImportForm()
    if request.method == "POST" and (upload := form.upload()):
        data, filename = upload
        try:
            added, updated, new_themes = catalogue_files.import_changes(
                get_db(), g.council["id"], data, filename
            )
        except FileRejected as exc:
            form.refuse(str(exc).splitlines())
        else:
            summary = _changes(added, updated)
            codes = ", ".join(added + updated)
            note("measure", "", "imported", f"{summary} from {filename}: {codes}")
            flash(f"Your catalogue: {summary} from {filename}")
            if new_themes:
                flash(new_themes_notice(new_themes), "important")
            return redirect(url_for(".index"))
    return render_template("catalogue/import.html", upload=form), (400 if form.problems else 200)


def _changes(added, updated):
    """Say how many measures were added and updated, like "3 measures added, 1 updated"."""
    parts = []
    if added:
        parts.append(f"{counted(len(added), 'measure')} added")
    if updated:
        noun = "" if added else f" {plural('measure', len(updated))}"
        parts.append(f"{len(updated)}{noun} updated")
    return ", ".join(parts)


@bp.get("/export.csv")
def export():
    """Download the catalogue in the import format."""
    return csv_download(catalogue_files.export_csv(get_db(), g.council["id"]), "catalogue")
