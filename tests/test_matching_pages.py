"""The matching pages: decisions that never overwrite a colleague's, progress, bespoke measures."""

import re

import lxml.html
from conftest import undecided

from specifier.catalogue import catalogue
from specifier.matching import decisions, ranking, service
from specifier.priorities import priorities


def _hatherdale(db):
    council = undecided(db, "hatherdale")
    first = priorities.search(db, council["id"], status="active")[0]
    return council, first


def test_a_decision_changes_only_what_the_person_saw(db):
    council, first = _hatherdale(db)
    change = lambda decision, seen: decisions.change(  # noqa: E731
        db, council["id"], first["id"], "JOB-01", decision, seen
    )
    assert change("accepted", "")
    assert not change("rejected", "")  # someone accepted it in the meantime
    assert decisions.by_priority(db, council["id"], first["id"])["JOB-01"] == "accepted"
    assert change("rejected", "accepted")
    assert not change("undo", "accepted")  # a stale undo deletes nothing
    assert change("undo", "rejected")
    assert "JOB-01" not in decisions.by_priority(db, council["id"], first["id"])


def test_deciding_says_what_happened_logs_it_and_refuses_a_stale_page(client, db):
    council, first = _hatherdale(db)
    service.build_index(db, council["id"])
    url = f"/hatherdale/matches/{first['id']}/decide"
    accept = {"code": "JOB-01", "decision": "accepted", "seen": "", "return_to": "review"}
    response = client.post(url, data=accept)
    item = f"p{first['id']}-JOB-01"
    location = response.headers["Location"]
    # Back at the measure, where a note saying the decision was saved takes the focus.
    assert location.endswith(f"/hatherdale/matches/?decided={item}#{item}-saved")
    page = lxml.html.fromstring(client.get(location).get_data(as_text=True))
    saved = page.get_element_by_id(f"{item}-saved")
    assert saved.get("tabindex") == "-1" and saved.getparent().get("id") == item
    title = catalogue.get(db, council["id"], "JOB-01")["title"]
    assert saved.text_content() == f"Saved: you accepted JOB-01, {title}."
    assert len(page.find_class("govuk-notification-banner--success")) == 1
    page = client.get("/hatherdale/priorities/").get_data(as_text=True)
    assert "JOB-01 accepted for" not in page  # the banner was shown once, with the note
    summaries = [r["summary"] for r in db.query("SELECT summary FROM audit_log")]
    assert f"JOB-01 accepted for {first['title']}" in summaries
    logged = len(summaries)

    # A second person's page still showed JOB-01 undecided: their reject must not win.
    refused = client.post(url, data=accept | {"decision": "rejected"})
    assert "#" not in refused.headers["Location"]  # open at the banner that says why
    page = client.get("/hatherdale/priorities/").get_data(as_text=True)
    assert "Someone else changed the decision on JOB-01" in page and "it is now accepted" in page
    assert decisions.by_priority(db, council["id"], first["id"])["JOB-01"] == "accepted"
    assert db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == logged  # refused


def test_progress_starts_a_build_on_a_worker_that_has_none(client, db, monkeypatch):
    """After a restart, or on another worker, polling alone must not wait for ever."""
    started = []
    monkeypatch.setattr(service, "ready_index", lambda db, council_id: None)
    monkeypatch.setattr(service, "job_for", lambda council_id: None)
    monkeypatch.setattr(service, "start_build", lambda open_db, council_id: started.append(1))
    report = client.get("/hatherdale/matches/progress.json").json
    assert report == {"ready": False, "percent": 0, "error": False}
    assert started == [1]


def test_a_bespoke_measure_drafted_for_a_priority_is_accepted_for_it(client, db):
    council, first = _hatherdale(db)
    form = client.get(f"/hatherdale/catalogue/new?priority={first['id']}").get_data(as_text=True)
    assert 'value="' + first["title"] + '"' in form  # the outcome, prefilled
    assert "Add measure and accept it" in form
    response = client.post(
        f"/hatherdale/catalogue/new?priority={first['id']}",
        data={
            "code": "HF-OWN-1",
            "theme": "Jobs",
            "outcome": first["title"],
            "title": "Residents placed in work by the contract's outreach team",
            "description": "People from the priority's wards who start a job.",
            "unit": "people",
        },
    )
    assert response.headers["Location"].endswith(f"/hatherdale/matches/{first['id']}")
    assert decisions.by_priority(db, council["id"], first["id"]) == {"HF-OWN-1": "accepted"}


def test_priority_page_names_the_priority_and_explains_without_jargon(client, db):
    council, first = _hatherdale(db)
    service.build_index(db, council["id"])
    page = client.get(f"/hatherdale/matches/{first['id']}").get_data(as_text=True)
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert first["title"] in title and "Measures for" in title
    assert re.search(r"<h1[^>]*>\s*Measures for: " + re.escape(first["title"]), page)
    assert "What strong, possible and weak mean" in page
    assert page.count('<h2 class="govuk-heading-s') == 5  # one per suggestion, under the h1
    assert 'name="seen" value=""' in page
    for jargon in ("Score ", "rank", "cosine", "BM25"):
        assert jargon not in page


def test_review_page_counts_the_priorities_with_an_accepted_measure(client, db):
    council, first = _hatherdale(db)
    decisions.record(db, council["id"], first["id"], "JOB-01", "accepted")
    service.build_index(db, council["id"])
    page = client.get("/hatherdale/matches/").get_data(as_text=True)
    active = len(priorities.search(db, council["id"], status="active"))
    assert f"<strong>1 of {active}</strong> active priorities have an accepted measure" in page


def _page_with_bands(client, db, monkeypatch, bands, no_match=False):
    """The priority's page when the matcher gives its measures these bands."""
    council, first = _hatherdale(db)
    codes = ["JOB-01", "JOB-02", "JOB-03"][: len(bands)]
    matches = [
        ranking.Match(code, 0.5, band, 0.4, rank, None)
        for rank, (code, band) in enumerate(zip(codes, bands, strict=True), start=1)
    ]
    monkeypatch.setattr(service, "ready_index", lambda db, council_id: object())
    monkeypatch.setattr(
        service, "suggest", lambda *args, **kwargs: [ranking.Result(matches, no_match)]
    )
    return client.get(f"/hatherdale/matches/{first['id']}").get_data(as_text=True)


def test_a_priority_with_only_weak_matches_says_so_and_offers_a_bespoke_measure(
    client, db, monkeypatch
):
    page = _page_with_bands(client, db, monkeypatch, ["weak", "weak"])
    assert "Only weak matches." in page and "No suitable measure found." not in page
    assert page.count("draft a bespoke measure for this priority") == 1
    page = _page_with_bands(client, db, monkeypatch, ["possible", "weak"])
    assert "Only weak matches." not in page
    assert "None of these fit? You can" in page
    page = _page_with_bands(client, db, monkeypatch, ["weak", "weak"], no_match=True)
    assert "No suitable measure found." in page and "Only weak matches." not in page
    assert page.count("draft a bespoke measure for this priority") == 1


def _suggestions_on_page(client, db, title):
    """Add a priority as a council wrote it, open its matching page; return (code, band) in order."""
    council, _ = _hatherdale(db)
    priority_id = priorities.create(
        db,
        council["id"],
        {"title": title, "description": "", "theme": "jobs", "status": "active"}
        | dict.fromkeys(priorities.LIST_FIELDS, []),
    )
    service.build_index(db, council["id"])
    page = client.get(f"/hatherdale/matches/{priority_id}")
    assert page.status_code == 200
    tree = lxml.html.fromstring(page.text)
    return [
        (
            item.get("id").removeprefix("measure-"),
            " ".join(item.xpath(".//strong[contains(@class, 'govuk-tag')]")[0].text.split()),
        )
        for item in tree.xpath("//li[@class='app-suggestion']")
    ]


def test_care_leavers_into_work_suggests_the_care_leaver_measure_not_carers_leave(client, db):
    """ "Care leavers" and "carer's leave" share letters, not meaning: an officer must not see it."""
    shown = _suggestions_on_page(client, db, "Care leavers into work")
    assert shown[0] == ("JOB-07", "Strong match")  # Care leavers recruited
    assert "FWK-10" not in [code for code, _ in shown]  # Contract workers with paid carer's leave


def test_young_people_out_of_work_puts_the_neet_measure_first(client, db):
    """Young people out of work are NEET; supported internships are for young people with SEND."""
    shown = [
        code
        for code, _ in _suggestions_on_page(
            client, db, "Young people out of work in Eastfield and Brookmead"
        )
    ]
    assert shown[0] == "JOB-06"  # Young people who were NEET recruited
    assert "SKL-11" not in shown[:3]  # Supported internships for young people with SEND
