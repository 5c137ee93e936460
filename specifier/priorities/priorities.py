"""The priorities register: the rules for a priority and its storage, always per council."""

import json

from specifier.db import update_versioned, write_transaction
from specifier.fields import (
    LIST,
    MAX_LONG,
    MAX_SHORT,
    TEXT,
    Invalid,
    folded,
    from_json,
    list_problem,
    partial_date,
    shape_problems,
    text,
    text_list,
)
from specifier.themes import THEMES, theme_key

IMPORTANCE = {"high": "High", "medium": "Medium", "low": "Low"}
STATUSES = {"active": "Active", "draft": "Draft", "archived": "Archived"}
MAX_TITLE = MAX_SHORT
MAX_TEXT = MAX_LONG
LIST_FIELDS = ("target_groups", "places")
COLUMNS = (
    "title",
    "description",
    "theme",
    "importance",
    "status",
    "review_date",
    "evidence_statistic",
    "evidence_source",
    "evidence_date",
    "target_groups",
    "places",
)


# What each field of a priority may hold, as files and forms give it.
SHAPE = {
    **{field: TEXT for field in COLUMNS},
    **{field: LIST for field in LIST_FIELDS},
    "evidence": {"statistic": TEXT, "source": TEXT, "date": TEXT},
}


def flatten(raw):
    """Turn a nested file record (evidence: {...}) into the flat field names we store."""
    problems = shape_problems(raw, SHAPE, "priority")
    if problems:
        raise Invalid(problems)
    record = dict(raw)
    evidence = record.pop("evidence", None) or {}
    for key in ("statistic", "source", "date"):
        record.setdefault(f"evidence_{key}", evidence.get(key))
    return record


def clean(raw):
    """Validate one priority; return the record to store or raise Invalid naming each bad field."""
    errors = shape_problems(raw, SHAPE, "priority")
    if errors:
        raise Invalid(errors)
    record = {field: text(raw.get(field)) for field in COLUMNS if field not in LIST_FIELDS}
    for field in LIST_FIELDS:
        record[field] = text_list(raw.get(field))
        if list_problem(record[field], field):
            errors[field] = list_problem(record[field], field)
    if not record["title"]:
        errors["title"] = "Enter a title for the priority"
    elif len(record["title"]) > MAX_TITLE:
        errors["title"] = f"Title must be {MAX_TITLE} characters or fewer"
    if not record["description"]:
        errors["description"] = "Enter a description of what the council wants to change"
    for field in ("description", "evidence_statistic", "evidence_source"):
        if len(record[field]) > MAX_TEXT:
            errors[field] = (
                f"{field.replace('_', ' ').capitalize()} must be {MAX_TEXT} characters or fewer"
            )
    record["theme"] = theme_key(record["theme"]) or record["theme"]
    if not record["theme"]:
        errors["theme"] = "Select a theme"
    elif record["theme"] not in THEMES:
        errors["theme"] = f"Select a theme: '{record['theme']}' is not one of " + ", ".join(THEMES)
    record["importance"] = record["importance"].lower() or "medium"
    if record["importance"] not in IMPORTANCE:
        errors["importance"] = "Importance must be high, medium or low"
    record["status"] = record["status"].lower() or "active"
    if record["status"] not in STATUSES:
        errors["status"] = "Status must be active, draft or archived"
    if record["evidence_date"]:
        try:
            record["evidence_date"] = partial_date(record["evidence_date"])
        except ValueError:
            errors["evidence_date"] = (
                "Evidence date must be a real date, like 2025, September 2025 or 30/09/2025"
            )
    if record["review_date"]:
        try:
            record["review_date"] = partial_date(record["review_date"], full_only=True)
        except ValueError:
            errors["review_date"] = "Review date must be a real date, like 2027-03-31"
    record["review_date"] = record["review_date"] or None
    if errors:
        raise Invalid(errors)
    return record


def _stored(record):
    return {**record, **{f: json.dumps(record[f]) for f in LIST_FIELDS}}


def clean_row(row):
    """Validate a priority as the database and council exports keep it (lists as JSON), as any
    other priority is validated; return its fields as they are stored.
    """
    return _stored(clean({**row, **{f: from_json(row.get(f), f) for f in LIST_FIELDS}}))


def _row(row):
    row = dict(row)
    for field in LIST_FIELDS:
        row[field] = json.loads(row[field])
    return row


def create(db, council_id, record):
    """Add a cleaned priority to a council's register and return its id."""
    return db.table("priorities").insert({**_stored(record), "council_id": council_id}).last_pk


def title_keys(db, council_id):
    """Return the compared form of every title in the council's register, whatever its status."""
    rows = db.query("SELECT title FROM priorities WHERE council_id = ?", [council_id])
    return {folded(row["title"]) for row in rows}


def create_many(db, council_id, records):
    """Add cleaned priorities in one transaction: all of them or none."""
    with write_transaction(db):
        return [create(db, council_id, record) for record in records]


def update(db, council_id, priority_id, record, *, version=None):
    """Replace a priority's fields; return False when the council has no such priority.

    With `version` (the one the editor started from) it also returns False, changing nothing,
    when someone else saved the priority since.
    """
    stored = _stored(record)
    values = {f: stored[f] for f in COLUMNS}
    return update_versioned(db, "priorities", council_id, priority_id, values, version)


def set_status(db, council_id, priority_id, status):
    """Change a priority's status (for example to archive it); False when not found."""
    cursor = db.execute(
        "UPDATE priorities SET status = ?, updated_at = datetime('now'), version = version + 1"
        " WHERE id = ? AND council_id = ?",
        [status, priority_id, council_id],
    )
    return cursor.rowcount == 1


def get(db, council_id, priority_id):
    """Return one of the council's priorities, or None."""
    rows = list(
        db.query(
            "SELECT * FROM priorities WHERE id = ? AND council_id = ?", [priority_id, council_id]
        )
    )
    return _row(rows[0]) if rows else None


def search(db, council_id, *, theme=None, status=None, importance=None, text_query=None):
    """Return the council's priorities matching the filters, most important first."""
    where, params = ["council_id = :council_id"], {"council_id": council_id}
    for field, value in (("theme", theme), ("status", status), ("importance", importance)):
        if value:
            where.append(f"{field} = :{field}")
            params[field] = value
    if text_query:
        where.append("(title LIKE :q OR description LIKE :q OR evidence_statistic LIKE :q)")
        params["q"] = f"%{text_query}%"
    sql = (
        "SELECT * FROM priorities WHERE "
        + " AND ".join(where)
        + " ORDER BY CASE importance WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END,"
        " CASE status WHEN 'active' THEN 0 WHEN 'draft' THEN 1 ELSE 2 END, title"
    )
    return [_row(r) for r in db.query(sql, params)]


def counts_by_status(db, council_id):
    """Return how many priorities the council has in each status."""
    rows = db.query(
        "SELECT status, count(*) AS n FROM priorities WHERE council_id = ? GROUP BY status",
        [council_id],
    )
    return {row["status"]: row["n"] for row in rows}
