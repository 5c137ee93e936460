"""Who counts, and how people outcomes are sized (seventeenth review, part T3): a site's own
street names never widen the places who count; hires and apprenticeships are sized from the
roles the work opens and capped at what its workforce could hold; a hire is a real post; the
contract workforce is defined, with volunteers out; no direct-employment gate on sessional or
volunteer-led delivery; casual staff are counted by headcount."""

import pytest
from test_tender_terms import build

from specifier.catalogue.files import builtin_measures
from specifier.specification import checks, eligibility, proportionality, sectors


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


def _said(doc):
    return " ".join(c.text for c in doc.clauses())


def _outcome(doc, code):
    return next(o for o in doc.prescribed if o.code == code)


# A works contract in one ward, whose description names its streets, buildings and a canal.
RESURFACING = {
    "title": "Footway and carriageway reconstruction, Eastfield",
    "description": (
        "Reconstruction of footways at Station Road and Quarry Lane, and of the bridge deck"
        " between Kings Street and the Eden canal in Eastfield, with new drainage and lighting."
        " Compound at Tannery House. NEC4 ECC Option A over 14 months."
    ),
    "category": "works",
    "cpv_code": "45233140",
    "value_gbp": 2_400_000,
    "duration_months": 14,
}
YOUNG_IN_EASTFIELD = {"places": ["Eastfield"], "groups": ["young people aged 18-24"]}


def test_a_sites_streets_and_buildings_never_widen_the_places_who_count(measures):
    doc = build(measures, ["JOB-02"], who=YOUNG_IN_EASTFIELD, **RESURFACING)
    said = _said(doc)
    assert "only people who live in Eastfield and who are young people aged 18-24" in said
    assert "Northmoor Council's area" not in said
    assert not [c for c in checks.eligibility(doc) if "widens" in c.message]
    # A place the work reaches that the priority leaves out still widens it.
    described = "Repairs to homes in Eastfield and Westmoor, from a depot on Mill Lane."
    assert eligibility.outside(["Eastfield"], (), described) == ["Westmoor"]


def test_hires_on_works_are_sized_from_the_new_entrant_posts_the_work_opens(measures):
    doc = build(measures, ["JOB-02"], who=YOUNG_IN_EASTFIELD, **RESURFACING)
    hires = _outcome(doc, "JOB-02")
    # 52 weeks of targeted recruitment and training per £1m (Value Wales): about two posts over
    # 14 months on £2.4m, not "less than 1 person" from a quarter of turnover times a fifth.
    assert hires.minimum == 2
    assert "the supplier must deliver at least 2 people over the contract" in _said(doc)
    assert "less than 1 person" not in _said(doc)


def test_a_hire_counts_only_in_a_paid_post_of_set_hours_and_length(measures):
    said = _said(build(measures, ["JOB-02"], who=YOUNG_IN_EASTFIELD, **RESURFACING))
    assert "a paid post on the contract of at least 16 hours a week" in said
    assert "lasts at least 13 weeks, or until the contract's work ends if that is sooner" in said


def test_commitment_marks_stop_at_the_apprentices_the_workforce_could_hold(measures):
    site = RESURFACING | {
        "title": "Coal tip remediation and drainage",
        "description": "Regrading, drainage and reseeding of a former colliery tip.",
        "cpv_code": "45112000",
        "value_gbp": 11_500_000,
        "duration_months": 30,
        "workforce_fte": 32,
        "nation": "Wales",
    }
    doc = build(measures, ["SKL-01"], **site)
    apprentices = _outcome(doc, "SKL-01")
    assert apprentices.minimum == 5
    # A fifth of 32 in post at once, each post started 1.25 times over 30 months: 8, not 10.
    assert apprentices.score_cap == 8
    said = _said(doc)
    assert "up to 8 people" in said and "up to 10 people" not in said
    assert "nor more than the contract's workforce could deliver" in said


def test_young_people_are_about_half_of_apprenticeship_starts_outside_the_trades(measures):
    nursing = {
        "title": "Community nursing and therapy service for adults",
        "description": "District nursing and community therapy in people's homes.",
        "category": "services",
        "cpv_code": "85141000",
        "value_gbp": 32_000_000,
        "duration_months": 60,
        "workforce_fte": 120,
    }
    young = {"places": [], "groups": ["young people"]}
    anyone = _outcome(build(measures, ["SKL-01"], **nursing), "SKL-01").minimum
    only_young = _outcome(build(measures, ["SKL-01"], who=young, **nursing), "SKL-01").minimum
    assert only_young <= anyone / 2 + 1 and only_young < anyone
    # On a works site most apprentices start young: naming them does not shrink the ask.
    works = RESURFACING | {"value_gbp": 9_000_000, "duration_months": 24}
    site = _outcome(build(measures, ["SKL-01"], **works), "SKL-01").minimum
    assert _outcome(build(measures, ["SKL-01"], who=young, **works), "SKL-01").minimum == site


BEFRIENDING = {
    "title": "Community befriending service",
    "description": (
        "A befriending service for lonely older people. The provider recruits and supports about"
        " 90 volunteers who visit people at home; the paid team is about 4 FTE. Volunteers'"
        " mileage is paid from the contract."
    ),
    "category": "services",
    "cpv_code": "85312000",
    "value_gbp": 600_000,
    "duration_months": 48,
}


def test_the_contract_workforce_is_defined_and_volunteers_are_not_in_it(measures):
    doc = build(measures, ["FWK-01"], **BEFRIENDING)
    definition = doc.clause("definitions.workforce").text
    assert '"Contract workforce" means the people paid to do this contract\'s work' in definition
    assert "self-employed people it engages to do the work" in definition
    assert "Volunteers are not part of the contract workforce, however many" in definition
    # On goods, the makers' staff are not in it (as the Living Wage condition says).
    lanterns = {
        "title": "Supply of LED street lighting lanterns",
        "description": "Supply and delivery of LED lanterns to the council's depot.",
        "category": "goods",
        "cpv_code": "34928500",
        "value_gbp": 2_400_000,
        "duration_months": 36,
    }
    goods = build(measures, ["FWK-01"], **lanterns).clause("definitions.workforce").text
    assert "not the staff of the firms that make the goods" in goods
    # Nothing measures the workforce as a whole: nothing to define.
    assert build(measures, ["JOB-02"], **RESURFACING).clause("definitions.workforce") is None


def test_no_direct_employment_gate_where_sessional_or_volunteer_workers_deliver(measures):
    tuition = {
        "title": "Instrumental music tuition in rural schools",
        "description": "Taught by a pool of about 12 sessional tutors, many of them musicians.",
        "category": "services",
        "cpv_code": "80000000",
        "value_gbp": 420_000,
        "duration_months": 36,
    }
    direct = measures["FWK-06"]
    assert "self-employed or sessional" in sectors.remote(tuition, direct)
    assert "delivered mostly by volunteers" in sectors.remote(BEFRIENDING, direct)
    # Named by the officer, it stays, and the officer is told the gate cannot be met.
    doc = build(measures, ["FWK-06"], **tuition)
    [warning] = [c for c in checks.subject_matter(doc) if "sets a minimum" in c.message]
    assert "sessional" in warning.message
    # A service run by paid staff keeps it.
    paid = BEFRIENDING | {"description": "A befriending service run by a paid team of 12 FTE."}
    assert sectors.remote(paid, direct) is None


def test_casual_staff_size_hires_by_headcount_and_are_in_the_workforce(measures):
    pools = {
        "title": "Lifeguarding at two leisure centres",
        "description": "Pool lifeguarding seven days a week by about 20 FTE.",
        "category": "services",
        "cpv_code": "92610000",
        "value_gbp": 2_600_000,
        "duration_months": 48,
        "workforce_fte": 20,
    }
    casual = pools | {"description": pools["description"] + " Mostly casual staff on shifts."}
    hires = measures["JOB-02"]
    steady = proportionality.suggest(hires, pools)
    many = proportionality.suggest(hires, casual)
    assert many.casual == "casual staff"
    assert many.minimum >= 4 * steady.minimum
    definition = build(measures, ["FWK-01"], **casual).clause("definitions.workforce").text
    assert "Casual and seasonal staff are part of it for every shift they work" in definition
