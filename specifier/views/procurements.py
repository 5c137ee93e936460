"""Procurement and specification pages: describe a contract, choose outcomes, edit, check, download."""

from flask import Response, abort, flash, g, redirect, render_template, request, url_for

from specifier import procurements, specifications
from specifier.db import get_db
from specifier.fields import Invalid, number
from specifier.procurement_forms import ClauseForm, ProcurementForm, SettingsForm
from specifier.spec import (
    checks,
    document,
    docx_export,
    html_export,
    ocds_export,
    readability,
    service,
)
from specifier.views import council_blueprint

bp = council_blueprint("procurements", __name__, "/procurements")
DOWNLOADS = {
    "docx": (
        docx_export.render,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    "html": (lambda doc: html_export.render(doc), "text/html", "html"),
    "ocds": (lambda doc: ocds_export.package(doc), "application/json", "json"),
}


def _procurement_or_404(procurement_id):
    found = procurements.get(get_db(), g.council["id"], procurement_id)
    if found is None:
        abort(404)
    return found


def _document(procurement):
    db = get_db()
    spec = specifications.get_or_create(db, g.council["id"], procurement["id"])
    return spec, document.build(service.inputs(db, g.council, procurement, spec))


@bp.get("/")
def index():
    """List the council's procurements."""
    return render_template(
        "procurements/index.html", procurements=procurements.for_council(get_db(), g.council["id"])
    )


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Describe a new contract."""
    form = ProcurementForm()
    if request.method == "GET":
        form.nation.data = g.council["nation"]
    if request.method == "POST":
        record = form.record(g.council["nation"])
        if record is not None:
            procurement_id = procurements.create(get_db(), g.council["id"], record)
            flash(f"Procurement saved: {record['title']}")
            return redirect(url_for(".outcomes", procurement_id=procurement_id))
    return render_template("procurements/form.html", form=form, procurement=None)


@bp.route("/<int:procurement_id>/edit", methods=["GET", "POST"])
def edit(procurement_id):
    """Change a contract's description, value or dates."""
    procurement = _procurement_or_404(procurement_id)
    form = ProcurementForm()
    if request.method == "POST":
        record = form.record(g.council["nation"])
        if record is not None:
            procurements.update(get_db(), g.council["id"], procurement_id, record)
            flash(f"Procurement updated: {record['title']}")
            return redirect(url_for(".specification", procurement_id=procurement_id))
    else:
        form.load(procurement)
    return render_template("procurements/form.html", form=form, procurement=procurement)


@bp.route("/<int:procurement_id>/outcomes", methods=["GET", "POST"])
def outcomes(procurement_id):
    """Suggest priorities and measures that fit the contract; the commissioner ticks outcomes."""
    procurement = _procurement_or_404(procurement_id)
    db = get_db()
    spec = specifications.get_or_create(db, g.council["id"], procurement_id)
    candidates = service.candidates(db, g.council["id"], procurement, top=20)
    by_code = {c.code: c for c in candidates}
    error = None
    if request.method == "POST":
        codes = [code for code in request.form.getlist("codes") if code in by_code]
        if codes:
            chosen = [(code, by_code[code].priority["id"]) for code in codes]
            specifications.set_outcomes(db, g.council["id"], spec["id"], chosen)
            return redirect(url_for(".specification", procurement_id=procurement_id))
        error = "Select at least one outcome"
    selected = (
        request.form.getlist("codes")
        if request.method == "POST"
        else [o["measure_code"] for o in specifications.outcomes(db, g.council["id"], spec["id"])]
    )
    return render_template(
        "procurements/outcomes.html",
        procurement=procurement,
        candidates=candidates,
        selected=selected,
        error=error,
    ), (400 if error else 200)


@bp.route("/<int:procurement_id>/specification", methods=["GET", "POST"])
def specification(procurement_id):
    """Show the document with its checks and readability, and the settings and minimums."""
    procurement = _procurement_or_404(procurement_id)
    db = get_db()
    spec = specifications.get_or_create(db, g.council["id"], procurement_id)
    form = SettingsForm()
    if request.method == "POST":
        record = form.record()
        if record is not None:
            specifications.update_settings(db, g.council["id"], spec["id"], record)
            flash("Settings saved")
            return redirect(url_for(".specification", procurement_id=procurement_id))
    else:
        weighting = spec["weighting_pct"]
        form.weighting_pct.data = "" if weighting is None else f"{weighting:g}"
        form.scoring_scale.data = spec["scoring_scale"]
        form.status.data = spec["status"]
        form.forced.data = bool(spec["forced"])
    spec = specifications.for_procurement(db, g.council["id"], procurement_id)
    doc = document.build(service.inputs(db, g.council, procurement, spec))
    whole, each = readability.for_document(doc) if doc.included else (None, {})
    return render_template(
        "specifications/show.html",
        procurement=procurement,
        spec=spec,
        doc=doc,
        form=form,
        findings=checks.run(doc),
        readability=whole,
        clause_scores=each,
        target=readability.TARGET,
    )


@bp.post("/<int:procurement_id>/specification/outcomes/<code>")
def minimum(procurement_id, code):
    """Change one outcome's minimum and rationale (blank returns to the suggestion)."""
    procurement = _procurement_or_404(procurement_id)
    db = get_db()
    spec = specifications.get_or_create(db, g.council["id"], procurement["id"])
    raw = request.form.get("minimum", "").strip()
    try:
        value = number(raw, minimum=0) if raw else None
    except ValueError:
        flash(f"Minimum for {code} must be a number, like 12. Nothing was changed.")
        return redirect(url_for(".specification", procurement_id=procurement_id, _anchor=code))
    rationale = request.form.get("rationale", "").strip()[:1000]
    if not specifications.set_minimum(db, g.council["id"], spec["id"], code, value, rationale):
        abort(404)
    flash(f"Minimum updated for {code}")
    return redirect(
        url_for(".specification", procurement_id=procurement_id, _anchor=f"outcome-{code}")
    )


@bp.route("/<int:procurement_id>/specification/clauses/<key>", methods=["GET", "POST"])
def clause(procurement_id, key):
    """Edit one clause; each save is kept as a version and survives regeneration."""
    procurement = _procurement_or_404(procurement_id)
    db = get_db()
    spec, doc = _document(procurement)
    found = doc.clause(key)
    if found is None:
        abort(404)
    form = ClauseForm()
    if request.method == "POST" and form.validate():
        try:
            text = specifications.clean_clause(form.text.data)
        except Invalid as exc:
            form.text.errors = [exc.errors["text"]]
        else:
            if request.form.get("reset"):
                text = ""
            specifications.edit_clause(db, g.council["id"], spec["id"], key, text)
            flash(
                f"Clause {found.number} {'reset to the generated wording' if not text else 'saved'}"
            )
            return redirect(
                url_for(".specification", procurement_id=procurement_id, _anchor=f"clause-{key}")
            )
    elif request.method == "GET":
        form.text.data = found.text
    return render_template(
        "specifications/clause.html",
        procurement=procurement,
        clause=found,
        form=form,
        history=specifications.clause_history(db, g.council["id"], spec["id"], key),
        score=readability.score(found.text),
        target=readability.TARGET,
    )


@bp.get("/<int:procurement_id>/specification.<fmt>")
def download(procurement_id, fmt):
    """Download the specification as Word, standalone HTML or OCDS JSON."""
    if fmt not in DOWNLOADS:
        abort(404)
    procurement = _procurement_or_404(procurement_id)
    _spec, doc = _document(procurement)
    if not doc.included:
        abort(404)
    render, mimetype, suffix = DOWNLOADS[fmt]
    name = f"{g.council['slug']}-{procurement_id}-social-value.{suffix}"
    return Response(
        render(doc),
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
