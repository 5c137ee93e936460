"""A percentage committed year by year is judged on the average of the years (sixth review, N2).

The lowest year marked a credible build-up (10% of the fleet in year 1 rising to 80%) as low and
rewarded flat offers. Every year's level stays the contract minimum for that year, and a minimum
the council sets is a floor every year must reach; the size is the average of the years, each
weighted by its months. The specification, response form, workbook and OCDS say the same.
"""

import io
import json

import docx
import openpyxl
import pytest
from test_commitments_workbook import recalculated
from test_spec_exports import build_codes

from specifier.catalogue.files import builtin_measures
from specifier.specification.export import commitments, ocds, response_form, workbook

# 3 years and 6 months: the part year counts for its months. A fleet of vans: a fleet of
# heavy vehicles (refuse collection vehicles) is judged on its plan, with no fixed points.
FLEET = {
    "title": "Pest control for council homes and buildings",
    "description": "Pest treatments in council homes and buildings by technicians in vans.",
    "category": "services",
    "cpv_code": "90922000",
    "duration_months": 42,
}
SAVED = {"id": 21, "updated_at": "2026-12-07 05:00:00"}


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


@pytest.fixture(scope="module")
def fleet(measures):
    doc = build_codes(measures, ("ENV-10", "FWK-05"), **FLEET)
    return doc, commitments.issue_for(doc, SAVED)


def _by_code(doc):
    return {o.code: o for o in doc.outcomes}


def test_the_specification_judges_a_level_on_the_average_of_the_years(fleet):
    doc, _issue = fleet
    share = _by_code(doc)["ENV-10"]
    assert share.minimum is None and share.scale, "the fleet share is judged on fixed points"
    said = doc.clause("evaluation.proposed").text + doc.clause("outcome.ENV-10.minimum").text
    assert "average of the" in said and '"Average of the years"' in said
    assert "lowest" not in said.lower() and "final contract year" not in said
    assert "each year's level becomes the contract minimum for that year" in said
    # A minimum the council sets for a percentage stays a floor for every year.
    wage = _by_code(doc)["FWK-05"]
    assert wage.minimum is not None
    floor = doc.clause("outcome.FWK-05.minimum").text
    assert "in every contract year" in floor
    marks = doc.clause("evaluation.quantitative").text
    assert "C is the average of the years" in marks and "every year must reach M" in marks
    # The OCDS award criteria carry the same sentences.
    described = json.dumps(ocds.release(doc))
    assert "average of the years" in described and "Lowest year" not in described


def test_the_workbook_shows_the_average_and_checks_every_year(fleet, tmp_path):
    doc, issue = fleet
    data = workbook.render(doc, issue)
    sheet = openpyxl.load_workbook(io.BytesIO(data))[workbook.COMMITMENTS]
    header = [c.value for c in sheet[workbook.HEADER_ROW]]
    assert header[workbook.FIRST_YEAR_COLUMN - 1 :][:4] == [
        "Year 1",
        "Year 2",
        "Year 3",
        "Year 4 (6 months)",
    ]
    instructions = " ".join(
        str(c.value)
        for row in openpyxl.load_workbook(io.BytesIO(data))[workbook.INSTRUCTIONS]
        for c in row
        if c.value
    )
    assert "the average of your years (a part year counts for its months)" in instructions
    assert "the Check column tests your lowest year" in instructions
    # A build-up: 10%, 40%, 60% and 80% for the last six months averages 42.9%, not 10%.
    rows = {
        key: workbook.HEADER_ROW + 1 + i
        for i, key in enumerate(
            dict(sheet.parent[workbook.ISSUED].iter_rows(values_only=True))["row_keys"].split(
                workbook.ROW_KEYS
            )
        )
    }
    book = openpyxl.load_workbook(io.BytesIO(data))
    filled_sheet = book[workbook.COMMITMENTS]
    wage_minimum = _by_code(doc)["FWK-05"].minimum
    figures = {"ENV-10|0": [10, 40, 60, 80], "FWK-05|0": [100, 100, wage_minimum - 1, 100]}
    for key, values in figures.items():
        for offset, value in enumerate(values):
            filled_sheet.cell(
                row=rows[key], column=workbook.FIRST_YEAR_COLUMN + offset
            ).value = value
    out = io.BytesIO()
    book.save(out)
    read = {
        r["key"]: r for r in workbook.read_commitments(out.getvalue(), issued=issue)["commitments"]
    }
    built_up = (12 * (10 + 40 + 60) + 6 * 80) / 42
    assert read["ENV-10|0"]["figure"] == pytest.approx(built_up)
    # One year below the minimum fails it, whatever the average.
    assert read["FWK-05|0"]["figure"] > wage_minimum and read["FWK-05|0"]["meets_minimum"] is False
    # A spreadsheet works the same figures out in the sheet.
    calc = openpyxl.load_workbook(
        io.BytesIO(recalculated(out.getvalue(), tmp_path)), data_only=True
    )
    calc = calc[workbook.COMMITMENTS]
    figure, counted, check = (workbook.FIRST_YEAR_COLUMN + 4 + n for n in range(3))
    assert calc.cell(row=rows["ENV-10|0"], column=figure).value == pytest.approx(built_up)
    assert calc.cell(row=rows["ENV-10|0"], column=counted).value == "Average of the years"
    assert calc.cell(row=rows["FWK-05|0"], column=check).value == "Below the minimum"


def test_the_response_form_asks_for_each_year_and_the_average(fleet):
    doc, issue = fleet
    form = docx.Document(io.BytesIO(response_form.render(doc, issue)))
    words = " ".join(p.text for p in form.paragraphs)
    assert (
        "Give the average of the years in the last row, a part year counting for its months (the"
        in (words)
    )
    assert "a level that builds up over the contract is credited for every year" in words
    assert "every year must be at least the minimum" in words
    cells = {c.text for t in form.tables for row in t.rows for c in row.cells}
    assert "Average of the years" in cells and "Lowest year" not in cells


def test_a_one_period_contract_has_no_years_to_average(measures):
    doc = build_codes(measures, ("ENV-10",), **(FLEET | {"duration_months": 12}))
    said = doc.clause("evaluation.proposed").text + doc.clause("outcome.ENV-10.minimum").text
    assert "average" not in said and "is large when it is at least" in said
