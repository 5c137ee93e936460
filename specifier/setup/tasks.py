"""The guided start for a council new to social value: tasks, their answers and their statuses.

Plain functions over storage, with no Flask: a task's status is computed from what is stored
(the council, its priorities, decisions and procurements, and each task's draft answers in
`wizard_tasks`), never kept as a flag that could drift from the data.
"""

import json
import re
from dataclasses import dataclass

from specifier.councils import councils
from specifier.fields import Invalid, text, text_list
from specifier.matching import decisions
from specifier.priorities import priorities
from specifier.specification import procurements, specifications

NOT_STARTED = "not-started"
IN_PROGRESS = "in-progress"
COMPLETED = "completed"
CANNOT_START = "cannot-start"
STATUS_LABELS = {
    NOT_STARTED: "Not yet started",
    IN_PROGRESS: "In progress",
    COMPLETED: "Completed",
    CANNOT_START: "Cannot start yet",
}


@dataclass(frozen=True)
class Task:
    """One task on the list: what it is called, what it asks and what must be done first."""

    key: str
    title: str
    hint: str
    needs: tuple = ()


SECTIONS = (
    (
        "Set up your council",
        (
            Task(
                "council",
                "Tell us about your council",
                "Its name, nation, type and what 'local' means",
            ),
            Task(
                "priorities",
                "Choose your priorities",
                "What your contracts should help change in your area",
            ),
            Task(
                "policy",
                "Set your social value policy",
                "When you ask for social value, its weighting and how many outcomes",
            ),
        ),
    ),
    (
        "Prepare your first tender",
        (
            Task(
                "measures",
                "Review matched measures",
                "Accept the measures that show each priority is being delivered",
                needs=("priorities",),
            ),
            Task(
                "specification",
                "Create your first specification",
                "Describe a contract and download its social value wording",
                needs=("policy", "measures"),
            ),
        ),
    ),
)
TASKS = {task.key: task for _title, tasks in SECTIONS for task in tasks}

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
# Top-level paths a council slug must not shadow, including those sign-in may add.
RESERVED_SLUGS = {
    "setup",
    "static",
    "sign-in",
    "sign-out",
    "first-run",
    "account",
    "accounts",
    "admin",
    "api",
    "login",
    "logout",
}
GENERIC_NAME_WORDS = {"council", "borough", "county", "city", "district", "metropolitan"}
MESSAGES = {
    "name": "Enter your council's name",
    "nation": "Select the nation your council is in",
    "type": "Select the type of council",
    "local_description": "Enter what 'local' means for your council's contracts",
    "threshold_gbp": "Enter the threshold as a whole number of pounds, like 100000",
    "weighting_pct": "Enter the weighting as a percentage from 0 to 100, like 10",
    "max_outcomes": "Enter the maximum as a whole number of 1 or more, like 6",
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


# Statuses.


def statuses(db, council):
    """Return {task key: status} for a council (its record), computed from what is stored."""
    council_id = council["id"]
    rows = {
        r["task"]: r
        for r in db.query(
            "SELECT task, answers, completed_at FROM wizard_tasks WHERE council_id = ?",
            [council_id],
        )
    }
    pending = "council" in rows and not rows["council"]["completed_at"]
    missing = next_question("council", council_answers(council)) is not None
    active = priorities.search(db, council_id, status="active")
    accepted = decisions.accepted_codes(db, council_id)
    # A council made from a file or an import brings its own policy and maybe contracts; one
    # made here or on the first-run page has the default policy until this task is done.
    own_policy = "policy" not in rows and councils.has_own_policy(council)
    answers = json.loads(rows["specification"]["answers"]) if "specification" in rows else {}
    contract = task_contract(db, council_id, answers)
    spec = contract and specifications.for_procurement(db, council_id, contract["id"])

    def status(task, started, done=True):
        row = rows.get(task)
        if row and row["completed_at"] and done:
            return COMPLETED
        return IN_PROGRESS if row or started else NOT_STARTED

    found = {
        # Done once every answer is in and no change waits to be confirmed; a council made
        # elsewhere (the first-run page) may still lack its type and what "local" means.
        "council": IN_PROGRESS if pending or missing else COMPLETED,
        "priorities": status("priorities", bool(active), done=bool(active)),
        "policy": COMPLETED if own_policy else status("policy", False),
        "measures": status(
            "measures",
            bool(decisions.for_council(db, council_id)),
            done=any(accepted.get(p["id"]) for p in active),
        ),
        # A final specification cannot be changed, so it is as done as a confirmed one.
        "specification": COMPLETED
        if specifications.is_locked(spec)
        else status("specification", contract is not None),
    }
    met = {key: status == COMPLETED for key, status in found.items()}
    # Measures can be reviewed as soon as there are priorities to match, confirmed or not (a
    # council made from a file or an import has them before this task list has seen them).
    met["priorities"] = bool(active)
    for key, task in TASKS.items():
        if found[key] == NOT_STARTED and not all(met[n] for n in task.needs):
            found[key] = CANNOT_START
    return found


def statuses_before_council(answers):
    """Return {task key: status} before the council exists: only the first task can start."""
    found = {key: CANNOT_START for key in TASKS}
    found["council"] = IN_PROGRESS if answers else NOT_STARTED
    return found


def count_completed(found):
    """Return how many tasks are completed."""
    return sum(1 for status in found.values() if status == COMPLETED)


def next_question(task, answers):
    """Return the first question of a task that has no answer yet, or None when all are answered."""
    for question, fields in QUESTIONS[task].items():
        if any(answers.get(f) in (None, "") for f in fields if f != "local_postcode_districts"):
            return question
    return None


def previous_question(task, question):
    """Return the question before this one in its task, or None for the first."""
    order = list(QUESTIONS[task])
    index = order.index(question)
    return order[index - 1] if index else None


def following_question(task, question):
    """Return the question after this one in its task, or None for the last."""
    order = list(QUESTIONS[task])
    index = order.index(question)
    return order[index + 1] if index + 1 < len(order) else None


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


def make_slug(name, taken):
    """Return a short, unused web address part for a council, from its name."""
    words = re.findall(r"[a-z0-9]+", name.lower())
    kept = [w for w in words if w not in GENERIC_NAME_WORDS | {"of", "the"}] or words or ["council"]
    base = "-".join(kept)[:50].strip("-")
    slug, n = base, 1
    while slug in taken or slug in RESERVED_SLUGS:
        n += 1
        slug = f"{base}-{n}"
    return slug


def create_council(db, answers):
    """Create a council from the first task's answers and mark that task done; return its id.

    `answers` has name, nation, type, local_description and local_postcode_districts, and
    optionally a slug (one is made from the name otherwise). Raises Invalid like councils.clean.
    """
    cleaned = clean_council(answers)
    slug = text(answers.get("slug"))
    taken = councils.slugs(db)
    if slug and (slug in taken or slug in RESERVED_SLUGS):
        raise Invalid({"slug": "That web address is already in use; choose another"})
    record = councils.clean({**cleaned, "slug": slug or make_slug(cleaned["name"], taken)})
    with db.atomic():
        council_id = councils.create(db, record)
        mark_completed(db, council_id, "council")
    return council_id


def confirm_council(db, council, answers):
    """Store the council's checked answers (its slug and policy stay as they are)."""
    cleaned = clean_council(answers)
    record = councils.clean({**council, **cleaned})
    with db.atomic():
        councils.update(db, council["id"], record)
        mark_completed(db, council["id"], "council")


def confirm_policy(db, council, answers):
    """Store the checked policy answers (the council's own values where none) on the council."""
    cleaned = clean_policy(council, {**{f: council[f] for f in POLICY_FIELDS}, **answers})
    record = councils.clean({**council, **cleaned})
    with db.atomic():
        councils.update(db, council["id"], record)
        mark_completed(db, council["id"], "policy")


# Priorities: picked from the starter library, edited, or the council's own.


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
    existing = picks(db, council_id)
    with db.atomic():
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


def change_priority(db, council_id, priority, changes):
    """Apply edited fields to a priority with the register's rules; raise Invalid naming fields."""
    raw = {**priority, **changes}
    try:
        record = priorities.clean(raw)
    except Invalid as exc:
        errors = {f: m for f, m in exc.errors.items() if f in changes}
        if errors:
            raise Invalid(errors) from exc
        raise
    with db.atomic():
        priorities.update(db, council_id, priority["id"], record)
        save(db, council_id, "priorities", {})
    return record


def add_priority(db, council_id, raw):
    """Add the council's own priority, active; return its id or raise Invalid."""
    record = priorities.clean({**raw, "status": "active"})
    with db.atomic():
        priority_id = priorities.create(db, council_id, record)
        save(db, council_id, "priorities", {})
    return priority_id


def remove_priority(db, council_id, priority_id):
    """Take a priority off the list by archiving it (it stays in the register for the record)."""
    with db.atomic():
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


# Matched measures.


def confirm_measures(db, council_id):
    """Confirm the reviewed measures; raise Invalid unless at least one is accepted."""
    active = {p["id"] for p in listed_priorities(db, council_id)}
    accepted = decisions.accepted_codes(db, council_id)
    if not any(accepted.get(pid) for pid in active):
        raise Invalid({"measures": "Accept at least one measure for one of your priorities"})
    mark_completed(db, council_id, "measures")


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
    existing = first_procurement(db, council["id"], answers)
    if existing is not None:
        raw = {**existing, **raw}
    record = procurements.clean(raw, default_nation=council["nation"])
    with db.atomic():
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


def postcode_list(value):
    """Return postcode districts from text like 'BF1, BF2' or a list."""
    if isinstance(value, list):
        return value
    return [d.upper() for d in text_list(re.split(r"[\s,;]+", value or ""))]
