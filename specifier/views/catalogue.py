"""The measure catalogue pages: browse, search and download."""

from flask import Response, abort, flash, g, redirect, render_template, request, url_for

from specifier import catalogue, catalogue_files, priorities
from specifier.db import get_db
from specifier.forms import MeasureForm
from specifier.matching import decisions
from specifier.themes import theme_label
from specifier.views import council_blueprint
from specifier.views.access import note

bp = council_blueprint("catalogue", __name__, "/catalogue")


@bp.get("/")
def index():
    """Browse or search the measures this council can use."""
    db = get_db()
    words = request.args.get("q", "").strip()
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


@bp.get("/measures/<code>")
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


@bp.get("/export.csv")
def export():
    """Download the catalogue in the import format."""
    body = catalogue_files.export_csv(get_db(), g.council["id"])
    return Response(
        body,
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{g.council["slug"]}-catalogue.csv"'
        },
    )
