"""The guided start's task list: the tasks, what each needs first, and each task's status.

A task's status is computed from what is stored (the council, its priorities, decisions and
procurements, and each task's draft answers), never kept as a flag that could drift from the data.
"""

import json
from dataclasses import dataclass

from specifier.councils import councils
from specifier.fields import LIST, TEXT, Invalid, shape_problems, text, text_list
from specifier.matching import decisions
from specifier.priorities import priorities
from specifier.setup import drafts, runner
from specifier.specification import specifications
from specifier.themes import THEMES

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
# What each task's stored answers may hold: its question pages' fields, and what it keeps.
ANSWERS = {
    "council": {
        **dict.fromkeys(drafts.QUESTIONS_FIELDS["council"], TEXT),
        "local_postcode_districts": LIST,
    },
    "priorities": {"themes": LIST},
    "policy": dict.fromkeys(drafts.QUESTIONS_FIELDS["policy"], TEXT),
    "measures": {},
    "specification": {
        **dict.fromkeys(drafts.QUESTIONS_FIELDS["specification"], TEXT),
        "procurement_id": TEXT,
    },
}


def clean_row(row):
    """Validate a task's answers as a council export keeps them (JSON): only answers its pages
    give, each of the kind they give it; return the task and answers as they are stored.
    """
    task = text(row.get("task"))
    if task not in ANSWERS:
        raise Invalid({"task": "must be one of the set-up tasks: " + ", ".join(ANSWERS)})
    try:
        answers = json.loads(row.get("answers") or "{}")
    except (TypeError, ValueError, RecursionError):
        answers = None
    if not isinstance(answers, dict):
        raise Invalid({"answers": "must be a JSON object of the task's answers"})
    unknown = [key for key in answers if key not in ANSWERS[task]]
    problems = shape_problems(answers, ANSWERS[task], "answers")
    if unknown:
        problems["answers"] = f"{unknown[0]!r} is not an answer of the {task} task"
    if any(theme not in THEMES for theme in text_list(answers.get("themes"))):
        problems["answers"] = "themes must be theme keys, like jobs"
    if problems:
        raise Invalid({"answers": next(iter(problems.values()))})
    return {"task": task, "answers": json.dumps(answers)}


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
    missing = runner.next_question("council", drafts.council_answers(council)) is not None
    active = priorities.search(db, council_id, status="active")
    accepted = decisions.accepted_codes(db, council_id)
    # A council made from a file or an import brings its own policy and maybe contracts; one
    # made here or on the first-run page has the default policy until this task is done.
    own_policy = "policy" not in rows and councils.has_own_policy(council)
    answers = json.loads(rows["specification"]["answers"]) if "specification" in rows else {}
    contract = drafts.task_contract(db, council_id, answers)
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
