"""Specifications: chosen outcomes with edited minimums, settings, and versioned clause edits."""

from specifier.catalogue.catalogue import code_problem
from specifier.db import update_versioned, write_transaction
from specifier.fields import MAX_LONG, MAX_SHORT, Invalid, number, plain, text

# A final specification is locked: it can be downloaded and duplicated, not changed.
STATUSES = {"draft": "Draft", "review": "In review", "final": "Final"}
# Final is set only by the workspace's "mark final" step, which refuses while checks must be fixed.
SETTABLE_STATUSES = {"draft": "Draft", "review": "In review"}
LOCKED = (
    "This specification is final, so it cannot be changed."
    " You can still download it, or duplicate it to make a new draft."
)
SCALES = {"0-5": "0 to 5", "0-100": "0 to 100"}
MAX_CLAUSE = 5000
# A minimum commitment above a trillion is a typing slip: far beyond the largest contract value
# (£100 billion), and small enough that twice it, the score cap, is still a number pages print.
MAX_MINIMUM = 1_000_000_000_000


def get_or_create(db, council_id, procurement_id):
    """Return the procurement's specification, creating an empty draft the first time."""
    db.execute(
        "INSERT OR IGNORE INTO specifications (council_id, procurement_id) VALUES (?, ?)",
        [council_id, procurement_id],
    )
    return for_procurement(db, council_id, procurement_id)


def for_procurement(db, council_id, procurement_id):
    """Return the procurement's specification, or None."""
    rows = list(
        db.query(
            "SELECT * FROM specifications WHERE council_id = ? AND procurement_id = ?",
            [council_id, procurement_id],
        )
    )
    return dict(rows[0]) if rows else None


def clean_settings(raw, statuses=SETTABLE_STATUSES):
    """Validate weighting, scoring scale and status; raise Invalid naming each bad field.

    Final is not among the statuses a form may set: the workspace marks a specification final.
    """
    errors, record = {}, {}
    weighting = text(raw.get("weighting_pct"))
    record["weighting_pct"] = None
    if weighting:
        try:
            record["weighting_pct"] = number(weighting, minimum=0, maximum=100)
        except ValueError:
            errors["weighting_pct"] = "Weighting must be a percentage from 0 to 100, like 15"
    record["scoring_scale"] = text(raw.get("scoring_scale")) or "0-5"
    if record["scoring_scale"] not in SCALES:
        errors["scoring_scale"] = "Select a scoring scale of 0 to 5 or 0 to 100"
    record["status"] = text(raw.get("status")) or "draft"
    if record["status"] not in statuses:
        errors["status"] = "Status must be draft or in review; mark it final from the workspace"
    record["forced"] = 1 if raw.get("forced") else 0
    if errors:
        raise Invalid(errors)
    return record


def clean_row(row):
    """Validate a specification's settings as a council export keeps them, final included."""
    return clean_settings(row, STATUSES)


def clean_outcome_row(row):
    """Validate a prescribed outcome as a council export keeps it, as the pages validate one."""
    errors, record = {}, {"measure_code": text(row.get("measure_code")), "minimum": None}
    if code_problem(record["measure_code"]):
        errors["measure_code"] = code_problem(record["measure_code"])
    try:
        record["minimum"] = clean_minimum(row.get("minimum"))
    except Invalid as exc:
        errors.update(exc.errors)
    record["rationale"] = text(row.get("rationale")) or None
    if len(record["rationale"] or "") > MAX_LONG:
        errors["rationale"] = f"Rationale must be {MAX_LONG:,} characters or fewer"
    if errors:
        raise Invalid(errors)
    return record


def clean_clause_row(row):
    """Validate a clause's edit as a council export keeps it, as the clause page validates one."""
    record = {
        "clause_key": text(row.get("clause_key")),
        "text": clean_clause(text(row.get("text"))),
    }
    if not record["clause_key"] or len(record["clause_key"]) > MAX_SHORT:
        raise Invalid({"clause_key": "must name a clause, like purpose.intro"})
    return record


def update_settings(db, council_id, specification_id, record, *, version=None):
    """Store weighting, scoring scale, status and the force flag.

    With `version` (the one the editor started from) nothing changes when someone else has
    saved settings since; returns False then, True when saved.
    """
    fields = ("weighting_pct", "scoring_scale", "status", "forced")
    values = {f: record[f] for f in fields}
    return update_versioned(db, "specifications", council_id, specification_id, values, version)


def outcomes(db, council_id, specification_id):
    """Return the chosen outcomes in order: measure code, priority id, edited minimum, rationale.

    And who counts (`eligibility`: JSON text, NULL until the commissioner confirms it).
    """
    return [
        dict(r)
        for r in db.query(
            "SELECT measure_code, priority_id, minimum, rationale, eligibility"
            " FROM specification_outcomes"
            " WHERE council_id = ? AND specification_id = ? ORDER BY position",
            [council_id, specification_id],
        )
    ]


def set_outcomes(db, council_id, specification_id, chosen, *, was=None):
    """Make the chosen outcomes exactly these [(code, priority id)], keeping edits of kept ones.

    With `was` (the codes the chooser started from) nothing changes when someone else has
    chosen since; returns False then, True when saved.
    """
    with write_transaction(db):
        stored = outcomes(db, council_id, specification_id)
        if was is not None and [o["measure_code"] for o in stored] != list(was):
            return False
        kept = {o["measure_code"]: o for o in stored}
        db.execute(
            "DELETE FROM specification_outcomes WHERE council_id = ? AND specification_id = ?",
            [council_id, specification_id],
        )
        for position, (code, priority_id) in enumerate(chosen):
            old = kept.get(code, {})
            db.table("specification_outcomes").insert(
                {
                    "council_id": council_id,
                    "specification_id": specification_id,
                    "position": position,
                    "measure_code": code,
                    "priority_id": priority_id,
                    "minimum": old.get("minimum"),
                    "rationale": old.get("rationale"),
                    # Who counts was confirmed for the priority it was chosen for.
                    "eligibility": old.get("eligibility")
                    if old.get("priority_id") == priority_id
                    else None,
                }
            )
        _touch(db, council_id, specification_id)
    return True


def outcome(db, council_id, specification_id, code):
    """Return one chosen outcome with its version, or None."""
    rows = list(
        db.query(
            "SELECT * FROM specification_outcomes"
            " WHERE council_id = ? AND specification_id = ? AND measure_code = ?",
            [council_id, specification_id, code],
        )
    )
    return dict(rows[0]) if rows else None


def outcome_versions(db, council_id, specification_id):
    """Return {measure code: version} for the chosen outcomes, for the edit forms."""
    return {
        r["measure_code"]: r["version"]
        for r in db.query(
            "SELECT measure_code, version FROM specification_outcomes"
            " WHERE council_id = ? AND specification_id = ?",
            [council_id, specification_id],
        )
    }


def clean_minimum(value, name="Minimum"):
    """Return a minimum commitment from text (None when blank), or raise Invalid with a message."""
    value = text(value)
    if not value:
        return None
    try:
        minimum = number(value)
    except ValueError:
        raise Invalid({"minimum": f"{name} must be a number, like 12 or £300,000"}) from None
    if minimum <= 0:
        raise Invalid(
            {"minimum": f"{name} must be more than 0, or leave it blank to use the suggestion"}
        )
    if minimum > MAX_MINIMUM:
        raise Invalid({"minimum": f"{name} must be {MAX_MINIMUM:,} or less"})
    return minimum


def usable_minimum(value):
    """Return a stored minimum, or None (as suggested) when it is one the form would refuse."""
    try:
        return clean_minimum(value)
    except Invalid:
        return None


def set_minimum(db, council_id, specification_id, code, minimum, rationale, *, version=None):
    """Override one outcome's minimum and rationale (None returns to the suggestion).

    Returns False when there is no such outcome or, given `version`, someone else has changed
    it since that version.
    """
    with write_transaction(db):
        cursor = db.execute(
            "UPDATE specification_outcomes SET minimum = ?, rationale = ?, version = version + 1"
            " WHERE council_id = ? AND specification_id = ? AND measure_code = ?"
            " AND (? IS NULL OR version = ?)",
            [minimum, rationale or None, council_id, specification_id, code, version, version],
        )
        _touch(db, council_id, specification_id)
    return cursor.rowcount == 1


def set_eligibility(db, council_id, specification_id, code, stored, *, version=None):
    """Record who counts towards one outcome (JSON text; None asks again).

    Returns False when there is no such outcome or, given `version`, someone else has changed
    it since that version.
    """
    cursor = db.execute(
        "UPDATE specification_outcomes SET eligibility = ?, version = version + 1"
        " WHERE council_id = ? AND specification_id = ? AND measure_code = ?"
        " AND (? IS NULL OR version = ?)",
        [stored, council_id, specification_id, code, version, version],
    )
    _touch(db, council_id, specification_id)
    return cursor.rowcount == 1


def clean_clause(value):
    """Validate edited clause text; raise Invalid with a GOV.UK-style message."""
    value = plain((value or "").replace("\r\n", "\n")).strip()
    if len(value) > MAX_CLAUSE:
        raise Invalid({"text": f"Clause text must be {MAX_CLAUSE:,} characters or fewer"})
    return value


def clause_version(db, council_id, specification_id, key):
    """Return the latest version number of a clause's edits (0 when never edited)."""
    rows = list(
        db.query(
            "SELECT max(version) AS v FROM clause_edits"
            " WHERE council_id = ? AND specification_id = ? AND clause_key = ?",
            [council_id, specification_id, key],
        )
    )
    return rows[0]["v"] or 0


def clause_versions(db, council_id, specification_id):
    """Return {clause key: latest version} for every clause edited at least once."""
    rows = db.query(
        "SELECT clause_key, max(version) AS v FROM clause_edits"
        " WHERE council_id = ? AND specification_id = ? GROUP BY clause_key",
        [council_id, specification_id],
    )
    return {r["clause_key"]: r["v"] for r in rows}


def edit_clause(
    db, council_id, specification_id, key, value, *, author="", base_version=None, generated=None
):
    """Keep a new version of a clause; empty text returns the clause to the generated wording.

    With `base_version` (the version the editor started from) the new version is written only
    if nobody saved another one since; returns None then, else the version. Without it (a copy
    being made) the new version follows the latest. The caller passes the generated wording the
    edit was made from; it is kept with the edit, so the checks can say when it changes later.
    """
    with write_transaction(db):  # nobody can save a version between our check and our insert
        if base_version is None:
            base_version = clause_version(db, council_id, specification_id, key)
        cursor = db.execute(
            "INSERT INTO clause_edits"
            " (council_id, specification_id, clause_key, version, text, author, generated)"
            " SELECT :council_id, :spec, :key, :base + 1, :text, :author, :generated"
            " WHERE (SELECT coalesce(max(version), 0) FROM clause_edits"
            "        WHERE council_id = :council_id AND specification_id = :spec"
            "        AND clause_key = :key) = :base",
            {
                "council_id": council_id,
                "spec": specification_id,
                "key": key,
                "base": base_version,
                "text": value,
                "author": author,
                "generated": generated if value else None,
            },
        )
        if cursor.rowcount != 1:
            return None
        _touch(db, council_id, specification_id)
    return base_version + 1


def clause_edits(db, council_id, specification_id):
    """Return {clause key: latest edited text} for clauses whose latest version is not a reset."""
    rows = db.query(
        "SELECT e.clause_key, e.text FROM clause_edits e"
        " WHERE e.council_id = ? AND e.specification_id = ? AND e.version = ("
        "   SELECT max(version) FROM clause_edits x"
        "   WHERE x.specification_id = e.specification_id AND x.clause_key = e.clause_key)",
        [council_id, specification_id],
    )
    return {r["clause_key"]: r["text"] for r in rows if r["text"]}


def clause_bases(db, council_id, specification_id):
    """Return {clause key: generated wording the latest edit was made from}, where it is known."""
    rows = db.query(
        "SELECT e.clause_key, e.generated FROM clause_edits e"
        " WHERE e.council_id = ? AND e.specification_id = ? AND e.version = ("
        "   SELECT max(version) FROM clause_edits x"
        "   WHERE x.specification_id = e.specification_id AND x.clause_key = e.clause_key)",
        [council_id, specification_id],
    )
    return {r["clause_key"]: r["generated"] for r in rows if r["generated"] is not None}


def clause_history(db, council_id, specification_id, key):
    """Return every version of one clause, newest first."""
    return [
        dict(r)
        for r in db.query(
            "SELECT version, text, created_at, author FROM clause_edits"
            " WHERE council_id = ? AND specification_id = ? AND clause_key = ?"
            " ORDER BY version DESC",
            [council_id, specification_id, key],
        )
    ]


def _touch(db, council_id, specification_id):
    db.execute(
        "UPDATE specifications SET updated_at = datetime('now') WHERE id = ? AND council_id = ?",
        [specification_id, council_id],
    )


def is_locked(specification):
    """Return True when a specification is final and so must not be changed."""
    return bool(specification) and specification["status"] == "final"


def get(db, council_id, specification_id):
    """Return one of the council's specifications, or None."""
    rows = list(
        db.query(
            "SELECT * FROM specifications WHERE id = ? AND council_id = ?",
            [specification_id, council_id],
        )
    )
    return dict(rows[0]) if rows else None


def set_status(db, council_id, specification_id, status):
    """Move a specification to draft, review or final; False when the council has no such one."""
    if status not in STATUSES:
        raise ValueError(status)
    cursor = db.execute(
        "UPDATE specifications SET status = ?, updated_at = datetime('now')"
        " WHERE id = ? AND council_id = ?",
        [status, specification_id, council_id],
    )
    return cursor.rowcount == 1


def copy(db, council_id, source, procurement_id):
    """Copy a specification onto another procurement as a draft: settings, outcomes, edited wording.

    Each edited clause starts again at version 1 with the source's latest wording, and keeps the
    generated wording it was made from, so the checks flag one this contract's wording outdates.
    """
    with write_transaction(db):
        new_id = (
            db.table("specifications")
            .insert(
                {
                    "council_id": council_id,
                    "procurement_id": procurement_id,
                    "status": "draft",
                    "weighting_pct": source["weighting_pct"],
                    "scoring_scale": source["scoring_scale"],
                    "forced": source["forced"],
                    "copied_from": source["id"],
                }
            )
            .last_pk
        )
        kept = outcomes(db, council_id, source["id"])
        set_outcomes(db, council_id, new_id, [(o["measure_code"], o["priority_id"]) for o in kept])
        for o in kept:
            if o["minimum"] is not None or o["rationale"]:
                set_minimum(db, council_id, new_id, o["measure_code"], o["minimum"], o["rationale"])
            if o["eligibility"] is not None:
                set_eligibility(db, council_id, new_id, o["measure_code"], o["eligibility"])
        bases = clause_bases(db, council_id, source["id"])
        for key, value in clause_edits(db, council_id, source["id"]).items():
            edit_clause(db, council_id, new_id, key, value, generated=bases.get(key))
    return new_id
