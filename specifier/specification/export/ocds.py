"""The OCDS export: a release with tender.sustainability and lots' awardCriteria.criteria."""

import datetime
import json
import re

from specifier import wording
from specifier.specification import clauses, legal

EXTENSIONS = (
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_sustainability_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_awardCriteriaBreakdown_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_techniques_extension/master/extension.json",
)
# The document's words that point at its tables, and what they point at in a release, which
# has no tables: each criterion's weight, and each lot's criteria.
TABLE_REFERENCES = {
    ", as the table below shows.": ", as each criterion's weight gives it.",
    ", from the table of lot minimums,": ", as each lot's criteria state,",
}
PREFIX = "ocds-svspec"  # a placeholder: a publisher sets its own with SPECIFIER_OCDS_PREFIX


def _slug(value):
    return re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-") or "procurement"


def ocid(doc, prefix=PREFIX):
    """An identifier for the process: the publisher's prefix, the council and the contract.

    A stored contract is named by its id, which no other contract of the council shares (two
    may well share a reference such as "TBC"); a contract from a file, which has no id, by its
    reference or title.
    """
    procurement = doc.procurement
    local = procurement.get("id") or procurement.get("reference") or procurement["title"]
    return f"{prefix}-{doc.council['slug']}-{_slug(local)}"


def _criteria(doc, lot_index=None):
    """Award criteria, one per scored question; a lot's carry that lot's share of each minimum.

    Every question the specification scores is a criterion, so the published weights add up to
    the social value weighting the tender documents give.
    """
    found = []
    for o in doc.questions:
        if o is doc.fair_work:
            found.append(_fair_work_criterion(o))
            continue
        in_lot = lot_index is not None and bool(doc.procurement.get("lots"))
        # A lot's criterion states the lot's minimum instead of the whole contract's, so no
        # sentence says one minimum and the next another.
        keys = [f"outcome.{o.code}.outcome"]
        if not (in_lot and o.minimum is not None):
            keys.append(f"outcome.{o.code}.minimum")
        parts = [c.text for c in doc.clauses() if c.key in keys]
        if in_lot:
            parts.append(_lot_minimum(o, lot_index))
        found.append(
            {
                "type": "quality",
                "name": f"Social value: outcome {o.number}, {o.title}",
                "description": " ".join(parts),
                "numbers": [{"number": o.weight, "weight": "percentageExact"}],
            }
        )
    return found


def _fair_work_criterion(question):
    """Scotland's Fair Work First question as an award criterion, scored on quality alone."""
    return {
        "type": "quality",
        "name": f"Social value: question {question.number}, {question.title}",
        "description": clauses.render(
            "clauses/evaluation/fair_work_question.txt", fair_work=question
        ),
        "numbers": [{"number": question.weight, "weight": "percentageExact"}],
    }


def _lot_minimum(o, lot_index):
    """What a lot must deliver for an outcome, as the document's lots table says."""
    if o.minimum is None and o.suggestion.optional:
        return (
            f"{o.name}'s minimum for this lot: none; the bidder may propose a commitment, and 0"
            " is accepted with its reasons."
        )
    if o.minimum is None:
        return f"{o.name}'s minimum for this lot: the bidder proposes its commitment."
    if not o.lots:
        return (
            f"{o.name}'s minimum for this lot: the bidder proposes its commitment, as the lots"
            f" have no values to share the whole contract's minimum"
            f" ({wording.measured(o.minimum, o.unit)}) between them."
        )
    own = o.lots[lot_index].minimum
    if own == 0:
        return f"{o.name} asks nothing of this lot: {o.lots[lot_index].reasons[0]}."
    if own == o.minimum:
        return f"{o.name}'s minimum for this lot: {wording.measured(own, o.unit)}, in full."
    if o.lots[lot_index].rate_why:
        return (
            f"{o.name}'s rate for this lot: {wording.measured(own, o.unit)}, lower than the full"
            f" rate of {wording.measured(o.minimum, o.unit)}, because"
            f" {o.lots[lot_index].rate_why}."
        )
    return (
        f"{o.name}'s minimum for this lot: {wording.measured(own, o.unit)}, its share of the"
        f" whole contract's {wording.measured(o.minimum, o.unit)}."
    )


def _without_tables(text):
    """The document's words with each pointer to one of its tables made to point in the release."""
    for words, instead in TABLE_REFERENCES.items():
        text = text.replace(words, instead)
    return text


def _value(amount, procurement):
    """An OCDS value: always without VAT (OCDS has only amount and currency, so one basis for
    every release: the net value contract notices publish), whatever the file gave."""
    net = legal.without_vat(amount, procurement.get("value_includes_vat"))
    return {"amount": net, "currency": "GBP"}


def _method_details(law):
    """What kind of contract this is, where OCDS 1.1 and our extensions have no field for it:
    in the core's free-text procurementMethodDetails ("the local name of the particular
    procurement method"). A concession, a call-off under another body's framework, a light
    touch contract and one below the threshold are each said in words; no field is invented."""
    said = []
    if law.concession:
        said.append(
            "Concession contract: the supplier is paid chiefly from the income it earns from the"
            " concession, not by the council. tender.value is the concession's estimated value"
            " (that income over the contract), not a cost to the council"
        )
    if law.health_care:
        said.append(
            "Health care services: arranged under the Provider Selection Regime"
            if law.psr
            else "Health care services: whether the Provider Selection Regime or the Procurement"
            " Act 2023 governs the award is to be confirmed"
        )
    if law.call_off:
        said.append(
            f"Call-off contract under {law.call_off.named}"
            + (f", awarded by {law.call_off.route}" if law.call_off.route else "")
            + ", on the framework's terms"
        )
    if law.light_touch:
        said.append("Light touch contract: services under the light touch rules")
    limit = law.scottish_threshold if law.scotland else law.threshold
    below = not law.scottish_regulated if law.scotland else law.procurement_act and not law.covered
    if limit is not None and below:
        vat = "including" if limit.vat_included else "excluding"
        said.append(
            f"Below the threshold of £{limit.amount_gbp:,} ({vat} VAT) for {law.threshold_label}"
            + (": a regulated below-threshold contract" if law.regulated_below else "")
        )
    return ". ".join(said) + "." if said else ""


def _lot(number, lot, award_criteria, procurement):
    """One lot of the tender, with its estimated value when the council gave one, and its
    social value award criteria, if it has any."""
    entry = {"id": str(number), "title": lot["title"]}
    if award_criteria is not None:
        entry["awardCriteria"] = award_criteria
    if lot["value_gbp"] is not None:
        entry["value"] = _value(lot["value_gbp"], procurement)
    return entry


def _sustainability(doc):
    """One entry per goal: award criteria for scored outcomes, conditions for the rest."""
    strategies = {}
    for o in doc.prescribed:
        found = strategies.setdefault(o.goal, [])
        for strategy in (
            ["contractPerformanceConditions"]
            if o.condition
            else ["awardCriteria", "contractPerformanceConditions"]
        ):
            if strategy not in found:
                found.append(strategy)
    return [{"goal": goal, "strategies": found} for goal, found in strategies.items()]


def release(doc, *, prefix=PREFIX, now=None):
    """Return the document as an OCDS release (a dict), from the same facts as the other formats."""
    now = now or datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    procurement, council = doc.procurement, doc.council
    identifier = ocid(doc, prefix)
    buyer = {"id": f"GB-COUNCIL-{council['slug']}", "name": council["name"]}
    tender = {
        "id": f"{identifier}-tender",
        "title": procurement["title"],
        "description": procurement["description"],
        "status": "planned" if doc.status == "final" else "planning",
        "mainProcurementCategory": procurement["category"],
        "value": _value(procurement["value_gbp"], procurement),
        "contractPeriod": {"durationInDays": round(procurement["duration_months"] * 365.25 / 12)},
    }
    if doc.law.mixed_services:  # goods the supplier also installs or maintains
        tender["additionalProcurementCategories"] = ["services"]
    details = _method_details(doc.law)
    if details:
        tender["procurementMethodDetails"] = details
    if procurement.get("kind") == "framework":  # the techniques extension's framework flag
        tender["techniques"] = {"hasFrameworkAgreement": True}
    related = _framework(doc.law.call_off)
    if procurement.get("start_date"):
        tender["contractPeriod"]["startDate"] = f"{procurement['start_date']}T00:00:00Z"
    if procurement.get("cpv_code"):
        tender["items"] = [
            {
                "id": "1",
                "description": procurement["title"],
                "classification": {"scheme": "CPV", "id": procurement["cpv_code"][:8]},
            }
        ]
    if doc.included and doc.prescribed:
        tender["hasSustainability"] = True
        tender["sustainability"] = _sustainability(doc)
    if doc.included and doc.conditions_only and procurement.get("lots"):
        # Contract conditions alone: social value sets no award criteria, so lots carry none.
        tender["lots"] = [
            _lot(n, lot, None, procurement) for n, lot in enumerate(procurement["lots"], 1)
        ]
    elif doc.included and doc.prescribed:
        tender["awardCriteriaDetails"] = _without_tables(
            " ".join(
                c.text.replace("\n", " ")
                for c in doc.clauses()
                if c.key
                in (
                    "outcomes.term",
                    "evaluation.weighting",
                    "evaluation.proposed",
                    "evaluation.quantitative",
                )
            )
        )
        lots = procurement.get("lots") or [{"title": procurement["title"], "value_gbp": None}]
        tender["lots"] = [
            _lot(
                number,
                lot,
                {
                    "weightingDescription": tender["awardCriteriaDetails"],
                    "criteria": _criteria(doc, number - 1 if procurement.get("lots") else None),
                },
                procurement,
            )
            for number, lot in enumerate(lots, start=1)
        ]
    if not (doc.included and doc.prescribed):
        tender["hasSustainability"] = False
    found = {
        "ocid": identifier,
        "id": f"{identifier}-{now:%Y%m%dT%H%M%SZ}",
        "date": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "tag": ["planning"],
        "initiationType": "tender",
        "language": "en",
        "parties": [{**buyer, "roles": ["buyer"]}],
        "buyer": buyer,
        "tender": tender,
    }
    if related:
        found["relatedProcesses"] = related
    return found


def _framework(call_off):
    """A call-off's framework as OCDS relates it: the core relatedProcesses entry whose
    relationship "framework" says this process is the second stage of a framework agreement
    procedure (relatedProcess codelist, OCDS 1.1). Its identifier is not known here: only its
    title, as the council names it."""
    if call_off is None:
        return []
    entry = {"id": "1", "relationship": ["framework"]}
    if call_off.framework:
        entry["title"] = call_off.framework
    return [entry]


def package(doc, *, prefix=PREFIX, now=None):
    """Return a release package (JSON text) declaring the extensions it uses."""
    now = now or datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    body = {
        "uri": f"urn:{ocid(doc, prefix)}",
        "version": "1.1",
        "extensions": list(EXTENSIONS),
        "publishedDate": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "publisher": {"name": doc.council["name"]},
        "releases": [release(doc, prefix=prefix, now=now)],
    }
    return json.dumps(body, indent=2, ensure_ascii=False)
