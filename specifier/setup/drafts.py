"""The guided start's drafts: each task's answers, validated with the domain rules, and what
confirming a task stores (the council, its policy, the first contract).
"""

import json
import re

from specifier.councils import councils
from specifier.db import write_transaction
from specifier.fields import Invalid, text, text_list
from specifier.specification import procurements, specifications

# The question pages of each task with a check-your-answers page, in order, and the answer
# fields each one sets (one thing per page).
QUESTIONS = {
    "council": {
        "name": ("name",),
        "nation": ("nation",),
        "type": ("type",),
        "local": ("local_description", "local_postcode_districts"),
    },
    "policy": {
        "threshold": ("threshold_gbp",),
        "weighting": ("weighting_pct",),
        "max-outcomes": ("max_outcomes",),
    },
    "specification": {
        "title": ("title",),
        "description": ("description",),
        "category": ("category",),
        "value": ("value_gbp",),
        "duration": ("duration_months",),
    },
}
QUESTIONS_FIELDS = {
    task: tuple(f for fields in questions.values() for f in fields)
    for task, questions in QUESTIONS.items()
}
COUNCIL_TYPES = (
    "Unitary authority",
    "County council",
    "District council",
    "Metropolitan borough council",
    "London borough council",
    "County or county borough council (Wales)",
    "Council area (Scotland)",
    "District council (Northern Ireland)",
    "Combined authority",
    "Another public body",
)
COUNCIL_STAND_INS = {
    "name": "Council",
    "slug": "council",
    "nation": "England",
    "type": "Unitary authority",
    "local_description": "Within the council's boundary",
    "local_postcode_districts": [],
}


CONTRACT_STAND_INS = {
    "title": "Contract",
    "description": "Contract",
    "category": "services",
    "value_gbp": 1,
    "duration_months": 1,
}
POLICY_FIELDS = ("threshold_gbp", "weighting_pct", "max_outcomes")
CONTRACT_FIELDS = ("title", "description", "category", "value_gbp", "duration_months")
MESSAGES = {
    "name": "Enter your council's name",
    "nation": "Select the nation your council is in",
    "type": "Select the type of council",
    "local_description": "Enter what 'local' means for your council's contracts",
    "threshold_gbp": "Enter the threshold as a whole number of pounds, like 100000",
    "weighting_pct": "Enter the weighting as a percentage from 0 to 100, like 10",
    "max_outcomes": (
        f"Enter the maximum as a whole number from 1 to {councils.MAX_OUTCOMES}, like 6"
    ),
}


# Draft answers and completion, one row per council and task.


def _row(db, council_id, task):
    rows = list(
        db.query(
            "SELECT answers, completed_at FROM wizard_tasks WHERE council_id = ? AND task = ?",
            [council_id, task],
        )
    )
    return rows[0] if rows else None


def draft(db, council_id, task):
    """Return a task's saved answers ({} when none)."""
    row = _row(db, council_id, task)
    return json.loads(row["answers"]) if row else {}


def save(db, council_id, task, answers):
    """Merge answers into a task's draft; the task is in progress until confirmed again."""
    with write_transaction(db):  # a colleague's answers saved meanwhile are merged, not lost
        merged = {**draft(db, council_id, task), **answers}
        db.execute(
            "INSERT INTO wizard_tasks (council_id, task, answers) VALUES (?, ?, ?)"
            " ON CONFLICT (council_id, task) DO UPDATE SET answers = excluded.answers,"
            " completed_at = NULL, updated_at = datetime('now')",
            [council_id, task, json.dumps(merged)],
        )
    return merged


def mark_completed(db, council_id, task, *, keep=None):
    """Record that a task's answers were checked and confirmed; keep only `keep` of its draft."""
    db.execute(
        "INSERT INTO wizard_tasks (council_id, task, answers, completed_at)"
        " VALUES (?, ?, ?, datetime('now')) ON CONFLICT (council_id, task) DO UPDATE SET"
        " answers = excluded.answers, completed_at = excluded.completed_at,"
        " updated_at = datetime('now')",
        [council_id, task, json.dumps(keep or {})],
    )


# Answers: validated with the domain rules, so the wizard and the files agree.


def _clean_only(clean, answers, fields, stand_ins):
    """Run a domain clean() on these fields alone, other fields standing in with valid values.

    Returns the cleaned values of `fields`, or raises Invalid naming only those fields.
    """
    raw = {**stand_ins, **{f: answers.get(f) for f in fields}}
    try:
        record = clean(raw)
    except Invalid as exc:
        errors = {}
        for field, message in exc.errors.items():
            field = "local_postcode_districts" if field == "postcode_districts" else field
            if field in fields:
                errors[field] = MESSAGES.get(field, message)
        raise Invalid(errors or exc.errors) from exc
    return {f: record[f] for f in fields}


def council_answers(council):
    """Return the first task's answers as stored in a council record."""
    return {
        "name": council["name"],
        "nation": council["nation"],
        "type": council["type"],
        "local_description": council["local_description"],
        "local_postcode_districts": list(council["local_postcode_districts"]),
    }


def clean_council(answers, fields=None):
    """Validate the council's answers (or only `fields`); return them cleaned or raise Invalid."""
    fields = fields or QUESTIONS_FIELDS["council"]
    answers = {**answers}
    if "local_postcode_districts" in answers:
        answers["local_postcode_districts"] = postcode_list(answers["local_postcode_districts"])
    errors = {
        f: MESSAGES[f]
        for f in ("name", "type", "local_description")
        if f in fields and not text(answers.get(f))
    }
    if "type" in fields and "type" not in errors and answers["type"] not in COUNCIL_TYPES:
        errors["type"] = MESSAGES["type"]
    long = councils.too_long({f: text(answers.get(f)) for f in ("name", "local_description")})
    errors.update({f: message for f, message in long.items() if f in fields})
    try:
        cleaned = _clean_only(councils.clean, answers, fields, COUNCIL_STAND_INS)
    except Invalid as exc:
        errors = {**exc.errors, **errors}
    if errors:
        raise Invalid(errors)
    return cleaned


def clean_policy(council, answers, fields=POLICY_FIELDS):
    """Validate policy answers (or only `fields`) with the council rules; raise Invalid."""
    return _clean_only(councils.clean, answers, fields, {**council, "slug": "council"})


def clean_contract(council, answers, fields=CONTRACT_FIELDS):
    """Validate contract answers (or only `fields`) with the procurement rules; raise Invalid."""

    def clean(raw):
        return procurements.clean(raw, default_nation=council["nation"])

    return _clean_only(clean, answers, fields, CONTRACT_STAND_INS)


def postcode_list(value):
    """Return postcode districts from text like 'BF1, BF2' or a list."""
    if isinstance(value, list):
        return value
    return [d.upper() for d in text_list(re.split(r"[\s,;]+", value or ""))]


def answers_for(db, council, task):
    """A task's answers as its pages show them: what is stored, with the draft's changes on top."""
    if task == "council":
        return {**council_answers(council), **draft(db, council["id"], "council")}
    if task == "policy":
        stored = {f: council[f] for f in POLICY_FIELDS}
        return {**stored, **draft(db, council["id"], "policy")}
    return contract_answers(db, council["id"])


def cleaner_for(council, task):
    """The function that validates some of a task's answers: clean(answers, fields)."""
    if task == "council":
        return clean_council
    if task == "policy":
        return lambda answers, fields: clean_policy(council, answers, fields)
    return lambda answers, fields: clean_contract(council, answers, fields)


def create_council(db, answers):
    """Create a council from the first task's answers and mark that task done; return its id.

    `answers` has name, nation, type, local_description and local_postcode_districts, and
    optionally a slug (one is made from the name otherwise). Raises Invalid like councils.clean.
    """
    cleaned = clean_council(answers)
    slug = text(answers.get("slug"))
    taken = councils.slugs(db)
    if slug and (slug in taken or slug in councils.RESERVED_SLUGS):
        raise Invalid({"slug": "That web address is already in use; choose another"})
    record = councils.clean({**cleaned, "slug": slug or councils.make_slug(cleaned["name"], taken)})
    with write_transaction(db):
        council_id = councils.create(db, record)
        mark_completed(db, council_id, "council")
    return council_id


def confirm_council(db, council, answers):
    """Store the council's checked answers (its slug and policy stay as they are)."""
    cleaned = clean_council(answers)
    record = councils.clean({**council, **cleaned})
    with write_transaction(db):
        councils.update(db, council["id"], record)
        mark_completed(db, council["id"], "council")


def confirm_policy(db, council, answers):
    """Store the checked policy answers (the council's own values where none) on the council."""
    cleaned = clean_policy(council, {**{f: council[f] for f in POLICY_FIELDS}, **answers})
    record = councils.clean({**council, **cleaned})
    with write_transaction(db):
        councils.update(db, council["id"], record)
        mark_completed(db, council["id"], "policy")


# The first specification.


def contract_answers(db, council_id):
    """Return the first-specification task's answers, with the stored contract's if it exists."""
    answers = draft(db, council_id, "specification")
    procurement = first_procurement(db, council_id, answers)
    if procurement is not None:
        answers = {**{f: procurement[f] for f in CONTRACT_FIELDS}, **answers}
    return answers


def first_procurement(db, council_id, answers=None):
    """Return the contract this task created (the only one its answers may change), or None."""
    answers = draft(db, council_id, "specification") if answers is None else answers
    if not answers.get("procurement_id"):
        return None
    return procurements.get(db, council_id, answers["procurement_id"])


def task_contract(db, council_id, answers=None):
    """The contract the task list shows: this task's, else, before the task is begun, the first.

    A council that made contracts in the workspace has started its first specification there;
    once the task has answers of its own it is about the contract those answers describe.
    """
    answers = draft(db, council_id, "specification") if answers is None else answers
    if answers:
        return first_procurement(db, council_id, answers)
    made_elsewhere = procurements.for_council(db, council_id)  # newest first
    return made_elsewhere[-1] if made_elsewhere else None


def save_contract(db, council, answers):
    """Create (or update) the task's contract from checked answers; return the procurement id."""
    raw = {f: answers.get(f) for f in CONTRACT_FIELDS}
    with write_transaction(db):
        existing = first_procurement(db, council["id"], answers)
        record = procurements.clean(
            raw if existing is None else {**existing, **raw}, default_nation=council["nation"]
        )
        if existing is None:
            procurement_id = procurements.create(db, council["id"], record)
        else:
            procurement_id = existing["id"]
            procurements.update(db, council["id"], procurement_id, record)
        specifications.get_or_create(db, council["id"], procurement_id)
        # The contract now holds the answers: a later change starts from it, not this draft.
        db.execute(
            "DELETE FROM wizard_tasks WHERE council_id = ? AND task = 'specification'",
            [council["id"]],
        )
        save(db, council["id"], "specification", {"procurement_id": procurement_id})
    return procurement_id


def confirm_specification(db, council_id, procurement_id):
    """Record that the first specification has been reviewed."""
    mark_completed(db, council_id, "specification", keep={"procurement_id": procurement_id})
