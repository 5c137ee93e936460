"""Minimums sized from what the contract can bear: its workforce, firm term, cost base and reach."""

import datetime
import io

import lxml.html
import openpyxl
import pytest
from conftest import post_form

from specifier import wording
from specifier.catalogue.files import builtin_measures
from specifier.fields import Invalid
from specifier.specification import checks, document, eligibility, procurements, proportionality
from specifier.specification.export import commitments, ocds, workbook
from specifier.specification.export.response_form import render as response_form

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
# Soft and hard FM let as five years and an option of two, its workforce not given.
FM = {
    "title": "Facilities management of council buildings",
    "description": "Cleaning, security and maintenance of council buildings.",
    "category": "services",
    "cpv_code": "79993000",
    "value_gbp": 11_400_000,
    "duration_months": 84,
    "start_date": "2027-10-01",
    "nation": "England",
    "lots": [],
    "reference": "FM-1",
}
BASE_FORM = {
    "title": "Cleaning of council buildings",
    "description": "Daily cleaning of offices and depots.",
    "category": "services",
    "cpv_code": "90910000",
    "value_gbp": "4,000,000",
    "duration_months": "60",
    "nation": "England",
    "lots": "",
    "reference": "HC-CL-1",
}


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


def build(measures, procurement, codes, council=ENGLAND):
    chosen = [{"measure": measures[c], "priority": None} for c in codes]
    inputs = document.Inputs(council, procurement, chosen)
    return document.build(inputs, today=datetime.date(2026, 12, 6))


def _clean(**changes):
    return procurements.clean(BASE_FORM | changes, default_nation="England")


def test_workforce_and_extension_are_optional_and_validated():
    plain = _clean()
    assert plain["workforce_fte"] is None and plain["extension_months"] is None
    given = _clean(workforce_fte="150", extension_months="24")
    assert given["workforce_fte"] == 150 and given["extension_months"] == 24
    bad = {
        "workforce_fte": ("none", "0", "-3", "2000000"),
        "extension_months": ("two years", "-1", "1.5", "60", "72"),
    }
    for field, values in bad.items():
        for value in values:
            with pytest.raises(Invalid) as found:
                _clean(**{field: value})
            message = found.value.errors[field]
            assert message.startswith("Workforce" if field == "workforce_fte" else "Extension")
    with pytest.raises(Invalid) as found:
        _clean(extension_months="60")
    assert "less than the duration (60 months)" in found.value.errors["extension_months"]


def test_the_form_saves_and_shows_back_the_workforce_and_the_extension(client, db):
    form = BASE_FORM | {"workforce_fte": "42.5", "extension_months": "12"}
    response = post_form(client, "/hatherdale/procurements/new", form)
    assert response.status_code == 302
    council = db["councils"].rows_where("slug = ?", ["hatherdale"]).__next__()
    found = procurements.for_council(db, council["id"])[0]
    assert found["workforce_fte"] == 42.5 and found["extension_months"] == 12
    edit = client.get(f"/hatherdale/procurements/{found['id']}/edit").get_data(as_text=True)
    tree = lxml.html.fromstring(edit)
    assert tree.xpath("//input[@name='workforce_fte']/@value") == ["42.5"]
    assert tree.xpath("//input[@name='extension_months']/@value") == ["12"]
    wrong = post_form(client, "/hatherdale/procurements/new", form | {"extension_months": "60"})
    page = wrong.get_data(as_text=True)
    assert wrong.status_code == 200 and "Extension period must be less than the duration" in page


def test_a_given_workforce_sizes_recruitment_and_the_check_says_which_was_used(measures):
    """A 150-FTE TUPE workforce is not the 30 FTE a ratio to value gives (FINDINGS-8 E2)."""
    worked = build(measures, FM, ["JOB-12"])
    # About 30 FTE worked out from value: one a year over seven years (2.6 from a twentieth).
    assert worked.outcomes[0].minimum == 7 and worked.outcomes[0].suggestion.one_a_year
    sizing = [c for c in checks.run(worked) if c.topic == "Sizing" and "workforce" in c.message]
    assert sizing and sizing[0].level == "warning" and "workforce_fte" in sizing[0].message
    staffed = build(measures, FM | {"workforce_fte": 150}, ["JOB-12"])
    found = staffed.outcomes[0].suggestion
    assert found.fte == 150 and found.fte_given
    # 150 FTE x 25% turnover x 7 years = 262.5 vacancies; a twentieth of them.
    assert found.vacancies == pytest.approx(150 * 0.25 * 7)
    assert staffed.outcomes[0].minimum == 13
    assert "with the workforce you gave of 150 FTE" in staffed.outcomes[0].generated_rationale
    said = [c for c in checks.run(staffed) if c.topic == "Sizing" and "workforce" in c.message]
    assert said[0].level == "ok" and "the workforce you gave (150 FTE)" in said[0].message


def test_minimums_are_set_over_the_firm_term_and_the_yearly_rate_continues(measures):
    """A 5+2 contract is sized over 60 months, not 84, and says so to bidders (FINDINGS-8 E8)."""
    given = FM | {"extension_months": 24}
    whole = proportionality.suggest(measures["ECO-06"], {**FM, "extension_months": 0})
    firm = proportionality.suggest(measures["ECO-06"], given)
    assert firm.years == 5 and whole.years == 7
    assert firm.raw == pytest.approx(whole.raw * 5 / 7)
    doc = build(measures, given, ["ECO-06", "SKL-07"])
    term = next(c.text for c in doc.clauses() if c.key == "outcomes.term")
    assert "firm term of 60 months" in term and "same yearly rate" in term
    assert "by up to 24 months" in term
    minimum = next(c.text for c in doc.clauses() if c.key == "outcome.ECO-06.minimum")
    assert "over the firm term" in minimum
    kpis = " ".join(k["target"] for k in doc.kpis)
    assert "by the end of the firm term" in kpis and "by the end of the contract" not in kpis
    # The workbook asks for the firm term's years; OCDS carries the same sentence.
    assert commitments.contract_years(given) == [f"Year {n}" for n in range(1, 6)]
    issue = commitments.issue_for(doc, source="fm.yaml", generated_at="2026-12-07T08:00:00Z")
    book = openpyxl.load_workbook(io.BytesIO(workbook.render(doc, issue)))
    instructions = " ".join(str(c.value) for c in book.worksheets[0]["A"] if c.value)
    assert "The years are the contract's firm term" in instructions
    release = ocds.release(doc)
    assert term.replace("\n", " ") in release["tender"]["awardCriteriaDetails"]


def test_an_extension_is_read_from_the_description_unless_given(measures):
    said = FM | {"description": "Let as five years with an option to extend by up to two more."}
    assert proportionality.extension(said) == (24, "description")
    assert proportionality.extension(FM | {"description": "A 3+1 year contract."}) == (
        12,
        "description",
    )
    months = FM | {"description": "An option to extend for a further 6 months."}
    assert proportionality.extension(months) == (6, "description")
    assert proportionality.extension(said | {"extension_months": 0}) == (0, "given")
    assert proportionality.extension(FM) == (0, "")
    doc = build(measures, said, ["ECO-06"])
    warned = [c for c in checks.run(doc) if c.topic == "Sizing" and "firm term" in c.message]
    assert warned[0].level == "warning" and "read from the description" in warned[0].message


def test_local_spend_on_labour_supply_leaves_out_the_agencys_pay_to_temps(measures):
    """Temp pay is the agency's own cost, never spend with local suppliers (FINDINGS-8 E2)."""
    agency = FM | {"cpv_code": "79620000", "value_gbp": 3_400_000, "duration_months": 36}
    found = proportionality.suggest(measures["ECO-01"], agency)
    assert found.profile.name == "supply of temporary agency workers"
    assert found.bought_in == pytest.approx(3_400_000 * 0.05)
    # Sized as business services it was a tenth of the value: £340,000.
    assert found.raw == pytest.approx(0.01 * agency["value_gbp"])
    assert (found.minimum or 0) <= found.raw
    fm = proportionality.suggest(measures["ECO-01"], FM)
    assert fm.profile.name == "building and facilities management"
    assert fm.bought_in == pytest.approx(FM["value_gbp"] * 0.40)


def test_counts_of_firms_and_places_are_capped_at_what_the_contract_holds(measures):
    """Not 16 accredited firms in three children's homes' supply chain, nor 38 locations."""
    homes = FM | {"cpv_code": "85311300", "value_gbp": 16_200_000, "duration_months": 84}
    firms = proportionality.suggest(measures["FWK-02"], homes)
    bought = 16_200_000 / 7 * 0.21
    assert firms.cap == pytest.approx(bought / 50_000 * 0.25)
    assert firms.minimum == 2 and firms.raw > 10
    assert "main suppliers" in firms.cap_basis
    lots = [{"title": t, "value_gbp": 1_000_000} for t in ("North", "South", "Island")]
    works = FM | {"category": "works", "cpv_code": "45221119", "value_gbp": 38_500_000}
    places = proportionality.suggest(measures["COM-05"], works | {"lots": lots})
    assert places.minimum == 6 and places.raw > 30 and places.cap_basis.startswith("2 for each")
    doc = build(measures, homes, ["FWK-02"])
    assert "more than the contract can hold: at most 2.4" in doc.outcomes[0].generated_rationale
    # The same supply chain all contract long: no "about 1.3 a year" beside a capped count.
    build_site = works | {"duration_months": 54}
    site = build(measures, build_site, ["FWK-02"])
    minimum = next(c.text for c in site.clauses() if c.key == "outcome.FWK-02.minimum")
    assert "at least 6 organisations over the contract." in minimum and "a year" not in minimum


def test_supported_internships_ask_far_fewer_than_placements(measures):
    """A site hosts one or two supported interns a year, not 23 over a build (FINDINGS-8 E2)."""
    site = FM | {"category": "works", "cpv_code": "45211000", "value_gbp": 38_500_000}
    site |= {"duration_months": 54}
    interns = proportionality.suggest(measures["SKL-11"], site)
    placements = proportionality.suggest(measures["SKL-07"], site)
    assert interns.family == "supported-internships"
    # Still a count of people posts the supplier hosts: who counts applies to it as to placements.
    assert eligibility.applies_to(interns.family) == eligibility.applies_to(placements.family)
    assert interns.family in eligibility.CREATED_POSTS
    assert interns.minimum <= 2 * 54 / 12 and interns.minimum < placements.minimum / 4


def test_a_remote_service_has_no_pass_fail_local_jobs_commitment(measures):
    """An alarm receiving centre need not hire in the district (FINDINGS-8 E4)."""
    telecare = FM | {
        "title": "Community alarm monitoring",
        "cpv_code": "79711000",
        "value_gbp": 165_000,
        "duration_months": 36,
    }
    doc = build(measures, telecare, ["JOB-01", "ECO-01"])
    jobs, spend = doc.outcomes
    assert jobs.minimum is None and jobs.suggestion.reason == "remote" and jobs.suggestion.optional
    assert jobs.reference is None
    # Nor a local supply chain: its cost is the centre's own staff and platform (FINDINGS-14b
    # D4: a hosted system's vendor must not invent local spend or be rejected).
    assert spend.minimum is None and spend.suggestion.reason == "remote"
    assert spend.suggestion.optional
    pass_fail = next(c.text for c in doc.clauses() if c.key == "evaluation.pass-fail")
    assert f"more than 0 for {jobs.name} " not in pass_fail
    assert f"for {spend.name} ({spend.title})" not in pass_fail
    assert "A commitment of 0, or a blank, is not a commitment" not in pass_fail
    minimum = next(c.text for c in doc.clauses() if c.key == f"outcome.{jobs.code}.minimum")
    # Why (the service is delivered remotely) is for the officer's log (part T2).
    assert "0 is accepted" in minimum and "delivered remotely" not in minimum
    spent = next(c.text for c in doc.clauses() if c.key == f"outcome.{spend.code}.minimum")
    assert "0 is accepted" in spent and "employ people" not in spent
    warned = [c for c in checks.run(doc) if c.code == "" and "delivered remotely" in c.message]
    assert warned and "alarm monitoring, CPV 79711" in warned[0].message
    assert any(
        "spend with local firms would test a local supply chain" in c.message for c in warned
    )
    assert not any("homes" in c.message for c in warned)  # no homes on a monitoring service
    [row] = [r for r in commitments.commitments(doc) if r.code == jobs.code]
    assert row.optional and "0 is accepted" in row.minimum_text
    formula = workbook._check_formula(5, "E", "G", "H5", 3, row.optional)
    assert workbook.CHECKS["zero"] not in formula
    issue = commitments.issue_for(doc, source="t.yaml", generated_at="2026-12-07T08:00:00Z")
    assert response_form(doc, issue)
    # Local jobs on a service delivered on site still need a commitment above 0, where the
    # proportionate ask is one FTE year or more (below it, a token: FINDINGS-12 D2).
    on_site = build(measures, FM | {"value_gbp": 2_000_000, "duration_months": 36}, ["JOB-01"])
    assert on_site.outcomes[0].suggestion.reason != "remote"
    assert not on_site.outcomes[0].suggestion.optional


def test_the_workforce_a_description_states_sizes_recruitment_and_is_said(measures):
    """Ninth review F1: "about 26 FTE" in the description, sized from 9.8 FTE worked out."""
    stated = FM | {
        "description": "Cleaning and security of council buildings (about 60 FTE staff, 40 of"
        " them security officers), with 12 technicians on call."
    }
    assert proportionality.stated_workforce(stated) == (60, "description")
    for words, fte in (
        ("A TUPE workforce of about 48 transfers.", 48),
        ("Staffed around the clock (about 26 FTE: a manager, 14 support workers).", 26),
        ("The provider employs 1,200 employees nationally and 31 posts here.", 31),
        ("Open 24 hours a day with 13 technicians.", None),
        ("A team of 22 whole-time equivalents (WTE).", 22),
        ("Nursing cover of 19.5 WTE.", 19.5),
        # More staff than the contract could pay at the National Living Wage: not its own.
        ("The supplier's 900 staff run the service.", None),
    ):
        assert proportionality.stated_workforce(FM | {"description": words})[0] == fte, words
    # Given, workforce_fte wins over the description.
    assert proportionality.stated_workforce(stated | {"workforce_fte": 120}) == (120, "given")
    doc = build(measures, stated, ["JOB-12"])
    found = doc.outcomes[0].suggestion
    assert found.fte == 60 and found.fte_from == "description"
    assert found.vacancies == pytest.approx(60 * 0.25 * 7)
    assert "the description states of about 60 FTE" in doc.outcomes[0].generated_rationale
    [said] = [c for c in checks.run(doc) if c.topic == "Sizing" and "workforce" in c.message]
    assert said.level == "warning"
    assert "read from the description: about 60 FTE" in said.message
    assert "Set workforce_fte to confirm or correct it" in said.message


def test_a_workshop_or_site_of_ten_or_more_keeps_an_apprentice_in_post(measures):
    """Ninth review F1: "less than 1 person" of apprenticeships in an 18-FTE vehicle workshop."""
    workshop = FM | {
        "title": "Vehicle maintenance",
        "description": "Running the council's vehicle workshop (about 18 FTE).",
        "cpv_code": "50110000",
        "value_gbp": 6_000_000,
        "duration_months": 60,
    }
    for code in ("SKL-01", "SKL-02"):
        found = proportionality.suggest(measures[code], workshop)
        assert found.trade_floor and found.in_post == 1, code
        assert found.minimum is not None and found.minimum >= (3 if code == "SKL-01" else 52)
    doc = build(measures, workshop, ["SKL-01"])
    assert doc.outcomes[0].minimum == 3  # one in post, each about 18 months, over five years
    assert "as a site or workshop of this size keeps one" in doc.outcomes[0].generated_rationale
    # The floor is for trades of ten or more: a small crew, or an office, keeps the 3% share.
    small = workshop | {"description": "A workshop of 6 FTE."}
    assert not proportionality.suggest(measures["SKL-01"], small).trade_floor
    office = workshop | {"cpv_code": "79211000", "description": "Payroll (about 18 FTE)."}
    assert not proportionality.suggest(measures["SKL-01"], office).trade_floor
    # Every works site or trade workshop of ten or more asks at least one apprentice start.
    for cpv in ("45000000", "50110000", "77310000", "79993000"):
        for fte in (10, 14, 25, 33):
            site = workshop | {"cpv_code": cpv, "workforce_fte": fte}
            found = proportionality.suggest(measures["SKL-01"], site)
            assert found.raw >= 1 and found.reason != "too-small", (cpv, fte)


# A labour-heavy support service whose description states its workforce.
HOSTEL = FM | {
    "title": "Homelessness hostel",
    "description": "A 40-bed hostel staffed day and night (about 26 FTE).",
    "cpv_code": "85311000",
    "value_gbp": 2_040_000,
    "duration_months": 36,
}


def test_a_workforce_of_twenty_or_more_recruits_one_a_year_facing_barriers(measures):
    """Ninth review F1: "less than 1 FTE year" of long-term unemployed on a 26-FTE hostel."""
    hostel = HOSTEL
    found = proportionality.suggest(measures["JOB-05"], hostel)
    assert found.vacancies * found.share < 1  # a twentieth of the vacancies is under one
    assert found.one_a_year and found.minimum == 3
    doc = build(measures, hostel, ["JOB-05"])
    assert "or one a year as a workforce of this size can fill one" in (
        doc.outcomes[0].generated_rationale
    )
    smaller = proportionality.suggest(measures["JOB-05"], hostel | {"workforce_fte": 12})
    assert not smaller.one_a_year and smaller.minimum is None


def test_an_hours_ask_on_a_labour_heavy_service_is_never_a_token_minimum(measures):
    """Ninth review F1: 110 hours of paid involvement over three years of a 26-FTE hostel."""
    hostel = HOSTEL
    doc = build(measures, hostel, ["INN-02"])
    [o] = doc.outcomes
    assert o.minimum is None and o.suggestion.reason == "thin" and o.suggestion.hours_floor
    assert o.suggestion.raw < o.suggestion.hours_floor * 3
    assert o.reference == 310  # judged against the worked-out figure
    assert "under 150 hours a year" in o.generated_rationale
    [said] = [c for c in checks.run(doc) if c.topic == "Measurable" and o.name in c.message]
    assert said.level == "warning" and "too small an hours ask" in said.message
    # With an option to extend, both places that state the reference say it is the firm term's.
    extended = build(measures, hostel | {"extension_months": 12}, ["INN-02"])
    reference = f"{2 * extended.outcomes[0].reference:,.0f} hours paid or more over the firm term"
    for key in ("outcome.INN-02.minimum", "evaluation.proposed"):
        said = extended.clause(key).text
        assert reference in said and "over the contract" not in said, said
    # The same workforce on a service where materials are most of the cost keeps its minimum,
    # and a labour-heavy service large enough to pass the floor keeps its own.
    workshop = hostel | {"cpv_code": "50110000"}
    assert proportionality.suggest(measures["INN-02"], workshop).minimum == 310
    large = proportionality.suggest(measures["INN-02"], hostel | {"workforce_fte": 60})
    assert large.minimum == 720 and not large.hours_floor


def test_the_log_states_the_same_reference_point_as_the_specification(measures):
    """Tenth review G8: the log said "about 0 hours per £1m of call-offs" (an hours ask read as
    pounds, from the whole-term figure) where the specification published 34 hours per £1m."""
    framework = {
        "title": "Print, mail and document services framework",
        "description": "Printing, hybrid mail and scanning of records, by call-off.",
        "category": "services",
        "cpv_code": "79800000",
        "kind": "framework",
        "value_gbp": 1_400_000,
        "duration_months": 48,
        "start_date": "2027-06-01",
        "guaranteed_value_gbp": 0,
        "nation": "England",
        "lots": [],
        "reference": "PM-1",
    }
    doc = build(measures, framework, ["ECO-11"])
    [o] = doc.outcomes
    assert o.minimum is None and o.suggestion.reason == "thin" and o.reference >= 1
    stated = wording.measured(o.reference, o.unit)
    # Bidders read the fixed points the reference gives (twice it is large, half it the lower
    # point), in figures (part T2); the log states the reference itself.
    large, lower = (wording.measured(o.reference * k, o.unit) for k in (2, 0.5))
    method = doc.clause("evaluation.proposed").text
    assert f"a commitment of {large} or more" in method and f"the lower point is {lower}" in method
    [said] = [c for c in checks.run(doc) if c.topic == "Measurable" and o.name in c.message]
    assert f"the proportionate ask, about {stated}," in said.message
    assert "an hours ask" in said.message and "pounds" not in said.message


def test_a_resident_outcome_is_sized_from_the_homes_the_contract_works_on():
    """Eleventh review H4: "at least 4 households" given advice on a retrofit of about 1,450
    homes, sized from the value and narrowed. A household count is sized from the homes the
    description states, never more than there are, and the log says where the count came from."""
    advice = next(m for m in builtin_measures() if m["code"] == "COM-13")
    retrofit = {
        "title": "Whole-house retrofit programme",
        "description": "Energy efficiency works to about 1,450 council homes over three years.",
        "category": "works",
        "cpv_code": "45321000",
        "value_gbp": 28_500_000,
        "duration_months": 36,
        "start_date": "2027-04-01",
        "nation": "England",
        "lots": [],
        "reference": "RF-1",
    }
    share = proportionality.rules()["families"]
    share = next(f for f in share if f["key"] == "residents")["served"]["share"]["value"]
    found = proportionality.suggest(advice, retrofit)
    assert found.served == 1450 and "1,450 council homes" in found.served_said
    assert found.minimum == pytest.approx(1450 * share)
    doc = document.build(
        document.Inputs(ENGLAND, retrofit, [{"measure": advice, "priority": None}]),
        today=datetime.date(2026, 12, 6),
    )
    [outcome] = doc.outcomes
    assert "1,450 council homes" in outcome.generated_rationale
    said = [c.message for c in checks.sizing(doc)]
    assert any('works on: "1,450 council homes"' in m for m in said)
    # Narrowed to groups, still a share of the homes, not a token of four.
    narrowed = proportionality.suggest(advice, retrofit, narrowing=0.1)
    assert narrowed.minimum >= 1450 * share * 0.1 - 1
    # Without a count of homes, sized from the value as before.
    unstated = proportionality.suggest(advice, retrofit | {"description": "Energy works."})
    assert unstated.served is None
