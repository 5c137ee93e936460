"""Two audiences: officers' guidance never reaches bidders, in any template or catalogue field."""

import datetime
import io
import json
import re

import docx
import openpyxl
import pytest

from specifier.catalogue import catalogue
from specifier.catalogue.files import builtin_measures
from specifier.specification import clauses, document
from specifier.specification.export import (
    commitments,
    html_page,
    ocds,
    response_form,
    word,
    workbook,
)

# Sentences written to the council's officer rather than to a bidder: conditions on what the
# council decides, its usual practice, where a measure applies, or a choice left open that
# would make bids incomparable. Each was found in bidder text once.
OFFICER_VOICE = [
    r"\b(if|unless) the council (agrees|asks|sets|wants)\b",
    r"\bonly if the council agrees\b",
    r"\bcouncil (normally|usually) expects\b",
    r"\bbelow the \d+% that\b",
    r"(^|\. )define the\b",
    r"\bapplies (only )?(to contracts|in england|in wales|in scotland|where)\b",
    r"\bvalue once\b",
    r"\bif asked\b",
    r"\bcommissioners?\b",
    r"\bofficers? (should|can|may|must|needs?)\b",
    r"\byour (council|legal team)\b",
    r"\bmay be excluded only\b",
    r"\bby (weight|volume) or (value|weight)\b",
    r"\bone basis\b",
    r"\bwhere the public body has\b",
    r"\bcounted under (skills|communities|environment|fair work|innovation)\b",
    r"\bevery check\b",
    r"\b(is|are) marked final\b",
    r"\bwho counts (is )?confirmed\b",
    r"\bweighting (is )?accepted\b",
    # The tool's own reasoning: why it chose, sized or lightened an ask (round T, part T2).
    r"\bcommonly delivered by suppliers\b",
    r"\bnone is yet linked\b",
    r"\bproportionate (commitment|ask)\b",
    r"\bon a contract (of )?this size\b",
    r"\bkeeps the social value ask light\b",
    r"\bso that a small firm is not shut out\b",
    r"\b(the council works out from|rules that set its minimums)\b",
    r"\bso the council does not require\b",
    # Advice on which contracts a measure suits (round V: SKL-02's description carried one).
    r"(^|\. )suits\b",
]
FOUND_IN_BIDDER_TEXT = (
    "Define the region used.",
    "it becomes final, without this line, once every check on the specification is met (who"
    " counts confirmed for each outcome, a lowered weighting accepted)",
    "Applies to contracts in Scotland where the public body has a Gaelic language plan.",
    "unless the council asks for both units",
    "Apprentices may be excluded only if the council agrees.",
    "This is below the 10% that the council normally expects.",
    "None is yet linked to a priority in the council's register.",
    "it is commonly delivered by suppliers of",
    "the proportionate commitment for Outcome 1 is less than 1 person, so the council does not"
    " require one",
    "the council keeps the social value ask light, so that small firms can bid",
    "Suits long contracts where apprentices join and leave at different times.",
)
COUNCIL = {
    "id": 1,
    "name": "Hatherdale Council",
    "slug": "hatherdale",
    "nation": "England",
    "local_description": "Within the Hatherdale Council boundary.",
    "local_postcode_districts": ["HF1"],
    "weighting_pct": 5,  # below 10%: the officer is warned, the bidder is not told
    "threshold_gbp": 100_000,
    "max_outcomes": 6,
}


def officer_voice(text):
    return [p for p in OFFICER_VOICE if re.search(p, text, re.I | re.M)]


@pytest.fixture(scope="module")
def measures():
    return builtin_measures()


def test_every_clause_template_declares_one_audience():
    names = sorted(
        path.relative_to(clauses.TEMPLATES).as_posix()
        for path in (clauses.TEMPLATES / "clauses").rglob("*.txt")
    )
    assert len(names) > 40
    for name in names:
        assert len(clauses.audiences(name)) == 1, f"{name}: declare it in audiences.yaml"
    assert clauses.audience("clauses/rationale.txt") == "officer"
    assert clauses.audience("clauses/officer/notes.txt") == "officer"
    assert clauses.audience("clauses/outcomes/minimum.txt") == "bidder"


def test_bidder_templates_are_written_to_bidders():
    for path in (clauses.TEMPLATES / "clauses").rglob("*.txt"):
        name = path.relative_to(clauses.TEMPLATES).as_posix()
        if clauses.audience(name) != "bidder":
            continue
        literal = re.sub(r"{[{%#].*?[}%#]}", " ", path.read_text(encoding="utf-8"), flags=re.S)
        assert not officer_voice(literal), f"{name}: {officer_voice(literal)}"


def test_the_builder_refuses_an_officer_template_in_the_bidders_text():
    b = document._Builder({}, {"s": None})
    b.section("outcomes", "Prescribed outcomes")
    with pytest.raises(ValueError, match="rationale.txt is not for bidders"):
        b.clause("outcome.X.rationale", "rationale.txt")


def test_every_text_column_of_the_catalogue_says_who_reads_it(measures):
    texts = {c for c in catalogue.COLUMNS if c not in ("code", "theme", "categories", "keywords")}
    texts -= {c for c in texts if c.startswith("proxy_")}
    texts -= {"gsvm_outcome", "ocds_goal", "toms_ref"}  # references, not prose
    assert texts <= set(catalogue.AUDIENCE)
    assert catalogue.AUDIENCE["officer_notes"] == "officer"


def test_no_bidder_field_of_any_measure_is_written_to_the_council(measures):
    bidder = [f for f, who in catalogue.AUDIENCE.items() if who == "bidder"]
    for m in measures:
        for field in bidder:
            assert not officer_voice(m[field]), f"{m['code']} {field}: {officer_voice(m[field])}"
        assert m["higher_score"], f"{m['code']} has no tailored 'what earns a higher score'"


def _documents(measures):
    """Every measure in a document, on contracts of each category and nation."""
    contract = {
        "title": "Street cleansing",
        "description": "Sweeping streets and emptying litter bins.",
        "cpv_code": "90610000",
        "value_gbp": 7_200_000,
        "duration_months": 36,
        "start_date": "2027-10-01",
        "lots": [],
        "reference": "HC-SC-1",
    }
    priority = {
        "id": 1,
        "title": "Young people into work",
        "description": "Youth unemployment is twice the borough rate.",
        "theme": "jobs",
        "importance": "high",
        "evidence_statistic": "9.2% claimant rate",
        "evidence_source": "Nomis",
        "evidence_date": "2025-09",
        "places": ["Millbank"],
        "target_groups": ["care leavers"],
    }
    for category, nation in (("services", "England"), ("works", "Wales"), ("goods", "Scotland")):
        for start in range(0, len(measures), 6):
            chosen = [{"measure": m, "priority": priority} for m in measures[start : start + 6]]
            inputs = document.Inputs(
                COUNCIL | {"nation": nation},
                contract | {"category": category, "nation": nation},
                chosen,
            )
            yield document.build(inputs, today=datetime.date(2026, 12, 6))


def test_no_officer_note_reaches_the_bidders_text(measures):
    notes = [m["officer_notes"] for m in measures if m["officer_notes"]]
    assert len(notes) >= 10
    for doc in _documents(measures):
        text = "\n".join(c.text for c in doc.clauses())
        cells = "\n".join(
            cell
            for s in doc.sections
            for b in s.blocks
            if b.kind == "table"
            for row in b.rows
            for cell in row
        )
        for found in FOUND_IN_BIDDER_TEXT:
            assert found not in text and found not in cells
        for note in notes:
            assert note[:60] not in text, note
        for o in doc.prescribed:
            assert o.generated_rationale not in text
        assert not officer_voice(text + cells), officer_voice(text + cells)


def test_officer_notes_show_in_an_appendix_only_when_asked_and_never_in_ocds(measures):
    fwk = next(m for m in measures if m["code"] == "FWK-01")
    contract = {
        "title": "Cleaning",
        "description": "Cleaning council buildings.",
        "category": "services",
        "cpv_code": "90911200",
        "value_gbp": 3_000_000,
        "duration_months": 36,
        "start_date": "2027-10-01",
        "nation": "England",
        "lots": [],
    }
    chosen = [{"measure": fwk, "priority": None}]
    plain = document.build(document.Inputs(COUNCIL, contract, chosen))
    assert plain.conditions[0].officer_notes  # shown in the app beside the outcome
    assert all(s.key != "officer-notes" for s in plain.sections)
    inputs = document.Inputs(COUNCIL, contract, chosen, officer_appendix=True)
    annexed = document.build(inputs)
    appendix = annexed.sections[-1]
    assert appendix.title == "Notes for officers: remove before publishing"
    body = "\n".join(c.text for c in appendix.clauses())
    assert "section 17 of the Local Government Act 1988" in body
    assert "Remove this appendix before the specification is published" in body
    reopened = docx.Document(io.BytesIO(word.render(annexed)))
    headings = [p.text for p in reopened.paragraphs if p.style.name.startswith("Heading")]
    assert headings[-2] == "Notes for officers: remove before publishing"  # Word numbers it
    assert "Notes for officers" in html_page.render(annexed)
    assert "section 17" not in json.dumps(json.loads(ocds.package(annexed)))


def _strings(data):
    """Every string in a JSON document, keys aside."""
    if isinstance(data, dict):
        return [s for v in data.values() for s in _strings(v)]
    if isinstance(data, list):
        return [s for v in data for s in _strings(v)]
    return [data] if isinstance(data, str) else []


def _bidder_files(doc, issue):
    """(What bidders see as they fill in the response form and the workbook's visible sheets,
    the text of every cell of every file they receive beside the specification: the form's
    headers too, each workbook sheet, hidden ones included, its input prompts, and OCDS)."""
    form = docx.Document(io.BytesIO(response_form.render(doc, issue)))
    seen = [p.text for p in form.paragraphs]
    seen += [c.text for t in form.tables for r in t.rows for c in r.cells]
    held = [p.text for s in form.sections for p in s.header.paragraphs + s.footer.paragraphs]
    book = openpyxl.load_workbook(io.BytesIO(workbook.render(doc, issue)))
    for sheet in book.worksheets:
        cells = [str(v) for row in sheet.iter_rows(values_only=True) for v in row if v]
        (seen if sheet.sheet_state == "visible" else held).extend(cells)
        held += [v.prompt or "" for v in sheet.data_validations.dataValidation]
        held += [v.error or "" for v in sheet.data_validations.dataValidation]
    held += _strings(json.loads(ocds.package(doc)))
    return "\n".join(seen), "\n".join(seen + held)


def test_every_bidder_cell_of_the_form_workbook_and_ocds_is_held_to_the_specifications_rule(
    measures,
):
    """FINDINGS-16a/16b: a draft workbook's banner told bidders how the council makes the file
    final ("who counts confirmed for each outcome, a lowered weighting accepted"). Every cell of
    the form, the workbook and OCDS, drafts included, is held to the rule the specification's
    text is: no officer voice, no officer note, no generated rationale; and what bidders fill
    in shows no measure code or tool stamp."""
    code = re.compile(r"\b[A-Z]{3}-\d{2}\b")
    notes = [m["officer_notes"] for m in measures if m["officer_notes"]]
    for doc in _documents(measures):
        assert doc.status == "draft"  # the banner that carried the note is a draft's
        issue = commitments.issue_for(doc, None)
        seen, text = _bidder_files(doc, issue)
        assert not code.findall(seen), code.findall(seen)[:3]
        # From a file the version is the issue reference bidders see; never a tool's stamp.
        assert "file-unsaved" not in seen and issue.version == issue.reference
        for found in FOUND_IN_BIDDER_TEXT:
            assert found not in text
        for note in notes:
            assert note[:60] not in text, note
        for o in doc.prescribed:
            assert o.generated_rationale not in text
        assert not officer_voice(text), officer_voice(text)
