"""Every instruction in a workbook or response form names only cells or rows bidders can fill in
(fourth review, A4), and the hidden Issued sheet says what each workbook came from (A8).

Run over every sample and panel procurement file, so it holds for contracts of every shape: a
framework's rates, a single short period, totals over several years, levels each year, lots.
"""

import io
import re
from pathlib import Path

import docx
import openpyxl
import pytest
from conftest import fill
from test_panel import PANEL, WRITES_NOTHING, council_for
from test_workspace import _specification

from specifier import create_app
from specifier.specification import lifecycle
from specifier.specification.export import workbook

EXAMPLES = Path(__file__).parent.parent / "priorities" / "procurements"
# Every file that writes bidder files (test_panel checks the one that writes none says why).
FILES = sorted(EXAMPLES.glob("*.yaml")) + sorted(
    p for p in PANEL.glob("*.yaml") if p.stem not in WRITES_NOTHING
)


@pytest.fixture(scope="module")
def returned(tmp_path_factory):
    """Each file's workbook and response form: {(stem, format): bytes}."""
    folder = tmp_path_factory.mktemp("returned")
    app = create_app({"TESTING": True, "DATABASE": str(folder / "r.db"), "SECRET_KEY": "test"})
    fill(app, PANEL / "councils" / "lisnaharra.yaml")
    runner = app.test_cli_runner()
    found = {}
    for path in FILES:
        for fmt in ("workbook", "response"):
            out = folder / f"{path.parent.name}-{path.stem}.{fmt}"
            args = ["generate-spec", "--council", council_for(path), "--procurement", str(path)]
            result = runner.invoke(args=[*args, "--format", fmt, "--output", str(out), "--force"])
            assert result.exit_code == 0, (path.name, fmt, result.output)
            found[path.stem, fmt] = out.read_bytes()
    return found


def _unlocked_columns(sheet):
    """The headings of the Commitments columns with a cell bidders can type in."""
    headings = {c.column: c.value for c in sheet[workbook.HEADER_ROW]}
    return {
        headings[cell.column]
        for row in sheet.iter_rows(min_row=workbook.HEADER_ROW + 1)
        for cell in row
        if cell.protection.locked is False
    }


def _counted(sheet):
    """Each row's How counted, as the sheet says it."""
    headings = [c.value for c in sheet[workbook.HEADER_ROW]]
    column = headings.index("How counted")
    return [
        row[column]
        for row in sheet.iter_rows(min_row=workbook.HEADER_ROW + 1, values_only=True)
        if row[0] is not None
    ]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_the_workbook_asks_only_for_cells_that_exist_and_are_unlocked(returned, path):
    book = openpyxl.load_workbook(io.BytesIO(returned[path.stem, "workbook"]))
    sheet = book[workbook.COMMITMENTS]
    headings = [c.value for c in sheet[workbook.HEADER_ROW]]
    years = [h for h in headings if str(h).startswith("Year")]
    unlocked = _unlocked_columns(sheet)
    counted = _counted(sheet)
    assert unlocked, "bidders can fill in something"
    assert unlocked <= {*years, "Contract figure"}
    # Every year column shown is one bidders fill in; a rate's row has no years at all.
    assert set(years) <= unlocked
    if counted and all(c == workbook.RATE for c in counted):
        assert years == []
    banner = sheet["A2"].value
    named = re.findall(r"Year \d+(?: \(\d+ months?\))?", banner)
    assert set(named) <= set(years), banner
    if years:
        assert f"Fill in the cells under {years[0]}" in banner, banner
    assert ("Contract figure cell" in banner) == ("Contract figure" in unlocked), banner
    instructions = " ".join(
        str(v) for row in book[workbook.INSTRUCTIONS].iter_rows(values_only=True) for v in row if v
    )
    said_years = re.findall(r"Year \d+(?: \(\d+ months?\))?", instructions)
    assert set(said_years) <= set(years), instructions
    # A year may be 0 only in a total over more than one year: a level must reach the minimum
    # every year, a rate has no years, and one period has nothing to add up.
    zero = "write 0 for a year" in instructions
    assert zero == (len(years) > 1 and workbook.TOTAL in counted), instructions
    if len(years) < 2:  # no years to fill in one by one
        # (a rate is still tested "at the end of each contract year": that is when, not a cell)
        asked = instructions.replace("at the end of each contract year", "")
        assert "every year" not in asked and "each contract year" not in asked
        assert workbook.CHECKS["partial"] not in instructions
    assert ("type your one rate in the Contract figure column" in instructions) == (
        workbook.RATE in counted
    )


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_the_response_form_asks_only_for_rows_it_has(returned, path):
    form = docx.Document(io.BytesIO(returned[path.stem, "response"]))
    words = " ".join(p.text for p in form.paragraphs)
    first_cells = [r.cells[0].text for t in form.tables for r in t.rows]
    year_rows = [c for c in first_cells if c.startswith("Year ")]
    totals = "Total over the contract" in first_cells
    assert ("write 0 for a year" in words) == (totals and len(set(year_rows)) > 1), words
    assert "Write 0 for a year" not in words  # never said without its condition
    if "for each contract year" in words:
        assert year_rows, "a form asking for each year has year rows"
    if not year_rows:
        assert "each contract year" not in words.replace("at the end of each contract year", "")
    if "A commitment of 0 is rejected" in words:
        assert "a year may be 0" not in words or totals


def test_a_final_specifications_workbook_is_not_stamped_draft_and_names_it(client, db):
    from specifier.councils import councils

    hatherdale = councils.get_by_slug(db, "hatherdale")
    procurement_id, spec = _specification(db, hatherdale)
    base = f"/hatherdale/procurements/{procurement_id}/specification"
    draft = openpyxl.load_workbook(io.BytesIO(client.get(f"{base}.xlsx").data))
    assert draft[workbook.COMMITMENTS]["A2"].value.startswith("DRAFT: not for issue")
    lifecycle.change_status(db, hatherdale["id"], spec, "final")
    data = client.get(f"{base}.xlsx").data
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert "not for issue" not in book[workbook.COMMITMENTS]["A2"].value
    issued = dict(book[workbook.ISSUED].iter_rows(values_only=True))
    assert issued["specification_id"] == spec["id"]
    assert issued["specification_updated_at"]
    form = docx.Document(io.BytesIO(client.get(f"{base}.response.docx").data))
    header = "\n".join(p.text for p in form.sections[0].header.paragraphs)
    assert "not for issue" not in header


def test_a_workbook_made_from_a_file_says_which_file_and_when(returned):
    for path in FILES:
        book = openpyxl.load_workbook(io.BytesIO(returned[path.stem, "workbook"]))
        issued = dict(book[workbook.ISSUED].iter_rows(values_only=True))
        assert issued["specification_id"] == f"none: made from {path.name}"
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", issued["specification_updated_at"])
        read = workbook.read_commitments(returned[path.stem, "workbook"])
        assert read["specification"]["specification_id"] is None
