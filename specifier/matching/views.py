"""Matching pages: suggestions per priority, batch review, and accept or reject."""

from flask import (
    abort,
    g,
    render_template,
    request,
)

from specifier.matching import decisions, pages, service
from specifier.matching.forms import DecisionForm
from specifier.priorities import priorities
from specifier.web.blueprints import council_blueprint
from specifier.web.db import get_db

bp = council_blueprint("matching", __name__, "/matches")


@bp.get("/")
def review():
    """Match every active priority at once and review the suggestions on one page."""
    index = pages.index_or_start()
    if index is None:
        return pages.progress_page()
    db = get_db()
    active = priorities.search(db, g.council["id"], status="active")
    results = service.suggest(db, g.council["id"], index, active, top=3)
    accepted = decisions.accepted_codes(db, g.council["id"])
    return render_template(
        "matching/review.html",
        rows=pages.rows_for(active, results, db),
        form=DecisionForm(),
        with_measure=sum(1 for p in active if accepted.get(p["id"])),
    )


@bp.get("/<int:priority_id>")
def priority(priority_id):
    """Show the ranked measures for one priority, with why each was suggested."""
    db = get_db()
    found = priorities.get(db, g.council["id"], priority_id)
    if found is None:
        abort(404)
    index = pages.index_or_start()
    if index is None:
        return pages.progress_page()
    result = service.suggest(db, g.council["id"], index, [found], top=5)[0]
    return render_template(
        "matching/priority.html", row=pages.rows_for([found], [result], db)[0], form=DecisionForm()
    )


@bp.get("/progress.json")
def progress():
    """Report the background embedding job, for the progress page's script."""
    return pages.progress_report()


@bp.post("/<int:priority_id>/decide")
def decide(priority_id):
    """Accept, reject or undo a suggested measure for a priority."""
    code = pages.apply_decision(priority_id)
    if request.form.get("return_to") == "review":
        return pages.back_to_decision(".review", code and f"p{priority_id}-{code}")
    return pages.back_to_decision(".priority", code and f"measure-{code}", priority_id=priority_id)
