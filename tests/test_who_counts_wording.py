"""The title and definition of a people outcome say what its who-counts rule counts (FINDINGS-4 D5).

"Jobs for local people" beside "count wherever they live" says two things: where the rule sets
no place limit, in every lot or in some, no bidder text for the outcome calls the people local.
"""

import csv
import re
from pathlib import Path

import pytest

from specifier.specification import document, eligibility, procurements, proportionality

CATALOGUE = Path(__file__).parent.parent / "specifier" / "data" / "catalogue.csv"
COUNCIL = {
    "id": 1,
    "name": "Hatherdale Council",
    "nation": "England",
    "threshold_gbp": 100000,
    "max_outcomes": 6,
    "local_description": "",
    "weighting_pct": 10,
    "local_postcode_districts": [],
}
CONTRACT = procurements.clean(
    {
        "title": "Home care",
        "description": "Home care visits for adults in Millbank.",
        "category": "services",
        "value_gbp": 4000000,
        "duration_months": 48,
        "start_date": "2027-06-01",
    },
    default_nation="England",
)
WITH_LOTS = procurements.clean(
    {
        **CONTRACT,
        "description": "Home care visits for adults.",
        "lots": [
            {"title": "Millbank", "value_gbp": "£2m"},
            {"title": "Upper Dale", "value_gbp": "£2m"},
        ],
    },
    default_nation="England",
)
# Each who-counts rule an officer can confirm, with the contract it is confirmed on, and whether
# it leaves people counted wherever they live somewhere (None: not confirmed, the council's own
# definition of local applies).
RULES = {
    "not confirmed": (None, CONTRACT, False),
    "anyone": (eligibility.ANYONE, CONTRACT, True),
    "groups only": ({"places": [], "groups": ["young people"]}, CONTRACT, True),
    "places": ({"places": ["Millbank"], "groups": []}, CONTRACT, False),
    # The lot the places miss counts its own places (D4): a place limit still, everywhere.
    "places, one lot not covered": ({"places": ["Millbank"], "groups": []}, WITH_LOTS, False),
}
# "local" said of something other than the people counted: a partner, a service, a school.
NOT_THE_PEOPLE = re.compile(
    r"\blocal (?:partners?|employment|job brokerage|skills hub|schools|colleges|charities|"
    r"energy advice|working-age population|census|community|universities|disabled people's organisations|area\b"
    r"(?! and))",
    re.I,
)


def _people_measures():
    found = []
    with CATALOGUE.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            measure = {**row, "categories": row["categories"].split(";")}
            family = proportionality.family_for(measure)
            if family and eligibility.applies_to(family["key"]) == "people":
                found.append(measure)
    return found


PEOPLE = _people_measures()


def _locals(text):
    return [
        m.group(0)
        for m in re.finditer(r"\blocal\b(?: \w+)?", text, re.I)
        if not NOT_THE_PEOPLE.match(m.group(0) + text[m.end() : m.end() + 40])
    ]


def test_the_catalogue_has_people_measures_that_say_local():
    said = [m["code"] for m in PEOPLE if _locals(f"{m['title']} {m['description']}")]
    assert {"JOB-01", "JOB-02", "JOB-04"} <= set(said)


@pytest.mark.parametrize("name", sorted(RULES))
def test_every_people_outcome_title_and_definition_agree_with_its_rule(name):
    rule, contract, anywhere = RULES[name]
    chosen = [{"measure": m, "priority": None, "eligibility": rule} for m in PEOPLE]
    outcomes, conditions = document.prescribe(contract, chosen)
    for o in outcomes + conditions:
        # Staff using a language count wherever they live, whatever places a rule names.
        anywhere_here = anywhere or bool(o.places_set_aside)
        assert o.counted_anywhere is anywhere_here, (o.code, name)
        said = [o.title, o.description, *o.quality_points]
        if anywhere_here:
            assert not _locals(" ".join(said)), (o.code, name, _locals(" ".join(said)))
        else:  # a place limit, or the council's definition of local: the words stay
            assert o.title == o.measure["title"], (o.code, name)


def test_the_bidder_text_of_a_rule_without_places_never_calls_the_people_local():
    rule = {"places": [], "groups": ["young people"]}
    chosen = [
        {"measure": m, "priority": None, "eligibility": rule}
        for m in PEOPLE
        if m["code"] in ("JOB-01", "JOB-02", "JOB-04")
    ]
    doc = document.build(document.Inputs(COUNCIL, CONTRACT, chosen))
    text = " ".join(
        c.text for c in doc.clauses() if c.key.startswith(("outcome.", "evaluation", "summary"))
    )
    titles = " ".join(o.title for o in doc.prescribed)
    assert "Jobs on the contract for people who were out of work" in titles
    assert "new starts who were unemployed or economically inactive" in text
    assert not _locals(text + " " + titles), _locals(text + " " + titles)


def test_a_lot_the_places_do_not_cover_keeps_a_place_limit_and_the_title_says_local():
    chosen = [
        {
            "measure": next(m for m in PEOPLE if m["code"] == "JOB-01"),
            "priority": None,
            "eligibility": {"places": ["Millbank"], "groups": ["young people"]},
        }
    ]
    doc = document.build(document.Inputs(COUNCIL, WITH_LOTS, chosen))
    [o] = doc.outcomes
    assert o.open_lots == ["Upper Dale"]
    assert o.title == "Jobs on the contract for local people who were out of work"
    who = doc.clause("outcome.JOB-01.who").text
    assert "in the lot Upper Dale, those who live in Upper Dale;" in who
    assert "in every other lot, those who live in Millbank." in who
    assert "wherever they live" not in who


def test_the_groups_a_priority_names_that_an_outcome_serves_are_said():
    """Twelfth review: care leavers were in a youth service's priority but in no outcome's
    text. Where a group restates the outcome's own people ("young people aged 18-24" for young
    NEET recruits) every such person counts, so the priority's other groups count too: who
    counts and the Why line name them as the people the priority is for."""
    neet = next(m for m in PEOPLE if m["code"] == "JOB-06")
    priority = {
        "id": 7,
        "title": "Get more young people into work",
        "theme": "jobs",
        "description": "",
        "evidence_statistic": "",
        "places": [],
        "target_groups": ["young people aged 18-24", "care leavers", "young people with SEND"],
    }
    rule = {"places": [], "groups": priority["target_groups"]}
    chosen = [{"measure": neet, "priority": priority, "eligibility": rule}]
    doc = document.build(document.Inputs(COUNCIL, CONTRACT, chosen))
    [o] = doc.outcomes
    assert o.groups_within == ["care leavers", "young people with SEND"]
    who = next(c.text for c in doc.clauses() if c.text.startswith("Who counts towards Outcome 1"))
    assert "the council's priority names care leavers and young people with SEND" in who
    why = next(c.text for c in doc.clauses() if c.text.startswith("Why Outcome 1 matters here"))
    assert "which is for young people aged 18-24, care leavers and young people with SEND" in why
    # A group outside the outcome's own people is left out, and the log says so instead.
    assert not eligibility.within(
        {"places": [], "groups": ["care leavers"]}, neet["title"], "people", "targeted-hires"
    )


def test_a_priority_s_proposed_groups_never_widen_a_local_outcome_to_anywhere():
    """Twelfth review D5: "Construction site-ready training for local residents", credited to a
    priority naming groups but no places, became "for people" and counted them anywhere. The
    priority's proposed groups narrow it; the council's area still counts, and the title keeps
    its place word. A rule the officer confirms stays the officer's (see RULES)."""
    priority = {
        "id": 3,
        "title": "Create apprenticeships and training on the council's construction programme",
        "theme": "skills",
        "description": "",
        "evidence_statistic": "",
        "places": [],
        "target_groups": ["women entering construction", "adults retraining"],
    }
    local = [m for m in PEOPLE if m["code"] in ("JOB-01", "SKL-17")]
    assert len(local) == 2
    chosen = [{"measure": m, "priority": priority} for m in local]
    outcomes, _ = document.prescribe(CONTRACT, chosen, COUNCIL)
    for o in outcomes:
        assert o.eligibility_state == "proposed"
        assert not o.counted_anywhere and o.title == o.measure["title"], o.title
        assert o.who["places"] == ["Hatherdale Council's area"]
