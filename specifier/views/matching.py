"""Matching pages: suggestions per priority, batch review, and accept or reject."""

from flask import abort, current_app, g, jsonify, redirect, render_template, request, url_for

from specifier import catalogue, priorities
from specifier.db import connect, get_db
from specifier.forms import DecisionForm
from specifier.matching import decisions, service
from specifier.views import council_blueprint

bp = council_blueprint("matching", __name__, "/matches")


def _index_or_progress():
    """Return the council's index, or start building it and return None (show progress)."""
    db = get_db()
    index = service.ready_index(db, g.council["id"])
    if index is None:
        path = current_app.config["DATABASE"]
        service.start_build(lambda: connect(path), g.council["id"])
    return index


def _progress_page():
    return render_template("matching/progress.html", job=service.job_for(g.council["id"])), 202


def _rows(priority_list, results, db):
    """Pair each priority with its suggestions, the measures and the council's decisions."""
    rows = []
    for priority, result in zip(priority_list, results, strict=True):
        chosen = decisions.by_priority(db, g.council["id"], priority["id"])
        suggestions = [
            (m, catalogue.get(db, g.council["id"], m.code), chosen.get(m.code))
            for m in result.matches
        ]
        rows.append({"priority": priority, "result": result, "suggestions": suggestions})
    return rows


@bp.get("/")
def review():
    """Match every active priority at once and review the suggestions on one page."""
    index = _index_or_progress()
    if index is None:
        return _progress_page()
    db = get_db()
    active = priorities.search(db, g.council["id"], status="active")
    results = service.suggest(db, g.council["id"], index, active, top=3)
    return render_template(
        "matching/review.html", rows=_rows(active, results, db), form=DecisionForm()
    )


@bp.get("/<int:priority_id>")
def priority(priority_id):
    """Show the ranked measures for one priority, with why each was suggested."""
    db = get_db()
    found = priorities.get(db, g.council["id"], priority_id)
    if found is None:
        abort(404)
    index = _index_or_progress()
    if index is None:
        return _progress_page()
    result = service.suggest(db, g.council["id"], index, [found], top=5)[0]
    return render_template(
        "matching/priority.html", row=_rows([found], [result], db)[0], form=DecisionForm()
    )


@bp.get("/progress.json")
def progress():
    """Report the background embedding job, for the progress page's script."""
    job = service.job_for(g.council["id"])
    ready = service.ready_index(get_db(), g.council["id"]) is not None
    return jsonify(
        ready=ready,
        done=job.done if job else 0,
        total=job.total if job else 0,
        error=job.error if job else "",
    )


@bp.post("/<int:priority_id>/decide")
def decide(priority_id):
    """Accept, reject or undo a suggested measure for a priority."""
    db = get_db()
    form = DecisionForm()
    if priorities.get(db, g.council["id"], priority_id) is None:
        abort(404)
    if not form.validate():
        abort(400)
    code = form.code.data
    if catalogue.get(db, g.council["id"], code) is None:
        abort(404)
    if form.decision.data == "undo":
        decisions.undo(db, g.council["id"], priority_id, code)
    else:
        decisions.record(db, g.council["id"], priority_id, code, form.decision.data)
    if request.form.get("return_to") == "review":
        return redirect(url_for(".review", _anchor=f"priority-{priority_id}"))
    return redirect(url_for(".priority", priority_id=priority_id, _anchor=f"measure-{code}"))
