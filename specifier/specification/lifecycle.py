"""Where a specification can go next: draft, in review, final (locked), and duplicating.

Plain rules over the stored records: a final specification can only be downloaded or copied.
"""

from specifier import wording
from specifier.db import write_transaction
from specifier.fields import Invalid, text
from specifier.specification import procurements, specifications

# Where a specification can go next from each status; final is the end (it is locked).
TRANSITIONS = {"draft": ("review", "final"), "review": ("draft", "final"), "final": ()}
ACTIONS = {"review": "Send for review", "draft": "Return to draft", "final": "Mark as final"}


def final_problems(doc, findings):
    """Return what stops a specification being marked final: no section, or checks that fail."""
    problems = []
    if not doc.included:
        problems.append("The contract has no social value section: it is below the threshold")
    problems += [f"{f.topic}: {f.message}" for f in findings if f.level == "error"]
    problems += [f"Law: {question}" for question in doc.law.unsettled]
    w = doc.weighting
    if w.lowered_unconfirmed:
        problems.append(
            f"Weighting: the rules lower the council's {wording.qty(w.uncapped)}% to"
            f" {wording.qty(w.pct)}%. Accept {wording.qty(w.pct)}% or set another weighting"
            " in the specification's settings"
        )
    return problems


def change_status(db, council_id, spec, status, *, doc=None, findings=()):
    """Move a specification to a new status if the rules allow it; raise Invalid saying why not."""
    if status not in TRANSITIONS.get(spec["status"], ()):
        if specifications.is_locked(spec):
            raise Invalid({"status": specifications.LOCKED})
        raise Invalid({"status": f"A specification cannot go from {spec['status']} to {status}"})
    if status == "final":
        problems = final_problems(doc, findings) if doc is not None else []
        if problems:
            raise Invalid({"status": problems[0]})
    specifications.set_status(db, council_id, spec["id"], status)


def copy_title(title):
    """Return the suggested title for a copy."""
    return f"Copy of {title}"[: procurements.MAX_TITLE]


def duplicate(db, council_id, procurement, title):
    """Copy a contract and its specification as a new draft; return the new procurement id.

    Works for a final specification too: that is how a locked one is changed.
    """
    record = {name: procurement[name] for name in procurements.COLUMNS}
    record["title"] = text(title)
    try:
        record = procurements.clean(record, default_nation=procurement["nation"])
    except Invalid as exc:
        raise Invalid({k: v for k, v in exc.errors.items() if k == "title"} or exc.errors) from exc
    source = specifications.get_or_create(db, council_id, procurement["id"])
    with write_transaction(db):
        new_id = procurements.create(db, council_id, record)
        specifications.copy(db, council_id, source, new_id)
    return new_id
