"""The priorities register pages: list, filter, view, add, edit, archive and export."""

from flask import abort, flash, g, redirect, render_template, request, url_for

from specifier.catalogue import catalogue
from specifier.matching import decisions
from specifier.priorities import files as priority_files
from specifier.priorities import priorities
from specifier.priorities.forms import (
    ConfirmForm,
    PrioritiesImportForm,
    PriorityFilterForm,
    PriorityForm,
)
from specifier.record_files import FileRejected
from specifier.themes import theme_label
from specifier.web.access import note, nothing_changed
from specifier.web.blueprints import council_blueprint, csv_download
from specifier.web.db import get_db
from specifier.web.forms import differences
from specifier.wording import counted

bp = council_blueprint("priorities", __name__, "/priorities")
# A banner travels in the session cookie (about 4 KB at most), so it names only a few titles.
SKIPPED_NAMED = 5


def _priority_or_404(priority_id):
    priority = priorities.get(get_db(), g.council["id"], priority_id)
    if priority is None:
        abort(404)
    return priority


@bp.get("/")
def index():
    """List the register, filtered by theme, status, importance or words."""
    filters = PriorityFilterForm(request.args)
    found = priorities.search(
        get_db(),
        g.council["id"],
        theme=filters.theme.data,
        status=filters.status.data,
        importance=filters.importance.data,
        text_query=(filters.q.data or "").strip(),
    )
    filtered = any(request.args.get(k) for k in ("q", "theme", "status", "importance"))
    return render_template(
        "priorities/index.html", priorities=found, filters=filters, filtered=filtered
    )


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Add a priority to the register."""
    form = PriorityForm()
    if request.method == "POST":
        record = form.record()
        if record is not None:
            priority_id = priorities.create(get_db(), g.council["id"], record)
            note("priority", priority_id, "added", record["title"])
            flash(f"Priority added: {record['title']}")
            return redirect(url_for(".show", priority_id=priority_id))
    return render_template("priorities/form.html", form=form, priority=None)


@bp.get("/<int:priority_id>")
def show(priority_id):
    """Show one priority with its evidence."""
    priority = _priority_or_404(priority_id)
    db = get_db()
    codes = decisions.accepted_codes(db, g.council["id"]).get(priority_id, [])
    accepted = [m for m in (catalogue.get(db, g.council["id"], c) for c in codes) if m]
    return render_template("priorities/show.html", priority=priority, accepted=accepted)


@bp.route("/<int:priority_id>/edit", methods=["GET", "POST"])
def edit(priority_id):
    """Change a priority; a save over someone else's newer change is refused, keeping your text."""
    priority = _priority_or_404(priority_id)
    form = PriorityForm()
    conflict, changed = None, []
    if request.method == "POST":
        record = form.record()
        version = request.form.get("version", type=int)
        if version is None:  # every edit must say what it started from, or it could overwrite
            abort(400)
        if record is not None:
            if priorities.update(get_db(), g.council["id"], priority_id, record, version=version):
                note("priority", priority_id, "edited", record["title"])
                flash(f"Priority updated: {record['title']}")
                return redirect(url_for(".show", priority_id=priority_id))
            shown = {"theme": theme_label, "importance": str.capitalize, "status": str.capitalize}
            changed = differences(form, priority, record, priorities.COLUMNS, shown)
            conflict = {
                "message": "Someone else changed this priority while you were editing it."
                " Where their version differs from yours it is shown below; your changes are"
                " still in the form. Check them and save again.",
                "href": "#their-version",
            }
    else:
        form.load(priority)
    return render_template(
        "priorities/form.html",
        form=form,
        priority=priority,
        conflict=conflict,
        differences=changed,
    ), (409 if conflict else 200)


@bp.route("/<int:priority_id>/archive", methods=["GET", "POST"])
def archive(priority_id):
    """Archive a priority after confirmation; it stays in the register, marked archived."""
    priority = _priority_or_404(priority_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        priorities.set_status(get_db(), g.council["id"], priority_id, "archived")
        note("priority", priority_id, "archived", priority["title"])
        flash(f"Priority archived: {priority['title']}")
        return redirect(url_for(".index"))
    return render_template("priorities/archive.html", priority=priority, form=form)


@bp.route("/import", methods=["GET", "POST"])
def import_file():
    """Add the priorities in an uploaded YAML, CSV or JSON file, all or none of them."""
    form = PrioritiesImportForm()
    if request.method == "POST" and (upload := form.upload()):
        data, filename = upload
        try:
            ids, skipped = priority_files.load(get_db(), g.council["id"], data, filename)
        except FileRejected as exc:
            form.refuse(str(exc).splitlines())
        else:
            _report_import(ids, skipped, filename)
            return redirect(url_for(".index"))
    return render_template("priorities/import.html", upload=form), (400 if form.problems else 200)


def _report_import(ids, skipped, filename):
    """Log what an import added, and tell the user that and which titles it skipped."""
    named = f" {priority_files.skipped_sentence(skipped, SKIPPED_NAMED)}" if skipped else ""
    if not ids:  # not a success, and nothing for the audit log
        nothing_changed()
        flash(f"No priorities added from {filename}.{named}", "important")
        return
    count = counted(len(ids), "priority")
    also = f"; {len(skipped)} skipped as already in the register" if skipped else ""
    note("priority", "", "imported", f"{count} added from {filename}{also}")
    flash(f"{count} added to the register from {filename}.{named}")


@bp.get("/export.csv")
def export():
    """Download the council's priorities as CSV (the format load-priorities accepts)."""
    return csv_download(priority_files.export_csv(get_db(), g.council["id"]), "priorities")
