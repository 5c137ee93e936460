"""A council's accept and reject decisions on suggested measures, per priority."""

from specifier.catalogue.catalogue import code_problem
from specifier.fields import Invalid, text

DECISIONS = ("accepted", "rejected")


def clean_row(row):
    """Validate a decision as a council export keeps it: a measure's code, accepted or rejected."""
    record = {"measure_code": text(row.get("measure_code")), "decision": text(row.get("decision"))}
    errors = {}
    if code_problem(record["measure_code"]):
        errors["measure_code"] = code_problem(record["measure_code"])
    if record["decision"] not in DECISIONS:
        errors["decision"] = "must be accepted or rejected"
    if errors:
        raise Invalid(errors)
    return record


def record(db, council_id, priority_id, code, decision):
    """Store (or change) the council's decision on one measure for one priority."""
    if decision not in DECISIONS:
        raise ValueError(decision)
    db.execute(
        "INSERT INTO match_decisions (council_id, priority_id, measure_code, decision)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (council_id, priority_id, measure_code)"
        " DO UPDATE SET decision = excluded.decision, decided_at = datetime('now')",
        [council_id, priority_id, code, decision],
    )


def change(db, council_id, priority_id, code, decision, seen):
    """Accept, reject or undo a measure for a priority, if its decision is still the one seen.

    `seen` is the decision the person was looking at ("" for none). Each case is one statement,
    so two people deciding at once cannot both win. Returns False, changing nothing, when
    someone else decided in the meantime.
    """
    where = "council_id = ? AND priority_id = ? AND measure_code = ?"
    key = [council_id, priority_id, code]
    if decision == "undo":
        sql, params = f"DELETE FROM match_decisions WHERE {where} AND decision = ?", [*key, seen]
    elif decision not in DECISIONS:
        raise ValueError(decision)
    elif seen:
        sql = f"UPDATE match_decisions SET decision = ?, decided_at = datetime('now') WHERE {where} AND decision = ?"
        params = [decision, *key, seen]
    else:
        sql = (
            "INSERT INTO match_decisions (council_id, priority_id, measure_code, decision)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (council_id, priority_id, measure_code) DO NOTHING"
        )
        params = [*key, decision]
    return db.execute(sql, params).rowcount == 1


def for_council(db, council_id):
    """Return every decision the council has made, with the priority's words, oldest first."""
    return list(
        db.query(
            "SELECT d.priority_id, d.measure_code, d.decision, p.title, p.description"
            " FROM match_decisions d JOIN priorities p ON p.id = d.priority_id"
            " WHERE d.council_id = ? AND p.council_id = ? ORDER BY d.id",
            [council_id, council_id],
        )
    )


def by_priority(db, council_id, priority_id):
    """Return {measure code: decision} for one priority."""
    rows = db.query(
        "SELECT measure_code, decision FROM match_decisions WHERE council_id = ? AND priority_id = ?",
        [council_id, priority_id],
    )
    return {row["measure_code"]: row["decision"] for row in rows}


def accepted_codes(db, council_id):
    """Return {priority id: [accepted measure codes]}: what specifications use."""
    accepted = {}
    for row in db.query(
        "SELECT priority_id, measure_code FROM match_decisions"
        " WHERE council_id = ? AND decision = 'accepted' ORDER BY id",
        [council_id],
    ):
        accepted.setdefault(row["priority_id"], []).append(row["measure_code"])
    return accepted
