"""Procurement and specification pages: describe a contract, choose outcomes, edit, check, download."""

import io

from flask import (
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)

from specifier.fields import Invalid
from specifier.specification import (
    listing,
    pages,
    procurements,
    service,
    specifications,
)
from specifier.specification.export.commitments import issue_for
from specifier.specification.export.formats import FORMATS
from specifier.specification.forms import YES_NO, ProcurementForm, SettingsForm, lots_text
from specifier.specification.review import review
from specifier.web import exports
from specifier.web.access import note
from specifier.web.blueprints import council_blueprint
from specifier.web.db import get_db
from specifier.web.forms import differences

bp = council_blueprint("procurements", __name__, "/procurements")


# What follows "specification." in a download's address, and the file it gives.
DOWNLOADS = {
    "docx": FORMATS["docx"],
    "html": FORMATS["html"],
    "ocds": FORMATS["ocds"],
    "response.docx": FORMATS["response"],
    "xlsx": FORMATS["workbook"],
    "zip": FORMATS["pack"],
}
# The specification itself may carry the officers' notes as an appendix; the rest never do.
NOTES_FORMATS = ("docx", "html")


@bp.get("/")
def index():
    """List the council's contracts with where each specification stands."""
    return render_template(
        "procurements/index.html",
        procurements=listing.listing(get_db(), g.council["id"]),
        statuses=specifications.STATUSES,
    )


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Describe a new contract."""
    form = ProcurementForm()
    if request.method == "GET":
        form.nation.data = g.council["nation"]
        form.kind.data = "contract"
    if request.method == "POST":
        record = form.record(g.council["nation"])
        if record is not None:
            procurement_id = procurements.create(get_db(), g.council["id"], record)
            note("procurement", procurement_id, "added", record["title"])
            flash(f"Contract saved: {record['title']}")
            return redirect(url_for(".outcomes", procurement_id=procurement_id))
    return render_template("procurements/form.html", form=form, procurement=None)


@bp.route("/<int:procurement_id>/edit", methods=["GET", "POST"])
def edit(procurement_id):
    """Change a contract's description, value or dates."""
    procurement = pages.procurement_or_404(procurement_id)
    if refused := pages.refuse_if_locked(procurement_id):
        return refused
    form = ProcurementForm()
    conflict, changed = None, []
    if request.method == "POST":
        record = form.record(g.council["nation"])
        version = request.form.get("version", type=int)
        if version is None:  # every edit must say what it started from, or it could overwrite
            abort(400)
        if record is not None:
            db = get_db()
            if procurements.update(db, g.council["id"], procurement_id, record, version=version):
                note("procurement", procurement_id, "edited", record["title"])
                flash(f"Contract updated: {record['title']}")
                return redirect(url_for(".specification", procurement_id=procurement_id))
            conflict = pages.conflict_problem("this contract", "#their-version")
            pounds = lambda v: f"£{v:,}" if isinstance(v, int) else str(v or "")  # noqa: E731
            shown = {
                "value_gbp": pounds,
                "guaranteed_value_gbp": pounds,
                "lots": lots_text,
                **{
                    name: lambda v, answers=answers: answers[{True: "yes", False: "no"}.get(v, "")]
                    for name, answers in YES_NO.items()
                },
            }
            changed = differences(form, procurement, record, procurements.COLUMNS, shown)
    else:
        form.load(procurement)
    return render_template(
        "procurements/form.html",
        form=form,
        procurement=procurement,
        conflict=conflict,
        differences=changed,
    ), (409 if conflict else 200)


@bp.route("/<int:procurement_id>/specification", methods=["GET", "POST"])
def specification(procurement_id):
    """Show the document with its checks and readability, and the settings and minimums."""
    procurement = pages.procurement_or_404(procurement_id)
    db = get_db()
    spec = specifications.get_or_create(db, g.council["id"], procurement_id)
    form = SettingsForm()
    conflict = None
    if request.method == "POST" and (refused := pages.refuse_if_locked(procurement_id)):
        return refused
    if request.method == "POST":
        record = form.record()
        version = request.form.get("version", type=int)
        if version is None:  # every edit must say what it started from, or it could overwrite
            abort(400)
        if record is not None:
            if specifications.update_settings(
                db, g.council["id"], spec["id"], record, version=version
            ):
                note("specification", spec["id"], "settings changed", _settings_summary(record))
                flash("Settings saved")
                return redirect(url_for(".specification", procurement_id=procurement_id))
            conflict = pages.conflict_problem("the settings", "#their-settings")
    else:
        _fill_settings(form, spec)
    return _specification_page(
        procurement, form, conflict=conflict, status=400 if form.errors else None
    )


def _settings_summary(record):
    weighting = (
        "council default" if record["weighting_pct"] is None else f"{record['weighting_pct']:g}%"
    )
    return f"weighting {weighting}, scale {record['scoring_scale']}, status {record['status']}"


def _specification_page(procurement, form, conflict=None, kept=None, status=None):
    """The specification page; `kept` holds a minimum form's text (and error) to show again.

    `conflict` is the problem the error summary links to: someone else's newer save, or a
    minimum that could not be saved.
    """
    db = get_db()
    spec, plan = service.issue_plan(db, g.council, procurement)
    doc = plan.chosen
    return render_template(
        "specifications/show.html",
        procurement=procurement,
        spec=spec,
        doc=doc,
        form=form,
        **review(doc, plan.notes),
        outcome_versions=specifications.outcome_versions(db, g.council["id"], spec["id"]),
        locked=specifications.is_locked(spec),
        conflict=conflict,
        kept=kept,
    ), status or (409 if conflict else 200)


@bp.post("/<int:procurement_id>/specification/outcomes/<path:code>")
def minimum(procurement_id, code):
    """Change one outcome's minimum and rationale (blank returns to the suggestion)."""
    procurement = pages.procurement_or_404(procurement_id)
    if refused := pages.refuse_if_locked(procurement_id):
        return refused
    db = get_db()
    spec = specifications.get_or_create(db, g.council["id"], procurement["id"])
    if specifications.outcome(db, g.council["id"], spec["id"], code) is None:
        abort(404)
    version = request.form.get("version", type=int)
    if version is None:  # every edit must say what it started from, or it could overwrite
        abort(400)
    raw = request.form.get("minimum", "").strip()
    rationale = request.form.get("rationale", "").strip()[:1000]
    kept = {"code": code, "minimum": raw, "rationale": rationale, "error": None}
    form = SettingsForm(formdata=None, obj=None)
    _fill_settings(form, spec)
    try:
        value = specifications.clean_minimum(raw, f"Minimum for {code}")
    except Invalid as exc:
        kept["error"] = exc.errors["minimum"]
        problem = {"message": kept["error"], "href": f"#minimum-{code}"}
        return _specification_page(procurement, form, conflict=problem, kept=kept, status=400)
    if not specifications.set_minimum(
        db, g.council["id"], spec["id"], code, value, rationale, version=version
    ):
        return _specification_page(
            procurement,
            form,
            conflict=pages.conflict_problem(f"the minimum for {code}", f"#minimum-{code}"),
            kept=kept,
        )
    summary = f"{code}: minimum {raw or 'as suggested'}" + (f"; {rationale}" if rationale else "")
    note("specification", spec["id"], "minimum changed", summary)
    flash(f"Minimum updated for {code}")
    return redirect(
        url_for(".specification", procurement_id=procurement_id, _anchor=f"outcome-{code}")
    )


def _fill_settings(form, spec):
    weighting = spec["weighting_pct"]
    form.weighting_pct.data = "" if weighting is None else f"{weighting:g}"
    form.scoring_scale.data = spec["scoring_scale"]
    form.status.data = spec["status"]
    form.forced.data = bool(spec["forced"])


@bp.route("/<int:procurement_id>/outcomes", methods=["GET", "POST"])
def outcomes(procurement_id):
    """Suggest priorities and measures that fit the contract; the commissioner ticks outcomes."""
    return pages.choose_outcomes(procurement_id)


@bp.get("/<int:procurement_id>/outcomes/progress.json")
def outcomes_progress(procurement_id):
    """Report the background job behind the outcomes page, for its progress script."""
    return pages.outcomes_progress_report(procurement_id)


@bp.route("/<int:procurement_id>/specification/who/<path:code>", methods=["GET", "POST"])
def who(procurement_id, code):
    """Confirm, change or lift who counts towards one outcome."""
    return pages.who_counts(procurement_id, code)


@bp.route("/<int:procurement_id>/specification/clauses/<key>", methods=["GET", "POST"])
def clause(procurement_id, key):
    """Edit one clause; each save is kept as a version and survives regeneration."""
    return pages.edit_clause(procurement_id, key)


@bp.get("/<int:procurement_id>/specification.<fmt>")
@exports.limited  # every format: a few at once per person and council, in a small pool
def download(procurement_id, fmt):
    """Download the specification (Word, HTML, OCDS JSON), response form, workbook or ITT pack."""
    if fmt not in DOWNLOADS:
        abort(404)
    procurement = pages.procurement_or_404(procurement_id)
    # Word and HTML can carry the officers' notes as an appendix; OCDS is for publication.
    notes = fmt in NOTES_FORMATS and request.args.get("notes") == "1"
    spec, plan = service.issue_plan(get_db(), g.council, procurement, officer_appendix=notes)
    if not plan.doc.included:
        abort(404)
    if not plan.writable:  # the same rule as `flask generate-spec`: no file with an error
        for line in plan.errors:
            flash(line, "important")
        return redirect(url_for(".specification", procurement_id=procurement_id, _anchor="checks"))
    doc = plan.doc
    found = DOWNLOADS[fmt]
    data = found.render(doc, issue_for(doc, spec), current_app.config["OCDS_PREFIX"])
    name = found.file_name(doc)
    if notes:  # never mistaken for the file to publish
        stem, dot, suffix = name.rpartition(".")
        name = f"{stem} - with notes for officers{dot}{suffix}"
    return send_file(
        io.BytesIO(data),
        mimetype=found.mimetype,
        as_attachment=True,
        download_name=name,
    )
