"""The audit log: who changed what in a council's records, and when."""

MAX_SUMMARY = 500


def record(db, council_id, user, entity, entity_id, action, summary="", request_id=""):
    """Append one entry; `user` is a mapping with id and email, or None for the command line."""
    db.table("audit_log").insert(
        {
            "council_id": council_id,
            "user_id": user["id"] if user else None,
            "user_email": user["email"] if user else "command line",
            "entity": entity,
            "entity_id": "" if entity_id is None else str(entity_id),
            "action": action,
            "summary": (summary or "")[:MAX_SUMMARY],
            "request_id": request_id or "",
        }
    )


def for_council(db, council_id, *, limit=200, entity=None, entity_id=None):
    """Return a council's newest entries first, optionally for one record."""
    where, params = ["council_id = ?"], [council_id]
    if entity:
        where.append("entity = ?")
        params.append(entity)
    if entity_id is not None:
        where.append("entity_id = ?")
        params.append(str(entity_id))
    return [
        dict(r)
        for r in db.query(
            "SELECT * FROM audit_log WHERE " + " AND ".join(where) + " ORDER BY id DESC LIMIT ?",
            [*params, limit],
        )
    ]
