"""Care pay by how care is given, promises only a condition can keep, and the Welsh social public
works clauses said only as recorded (fourth review, A6 and section 2b's quick wins).

Contracts here are unlike the panel's: day centres, extra care housing, a cleaning contract.
"""

import datetime

import pytest
from test_tender_terms import CONTRACT, COUNCIL, PRIORITY, text

from specifier.catalogue.files import builtin_measures
from specifier.specification import checks, document

TRAVEL = "travelling between care visits"
SLEEP_IN = "sleep-in shift"


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


def build(measures, codes, *, priority=PRIORITY, **contract):
    chosen = [{"measure": measures[c], "priority": priority} for c in codes]
    nation = contract.get("nation", "England")
    inputs = document.Inputs(COUNCIL | {"nation": nation}, CONTRACT | contract, chosen)
    return document.build(inputs, today=datetime.date(2026, 12, 6))


def _care(measures, title, description, cpv):
    return build(
        measures,
        ["JOB-01", "FWK-01"],
        title=title,
        description=description,
        cpv_code=cpv,
        light_touch=True,
        value_gbp=2_000_000,
    )


def _warnings(doc):
    return [c.message for c in checks.run(doc) if c.level == "warning"]


def test_travel_time_is_said_only_where_workers_visit_people_at_home(measures):
    home = _care(measures, "Domiciliary care", "Visits to older people at home.", "85312000")
    terms = text(home, "management.conditions")
    assert TRAVEL in terms and SLEEP_IN not in terms
    assert any("paid travel time between visits" in m for m in _warnings(home))
    for title, description, cpv in (
        (
            "Extra care housing support",
            "Support for tenants of two extra care schemes.",
            "85311000",
        ),
        ("Residential respite", "Short breaks in a residential home for adults.", "85311200"),
        ("Supported living", "Support for adults in shared tenancies.", "85312000"),
    ):
        doc = _care(measures, title, description, cpv)
        terms = text(doc, "management.conditions")
        assert TRAVEL not in terms, title
        assert SLEEP_IN in terms and "Royal Mencap Society v Tomlinson-Blake [2021] UKSC 8" in terms
        assert "On a sleep-in shift, the supplier must pay" in terms
        assert "The council has decided" not in terms  # a requirement, not a decision claimed
        assert not any("travel time" in m for m in _warnings(doc)), title
        # The choice is the council's, and the officer is asked to confirm it.
        assert any("Sleep-in shifts" in m and "council's choice" in m for m in _warnings(doc))


def test_a_daytime_home_care_service_has_no_sleep_in_clause_though_it_names_care_homes(measures):
    """A home-visiting service names residential care as what it helps people avoid, and "within
    24 hours" as a start time: neither is night work, so no sleep-in clause (FINDINGS-10 G9)."""
    reablement = _care(
        measures,
        "Community reablement service",
        "Reablement for adults at risk of going into hospital or residential care, starting"
        " within 24 hours of a hospital discharge, seven days a week.",
        "85312000",
    )
    terms = text(reablement, "management.conditions")
    assert TRAVEL in terms and SLEEP_IN not in terms
    assert not any("Sleep-in shifts" in m for m in _warnings(reablement))
    nights = _care(
        measures,
        "Home care",
        "Home care visits, with waking nights and sleep-ins for people at end of life.",
        "85312000",
    )
    assert SLEEP_IN in text(nights, "management.conditions")


def test_care_the_description_does_not_place_asks_the_officer(measures):
    doc = _care(
        measures,
        "Day opportunities",
        "Activities for adults with learning disabilities.",
        "85312100",
    )
    terms = text(doc, "management.conditions")
    assert TRAVEL not in terms and SLEEP_IN not in terms
    assert any("does not say whether workers visit people at home" in m for m in _warnings(doc))


HOURS = PRIORITY | {
    "title": "Fair pay on council contracts",
    "description": (
        "Too many jobs here pay below the real Living Wage. We want everyone on our contracts to"
        " earn at least the real Living Wage, with secure, predictable hours."
    ),
}


def test_secure_predictable_hours_are_promised_only_where_an_outcome_defines_them(measures):
    [pay] = [
        b
        for s in build(measures, ["FWK-01", "JOB-01"], priority=HOURS).sections
        for b in s.blocks
        if getattr(b, "key", "").startswith("priority.")
    ]
    assert "predictable" not in pay.text
    assert "earn at least the real Living Wage." in pay.text
    defined = build(measures, ["FWK-05", "JOB-01"], priority=HOURS)
    [kept] = [b for s in defined.sections for b in s.blocks if b.key.startswith("priority.")]
    assert "with secure, predictable hours" in kept.text


WELSH_WORKS = {
    "nation": "Wales",
    "category": "works",
    "cpv_code": "45214200",
    "title": "School extension",
    "description": "A two-storey extension to a primary school.",
    "value_gbp": 4_000_000,
    "duration_months": 18,
}


def test_the_social_public_works_clauses_are_said_to_be_included_only_when_recorded(measures):
    unrecorded = build(measures, ["JOB-01"], **WELSH_WORKS)
    said = text(unrecorded, "purpose.wales")
    assert "major construction contract under section 25" in said
    assert "The contract will include them" not in said
    assert "The contract will not include them" not in said
    assert any("social_public_works_clauses" in m for m in _warnings(unrecorded))
    included = build(measures, ["JOB-01"], social_public_works_clauses=True, **WELSH_WORKS)
    assert "The contract will include them" in text(included, "purpose.wales")
    left_out = build(measures, ["JOB-01"], social_public_works_clauses=False, **WELSH_WORKS)
    assert "The contract will not include them" in text(left_out, "purpose.wales")


def test_guaranteed_hours_on_welsh_home_care_is_not_additional(measures):
    """Regulation 42 of the Regulated Services (Service Providers and Responsible Individuals)
    (Wales) Regulations 2017 already makes a domiciliary care provider offer guaranteed hours
    after three months: on Welsh home care the outcome is refused as not additional, with the
    law and what to ask instead; in England, or on Welsh care that is not at home, it stands."""
    home = {
        "title": "Community reablement service",
        "description": "Reablement visits to adults in their own homes after hospital.",
        "cpv_code": "85312000",
        "light_touch": True,
        "value_gbp": 2_000_000,
    }
    wales = build(measures, ["FWK-05", "JOB-01"], nation="Wales", **home)
    [refused] = [c for c in checks.run(wales) if c.code == "FWK-05" and c.level == "error"]
    assert refused.blocks_outcome and refused.topic == "Additional"
    assert "regulation 42 of the Regulated Services" in refused.reason
    assert "guaranteed hours from the first day" in refused.reason
    assert not [c for c in checks.run(wales) if c.code == "JOB-01" and c.topic == "Additional"]
    england = build(measures, ["FWK-05"], nation="England", **home)
    assert not [c for c in checks.run(england) if c.topic == "Additional"]
    hostel = build(
        measures,
        ["FWK-05"],
        nation="Wales",
        **home | {"title": "Supported living", "description": "Support in shared tenancies."},
    )
    assert not [c for c in checks.run(hostel) if c.topic == "Additional"]


def test_a_service_that_names_care_homes_only_as_referrers_has_no_sleep_in_clause(measures):
    """FINDINGS-14c D7 and 14b D12: an advocacy service taking referrals from care homes and a
    community drug service that brokers residential rehabilitation run no nights, and a block
    price is not an hourly rate."""
    for title, description, cpv in (
        (
            "Independent advocacy service",
            "One point of referral for social workers, hospital staff, care homes and residents,"
            " with an office in the town centre. Paid as a fixed annual block price.",
            "85320000",
        ),
        (
            "Adult drug and alcohol service",
            "A community hub and satellite clinics that broker residential rehabilitation and"
            " inpatient detoxification.",
            "85323000",
        ),
    ):
        doc = _care(measures, title, description, cpv)
        assert SLEEP_IN not in text(doc, "management.conditions"), title
        said = _warnings(doc)
        assert not any("Sleep-in shifts" in m for m in said), title
        assert not any("hourly rates" in m for m in said), title
        assert any("the contract price must fund the real Living Wage" in m for m in said), title
    # Work done in a residential home still has nights, and care paid by the hour says so.
    home = _care(measures, "Short breaks", "Short stays in a residential home.", "85320000")
    assert SLEEP_IN in text(home, "management.conditions")
    hourly = _care(
        measures, "Day support", "Support at the day centre, paid per hour of care.", "85312100"
    )
    assert any("hourly rates must fund" in m for m in _warnings(hourly))


def test_assessors_visiting_care_homes_get_no_care_pay_or_sleep_in_terms(measures):
    """FINDINGS-19a-u DoLS 5: assessments done at care homes and wards are not care given, so
    the conditions carry no sleep-in paragraph and the log no commissioned-care warning."""
    doc = _care(
        measures,
        "Deprivation of liberty assessments",
        "Best interests assessments, completed in person at the care home or ward by"
        " self-employed assessors paid a fixed fee per assessment.",
        "85312000",
    )
    assert SLEEP_IN not in text(doc, "management.conditions")
    assert not any("Commissioned care" in m or "Sleep-in" in m for m in _warnings(doc))
