"""The ITT pack: a Word specification ready to issue, the response form, file names and the zip."""

import datetime
import io
import re
import shutil
import subprocess
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from test_spec_exports import COUNCIL, procurement
from test_spec_exports import build_itt as build

from specifier.catalogue.files import builtin_measures
from specifier.councils import councils
from specifier.specification import document, procurements, service, specifications
from specifier.specification.export import commitments, names, response_form, word, workbook
from specifier.specification.export.formats import FORMATS, PACKED
from specifier.wording import measured

LOTS = [
    {"title": "North rounds", "value_gbp": 2_880_000},
    {"title": "South", "value_gbp": 4_320_000},
]


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


def _body_xml(opened):
    return opened.element.body


def _numbering(opened):
    """{numId: {level: (format, text)}} for the document's lists."""
    numbering = opened.part.numbering_part.element
    abstracts = {
        a.get(qn("w:abstractNumId")): {
            int(lvl.get(qn("w:ilvl"))): (
                lvl.find(qn("w:numFmt")).get(qn("w:val")),
                lvl.find(qn("w:lvlText")).get(qn("w:val")),
            )
            for lvl in a.findall(qn("w:lvl"))
        }
        for a in numbering.findall(qn("w:abstractNum"))
    }
    return {
        n.get(qn("w:numId")): abstracts[n.find(qn("w:abstractNumId")).get(qn("w:val"))]
        for n in numbering.findall(qn("w:num"))
    }


def _list_level(paragraph):
    found = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
    if found is None:
        return None
    return found.find(qn("w:numId")).get(qn("w:val")), int(
        found.find(qn("w:ilvl")).get(qn("w:val"))
    )


def test_the_word_specification_numbers_clauses_with_word_lists(measures):
    opened = docx.Document(io.BytesIO(word.render(build(measures))))
    lists = _numbering(opened)
    headings = [p for p in opened.paragraphs if p.style.name == "Heading 1"]
    levels = {_list_level(p) for p in headings}
    assert len(levels) == 1, "every section heading is in the one list, at level 0"
    num_id, level = levels.pop()
    assert level == 0 and lists[num_id][0] == ("decimal", "%1.")
    assert lists[num_id][1] == ("decimal", "%1.%2") and lists[num_id][2][0] == "bullet"
    # The clause under the first heading is numbered 1.1 by Word, not by typed text.
    paragraphs = opened.paragraphs
    first = next(i for i, p in enumerate(paragraphs) if p._p is headings[0]._p)
    after = paragraphs[first + 1]
    assert _list_level(after) == (num_id, 1) and not after.text.startswith("1.1")
    clauses = [p for p in paragraphs if _list_level(p) == (num_id, 1)]
    assert len(clauses) == len(build(measures).clauses())
    # Bullets inside a clause are level 2 of the same list, so they sit inside its indent.
    assert any(_list_level(p) == (num_id, 2) for p in opened.paragraphs)
    # The list starts at 1 wherever it is pasted (Word's "Continue numbering" undoes that).
    num = next(
        n
        for n in opened.part.numbering_part.element.findall(qn("w:num"))
        if n.get(qn("w:numId")) == num_id
    )
    assert num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}").get(qn("w:val")) == "1"
    # Headings stay with what follows them.
    assert opened.styles["Heading 1"].paragraph_format.keep_with_next
    assert opened.styles["Heading 2"].paragraph_format.keep_with_next


def test_the_word_specification_is_laid_out_for_a_uk_tender(measures):
    doc = build(measures, lots=LOTS)
    issue = commitments.issue_for(doc, {"id": 9, "updated_at": "2026-12-06 10:00:00"})
    opened = docx.Document(io.BytesIO(word.render(doc, issue)))
    size = opened.sections[0]._sectPr.find(qn("w:pgSz"))
    assert (size.get(qn("w:w")), size.get(qn("w:h"))) == ("11906", "16838")  # A4
    margins = opened.sections[0]._sectPr.find(qn("w:pgMar"))
    assert {margins.get(qn(f"w:{side}")) for side in ("top", "bottom", "left", "right")} == {
        "1440"
    }  # 2.54 cm
    header = "\n".join(p.text for p in opened.sections[0].header.paragraphs)
    assert header.startswith("Hatherdale Council | HC-SC-1 | Street cleansing")
    assert "DRAFT: not for issue" in header
    body = "\n".join(p.text for p in opened.paragraphs)
    assert "Status:" not in body and "not for issue" not in body
    assert "Contract: Street cleansing (HC-SC-1)" in body and "Date: 1 May 2026" in body
    footer = opened.sections[0].footer._element
    fields = [t.text.strip() for t in footer.iter(qn("w:instrText"))]
    assert fields == ["PAGE", "NUMPAGES"]
    assert "Page" in "".join(t.text for t in footer.iter(qn("w:t")))
    toc = [t.text for t in _body_xml(opened).iter(qn("w:instrText")) if "TOC" in t.text]
    assert toc and '\\o "1-2"' in toc[0]
    assert opened.settings.element.find(qn("w:updateFields")).get(qn("w:val")) == "true"
    core = opened.core_properties
    assert core.identifier == "HC-SC-1" and core.content_status == "Draft"
    assert core.language == "en-GB" and core.version == issue.version
    for table in opened.tables:
        rows = table._tbl.findall(qn("w:tr"))
        assert rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
        assert all(r.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for r in rows)
        widths = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert sum(widths) <= 11906 - 2 * 1440
    # Columns are fitted to what they hold: the outcome column is the widest in the questions.
    questions = next(t for t in opened.tables if t.rows[0].cells[0].text == "Question")
    widths = [int(c.get(qn("w:w"))) for c in questions._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert widths[1] == max(widths) and widths[0] < widths[1] / 2


def _pdf_text(tmp_path, name, data):
    source = tmp_path / name
    source.write_bytes(data)
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is needed: make system-packages"
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = source.with_suffix(".pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return info.stdout, text


def test_libreoffice_lays_out_a4_pages_numbered_page_x_of_y(measures, tmp_path):
    info, text = _pdf_text(tmp_path, "specification.docx", word.render(build(measures)))
    assert re.search(r"Page size:.*\(A4\)", info), info
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages > 1
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
    assert text.count("HC-SC-1 | Street cleansing") == pages  # the header on every page
    assert re.search(r"^\s*1\.1\s+This section sets out", text, re.MULTILINE)
    assert re.search(r"^\s*7\.\s+Summary", text, re.MULTILINE)


def test_the_response_form_has_a_commitment_table_per_outcome(measures, tmp_path):
    doc = build(measures, lots=LOTS)
    issue = commitments.issue_for(doc)
    opened = docx.Document(io.BytesIO(response_form.render(doc, issue)))
    headings = [p.text for p in opened.paragraphs if p.style.name == "Heading 1"]
    outcome_headings = [h for h in headings if h.startswith("Outcome ")]
    assert len(outcome_headings) == len(doc.outcomes) == 6
    assert headings[0] == "How to fill in this form" and headings[-1] == "Signature"
    captions = [p.text for p in opened.paragraphs if p.style.name == "Caption"]
    for outcome in doc.outcomes:
        assert f"Your commitment for outcome {outcome.number}, in {outcome.unit}" in captions
    tables = {t.rows[0].cells[0].text: t for t in opened.tables}
    commitment = next(t for t in opened.tables if t.rows[0].cells[0].text == "Contract year")
    assert [c.text for c in commitment.rows[0].cells] == ["Contract year", "North rounds", "South"]
    assert [r.cells[0].text for r in commitment.rows] == [
        "Contract year",
        "Minimum",
        "Year 1",
        "Year 2",
        "Year 3",
        "Total over the contract",
    ]
    jobs = doc.outcomes[0]
    north = jobs.lots[0].minimum  # the lot's share, as the specification states it
    assert commitment.rows[1].cells[1].text == measured(north, "FTE years")
    assert "Detail" in tables
    for table in opened.tables:
        assert table.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    text = "\n".join(p.text for p in opened.paragraphs)
    assert "Method statement for outcome 1 (up to 1,000 words):" in text
    assert "figures we give for outcome 1 are for this contract only" in text
    assert "They are additional" in text
    # An issue reference and date, never the tool's file stamp or a measure code.
    assert f"Issue: {issue.label(doc.created)}" in text and "file-unsaved" not in text
    assert issue.specification_id is None or issue.version not in text
    cells = "\n".join(c.text for t in opened.tables for r in t.rows for c in r.cells)
    assert not [o.code for o in doc.outcomes if o.code in text + cells]
    assert "Leave the column of a lot you are not bidding for empty" in text
    assert "Confirmation from a referral partner" in text  # the evidence the measure asks for
    # An outcome with no minimum says the bidder proposes one; a cut against the bidder's own
    # baseline, which a bidder new to the work may not have, accepts 0.
    carbon = next(o for o in doc.outcomes if o.minimum is None)
    assert carbon.suggestion.no_baseline
    assert (
        f"None required: propose a commitment in {carbon.unit} if you make one (0 is accepted)"
        in "\n".join(c.text for t in opened.tables for r in t.rows for c in r.cells)
    )
    # Guidance is in words: no run relies on colour alone (none is coloured at all).
    colours = [r for p in opened.paragraphs for r in p.runs if r.font.color and r.font.color.rgb]
    assert not colours
    info, pdf = _pdf_text(tmp_path, "form.docx", response_form.render(doc, issue))
    assert "(A4)" in info and "Page 1 of" in pdf


def test_file_names_come_from_the_reference_and_title(measures):
    doc = build(measures, reference="HC-2026-014", title="Household waste collection")
    assert names.file_name(doc, names.SPECIFICATION, "docx") == (
        "HC-2026-014 Household waste collection - social value specification.docx"
    )
    no_reference = build(measures, reference="", title="Household waste collection")
    assert names.file_name(no_reference, names.PACK, "zip") == (
        "Hatherdale Council Household waste collection - social value ITT pack.zip"
    )
    awkward = build(measures, reference="HC/2026:014", title='Bins <"north">? *..')
    name = names.file_name(awkward, names.SPECIFICATION, "docx")
    assert name == "HC 2026 014 Bins north - social value specification.docx"
    assert not re.search(r'[<>:"/\\|?*]', name)
    long = build(measures, title="Ŵ" * 300)
    assert len(names.file_name(long, names.WORKBOOK, "xlsx").encode()) < 255


def test_the_pack_holds_the_five_files_named_from_the_contract(measures):
    doc = build(measures, reference="HC-2026-014", title="Household waste collection")
    issue = commitments.issue_for(doc)
    data = FORMATS["pack"].render(doc, issue, "ocds-a1b2c3")
    with zipfile.ZipFile(io.BytesIO(data)) as pack:
        found = pack.namelist()
        assert found == [
            "HC-2026-014 Household waste collection - social value specification.docx",
            "HC-2026-014 Household waste collection - social value specification.html",
            "HC-2026-014 Household waste collection - social value response form.docx",
            "HC-2026-014 Household waste collection - social value commitments.xlsx",
            "HC-2026-014 Household waste collection - OCDS release.json",
        ]
        assert len(found) == len(PACKED) == 5
        for name in found:
            assert pack.read(name), name
        assert "ocds-a1b2c3" in pack.read(found[-1]).decode()
        docx.Document(io.BytesIO(pack.read(found[0])))
        docx.Document(io.BytesIO(pack.read(found[2])))


def test_the_content_hash_changes_with_what_bidders_see_and_only_that(measures):
    first = commitments.content_hash(build(measures))
    assert commitments.content_hash(build(measures)) == first
    assert commitments.content_hash(build(measures, value_gbp=1_600_000)) != first
    issue = commitments.issue_for(build(measures), {"id": 3, "updated_at": "2026-12-06 10:00:00"})
    assert issue.version == f"3-20261206100000-{first[:12]}"
    # N12 of the third review: from a file, the version is the issue reference bidders see.
    from_file = commitments.issue_for(build(measures))
    assert from_file.version == from_file.reference == f"SV-{first[:8].upper()}"


def test_contract_years_and_lot_shares(measures):
    assert commitments.contract_years({"duration_months": 30}) == [
        "Year 1",
        "Year 2",
        "Year 3 (6 months)",
    ]
    rows = commitments.commitments(build(measures, lots=LOTS))
    jobs = [r for r in rows if r.code == "JOB-01"]
    assert [r.lot for r in jobs] == ["North rounds", "South"]
    shared = build(measures, lots=LOTS).outcomes[0].lots
    assert [r.minimum for r in jobs] == [lot.minimum for lot in shared]  # as the document says
    assert sum(r.minimum for r in jobs) <= build(measures).outcomes[0].minimum
    wage = [r for r in rows if r.code == "FWK-05"]
    assert wage[0].level and wage[0].minimum == wage[1].minimum  # a percentage is not shared
    unvalued = commitments.commitments(
        build(measures, lots=[{"title": "A", "value_gbp": None}, {"title": "B", "value_gbp": 1}])
    )
    assert unvalued[0].minimum is None  # without lot values, bidders propose a total per lot
    assert unvalued[0].minimum_text.startswith("Propose a commitment above 0")
    assert "the whole contract's minimum (" in unvalued[0].minimum_text
    level = [r for r in unvalued if r.code == "FWK-05"]
    assert level[0].minimum == level[1].minimum is not None  # a percentage needs no lot values


# Downloads from the web: one route for every file, named from the contract.


def _stored(db, slug="hatherdale", reference="HC-2026-014"):
    council = councils.get_by_slug(db, slug)
    record = procurements.clean(
        {
            "title": "Household waste collection",
            "description": "Collecting household waste and recycling every week.",
            "category": "services",
            "value_gbp": 4_200_000,
            "duration_months": 36,
            "reference": reference,
            "lots": [
                {"title": "North", "value_gbp": "£1m"},
                {"title": "South", "value_gbp": "£2m"},
            ],
        },
        default_nation=council["nation"],
    )
    procurement_id = procurements.create(db, council["id"], record)
    spec = specifications.get_or_create(db, council["id"], procurement_id)
    specifications.set_outcomes(db, council["id"], spec["id"], [("JOB-01", None), ("SKL-01", None)])
    return procurement_id, specifications.for_procurement(db, council["id"], procurement_id)


@pytest.mark.parametrize(
    ("fmt", "mimetype", "name"),
    [
        ("docx", FORMATS["docx"].mimetype, "social value specification.docx"),
        ("html", "text/html", "social value specification.html"),
        ("ocds", "application/json", "OCDS release.json"),
        ("response.docx", FORMATS["response"].mimetype, "social value response form.docx"),
        ("xlsx", FORMATS["workbook"].mimetype, "social value commitments.xlsx"),
        ("zip", "application/zip", "social value ITT pack.zip"),
    ],
)
def test_every_file_downloads_named_from_the_reference_and_title(
    client_for, db, fmt, mimetype, name
):
    procurement_id, _spec = _stored(db)
    viewer = client_for("hatherdale", "viewer")  # reading and downloading is every role's
    response = viewer.get(f"/hatherdale/procurements/{procurement_id}/specification.{fmt}")
    assert response.status_code == 200 and response.mimetype == mimetype
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"HC-2026-014 Household waste collection - {name}" in disposition
    assert response.data


def test_a_workbook_downloaded_before_a_change_is_told_apart_from_one_after(client, db):
    procurement_id, spec = _stored(db)
    url = f"/hatherdale/procurements/{procurement_id}/specification.xlsx"
    before = client.get(url).data
    read = workbook.read_commitments(before)
    assert read["specification"]["specification_id"] == spec["id"]
    assert read["specification"]["specification_updated_at"] == spec["updated_at"]
    council = councils.get_by_slug(db, "hatherdale")
    specifications.set_minimum(db, council["id"], spec["id"], "JOB-01", 99, "")
    procurement = procurements.get(db, council["id"], procurement_id)
    now, doc = service.document_for(db, council, procurement)
    issued_now = commitments.issue_for(doc, now)
    with pytest.raises(workbook.WorkbookRejected, match="another version"):
        workbook.read_commitments(before, issued=issued_now)
    after = workbook.read_commitments(client.get(url).data, issued=issued_now)
    assert after["specification"]["version"] == issued_now.version


def test_an_unknown_format_or_another_councils_contract_is_not_found(client, db):
    procurement_id, _spec = _stored(db)
    assert (
        client.get(f"/hatherdale/procurements/{procurement_id}/specification.exe").status_code
        == 404
    )
    theirs, _spec = _stored(db, "kilbrannan")
    assert client.get(f"/hatherdale/procurements/{theirs}/specification.zip").status_code == 404


def test_a_draft_with_no_outcomes_yet_still_exports_every_file():
    inputs = document.Inputs(COUNCIL, procurement(duration_months=5), [])
    doc = document.build(inputs, today=datetime.date(2026, 5, 1))
    assert doc.included and not doc.outcomes
    data = FORMATS["pack"].render(doc, commitments.issue_for(doc), "ocds-a1b2c3")
    with zipfile.ZipFile(io.BytesIO(data)) as pack:
        assert len(pack.namelist()) == 5
        read = workbook.read_commitments(pack.read(pack.namelist()[3]))
    assert read["years"] == ["Year 1 (5 months)"] and read["commitments"] == []


def test_many_lots_are_split_over_tables_that_fit_the_page(measures):
    lots = [{"title": f"Area {n}", "value_gbp": 100_000 * n} for n in range(1, 7)]
    doc = build(measures, lots=lots)
    opened = docx.Document(io.BytesIO(response_form.render(doc, commitments.issue_for(doc))))
    captions = [
        p.text for p in opened.paragraphs if p.text.startswith("Your commitment for outcome 1,")
    ]
    assert captions == [
        "Your commitment for outcome 1, in FTE years (lots 1 to 4)",
        "Your commitment for outcome 1, in FTE years (lots 5 to 6)",
    ]
    widths = {len(t.columns) for t in opened.tables if t.rows[0].cells[0].text == "Contract year"}
    assert widths == {5, 3}  # the year labels and at most four lots side by side
