"""Compliance checks shown before export: clear, measurable, specific, proportionate, counted once."""

import datetime
import re
from dataclasses import dataclass

from specifier import wording
from specifier.specification import legal, proportionality

# Rule families whose units count people in work (FTE, apprentices): one hire counts once.
HIRE_FAMILIES = {"employment", "apprenticeships"}
TARGETED = "targeted-employment"  # hires from a group facing barriers
# Measures counting people of any other kind count hires only when their title, outcome or unit
# says so: "Households helped out of fuel poverty" counts people, but not people taken on.
HIRE_WORDS = re.compile(
    r"\b(recruit\w*|hires?|hired|hiring|jobs?|employed|apprentic\w*|in (paid )?work)\b"
)
SPEND_FAMILIES = {"local-spend", "targeted-spend"}
SMALL_CONTRACT_GBP = 500_000
# Why the proportionality rules propose no minimum, by Suggestion.reason: nothing to fix.
NO_MINIMUM_REASONS = {
    "propose": (
        "a fair target depends on the bidder's own baseline, so the bidder proposes one"
        " and its delivery plan states the baseline"
    ),
    "too-short": "the contract is too short for a fixed ask, so the bidder proposes one",
    "too-small": (
        "the contract's yearly value is too small for a fixed ask that would not shut out"
        " small firms, so the bidder proposes one"
    ),
}


@dataclass(frozen=True)
class Check:
    """One finding: 'error' blocks a sound tender, 'warning' needs a look, 'ok' is met."""

    level: str
    topic: str
    message: str


def run(doc):
    """Return the checks for a built document, problems first."""
    found = []
    add = lambda level, topic, message: found.append(Check(level, topic, message))  # noqa: E731
    council, procurement = doc.council, doc.procurement
    if not doc.included:
        if doc.weighting.below_threshold:
            add(
                "warning",
                "Threshold",
                (
                    f"The contract is below the council's threshold of £{doc.weighting.threshold_gbp:,},"
                    " so no social value section is included unless you include it anyway"
                ),
            )
        return found
    if doc.weighting.forced:
        add(
            "warning",
            "Threshold",
            (
                f"The contract is below the council's threshold of £{doc.weighting.threshold_gbp:,};"
                " the section is included because you chose to include it"
            ),
        )
    if not doc.outcomes:
        add("error", "Outcomes", "Choose at least one outcome")
    if len(doc.outcomes) > council["max_outcomes"]:
        add(
            "warning",
            "Outcomes",
            (
                f"{len(doc.outcomes)} outcomes is more than the council's maximum of"
                f" {council['max_outcomes']}; a short list gets better answers"
            ),
        )
    if procurement["value_gbp"] < SMALL_CONTRACT_GBP and len(doc.outcomes) > 3:
        add(
            "warning",
            "Proportionate",
            (
                "More than three outcomes on a contract under £500,000 is a heavy ask for"
                " small firms and social enterprises"
            ),
        )
    for o in doc.outcomes:
        name = f"Outcome {o.number} ({o.code})"
        if procurement["category"] not in o.measure.get("categories", []):
            add(
                "warning",
                "Subject matter",
                (
                    f"{name} is not usually suited to {procurement['category']} contracts:"
                    " explain how it relates to the subject matter, or remove it"
                ),
            )
        nations = legal.nations_for(o.measure)
        if nations and procurement.get("nation") not in nations:
            add(
                "warning",
                "Subject matter",
                f"{name} is for contracts in {' and '.join(sorted(nations))} only",
            )
        if o.priority is None:
            add("warning", "Subject matter", f"{name} is not linked to a council priority")
        if not o.unit:
            add("error", "Measurable", f"{name} has no unit")
        if o.minimum is None:
            found.append(_no_minimum(name, o))
        if not o.measure.get("evidence_required"):
            add("warning", "Evidence", f"{name} does not say what evidence the supplier must keep")
        suggested = o.suggestion.minimum
        if o.minimum is not None and suggested and o.minimum > 2 * suggested:
            add(
                "warning",
                "Proportionate",
                (
                    f"{name}: the minimum of {o.minimum:g} is more than twice the proportionate"
                    f" suggestion of {suggested:g}"
                ),
            )
    if doc.weighting.pct == 0:
        add("error", "Weighting", "The weighting is 0%: social value will not affect the award")
    for warning in doc.weighting.warnings:
        add("warning", "Weighting", warning)
    if doc.weighting.pct > 0:
        add(
            "ok",
            "Weighting",
            (f"Weighting of {doc.weighting.pct:g}% and the scoring method are stated"),
        )
    if doc.law.kpis_required:
        if len(doc.kpis) >= legal.MIN_KPIS:
            add("ok", "KPIs", f"{len(doc.kpis)} KPIs set for a contract over £5m")
        else:
            add("error", "KPIs", "A contract over £5m needs at least three KPIs")
    if doc.law.community_benefits:
        add(
            "ok",
            "Community benefits",
            "Community benefit requirements are summarised for the notice",
        )
    found.extend(_counting(doc))
    found.extend(_stale_edits(doc))
    found.extend(_dates(doc))
    order = {"error": 0, "warning": 1, "ok": 2}
    return sorted(found, key=lambda c: order[c.level])


def _no_minimum(name, outcome):
    """Say why an outcome has no minimum: information when the rules chose none, else a warning.

    The proportionality rules leave a minimum out on purpose for a baseline measure or a
    contract too small or short to carry one; only a unit no rule knows needs the officer.
    """
    why = NO_MINIMUM_REASONS.get(outcome.suggestion.reason)
    if why is None:
        return Check(
            "warning",
            "Measurable",
            (
                f"{name} has no minimum: no proportionality rule covers its unit"
                f" ({outcome.unit or 'none'}), so the bidder proposes one. Set a minimum"
                " if you know a fair one"
            ),
        )
    return Check(
        "ok",
        "Measurable",
        f"{name} has no minimum, as the proportionality rules propose: {why}. No action needed",
    )


def counts_hires(outcome):
    """Return True when an outcome counts people taken on generally: jobs or apprentices."""
    if outcome.suggestion.family in HIRE_FAMILIES:
        return True
    words = f"{outcome.title} {outcome.measure.get('outcome') or ''} {outcome.unit}".lower()
    return outcome.suggestion.family == "people" and bool(HIRE_WORDS.search(words))


def _counting(doc):
    """Warn where one hire or one pound could be counted under several outcomes."""
    checks = []
    spends = lambda o: o.suggestion.family in SPEND_FAMILIES  # noqa: E731
    targeted = lambda o: o.suggestion.family == TARGETED  # noqa: E731
    # A person hired from a group facing barriers may count under one targeted measure as well
    # as under a general one (the measures' counting notes), but not under two targeted ones.
    groups = ((counts_hires, "hire"), (targeted, "hire"), (spends, "pound of spend"))
    for counts, noun in groups:
        overlapping = [o for o in doc.outcomes if counts(o)]
        if len(overlapping) > 1:
            codes = ", ".join(o.code for o in overlapping)
            checks.append(
                Check(
                    "warning",
                    "Counting",
                    (
                        f"One {noun} could be counted under {codes}: the counting rules say it counts"
                        " once; say which outcome each counts under"
                    ),
                )
            )
    return checks


def _stale_edits(doc):
    """Warn where a clause was edited and the wording it was edited from has changed since."""
    return [
        Check(
            "warning",
            "Edited wording",
            (
                f"Clause {c.number}: the generated wording has changed since you edited this"
                " clause (for example the weighting, value, length or outcomes); check your"
                " wording still agrees with it"
            ),
        )
        for c in doc.clauses()
        if c.stale
    ]


def _dates(doc):
    """Warn where the contract start date has passed, and say if the delivery plan date has too."""
    start = doc.procurement.get("start_date")
    if not start or not doc.created or start >= doc.created:
        return []
    days = proportionality.delivery_plan_days(doc.procurement)
    due = datetime.date.fromisoformat(start) + datetime.timedelta(days=days)
    message = f"The contract start date, {wording.long_date(start)}, is in the past"
    if due.isoformat() < doc.created:
        message += f", and so is the delivery plan deadline of {wording.long_date(due)}"
    return [Check("warning", "Dates", message + ": check the start date before export")]
