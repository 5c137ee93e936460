"""Emissions from the way the work really travels (FINDINGS-19a-u 1.2, 3.4; 19b-u 2.3).

Visiting professionals who drive their own cars were given a carbon outcome for "fuel burned and
electricity and heat used" (scopes 1 and 2), which leaves their journeys out, and it was
credited to the council's vehicles priority; a hire whose crews install and remove on site was
read as goods with no fleet; and a fleet of lorries and cranes was judged against fixed points
("50% is large, under 20% is low") that no source gives. Invented contracts of several kinds and
nations, asserted on the text bidders read.
"""

import pytest
from test_boilerplate import bidder_text
from test_spec_exports import build_codes
from test_what_the_supplier_does import _contract, _embed, _generate

from specifier.catalogue.files import builtin_measures
from specifier.specification import document, emissions, relevance

# Visiting professionals in England and Scotland, whose work is done where the people are.
THERAPY = {
    "title": "Occupational therapy assessments at home",
    "description": "The supplier's occupational therapists visit people at home across the"
    " borough to assess them for equipment and adaptations. Most are self-employed and use"
    " their own cars.",
    "category": "services",
    "cpv_code": "85142100",
    "nation": "England",
}
TUITION = {
    "title": "Instrumental music tuition in schools",
    "description": "Peripatetic tutors teach small groups in 41 schools, travelling between"
    " schools during the day.",
    "category": "services",
    "cpv_code": "80000000",
    "nation": "Scotland",
}
ASSESSORS = {
    "title": "Capacity assessments for the council",
    "description": "The council receives about 900 applications a year from 30 care homes and"
    " two hospitals. Assessments are completed in person at the care home or ward by"
    " assessors on a panel the supplier keeps.",
    "category": "services",
    "cpv_code": "85312000",
    "nation": "Wales",
}
# A fleet of vans, where the catalogue's wording and fixed points stand.
PESTS = {
    "title": "Pest control for council homes",
    "description": "Pest treatments in council homes by technicians in vans.",
    "category": "services",
    "cpv_code": "90922000",
    "nation": "England",
}
# Goods moved in heavy loads, and a hire whose crews put it up and take it down.
SALT = {
    "title": "Rock salt for winter gritting",
    "description": "Supply of 9,000 tonnes of rock salt a year, delivered in bulk by tipper"
    " lorry to three salt barns.",
    "category": "goods",
    "cpv_code": "34927100",
    "nation": "Northern Ireland",
}
STONE = {
    "title": "Crushed rock and asphalt for road repairs",
    "description": "Crushed rock and asphalt delivered by rigid HGV to the council's depots.",
    "category": "goods",
    "cpv_code": "14212000",
    "nation": "Scotland",
}
MARQUEES = {
    "title": "Hire of marquees and seating for summer events",
    "description": "The supplier hires marquees, staging and seating to the council, and its"
    " crews deliver, erect and dismantle them for each event.",
    "category": "goods",
    "cpv_code": "39522530",
    "nation": "Wales",
}
VEHICLES = {
    "id": 7,
    "title": "Cut carbon from the vehicles that deliver council services",
    "description": "We want contractors to move to zero-emission vehicles.",
    "theme": "environment",
    "importance": "high",
    "evidence_statistic": "Contractor fleets emitted 2,000 tCO2e last year",
    "evidence_source": "Council emissions report",
    "evidence_date": "2025-07",
    "places": [],
    "target_groups": [],
}


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


@pytest.mark.parametrize("contract", [THERAPY, TUITION, ASSESSORS], ids=lambda c: c["nation"])
def test_the_carbon_outcome_of_visiting_work_counts_its_journeys_in_own_cars(measures, contract):
    """The contract's own emissions are its business journeys, in cars the people doing the
    work own or hire, reported from mileage records; so are its zero-emission miles."""
    said = bidder_text(build_codes(measures, ("ENV-01",), **contract))
    assert "business journeys made to do the work" in said
    assert "cars and vans that the people doing it own or hire themselves" in said
    # A bidder new to the work has no mileage baseline: 0 is accepted with its reasons.
    assert "has no baseline for it" in said
    assert "mileage claims or journey logs" in said
    assert "scopes 1 and 2" not in said and "grouping visits by area" in said
    miles = bidder_text(build_codes(measures, ("ENV-11",), **contract))
    assert "including cars that the people doing the work own or hire themselves" in miles
    assert "cargo bikes" not in miles


def test_a_fleet_of_vans_keeps_the_catalogues_carbon_outcome(measures):
    said = bidder_text(build_codes(measures, ("ENV-01",), **PESTS))
    assert "fuel burned and electricity and heat used to deliver the contract" in said
    assert "own or hire themselves" not in said


def _credited(contract, measures):
    """The outcome for ENV-01, chosen for a vehicles priority that accepted it, as bidders
    read why it matters."""
    pairs = relevance.pairs([VEHICLES], [measures["ENV-01"]], {7: ["ENV-01"]})
    [candidate] = relevance.rank(_contract(**contract), pairs, _embed)
    chosen = [{"measure": candidate.measure, "priority": candidate.priority}]
    doc = build_codes(measures, (), **contract)
    doc = document.build(document.Inputs(doc.council, doc.procurement, chosen))
    return bidder_text(doc)


def test_a_vehicles_priority_is_credited_only_to_an_outcome_that_reaches_vehicles(measures):
    """An office's energy is not the council's vehicles: the carbon outcome of a consultancy
    serves no vehicles priority, while that of assessors driving to care homes does."""
    office = {
        "title": "Treasury management advice",
        "description": "Advice on borrowing and investments, given from the adviser's offices"
        " and by video call.",
        "category": "services",
        "cpv_code": "79412000",
    }
    assert VEHICLES["title"] not in _credited(office, measures)
    assert f'serves the council\'s priority "{VEHICLES["title"]}"' in _credited(ASSESSORS, measures)


@pytest.mark.parametrize("contract", [SALT, STONE], ids=lambda c: c["nation"])
def test_a_fleet_of_lorries_is_scored_on_its_plan_not_on_invented_points(measures, contract):
    """No published share fits lorries, tippers or cranes: the answer is scored on its quality,
    its transition plan and fewer, fuller and shorter trips, and says why."""
    doc = build_codes(measures, ("ENV-10",), **contract)
    [fleet] = doc.outcomes
    said = bidder_text(doc)
    assert fleet.scale is None and "is large when it is at least" not in said
    assert "heavy or specialist vehicles" in said
    assert "fewer, fuller and shorter trips" in said
    vans = bidder_text(build_codes(measures, ("ENV-10",), **PESTS))
    assert "is large when it is at least 50%" in vans and "heavy or specialist" not in vans


def test_a_hire_whose_crews_work_on_site_runs_vehicles(runner, tmp_path):
    """Through `flask generate-spec`: a hire of marquees put up and taken down by the
    supplier's crews, for a council that accepted a zero-emission fleet for its vehicles
    priority, is asked about the vehicles they drive, not told it runs none."""
    body = (
        "procurement:\n"
        f"  title: {MARQUEES['title']}\n"
        f"  description: {MARQUEES['description']}\n"
        "  category: goods\n  cpv_code: '39522530'\n  value_gbp: 420000\n"
        "  duration_months: 36\n  nation: England\n"
    )
    text, log = _generate(runner, tmp_path, "marquees", "hatherdale", body)
    assert "Zero-emission vehicles in the contract fleet" in text
    assert "ENV-10" not in [
        line.split("(")[0].split()[-1]
        for line in log.splitlines()
        if "nothing in this contract's market or description says it runs any" in line
    ]


def test_visiting_assessors_are_asked_about_their_journeys(runner, tmp_path):
    """Through `flask generate-spec`: assessors who visit care homes are given a carbon
    outcome that counts their journeys in their own cars."""
    body = (
        "procurement:\n"
        f"  title: {ASSESSORS['title']}\n"
        f"  description: {ASSESSORS['description']}\n"
        "  category: services\n  cpv_code: '85312000'\n  value_gbp: 900000\n"
        "  duration_months: 36\n  workforce_fte: 6\n  nation: England\n"
    )
    text, _log = _generate(runner, tmp_path, "assessors", "hatherdale", body)
    assert "own or hire themselves" in text
    assert "scopes 1 and 2" not in text and "cargo bikes" not in text


def test_engineers_who_make_maintenance_visits_run_vehicles():
    """FINDINGS-20b-v 2.1: gym equipment maintained by the supplier's own engineers on quarterly
    visits was read as a supply with no vehicles. Engineers making maintenance or service visits
    drive there; engineers who are the council's, or who visit nothing, give no fleet."""
    goods = {"category": "goods", "cpv_code": "37440000", "title": "Fitness equipment"}
    visits = (
        "Supply and installation. The supplier's own engineers make quarterly maintenance visits."
    )
    assert "vehicles" in emissions.sources(goods | {"description": visits})
    for said in (
        "Supply of equipment. The council's engineers inspect it each year.",
        "Supply of equipment, tested by the manufacturer's engineers before dispatch.",
    ):
        assert "vehicles" not in emissions.sources(goods | {"description": said}), said
