"""The commissioner's workspace: specifications by status, search, duplicate, compare, coverage."""

from flask import abort, flash, g, redirect, render_template, request, url_for

from specifier.fields import Invalid
from specifier.specification import (
    comparison,
    fit,
    lifecycle,
    listing,
    procurements,
    service,
    specifications,
)
from specifier.specification.forms import (
    CompareForm,
    DuplicateForm,
    FinalForm,
    SearchForm,
    StatusForm,
    VersionsForm,
)
from specifier.specification.pages import procurement_or_404
from specifier.web.access import note
from specifier.web.blueprints import council_blueprint
from specifier.web.db import get_db

bp = council_blueprint("workspace", __name__, "/workspace")


def _document_for(procurement):
    return service.document_for(get_db(), g.council, procurement)


@bp.get("/")
def index():
    """The council's specifications by status, with search."""
    search = SearchForm(request.args)
    query = (search.q.data or "").strip()
    status = search.status.data if search.status.data in specifications.STATUSES else ""
    rows = listing.listing(get_db(), g.council["id"], text_query=query, status=status)
    return render_template(
        "workspace/index.html",
        search=search,
        grouped=listing.by_status(rows),
        count=len(rows),
        count_all=listing.count(get_db(), g.council["id"]),
        searched=bool(query or status),
    )


@bp.get("/specifications/<int:procurement_id>")
def manage(procurement_id):
    """One specification's status, what can be done with it, and its edited clauses."""
    procurement = procurement_or_404(procurement_id)
    db = get_db()
    spec, plan = service.issue_plan(get_db(), g.council, procurement)
    doc = plan.chosen
    edited = [c for c in doc.clauses() if c.edited or _versions(spec, c.key)]
    copied = specifications.get(db, g.council["id"], spec["copied_from"] or 0)
    source = procurements.get(db, g.council["id"], copied["procurement_id"]) if copied else None
    return render_template(
        "workspace/manage.html",
        procurement=procurement,
        spec=spec,
        doc=doc,
        findings=fit.findings(doc, plan.notes),
        edited=edited,
        source=source,
        others=listing.count(db, g.council["id"]) > 1,
        next_statuses=lifecycle.TRANSITIONS[spec["status"]],
        actions=lifecycle.ACTIONS,
        statuses=specifications.STATUSES,
        form=StatusForm(),
    )


def _versions(spec, key):
    return specifications.clause_history(get_db(), g.council["id"], spec["id"], key)


@bp.post("/specifications/<int:procurement_id>/status")
def status(procurement_id):
    """Send a specification for review, or return it to draft."""
    procurement = procurement_or_404(procurement_id)
    form = StatusForm()
    if not form.validate():
        abort(400)
    spec, _doc = _document_for(procurement)
    try:
        lifecycle.change_status(get_db(), g.council["id"], spec, form.status.data)
    except Invalid as exc:
        flash(exc.errors["status"], "important")
    else:
        note("specification", spec["id"], f"status {form.status.data}", procurement["title"])
        flash(f"{procurement['title']}: {specifications.STATUSES[form.status.data].lower()}")
    return redirect(url_for(".manage", procurement_id=procurement_id))


@bp.route("/specifications/<int:procurement_id>/final", methods=["GET", "POST"])
def final(procurement_id):
    """Confirm marking a specification final: after that it can only be downloaded or copied."""
    procurement = procurement_or_404(procurement_id)
    spec, plan = service.issue_plan(get_db(), g.council, procurement)
    doc = plan.chosen
    if specifications.is_locked(spec):
        return redirect(url_for(".manage", procurement_id=procurement_id))
    findings = fit.findings(doc, plan.notes)
    problems = lifecycle.final_problems(doc, findings)
    form = FinalForm()
    if form.validate_on_submit() and not problems:
        lifecycle.change_status(
            get_db(), g.council["id"], spec, "final", doc=doc, findings=findings
        )
        note("specification", spec["id"], "status final", procurement["title"])
        flash(f"{procurement['title']} is final")
        return redirect(url_for(".manage", procurement_id=procurement_id))
    return render_template(
        "workspace/final.html", procurement=procurement, form=form, problems=problems
    )


@bp.route("/specifications/<int:procurement_id>/duplicate", methods=["GET", "POST"])
def duplicate(procurement_id):
    """Copy a specification as a new draft, for the next tender or to change a final one."""
    procurement = procurement_or_404(procurement_id)
    form = DuplicateForm()
    if request.method == "POST" and form.validate():
        try:
            new_id = lifecycle.duplicate(get_db(), g.council["id"], procurement, form.title.data)
        except Invalid as exc:
            form.title.errors = [exc.errors.get("title", "Enter a title for the copy")]
        else:
            note("procurement", new_id, "duplicated", f"from {procurement_id}: {form.title.data}")
            flash(f"Copy made: {form.title.data.strip()}")
            return redirect(url_for(".manage", procurement_id=new_id))
    elif request.method == "GET":
        form.title.data = lifecycle.copy_title(procurement["title"])
    return render_template("workspace/duplicate.html", procurement=procurement, form=form)


@bp.get("/compare")
def compare():
    """Compare two specifications clause by clause, marking what was added and taken out.

    A link may name the first specification only; the choices are checked once both are sent.
    """
    rows = listing.listing(get_db(), g.council["id"])
    choices = {str(r["procurement_id"]): f"{r['title']} ({r['status']})" for r in rows}
    form = CompareForm(request.args)
    first, second = form.first.data, form.second.data
    form.first.choices = {"": "Choose a specification", **choices}
    # The second list leaves out the first specification: it cannot be compared with itself.
    form.second.choices = {
        "": "Choose a specification",
        **{key: label for key, label in choices.items() if key != first},
    }
    result = None
    if "first" in request.args and "second" in request.args:
        _check_pair(form, choices, first, second)
        if not form.errors:
            result = _comparison(first, second)
    return render_template("workspace/compare.html", form=form, result=result), (
        400 if form.errors else 200
    )


def _check_pair(form, choices, first, second):
    """Set the form's errors when the two choices are not two of the council's specifications."""
    if first not in choices:
        form.first.errors = ["Select the first specification"]
    if second not in choices:
        form.second.errors = ["Select the second specification"]
    elif second == first:
        form.second.errors = ["Select a different specification to compare with"]


def _comparison(first, second):
    """Build both documents and what differs between them."""
    (_s1, doc_a), (_s2, doc_b) = (
        _document_for(procurement_or_404(int(first))),
        _document_for(procurement_or_404(int(second))),
    )
    rows = comparison.compare_tables(doc_a, doc_b)
    return {
        "first": doc_a,
        "second": doc_b,
        "facts": comparison.compare_facts(doc_a, doc_b),
        "minimums": comparison.compare_minimums(doc_a, doc_b),
        "clauses": comparison.compare_documents(doc_a, doc_b),
        "rows": rows,
        # Every row of the second, and those only the first has.
        "rows_total": comparison.table_rows(doc_b) + sum(r.status == "removed" for r in rows),
    }


@bp.get("/specifications/<int:procurement_id>/clauses/<key>/versions")
def versions(procurement_id, key):
    """Compare two saved versions of one clause (version 0 is the generated wording)."""
    procurement = procurement_or_404(procurement_id)
    spec, doc = _document_for(procurement)
    clause = doc.clause(key)
    history = _versions(spec, key)
    if clause is None or not history:
        abort(404)
    labels = {"0": "The generated wording"}
    for row in reversed(history):
        labels[str(row["version"])] = f"Version {row['version']}, {row['created_at']}" + (
            "" if row["text"] else " (back to the generated wording)"
        )
    form = VersionsForm(request.args)
    form.older.choices = labels
    form.newer.choices = labels
    older = form.older.data if form.older.data in labels else str(max(history[0]["version"] - 1, 0))
    newer = form.newer.data if form.newer.data in labels else str(history[0]["version"])
    form.older.data, form.newer.data = older, newer
    parts = comparison.diff_words(
        comparison.version_text(history, int(older), clause.generated),
        comparison.version_text(history, int(newer), clause.generated),
    )
    return render_template(
        "workspace/versions.html",
        procurement=procurement,
        clause=clause,
        form=form,
        parts=parts,
        older=labels[older],
        newer=labels[newer],
    )


@bp.get("/coverage")
def coverage():
    """Which priorities are prescribed in which tenders, and which have never been asked for."""
    covered, never = listing.coverage(get_db(), g.council["id"])
    return render_template("workspace/coverage.html", covered=covered, never=never)
