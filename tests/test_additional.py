"""Additional: an outcome never counts what the contract itself delivers, on any contract.

The contracts here are unlike the specification panel's: a sea wall, a retrofit programme, a
sports development service, sustainable drainage in school grounds, a welfare advice service.
"""

import datetime

import numpy as np
import pytest

from specifier.catalogue.files import builtin_measures
from specifier.specification import checks, document, lifecycle, relevance

COUNCIL = {
    "id": 1,
    "name": "Seaton Council",
    "slug": "seaton",
    "nation": "England",
    "local_description": "Within the Seaton Council area.",
    "local_postcode_districts": [],
    "weighting_pct": 10,
    "threshold_gbp": 100_000,
    "max_outcomes": 6,
}
BASE = {
    "value_gbp": 4_000_000,
    "duration_months": 24,
    "start_date": "2027-06-01",
    "nation": "England",
    "lots": [],
    "reference": "SC-1",
}
SEA_WALL = BASE | {
    "title": "Seaton promenade coastal protection",
    "description": "Rock armour and a new sea wall to protect the promenade from erosion.",
    "category": "works",
    "cpv_code": "45243000",
}
RETROFIT = BASE | {
    "title": "Whole-house retrofit programme",
    "description": "External wall insulation and air source heat pumps for 400 council homes.",
    "category": "works",
    "cpv_code": "45321000",
}
SPORT = BASE | {
    "title": "Community sport development",
    "description": "Coaching sessions and holiday clubs in parks and schools.",
    "category": "services",
    "cpv_code": "92620000",
}
SUDS = BASE | {
    "title": "Playground SuDS at six primary schools",
    "description": "Rain gardens and permeable paving in school playgrounds.",
    "category": "works",
    "cpv_code": "45112000",
}
LIBRARY = BASE | {
    "title": "Central library refurbishment",
    "description": "New lighting, shelving and a reading room in the central library.",
    "category": "works",
    "cpv_code": "45262700",
}
# A council's own measure that counts the scheme's own properties, with no limit in its wording.
SCHEME_HOMES = {
    "code": "SC-FLOOD-1",
    "theme": "Environment",
    "outcome": "Homes safe from the sea",
    "title": "Homes protected from flooding by the scheme",
    "description": "Homes protected by the works.",
    "unit": "homes",
    "evidence_required": "Address list",
    "counting_notes": "Count each home once.",
    "higher_score": "the homes in view",
    "officer_notes": "",
    "categories": ["works"],
}


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()} | {SCHEME_HOMES["code"]: SCHEME_HOMES}


def findings(measures, procurement, codes):
    chosen = [{"measure": measures[c], "priority": None} for c in codes]
    doc = document.build(
        document.Inputs(COUNCIL, procurement, chosen), today=datetime.date(2026, 12, 6)
    )
    return [c for c in checks.run(doc) if c.topic == "Additional"]


@pytest.mark.parametrize(
    ("procurement", "code", "subject"),
    [
        (SEA_WALL, "ENV-29", "flood protection"),  # no "flood" in it: erosion and its CPV say so
        (RETROFIT, "ENV-06", "energy improvements to homes"),
        (SPORT, "COM-01", "physical activity"),
        (SUDS, "ENV-28", "drainage"),  # "SuDS" is jargon: the glossary says what it means
    ],
)
def test_an_outcome_counting_the_contracts_own_deliverable_is_flagged_with_the_reason(
    measures, procurement, code, subject
):
    [found] = findings(measures, procurement, [code])
    assert code in found.message and subject in found.message
    assert "which this contract itself delivers" in found.message
    assert "description speaks of" in found.message or "CPV code" in found.message


def test_a_measure_counting_the_contracts_own_deliverable_blocks_finalising_even_if_limited_to_what_goes_beyond(
    measures,
):
    """Our wording counts only what is on top of the works, but the boundary is for bidders to
    argue: no field records why it is additional, so the officer removes or replaces it."""
    [ours] = findings(measures, SEA_WALL, ["ENV-29"])
    assert ours.level == "error" and "beyond the contract's own scope" in ours.message
    assert "Remove it, or replace it with an outcome the contract does not itself pay for" in (
        ours.message
    )
    [theirs] = findings(measures, SEA_WALL, ["SC-FLOOD-1"])
    assert theirs.level == "error" and "would happen without any social value" in theirs.message
    [heating] = findings(measures, RETROFIT, ["ENV-09"])  # heat pumps installed: the works
    assert heating.level == "error"


def test_how_the_contracts_own_work_is_done_blocks_finalising_and_says_make_it_a_requirement(
    measures,
):
    grounds = BASE | {
        "title": "Parks grounds maintenance",
        "description": "Grass cutting and shrub bed care in twelve parks.",
        "category": "services",
        "cpv_code": "77313000",
    }
    [found] = findings(measures, grounds, ["ENV-24"])
    assert found.level == "error" and "requirement of the specification" in found.message
    chosen = [{"measure": measures["ENV-24"], "priority": None}]
    doc = document.build(
        document.Inputs(COUNCIL, grounds, chosen), today=datetime.date(2026, 12, 6)
    )
    problems = lifecycle.final_problems(doc, checks.run(doc))
    assert any(p.startswith("Additional: Outcome 1 (ENV-24)") for p in problems)


@pytest.mark.parametrize("procurement", [SEA_WALL, RETROFIT, SPORT, SUDS, LIBRARY])
def test_jobs_skills_and_spend_are_never_the_contracts_own_deliverable(measures, procurement):
    assert findings(measures, procurement, ["JOB-02", "SKL-01", "ECO-01", "ENV-10"]) == []


def test_an_outcome_unrelated_to_what_the_contract_buys_is_not_flagged(measures):
    assert findings(measures, LIBRARY, ["ENV-29", "ENV-06", "COM-01", "ENV-28"]) == []


def _embed(texts, scopes=None):
    return np.ones((len(texts), 4), dtype=np.float32) / 2


def test_the_tool_never_chooses_it_and_says_why(measures):
    priority = {"id": 1, "title": "Warm homes", "theme": "environment", "importance": "high"}
    jobs = {"id": 2, "title": "Jobs", "theme": "jobs", "importance": "low"}
    pairs = relevance.pairs(
        [priority, jobs], list(measures.values()), {1: ["ENV-06"], 2: ["JOB-02"]}
    )
    ranked = relevance.rank(RETROFIT, pairs, _embed)
    homes = next(c for c in ranked if c.code == "ENV-06")
    assert homes.accepted and not homes.suitable
    assert any("which the contract itself pays for" in r for r in homes.reasons)
    chosen = [c.code for c in relevance.choose(ranked, 6)]
    assert "JOB-02" in chosen and "ENV-06" not in chosen


@pytest.mark.parametrize("nation", ["England", "Scotland", "Northern Ireland"])
def test_the_disabled_people_outcome_never_counts_the_adjustments_the_law_requires(
    measures, nation
):
    """16b item 6: "existing staff kept in work through workplace adjustments" counted what the
    Equality Act 2010 (s.20) requires of every employer (in Northern Ireland the Disability
    Discrimination Act 1995), against the additionality rule the same document states."""
    chosen = [{"measure": measures["JOB-08"], "priority": None}]
    council = COUNCIL | {"nation": nation}
    doc = document.build(
        document.Inputs(council, SPORT | {"nation": nation}, chosen),
        today=datetime.date(2026, 12, 6),
    )
    text = "\n".join(c.text for c in doc.clauses())
    assert (
        "Staff who become disabled count only where the support that keeps them in work goes"
        " beyond the reasonable adjustments the law already requires" in text
    )
    assert "reasonable adjustments alone do not count" in text
    assert "support given beyond reasonable adjustments" in text  # the evidence asked for
    assert "ring-fenced vacancy" not in text  # the same document reserves no job for a group
