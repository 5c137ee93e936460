"""Comparing two specifications, or two versions of a clause: word by word, clause by clause."""

import difflib
import re
from dataclasses import dataclass, field

from specifier.specification import specifications

# Words with the spaces after them, so that a change never matches on a lone space.
TOKENS = re.compile(r"\S+\s*|\s+")
# Below this share of words in common, a clause reads as rewritten rather than edited.
REWRITTEN = 0.3


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
            "Outcomes": "; ".join(f"{o.code} {o.title}" for o in doc.prescribed) or "None",
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
