"""Page handlers shared by the specification pages and the guided set-up.

Choosing outcomes and editing a clause look the same wherever they are reached: their links
and redirects name endpoints relative to the blueprint that routes to them, so from the guided
set-up they come back to its review page, with the same checks (the final lock, a colleague's
newer save).
"""

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from specifier.councils import councils
from specifier.fields import Invalid
from specifier.specification import procurements, readability, relevance, service, specifications
from specifier.specification.forms import ClauseForm
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


def choose_outcomes(procurement_id):
    """Suggest priorities and measures that fit the contract; the commissioner ticks outcomes."""
    procurement = procurement_or_404(procurement_id)
    if refused := refuse_if_locked(procurement_id):
        return refused
    db = get_db()
    council_id = g.council["id"]
    spec = specifications.get_or_create(db, council_id, procurement_id)
    candidates, current = service.outcome_candidates(db, council_id, procurement, spec)
    by_code = {c.code: c for c in candidates}
    error, conflict = None, False
    limit = councils.outcome_limit(g.council)
    expand = request.form.get("show") == "all"  # list every fit, keeping the ticks, unsaved
    show_all = expand or request.form.get("all") == "1"
    if request.method == "POST" and not expand:
        started_from = request.form.get("was")
        if started_from is None:  # every edit must say what it started from, or it could overwrite
            abort(400)
        codes = list(dict.fromkeys(c for c in request.form.getlist("codes") if c in by_code))
        was = [c for c in started_from.split(",") if c]
        chosen = [(code, (by_code[code].priority or {}).get("id")) for code in codes]
        if was != current:
            conflict = True
        elif len(codes) > limit:
            error = (
                f"Select {limit} outcomes or fewer: your council's policy is at most {limit}"
                " per tender"
            )
        elif codes and specifications.set_outcomes(db, council_id, spec["id"], chosen, was=was):
            note("specification", spec["id"], "outcomes chosen", ", ".join(codes))
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
    selected = request.form.getlist("codes") if request.method == "POST" else current
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
        reasons=relevance.telling_reasons(shown),
        hidden=len(candidates) - len(shown),
        show_all=show_all,
        shown_first=OUTCOMES_SHOWN,
        # The outcomes this person started from: listing more must not hide a colleague's change.
        was=request.form.get("was", ",".join(current)) if expand else ",".join(current),
        selected=selected,
        current=current,
        limit=limit,
        error=error,
    ), (409 if conflict else 400 if error else 200)


def edit_clause(procurement_id, key):
    """Edit one clause; each save is kept as a version and survives regeneration.

    The form carries the version it started from: a save over someone else's newer version is
    refused with their text shown and yours kept in the field.
    """
    procurement = procurement_or_404(procurement_id)
    if refused := refuse_if_locked(procurement_id):
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
        history=history,
        base_version=current,
        theirs=history[0] if conflict and history else None,
        conflict=conflict,
        score=readability.score(found.text),
        target=readability.TARGET,
    ), (409 if conflict else 200)
