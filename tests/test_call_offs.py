"""A call-off under another body's framework (round U, part U1): recognised from the file or its
description, written under the framework's terms, with what is evaluated following the route.

Contracts of several kinds and nations, none of them the reviewed ones.
"""

import datetime
import io
import json
import re

import pytest
from conftest import after_progress, post_form
from openpyxl import load_workbook
from test_conditions_only import SCORED, _accept, _generate, _word, _word_bytes
from test_contract_terms_fit import COUNCIL, PRIORITY, SERVICES
from test_procurements import FORM, _accept_two, _hatherdale

from specifier.catalogue.files import builtin_measures
from specifier.fields import Invalid
from specifier.specification import call_offs, checks, document, procurements, specifications

# A cleaning contract bought under a regional buying organisation's framework.
CALL_OFF = """procurement:
  title: Office and depot cleaning
  description: >-
    Daily cleaning of the council's civic offices, two depots and four libraries, with about
    30 FTE cleaning staff.
  category: services
  cpv_code: "90919200"
  value_gbp: 6400000
  duration_months: 48
  start_date: "2027-04-01"
{call_off}specification:
{outcomes}"""
NAMED = "  call_off_under: Regional facilities services framework, lot 2 (cleaning)\n"
FURTHER = NAMED + "  call_off_route: further competition\n"
DIRECT = NAMED + "  call_off_route: direct award\n"
ONLY_WAGE = "  outcomes:\n    - measure: FWK-01\n"
# What a stand-alone covered procurement says, and a call-off must not assert.
OWN_PROCUREMENT = re.compile(
    r"covered procurement|section 23|section 52|section 71|section 68|Public Services \(Social"
    r" Value\) Act"
)


def _unscored(text):
    """The text without the framework's own commitments, which a call-off names as its terms."""
    return SCORED.search(text.replace("own commitments under the framework", ""))


def _cells(path):
    sheets = load_workbook(io.BytesIO(path.read_bytes()))
    return " ".join(
        str(v) for ws in sheets if ws.title != "Issued" for r in ws.values for v in r if v
    )


def test_a_further_competition_naming_only_a_condition_is_the_condition_alone_everywhere(
    app, runner, tmp_path
):
    """The officer named only the real Living Wage: no outcome is added beside it (main chose
    scored outcomes to carry the council's weighting), every format says it is a call-off under
    the framework, and nothing asserts the law of a procurement the council did not run."""
    _accept(app)
    found = _generate(runner, tmp_path, CALL_OFF.format(call_off=FURTHER, outcomes=ONLY_WAGE))
    for result, out in found.values():
        assert result.exit_code == 0, result.output
        assert out.exists()
        assert "1 contract condition alone, nothing scored" in result.output
    log = found["docx"][0].output
    assert "for a call-off under Regional facilities services framework" in log
    assert "name the outcomes to score under `outcomes:` beside the conditions" in log
    assert "Chose " not in log
    # The officer is told the rules the framework may run under, and asked to confirm them.
    assert "regulation 33" in log and "24 February 2025" in log and "sections 45" in log
    spec = _word(found["docx"][1])
    assert (
        "This contract is a call-off contract under Regional facilities services framework,"
        " lot 2 (cleaning), awarded by further competition among the framework's suppliers"
    ) in spec
    assert "Condition 1: Contract workers paid at least the Real Living Wage" in spec
    assert not _unscored(spec), _unscored(spec)
    assert not OWN_PROCUREMENT.search(spec), OWN_PROCUREMENT.search(spec)
    assert "social value schedule of the call-off contract, on the framework's call-off terms" in (
        spec
    )
    assert "material breach" not in spec
    html = re.sub(r"<[^>]+>", " ", found["html"][1].read_text())
    assert "call-off contract under Regional facilities services framework" in html
    assert not _unscored(html) and not OWN_PROCUREMENT.search(html)
    response = _word(found["response"][1])
    assert "Use this form to confirm the contract conditions" in response
    assert "asks for no figures" in _cells(found["workbook"][1])
    release = json.loads(found["ocds"][1].read_text())["releases"][0]
    assert release["relatedProcesses"] == [
        {
            "id": "1",
            "relationship": ["framework"],
            "title": "Regional facilities services framework, lot 2 (cleaning)",
        }
    ]
    details = release["tender"]["procurementMethodDetails"]
    assert "Call-off contract under Regional facilities services framework" in details
    assert "awarded by further competition" in details
    strategies = {s for g in release["tender"]["sustainability"] for s in g["strategies"]}
    assert strategies == {"contractPerformanceConditions"}


def test_a_direct_award_scores_nothing_and_keeps_only_the_conditions_chosen(app, runner, tmp_path):
    """Nothing named: the ranking's contract conditions go into the call-off and its scored
    choices are left out, said in the log; a scored outcome named is an error."""
    _accept(app)
    found = _generate(runner, tmp_path, CALL_OFF.format(call_off=DIRECT, outcomes=""))
    for result, out in found.values():
        assert result.exit_code == 0, result.output
        assert out.exists()
        assert "contract condition alone, nothing scored" in result.output
    log = found["docx"][0].output
    assert re.search(r"Left out [A-Z]{3}-\d\d.*: a direct award under a framework scores", log)
    spec = _word(found["docx"][1])
    assert "awarded directly to a supplier on the framework, without a further competition" in spec
    assert "The supplier's own commitments under the framework apply to it" in spec
    assert not _unscored(spec), _unscored(spec)
    assert "Method statement" not in _word(found["response"][1])
    release = json.loads(found["ocds"][1].read_text())["releases"][0]
    assert "awarded by direct award" in release["tender"]["procurementMethodDetails"]
    strategies = {s for g in release["tender"]["sustainability"] for s in g["strategies"]}
    assert strategies == {"contractPerformanceConditions"}
    scored = "  outcomes:\n    - measure: JOB-02\n    - measure: FWK-01\n"
    path = tmp_path / "hatherdale-direct.yaml"
    path.write_text(CALL_OFF.format(call_off=DIRECT, outcomes=scored), encoding="utf-8")
    out = tmp_path / "direct.docx"
    args = ["generate-spec", "--council", "hatherdale", "--procurement", str(path)]
    result = runner.invoke(args=[*args, "--format", "docx", "--output", str(out)])
    assert result.exit_code == 1 and not out.exists()
    assert "A direct award under a framework scores nothing" in result.output


def test_a_further_competition_the_ranking_chooses_for_asks_within_the_framework_criteria(
    app, runner, tmp_path
):
    """No outcome named in a further competition: the ranking chooses the scored outcomes as
    before, the bidder reads that they are asked within the framework's further competition
    criteria, and the officer is asked to confirm the framework allows that weighting."""
    _accept(app)
    found = _generate(runner, tmp_path, CALL_OFF.format(call_off=FURTHER, outcomes=""))
    result, out = found["docx"]
    assert result.exit_code == 0, result.output
    assert "Warning: Call-off: Social value is scored at 15% in the further competition" in (
        result.output
    )
    assert "allows a social value criterion at that weighting" in result.output
    spec = _word(out)
    assert (
        "The social value questions in this section are asked within the framework's further"
        " competition award criteria"
    ) in spec
    assert "Outcome 1:" in spec
    assert not OWN_PROCUREMENT.search(spec), OWN_PROCUREMENT.search(spec)


@pytest.fixture(scope="module")
def measures():
    return {m["code"]: m for m in builtin_measures()}


def _build(measures, contract, codes=("FWK-01",), council=COUNCIL):
    chosen = [
        {"measure": measures[c], "priority": PRIORITY, "eligibility": {"places": [], "groups": []}}
        for c in codes
    ]
    inputs = document.Inputs(council, SERVICES | contract, chosen)
    return document.build(inputs, today=datetime.date(2026, 12, 7))


# Contracts of each kind and nation whose descriptions alone say they are call-offs.
BY_DESCRIPTION = [
    {
        "title": "Gritter replacement",
        "description": "The council is buying six gritters through the national fleet vehicles"
        " framework by direct award to the supplier ranked first on its lot.",
        "category": "goods",
        "cpv_code": "34144420",
        "value_gbp": 1_100_000,
        "duration_months": 12,
        "nation": "Scotland",
    },
    {
        "title": "Resurfacing of the coast road",
        "description": "Calling off surfacing works from a regional highways framework, by"
        " mini-competition among the contractors on its surfacing lot, on an NEC4 contract.",
        "category": "works",
        "cpv_code": "45233142",
        "value_gbp": 3_200_000,
        "duration_months": 9,
        "nation": "Wales",
    },
    {
        "title": "Legal services for a housing stock transfer",
        "description": "External legal advice on a stock transfer, called off under a national"
        " legal services panel framework by further competition.",
        "category": "services",
        "cpv_code": "79100000",
        "value_gbp": 450_000,
        "duration_months": 24,
        "nation": "Northern Ireland",
    },
]


@pytest.mark.parametrize("contract", BY_DESCRIPTION, ids=lambda c: c["nation"])
def test_the_description_alone_is_enough_to_write_a_call_off(measures, contract):
    """No call-off field set: the description's words make it a call-off, with its route, and
    the officer is told what was read; nothing of the council's own procurement is asserted."""
    doc = _build(measures, {**contract, "kind": "contract", "lots": [], "reference": "X-1"})
    found = doc.law.call_off
    assert found and found.read_from and found.route in call_offs.ROUTES
    law = doc.clause("purpose.law").text
    assert law.startswith("This contract is a call-off contract under the framework named in")
    assert not OWN_PROCUREMENT.search(law) and "regulated procurement" not in law
    if contract["nation"] == "Scotland":  # the 2014 Act's own rule for call-offs, whatever else
        assert "section 6 of the Procurement Reform (Scotland) Act 2014" in law
    assert doc.conditions_only  # only a condition was named
    said = [c.message for c in checks.run(doc) if c.topic == "Call-off"]
    assert any(f'The description says "{found.read_from}"' in m for m in said), said
    assert any("call_off_under" in m for m in said)


def test_the_councils_own_framework_and_a_contract_of_its_own_are_unchanged(measures):
    """A framework the council sets up keeps its call-off clause, and a contract that names an
    earlier framework, or none, is a contract of the council's own."""
    base = {"category": "services", "cpv_code": "90919200", "value_gbp": 6_400_000}
    base |= {"duration_months": 48, "nation": "England", "lots": [], "reference": "X-2"}
    own = base | {
        "kind": "framework",
        "guaranteed_value_gbp": None,
        "title": "Cleaning framework",
        "description": "A framework for cleaning; call-offs by further competition among its"
        " suppliers, or direct award under this framework's ranking.",
    }
    doc = _build(measures, own, codes=("FWK-01", "JOB-02"))
    assert doc.law.call_off is None and doc.clause("purpose.framework")
    assert "covered procurement" in doc.clause("purpose.law").text
    alone = base | {
        "kind": "contract",
        "title": "Office cleaning",
        "description": "Daily office cleaning. The previous contract was awarded under a"
        " national framework in 2021, and the council previously called off from a regional"
        " framework, but this contract is tendered on its own.",
    }
    doc = _build(measures, alone, codes=("FWK-01", "JOB-02"))
    assert doc.law.call_off is None and doc.outcomes
    assert "covered procurement" in doc.clause("purpose.law").text


def test_the_call_off_fields_are_validated():
    """A route is further competition or direct award, and only a contract is a call-off."""
    base = {"title": "T", "description": "D", "category": "services", "value_gbp": "100000"}
    base |= {"duration_months": "12"}
    record = procurements.clean(
        base | {"call_off_under": "A framework, lot 1", "call_off_route": "Mini-competition"},
        default_nation="England",
    )
    assert record["call_off_route"] == "further competition"
    with pytest.raises(Invalid) as bad:
        procurements.clean(base | {"call_off_route": "negotiation"}, default_nation="England")
    assert "further competition, direct award" in bad.value.errors["call_off_route"]
    with pytest.raises(Invalid) as bad:
        procurements.clean(
            base | {"kind": "framework", "call_off_under": "Another's framework"},
            default_nation="England",
        )
    assert "is a contract" in bad.value.errors["call_off_under"]


def test_the_web_app_writes_a_call_off_from_its_form_as_a_file_does(client, db):
    """The contract's details take the framework and route; ticking only a condition for a
    further competition saves it alone (main added a scored outcome beside it), and the Word
    download says it is a call-off with nothing scored."""
    council = _hatherdale(db)
    _accept_two(db, council)
    data = FORM | {
        "call_off_under": "Regional street services framework, lot 1",
        "call_off_route": call_offs.FURTHER,
    }
    response = client.post("/hatherdale/procurements/new", data=data)
    assert response.status_code == 302
    found = procurements.for_council(db, council["id"])[0]
    assert found["call_off_route"] == "further competition"
    url = f"/hatherdale/procurements/{found['id']}/outcomes"
    after_progress(client, url)
    response = post_form(client, url, {"codes": ["FWK-01"]})
    assert response.status_code == 302
    spec = specifications.for_procurement(db, council["id"], found["id"])
    chosen = [o["measure_code"] for o in specifications.outcomes(db, council["id"], spec["id"])]
    assert chosen == ["FWK-01"]
    spec_url = f"/hatherdale/procurements/{found['id']}/specification"
    word = _word_bytes(client.get(spec_url + ".docx").data)
    assert "call-off contract under Regional street services framework, lot 1" in word
    assert "Condition 1:" in word and not _unscored(word), _unscored(word)
    edit = client.get(f"/hatherdale/procurements/{found['id']}/edit").get_data(as_text=True)
    assert "Regional street services framework, lot 1" in edit
