"""Proportionate minimums on the contracts a review found wrong, and on lots and frameworks."""

import datetime
import io
import json

import docx
import pytest

from specifier.catalogue.files import builtin_measures
from specifier.specification import checks, document, proportionality
from specifier.specification.export import ocds, word
from specifier.wording import measured

SCOTLAND = {
    "id": 2,
    "name": "Kilbrannan Council",
    "slug": "kilbrannan",
    "nation": "Scotland",
    "local_description": "Within the Kilbrannan Council area.",
    "local_postcode_districts": [],
    "weighting_pct": 10,
    "threshold_gbp": 50_000,
    "max_outcomes": 6,
}
WALES = SCOTLAND | {"id": 3, "name": "Cwm Aderyn", "slug": "cwm-aderyn", "nation": "Wales"}
ENGLAND = SCOTLAND | {"id": 1, "name": "Hatherdale Council", "slug": "hatherdale"}
CARE_LOTS = [
    {"title": "North home care", "value_gbp": 700_000},
    {"title": "South home care", "value_gbp": 600_000},
    {"title": "Islands home care", "value_gbp": 300_000},
    {"title": "Night care", "value_gbp": 400_000},
]
CARE_FRAMEWORK = {
    "title": "Home care framework",
    "description": "Care and support at home for older and disabled adults.",
    "category": "services",
    "cpv_code": "85312000",
    "value_gbp": 2_000_000,
    "duration_months": 48,
    "start_date": "2027-04-01",
    "nation": "Scotland",
    "lots": CARE_LOTS,
    "reference": "KC-CARE-1",
    "kind": "framework",
    "light_touch": None,
    "guaranteed_value_gbp": None,
}
WASTE = {
    "title": "Household waste and recycling collection",
    "description": "Weekly collections with a fleet of around 40 refuse collection vehicles.",
    "category": "services",
    "cpv_code": "90511000",
    "value_gbp": 24_000_000,
    "duration_months": 84,
    "start_date": "2027-10-01",
    "nation": "England",
    "lots": [],
    "reference": "HC-2026-014",
}
WELSH_WORKS = {
    "title": "Valley schools rebuilding programme",
    "description": "Design and build of two secondary schools and a leisure centre.",
    "category": "works",
    "cpv_code": "45214000",
    "value_gbp": 60_000_000,
    "duration_months": 48,
    "start_date": "2027-06-01",
    "nation": "Wales",
    "lots": [],
    "reference": "CA-WKS-2027-01",
}


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


def build(measures, council, procurement, codes):
    chosen = [{"measure": measures[c], "priority": None} for c in codes]
    inputs = document.Inputs(council, procurement, chosen)
    return document.build(inputs, today=datetime.date(2026, 12, 6))


def test_no_300k_local_spend_minimum_on_a_2m_care_framework_that_is_mostly_staff(measures):
    """Care buys little from other firms; a framework's minimum is a rate per £ of call-offs."""
    doc = build(measures, SCOTLAND, CARE_FRAMEWORK, ["ECO-01", "JOB-02"])
    local = doc.outcomes[0]
    # £2m x 15% bought in x 20% local = £60,000 if all were called off: £30,000 per £1m.
    assert local.minimum == 30_000 and local.per_gbp == 1_000_000
    assert local.unit == "£ spent per £1m of call-offs"
    assert "a rate of £30,000 spent for each £1m of call-offs" in local.generated_rationale
    text = " ".join(c.text for c in doc.clauses() if ".minimum" in c.key)
    assert "£300,000" not in text and "£300k" not in text
    # Even as a contract of the whole £2m the ask is a fifth of what is bought in.
    whole = proportionality.suggest(local.measure, {**CARE_FRAMEWORK, "kind": "contract"})
    assert whole.minimum == 60_000 == 0.2 * whole.bought_in
    assert whole.profile.name == "social care" and whole.profile.labour == 0.65


def test_a_guarantee_does_not_change_a_frameworks_rate(measures):
    guaranteed = {**CARE_FRAMEWORK, "guaranteed_value_gbp": 1_000_000, "lots": []}
    [local] = build(measures, SCOTLAND, guaranteed, ["ECO-01"]).outcomes
    [unguaranteed] = build(
        measures, SCOTLAND, {**guaranteed, "guaranteed_value_gbp": None}, ["ECO-01"]
    ).outcomes
    assert local.minimum == unguaranteed.minimum == 30_000 and local.per_gbp == 1_000_000


def test_a_framework_sets_rates_that_apply_whatever_each_supplier_is_awarded(measures):
    """No call-off bands that can never apply, no plan or report for each spot purchase."""
    no_lots = {**CARE_FRAMEWORK, "lots": []}
    doc = build(measures, SCOTLAND, no_lots, ["ECO-01", "FWK-01", "ENV-01"])
    assert not [b for s in doc.sections for b in s.blocks if b.key == "outcomes.call-off-table"]
    call_offs = doc.clause("outcomes.call-offs").text
    assert "a rate: so much for each £1m of work done under the call-off contracts" in call_offs
    assert "reports once a year for the whole framework, not for each call-off" in call_offs
    assert "tested at the end of each contract year" in doc.clause("outcome.ECO-01.minimum").text
    assert doc.kpis[0]["target"].startswith("At least £30,000 spent per £1m of call-offs, or")
    assert "on the work done to date at the end of each contract year" in doc.kpis[0]["target"]
    plan = doc.clause("management.plan").text
    assert "One plan covers all its call-offs" in plan and "no plan is needed for each" in plan
    assert proportionality.reporting_frequency(no_lots) == proportionality.YEARLY
    # Care packages are chosen for each person's needs: social value is scored once, in the
    # framework tender, never in a call-off (FINDINGS-15 item 3).
    competition = doc.clause("purpose.framework").text
    assert "no call-off is scored on social value" in competition
    assert "of the call-off's total score" not in competition
    # A condition and a baseline measure do not scale with volume, so they stay as they are.
    assert doc.conditions[0].minimum == 100 and doc.outcomes[1].suggestion.reason == "propose"
    assert doc.conditions[0].per_gbp is None


def test_no_40_hires_in_7_years_on_a_40_vehicle_operation(measures):
    """Hires scale with the workforce's turnover (vacancies), not with the contract's value."""
    doc = build(measures, ENGLAND, WASTE, ["JOB-02"])
    [hires] = doc.outcomes
    assert hires.minimum < 40
    assert hires.minimum == int(hires.suggestion.vacancies * 0.25)
    assert hires.suggestion.vacancies == pytest.approx(hires.suggestion.fte * 0.15 * 7)
    steadier = proportionality.suggest(hires.measure, {**WASTE, "cpv_code": "90919000"})
    assert steadier.profile.name == "cleaning" and steadier.minimum > hires.minimum  # 30% turnover
    # The workforce model is the officer's working, not a figure the service confirmed: it
    # stays in the rationale and never reaches bidders as "the council estimates ... FTE".
    assert "vacancies" in hires.generated_rationale
    bidder = " ".join(c.text for c in doc.clauses())
    assert "full-time equivalent staff" not in bidder and "council estimates" not in bidder


def test_apprenticeship_starts_and_weeks_agree_on_60m_of_welsh_works(measures):
    """The Value Wales norm (52 weeks per £1m) sets the weeks; each start brings a year or more."""
    doc = build(measures, WALES, WELSH_WORKS, ["SKL-01", "SKL-02"])
    starts, weeks = doc.outcomes
    assert weeks.minimum == 52 * 60
    assert starts.minimum * 52 <= weeks.minimum
    assert starts.minimum <= 0.5 * 60  # no more than one start per £2m
    assert starts.suggestion.welsh_norm and "Value Wales norm" in starts.generated_rationale
    english = build(measures, ENGLAND, {**WELSH_WORKS, "nation": "England"}, ["SKL-01", "SKL-02"])
    e_starts, e_weeks = english.outcomes
    assert e_starts.minimum * 52 <= e_weeks.minimum and not e_starts.suggestion.welsh_norm


def test_no_token_minimum_marked_met_on_a_750k_contract(measures):
    small = {**WASTE, "value_gbp": 750_000, "duration_months": 60, "cpv_code": "79400000"}
    doc = build(measures, ENGLAND, small, ["JOB-02", "COM-02"])
    for o in doc.outcomes:
        assert o.minimum is None and o.suggestion.reason == "too-small", o.code
    text = " ".join(c.text for c in doc.clauses())
    assert "at least 1 person" not in text and "0.2 a year" not in text
    measurable = [c for c in checks.run(doc) if c.topic == "Measurable"]
    assert measurable and all(c.level == "warning" for c in measurable)


def test_no_per_year_figure_below_one(measures):
    doc = build(measures, ENGLAND, {**WASTE, "value_gbp": 4_000_000}, ["JOB-02", "SKL-01"])
    for o in doc.outcomes:
        text = doc.clause(f"outcome.{o.code}.minimum").text
        if "a year" in text:
            per_year = float(text.split("about ")[1].split(" a year")[0])
            assert per_year >= 1, text


def test_units_are_single(measures):
    for m in measures.values():
        assert " or " not in m["unit"], f"{m['code']}: the unit '{m['unit']}' is two units"


def test_word_html_and_ocds_give_each_lot_the_same_minimum(measures):
    lots = [
        {"title": "North rounds", "value_gbp": 16_000_000},
        {"title": "South rounds", "value_gbp": 8_000_000},
    ]
    doc = build(measures, ENGLAND, {**WASTE, "lots": lots}, ["ECO-05", "JOB-02"])
    sme = doc.outcomes[0]
    north, south = (lot.minimum for lot in sme.lots)
    assert north + south <= sme.minimum and north == 2 * south
    reopened = docx.Document(io.BytesIO(word.render(doc)))
    cells = [[c.text for c in row.cells] for t in reopened.tables for row in t.rows]
    assert [
        "Outcome 1: " + sme.title,
        measured(north, sme.unit),
        measured(south, sme.unit),
        measured(north + south, sme.unit),  # what a supplier awarded every lot must meet
    ] in cells
    release = json.loads(ocds.package(doc))["releases"][0]
    # A release has no tables, so nothing in it points at one.
    assert "table" not in release["tender"]["awardCriteriaDetails"]
    for lot, expected in zip(release["tender"]["lots"], (north, south), strict=True):
        criterion = lot["awardCriteria"]["criteria"][0]
        said = criterion["description"]
        assert f"minimum for this lot: {measured(expected, sme.unit)}, its share of the" in said
        assert measured(sme.minimum, sme.unit) in said  # the whole, too
        # Never the whole contract's minimum as if the lot's bidder had to meet it.
        assert "the supplier must deliver at least" not in said


def test_without_lot_values_no_lot_is_given_the_whole_minimum(measures):
    lots = [
        {"title": "North rounds", "value_gbp": None},
        {"title": "South rounds", "value_gbp": None},
    ]
    doc = build(measures, ENGLAND, {**WASTE, "lots": lots}, ["ECO-05"])
    release = json.loads(ocds.package(doc))["releases"][0]
    for lot in release["tender"]["lots"]:
        description = lot["awardCriteria"]["criteria"][0]["description"]
        assert "minimum for this lot: the bidder proposes its commitment" in description
    assert "cannot share the minimums between them" in doc.clause("outcomes.lots").text


def test_small_contracts_carry_fewer_outcomes():
    council_max = 6
    assert proportionality.outcome_limit({"value_gbp": 40_000}, council_max) == 1
    assert proportionality.outcome_limit({"value_gbp": 400_000}, council_max) == 2
    assert proportionality.outcome_limit({"value_gbp": 1_500_000}, council_max) == 3
    assert proportionality.outcome_limit({"value_gbp": 24_000_000}, council_max) == 6
    assert proportionality.outcome_limit({"value_gbp": 24_000_000}, 3) == 3


def _with_evidence(measures, council, procurement, code, evidence):
    priority = {"id": 9, "title": "A priority", "description": "", "evidence_statistic": evidence}
    priority |= {"places": [], "evidence_source": "", "evidence_date": "", "theme": "jobs"}
    chosen = [{"measure": measures[code], "priority": priority | {"target_groups": []}}]
    inputs = document.Inputs(council, procurement, chosen)
    return document.build(inputs, today=datetime.date(2026, 12, 6)).outcomes[0]


def test_the_councils_own_apprentice_record_is_the_floor_of_the_ask(measures):
    """'40 new apprentices on £38m of work' asks about 63 on £60m, above the works benchmark's 30."""
    record = "Contractors took on 40 new apprentices across the council's £38m of works last year"
    own = _with_evidence(measures, ENGLAND, {**WELSH_WORKS, "nation": "England"}, "SKL-01", record)
    rule = _with_evidence(measures, ENGLAND, {**WELSH_WORKS, "nation": "England"}, "SKL-01", "")
    assert own.minimum > rule.minimum and own.minimum == int(60 * 40 / 38)
    # A record below the works benchmark does not lower the ask: it is a floor, not a ceiling.
    low = "Contractors took on 11 new apprentices across the council's £38m of works last year"
    lower = _with_evidence(measures, ENGLAND, {**WELSH_WORKS, "nation": "England"}, "SKL-01", low)
    assert lower.minimum == rule.minimum
    assert own.suggestion.council and "the council's own record" in own.generated_rationale
    assert "40 new apprentices" in own.generated_rationale


def test_the_councils_own_local_spend_share_is_the_floor_of_the_ask(measures):
    """A council already spending 34% locally is not asked for a fifth of what is bought in."""
    harbour = {**WELSH_WORKS, "nation": "Scotland", "value_gbp": 5_600_000, "duration_months": 24}
    record = "34% of the council's third-party spend in 2025/26 went to suppliers based in the area"
    own = _with_evidence(measures, SCOTLAND, harbour, "ECO-01", record)
    rule = _with_evidence(measures, SCOTLAND, harbour, "ECO-01", "")
    assert own.suggestion.share == pytest.approx(0.34) and rule.suggestion.share < 0.34
    assert own.minimum > rule.minimum and "34% of the council's" in own.generated_rationale


def test_fewer_than_one_a_year_is_an_officer_warning_not_a_bidder_number(measures):
    """'3 participants over 10 years' asks nothing: the officer sees why; bidders see no figure."""
    study = {**WASTE, "value_gbp": 7_200_000, "duration_months": 36, "cpv_code": "79400000"}
    doc = build(measures, ENGLAND, study, ["JOB-01"])
    [jobs] = doc.outcomes
    assert jobs.minimum is None and jobs.suggestion.token and jobs.suggestion.raw >= 1
    [warning] = [c for c in checks.run(doc) if c.topic == "Measurable" and "JOB-01" in c.message]
    assert warning.level == "warning" and "fewer than one a year" in warning.message
    assert "a token rather than an ask" in jobs.generated_rationale
    text = doc.clause(f"outcome.{jobs.code}.minimum").text
    assert "at least 1" not in text and "at least 2" not in text


def test_a_concessions_people_asks_are_sized_from_the_workforce_its_income_pays(measures):
    """Fourth review A2: a 10-year leisure concession is never "less than one whole unit".

    A concession's value is the operator's expected income from it, which pays its staff: the
    workforce, its vacancies and the ask come from it as for any contract.
    """
    leisure = {
        **WASTE,
        "title": "Leisure centres operation",
        "cpv_code": "92610000",
        "kind": "concession",
        "value_gbp": 9_500_000,
        "duration_months": 120,
    }
    doc = build(measures, ENGLAND, leisure, ["JOB-02", "ECO-05"])
    hires, spend = doc.outcomes
    assert hires.suggestion.fte > 5 and hires.suggestion.vacancies > 20
    # Fewer than one a year over ten years is no minimum, but the sized figure is published
    # as the point evaluators judge a proposed commitment against.
    assert hires.minimum is None and hires.reference >= 5
    method = doc.clause("evaluation.proposed").text
    assert (
        f"{hires.name}, a commitment of {2 * hires.reference:g} people or more over the" in method
    )
    assert spend.minimum is not None
    contract = build(measures, ENGLAND, {**leisure, "kind": "contract"}, ["JOB-02"])
    assert contract.outcomes[0].suggestion.fte == hires.suggestion.fte


def test_a_percentage_is_a_level_every_year_so_no_measure_says_over_the_whole_contract(measures):
    """The workbook and response form check a percentage's lowest year: the measure must agree."""
    for m in measures.values():
        if m["unit"].strip().startswith("%"):
            said = " ".join(m.get(k) or "" for k in ("description", "counting_notes"))
            assert "whole contract" not in said and "over the contract" not in said, m["code"]


def test_units_a_bidder_can_apply_without_asking(measures):
    """A fleet share at a date, Welsh by named levels, a share of sites, a person counted once."""
    fleet = measures["ENV-10"]
    assert "last day of each contract year" in fleet["counting_notes"]
    assert "Count vehicles, not their use" in fleet["counting_notes"]
    assert "share of use" not in fleet["evidence_required"]
    welsh = measures["COM-21"]
    assert welsh["unit"] == "levels completed"
    assert all(level in welsh["description"] for level in ("Entry", "Foundation", "Proficiency"))
    assert "Taster sessions" in welsh["counting_notes"]
    pesticides = measures["ENV-24"]
    assert pesticides["unit"] == "% of sites" and "litres" not in pesticides["unit"]
    assert "once over the contract" in measures["COM-01"]["counting_notes"]
    # No apprenticeship measure speaks only England's language of "standards".
    for code in ("SKL-01",):
        assert "nation's own apprenticeship system" in measures[code]["higher_score"]


def test_a_percentage_minimum_is_stated_for_every_year_as_the_workbook_checks_it(measures):
    """'At least 10% of materials by value over the contract' against a lowest-year check."""
    works = {**WELSH_WORKS, "value_gbp": 3_800_000, "duration_months": 18}
    doc = build(measures, WALES, works, ["ENV-19", "SKL-02"])
    recycled, weeks = doc.outcomes
    assert recycled.minimum is not None and weeks.minimum is not None
    said = doc.clause(f"outcome.{recycled.code}.minimum").text
    assert "in every contract year" in said and "over the contract" not in said
    assert "over the contract" in doc.clause(f"outcome.{weeks.code}.minimum").text
    kpi = next(k for k in doc.kpis if recycled.name in k["evidence"])
    assert "in every contract year" in kpi["target"] and "end of the contract" not in kpi["target"]
