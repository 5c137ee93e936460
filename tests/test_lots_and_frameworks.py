"""Third review round, part C1: who counts follows each lot and the place of work; framework
commitments are rates on the work done; a percentage has one test everywhere.

The contracts here are unlike the panel's, so the rules are tested, not the panel's wording.
"""

import datetime
import io
import json

import docx
import openpyxl
import pytest

from specifier.catalogue.files import builtin_measures
from specifier.specification import checks, document
from specifier.specification.export import commitments, ocds, response_form, workbook
from specifier.wording import measured

COUNCIL = {
    "id": 9,
    "name": "Fellmoor Council",
    "slug": "fellmoor",
    "nation": "England",
    "local_description": "Within the Fellmoor Council area.",
    "local_postcode_districts": [],
    "weighting_pct": 10,
    "threshold_gbp": 50_000,
    "max_outcomes": 6,
}
# A coastal bus service in two lots, one on the islands the named wards do not reach.
BUSES = {
    "title": "Supported local bus services",
    "description": "Supported bus routes on the mainland and to the ferry terminals.",
    "category": "services",
    "cpv_code": "60112000",
    "value_gbp": 3_000_000,
    "duration_months": 60,
    "start_date": "2027-09-01",
    "nation": "England",
    "reference": "FM-BUS-7",
    "lots": [
        {"title": "Westgate and Dunmere", "value_gbp": 2_000_000},
        {"title": "Skerry Islands", "value_gbp": 1_000_000},
    ],
}
# One site, named in the description, away from the wards the priority names.
SEA_WALL = {
    "title": "Sea wall renewal",
    "description": "Replacing the sea wall at Kettleby Sands, with a new promenade.",
    "category": "works",
    "cpv_code": "45240000",
    "value_gbp": 4_500_000,
    "duration_months": 24,
    "start_date": "2027-05-01",
    "nation": "England",
    "reference": "FM-SW-2",
    "lots": [],
}
# A reablement framework in lots: care packages bought one person at a time.
REABLEMENT = {
    "title": "Reablement at home framework",
    "description": "Short-term reablement support at home after a stay in hospital.",
    "category": "services",
    "cpv_code": "85312000",
    "value_gbp": 1_600_000,
    "duration_months": 48,
    "start_date": "2027-04-01",
    "nation": "England",
    "reference": "FM-RB-3",
    "kind": "framework",
    "light_touch": None,
    "guaranteed_value_gbp": None,
    "lots": [
        {"title": "North Fellmoor", "value_gbp": 900_000},
        {"title": "South Fellmoor", "value_gbp": 700_000},
    ],
}
# A works framework, not care: its call-offs are ordinary further competitions.
ROOFING = {
    **REABLEMENT,
    "title": "Roofing repairs framework",
    "description": "Roof repairs and replacements to council buildings.",
    "category": "works",
    "cpv_code": "45261900",
    "value_gbp": 8_000_000,
    "reference": "FM-RF-1",
    "lots": [],
}


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


def build(measures, procurement, code, rule=None):
    chosen = [{"measure": measures[code], "priority": None, "eligibility": rule}]
    inputs = document.Inputs(COUNCIL, procurement, chosen)
    return document.build(inputs, today=datetime.date(2026, 12, 7))


def who_text(doc):
    return " ".join(c.text for c in doc.clauses() if c.key.endswith(".who"))


def bidder_text(doc):
    return " ".join(c.text for c in doc.clauses())


def place_warnings(doc):
    return [c.message for c in checks.places(doc)]


def test_a_lot_the_places_do_not_cover_counts_its_own_places_there(measures):
    """FINDINGS-4 D4: a lot always counts its own places; the limit widens, never vanishes."""
    rule = {"places": ["Westgate", "Dunmere"], "groups": ["care leavers"]}
    doc = build(measures, BUSES, "JOB-01", rule)
    [o] = doc.outcomes
    assert o.open_lots == ["Skerry Islands"] and not o.widened
    who = who_text(doc)
    assert (
        "only people who are out of work and who are also care leavers count, judged when they"
        " start, and where they must live depends on the lot, because Westgate and Dunmere do not wholly cover every lot:"
        " in the lot Skerry Islands, those who live in Skerry Islands; in every other lot, those"
        " who live in Westgate or Dunmere." in who
    )
    assert "wherever they live" not in who
    # The officer sees which lots widened, to what, and how to set a narrower rule.
    [warning] = place_warnings(doc)
    assert "do not wholly cover the lots Skerry Islands" in warning
    assert "widens to each lot's own area (Skerry Islands: Skerry Islands)" in warning
    assert "name in who counts the places each lot covers" in warning
    # Once the lot's own area counts, the place limit binds there as it stands.
    covered = build(measures, BUSES, "JOB-01", {**rule, "places": [*rule["places"], "Skerry"]})
    assert covered.outcomes[0].open_lots == []
    assert "depends on the lot" not in who_text(covered)
    assert "only people who live in Westgate, Dunmere or Skerry and who are out of work and" in (
        who_text(covered)
    )


def test_a_lot_partly_covered_counts_all_of_its_own_places(measures):
    """The "Portcairn and Craigmhor" lot counted only Craigmhor: Portcairn must count too."""
    lots = [
        {"title": "Westgate", "value_gbp": 1_000_000},
        {"title": "Portcairn and Craigmhor", "value_gbp": 1_000_000},
        {"title": "Rural rounds", "value_gbp": 1_000_000},
    ]
    rule = {"places": ["Westgate", "Craigmhor"], "groups": []}
    doc = build(measures, BUSES | {"lots": lots}, "JOB-01", rule)
    [o] = doc.outcomes
    assert o.lot_places == {
        "Portcairn and Craigmhor": ["Portcairn", "Craigmhor"],
        "Rural rounds": [],
    }
    who = who_text(doc)
    assert "in the lot Portcairn and Craigmhor, those who live in Portcairn or Craigmhor;" in who
    # A lot whose title names no place widens to the council's area.
    assert f"in the lot Rural rounds, those who live in {COUNCIL['name']}'s area;" in who
    assert "in every other lot, those who live in Westgate or Craigmhor." in who


def test_suppliers_in_a_lot_the_places_miss_count_in_the_lots_own_area(measures):
    rule = {"places": ["Westgate"], "groups": ["social enterprises"]}
    doc = build(measures, BUSES, "ECO-05", rule)
    who = who_text(doc)
    assert "only spend with social enterprises counts, and where they must be based" in who
    assert "in the lot Westgate and Dunmere, those based in Westgate or Dunmere;" in who
    assert "in the lot Skerry Islands, those based in Skerry Islands." in who
    assert "wherever" not in who


def test_a_place_the_rule_leaves_out_widens_it_to_the_councils_area(measures):
    rule = {"places": ["Ashwood", "Brackley Row"], "groups": ["care leavers"]}
    doc = build(measures, SEA_WALL, "SKL-01", rule)
    [o] = doc.outcomes
    assert o.widened == "Kettleby Sands" and o.confirmed["places"] == ["Ashwood", "Brackley Row"]
    who = who_text(doc)
    assert "Ashwood" not in who
    assert f"only people who live in {COUNCIL['name']}'s area and who are care leavers" in who
    [warning] = place_warnings(doc)
    assert f"(Kettleby Sands), so the place limit widens to {COUNCIL['name']}'s area" in warning
    assert "To set a narrower rule, name in who counts every place the work covers" in warning
    # The officer keeps a narrower limit by naming where the work is done.
    kept = build(measures, SEA_WALL, "SKL-01", {**rule, "places": ["Ashwood", "Kettleby Sands"]})
    assert not kept.outcomes[0].widened and "Ashwood" in who_text(kept)
    assert not place_warnings(kept)


def test_an_area_no_place_list_covers_widens_the_limit_too(measures):
    """ "the rural parts of the district" is the place the service is for: never shut out."""
    rural = SEA_WALL | {"description": "Door-to-door transport in the rural parts of the district."}
    doc = build(measures, rural, "JOB-01", {"places": ["Ashwood"], "groups": []})
    [o] = doc.outcomes
    assert o.widened == '"rural parts of the district"'
    assert f"only people who live in {COUNCIL['name']}'s area count" in who_text(doc)
    [warning] = place_warnings(doc)
    assert 'beyond them ("rural parts of the district"), so the place limit widens' in warning


def test_a_bidder_proposed_commitment_on_a_framework_is_a_rate_per_pound_of_call_offs(measures):
    doc = build(measures, REABLEMENT, "JOB-01")
    [o] = doc.outcomes
    assert o.minimum is None and o.per_gbp == 1_000_000
    assert o.unit == "FTE years per £1m of call-offs"
    assert "specific commitment for Outcome 1 in FTE years per £1m of call-offs" in bidder_text(doc)
    call_offs = doc.clause("outcomes.call-offs").text
    assert "the bidder proposes its rate, and it becomes the contract minimum" in call_offs
    # Not a total for each lot on work nobody guarantees, nor a floor for every call-off.
    text = bidder_text(doc)
    assert "at least its commitment in the framework tender" not in text
    assert "FTE years in each lot" not in text
    # The same measure on a contract is a total.
    contract = build(measures, {**REABLEMENT, "kind": "contract"}, "JOB-01")
    assert contract.outcomes[0].per_gbp is None


def test_care_packages_are_called_off_by_the_frameworks_method_not_recommitted(measures):
    care = build(measures, REABLEMENT, "JOB-01").clause("purpose.framework").text
    assert "Each call-off is a placement or package for one person" in care
    assert "no call-off asks for a social value commitment of its own" in care
    assert "once a year for all its call-offs under the framework, lot by lot, showing" in care
    works = build(measures, ROOFING, "SKL-01").clause("purpose.framework").text
    assert "placement or package" not in works
    assert "at least its commitment in the framework tender" not in works
    assert "is not committed again for the call-off" in works


def test_a_frameworks_rate_is_met_on_the_work_done_each_year_with_parts_carried(measures):
    doc = build(measures, ROOFING, "SKL-01")
    [o] = doc.outcomes
    assert o.per_gbp and o.minimum is not None
    call_offs = doc.clause("outcomes.call-offs").text
    assert "the call-off value invoiced for work done in that year, whenever the call-off" in (
        call_offs
    )
    assert "That figure is worked out exactly, on the value to date, not year by year" in call_offs
    assert "At the end of the framework, the same test covers its whole term" in call_offs
    assert "awarded in that year" not in call_offs


def test_the_workbook_checks_a_rate_as_a_rate_not_a_percentage(measures):
    doc = build(measures, ROOFING, "SKL-01")
    issue = commitments.issue_for(doc, {"id": 3, "updated_at": "2026-12-07 01:00:00"})
    book = openpyxl.load_workbook(io.BytesIO(workbook.render(doc, issue)))
    sheet = book[workbook.COMMITMENTS]
    row = workbook.HEADER_ROW + 1
    years = dict(book[workbook.ISSUED].iter_rows(values_only=True))["years"]  # 0: rates only
    column = openpyxl.utils.get_column_letter(workbook.FIRST_YEAR_COLUMN + years)
    rate_cell = f"{column}{row}"  # the one rate, in the Contract figure column
    [check] = [v for v in sheet.data_validations.dataValidation if rate_cell in v.sqref]
    assert "percentage" not in check.error and "a rate, 0 or more" in check.error
    assert float(check.formula2) > 100


# A library refurbishment long enough to report quarterly, with a recycled-content minimum.
LIBRARY = {
    **SEA_WALL,
    "title": "Central library refurbishment",
    "description": "Refurbishing the central library.",
    "cpv_code": "45454000",
    "value_gbp": 6_000_000,
    "duration_months": 30,
    "reference": "FM-LIB-4",
}


def test_a_percentage_has_one_test_every_contract_year_everywhere(measures):
    doc = build(measures, LIBRARY, "ENV-19")
    [o] = doc.outcomes
    assert o.unit.startswith("%") and o.minimum is not None and doc.reporting == "quarterly"
    said = f"at least {measured(o.minimum, o.unit)} in every contract year"
    assert said in doc.clause(f"outcome.{o.code}.minimum").text
    assert said in doc.clause("evaluation.pass-fail").text
    assert "in every contract year" in doc.kpis[0]["target"]
    assert "behind the delivery plan's profile" not in doc.kpis[0]["target"]
    remedies = doc.clause("management.remedies").text
    assert "Outcome 1 is a percentage, so it is behind whenever the level reached so far" in (
        remedies
    )
    assert "over the contract" not in bidder_text(doc).split("Outcome 1:")[1].split("Outcome")[0]
    # The workbook checks the same thing: every year (its lowest) against the minimum, and
    # shows the average of the years, on which the size is judged (sixth review, N2).
    issue = commitments.issue_for(doc, {"id": 4, "updated_at": "2026-12-07 01:00:00"})
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.render(doc, issue)))[workbook.COMMITMENTS]
    row = workbook.HEADER_ROW + 1
    labels = [c.value for c in sheet[row]]
    assert "Average of the years" in labels and "Total of the years" not in labels
    assert "MIN(" in str(labels[-1])
    # The response form asks the same: each year's level is that year's commitment.
    form = docx.Document(io.BytesIO(response_form.render(doc, issue)))
    words = " ".join(p.text for p in form.paragraphs)
    assert "each year's level is your commitment for that year" in words
    assert "every year must be at least the minimum" in words


def test_the_fleet_share_counts_only_vehicles_the_supplier_provides(measures):
    doc = build(measures, {**SEA_WALL, "category": "services", "cpv_code": "90511000"}, "ENV-10")
    text = bidder_text(doc)
    assert "Vehicles the council provides do not count" in text
    assert "any vehicles the council provides" not in text


def test_lot_minimums_add_up_to_the_contracts_minimum():
    """Fifth review: rounding each lot down left £224,000 of a £225,000 minimum shared out."""
    from specifier.specification import proportionality

    def suggestion(family):
        return type(
            "Suggestion", (), {"family": family, "method": "share", "per_gbp": None, "unit": ""}
        )

    lots = [{"title": t, "value_gbp": v} for t, v in (("N", 13e6), ("S", 11e6), ("E", 7e6))]
    for family, minimum in (("local-spend", 225_000), ("local-spend", 10_000), ("hires", 9)):
        shared = proportionality.share_out(suggestion(family), minimum, lots)
        assert sum(lot.minimum for lot in shared) == minimum, [lot.minimum for lot in shared]
    # Every lot still carries at least one step, even where its share rounds to none; the
    # contract's minimum then rises to their sum, so the headline and the lots agree.
    tiny = proportionality.share_out(suggestion("hires"), 2, lots)
    assert [lot.minimum for lot in tiny] == [1, 1, 1]
    assert proportionality.lot_minimums(suggestion("hires"), 2, lots)[0] == 3


def test_a_lot_held_at_one_step_is_taken_from_the_others_not_added():
    """Ninth review F3: 6 locations over three lots printed as 7 in the lot table."""
    from specifier.specification import proportionality

    kind = type(
        "Suggestion",
        (),
        {"family": "hires", "method": "vacancies", "per_gbp": None, "unit": "people"},
    )
    for values in ((31e6, 4e6, 3e6), (90, 5, 3, 2), (1, 1), (50, 30, 15, 4, 1)):
        lots = [{"title": f"Lot {n}", "value_gbp": v} for n, v in enumerate(values)]
        for minimum in range(1, 40):
            headline, shared = proportionality.lot_minimums(kind, minimum, lots)
            owns = [lot.minimum for lot in shared]
            assert sum(owns) == headline == max(minimum, len(lots)), (values, minimum, owns)
            assert min(owns) >= 1
            # A larger lot never carries less than a smaller one.
            by_value = [own for _, own in sorted(zip(values, owns, strict=True))]
            assert by_value == sorted(by_value), (values, minimum, owns)


def test_lots_that_all_widen_to_the_same_area_are_said_once(measures):
    """FINDINGS-8 E10: "in the lots A, B and C, those who live in the council's area" says one
    answer three times; who counts says it once, and the officer still sees why."""
    lots = [
        {"title": "Cleaning and hygiene services", "value_gbp": 1_000_000},
        {"title": "Security and reception services", "value_gbp": 1_000_000},
    ]
    rule = {"places": ["Westgate", "Dunmere"], "groups": ["care leavers"]}
    doc = build(measures, BUSES | {"lots": lots}, "JOB-01", rule)
    who = who_text(doc)
    assert "depends on the lot" not in who and "Cleaning" not in who
    area = doc.outcomes[0].area
    assert f"only people who live in {area} and who are" in who
    [warning] = place_warnings(doc)
    assert "do not wholly cover the lots Cleaning and hygiene services and Security" in warning


def test_the_headline_minimum_is_the_sum_of_the_lots_in_every_file(measures):
    """Ninth review F3: the lot table summed to 7 where 1.4, s.25 and OCDS said 6."""
    lots = [("Main build", 30e6), *((f"Package {n}", 1e6) for n in range(1, 6))]
    campus = {
        **SEA_WALL,
        "title": "New school campus",
        "value_gbp": 35_000_000,
        "duration_months": 36,
        "lots": [{"title": t, "value_gbp": v} for t, v in lots],
    }
    doc = build(measures, campus, "SKL-11")
    [o] = doc.outcomes
    owns = [lot.minimum for lot in o.lots]
    assert o.suggestion.minimum < len(lots) and min(owns) == 1  # each lot held at one person
    assert o.minimum == sum(owns)
    headline = measured(o.minimum, o.unit)
    minimum_text = " ".join(c.text for c in doc.clauses() if c.key == f"outcome.{o.code}.minimum")
    assert headline in minimum_text
    assert measured(o.suggestion.minimum, o.unit) not in minimum_text
    blocks = (b for section in doc.sections for b in section.blocks)
    table = next(b for b in blocks if b.kind == "table" and b.key == "outcomes.lots-table")
    assert table.rows[0][-1] == headline  # "A supplier awarded every lot"
    release = ocds.release(doc)
    for lot_index, lot in enumerate(release["tender"]["lots"]):
        said = " ".join(c["description"] for c in lot["awardCriteria"]["criteria"])
        assert f"its share of the whole contract's {headline}" in said, lot_index
    issue = commitments.issue_for(doc, {"id": 5, "updated_at": "2026-12-07 01:00:00"})
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.render(doc, issue)))[workbook.COMMITMENTS]
    rows = range(workbook.HEADER_ROW + 1, workbook.HEADER_ROW + 1 + len(lots))
    assert sum(sheet.cell(row=r, column=5).value for r in rows) == o.minimum


def test_lots_named_by_their_work_are_where_the_description_places_it(measures):
    """FINDINGS-9 F5: lot titles such as "Main building" carry no geography. Where the
    description places the whole work in a place the rule names, the limit binds in every lot;
    where it names a place outside the rule too, the lots it could be in widen as before."""
    site = SEA_WALL | {
        "title": "New leisure centre at Ashwood",
        "description": "Building a leisure centre in Ashwood on the old depot site.",
        "lots": [
            {"title": "Main building", "value_gbp": 3_000_000},
            {"title": "Demolition and enabling works", "value_gbp": 1_500_000},
        ],
    }
    rule = {"places": ["Ashwood", "Brackley Row"], "groups": ["care leavers"]}
    doc = build(measures, site, "SKL-01", rule)
    [o] = doc.outcomes
    assert o.open_lots == [] and not o.widened
    assert "only people who live in Ashwood or Brackley Row and who are care leavers" in (
        who_text(doc)
    )
    assert not place_warnings(doc)
    two_sites = site | {"description": "A leisure centre in Ashwood and a pool at Kettleby Sands."}
    assert build(measures, two_sites, "SKL-01", rule).outcomes[0].open_lots == [
        "Main building",
        "Demolition and enabling works",
    ]


def test_a_lot_whose_work_cannot_deliver_an_outcome_gets_none_of_its_minimum(measures):
    """FINDINGS-9 F2: heat pump and retrofit certification asked pro rata of a demolition lot.
    That lot gets none of the minimum, the other lots share it by value, and the officer and
    bidders are told why."""
    site = SEA_WALL | {
        "title": "New health centre",
        "description": "Building a health centre in Ashwood.",
        "value_gbp": 10_000_000,
        "lots": [
            {"title": "Main building", "value_gbp": 8_000_000},
            {"title": "Demolition and site clearance", "value_gbp": 2_000_000},
        ],
    }
    doc = build(measures, site, "SKL-19")
    [o] = doc.outcomes
    building, demolition = o.lots
    assert demolition.minimum == 0 and "installs nothing" in demolition.reasons[0]
    assert building.minimum == o.minimum
    text = doc.clause("outcomes.lots").text
    assert "asks nothing of the lot Demolition and site clearance" in text
    [warning] = [c.message for c in checks.run(doc) if "asks nothing of the lot" in c.message]
    assert "the other lots share its minimum" in warning
    # Apprenticeships are delivered on a demolition lot too: it keeps its share.
    apprentices = build(measures, site, "SKL-01").outcomes[0]
    assert all(lot.minimum for lot in apprentices.lots)


# Tenth review G6: a print and mail framework whose hybrid mail lot is mostly postage and
# whose scanning lot is done in-house.
PRINT = {
    "title": "Print, mail and document services framework",
    "description": "Printing, hybrid mail and scanning of paper records, by call-off.",
    "category": "services",
    "cpv_code": "79800000",
    "kind": "framework",
    "value_gbp": 1_400_000,
    "guaranteed_value_gbp": 0,
    "duration_months": 48,
    "start_date": "2027-06-01",
    "nation": "England",
    "reference": "PM-2",
    "lots": [
        {"title": "General and design-led print", "value_gbp": 650_000},
        {"title": "Hybrid mail", "value_gbp": 550_000},
        {"title": "Scanning and digitisation", "value_gbp": 200_000},
    ],
}


def test_a_framework_sets_a_spend_rate_per_lot_by_how_the_lot_is_paid(measures):
    """Local spend per £1m fits a print lot that buys in; a hybrid mail lot (postage and the
    supplier's own machines) and an in-house scanning lot get a lower rate, with the reason;
    every rate is on the value of the supplier's own work, never pass-through postage."""
    doc = build(measures, PRINT, "ECO-01")
    [o] = doc.outcomes
    assert o.per_gbp and o.minimum
    general, mail, scanning = o.lots
    assert general.minimum == o.minimum and not general.rate_why
    assert 0 < scanning.minimum < mail.minimum < o.minimum
    assert "postage" in mail.rate_why and "own staff" in scanning.rate_why
    text = bidder_text(doc)
    assert "less any costs the supplier passes on to the council at cost" in text
    assert f"rate for the lot Hybrid mail is {measured(mail.minimum, o.unit)}" in text
    assert "applies to each lot in full, except where said below" in text
    # The OCDS criterion for the lot says the same.
    release = ocds.release(doc)
    said = json.dumps(release, ensure_ascii=False)
    assert f"rate for this lot: {measured(scanning.minimum, o.unit)}" in said
    # A people rate is not about spend: every lot carries it in full.
    [jobs] = build(measures, PRINT, "JOB-01").outcomes
    assert all(lot.minimum == jobs.minimum and not lot.rate_why for lot in jobs.lots or ())


def test_the_response_form_and_workbook_leave_pass_through_costs_out_of_a_rate(measures):
    """The bidder reads the same rule in the form and the workbook as in the specification."""
    doc = build(measures, PRINT, "ECO-01")
    issue = commitments.issue_for(doc, {"id": 4, "updated_at": "2026-12-07 01:00:00"})
    form = docx.Document(io.BytesIO(response_form.render(doc, issue)))
    said = " ".join(p.text for p in form.paragraphs)
    assert "less any costs passed on to the council at cost with no margin" in said
    book = openpyxl.load_workbook(io.BytesIO(workbook.render(doc, issue)))
    cells = " ".join(str(c.value) for s in book for row in s.iter_rows() for c in row if c.value)
    assert "less any costs passed on to the council at cost with no margin" in cells


def test_a_lot_of_coaches_is_scored_on_its_plan_beside_the_other_lots_points(measures):
    """Eleventh review H5 and FINDINGS-19a-u 3.4: "50% is large, under 20% is low" for
    zero-emission vehicles capped every coach operator's answer at 1, and the lot's own points
    (10% and 3%) had no source either. A lot of heavy vehicles is scored on its quality alone,
    with why, in the text bidders read; the other lots keep the contract's points."""
    transport = BUSES | {
        "title": "Passenger transport",
        "description": "Routes run with coaches, minibuses and cars.",
        "lots": [
            {"title": "Lot 1: coaches (17 seats and over)", "value_gbp": 2_000_000},
            {"title": "Lot 2: minibuses and cars", "value_gbp": 1_000_000},
        ],
    }
    doc = build(measures, transport, "ENV-10")
    [fleet] = doc.outcomes
    assert fleet.minimum is None and fleet.scale == (50, 20)
    [(lot, why)] = fleet.lot_scales
    assert lot.startswith("Lot 1") and "heavy or specialist" in why
    said = bidder_text(doc)
    assert (
        f"for the lot {lot}, no fixed points apply and the answer is scored on its quality" in said
    )
    assert "for any other lot, the points above" in said
    # Every lot of heavy vehicles: no fixed points for the outcome at all, and why.
    coaches = build(measures, transport | {"lots": transport["lots"][:1]}, "ENV-10")
    [heavy] = coaches.outcomes
    assert heavy.scale is None and heavy.lot_scales is None
    said = bidder_text(coaches)
    assert "is large when it is at least" not in said
    assert "fewer, fuller and shorter trips" in said


def test_pass_through_examples_are_the_contracts_markets_or_none(measures):
    """FINDINGS-11 H9: print names postage as what a rate leaves out; a school transport
    framework is given no "postage or energy", in the specification, form or workbook."""
    transport = PRINT | {
        "title": "Home to school transport framework",
        "description": "Coaches, minibuses and taxis for learners, by call-off.",
        "cpv_code": "60130000",
        "lots": [],
    }
    for contract, example in ((PRINT, "(such as postage)"), (transport, None)):
        doc = build(measures, contract, "ECO-01")
        issue = commitments.issue_for(doc, {"id": 4, "updated_at": "2026-12-07 01:00:00"})
        form = docx.Document(io.BytesIO(response_form.render(doc, issue)))
        book = openpyxl.load_workbook(io.BytesIO(workbook.render(doc, issue)))
        said = [
            bidder_text(doc),
            " ".join(p.text for p in form.paragraphs),
            " ".join(str(c.value) for s in book for row in s.iter_rows() for c in row if c.value),
        ]
        for text in said:
            assert "less any costs" in text and "energy" not in text
            if example:
                assert f"at cost with no margin {example}" in text
            else:
                assert "at cost with no margin (such as" not in text


@pytest.mark.parametrize("options", [24, 0])
def test_the_specification_and_workbook_count_commitments_over_one_period(measures, options):
    """FINDINGS-11 H6: where the workbook's years are the firm term, the specification says so
    (even where every commitment is the bidder's to propose); where the specification counts
    the whole contract, the workbook has every year of it."""
    pests = {
        "title": "Pest control service",
        "description": "Treatments for residents and council property, with one van.",
        "category": "services",
        "cpv_code": "90923000",
        "value_gbp": 148_000,
        "duration_months": 48,
        "extension_months": options,
        "start_date": "2027-04-01",
        "nation": "Northern Ireland",
        "reference": "PC-1",
        "lots": [],
    }
    doc = build(measures, pests, "ENV-10")
    assert doc.outcomes and doc.outcomes[0].minimum is None  # proposed: no minimum of its own
    issue = commitments.issue_for(doc, {"id": 4, "updated_at": "2026-12-07 01:00:00"})
    book = openpyxl.load_workbook(io.BytesIO(workbook.render(doc, issue)))
    cells = " ".join(str(c.value) for s in book for row in s.iter_rows() for c in row if c.value)
    form = docx.Document(io.BytesIO(response_form.render(doc, issue)))
    headers = " ".join(c.text for t in form.tables for c in t.rows[0].cells)
    counting = doc.clause("definitions.counting").text
    if options:
        assert commitments.contract_years(pests) == ["Year 1", "Year 2"]
        assert "firm term of 24 months" in doc.clause("outcomes.term").text
        assert "counted over the contract's firm term of 24 months" in counting
        assert "The years are the contract's firm term" in cells
        assert "Year 3" not in cells and "Year 3" not in headers
    else:
        assert commitments.contract_years(pests) == [f"Year {n}" for n in (1, 2, 3, 4)]
        assert doc.clause("outcomes.term") is None
        assert "counted over the whole contract, from its start date to its end date" in counting
        assert "The years are the whole contract" in cells and "firm term" not in cells
        assert "Year 4" in cells


UNVALUED = [
    {"title": "North Fellmoor", "value_gbp": None},
    {"title": "South Fellmoor", "value_gbp": None},
]


def _build_all(measures, procurement, codes):
    chosen = [{"measure": measures[c], "priority": None, "eligibility": None} for c in codes]
    inputs = document.Inputs(COUNCIL, procurement, chosen)
    return document.build(inputs, today=datetime.date(2026, 12, 7))


def _lot_minimums_everywhere(doc, issue_id):
    """(Spec table cells, form minimum texts, workbook minimum cells, OCDS lot texts) by code."""
    blocks = [b for section in doc.sections for b in section.blocks]
    table = next(b for b in blocks if b.kind == "table" and b.key == "outcomes.lots-table")
    issue = commitments.issue_for(doc, {"id": issue_id, "updated_at": "2026-12-07 01:00:00"})
    rows = commitments.commitments(doc)
    book = openpyxl.load_workbook(io.BytesIO(workbook.render(doc, issue)))
    sheet = book[workbook.COMMITMENTS]
    cells = {}
    for r in range(workbook.HEADER_ROW + 1, sheet.max_row + 1):
        if sheet.cell(row=r, column=3).value in ("North Fellmoor", "South Fellmoor"):
            cells.setdefault(sheet.cell(row=r, column=1).value, []).append(
                (sheet.cell(row=r, column=5).value, sheet.cell(row=r, column=6).value)
            )
    form = docx.Document(io.BytesIO(response_form.render(doc, issue)))
    form_text = " ".join(c.text for t in form.tables for row in t.rows for c in row.cells)
    release = ocds.release(doc)
    said = [
        " ".join(c["description"] for c in lot["awardCriteria"]["criteria"])
        for lot in release["tender"]["lots"]
    ]
    return table, rows, cells, form_text, said


def test_a_rate_or_level_minimum_applies_to_each_unvalued_lot_in_every_format(measures):
    """Fifteenth review 15a/1: a framework's rate per £1m and a % level need no lot values, yet
    the form, workbook and OCDS said "None set" while the specification rejected tenders below
    the rate, and the scoring pointed at a table of lot minimums that was not printed."""
    framework = {**ROOFING, "lots": UNVALUED}
    doc = _build_all(measures, framework, ["SKL-01"])
    [o] = doc.outcomes
    assert o.per_gbp and o.minimum is not None and len(o.lots) == 2
    assert [lot.minimum for lot in o.lots] == [o.minimum, o.minimum]
    rate = measured(o.minimum, o.unit)
    table, rows, cells, form_text, said = _lot_minimums_everywhere(doc, 21)
    assert table.rows[0][1:3] == [rate, rate]  # the specification's table, printed
    assert "from the table of lot minimums" in doc.clause("evaluation.quantitative").text
    assert (
        "the lot's minimum in the table of lot minimums" in doc.clause("evaluation.pass-fail").text
    )
    assert "cannot share" not in bidder_text(doc)
    assert [r.minimum for r in rows] == [o.minimum, o.minimum]
    assert [m for m, _ in cells[o.number]] == [round(o.minimum, 4)] * 2  # the check has a minimum
    assert "None set" not in form_text and rate in form_text
    for text in said:
        assert f"{o.name}'s minimum for this lot: {rate}, in full." in text
        assert "the bidder proposes" not in text
    assert not [c for c in checks.lots(doc) if c.level == "warning"]


def test_only_a_total_is_left_to_bidders_on_unvalued_lots_and_every_format_says_so(measures):
    """A contract in unvalued lots: the % level applies to each lot; the total (people) cannot
    be shared, and the specification, form, workbook and OCDS all say the bidder proposes it."""
    contract = {**LIBRARY, "lots": UNVALUED}
    doc = _build_all(measures, contract, ["ENV-19", "SKL-01"])
    level = next(o for o in doc.outcomes if o.code == "ENV-19")
    total = next(o for o in doc.outcomes if o.code == "SKL-01")
    assert level.minimum is not None and total.minimum is not None
    assert level.lots and not total.lots
    table, rows, cells, form_text, said = _lot_minimums_everywhere(doc, 22)
    by_outcome = {row[0].split(":")[0]: row for row in table.rows}
    assert by_outcome[level.name][1:3] == [measured(level.minimum, level.unit)] * 2
    assert by_outcome[total.name][1:3] == ["Supplier proposes"] * 2
    assert by_outcome[total.name][3] == measured(total.minimum, total.unit)
    lots_text = doc.clause("outcomes.lots").text
    assert "applies to each lot in full" in lots_text
    assert f"cannot share the minimums between them for {total.name}:" in lots_text
    assert level.name not in lots_text.split("cannot share")[1]
    pass_fail = doc.clause("evaluation.pass-fail").text
    assert f"more than 0 for {total.name} ({total.title}) in each lot" in pass_fail
    assert f"at least {measured(total.minimum, total.unit)}" not in pass_fail
    whole = f"the whole contract's minimum ({measured(total.minimum, total.unit)})"
    assert all(m is None and whole in text for m, text in cells[total.number])
    assert all(m == round(level.minimum, 4) for m, _ in cells[level.number])
    assert whole in form_text and "None set" not in form_text
    for text in said:
        assert f"{level.name}'s minimum for this lot: {measured(level.minimum, level.unit)}" in text
        assert f"{total.name}'s minimum for this lot: the bidder proposes" in text
    [warning] = [c for c in checks.lots(doc) if c.level == "warning"]
    assert total.name in warning.message and level.name not in warning.message
