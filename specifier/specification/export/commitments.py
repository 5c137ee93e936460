"""What a bidder commits to, as the response form and workbook ask it, and what they were issued from.

Worked out from the Document alone: one row per outcome (per lot, where there are lots) with its
unit and minimum, the contract years to fill in, and a fingerprint of the specification so that
a returned workbook can be matched to the version that was issued.
"""

import hashlib
import json
import re
from dataclasses import dataclass

from specifier import wording
from specifier.specification import clauses, proportionality

# The fields of a contract that a bidder's commitments depend on.
CONTRACT_FIELDS = (
    "id",
    "reference",
    "title",
    "description",
    "category",
    "value_gbp",
    "duration_months",
    "start_date",
    "nation",
    "lots",
)


@dataclass(frozen=True)
class Commitment:
    """One row to fill in: an outcome, for one lot where there are lots, by contract year."""

    number: int
    code: str
    title: str
    unit: str
    lot: str  # the lot's title, or "" for the whole contract
    lot_number: int  # 1, 2... or 0 for the whole contract
    minimum: float | None  # this row's minimum; None when there is none to check against
    minimum_text: str
    level: bool  # a percentage or rate every year must reach, rather than a total over the years
    whole: bool  # counted in whole numbers
    rate: bool = False  # a framework's rate for each £ of call-offs, not a percentage
    optional: bool = False  # 0 is acceptable: scored on quality alone (Suggestion.optional)
    size: str = ""  # the published reference or fixed points that cap the score, if any

    @property
    def key(self):
        """The row's identity in a returned workbook: the outcome's code and the lot's number."""
        return f"{self.code}|{self.lot_number}"


@dataclass(frozen=True)
class Issue:
    """Which specification, at which version, a response form or workbook was issued from."""

    specification_id: int | None
    updated_at: str | None
    content_hash: str
    # Without a stored specification: the file it was made from and when (UTC), so the
    # workbook still says what it came from.
    source: str = ""
    generated_at: str = ""

    @property
    def version(self):
        """A label naming the specification, its last change and its content: for matching.

        A specification generated from a file has no stored id or change: its label is the issue
        reference bidders see, which names its content.
        """
        if self.specification_id is None:
            return self.reference
        stamp = re.sub(r"\D", "", self.updated_at or "") or "unsaved"
        return f"{self.specification_id}-{stamp}-{self.content_hash[:12]}"

    @property
    def reference(self):
        """The issue's reference as bidders see it: a short code for its content."""
        return f"SV-{self.content_hash[:8].upper()}"

    def label(self, issued_on):
        """The issue as bidders see it: its reference and date, like a document's issue number."""
        day = (self.updated_at or "")[:10] or issued_on
        return f"{self.reference}, {wording.long_date(day)}"


def contract_years(procurement):
    """The contract's years as bidders fill them in: 'Year 1', 'Year 2', 'Year 3 (6 months)'.

    The years of the firm term: commitments are made over it, and their yearly rate continues
    into any extension (proportionality.firm_term).
    """
    full, part = divmod(proportionality.counting_period(procurement)[0], 12)
    labels = [f"Year {n}" for n in range(1, full + 1)]
    if part:
        labels.append(f"Year {full + 1} ({wording.counted(part, 'month')})")
    return labels


def size_text(doc, outcome):
    """The published reference point or fixed points an answer's score is capped by ("" if
    none): the form and the workbook both say them, as the specification does (FINDINGS-14a
    A10)."""
    if outcome.minimum is not None or not (outcome.reference or outcome.scale):
        return ""
    years, extension = proportionality.counting_period(doc.procurement)
    return clauses.render(
        "exports/response/size.txt",
        o=outcome,
        scale=doc.scale,
        framework=doc.law.framework,
        years=years / 12,
        extension=extension,
        cap_multiple=proportionality.SCORE_CAP_MULTIPLE,
    ).strip()


def _minimum_text(outcome, minimum):
    if minimum is None and outcome.suggestion.optional:
        return (
            f"None required: propose a commitment in {outcome.unit} if you make one (0 is accepted)"
        )
    if minimum is None and outcome.minimum is not None:  # a total the lots cannot share
        return (
            f"Propose a commitment above 0, in {outcome.unit}: the lots have no values to share"
            f" the whole contract's minimum ({wording.measured(outcome.minimum, outcome.unit)})"
            " between them"
        )
    if minimum is None:
        return f"None set: propose a commitment above 0, in {outcome.unit}"
    return wording.measured(round(minimum, 2), outcome.unit)


def _per_lot(outcome, lots):
    """(lot title, lot number, minimum) for each row of an outcome, as the document shares it.

    The document shares a total out by the lots' values (a rate or a percentage applies to each
    lot in full, valued or not); a total the lots have no values to share is the bidder's to
    propose for each lot.
    """
    if not lots:
        return [("", 0, outcome.minimum)]
    if outcome.lots:
        return [(lot.title, n, lot.minimum) for n, lot in enumerate(outcome.lots, start=1)]
    return [(lot["title"], n, None) for n, lot in enumerate(lots, start=1)]


def commitments(doc):
    """Return every row to fill in, outcome by outcome, lot by lot."""
    lots = doc.procurement.get("lots") or []
    rows = []
    for outcome in doc.outcomes:
        level = outcome.unit.strip().startswith("%") or bool(outcome.per_gbp)
        whole = outcome.whole
        for title, number, minimum in _per_lot(outcome, lots):
            rows.append(
                Commitment(
                    number=outcome.number,
                    code=outcome.code,
                    title=outcome.title,
                    unit=outcome.unit,
                    lot=title,
                    lot_number=number,
                    minimum=minimum,
                    minimum_text=_minimum_text(outcome, minimum),
                    level=level,
                    whole=whole,
                    rate=bool(outcome.per_gbp),
                    optional=outcome.suggestion.optional,
                    size=size_text(doc, outcome),
                )
            )
    return rows


def _block(block):
    if block.kind == "clause":
        return ["clause", block.key, block.number, block.text]
    if block.kind == "table":
        return ["table", block.key, block.caption, block.header, block.rows]
    return [block.kind, getattr(block, "text", "")]


def content_hash(doc):
    """A fingerprint of everything a bidder is asked: the wording, tables, outcomes and contract.

    The date it was built and its status are left out, so the same content always gives the
    same fingerprint, and any change a bidder would see gives another.
    """
    content = {
        "council": doc.council.get("slug") or doc.council["name"],
        "contract": {name: doc.procurement.get(name) for name in CONTRACT_FIELDS},
        "sections": [[s.number, s.title, [_block(b) for b in s.blocks]] for s in doc.sections],
        "outcomes": [[o.code, o.unit, o.minimum, o.weight] for o in doc.outcomes],
        "weighting": doc.weighting.pct,
        "scale": doc.scale,
        "word_limit": doc.word_limit,
    }
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def issue_for(doc, specification=None, *, source="", generated_at=""):
    """The identity of what is issued: the stored specification (when there is one) and content.

    Without one, `source` names the file it was made from and `generated_at` when.
    """
    specification = specification or {}
    return Issue(
        specification.get("id"),
        specification.get("updated_at"),
        content_hash(doc),
        source=source,
        generated_at=generated_at,
    )
