"""Crediting an outcome to a priority, confirming who counts and the officers' appendix, in Chromium."""

import io
import re

import docx
import pytest
from playwright.sync_api import expect

from .pages import FINDING_MS, FOUND

pytestmark = pytest.mark.browser
YOUTH = "Get more young people in Brindley Moor and Millbank into work"


def test_credit_confirm_who_counts_and_download_the_officers_notes(
    signed_in_page, live_server, check_a11y
):
    page = signed_in_page("hatherdale")
    page.goto(f"{live_server}/hatherdale/procurements/new")
    page.get_by_label("Contract title").fill("Grounds maintenance")
    page.get_by_label("What will the contract buy?").fill(
        "Mowing, planting and litter picking in parks and on highway verges."
    )
    page.get_by_label("Services").check()
    page.get_by_label("Estimated value in pounds").fill("12000000")
    page.get_by_label("Duration in months").fill("60")
    page.get_by_label("CPV code (optional)").fill("77310000")
    page.get_by_role("button", name="Save and find outcomes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(FOUND, timeout=FINDING_MS)
    page.get_by_role("button", name=re.compile(r"^Show \d+ more measures")).click()
    expect(page.locator("#more")).to_be_attached()
    for ticked in page.locator("input[name=codes]:checked").all():  # the council's accepted ones
        ticked.uncheck()

    # Not accepted for any priority: it is credited only to the priority picked for it.
    box = page.get_by_role("checkbox", name=re.compile("^JOB-02: Vacancies on the contract"))
    box.check()
    choice = page.get_by_label("Which priority does JOB-02 serve?")
    expect(choice).to_be_visible()  # revealed when the box is ticked
    choice.select_option(label=YOUTH)
    check_a11y(page)
    page.get_by_role("button", name="Use these outcomes").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Social value specification")
    expect(page.locator("#who-JOB-02")).to_contain_text("Not confirmed")
    expect(page.locator("#checks")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Who counts: Outcome 1 (JOB-02)")
    check_a11y(page)
    page.get_by_role("link", name="Confirm or change who counts towards Outcome 1").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Who counts towards Outcome 1?")
    expect(page.get_by_label("Places", exact=True)).to_have_value("Brindley Moor East\nMillbank")
    check_a11y(page)
    page.get_by_label("Groups", exact=True).fill("young people aged 16-24")
    page.get_by_label("Only those in these places or groups").check()
    page.get_by_role("button", name="Confirm who counts").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Who counts towards Outcome 1 saved"
    )
    expect(page.locator("#document")).to_be_attached()
    expect(page.locator("main")).to_contain_text(
        "Who counts towards Outcome 1: only people who live in Brindley Moor East or Millbank"
        " and who are young people aged 16-24 count"
    )
    expect(page.locator("#who-JOB-02")).to_contain_text("(confirmed)")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download Word document with notes for officers").click()
    word = docx.Document(io.BytesIO(download.value.path().read_bytes()))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading 1")]
    assert headings[-1].endswith("Notes for officers: remove before publishing")
    with page.expect_download() as download:
        page.get_by_role("link", name="Specification as a Word document").click()
    plain = docx.Document(io.BytesIO(download.value.path().read_bytes()))
    assert not any("Notes for officers" in p.text for p in plain.paragraphs)
