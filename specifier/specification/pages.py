"""Page handlers shared by the specification pages and the guided set-up.

Choosing outcomes and editing a clause look the same wherever they are reached: their links
and redirects name endpoints relative to the blueprint that routes to them, so from the guided
set-up they come back to its review page, with the same checks (the final lock, a colleague's
newer save).
"""

from flask import (
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from specifier.councils import councils
from specifier.db import connect
from specifier.fields import Invalid
from specifier.matching import service as matching_service
from specifier.matching.embeddings import NotCached
from specifier.priorities import priorities
from specifier.specification import (
    call_offs,
    comparison,
    eligibility,
    procurements,
    proportionality,
    readability,
    relevance,
    service,
    specifications,
)
from specifier.specification.forms import ClauseForm, WhoForm
from specifier.web.access import note
from specifier.web.db import get_db

OUTCOMES_SHOWN = 20  # the best fits listed at first; any outcome already chosen is listed too
# "Show more" lists this many at most, so the page stays small however large the catalogue.
OUTCOMES_LISTED = 100


def procurement_or_404(procurement_id):
    """Return one of the council's procurements, or answer 404."""
    found = procurements.get(get_db(), g.council["id"], procurement_id)
    if found is None:
        abort(404)
    return found


def refuse_if_locked(procurement_id):
    """Stop any change to a final specification: say why and show it instead."""
    spec = specifications.for_procurement(get_db(), g.council["id"], procurement_id)
    if specifications.is_locked(spec):
        flash(specifications.LOCKED, "important")
        return redirect(url_for(".specification", procurement_id=procurement_id))
    return None


def conflict_problem(what, href):
    """The error summary's problem when someone else saved first: what, and where to look."""
    return {
        "message": f"Someone else changed {what} while you were editing it. Their version is"
        " shown; your changes are still in the form. Check them and save again.",
        "href": href,
    }


def _named(code, by_code):
    """A measure as a person reads it: "JOB-01 (Local residents employed...)"."""
    return f"{code} ({by_code[code].measure['title']})" if code in by_code else code


def _credited(candidate, form, active):
    """The priority an outcome is credited to: its accepted match, or the one the officer chose.

    Never one chosen by theme alone: a measure not accepted for a priority is credited only to
    the priority picked for it on the page (or to none).
    """
    if candidate.priority:
        return candidate.priority["id"]
    chosen = form.get(f"priority-{candidate.code}", type=int)
    return chosen if chosen in active else None


def choose_outcomes(procurement_id):
    """Suggest priorities and measures that fit the contract; the commissioner ticks outcomes.

    The first time, the council's accepted measures that fit best are ticked already, up to
    the number a contract of this size should carry.
    """
    procurement = procurement_or_404(procurement_id)
    if refused := refuse_if_locked(procurement_id):
        return refused
    db = get_db()
    council_id = g.council["id"]
    spec = specifications.get_or_create(db, council_id, procurement_id)
    try:
        # A save waits for anything new to be embedded, so the ticks are never lost to a
        # progress page; opening the page does not.
        candidates, current = service.outcome_candidates(
            db, council_id, procurement, spec, wait=request.method == "POST"
        )
    except NotCached:
        return outcomes_progress_page(procurement)
    stored = {
        o["measure_code"]: o["priority_id"]
        for o in specifications.outcomes(db, council_id, spec["id"])
    }
    active = {p["id"]: p for p in priorities.search(db, council_id, status="active")}
    by_code = {c.code: c for c in candidates}
    # The council's maximum is a cap the page enforces; a smaller contract should carry fewer.
    cap = councils.outcome_limit(g.council)
    limit = proportionality.outcome_limit(procurement, cap)
    error, conflict = None, False
    expand = request.form.get("show") == "all"  # list every fit, keeping the ticks, unsaved
    show_all = expand or request.form.get("all") == "1"
    if request.method == "POST" and not expand:
        started_from = request.form.get("was")
        if started_from is None:  # every edit must say what it started from, or it could overwrite
            abort(400)
        codes = list(dict.fromkeys(c for c in request.form.getlist("codes") if c in by_code))
        was = [c for c in started_from.split(",") if c]
        chosen = [(code, _credited(by_code[code], request.form, active)) for code in codes]
        added = _beside_conditions(procurement, spec, candidates, codes, limit)
        chosen += [(c.code, c.priority["id"] if c.priority else None) for c in added]
        if was != current:
            conflict = True
        elif _scored(codes, by_code) > cap:
            error = (
                f"Select {cap} outcomes or fewer: your council's policy is at most {cap} per tender"
            )
        elif codes and specifications.set_outcomes(db, council_id, spec["id"], chosen, was=was):
            note("specification", spec["id"], "outcomes chosen", ", ".join(c for c, _ in chosen))
            if added:
                flash(_added_beside(codes, added, by_code, procurement, spec))
            return redirect(url_for(".specification", procurement_id=procurement_id))
        elif codes:  # a colleague saved between reading the outcomes and saving these
            conflict = True
            current = [
                o["measure_code"] for o in specifications.outcomes(db, council_id, spec["id"])
            ]
        else:
            error = "Select at least one outcome"
        if conflict:
            error = (
                "Someone else changed the outcomes while you were choosing. Their choice is "
                + (", ".join(_named(code, by_code) for code in current) or "no outcomes")
                + ". Your ticks are kept below: check them and save again."
            )
    preselected = request.method == "GET" and not current
    if request.method == "POST":
        selected = request.form.getlist("codes")
        picked = {c.code: request.form.get(f"priority-{c.code}", type=int) for c in candidates}
    else:
        # Only the council's own accepted measures are ticked for it, never a theme's guess.
        accepted = [c.code for c in relevance.choose(candidates, limit) if c.accepted]
        selected = accepted if preselected else current
        picked = stored
    # Why an accepted measure that fits is not ticked for the officer (never left unsaid); the
    # page ticks only accepted measures, so the cap the chooser filled is not a reason here.
    passed = relevance.passed_over(candidates, limit, over_cap=False)
    unticked = [(c, why) for c, why in passed if c.accepted]
    # Listed: the best fits, and what is ticked among those a page can offer (so a post that
    # ticks thousands of codes is not answered with thousands of checkboxes).
    offered = {c.code for c in candidates[:OUTCOMES_LISTED]} | set(current)
    ticked = offered.intersection(selected)
    first = OUTCOMES_LISTED if show_all else OUTCOMES_SHOWN
    shown = [c for i, c in enumerate(candidates) if i < first or c.code in ticked]
    return render_template(
        "procurements/outcomes.html",
        procurement=procurement,
        candidates=shown,
        reasons=relevance.telling_reasons(shown, unticked),
        hidden=len(candidates) - len(shown),
        show_all=show_all,
        shown_first=OUTCOMES_SHOWN,
        # The outcomes this person started from: listing more must not hide a colleague's change.
        was=request.form.get("was", ",".join(current)) if expand else ",".join(current),
        selected=selected,
        scored=_scored(selected, by_code),
        preselected=preselected and bool(selected),
        picked=picked,
        priorities=list(active.values()),
        limit=limit,
        cap=cap,
        current=current,
        error=error,
    ), (409 if conflict else 400 if error else 200)


def _weighting(procurement, spec):
    """The weighting where only contract conditions are ticked: the one set in the settings,
    else the council's; 0 for a call-off, whose framework fixes what is evaluated, as the
    document is written."""
    override = call_offs.weighting_override(procurement, True, spec["weighting_pct"])
    return proportionality.weighting(g.council, procurement, override=override).pct


def _beside_conditions(procurement, spec, candidates, codes, limit):
    """The outcomes the page would tick for the officer, added where the officer ticked only
    contract conditions, which carry no marks: none at a 0% weighting, the council's decision
    to secure social value by the conditions alone (as a procurement file's `outcomes:`)."""
    if (
        not codes
        or _scored(codes, {c.code: c for c in candidates})
        or not _weighting(procurement, spec)
    ):
        return []
    rest = [c for c in candidates if c.code not in codes]
    return [
        c
        for c in relevance.choose(rest, limit)
        if c.accepted and not relevance.is_condition(c.measure)
    ]


def _added_beside(codes, added, by_code, procurement, spec):
    """The message saying which outcomes were added beside the conditions, and how to issue
    the conditions alone."""
    return (
        f"You chose only contract conditions ({', '.join(_named(c, by_code) for c in codes)}),"
        " which are pass or fail and carry no marks, so the outcomes that fit this contract best"
        f" were added to carry the {_weighting(procurement, spec):g}% weighting: "
        + ", ".join(_named(c.code, by_code) for c in added)
        + ". To secure social value through the conditions alone, with nothing scored, set the"
        " weighting to 0 in the settings, then choose the conditions alone."
    )


def _scored(codes, by_code):
    """How many of the codes are scored outcomes: the cap is on those, and a contract condition
    (the real Living Wage) uses none of its slots."""
    return len(
        [c for c in codes if c in by_code and not relevance.is_condition(by_code[c].measure)]
    )


def _find_outcomes(procurement):
    """Embed what ranking this contract's outcomes needs, in the background, unless under way."""
    council_id, path = g.council["id"], current_app.config["DATABASE"]
    return matching_service.start_job(
        ("outcomes", council_id, procurement["id"]),
        lambda: connect(path),
        lambda db, progress: service.candidates(db, council_id, procurement, progress=progress),
    )


def outcomes_progress_page(procurement):
    """The page shown while the measures and priorities are read to rank this contract's outcomes."""
    return render_template(
        "matching/progress.html",
        job=_find_outcomes(procurement),
        heading="Finding the outcomes that fit this contract",
        intro="Your measures and priorities are being read so that they can be ranked by how"
        " well they fit this contract. This happens once, and again only for what changes."
        " It usually takes a few seconds.",
        working="Reading your measures and priorities",
        progress_url=url_for(".outcomes_progress", procurement_id=procurement["id"]),
    ), 202


def outcomes_progress_report(procurement_id):
    """The outcomes page's background job as JSON, for the progress script."""
    procurement = procurement_or_404(procurement_id)
    key = ("outcomes", g.council["id"], procurement_id)
    # No job here (after a restart, or on another worker process): start one, as the page would.
    job = matching_service.job_for(key) or _find_outcomes(procurement)
    finished = job.done >= job.total and not job.error
    return jsonify(
        ready=finished,
        percent=round(100 * job.done / job.total) if job.total else 0,
        error=bool(job.error),
    )


def edit_clause(procurement_id, key):
    """Edit one clause; each save is kept as a version and survives regeneration.

    The form carries the version it started from: a save over someone else's newer version is
    refused with their text shown and yours kept in the field.
    """
    procurement = procurement_or_404(procurement_id)
    # A final clause is shown to read, with no form; a save sent anyway is refused.
    if request.method == "POST" and (refused := refuse_if_locked(procurement_id)):
        return refused
    db = get_db()
    spec, doc = service.document_for(get_db(), g.council, procurement)
    found = doc.clause(key)
    if found is None:
        abort(404)
    form = ClauseForm()
    conflict = None
    current = specifications.clause_version(db, g.council["id"], spec["id"], key)
    if request.method == "POST" and form.validate():
        base = request.form.get("base_version", type=int)
        if base is None:  # every edit must say what it started from, or it could overwrite
            abort(400)
        try:
            text = specifications.clean_clause(form.text.data)
        except Invalid as exc:
            form.text.errors = [exc.errors["text"]]
        else:
            if request.form.get("reset"):
                text = ""
            saved = specifications.edit_clause(
                db,
                g.council["id"],
                spec["id"],
                key,
                text,
                author=current_user.email,
                base_version=base,
                generated=found.generated,
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
            conflict = conflict_problem(f"clause {found.number}", "#their-version")
    elif request.method == "GET":
        form.text.data = found.text
    history = specifications.clause_history(db, g.council["id"], spec["id"], key)
    return render_template(
        "specifications/clause.html",
        procurement=procurement,
        clause=found,
        form=form,
        locked=specifications.is_locked(spec),
        history=history,
        changes=comparison.version_changes(history, found.generated),
        base_version=current,
        theirs=history[0] if conflict and history else None,
        conflict=conflict,
        score=readability.score(found.text),
        target=readability.TARGET,
    ), (409 if conflict else 200)


def who_counts(procurement_id, code):
    """Confirm, change or lift who counts towards one outcome: the places and groups it reaches.

    The priority's places and groups are proposed; nothing reaches bidders until this is saved.
    """
    procurement = procurement_or_404(procurement_id)
    if refused := refuse_if_locked(procurement_id):
        return refused
    db = get_db()
    spec, doc = service.document_for(db, g.council, procurement)
    outcome = next((o for o in doc.prescribed if o.code == code), None)
    if outcome is None or outcome.applies_to is None:
        abort(404)
    form = WhoForm()
    version = specifications.outcome_versions(db, g.council["id"], spec["id"]).get(code)
    conflict = None
    if request.method == "POST" and form.validate():
        rule = _who_rule(form)
        if rule is not None:
            base = request.form.get("version", type=int)
            stored = eligibility.dump(rule)
            if specifications.set_eligibility(
                db, g.council["id"], spec["id"], code, stored, version=base
            ):
                note("specification", spec["id"], "who counts confirmed", f"{code}: {stored}")
                flash(f"Who counts towards {outcome.name} saved")
                return redirect(
                    url_for(
                        ".specification", procurement_id=procurement_id, _anchor=f"outcome-{code}"
                    )
                )
            conflict = conflict_problem(f"who counts towards {outcome.name}", "#their-who")
    elif request.method == "GET":
        rule = outcome.eligibility or eligibility.ANYONE
        limited = outcome.eligibility_state == "proposed" or bool(outcome.confirmed)
        form.who.data = "limit" if limited else "anyone"
        form.places.data = "\n".join(rule["places"])
        form.groups.data = "\n".join(rule["groups"])
    return render_template(
        "specifications/who.html",
        procurement=procurement,
        outcome=outcome,
        form=form,
        version=version,
        conflict=conflict,
    ), (409 if conflict else 400 if form.errors else 200)


def _who_rule(form):
    """The rule the form gives, or None with GOV.UK-style errors set on its fields."""
    if form.who.data not in ("limit", "anyone"):
        form.who.errors = ["Select whether only some people count, or anyone"]
        return None
    if form.who.data == "anyone":
        return eligibility.ANYONE
    try:
        rule = eligibility.clean(form.places.data, form.groups.data)
    except Invalid as exc:
        for name, message in exc.errors.items():
            form[name].errors = [message]
        return None
    if not rule["places"] and not rule["groups"]:
        form.places.errors = ["Enter at least one place or group, or select Anyone"]
        return None
    return rule
