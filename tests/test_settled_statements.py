"""Legal and contract-form statements said only where they are settled (twentieth review, part
V4): a lot's status under the Welsh Act, a mixed supply's kind, the real Living Wage in Scotland,
a scored answer that carries no outcome, and the words of the form of contract named.

Each test builds invented contracts of several kinds and nations, none of them the reviewed ones.
"""

import pytest
from test_contract_terms_fit import COUNCIL, SERVICES, build

from specifier.catalogue.files import builtin_measures
from specifier.specification import checks, lifecycle

WALES = COUNCIL | {"nation": "Wales", "name": "Glanmor Council"}
SCOTLAND = COUNCIL | {"nation": "Scotland", "name": "Strathlinn Council"}
NI = COUNCIL | {"nation": "Northern Ireland", "name": "Bannmore District Council"}
WORKS = SERVICES | {
    "title": "Refurbishment of three leisure centres",
    "description": "Replacement of pool plant, changing rooms and roofs at three leisure centres.",
    "category": "works",
    "cpv_code": "45212200",
    "value_gbp": 3_000_000,
    "value_includes_vat": False,
    "duration_months": 24,
    "nation": "Wales",
}


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


def said(doc):
    """Everything the bidder reads in the specification."""
    return " ".join(c.text for c in doc.clauses())


def law_checks(doc):
    return [c.message for c in checks.run(doc) if c.topic == "Law"]


# FINDINGS-19b-u 1.5: "This is a major construction contract" where every lot is under £2m.


def test_a_works_lot_under_two_million_is_not_called_a_major_construction_contract(measures):
    lots = [
        {"title": "North centre", "value_gbp": 1_400_000},
        {"title": "South centre", "value_gbp": 900_000},
        {"title": "East centre", "value_gbp": 700_000},
    ]
    split = build(measures, council=WALES, base=WORKS, lots=lots, social_public_works_clauses=True)
    text = said(split)
    assert "major construction contract" not in text
    assert "will include the social public works clauses" in text
    assert "in the contract for each lot" in text
    assert "Section 28 of the Social Partnership" not in text  # its duty is for major ones
    [asked] = [m for m in law_checks(split) if m.startswith("Major construction contract")]
    assert "Lot 1, Lot 2 and Lot 3 are under £2,000,000" in asked
    # Not a question the pack turns on once the text no longer asserts it: the log asks.
    assert not [p for p in lifecycle.final_problems(split, []) if "major construction" in p]

    # One lot at £2m or more with VAT, one without a value: only the others are asked about.
    mixed = [{"title": "North centre", "value_gbp": 2_100_000}, {"title": "South centre"}]
    one_big = build(measures, council=WALES, base=WORKS, lots=mixed)
    [asked] = [m for m in law_checks(one_big) if m.startswith("Major construction contract")]
    assert "Lot 2 is under £2,000,000 or has no value" in asked
    assert "major construction contract" not in said(one_big)

    # Without lots, or with every lot over the line, the Act's words are said as before.
    whole = build(measures, council=WALES, base=WORKS, social_public_works_clauses=True)
    assert "This is a major construction contract under section 25" in said(whole)
    assert "Section 28 of the Social Partnership" in said(whole)
    big = [{"title": "A", "value_gbp": 1_700_000}, {"title": "B", "value_gbp": 1_800_000}]
    both = build(measures, council=WALES, base=WORKS, lots=big, value_gbp=3_500_000)
    assert "This is a major construction contract under section 25" in said(both)
    assert not [m for m in law_checks(both) if m.startswith("Major construction contract")]


# FINDINGS-19a-u 3.3: a pass or fail real Living Wage condition on a Scottish goods framework,
# while a Scottish services contract scored it within Fair Work First.


def test_scotland_scores_the_real_living_wage_in_fair_work_first_for_every_kind(measures):
    from test_markets import _embed, _priority

    from specifier.specification import relevance

    fair = _priority(1, "fair-work", "Apply Fair Work First, starting with the real Living Wage")
    pairs = relevance.pairs([fair], list(measures.values()), {1: ["FWK-01"]})
    kinds = {
        "goods": {"category": "goods", "cpv_code": "44110000", "title": "Building materials"},
        "services": {"category": "services", "cpv_code": "90910000", "title": "Office cleaning"},
        "works": {"category": "works", "cpv_code": "45261000", "title": "School roofing"},
    }
    kinds = {k: c | {"description": f"{c['title']} for the council."} for k, c in kinds.items()}
    for kind, contract in kinds.items():
        value = 3_000_000 if kind == "works" else 900_000  # regulated: the question is asked
        scots = contract | {"value_gbp": value, "duration_months": 36, "nation": "Scotland"}
        [rlw] = [c for c in relevance.rank(scots, pairs, _embed) if c.code == "FWK-01"]
        assert not rlw.suitable, kind  # never chosen for the officer as a condition
        assert "Scotland's Fair Work First question already scores this practice" in " ".join(
            rlw.reasons
        ), kind
        # The question then scores it first among the criteria, in every kind.
        base = SERVICES | scots
        doc = build(measures, ("ECO-01",), council=SCOTLAND, base=base)
        assert "starting with paying at least the real Living Wage" in said(doc), kind
    # Below the regulated threshold no question is asked, and the condition is still the
    # council's to require on its own findings, never the tool's.
    small = kinds["works"] | {"value_gbp": 900_000, "duration_months": 12, "nation": "Scotland"}
    [rlw] = [c for c in relevance.rank(small, pairs, _embed) if c.code == "FWK-01"]
    assert not rlw.suitable
    assert "Scottish guidance lets a council require the real Living Wage" in " ".join(rlw.reasons)
    # Outside Scotland nothing changes: the condition is still chosen where a priority asks.
    english = kinds["services"] | {"value_gbp": 900_000, "duration_months": 36}
    english = english | {"nation": "England"}
    [rlw] = [c for c in relevance.rank(english, pairs, _embed) if c.code == "FWK-01"]
    assert rlw.suitable


# FINDINGS-19a-u 2.5: Fair Work First scored but never carried into the contract or its reports.


def test_a_scored_answer_with_no_outcome_is_a_term_of_the_contract_and_reported(measures):
    kinds = {
        "services": {},
        "goods": {"category": "goods", "cpv_code": "44110000", "title": "Timber supply"},
        "framework": {
            "kind": "framework",
            "title": "Minor works framework",
            "guaranteed_value_gbp": None,
        },
    }
    for kind, contract in kinds.items():
        base = SERVICES | {"nation": "Scotland", "value_gbp": 900_000} | contract
        doc = build(measures, ("ECO-01",), council=SCOTLAND, base=base)
        assert doc.fair_work is not None, kind
        reporting = doc.clause("management.reporting").text
        q = f"Q{doc.fair_work.number} (Fair Work First) is part of the contract"
        assert q in reporting, kind
        assert "must also have a row for that answer" in reporting, kind
        assert "lowest hourly rate paid to anyone working on the contract" in reporting, kind
    # Where a real Living Wage condition is named beside it, its own row reports the rate.
    base = SERVICES | {"nation": "Scotland", "value_gbp": 900_000}
    named = build(measures, ("ECO-01", "FWK-01"), council=SCOTLAND, base=base)
    reporting = named.clause("management.reporting").text
    assert "must also have a row for that answer" in reporting
    assert "lowest hourly rate" not in reporting
    # Outside Scotland there is no such answer, and no such row.
    english = build(measures, ("ECO-01",), base=SERVICES | {"value_gbp": 900_000})
    assert "row for that answer" not in said(english)


# FINDINGS-19b-u 1.4: an NEC4 Option Z schedule written with "the supplier" and "the contract's
# change control procedure", which NEC does not have.


def test_the_schedule_uses_the_named_form_s_own_words_and_invents_none(measures):
    def terms(doc):
        keys = ("management.schedule", "management.plan", "management.change")
        return " ".join(doc.clause(k).text for k in keys if doc.clause(k))

    ecc = WORKS | {
        "nation": "England",
        "description": "Pool plant and roofs at three leisure centres, under the NEC4"
        " Engineering and Construction Contract, Option C.",
        "duration_months": 72,
    }
    said_ecc = terms(build(measures, ("ECO-01",), base=ecc))
    assert '"the supplier" means the Contractor and "the council" means the Client' in said_ecc
    assert "agreed, confirmed in writing and signed by the Parties" in said_ecc
    assert "change control" not in said_ecc
    for invented in ("Project Manager", "early warning", "compensation event", "Employer"):
        assert invented not in said_ecc
    # A professional service under the suite: its consultant, not a contractor.
    psc = SERVICES | {
        "description": "Cost consultancy under the NEC4 Professional Service Contract."
    }
    said_psc = terms(build(measures, ("ECO-01",), base=psc))
    assert '"the supplier" means the Consultant and "the council" means the Client' in said_psc
    # NEC named without a contract of the suite, on services: no party name is guessed.
    nec_services = SERVICES | {"description": "Highway inspections let under an NEC4 contract."}
    said_nec = terms(build(measures, ("ECO-01",), base=nec_services))
    assert '"the supplier" means' not in said_nec and "change control" not in said_nec
    # JCT and works with no form named: changes by written agreement, no procedure invented.
    jct = WORKS | {"nation": "England", "description": "New changing rooms under a JCT contract."}
    unnamed = WORKS | {"nation": "England"}
    for doc in (build(measures, ("ECO-01",), base=jct), build(measures, ("ECO-01",), base=unnamed)):
        said_other = terms(doc)
        assert "a change to the contract agreed in writing by both parties" in said_other
        assert "change control" not in said_other and '"the supplier" means' not in said_other
    # The council's own terms keep their change control procedure.
    assert "the contract's change control procedure" in terms(build(measures, ("ECO-01",)))


# FINDINGS-19b-u 2.1 and 2.7: lighting hired, installed and removed each year was stated to be
# "for goods", and the threshold statement rested on reading it so.


def test_goods_the_supplier_also_installs_are_goods_and_services_and_works_are_asked(measures):
    from specifier.specification.export import ocds

    hire = SERVICES | {
        "title": "Hire of temporary event seating",
        "description": "The supplier hires grandstand seating to the council and erects,"
        " inspects and removes it for each of four events a year.",
        "category": "goods",
        "cpv_code": "39110000",
        "value_gbp": 400_000,
        "value_includes_vat": False,
    }
    for council, nation in ((NI, "Northern Ireland"), (COUNCIL, "England"), (SCOTLAND, "Scotland")):
        doc = build(measures, ("ECO-01",), council=council, base=hire | {"nation": nation})
        assert "The contract is for goods and services:" in said(doc), nation
        assert "The contract is for goods:" not in said(doc), nation
        tender = ocds.release(doc)["tender"]
        assert tender["mainProcurementCategory"] == "goods"
        assert tender["additionalProcurementCategories"] == ["services"]
    # Covered as goods or services (£480,000 with VAT), not if works were its main purpose.
    ni = build(measures, ("ECO-01",), council=NI, base=hire | {"nation": "Northern Ireland"})
    [asked] = [m for m in law_checks(ni) if m.startswith("Main purpose")]
    assert 'the description says "erects"' in asked and "Schedule 1" in asked
    # Work named in a sentence about someone else (the council's own repairs and maintenance
    # service, which the goods are for) is not the supplier's.
    stores = hire | {
        "description": "Our in-house repairs and maintenance service draws materials from"
        " merchants' trade counters. Suppliers deliver next day to the depot."
    }
    doc = build(measures, ("ECO-01",), council=SCOTLAND, base=stores | {"nation": "Scotland"})
    assert "is for goods:" in said(doc)
    # A plain supply says goods, and asks nothing.
    plain = hire | {"description": "Supply of stacking chairs, delivered to six halls."}
    doc = build(measures, ("ECO-01",), council=NI, base=plain | {"nation": "Northern Ireland"})
    assert "The contract is for goods:" in said(doc)
    assert "additionalProcurementCategories" not in ocds.release(doc)["tender"]
    assert not [m for m in law_checks(doc) if m.startswith("Main purpose")]
