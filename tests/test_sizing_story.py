"""Seventh review (part G2): one decision on a published figure, sizes from the service, who counts."""

import datetime

import pytest

from specifier.catalogue.files import builtin_measures
from specifier.specification import checks, document

ENGLAND = {
    "id": 1,
    "name": "Hatherdale Council",
    "slug": "hatherdale",
    "nation": "England",
    "local_description": "Within the Hatherdale Council area.",
    "local_postcode_districts": [],
    "weighting_pct": 10,
    "threshold_gbp": 50_000,
    "max_outcomes": 6,
}
CONTRACT = {
    "title": "Study and advice",
    "description": "Research and advice for the council.",
    "category": "services",
    "cpv_code": "79400000",
    "value_gbp": 7_200_000,
    "duration_months": 36,
    "start_date": "2027-10-01",
    "nation": "England",
    "lots": [],
    "reference": "HC-1",
}


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


def build(measures, procurement, codes, council=ENGLAND, priority=None):
    chosen = [{"measure": measures[c], "priority": priority} for c in codes]
    inputs = document.Inputs(council, procurement, chosen)
    return document.build(inputs, today=datetime.date(2026, 12, 6))


@pytest.mark.parametrize(
    "procurement",
    [
        CONTRACT,
        {**CONTRACT, "value_gbp": 1_400_000, "cpv_code": "85312100"},
        # Not works: there the new-entrant posts the work opens set a minimum (part T3).
        {**CONTRACT, "value_gbp": 9_000_000, "cpv_code": "72000000"},
    ],
)
def test_the_log_and_the_specification_tell_one_story_about_a_token_figure(measures, procurement):
    """FINDINGS-6 B8: the log said "no figure reaches bidders" while the specification published
    the same figure as a reference point. Whatever the rules decide, both say it."""
    doc = build(measures, procurement, ["JOB-01"])
    [jobs] = doc.outcomes
    assert jobs.suggestion.token
    [warning] = [c for c in checks.run(doc) if c.topic == "Measurable" and "JOB-01" in c.message]
    text = doc.clause(f"outcome.{jobs.code}.minimum").text
    if jobs.reference:
        assert "judged against fixed points" in text and "is large" in text
        assert "no figure reaches bidders" not in warning.message
        assert "published reference point" in warning.message
        assert any("published as a reference point" in n for n in jobs.officer_notes)
    else:
        assert "reference point" not in text
        assert "no figure reaches bidders" in warning.message


def test_a_people_outcome_always_says_who_counts(measures):
    """FINDINGS-6 B7: never silent. With nothing named, a measure counting local people says
    local people (by the definition of local); any other says people count wherever they live."""
    doc = build(measures, {**CONTRACT, "value_gbp": 20_000_000}, ["JOB-01", "SKL-01"])
    jobs, apprentices = doc.outcomes
    assert jobs.eligibility_state == "none" and apprentices.eligibility_state == "none"
    assert 'who live in the local area (see the definition of "local")' in (
        doc.clause("outcome.JOB-01.who").text
    )
    assert doc.clause("outcome.SKL-01.who").text.endswith("people count wherever they live.")
    for o in doc.outcomes:
        assert o.applies_to != "people" or doc.clause(f"outcome.{o.code}.who") is not None


def test_the_priority_names_who_counts_until_the_officer_confirms_it(measures):
    """FINDINGS-6 B7: a priority naming places and groups is who counts by default, and the
    minimum is sized for it."""
    priority = {
        "id": 7,
        "title": "Work for people facing barriers",
        "description": "Jobs for people who find work hard to get.",
        "theme": "jobs",
        "importance": "high",
        "evidence_statistic": "",
        "evidence_source": "",
        "evidence_date": "",
        "places": ["Millbank"],
        "target_groups": ["disabled people"],
    }
    doc = build(measures, {**CONTRACT, "value_gbp": 20_000_000}, ["JOB-02"], priority=priority)
    [o] = doc.outcomes
    assert o.eligibility_state == "proposed" and o.suggestion.narrowed
    text = doc.clause("outcome.JOB-02.who").text
    assert "Millbank" in text and "disabled people" in text


@pytest.mark.parametrize("code", ["ECO-01", "ECO-05", "ECO-06"])
@pytest.mark.parametrize(
    "rule",
    [
        {"places": [], "groups": ["micro and small businesses", "social enterprises"]},
        {"places": ["Millbank"], "groups": []},
        None,
    ],
)
def test_a_spend_outcomes_description_and_who_counts_name_the_same_suppliers(measures, code, rule):
    """FINDINGS-6 B9: "businesses ... based in the local area" above a who-counts rule naming
    other suppliers or places. Both now come from the rule."""
    chosen = [{"measure": measures[code], "priority": None, "eligibility": rule}]
    inputs = document.Inputs(ENGLAND, {**CONTRACT, "value_gbp": 20_000_000}, chosen)
    doc = document.build(inputs, today=datetime.date(2026, 12, 6))
    [o] = doc.outcomes
    who = doc.clause(f"outcome.{code}.who")
    asks = doc.clause(f"outcome.{code}.outcome").text
    if who is None or "only spend with" not in who.text:  # anyone counts: the catalogue's
        assert not o.who and not o.local_suppliers  # own words stand
        return
    # (its first paragraph: what payments count follows, test_contract_terms_fit.py)
    counted = who.text.split("\n")[0].split("only spend with ", 1)[1].removesuffix(" counts.")
    assert f"Money paid to {counted} to deliver" in asks or f"Money paid to {counted}, at" in asks
    if o.local_suppliers and not (rule and rule["places"]):
        assert "based in the local area" not in asks or "that are local" in asks
    for place in (rule or {}).get("places", []):
        assert place in asks


def test_named_groups_are_alternatives_so_four_of_them_keep_more_than_one(measures):
    """FINDINGS-6 D9: "3 FTE years" on £60m of works, because four named groups kept only the
    share of the largest. A person in any of them counts."""
    works = {
        **CONTRACT,
        "category": "works",
        "cpv_code": "45210000",
        "value_gbp": 60_000_000,
        "duration_months": 48,
    }
    groups = [
        "people with long-term health conditions",
        "disabled people",
        "unpaid carers",
        "people aged 50 and over",
    ]
    sized = {}
    for named in (groups[:1], groups):
        chosen = [
            {
                "measure": measures["JOB-01"],
                "priority": None,
                "eligibility": {"places": [], "groups": named},
            }
        ]
        doc = document.build(
            document.Inputs(ENGLAND, works, chosen), today=datetime.date(2026, 12, 6)
        )
        [sized[len(named)]] = doc.outcomes
    assert sized[4].suggestion.narrowing > sized[1].suggestion.narrowing
    assert sized[4].suggestion.narrowing == pytest.approx(1 - 0.8**4)
    assert sized[4].minimum is not None and sized[4].minimum > 3


def test_a_team_that_can_host_a_placement_is_asked_for_one_a_year(measures):
    """FINDINGS-6 N4: "less than 1 placement" on a four-year, £1.8m service desk. A service desk
    is mostly staff, and a team of five or more hosts one placement a year; named places say
    where the students come from and do not shrink the placements the supplier hosts."""
    desk = {**CONTRACT, "cpv_code": "72253000", "value_gbp": 1_800_000, "duration_months": 48}
    rule = {"places": ["Millbank"], "groups": ["young people aged 16-17"]}
    chosen = [{"measure": measures["SKL-07"], "priority": None, "eligibility": rule}]
    doc = document.build(document.Inputs(ENGLAND, desk, chosen), today=datetime.date(2026, 12, 6))
    [o] = doc.outcomes
    assert o.suggestion.profile.name == "IT support and service desk"
    assert o.suggestion.fte >= 5 and o.suggestion.one_a_year
    assert o.minimum == 4 and not o.suggestion.narrowed
    assert "one a year as a team of this size can host one" in o.generated_rationale
    # A team too small to supervise a student is not asked for one a year.
    tiny = {**desk, "value_gbp": 400_000}
    doc = document.build(document.Inputs(ENGLAND, tiny, chosen), today=datetime.date(2026, 12, 6))
    assert not doc.outcomes[0].suggestion.one_a_year


def test_a_frameworks_pounds_rate_is_rounded_as_its_familys_pounds_are(measures):
    """Found regenerating the unseen fleet framework: "£113,744.8 spent per £1m of call-offs"."""
    framework = {
        **CONTRACT,
        "kind": "framework",
        "guaranteed_value_gbp": None,
        "light_touch": None,
        "value_gbp": 6_000_000,
        "duration_months": 48,
    }
    rule = {"places": [], "groups": ["micro and small businesses", "social enterprises"]}
    chosen = [{"measure": measures["ECO-01"], "priority": None, "eligibility": rule}]
    inputs = document.Inputs(ENGLAND, framework, chosen)
    [o] = document.build(inputs, today=datetime.date(2026, 12, 6)).outcomes
    assert o.per_gbp == 1_000_000 and o.minimum == int(o.minimum) and o.minimum % 1000 == 0


@pytest.mark.parametrize("code", ["ECO-01", "ECO-05", "ECO-06"])
@pytest.mark.parametrize("value", [1_400_000, 6_200_000, 24_000_000])
def test_no_pounds_minimum_is_a_token_beside_the_contracts_value(measures, code, value):
    """FINDINGS-6 D9: "£43,000" of local spend on £6.2m, "£6,000" on £1.4m. A pounds minimum
    under 1% of a £1m-plus contract's value is not fixed: bidders propose, judged against the
    figure as a published reference point, and the officer is told why."""
    cleansing = {**CONTRACT, "cpv_code": "90610000", "value_gbp": value, "duration_months": 60}
    rule = {"places": ["Millbank"], "groups": ["micro and small businesses"]}
    chosen = [{"measure": measures[code], "priority": None, "eligibility": rule}]
    doc = document.build(
        document.Inputs(ENGLAND, cleansing, chosen), today=datetime.date(2026, 12, 6)
    )
    [o] = doc.outcomes
    if o.minimum is not None:
        assert o.minimum >= value * 0.01
        return
    if o.suggestion.reason == "thin":
        [warning] = [c for c in checks.run(doc) if c.topic == "Measurable"]
        assert "too small a pounds ask" in warning.message
        assert "what the contract will buy in" in warning.message
