"""The guided start: task statuses from stored data, and the pages a new council walks through."""

import re
import subprocess
import sys

import lxml.html
import pytest
from conftest import TEST_PASSWORD, CheckingClient, after_progress, post_form, session_for

from specifier import create_app
from specifier.catalogue.files import load_builtin
from specifier.councils import councils
from specifier.db import connect, migrate
from specifier.fields import Invalid
from specifier.matching import decisions, service
from specifier.priorities import priorities
from specifier.priorities.starter_library import load as load_library
from specifier.setup import choosing, drafts, runner, tasks
from specifier.specification import procurements, specifications

COUNCIL = {
    "name": "Borchester City Council",
    "nation": "England",
    "type": "Unitary authority",
    "local_description": "Within the Borchester boundary, or an address in BC1 to BC3",
    "local_postcode_districts": "bc1, BC2 BC3",
}
CONTRACT = {
    "title": "Street cleansing",
    "description": "Sweeping streets, emptying litter bins and clearing fly-tipping in Borchester.",
    "category": "services",
    "value_gbp": "2,400,000",
    "duration_months": "36",
}


@pytest.fixture
def empty_app(tmp_path):
    """An app over a database with our catalogue and nobody and no council in it."""
    app = create_app(
        {
            "TESTING": True,
            "DATABASE": str(tmp_path / "empty.db"),
            "SECRET_KEY": "test",
            "WTF_CSRF_ENABLED": False,
        }
    )
    app.test_client_class = CheckingClient
    db = connect(app.config["DATABASE"])
    migrate(db)
    load_builtin(db)
    db.close()
    return app


@pytest.fixture
def new(client):
    """A signed-in admin (of Hatherdale) setting up another council, Borchester."""
    return client


def _statuses(db, council_id):
    return tasks.statuses(db, next(c for c in councils.all_councils(db) if c["id"] == council_id))


def _library(app):
    return load_library(f"{app.config['PRIORITIES_DIR']}/starter-library.yaml")


def _post(client, url, data):
    """Post a form as a browser would, following the redirect; return the final page."""
    return client.post(url, data=data, follow_redirects=True)


def _version_on(client, url):
    """The version an edit page carries in its form: the one its save starts from."""
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="version" value="(\d+)"', page).group(1)


def _create(client):
    for question, field in (
        ("name", "name"),
        ("nation", "nation"),
        ("type", "type"),
    ):
        _post(client, f"/setup/council/{question}", {field: COUNCIL[field]})
    _post(
        client,
        "/setup/council/local",
        {k: COUNCIL[k] for k in ("local_description", "local_postcode_districts")},
    )
    return _post(client, "/setup/council/check", {})


# Plain functions: statuses, answers and council creation.


def test_a_new_council_starts_with_only_its_first_tasks_open(db):
    council_id = drafts.create_council(db, COUNCIL)
    council = councils.get_by_slug(db, "borchester")
    assert council["id"] == council_id
    assert council["local_postcode_districts"] == ["BC1", "BC2", "BC3"]
    assert _statuses(db, council_id) == {
        "council": tasks.COMPLETED,
        "priorities": tasks.NOT_STARTED,
        "policy": tasks.NOT_STARTED,
        "measures": tasks.CANNOT_START,
        "specification": tasks.CANNOT_START,
    }


def test_statuses_follow_the_stored_data(app, db):
    council_id = drafts.create_council(db, COUNCIL)
    jobs = _library(app)["jobs"]
    choosing.choose_starters(db, council_id, jobs, {jobs[0].key, jobs[1].key})
    found = _statuses(db, council_id)
    assert found["priorities"] == tasks.IN_PROGRESS
    assert found["measures"] == tasks.NOT_STARTED  # there are priorities to match

    choosing.confirm_priorities(db, council_id)
    found = _statuses(db, council_id)
    assert found["priorities"] == tasks.COMPLETED
    assert found["measures"] == tasks.NOT_STARTED
    assert found["specification"] == tasks.CANNOT_START

    listed = choosing.listed_priorities(db, council_id)
    decisions.record(db, council_id, listed[0]["id"], "JOB-01", "accepted")
    assert _statuses(db, council_id)["measures"] == tasks.IN_PROGRESS
    choosing.confirm_measures(db, council_id)
    council = councils.get_by_slug(db, "borchester")
    drafts.save(db, council_id, "policy", {"weighting_pct": 15.0})
    assert _statuses(db, council_id)["policy"] == tasks.IN_PROGRESS
    assert _statuses(db, council_id)["specification"] == tasks.CANNOT_START
    drafts.confirm_policy(db, council, drafts.draft(db, council_id, "policy"))
    found = _statuses(db, council_id)
    assert found["policy"] == tasks.COMPLETED
    assert found["specification"] == tasks.NOT_STARTED
    assert councils.get_by_slug(db, "borchester")["weighting_pct"] == 15

    # Changing a priority again reopens the task until it is confirmed again.
    choosing.remove_priority(db, council_id, listed[1]["id"])
    assert _statuses(db, council_id)["priorities"] == tasks.IN_PROGRESS
    assert _statuses(db, council_id)["measures"] == tasks.COMPLETED


def test_before_the_council_exists_only_the_first_task_can_start():
    assert tasks.statuses_before_council({}) == {
        "council": tasks.NOT_STARTED,
        "priorities": tasks.CANNOT_START,
        "policy": tasks.CANNOT_START,
        "measures": tasks.CANNOT_START,
        "specification": tasks.CANNOT_START,
    }
    assert tasks.statuses_before_council({"name": "X"})["council"] == tasks.IN_PROGRESS


def test_create_council_makes_a_free_address_and_refuses_bad_answers(db):
    drafts.create_council(db, COUNCIL)
    second = drafts.create_council(db, {**COUNCIL, "name": "Borchester Council"})
    assert councils.get_by_slug(db, "borchester-2")["id"] == second
    assert councils.get_by_slug(db, "borchester")["name"] == "Borchester City Council"
    assert councils.make_slug("Setup", set()) == "setup-2"
    assert councils.make_slug("Cwm Aderyn County Borough Council", set()) == "cwm-aderyn"
    with pytest.raises(Invalid) as refused:
        drafts.create_council(db, {**COUNCIL, "name": "", "local_postcode_districts": "ZZ"})
    assert refused.value.errors["name"] == "Enter your council's name"
    assert "ZZ is not a postcode district" in refused.value.errors["local_postcode_districts"]
    with pytest.raises(Invalid) as taken:
        drafts.create_council(db, {**COUNCIL, "slug": "borchester"})
    assert "already in use" in taken.value.errors["slug"]


def test_each_question_is_checked_alone_with_the_domain_rules():
    assert drafts.clean_council({"name": "  Borchester  "}, ["name"]) == {"name": "Borchester"}
    with pytest.raises(Invalid) as refused:
        drafts.clean_council({"type": "Parish"}, ["type"])
    assert refused.value.errors == {"type": "Select the type of council"}
    council = {
        "name": "B",
        "slug": "b",
        "nation": "Wales",
        "type": "",
        "local_description": "",
        "local_postcode_districts": [],
        "weighting_pct": 10,
        "threshold_gbp": 100000,
        "max_outcomes": 6,
    }
    assert drafts.clean_policy(council, {"threshold_gbp": "£25,000"}, ["threshold_gbp"]) == {
        "threshold_gbp": 25000
    }
    with pytest.raises(Invalid) as refused:
        drafts.clean_policy(council, {"weighting_pct": "120"}, ["weighting_pct"])
    assert refused.value.errors == {
        "weighting_pct": "Enter the weighting as a percentage from 0 to 100, like 10"
    }
    with pytest.raises(Invalid) as refused:
        drafts.clean_contract(council, {"category": "stuff"}, ["category"])
    assert refused.value.errors == {
        "category": "Select whether the contract is for works, goods or services"
    }


def test_unticked_starters_are_archived_and_come_back_with_their_edits(app, db):
    council_id = drafts.create_council(db, COUNCIL)
    skills = _library(app)["skills"]
    choosing.choose_starters(db, council_id, skills, {skills[0].key})
    [picked] = choosing.listed_priorities(db, council_id)
    assert picked["title"] == skills[0].title and picked["theme"] == "skills"
    choosing.change_priority(
        db, council_id, picked, {"title": "Apprenticeships in Borchester"}, picked["version"]
    )
    choosing.choose_starters(db, council_id, skills, set())
    assert choosing.listed_priorities(db, council_id) == []
    assert priorities.get(db, council_id, picked["id"])["status"] == "archived"
    choosing.choose_starters(db, council_id, skills, {skills[0].key})
    [back] = choosing.listed_priorities(db, council_id)
    assert back["id"] == picked["id"] and back["title"] == "Apprenticeships in Borchester"


def test_next_question_is_the_first_unanswered():
    assert runner.next_question("specification", {}) == "title"
    answered = {"title": "T", "description": "D", "category": "works"}
    assert runner.next_question("specification", answered) == "value"
    answered |= {"value_gbp": 1, "duration_months": 2}
    assert runner.next_question("specification", answered) is None
    # Postcode districts are optional: "local" is answered by its description.
    assert runner.next_question("council", {**COUNCIL, "local_postcode_districts": []}) is None


def test_the_starter_library_has_a_prompt_and_evidence_for_every_priority(app):
    library = _library(app)
    starters = [s for group in library.values() for s in group]
    assert len(starters) == 52
    assert len({s.key for s in starters}) == 52
    assert all(s.prompt.endswith("?") and s.suggested_evidence for s in starters)


# Pages.


def test_an_empty_installation_starts_at_the_first_run_then_the_task_list(empty_app):
    visitor = empty_app.test_client()
    assert visitor.get("/").headers["Location"].endswith("/first-run")
    response = visitor.post(
        "/first-run",
        data={
            "council_name": "Borchester City Council",
            "nation": "England",
            "name": "Sam Jones",
            "email": "sam@borchester.example",
            "password": TEST_PASSWORD,
            "confirm_password": TEST_PASSWORD,
        },
    )
    assert response.headers["Location"].endswith("/borchester/setup/")
    page = visitor.get("/borchester/setup/").get_data(as_text=True)
    # The first run asked only the name and nation: the first task is not done yet.
    assert "You have completed 0 of 5 tasks" in page
    assert 'href="/borchester/setup/council/type"' in page
    assert (
        visitor.get("/borchester/setup/council/check")
        .headers["Location"]
        .endswith("/borchester/setup/council/type")
    )
    _post(visitor, "/borchester/setup/council/type", {"type": "Unitary authority"})
    page = _post(visitor, "/borchester/setup/council/local", {"local_description": "Borchester"})
    assert '<h1 class="govuk-heading-xl">Check your council' in page.get_data(as_text=True)
    page = _post(visitor, "/borchester/setup/council/check", {}).get_data(as_text=True)
    assert "details have been saved" in page
    assert "You have completed 1 of 5 tasks" in page


def test_an_admin_can_start_another_council(new):
    start = new.get("/setup/").get_data(as_text=True)
    assert "Start now" in start and 'href="/setup/tasks"' in start


def test_task_list_before_the_council_exists(new):
    page = new.get("/setup/tasks").get_data(as_text=True)
    assert "You have completed 0 of 5 tasks" in page
    assert page.count("Cannot start yet") == 4
    assert 'href="/setup/council/name"' in page
    _post(new, "/setup/council/name", {"name": "Borchester"})
    page = new.get("/setup/tasks").get_data(as_text=True)
    assert "In progress" in page and 'href="/setup/council/nation"' in page


def test_question_errors_are_gov_uk_style_and_keep_the_answer(new):
    response = new.post("/setup/council/name", data={"name": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<title>Error: What is your council&#39;s name?" in page
    assert "There is a problem" in page and 'href="#name"' in page
    assert "Enter your council&#39;s name" in page
    response = new.post(
        "/setup/council/local",
        data={"local_description": "Borchester", "local_postcode_districts": "BC1, 12"},
    )
    page = response.get_data(as_text=True)
    assert "12 is not a postcode district" in page and 'value="BC1, 12"' in page


def test_change_from_the_check_page_returns_to_it(new):
    _create_answers_only(new)
    page = new.get("/setup/council/nation?source=check").get_data(as_text=True)
    assert 'href="/setup/council/check"' in page  # the back link
    response = new.post("/setup/council/nation?source=check", data={"nation": "Wales"})
    assert response.headers["Location"].endswith("/setup/council/check")
    assert "Wales" in new.get("/setup/council/check").get_data(as_text=True)


def _create_answers_only(client):
    _post(client, "/setup/council/name", {"name": COUNCIL["name"]})
    _post(client, "/setup/council/nation", {"nation": "England"})
    _post(client, "/setup/council/type", {"type": COUNCIL["type"]})
    _post(
        client,
        "/setup/council/local",
        {k: COUNCIL[k] for k in ("local_description", "local_postcode_districts")},
    )


def test_save_and_come_back_later_returns_to_the_task_list(new):
    response = new.post("/setup/council/name", data={"name": "Borchester", "later": "1"})
    assert response.headers["Location"].endswith("/setup/tasks")
    assert 'value="Borchester"' in new.get("/setup/council/name").get_data(as_text=True)


def test_check_page_creates_the_council_and_continues_under_its_address(new, db):
    page = _create(new).get_data(as_text=True)
    assert "Borchester City Council has been set up" in page
    # Whoever creates a council becomes its admin, so it lists among theirs.
    assert "Set up another council" in new.get("/").get_data(as_text=True)
    assert "Your setup tasks" in page and "You have completed 1 of 5 tasks" in page
    council = councils.get_by_slug(db, "borchester")
    assert council["type"] == "Unitary authority"
    # The session answers are gone: a second visit starts a new council.
    assert "Not yet started" in new.get("/setup/tasks").get_data(as_text=True)


def test_the_council_check_page_redirects_to_a_missing_answer(new):
    _post(new, "/setup/council/name", {"name": "Borchester"})
    response = new.get("/setup/council/check")
    assert response.headers["Location"].endswith("/setup/council/nation")


def test_choose_priorities_by_theme_edit_add_evidence_and_write_your_own(new, db):
    _create(new)
    page = new.get("/borchester/setup/priorities/themes").get_data(as_text=True)
    assert "Which themes matter most in your area?" in page
    response = new.post("/borchester/setup/priorities/themes", data={})
    assert "Select at least one theme" in response.get_data(as_text=True)

    page = _post(
        new, "/borchester/setup/priorities/themes", {"themes": ["environment", "jobs"]}
    ).get_data(as_text=True)
    # Themes come in the library's order, each with its starters and prompts.
    assert "Jobs: which of these matter in your area?" in page
    assert "Ask yourself: Which wards have the highest claimant rate" in page
    keys = re.findall(r'name="starters" type="checkbox" value="([^"]+)"', page)
    page = _post(new, "/borchester/setup/priorities/themes/jobs", {"starters": keys[:2]})
    assert "Environment: which of these matter" in page.get_data(as_text=True)
    page = _post(new, "/borchester/setup/priorities/themes/environment", {}).get_data(as_text=True)
    assert "Check your priorities" in page and "You have 2 priorities" in page
    assert "Not added yet. Look in: Nomis claimant count by ward" in page
    assert "None of your priorities has evidence yet" in page

    council = councils.get_by_slug(db, "borchester")
    first, second = choosing.listed_priorities(db, council["id"])
    wording_url = f"/borchester/setup/priorities/{first['id']}/wording"
    page = _post(
        new,
        wording_url,
        {
            "title": "More Borchester people in good jobs",
            "description": "Claimant rates are high in the east.",
            "version": _version_on(new, wording_url),
        },
    ).get_data(as_text=True)
    assert "More Borchester people in good jobs" in page
    evidence_url = f"/borchester/setup/priorities/{first['id']}/evidence"
    evidence_page = new.get(evidence_url)
    assert "Ask yourself:" in evidence_page.get_data(as_text=True)
    response = new.post(
        evidence_url,
        data={
            "evidence_statistic": "5.1% against 3.9%",
            "evidence_date": "2025-13",
            "version": _version_on(new, evidence_url),
        },
    )
    assert "Evidence date must be a real date" in response.get_data(as_text=True)
    page = _post(
        new,
        evidence_url,
        {
            "evidence_statistic": "5.1% against 3.9%",
            "evidence_source": "Nomis",
            "evidence_date": "2025-09",
            "version": _version_on(new, evidence_url),
        },
    ).get_data(as_text=True)
    assert "5.1% against 3.9% (Nomis, September 2025)" in page
    assert "1 of your 2 priorities has no evidence yet" in page

    page = _post(
        new,
        "/borchester/setup/priorities/new",
        {
            "title": "Cleaner air by schools",
            "description": "NO2 is high by schools.",
            "theme": "environment",
        },
    ).get_data(as_text=True)
    assert "Priority added: Cleaner air by schools" in page
    page = _post(new, f"/borchester/setup/priorities/{second['id']}/remove", {"confirm": "yes"})
    assert "You have 2 priorities" in page.get_data(as_text=True)
    assert priorities.get(db, council["id"], second["id"])["status"] == "archived"

    page = _post(new, "/borchester/setup/priorities/check", {}).get_data(as_text=True)
    assert "Your priorities have been saved" in page
    assert tasks.statuses(db, council)["priorities"] == tasks.COMPLETED


def test_starter_groups_are_shown_and_changed_before_any_specification_uses_them(new, db):
    """'Aged 18-24' from the library must never reach a tender where the council wrote 16-24."""
    _create(new)
    _post(new, "/borchester/setup/priorities/themes", {"themes": ["jobs"]})
    page = new.get("/borchester/setup/priorities/themes/jobs").get_data(as_text=True)
    assert "For: young people aged 18-24." in page  # shown before it is picked
    keys = re.findall(r'name="starters" type="checkbox" value="([^"]+)"', page)
    youth = next(k for k in keys if "youth" in k or "young" in k)
    page = _post(new, "/borchester/setup/priorities/themes/jobs", {"starters": [youth]})
    page = page.get_data(as_text=True)
    assert "Who it is for" in page and "young people aged 18-24" in page
    council = councils.get_by_slug(db, "borchester")
    [priority] = choosing.listed_priorities(db, council["id"])
    url = f"/borchester/setup/priorities/{priority['id']}/people"
    assert "young people aged 18-24" in new.get(url).get_data(as_text=True)
    page = _post(
        new,
        url,
        {
            "target_groups": "young people aged 16-24\ncare leavers",
            "places": "Eastgate",
            "version": _version_on(new, url),
        },
    ).get_data(as_text=True)
    assert "young people aged 16-24; care leavers" in page and "Eastgate" in page
    stored = priorities.get(db, council["id"], priority["id"])
    assert stored["target_groups"] == ["young people aged 16-24", "care leavers"]
    assert stored["places"] == ["Eastgate"]


def test_confirming_no_priorities_is_an_error(new):
    _create(new)
    response = new.post("/borchester/setup/priorities/check", data={})
    assert response.status_code == 400
    assert "Choose at least one priority, or write your own" in response.get_data(as_text=True)


def test_policy_questions_explain_the_law_and_save_to_the_council(new, db):
    _create(new)
    page = new.get("/borchester/setup/policy/weighting").get_data(as_text=True)
    assert "Procurement Act 2023" in page and "at least 10%" in page
    response = new.post("/borchester/setup/policy/weighting", data={"weighting_pct": "lots"})
    assert "Enter the weighting as a percentage" in response.get_data(as_text=True)
    for too_many in ("21", "1000"):  # no council may ask for more than 20 outcomes in a tender
        response = new.post(
            "/borchester/setup/policy/max-outcomes", data={"max_outcomes": too_many}
        )
        assert response.status_code == 400
        assert "Enter the maximum as a whole number from 1 to 20, like 6" in response.get_data(
            as_text=True
        )
    for question, data in (
        ("threshold", {"threshold_gbp": "25000"}),
        ("weighting", {"weighting_pct": "20"}),
        ("max-outcomes", {"max_outcomes": "4"}),
    ):
        _post(new, f"/borchester/setup/policy/{question}", data)
    page = new.get("/borchester/setup/policy/check").get_data(as_text=True)
    assert "Contracts worth £25,000 or more" in page and "20% of the total tender score" in page
    # Nothing is stored on the council until the answers are checked.
    assert councils.get_by_slug(db, "borchester")["max_outcomes"] == 6
    _post(new, "/borchester/setup/policy/check", {})
    council = councils.get_by_slug(db, "borchester")
    assert (council["threshold_gbp"], council["weighting_pct"], council["max_outcomes"]) == (
        25000,
        20,
        4,
    )


def test_welsh_and_scottish_councils_read_their_own_law(client_for):
    page = client_for("cwm-aderyn").get("/cwm-aderyn/setup/policy/weighting").get_data(as_text=True)
    assert "Well-being of Future Generations (Wales) Act 2015" in page
    page = client_for("kilbrannan").get("/kilbrannan/setup/policy/weighting").get_data(as_text=True)
    assert "Procurement Reform (Scotland) Act 2014" in page
    assert "Procurement Act 2023" not in page


def test_a_sample_council_sees_its_loaded_priorities_as_in_progress(client):
    page = client.get("/hatherdale/setup/").get_data(as_text=True)
    assert "You have completed 2 of 5 tasks" in page  # its details and its policy
    assert 'href="/hatherdale/setup/priorities/check"' in page
    assert "Cannot start yet" in page


def _task_status(page, title):
    """The status a task list shows for one task, as a person reads it."""
    tree = lxml.html.fromstring(page)
    [item] = tree.xpath(f"//li[contains(@class, 'govuk-task-list__item')][contains(., '{title}')]")
    status = item.xpath(".//*[contains(@class, 'govuk-task-list__status')]")[0]
    return " ".join(status.text_content().split())


def test_a_sample_councils_own_policy_shows_as_completed(client_for, db):
    for slug in ("hatherdale", "cwm-aderyn", "kilbrannan"):
        council = councils.get_by_slug(db, slug)
        assert tasks.statuses(db, council)["policy"] == tasks.COMPLETED, slug
        page = client_for(slug).get(f"/{slug}/setup/").get_data(as_text=True)
        assert _task_status(page, "Set your social value policy") == "Completed"
        assert f'href="/{slug}/setup/policy/check"' in page
    # Changing it through the task opens it again until the change is confirmed.
    hatherdale = councils.get_by_slug(db, "hatherdale")
    drafts.save(db, hatherdale["id"], "policy", {"weighting_pct": 20.0})
    assert tasks.statuses(db, hatherdale)["policy"] == tasks.IN_PROGRESS
    drafts.confirm_policy(db, hatherdale, drafts.draft(db, hatherdale["id"], "policy"))
    assert _statuses(db, hatherdale["id"])["policy"] == tasks.COMPLETED


def test_a_council_still_on_the_default_policy_has_not_set_one(db):
    record = councils.clean({"name": "Borchester", "slug": "borchester", "nation": "England"})
    council_id = councils.create(db, record)  # as the first-run page makes it
    assert _statuses(db, council_id)["policy"] == tasks.NOT_STARTED
    council = councils.get_by_slug(db, "borchester")
    drafts.confirm_policy(db, council, {})  # the defaults, chosen on purpose
    assert _statuses(db, council_id)["policy"] == tasks.COMPLETED


def test_an_imported_council_keeps_what_it_had_done(runner, db, tmp_path):
    hatherdale = councils.get_by_slug(db, "hatherdale")
    record = procurements.clean(CONTRACT, default_nation="England")
    procurement_id = procurements.create(db, hatherdale["id"], record)
    specifications.get_or_create(db, hatherdale["id"], procurement_id)
    path = tmp_path / "hatherdale.json"
    runner.invoke(args=["export-council", "--council", "hatherdale", "--output", str(path)])
    result = runner.invoke(args=["import-council", str(path), "--slug", "hatherdale-copy"])
    assert result.exit_code == 0, result.output
    copy = councils.get_by_slug(db, "hatherdale-copy")
    assert tasks.statuses(db, copy) == {
        "council": tasks.COMPLETED,
        "priorities": tasks.IN_PROGRESS,  # the officer confirms imported priorities
        "policy": tasks.COMPLETED,
        "measures": tasks.IN_PROGRESS,  # the sample council's accepted measures came too
        "specification": tasks.IN_PROGRESS,
    }


def test_a_contract_made_elsewhere_is_the_first_specification_to_confirm(client, db):
    council = councils.get_by_slug(db, "hatherdale")
    assert _statuses(db, council["id"])["specification"] == tasks.CANNOT_START
    # Another council's contract is not this council's first specification.
    kilbrannan = councils.get_by_slug(db, "kilbrannan")
    record = procurements.clean(CONTRACT, default_nation="Scotland")
    procurements.create(db, kilbrannan["id"], record)
    assert _statuses(db, council["id"])["specification"] == tasks.CANNOT_START

    for title in (CONTRACT["title"], "Later"):
        record = procurements.clean({**CONTRACT, "title": title}, default_nation="England")
        procurements.create(db, council["id"], record)
    first, _later = sorted(p["id"] for p in procurements.for_council(db, council["id"]))
    assert _statuses(db, council["id"])["specification"] == tasks.IN_PROGRESS
    assert drafts.task_contract(db, council["id"])["id"] == first
    assert drafts.first_procurement(db, council["id"]) is None  # the task may not change it
    page = client.get("/hatherdale/setup/").get_data(as_text=True)
    assert _task_status(page, "Create your first specification") == "In progress"
    assert f'href="/hatherdale/setup/specification/{first}/outcomes"' in page

    # Confirmed on the review page like one made here.
    spec = specifications.get_or_create(db, council["id"], first)
    specifications.set_outcomes(db, council["id"], spec["id"], [("JOB-01", None)])
    page = client.get("/hatherdale/setup/").get_data(as_text=True)
    assert f'href="/hatherdale/setup/specification/{first}/review"' in page
    response = client.post(f"/hatherdale/setup/specification/{first}/review", data={})
    assert response.headers["Location"].endswith(f"/specification/{first}/download")
    assert _statuses(db, council["id"])["specification"] == tasks.COMPLETED


def _final_contract(db):
    """A contract of Hatherdale's, made in the workspace, whose specification is final."""
    council = councils.get_by_slug(db, "hatherdale")
    record = procurements.clean(CONTRACT, default_nation="England")
    procurement_id = procurements.create(db, council["id"], record)
    spec = specifications.get_or_create(db, council["id"], procurement_id)
    specifications.set_status(db, council["id"], spec["id"], "final")
    return council, procurement_id, spec


def test_a_final_specification_made_elsewhere_is_a_completed_first_one(client, db):
    council, procurement_id, spec = _final_contract(db)
    assert _statuses(db, council["id"])["specification"] == tasks.COMPLETED
    page = client.get("/hatherdale/setup/").get_data(as_text=True)
    assert f'href="/hatherdale/setup/specification/{procurement_id}/download"' in page


def test_another_councils_priority_is_not_found(client, db):
    theirs = priorities.search(db, councils.get_by_slug(db, "kilbrannan")["id"])[0]
    assert client.get(f"/hatherdale/setup/priorities/{theirs['id']}/wording").status_code == 404
    assert client.get("/hatherdale/setup/priorities/themes/nonsense").status_code == 404
    assert client.get("/hatherdale/setup/nonsense/title").status_code == 404
    assert client.get("/setup/policy/threshold").status_code == 404


def _through_measures(new, db):
    """Create a council with two priorities, a policy and one accepted measure."""
    _create(new)
    council = councils.get_by_slug(db, "borchester")
    _post(new, "/borchester/setup/priorities/themes", {"themes": ["jobs"]})
    page = new.get("/borchester/setup/priorities/themes/jobs").get_data(as_text=True)
    keys = re.findall(r'name="starters" type="checkbox" value="([^"]+)"', page)
    _post(new, "/borchester/setup/priorities/themes/jobs", {"starters": keys[:2]})
    _post(new, "/borchester/setup/priorities/check", {})
    for question, data in (
        ("threshold", {"threshold_gbp": "100000"}),
        ("weighting", {"weighting_pct": "15"}),
        ("max-outcomes", {"max_outcomes": "5"}),
    ):
        _post(new, f"/borchester/setup/policy/{question}", data)
    _post(new, "/borchester/setup/policy/check", {})
    service.build_index(db, council["id"])
    return council


def test_review_matched_measures_then_create_and_download_a_specification(new, db):
    council = _through_measures(new, db)
    page = new.get("/borchester/setup/measures/").get_data(as_text=True)
    assert "Review matched measures" in page
    first = choosing.listed_priorities(db, council["id"])[0]
    codes = re.findall(
        rf'action="/borchester/setup/measures/{first["id"]}/decide"[^>]*>\s*'
        r'<input[^>]*>\s*<input type="hidden" name="code" value="([^"]+)"',
        page,
    )
    assert codes
    response = new.post(
        f"/borchester/setup/measures/{first['id']}/decide",
        data={"code": codes[0], "decision": "accepted"},
    )
    # Back to the very measure decided on, so a keyboard user keeps their place.
    item = f"p{first['id']}-{codes[0]}"
    assert response.headers["Location"].endswith(
        f"/borchester/setup/measures/?decided={item}#{item}-saved"
    )
    page = new.get("/borchester/setup/measures/check").get_data(as_text=True)
    assert "None accepted" in page  # the second priority
    _post(new, "/borchester/setup/measures/check", {})
    task_list = new.get("/borchester/setup/").get_data(as_text=True)
    assert "You have completed 4 of 5 tasks" in task_list
    # A stale page's refused decision changes nothing, so the task stays completed.
    stale = new.post(
        f"/borchester/setup/measures/{first['id']}/decide",
        data={"code": codes[0], "decision": "rejected", "seen": ""},
    )
    assert "decided=" not in stale.headers["Location"]
    assert _statuses(db, council["id"])["measures"] == tasks.COMPLETED
    assert 'href="/borchester/setup/specification/title"' in task_list

    for question, field in (
        ("title", "title"),
        ("description", "description"),
        ("category", "category"),
        ("value", "value_gbp"),
        ("duration", "duration_months"),
    ):
        _post(new, f"/borchester/setup/specification/{question}", {field: CONTRACT[field]})
    page = new.get("/borchester/setup/specification/check").get_data(as_text=True)
    assert "£2,400,000" in page and "36 months" in page
    response = new.post("/borchester/setup/specification/check", data={})
    outcomes_url = response.headers["Location"]
    [procurement] = procurements.for_council(db, council["id"])
    assert outcomes_url.endswith(f"/borchester/setup/specification/{procurement['id']}/outcomes")
    _, page = after_progress(new, outcomes_url)
    page = page.get_data(as_text=True)
    assert "Choose the outcomes for this contract" in page
    assert codes[0] in page
    response = post_form(new, outcomes_url, {"codes": [codes[0]]})
    review_url = response.headers["Location"]
    page = new.get(review_url).get_data(as_text=True)
    assert "Review your specification" in page and "Prescribed outcomes" in page
    key = "purpose.intro"
    assert f"/borchester/setup/specification/{procurement['id']}/clauses/{key}" in page
    page = post_form(
        new,
        f"/borchester/setup/specification/{procurement['id']}/clauses/{key}",
        {"text": "Borchester wants this contract to help its residents."},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Clause 1.1 saved" in page and "Review your specification" in page
    page = _post(new, review_url, {}).get_data(as_text=True)
    assert "Your specification is ready" in page
    assert f"/borchester/procurements/{procurement['id']}/specification.docx" in page
    task_list = new.get("/borchester/setup/").get_data(as_text=True)
    assert (
        "You have completed 5 of 5 tasks" in task_list
        and "You have finished setting up" in task_list
    )
    word = new.get(f"/borchester/procurements/{procurement['id']}/specification.docx")
    assert word.mimetype.endswith("wordprocessingml.document")


def test_confirming_measures_needs_one_accepted(new, db):
    _through_measures(new, db)
    response = new.post("/borchester/setup/measures/check", data={})
    assert response.status_code == 400
    assert "Accept at least one measure" in response.get_data(as_text=True)


def test_measures_page_shows_progress_while_the_catalogue_is_prepared(new, db, monkeypatch):
    _create(new)
    started = []
    monkeypatch.setattr(service, "ready_index", lambda db, council_id: None)
    monkeypatch.setattr(
        service, "start_build", lambda open_db, council_id: started.append(council_id)
    )
    response = new.get("/borchester/setup/measures/")
    assert response.status_code == 202
    assert "Preparing the catalogue for matching" in response.get_data(as_text=True)
    assert started
    assert new.get("/borchester/setup/measures/progress.json").json["ready"] is False


def test_a_final_specification_cannot_be_changed_from_the_wizard(client, db):
    council, procurement_id, spec = _final_contract(db)
    drafts.save(db, council["id"], "specification", {"procurement_id": procurement_id})
    response = client.post(
        f"/hatherdale/setup/specification/{procurement_id}/clauses/purpose.intro",
        data={"text": "Changed"},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "This specification is final, so it cannot be changed" in page
    assert specifications.clause_edits(db, council["id"], spec["id"]) == {}
    response = client.get("/hatherdale/setup/specification/title", follow_redirects=True)
    assert "Your setup tasks" in response.get_data(as_text=True)


def test_setup_pages_never_import_torch(app, db):
    """The task list must never wait for the embedding model (checked in a fresh interpreter)."""
    [admin] = db.query("SELECT id FROM users WHERE email = 'admin@hatherdale.example'")
    script = (
        "import sys; from specifier import create_app;"
        f"app = create_app({{'DATABASE': {app.config['DATABASE']!r}, 'SECRET_KEY': 'x'}});"
        "c = app.test_client();"
        "t = c.session_transaction(); s = t.__enter__();"
        f"s.update({session_for(app, admin['id'], 'x')!r}); t.__exit__(None, None, None);"
        "codes = [c.get(u).status_code for u in ('/setup/', '/setup/tasks',"
        " '/hatherdale/setup/', '/hatherdale/setup/priorities/check')];"
        "print(codes, 'torch' in sys.modules)"
    )
    output = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "[200, 200, 200, 200] False"


def test_an_over_long_answer_is_an_error_not_a_lost_session(new):
    """Answers live in the session cookie until the council exists: too much text is refused."""
    _post(new, "/setup/council/name", {"name": "Borchester Borough Council"})
    response = new.post("/setup/council/local", data={"local_description": "word " * 400})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Describe the local area in 1,500 characters or fewer (this has 1,999)" in page
    name = new.post("/setup/council/name", data={"name": "B" * 121})
    assert "must be 120 characters or fewer" in name.get_data(as_text=True)
    assert new.get("/setup/council/check").status_code in (200, 302)


def _contract_questions(client, slug, answers):
    for question, field in (
        ("title", "title"),
        ("description", "description"),
        ("category", "category"),
        ("value", "value_gbp"),
        ("duration", "duration_months"),
    ):
        if field in answers:
            _post(client, f"/{slug}/setup/specification/{question}", {field: answers[field]})


def test_the_set_up_task_never_changes_a_contract_it_did_not_make(client, db):
    """A colleague's contract made while the task is half answered is left alone."""
    council = councils.get_by_slug(db, "hatherdale")
    _contract_questions(client, "hatherdale", {"title": "School meals", "description": "Meals."})
    record = procurements.clean({**CONTRACT, "title": "Ferry terminal"}, default_nation="England")
    ferry = procurements.create(db, council["id"], record)
    task_list = client.get("/hatherdale/setup/").get_data(as_text=True)
    assert f"/setup/specification/{ferry}/" not in task_list
    _contract_questions(client, "hatherdale", CONTRACT | {"title": "School meals"})
    client.post("/hatherdale/setup/specification/check", data={})
    titles = sorted(p["title"] for p in procurements.for_council(db, council["id"]))
    assert titles == ["Ferry terminal", "School meals"]


def test_a_colleagues_change_to_the_set_up_contract_is_not_undone_by_old_answers(client, db):
    council = councils.get_by_slug(db, "hatherdale")
    _contract_questions(client, "hatherdale", CONTRACT)
    client.post("/hatherdale/setup/specification/check", data={})
    [contract] = procurements.for_council(db, council["id"])
    changed = procurements.clean(
        {**CONTRACT, "title": "Street cleansing (north)"}, default_nation="England"
    )
    procurements.update(db, council["id"], contract["id"], changed)
    page = client.get("/hatherdale/setup/specification/check").get_data(as_text=True)
    assert "Street cleansing (north)" in page
    client.post("/hatherdale/setup/specification/check", data={})
    assert (
        procurements.get(db, council["id"], contract["id"])["title"] == "Street cleansing (north)"
    )
