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
    """Return the checks for a built document, problems first.

    Each rule is a function of the document returning its findings: a new rule is one function
    in RULES (and one test). Below the threshold only the threshold rule applies.
    """
    rules = RULES if doc.included else (threshold,)
    found = [check for rule in rules for check in rule(doc)]
    order = {"error": 0, "warning": 1, "ok": 2}
    return sorted(found, key=lambda c: order[c.level])


def threshold(doc):
    """Say when the contract is below the council's threshold, and whether it is included anyway."""
    limit = f"£{doc.weighting.threshold_gbp:,}"
    if not doc.included and doc.weighting.below_threshold:
        return [
            Check(
                "warning",
                "Threshold",
                f"The contract is below the council's threshold of {limit}, so no social value"
                " section is included unless you include it anyway",
            )
        ]
    if doc.weighting.forced:
        return [
            Check(
                "warning",
                "Threshold",
                f"The contract is below the council's threshold of {limit}; the section is"
                " included because you chose to include it",
            )
        ]
    return []


def outcome_count(doc):
    """At least one outcome, and no more than the council's maximum."""
    maximum = doc.council["max_outcomes"]
    if not doc.outcomes:
        return [Check("error", "Outcomes", "Choose at least one outcome")]
    if len(doc.outcomes) > maximum:
        return [
            Check(
                "warning",
                "Outcomes",
                f"{len(doc.outcomes)} outcomes is more than the council's maximum of {maximum};"
                " a short list gets better answers",
            )
        ]
    return []


def small_contract(doc):
    """A contract under £500,000 asks for three outcomes at most, for small firms' sake."""
    if doc.procurement["value_gbp"] < SMALL_CONTRACT_GBP and len(doc.outcomes) > 3:
        return [
            Check(
                "warning",
                "Proportionate",
                "More than three outcomes on a contract under £500,000 is a heavy ask for"
                " small firms and social enterprises",
            )
        ]
    return []


def _name(outcome):
    return f"Outcome {outcome.number} ({outcome.code})"


def subject_matter(doc):
    """Each outcome suits the kind of contract, its nation, and serves a council priority."""
    found = []
    category = doc.procurement["category"]
    for o in doc.outcomes:
        if category not in o.measure.get("categories", []):
            found.append(
                Check(
                    "warning",
                    "Subject matter",
                    f"{_name(o)} is not usually suited to {category} contracts: explain how it"
                    " relates to the subject matter, or remove it",
                )
            )
        nations = legal.nations_for(o.measure)
        if nations and doc.procurement.get("nation") not in nations:
            only = " and ".join(sorted(nations))
            found.append(
                Check("warning", "Subject matter", f"{_name(o)} is for contracts in {only} only")
            )
        if o.priority is None:
            found.append(
                Check(
                    "warning", "Subject matter", f"{_name(o)} is not linked to a council priority"
                )
            )
    return found


def measurable(doc):
    """Each outcome has a unit and a minimum, or says why the bidder proposes one."""
    found = []
    for o in doc.outcomes:
        if not o.unit:
            found.append(Check("error", "Measurable", f"{_name(o)} has no unit"))
        if o.minimum is None:
            found.append(_no_minimum(_name(o), o))
    return found


def evidence(doc):
    """Each outcome says what evidence the supplier must keep."""
    return [
        Check(
            "warning", "Evidence", f"{_name(o)} does not say what evidence the supplier must keep"
        )
        for o in doc.outcomes
        if not o.measure.get("evidence_required")
    ]


def proportionate_minimums(doc):
    """No minimum set at more than twice the proportionate suggestion."""
    return [
        Check(
            "warning",
            "Proportionate",
            f"{_name(o)}: the minimum of {wording.measured(o.minimum, o.unit)} is more than twice"
            f" the proportionate suggestion of {wording.measured(o.suggestion.minimum, o.unit)}",
        )
        for o in doc.outcomes
        if o.minimum is not None and o.suggestion.minimum and o.minimum > 2 * o.suggestion.minimum
    ]


def weighting(doc):
    """The weighting is stated, is not 0%, and any warning about it is shown."""
    pct = doc.weighting.pct
    found = [Check("warning", "Weighting", warning) for warning in doc.weighting.warnings]
    if pct == 0:
        found.insert(
            0,
            Check(
                "error", "Weighting", "The weighting is 0%: social value will not affect the award"
            ),
        )
    else:
        found.append(
            Check(
                "ok",
                "Weighting",
                f"Weighting of {wording.qty(pct)}% and the scoring method are stated",
            )
        )
    return found


def kpis(doc):
    """A contract that needs KPIs has at least three."""
    if not doc.law.kpis_required:
        return []
    if len(doc.kpis) >= legal.MIN_KPIS:
        return [Check("ok", "KPIs", f"{len(doc.kpis)} KPIs set for a contract over £5m")]
    return [Check("error", "KPIs", "A contract over £5m needs at least three KPIs")]


def community_benefits(doc):
    """A Scottish contract of £4m or more summarises its community benefits for the notice."""
    if not doc.law.community_benefits:
        return []
    return [
        Check(
            "ok",
            "Community benefits",
            "Community benefit requirements are summarised for the notice",
        )
    ]


def law(doc):
    """What the officer must check by hand about the law, and duties the document cannot meet alone."""
    position = doc.law
    found = [Check("warning", "Law", caution) for caution in position.cautions]
    if position.welsh_major_works:
        found.append(Check("warning", "Law", position.say("sppp-s29").text))
    if position.ni_policy and doc.weighting.pct < legal.MIN_WEIGHTING_PCT:
        found.append(
            Check(
                "warning",
                "Law",
                f"Northern Ireland policy (PPN 01/21) gives social value at least"
                f" {legal.MIN_WEIGHTING_PCT}% of the award criteria, and this weighting is"
                f" {wording.qty(doc.weighting.pct)}%: the specification does not cite the note",
            )
        )
    return found


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


def counting(doc):
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


def stale_edits(doc):
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


def dates(doc):
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


RULES = (
    threshold,
    outcome_count,
    small_contract,
    subject_matter,
    measurable,
    evidence,
    proportionate_minimums,
    weighting,
    kpis,
    community_benefits,
    law,
    counting,
    stale_edits,
    dates,
)
