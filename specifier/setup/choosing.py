"""Choosing in the guided start: priorities (picks from the starter library, the council's own
wording and evidence, removing one) and the measures accepted for them.
"""

from specifier.db import write_transaction
from specifier.fields import MAX_SHORT, Invalid, text
from specifier.matching import decisions
from specifier.priorities import priorities
from specifier.priorities.starter_library import key_for
from specifier.setup.drafts import draft, mark_completed, save

# Priorities: picked from the starter library, edited, or the council's own.


def clean_pick_row(row):
    """Validate a starter library pick as a council export keeps it: a key like the library's."""
    key = text(row.get("starter_key"))
    if key != key_for(key) or not key or len(key) > MAX_SHORT:
        raise Invalid(
            {"starter_key": "must be a starter library key, like reduce-youth-unemployment"}
        )
    return {"starter_key": key}


def picks(db, council_id):
    """Return {starter key: priority id} for the library priorities this council has picked."""
    return {
        r["starter_key"]: r["priority_id"]
        for r in db.query(
            "SELECT starter_key, priority_id FROM starter_picks WHERE council_id = ?",
            [council_id],
        )
    }


def picked_active(db, council_id):
    """Return the starter keys whose priority is active in the council's register."""
    active = {p["id"] for p in priorities.search(db, council_id, status="active")}
    return {key for key, pid in picks(db, council_id).items() if pid in active}


def choose_starters(db, council_id, starters, chosen):
    """Make exactly the `chosen` keys among `starters` active priorities of the council.

    A new pick is copied into the register; an unticked one is archived (kept for the record)
    and comes back, with any edits, if it is ticked again.
    """
    with write_transaction(db):
        existing = picks(db, council_id)
        for starter in starters:
            priority_id = existing.get(starter.key)
            if starter.key in chosen:
                if priority_id is None:
                    record = priorities.clean({**starter.record(), "status": "active"})
                    priority_id = priorities.create(db, council_id, record)
                    db.table("starter_picks").insert(
                        {
                            "council_id": council_id,
                            "starter_key": starter.key,
                            "priority_id": priority_id,
                        }
                    )
                else:
                    priorities.set_status(db, council_id, priority_id, "active")
            elif priority_id is not None:
                priorities.set_status(db, council_id, priority_id, "archived")
        save(db, council_id, "priorities", {})


def starter_for(db, council_id, priority_id, library_by_key):
    """Return the library priority a council priority was copied from, or None."""
    for key, pid in picks(db, council_id).items():
        if pid == priority_id:
            return library_by_key.get(key)
    return None


def change_priority(db, council_id, priority, changes, version):
    """Apply edited fields to a priority with the register's rules; raise Invalid naming fields.

    `version` is the one the editor started from. Returns the cleaned record and whether it was
    saved: not when someone else has saved the priority since that version.
    """
    raw = {**priority, **changes}
    try:
        record = priorities.clean(raw)
    except Invalid as exc:
        errors = {f: m for f, m in exc.errors.items() if f in changes}
        if errors:
            raise Invalid(errors) from exc
        raise
    with write_transaction(db):
        if not priorities.update(db, council_id, priority["id"], record, version=version):
            return record, False
        save(db, council_id, "priorities", {})
    return record, True


def add_priority(db, council_id, raw):
    """Add the council's own priority, active; return its id or raise Invalid."""
    record = priorities.clean({**raw, "status": "active"})
    with write_transaction(db):
        priority_id = priorities.create(db, council_id, record)
        save(db, council_id, "priorities", {})
    return priority_id


def remove_priority(db, council_id, priority_id):
    """Take a priority off the list by archiving it (it stays in the register for the record)."""
    with write_transaction(db):
        found = priorities.set_status(db, council_id, priority_id, "archived")
        save(db, council_id, "priorities", {})
    return found


def listed_priorities(db, council_id):
    """Return the council's active priorities in the order they were added."""
    return sorted(priorities.search(db, council_id, status="active"), key=lambda p: p["id"])


def confirm_priorities(db, council_id):
    """Confirm the priorities; raise Invalid when there are none."""
    if not listed_priorities(db, council_id):
        raise Invalid({"priorities": "Choose at least one priority, or write your own"})
    mark_completed(db, council_id, "priorities", keep=draft(db, council_id, "priorities"))


def confirm_measures(db, council_id):
    """Confirm the reviewed measures; raise Invalid unless at least one is accepted."""
    active = {p["id"] for p in listed_priorities(db, council_id)}
    accepted = decisions.accepted_codes(db, council_id)
    if not any(accepted.get(pid) for pid in active):
        raise Invalid({"measures": "Accept at least one measure for one of your priorities"})
    mark_completed(db, council_id, "measures")
