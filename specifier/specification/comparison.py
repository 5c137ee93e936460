"""Comparing two specifications, or two versions of a clause: word by word, clause by clause."""

import difflib
import re
from dataclasses import dataclass, field

from specifier import wording
from specifier.specification import specifications

# Words with the spaces after them, so that a change never matches on a lone space.
TOKENS = re.compile(r"\S+\s*|\s+")
# Below this share of words in common, a clause reads as rewritten rather than edited.
REWRITTEN = 0.3
# Words kept either side of a change when a preview shortens what did not change.
PREVIEW_WORDS = 6


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


@dataclass
class RowChange:
    """One row of a table compared across two documents: its label and each cell's change."""

    table: str  # the table's caption
    label: str  # the row's first cell, as it reads in the second document where it is there
    status: str  # changed, added (only in the second) or removed (only in the first)
    cells: list = field(default_factory=list)  # [(column heading, parts)] for cells that differ


def _row_label(row):
    """Rows are matched by their first cell, less any number before a title ("1. Local jobs")."""
    return re.sub(r"^(KPI )?\d+[.:]\s*", "", row[0]) if row else ""


def _tables(doc):
    return {
        block.key: block
        for section in doc.sections
        for block in section.blocks
        if block.kind == "table"
    }


def compare_tables(first, second):
    """Compare every table row by row (matched by label), returning only rows that differ.

    A change of value or length moves minimums, KPI targets and summary rows that no clause
    shows word for word: this is where a reader sees them.
    """
    a_tables, b_tables = _tables(first), _tables(second)
    changes = []
    for key, b_table in b_tables.items():
        a_table = a_tables.get(key)
        a_rows = {_row_label(r): r for r in a_table.rows} if a_table else {}
        b_labels = set()
        for row in b_table.rows:
            label = _row_label(row)
            b_labels.add(label)
            old = a_rows.get(label)
            if old is None:
                changes.append(
                    RowChange(
                        b_table.caption,
                        row[0],
                        "added",
                        [
                            (heading, [("insert", cell)])
                            for heading, cell in zip(b_table.header, row, strict=False)
                        ],
                    )
                )
                continue
            cells = [
                (heading, diff_words(before, after))
                for heading, before, after in zip(b_table.header, old, row, strict=False)
                if before != after
            ]
            if cells:
                changes.append(RowChange(b_table.caption, row[0], "changed", cells))
        for label, row in a_rows.items():
            if label not in b_labels:
                changes.append(
                    RowChange(
                        a_table.caption,
                        row[0],
                        "removed",
                        [
                            (heading, [("delete", cell)])
                            for heading, cell in zip(a_table.header, row, strict=False)
                        ],
                    )
                )
    for key, a_table in a_tables.items():
        if key not in b_tables:
            changes += [
                RowChange(
                    a_table.caption,
                    row[0],
                    "removed",
                    [
                        (heading, [("delete", cell)])
                        for heading, cell in zip(a_table.header, row, strict=False)
                    ],
                )
                for row in a_table.rows
            ]
    return changes


def table_rows(doc):
    """How many table rows a document has, to say how many of them differ."""
    return sum(len(table.rows) for table in _tables(doc).values())


def compare_minimums(first, second):
    """Return [(outcome, first minimum, second minimum)] for every outcome in either, in words."""

    def minimums(doc):
        return {
            o.code: (
                f"{o.code} {o.title}",
                "Bidder proposes" if o.minimum is None else wording.measured(o.minimum, o.unit),
            )
            for o in doc.outcomes
        }

    a, b = minimums(first), minimums(second)
    codes = list(b) + [code for code in a if code not in b]
    return [
        (
            (b.get(code) or a[code])[0],
            a[code][1] if code in a else "Not prescribed",
            b[code][1] if code in b else "Not prescribed",
        )
        for code in codes
    ]


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


def preview(parts, words=PREVIEW_WORDS):
    """Shorten a comparison to its changes, keeping a few words either side of each."""
    shown = []
    for index, (op, chunk) in enumerate(parts):
        tokens = TOKENS.findall(chunk)
        if op != "equal" or len(tokens) <= 2 * words + 1:
            shown.append((op, chunk))
            continue
        head = "".join(tokens[:words]) if index > 0 else ""
        tail = "".join(tokens[-words:]) if index < len(parts) - 1 else ""
        shown.append(("equal", f"{head}… {tail}".strip() + (" " if tail else "")))
    return shown


def version_changes(history, generated):
    """Return [(version row, preview of what it changed)] for a clause's versions, newest first.

    Each version is compared with the one before it (version 1 with the generated wording); a
    version with no text went back to the generated wording.
    """
    changes = []
    for position, row in enumerate(history):
        before = history[position + 1]["text"] if position + 1 < len(history) else ""
        parts = diff_words(before or generated, row["text"] or generated)
        changes.append((row, preview(parts)))
    return changes


def version_text(history, version, generated):
    """Return the wording of a clause at a version (0 is the generated wording)."""
    for row in history:
        if row["version"] == version:
            return row["text"] or generated
    return generated
