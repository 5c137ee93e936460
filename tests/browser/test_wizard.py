"""A new council's first hour: from an empty database to a downloaded Word specification.

Walked in Chromium as a person would, with axe (WCAG 2.2 AA) on every page, one task done with
the keyboard alone, and another council's first task done with JavaScript switched off.
"""

import io
import re
import threading

import docx
import pytest
from conftest import TEST_PASSWORD
from playwright.sync_api import expect
from werkzeug.serving import make_server

from specifier import create_app
from specifier.catalogue.files import load_builtin
from specifier.db import connect, migrate

from .pages import (
    CheckAnswers,
    MatchedMeasures,
    Page,
    PriorityList,
    Question,
    TaskList,
)

pytestmark = pytest.mark.browser

PRIORITY = "More Borchester people in good jobs that last"
EVIDENCE = "5.1% of working-age residents claim unemployment benefits, against 3.9% in the region"
LOCAL = "Within the Borchester boundary, or a home or business address in BC1 to BC4"
CLAUSE = "Borchester wants this contract to help residents of the east of the city into work."


@pytest.fixture
def empty_server(tmp_path):
    """Serve the app over a database holding only our catalogue: nobody and no council."""
    path = tmp_path / "empty.db"
    app = create_app(
        {"DATABASE": str(path), "SECRET_KEY": "browser-tests", "SIGN_IN_LIMIT": "1000 per minute"}
    )
    db = connect(str(path))
    migrate(db)
    load_builtin(db)
    db.close()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_a_new_council_goes_from_nothing_to_a_word_specification(page, empty_server, check_a11y):
    # An empty installation starts with the first run: the council's name and its admin.
    page.goto(empty_server)
    first_run = Question(page, check_a11y, "Set up the social value specifier")
    first_run.fill("Council name", "Borchester Council").choose("England")
    first_run.fill("Your name", "Sam Jones").fill("Your email address", "sam@borchester.example")
    first_run.fill("Create a password", TEST_PASSWORD)
    first_run.fill("Confirm your password", TEST_PASSWORD)
    first_run.click_button("Create council and account")
    tasks = TaskList(page, check_a11y)
    assert page.url.endswith("/borchester/setup/")
    assert tasks.completed() == "You have completed 0 of 5 tasks."
    assert tasks.status("Choose your priorities") == "Not yet started"
    assert tasks.status("Review matched measures") == "Cannot start yet"

    # 1. Tell us about your council: the rest of its details.
    assert tasks.status("Tell us about your council") == "In progress"
    tasks.open("Tell us about your council")
    question = Question(page, check_a11y, "What type of council is it?")
    question.continue_()
    expect(page).to_have_title(re.compile("^Error: What type of council is it"))
    expect(question.error_summary()).to_contain_text("Select the type of council")
    Question(page, check_a11y).choose("Unitary authority").continue_()
    question = Question(page, check_a11y, "What does 'local' mean for your council?")
    question.fill("Describe the area your contracts count as local", LOCAL)
    question.fill("Postcode districts (optional)", "BC1, BC2, BC3, BC4").continue_()
    check = CheckAnswers(page, check_a11y, "Check your council's details")
    assert check.value("Postcode districts") == "BC1, BC2, BC3, BC4"
    check.change("the nation")
    Question(page, check_a11y, "Which nation is your council in?").choose("England").continue_()
    check = CheckAnswers(page, check_a11y, "Check your council's details")
    check.confirm("Save and continue")
    tasks = TaskList(page, check_a11y)
    expect(tasks.banner()).to_contain_text("details have been saved")
    assert tasks.status("Tell us about your council") == "Completed"

    # 2. Choose your priorities: by theme, with prompts; reword one, add evidence, write one.
    tasks.open("Choose your priorities")
    question = Question(page, check_a11y, "Which themes matter most in your area?")
    question.choose("Jobs").choose("Environment").continue_()
    question = Question(page, check_a11y, "Jobs: which of these matter in your area?")
    expect(
        page.get_by_text("Ask yourself: Which wards have the highest claimant rate")
    ).to_be_visible()
    question.choose("Get more local people into good, lasting jobs")
    question.choose("Reduce youth unemployment").continue_()
    question = Question(page, check_a11y, "Environment: which of these matter in your area?")
    question.continue_()
    priorities = PriorityList(page, check_a11y)
    assert priorities.titles() == [
        "Get more local people into good, lasting jobs",
        "Reduce youth unemployment",
    ]
    priorities.change_wording("Get more local people into good, lasting jobs")
    question = Question(page, check_a11y, "Put this priority in your own words")
    question.fill("Title", PRIORITY).click_button("Save and continue")
    priorities = PriorityList(page, check_a11y)
    priorities.add_evidence(PRIORITY)
    question = Question(page, check_a11y, "Add evidence for this priority")
    expect(page.get_by_text("The answer can usually be found in: Nomis")).to_be_visible()
    question.fill("What does the evidence show?", EVIDENCE)
    question.fill("Where is it from?", "Nomis claimant count").fill("When is it from?", "2025-09")
    question.click_button("Save and continue")
    priorities = PriorityList(page, check_a11y)
    priorities.remove("Reduce youth unemployment")
    Question(page, check_a11y, "Are you sure you want to remove this priority?").choose(
        "Yes, remove it"
    ).continue_()
    priorities = PriorityList(page, check_a11y)
    priorities.click_link("Write a priority of your own")
    question = Question(page, check_a11y, "Write a priority of your own")
    question.fill("Title", "Cleaner air outside schools")
    question.fill("What does the council want to change, and why?", "Nitrogen dioxide is high.")
    question.choose("Environment").click_button("Add priority")
    priorities = PriorityList(page, check_a11y)
    assert priorities.titles() == [PRIORITY, "Cleaner air outside schools"]
    priorities.confirm("Confirm priorities")
    tasks = TaskList(page, check_a11y)
    assert tasks.status("Choose your priorities") == "Completed"
    assert tasks.status("Review matched measures") == "Not yet started"

    # 3. Set your social value policy, with the keyboard alone.
    tasks.tab_to(page.get_by_role("link", name="Set your social value policy"))
    page.keyboard.press("Enter")
    question = Question(page, check_a11y, "From what contract value will you ask for social value?")
    for heading, value in (
        (None, "50000"),
        ("How much of the tender score should social value be worth?", "15"),
        ("How many outcomes can one tender ask for?", "4"),
    ):
        if heading:
            question = Question(page, check_a11y, heading)
        field = page.locator("main input[type=text]")
        question.tab_to(field)
        page.keyboard.press("Control+A")
        page.keyboard.type(value)
        page.keyboard.press("Enter")  # submits with the first button, Continue
    check = CheckAnswers(page, check_a11y, "Check your social value policy")
    assert check.value("Default weighting") == "15% of the total tender score"
    check.tab_to(page.get_by_role("button", name="Save policy"))
    page.keyboard.press("Enter")
    tasks = TaskList(page, check_a11y)
    assert tasks.status("Set your social value policy") == "Completed"

    # 4. Review matched measures.
    tasks.open("Review matched measures")
    measures = MatchedMeasures(page, check_a11y)
    measures.accept_first(0)
    measures = MatchedMeasures(page, check_a11y)
    measures.reject_second(0)
    measures = MatchedMeasures(page, check_a11y)
    expect(measures.sections().first.locator(".govuk-tag", has_text="Accepted")).to_have_count(1)
    measures.click_link("Continue")
    check = CheckAnswers(page, check_a11y, "Check your accepted measures")
    assert check.value(PRIORITY) != "None accepted"
    check.confirm("Confirm measures")
    tasks = TaskList(page, check_a11y)
    assert tasks.status("Review matched measures") == "Completed"
    assert tasks.status("Create your first specification") == "Not yet started"

    # 5. Create your first specification and download it.
    tasks.open("Create your first specification")
    Question(page, check_a11y, "What is the contract called?").fill(
        "What is the contract called?", "Street cleansing"
    ).continue_()
    Question(page, check_a11y, "What will the contract buy?").fill(
        "What will the contract buy?",
        "Sweeping streets, emptying litter bins and clearing fly-tipping across Borchester.",
    ).continue_()
    Question(page, check_a11y, "Is the contract for works, goods or services?").choose(
        "Services"
    ).continue_()
    question = Question(page, check_a11y, "What is the contract's estimated value?")
    question.fill("What is the contract's estimated value?", "2400000").continue_()
    question = Question(page, check_a11y, "How long will the contract last?")
    question.fill("How long will the contract last?", "36").continue_()
    check = CheckAnswers(page, check_a11y, "Check the contract's details")
    assert check.value("Estimated value") == "£2,400,000"
    check.confirm("Save and choose outcomes")

    outcomes = Page(page, check_a11y, "Choose the outcomes for this contract")
    # The accepted measure that fits best is ticked for us; untick everything to see the error.
    expect(page.locator("#preselected")).to_contain_text("We have ticked")
    for box in page.locator("input[name=codes]:checked").all():
        box.uncheck()
    outcomes.click_button("Use these outcomes")
    expect(outcomes.error_summary()).to_contain_text("Select at least one outcome")
    outcomes = Page(page, check_a11y)
    ours = page.locator(".govuk-checkboxes__item", has_text=f"For: {PRIORITY}")
    ours.first.locator("input").check()
    outcomes.click_button("Use these outcomes")

    review = Page(page, check_a11y, "Review your specification")
    review.click_link("Edit clause 1.1")
    clause = Question(page, check_a11y, "Edit clause 1.1")
    clause.fill("Clause wording", CLAUSE).click_button("Save clause")
    review = Page(page, check_a11y, "Review your specification")
    expect(review.banner()).to_contain_text("Clause 1.1 saved")
    review.click_button("Confirm and continue")

    done = Page(page, check_a11y, "Your specification is ready")
    with page.expect_download() as download:
        done.click_link("Specification as a Word document")
    word = docx.Document(io.BytesIO(download.value.path().read_bytes()))
    text = "\n".join(p.text for p in word.paragraphs)
    assert word.core_properties.author == "Borchester Council"
    assert "Street cleansing" in word.core_properties.subject
    assert CLAUSE in text
    assert PRIORITY in text and EVIDENCE in text
    # The council's words complete the sentence '"Local" means within ...'.
    assert f'"Local" means {LOCAL[0].lower()}{LOCAL[1:]}' in text
    assert "BC1, BC2, BC3 and BC4" in text
    # The council's 15%, unless no outcome ticked has a minimum: then 5% a question (its cap).
    worth = re.search(r"Social value is worth (\d+)% of the total score", text).group(1)
    # Then every commitment is proposed, judged against fixed points or on quality alone.
    judged = ("reference point", "fixed points", "scored on its quality alone")
    assert worth == "15" or (worth == "5" and any(j in text for j in judged)), worth

    done.click_link("Back to your setup tasks")
    tasks = TaskList(page, check_a11y)
    assert tasks.completed() == "You have completed 5 of 5 tasks."
    tasks.click_link("your workspace")
    workspace = Page(page, check_a11y, "Workspace")
    expect(workspace.page.get_by_role("link", name="Street cleansing")).to_be_visible()


def test_the_first_tasks_work_without_javascript(browser, empty_server):
    """The first run, the first task and a second council, with scripts off.

    axe needs scripts to run, so these pages are checked by the test above instead.
    """
    check_a11y = lambda page: None  # noqa: E731
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(empty_server)
    first_run = Question(page, check_a11y, "Set up the social value specifier")
    first_run.fill("Council name", "Ambridge Council").choose("Wales")
    first_run.fill("Your name", "Jill Archer").fill("Your email address", "jill@ambridge.example")
    first_run.fill("Create a password", TEST_PASSWORD)
    first_run.fill("Confirm your password", TEST_PASSWORD)
    first_run.click_button("Create council and account")
    tasks = TaskList(page, check_a11y)
    tasks.open("Tell us about your council")
    question = Question(page, check_a11y, "What type of council is it?")
    question.choose("County or county borough council (Wales)")
    question.click_button("Save and come back later")
    tasks = TaskList(page, check_a11y)
    assert tasks.status("Tell us about your council") == "In progress"
    tasks.open("Tell us about your council")
    question = Question(page, check_a11y, "What does 'local' mean for your council?")
    question.back()
    question = Question(page, check_a11y, "What type of council is it?")
    expect(page.get_by_label("County or county borough council (Wales)")).to_be_checked()
    question.continue_()
    question = Question(page, check_a11y, "What does 'local' mean for your council?")
    question.fill("Describe the area your contracts count as local", "Within Ambridge").continue_()
    CheckAnswers(page, check_a11y, "Check your council's details").confirm("Save and continue")
    tasks = TaskList(page, check_a11y)
    assert tasks.status("Tell us about your council") == "Completed"
    tasks.open("Set your social value policy")
    Question(
        page, check_a11y, "From what contract value will you ask for social value?"
    ).continue_()
    Page(page, check_a11y, "How much of the tender score should social value be worth?")
    expect(page.get_by_text("Well-being of Future Generations (Wales) Act 2015")).to_be_visible()

    # An admin can set up another council: its answers wait in the session until created.
    page.goto(f"{empty_server}/setup/")
    Page(page, check_a11y, "Set up your council").click_link("Start now")
    TaskList(page, check_a11y).open("Tell us about your council")
    Question(page, check_a11y, "What is your council's name?").fill(
        "What is your council's name?", "Borsetshire County Council"
    ).continue_()
    Question(page, check_a11y, "Which nation is your council in?").choose("England").continue_()
    Question(page, check_a11y, "What type of council is it?").choose("County council").continue_()
    question = Question(page, check_a11y, "What does 'local' mean for your council?")
    question.fill("Describe the area your contracts count as local", "Within Borsetshire")
    question.continue_()
    CheckAnswers(page, check_a11y, "Check your council's details").confirm("Create council")
    tasks = TaskList(page, check_a11y)
    assert page.url.endswith("/borsetshire/setup/")
    assert tasks.status("Tell us about your council") == "Completed"
    context.close()
