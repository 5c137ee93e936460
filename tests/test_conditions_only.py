"""A file or a choice that names only contract conditions (part T5, 2026-12-07): the ranking
chooses the scored outcomes beside them, or, at a 0% weighting, the conditions go alone."""

import io
import json
import re

import docx
from conftest import after_progress, post_form
from openpyxl import load_workbook
from test_procurements import _contract_to_choose_for

from specifier.councils import councils
from specifier.matching import decisions
from specifier.priorities import priorities
from specifier.specification import specifications
from specifier.specification.export import workbook

FORMATS = {"docx": "spec.docx", "html": "spec.html", "ocds": "ocds.json"}
FORMATS |= {"response": "response.docx", "workbook": "workbook.xlsx"}

# A cleaning contract, a call-off under another body's framework when the weighting is 0.
CONTRACT = """procurement:
  title: Office and depot cleaning
  description: >-
    Daily cleaning of the council's civic offices, two depots and four libraries, with about
    30 FTE cleaning staff.
  category: services
  cpv_code: "90919200"
  value_gbp: 2400000
  duration_months: 48
  start_date: "2027-04-01"
{lots}specification:
{weighting}  outcomes:
    - measure: FWK-01
    - measure: FWK-17
"""

# What only a scored outcome brings: its number, a question, a weighting, a formula.
SCORED = re.compile(
    r"Outcome \d|\bQ\d\b|Social value questions|Scoring descriptors|Minimum commitment|"
    r"commitment|÷|\d+(\.\d+)?% of the total score|Method statement|Weighting",
)


def _accept(app):
    """Hatherdale accepts, for its priorities, outcomes that suit a cleaning contract."""
    with app.app_context():
        from specifier.web.db import get_db

        db = get_db()
        council = councils.get_by_slug(db, "hatherdale")
        active = priorities.search(db, council["id"], status="active")
        youth = next(p for p in active if "young people" in p["title"])
        wage = next(p for p in active if "Living Wage" in p["title"])
        for code in ("JOB-02", "SKL-01"):
            decisions.record(db, council["id"], youth["id"], code, "accepted")
        decisions.record(db, council["id"], wage["id"], "FWK-01", "accepted")


def _generate(runner, tmp_path, text):
    """Run generate-spec in every format; return {format: (result, path)}."""
    path = tmp_path / "hatherdale-conditions.yaml"
    path.write_text(text, encoding="utf-8")
    found = {}
    for fmt, name in FORMATS.items():
        out = tmp_path / name
        args = ["generate-spec", "--council", "hatherdale", "--procurement", str(path)]
        found[fmt] = (runner.invoke(args=[*args, "--format", fmt, "--output", str(out)]), out)
    return found


def _word(path):
    """Every paragraph and table cell of a Word file, in one string."""
    return _word_bytes(path.read_bytes())


def _word_bytes(data):
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_a_file_naming_only_conditions_gets_scored_outcomes_chosen_beside_them(
    app, runner, tmp_path
):
    """The ranking chooses the outcomes that carry the council's weighting, as when nothing is
    named, and the log says so and how to issue the conditions alone (main refused the file)."""
    _accept(app)
    found = _generate(runner, tmp_path, CONTRACT.format(lots="", weighting=""))
    for result, out in found.values():
        assert result.exit_code == 0, result.output
        assert out.exists()
    log = found["docx"][0].output
    assert "The file names only contract conditions, FWK-01" in log
    assert "the ranking chooses the outcomes that carry the 15% weighting" in log
    chose = re.search(r"Chose (.+) to carry the 15% weighting beside FWK-01 and FWK-17", log)
    # The named conditions are not chosen again (a scored fair work outcome may be).
    assert chose and not re.search(r"FWK-(01|17)\b", chose.group(1)), log
    assert "set `weighting_pct: 0`" in log
    spec = _word(found["docx"][1])
    assert "Outcome 1:" in spec and "Condition 1:" in spec and "Condition 2:" in spec
    assert "Social value is 15% of the total score for this tender" in spec
    release = json.loads(found["ocds"][1].read_text())["releases"][0]
    assert release["tender"]["lots"][0]["awardCriteria"]["criteria"]
    assert "Method statement" in _word(found["response"][1])


def test_conditions_alone_at_zero_weighting_are_written_with_nothing_scored(app, runner, tmp_path):
    """`weighting_pct: 0` with only conditions: every format holds the conditions alone, pass or
    fail, with nothing that speaks of a scored outcome; the log lists what would be scored."""
    _accept(app)
    text = CONTRACT.format(
        lots="  lots: [Civic offices, Depots and libraries]\n", weighting="  weighting_pct: 0\n"
    )
    found = _generate(runner, tmp_path, text)
    for result, out in found.values():
        assert result.exit_code == 0, result.output
        assert "Wrote" in result.output and "2 contract conditions alone" in result.output
        assert out.exists()
    log = found["docx"][0].output
    assert "Warning: Weighting: Nothing is scored: the weighting is 0%" in log
    assert re.search(r"The outcomes the ranking would choose to score: [A-Z]{3}-\d\d \(", log), log
    assert "Error" not in log and "Warning: Evaluation" not in log
    spec = _word(found["docx"][1])
    assert "Condition 1: Contract workers paid at least the Real Living Wage" in spec
    assert "No social value question is scored in this tender" in spec
    assert "Social value has no share of the score for this tender" in spec
    assert "Summary of contract conditions" in spec and "Pass or fail" in spec
    assert "A condition is not met whenever a report" in spec  # its remedies
    # Part T2's rule holds here too: no money remedy the pack does not set (service credits).
    assert "service credits" not in spec and "Incentive Schedule" not in spec
    assert "one row for each condition" in spec  # its reporting
    assert not SCORED.search(spec), SCORED.search(spec)
    html = re.sub(r"<[^>]+>", " ", found["html"][1].read_text())
    assert "Condition 2" in html and not SCORED.search(html), SCORED.search(html)
    response = _word(found["response"][1])
    assert "Use this form to confirm the contract conditions" in response
    assert "Will you meet it in full?" in response
    assert not SCORED.search(response.replace("no commitment to propose", "")), response
    data = found["workbook"][1].read_bytes()
    sheets = load_workbook(io.BytesIO(data))
    cells = " ".join(
        str(v) for ws in sheets if ws.title != "Issued" for r in ws.values for v in r if v
    )
    assert "asks for no figures" in cells and not re.search(r"Outcome|Minimum|Year 1", cells)
    assert workbook.read_commitments(data)["commitments"] == []
    tender = json.loads(found["ocds"][1].read_text())["releases"][0]["tender"]
    assert "awardCriteriaDetails" not in tender
    assert [lot["title"] for lot in tender["lots"]] == ["Civic offices", "Depots and libraries"]
    assert all("awardCriteria" not in lot for lot in tender["lots"])
    assert {s for g in tender["sustainability"] for s in g["strategies"]} == {
        "contractPerformanceConditions"
    }


def test_nothing_is_written_when_nothing_is_named_and_the_ranking_finds_none(
    runner, tmp_path, monkeypatch
):
    """No outcome named and none that fits: the clear error, and no file; conditions alone with
    no outcome that fits beside them: the error says how to issue them alone."""
    from specifier.specification import service

    monkeypatch.setattr(service, "candidates", lambda *args, **kwargs: [])
    path = tmp_path / "hatherdale-none.yaml"
    out = tmp_path / "spec.docx"
    args = ["generate-spec", "--council", "hatherdale", "--procurement", str(path)]
    path.write_text(CONTRACT.format(lots="", weighting="").split("  outcomes:")[0])
    result = runner.invoke(args=[*args, "--format", "docx", "--output", str(out)])
    assert result.exit_code == 1 and not out.exists()
    assert "Error: Outcomes: Choose at least one outcome" in result.output
    path.write_text(CONTRACT.format(lots="", weighting=""))
    result = runner.invoke(args=[*args, "--format", "docx", "--output", str(out)])
    assert result.exit_code == 1 and not out.exists()
    assert "carry no marks, and none of the council's accepted outcomes suits" in result.output
    assert "weighting_pct: 0" in result.output


def test_the_outcomes_page_adds_scored_outcomes_beside_conditions_unless_the_weighting_is_0(
    client, db
):
    """Ticking only the real Living Wage adds the accepted outcome that fits, and says so; with
    the weighting set to 0, the condition is saved alone and the document scores nothing."""
    council, found, url = _contract_to_choose_for(client, db)
    response = post_form(client, url, {"codes": ["FWK-01"]})
    assert response.status_code == 302
    spec = specifications.for_procurement(db, council["id"], found["id"])
    chosen = [o["measure_code"] for o in specifications.outcomes(db, council["id"], spec["id"])]
    assert chosen == ["FWK-01", "SKL-01"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You chose only contract conditions" in page and "set the weighting to 0" in page
    settings = {"weighting_pct": "0", "scoring_scale": "0-5", "status": "draft"}
    spec_url = f"/hatherdale/procurements/{found['id']}/specification"
    post_form(client, spec_url, settings, page=spec_url)
    after_progress(client, url)
    response = post_form(client, url, {"codes": ["FWK-01"]})
    assert response.status_code == 302
    spec = specifications.for_procurement(db, council["id"], found["id"])
    chosen = [o["measure_code"] for o in specifications.outcomes(db, council["id"], spec["id"])]
    assert chosen == ["FWK-01"]
    page = client.get(spec_url).get_data(as_text=True)
    assert "Nothing is scored: the weighting is 0%" in page
    word = _word_bytes(client.get(spec_url + ".docx").data)
    assert "Condition 1:" in word and not SCORED.search(word), SCORED.search(word)
