"""Which priority an outcome serves, and which outcomes take the slots (FINDINGS-15).

An outcome is credited to a priority through an accepted match, or by aim only where the
priority is about what the outcome counts (its emission source, its group, its need); a
measure the council accepted that fits comes before a staple no one accepted; and an outcome
the document sizes as a token is never weighted as a question.
"""

import datetime

import numpy as np
import pytest
from test_checks import COUNCIL

from specifier.catalogue.files import builtin_measures
from specifier.specification import commands, document, relevance, subjects

HOMES = {
    "title": "New build council homes",
    "description": "Design and build of 64 new council homes on a cleared site, with roads and"
    " drainage.",
    "category": "works",
    "cpv_code": "45211000",
    "value_gbp": 14_500_000,
    "duration_months": 30,
    "start_date": "2027-06-01",
    "nation": "England",
    "lots": [],
}
FLEET_REPAIRS = {
    "title": "Maintenance of the council's vehicle fleet",
    "description": "Servicing and repairs of council vans and refuse vehicles, with breakdown"
    " call-outs by mobile technicians.",
    "category": "services",
    "cpv_code": "50110000",
    "value_gbp": 3_600_000,
    "duration_months": 48,
    "start_date": "2027-04-01",
    "nation": "England",
    "lots": [],
}
FURNITURE = {
    "title": "Supply of office furniture",
    "description": "Supply and delivery of desks and chairs to council offices.",
    "category": "goods",
    "cpv_code": "39130000",
    "value_gbp": 900_000,
    "duration_months": 36,
    "start_date": "2027-04-01",
    "nation": "Scotland",
    "lots": [],
}
DAY_SERVICE = {
    "title": "Day opportunities for adults with learning disabilities",
    "description": "Day services and community activities.",
    "category": "services",
    "cpv_code": "85312100",
    "value_gbp": 2_800_000,
    "duration_months": 36,
    "start_date": "2027-04-01",
    "nation": "England",
    "lots": [],
}
VEHICLES = {
    "id": 1,
    "title": "Cut carbon from the vehicles that deliver council services",
    "description": "Vehicles are the largest source of our direct emissions; we want contractors"
    " to move to zero-emission vehicles.",
    "theme": "environment",
    "importance": "medium",
    "evidence_statistic": "",
    "places": [],
    "target_groups": [],
}
SERVICES = VEHICLES | {
    "id": 2,
    "title": "Cut the carbon and air pollution from council services",
    "description": "Vehicles used on council contracts are the largest source of the council's"
    " own emissions.",
}


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


def _embed(texts, scopes=None):
    """Unit vectors that make every text equally close: ranking then rests on the rules alone."""
    return np.ones((len(texts), 4), dtype=np.float32) / 2


def _priority(pid, title, theme, **more):
    """A council priority as the database gives it."""
    found = {"id": pid, "title": title, "theme": theme, "importance": "medium"}
    blank = {"description": "", "evidence_statistic": "", "places": [], "target_groups": []}
    return found | blank | more


def _chosen(procurement, priorities, accepted, measures, codes, limit=6):
    """The tool's choice among `codes` and the measures the council accepted."""
    pairs = relevance.pairs(priorities, list(measures.values()), accepted)
    taken = set(codes) | {code for found in accepted.values() for code in found}
    ranked = [c for c in relevance.rank(procurement, pairs, _embed) if c.code in taken]
    return {c.code: c for c in relevance.choose(ranked, limit)}


def _why(procurement, chosen):
    doc = document.build(
        document.Inputs(
            COUNCIL, procurement, [{"measure": c.measure, "priority": c.priority} for c in chosen]
        ),
        today=datetime.date(2026, 12, 7),
    )
    # An outcome serving no priority gives no reason at all (FINDINGS-19a-u 3.2): "".
    clauses = {o.code: doc.clause(f"outcome.{o.code}.why") for o in doc.outcomes}
    return {code: clause.text if clause else "" for code, clause in clauses.items()}, doc


def test_embodied_carbon_is_never_credited_to_a_priority_about_vehicles(measures):
    """FINDINGS-15: on new council homes, "embodied carbon of the building cut" was credited to
    the council's priority about its vehicles (it accepted a carbon cut for it, of the same
    aim), and the Why line and coverage said the vehicles priority was served."""
    chosen = _chosen(
        HOMES, [VEHICLES], {1: ["ENV-10", "ENV-01"]}, measures, {"ENV-05", "ENV-10", "SKL-01"}
    )
    carbon = chosen["ENV-05"]
    assert carbon.priority is None, carbon.priority
    [(priority, why)] = carbon.not_served
    assert priority is VEHICLES and "embodied carbon of materials" in why
    assert "vehicles and transport" in why
    lines = commands._credits(carbon, chosen=True)
    assert any("linked to no priority" in line and VEHICLES["title"] in line for line in lines)
    said, doc = _why(HOMES, chosen.values())
    assert VEHICLES["title"] not in said["ENV-05"], said["ENV-05"]
    assert VEHICLES["title"] in said["ENV-10"]  # its accepted match stands
    served = [o.code for o in doc.outcomes if o.priority and o.priority["id"] == 1]
    assert served == ["ENV-10"], served
    # A priority about every source the council's services emit is served by it, truly.
    chosen = _chosen(HOMES, [SERVICES], {2: ["ENV-10", "ENV-01"]}, measures, {"ENV-05", "SKL-01"})
    assert chosen["ENV-05"].priority is SERVICES
    said, _ = _why(HOMES, chosen.values())
    assert SERVICES["title"] in said["ENV-05"]


def test_a_carbon_cut_serves_a_vehicles_priority_where_the_contract_s_emissions_are_its_vehicles(
    measures,
):
    """A cut in direct emissions (scopes 1 and 2) counts what the contract runs: on fleet repairs,
    its vans, so it serves the vehicles priority; on a build, its plant too, so not."""

    def chosen(procurement):
        ranked = [
            relevance.Candidate(measures["ENV-10"], VEHICLES, True, 0.7),
            relevance.Candidate(
                measures["ENV-01"],
                None,
                False,
                0.6,
                staple="A staple",
                subjects=subjects.counts(measures["ENV-01"], procurement),
            ),
        ]
        return relevance.choose(ranked, 3)[1]

    assert chosen(FLEET_REPAIRS).priority is VEHICLES
    build = chosen(HOMES)
    assert build.priority is None and "plant and machinery" in build.not_served[0][1]


def test_a_goods_outcome_is_not_credited_to_a_priority_by_one_shared_word(measures):
    """Timber from certified sources and reused materials were credited to "Move vehicles and
    ferries to zero emissions", whose description says vehicles are its "largest sources": one
    shared word is not the priority asking for an aim."""
    ferries = _priority(
        4,
        "Move council and contractor vehicles and ferries to zero emissions",
        "environment",
        description="Road vehicles and the ferry are the largest sources of our emissions.",
    )
    # The old furniture it removes is what reuse counts (relevance._not_handled).
    removes = FURNITURE | {"description": f"{FURNITURE['description']} Old furniture is removed."}
    chosen = _chosen(removes, [ferries], {4: ["ENV-10"]}, measures, {"ENV-15", "ENV-21"})
    assert {"ENV-15", "ENV-21"} <= set(chosen), list(chosen)
    assert chosen["ENV-15"].priority is None and chosen["ENV-21"].priority is None
    said, _ = _why(removes, chosen.values())
    assert ferries["title"] not in said["ENV-15"] + said.get("ENV-21", ""), said


def test_a_people_outcome_is_credited_only_to_a_priority_for_its_group(measures):
    """Paid work for people with a learning disability serves a priority for disabled people,
    whose aim it shares; not one for young people who are NEET, whose aim it also shares."""
    disabled = _priority(
        5,
        "Help residents facing the biggest barriers into work",
        "jobs",
        target_groups=["disabled people", "people with convictions"],
    )
    young = _priority(
        6,
        "Get more young people into work",
        "jobs",
        target_groups=["young people aged 18-24", "care leavers"],
    )
    chosen = _chosen(DAY_SERVICE, [young], {6: ["JOB-06"]}, measures, {"JOB-09", "ECO-06"})
    assert chosen["JOB-09"].priority is None
    assert "young people who were NEET" in chosen["JOB-09"].not_served[0][1]
    said, _ = _why(DAY_SERVICE, chosen.values())
    assert young["title"] not in said["JOB-09"]
    chosen = _chosen(
        DAY_SERVICE, [young, disabled], {5: ["JOB-05"], 6: ["JOB-06"]}, measures, {"JOB-09"}
    )
    assert chosen["JOB-09"].priority is disabled
    said, _ = _why(DAY_SERVICE, chosen.values())
    assert disabled["title"] in said["JOB-09"]


def test_an_environmental_outcome_serves_a_place_bound_priority_only_on_a_site_it_names(measures):
    """Clean plant on six school retrofits was credited to "Clean up the air on Crossgate Road";
    the contract names neither of the priority's places."""
    air = _priority(
        7,
        "Clean up the air on Crossgate Road and in the town centre",
        "environment",
        places=["Crossgate", "Hatherdale Central"],
    )
    schools = HOMES | {"title": "Energy retrofit of six primary schools", "description": "Works."}
    chosen = _chosen(schools, [air], {7: ["ENV-22"]}, measures, {"ENV-23"})
    assert chosen["ENV-23"].priority is None
    assert "Crossgate and Hatherdale Central" in chosen["ENV-23"].not_served[0][1]
    there = schools | {"description": "Works at Crossgate Primary School."}
    assert _chosen(there, [air], {7: ["ENV-22"]}, measures, {"ENV-23"})["ENV-23"].priority is air


def test_an_accepted_outcome_keeps_its_slot_before_a_staple_no_one_accepted(measures):
    """FINDINGS-15: where slots are short, a measure the council accepted for a priority that
    fits ranks ahead of a market staple nobody accepted, whatever the staple's score; the log
    says so."""
    ranked = [
        relevance.Candidate(measures["ECO-01"], {"id": 1}, True, 0.70),
        relevance.Candidate(measures["SKL-17"], None, False, 0.66, staple="Construction's"),
        relevance.Candidate(measures["JOB-05"], {"id": 2}, True, 0.60),
    ]
    assert [c.code for c in relevance.choose(ranked, 2)] == ["ECO-01", "JOB-05"]
    why = dict((c.code, w) for c, w in relevance.passed_over(ranked, 2))
    assert "JOB-05 (0.60), serving a council priority, was chosen ahead of it" in why["SKL-17"], why
    assert "a staple credited to no priority" in why["SKL-17"]
    # With room for both, the staple is still chosen.
    assert "SKL-17" in [c.code for c in relevance.choose(ranked, 3)]


def test_an_outcome_the_document_sizes_as_a_token_gives_way_to_the_next(measures):
    """FINDINGS-15: local jobs for a priority naming two groups came to less than one FTE year
    once those groups were applied, a token the checks said was a token, yet the document
    weighted it as a question. The next outcome that fits takes its place, and the log says
    why."""
    inactive = _priority(
        8,
        "Help people who are economically inactive into work close to home",
        "jobs",
        importance="high",
        target_groups=["people with long-term health conditions", "unpaid carers"],
    )
    spend = _priority(9, "Spend locally", "local-economy")
    refurb = HOMES | {
        "title": "Leisure centre refurbishment",
        "description": "New changing rooms and a pool hall roof.",
        "cpv_code": "45212200",
        "value_gbp": 5_600_000,
        "duration_months": 16,
    }
    accepted = {8: ["JOB-01"], 9: ["ECO-01"]}
    pairs = relevance.pairs([inactive, spend, SERVICES], list(measures.values()), accepted)
    codes = {"JOB-01", "ECO-01", "ENV-05"}
    ranked = [c for c in relevance.rank(refurb, pairs, _embed) if c.code in codes]
    assert "JOB-01" in [c.code for c in relevance.choose(ranked, 2)]  # ranking alone takes it
    sized = commands._sized(COUNCIL, refurb, ranked)
    chosen = relevance.choose(sized, 2)
    assert "JOB-01" not in [c.code for c in chosen] and len(chosen) == 2, chosen
    why = dict((c.code, w) for c, w in relevance.passed_over(sized, 2))
    assert "once only the places or groups its priority names count" in why["JOB-01"], why
    doc = document.build(
        document.Inputs(
            COUNCIL, refurb, [{"measure": c.measure, "priority": c.priority} for c in chosen]
        ),
        today=datetime.date(2026, 12, 7),
    )
    assert len(doc.outcomes) == 2 and not any(
        o.suggestion.under_one or o.suggestion.token or o.suggestion.small_amount
        for o in doc.outcomes
    )
