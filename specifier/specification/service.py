"""A specification from storage: its inputs and its document, and the outcomes that fit it."""

from specifier.catalogue import catalogue
from specifier.matching import decisions
from specifier.matching.embeddings import SqliteCache, embed
from specifier.priorities import priorities
from specifier.specification import eligibility, fit, relevance, specifications
from specifier.specification.document import Inputs, build


def candidates(db, council_id, procurement, top=None, *, wait=True, progress=None):
    """Rank the council's accepted matches and same-theme measures for this contract.

    With `wait=False`, raises NotCached rather than embed (the page shows progress instead).
    """
    active = priorities.search(db, council_id, status="active")
    measures = catalogue.measures_for(db, council_id)
    pairs = relevance.pairs(active, measures, decisions.accepted_codes(db, council_id))
    cache = SqliteCache(db)

    def vectors(texts, scopes):
        return embed(texts, cache=cache, progress=progress, wait=wait, scopes=scopes)

    return relevance.rank(procurement, pairs, vectors, top=top, scope=council_id)


def outcome_candidates(db, council_id, procurement, specification, *, wait=True):
    """Return the ranked candidates for this contract's outcomes and the codes chosen now.

    Outcomes already chosen but no longer suggested are listed too, so none is dropped.
    """
    stored = specifications.outcomes(db, council_id, specification["id"])
    ranked = candidates(db, council_id, procurement, wait=wait)
    ranked += still_chosen(db, council_id, stored, ranked)
    return ranked, [o["measure_code"] for o in stored]


def still_chosen(db, council_id, chosen, candidates):
    """Candidates for outcomes already chosen that are no longer suggested, so none is dropped.

    An outcome leaves the suggestions when its priority is archived or its match undone.
    """
    listed = {c.code for c in candidates}
    kept = []
    for row in chosen:
        measure = catalogue.get(db, council_id, row["measure_code"])
        if row["measure_code"] in listed or measure is None:
            continue
        reason = "Chosen for this contract already, though no longer suggested for it"
        priority = _priority(db, council_id, row["priority_id"])
        kept.append(relevance.Candidate(measure, priority, accepted=True, reasons=[reason]))
    return kept


def alternatives(db, council_id, procurement):
    """Return a function listing the council's accepted measures for a priority that suit the
    contract's category and nation: what may replace an outcome that fails a fit check."""
    accepted = decisions.accepted_codes(db, council_id)

    def for_priority(priority):
        found = []
        for code in accepted.get(priority["id"], []):
            measure = catalogue.get(db, council_id, code)
            if (
                measure is not None
                and procurement["category"] in (measure.get("categories") or [])
                and relevance.suits_nation(measure, procurement)
            ):
                found.append(measure)
        return found

    return for_priority


def credits(db, council_id):
    """Return a function listing the active priorities the council accepted a measure for: where
    an outcome credited to a priority it does not serve may be credited instead."""
    accepted = decisions.accepted_codes(db, council_id)
    active = {p["id"]: p for p in priorities.search(db, council_id, status="active")}

    def for_code(code):
        return [active[pid] for pid, codes in accepted.items() if code in codes and pid in active]

    return for_code


def _priority(db, council_id, priority_id):
    return priorities.get(db, council_id, priority_id) if priority_id else None


def inputs(db, council, procurement, specification, *, officer_appendix=False):
    """Load everything a stored specification is built from (no embeddings needed)."""
    council_id = council["id"]
    chosen = []
    for row in specifications.outcomes(db, council_id, specification["id"]):
        measure = catalogue.get(db, council_id, row["measure_code"])
        if measure is None:
            continue  # a council measure deleted since; the checks will show fewer outcomes
        chosen.append(
            {
                "measure": measure,
                "priority": _priority(db, council_id, row["priority_id"]),
                "minimum": row["minimum"],
                "rationale": row["rationale"],
                "eligibility": eligibility.load(row["eligibility"]),
            }
        )
    return Inputs(
        council=council,
        procurement=procurement,
        chosen=chosen,
        weighting_pct=specification["weighting_pct"],
        scoring_scale=specification["scoring_scale"],
        forced=bool(specification["forced"]),
        edits=specifications.clause_edits(db, council_id, specification["id"]),
        bases=specifications.clause_bases(db, council_id, specification["id"]),
        versions=specifications.clause_versions(db, council_id, specification["id"]),
        status=specification["status"],
        officer_appendix=officer_appendix,
    )


def document_for(db, council, procurement, *, officer_appendix=False):
    """Return the procurement's specification (an empty draft the first time) and its document.

    With `officer_appendix` the document ends with the officers' notes, to remove before
    publishing.
    """
    specification = specifications.get_or_create(db, council["id"], procurement["id"])
    found = inputs(db, council, procurement, specification, officer_appendix=officer_appendix)
    return specification, build(found)


def issue_plan(db, council, procurement, *, officer_appendix=False):
    """Return the procurement's specification and what its bidder files hold (fit.Plan):
    an outcome failing a blocking check replaced by an accepted match, or left out."""
    specification = specifications.get_or_create(db, council["id"], procurement["id"])
    found = inputs(db, council, procurement, specification, officer_appendix=officer_appendix)
    return specification, fit.plan(
        found, alternatives(db, council["id"], procurement), credits(db, council["id"])
    )


def find_priority(db, council_id, reference):
    """Return the council's priority named by id or exact title (case-insensitive), or None."""
    if not reference:
        return None
    if str(reference).isdigit():
        return priorities.get(db, council_id, int(reference))
    for priority in priorities.search(db, council_id):
        if priority["title"].lower() == str(reference).lower():
            return priority
    return None
