"""The commitments workbook: locked but for the year cells, validated, self-checking, read back."""

import io
import shutil
import subprocess
import zipfile

import openpyxl
import pytest
from test_spec_exports import ITT_CODES, build_codes
from test_spec_exports import build_itt as build

from specifier.catalogue.files import builtin_measures
from specifier.specification.export import commitments, workbook

LOTS = [
    {"title": "North rounds", "value_gbp": 2_880_000},
    {"title": "South", "value_gbp": 4_320_000},
]
SAVED = {"id": 12, "updated_at": "2026-12-06 10:00:00"}


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


def _issued(measures, **changes):
    doc = build(measures, **changes)
    issue = commitments.issue_for(doc, SAVED)
    return doc, issue, workbook.render(doc, issue)


def _open(data):
    return openpyxl.load_workbook(io.BytesIO(data))


def _rows(sheet):
    """{row key: row number} of the Commitments sheet; the keys are on the hidden Issued sheet."""
    issued = dict(sheet.parent[workbook.ISSUED].iter_rows(values_only=True))
    keys = issued["row_keys"].split(workbook.ROW_KEYS)
    return {key: workbook.HEADER_ROW + 1 + index for index, key in enumerate(keys)}


def _fill(data, figures):
    """Type figures into the year cells as a bidder would: {row key: [year 1, year 2, ...]}."""
    book = _open(data)
    sheet = book[workbook.COMMITMENTS]
    rows = _rows(sheet)
    for key, values in figures.items():
        for offset, value in enumerate(values):
            sheet.cell(row=rows[key], column=workbook.FIRST_YEAR_COLUMN + offset).value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_row_per_outcome_per_lot_with_unit_minimum_and_years(measures):
    doc, _issue, data = _issued(measures, lots=LOTS)
    sheet = _open(data)[workbook.COMMITMENTS]
    assert sheet["A2"].value.startswith("DRAFT: not for issue. Hatherdale Council")
    header = [c.value for c in sheet[workbook.HEADER_ROW]]
    assert header == [
        *workbook.LEADING,
        "Year 1",
        "Year 2",
        "Year 3",
        "Contract figure",
        "How counted",
        "Check",
    ]
    rows = _rows(sheet)
    assert len(rows) == len(doc.outcomes) * len(LOTS)
    north = [c.value for c in sheet[rows["JOB-01|1"]]]
    assert north[0:4] == [1, doc.outcomes[0].title, "North rounds", "FTE years"]
    assert north[4] == doc.outcomes[0].lots[0].minimum  # the lot's share, as the document says
    assert north[9] == '=IF(COUNT(G5:I5)=0,"",SUM(G5:I5))'
    assert "Below the minimum" in north[11] and "Meets the minimum" in north[11]
    wage = [c.value for c in sheet[rows["FWK-05|2"]]]
    # A percentage: its size is the average of the years; the check tests every year (the lowest).
    assert wage[9] == '=IF(COUNT(G8:I8)=0,"",AVERAGE(G8:I8))'.replace("8", str(rows["FWK-05|2"]))
    assert wage[10] == "Average of the years" and "MIN(G" in wage[11]


def test_bidders_see_no_measure_code_and_an_issue_not_a_file_stamp(measures):
    doc, issue, data = _issued(measures, lots=LOTS)
    book = _open(data)
    codes = {o.code for o in doc.outcomes}
    for name in (workbook.INSTRUCTIONS, workbook.COMMITMENTS):
        text = " ".join(str(v) for row in book[name].iter_rows(values_only=True) for v in row if v)
        assert not [code for code in codes if code in text], name
        assert "file-unsaved" not in text and issue.version not in text, name
        assert f"Issue {issue.reference}, 6 December 2026" in text, name


def test_only_year_cells_can_be_changed_and_they_take_numbers_of_zero_or_more(measures):
    _doc, _issue, data = _issued(measures, lots=LOTS)
    book = _open(data)
    sheet = book[workbook.COMMITMENTS]
    assert sheet.protection.sheet and book[workbook.INSTRUCTIONS].protection.sheet
    assert book.security.lockStructure  # sheets cannot be added, removed or unhidden
    row = _rows(sheet)["SKL-01|1"]
    for column in range(1, sheet.max_column + 1):
        locked = sheet.cell(row=row, column=column).protection.locked
        in_years = workbook.FIRST_YEAR_COLUMN <= column < workbook.FIRST_YEAR_COLUMN + 3
        assert locked != in_years, column
    by_range = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    people = next(v for r, v in by_range.items() if f"G{row}:I{row}" in r.split())
    assert (people.type, people.operator, people.formula1) == ("whole", "between", "0")
    assert "whole number, 0 or more" in people.error and people.showErrorMessage
    fte = next(v for r, v in by_range.items() if f"G{_rows(sheet)['JOB-01|1']}:" in r)
    assert fte.type == "decimal" and fte.formula1 == "0"
    wage = next(v for r, v in by_range.items() if f"G{_rows(sheet)['FWK-05|1']}:" in r)
    assert wage.formula2 == "100"


def test_the_issue_is_recorded_on_a_hidden_sheet(measures):
    doc, issue, data = _issued(measures)
    book = _open(data)
    hidden = book[workbook.ISSUED]
    assert hidden.sheet_state == "hidden"
    recorded = {name: value for name, value in hidden.iter_rows(values_only=True)}
    assert recorded["format"] == "social-value-commitments" and recorded["format_version"] == 4
    assert recorded["specification_id"] == 12
    assert recorded["specification_updated_at"] == "2026-12-06 10:00:00"
    assert recorded["content_hash"] == commitments.content_hash(doc)
    assert recorded["version"] == issue.version and recorded["reference"] == "HC-SC-1"
    assert recorded["years"] == 3 and recorded["rows"] == len(doc.outcomes)
    assert recorded["row_keys"] == ";".join(f"{o.code}|0" for o in doc.outcomes)


def test_a_filled_copy_reads_back_to_the_same_numbers(measures):
    doc, issue, data = _issued(measures, lots=LOTS)
    figures = {"JOB-01|1": [2, 2.5, 3], "SKL-01|2": [1, 0, 2], "FWK-05|1": [100, 100, 95]}
    read = workbook.read_commitments(_fill(data, figures), issued=issue)
    assert read["specification"]["version"] == issue.version
    assert read["specification"]["content_hash"] == issue.content_hash
    assert read["years"] == ["Year 1", "Year 2", "Year 3"]
    by_key = {row["key"]: row for row in read["commitments"]}
    assert len(by_key) == len(doc.outcomes) * 2
    for key, values in figures.items():
        assert by_key[key]["years"] == values
    jobs = by_key["JOB-01|1"]
    assert jobs["figure"] == 7.5 and jobs["complete"]
    assert jobs["meets_minimum"] == (jobs["minimum"] <= 7.5)
    skills = by_key["SKL-01|2"]
    assert skills["meets_minimum"] is (
        None if skills["minimum"] is None else skills["minimum"] <= 3
    )
    wage = by_key["FWK-05|1"]  # a percentage: the average of the years, each at the minimum
    assert wage["figure"] == pytest.approx(295 / 3)
    assert wage["meets_minimum"] == (wage["minimum"] <= 95)
    assert by_key["JOB-01|2"]["years"] == [None, None, None]
    assert by_key["JOB-01|2"]["meets_minimum"] is None and not by_key["JOB-01|2"]["complete"]


def test_a_workbook_for_another_specification_or_version_is_told_apart(measures):
    _doc, issue, data = _issued(measures)
    changed = build(measures, value_gbp=1_600_000)
    later = commitments.issue_for(changed, SAVED)
    with pytest.raises(workbook.WorkbookRejected, match="another version of this specification"):
        workbook.read_commitments(data, issued=later)
    other = commitments.Issue(13, SAVED["updated_at"], issue.content_hash)
    with pytest.raises(workbook.WorkbookRejected, match="issued for another specification"):
        workbook.read_commitments(data, issued=other)
    assert workbook.read_commitments(data, issued=issue)["specification"]["specification_id"] == 12


def test_a_workbook_from_a_file_carries_its_issue_reference_and_reads_back(measures):
    """N12 of the third review: no "file-unsaved" stamp on the hidden sheet, and still matched."""
    doc = build(measures)
    issue = commitments.issue_for(doc)
    data = workbook.render(doc, issue)
    recorded = dict(_open(data)[workbook.ISSUED].iter_rows(values_only=True))
    assert recorded["version"] == issue.reference and "unsaved" not in recorded["version"]
    read = workbook.read_commitments(data, issued=issue)
    assert read["specification"]["version"] == issue.reference
    with pytest.raises(workbook.WorkbookRejected, match="another version"):
        workbook.read_commitments(data, issued=commitments.issue_for(build(measures, value_gbp=9)))


def test_bad_returns_are_refused_naming_the_cell(measures):
    _doc, _issue, data = _issued(measures)
    for value, message in (("ten", "'ten' is not a number"), (-1, "cannot be less than 0")):
        with pytest.raises(workbook.WorkbookRejected, match=message) as refused:
            workbook.read_commitments(_fill(data, {"JOB-01|0": [value]}))
        assert "Commitments sheet, cell G5 (JOB-01, Whole contract)" in str(refused.value)
    with pytest.raises(workbook.WorkbookRejected, match="not an Excel"):
        workbook.read_commitments(b"PK\x03\x04 not really a zip")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (workbook.MAX_UNPACKED + 1))
    with pytest.raises(workbook.WorkbookRejected, match="unpacks to more"):
        workbook.read_commitments(bomb.getvalue())
    book = _open(data)
    del book[workbook.ISSUED]
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(workbook.WorkbookRejected, match="not a commitments workbook"):
        workbook.read_commitments(out.getvalue())


def test_text_that_looks_like_a_formula_is_written_as_text(measures):
    lots = [{"title": '=HYPERLINK("http://example.com","Click")', "value_gbp": 1}]
    _doc, _issue, data = _issued(measures, lots=lots, title="+SUM(A1:A9)", reference="@risk")
    sheet = _open(data)[workbook.COMMITMENTS]
    cell = sheet.cell(row=workbook.HEADER_ROW + 1, column=3)
    assert cell.value == lots[0]["title"] and cell.data_type == "s" and cell.quotePrefix
    assert sheet["A1"].data_type == "s" and sheet["A1"].value.endswith("+SUM(A1:A9)")


def recalculated(filled, tmp_path):
    """A filled workbook's bytes as LibreOffice Calc saves them, every formula worked out."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice Calc is needed: make system-packages"
    (tmp_path / "filled.xlsx").write_bytes(filled)
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path / "calc"),
            str(tmp_path / "filled.xlsx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (tmp_path / "calc" / "filled.xlsx").read_bytes()


def test_a_spreadsheet_works_out_the_check_in_the_sheet(measures, tmp_path):
    """LibreOffice Calc recalculates a filled copy: the Check column says it in words."""
    _doc, issue, data = _issued(measures)
    saved = recalculated(_fill(data, {"JOB-01|0": [1, 0, 1], "SKL-01|0": [9, 9, 9]}), tmp_path)
    sheet = openpyxl.load_workbook(io.BytesIO(saved), data_only=True)[workbook.COMMITMENTS]
    rows = _rows(sheet)
    check = workbook.FIRST_YEAR_COLUMN + 3 + 2
    assert sheet.cell(row=rows["JOB-01|0"], column=check).value == "Below the minimum"
    assert sheet.cell(row=rows["SKL-01|0"], column=check).value == "Meets the minimum"
    assert sheet.cell(row=rows["SKL-01|0"], column=check - 2).value == 27
    assert sheet.cell(row=rows["ECO-05|0"], column=check).value == "Not filled in"
    env = next(k for k in rows if k.startswith("ENV-01"))
    assert sheet.cell(row=rows[env], column=check).value == "Not filled in"
    # A workbook saved by a spreadsheet still reads back, to the same numbers.
    read = workbook.read_commitments(saved, issued=issue)
    assert {r["key"]: r["years"] for r in read["commitments"]}["SKL-01|0"] == [9, 9, 9]


def test_a_version_1_workbook_issued_before_still_reads_back(measures):
    """Version 1 had the row key and the measure code on the Commitments sheet itself."""
    doc, issue, data = _issued(measures, lots=LOTS)
    book = _open(_fill(data, {"JOB-01|2": [1, 2, 3]}))
    sheet = book[workbook.COMMITMENTS]
    keys = _rows(sheet)
    sheet.insert_cols(1)
    sheet.insert_cols(3)
    for column, heading in ((1, "Row key"), (3, "Code")):
        sheet.cell(row=workbook.HEADER_ROW, column=column).value = heading
    for key, row in keys.items():
        sheet.cell(row=row, column=1).value = key
        sheet.cell(row=row, column=3).value = key.split("|")[0]
    issued = book[workbook.ISSUED]
    for name, value in issued.iter_rows():
        if name.value == "format_version":
            value.value = 1
        elif name.value == "row_keys":
            value.value = None
    out = io.BytesIO()
    book.save(out)
    read = workbook.read_commitments(out.getvalue(), issued=issue)
    assert read["format_version"] == 1
    row = next(r for r in read["commitments"] if r["key"] == "JOB-01|2")
    assert row["code"] == "JOB-01" and row["lot"] == "South" and row["years"] == [1, 2, 3]


def test_the_workbook_shows_the_published_fixed_points_and_never_rejects_an_accepted_0(measures):
    """FINDINGS-14a A10, 14c D10: the reference point and fixed points that cap a proposed
    commitment's score were in the form but not the workbook; 14b D12: its instructions said a
    commitment of 0 is rejected beside a row that accepts 0."""
    seen = set()
    for codes in (("ENV-10", "ECO-06", "ENV-01", "JOB-01"), ("ENV-01", "ENV-11"), ITT_CODES):
        doc = build_codes(measures, codes, value_gbp=2_150_000, duration_months=36)
        issue = commitments.issue_for(doc, SAVED)
        book = _open(workbook.render(doc, issue))
        sheet = book[workbook.COMMITMENTS]
        rows = commitments.commitments(doc)
        for item, number in zip(rows, _rows(sheet).values(), strict=True):
            said = sheet.cell(row=number, column=6).value
            assert said.startswith(item.minimum_text), said
            if item.size:
                seen.add("size")
                assert item.size in said, said
                assert "Reference point" in said or "is large" in said
        instructions = " ".join(
            str(c) for (c,) in book[workbook.INSTRUCTIONS].iter_rows(values_only=True) if c
        )
        if any(r.optional for r in rows):
            seen.add("optional")
            assert "0 is accepted" in instructions
            if "so will a commitment of 0" in instructions:
                # The instructions quote what every such row's Minimum column says.
                asks = "where the Minimum column asks you to propose a commitment above 0"
                assert f"so will a commitment of 0 {asks}" in instructions
                proposed = [r for r in rows if r.minimum is None and not r.optional]
                assert all(
                    "propose a commitment above 0" in r.minimum_text.lower() for r in proposed
                )
    assert seen == {"size", "optional"}
