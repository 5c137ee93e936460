"""An outcome failing a blocking fit check never reaches bidders: replaced or left out, one rule."""

import io
import json

import docx
import pytest
from conftest import undecided

from specifier.catalogue import catalogue
from specifier.matching import decisions
from specifier.priorities import priorities
from specifier.specification import (
    document,
    eligibility,
    fit,
    lifecycle,
    procurements,
    service,
    specifications,
)

GROUNDS = {
    "title": "Cemetery grounds maintenance",
    "description": "Grass cutting, hedge and tree work and path maintenance at four cemeteries.",
    "category": "services",
    "cpv_code": "77314000",
    "value_gbp": 900000,
    "duration_months": 36,
    "reference": "HC-GM-1",
}
GROUNDS_FILE = (
    "procurement:\n  title: Cemetery grounds maintenance\n"
    "  description: Grass cutting, hedge and tree work and path maintenance at four cemeteries.\n"
    "  category: services\n  cpv_code: '77314000'\n  value_gbp: 900000\n  duration_months: 36\n"
    "specification:\n  outcomes:\n"
)
PESTICIDES = "ENV-24"  # how the grounds are maintained: the contract's own work
KEPT = "JOB-02"  # jobs for people facing barriers: fits any service


@pytest.fixture
def hatherdale(db):
    """Hatherdale with no match decisions: a test accepts what its replacement may draw on."""
    return undecided(db, "hatherdale")


def _priority(db, council, words):
    active = priorities.search(db, council["id"], status="active")
    return next(p for p in active if words in p["title"])


def _file(tmp_path, *outcomes):
    lines = "".join(
        f"    - measure: {code}\n      priority: {prio}\n      places: []\n"
        for code, prio in outcomes
    )
    path = tmp_path / "grounds.yaml"
    path.write_text(GROUNDS_FILE + lines)
    return path


def _generate(runner, path, out, fmt="html"):
    args = ["generate-spec", "--council", "hatherdale", "--procurement", str(path)]
    return runner.invoke(args=[*args, "--format", fmt, "--output", str(out)])


def test_the_cli_writes_no_bidder_file_with_a_failing_outcome_and_says_what_to_do(
    runner, db, hatherdale, tmp_path
):
    carbon = _priority(db, hatherdale, "Cut carbon")["title"]
    barriers = _priority(db, hatherdale, "barriers")["title"]
    path = _file(tmp_path, (PESTICIDES, carbon), (KEPT, barriers))
    for fmt in ("docx", "html", "ocds", "response", "workbook"):
        out = tmp_path / f"pack.{fmt}"
        result = _generate(runner, path, out, fmt)
        assert result.exit_code == 0, result.output
        assert (
            "Outcome 1 (ENV-24: Sites maintained without chemical pesticides) left out: it"
            " measures how the grounds are maintained" in result.output
        )
        assert "Make it a requirement of the specification, or choose another outcome" in (
            result.output
        )
        assert "Error:" not in result.output  # said once, as what was done and what to do
    assert "pesticide" not in (tmp_path / "pack.html").read_text().lower()
    word = docx.Document(io.BytesIO((tmp_path / "pack.docx").read_bytes()))
    assert not any("pesticide" in p.text.lower() for p in word.paragraphs)
    response = docx.Document(io.BytesIO((tmp_path / "pack.response").read_bytes()))
    assert not any("ENV-24" in p.text or "pesticide" in p.text for p in response.paragraphs)
    assert "ENV-24" not in (tmp_path / "pack.ocds").read_text()
    assert json.loads((tmp_path / "pack.ocds").read_text())["releases"]


def test_the_cli_writes_nothing_when_no_outcome_is_left(runner, db, hatherdale, tmp_path):
    carbon = _priority(db, hatherdale, "Cut carbon")["title"]
    out = tmp_path / "pack.html"
    result = _generate(runner, _file(tmp_path, (PESTICIDES, carbon)), out)
    assert result.exit_code == 1, result.output
    assert not out.exists()
    assert "Error: No outcome is left" in result.output
    assert "Wrote" not in result.output
    # The officer is told what would suit instead, never the outcome that failed.
    [offered] = [
        line for line in result.output.splitlines() if "suit this contract instead" in line
    ]
    assert "ENV-24" not in offered and "Name one under `outcomes:`" in offered


def _inputs(db, council, chosen):
    record = procurements.clean(GROUNDS, default_nation="England")
    return document.Inputs(council=council, procurement=record, chosen=chosen)


def test_a_replacement_is_an_accepted_match_of_the_same_priority_that_passes_the_checks(
    db, hatherdale
):
    carbon = _priority(db, hatherdale, "Cut carbon")
    other = _priority(db, hatherdale, "young people")
    # Accepted for another priority only: never taken for this one.
    decisions.record(db, hatherdale["id"], other["id"], "COM-17", "accepted")
    # Accepted for this priority but failing a check itself: green space is this work too.
    decisions.record(db, hatherdale["id"], carbon["id"], "ENV-27", "accepted")
    record = procurements.clean(GROUNDS, default_nation="England")
    chosen = [{"measure": catalogue.get(db, hatherdale["id"], PESTICIDES), "priority": carbon}]

    def plan():
        alternatives = service.alternatives(db, hatherdale["id"], record)
        return fit.plan(_inputs(db, hatherdale, chosen), alternatives)

    assert plan().doc.prescribed == [] and not plan().writable
    # Accepted for this priority and passing every check: it takes the outcome's place.
    decisions.record(db, hatherdale["id"], carbon["id"], "COM-17", "accepted")
    found = plan()
    [replaced] = found.doc.prescribed
    assert replaced.code == "COM-17" and replaced.priority["id"] == carbon["id"]
    assert found.notes == (
        "Outcome 1 (ENV-24: Sites maintained without chemical pesticides) replaced by COM-17"
        " (Staff volunteering hours for local community projects), another of the council's"
        " accepted measures for “Cut carbon from the vehicles that deliver council services”:"
        " it measures how the grounds are maintained, part of the work this contract itself"
        " pays for. Make it a requirement of the specification, or choose another outcome.",
    )
    assert not fit.failing(found.doc) and found.writable


def test_a_replacement_is_never_one_already_chosen_or_one_not_accepted(db, hatherdale):
    carbon = _priority(db, hatherdale, "Cut carbon")
    barriers = _priority(db, hatherdale, "barriers")
    chosen = [
        {"measure": catalogue.get(db, hatherdale["id"], PESTICIDES), "priority": carbon},
        {
            "measure": catalogue.get(db, hatherdale["id"], KEPT),
            "priority": barriers,
            "eligibility": eligibility.ANYONE,
        },
    ]
    record = procurements.clean(GROUNDS, default_nation="England")
    # Nothing accepted for the priority: the outcome is left out, the rest kept.
    plan = fit.plan(
        _inputs(db, hatherdale, chosen), service.alternatives(db, hatherdale["id"], record)
    )
    assert [o.code for o in plan.doc.prescribed] == [KEPT]
    assert plan.notes[0].startswith("Outcome 1 (ENV-24: Sites maintained without chemical")
    assert " left out: " in plan.notes[0]
    # The only accepted match is already chosen: still left out.
    decisions.record(db, hatherdale["id"], carbon["id"], KEPT, "accepted")
    plan = fit.plan(
        _inputs(db, hatherdale, chosen), service.alternatives(db, hatherdale["id"], record)
    )
    assert [o.code for o in plan.doc.prescribed] == [KEPT]


def _stored(db, council, codes_and_priorities):
    record = procurements.clean(GROUNDS, default_nation="England")
    procurement_id = procurements.create(db, council["id"], record)
    spec = specifications.get_or_create(db, council["id"], procurement_id)
    specifications.set_outcomes(db, council["id"], spec["id"], codes_and_priorities)
    for code, _ in codes_and_priorities:
        specifications.set_eligibility(
            db, council["id"], spec["id"], code, eligibility.dump(eligibility.ANYONE)
        )
    return procurement_id


def test_the_web_downloads_and_final_agree_with_the_cli(client, db, hatherdale):
    carbon = _priority(db, hatherdale, "Cut carbon")
    barriers = _priority(db, hatherdale, "barriers")
    procurement_id = _stored(db, hatherdale, [(PESTICIDES, carbon["id"]), (KEPT, barriers["id"])])
    base = f"/hatherdale/procurements/{procurement_id}"
    html = client.get(f"{base}/specification.html").get_data(as_text=True)
    assert "pesticide" not in html.lower()
    assert "ENV-24" not in client.get(f"{base}/specification.ocds").get_data(as_text=True)
    word = docx.Document(io.BytesIO(client.get(f"{base}/specification.docx").data))
    assert not any("pesticide" in p.text.lower() for p in word.paragraphs)
    line = "Outcome 1 (ENV-24: Sites maintained without chemical pesticides) left out: it measures"
    page = client.get(f"{base}/specification").get_data(as_text=True)
    assert line in page  # the officer view says it, as the log does
    final = f"/hatherdale/workspace/specifications/{procurement_id}/final"
    page = client.get(final).get_data(as_text=True)
    assert "cannot be final yet" in page and line in page
    client.post(final, data={})
    spec = specifications.for_procurement(db, hatherdale["id"], procurement_id)
    assert spec["status"] == "draft"


def test_the_web_writes_no_bidder_file_when_no_outcome_is_left(client, db, hatherdale):
    carbon = _priority(db, hatherdale, "Cut carbon")
    procurement_id = _stored(db, hatherdale, [(PESTICIDES, carbon["id"])])
    base = f"/hatherdale/procurements/{procurement_id}"
    for fmt in ("docx", "html", "ocds"):
        response = client.get(f"{base}/specification.{fmt}")
        assert response.status_code == 302, fmt
    page = client.get(f"{base}/specification.html", follow_redirects=True).get_data(as_text=True)
    assert "No outcome is left" in page


HARBOUR = GROUNDS | {
    "title": "Harbour wall and slipway renewal",
    "description": "Rebuilding the harbour wall, a new slipway and pontoon.",
    "category": "works",
    "cpv_code": "45241000",
}
CLEAN_HEAT = {
    "id": 99,
    "title": "Build local skills for the move to clean heat, retrofit and renewable energy",
    "description": "",
    "theme": "skills",
    "importance": "high",
    "evidence_statistic": "",
    "evidence_source": "",
    "evidence_date": "",
    "places": [],
    "target_groups": [],
}


def test_apprentices_on_a_contract_do_not_serve_a_priority_for_skills_in_other_trades(
    db, hatherdale
):
    """First review, item 30: harbour-wall apprentices are not clean heat installers."""
    apprentices = catalogue.get(db, hatherdale["id"], "SKL-01")
    chosen = [{"measure": apprentices, "priority": CLEAN_HEAT, "eligibility": eligibility.ANYONE}]
    record = procurements.clean(HARBOUR, default_nation="England")
    inputs = document.Inputs(council=hatherdale, procurement=record, chosen=chosen)
    plan = fit.plan(inputs)
    assert plan.doc.prescribed == [] and not plan.writable
    assert (
        "left out: it does not serve “Build local skills for the move to clean heat"
        in (plan.notes[0])
    )
    assert (
        "posts on this contract are not in clean heat, retrofit and renewable energy"
        in (plan.notes[0])
    )
    # Nor does certifying the harbour's workers in low-carbon trades, which is not their work.
    green = catalogue.get(db, hatherdale["id"], "SKL-19")
    chosen_green = [{"measure": green, "priority": CLEAN_HEAT, "eligibility": eligibility.ANYONE}]
    inputs = document.Inputs(council=hatherdale, procurement=record, chosen=chosen_green)
    assert fit.plan(inputs).doc.prescribed == []
    # On a retrofit contract the same apprentices learn those trades: they serve it.
    retrofit = HARBOUR | {
        "title": "Whole-house retrofit programme",
        "description": "External wall insulation and air source heat pumps for council homes.",
    }
    record = procurements.clean(retrofit, default_nation="England")
    inputs = document.Inputs(council=hatherdale, procurement=record, chosen=chosen)
    assert [o.code for o in fit.plan(inputs).doc.prescribed] == ["SKL-01"]
    inputs = document.Inputs(council=hatherdale, procurement=record, chosen=chosen_green)
    assert [o.code for o in fit.plan(inputs).doc.prescribed] == ["SKL-19"]


def test_who_counts_not_yet_confirmed_is_issued_as_anyone_but_stops_final(db, hatherdale):
    """Not a failed fit: the draft states the priority's places and groups, and final waits."""
    barriers = _priority(db, hatherdale, "barriers")  # names places and groups
    chosen = [{"measure": catalogue.get(db, hatherdale["id"], KEPT), "priority": barriers}]
    plan = fit.plan(_inputs(db, hatherdale, chosen))
    [o] = plan.doc.prescribed
    assert o.eligibility_state == "proposed" and plan.writable and plan.notes == ()
    problems = lifecycle.final_problems(plan.chosen, fit.findings(plan.chosen, plan.notes))
    assert any(p.startswith("Who counts: Outcome 1 (JOB-02)") for p in problems)


def test_an_outcome_for_the_wrong_priority_is_credited_to_one_the_council_accepted_it_for(
    db, hatherdale
):
    """Harbour apprentices do not serve clean heat skills, but do serve the youth priority."""
    youth = _priority(db, hatherdale, "young people")
    decisions.record(db, hatherdale["id"], youth["id"], "SKL-01", "accepted")
    apprentices = catalogue.get(db, hatherdale["id"], "SKL-01")
    chosen = [{"measure": apprentices, "priority": CLEAN_HEAT, "eligibility": eligibility.ANYONE}]
    record = procurements.clean(HARBOUR, default_nation="England")
    inputs = document.Inputs(council=hatherdale, procurement=record, chosen=chosen)
    found = fit.plan(inputs, credits=service.credits(db, hatherdale["id"]))
    [kept] = found.doc.prescribed
    assert kept.code == "SKL-01" and kept.priority["id"] == youth["id"]
    assert f"credited to “{youth['title']}” instead" in found.notes[0]
    # A priority that did not accept it is never credited.
    decisions.record(db, hatherdale["id"], youth["id"], "SKL-01", "rejected")
    found = fit.plan(inputs, credits=service.credits(db, hatherdale["id"]))
    assert found.doc.prescribed == [] and "left out" in found.notes[0]
