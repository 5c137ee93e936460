"""Who counts: the places and groups a priority names, shown to and confirmed by the commissioner."""

import datetime
import re

import pytest

from specifier.catalogue.files import builtin_measures
from specifier.councils import councils
from specifier.fields import Invalid
from specifier.priorities import priorities
from specifier.record_files import FileRejected
from specifier.specification import (
    checks,
    document,
    eligibility,
    files,
    procurements,
    specifications,
)

COUNCIL = {
    "id": 1,
    "name": "Hatherdale Council",
    "slug": "hatherdale",
    "nation": "England",
    "local_description": "Within the Hatherdale Council boundary.",
    "local_postcode_districts": ["HF1"],
    "weighting_pct": 15,
    "threshold_gbp": 100_000,
    "max_outcomes": 6,
}
YOUTH = {
    "id": 4,
    "title": "Get more young people in Brindley Moor and Millbank into work",
    "description": "Paid entry-level jobs with a route to a permanent post, offered first to young people from these wards.",
    "theme": "jobs",
    "importance": "high",
    "evidence_statistic": "",
    "evidence_source": "",
    "evidence_date": "",
    "places": ["Brindley Moor East", "Millbank"],
    "target_groups": ["young people aged 16-24"],
}
CONTRACT = {
    "title": "Household waste collection",
    "description": "Weekly collections.",
    "category": "services",
    "cpv_code": "90511000",
    "value_gbp": 24_000_000,
    "duration_months": 84,
    "start_date": "2027-10-01",
    "nation": "England",
    "lots": [],
}


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


def build(measures, code, rule=None, priority=YOUTH):
    chosen = [{"measure": measures[code], "priority": priority, "eligibility": rule}]
    return document.build(
        document.Inputs(COUNCIL, CONTRACT, chosen), today=datetime.date(2026, 12, 6)
    )


def test_places_and_groups_are_proposed_and_stated_until_confirmed(measures):
    """FINDINGS-6 B7: the priority's places and groups are who counts until the officer says
    otherwise; the specification is never silent, and final still waits for a confirmation."""
    doc = build(measures, "JOB-02")
    [o] = doc.outcomes
    assert o.eligibility_state == "proposed" and o.who == o.eligibility
    assert doc.clause("outcome.JOB-02.who").text == (
        "Who counts towards Outcome 1: only people who live in Brindley Moor East or Millbank"
        " and who are young people aged 16-24 count, judged when they start."
    )
    [error] = [c for c in checks.run(doc) if c.topic == "Who counts"]
    assert error.level == "error"
    assert "places (Brindley Moor East, Millbank) and groups (young people aged 16-24)" in (
        error.message
    )
    assert "states the priority's places and groups as who counts" in error.message
    assert any("states it as who counts until you confirm it" in n for n in o.officer_notes)


def test_a_confirmed_rule_becomes_the_outcomes_eligibility(measures):
    rule = {"places": ["Brindley Moor East", "Millbank"], "groups": ["young people aged 16-24"]}
    doc = build(measures, "JOB-02", rule)
    assert doc.clause("outcome.JOB-02.who").text == (
        "Who counts towards Outcome 1: only people who live in Brindley Moor East or Millbank"
        " and who are young people aged 16-24 count, judged when they start."
    )
    assert "how the supplier will reach the people who count" in (
        doc.clause("outcome.JOB-02.higher").text
    )
    assert not [c for c in checks.run(doc) if c.topic == "Who counts"]
    # Fewer people can count: the group keeps a fifth of them. Local hires are already local
    # people, so the places say where local is and take nothing more away (N6 of the third
    # review: a second fifth gave "less than 2 people" on a £24m contract).
    (limited,) = doc.outcomes
    (open_ask,) = build(measures, "JOB-02", eligibility.ANYONE).outcomes
    assert limited.suggestion.narrowed and not open_ask.suggestion.narrowed
    assert limited.suggestion.raw == pytest.approx(open_ask.suggestion.raw * 0.2)
    assert "20% of that because only the places or groups you confirmed count" in (
        limited.generated_rationale
    )


def test_an_ask_limited_to_named_people_is_a_minimum_not_a_token(measures):
    """N6 of the third review: a few people from named groups is the ask, not a token."""
    rule = {"places": ["Brindley Moor East", "Millbank"], "groups": ["young people aged 16-24"]}
    doc = build(measures, "JOB-02", rule)
    (limited,) = doc.outcomes
    assert limited.suggestion.raw / limited.suggestion.years < 1
    assert not limited.suggestion.token
    # A figure reaches bidders: a minimum, or on a contract this large (fourth review D9: no
    # "at least 2 people" on £24m) a published reference point.
    assert (limited.minimum or 0) >= 2 or (limited.reference or 0) >= 1


def test_a_group_that_is_most_of_whom_an_outcome_counts_does_not_shrink_its_minimum(measures):
    """Most apprentices are young people or adults retraining: naming them takes nobody away."""
    broad = {
        "places": [],
        "groups": ["young people", "women entering construction", "adults retraining"],
    }
    (apprentices,) = build(measures, "SKL-01", broad).outcomes
    (anyone,) = build(measures, "SKL-01", eligibility.ANYONE).outcomes
    assert apprentices.suggestion.raw == pytest.approx(anyone.suggestion.raw)
    # For hires the same groups are a real narrowing: a fifth each, and a person in any of the
    # three counts (FINDINGS-6 D9: not the largest group alone).
    (hires,) = build(measures, "JOB-02", broad).outcomes
    (all_hires,) = build(measures, "JOB-02", eligibility.ANYONE).outcomes
    assert hires.suggestion.raw == pytest.approx(all_hires.suggestion.raw * (1 - 0.8**3))
    # Spend with micro and small firms keeps the share of spend that reaches small firms.
    small = {"places": [], "groups": ["micro and small businesses", "social enterprises"]}
    (local,) = build(measures, "ECO-01", small).outcomes
    (any_local,) = build(measures, "ECO-01", eligibility.ANYONE).outcomes
    assert local.suggestion.raw == pytest.approx(any_local.suggestion.raw * (1 - 0.53 * 0.9))


def test_anyone_counts_once_the_commissioner_says_so(measures):
    doc = build(measures, "JOB-02", eligibility.ANYONE)
    assert doc.outcomes[0].eligibility_state == "confirmed" and doc.outcomes[0].who is None
    # Said, not left unsaid (FINDINGS-6 B7): bidders know anyone counts.
    assert doc.clause("outcome.JOB-02.who").text == (
        "Who counts towards Outcome 1: people count wherever they live."
    )
    assert not [c for c in checks.run(doc) if c.topic == "Who counts"]


def test_spend_outcomes_limit_suppliers_and_others_cannot_be_limited(measures):
    small_firms = {
        **YOUTH,
        "places": [],
        "target_groups": ["micro and small businesses", "social enterprises"],
    }
    rule = {"places": [], "groups": small_firms["target_groups"]}
    doc = build(measures, "ECO-05", rule, small_firms)
    # A title naming one kind of supplier is retitled to say what who counts counts.
    # (then what payments count, said for every spend outcome: test_contract_terms_fit.py)
    assert doc.clause("outcome.ECO-05.who").text.startswith(
        "Who counts towards Outcome 1: only spend with micro and small businesses or social"
        " enterprises counts."
    )
    assert doc.outcomes[0].title == (
        "Contract spend with micro and small businesses or social enterprises"
    )
    fleet = build(measures, "ENV-10")  # vehicles: no people or suppliers to limit
    assert fleet.outcomes[0].eligibility_state == "none"
    # Nothing to confirm: only a reminder that the priority's places do not reach it.
    [reminder] = [c for c in checks.run(fleet) if c.topic == "Who counts"]
    assert reminder.level == "warning" and "cannot limit" in reminder.message


def test_rules_are_cleaned_and_stored_as_json():
    rule = eligibility.clean(
        "Millbank\n Brindley  Moor East \nMillbank", "care leavers; young carers"
    )
    assert rule == {
        "places": ["Millbank", "Brindley Moor East"],
        "groups": ["care leavers", "young carers"],
    }
    assert eligibility.load(eligibility.dump(rule)) == rule
    assert eligibility.load("not json") is None and eligibility.load(None) is None
    with pytest.raises(Invalid) as caught:
        eligibility.clean("x" * 201, "")
    assert "200 characters or fewer" in caught.value.errors["places"]


def test_a_procurement_file_confirms_who_counts():
    text = b"""
procurement:
  title: Waste
  description: Collections
  category: services
  value_gbp: 2000000
  duration_months: 24
specification:
  outcomes:
    - measure: JOB-02
      priority: 4
      places: [Millbank]
      groups: []
    - measure: SKL-01
"""
    parsed = files.parse(text, "waste.yaml", council={"nation": "England", "max_outcomes": 6})
    first, second = parsed["outcomes"]
    assert first["eligibility"] == {"places": ["Millbank"], "groups": []}
    assert second["eligibility"] is None  # proposed from its priority, if it names any
    bad = text.replace(b"places: [Millbank]", b"places: [" + b"y" * 300 + b"]")
    with pytest.raises(FileRejected, match="outcome 1, places: Each place must be 200"):
        files.parse(bad, "waste.yaml", council={"nation": "England", "max_outcomes": 6})


def _spec_with_youth_outcome(db):
    council = councils.get_by_slug(db, "hatherdale")
    youth = next(
        p
        for p in priorities.search(db, council["id"], status="active")
        if "young people" in p["title"]
    )
    record = procurements.clean(
        {k: v for k, v in CONTRACT.items() if k != "lots"}, default_nation="England"
    )
    pid = procurements.create(db, council["id"], record)
    spec = specifications.get_or_create(db, council["id"], pid)
    specifications.set_outcomes(db, council["id"], spec["id"], [("JOB-02", youth["id"])])
    return council, youth, pid, spec


def test_the_commissioner_sees_confirms_and_changes_who_counts(client, db):
    council, youth, pid, spec = _spec_with_youth_outcome(db)
    base = f"/hatherdale/procurements/{pid}/specification"
    page = client.get(base).get_data(as_text=True)
    assert "Not confirmed" in page and "Brindley Moor East; Millbank" in page
    form = client.get(f"{base}/who/JOB-02").get_data(as_text=True)
    assert "Who counts towards Outcome 1?" in form and "Brindley Moor East\nMillbank" in form
    version = specifications.outcome_versions(db, council["id"], spec["id"])["JOB-02"]
    response = client.post(
        f"{base}/who/JOB-02",
        data={
            "who": "limit",
            "places": "Millbank",
            "groups": "young people aged 16-24",
            "version": version,
        },
    )
    assert response.status_code == 302
    page = client.get(base).get_data(as_text=True)
    assert (
        "Who counts towards Outcome 1: only people who live in Millbank and who are young"
        " people aged 16-24 count" in page
    )
    assert "Not confirmed" not in page
    # Someone else's newer save is not overwritten.
    stale = client.post(f"{base}/who/JOB-02", data={"who": "anyone", "version": version})
    assert stale.status_code == 409 and "Someone else changed who counts" in stale.get_data(
        as_text=True
    )
    current = specifications.outcome_versions(db, council["id"], spec["id"])["JOB-02"]
    client.post(f"{base}/who/JOB-02", data={"who": "anyone", "version": current})
    assert "anyone (confirmed)" in client.get(base).get_data(as_text=True)


def test_limiting_who_counts_to_nobody_is_an_error(client, db):
    _council, _youth, pid, _spec = _spec_with_youth_outcome(db)
    url = f"/hatherdale/procurements/{pid}/specification/who/JOB-02"
    response = client.post(url, data={"who": "limit", "places": "", "groups": ""})
    assert response.status_code == 400
    assert "Enter at least one place or group, or select Anyone" in response.get_data(as_text=True)
    assert client.get(f"/hatherdale/procurements/{pid}/specification/who/ENV-10").status_code == 404


def test_a_viewer_cannot_confirm_who_counts(client_for, db):
    _council, _youth, pid, _spec = _spec_with_youth_outcome(db)
    viewer = client_for("hatherdale", "viewer")
    url = f"/hatherdale/procurements/{pid}/specification/who/JOB-02"
    assert viewer.post(url, data={"who": "anyone"}).status_code == 403


def test_who_counts_is_kept_only_while_the_outcome_serves_the_same_priority(db):
    council, youth, _pid, spec = _spec_with_youth_outcome(db)
    specifications.set_eligibility(
        db, council["id"], spec["id"], "JOB-02", eligibility.dump(eligibility.ANYONE)
    )
    specifications.set_outcomes(
        db, council["id"], spec["id"], [("JOB-02", youth["id"]), ("SKL-01", None)]
    )
    [kept, _] = specifications.outcomes(db, council["id"], spec["id"])
    assert kept["eligibility"] is not None
    specifications.set_outcomes(db, council["id"], spec["id"], [("JOB-02", None)])
    assert specifications.outcomes(db, council["id"], spec["id"])[0]["eligibility"] is None


def test_the_guided_start_confirms_who_counts_and_returns_to_its_review(client, db):
    council, _youth, pid, spec = _spec_with_youth_outcome(db)
    review = client.get(f"/hatherdale/setup/specification/{pid}/review").get_data(as_text=True)
    assert "Who counts" in review and f"/hatherdale/setup/specification/{pid}/who/JOB-02" in review
    version = specifications.outcome_versions(db, council["id"], spec["id"])["JOB-02"]
    response = client.post(
        f"/hatherdale/setup/specification/{pid}/who/JOB-02",
        data={"who": "anyone", "version": version},
    )
    assert response.headers["Location"].startswith(f"/hatherdale/setup/specification/{pid}/review")


def test_every_group_who_counts_names_is_defined_once_for_bidders(measures):
    """'Care leavers', 'unpaid carers', 'SMEs': each bidder counts the same people and pounds."""
    rule = {"places": [], "groups": ["care leavers", "unpaid carers"]}
    doc = build(measures, "JOB-02", rule)
    text = doc.clause("definitions.groups").text
    assert '"care leavers" means people who have been looked after' in text
    assert '"unpaid carers" means' in text and text.count('" means') == 2
    assert not [c for c in checks.run(doc) if c.topic == "Who counts"]
    # A group that states its own age needs no definition; with nothing to define, no clause.
    aged = build(measures, "JOB-02", {"places": [], "groups": ["people aged 50 and over"]})
    assert aged.clause("definitions.groups") is None
    # An outcome titled by a group defines it too.
    sme = build(measures, "ECO-05", eligibility.ANYONE)
    assert '"small and medium-sized enterprises (SMEs)" means businesses with fewer than 250' in (
        sme.clause("definitions.groups").text
    )


def test_a_group_nothing_defines_is_a_warning_to_define_or_remove(measures):
    """'Island businesses' on one contract, 'local heroes' on another: the officer says who."""
    doc = build(measures, "JOB-02", {"places": [], "groups": ["local heroes", "care leavers"]})
    [warning] = [c for c in checks.run(doc) if c.topic == "Who counts"]
    assert warning.level == "warning" and "local heroes, which nothing defines" in warning.message
    assert "care leavers" not in warning.message


LOCAL_FIRMS = {
    **YOUTH,
    "id": 7,
    "title": "Keep more of the council's spending in the local economy",
    "description": "Buy from firms based in the area.",
    "places": [],
    "target_groups": ["micro and small businesses"],
}


def test_spend_counted_with_fewer_suppliers_than_its_title_names_is_retitled(measures):
    """SME spend counted only with micro and small firms says so wherever bidders read it."""
    catalogue_title = measures["ECO-05"]["title"]
    small = {"places": ["Hatherdale"], "groups": ["micro and small businesses"]}
    doc = build(measures, "ECO-05", small, priority=LOCAL_FIRMS)
    [o] = doc.outcomes
    assert o.title == "Contract spend with micro and small businesses"
    assert measures["ECO-05"]["title"] == catalogue_title  # the catalogue is untouched
    assert f"Outcome 1: {o.title}" in [
        getattr(b, "text", "") for s in doc.sections for b in s.blocks
    ]
    assert "KPI 1: Contract spend with micro and small businesses" in str(doc.kpis)
    assert "medium-sized" not in str(doc.kpis)
    what = " ".join(c.text for c in doc.clauses() if c.key.startswith("outcome.ECO-05"))
    assert "Money paid to micro and small businesses based in Hatherdale, at any tier" in what
    assert "medium-sized" not in what
    assert not [c for c in checks.run(doc) if c.topic == "Who counts"]
    # Counted with the group the title names: the title stands.
    same = build(measures, "ECO-05", {"places": ["Hatherdale"], "groups": ["SMEs"]})
    assert same.outcomes[0].title == catalogue_title
    # A title naming two kinds of supplier cannot be rewritten: the officer must choose.
    two = build(measures, "ECO-06", {"places": ["Hatherdale"], "groups": ["co-operatives"]})
    assert two.outcomes[0].title == measures["ECO-06"]["title"]
    [error] = [c for c in checks.run(two) if c.topic == "Who counts"]
    assert error.level == "error" and "the title and the rule say different things" in (
        error.message
    )


def test_spend_for_a_local_priority_with_no_place_limit_counts_only_local_suppliers(measures):
    """A priority asking for local spend: only local suppliers count, and the title says so."""
    rule = {"places": [], "groups": ["micro and small businesses"]}
    doc = build(measures, "ECO-05", rule, priority=LOCAL_FIRMS)
    [o] = doc.outcomes
    assert o.local_only and o.who == rule
    assert o.title == "Contract spend with local micro and small businesses"
    assert doc.clause("outcome.ECO-05.who").text.startswith(
        "Who counts towards Outcome 1: only spend with micro and small businesses that are"
        ' local (see the definition of "local") counts.'
    )
    assert "A business is local if it has premises that are local" in (
        doc.clause("definitions.local").text
    )
    [said] = [c for c in checks.run(doc) if c.topic == "Who counts"]
    assert said.level == "ok" and "credit it to a priority that does not ask" in said.message
    # Places the officer names say where local is: the title and rule say them instead.
    placed = build(measures, "ECO-05", {**rule, "places": ["Hatherdale"]}, priority=LOCAL_FIRMS)
    assert not placed.outcomes[0].local_only
    assert placed.outcomes[0].title == "Contract spend with micro and small businesses"
    # A priority that does not ask for local spend changes nothing.
    plain = {**LOCAL_FIRMS, "title": "Grow small firms", "description": "More contracts won."}
    anywhere = build(measures, "ECO-05", rule, priority=plain)
    assert not anywhere.outcomes[0].local_only
    assert anywhere.outcomes[0].title == "Contract spend with micro and small businesses"
    assert "local" not in anywhere.clause("outcome.ECO-05.who").text


@pytest.mark.parametrize(
    "title",
    [
        "Keep more of the council's spending in Hatherdale's small businesses",
        "Grow firms in Hatherdale",
        "Spend more in our area",
        "Strengthen the local economy",
    ],
)
def test_the_words_that_ask_for_local_spend_come_from_data(measures, title):
    """ "local", "in <council name>", "our area", "the local economy" (deliverables.yaml)."""
    priority = {**LOCAL_FIRMS, "title": title, "description": ""}
    doc = build(measures, "ECO-05", {"places": [], "groups": []}, priority=priority)
    assert doc.outcomes[0].local_only, title
    assert doc.outcomes[0].title.startswith("Contract spend with local ")


def test_local_spend_limited_to_groups_still_says_the_suppliers_are_local(measures):
    """ "Contract spend with local suppliers" kept to small firms: who counts keeps "local"."""
    rule = {"places": [], "groups": ["micro and small businesses"]}
    doc = build(measures, "ECO-01", rule, priority=LOCAL_FIRMS)
    assert "micro and small businesses that are local" in doc.clause("outcome.ECO-01.who").text


def test_local_spend_is_sized_as_the_share_of_spend_that_is_local(measures):
    """Only local suppliers count, so the minimum is the local share, as named places make it."""
    rule = {"places": [], "groups": []}
    local = build(measures, "ECO-05", rule, priority=LOCAL_FIRMS).outcomes[0]
    placed = build(measures, "ECO-05", {"places": ["Hatherdale"], "groups": []}, LOCAL_FIRMS)
    assert local.minimum == placed.outcomes[0].minimum


def test_places_confirmed_for_an_outcome_that_counts_no_people_are_a_warning(measures):
    """The homes the fuel-poverty priority names do not limit a tonnes-of-carbon outcome."""
    rule = {"places": ["Millbank"], "groups": ["older people"]}
    doc = build(measures, "ENV-01", rule)
    [o] = doc.outcomes
    assert o.eligibility_state == "ignored" and o.who is None
    [warning] = [c for c in checks.run(doc) if c.topic == "Who counts"]
    assert "not people or suppliers" in warning.message and "Millbank" in warning.message
    assert doc.clause("outcome.ENV-01.who") is None


def test_places_that_miss_a_lot_or_part_of_the_service_area_are_a_warning(measures):
    """An islands lot whose outcome counts only mainland wards can never count anyone."""
    rule = {"places": ["Northgate Central", "Kirkton"], "groups": []}
    lots = [{"title": "Northgate", "value_gbp": 500_000}, {"title": "Skerray Isles"}]
    contract = CONTRACT | {"lots": lots, "description": "Care at home across the district."}
    chosen = [{"measure": measures["JOB-02"], "priority": YOUTH, "eligibility": rule}]
    doc = document.build(document.Inputs(COUNCIL, contract, chosen))
    found = [c.message for c in checks.run(doc) if c.topic == "Who counts"]
    [lot] = [m for m in found if "do not wholly cover the lots" in m]
    assert "Skerray Isles" in lot and "Northgate," not in lot  # Northgate Central is in it
    # A service named across more places than who counts covers is flagged too.
    wider = CONTRACT | {
        "description": "Sweeping in Kirkton, Northgate and Ballyfern, and on rural roads."
        " Depot staff are referred by Jobcentre Plus."  # a capitalised name, not a place
    }
    doc = document.build(document.Inputs(COUNCIL, wider, chosen))
    [place] = [c.message for c in checks.run(doc) if c.topic == "Who counts"]
    assert 'beyond them (Ballyfern; "rural roads")' in place
    # Places that cover where the work is raise nothing.
    inside = CONTRACT | {"description": "Sweeping in Kirkton and Northgate town centre."}
    doc = document.build(document.Inputs(COUNCIL, inside, chosen))
    assert not [c for c in checks.run(doc) if c.topic == "Who counts"]


def test_no_measure_scores_food_by_where_it_comes_from(measures):
    """Scoring by origin risks discrimination: food counts by what it is, with a legal note."""
    origin = re.compile(r"\b(grown|reared|produced|sourced)\b[^.]*\b(local|area|region)", re.I)
    food = [m for m in measures.values() if re.search(r"\bfood\b", m["title"], re.I)]
    assert food
    for m in food:
        counted = " ".join(m.get(k) or "" for k in ("title", "description", "counting_notes"))
        assert not origin.search(counted), m["code"]
    [fresh] = [m for m in food if "seasonal" in m["title"]]
    assert "legal advice" in fresh["officer_notes"]
    # Who sells the food does not limit it: a who-counts rule confirmed for it limits nothing.
    rule = {"places": [], "groups": ["island businesses"]}
    doc = build(measures, fresh["code"], rule)
    assert doc.outcomes[0].eligibility_state == "ignored"
    assert doc.clause(f"outcome.{fresh['code']}.who") is None


def test_who_counts_asks_for_lawful_recruitment_on_merit_not_reserved_jobs(measures):
    """Naming places and ages is encouragement, not a reservation; safer recruitment still holds."""
    doc = build(measures, "JOB-02", {"places": ["Millbank"], "groups": ["young people"]})
    counting = doc.clause("definitions.counting").text
    assert "recruit on merit and lawfully" in counting and "barred-list" not in counting
    convictions = build(measures, "JOB-02", {"places": [], "groups": ["people with convictions"]})
    assert "barred-list checks" in convictions.clause("definitions.counting").text
    anyone = build(measures, "JOB-02", eligibility.ANYONE)
    assert "recruit on merit" not in anyone.clause("definitions.counting").text


def test_an_outcome_serving_a_priority_states_what_it_counts_not_a_second_goal(measures):
    """'Lower carbon emissions' above an outcome serving a fuel-poverty priority confuses."""
    doc = build(measures, "JOB-02", eligibility.ANYONE)
    text = doc.clause("outcome.JOB-02.outcome").text
    assert measures["JOB-02"]["outcome"] not in text
    assert doc.outcomes[0].description in text  # without "local": anyone counts (D5)
    # Nor, with no priority, is the goal put in front as a fragment (FINDINGS-19b-u 2.4).
    unlinked = build(measures, "JOB-02", eligibility.ANYONE, priority=None)
    said = unlinked.clause("outcome.JOB-02.outcome").text
    assert "More people in good, secure work" not in said and "local" not in said
    assert unlinked.outcomes[0].description in said


def test_a_priority_naming_places_served_by_an_outcome_that_cannot_be_limited_is_a_warning(
    measures,
):
    """Fuel poverty in three villages, served by a carbon measure: the places silently drop."""
    doc = build(measures, "ENV-01")
    [o] = doc.outcomes
    assert o.eligibility_state == "none"
    [warning] = [c for c in checks.run(doc) if c.topic == "Who counts"]
    assert "names places (Brindley Moor East, Millbank)" in warning.message
    assert "bidders may deliver it anywhere" in warning.message
    unnamed = build(measures, "ENV-01", priority=YOUTH | {"places": []})
    assert not [c for c in checks.run(unnamed) if c.topic == "Who counts"]


def test_officers_are_told_to_name_the_jobs_service_and_to_plan_for_apprentices_after_the_end(
    measures,
):
    """'The local employment service' and a 14-month apprenticeship need the officer's words."""
    jobs = build(measures, "JOB-21", eligibility.ANYONE).outcomes[0]
    assert any("Name the service vacancies go to" in n for n in jobs.officer_notes)
    apprentices = build(measures, "SKL-01", eligibility.ANYONE).outcomes[0]
    assert any("shared apprenticeship scheme" in n for n in apprentices.officer_notes)


def test_a_term_takes_the_ages_the_council_gave_it_so_the_definition_agrees(measures):
    """'Young people aged 18-24' beside 'young people with SEND': young people are 18 to 24."""
    rule = {"places": [], "groups": ["young people aged 18-24", "young people with SEND"]}
    text = build(measures, "JOB-02", rule).clause("definitions.groups").text
    assert '"young people" means people aged 18-24 when they start' in text
    alone = build(measures, "JOB-02", {"places": [], "groups": ["young people with SEND"]})
    assert '"young people" means people aged 16 to 24' in alone.clause("definitions.groups").text


def test_people_terms_in_an_outcomes_description_are_defined_too(measures):
    """'New starts who were unemployed or economically inactive': both terms are defined."""
    text = build(measures, "JOB-01", eligibility.ANYONE).clause("definitions.groups").text
    assert '"unemployed" means' in text and '"economically inactive" means' in text


def test_officers_are_told_when_small_firm_spend_or_a_contracts_own_programme_needs_care(
    measures,
):
    """A £40k study buys little; a leisure contract's own sessions are not social value."""
    spend = build(measures, "ECO-05", eligibility.ANYONE).outcomes[0]
    assert any("close to meaningless" in n for n in spend.officer_notes)
    activity = build(measures, "COM-01", eligibility.ANYONE).outcomes[0]
    assert any("participants beyond them" in n for n in activity.officer_notes)


def test_places_say_where_apprentices_come_from_not_how_many_posts_there_are(measures):
    """One apprentice on a £3m build is an ask; two named wards can fill it, so it stays."""
    wards = {"places": ["Brindley Moor East", "Millbank"], "groups": ["young people"]}
    # Places alone: outside the trades, young people are only some of the starts (part T3).
    (apprentices,) = build(measures, "SKL-01", wards | {"groups": []}).outcomes
    (anyone,) = build(measures, "SKL-01", eligibility.ANYONE).outcomes
    assert apprentices.suggestion.raw == pytest.approx(anyone.suggestion.raw)
    # Hires fill vacancies that exist anyway: the group's share of them is smaller (the places
    # say where "local" is, which the hires' share already counts).
    (hires,) = build(measures, "JOB-02", wards).outcomes
    (all_hires,) = build(measures, "JOB-02", eligibility.ANYONE).outcomes
    assert hires.suggestion.raw == pytest.approx(all_hires.suggestion.raw * 0.2)


def test_no_measure_says_anywhere_which_bidders_read_as_geography(measures):
    """'SMEs anywhere in the supply chain' beside a priority for local firms reads as a place."""
    for m in measures.values():
        said = " ".join(m.get(k) or "" for k in ("title", "description", "counting_notes"))
        assert "anywhere" not in said.lower(), m["code"]
    assert "at any tier of the supply chain" in measures["ECO-05"]["description"]


def test_local_spend_for_a_local_priority_needs_no_place(measures):
    """Spend with local suppliers already counts only what the council's definition calls local."""
    doc = build(measures, "ECO-01", {"places": [], "groups": []}, priority=LOCAL_FIRMS)
    assert not [c for c in checks.run(doc) if "asks for something local" in c.message]


def _who(doc, code):
    return doc.clause(f"outcome.{code}.who").text


def test_who_counts_never_widens_an_outcome_beyond_its_own_group(measures):
    """FINDINGS-8 E3: the council's groups narrow an outcome for a group, never widen it."""
    places = ["Brindley Moor East", "Millbank"]
    barriers = ["disabled people", "people with convictions"]
    # Long-term unemployed: the council's other groups narrow it ("also"), they do not replace it.
    doc = build(measures, "JOB-05", {"places": places, "groups": barriers})
    assert _who(doc, "JOB-05") == (
        "Who counts towards Outcome 1: only people who live in Brindley Moor East or Millbank"
        " and who are long-term unemployed and who are also disabled people or people with"
        " convictions count, judged when they start."
    )
    assert '"long-term unemployed people" means people who had been out of work for 12' in (
        doc.clause("definitions.groups").text
    )
    # Supported internships for young people with SEND: only the group inside it stays.
    ehcp = "young people with an education, health and care plan"
    wide = ["young people aged 16-17", ehcp, "looked-after children and care leavers"]
    doc = build(measures, "SKL-11", {"places": [], "groups": wide})
    assert doc.outcomes[0].who["groups"] == [ehcp]
    [left] = [c for c in checks.run(doc) if "does not take in" in c.message]
    assert "young people aged 16-17 or looked-after children and care leavers" in left.message
    # A group wider than the outcome's own (homeless *or at risk*) leaves the outcome's own.
    homeless = ["people who are homeless or at risk of homelessness", "young people leaving care"]
    doc = build(measures, "JOB-12", {"places": [], "groups": homeless})
    assert _who(doc, "JOB-12") == (
        "Who counts towards Outcome 1: only people who are homeless or recently homeless count,"
        " judged when they start."
    )


def test_a_group_that_restates_the_outcomes_own_people_is_said_once(measures):
    """FINDINGS-9 F5: a council group naming the outcome's own people in other words ("out of
    work for more than a year" beside long-term unemployed recruits) is not a narrowing: who
    counts says the outcome's group once, never "... and who are also" the same people, and no
    check says the council's other groups are left out (they are all within it)."""
    groups = ["disabled people", "adults who have been out of work for more than a year"]
    doc = build(measures, "JOB-05", {"places": ["Millbank"], "groups": groups})
    assert _who(doc, "JOB-05") == (
        "Who counts towards Outcome 1: only people who live in Millbank and who are long-term"
        " unemployed count, judged when they start. Among them, the council's priority names"
        " disabled people: the supplier's answer must say how it will reach them. People in that"
        " group count only if they are also long-term unemployed and live in Millbank."
    )  # the council's other group is within it: said as whom the priority is for (twelfth review)
    # FINDINGS-14a A7: the priority's other groups never read as counting in their own right.
    assert not [c for c in checks.run(doc) if "does not take in" in c.message]
    # Out of work for a few months is not long-term: it stays a narrowing of its own.
    assert eligibility.terms_in("out of work for six months", "people")[0]["term"] == "unemployed"


def test_apprenticeships_count_young_people_at_the_routes_ages(measures):
    """FINDINGS-9 F5: an apprenticeship outcome narrowed by a council's 16-17 group counted no
    19-year-old apprentice. The route sets the ages (who-counts.yaml `route_ages`): young people
    count aged 16 to 24, the council's other groups still narrow, and a job outcome keeps the
    council's own age band."""
    groups = ["young people aged 16-17", "care leavers", "young people with an EHC plan"]
    doc = build(measures, "SKL-01", {"places": ["Millbank"], "groups": groups})
    assert _who(doc, "SKL-01") == (
        "Who counts towards Outcome 1: only people who live in Millbank and who are young people"
        " or care leavers count, judged when they start."
    )
    assert '"young people" means people aged 16 to 24 when they start' in (
        doc.clause("definitions.groups").text
    )
    assert not [c for c in checks.run(doc) if "does not take in" in c.message]
    jobs = build(measures, "JOB-01", {"places": ["Millbank"], "groups": groups})
    assert "young people aged 16-17" in _who(jobs, "JOB-01")


def test_a_spend_outcome_counts_only_the_suppliers_its_title_names(measures):
    """FINDINGS-8 E3: a VCSE outcome never counts micro and small businesses; where none of the
    council's groups is a VCSE the title and who counts disagree, and the check says so."""
    mixed = ["micro and small businesses", "social enterprises", "voluntary organisations"]
    doc = build(measures, "ECO-06", {"places": [], "groups": mixed})
    [o] = doc.outcomes
    assert o.who["groups"] == ["social enterprises", "voluntary organisations"]
    assert "micro" not in _who(doc, "ECO-06") and "micro" not in o.description
    assert not [c for c in checks.run(doc) if c.level == "error" and c.topic == "Who counts"]
    # A kind the VCSE outcome's own are part of leaves the outcome's own suppliers.
    third = build(measures, "ECO-06", {"places": [], "groups": ["third sector organisations"]})
    assert third.outcomes[0].who is None and "third sector" not in third.outcomes[0].description
    assert not [c for c in checks.run(third) if c.level == "error" and c.topic == "Who counts"]
    doc = build(measures, "ECO-06", {"places": [], "groups": ["micro and small businesses"]})
    [error] = [c for c in checks.run(doc) if c.level == "error" and c.topic == "Who counts"]
    assert "title and the rule say different things" in error.message


@pytest.mark.parametrize("kind", ["people", "suppliers"])
def test_every_group_who_counts_keeps_is_inside_the_outcomes_own(measures, kind):
    """For every catalogue outcome whose title names a group, whatever the council names, each
    group who counts keeps names the outcome's own group (never another), and counting again
    changes nothing."""
    pool = [e["term"] for e in eligibility.vocabulary()[kind]] + ["people in Millbank"]
    for m in measures.values():
        own = {e["term"] for e in eligibility.terms_in(m["title"], kind)}
        if not own:
            continue
        for i in range(len(pool)):
            rule = {"places": [], "groups": pool[i : i + 3]}
            kept = eligibility.counted(rule, m["title"], kind)
            if kept is rule:  # suppliers none of which the title names: the check errs
                assert eligibility.narrower(m["title"], rule), (m["code"], rule)
                continue
            for group in kept["groups"]:
                named = {e["term"] for e in eligibility._named(group, kind)}
                inside = {w for e in eligibility._named(group, kind) for w in e.get("within", ())}
                assert (named | inside) & own or kept.get("own"), (m["code"], group)
            assert eligibility.counted(kept, m["title"], kind)["groups"] == kept["groups"]


def test_languages_and_nationalities_are_not_places(measures):
    """FINDINGS-8 E9: "available in Welsh and English" names no place the work reaches; a
    council's own place name is a place whatever its words are."""
    text = "Support in Welsh, English or Polish, on Mondays, across the Council and in Millbank."
    assert eligibility.outside(["Brindley Moor East"], (), text) == ["Millbank"]
    # March is a month, and a town: a place where the council names it.
    assert eligibility.outside(["Millbank"], (), "Depots in March and Wisbech.") == ["Wisbech"]
    known = eligibility.outside(["Millbank"], (), "Depots in March and Wisbech.", ["March"])
    assert known == ["March", "Wisbech"]
    bilingual = {
        **CONTRACT,
        "description": "Weekly collections, with notices in Welsh and English.",
    }
    chosen = [{"measure": measures["JOB-02"], "priority": YOUTH, "eligibility": None}]
    doc = document.build(
        document.Inputs(COUNCIL, bilingual, chosen), today=datetime.date(2026, 12, 6)
    )
    assert doc.outcomes[0].widened == ""
    # Described as the council's whole area: the place limit widens, and the words say why.
    borough = {**CONTRACT, "description": "Collections from every home in the borough."}
    doc = document.build(
        document.Inputs(COUNCIL, borough, chosen), today=datetime.date(2026, 12, 6)
    )
    assert doc.outcomes[0].widened == '"in the borough"'


def test_groups_an_outcome_is_narrowed_to_still_bring_the_data_protection_clause(measures):
    """A group kept as a narrowing ("out of work and who are also people with long-term health
    conditions") is health data all the same: the special category clause stays."""
    rule = {"places": [], "groups": ["people with long-term health conditions"]}
    doc = build(measures, "JOB-01", rule)
    assert doc.outcomes[0].who.get("also") == rule["groups"]
    assert "special category data" in " ".join(c.text for c in doc.clauses())


def test_t_level_placements_count_young_people_at_the_routes_ages_and_the_officer_is_told(
    measures,
):
    """FINDINGS-10 G5: a T Level placement outcome narrowed by a council's 16-17 group counted
    no second-year student, who is 18. The route sets its ages (who-counts.yaml `route_ages`):
    young people aged 16-19; the council's band stays in its priority, and the check tells the
    officer so and how to narrow it. An apprenticeship keeps 16 to 24; a job outcome, the
    council's band."""
    groups = ["young people aged 16-17", "care leavers"]
    doc = build(measures, "SKL-07", {"places": ["Millbank"], "groups": groups})
    who = _who(doc, "SKL-07")
    assert "young people aged 16-19" in who and "16-17" not in who
    [told] = [c for c in checks.run(doc) if "ages of the T Level route" in c.message]
    assert "“young people aged 16-17”" in told.message
    assert "edit the who-counts clause of Outcome 1" in told.message
    apprentices = build(measures, "SKL-01", {"places": ["Millbank"], "groups": groups})
    assert "16-19" not in _who(apprentices, "SKL-01")
    assert [c for c in checks.run(apprentices) if "ages of the apprenticeship route" in c.message]
    jobs = build(measures, "JOB-01", {"places": ["Millbank"], "groups": groups})
    assert "young people aged 16-17" in _who(jobs, "JOB-01")
    assert not [c for c in checks.run(jobs) if " route, where its priority" in c.message]


def test_a_definition_carries_the_age_limit_its_outcome_states(measures):
    """FINDINGS-10 G5: "care leavers up to age 25" in the outcome beside a definition with no age
    limit let bidders count a 40-year-old care leaver; the definition says the outcome's limit."""
    doc = build(measures, "JOB-07", {"places": [], "groups": ["care leavers"]})
    assert "(care leavers up to age 25)" in doc.outcomes[0].measure["description"]
    definitions = doc.clause("definitions.groups").text
    assert '"care leavers" means people who have been looked after' in definitions
    assert "in their childhood, up to age 25." in definitions
    # An outcome that states no limit keeps the plain definition.
    other = build(measures, "JOB-01", {"places": [], "groups": ["care leavers"]})
    assert "up to age" not in other.clause("definitions.groups").text


def test_place_free_who_counts_agrees_with_where_the_outcome_finds_its_people(measures):
    """FINDINGS-10 G5: "people count wherever they live" sat beside "graduates of local colleges"
    and beside a referral only from the council's own service. Who counts says where they study,
    or that the council's service refers them."""
    graduates = build(measures, "SKL-12", priority=None)
    assert "local colleges and universities" in graduates.outcomes[0].measure["description"]
    assert _who(graduates, "SKL-12") == (
        "Who counts towards Outcome 1: only people who study or studied at colleges and"
        ' universities in the local area (see the definition of "local") count, wherever they'
        " live."
    )
    leavers = build(measures, "JOB-07", priority=None)
    assert _who(leavers, "JOB-07") == (
        "Who counts towards Outcome 1: people count wherever they live, if the council's leaving"
        " care or personal adviser service refers them."
    )
    # A route a person's own declaration can replace is not the only one: nothing is added.
    assert eligibility.referred_by(measures["JOB-06"]["evidence_required"]) == ""
    assert _who(build(measures, "SKL-01", priority=None), "SKL-01").endswith(
        "people count wherever they live."
    )


def test_workers_gaining_skills_count_where_a_local_priority_says_they_live(measures):
    """FINDINGS-10 G5: green skills on a priority about local skills had no who-counts rule
    ("bidders may deliver it anywhere"), so certified installers brought in counted. Workers
    gaining skills count only where the priority's places say they live."""
    anywhere = build(measures, "SKL-19", {"places": [], "groups": []})
    doc = build(measures, "SKL-19", {"places": ["Millbank"], "groups": ["young people"]})
    assert _who(doc, "SKL-19") == (
        "Who counts towards Outcome 1: only people who live in Millbank count, judged when they"
        " start."
    )
    assert not [c for c in checks.run(doc) if "deliver it anywhere" in c.message]
    # The places say which workers count, not how many: the supplier chooses whom to train,
    # and the priority's groups (who is recruited) neither narrow nor shrink it.
    assert doc.outcomes[0].minimum == anywhere.outcomes[0].minimum is not None
    assert not [c for c in checks.run(doc) if "does not take in" in c.message]
    # Staff training everyone on the contract must have is not limited by place.
    training = build(measures, "SKL-20", {"places": ["Millbank"], "groups": []})
    assert training.outcomes[0].who is None


def test_scottish_and_welsh_names_for_additional_needs_are_defined():
    """A council's "young people with ASN" (Scotland) or "ALN" (Wales) is the SEND definition,
    not a group left for the officer to define."""
    for group in ("young people with ASN", "learners with ALN"):
        assert not eligibility.undefined({"places": [], "groups": [group]}, "people"), group
        terms = [e["term"] for e in eligibility.terms_in(group, "people")]
        assert "special educational needs and disabilities (SEND)" in terms


def test_a_group_of_one_trade_is_not_carried_onto_a_contract_outside_it(measures):
    """FINDINGS-11 H3: a priority's "women entering construction" counts on a works contract,
    not on waste collection; the officer's own confirmed rule is left as it is."""
    mixed = {
        **YOUTH,
        "places": [],
        "target_groups": ["young people", "women entering construction"],
    }
    [waste] = build(measures, "JOB-02", None, mixed).outcomes
    assert waste.eligibility_state == "proposed"
    assert waste.eligibility["groups"] == ["young people"]
    trade_only = {**mixed, "target_groups": ["women entering construction"]}
    [unlimited] = build(measures, "JOB-02", None, trade_only).outcomes
    assert unlimited.eligibility_state == "none" and unlimited.who is None
    works = CONTRACT | {"title": "School extension", "category": "works", "cpv_code": "45214200"}
    chosen = [{"measure": measures["JOB-02"], "priority": mixed, "eligibility": None}]
    doc = document.build(document.Inputs(COUNCIL, works, chosen), today=datetime.date(2026, 12, 6))
    assert "women entering construction" in doc.outcomes[0].eligibility["groups"]
    confirmed = {"places": [], "groups": ["women entering construction"]}
    [kept] = build(measures, "JOB-02", confirmed, mixed).outcomes
    assert kept.eligibility["groups"] == ["women entering construction"]
