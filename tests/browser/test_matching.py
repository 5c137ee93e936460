"""Matching pages in a real browser: review every priority, accept and reject, see why."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _wait_for_index(page):
    """The first visit may show the progress page while the catalogue is embedded."""
    if "Preparing the catalogue" in page.title():
        expect(page.get_by_role("status")).to_be_visible()
        # Not wait_for_function: the page's CSP rightly refuses the eval it needs.
        expect(page).not_to_have_title(re.compile("^Preparing"), timeout=120_000)


def test_review_accept_and_reject(signed_in_page, live_server, check_a11y):
    page = signed_in_page("cwm-aderyn")
    page.goto(f"{live_server}/cwm-aderyn/matches/")
    if "Preparing the catalogue" in page.title():
        check_a11y(page)
    _wait_for_index(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Review matched measures")
    check_a11y(page)

    first = page.locator("main section").first
    title = first.get_by_role("heading", level=2).inner_text()
    accepted_code = first.locator("li.app-suggestion h3").nth(0).inner_text().split(":")[0]
    first.locator("li.app-suggestion").nth(0).get_by_role("button", name="Accept").click()
    # The page opens at the measure, on a note saying so that has the focus (and is read out).
    saved = page.get_by_text(f"Saved: you accepted {accepted_code},")
    expect(saved).to_be_focused()
    expect(saved).to_be_in_viewport()
    first = page.locator("main section").first
    expect(first.locator(".govuk-tag", has_text="Accepted")).to_have_count(1)
    expect(first.get_by_text("None of these fit?")).to_be_visible()
    first.locator("li.app-suggestion").nth(1).get_by_role("button", name="Reject").click()
    first = page.locator("main section").first
    expect(first.locator(".govuk-tag", has_text="Rejected")).to_have_count(1)
    check_a11y(page)

    page.locator("main section").first.get_by_role("link", name="See five suggestions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Measures for: {title}")
    expect(page.get_by_text(re.compile("^Found mainly by|^Close in meaning")).first).to_be_visible()
    check_a11y(page)
    page.get_by_role("link", name="Back to the priority").click()
    expect(page.get_by_role("heading", name="Accepted measures")).to_be_visible()
    expect(page.locator("main ul.govuk-list--bullet a").first).to_contain_text(accepted_code)
    check_a11y(page)


def test_no_match_offers_a_bespoke_measure(signed_in_page, live_server, check_a11y):
    page = signed_in_page("hatherdale")
    page.goto(f"{live_server}/hatherdale/priorities/new")
    page.get_by_label("Title", exact=True).fill("Collect 97% of council tax in the year it is due")
    page.get_by_label("What does the council want to change, and why?").fill(
        "Our in-year council tax collection rate fell to 94.1% last year."
    )
    page.get_by_label("Innovation and accessibility").check()
    page.get_by_role("button", name="Save priority").click()
    page.get_by_role("link", name="Find measures for this priority").click()
    _wait_for_index(page)
    expect(page.get_by_text("No suitable measure found.")).to_be_visible()
    check_a11y(page)
    page.get_by_role("link", name="Draft a bespoke measure for this priority").click()
    expect(page.get_by_label("Outcome", exact=True)).to_have_value(
        "Collect 97% of council tax in the year it is due"
    )
    check_a11y(page)
    page.get_by_label("Code", exact=True).fill("HF-TAX-1")
    page.get_by_label("Title", exact=True).fill("Residents helped to set up a payment plan")
    page.get_by_label("Unit", exact=True).fill("residents")
    page.get_by_role("button", name="Add measure and accept it").click()
    # Back on the priority's page, the new measure is already accepted for it.
    _wait_for_index(page)
    expect(page.locator("#measure-HF-TAX-1 .govuk-tag", has_text="Accepted")).to_be_visible()
    check_a11y(page)
