"""Procurement and specification pages: describe a contract, choose outcomes, edit, check, download."""

import re

from flask import (
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from specifier import wording
from specifier.fields import Invalid
from specifier.specification import (
    checks,
    document,
    procurements,
    readability,
    relevance,
    service,
    specifications,
    workspace,
)
from specifier.specification.export import html_page, ocds, word
from specifier.specification.forms import ClauseForm, ProcurementForm, SettingsForm, lots_text
from specifier.web.access import note
from specifier.web.blueprints import council_blueprint
from specifier.web.db import get_db
from specifier.web.forms import differences

bp = council_blueprint("procurements", __name__, "/procurements")
# Pages show commitments the way the exports do: "£7,000 spent", "1 household".
bp.add_app_template_filter(wording.measured, "measured")
PARTICIPLE = re.compile(r"^(\w+ed|met)$")  # "plan *published*", "standards *met*"


@bp.app_template_filter("minimum_label")
def minimum_label(unit):
    """Name a minimum's field so its unit reads as English: 'Minimum number of plans published'."""
    unit = (unit or "").strip()
    words = unit.split(" ")
    if unit.startswith("£"):
        return f"Minimum in pounds {unit[1:].strip()}".strip()
    if unit.startswith("%"):
        return f"Minimum percentage {unit[1:].strip()}".strip()
    if len(words) > 1 and words[0].isalpha() and words[0].islower() and PARTICIPLE.match(words[1]):
        return f"Minimum number of {_plural(words[0])} {' '.join(words[1:])}"
    if unit.isalpha() and unit.islower() and (unit.endswith("s") or unit == "people"):
        return f"Minimum number of {unit}"
    return f"Minimum in {unit}" if unit else "Minimum"


def _plural(noun):
    """Return a counted noun's plural: 'plan' → 'plans', 'facility' → 'facilities'."""
    if noun.endswith("s"):
        return noun
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


DOWNLOADS = {
    "docx": (
        word.render,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    "html": (lambda doc: html_page.render(doc), "text/html", "html"),
    "ocds": (
        lambda doc: ocds.package(doc, prefix=current_app.config["OCDS_PREFIX"]),
        "application/json",
        "json",
    ),
}


def _procurement_or_404(procurement_id):
    found = procurements.get(get_db(), g.council["id"], procurement_id)
    if found is None:
        abort(404)
    return found


def _refuse_if_locked(procurement_id):
    """Stop any change to a final specification: say why and show it instead."""
    spec = specifications.for_procurement(get_db(), g.council["id"], procurement_id)
    if specifications.is_locked(spec):
        flash(specifications.LOCKED, "important")
        return redirect(url_for(".specification", procurement_id=procurement_id))
    return None


def _document(procurement):
    db = get_db()
    spec = specifications.get_or_create(db, g.council["id"], procurement["id"])
    return spec, document.build(service.inputs(db, g.council, procurement, spec))


@bp.get("/")
def index():
    """List the council's contracts with where each specification stands."""
    return render_template(
        "procurements/index.html",
        procurements=workspace.listing(get_db(), g.council["id"]),
        statuses=specifications.STATUSES,
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
            note("procurement", procurement_id, "added", record["title"])
            flash(f"Contract saved: {record['title']}")
            return redirect(url_for(".outcomes", procurement_id=procurement_id))
    return render_template("procurements/form.html", form=form, procurement=None)


@bp.route("/<int:procurement_id>/edit", methods=["GET", "POST"])
def edit(procurement_id):
    """Change a contract's description, value or dates."""
    procurement = _procurement_or_404(procurement_id)
    if refused := _refuse_if_locked(procurement_id):
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
            conflict = _conflict("this contract", "#their-version")
            shown = {
                "value_gbp": lambda v: f"£{v:,}" if isinstance(v, int) else str(v or ""),
                "lots": lots_text,
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


def _conflict(what, href):
    return {
        "message": f"Someone else changed {what} while you were editing it. Their version is"
        " shown; your changes are still in the form. Check them and save again.",
        "href": href,
    }


def _named(code, by_code):
    """A measure as a person reads it: "JOB-01 (Local residents employed...)"."""
    return f"{code} ({by_code[code].measure['title']})" if code in by_code else code


OUTCOMES_SHOWN = 20  # the best fits listed at first; any outcome already chosen is listed too


@bp.route("/<int:procurement_id>/outcomes", methods=["GET", "POST"])
def outcomes(procurement_id):
    """Suggest priorities and measures that fit the contract; the commissioner ticks outcomes."""
    procurement = _procurement_or_404(procurement_id)
    if refused := _refuse_if_locked(procurement_id):
        return refused
    db = get_db()
    spec = specifications.get_or_create(db, g.council["id"], procurement_id)
    stored = specifications.outcomes(db, g.council["id"], spec["id"])
    current = [o["measure_code"] for o in stored]
    candidates = service.candidates(db, g.council["id"], procurement)
    candidates += service.still_chosen(db, g.council["id"], stored, candidates)
    by_code = {c.code: c for c in candidates}
    error, conflict = None, False
    expand = request.form.get("show") == "all"  # list every fit, keeping the ticks, unsaved
    show_all = expand or request.form.get("all") == "1"
    if request.method == "POST" and not expand:
        codes = [code for code in request.form.getlist("codes") if code in by_code]
        started_from = request.form.get("was")
        if started_from is not None and started_from != ",".join(current):
            conflict = True
            error = (
                "Someone else changed the outcomes while you were choosing. Their choice is "
                + (", ".join(_named(code, by_code) for code in current) or "no outcomes")
                + ". Your ticks are kept below: check them and save again."
            )
        elif codes:
            chosen = [(code, (by_code[code].priority or {}).get("id")) for code in codes]
            specifications.set_outcomes(db, g.council["id"], spec["id"], chosen)
            note("specification", spec["id"], "outcomes chosen", ", ".join(codes))
            return redirect(url_for(".specification", procurement_id=procurement_id))
        else:
            error = "Select at least one outcome"
    selected = request.form.getlist("codes") if request.method == "POST" else current
    shown = [
        c for i, c in enumerate(candidates) if show_all or i < OUTCOMES_SHOWN or c.code in selected
    ]
    return render_template(
        "procurements/outcomes.html",
        procurement=procurement,
        candidates=shown,
        reasons=relevance.telling_reasons(shown),
        hidden=len(candidates) - len(shown),
        show_all=show_all,
        shown_first=OUTCOMES_SHOWN,
        # The outcomes this person started from: listing more must not hide a colleague's change.
        was=request.form.get("was", ",".join(current)) if expand else ",".join(current),
        selected=selected,
        current=current,
        error=error,
    ), (409 if conflict else 400 if error else 200)


@bp.route("/<int:procurement_id>/specification", methods=["GET", "POST"])
def specification(procurement_id):
    """Show the document with its checks and readability, and the settings and minimums."""
    procurement = _procurement_or_404(procurement_id)
    db = get_db()
    spec = specifications.get_or_create(db, g.council["id"], procurement_id)
    form = SettingsForm()
    conflict = None
    if request.method == "POST" and (refused := _refuse_if_locked(procurement_id)):
        return refused
    if request.method == "POST":
        record = form.record()
        version = request.form.get("version", type=int)
        if record is not None:
            if specifications.update_settings(
                db, g.council["id"], spec["id"], record, version=version
            ):
                note("specification", spec["id"], "settings changed", _settings_summary(record))
                flash("Settings saved")
                return redirect(url_for(".specification", procurement_id=procurement_id))
            conflict = _conflict("the settings", "#their-settings")
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
    spec = specifications.for_procurement(db, g.council["id"], procurement["id"])
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
        outcome_versions=specifications.outcome_versions(db, g.council["id"], spec["id"]),
        conflict=conflict,
        kept=kept,
    ), status or (409 if conflict else 200)


@bp.post("/<int:procurement_id>/specification/outcomes/<path:code>")
def minimum(procurement_id, code):
    """Change one outcome's minimum and rationale (blank returns to the suggestion)."""
    procurement = _procurement_or_404(procurement_id)
    if refused := _refuse_if_locked(procurement_id):
        return refused
    db = get_db()
    spec = specifications.get_or_create(db, g.council["id"], procurement["id"])
    if specifications.outcome(db, g.council["id"], spec["id"], code) is None:
        abort(404)
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
    version = request.form.get("version", type=int)
    if not specifications.set_minimum(
        db, g.council["id"], spec["id"], code, value, rationale, version=version
    ):
        return _specification_page(
            procurement,
            form,
            conflict=_conflict(f"the minimum for {code}", f"#minimum-{code}"),
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


@bp.route("/<int:procurement_id>/specification/clauses/<key>", methods=["GET", "POST"])
def clause(procurement_id, key):
    """Edit one clause; each save is kept as a version and survives regeneration.

    The form carries the version it started from: a save over someone else's newer version is
    refused with their text shown and yours kept in the field.
    """
    procurement = _procurement_or_404(procurement_id)
    if refused := _refuse_if_locked(procurement_id):
        return refused
    db = get_db()
    spec, doc = _document(procurement)
    found = doc.clause(key)
    if found is None:
        abort(404)
    form = ClauseForm()
    conflict = None
    current = specifications.clause_version(db, g.council["id"], spec["id"], key)
    if request.method == "POST" and form.validate():
        try:
            text = specifications.clean_clause(form.text.data)
        except Invalid as exc:
            form.text.errors = [exc.errors["text"]]
        else:
            if request.form.get("reset"):
                text = ""
            base = request.form.get("base_version", type=int)
            saved = specifications.edit_clause(
                db,
                g.council["id"],
                spec["id"],
                key,
                text,
                author=current_user.email,
                base_version=current if base is None else base,
            )
            if saved is not None:
                action = "reset to the generated wording" if not text else "saved"
                note("clause", f"{spec['id']}/{key}", f"version {saved} {action}", text[:200])
                flash(f"Clause {found.number} {action}")
                return redirect(
                    url_for(
                        ".specification", procurement_id=procurement_id, _anchor=f"clause-{key}"
                    )
                )
            conflict = _conflict(f"clause {found.number}", "#their-version")
    elif request.method == "GET":
        form.text.data = found.text
    history = specifications.clause_history(db, g.council["id"], spec["id"], key)
    return render_template(
        "specifications/clause.html",
        procurement=procurement,
        clause=found,
        form=form,
        history=history,
        base_version=current,
        theirs=history[0] if conflict and history else None,
        conflict=conflict,
        score=readability.score(found.text),
        target=readability.TARGET,
    ), (409 if conflict else 200)


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
