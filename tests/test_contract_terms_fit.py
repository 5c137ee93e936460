"""Contract terms that fit the contract (sixteenth review, part S2): remedies that work in the
contract's form, call-offs that follow the framework's structure, what spend with suppliers
counts, one definition of "local" covering every place served, and reporting in proportion.

Each test builds contracts of several kinds, none of them the reviewed ones.
"""

import datetime

import pytest
from test_tender_terms import CONTRACT

from specifier.catalogue.files import builtin_measures
from specifier.fields import Invalid
from specifier.specification import checks, document, procurements

COUNCIL = {
    "id": 3,
    "name": "Northmoor Council",
    "slug": "northmoor",
    "nation": "England",
    "local_description": "Within the Northmoor Council area.",
    "local_postcode_districts": ["NM1", "NM2"],
    "weighting_pct": 10,
    "threshold_gbp": 0,
    "max_outcomes": 6,
}
PRIORITY = {
    "id": 1,
    "title": "Keep more of our spending with local firms",
    "description": "Too little of what we spend stays in the borough.",
    "theme": "local-economy",
    "importance": "high",
    "evidence_statistic": "28% of spend is local",
    "evidence_source": "spend analysis",
    "evidence_date": "2025-09",
    "places": [],
    "target_groups": [],
}
SERVICES = {**CONTRACT, "reference": "NM-1"}
WORKS = SERVICES | {
    "title": "Strengthening of two river bridges",
    "description": "Saddling, parapet rebuilding and scour protection to two arch bridges.",
    "category": "works",
    "cpv_code": "45221111",
    "value_gbp": 2_700_000,
    "duration_months": 18,
}
ANYONE = {"places": [], "groups": []}


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


def build(measures, codes=("ECO-01",), *, council=COUNCIL, base=SERVICES, **contract):
    chosen = [{"measure": measures[c], "priority": PRIORITY, "eligibility": ANYONE} for c in codes]
    inputs = document.Inputs(council, base | contract, chosen)
    return document.build(inputs, today=datetime.date(2026, 12, 7))


def text(doc, *keys):
    return " ".join(doc.clause(k).text for k in keys if doc.clause(k))


def terms(doc):
    return text(doc, "management.schedule", "management.remedies")


def topic(doc, name):
    return [c.message for c in checks.run(doc) if c.topic == name]


# FINDINGS-16a 2.5, 3.2 and 16b 2.8: remedies that do not work in the contract's form.


def test_works_let_under_nec_use_its_own_mechanisms_not_service_credits(measures):
    nec = build(
        measures,
        base=WORKS,
        description="Bridge strengthening, let as an NEC4 Engineering and Construction"
        " Contract, Option C.",
    )
    said = terms(nec)
    assert "Option X20" in said and "Option Z" in said
    assert "service credits" not in said and "material breach" not in said
    assert "termination" not in text(nec, "management.remedies").split("section 71")[0]
    jct = build(measures, base=WORKS, description="Library refit under the JCT Design and Build.")
    said = terms(jct)
    assert "Employer's Requirements" in said
    assert "service credits" not in said and "material breach" not in said


def test_works_with_no_form_named_use_only_what_every_form_has_and_the_officer_is_told(measures):
    works = build(measures, base=WORKS)
    said = terms(works)
    assert "service credits" not in said and "material breach" not in said
    assert "recovery plan" in said and "deliver the shortfall" in said
    [warning] = topic(works, "Contract terms")
    assert "Service credits" in warning and "NEC4 or JCT" in warning
    # An ordinary services contract on the council's own terms: service credits only where the
    # pack sets them (it never does), so the officer is told, not the bidder (part T2).
    services = build(measures)
    assert "service credits" not in terms(services)
    [warning] = topic(services, "Contract terms")
    assert "service credits" in warning and "nothing in the specification sets one" in warning


def test_an_insurance_programme_is_never_terminated_for_social_value(measures):
    insurance = build(
        measures,
        title="Property and liability insurance",
        description="Property, liability and engineering insurance under a long-term agreement"
        " of three years with an option to extend by two.",
        cpv_code="66510000",
        value_gbp=2_400_000,
        duration_months=60,
        extension_months=24,
    )
    said = terms(insurance)
    assert "long-term agreement" in said and "does not form part of any policy wording" in said
    assert "never entitles either party to cancel or change any policy of insurance" in said
    # Only the Act's own statement on performance notices speaks of termination.
    assert "termination" not in said.split("section 71")[0] and "service credits" not in said
    assert "deciding whether to extend the agreement" in said
    # Insurance renews yearly: the insurer reports once a year, not every six months.
    assert "The supplier must report once a year" in text(insurance, "management.reporting")


def test_a_health_service_on_the_nhs_standard_contract_is_managed_under_its_conditions(measures):
    health = build(
        measures,
        title="Community stop smoking service",
        description="Stop smoking advice and treatment for adults, let on the NHS Standard"
        " Contract.",
        cpv_code="85140000",
        regime="psr",
    )
    said = terms(health)
    assert "General Conditions" in said and "Remedial Action Plan" in said
    assert "take precedence over the contract's general terms" not in said
    assert "service credits" not in said and "will not hold back any payment" not in said
    # The same service with no form named: neutral remedies, and the officer asked.
    unnamed = build(
        measures,
        title="Community stop smoking service",
        description="Stop smoking advice and treatment for adults.",
        cpv_code="85140000",
        regime="psr",
    )
    assert "service credits" not in terms(unnamed)
    assert "take precedence over the contract's general terms" not in terms(unnamed)
    assert "NHS Standard Contract does not allow" in topic(unnamed, "Contract terms")[0]


# FINDINGS-16a 1.5: further competitions described for a framework with one supplier a lot.

FRAMEWORK = SERVICES | {
    "title": "Framework for the supply of road salt",
    "description": "Supply and delivery of rock salt to two depots, ordered as stocks fall.",
    "category": "goods",
    "cpv_code": "34927100",
    "kind": "framework",
    "value_gbp": 1_600_000,
    "guaranteed_value_gbp": None,
    "lots": [{"title": "North depot", "value_gbp": 800_000}, {"title": "South depot"}],
}


def test_a_framework_with_one_supplier_a_lot_awards_call_offs_to_it_directly(measures):
    one = build(measures, base=FRAMEWORK, framework_suppliers="one")
    said = text(one, "purpose.framework")
    assert "awards call-off contracts in a lot to that lot's supplier" in said
    assert "In a further competition, social value is worth" not in said
    assert "No call-off is scored on social value" in said
    assert topic(one, "Frameworks") == []
    # Read from the description, the officer is asked to confirm; a description saying both
    # is raised as a clash.
    read = build(
        measures,
        base=FRAMEWORK,
        description="A single-supplier-per-lot framework, with further competition for large"
        " orders.",
    )
    assert "In a further competition" not in text(read, "purpose.framework")
    [warning] = topic(read, "Frameworks")
    assert '"single-supplier"' in warning and '"further competition"' in warning
    # Several suppliers keep the further competition; unsaid, several is assumed and said so.
    several = build(measures, base=FRAMEWORK, framework_suppliers="several")
    assert "In a further competition, social value is worth" in text(several, "purpose.framework")
    assumed = build(measures, base=FRAMEWORK)
    assert "Nothing says how many suppliers" in topic(assumed, "Frameworks")[0]


def test_framework_suppliers_is_validated():
    raw = {k: v for k, v in FRAMEWORK.items() if k != "lots"}
    assert procurements.clean(raw | {"framework_suppliers": "One"})["framework_suppliers"] == "one"
    with pytest.raises(Invalid) as bad:
        procurements.clean(raw | {"framework_suppliers": "two"})
    assert "framework_suppliers" in bad.value.errors
    with pytest.raises(Invalid) as contract:
        procurements.clean(raw | {"kind": "contract", "framework_suppliers": "one"})
    assert "Only a framework" in contract.value.errors["framework_suppliers"]


# FINDINGS-16b 2: a local-spend gate that does not say whether directed payments or fees to
# individuals count.


def test_spend_says_what_counts_and_is_no_gate_where_the_contract_directs_payments(measures):
    clinic = build(
        measures,
        title="Integrated sexual health service",
        description="Open-access clinics. The provider subcontracts contraception fitting in GP"
        " practices and emergency contraception in community pharmacies, and pays them.",
        cpv_code="85100000",
        regime="psr",
        value_gbp=9_000_000,
        duration_months=60,
    )
    [spend] = clinic.outcomes
    who = text(clinic, f"outcome.{spend.code}.who")
    assert "GP practices and community pharmacies, do not count" in who
    assert "fees or wages paid to individuals for their own work" in who
    minimum = text(clinic, f"outcome.{spend.code}.minimum")
    assert "none" in minimum and "0 is accepted" in minimum
    assert spend.minimum is None
    assert f"for {spend.name}" not in text(clinic, "evaluation.pass-fail").split("0 is accepted")[0]


def test_spend_is_no_gate_where_the_work_is_paid_to_individuals(measures):
    tutors = build(
        measures,
        title="Community adult learning courses",
        description="About 140 short courses a year taught by a pool of sessional tutors.",
        cpv_code="80400000",
        light_touch=True,
        value_gbp=1_200_000,
        duration_months=36,
    )
    [spend] = tutors.outcomes
    assert spend.minimum is None and spend.suggestion.optional
    assert "fees or wages paid to individuals" in text(tutors, f"outcome.{spend.code}.minimum")
    # Where nothing says so, the minimum stands, and what counts is still said.
    parks = build(measures)
    [kept] = parks.outcomes
    assert kept.minimum is not None
    # What counts is said, with examples only of what the description names (FINDINGS-18a 3.4).
    who = text(parks, f"outcome.{kept.code}.who")
    assert "fees or wages paid to individuals for their own work" in who
    assert "labour-only" not in who and "locum" not in who
    assert "(such as sessional workers)" in text(tutors, f"outcome.{spend.code}.who")


def test_on_a_supply_of_people_spend_with_second_tier_agencies_counts(measures):
    """FINDINGS-18a 3.4: on an agency managed service, nearly all spend is with second-tier
    agencies, which "labour-only subcontractors" seemed to exclude: it is the supply chain."""
    for nation, cpv in (("England", "79620000"), ("Scotland", "79610000"), ("Wales", "79620000")):
        agency = build(
            measures,
            title="Temporary agency workers",
            description="Agency workers, including locums, filled through second-tier agencies.",
            cpv_code=cpv,
            nation=nation,
            value_gbp=6_000_000,
            duration_months=36,
        )
        [spend] = agency.outcomes
        who = text(agency, f"outcome.{spend.code}.who")
        assert "payments to second-tier agencies and other firms that supply workers" in who
        assert "labour-only" not in who and "fees or wages paid to individuals" not in who


# FINDINGS-16b 1: "local" defined twice, the narrower one leaving out places the contract serves.

ISLANDS = COUNCIL | {
    "local_description": 'Within the Northmoor area. For island contracts, "local" means the'
    " Isle of Skerray (NM9).",
    "local_postcode_districts": ["NM1", "NM2", "NM9"],
}


def test_local_is_defined_once_and_covers_every_place_the_contract_serves(measures):
    both = build(
        measures,
        council=ISLANDS,
        title="Music tuition in island and rural schools",
        description="Weekly tuition in schools on Skerray and in the mainland villages.",
    )
    defined = text(both, "definitions.local")
    assert "Skerray" not in defined and "NM1, NM2 and NM9" in defined
    assert defined.count('"Local" means') == 1
    assert "serves more than that" in topic(both, "Definitions")[0]
    only = build(
        measures,
        council=ISLANDS,
        title="Island ferry terminal cleaning",
        description="Daily cleaning of the terminal building.",
    )
    defined = text(only, "definitions.local")
    assert '"Local" means the Isle of Skerray (NM9).' in defined
    assert "Northmoor area" not in defined and "NM1" not in defined
    assert "The local postcode district is NM9." in defined


# FINDINGS-16b 6: quarterly returns on a contract of about £105,000 a year.


def test_reporting_follows_what_the_contract_spends_a_year_and_its_own_reports(measures):
    def reporting(**contract):
        return text(build(measures, **contract), "management.reporting")

    small = reporting(value_gbp=420_000, duration_months=48)
    assert "The supplier must report once a year" in small
    assert "every six months" in reporting(value_gbp=2_400_000, duration_months=48)
    assert "quarterly" in reporting(value_gbp=12_000_000, duration_months=48)
    termly = reporting(
        value_gbp=420_000,
        duration_months=48,
        description="Music tuition in 13 schools; the provider reports attendance each term.",
    )
    assert "report each term, in the report on the contract it already makes each term" in termly
    # Monthly contract reports are too often for social value: the yearly value decides.
    monthly = reporting(
        value_gbp=420_000, duration_months=48, description="The provider reports monthly."
    )
    assert "The supplier must report once a year" in monthly


def test_clauses_name_only_what_the_outcomes_count(measures):
    """FINDINGS-18b 2.6: a pack counting only spend with firms and an emissions cut said who
    is a local person and passed personal-data terms down that the schedule does not have."""
    for nation in ("England", "Scotland", "Wales", "Northern Ireland"):
        spend = build(measures, ("ECO-01",), nation=nation)
        said = text(spend, "definitions.local", "management.flow-down")
        assert "A business is local" in said and "A person is local" not in said, nation
        assert "personal data" not in said and "reporting and evidence" in said, nation
        people = build(measures, ("JOB-01",), nation=nation)
        said = text(people, "definitions.local", "management.flow-down")
        assert "A person is local" in said and "A business is local" not in said, nation
        assert "reporting, evidence and personal data" in said, nation


def test_people_brought_in_by_outcomes_are_kept_to_what_a_safeguarding_lead_expects(measures):
    """FINDINGS-18b 1.2: pupils and recruits placed by outcomes into occupied homes, with
    nothing on vetting. Placements happen at the supplier's own premises; anyone counted who
    enters the setting passes the contract's checks first."""
    cases = (
        (
            "Responsive repairs in tenants' occupied homes.",
            "works",
            "45453000",
            "Wales",
            "in people's homes",
        ),
        (
            "Toilet refurbishment at a primary school, carried out in term time.",
            "works",
            "45453000",
            "Northern Ireland",
            "on school sites while pupils are there",
        ),
        (
            "Liaison and diversion workers who attend the custody suite.",
            "services",
            "85320000",
            "Scotland",
            "in custody or secure settings",
        ),
    )
    for description, category, cpv, nation, place in cases:
        doc = build(
            measures,
            ("SKL-08", "JOB-01") if category == "works" else ("JOB-01",),
            description=description,
            category=category,
            cpv_code=cpv,
            nation=nation,
        )
        said = text(doc, "management.recruitment")
        assert f"Anyone counted under these outcomes who works {place}" in said, nation
        placed = "take place at the supplier's own depot, workshop or office, not " + place
        assert (placed in said) == (category == "works"), nation
    custody = build(
        measures,
        ("SKL-06",),
        description="Appropriate adults who attend the custody suite.",
        cpv_code="85320000",
    )
    assert "who works in custody or secure settings" in text(custody, "management.recruitment")
    plain = build(
        measures,
        ("SKL-08",),
        description="Resurfacing of two car parks.",
        category="works",
        cpv_code="45233000",
    )
    assert "supplier's own depot" not in text(plain, "management.recruitment")
