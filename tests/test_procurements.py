"""Procurements and specifications as a commissioner uses them in the web app (no browser)."""

import io
import re

import docx

from specifier import councils, priorities, procurements, specifications
from specifier.catalogue import get as get_measure
from specifier.fields import Invalid
from specifier.matching import decisions

FORM = {
    "title": "Street cleansing",
    "description": "Sweeping streets, emptying litter bins and clearing fly-tipping across the borough.",
    "category": "services",
    "cpv_code": "90610000",
    "value_gbp": "7,200,000",
    "duration_months": "36",
    "start_date": ["1", "10", "2026"],
    "nation": "England",
    "lots": "",
    "reference": "HC-SC-1",
}


def test_clean_names_each_bad_field():
    try:
        procurements.clean(
            {"category": "stuff", "value_gbp": "lots", "cpv_code": "12"}, default_nation="England"
        )
    except Invalid as exc:
        errors = exc.errors
    assert set(errors) >= {
        "title",
        "description",
        "category",
        "value_gbp",
        "duration_months",
        "cpv_code",
    }
    assert errors["category"] == "Select whether the contract is for works, goods or services"


def _hatherdale(db):
    return councils.get_by_slug(db, "hatherdale")


def _accept_two(db, council):
    active = priorities.search(db, council["id"], status="active")
    youth = next(p for p in active if "young people" in p["title"])
    wage = next(p for p in active if "Living Wage" in p["title"])
    decisions.record(db, council["id"], youth["id"], "SKL-01", "accepted")
    decisions.record(db, council["id"], wage["id"], "FWK-01", "accepted")


def test_from_contract_description_to_a_word_download(client, db):
    council = _hatherdale(db)
    _accept_two(db, council)
    response = client.post("/hatherdale/procurements/new", data=FORM)
    assert response.status_code == 302
    outcomes_url = response.headers["Location"]
    page = client.get(outcomes_url).get_data(as_text=True)
    assert "Choose the outcomes for this contract" in page
    assert "You accepted this measure" in page and "SKL-01" in page and "FWK-01" in page
    response = client.post(outcomes_url, data={"codes": ["SKL-01", "FWK-01"]})
    assert response.status_code == 302
    spec_url = response.headers["Location"]
    page = client.get(spec_url).get_data(as_text=True)
    for heading in (
        "Purpose and legal basis",
        "Definitions",
        "Prescribed outcomes",
        "Evaluation",
        "Contract management",
        "Summary",
        "Checks before export",
        "Flesch reading ease",
    ):
        assert heading in page
    assert "section 52" in page  # over £5m: at least three KPIs
    word = client.get(spec_url + ".docx")
    assert word.mimetype.endswith("wordprocessingml.document")
    reopened = docx.Document(io.BytesIO(word.data))
    assert reopened.core_properties.author == "Hatherdale Council"


def test_choosing_nothing_is_an_error_and_more_than_the_maximum_warns(client, db):
    council = _hatherdale(db)
    _accept_two(db, council)
    client.post("/hatherdale/procurements/new", data=FORM)
    found = procurements.for_council(db, council["id"])[0]
    url = f"/hatherdale/procurements/{found['id']}/outcomes"
    response = client.post(url, data={})
    assert response.status_code == 400
    assert "There is a problem" in response.get_data(as_text=True)
    codes = re.findall(
        r'name="codes" type="checkbox" value="([^"]+)"', response.get_data(as_text=True)
    )[:6]
    page = client.post(url, data={"codes": codes}, follow_redirects=True).get_data(as_text=True)
    assert "more than the council&#39;s maximum of 5" in page


def test_minimums_and_clause_edits_survive_regeneration(client, db):
    council = _hatherdale(db)
    pid = procurements.create(
        db,
        council["id"],
        procurements.clean(
            {k: v for k, v in FORM.items() if k != "start_date"}, default_nation="England"
        ),
    )
    spec = specifications.get_or_create(db, council["id"], pid)
    specifications.set_outcomes(db, council["id"], spec["id"], [("SKL-01", None), ("JOB-01", None)])
    base = f"/hatherdale/procurements/{pid}/specification"
    client.post(
        f"{base}/outcomes/SKL-01",
        data={"minimum": "12", "rationale": "Agreed with the service"},
        follow_redirects=True,
    )
    response = client.post(
        f"{base}/clauses/purpose.intro",
        data={"text": "Our own <b>intro</b>. Suppliers must read it."},
        follow_redirects=True,
    )
    assert "Clause 1.1 saved" in response.get_data(as_text=True)
    specifications.set_outcomes(db, council["id"], spec["id"], [("SKL-01", None), ("ECO-05", None)])
    page = client.get(base).get_data(as_text=True)
    assert "Our own &lt;b&gt;intro&lt;/b&gt;" in page
    assert "at least 12 people" in page and "Agreed with the service" in page
    html = client.get(base + ".html").get_data(as_text=True)
    assert "&lt;b&gt;intro&lt;/b&gt;" in html and "<b>intro</b>" not in html
    edit = client.get(f"{base}/clauses/purpose.intro").get_data(as_text=True)
    assert "Version 1" in edit
    client.post(
        f"{base}/clauses/purpose.intro", data={"text": "x", "reset": "1"}, follow_redirects=True
    )
    assert "purpose.intro" not in specifications.clause_edits(db, council["id"], spec["id"])
    assert len(specifications.clause_history(db, council["id"], spec["id"], "purpose.intro")) == 2


def test_below_threshold_has_no_section_unless_forced(client, db):
    council = _hatherdale(db)
    small = {k: v for k, v in FORM.items() if k != "start_date"} | {"value_gbp": "50000"}
    pid = procurements.create(
        db, council["id"], procurements.clean(small, default_nation="England")
    )
    spec = specifications.get_or_create(db, council["id"], pid)
    specifications.set_outcomes(db, council["id"], spec["id"], [("JOB-01", None)])
    base = f"/hatherdale/procurements/{pid}/specification"
    page = client.get(base).get_data(as_text=True)
    assert "below the council&#39;s threshold" in page
    assert client.get(base + ".docx").status_code == 404
    client.post(
        base,
        data={"weighting_pct": "5", "scoring_scale": "0-100", "status": "draft", "forced": "y"},
        follow_redirects=True,
    )
    page = client.get(base).get_data(as_text=True)
    assert "because you chose to include it" in page and "below 10%" in page
    assert client.get(base + ".docx").status_code == 200


def test_another_councils_procurement_is_not_found(client, db):
    other = councils.get_by_slug(db, "kilbrannan")
    pid = procurements.create(
        db,
        other["id"],
        procurements.clean(
            {k: v for k, v in FORM.items() if k != "start_date"}, default_nation="Scotland"
        ),
    )
    for path in ("specification", "outcomes", "edit", "specification.docx"):
        assert client.get(f"/hatherdale/procurements/{pid}/{path}").status_code == 404
    assert get_measure(db, other["id"], "JOB-01") is not None
