"""The second review's findings on the law, evaluation and contract terms, as general rules.

Each test names the review finding it guards (docs/specification-review.md, "Second review
round", part A), and builds contracts unlike the review's panel.
"""

import datetime

import pytest

from specifier.catalogue.files import builtin_measures
from specifier.specification import checks, document

COUNCIL = {
    "id": 7,
    "name": "Northmoor Council",
    "slug": "northmoor",
    "nation": "England",
    "local_description": "Within the Northmoor Council area.",
    "local_postcode_districts": [],
    "weighting_pct": 10,
    "threshold_gbp": 0,
    "max_outcomes": 6,
}
PRIORITY = {
    "id": 1,
    "title": "Work for people furthest from it",
    "description": "Economic inactivity is high.",
    "theme": "jobs",
    "importance": "high",
    "evidence_statistic": "31% economically inactive",
    "evidence_source": "Nomis",
    "evidence_date": "2025-09",
    "places": [],
    "target_groups": [],
}
CONTRACT = {
    "title": "Parks and open spaces maintenance",
    "description": "Mowing, planting and litter picking in 40 parks.",
    "category": "services",
    "cpv_code": "77310000",
    "value_gbp": 3_400_000,
    "duration_months": 48,
    "start_date": "2027-09-01",
    "nation": "England",
    "lots": [],
    "reference": "NM-PK-1",
}
TARGETED = {"places": ["Eastfield"], "groups": ["people with convictions", "disabled people"]}


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


def build(measures, codes, *, who=None, council=None, **contract):
    nation = contract.get("nation", "England")
    chosen = [
        {"measure": measures[c], "priority": PRIORITY, **({"eligibility": who} if who else {})}
        for c in codes
    ]
    inputs = document.Inputs((council or COUNCIL) | {"nation": nation}, CONTRACT | contract, chosen)
    return document.build(inputs, today=datetime.date(2026, 12, 6))


def text(doc, key):
    clause = doc.clause(key)
    return clause.text if clause else ""


def test_defect_8_a_regulated_below_threshold_contract_cites_part_6(measures):
    england = build(measures, ["JOB-01"], value_gbp=90_000)
    law = text(england, "purpose.law")
    assert "regulated below-threshold contract, so Part 6 of the Act applies" in law
    assert "Section 88 of the Act implies" in text(england, "management.remedies")
    wales = build(measures, ["JOB-01"], value_gbp=90_000, nation="Wales")
    law = text(wales, "purpose.law")
    # Wales: statutory SPPP duties apply, so not "as its own policy"; s.88 is not claimed, nor
    # Part 6 as a whole (review 14c section 4: section 85 does not bind a devolved Welsh one).
    assert "under section 84 of the Act" in law and "as its own policy" not in law
    assert "Part 6 of the Act applies" not in law
    assert "Section 88" not in text(wales, "management.remedies")
    ni = build(measures, ["JOB-01"], value_gbp=90_000, nation="Northern Ireland")
    assert "Part 6" not in text(ni, "purpose.law")
    assert any("transferred Northern Ireland authority" in c.message for c in checks.law(ni))


def test_defect_7_section_52_kpis_are_some_of_the_contracts_kpis_and_none_is_filler(measures):
    big = build(measures, ["JOB-01"], value_gbp=8_000_000)
    kpis = text(big, "management.kpis")
    assert "among those KPIs" in kpis and "other KPIs" in kpis
    assert len(big.kpis) == 1  # one outcome, one KPI: nothing measures the council's own steps
    scottish = build(measures, ["JOB-01"], value_gbp=8_000_000, nation="Scotland")
    kpis = text(scottish, "management.kpis")
    assert "section 52" not in kpis and "at least three" not in kpis


def test_defect_5_every_proposed_commitment_is_pass_fail_and_assessed_by_a_stated_method(
    measures,
):
    small = {"value_gbp": 750_000, "duration_months": 60, "cpv_code": "79400000"}
    doc = build(measures, ["JOB-02", "ENV-07"], **small)
    assert all(o.minimum is None for o in doc.outcomes)
    pass_fail = text(doc, "evaluation.pass-fail")
    people, carbon = doc.outcomes
    # A baseline measure the bidder can hold (the metered use of the buildings it runs) is
    # listed; an ask of less than one person is a token whose 0 is accepted with reasons,
    # never a pass/fail "more than 0" (FINDINGS-12 D2), as is a cut in the bidder's own use
    # (test_baselines.py).
    assert f"a specific commitment of more than 0 for {carbon.name}" in pass_fail
    assert f"more than 0 for {people.name}" not in pass_fail
    # Said of the outcomes it applies to, beside the one whose 0 is accepted (13a E2).
    assert (
        f"For {carbon.name}, a commitment of 0, or a blank, is not a commitment: it is rejected"
        in pass_fail
    )
    assert f"For {people.name}, 0 is accepted" in pass_fail
    method = text(doc, "evaluation.proposed")
    # Each is judged one stated, fixed way: here neither can be sized, so quality alone.
    for o in doc.outcomes:
        assert o.name in method
    assert "scored on its quality alone" in method
    fixed = build(measures, ["JOB-01"], value_gbp=20_000_000)
    assert fixed.outcomes[0].minimum is not None and not text(fixed, "evaluation.proposed")


def test_defect_12_errors_are_disregarded_the_credibility_test_binds_and_stems_fit(measures):
    doc = build(measures, ["JOB-01", "ECO-05", "ENV-01"])
    disregard = text(doc, "evaluation.disqualify")
    assert "disregard the part that does not comply" in disregard
    assert "reject a tender that" not in disregard
    credibility = text(doc, "evaluation.credibility")
    assert "written confirmation from the partner of its role" in credibility
    assert "still binds the bidder" in credibility
    questions = text(doc, "evaluation.questions")
    people, spend, change = (line for line in questions.splitlines() if line.startswith("- Q"))
    assert "who will benefit" in people.lower() and "who will benefit" not in change.lower()
    assert "suppliers who count" in spend and "what will you change" in change.lower()
    [table] = [b for s in doc.sections for b in s.blocks if b.key == "evaluation.descriptors"]
    zero = next(row for row in table.rows if row[0] == "0")
    assert "no marks" in zero[2] and "rejected" not in zero[2]
    assert any("minimum standards" in c.message for c in checks.evaluation(doc))


def test_defect_3_lots_are_evaluated_lot_by_lot(measures):
    lots = [
        {"title": "North parks", "value_gbp": 12_000_000},
        {"title": "South parks", "value_gbp": 8_000_000},
    ]
    doc = build(measures, ["JOB-01", "ECO-05"], lots=lots, value_gbp=20_000_000)
    assert all(o.minimum for o in doc.outcomes)
    pass_fail = text(doc, "evaluation.pass-fail")
    assert "Social value is evaluated separately for each lot" in pass_fail
    assert "of at least the lot's minimum in the table of lot minimums" in pass_fail
    assert "M is the minimum for the lot" in text(doc, "evaluation.quantitative")
    for o in doc.outcomes:
        assert all(lot.minimum for lot in o.lots), o.code  # no lot left without a minimum
        assert f"at least {o.minimum:g}" not in pass_fail


def test_defect_11_behind_is_defined_termination_follows_the_general_terms(measures):
    long = build(measures, ["JOB-01"])
    remedies = text(long, "management.remedies")
    assert "falls short of the delivery plan's profile for that date by more than 20%" in remedies
    assert "material breach" in remedies and "three reports in a row" not in remedies
    short = build(measures, ["JOB-01"], value_gbp=60_000, duration_months=4)
    remedies = text(short, "management.remedies")
    assert "At the end of the contract, the council will compare" in remedies
    assert "recovery plan" not in remedies
    assert "does not need a separate social value delivery plan" in text(short, "management.plan")
    # There is no plan, so no clause nor KPI refers to one.
    mentions = [c.key for c in short.clauses() if "delivery plan" in c.text]
    assert mentions == ["management.plan"]
    assert not [k for k in short.kpis if "delivery plan" in k["target"]]


def test_defect_9_special_category_data_voluntary_and_verified_by_a_referral_partner(measures):
    doc = build(measures, ["JOB-01"], who=TARGETED)
    data = text(doc, "management.personal-data")
    assert "Article 9" in data and "Article 10" in data and "Schedule 1" in data
    assert "data protection impact assessment" in data
    assert "saying so is voluntary" in data and "referral partner" in data
    assert "residents and participants" in data
    assert "postcode district instead" not in data  # a ward is not a postcode district
    plain = build(measures, ["ECO-05"])
    assert "Article 9" not in text(plain, "management.personal-data")


def test_defect_17_recruitment_on_merit_and_safer_recruitment_by_nation(measures):
    england = text(build(measures, ["JOB-01"], who=TARGETED), "management.recruitment")
    assert "recruit on merit" in england and "158 and 159 of the Equality Act 2010" in england
    assert "Disclosure and Barring Service" in england  # people with convictions count
    scotland = text(
        build(measures, ["JOB-01"], who=TARGETED, nation="Scotland"), "management.recruitment"
    )
    assert "PVG" in scotland
    ni = build(measures, ["JOB-01"], who=TARGETED, nation="Northern Ireland")
    said = text(ni, "management.recruitment")
    assert "Fair Employment and Treatment" in said and "Equality Act 2010" not in said
    assert any("section 75 equality scheme" in c.message for c in checks.law(ni))


def test_defect_10_the_real_living_wage_is_priced_and_london_only_in_london(measures):
    home_care = {"title": "Home care", "description": "Personal care in people's own homes."}
    doc = build(measures, ["JOB-01", "FWK-01"], cpv_code="85312000", light_touch=False, **home_care)
    terms = text(doc, "management.conditions")
    assert "Tender prices must allow for the rate in force" in terms
    assert "travelling between care visits" in terms  # home care: travel time is paid
    assert "London" not in terms and "London" not in measures["FWK-01"]["description"]
    london = COUNCIL | {"name": "London Borough of Eastbrook"}
    terms = text(build(measures, ["FWK-01", "JOB-01"], council=london), "management.conditions")
    assert "London Living Wage for work in London" in terms
    # Scotland: Fair Work First is evaluated in a question of its own, worth marks.
    scottish = build(measures, ["JOB-01"], nation="Scotland", value_gbp=900_000)
    assert scottish.fair_work and scottish.fair_work.weight > 0
    assert "Fair Work First question" in text(scottish, "evaluation.questions")
    assert "evaluates how each bidder will apply these criteria" in text(
        scottish, "purpose.fair-work"
    )


def test_defect_18_wales_wpps_welsh_tenders_and_the_works_clauses_as_the_officer_said(measures):
    works = {"nation": "Wales", "category": "works", "cpv_code": "45210000"}
    unsaid = build(measures, ["JOB-01"], value_gbp=3_000_000, **works)
    wales = text(unsaid, "purpose.wales")
    assert "under section 14 of the Procurement Act 2023" in wales
    assert "A tender may be written in Welsh" in wales
    # Not recorded: the specification does not say either way; the checks ask (fourth review).
    assert "The contract will not include them" not in wales
    assert "The contract will include them" not in wales
    assert "social public works clauses in every subcontract" not in text(
        unsaid, "management.flow-down"
    )
    assert any("section 29" in c.message for c in checks.law(unsaid))
    included = build(
        measures, ["JOB-01"], value_gbp=3_000_000, social_public_works_clauses=True, **works
    )
    assert "The contract will include them" in text(included, "purpose.wales")
    flow = text(included, "management.flow-down")
    assert "first-tier subcontractors" in flow and "consent" not in flow
    assert not any("section 29" in c.message for c in checks.law(included))


def test_defect_24_scotland_states_the_light_touch_regime_and_care_guidance(measures):
    care = build(
        measures,
        ["JOB-01"],
        nation="Scotland",
        value_gbp=2_000_000,
        cpv_code="85312000",
        kind="framework",
        guaranteed_value_gbp=None,
    )
    law = text(care, "purpose.law")
    assert "(the light-touch regime) apply" in law and "Its call-off contracts are" in law
    assert "procurement of care and support services" in law
    competition = text(care, "purpose.framework")
    # Care packages are chosen for each person's needs: social value, Fair Work First with it,
    # is evaluated once at admission, never in a call-off (FINDINGS-15 item 3).
    assert "no call-off is scored on social value" in competition
    assert "Fair Work First question's share" not in competition
    assert "Self-directed Support" in law
    assert "section 18" not in " ".join(c.text for c in care.clauses())  # the officer's duty
    assert any("section 18" in c.message for c in checks.law(care))
    # FINDINGS-11 H9: a block contract buys a set number of places whoever fills them, so the
    # work a supplier receives does not depend on people's self-directed support choices.
    block = build(
        measures,
        ["JOB-01"],
        nation="Scotland",
        value_gbp=9_600_000,
        cpv_code="85311100",
        title="Care home places",
        description="A block contract for 42 long-stay care home places for older people.",
    )
    law = text(block, "purpose.law")
    assert "procurement of care and support services" in law
    assert "Self-directed Support" not in law and "depends on those choices" not in law


def test_defect_22_the_schedule_prevails_on_social_value_and_is_incorporated(measures):
    works = build(measures, ["JOB-01"], category="works", cpv_code="45210000")
    schedule = text(works, "management.schedule")
    assert "take precedence over the contract's general terms" in schedule
    assert "the general terms take precedence" not in schedule
    assert "Z clauses" in schedule
    assert "Z clauses" not in text(build(measures, ["JOB-01"]), "management.schedule")


def test_defect_26_a_long_contract_reviews_its_commitments(measures):
    long = build(measures, ["JOB-01"], duration_months=120)
    assert "every third contract year" in text(long, "management.change")
    assert "every third contract year" not in text(build(measures, ["JOB-01"]), "management.change")


def test_data_rules_and_the_local_definition_only_where_an_outcome_uses_them(measures):
    """FINDINGS-14a A9 and 14b D12: a pack of emissions and fleet outcomes defined "local" and
    set rules for home postcodes and participant lists that nothing in it collects."""
    carbon = build(measures, ["ENV-01", "ENV-10"])
    assert not text(carbon, "management.personal-data")
    assert not text(carbon, "definitions.local")
    assert not [c.key for c in carbon.clauses() if 'definition of "local"' in c.text]
    # Workers' pay is counted from payroll: workers' data rules, no postcodes or participants.
    pay = build(measures, ["ENV-01", "FWK-01"])
    data = text(pay, "management.personal-data")
    assert "Payroll and other workforce records are personal data" in data
    assert "postcode" not in data and "participants" not in data
    assert not text(pay, "definitions.local")
    # Local hires keep both, in full.
    hires = build(measures, ["JOB-01", "ENV-01"])
    assert "home postcodes" in text(hires, "management.personal-data")
    assert text(hires, "definitions.local").startswith('"Local" means')
    # Local spend keeps the definition of local.
    assert text(build(measures, ["ECO-01", "ENV-01"]), "definitions.local")
