"""The third review's findings on reference points, rate tests and the commitment forms (part D).

Each test names the finding it guards (docs/specification-review.md, "Fourth round, 2026-12-07:
part D") and builds contracts unlike the review's panel.
"""

import io
import math
import re

import docx
import openpyxl
import pytest
from test_tender_terms import build, text

from specifier.catalogue.files import builtin_measures
from specifier.specification import proportionality
from specifier.specification.export import commitments, response_form, workbook


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


SMALL = [
    {"value_gbp": 180_000, "duration_months": 18, "cpv_code": "90910000"},
    {"value_gbp": 1_400_000, "duration_months": 84, "cpv_code": "85312000"},
    {
        "value_gbp": 2_500_000,
        "duration_months": 48,
        "cpv_code": "45453000",
        "kind": "framework",
        "guaranteed_value_gbp": None,
    },
]


@pytest.mark.parametrize("contract", SMALL, ids=["cleaning", "day-care", "repairs-framework"])
def test_d1_no_reference_point_is_published_below_one_whole_unit(measures, contract):
    """D1: "twice the reference" must never call a token commitment large."""
    small_seen = 0
    for code in measures:
        doc = build(measures, [code], **contract)
        for o in doc.outcomes:
            if o.minimum is not None:
                continue
            assert o.reference is None or o.reference >= 1, (code, o.reference)
            method = text(doc, "evaluation.proposed")
            for figure in re.findall(r"commitment of (\S+) [^.;]*?or more", method):
                assert not re.search(r"(?<![\d,.])0\.\d", figure), (code, figure)
            if o.small_reference is not None:
                small_seen += 1
                assert o.reference is None and o.small_reference > 0
                # Bidders are told the answer is scored on quality alone (never a rank among
                # the tenders, never "less than one whole unit"); the officer is told why.
                assert "scored on its quality alone" in method
                assert "tenders received" not in method and "than one whole unit" not in method
                [note] = [n for n in o.officer_notes if n.startswith("No size is published")]
                assert "set a minimum" in note
    assert small_seen, "no measure fell below one unit: is the contract still small?"


FRAMEWORK = {
    "title": "Highway drainage framework",
    "description": "Gully emptying and drainage repairs called off across the county.",
    "value_gbp": 30_000_000,
    "duration_months": 48,
    "cpv_code": "45232450",
    "kind": "framework",
    "guaranteed_value_gbp": None,
}


def test_d2_a_small_rate_still_binds_at_the_end_of_the_framework():
    """D2: rounding down must not cancel a rate: only whole things round, and not to nothing."""
    # A unit that divides is due exactly: 0.4 FTE years per £1m on £600k is 0.24, not 0.
    assert proportionality.rate_due(0.4, 1e6, 600_000, "FTE years", final=True) == 0.24
    assert proportionality.rate_due(0.4, 1e6, 600_000, "£ spent") == 0.24
    # Whole things round down at each year's test, the part staying in the figure...
    assert proportionality.rate_due(0.5, 1e6, 1_500_000, "apprentices") == 0
    assert proportionality.rate_due(0.5, 1e6, 2_100_000, "apprentices") == 1
    # ...and to the nearest at the end, so half a unit or more earned requires at least one.
    assert proportionality.rate_due(0.5, 1e6, 1_500_000, "apprentices", final=True) == 1
    assert proportionality.rate_due(0.5, 1e6, 1_000_000, "households", final=True) == 1
    assert proportionality.rate_due(0.5, 1e6, 900_000, "households", final=True) == 0
    assert proportionality.rate_due(0.3, 1e6, 8_000_000, "people", final=True) == 2


def test_d2_the_specification_states_the_rate_test_the_rules_apply(measures):
    doc = build(measures, ["JOB-01", "JOB-02"], **FRAMEWORK)
    fte, people = doc.outcomes
    assert fte.per_gbp and people.per_gbp
    assert not fte.counted_whole and people.counted_whole
    call_offs = text(doc, "outcomes.call-offs")
    assert f"For {fte.name}, it is due exactly as worked out, with no rounding" in call_offs
    # FINDINGS-18b adaptations 10: the rounding in one plain sentence, as rate_due applies it.
    assert (
        f"For {people.name}, which counts whole people, the figure due is rounded down to a whole"
        " number at each year's test, and to the nearest whole number (a half rounds up) at the"
        " end of the framework." in call_offs
    )
    assert "not due in the year it arises" not in call_offs
    assert "a half rounding up" not in call_offs
    # Rounding down is never said of the whole test: that is what cancelled small rates.
    assert "rounded down to a whole unit" not in call_offs
    # FINDINGS-14c D7: the example carries its unit as a quantity, never "0.24 £ spent".
    assert "2.5 FTE years, say, is due as 2.5 FTE years, not 2 FTE years." in call_offs
    money = text(build(measures, ["ECO-01", "JOB-02"], **FRAMEWORK), "outcomes.call-offs")
    # FINDINGS-19a-u materials 6: money is due with no rounding, said once ("to the penny" was
    # one phrase too many).
    assert "it is due exactly as worked out, with no rounding." in money, money
    assert "penny" not in money
    assert not re.search(r"\d £", money)
    # Money beside another unit: the example is in the other unit.
    mixed = text(build(measures, ["ECO-01", "ENV-01", "JOB-02"], **FRAMEWORK), "outcomes.call-offs")
    assert "2.5 tCO2e, say, is due as 2.5 tCO2e" in mixed and "to the penny" not in mixed
    # A rate's unit already says "per £1m of call-offs": nothing says it twice.
    for key in ("evaluation.proposed", "outcomes.call-offs"):
        assert "of call-offs for each £1m of call-offs" not in text(doc, key)


def test_d8_a_rate_too_small_for_a_reference_names_its_unit_once(measures):
    small = FRAMEWORK | {"value_gbp": 2_500_000, "cpv_code": "85312000"}
    found = 0
    for code in measures:
        doc = build(measures, [code], **small)
        for o in doc.outcomes:
            notes = " ".join(o.officer_notes)
            assert "of call-offs for each £1m of call-offs" not in notes, code
            assert "of call-offs for each £1m of call-offs" not in text(doc, "evaluation.proposed")
            found += bool(o.small_reference and o.per_gbp)
    assert found


def _sheet(data):
    return openpyxl.load_workbook(io.BytesIO(data))


def _save(book):
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_d3_the_workbook_and_form_check_a_rate_once_and_a_total_over_the_contract(measures):
    """D3: the forms test what the specification tests: one rate, a total, a level each year."""
    doc = build(measures, ["JOB-02"], **FRAMEWORK)
    [o] = doc.outcomes
    assert o.per_gbp and o.minimum is not None
    issue = commitments.issue_for(doc, {"id": 9, "updated_at": "2026-12-07 01:30:00"})
    data = workbook.render(doc, issue)
    book = _sheet(data)
    sheet = book[workbook.COMMITMENTS]
    row = workbook.HEADER_ROW + 1
    years = 0  # a workbook of rates only has no year columns (fourth review, A4)
    assert not any(str(c.value).startswith("Year") for c in sheet[workbook.HEADER_ROW])
    figure = sheet.cell(row=row, column=workbook.FIRST_YEAR_COLUMN + years)
    assert sheet.cell(row=row, column=workbook.FIRST_YEAR_COLUMN + years + 1).value == (
        workbook.RATE
    )
    # Only the rate can be typed: the year cells stay locked; nothing judges a lowest year.
    assert not figure.protection.locked
    assert all(
        sheet.cell(row=row, column=workbook.FIRST_YEAR_COLUMN + n).protection.locked
        for n in range(years)
    )
    assert "MIN(" not in str(
        sheet.cell(row=row, column=workbook.FIRST_YEAR_COLUMN + years + 2).value
    )
    # A bidder's rate reads back as its one figure and is checked against the minimum.
    figure.value = o.minimum
    read = workbook.read_commitments(_save(book), issued=issue)
    [line] = read["commitments"]
    assert read["format_version"] == workbook.FORMAT_VERSION == 4
    assert line["figure"] == o.minimum and line["complete"] and line["meets_minimum"]
    assert line["years"] == []
    figure.value = 0
    [line] = workbook.read_commitments(_save(book), issued=issue)["commitments"]
    assert line["meets_minimum"] is False
    # The response form asks for one rate, not a figure per year and a lowest year.
    form = docx.Document(io.BytesIO(response_form.render(doc, issue)))
    words = " ".join(p.text for p in form.paragraphs)
    cells = " ".join(c.text for t in form.tables for r in t.rows for c in r.cells)
    assert "Write one rate in" in words and "not a figure for each year" in words
    assert "Your rate for the framework" in cells
    assert "Lowest year" not in cells and "Year 1" not in cells


def test_d3_a_total_over_the_contract_may_start_at_0(measures):
    doc = build(measures, ["SKL-01"], value_gbp=12_000_000, duration_months=48)
    [o] = doc.outcomes
    assert o.minimum is not None and not o.per_gbp and not o.unit.startswith("%")
    issue = commitments.issue_for(doc, {"id": 10, "updated_at": "2026-12-07 01:30:00"})
    book = _sheet(workbook.render(doc, issue))
    sheet = book[workbook.COMMITMENTS]
    row = workbook.HEADER_ROW + 1
    rest = math.ceil(o.minimum / 3)
    for n, value in enumerate([0, rest, rest, rest]):
        sheet.cell(row=row, column=workbook.FIRST_YEAR_COLUMN + n).value = value
    [line] = workbook.read_commitments(_save(book), issued=issue)["commitments"]
    assert line["figure"] == 3 * rest and line["meets_minimum"]
    form = docx.Document(io.BytesIO(response_form.render(doc, issue)))
    words = " ".join(p.text for p in form.paragraphs)
    assert "Only the total is tested against the minimum, so a year may be 0" in words


def test_d3_a_version_2_workbook_with_a_rate_by_year_still_reads_back(measures):
    doc = build(measures, ["JOB-02"], **FRAMEWORK)
    issue = commitments.issue_for(doc, {"id": 11, "updated_at": "2026-12-07 01:30:00"})
    book = _sheet(workbook.render(doc, issue))
    sheet = book[workbook.COMMITMENTS]
    row = workbook.HEADER_ROW + 1
    labels = commitments.contract_years(doc.procurement)
    years = len(labels)
    # Version 2 had a column for each year before the contract figure, even for a rate.
    sheet.insert_cols(workbook.FIRST_YEAR_COLUMN, years)
    for n, label in enumerate(labels):
        sheet.cell(row=workbook.HEADER_ROW, column=workbook.FIRST_YEAR_COLUMN + n).value = label
    sheet.cell(row=row, column=workbook.FIRST_YEAR_COLUMN + years + 1).value = workbook.LOWEST
    sheet.cell(row=row, column=workbook.FIRST_YEAR_COLUMN + years).value = "=MIN(G5:J5)"
    for n in range(years):
        sheet.cell(row=row, column=workbook.FIRST_YEAR_COLUMN + n).value = 0.4 + n / 10
    for name, value in book[workbook.ISSUED].iter_rows():
        if name.value == "format_version":
            value.value = 2
        if name.value == "years":
            value.value = years
    read = workbook.read_commitments(_save(book), issued=issue)
    [line] = read["commitments"]
    assert read["format_version"] == 2 and line["figure"] == 0.4 and len(line["years"]) == years


def test_d3_the_instructions_of_a_workbook_of_rates_speak_of_rates_not_years(measures):
    doc = build(measures, ["JOB-02"], **FRAMEWORK)
    issue = commitments.issue_for(doc, {"id": 12, "updated_at": "2026-12-07 01:30:00"})
    lines = [
        r[0]
        for r in _sheet(workbook.render(doc, issue))["Instructions"].iter_rows(values_only=True)
    ]
    assert all(lines), "no empty rows"
    said = " ".join(lines)
    assert "type your one rate in the Contract figure column" in said
    assert "for each contract year in the columns" not in said
    assert "adds up your years" not in said and "lowest year" not in said


def test_d8_the_weighting_says_once_that_every_share_is_for_quality(measures):
    doc = build(measures, ["ENV-01"], nation="Scotland", value_gbp=900_000, duration_months=36)
    assert doc.fair_work and all(o.minimum is None for o in doc.outcomes)
    weighting = text(doc, "evaluation.weighting")
    # No outcome has a minimum: the one paragraph says it once, Fair Work First included.
    assert weighting.count("one quality score") == 1 and "quality of the answer" not in weighting
    assert (
        "Every answer, including the Fair Work First answer, is given one quality score, and the"
        " commitment earns no separate marks." in weighting
    )
