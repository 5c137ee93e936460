"""Compliance checks shown before export: clear, measurable, specific, proportionate, counted once."""

import datetime
import re
from dataclasses import dataclass

from specifier import wording
from specifier.specification import (
    clauses,
    contract_forms,
    legal,
    proportionality,
    relevance,
    scoring,
    sectors,
)
from specifier.specification import eligibility as who_counts

# Why the proportionality rules propose no minimum, by Suggestion.reason: nothing to fix.
NO_MINIMUM_REASONS = {
    "propose": (
        "a fair target depends on the bidder's own baseline, so the bidder proposes one"
        " and its delivery plan states the baseline"
    ),
    "amount": (
        "what the contract's own work yields depends on the bidder's plan, and there is no"
        " current baseline to judge it by (a one-off or new piece of work), so the bidder"
        " proposes one"
    ),
    "too-short": "the contract is too short for a fixed ask, so the bidder proposes one",
}


@dataclass(frozen=True)
class Check:
    """One finding: 'error' blocks a sound tender, 'warning' needs a look, 'ok' is met."""

    level: str
    topic: str
    message: str
    # A finding about one outcome names it (its measure code). An error that also says, in one
    # plain line, why the outcome cannot reach bidders and what to do (a failed fit) has that
    # outcome left out or replaced (see fit.py); other errors about one outcome, such as who
    # counts not yet confirmed, stop only the specification being final.
    code: str = ""
    reason: str = ""

    @property
    def blocks_outcome(self):
        return self.level == "error" and bool(self.code and self.reason)


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
    """At least one scored outcome, and no more outcomes than the council's maximum."""
    maximum = doc.council["max_outcomes"]
    if doc.conditions_only:
        return []  # the weighting check says nothing is scored
    if not doc.outcomes:
        message = "Choose at least one outcome"
        if doc.conditions:
            message += (
                " to score: contract conditions are pass or fail and carry no marks, and none"
                " of the council's accepted outcomes suits this contract. To secure social value"
                " through the conditions alone, with nothing scored, set the weighting to 0%"
                " (in a procurement file, weighting_pct: 0)"
            )
        return [Check("error", "Outcomes", message)]
    # The cap is on scored outcomes: a contract condition (the real Living Wage) uses none.
    if len(doc.outcomes) > maximum:
        return [
            Check(
                "warning",
                "Outcomes",
                f"{len(doc.outcomes)} outcomes is more than the council's maximum of"
                f" {maximum}; the maximum is a cap, not a target, and a short list gets better"
                " answers",
            )
        ]
    return []


def small_contract(doc):
    """A smaller contract carries fewer outcomes, so small firms and social enterprises can bid."""
    limit = proportionality.outcome_limit(doc.procurement, doc.council["max_outcomes"])
    count = len(doc.outcomes)  # scored: a contract condition uses no slot
    if count <= limit:
        return []
    value = wording.money(doc.procurement["value_gbp"])
    return [
        Check(
            "warning",
            "Proportionate",
            f"{count} outcomes is a heavy ask for a contract of {value}: at most"
            f" {limit} would suit small firms and social enterprises",
        )
    ]


def _name(outcome):
    return f"{outcome.name} ({outcome.code})"


def subject_matter(doc):
    """Each outcome suits the kind of contract, its nation, and serves a council priority."""
    found = []
    category = doc.procurement["category"]
    for o in doc.prescribed:
        # A staple the contract's market always carries suits it (sectors.yaml `carry`).
        carried = sectors.carried_staple(doc.procurement, o.measure)
        if category not in o.measure.get("categories", []) and not carried:
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
        trade = relevance.trade_denied(doc.procurement, o.measure, o.priority)
        if trade:
            found.append(
                Check(
                    "error",
                    "Subject matter",
                    f"{_name(o)} counts posts on this contract, which are in the contract's own"
                    f" trades, but it is credited to the priority “{o.priority['title']}”, which"
                    f" asks for skills in {trade}: this contract's work is not in that trade, so"
                    " the outcome does not serve the priority. Credit it to a priority it"
                    " serves, or choose another outcome",
                    o.code,
                    f"it does not serve “{o.priority['title']}”: posts on this contract are not"
                    f" in {trade}. Credit it to a priority it serves, or choose another outcome",
                )
            )
        unemployed = sectors.not_employed(doc.procurement, o.measure)
        if unemployed and not o.suggestion.optional:
            # Named by the officer, so kept; but a gate the delivery model cannot meet is not
            # (FINDINGS-16 music tuition 1: 80% direct employment of sessional tutors).
            found.append(
                Check(
                    "warning",
                    "Subject matter",
                    f"{_name(o)} sets a minimum every tender must meet, but {unemployed[0].lower()}"
                    f"{unemployed[1:]}. Remove it, or set no minimum and let bidders propose one",
                    o.code,
                )
            )
        denied = relevance.place_denied(o.measure, o.priority)
        if denied:
            found.append(
                Check(
                    "error",
                    "Subject matter",
                    f"{_name(o)} is credited to the priority “{o.priority['title']}”, which asks"
                    f" for something local, but its counting rule says where does not count"
                    f" (“{denied}”), so it does not measure that priority. Credit it to a priority"
                    " it measures, or choose an outcome that counts what is local",
                    o.code,
                    f"it does not serve “{o.priority['title']}”, which asks for something local,"
                    " because it counts the same wherever it happens. Credit it to a priority it"
                    " measures, or choose another outcome",
                )
            )
    return found


def promises(doc):
    """A priority whose description promises what the specification denies is not quoted."""
    found = []
    for priority in {o.priority["id"]: o.priority for o in doc.prescribed if o.priority}.values():
        promise = relevance.promise_denied(priority)
        if promise:
            found.append(
                Check(
                    "warning",
                    "Subject matter",
                    f"The priority “{priority['title']}” says “{promise}”, but the specification"
                    " tells bidders to recruit on merit and lawfully, not to reserve jobs. Its"
                    " description is left out of the bidders' text, which quotes only its title."
                    " Reword the description in the priorities register",
                )
            )
    return found


# No per-outcome field records why an outcome that counts the contract's own work is additional
# (the officer's rationale is for the minimum), so such an outcome blocks finalising until it is
# removed or replaced: every bidder would otherwise be scored on what the contract pays for.
REMOVE_OR_REPLACE = (
    " Remove it, or replace it with an outcome the contract does not itself pay for, before the"
    " specification is final"
)


def additional(doc):
    """No outcome counts what the contract itself delivers: that is not additional."""
    found = []
    for o in doc.prescribed:
        scope = relevance.own_scope(doc.procurement, o.measure)
        if scope is None:
            continue
        if scope.kind == "practice":
            message = (
                f"{_name(o)} measures {scope.subject}, part of the work this contract itself"
                f" pays for ({scope.because}), so bidders would be scored on how they do the"
                " work the council is buying. Make it a requirement of the specification that"
                " every bidder prices, rather than scored social value." + REMOVE_OR_REPLACE
            )
            reason = (
                f"it measures {scope.subject}, part of the work this contract itself pays for."
                " Make it a requirement of the specification, or choose another outcome"
            )
        else:
            if scope.beyond:
                message = (
                    f"{_name(o)} counts {scope.subject}, which this contract itself delivers"
                    f" ({scope.because}). Its counting rules count only what goes beyond the"
                    " contract's own scope, but where that boundary lies is for bidders to"
                    " argue, and the council's own works would be scored as social value."
                    + REMOVE_OR_REPLACE
                )
            else:
                message = (
                    f"{_name(o)} counts {scope.subject}, which this contract itself delivers"
                    f" ({scope.because}), so it would happen without any social value and"
                    " bidders cannot be compared on it. Choose another outcome, or reword the"
                    " measure to count only what goes beyond the contract's own works"
                )
            reason = (
                f"it counts {scope.subject}, which this contract itself delivers, so bidders"
                " would be scored on the council's own works. Choose another outcome"
            )
        found.append(Check("error", "Additional", message, o.code, reason))
    return found


def required_already(doc):
    """Tell the officer where part of what an outcome counts is already required by the
    description: the outcome says once that it is a requirement of the contract, not counted."""
    found = []
    for o in doc.outcomes:
        part = relevance.required_already(doc.procurement, o.measure)
        if part:
            found.append(
                Check(
                    "warning",
                    "Additional",
                    f"{_name(o)} would count {part[0]}, which the description already requires"
                    f" (“{part[1]}”). It is kept, as what goes beyond that is additional, and"
                    " its counting text says once that the required part is a requirement of"
                    " the contract and does not count. Keep the requirement in the"
                    " specification, or drop the outcome if nothing beyond it is worth scoring",
                )
            )
    return found


def lawful(doc):
    """No outcome asks what the law forbids a contract to require, such as union recognition."""
    return _against_law(
        doc,
        lambda measure: relevance.unlawful(measure, doc.law.nation),
        "Law",
        lambda name, said, instead: (
            f"{name} cannot be a requirement or a scored commitment: {said}. Remove it before the"
            " specification is final"
        ),
        lambda said, instead: f"the law forbids requiring it: {said}. Instead, {instead}",
    )


def already_required(doc):
    """No outcome counts what the law already requires of the provider on this service."""
    return _against_law(
        doc,
        lambda measure: relevance.already_law(measure, doc.law),
        "Additional",
        lambda name, said, instead: (
            f"{name} is not additional: {said}. Bidders would be scored on what the law"
            f" already requires. Instead, {instead}"
        ),
        lambda said, instead: f"the law already requires it: {said}. Instead, {instead}",
    )


def _against_law(doc, find, heading, message, reason):
    """An error for each outcome a law rule finds (`find` gives the law's key and what to do
    instead), saying the law as the law file words it."""
    found = []
    for o in doc.prescribed:
        hit = find(o.measure)
        if hit is None:
            continue
        key, instead = hit
        said = doc.law.say(key).text
        found.append(
            Check("error", heading, message(_name(o), said, instead), o.code, reason(said, instead))
        )
    return found


def measurable(doc):
    """Each outcome has a unit and a minimum, or says why the bidder proposes one."""
    found = []
    for o in doc.prescribed:
        if not o.unit:
            found.append(
                Check(
                    "error",
                    "Measurable",
                    f"{_name(o)} has no unit",
                    o.code,
                    "it has no unit, so no commitment to it can be measured. Give the measure a"
                    " unit in the catalogue, or choose another outcome",
                )
            )
        if o.minimum is None:
            found.append(_no_minimum(_name(o), o))
        elif o.suggestion.asset:
            found.append(
                Check(
                    "warning",
                    "Measurable",
                    f"{_name(o)} has your minimum of {wording.measured(o.minimum, o.unit)}, a"
                    f" pass/fail gate, though meeting it can need {o.suggestion.asset_needs}"
                    f" and {o.suggestion.asset}: a small firm that cannot make"
                    " that outlay is rejected. Clear the minimum to let bidders propose one",
                    o.code,
                )
            )
    return found


def evidence(doc):
    """Each outcome says what evidence the supplier must keep."""
    return [
        Check(
            "warning", "Evidence", f"{_name(o)} does not say what evidence the supplier must keep"
        )
        for o in doc.prescribed
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


def _about(number):
    """A worked-out figure as the officer reads it: whole from 10, else to one decimal place."""
    return round(number) if number >= 10 else round(number, 1)


def sizing(doc):
    """Say what the minimums were sized from: the workforce given or worked out, the firm term.

    Without the workforce on the contract, recruitment and workforce minimums rest on a ratio
    to value, which the officer can replace with the real staffing (the TUPE list). Minimums are
    set over the firm term: an extension read from the description is the officer's to confirm.
    """
    found = [
        Check(
            "warning",
            "Sizing",
            f"{o.name} ({o.title}) is sized from the homes the description says the contract"
            f' works on: "{o.suggestion.served_said}". Correct the description if the count is'
            " wrong, or set the minimum yourself",
        )
        for o in doc.outcomes
        if o.suggestion.served and not o.minimum_edited
    ]
    staffed = [
        o
        for o in doc.outcomes
        if o.suggestion.fte is not None and o.suggestion.method in proportionality.WORKFORCE_METHODS
    ]
    staff, occupants = proportionality.workforce_mentions(doc.procurement)
    set_aside = (
        " The description's "
        + wording.any_of([f'"{words}"' for words in occupants], "and")
        + " counts the people who will use what is built or served, not the supplier's staff,"
        " so it is not used."
        if staffed and occupants
        else ""
    )
    if staffed and not staffed[0].suggestion.fte_given:
        names = wording.any_of([_name(o) for o in staffed], "and")
        concession = doc.procurement.get("kind") == "concession"
        found.append(
            Check(
                "warning",
                "Sizing",
                f"{names} {'is' if len(staffed) == 1 else 'are'} sized from a workforce worked out"
                f" from the contract's value (about {wording.qty(_about(staffed[0].suggestion.fte))}"
                " FTE), as no workforce is given."
                + (
                    " This is a concession: its value is the supplier's income, not what the"
                    " council pays for labour, so this figure cannot size the workforce and may"
                    " be far out."
                    if concession
                    else ""
                )
                + set_aside
                + " Give the staff the contract needs"
                " (workforce_fte, from the TUPE list or your own estimate) to size "
                + ("it" if len(staffed) == 1 else "them")
                + " from that instead",
            )
        )
    elif staffed and staffed[0].suggestion.fte_from == "description":
        words = max(staff)[1] if staff else ""
        found.append(
            Check(
                "warning",
                "Sizing",
                f"Recruitment and workforce minimums are sized from the workforce read from the"
                f" description: about {wording.qty(staffed[0].suggestion.fte)} FTE of the"
                f' supplier\'s staff on the contract, from "{words}".' + set_aside + " Set"
                " workforce_fte to confirm or correct it",
            )
        )
    elif staffed:
        found.append(
            Check(
                "ok",
                "Sizing",
                f"Recruitment and workforce minimums are sized from the workforce you gave"
                f" ({wording.qty(staffed[0].suggestion.fte)} FTE). No action needed",
            )
        )
    months, said = proportionality.extension(doc.procurement)
    if months:
        firm = doc.procurement["duration_months"] - months
        found.append(
            Check(
                "warning" if said == "description" else "ok",
                "Sizing",
                f"Minimums are set over the firm term of {wording.counted(firm, 'month')}, not"
                f" the {wording.counted(doc.procurement['duration_months'], 'month')} with the"
                f" option to extend by {wording.counted(months, 'month')}"
                + (
                    ", which is read from the description: give extension_months to confirm or"
                    " correct it (0 if there is no option)"
                    if said == "description"
                    else ". No action needed"
                ),
            )
        )
    found.extend(_delivery_period(doc))
    return found


def _delivery_period(doc):
    """Say over which months people and workforce minimums are sized: without the mobilisation
    or defects period the description states (read, so the officer confirms it), or the whole
    term of a works contract (not a framework) whose description states none (assumed, so the
    officer is told)."""
    if not any(o.suggestion.method in proportionality.WORKFORCE_METHODS for o in doc.outcomes):
        return []
    idle = proportionality.idle_periods(doc.procurement)
    firm = proportionality.firm_term(doc.procurement)["duration_months"]
    delivery = proportionality.delivery_term(doc.procurement)["duration_months"]
    if idle and delivery < firm:
        said = wording.any_of([f'"{words}"' for _, _, words in idle], "and")
        return [
            Check(
                "warning",
                "Sizing",
                f"People and workforce minimums are sized over {wording.counted(delivery, 'month')}"
                f" of delivery, not the {wording.counted(firm, 'month')} of the term: the"
                f" description says {said}, when the contract has no delivery workforce, and the"
                " duration is taken to include it. If the duration does not include it, or the"
                " period is wrong, correct the description",
            )
        ]
    # A works framework's call-offs each have their own; a single works contract ends in one.
    if doc.procurement.get("category") == "works" and not doc.law.framework:
        return [
            Check(
                "warning",
                "Sizing",
                f"People and workforce minimums are sized over the whole"
                f" {wording.counted(firm, 'month')} of the term, as the description states no"
                " defects or rectification period. If the duration includes one (the months"
                ' after handover, with no site workforce), say it in the description ("a'
                ' 12-month defects period") so that the minimums are sized over the build alone',
            )
        ]
    return []


def weighting(doc):
    """The weighting is stated, is not 0%, and any warning about it is shown."""
    pct = doc.weighting.pct
    if doc.conditions_only:
        return [Check("warning", "Weighting", _unscored(doc))]
    found = [Check("warning", "Weighting", warning) for warning in doc.weighting.warnings]
    if doc.law.call_off and doc.law.call_off.direct and doc.outcomes:
        found.insert(
            0,
            Check(
                "error",
                "Weighting",
                "A direct award under a framework scores nothing, yet"
                f" {wording.counted(len(doc.outcomes), 'outcome')} would be scored. Name only"
                " contract conditions, or, if the framework allows a further competition for"
                " this call-off, set its route to further competition (call_off_route)",
            ),
        )
    elif pct == 0:
        found.insert(
            0,
            Check(
                "error",
                "Weighting",
                "The weighting is 0%: social value will not affect the award, yet"
                f" {wording.counted(len(doc.outcomes), 'outcome')} would be scored. Set a"
                " weighting to score them, or choose only contract conditions to secure social"
                " value through them alone",
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
    if doc.weighting.light:
        # The reason is the tool's, so it is told here, never to bidders (FINDINGS-17a, period
        # products 7): bidders read only the weighting, the questions and their word limit.
        found.append(
            Check(
                "ok",
                "Weighting",
                f"This is {doc.weighting.light}, so the rules keep the social value ask light"
                " (light_regime in proportionality.yaml, our judgement): fewer and shorter"
                " questions, and partners' written confirmation asked only of the preferred"
                " bidder",
            )
        )
    found += _proposed_cap(doc.weighting, doc.outcomes)
    found += _rides_on_proposals(doc)
    return found


def _rides_on_proposals(doc):
    """Where no scored outcome has a minimum, tell the officer the weighting buys only what the
    bidders choose to commit, and what to do (FINDINGS-18b, recurring 2: "a professional either
    sets an honest minimum or does not carry the outcome")."""
    outcomes = doc.outcomes
    if not outcomes or any(o.minimum is not None for o in outcomes):
        return []
    zero = [o.name for o in outcomes if o.suggestion.optional]
    accepted = (
        f" Where 0 is accepted ({wording.any_of(zero, 'and')}), an answer that commits 0 or"
        f" nothing measurable scores no more than {scoring.zero_cap(doc.scale)}, so prose alone"
        " earns little; but the bidders still choose the size."
        if zero
        else " Each bidder must commit more than 0, and the bidders choose the size."
    )
    source = proportionality.rules()["proposed_weighting"]["ppn_002"]
    policy = (
        ""  # Northern Ireland's own note sets its floor: the weighting checks say it
        if doc.law.ni_policy
        else ". The council's own weighting policy governs here: PPN 002's 10% least weighting is"
        f" for central government ({source['section']}, {source['source']}, checked"
        f" {source['checked']}), which other contracting authorities may choose to apply"
    )
    return [
        Check(
            "warning",
            "Proposed commitments",
            f"No scored outcome has a minimum, so the {wording.qty(doc.weighting.pct)}%"
            " weighting rides on commitments the bidders propose: each becomes a term of the"
            " contract, but nothing sets how much." + accepted + " To make the weighting buy a"
            " commitment you can hold the supplier to, set a minimum from the service's own"
            " figures (its staff, hours, sites or spend: minimum under the outcome in a"
            " procurement file), or carry fewer outcomes" + policy,
        )
    ]


def _unscored(doc):
    """The officer's warning on a specification of contract conditions alone at 0%."""
    named = wording.any_of([o.code for o in doc.conditions], "and")
    fair_work = (
        ". Scotland: the statutory guidance asks for fair work to be evaluated where it is"
        " relevant, and with nothing scored this tender does not evaluate it: record where it"
        " was (the framework's own award), or set a weighting to ask the Fair Work First question"
        if doc.law.fair_work
        else ""
    )
    return (
        "Nothing is scored: the weighting is 0%, so social value does not affect the award, and"
        f" it is secured through the contract conditions alone ({named}), each pass or fail."
        " This suits a call-off whose framework fixes the award criteria, or a contract where"
        " the council has decided the conditions are enough. To score social value as well,"
        " set a weighting and choose outcomes to score beside the conditions" + fair_work
    )


def _proposed_cap(w, outcomes):
    """Say why a question's share, or the weighting, is held to what its questions can bear."""
    rule = (
        " The rule (proposed_weighting in proportionality.yaml, our judgement) is at most"
        f" {wording.qty(proportionality.proposed_cap(1))}% for each such question."
    )
    found = [
        Check(
            "warning",
            "Weighting",
            f"{name} scores a commitment the bidder proposes, so its answer is judged on quality"
            f" alone: its share is held at {wording.qty(after)}% (from {wording.qty(before)}%),"
            " and the rest goes to the outcomes with a minimum; the total weighting is unchanged."
            + rule
            + f" Set a minimum for {name} to give it its full share",
        )
        for name, before, after in w.held
    ]
    if w.cap is None:
        return found
    found += _policy_floor(w)
    light = rules_light(w)
    if light:
        why = light
    elif all(o.minimum is None for o in outcomes):
        why = (
            " No outcome has a minimum, so every answer is scored on its quality alone and one"
            " judgement would decide a heavy share of the award." + rule + " Set a minimum"
            " for an outcome, or add one with a minimum, to use the council's weighting"
        )
        if w.floor is not None:
            why += f" (Northern Ireland's PPN 01/21 keeps it at {wording.qty(w.floor)}% or more)"

    else:
        why = (
            f" With {wording.counted(len(outcomes), 'outcome')}, one question would carry more"
            " of the award than it can bear: a small difference in one commitment would decide"
            " the award. The rule (question_weighting in proportionality.yaml, our judgement)"
            " is at most"
            f" {wording.qty(proportionality.rules()['question_weighting']['scored']['value'])}%"
            " for a question with a minimum and"
            f" {wording.qty(proportionality.proposed_cap(1))}% for any other. Add an outcome"
            " that fits the service to use the council's weighting"
        )
    if w.uncapped is not None:
        lowered = (
            f"The weighting is lowered from the council's {wording.qty(w.uncapped)}% to"
            f" {wording.qty(w.pct)}%. Bidders see only {wording.qty(w.pct)}%, never the"
            " council's figure or that it was lowered."
        )
        if not w.lowered_unconfirmed:
            return found + [
                Check("ok", "Weighting", lowered + " You confirmed the lower weighting")
            ]
        stale = (
            f" The {wording.qty(w.confirmed)}% you confirmed is not the weighting now."
            if w.confirmed is not None
            else ""
        )
        return found + [
            Check(
                "warning",
                "Weighting",
                lowered + stale + why + ". This is your decision: to accept"
                f" {wording.qty(w.pct)}%, set it as the weighting in the settings (or, in a"
                f" procurement file, add weighting_confirmed_pct: {wording.qty(w.pct)} under"
                " specification); or set another weighting: a weighting you set stands. Until"
                " you do, the specification cannot be marked final",
            )
        ]
    if w.pct > w.cap:
        return found + [
            Check(
                "warning",
                "Weighting",
                f"You set a weighting of {wording.qty(w.pct)}%, above the {wording.qty(w.cap)}%"
                " the rules allow here." + why,
            )
        ]
    return found


def _policy_floor(w):
    """Where Northern Ireland's PPN 01/21 keeps the weighting above what its questions can bear:
    the note's minimum stands, and a lower weighting is the officer's decision."""
    if w.floor is None or w.pct < w.floor:
        return []
    bare = wording.qty(proportionality.proposed_cap(1))
    return [
        Check(
            "warning",
            "Weighting",
            f"Northern Ireland policy PPN 01/21 gives social value at least {wording.qty(w.floor)}%"
            f" of the award criteria, so the weighting is {wording.qty(w.pct)}%, although the rules"
            f" would hold a question scored on its quality alone to {bare}% (proposed_weighting in"
            " proportionality.yaml, our judgement): one quality judgement may then carry more of"
            " the award than the rules would give it. To keep the note's minimum and spread the"
            " risk, set a minimum for an outcome or add another outcome. A lower weighting is your"
            " decision: set it, and the specification then no longer says the council follows"
            " the note",
        )
    ]


def rules_light(w):
    """Why the light regime caps this weighting, for the officer, or "" where it does not."""
    most = proportionality.rules()["light_regime"]["weighting_pct"]["value"]
    if not w.light_binds:
        return ""
    return (
        f" This is {w.light}, so the rules keep social value light (light_regime in"
        f" proportionality.yaml, our judgement): at most {wording.qty(most)}%, fewer and shorter"
        " questions, and partners' letters asked only of the preferred bidder"
    )


def kpis(doc):
    """Where section 52 applies, the social value KPIs are only some of the contract's KPIs."""
    if not doc.law.kpi_statutory:
        return []
    return [
        Check(
            "warning",
            "KPIs",
            f"Section 52 of the Procurement Act 2023: the contract needs at least"
            f" {legal.MIN_KPIS} KPIs, published before it is entered into, and the"
            f" {len(doc.kpis)} social value KPIs are among them. Set the KPIs for the service"
            " itself in the contract's performance schedule",
        )
    ]


def community_benefits(doc):
    """A Scottish contract of £4m or more: the contract notice must summarise the requirements."""
    if not doc.law.community_benefits:
        return []
    summary = "; ".join(
        f"{o.title}: " + ("a contract condition" if o.condition else _minimum_words(o))
        for o in doc.prescribed
    )
    return [
        Check(
            "warning",
            "Community benefits",
            "Section 25 of the Procurement Reform (Scotland) Act 2014: put a summary of the"
            f" community benefit requirements in the contract notice, for example: {summary}",
        )
    ]


def _minimum_words(o):
    if o.minimum is None:
        return "a commitment the bidder proposes"
    return f"at least {wording.measured(o.minimum, o.unit)}"


def law(doc):
    """What the officer must check by hand about the law, and duties the document cannot meet alone."""
    position = doc.law
    found = [Check("warning", "Law", caution) for caution in position.cautions]
    if position.welsh_major_works and not position.welsh_clauses:
        if position.welsh_clauses is None:
            found.append(
                Check(
                    "warning",
                    "Law",
                    "Say on the contract's details whether the contract includes the social"
                    " public works clauses (social_public_works_clauses: yes or no in a"
                    " procurement file). Until you do, the specification says only that the"
                    " council has considered them, not whether the contract includes them",
                )
            )
        found.append(Check("warning", "Law", position.say("sppp-s29").text))
    if position.wales:
        found.append(
            Check(
                "warning",
                "Law",
                "Welsh language: the specification says tenders may be written in Welsh and"
                " will be treated no less favourably. Check the council's compliance notice"
                " under the Welsh Language Standards for what else it requires of this tender,"
                " such as publishing the documents in Welsh",
            )
        )
    if position.ni_policy and doc.weighting.pct >= legal.MIN_WEIGHTING_PCT:
        found.append(
            Check(
                "warning",
                "Law",
                "Northern Ireland policy PPN 01/21 covers this contract (by the note's own scope,"
                " not the Procurement Act's thresholds: services above £138,760, construction"
                " above £5,336,937, as the Department of Finance's page states them from 1 June"
                " 2022: the Public Contracts Regulations' figures then, on a page last updated on"
                " 6 October 2022 and not re-based on the Act's thresholds since, so confirm with"
                " the Department which figures now apply), so the specification says the council"
                " follows"
                " it and keeps social value at 10% or more. The note binds departments and their"
                " bodies; a district council follows it by choice. If the council does not,"
                " remove that sentence from the legal basis. "
                + position.say("ni-ppn-conditions").text,
            )
        )
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
    if position.regulated_below and not position.below_payment_terms:
        found.append(
            Check(
                "warning",
                "Law",
                "Payment terms: the specification cites no statutory payment term for this"
                " below-threshold contract, because whether section 88 of the Procurement Act 2023"
                " (the 30-day term implied below the threshold) binds a devolved Welsh authority"
                " was not verified. Say the contract's payment terms in its conditions: section 88"
                " if your legal team confirms it applies, otherwise the council's own",
            )
        )
    if position.northern_ireland and not position.covered and not position.concession:
        found.append(Check("warning", "Law", position.say("ni-below-part-6").text))
    if position.northern_ireland and position.covered:
        found.append(Check("warning", "Law", position.say("ni-pa-application").text))

    if position.northern_ireland and any(
        o.who and o.applies_to == "people" for o in doc.prescribed
    ):
        found.append(Check("warning", "Law", position.say("ni-equality-screening").text))
    if position.scottish_regulated:
        found.append(Check("ok", "Law", position.say("prsa-s18").text))
    # The 2014 Act's duty to consider supported businesses is the council's, on goods and
    # services alike: the officer is told how (FINDINGS-17a 2.1).
    if (
        position.scottish_regulated
        # Section 11 does not apply to a call-off (section 6(2)(b)): its suppliers are the framework's.
        and not position.call_off
        and doc.procurement.get("category") in ("goods", "services")
        and not any("supported business" in (o.title or "").lower() for o in doc.prescribed)
    ):
        found.append(Check("warning", "Law", position.say("prsa-s11-supported").text))
    return found


def living_wage(doc):
    """A real Living Wage condition: how annual increases are priced, who funds care pay, and
    whom the condition covers where the people on the contract are not the supplier's staff."""
    paid = [o for o in doc.conditions if o.condition and "living wage" in o.title.lower()]
    if not paid:
        return []
    found = [
        Check(
            "warning",
            "Living Wage",
            "Say in the pricing schedule whether the contract's price review passes annual real"
            " Living Wage increases through; the specification tells bidders to price them"
            " unless the price review does",
        )
    ]
    note = paid[0].measure.get("market_note")
    if note:
        found.append(Check("warning", "Living Wage", f"Who the condition covers: {note}"))
    if not paid[0].measure.get("shifts", True):
        return found  # carers paid allowances work no shifts or visits for the supplier
    if doc.law.scotland:
        found.append(
            Check(
                "warning",
                "Living Wage",
                "Scotland: the Scottish procurement policy handbook (section 12, Fair Work First)"
                " allows requiring the real Living Wage only where it is relevant to how the"
                " contract is delivered, does not discriminate among bidders under international"
                " obligations, is proportionate, and the work is done by workers in the UK."
                " Record why each holds for this contract, or remove the condition and rely on"
                " the Fair Work First question",
            )
        )
    if doc.law.care:
        funds = " and paid travel time between visits" if doc.law.care_visits else ""
        found.append(
            Check(
                "warning",
                "Living Wage",
                f"Commissioned care: the council's hourly rates must fund the real Living Wage{funds},"
                " or providers cannot meet the condition"
                if doc.law.care_hourly
                else "Commissioned care: the contract price must fund the real Living Wage for"
                " every worker on the contract, or providers cannot meet the condition",
            )
        )
    if doc.law.care_nights:
        found.append(
            Check(
                "warning",
                "Living Wage",
                "Sleep-in shifts: the condition says time awake for the purposes of working is paid"
                " at least the real Living Wage and the hours a worker may sleep at the supplier's"
                " sleep-in rate. That is the council's choice, not the law's: the Living Wage"
                " Foundation campaigns for every hour of a sleep-in shift to be paid the real Living"
                " Wage. Confirm it, or edit the contract conditions clause to require the rate for"
                " the whole shift, and fund what you choose in the rates",
            )
        )
    if doc.law.care and not (doc.law.care_visits or doc.law.care_nights):
        found.append(
            Check(
                "warning",
                "Living Wage",
                "Care: the contract's description does not say whether workers visit people at home"
                " or work in accommodation where they may sleep in, so the condition says nothing"
                " about travel time or sleep-in shifts. Say how the care is given in the contract's"
                " description",
            )
        )
    return found


def evaluation(doc):
    """Rules of the evaluation that belong in the invitation to tender's own minimum standards:
    the pass or fail requirements that reject a tender, never a low quality score."""
    if doc.conditions_only:
        return []  # no answer is scored
    rejects = ["no answer to a social value question"]
    if any(o.minimum is not None for o in doc.outcomes):
        rejects.append("a commitment below a minimum")
    if any(o.minimum is None and not o.suggestion.optional for o in doc.outcomes):
        rejects.append("a commitment of 0 where the bidder must propose one")
    if doc.conditions:
        rejects.append("a contract condition not accepted in full")
    return [
        Check(
            "warning",
            "Evaluation",
            f"The social value section rejects a tender only for {wording.any_of(rejects)}; an"
            " answer scored 0 earns no marks for its question. Repeat these rules in the"
            " invitation to tender's minimum standards, so that no bidder misses them",
        )
    ]


def local_definition(doc):
    """The council's definition of local has sentences for some contracts only: left out here,
    or left out because this contract serves more than the places they name."""
    priorities = who_counts.local_priorities(doc.prescribed)
    found = []
    for sentence in clauses.for_some_contracts(
        doc.council.get("local_description"), doc.procurement, priorities
    ):
        if clauses.where_applies(sentence, doc.procurement, priorities) == "part":
            why = (
                " This contract serves more than that (its title or description names other"
                " areas too), and one definition must cover every place it serves, so the"
                " specification uses your council-wide definition. If you want it narrower,"
                " edit the definitions clause so that it still covers every place the contract"
                " serves"
            )
        else:
            why = (
                " It applies only to some contracts, so the specification leaves it out. If it"
                " applies to this contract, edit the definitions clause"
            )
        found.append(
            Check("warning", "Definitions", f"Your definition of local says: {sentence}{why}")
        )
    return found


def contract_form(doc):
    """Say which contract form the remedies were written for, and, where the description names
    none, which remedies depend on it (FINDINGS-16a 2.5, 3.2; 16b 2.8)."""
    form = contract_forms.form(doc.procurement)
    found = _unset_remedies(form, doc)
    if form.key == "unknown":
        return [
            Check(
                "warning",
                "Contract terms",
                "The description does not name the form of contract (this is likely to be"
                f" {form.likely}), so the remedies use only what every form has: a recovery"
                " plan, a senior managers' meeting, delivery of the shortfall and the contract's"
                " own remedies for a failure. Service credits, withholding payment"
                + (
                    ", termination for a continuing failure and a clause putting the schedule"
                    " before the general conditions (which the NHS Standard Contract does not"
                    " allow)"
                    if doc.law.health_care
                    else " and termination for a continuing failure"
                )
                + " depend on the form: add those the form allows, or name the form in the"
                " description (NEC4, JCT, NHS Standard Contract)",
            )
        ] + found
    if form.read_from:
        return [
            Check(
                "ok",
                "Contract terms",
                f"The remedies are written for {form.name}, as {form.read_from}: check that this"
                " is the form the contract uses",
            )
        ] + found
    return found


# Money remedies a form can carry but only the contract's own pricing sets: the schedule never
# names one the pack does not set (FINDINGS-16 coal tip 4, FINDINGS-17b demolition 6).
UNSET_REMEDIES = {
    "nec": "an Option X20 incentive payment for a social value KPI (priced in the Incentive"
    " Schedule)",
    "council": "service credits for the social value KPIs (in the contract's pricing terms)",
    "concession": "an adjustment of the concession fee or the council's share of the income for"
    " the social value KPIs",
}


def _unset_remedies(form, doc):
    """Tell the officer which money remedy the schedule leaves out because nothing sets it, and
    why a small contract ends at the contract's own remedies rather than a material breach."""
    key = "concession" if doc.law.concession else form.key
    found = []
    if key in UNSET_REMEDIES and doc.prescribed:
        found.append(
            Check(
                "warning",
                "Contract terms",
                f"The remedies do not name {UNSET_REMEDIES[key]}, as nothing in the"
                " specification sets one: a remedy with no amount behind it is empty. If the"
                " contract will carry one, add it to the remedies clause with its amount",
            )
        )
    if key in ("council", "concession") and doc.weighting.light and doc.prescribed:
        found.append(
            Check(
                "ok",
                "Contract terms",
                f"This is {doc.weighting.light}, so a continuing social value failure is dealt"
                " with under the contract's conditions, and taken into account at any"
                " extension, rather than named a material breach: termination would be out of"
                " proportion for a small provider",
            )
        )
    return found


def call_off(doc):
    """Say how a call-off under another body's framework was read, and what its framework must
    allow for what the specification evaluates (FINDINGS-18a-t 3.1)."""
    found = doc.law.call_off
    if found is None:
        return []
    checks = []
    if found.read_from:
        checks.append(
            Check(
                "ok",
                "Call-off",
                f'The description says "{found.read_from}", so this contract is written as a'
                " call-off under another body's framework, awarded under its terms. If it is not,"
                " reword the description; to confirm it, set call_off_under (the framework, its"
                " reference and lot) and call_off_route on the contract's details",
            )
        )
    if not found.framework:
        checks.append(
            Check(
                "warning",
                "Call-off",
                "The framework is not named, so the specification calls it the framework named"
                " in the procurement documents: name it, with its reference and lot, in"
                " call_off_under",
            )
        )
    if not found.route:
        checks.append(
            Check(
                "warning",
                "Call-off",
                "Nothing says whether the call-off is awarded by further competition or by"
                " direct award, so it is written for a further competition: set call_off_route",
            )
        )
    if found.direct:
        checks.append(
            Check(
                "ok",
                "Call-off",
                "A direct award evaluates nothing: the contract conditions and the supplier's"
                " commitments under the framework are the call-off's social value terms",
            )
        )
    elif doc.conditions_only:
        checks.append(
            Check(
                "ok",
                "Call-off",
                "Only contract conditions are named, so nothing is scored in the further"
                " competition. If the framework's further competition allows a social value"
                " criterion, name the outcomes to score under `outcomes:` beside the conditions"
                " (in the app, tick them) and set the weighting the framework allows",
            )
        )
    elif doc.outcomes:
        checks.append(
            Check(
                "warning",
                "Call-off",
                f"Social value is scored at {wording.qty(doc.weighting.pct)}% in the further"
                " competition. Confirm that the framework's call-off procedure allows a social"
                " value criterion at that weighting, and that its terms allow each minimum to be"
                " a ground for rejection; if not, change the weighting or the minimums, or name"
                " only contract conditions",
            )
        )
    return checks


def framework_call_offs(doc):
    """Say how the call-off clause reads the framework's suppliers, where the file does not say
    or its description says both (FINDINGS-16a 1.5)."""
    found = contract_forms.framework_suppliers(doc.procurement)
    if not found or (found.known == "given" and not found.clash):
        return []
    how = {
        "one": "one supplier for each lot, so call-offs are awarded to it directly and social"
        " value is not evaluated again at call-off",
        "several": "several suppliers, so call-offs are by further competition (social value"
        " weighted as in the framework tender) or direct award by the framework's rules",
    }[found.count]
    if found.known == "given":
        said = f"The procurement file says framework_suppliers: {found.count}"
    elif found.known == "description":
        said = f'The description says "{found.said}"'
    else:
        said = "Nothing says how many suppliers the framework has"
    clash = (
        f', but it also says "{found.clash}": decide which the framework is' if found.clash else ""
    )
    return [
        Check(
            "warning",
            "Frameworks",
            f"{said}{clash}. The call-off clause is written for {how}. Set framework_suppliers"
            " (one or several) in the procurement file to confirm it",
        )
    ]


def _small(value, unit):
    """A quantity to two significant figures under 10, so a token (0.0041 FTE years) shows."""
    if value >= 10 or unit.startswith("£"):
        return wording.measured(round(value), unit)
    return f"{float(f'{value:.2g}'):g} {unit}"


def framework_rates(doc):
    """On a framework, say what each rate for every £1m of call-offs comes to for one supplier
    over the term and for the call-off sizes the description names, so that a token shows
    (FINDINGS-18b, adaptations 9: a rate that averages 0.15 FTE years for each supplier).
    Always a warning, so the log shows it: only the officer can judge the figures worth having."""
    if not doc.law.framework:
        return []
    p = doc.procurement
    rated = [
        o
        for o in doc.outcomes
        if o.per_gbp
        and (o.minimum or o.reference)
        and not o.measure.get("unit", "").strip().startswith("%")
    ]
    if not rated:
        return []
    places = contract_forms.framework_places(p)
    sizes = contract_forms.call_off_sizes(p)
    ends = sorted({sizes[0], sizes[-1]}) if sizes else []
    years = p["duration_months"] / 12  # the years the value covers, options included
    said, tokens = [], []
    for o in rated:
        unit = o.measure.get("unit") or ""
        rate = o.minimum if o.minimum is not None else o.reference
        what = "minimum" if o.minimum is not None else "reference point"
        whole = rate * p["value_gbp"] / o.per_gbp
        one = (
            f"{o.name}'s {what} of {wording.measured(rate, o.unit)} comes to {_small(whole, unit)}"
        )
        each = whole / places if places else None
        if each is not None:
            one += f", about {_small(each, unit)} for each supplier"
            if each < (0.5 if o.counted_whole else 1):
                tokens.append(o.name)
        if ends:
            carried = " and ".join(
                f"{_small(rate * size / o.per_gbp, unit)} on {wording.money(size)}" for size in ends
            )
            one += f", and a call-off carries {carried}"
        said.append(one)
    shared = (
        f", shared between its {places} suppliers"
        if places
        else ' (nothing says how many suppliers share it: say "up to six suppliers for each'
        " lot\", say, in the description, and the checks work out each one's share)"
    )
    sizes_said = (
        f", and on the call-off {'size' if len(ends) == 1 else 'sizes'} the description names"
        if ends
        else ""
    )
    message = (
        f"What the rates come to over the framework's {wording.money(p['value_gbp'])} and"
        f" {wording.qty(round(years, 1))} {wording.plural('year', years)}{shared}{sizes_said}: "
        + "; ".join(said)
    )
    if tokens:
        message += (
            f". {wording.any_of(tokens, 'and')} {'is' if len(tokens) == 1 else 'are'} a token"
            " for each supplier (under one unit, or under half of one where whole units are"
            " counted, which round to none at the end of the framework): set the rate lot by"
            " lot from each lot's own labour content, or a floor for each supplier once its"
            " call-offs pass a value you choose, or carry another outcome"
        )
    return [Check("warning", "Framework rates", message)]


def _no_minimum(name, outcome):
    """Say why an outcome has no minimum: information when the rules chose none, else a warning.

    The rules leave a minimum out on purpose for a baseline measure, a contract too short for
    one or a framework without guaranteed volume. A contract too small for a worthwhile ask,
    or a unit no rule knows, needs the officer to look.
    """
    reason = outcome.suggestion.reason
    why = NO_MINIMUM_REASONS.get(reason)
    if outcome.suggestion.asset:
        return Check(
            "ok",
            "Measurable",
            f"{name} has no minimum and a commitment of 0 is accepted: meeting it can need"
            f" {outcome.suggestion.asset_needs}, and {outcome.suggestion.asset}, so a minimum"
            " would be a pass/fail gate a capable small firm could not fairly meet. The bidder"
            " proposes its commitment and says what it will do instead. No action needed",
        )
    if outcome.suggestion.bidder_sets_baseline:
        whose = (
            "the bidder's assessment of the council's design, as the description gives no"
            " carbon estimate for it: give the estimate in the description to make a cut of"
            " more than 0 a requirement"
            if outcome.suggestion.design == "council"
            else "the bidder's own design, as the description names no design the council"
            " supplies: if the contractor builds to the council's design, say so (build only,"
            " or the RIBA stage reached) and give its carbon estimate"
        )
        return Check(
            "ok",
            "Measurable",
            f"{name} has no minimum and a commitment of 0 is accepted: its baseline is {whose}",
        )
    if outcome.suggestion.no_baseline:
        return Check(
            "ok",
            "Measurable",
            f"{name} has no minimum and a commitment of 0 is accepted: it is a cut measured"
            f" against the bidder's own baseline, and {outcome.suggestion.no_baseline}, so a"
            ' "more than 0" test would reject bidders new to the work. Its answer is scored on'
            " its quality alone. No action needed, though a share with fixed points (fleet,"
            " plant or packaging) measures the same aim without a baseline",
        )
    if reason == "too-small" and outcome.suggestion.under_one:
        return Check(
            "warning",
            "Measurable",
            f"{name} has no minimum and a commitment of 0 is accepted: the proportionate ask is"
            f" less than {wording.measured(1, outcome.unit)}, a token rather than a minimum, so"
            " requiring more than 0 would make every bidder promise more than the contract"
            " supports. Its answer is scored on its quality alone. Drop the outcome for one this"
            " contract can carry, or set a minimum from the service's own staffing",
        )
    if reason == "too-small" and outcome.suggestion.token:
        found = outcome.suggestion
        return Check(
            "warning",
            "Measurable",
            f"{name} has no minimum: the proportionate ask is about"
            f" {wording.measured(round(found.raw, 1), outcome.unit)} over"
            f" {wording.qty(found.years)} years, fewer than one a year, a token rather than a"
            " minimum, so bidders propose their commitment"
            # The one decision on publishing the figure is proportionality.reference, which
            # the specification reads too: the officer is told what bidders see.
            + (
                f", judged against it as a published reference point of"
                f" {wording.measured(outcome.reference, outcome.unit)}"
                if outcome.reference
                else ", scored on its quality alone: no figure reaches bidders"
            )
            + ". Check the workforce the contract really needs (the service's own staffing, not"
            " a ratio to its value) and set a minimum from it, or drop the outcome",
        )
    if reason == "too-small" and outcome.suggestion.small_amount:
        return Check(
            "warning",
            "Measurable",
            f"{name} has no minimum and a commitment of 0 is accepted: on a contract this size the"
            f" proportionate ask is less than"
            f" {wording.measured(outcome.suggestion.floor, outcome.unit)}, a token rather than a"
            " minimum, so requiring more than 0 would make every bidder promise a token. Its"
            " answer is scored on its quality alone. Drop the outcome for one this contract can"
            " carry, or set a minimum if you know a fair one",
        )
    if reason == "too-small":
        return Check(
            "warning",
            "Measurable",
            f"{name} has no minimum: on a contract this size the proportionate ask is less than"
            f" {wording.measured(outcome.suggestion.floor, outcome.unit)}, too small to be"
            " worth a fixed minimum, so the bidder proposes one. Check the outcome is worth"
            " asking for here, or set a minimum if you know a fair one",
        )
    if reason == "thin":
        # A pounds unit starts with £; "hours per £1m of call-offs" is an hours ask.
        pounds = (outcome.unit or "").lstrip().startswith("£")
        hours = bool(re.search(r"\bhours?\b", outcome.unit or "", re.I))
        # The figure bidders see (proportionality.points decides it, per £1m on a framework),
        # or the unpublished one the officer is told of: never a second rounding of its own.
        about = outcome.reference if outcome.reference is not None else outcome.small_reference
        about = about if about is not None else round(outcome.suggestion.raw, 1)
        ask = "a pounds" if pounds else "an hours" if hours else "a people"
        size = "a service where staff are most of the cost" if hours else "a contract of this value"
        return Check(
            "warning",
            "Measurable",
            f"{name} has no minimum: the proportionate ask, about"
            f" {wording.measured(about, outcome.unit)}, is too small"
            f" {ask} ask to fix as the minimum on {size}, so bidders propose their commitment"
            + (
                " against it as a published reference point"
                if outcome.reference
                else ", scored on its quality alone (no lot's share is enough to publish)"
            )
            + ". Set a minimum from "
            + ("what the contract will buy in" if pounds else "the service's own staffing")
            + " if you know a fair one",
        )
    if reason == "unbased" and "£" not in outcome.unit:
        return Check(
            "warning",
            "Measurable",
            f"{name} has no minimum and a commitment of 0 is accepted:"
            f" {outcome.suggestion.unbased}. Its answer is scored on its quality alone. Check it"
            " counts something these goods can deliver, or leave it out",
        )
    if reason == "unbased":
        return Check(
            "warning",
            "Measurable",
            f"{name} has no minimum and a commitment of 0 is accepted:"
            f" {outcome.suggestion.unbased}. The rules would have asked about"
            f" {wording.measured(round(outcome.suggestion.raw or 0), outcome.unit)}, but that is"
            " sized on everything the contract buys in, including money that does not count."
            " Its answer is scored on its quality alone. If you know what the supplier will buy"
            " from others beyond those payments, set a minimum from that",
        )
    if reason == "remote":
        return Check(
            "warning",
            "Measurable",
            f"{name} has no minimum and a commitment of 0 is accepted: the service is delivered"
            f" remotely ({outcome.suggestion.remote}), so a minimum of "
            + (
                "spend with local firms would test a local supply chain the contract does not"
                " have (its cost is the supplier's own platform, hosting and staff)"
                if outcome.suggestion.method == "bought-in"
                else "jobs for local people would test a local presence the contract does not need"
            )
            + ". Its answer is scored on its quality alone. Consider an outcome the supplier"
            " can deliver wherever it works instead, or leave the slot to the council's other"
            " priorities",
        )
    if reason == "open":
        return Check(
            "warning",
            "Measurable",
            f"{name} has no minimum: what the supplier can deliver depends on the homes,"
            " properties, sites or land available, which the council knows. Set a minimum from"
            " them (such as the size of the list of properties you will supply), or the bidder"
            " proposes one",
        )
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


def counting(doc):
    """Say where each thing two outcomes could both count is counted, as the document does.

    Counting one person or pound twice, in two units, is a policy choice many councils do not
    make: the officer confirms it. A narrower commitment inside a broader one in the same unit,
    or a thing counted once, needs nothing.
    """
    found = []
    for v in doc.overlaps:
        said = (
            f"A {v.thing} could count under {v.first.name} ({v.first.code}) and"
            f" {v.second.name} ({v.second.code}); the counting rules say it counts under"
        )
        if v.both and v.first.unit != v.second.unit:
            found.append(
                Check(
                    "warning",
                    "Counting",
                    f"{said} both, in each one's own unit. Many councils let a {v.thing} count"
                    " only once: confirm that yours counts it twice, or edit the counting"
                    f" clause so that it counts under {v.first.name} only",
                )
            )
            continue
        where = " both" if v.both else f" {v.first.name} only"
        found.append(
            Check(
                "ok",
                "Counting",
                f"{said}{where}. No action needed unless your council decides otherwise",
            )
        )
    return found


def _named(rule):
    parts = []
    if rule["places"]:
        parts.append(f"places ({', '.join(rule['places'])})")
    if rule["groups"]:
        parts.append(f"groups ({', '.join(rule['groups'])})")
    return wording.any_of(parts, "and")


def eligibility(doc):
    """Who counts is confirmed, defined, consistent with the title, and limits something."""
    found = []
    for o in doc.prescribed:
        if o.eligibility_state == "proposed":
            found.append(
                Check(
                    "error",
                    "Who counts",
                    f"{_name(o)}: its priority names {_named(o.eligibility)}. Confirm who counts"
                    " towards it, change it, or say that anyone counts; until then the"
                    " specification states the priority's places and groups as who counts",
                    o.code,
                )
            )
        if o.eligibility_state == "ignored":
            found.append(
                Check(
                    "warning",
                    "Who counts",
                    f"{_name(o)} counts {o.unit or 'its unit'}, not people or suppliers, so the"
                    f" {_named(o.eligibility)} confirmed for it limit nothing and bidders do not"
                    " see them. Remove them, or choose an outcome that counts the people or"
                    " suppliers the priority names",
                )
            )
        named = who_counts.proposed(o.priority)
        if o.eligibility_state == "none" and named and named["places"]:
            found.append(
                Check(
                    "warning",
                    "Who counts",
                    f"{_name(o)} serves a priority that names places"
                    f" ({', '.join(named['places'])}), but it counts {o.unit or 'its unit'},"
                    " which who counts cannot limit, so bidders may deliver it anywhere. If the"
                    " places matter, choose an outcome that counts the people there, or name the"
                    " places in the outcome's own wording",
                )
            )
        unknown = who_counts.undefined(o.who, o.applies_to)
        if unknown:
            found.append(
                Check(
                    "warning",
                    "Who counts",
                    f"{_name(o)} counts {wording.any_of(unknown)}, which nothing defines: each"
                    " bidder would count different people or suppliers. Change who counts to"
                    " say exactly who qualifies (an age, a status a referral partner can"
                    " confirm), or remove the group",
                )
            )
        route, aged = who_counts.route_widened(o.stated, o.suggestion.family, o.measure["title"])
        if aged and o.who:
            said = wording.any_of([f"“{group}”" for group, _ in aged])
            ages = wording.any_of(list(dict.fromkeys(f"“{instead}”" for _, instead in aged)))
            found.append(
                Check(
                    "warning",
                    "Who counts",
                    f"{_name(o)} counts {ages} at the ages of the {route['route']} route, where its"
                    f" priority names {said}: that group stays in the priority, as the people it"
                    " is for, and who counts follows the route, so that people on it of its"
                    " other ages count too. To count only the priority's ages,"
                    f" edit the who-counts clause of {o.name}",
                )
            )
        outside = o.groups_left_out
        if outside:
            found.append(
                Check(
                    "warning",
                    "Who counts",
                    f"{_name(o)} counts only the {o.applies_to} its title names, so who counts"
                    f" does not take in {wording.any_of(outside)} beyond them: a priority's"
                    " groups may narrow an outcome, never widen it. To count them, choose an"
                    " outcome that is for them",
                )
            )
        wider = who_counts.narrower(o.title, o.who) if o.applies_to == "suppliers" else []
        if wider:
            found.append(
                Check(
                    "error",
                    "Who counts",
                    f"{_name(o)} is titled as spend with {wording.any_of(wider)}, but who counts"
                    f" keeps only {wording.any_of(o.who['groups'])}: the title and the rule say"
                    " different things. Choose a measure whose title matches who counts, or let"
                    " the rule keep what the title says",
                    o.code,
                    "its title and who counts name different suppliers. Let who counts keep what"
                    " the title says, or choose another outcome",
                )
            )
        found += _unlocal_spend(doc, o)
        found += _where_people_live(doc, o)
    return found


def _where_people_live(doc, o):
    """Where people live, as the measure's nature and its priority decide it (who-counts.yaml
    `residence_free`, `local_people_asks`): the officer is told what was applied and how to undo it."""
    if o.places_set_aside:
        return [
            Check(
                "warning",
                "Who counts",
                f"{_name(o)} counts anyone working on the contract, wherever they live: {o.residence_free}."
                f" So the places its who-counts rule names ({wording.any_of(o.places_set_aside, 'and')})"
                " are not applied. To count people by where they live, choose an outcome about who is"
                " recruited or trained for the priority",
            )
        ]
    if not o.local_people_only:
        return []
    return [
        Check(
            "warning",
            "Who counts",
            f"{_name(o)} serves the priority “{o.priority['title']}”, which asks for local people,"
            " so only people who live locally count, as the definitions say (within"
            f" {doc.council['name']}'s area unless your definition of local says otherwise). To"
            " count people wherever they live, credit it to a priority that does not ask for local"
            " people; to narrow it, name places in who counts",
        )
    ]


def _unlocal_spend(doc, o):
    """Spend credited to a priority that asks for something local counts only local suppliers.

    The document applies it (document.Outcome.local_only); the officer is told how to undo it.
    """
    if not o.local_only:
        return []
    return [
        Check(
            "ok",
            "Who counts",
            f"{_name(o)} serves the priority “{o.priority['title']}”, which asks for something"
            " local, so only spend with suppliers that are local counts, as the definitions say"
            f" (within {doc.council['name']}'s area unless your definition of local says"
            " otherwise). To count suppliers wherever they are based, credit it to a priority"
            " that does not ask for local spend; to narrow it, name places in who counts",
        )
    ]


def places(doc):
    """Who counts names places that do not wholly cover the contract's lots or description.

    A limit that leaves out part of the place the contract speaks of ("the rural parts of the
    district", a lot's island) would exclude the very people it is for: the document widens it
    (eligibility.reach) to each lot's own places or the council's area; the officer is told
    which words made it widen and how to set a narrower rule.
    """
    found = []
    for o in doc.prescribed:
        rule = o.stated
        if not rule or not rule["places"]:
            continue
        said = wording.any_of(rule["places"])
        if o.lot_places:
            widened = "; ".join(
                f"{lot}: {wording.any_of(own or [o.area])}" for lot, own in o.lot_places.items()
            )
            found.append(
                Check(
                    "warning",
                    "Who counts",
                    f"{_name(o)} counts only {o.applies_to} in {said}, which do not wholly cover"
                    f" the lots {wording.any_of(o.open_lots, 'and')}, so there the place limit"
                    f" widens to each lot's own area ({widened}). To set a narrower rule, name"
                    " in who counts the places each lot covers",
                )
            )
        if o.widened:
            found.append(
                Check(
                    "warning",
                    "Who counts",
                    f"{_name(o)} counts only {o.applies_to} in {said}, but the contract's"
                    f" description reaches beyond them ({o.widened}), so the place limit widens"
                    f" to {o.area}. To set a narrower rule, name in who counts every place the"
                    " work covers, or describe the contract by the places it covers",
                )
            )
    return found


def lots(doc):
    """Lots without values cannot share a total out: bidders propose it for each lot (a rate or
    a percentage applies to each lot in full, valued or not)."""
    lots = doc.procurement.get("lots") or []
    if not lots or not any(o.minimum is not None for o in doc.outcomes):
        return []
    unshared = [o for o in doc.outcomes if o.minimum is not None and not o.lots]
    if not unshared:
        return [Check("ok", "Lots", "Each lot's minimum is in the lots table")] + [
            Check(
                "warning",
                "Lots",
                f"{o.name} ({o.code}) asks nothing of the lot {lot.title}: {lot.reasons[0]}, so"
                " the other lots share its minimum by value. Remove the outcome if no lot can"
                " deliver it",
            )
            for o in doc.outcomes
            for lot in o.lots or ()
            if lot.minimum == 0 and lot.reasons
        ]
    return [
        Check(
            "warning",
            "Lots",
            f"The lots have no estimated values, so the minimums for"
            f" {wording.any_of([o.name for o in unshared], 'and')} cannot be shared between"
            " them and bidders propose a commitment for each lot. Give each lot a value (change"
            " the contract) to set a minimum for each",
        )
    ]


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


def priority_reviews(doc):
    """Warn where a priority an outcome cites was due for review before the specification's
    date (FINDINGS-17b-rs 1.8): it is still the council's active priority, so it is still used,
    but the officer confirms it still stands before the tender quotes it as current."""
    found, seen = [], set()
    for o in doc.outcomes:
        priority = o.priority or {}
        due = priority.get("review_date")
        if not due or not doc.created or due >= doc.created or priority.get("id") in seen:
            continue
        seen.add(priority.get("id"))
        found.append(
            Check(
                "warning",
                "Priorities",
                f"The priority “{priority['title']}”, which {_name(o)} serves, was due for review"
                f" on {wording.long_date(due)}, before this specification's date: the tender"
                " quotes it as current. Confirm with its owner that it still stands, and update"
                " its review date, or choose an outcome for another priority",
            )
        )
    return found


RULES = (
    threshold,
    outcome_count,
    small_contract,
    subject_matter,
    promises,
    additional,
    required_already,
    lawful,
    already_required,
    measurable,
    evidence,
    proportionate_minimums,
    sizing,
    weighting,
    kpis,
    community_benefits,
    law,
    living_wage,
    evaluation,
    local_definition,
    contract_form,
    call_off,
    framework_call_offs,
    framework_rates,
    counting,
    eligibility,
    places,
    lots,
    stale_edits,
    dates,
    priority_reviews,
)
