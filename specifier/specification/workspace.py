"""The commissioner's workspace: specifications by status, search, duplicate, compare, coverage.

Plain functions: status rules, word-level differences and read-only queries across a council's
procurements and specifications. Storage of each aggregate stays in its own module.
"""

import difflib
import re
from dataclasses import dataclass, field

from specifier.fields import Invalid, text
from specifier.priorities.priorities import search as search_priorities
from specifier.specification import procurements, specifications

# Where a specification can go next from each status; final is the end (it is locked).
TRANSITIONS = {"draft": ("review", "final"), "review": ("draft", "final"), "final": ()}
ACTIONS = {"review": "Send for review", "draft": "Return to draft", "final": "Mark as final"}
# Words with the spaces after them, so that a change never matches on a lone space.
TOKENS = re.compile(r"\S+\s*|\s+")
# Below this share of words in common, a clause reads as rewritten rather than edited.
REWRITTEN = 0.3


# Listing and search.


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


# Status and the final lock.


def final_problems(doc, findings):
    """Return what stops a specification being marked final: no section, or checks that fail."""
    problems = []
    if not doc.included:
        problems.append("The contract has no social value section: it is below the threshold")
    problems += [f"{f.topic}: {f.message}" for f in findings if f.level == "error"]
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


# Duplicating.


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
    with db.atomic():
        new_id = procurements.create(db, council_id, record)
        specifications.copy(db, council_id, source, new_id)
    return new_id


# Comparing: word by word, marked as insertions and deletions.


def diff_words(old, new):
    """Return [(op, text)] turning `old` into `new`; op is 'equal', 'insert' or 'delete'."""
    a, b = TOKENS.findall(old or ""), TOKENS.findall(new or "")
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if a and b and matcher.ratio() < REWRITTEN:
        return [("delete", old), ("insert", new)]
    parts = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(("equal", "".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            parts.append(("delete", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            parts.append(("insert", "".join(b[j1:j2])))
    return _merge(parts)


def _merge(parts):
    merged = []
    for op, chunk in parts:
        if merged and merged[-1][0] == op:
            merged[-1] = (op, merged[-1][1] + chunk)
        elif chunk:
            merged.append((op, chunk))
    return merged


@dataclass
class ClauseChange:
    """One clause compared across two documents."""

    key: str
    section: str
    number_a: str = ""
    number_b: str = ""
    status: str = "same"  # same, changed, added (only in the second), removed (only in the first)
    parts: list = field(default_factory=list)

    @property
    def number(self):
        return self.number_b or self.number_a


def _clauses(doc):
    return [(section.title, clause) for section in doc.sections for clause in section.clauses()]


def compare_documents(first, second):
    """Compare two built documents clause by clause (matched by clause key), in document order."""
    a, b = _clauses(first), _clauses(second)
    keys_a, keys_b = [c.key for _, c in a], [c.key for _, c in b]
    changes = []
    matcher = difflib.SequenceMatcher(None, keys_a, keys_b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for (section, old), (_, new) in zip(a[i1:i2], b[j1:j2], strict=True):
                same = old.text == new.text
                changes.append(
                    ClauseChange(
                        new.key,
                        section,
                        old.number,
                        new.number,
                        "same" if same else "changed",
                        [("equal", new.text)] if same else diff_words(old.text, new.text),
                    )
                )
            continue
        for section, old in a[i1:i2]:
            changes.append(
                ClauseChange(
                    old.key,
                    section,
                    number_a=old.number,
                    status="removed",
                    parts=[("delete", old.text)],
                )
            )
        for section, new in b[j1:j2]:
            changes.append(
                ClauseChange(
                    new.key,
                    section,
                    number_b=new.number,
                    status="added",
                    parts=[("insert", new.text)],
                )
            )
    return changes


def compare_facts(first, second):
    """Return [(label, first value, second value)] for the facts a reader checks first."""

    def facts(doc):
        p = doc.procurement
        return {
            "Contract": p["title"],
            "Estimated value": f"£{p['value_gbp']:,} over {p['duration_months']} months",
            "Weighting": f"{doc.weighting.pct:g}%",
            "Outcomes": "; ".join(f"{o.code} {o.title}" for o in doc.outcomes) or "None",
            "Status": specifications.STATUSES.get(doc.status, doc.status),
        }

    a, b = facts(first), facts(second)
    return [(label, a[label], b[label]) for label in a]


def version_text(history, version, generated):
    """Return the wording of a clause at a version (0 is the generated wording)."""
    for row in history:
        if row["version"] == version:
            return row["text"] or generated
    return generated


# Priority coverage.


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
