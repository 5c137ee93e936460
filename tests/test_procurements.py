"""Procurements and specifications as a commissioner uses them in the web app (no browser)."""

import io
import re

import docx
import lxml.html
from conftest import after_progress, post_form, undecided

from specifier.catalogue import catalogue
from specifier.catalogue.catalogue import get as get_measure
from specifier.councils import councils
from specifier.fields import Invalid, number
from specifier.matching import decisions
from specifier.priorities import priorities
from specifier.specification import procurements, relevance, specifications
from specifier.specification.forms import lot_from_line

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
    return undecided(db, "hatherdale")


def _accept_two(db, council):
    active = priorities.search(db, council["id"], status="active")
    youth = next(p for p in active if "young people" in p["title"])
    wage = next(p for p in active if "Living Wage" in p["title"])
    decisions.record(db, council["id"], youth["id"], "SKL-01", "accepted")
    decisions.record(db, council["id"], wage["id"], "FWK-01", "accepted")


def _contract_to_choose_for(client, db):
    """Hatherdale with two accepted matches and a new contract; return it and its outcomes page.

    The page has been opened once, so what ranking its outcomes needs is embedded.
    """
    council = _hatherdale(db)
    _accept_two(db, council)
    client.post("/hatherdale/procurements/new", data=FORM)
    found = procurements.for_council(db, council["id"])[0]
    url = f"/hatherdale/procurements/{found['id']}/outcomes"
    after_progress(client, url)
    return council, found, url


def test_from_contract_description_to_a_word_download(client, db):
    council = _hatherdale(db)
    _accept_two(db, council)
    response = client.post("/hatherdale/procurements/new", data=FORM)
    assert response.status_code == 302
    outcomes_url = response.headers["Location"]
    first, page = after_progress(client, outcomes_url)
    # Nothing of this contract is embedded yet: progress first, not a silent wait.
    assert first.status_code == 202
    assert "Finding the outcomes that fit this contract" in first.get_data(as_text=True)
    page = page.get_data(as_text=True)
    assert "Choose the outcomes for this contract" in page
    assert "Relevance" not in page and not re.search(r"\(0\.\d\d\)", page)  # no bare scores
    assert "You accepted this measure" in page and "SKL-01" in page and "FWK-01" in page
    response = post_form(client, outcomes_url, {"codes": ["SKL-01", "FWK-01"]})
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


def test_the_outcomes_page_shows_progress_while_the_contract_is_read_and_then_opens_at_once(
    client, db
):
    """Ranking outcomes needs every measure embedded: the first visit says so, not a silent wait."""
    council = _hatherdale(db)
    _accept_two(db, council)
    client.post("/hatherdale/procurements/new", data=FORM)
    found = procurements.for_council(db, council["id"])[0]
    url = f"/hatherdale/procurements/{found['id']}/outcomes"
    first, page = after_progress(client, url)
    progress = first.get_data(as_text=True)
    assert first.status_code == 202
    assert "Finding the outcomes that fit this contract" in progress
    assert 'role="status"' in progress and "Check progress" in progress
    assert f'data-progress-url="{url}/progress.json"' in progress
    assert page.status_code == 200 and "Choose the outcomes for this contract" in page.text
    again = client.get(url)  # everything is embedded now: no progress page
    assert again.status_code == 200 and "Choose the outcomes for this contract" in again.text
    assert client.get(f"{url}/progress.json").json == {
        "ready": True,
        "percent": 100,
        "error": False,
    }


def test_saving_outcomes_never_stops_at_a_progress_page(client, db):
    """A save that finds something not yet embedded waits for it, so the ticks are not lost."""
    council = _hatherdale(db)
    _accept_two(db, council)
    client.post("/hatherdale/procurements/new", data=FORM)
    found = procurements.for_council(db, council["id"])[0]
    url = f"/hatherdale/procurements/{found['id']}/outcomes"
    response = client.post(url, data={"codes": ["SKL-01"], "was": ""})
    assert response.status_code == 302 and response.headers["Location"].endswith("/specification")
    spec = specifications.for_procurement(db, council["id"], found["id"])
    assert [o["measure_code"] for o in specifications.outcomes(db, council["id"], spec["id"])] == [
        "SKL-01"
    ]


def test_choosing_nothing_or_more_than_the_councils_maximum_is_an_error(client, db):
    council, found, url = _contract_to_choose_for(client, db)
    response = post_form(client, url, {})
    assert response.status_code == 400
    assert "There is a problem" in response.get_data(as_text=True)
    offered = re.findall(
        r'name="codes" type="checkbox" value="([^"]+)"', response.get_data(as_text=True)
    )
    # The cap counts scored outcomes: a contract condition uses no slot (eleventh review H2).
    condition = [c for c in offered if relevance.is_condition(get_measure(db, council["id"], c))]
    codes = [c for c in offered if c not in condition][:6]
    refused = post_form(client, url, {"codes": codes})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "<title>Error: Choose the outcomes" in page
    assert "Select 5 outcomes or fewer: your council&#39;s policy is at most 5 per tender" in page
    assert "You have chosen 6 scored outcomes, more than the 5 your council's policy allows" in page
    ticked = re.findall(r'name="codes" type="checkbox" value="[^"]+"[^>]*\schecked', page)
    assert len(ticked) == 6  # your ticks are kept to untick some
    spec = specifications.get_or_create(db, council["id"], found["id"])
    assert specifications.outcomes(db, council["id"], spec["id"]) == []
    assert post_form(client, url, {"codes": codes[:5] + condition[:1]}).status_code == 302


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
    post_form(
        client,
        f"{base}/outcomes/SKL-01",
        {"minimum": "12", "rationale": "Agreed with the service"},
        page=base,
    )
    response = post_form(
        client,
        f"{base}/clauses/purpose.intro",
        {"text": "Our own <b>intro</b>. Suppliers must read it."},
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
    post_form(client, f"{base}/clauses/purpose.intro", {"text": "x", "reset": "1"})
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
    post_form(
        client,
        base,
        {"weighting_pct": "5", "scoring_scale": "0-100", "status": "draft", "forced": "y"},
        page=base,
    )
    page = client.get(base).get_data(as_text=True)
    assert "because you chose to include it" in page and "below 10%" in page
    assert client.get(base + ".docx").status_code == 200
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    bad = {"weighting_pct": "abc", "scoring_scale": "0-5", "status": "draft", "version": version}
    assert client.post(base, data=bad).status_code == 400  # an error, like every other form


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


def _specification(db, codes, **changes):
    """Store a procurement with these outcomes chosen; return its specification page's URL."""
    council = _hatherdale(db)
    form = {k: v for k, v in FORM.items() if k != "start_date"} | changes
    pid = procurements.create(db, council["id"], procurements.clean(form, default_nation="England"))
    spec = specifications.get_or_create(db, council["id"], pid)
    specifications.set_outcomes(db, council["id"], spec["id"], [(code, None) for code in codes])
    return f"/hatherdale/procurements/{pid}/specification"


def test_an_edited_clause_says_when_its_generated_wording_has_changed(client, db):
    base = _specification(db, ["SKL-01", "JOB-01"])
    council = _hatherdale(db)
    spec = specifications.for_procurement(db, council["id"], int(base.split("/")[-2]))
    post_form(client, f"{base}/clauses/purpose.intro", {"text": "Ours: social value is 15%."})
    notice = "The generated wording has changed since you edited this clause"
    page = client.get(base).get_data(as_text=True)
    assert "Ours: social value is 15%." in page and notice not in page
    settings = {"weighting_pct": 30, "scoring_scale": "0-5", "status": "draft", "forced": 0}
    specifications.update_settings(db, council["id"], spec["id"], settings)
    page = client.get(base).get_data(as_text=True)
    assert notice in page and "Ours: social value is 15%." in page
    assert "Social value is 30% of the total score for this tender." in page
    assert "Clause 1.1: the generated wording has changed since you edited this clause" in page
    edit = client.get(f"{base}/clauses/purpose.intro").get_data(as_text=True)
    assert notice in edit and "Social value is 30% of the total score for this tender." in edit
    post_form(client, f"{base}/clauses/purpose.intro", {"text": "Ours: social value is 30%."})
    assert notice not in client.get(base).get_data(as_text=True)


def _stored_minimum(db, base, code):
    council = _hatherdale(db)
    pid = int(base.split("/")[-2])
    spec = specifications.for_procurement(db, council["id"], pid)
    return specifications.outcome(db, council["id"], spec["id"], code)


def test_number_refuses_values_that_are_not_finite():
    for value in ("inf", "-inf", "Infinity", "nan", "NaN", "1e400", "-1e400"):
        try:
            number(value)
        except ValueError:
            continue
        raise AssertionError(f"{value!r} was accepted")
    assert number("1e3") == 1000


def test_a_minimum_that_is_not_a_finite_number_is_refused_and_pages_still_work(client, db):
    base = _specification(db, ["SKL-01"])
    for value in ("inf", "1e400", "nan", "1e308"):
        response = post_form(client, f"{base}/outcomes/SKL-01", {"minimum": value}, page=base)
        assert response.status_code == 400, value
        assert "Minimum updated" not in response.get_data(as_text=True)
        assert _stored_minimum(db, base, "SKL-01")["minimum"] is None
    for path in ("", "/clauses/outcome.SKL-01.minimum", ".docx", ".html", ".ocds"):
        assert client.get(base + path).status_code == 200, path


def test_the_ocds_download_uses_the_publishers_prefix(app, client, db):
    base = _specification(db, ["SKL-01"])
    app.config["OCDS_PREFIX"] = "ocds-a1b2c3"
    release = client.get(base + ".ocds").get_json()["releases"][0]
    assert release["ocid"].startswith("ocds-a1b2c3-hatherdale-")


def test_a_bad_minimum_already_stored_does_not_break_the_pages(client, db):
    base = _specification(db, ["SKL-01"])
    for bad in (float("inf"), 1e308, 0):
        db.execute(
            "UPDATE specification_outcomes SET minimum = ? WHERE measure_code = 'SKL-01'", [bad]
        )
        for path in ("", "/clauses/outcome.SKL-01.minimum", ".docx", ".html", ".ocds"):
            assert client.get(base + path).status_code == 200, (bad, path)
        page = client.get(base).get_data(as_text=True)
        assert "at least 2 people" in page  # treated as no edit: the suggestion stands


def test_a_huge_contract_value_is_an_error_not_a_crash(client, db):
    form = FORM | {"value_gbp": "99999999999999999999999"}
    response = client.post("/hatherdale/procurements/new", data=form)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "There is a problem" in page
    assert "Estimated value must be £100 billion or less" in page
    largest = {k: v for k, v in FORM.items() if k != "start_date"} | {
        "value_gbp": "£100,000,000,000"
    }
    assert procurements.clean(largest, default_nation="England")["value_gbp"] == 100_000_000_000


def test_a_minimum_of_zero_is_refused(client, db):
    base = _specification(db, ["SKL-01"])
    for value in ("0", "0.0", "-0"):
        response = post_form(client, f"{base}/outcomes/SKL-01", {"minimum": value}, page=base)
        assert response.status_code == 400, value
        assert "Minimum for SKL-01 must be more than 0" in response.get_data(as_text=True)
    assert _stored_minimum(db, base, "SKL-01")["minimum"] is None
    post_form(client, f"{base}/outcomes/SKL-01", {"minimum": "3"}, page=base)
    post_form(client, f"{base}/outcomes/SKL-01", {"minimum": ""}, page=base)
    assert _stored_minimum(db, base, "SKL-01")["minimum"] is None  # blank: as suggested


def test_an_invalid_minimum_is_an_error_on_its_field_with_the_value_kept(client, db):
    base = _specification(db, ["SKL-01", "COM-13"])
    for value in ("abc", "-1"):
        response = post_form(
            client,
            f"{base}/outcomes/COM-13",
            {"minimum": value, "rationale": "My reason"},
            page=base,
        )
        assert response.status_code == 400
        page = response.get_data(as_text=True)
        assert "<title>Error: " in page
        assert "govuk-notification-banner--success" not in page
        summary = page.split('class="govuk-error-summary"')[1].split("</div>\n</div>")[0]
        assert 'href="#minimum-COM-13"' in summary and "Minimum for COM-13 must be" in summary
        assert 'id="minimum-COM-13-error"' in page and "govuk-input--error" in page
        assert 'id="minimum-COM-13" name="minimum" type="text"' in page
        assert f'value="{value}"' in page and ">My reason</textarea>" in page
        assert 'id="minimum-SKL-01-error"' not in page


def test_saving_a_minimum_leaves_the_generated_rationale_generated(client, db):
    base = _specification(db, ["SKL-01"])
    page = client.get(base).get_data(as_text=True)
    box = re.search(r'name="rationale"[^>]*>([^<]*)</textarea>', page).group(1)
    assert box == ""  # the generated explanation is shown, not pre-filled as your own text
    post_form(client, f"{base}/outcomes/SKL-01", {"minimum": "12", "rationale": box}, page=base)
    assert _stored_minimum(db, base, "SKL-01")["rationale"] is None
    # Still the generated explanation of the suggestion, not the empty box.
    assert "apprentices at 3% of the workforce" in client.get(base).get_data(as_text=True)
    post_form(
        client, f"{base}/outcomes/SKL-01", {"minimum": "12", "rationale": "Agreed"}, page=base
    )
    assert _stored_minimum(db, base, "SKL-01")["rationale"] == "Agreed"
    assert ">Agreed</textarea>" in client.get(base).get_data(as_text=True)


def test_the_specification_page_formats_numbers_like_the_exports(client, db):
    # A services contract without a CPV code buys in enough for a pounds minimum above the
    # token bar (thin_pounds): £1.2m x 45% bought in x 3%.
    base = _specification(
        db, ["ECO-06", "ECO-13"], value_gbp="1200000", duration_months="12", cpv_code=""
    )
    page = client.get(base).get_data(as_text=True)
    assert "Suggested: £16,000 spent." in page
    assert "Suggested: 1 business." in page
    assert "1 businesses" not in page and "16000 £" not in page
    html = client.get(base + ".html").get_data(as_text=True)
    assert "£16,000 spent" in html and "at least 1 business " in html
    post_form(client, f"{base}/outcomes/ECO-06", {"minimum": "12500"}, page=base)
    assert "at least £12,500 spent" in client.get(base).get_data(as_text=True)


def test_the_edit_button_says_where_it_goes(client, db):
    base = _specification(db, ["SKL-01"])
    edit = client.get(base.replace("/specification", "/edit")).get_data(as_text=True)
    assert "Save and find outcomes" not in edit and "Save changes" in edit
    new = client.get("/hatherdale/procurements/new").get_data(as_text=True)
    assert "Save and find outcomes" in new


def test_a_copied_edit_is_flagged_when_the_new_contract_changes_its_generated_wording(client, db):
    council = _hatherdale(db)
    source_url = _specification(db, ["SKL-01"])
    source = specifications.for_procurement(db, council["id"], int(source_url.split("/")[-2]))
    post_form(
        client, f"{source_url}/clauses/purpose.intro", {"text": "Ours, for street cleansing."}
    )
    form = {k: v for k, v in FORM.items() if k != "start_date"} | {"title": "Grounds care"}
    pid = procurements.create(db, council["id"], procurements.clean(form, default_nation="England"))
    copied = specifications.copy(db, council["id"], source, pid)
    bases = specifications.clause_bases(db, council["id"], copied)
    assert '"Street cleansing"' in bases["purpose.intro"]  # made from the source's wording
    page = client.get(f"/hatherdale/procurements/{pid}/specification").get_data(as_text=True)
    assert "The generated wording has changed since you edited this clause" in page
    assert "the contract &#34;Grounds care&#34;" in page


def test_any_fit_can_be_chosen_and_a_chosen_outcome_is_never_hidden(client, db):
    """The best 20 are listed first; the rest on request, ticks kept; a chosen one always shows."""
    council, found, url = _contract_to_choose_for(client, db)

    def listed(page):
        return re.findall(
            r'name="codes" type="checkbox" value="([^"]+)" aria-describedby="[^"]+"( checked)?',
            page,
        )

    first = client.get(url).get_data(as_text=True)
    assert len(listed(first)) == 20 and 'value="all" name="show"' in first
    everything = client.post(url, data={"show": "all", "codes": [listed(first)[0][0]]})
    assert everything.status_code == 200
    every = listed(everything.get_data(as_text=True))
    assert len(every) > 20 and every[0][1] and not any(checked for _, checked in every[1:])
    last = every[-1][0]
    response = client.post(url, data={"codes": [last], "was": ""})
    assert response.status_code == 302
    spec = specifications.get_or_create(db, council["id"], found["id"])
    assert [o["measure_code"] for o in specifications.outcomes(db, council["id"], spec["id"])] == [
        last
    ]
    again = listed(client.get(url).get_data(as_text=True))
    assert len(again) == 21 and again[-1] == (last, " checked")


def test_listing_more_outcomes_keeps_a_colleagues_change_visible(client, client_for, db):
    """The outcomes a person started from travel with them, so a colleague's save is not lost."""
    council, found, url = _contract_to_choose_for(client, db)
    colleague = client_for("hatherdale", "commissioner")
    codes = re.findall(
        r'name="codes" type="checkbox" value="([^"]+)"', client.get(url).get_data(as_text=True)
    )
    assert colleague.post(url, data={"codes": [codes[1]], "was": ""}).status_code == 302
    spec = specifications.get_or_create(db, council["id"], found["id"])
    # What the colleague saved (a condition ticked alone gets the outcomes beside it: part T5).
    saved = [o["measure_code"] for o in specifications.outcomes(db, council["id"], spec["id"])]
    assert saved[0] == codes[1]
    more = client.post(url, data={"codes": [codes[0]], "was": "", "show": "all"})
    page = more.get_data(as_text=True)
    assert 'name="was" value=""' in page and 'name="all" value="1"' in page
    clash = client.post(url, data={"codes": [codes[0]], "was": "", "all": "1"})
    assert clash.status_code == 409 and "Someone else changed the outcomes" in clash.get_data(
        as_text=True
    )
    assert [
        o["measure_code"] for o in specifications.outcomes(db, council["id"], spec["id"])
    ] == saved


def test_an_outcome_whose_priority_is_archived_stays_chosen_until_unticked(client, db):
    council, found, url = _contract_to_choose_for(client, db)
    page = client.get(url).get_data(as_text=True)
    # The real Living Wage: accepted for the only fair work priority, so archiving that priority
    # leaves nothing to suggest it for.
    first = "FWK-01"
    assert f'name="codes" type="checkbox" value="{first}"' in page
    client.post(url, data={"codes": [first], "was": ""})
    spec = specifications.get_or_create(db, council["id"], found["id"])
    # A condition ticked alone gets the outcomes beside it that carry the weighting (part T5).
    stored = specifications.outcomes(db, council["id"], spec["id"])
    chosen = stored[0]
    assert chosen["measure_code"] == first
    priorities.set_status(db, council["id"], chosen["priority_id"], "archived")
    page = client.get(url).get_data(as_text=True)
    assert f'value="{first}" aria-describedby' in page
    assert "Chosen for this contract already, though no longer suggested for it" in page
    was = ",".join(o["measure_code"] for o in stored)
    assert client.post(url, data={"codes": [first], "was": was}).status_code == 302
    assert [
        (o["measure_code"], o["priority_id"])
        for o in specifications.outcomes(db, council["id"], spec["id"])
    ][0] == (first, chosen["priority_id"])


def test_the_specification_page_reads_review_then_download(client, db):
    base = _specification(db, ["SKL-01", "COM-13"])
    page = client.get(base).get_data(as_text=True)
    sections = ("checks", "minimums", "settings", "document", "download")
    places = [page.index(f'id="{name}"') for name in sections]
    assert places == sorted(places)
    contents = page.split('id="contents-title"')[1].split("</nav>")[0]
    assert re.findall(r'href="#([a-z]+)"', contents)[-1] == "download"
    for fmt in ("docx", "html", "ocds"):
        assert page.index(f"specification.{fmt}") > page.index('id="download"')
    # Each minimum's form is folded away until it is wanted (or has an error to show).
    assert page.count('<details class="govuk-details">') == 2
    page = post_form(client, f"{base}/outcomes/COM-13", {"minimum": "abc"}, page=base).get_data(
        as_text=True
    )
    assert page.count('<details class="govuk-details" open>') == 1


def test_outcome_reasons_say_what_sets_each_candidate_apart(client, db):
    _council, _found, url = _contract_to_choose_for(client, db)
    tree = lxml.html.fromstring(client.get(url).get_data(as_text=True))
    hints = tree.xpath("//div[contains(@class, 'govuk-checkboxes__hint')]")
    reasons = [{li.text_content() for li in hint.xpath(".//li")} for hint in hints]
    assert len(reasons) > 1 and not set.intersection(*reasons)
    shared = " ".join(r for each in reasons for r in each if r.startswith("Shares words"))
    assert shared and not re.search(r"\b(priority|planning|helps|council)\b", shared)


def test_a_minimums_field_names_its_unit_in_english(client, db):
    base = _specification(db, ["ENV-03", "ECO-06", "FWK-05", "SKL-01"])
    page = client.get(base).get_data(as_text=True)
    for label in (
        "Minimum number of plans published",
        "Minimum in pounds spent",
        "Minimum percentage of contract workforce",
        "Minimum number of people",
    ):
        assert f">{label}<span" in page, label
    assert "Minimum in plan published" not in page


def test_the_specifications_list_says_where_each_one_stands_and_points_to_the_workspace(client, db):
    base = _specification(db, ["SKL-01"])
    council = _hatherdale(db)
    spec = specifications.for_procurement(db, council["id"], int(base.split("/")[-2]))
    specifications.set_status(db, council["id"], spec["id"], "review")
    tree = lxml.html.fromstring(client.get("/hatherdale/procurements/").get_data(as_text=True))
    heads = [" ".join(th.text_content().split()) for th in tree.xpath("//thead//th")]
    assert heads[:2] == ["Contract", "Status"]
    [row] = [tr for tr in tree.xpath("//tbody/tr") if tr.xpath(f".//a[@href='{base}']")]
    assert " ".join(row.xpath("./td")[1].text_content().split()) == "In review"
    assert tree.xpath("//main//a[@href='/hatherdale/workspace/']")


def test_a_lots_line_is_a_title_perhaps_with_a_value_after_a_comma():
    assert lot_from_line("North rounds") == {"title": "North rounds", "value_gbp": None}
    assert lot_from_line("North rounds, £1,200,000") == {
        "title": "North rounds",
        "value_gbp": "£1,200,000",
    }
    assert lot_from_line("Roads, bridges, £1.2m")["title"] == "Roads, bridges"
    assert lot_from_line("Parks,£250k")["value_gbp"] == "£250k"
    assert lot_from_line("Parks, -£5")["value_gbp"] == "-£5"  # refused, not taken as a title
    # Without a pound sign a number is part of the title.
    assert lot_from_line("Schools, 2026") == {"title": "Schools, 2026", "value_gbp": None}
    for written in (1_200_000, "1200000", "£1,200,000", "£1.2m", "1.2 M", "£1200k"):
        assert procurements.lot_value(written) == 1_200_000
    for bad in ("0", "£0.4", "-5", "lots", "1e400m", True, "5km"):
        try:
            procurements.lot_value(bad)
        except ValueError:
            continue
        raise AssertionError(f"{bad!r} was accepted")


RECORD = {**FORM, "start_date": "2026-10-01"}  # the contract as a file or a test gives it


def _lots_error(lots, value_gbp="7200000"):
    try:
        procurements.clean({**RECORD, "value_gbp": value_gbp, "lots": lots})
    except Invalid as exc:
        return exc.errors.get("lots")
    return None


def test_lot_values_are_checked_and_the_message_names_the_lot():
    north = {"title": "North rounds", "value_gbp": "£3m"}
    assert _lots_error([north, {"title": "South rounds", "value_gbp": "£4.2m"}]) is None
    assert _lots_error([north, {"title": "South rounds", "value_gbp": 0}]) == (
        "Value of lot 'South rounds' must be an amount in pounds more than 0, like £1,200,000"
    )
    assert _lots_error([north, {"title": "South", "value_gbp": "£4.5m"}]) == (
        "The lots' values add up to £7,500,000: they must not be more than the contract's"
        " estimated value, £7,200,000"
    )
    assert _lots_error([north, north], value_gbp="lots") is None  # the value's own error says it
    assert _lots_error([f"Lot {n}" for n in range(21)]) == "A procurement can have at most 20 lots"
    assert _lots_error(["x" * 201]) == "Each lot title must be 200 characters or fewer"


def test_lots_with_values_are_saved_shown_back_and_shared_in_the_specification(client, db):
    lots = "North rounds, £2,880,000\nSouth rounds, 4.32m"
    client.post("/hatherdale/procurements/new", data={**FORM, "lots": lots})
    council = _hatherdale(db)
    found = procurements.for_council(db, council["id"])[0]
    assert found["lots"] == [
        {"title": "North rounds", "value_gbp": 2_880_000},
        {"title": "South rounds", "value_gbp": 4_320_000},
    ]
    page = client.get(f"/hatherdale/procurements/{found['id']}/edit").get_data(as_text=True)
    assert "North rounds, £2,880,000\nSouth rounds, £4,320,000" in page
    assert "for example North rounds, £1,200,000" in page
    page = client.get(f"/hatherdale/procurements/{found['id']}/specification").get_data(
        as_text=True
    )
    assert "This tender has 2 lots: North rounds; South rounds." in page
    # No outcome chosen yet, so no minimum to share; with one, each lot gets its share.
    spec = specifications.get_or_create(db, council["id"], found["id"])
    # Local spend: VCSE spend on street cleansing is under the token bar for pounds.
    specifications.set_outcomes(db, council["id"], spec["id"], [("ECO-01", None)])
    page = client.get(f"/hatherdale/procurements/{found['id']}/specification").get_data(
        as_text=True
    )
    assert "Minimum commitment for each lot" in page
    assert "each lot&#39;s minimum is its share of it" in page


def test_a_wrong_lot_value_is_an_error_on_the_lots_field(client, db):
    response = client.post(
        "/hatherdale/procurements/new", data={**FORM, "lots": "North rounds\nSouth, £0"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Value of lot &#39;South&#39; must be an amount in pounds more than 0" in page
    assert "North rounds\nSouth, £0" in page  # what was typed is kept
    assert procurements.for_council(db, _hatherdale(db)["id"]) == []


def test_lots_stored_as_titles_alone_still_load(client, db):
    council = _hatherdale(db)
    record = procurements.clean(RECORD)
    procurement_id = procurements.create(db, council["id"], record)
    db.execute(
        "UPDATE procurements SET lots = ? WHERE id = ?", ['["North", "South"]', procurement_id]
    )
    found = procurements.get(db, council["id"], procurement_id)
    assert found["lots"] == [
        {"title": "North", "value_gbp": None},
        {"title": "South", "value_gbp": None},
    ]
    page = client.get(f"/hatherdale/procurements/{procurement_id}/edit").get_data(as_text=True)
    assert "North\nSouth</textarea>" in page
    page = client.get(f"/hatherdale/procurements/{procurement_id}/specification")
    page = page.get_data(as_text=True)
    assert "This tender has 2 lots: North; South." in page


def test_an_edit_clash_shows_their_lots_as_the_form_writes_them(client, db):
    client.post("/hatherdale/procurements/new", data={**FORM, "lots": "North, £1m"})
    council = _hatherdale(db)
    found = procurements.for_council(db, council["id"])[0]
    url = f"/hatherdale/procurements/{found['id']}/edit"
    version = re.search(r'name="version" value="(\d+)"', client.get(url).get_data(as_text=True))
    theirs = procurements.clean({**RECORD, "lots": [{"title": "North", "value_gbp": 2_000_000}]})
    procurements.update(db, council["id"], found["id"], theirs)
    clash = client.post(url, data={**FORM, "lots": "North, £1m", "version": version.group(1)})
    text = clash.get_data(as_text=True)
    assert clash.status_code == 409
    their_version = text[text.index('id="their-version"') : text.index("</dl>")]
    assert "North, £2,000,000" in their_version and "North, £1,000,000" in their_version


def test_kind_light_touch_and_guaranteed_spend_are_checked():
    base = {k: v for k, v in FORM.items() if k != "start_date"}
    record = procurements.clean(base, default_nation="England")
    assert record["kind"] == "contract" and record["light_touch"] is None
    assert record["guaranteed_value_gbp"] is None
    framework = procurements.clean(
        base | {"kind": "Framework", "light_touch": "yes", "guaranteed_value_gbp": "£500,000"},
        default_nation="England",
    )
    assert framework["kind"] == "framework" and framework["light_touch"] is True
    assert framework["guaranteed_value_gbp"] == 500_000
    bad = {
        "kind": ("lease", "Select whether this is a contract, a framework or a concession"),
        "light_touch": ("maybe", "Light touch must be yes, no or left blank"),
    }
    for field, (value, message) in bad.items():
        try:
            procurements.clean(base | {field: value}, default_nation="England")
        except Invalid as exc:
            assert exc.errors[field].startswith(message)
        else:
            raise AssertionError(field)
    for changes, field, message in (
        ({"guaranteed_value_gbp": "1000"}, "guaranteed_value_gbp", "Only a framework"),
        (
            {"kind": "framework", "guaranteed_value_gbp": "9000000"},
            "guaranteed_value_gbp",
            "Guaranteed spend must not be more than the framework's estimated value, £7,200,000",
        ),
        ({"kind": "concession", "category": "goods"}, "kind", "A concession is for works"),
        ({"light_touch": "yes", "category": "works"}, "light_touch", "Only a services contract"),
    ):
        try:
            procurements.clean(base | changes, default_nation="England")
        except Invalid as exc:
            assert exc.errors[field].startswith(message), exc.errors
        else:
            raise AssertionError(changes)


def test_a_framework_is_described_saved_shown_back_and_cites_its_law(client, db):
    form = FORM | {
        "kind": "framework",
        "light_touch": "",
        "cpv_code": "85312000",
        "value_gbp": "2,000,000",
        "guaranteed_value_gbp": "",
    }
    response = client.post("/hatherdale/procurements/new", data=form)
    assert response.status_code == 302
    found = procurements.for_council(db, _hatherdale(db)["id"])[0]
    assert found["kind"] == "framework" and found["light_touch"] is None
    edit = client.get(f"/hatherdale/procurements/{found['id']}/edit").get_data(as_text=True)
    tree = lxml.html.fromstring(edit)
    assert tree.xpath("//input[@name='kind'][@value='framework']/@checked")
    assert tree.xpath("//input[@name='light_touch'][@value='']/@checked")
    spec = client.get(f"/hatherdale/procurements/{found['id']}/specification")
    page = spec.get_data(as_text=True)
    assert "light touch (read from the CPV code)" in page and "a framework" in page
    assert "framework under section 45 of the Act" in page
    assert "section 52" not in page  # a framework, and a light touch one
    form["light_touch"] = "no"
    response = client.post(
        f"/hatherdale/procurements/{found['id']}/edit", data=form | {"version": found["version"]}
    )
    assert response.status_code == 302
    assert procurements.get(db, _hatherdale(db)["id"], found["id"])["light_touch"] is False


def test_a_clause_that_reads_hard_offers_its_plainer_wording(client, db):
    council = _hatherdale(db)
    record = procurements.clean(
        {k: v for k, v in FORM.items() if k != "start_date"}, default_nation="England"
    )
    pid = procurements.create(db, council["id"], record)
    spec = specifications.get_or_create(db, council["id"], pid)
    specifications.set_outcomes(db, council["id"], spec["id"], [("JOB-01", None)])
    base = f"/hatherdale/procurements/{pid}/specification"
    hard = (
        "Notwithstanding the foregoing, the contracting authority's statutory obligations"
        " regarding consideration of economic, environmental and societal wellbeing"
        " considerations, as incorporated by reference, remain determinative."
    )
    post_form(client, f"{base}/clauses/purpose.law", {"text": hard})
    tree = lxml.html.fromstring(client.get(base).get_data(as_text=True))
    [details] = tree.xpath("//div[@id='clause-purpose.law']//details")
    assert "A plainer wording for clause 1.2" in details.text_content()
    text = details.xpath(".//input[@name='text']/@value")[0]
    assert "Section 23 of the Act sets rules for award criteria" in text
    form = details.xpath(".//form")[0]  # the button posts the plainer wording with its version
    fields = {i.get("name"): i.get("value") for i in form.xpath(".//input[@type='hidden']")}
    response = client.post(form.get("action"), data=fields)
    assert response.status_code == 302
    page = client.get(base).get_data(as_text=True)
    assert "Section 23 of the Act sets rules for award criteria" in page
    assert "A plainer wording for clause" not in page


def test_a_huge_catalogue_keeps_the_outcomes_page_small_and_the_choice_within_policy(client, db):
    """400 measures in one theme: at most 100 listed, and a post of all 400 is refused."""
    council, found, url = _contract_to_choose_for(client, db)
    measures = [
        catalogue.clean(
            {
                "code": f"BIG-{n:04d}",
                "theme": "Skills",
                "outcome": "More local skills",
                "title": f"Cleaning training course {n}",
                "description": "Local people trained in cleaning and care of buildings",
                "unit": "people",
            }
        )
        for n in range(400)
    ]
    catalogue.upsert_for_council(db, council["id"], measures)
    listed = r'name="codes" type="checkbox" value="([^"]+)"'
    first = after_progress(client, url)[1].get_data(as_text=True)
    assert len(re.findall(listed, first)) == 20
    more = post_form(client, url, {"show": "all"})
    page = more.get_data(as_text=True)
    assert more.status_code == 200 and len(re.findall(listed, page)) == 100
    note = re.search(r"(\d+) more measures fit this contract less well and are not listed", page)
    assert note and int(note.group(1)) >= len(measures) - 100  # counted, not listed
    assert len(page) < 300_000, len(page)
    every = [m["code"] for m in measures]
    refused = post_form(client, url, {"codes": every})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "Select 5 outcomes or fewer" in page
    # Your ticks are kept to untick some, but only those a page could have offered.
    assert len(re.findall(listed, page)) <= 100 and len(page) < 300_000, len(page)
    spec = specifications.get_or_create(db, council["id"], found["id"])
    assert specifications.outcomes(db, council["id"], spec["id"]) == []


def test_no_councils_policy_may_allow_more_than_twenty_outcomes_a_tender():
    base = {"name": "Borchester", "slug": "borchester", "nation": "England"}
    assert councils.clean({**base, "policy": {"max_outcomes": 20}})["max_outcomes"] == 20
    for too_many in (21, 1000):
        try:
            councils.clean({**base, "policy": {"max_outcomes": too_many}})
        except Invalid as exc:
            assert exc.errors == {
                "max_outcomes": "The maximum number of outcomes must be a whole number from 1 to 20"
            }
        else:
            raise AssertionError(f"a policy of {too_many} outcomes was accepted")
    legacy = {"max_outcomes": 1000}  # stored before the limit: treated as twenty
    assert councils.outcome_limit(legacy) == 20 and councils.outcome_limit({"max_outcomes": 4}) == 4


def test_the_vat_basis_and_the_welsh_works_clauses_are_asked_saved_and_shown_back(client, db):
    form = FORM | {"value_gbp": "180,000", "value_includes_vat": "no"}
    response = client.post("/hatherdale/procurements/new", data=form)
    assert response.status_code == 302
    found = procurements.for_council(db, _hatherdale(db)["id"])[0]
    assert found["value_includes_vat"] is False and found["social_public_works_clauses"] is None
    edit = client.get(f"/hatherdale/procurements/{found['id']}/edit").get_data(as_text=True)
    tree = lxml.html.fromstring(edit)
    assert tree.xpath("//input[@name='value_includes_vat'][@value='no']/@checked")
    assert tree.xpath("//input[@name='social_public_works_clauses'][@value='']/@checked")
    # £180,000 without VAT is £216,000 with it: a covered procurement, stated on both bases.
    page = client.get(f"/hatherdale/procurements/{found['id']}/specification").get_data(
        as_text=True
    )
    assert "£180,000 excluding VAT (£216,000 with VAT at 20%)" in page
    base = {k: v for k, v in FORM.items() if k != "start_date"}
    for field in ("value_includes_vat", "social_public_works_clauses"):
        try:
            procurements.clean(base | {field: "perhaps"}, default_nation="England")
        except Invalid as exc:
            assert "must be yes, no or left blank" in exc.errors[field]
        else:
            raise AssertionError(field)
