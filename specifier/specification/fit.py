"""What reaches bidders: an outcome that fails a blocking fit check is replaced or left out.

The one rule behind `flask generate-spec` and the web downloads, so an `Error:` about an outcome
never reaches a bidder file. A check's error that names an outcome (checks.Check.code) blocks
that outcome alone; any other error blocks every bidder file.
"""

import dataclasses
from dataclasses import dataclass

from specifier.specification import checks
from specifier.specification.document import build


@dataclass(frozen=True)
class Plan:
    """The document bidders get, what was left out or replaced, and what stops any file."""

    doc: object  # document.Document: what every bidder file is rendered from
    chosen: object  # document.Document: as the officer chose it, for the officer's pages
    notes: tuple = ()  # one plain line per outcome left out or replaced, for log and officer
    errors: tuple = ()  # why no bidder file may be written at all (one line each)

    @property
    def writable(self):
        return not self.errors


def failing(doc):
    """Return {measure code: the first blocking check about it} for the document's outcomes."""
    found = {}
    for check in checks.run(doc) if doc.included else ():
        if check.blocks_outcome:
            found.setdefault(check.code, check)
    return found


def plan(inputs, alternatives=None, credits=None):
    """Return the Plan for these inputs: failing outcomes replaced where the rules allow, else out.

    `alternatives(priority)` lists the council's accepted measures for a priority, suited to the
    contract: the first not already chosen that passes every blocking check takes the failing
    outcome's place. Failing that, `credits(code)` lists the other priorities the council
    accepted the same measure for: the first it passes for is credited instead. Without either
    the outcome is left out.
    """
    doc = build(inputs)
    if not doc.included:
        return Plan(doc, doc, errors=(_below(doc),))
    blocked = failing(doc)
    if not blocked:
        return Plan(doc, doc, errors=_document_errors(doc))
    chosen = list(inputs.chosen)
    notes = []
    for outcome in doc.prescribed:
        check = blocked.get(outcome.code)
        if check is None:
            continue
        at = next(i for i, item in enumerate(chosen) if item["measure"]["code"] == outcome.code)
        swap = _replacement(inputs, chosen, at, outcome, alternatives)
        other = None if swap else _other_priority(inputs, chosen, at, outcome, credits)
        said = f"{outcome.name} ({outcome.code}: {outcome.title})"
        if other is not None:
            chosen[at] = {"measure": chosen[at]["measure"], "priority": other}
            notes.append(
                f"{said} credited to “{other['title']}” instead, which the council accepted it"
                f" for: {check.reason}."
            )
        elif swap is None:
            del chosen[at]
            notes.append(f"{said} left out: {check.reason}.")
        else:
            chosen[at] = {"measure": swap, "priority": outcome.priority}
            notes.append(
                f"{said} replaced by {swap['code']} ({swap['title']}), another of the council's"
                f" accepted measures for “{outcome.priority['title']}”: {check.reason}."
            )
    issued = build(dataclasses.replace(inputs, chosen=chosen))
    errors = _document_errors(issued)
    if not issued.prescribed:
        errors = (
            "No outcome is left once those that fail a check are left out, so no bidder file"
            " is written. Choose another outcome",
        )
    return Plan(issued, doc, tuple(notes), errors)


def sized_tokens(inputs):
    """{measure code: why} for each outcome the document sizes as a token (the checks' "a token
    rather than a minimum"): sized as bidders see it, for the places and groups its priority
    names, which ranking alone does not apply (FINDINGS-15: local jobs for two named groups on a
    refurbishment came to less than one FTE year, and were weighted all the same)."""
    return {o.code: _token_reason(o.suggestion) for o in build(inputs).outcomes if _is_token(o)}


def _is_token(outcome):
    s = outcome.suggestion
    return s.under_one or s.token or s.small_amount


def _token_reason(suggestion):
    size = (
        "fewer than one a year"
        if suggestion.token and not suggestion.under_one
        else "less than the smallest worthwhile ask"
        if suggestion.small_amount
        else "less than one in all"
    )
    who = (
        ", once only the places or groups its priority names count," if suggestion.narrowed else ""
    )
    return f"On this contract{who} it comes to {size}, a token rather than a minimum"


def findings(doc, notes=()):
    """The officer's checks: each outcome the bidder files leave out or replace (Plan.notes)
    first, then the checks of the document as chosen."""
    return [checks.Check("error", "Bidder files", note) for note in notes] + checks.run(doc)


def _replacement(inputs, chosen, at, outcome, alternatives):
    """The first accepted measure for the outcome's priority that passes every blocking check."""
    if alternatives is None or outcome.priority is None:
        return None
    taken = {item["measure"]["code"] for item in chosen}
    for measure in alternatives(outcome.priority):
        if measure["code"] in taken:
            continue
        trial = [
            *chosen[:at],
            {"measure": measure, "priority": outcome.priority},
            *chosen[at + 1 :],
        ]
        if measure["code"] not in failing(build(dataclasses.replace(inputs, chosen=trial))):
            return measure
    return None


def _other_priority(inputs, chosen, at, outcome, credits):
    """Another priority the council accepted the outcome's measure for, that it passes for."""
    if credits is None or outcome.priority is None:
        return None
    for priority in credits(outcome.code):
        if priority["id"] == outcome.priority["id"]:
            continue
        item = {"measure": chosen[at]["measure"], "priority": priority}
        trial = [*chosen[:at], item, *chosen[at + 1 :]]
        if outcome.code not in failing(build(dataclasses.replace(inputs, chosen=trial))):
            return priority
    return None


def _document_errors(doc):
    """Errors about the whole document, not one outcome: each stops every bidder file."""
    return tuple(
        f"{c.topic}: {c.message}" for c in checks.run(doc) if c.level == "error" and not c.code
    )


def _below(doc):
    return (
        f"The contract is below {doc.council['name']}'s threshold of"
        f" £{doc.weighting.threshold_gbp:,}, so no social value section is needed"
    )
