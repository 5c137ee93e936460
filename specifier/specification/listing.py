"""What the workspace lists: the council's specifications by status, and its priorities by the
tenders that prescribe them. Read-only queries across procurements and specifications.
"""

from specifier.priorities.priorities import search as search_priorities
from specifier.specification import specifications


def listing(db, council_id, *, text_query="", status=""):
    """Return the council's specifications (one per procurement), most recently changed first.

    `text_query` matches the contract's title, description or reference, an outcome's measure
    code, or edited wording. A contract whose specification has not been opened yet is a draft.
    """
    where = ["p.council_id = :council_id"]
    params = {"council_id": council_id}
    if text_query:
        where.append(
            "(p.title LIKE :q OR p.description LIKE :q OR p.reference LIKE :q"
            " OR EXISTS (SELECT 1 FROM specification_outcomes o WHERE o.council_id = :council_id"
            "   AND o.specification_id = s.id AND o.measure_code LIKE :q)"
            " OR EXISTS (SELECT 1 FROM clause_edits e WHERE e.council_id = :council_id"
            "   AND e.specification_id = s.id AND e.text LIKE :q))"
        )
        params["q"] = f"%{text_query}%"
    if status:
        where.append("coalesce(s.status, 'draft') = :status")
        params["status"] = status
    sql = (
        "SELECT p.id AS procurement_id, p.title, p.reference, p.category, p.value_gbp,"
        " p.duration_months, s.id AS specification_id, coalesce(s.status, 'draft') AS status,"
        " coalesce(s.updated_at, p.updated_at) AS updated_at, s.copied_from,"
        " (SELECT count(*) FROM specification_outcomes o WHERE o.council_id = p.council_id"
        "   AND o.specification_id = s.id) AS outcome_count"
        " FROM procurements p LEFT JOIN specifications s"
        "   ON s.procurement_id = p.id AND s.council_id = p.council_id"
        " WHERE " + " AND ".join(where) + " ORDER BY updated_at DESC, p.id DESC"
    )
    return [dict(r) for r in db.query(sql, params)]


def count(db, council_id):
    """Return how many specifications (one per procurement) the council has."""
    return db["procurements"].count_where("council_id = ?", [council_id])


def by_status(rows):
    """Group listing rows by status, in the order draft, in review, final."""
    grouped = {status: [] for status in specifications.STATUSES}
    for row in rows:
        grouped[row["status"]].append(row)
    return grouped


def coverage(db, council_id):
    """Return (covered, never): each active priority with the tenders that prescribe it, and
    the active priorities no tender has asked for yet."""
    tenders = {}
    for row in db.query(
        "SELECT o.priority_id, o.measure_code, p.id AS procurement_id, p.title, s.status"
        " FROM specification_outcomes o"
        " JOIN specifications s ON s.id = o.specification_id AND s.council_id = o.council_id"
        " JOIN procurements p ON p.id = s.procurement_id AND p.council_id = s.council_id"
        " WHERE o.council_id = ? AND o.priority_id IS NOT NULL ORDER BY p.id, o.position",
        [council_id],
    ):
        found = tenders.setdefault(row["priority_id"], {})
        tender = found.setdefault(
            row["procurement_id"],
            {
                "procurement_id": row["procurement_id"],
                "title": row["title"],
                "status": row["status"],
                "codes": [],
            },
        )
        tender["codes"].append(row["measure_code"])
    covered, never = [], []
    for priority in search_priorities(db, council_id, status="active"):
        if priority["id"] in tenders:
            covered.append((priority, list(tenders[priority["id"]].values())))
        else:
            never.append(priority)
    return covered, never
