"""Who works on the contract, what they need to start, and when the work happens (fifteenth
review, part R2): conditions name the people the contract engages, entry outcomes follow the
trade's entry rules, and people minimums are sized over the months of delivery."""

import pytest
from test_tender_terms import build

from specifier.catalogue.files import builtin_measures
from specifier.specification import checks, proportionality, sectors


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


def _said(doc):
    return " ".join(c.text for c in doc.clauses())


FOSTERING = {
    "title": "Independent fostering agency placements framework",
    "description": (
        "Foster placements for children looked after by the council. Agencies recruit, approve,"
        " train and supervise foster carers, who receive allowances and fees from the agency."
    ),
    "category": "services",
    "cpv_code": "85311300",
    "value_gbp": 12_000_000,
    "duration_months": 48,
}


def test_a_living_wage_condition_never_treats_foster_carers_as_the_suppliers_staff(measures):
    doc = build(measures, ["FWK-01"], **FOSTERING)
    said = _said(doc)
    assert "Approved carers (foster carers" in said and "not its workers" in said
    assert "national minimum allowance" in said
    assert "sleep-in" not in said  # carers work no shifts for the supplier
    assert '"unpaid carers" means' not in said  # foster carers are not unpaid carers
    [note] = [c.message for c in checks.living_wage(doc) if "Who the condition covers" in c.message]
    assert "allowances and fees, not wages" in note
    # Terms of employment and placements in a family home are not the contract's to deliver.
    for code in ("FWK-06", "FWK-05", "SKL-07"):
        assert "carers the supplier approves" in sectors.remote(FOSTERING, measures[code])


def test_a_goods_contracts_living_wage_condition_leaves_the_makers_workforce_out(measures):
    goods = {
        "title": "Supply of LED street lighting lanterns",
        "description": "Supply and delivery of LED lanterns and brackets to the council's depot.",
        "category": "goods",
        "cpv_code": "34928500",
        "value_gbp": 2_400_000,
        "duration_months": 36,
    }
    doc = build(measures, ["FWK-01"], **goods)
    said = _said(doc)
    assert "working on the contract in the UK" in said
    assert "does not cover the staff of the firms that make the goods" in said
    assert any("makers' workforce" in c.message for c in checks.living_wage(doc))
    cleaning = build(measures, ["FWK-01"], title="Office cleaning", description="Cleaning.")
    assert "make the goods" not in _said(cleaning)


GAS = {
    "title": "Gas servicing and repairs to council homes",
    "description": (
        "Annual gas safety checks, servicing and boiler replacements in council homes, by Gas"
        " Safe registered engineers, about 60 FTE."
    ),
    "category": "services",
    "cpv_code": "50720000",
    "value_gbp": 9_000_000,
    "duration_months": 60,
}


def test_entry_outcomes_on_regulated_work_count_routes_to_the_qualification(measures):
    doc = build(measures, ["JOB-02"], **GAS)
    [hires] = doc.outcomes
    assert "Gas Safe registration" in hires.measure["counting_notes"]
    assert "trainees and apprentices working towards Gas Safe registration" in _said(doc)
    # Sized from the roles open to new entrants, not the whole workforce.
    assert hires.suggestion.entry_trade == "gas work"
    repairs = GAS | {"title": "Repairs to council homes", "description": "Repairs, 60 FTE."}
    open_to = proportionality.suggest(measures["JOB-02"], GAS)
    anyone = proportionality.suggest(measures["JOB-02"], repairs)
    assert open_to.raw < anyone.raw * 0.5
    plain = build(measures, ["JOB-02"], **repairs)
    assert "registration" not in plain.outcomes[0].measure["counting_notes"]


def test_students_are_not_placed_on_asbestos_surveys_or_air_monitoring(measures):
    surveys = {
        "title": "Asbestos surveys and air monitoring",
        "description": "Asbestos surveys, air monitoring and four-stage clearance certification.",
        "category": "services",
        "cpv_code": "71315000",
    }
    assert "reg 19" in sectors.remote(surveys, measures["SKL-08"])


BUILD = {
    "title": "New council homes",
    "description": (
        "Build of 64 new council homes with a 24-month build and a 12-month defects"
        " rectification period after handover."
    ),
    "category": "works",
    "cpv_code": "45211000",
    "value_gbp": 14_000_000,
    "duration_months": 36,
}


def test_people_minimums_are_sized_over_the_months_of_delivery_not_a_defects_period(measures):
    assert proportionality.idle_periods(BUILD) == [
        ("end", 12, "12-month defects rectification period")
    ]
    assert proportionality.delivery_term(BUILD)["duration_months"] == 24
    staffed = BUILD | {"workforce_fte": 60}
    idle = proportionality.suggest(measures["JOB-02"], staffed)
    whole = proportionality.suggest(
        measures["JOB-02"], staffed | {"description": "Build of 64 new council homes."}
    )
    # The vacancies turnover leaves are over the build alone (the new-entrant posts the works
    # open are the same training weeks either way: part T3).
    assert idle.years == 2 and whole.years == 3 and idle.vacancies < whole.vacancies
    doc = build(measures, ["JOB-02"], **staffed)
    [said] = [c.message for c in checks.sizing(doc) if "months of delivery" in c.message]
    assert "24 months of delivery, not the 36 months" in said and "defects" in said
    # A works contract that states no such period is sized over its whole term, and the
    # officer is told what was assumed.
    plain = build(measures, ["JOB-02"], **staffed | {"description": "Build of 64 homes."})
    assert any("states no defects" in c.message for c in checks.sizing(plain))
    calls = build(
        measures,
        ["JOB-02"],
        **staffed | {"description": "Repairs.", "kind": "framework", "guaranteed_value_gbp": None},
    )
    assert not any("states no defects" in c.message for c in checks.sizing(calls))
    # A maintenance period is a defects period only on works.
    service = {"category": "services", "description": "Parks, with a 12-month maintenance period."}
    assert proportionality.idle_periods(service) == []
