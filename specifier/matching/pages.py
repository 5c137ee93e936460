"""Page handlers shared by the matching pages and the guided set-up's review of measures.

The matcher's index is built in the background the first time; until it is ready these pages
show progress. Decisions return to the page they were made on, at the measure decided.
"""

from flask import abort, current_app, flash, g, jsonify, redirect, render_template, url_for

from specifier.catalogue import catalogue
from specifier.db import connect
from specifier.matching import decisions, service
from specifier.matching.forms import DecisionForm
from specifier.priorities import priorities
from specifier.web.access import note, nothing_changed
from specifier.web.db import get_db

DONE = {"accepted": "accepted", "rejected": "rejected", "undo": "decision undone"}


def index_or_start():
    """Return the council's index, or start building it and return None (show progress)."""
    index = service.ready_index(get_db(), g.council["id"])
    if index is None:
        path = current_app.config["DATABASE"]
        service.start_build(lambda: connect(path), g.council["id"])
    return index


def progress_page():
    """The page shown while the council's catalogue is read for matching."""
    return render_template("matching/progress.html", job=service.job_for(g.council["id"])), 202


def progress_report():
    """The background job as JSON for the progress script; a worker with no job starts one."""
    council_id = g.council["id"]
    # No job here (after a restart, or on another worker process): start one, as the page would.
    if service.job_for(council_id) is None:
        index = index_or_start()
    else:
        index = service.ready_index(get_db(), council_id)
    job = service.job_for(council_id)
    return jsonify(
        ready=index is not None,
        percent=round(100 * job.done / job.total) if job and job.total else 0,
        error=bool(job and job.error),
    )


def rows_for(priority_list, results, db):
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


def apply_decision(priority_id):
    """Carry out an accept, reject or undo button unless someone decided first.

    Returns the anchor to go back to: the measure itself, or none when the decision was refused,
    so the page opens at the banner that says why.
    """
    db = get_db()
    council_id = g.council["id"]
    form = DecisionForm()
    priority = priorities.get(db, council_id, priority_id)
    if priority is None:
        abort(404)
    if not form.validate():
        abort(400)
    code, decision = form.code.data, form.decision.data
    if catalogue.get(db, council_id, code) is None:
        abort(404)
    title = priority["title"]
    if decisions.change(db, council_id, priority_id, code, decision, form.seen.data or ""):
        note("match", f"{priority_id}/{code}", decision, f"{code} {DONE[decision]} for {title}")
        flash(f"{code} {DONE[decision]} for “{title}”")
        return code
    now = decisions.by_priority(db, council_id, priority_id).get(code, "not decided")
    nothing_changed()
    flash(
        f"Someone else changed the decision on {code} for “{title}” while you had the page"
        f" open: it is now {now}. Nothing was changed; decide again if you still want to.",
        "important",
    )
    return None


def back_to_decision(endpoint, item_id, **values):
    """Return to the page at the decided measure, whose note saying so takes the focus.

    A refused decision (no item) returns to the top of the page, where the banner says why.
    """
    if item_id is None:
        return redirect(url_for(endpoint, **values))
    return redirect(url_for(endpoint, decided=item_id, _anchor=f"{item_id}-saved", **values))
