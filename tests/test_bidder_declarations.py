"""Bidder text, declarations and OCDS markers (thirteenth review: 13a E2, 13b D6, D7, D11).

- The "0 is rejected" rule names the outcomes it applies to, never one whose minimum accepts 0,
  and a pounds or hours ask below its family's smallest worthwhile amount accepts 0 as a
  whole-unit token does.
- A bidder declares terms of employment as terms, not as benefits "that would not happen
  without this contract".
- A concession, a light touch contract and one below the threshold say so in the OCDS release.
- An outcome linked to no priority never cites a council policy the council's file does not name.
"""

import copy
import datetime
import io
import json
from pathlib import Path

import docx
import jsonschema
import pytest
from test_token_asks import COUNCIL, GUARDING

from specifier.catalogue.files import builtin_measures
from specifier.specification import checks, document, proportionality
from specifier.specification.export import commitments, ocds, response_form

TODAY = datetime.date(2026, 12, 7)


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


def _build(measures, codes, procurement=GUARDING):
    chosen = [{"measure": measures[c], "priority": None} for c in codes]
    return document.build(document.Inputs(COUNCIL, procurement, chosen), today=TODAY)


def test_a_pounds_ask_below_the_smallest_worthwhile_sum_accepts_0(measures):
    """13a E2: VCSE spend on a 2.5 FTE guarding contract came to "less than £5,000": the log
    called it too small to fix, yet the specification rejected a tender offering 0."""
    found = proportionality.suggest(measures["ECO-06"], GUARDING)
    assert found.minimum is None and found.reason == "too-small" and found.raw < found.floor
    assert found.small_amount and found.optional
    doc = _build(measures, ["ECO-06"])
    [spend] = doc.outcomes
    minimum = doc.clause(f"outcome.{spend.code}.minimum").text
    assert "0 is accepted" in minimum
    # The size the rules worked out is the officer's to read, never the bidder's (part T2).
    assert "less than £5,000" not in minimum
    assert any("less than £5,000" in c.message for c in checks.run(doc))
    pass_fail = doc.clause("evaluation.pass-fail").text
    assert f"more than 0 for {spend.name}" not in pass_fail
    assert "is not a commitment: it is rejected" not in pass_fail


def test_a_pounds_ask_above_its_floor_still_needs_a_commitment(measures):
    found = proportionality.suggest(measures["ECO-01"], GUARDING)
    assert not found.small_amount and not found.optional


def test_the_0_rule_names_the_outcomes_it_applies_to(measures):
    """13a E2: "A commitment of 0, or a blank, is not a commitment: it is rejected" stood
    unqualified beside an outcome whose minimum said "0 is accepted"."""
    doc = _build(
        measures, ["ENV-07", "ECO-06"]
    )  # energy in buildings it runs: metered, a baseline exists
    carbon, spend = doc.outcomes
    assert carbon.minimum is None and not carbon.suggestion.optional
    assert spend.suggestion.optional
    pass_fail = doc.clause("evaluation.pass-fail").text
    assert (
        f"For {carbon.name}, a commitment of 0, or a blank, is not a commitment: it is rejected"
        in pass_fail
    )
    assert f"For {spend.name}, 0 is accepted with the reasons for it" in pass_fail
    assert "\nA commitment of 0" not in pass_fail and not pass_fail.startswith("A commitment of 0")


@pytest.mark.parametrize(
    ("unit", "kind"),
    [
        ("% of contract workforce", "terms"),
        ("% of contract fleet", "level"),
        ("people", "additional"),
        ("£ spent", "additional"),
    ],
)
def test_what_a_bidder_declares_follows_the_unit(unit, kind):
    assert response_form.declared(unit) == kind


def _form_text(doc):
    issue = commitments.issue_for(doc, source="t.yaml", generated_at="2026-12-07T08:00:00Z")
    form = docx.Document(io.BytesIO(response_form.render(doc, issue)))
    return "\n".join(p.text for p in form.paragraphs)


@pytest.mark.parametrize("code", ["FWK-05", "FWK-06", "FWK-09", "FWK-10"])
def test_terms_of_employment_are_not_declared_additional(measures, code):
    """13b D7: no firm can honestly sign that sick pay or carer's leave "would not happen
    without this contract"; a firm that already offers them would be rewarded for saying so."""
    cleaning = GUARDING | {"value_gbp": 4_000_000, "duration_months": 48}
    doc = _build(measures, [code, "JOB-02"], cleaning)
    text = _form_text(doc)
    terms, jobs = doc.outcomes
    assert "would not happen without this contract" in text  # still asked of the jobs
    declarations = text.split("We declare that the figures we give for outcome ")[1:]
    said = {d.split(" ", 1)[0]: d for d in declarations}
    assert "would not happen" not in said[str(terms.number)]
    assert "the terms apply to everyone in the contract workforce" in said[str(terms.number)]
    assert "would not happen without this contract" in said[str(jobs.number)]
    definition = doc.clause("definitions.additionality").text
    assert f"This does not apply to {terms.name}" in definition


def test_an_unlinked_outcome_never_cites_a_council_policy(measures):
    """13b D6: "it reflects the council's social value policy for services contracts" cited a
    policy no council file names."""
    doc = _build(measures, ["COM-17", "ECO-06", "JOB-02"])
    # An unlinked outcome gives a reason only where the contract itself gives one, else none
    # (FINDINGS-19a-u 3.2): what it asks for is said all the same.
    asks = [c.text for c in doc.clauses() if c.key and c.key.endswith(".outcome")]
    whys = [c.text for c in doc.clauses() if c.key and c.key.endswith(".why")]
    assert len(asks) == 3, asks
    assert not any("policy" in said for said in asks + whys)


def _tender(measures, **changes):
    doc = _build(measures, ["JOB-02"], GUARDING | changes)
    return ocds.release(doc)["tender"]


def test_ocds_marks_a_concession_light_touch_and_below_threshold(measures):
    """13b D11: the release carried no concession, light touch or below-threshold marker.
    OCDS 1.1 has no field for any of them: the core's procurementMethodDetails says it."""
    concession = _tender(measures, kind="concession", value_gbp=3_200_000)
    assert "Concession contract" in concession["procurementMethodDetails"]
    assert "not a cost to the council" in concession["procurementMethodDetails"]
    assert "Below the threshold" in concession["procurementMethodDetails"]
    care = _tender(measures, cpv_code="85311000", value_gbp=5_520_000, title="Respite care")
    assert "Light touch" in care["procurementMethodDetails"]
    assert "Below the threshold" not in care["procurementMethodDetails"]
    small = _tender(measures)  # £190,000 of guarding, below £214,904 or its successor
    assert "Below the threshold" in small["procurementMethodDetails"]
    big = _tender(measures, value_gbp=4_000_000)
    assert "procurementMethodDetails" not in big


def test_the_marker_is_a_field_the_ocds_schema_declares():
    schema = json.loads(
        (Path(__file__).parent / "data" / "ocds" / "release-schema.json").read_text()
    )
    tender = copy.deepcopy(schema["definitions"]["Tender"]["properties"])
    assert "procurementMethodDetails" in tender
    jsonschema.validate("Concession contract.", tender["procurementMethodDetails"])
